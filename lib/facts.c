/*
 * facts.c - one record, parsed once per (path, blob): its single-record
 * findings and the facts the rules across records need (its references,
 * a contact's date, an organisation's names, KvK number and partnerships,
 * an exclusion's names, organisation and period).  The YAML document is
 * dropped once the facts are out.
 */
#include "check.h"

#include <stdlib.h>
#include <string.h>

static uint64_t hash_key(const char *path, const unsigned char *blob, int has_blob, uint64_t schemas_key,
	int facts_only)
{
	uint64_t h = oreg_hash(OREG_HASH_INIT ^ schemas_key, path, strlen(path));

	h ^= (uint64_t)facts_only;
	return has_blob ? oreg_hash(h, blob, 20) : h;
}

static struct oreg_record *cache_find(struct oreg_checker *chk, const char *path, const struct oreg_entry *e,
	uint64_t schemas_key, int facts_only, uint64_t h)
{
	struct oreg_record *r;

	if (!chk->nbuckets)
		return NULL;
	for (r = chk->buckets[h % chk->nbuckets]; r; r = r->cache_next)
		if (r->schemas_key == schemas_key && r->facts_only == facts_only && !memcmp(r->blob, e->id, 20) &&
			!strcmp(r->path, path))
			return r;
	return NULL;
}

static int cache_add(struct oreg_checker *chk, struct oreg_record *rec, uint64_t h)
{
	if (chk->nrecords + 1 > chk->nbuckets) {
		size_t n = chk->nbuckets ? chk->nbuckets * 2 : 1024, i;
		struct oreg_record **b = oreg_calloc(n, sizeof(*b));

		if (!b)
			return OREG_ENOMEM;
		for (i = 0; i < chk->nbuckets; i++) {
			struct oreg_record *r = chk->buckets[i], *next;

			for (; r; r = next) {
				size_t k = hash_key(r->path, r->blob, 1, r->schemas_key, r->facts_only) % n;

				next = r->cache_next;
				r->cache_next = b[k];
				b[k] = r;
			}
		}
		free(chk->buckets);
		chk->buckets = b;
		chk->nbuckets = n;
	}
	rec->cache_next = chk->buckets[h % chk->nbuckets];
	chk->buckets[h % chk->nbuckets] = rec;
	chk->nrecords++;
	return 0;
}

/* ---- facts ---- */

struct extract {
	struct oreg_record *rec;
	struct oreg_arena *arena;
	struct oreg_ref *refs;
	size_t nrefs, alloc;
	int err;
};

static char *keep(struct extract *x, const char *s, size_t len)
{
	char *p = oreg_arena_strndup(x->arena, s, len);

	if (!p)
		x->err = OREG_ENOMEM;
	return p;
}

static int on_ref(void *payload, const char *type, const struct oreg_value *v, const char *pointer)
{
	struct extract *x = payload;
	struct oreg_ref *r;

	if (oreg_grow((void **)&x->refs, &x->alloc, x->nrefs + 1, sizeof(*x->refs)) < 0)
		return OREG_ENOMEM;
	r = &x->refs[x->nrefs++];
	r->type = keep(x, type, strlen(type));
	r->id = keep(x, v->u.string.ptr, v->u.string.len);
	r->pointer = keep(x, pointer, strlen(pointer));
	r->line = v->line;
	r->column = v->column;
	return x->err;
}

static const char *string_of(struct extract *x, const struct oreg_value *obj, const char *key,
	unsigned *line, unsigned *column)
{
	const struct oreg_value *v = oreg_value_get(obj, key);

	if (!v || v->type != OREG_STRING || memchr(v->u.string.ptr, '\0', v->u.string.len))
		return NULL;
	if (line) {
		*line = v->line;
		*column = v->column;
	}
	return keep(x, v->u.string.ptr, v->u.string.len);
}

static int32_t date_of(const struct oreg_value *obj, const char *key)
{
	const struct oreg_value *v = oreg_value_get(obj, key);
	int32_t d;

	if (!v || v->type != OREG_STRING || oreg_date_parse(&d, v->u.string.ptr, v->u.string.len) < 0)
		return 0;
	return d;
}

static void add_period(struct extract *x, const struct oreg_value *at, int32_t from, int32_t until,
	const char *pointer)
{
	struct oreg_record *rec = x->rec;
	struct oreg_period *p = oreg_arena_alloc(x->arena, (rec->nperiods + 1) * sizeof(*p));

	if (!p) {
		x->err = OREG_ENOMEM;
		return;
	}
	if (rec->nperiods)
		memcpy(p, rec->periods, rec->nperiods * sizeof(*p));
	p[rec->nperiods].from = from;
	p[rec->nperiods].until = until;
	p[rec->nperiods].line = at->line;
	p[rec->nperiods].column = at->column;
	p[rec->nperiods].pointer = keep(x, pointer, strlen(pointer));
	rec->periods = p;
	rec->nperiods++;
}

static void extract_names(struct extract *x, const struct oreg_register *reg, const struct oreg_value *root)
{
	struct oreg_record *rec = x->rec;
	const struct oreg_value *aliases = oreg_value_get(root, "aliases");
	size_t n = 1, i;

	rec->name = string_of(x, root, "name", &rec->name_line, &rec->name_column);
	rec->kvk = string_of(x, root, "kvk", &rec->kvk_line, &rec->kvk_column);
	if (!rec->name)
		return;
	if (aliases && aliases->type == OREG_ARRAY)
		n += aliases->u.array.count;
	rec->names = oreg_arena_alloc(x->arena, n * sizeof(*rec->names));
	rec->forms = oreg_arena_alloc(x->arena, n * sizeof(*rec->forms));
	if (!rec->names || !rec->forms) {
		x->err = OREG_ENOMEM;
		return;
	}
	rec->names[rec->nnames++] = rec->name;
	for (i = 0; aliases && aliases->type == OREG_ARRAY && i < aliases->u.array.count; i++) {
		const struct oreg_value *a = aliases->u.array.items[i];

		if (a->type == OREG_STRING && !memchr(a->u.string.ptr, '\0', a->u.string.len))
			rec->names[rec->nnames++] = keep(x, a->u.string.ptr, a->u.string.len);
	}
	/* the forms are computed here, once per blob, and cached with the other facts */
	for (i = 0; i < rec->nnames && !x->err; i++) {
		int err = rec->names[i] ? oreg_name_forms_compute(&rec->forms[i], x->arena, reg, rec->names[i],
			strlen(rec->names[i])) : OREG_ENOMEM;

		if (err < 0)
			x->err = err;
	}
}

static void extract(struct extract *x, const struct oreg_register *reg, const struct oreg_value *root)
{
	struct oreg_record *rec = x->rec;
	const struct oreg_value *v, *list;
	size_t i;
	char ptr[64];

	if (root->type != OREG_OBJECT)
		return;
	if ((v = oreg_value_get(root, "date")) && (rec->date = date_of(root, "date"))) {
		rec->date_line = v->line;
		rec->date_column = v->column;
	}
	if (oreg_value_get(root, "name"))
		extract_names(x, reg, root);
	list = oreg_value_get(root, "partnerships");
	for (i = 0; list && list->type == OREG_ARRAY && i < list->u.array.count; i++) {
		const struct oreg_value *p = list->u.array.items[i];
		int32_t from = date_of(p, "from");

		if (!from)
			continue;
		snprintf(ptr, sizeof(ptr), "/partnerships/%zu", i);
		add_period(x, p, from, date_of(p, "until"), ptr);
	}
	if ((v = oreg_value_get(root, "incident"))) {
		char *text = oreg_value_compact(v);

		rec->incident = 1;
		if (!text)
			x->err = OREG_ENOMEM;
		else
			rec->incident_text = keep(x, text, strlen(text));
		free(text);
	}
	if (rec->type && !strcmp(rec->type, "screening")) {
		rec->organisation = string_of(x, root, "organisation", &rec->organisation_line,
			&rec->organisation_column);
		rec->screened_exclusion = string_of(x, root, "exclusion", NULL, NULL);
		rec->outcome = string_of(x, root, "outcome", NULL, NULL);
	}
	if ((v = oreg_value_get(root, "since")) && date_of(root, "since")) {
		const struct oreg_value *u = oreg_value_get(root, "until"), *g = oreg_value_get(root, "grounds");

		add_period(x, v, date_of(root, "since"), date_of(root, "until"), "/since");
		rec->source = string_of(x, root, "source", &rec->source_line, &rec->source_column);
		if (u) {
			rec->until_line = u->line;
			rec->until_column = u->column;
		}
		if (g && g->type == OREG_ARRAY && g->u.array.count &&
			(rec->grounds = oreg_arena_alloc(x->arena, g->u.array.count * sizeof(*rec->grounds)))) {
			for (i = 0; i < g->u.array.count; i++) {
				const struct oreg_value *w = g->u.array.items[i];

				if (w->type == OREG_STRING)
					rec->grounds[rec->ngrounds++] = keep(x, w->u.string.ptr, w->u.string.len);
			}
		} else if (g && g->type == OREG_ARRAY && g->u.array.count) {
			x->err = OREG_ENOMEM;
		}
		rec->organisation = string_of(x, root, "organisation", &rec->organisation_line,
			&rec->organisation_column);
	}
}

/* Read and scan the record file at entry: its type, id and facts into x->rec. */
static int scan_entry(struct extract *x, struct oreg_record_scan *scan, char **data, size_t *len,
	const struct oreg_register *reg, struct oreg_snapshot *snap, const struct oreg_entry *entry,
	struct oreg_findings *findings)
{
	struct oreg_record *rec = x->rec;
	struct oreg_yaml_options limits;
	int err;

	if ((err = oreg_entry_check_mode(entry, findings)) != 0)
		return err < 0 ? err : 0;
	oreg_yaml_options_init(&limits);
	if (entry->size > limits.max_file_size) {
		err = oreg_yaml_refuse_size(findings, entry->path, entry->size, limits.max_file_size);
	} else if ((err = oreg_snapshot_read_entry(data, len, snap, entry)) >= 0) {
		scan->on_ref = on_ref;
		scan->payload = x;
		err = oreg_register_scan_record(reg, entry->path, *data, *len, findings, scan);
	}
	if (err < 0)
		return err;
	if (scan->type) {
		rec->type = keep(x, scan->type->name, strlen(scan->type->name));
		rec->dated = scan->type->year_field != NULL;
	}
	if (scan->id)
		rec->id = keep(x, scan->id, scan->id_len);
	if (scan->doc) {
		rec->loaded = 1;
		extract(x, reg, oreg_document_root(scan->doc));
	}
	return 0;
}

/* Move the references and findings gathered for x->rec into its arena. */
static int keep_results(struct extract *x, struct oreg_findings *findings)
{
	struct oreg_record *rec = x->rec;

	if (x->nrefs) {
		if (!(rec->refs = oreg_arena_alloc(x->arena, x->nrefs * sizeof(*rec->refs))))
			return OREG_ENOMEM;
		memcpy(rec->refs, x->refs, x->nrefs * sizeof(*x->refs));
		rec->nrefs = x->nrefs;
	}
	if (findings->count) {
		if (!(rec->findings = oreg_arena_alloc(x->arena, findings->count * sizeof(*rec->findings))))
			return OREG_ENOMEM;
		memcpy(rec->findings, findings->items, findings->count * sizeof(*findings->items));
		rec->nfindings = findings->count;
		findings->count = 0; /* the strings now belong to the record */
	}
	return 0;
}

/*
 * Hand rec (in arena) to the checker: into its cache, or its list of
 * records to free; *out is rec, or the same record another thread parsed
 * first (then rec is dropped).
 */
static int publish(struct oreg_record **out, struct oreg_checker *chk, struct oreg_record *rec,
	struct oreg_arena *arena, const struct oreg_entry *entry, uint64_t h)
{
	struct oreg_record *found;
	int err;

	pthread_mutex_lock(&chk->lock);
	found = rec->has_blob ? cache_find(chk, rec->path, entry, rec->schemas_key, rec->facts_only, h) : NULL;
	if (found) {
		/* another thread was quicker */
		pthread_mutex_unlock(&chk->lock);
		for (size_t i = 0; i < rec->nfindings; i++) {
			free(rec->findings[i].file);
			free(rec->findings[i].rule);
			free(rec->findings[i].pointer);
			free(rec->findings[i].message);
		}
		oreg_arena_release(arena);
		*out = found;
		return 0;
	}
	/* the record's arena joins the checker's */
	err = oreg_arena_adopt(&chk->arena, arena);
	if (!err && rec->has_blob) {
		err = cache_add(chk, rec, h);
	} else if (!err) {
		/* not cacheable (a working-tree file): kept only to be freed */
		rec->cache_next = chk->uncached;
		chk->uncached = rec;
	}
	pthread_mutex_unlock(&chk->lock);
	if (err < 0)
		return err;
	*out = rec;
	return 0;
}

int oreg_record_parse(struct oreg_record **out, struct oreg_checker *chk, const struct oreg_register *reg,
	uint64_t schemas_key, struct oreg_snapshot *snap, const struct oreg_entry *entry)
{
	return oreg_record_parse_as(out, chk, reg, schemas_key, snap, entry, 0);
}

/*
 * Parse entry into a record allocated in arena: its facts, and its
 * findings unless facts_only.  Nothing is cached.
 */
static int parse_into(struct oreg_record **out, struct oreg_checker *chk, struct oreg_arena *arena,
	const struct oreg_register *reg, uint64_t schemas_key, struct oreg_snapshot *snap, const struct oreg_entry *entry,
	int facts_only)
{
	struct oreg_findings findings;
	struct oreg_record_scan scan = { 0 };
	struct oreg_record *rec;
	struct extract x = { 0 };
	char *data = NULL;
	size_t len = 0;
	int err;

	*out = NULL;
	x.arena = arena;
	rec = oreg_arena_alloc(arena, sizeof(*rec));
	if (!rec)
		return OREG_ENOMEM;
	oreg_findings_init(&findings);
	memset(rec, 0, sizeof(*rec));
	x.rec = rec;
	rec->path = keep(&x, entry->path, strlen(entry->path));
	/* cacheable: content known by its blob id, schemas known by theirs */
	rec->has_blob = entry->has_id && schemas_key;
	rec->schemas_key = schemas_key;
	rec->facts_only = facts_only;
	/* the facts alone: no schema, privacy or layout rules, whose findings nobody will see */
	scan.refs_only = facts_only;
	memcpy(rec->blob, entry->id, 20);
	if ((err = scan_entry(&x, &scan, &data, &len, reg, snap, entry, &findings)) >= 0 && (err = x.err) >= 0)
		err = keep_results(&x, &findings);
	if (err >= 0 && scan.doc && entry->has_id && chk && chk->on_document)
		chk->on_document(chk->on_document_payload, entry, scan.doc);
	oreg_document_free(scan.doc);
	oreg_findings_release(&findings);
	free(x.refs);
	free(data);
	if (err < 0) {
		oreg_record_release(rec);
		return err;
	}
	*out = rec;
	return 0;
}

int oreg_record_parse_as(struct oreg_record **out, struct oreg_checker *chk, const struct oreg_register *reg,
	uint64_t schemas_key, struct oreg_snapshot *snap, const struct oreg_entry *entry, int facts_only)
{
	struct oreg_record *rec, *found;
	struct oreg_arena arena;
	int cacheable = entry->has_id && schemas_key;
	uint64_t h = hash_key(entry->path, entry->id, entry->has_id, schemas_key, facts_only);
	int err;

	*out = NULL;
	if (cacheable) {
		/* a record parsed whole has the facts too */
		uint64_t whole = facts_only ? hash_key(entry->path, entry->id, 1, schemas_key, 0) : h;

		pthread_mutex_lock(&chk->lock);
		found = cache_find(chk, entry->path, entry, schemas_key, 0, whole);
		if (!found && facts_only)
			found = cache_find(chk, entry->path, entry, schemas_key, 1, h);
		pthread_mutex_unlock(&chk->lock);
		if (found) {
			*out = found;
			return 0;
		}
	}
	oreg_arena_init(&arena);
	if ((err = parse_into(&rec, chk, &arena, reg, schemas_key, snap, entry, facts_only)) < 0) {
		oreg_arena_release(&arena);
		return err;
	}
	return publish(out, chk, rec, &arena, entry, h);
}

int oreg_record_parse_transient(struct oreg_record **out, struct oreg_arena *arena, const struct oreg_register *reg,
	uint64_t schemas_key, struct oreg_snapshot *snap, const struct oreg_entry *entry)
{
	return parse_into(out, NULL, arena, reg, schemas_key, snap, entry, 0);
}

int oreg_record_emit(const struct oreg_record *rec, struct oreg_findings *findings)
{
	size_t i;
	int err;

	for (i = 0; i < rec->nfindings; i++) {
		const struct oreg_finding *f = &rec->findings[i];

		if ((err = oreg_findings_add(findings, f->severity, f->file, f->line, f->column, f->rule,
				f->pointer, "%s", f->message)) < 0)
			return err;
	}
	return 0;
}

void oreg_record_release(struct oreg_record *rec)
{
	size_t i;

	for (i = 0; i < rec->nfindings; i++) {
		free(rec->findings[i].file);
		free(rec->findings[i].rule);
		free(rec->findings[i].pointer);
		free(rec->findings[i].message);
	}
	rec->nfindings = 0;
}
