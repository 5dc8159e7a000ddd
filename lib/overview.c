/*
 * overview.c - the documents for Parliament as a model: which
 * organisations belong in a year (or in a period of contacts) and what
 * may be said of them at the document's level.  render.c turns the model
 * into Markdown, HTML, CSV or JSON.
 *
 * What is read: the organisation files and the contact files of the
 * period's year folders at one commit, nothing else; each file is parsed
 * once, on every core.  Records are not validated against their schemas:
 * the model takes from each record only values of the type it needs (a
 * date that parses, a string, a list of strings) and ignores the rest, so
 * a record that a past commit holds in a broken state still counts for
 * what can be read of it; a file that is not YAML is left out with a
 * warning.  What an organisation shows passes through
 * oreg_document_redact at the document's level first.
 *
 * Definitions (the README repeats them for readers of the documents):
 *  - an organisation belongs in year Y when a partnership period overlaps
 *    Y or at least one structural contact in Y names it;
 *  - its themes are those of its partnership periods overlapping Y and of
 *    its structural and incidental contacts in Y;
 *  - its count is the number of its structural and incidental contacts
 *    in Y; signalering contacts are never counted;
 *  - the contacts list holds every organisation that a counted contact in
 *    the period names (signalering only on request).
 */
#include "overview.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* ---- small helpers ---- */


static const char *keep_value(struct oreg_arena *a, const struct oreg_value *v)
{
	/* a string with a NUL inside would be cut short in every format: refuse it */
	if (!v || v->type != OREG_STRING || memchr(v->u.string.ptr, '\0', v->u.string.len))
		return NULL;
	return oreg_arena_strndup(a, v->u.string.ptr, v->u.string.len);
}

static int32_t date_value(const struct oreg_value *v)
{
	int32_t d;

	if (!v || v->type != OREG_STRING || oreg_date_parse(&d, v->u.string.ptr, v->u.string.len) < 0)
		return 0;
	return d;
}

/* The strings of a list value (others skipped), copied; NULL with *n 0 for none. */
static const char **keep_strings(struct oreg_arena *a, const struct oreg_value *list, size_t *n, int *err)
{
	const char **out;
	size_t i;

	*n = 0;
	if (!list || list->type != OREG_ARRAY || !list->u.array.count)
		return NULL;
	if (!(out = oreg_arena_alloc(a, list->u.array.count * sizeof(*out)))) {
		*err = OREG_ENOMEM;
		return NULL;
	}
	for (i = 0; i < list->u.array.count; i++) {
		const char *s = keep_value(a, list->u.array.items[i]);

		if (s)
			out[(*n)++] = s;
		else if (list->u.array.items[i]->type == OREG_STRING)
			*err = OREG_ENOMEM;
	}
	return out;
}

/* The kind of an organisation record as a string, or NULL (borrowed). */
static const char *keep_kind(const struct oreg_value *v)
{
	return v && v->type == OREG_STRING && !memchr(v->u.string.ptr, '\0', v->u.string.len) ? v->u.string.ptr : NULL;
}

/* Sort themes in the schema's order (the Agenda's), unknown ones after in byte order, and drop repeats. */
static size_t sort_themes(const struct oreg_label_set *labels, const char **t, size_t n)
{
	size_t i, j, k = 0;

	if (!n)
		return 0;
	/* a handful of themes: insertion sort, with the labels at hand */
	for (i = 1; i < n; i++) {
		const char *x = t[i];
		int rx = oreg_label_rank(labels, x);

		for (j = i; j > 0; j--) {
			int ry = oreg_label_rank(labels, t[j - 1]);
			int c = rx != ry ? (rx < 0 ? 1 : ry < 0 ? -1 : rx - ry) : strcmp(x, t[j - 1]);

			if (c >= 0)
				break;
			t[j] = t[j - 1];
		}
		t[j] = x;
	}
	for (i = 1; i < n; i++)
		if (strcmp(t[i], t[k]))
			t[++k] = t[i];
	return k + 1;
}

static void set_note(struct note *note, const struct oreg_findings *f, const char *fallback)
{
	const char *msg = f && f->count ? f->items[0].message : fallback;

	free(note->text);
	note->text = oreg_strdup(msg ? msg : "cannot be read");
	note->line = f && f->count ? f->items[0].line : 1;
	note->column = f && f->count ? f->items[0].column : 1;
}

/* Read an item's bytes (malloc'd). */
static int read_item(char **data, size_t *len, struct oreg_snapshot *snap, const struct item *it)
{
	if (it->entry)
		return oreg_snapshot_read_entry(data, len, snap, it->entry);
	*len = it->len;
	*data = oreg_strndup(it->data, it->len);
	return *data ? 0 : OREG_ENOMEM;
}

/* Load an item as YAML; *doc NULL (with the note set) when it does not load. */
static int load_item(struct oreg_document **doc, struct oreg_snapshot *snap, const struct item *it,
	struct note *note)
{
	struct oreg_findings f;
	char *data = NULL;
	size_t len = 0;
	int err;

	*doc = NULL;
	if (it->entry && it->entry->mode != OREG_ENTRY_FILE) {
		set_note(note, NULL, "not a regular file");
		return 0;
	}
	if ((err = read_item(&data, &len, snap, it)) < 0)
		return err;
	/* a record in the plain style records are written in is read without libyaml, to the same tree */
	if ((err = oreg_yaml_load_quick(doc, data, len)) != 0) {
		free(data);
		return err < 0 ? err : 0;
	}
	oreg_findings_init(&f);
	err = oreg_yaml_load(doc, data, len, it->path, NULL, &f);
	if (!err && !*doc)
		set_note(note, &f, NULL);
	oreg_findings_release(&f);
	free(data);
	return err;
}

/* Every item's fn on every core, with progress as what; what the workers keep joins the store. */
static int run_all(struct build *b, size_t n, int (*fn)(void *b, size_t i, struct oreg_worker *w), const char *what)
{
	struct oreg_parallel job = { .n = n, .threads = b->threads, .fn = fn, .payload = b,
		.arena = &b->ov->store->arena, .progress = what };

	return oreg_parallel_for(&job);
}

/* ---- contacts ---- */

static const struct oreg_named contact_kinds[] = {
	{ "structureel", K_STRUCTURAL },
	{ "incidenteel", K_INCIDENTAL },
	{ "signalering", K_SIGNALERING },
};

int overview_parse_contact(struct build *b, struct oreg_snapshot *snap, const struct item *it, struct contact *c,
	struct oreg_arena *a)
{
	struct oreg_document *doc = NULL;
	const struct oreg_value *root;
	int err;

	c->kind = K_NONE;
	(void)b;
	if ((err = load_item(&doc, snap, it, &c->note)) < 0 || !doc)
		return err;
	root = oreg_document_root(doc);
	c->loaded = 1;
	c->date = date_value(oreg_value_get(root, "date"));
	c->kind = oreg_named_value(contact_kinds, ARRAY_SIZE(contact_kinds), oreg_value_get(root, "kind"), K_NONE);
	err = 0;
	c->orgs = keep_strings(a, oreg_value_get(root, "organisations"), &c->norgs, &err);
	c->themes = keep_strings(a, oreg_value_get(root, "themes"), &c->nthemes, &err);
	{
		const struct oreg_value *w = oreg_value_get(root, "withdrawn"), *inc = oreg_value_get(root, "incident");

		/* withdrawn: recorded in error, never counted; listed apart in the contacts list */
		if (w && w->type == OREG_OBJECT) {
			c->withdrawn = date_value(oreg_value_get(w, "date"));
			if (!c->withdrawn)
				c->withdrawn = -1;
			c->reason = keep_value(a, oreg_value_get(w, "reason"));
		}
		if (inc && inc->type == OREG_OBJECT) {
			c->incident = true;
			c->explanation = keep_value(a, oreg_value_get(inc, "explanation"));
			c->reported_to = keep_value(a, oreg_value_get(inc, "reported-to"));
			c->reference = keep_value(a, oreg_value_get(inc, "reference"));
		}
	}
	if (!err && (!c->date || c->kind == K_NONE)) {
		c->loaded = 0;
		free(c->note.text);
		c->note.text = oreg_strdup(!c->date ? "the contact has no valid date" :
			"the contact's kind is not structureel, incidenteel or signalering");
		c->note.line = root->line;
		c->note.column = root->column;
	}
	oreg_document_free(doc);
	return err;
}

static int contact_job(void *payload, size_t i, struct oreg_worker *w)
{
	struct build *b = payload;
	struct oreg_arena *a = &w->arena;
	struct contact *c = &b->contacts[i];
	const struct item *it = &b->contact_items[i];
	size_t k;
	int err;

	/* kept beyond the listing it came from: the correction log compares paths */
	if (!(c->path = oreg_arena_strndup(a, it->path, strlen(it->path))))
		return OREG_ENOMEM;
	if (it->entry) {
		c->has_blob = it->entry->has_id;
		memcpy(c->blob, it->entry->id, 20);
	}
	if ((err = overview_parse_contact(b, b->snap, it, c, a)) < 0)
		return err;
	/* the organisations it names, found here on every core for count_contacts */
	if (c->loaded && !c->withdrawn && c->date >= b->from && c->date <= b->until && c->norgs) {
		if (!(c->slot_of = oreg_arena_alloc(a, c->norgs * sizeof(*c->slot_of))))
			return OREG_ENOMEM;
		for (k = 0; k < c->norgs; k++)
			c->slot_of[k] = overview_find_slot(b, c->orgs[k]);
	}
	return 0;
}

long overview_find_slot(const struct build *b, const char *id)
{
	size_t h;

	if (!b->slot_hash_size)
		return -1;
	for (h = oreg_hash(OREG_HASH_INIT, id, strlen(id)) % b->slot_hash_size; b->slot_hash[h];
		h = (h + 1) % b->slot_hash_size)
		if (!strcmp(b->slots[b->slot_hash[h] - 1].id, id))
			return (long)(b->slot_hash[h] - 1);
	return -1;
}

/* The bit of theme t in a slot's themes (64 and over: not shown). */
static unsigned intern_theme(struct build *b, const char *t)
{
	size_t i;

	for (i = 0; i < b->nthemes; i++)
		if (!strcmp(b->theme_names[i], t))
			return (unsigned)i;
	if (b->nthemes == ARRAY_SIZE(b->theme_names))
		return 64; /* more themes than any schema has: not shown */
	b->theme_names[b->nthemes] = t;
	return (unsigned)b->nthemes++;
}

bool overview_counted(const struct build *b, int kind)
{
	return kind == K_STRUCTURAL || kind == K_INCIDENTAL || (kind == K_SIGNALERING && b->o->all_kinds);
}

uint64_t overview_themes_of(struct build *b, const struct contact *c)
{
	uint64_t mask = 0;
	size_t k;

	for (k = 0; k < c->nthemes; k++) {
		unsigned t = intern_theme(b, c->themes[k]);

		if (t < 64)
			mask |= 1ULL << t;
	}
	return mask;
}

void overview_count(const struct build *b, struct slot *s, const struct contact *c, uint64_t themes)
{
	s->counts[c->kind]++;
	if (!overview_counted(b, c->kind))
		return;
	s->themes |= themes;
	if (c->kind == K_STRUCTURAL)
		s->structural_themes |= themes;
	if (!s->first || c->date < s->first)
		s->first = c->date;
	if (c->date > s->last)
		s->last = c->date;
}

/* Add what each contact in the period says to the organisations it names. */
static int count_contacts(struct build *b, struct oreg_findings *warnings)
{
	size_t i, k;
	int err;

	for (i = 0; i < b->ncontacts; i++) {
		struct contact *c = &b->contacts[i];
		uint64_t mask;

		if (!c->loaded || c->withdrawn)
			continue;
		if (c->date < b->from || c->date > b->until) {
			/* a contact outside its year folder is the layout rule's finding; here it is out of the period */
			continue;
		}
		mask = overview_themes_of(b, c);
		/* contact_job found the slots; they are kept for what follows (the contacts list's exclusions) */
		for (k = 0; k < c->norgs; k++) {
			long at = c->slot_of[k];

			if (at < 0) {
				if (overview_counted(b, c->kind) && (err = oreg_findings_add(warnings, OREG_SEVERITY_WARNING, c->path,
						1, 1, RULE, "", "the contact names organisation '%s', which is not in the "
						"register: left out", c->orgs[k])) < 0)
					return err;
				continue;
			}
			overview_count(b, &b->slots[at], c, mask);
		}
	}
	return 0;
}

/* ---- organisations ---- */

static bool overlaps(int32_t from, int32_t until, int32_t pfrom, int32_t puntil)
{
	return pfrom <= until && (!puntil || puntil >= from);
}

/*
 * Whether the organisation with record root and the contacts counted in s
 * belongs in the document.  One that would belong but whose kind is out of
 * the publication's scope is marked s->out_of_scope; one the reader may not
 * see is marked s->hidden, and s->withheld when it would have belonged.
 */
static bool belongs(const struct build *b, struct slot *s, const struct oreg_value *root, bool confidential)
{
	const struct oreg_publication *pub = &b->reg->publication;
	const struct oreg_value *list = oreg_value_get(root, "partnerships");
	bool member = false;
	size_t i;

	for (i = 0; pub->by_partnership && list && list->type == OREG_ARRAY && i < list->u.array.count; i++) {
		int32_t pf = date_value(oreg_value_get(list->u.array.items[i], "from"));

		if (oreg_value_get(list->u.array.items[i], "withdrawn"))
			continue; /* a period withdrawn (recorded in error) makes no partner */
		if (pf && overlaps(b->from, b->until, pf, date_value(oreg_value_get(list->u.array.items[i], "until"))))
			member = b->o->kind == OREG_DOCUMENT_OVERVIEW;
	}
	if (b->o->kind == OREG_DOCUMENT_OVERVIEW) {
		/* the register's definition of structural contact (publication: in register.yaml) */
		member = member || (pub->min_structural && s->counts[K_STRUCTURAL] >= pub->min_structural);
		if (member && !oreg_publication_kind_in_scope(pub, keep_kind(oreg_value_get(root, "kind")))) {
			s->out_of_scope = 1;
			return false;
		}
	} else {
		member = s->counts[K_STRUCTURAL] + s->counts[K_INCIDENTAL] +
			(b->o->all_kinds ? s->counts[K_SIGNALERING] : 0) > 0;
	}
	/* a confidential organisation is left out of public documents entirely, counts and all */
	/* confidential at the document's revision: absent from a public document's history too */
	s->hidden = confidential && b->level < OREG_VISIBILITY_CONFIDENTIAL;
	if (member && s->hidden)
		s->withheld = 1;
	return member && !s->withheld;
}

/*
 * The partnerships of list (redacted) that overlap the period, into org;
 * original is the unredacted list, which says which were withdrawn (a
 * confidential field).  *nthemes grows by their themes.
 */
static int keep_partnerships(const struct build *b, struct oreg_overview_org *org, const struct oreg_value *list,
	const struct oreg_value *original, size_t *nthemes, struct oreg_arena *a)
{
	size_t i;

	if (list && list->type == OREG_ARRAY && list->u.array.count &&
		!(org->partnerships = oreg_arena_alloc(a, list->u.array.count * sizeof(*org->partnerships))))
		return OREG_ENOMEM;
	for (i = 0; list && list->type == OREG_ARRAY && i < list->u.array.count; i++) {
		const struct oreg_value *p = list->u.array.items[i];
		struct oreg_overview_partnership *out = &org->partnerships[org->npartnerships];
		int err = 0;

		out->from = date_value(oreg_value_get(p, "from"));
		out->until = date_value(oreg_value_get(p, "until"));
		if (!out->from || !overlaps(b->from, b->until, out->from, out->until))
			continue;
		if (original && original->type == OREG_ARRAY && i < original->u.array.count &&
			oreg_value_get(original->u.array.items[i], "withdrawn"))
			continue;
		out->themes = keep_strings(a, oreg_value_get(p, "themes"), &out->nthemes, &err);
		if (err)
			return OREG_ENOMEM;
		out->nthemes = sort_themes(b->theme_labels, out->themes, out->nthemes);
		*nthemes += out->nthemes;
		org->npartnerships++;
	}
	return 0;
}

/* The organisation's themes: its partnerships' (in an overview) and its counted contacts', sorted. */
static int keep_themes(const struct build *b, const struct slot *s, struct oreg_overview_org *org, size_t nthemes,
	struct oreg_arena *a)
{
	const char **themes = NULL;
	uint64_t mask;
	size_t i, k;

	/* the overview's themes are those of what makes the contact structural; the list's, of every contact */
	mask = b->o->kind == OREG_DOCUMENT_OVERVIEW ? s->structural_themes : s->themes;
	for (k = 0; k < b->nthemes; k++)
		nthemes += (mask >> k) & 1;
	if (nthemes && !(themes = oreg_arena_alloc(a, nthemes * sizeof(*themes))))
		return OREG_ENOMEM;
	nthemes = 0;
	/* the contacts list speaks of contacts only; the overview of partnerships too */
	for (i = 0; b->o->kind == OREG_DOCUMENT_OVERVIEW && i < org->npartnerships; i++)
		for (k = 0; k < org->partnerships[i].nthemes; k++)
			themes[nthemes++] = org->partnerships[i].themes[k];
	for (k = 0; k < b->nthemes; k++)
		if ((mask >> k) & 1)
			themes[nthemes++] = b->theme_names[k];
	org->themes = themes;
	org->nthemes = sort_themes(b->theme_labels, themes, nthemes);
	return 0;
}

/* s->org from seen, the record as redacted at the document's level, and doc, the record itself. */
static int describe(const struct build *b, struct slot *s, const struct oreg_value *seen,
	const struct oreg_value *doc, bool confidential, struct oreg_arena *a)
{
	struct oreg_overview_org *org = &s->org;
	size_t nthemes = 0;
	char *key;
	int err;

	memset(org, 0, sizeof(*org));
	org->id = s->id;
	org->name = keep_value(a, oreg_value_get(seen, "name"));
	if (!org->name || !*org->name)
		org->name = s->id;
	org->kind = keep_value(a, oreg_value_get(seen, "kind"));
	org->city = keep_value(a, oreg_value_get(seen, "city"));
	org->kvk = keep_value(a, oreg_value_get(seen, "kvk"));
	if (b->o->kind == OREG_DOCUMENT_OVERVIEW)
		org->notes = keep_value(a, oreg_value_get(seen, "notes"));
	org->confidential = confidential;
	org->structural = s->counts[K_STRUCTURAL];
	org->incidental = s->counts[K_INCIDENTAL];
	org->signalering = b->o->all_kinds ? s->counts[K_SIGNALERING] : 0;
	org->first = s->first;
	org->last = s->last;
	/* withdrawn: is confidential: read it from the unredacted record */
	if ((err = keep_partnerships(b, org, oreg_value_get(seen, "partnerships"), oreg_value_get(doc, "partnerships"),
		&nthemes, a)) < 0 || (err = keep_themes(b, s, org, nthemes, a)) < 0)
		return err;
	if (!(key = oreg_name_normalise(NULL, org->name, strlen(org->name))))
		return OREG_ENOMEM;
	s->sort_key = oreg_arena_strndup(a, key, strlen(key));
	free(key);
	return s->sort_key ? 0 : OREG_ENOMEM;
}

/*
 * Decide whether the organisation in it belongs in the document, and if
 * so fill in s->org from the record as redacted at the document's level.
 */
int overview_process_org(struct build *b, struct oreg_snapshot *snap, const struct item *it, struct slot *s,
	struct oreg_arena *a)
{
	struct oreg_document *doc = NULL, *seen = NULL;
	const struct oreg_value *root;
	bool confidential;
	int err;

	s->member = s->withheld = s->out_of_scope = s->hidden = 0;
	if ((err = load_item(&doc, snap, it, &s->note)) < 0 || !doc)
		return err;
	root = oreg_document_root(doc);
	confidential = oreg_value_is_string(oreg_value_get(root, "visibility"), "confidential");
	if (!belongs(b, s, root, confidential))
		goto done;
	if ((err = oreg_document_redact(&seen, b->org_type->schema, root, b->level, b->org_type->visibility)) < 0 ||
		(err = describe(b, s, oreg_document_root(seen), root, confidential, a)) < 0)
		goto done;
	s->member = 1;
done:
	oreg_document_free(seen);
	oreg_document_free(doc);
	return err;
}

static int org_job(void *payload, size_t i, struct oreg_worker *w)
{
	struct build *b = payload;

	return overview_process_org(b, b->snap, &b->org_items[i], &b->slots[i], &w->arena);
}

static int slot_cmp(const void *pa, const void *pb)
{
	const struct slot *a = *(const struct slot *const *)pa, *b = *(const struct slot *const *)pb;
	int c = strcmp(a->sort_key, b->sort_key);

	if (!c)
		c = strcmp(a->org.name, b->org.name);
	return c ? c : strcmp(a->id, b->id);
}

/* The members of slots, sorted, copied into *out. */
int overview_collect(struct oreg_overview_org **out, size_t *n, struct slot *slots, size_t nslots,
	struct oreg_arena *a)
{
	struct slot **order;
	size_t i, k = 0;

	*out = NULL;
	*n = 0;
	for (i = 0; i < nslots; i++)
		k += slots[i].member;
	if (!k)
		return 0;
	if (!(order = oreg_malloc(k * sizeof(*order))))
		return OREG_ENOMEM;
	for (i = 0, k = 0; i < nslots; i++)
		if (slots[i].member)
			order[k++] = &slots[i];
	qsort(order, k, sizeof(*order), slot_cmp);
	if (!(*out = oreg_arena_alloc(a, k * sizeof(**out)))) {
		free(order);
		return OREG_ENOMEM;
	}
	for (i = 0; i < k; i++)
		(*out)[i] = order[i]->org;
	*n = k;
	free(order);
	return 0;
}

static int events(struct oreg_overview *ov)
{
	struct oreg_arena *a = &ov->store->arena;
	size_t i, k, ns = 0, ne = 0;

	for (i = 0; i < ov->norgs; i++)
		for (k = 0; k < ov->orgs[i].npartnerships; k++) {
			const struct oreg_overview_partnership *p = &ov->orgs[i].partnerships[k];

			ns += p->from >= ov->from && p->from <= ov->until;
			ne += p->until && p->until >= ov->from && p->until <= ov->until;
		}
	if ((ns && !(ov->started = oreg_arena_alloc(a, ns * sizeof(*ov->started)))) ||
		(ne && !(ov->ended = oreg_arena_alloc(a, ne * sizeof(*ov->ended)))))
		return OREG_ENOMEM;
	for (i = 0; i < ov->norgs; i++)
		for (k = 0; k < ov->orgs[i].npartnerships; k++) {
			const struct oreg_overview_partnership *p = &ov->orgs[i].partnerships[k];

			if (p->from >= ov->from && p->from <= ov->until)
				ov->started[ov->nstarted++] = (struct oreg_overview_event){ &ov->orgs[i], p };
			if (p->until && p->until >= ov->from && p->until <= ov->until)
				ov->ended[ov->nended++] = (struct oreg_overview_event){ &ov->orgs[i], p };
		}
	return 0;
}

/* The id of a record file: its name without .yaml, when the name is a valid id. */
const char *overview_id_of(struct oreg_arena *a, const char *path)
{
	const char *slash = strrchr(path, '/'), *name = slash ? slash + 1 : path, *why;
	size_t len = strlen(name);

	if (len <= 5 || strcmp(name + len - 5, ".yaml") || !oreg_id_valid(name, len - 5, &why))
		return NULL;
	return oreg_arena_strndup(a, name, len - 5);
}

static void free_build(struct build *b)
{
	size_t i;

	for (i = 0; b->slots && i < b->norgs; i++)
		free(b->slots[i].note.text);
	free(b->slots);
	free(b->slot_hash);
	if (b->contacts)
		for (i = 0; i < b->ncontacts; i++) {
			free(b->contacts[i].note.text);
			b->contacts[i].note.text = NULL;
		}
}


static int overview_alloc(struct oreg_overview **out, const struct oreg_overview_options *o)
{
	struct oreg_overview *ov = oreg_calloc(1, sizeof(*ov));

	*out = NULL;
	if (!ov || !(ov->store = oreg_calloc(1, sizeof(*ov->store)))) {
		free(ov);
		return OREG_ENOMEM;
	}
	oreg_arena_init(&ov->store->arena);
	ov->kind = o->kind;
	ov->confidential = o->kind == OREG_DOCUMENT_CONTACTS || o->confidential;
	ov->all_kinds = o->kind == OREG_DOCUMENT_CONTACTS && o->all_kinds;
	ov->as_of = o->as_of;
	if (o->rev && !(ov->rev = oreg_arena_strndup(&ov->store->arena, o->rev, strlen(o->rev)))) {
		oreg_overview_free(ov);
		return OREG_ENOMEM;
	}
	if (o->kind == OREG_DOCUMENT_OVERVIEW) {
		ov->year = o->year;
		ov->from = o->year * 10000 + 101;
		ov->until = o->year * 10000 + 1231;
	} else {
		ov->from = o->since;
		ov->until = o->until;
	}
	*out = ov;
	return 0;
}

/* ---- the contacts list: exclusions, withdrawn contacts, incidents ---- */

/* What the contacts list needs of each exclusion: whom it names, from when until when. */
static int load_exclusions(struct build *b, struct oreg_findings *warnings)
{
	struct oreg_arena *a = &b->ov->store->arena;
	size_t i;
	int err;

	(void)warnings;
	if (!b->nexclusions)
		return 0;
	if (!(b->exclusions = oreg_arena_alloc(a, b->nexclusions * sizeof(*b->exclusions))))
		return OREG_ENOMEM;
	for (i = 0; i < b->nexclusions; i++) {
		struct exclusion *e = &b->exclusions[i];
		struct oreg_document *doc = NULL;
		struct note note = { 0 };

		memset(e, 0, sizeof(*e));
		if ((err = load_item(&doc, b->snap, &b->exclusion_items[i], &note)) < 0)
			return err;
		free(note.text); /* the exclusion rule's finding, not the document's */
		if (!doc)
			continue;
		e->organisation = keep_value(a, oreg_value_get(oreg_document_root(doc), "organisation"));
		e->kvk = keep_value(a, oreg_value_get(oreg_document_root(doc), "kvk"));
		e->since = date_value(oreg_value_get(oreg_document_root(doc), "since"));
		e->until = date_value(oreg_value_get(oreg_document_root(doc), "until"));
		oreg_document_free(doc);
	}
	return 0;
}

/* Does an exclusion name organisation id (with KvK number kvk) on day? */
static bool excluded_on(const struct build *b, const char *id, const char *kvk, int32_t day)
{
	size_t i;

	for (i = 0; i < b->nexclusions; i++) {
		const struct exclusion *e = &b->exclusions[i];

		if (!e->since || day < e->since || (e->until && day >= e->until))
			continue;
		if ((e->organisation && !strcmp(e->organisation, id)) || (e->kvk && kvk && !strcmp(e->kvk, kvk)))
			return true;
	}
	return false;
}

static int string_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Each listed organisation: excluded at the register's date, and on the days of its contacts. */
static int excluded(struct build *b)
{
	struct oreg_overview *ov = b->ov;
	const char **kvks = NULL;
	size_t i, k, nkvks = 0;

	ov->excluded_on = ov->as_of ? ov->as_of : ov->until;
	/* the organisations an exclusion names at all, by id or KvK number: most never are, and need no look */
	if (b->nexclusions && !(kvks = oreg_malloc(b->nexclusions * sizeof(*kvks))))
		return OREG_ENOMEM;
	for (k = 0; k < b->nexclusions; k++) {
		const struct exclusion *e = &b->exclusions[k];
		long at;

		if (!e->since)
			continue; /* it never holds */
		if (e->organisation && (at = overview_find_slot(b, e->organisation)) >= 0)
			b->slots[at].excludable = 1;
		if (e->kvk)
			kvks[nkvks++] = e->kvk;
	}
	if (nkvks)
		qsort(kvks, nkvks, sizeof(*kvks), string_cmp);
	for (i = 0; i < b->norgs; i++) {
		struct slot *s = &b->slots[i];

		if (!s->member)
			continue;
		if (!s->excludable && s->org.kvk && nkvks)
			s->excludable = bsearch(&s->org.kvk, kvks, nkvks, sizeof(*kvks), string_cmp) != NULL;
		s->org.excluded_now = s->excludable && excluded_on(b, s->id, s->org.kvk, ov->excluded_on);
	}
	free(kvks);
	for (i = 0; i < b->ncontacts; i++) {
		const struct contact *c = &b->contacts[i];

		if (!c->loaded || c->withdrawn || c->date < b->from || c->date > b->until || !overview_counted(b, c->kind))
			continue;
		/* the contacts counted: count_contacts found their slots */
		for (k = 0; k < c->norgs; k++) {
			long at = c->slot_of[k];

			if (at >= 0 && b->slots[at].member && b->slots[at].excludable &&
				excluded_on(b, b->slots[at].id, b->slots[at].org.kvk, c->date))
				b->slots[at].org.excluded_then++;
		}
	}
	return 0;
}

static int contact_cmp(const void *pa, const void *pb)
{
	const struct oreg_overview_contact *a = pa, *b = pb;

	return a->date != b->date ? (a->date < b->date ? -1 : 1) : strcmp(a->id, b->id);
}

static const char *kind_name(int kind)
{
	return kind == K_STRUCTURAL ? "structureel" : kind == K_INCIDENTAL ? "incidenteel" : "signalering";
}

/* The period's withdrawn contacts and incidents, each with the names of its organisations. */
static int contacts_apart(struct build *b)
{
	struct oreg_overview *ov = b->ov;
	struct oreg_arena *a = &ov->store->arena;
	size_t i, k, nw = 0, ni = 0;

	for (i = 0; i < b->ncontacts; i++) {
		const struct contact *c = &b->contacts[i];

		if (!c->loaded || c->date < b->from || c->date > b->until)
			continue;
		nw += c->withdrawn != 0;
		ni += c->incident;
	}
	if ((nw && !(ov->withdrawn = oreg_arena_alloc(a, nw * sizeof(*ov->withdrawn)))) ||
		(ni && !(ov->incidents = oreg_arena_alloc(a, ni * sizeof(*ov->incidents)))))
		return OREG_ENOMEM;
	for (i = 0; i < b->ncontacts; i++) {
		const struct contact *c = &b->contacts[i];
		struct oreg_overview_contact oc;
		const char *id;

		if (!c->loaded || c->date < b->from || c->date > b->until || (!c->withdrawn && !c->incident))
			continue;
		if (!(id = overview_id_of(a, c->path)))
			continue;
		memset(&oc, 0, sizeof(oc));
		oc.id = id;
		oc.date = c->date;
		oc.kind = kind_name(c->kind);
		oc.withdrawn = c->withdrawn;
		oc.reason = c->reason;
		oc.incident = c->incident;
		oc.explanation = c->explanation;
		oc.reported_to = c->reported_to;
		oc.reference = c->reference;
		if (c->norgs && !(oc.orgs = oreg_arena_alloc(a, c->norgs * sizeof(*oc.orgs))))
			return OREG_ENOMEM;
		for (k = 0; k < c->norgs; k++) {
			long at = overview_find_slot(b, c->orgs[k]);

			oc.orgs[oc.norgs++] = at >= 0 && b->slots[at].member ? b->slots[at].org.name : c->orgs[k];
		}
		if (c->withdrawn)
			ov->withdrawn[ov->nwithdrawn++] = oc;
		if (c->incident)
			ov->incidents[ov->nincidents++] = oc;
	}
	if (ov->nwithdrawn)
		qsort(ov->withdrawn, ov->nwithdrawn, sizeof(*ov->withdrawn), contact_cmp);
	if (ov->nincidents)
		qsort(ov->incidents, ov->nincidents, sizeof(*ov->incidents), contact_cmp);
	return 0;
}

/* What the annex says of itself: the publication settings and the labels, copied into the model. */
static int annex(struct build *b)
{
	struct oreg_overview *ov = b->ov;
	struct oreg_arena *a = &ov->store->arena;
	struct oreg_publication *pub;
	const struct oreg_label_set *themes = oreg_register_labels(b->reg, "organisation", "themes");
	int err;

	if (!themes)
		themes = oreg_register_labels(b->reg, "contact", "themes");
	if (!(pub = oreg_arena_alloc(a, sizeof(*pub))) ||
		(err = oreg_publication_copy(pub, &b->reg->publication, a)) < 0 ||
		(err = oreg_label_set_copy(&ov->kind_labels, oreg_register_labels(b->reg, "organisation", "kind"), a)) < 0 ||
		(err = oreg_label_set_copy(&ov->theme_labels, themes, a)) < 0 ||
		(err = oreg_label_set_copy(&ov->contact_kind_labels, oreg_register_labels(b->reg, "contact", "kind"), a)) < 0)
		return OREG_ENOMEM;
	ov->publication = pub;
	b->theme_labels = ov->theme_labels;
	/* a reference that the register's pattern refuses is a typo in a letter to Parliament */
	if (b->o->reference && (err = oreg_publication_check_reference(&b->reg->publication, b->o->reference)) < 0)
		return err;
	if ((b->o->reference &&
			!(ov->reference = oreg_arena_strndup(a, b->o->reference, strlen(b->o->reference)))) ||
		(b->o->corrections_tag &&
			!(ov->corrections_tag = oreg_arena_strndup(a, b->o->corrections_tag,
				strlen(b->o->corrections_tag)))))
		return OREG_ENOMEM;
	ov->sent = b->o->sent;
	return 0;
}

/* A record that could not be read (the note says why) is left out, with a warning; 0 when it was read. */
static int left_out(struct oreg_findings *warnings, const char *path, const struct note *note)
{
	if (!note->text)
		return 0;
	return oreg_findings_add(warnings, OREG_SEVERITY_WARNING, path, note->line, note->column, RULE, "",
		"%s: left out", note->text);
}

/*
 * The model from the items in b: parse the contacts, count them for the
 * organisations, then decide each organisation.  b->ov is set up.
 */
static int build_model(struct build *b, struct oreg_findings *warnings)
{
	struct oreg_overview *ov = b->ov;
	size_t i;
	int err;

	b->level = ov->confidential ? OREG_VISIBILITY_CONFIDENTIAL : OREG_VISIBILITY_PUBLIC;
	b->from = ov->from;
	b->until = ov->until;
	if (!(b->org_type = oreg_register_type_named(b->reg, "organisation")) || !b->org_type->schema)
		return oreg_error(OREG_EINVALID, "the register has no type 'organisation'");
	if ((err = annex(b)) < 0)
		return err;
	if (!(b->slots = oreg_calloc(b->norgs ? b->norgs : 1, sizeof(*b->slots))) ||
		!(b->contacts = oreg_calloc(b->ncontacts ? b->ncontacts : 1, sizeof(*b->contacts))))
		return OREG_ENOMEM;
	ov->store->contacts = b->contacts;
	ov->store->ncontacts = b->ncontacts;
	b->slot_hash_size = b->norgs * 2 + 1;
	if (!(b->slot_hash = oreg_calloc(b->slot_hash_size, sizeof(*b->slot_hash))))
		return OREG_ENOMEM;
	for (i = 0; i < b->norgs; i++) {
		struct slot *s = &b->slots[i];
		size_t h;

		s->path = b->org_items[i].path;
		if (!(s->id = overview_id_of(&ov->store->arena, s->path)))
			return oreg_error(OREG_EINVALID, "'%s' is not a record file", s->path);
		for (h = oreg_hash(OREG_HASH_INIT, s->id, strlen(s->id)) % b->slot_hash_size; b->slot_hash[h];
			h = (h + 1) % b->slot_hash_size)
			;
		b->slot_hash[h] = i + 1;
	}
	if ((err = run_all(b, b->ncontacts, contact_job, "Reading contacts")) < 0)
		return err;
	for (i = 0; i < b->ncontacts; i++)
		if ((err = left_out(warnings, b->contacts[i].path, &b->contacts[i].note)) < 0)
			return err;
	if ((err = count_contacts(b, warnings)) < 0)
		return err;
	if ((err = run_all(b, b->norgs, org_job, "Reading organisations")) < 0)
		return err;
	for (i = 0; i < b->norgs; i++)
		if ((err = left_out(warnings, b->slots[i].path, &b->slots[i].note)) < 0)
			return err;
	for (i = 0; i < b->norgs; i++) {
		ov->withheld += (unsigned)b->slots[i].withheld;
		ov->out_of_scope += (unsigned)b->slots[i].out_of_scope;
	}
	if (ov->kind == OREG_DOCUMENT_CONTACTS && ((err = load_exclusions(b, warnings)) < 0 ||
			(err = excluded(b)) < 0 || (err = contacts_apart(b)) < 0))
		return err;
	if ((err = overview_collect(&ov->orgs, &ov->norgs, b->slots, b->norgs, &ov->store->arena)) < 0)
		return err;
	return ov->kind == OREG_DOCUMENT_OVERVIEW ? events(ov) : 0;
}

static int check_options(const struct oreg_overview_options *o)
{
	if (o->kind == OREG_DOCUMENT_OVERVIEW && (o->year < 1000 || o->year > 9999))
		return oreg_error(OREG_EINVALID, "the year must have four digits");
	if (o->kind == OREG_DOCUMENT_CONTACTS && (!o->since || (o->until && o->until < o->since)))
		return oreg_error(OREG_EINVALID, "the period must start on or before its end");
	return 0;
}

int oreg_overview_build(struct oreg_overview **out, const struct oreg_register *reg,
	const struct oreg_overview_input *records, size_t nrecords,
	const struct oreg_overview_options *o, struct oreg_findings *warnings)
{
	struct build b = { .reg = reg, .o = o, .threads = o->threads };
	struct oreg_overview *ov = NULL;
	const struct oreg_record_type *ct, *ot, *et;
	size_t i;
	int err;

	*out = NULL;
	if ((err = check_options(o)) < 0)
		goto done;
	if (o->kind == OREG_DOCUMENT_CONTACTS && !o->until) {
		err = oreg_error(OREG_EINVALID, "a contacts list without history needs its end date");
		goto done;
	}
	if ((err = overview_alloc(&ov, o)) < 0)
		goto done;
	b.ov = ov;
	ct = oreg_register_type_named(reg, "contact");
	ot = oreg_register_type_named(reg, "organisation");
	et = oreg_register_type_named(reg, "exclusion");
	b.org_items = oreg_calloc(nrecords + 1, sizeof(*b.org_items));
	b.contact_items = oreg_calloc(nrecords + 1, sizeof(*b.contact_items));
	b.exclusion_items = oreg_calloc(nrecords + 1, sizeof(*b.exclusion_items));
	if (!b.org_items || !b.contact_items || !b.exclusion_items) {
		err = OREG_ENOMEM;
		goto done;
	}
	for (i = 0; i < nrecords; i++) {
		const struct oreg_overview_input *r = &records[i];
		struct item it = { .path = r->path, .data = r->data, .len = r->len };
		const char *rest = r->path;
		size_t rlen = strlen(reg->records_dir);

		if (strncmp(rest, reg->records_dir, rlen) || rest[rlen] != '/')
			continue;
		rest += rlen + 1;
		if (ot && !strncmp(rest, ot->folder, strlen(ot->folder)) && rest[strlen(ot->folder)] == '/')
			b.org_items[b.norgs++] = it;
		else if (et && !strncmp(rest, et->folder, strlen(et->folder)) && rest[strlen(et->folder)] == '/')
			b.exclusion_items[b.nexclusions++] = it;
		else if (ct && !strncmp(rest, ct->folder, strlen(ct->folder)) && rest[strlen(ct->folder)] == '/')
			b.contact_items[b.ncontacts++] = it;
	}
	err = build_model(&b, warnings);
done:
	free_build(&b);
	free(b.org_items);
	free(b.contact_items);
	free(b.exclusion_items);
	if (err < 0) {
		oreg_overview_free(ov);
		return err;
	}
	*out = ov;
	return 0;
}

void oreg_overview_free(struct oreg_overview *ov)
{
	if (!ov)
		return;
	if (ov->store) {
		oreg_overview_free(ov->store->base);
		free(ov->store->contacts);
		oreg_arena_release(&ov->store->arena);
		free(ov->store);
	}
	free(ov);
}

/* ---- from git ---- */

/* Who made commit id and when. */
int overview_stamp_of(struct oreg_overview_stamp *out, struct oreg_repo *repo, const char *id, struct oreg_arena *a)
{
	struct oreg_commit c;
	int err;

	memset(out, 0, sizeof(*out));
	if ((err = oreg_repo_commit(&c, repo, id)) < 0)
		return err;
	memcpy(out->commit, c.id, 41);
	out->time = c.time;
	out->offset = c.offset;
	if (!(out->author = oreg_arena_strndup(a, c.author, strlen(c.author))))
		err = OREG_ENOMEM;
	oreg_commit_release(&c);
	return err;
}

/* The record files directly in folder dir of snap, as items. */
static int list_items(struct item **items, size_t *n, struct oreg_entries *entries, struct oreg_snapshot *snap,
	const char *dir)
{
	size_t i, dlen = strlen(dir), start = entries->count;
	int err;

	if ((err = oreg_snapshot_list(entries, snap, dir)) < 0)
		return err;
	if ((err = oreg_grow((void **)items, &(size_t){ 0 }, *n + entries->count - start + 1, sizeof(**items))) < 0)
		return err;
	for (i = start; i < entries->count; i++) {
		const struct oreg_entry *e = &entries->items[i];
		const char *name = e->path + dlen + 1, *why;
		size_t len = strlen(name);

		/* other files are the layout rule's business */
		if (strchr(name, '/') || len <= 5 || strcmp(name + len - 5, ".yaml") || !oreg_id_valid(name, len - 5, &why))
			continue;
		(*items)[(*n)++] = (struct item){ .path = e->path, .entry = e };
	}
	return 0;
}

void overview_git_build_release(struct git_build *g)
{
	size_t i;

	free_build(&g->b);
	free(g->b.org_items);
	free(g->b.contact_items);
	oreg_entries_release(&g->org_entries);
	oreg_entries_release(&g->exclusion_entries);
	free(g->b.exclusion_items);
	for (i = 0; i < g->nyears; i++)
		oreg_entries_release(&g->contact_entries[i]);
	oreg_register_free(g->reg);
	oreg_snapshot_free(g->snap);
}

int overview_folder_path(char *out, size_t size, const struct oreg_register *reg, const char *type, int year)
{
	const struct oreg_record_type *t = oreg_register_type_named(reg, type);

	if (!t)
		return oreg_error(OREG_EINVALID, "the register has no type '%s'", type);
	if (year)
		snprintf(out, size, "%s/%s/%04d", reg->records_dir, t->folder, year);
	else
		snprintf(out, size, "%s/%s", reg->records_dir, t->folder);
	return 0;
}

static int open_register(struct oreg_register **out, struct oreg_snapshot *snap, const char *commit)
{
	struct oreg_findings f;
	int err;

	oreg_findings_init(&f);
	err = oreg_register_load(out, oreg_snapshot_read, snap, &f);
	if (!err && !*out)
		err = oreg_error(OREG_EINVALID, "the register's configuration at %.7s is broken: %s:%u:%u: %s", commit,
			f.count ? f.items[0].file : "schemas/register.yaml", f.count ? f.items[0].line : 1,
			f.count ? f.items[0].column : 1, f.count ? f.items[0].message : "cannot be loaded");
	oreg_findings_release(&f);
	return err;
}

/* The organisations' folder, listed on a thread of its own while the contacts' folders are. */
struct org_listing {
	struct git_build *g;
	char dir[512];
	int err;
};

static void *list_orgs(void *payload)
{
	struct org_listing *l = payload;

	l->err = list_items(&l->g->b.org_items, &l->g->b.norgs, &l->g->org_entries, l->g->snap, l->dir);
	return NULL;
}

/*
 * The record files the document reads: the organisations, the period's
 * contacts and (for the contacts list) the exclusions.  A folder's tree is
 * read whole before its first record can be, and the big ones are read at
 * once, on two cores.
 */
static int list_folders(struct git_build *g, const struct oreg_overview_options *o)
{
	struct oreg_overview *ov = g->b.ov;
	struct org_listing l = { .g = g };
	pthread_t thread;
	bool threaded;
	char dir[512];
	int y, err;

	if ((err = overview_folder_path(l.dir, sizeof(l.dir), g->reg, "organisation", 0)) < 0)
		return err;
	threaded = pthread_create(&thread, NULL, list_orgs, &l) == 0;
	if (!threaded)
		list_orgs(&l);
	err = 0;
	if (o->kind == OREG_DOCUMENT_CONTACTS && oreg_register_type_named(g->reg, "exclusion") &&
		((err = overview_folder_path(dir, sizeof(dir), g->reg, "exclusion", 0)) < 0 ||
		(err = list_items(&g->b.exclusion_items, &g->b.nexclusions, &g->exclusion_entries, g->snap, dir)) < 0))
		goto done;
	for (y = ov->from / 10000; y <= ov->until / 10000 && !err; y++) {
		oreg_entries_init(&g->contact_entries[g->nyears]);
		if ((err = overview_folder_path(dir, sizeof(dir), g->reg, "contact", y)) == 0)
			err = list_items(&g->b.contact_items, &g->b.ncontacts, &g->contact_entries[g->nyears++], g->snap, dir);
	}
done:
	if (threaded)
		pthread_join(thread, NULL);
	if (err < 0)
		return err;
	if (threaded && l.err < 0 && l.err != OREG_ENOMEM) {
		/* its message was the other thread's: list it again here, to say what is wrong */
		oreg_entries_release(&g->org_entries);
		oreg_entries_init(&g->org_entries);
		g->b.norgs = 0;
		l.err = list_items(&g->b.org_items, &g->b.norgs, &g->org_entries, g->snap, l.dir);
	}
	return l.err;
}

int overview_git_model(struct git_build *g, struct oreg_overview **ov, struct oreg_repo *repo, const char *commit,
	const struct oreg_overview_options *o, struct oreg_findings *warnings)
{
	int err;

	memset(g, 0, sizeof(*g));
	oreg_entries_init(&g->org_entries);
	oreg_entries_init(&g->exclusion_entries);
	g->b.o = o;
	g->b.threads = o->threads;
	if ((err = oreg_snapshot_open(&g->snap, repo, OREG_SNAPSHOT_COMMIT, commit)) < 0 ||
		(err = open_register(&g->reg, g->snap, commit)) < 0 || (err = overview_alloc(ov, o)) < 0)
		return err;
	g->b.reg = g->reg;
	g->b.snap = g->snap;
	g->b.ov = *ov;
	if ((err = overview_stamp_of(&(*ov)->source, repo, commit, &(*ov)->store->arena)) < 0 ||
		(err = oreg_repo_record_time(&(*ov)->source.record_time, repo, commit)) < 0)
		return err;
	/* documents state the record time, the register's monotone clock, never a commit's own date */
	if ((*ov)->source.record_time)
		(*ov)->source.time = (*ov)->source.record_time;
	{
		int32_t day = oreg_time_day((*ov)->source.time, (*ov)->source.offset);
		char text[OREG_DATE_SIZE];

		/* the list's period ends at --until, else at the as-of date, else at the day of the register */
		if (o->kind == OREG_DOCUMENT_CONTACTS && !(*ov)->until)
			(*ov)->until = o->as_of ? o->as_of : day;
		if ((*ov)->until < (*ov)->from)
			return oreg_error(OREG_EINVALID, "the period starts after the register's commit %.7s of %s",
				commit, oreg_date_format(text, day));
		/* a period not over when the register was read: the figures can still change */
		(*ov)->provisional = (*ov)->until > (o->as_of > day ? o->as_of : day);
	}
	if ((*ov)->until / 10000 - (*ov)->from / 10000 >= (int)ARRAY_SIZE(g->contact_entries))
		return oreg_error(OREG_EINVALID, "the period spans more than %zu years", ARRAY_SIZE(g->contact_entries));
	if ((err = list_folders(g, o)) < 0)
		return err;
	return build_model(&g->b, warnings);
}

int oreg_overview_new(struct oreg_overview **out, struct oreg_repo *repo, const char *commit,
	const struct oreg_overview_options *o, struct oreg_findings *warnings)
{
	struct oreg_overview *ov = NULL;
	struct git_build g;
	int err;

	*out = NULL;
	if ((err = check_options(o)) < 0)
		return err;
	err = overview_git_model(&g, &ov, repo, commit, o, warnings);
	/* the overview's deleted section, and the contacts list's organisations deleted since */
	if (!err)
		err = overview_scan_deleted(&g.b, repo, commit, warnings);
	if (!err && o->kind == OREG_DOCUMENT_OVERVIEW && (o->corrections_since || o->corrections_base))
		err = overview_corrections(ov, &g.b, repo, commit, o, g.reg, warnings);
	overview_git_build_release(&g);
	if (err < 0) {
		oreg_overview_free(ov);
		return err;
	}
	*out = ov;
	return 0;
}
