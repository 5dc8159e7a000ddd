/*
 * rules.c - the rules across records, for one record at a time: ref (every
 * x-ref names a record that exists), exclusion (no contact with, and no
 * partnership of, an organisation that matches or possibly matches an
 * exclusion; an organisation record that does is itself a finding) and
 * unique contact ids across year folders.
 *
 * Every exclusion is compared with every organisation, by id, KvK number
 * and each pair of names (names.c); an organisation's comparisons are made
 * once per snapshot and kept for its contacts.  A screening record with
 * outcome geen-match settles a possible match for its organisation and
 * exclusion; one with outcome match makes the organisation excluded from
 * its date.  A contact that did take place is never to be deleted: with an
 * incident block it is a warning, kept as evidence.  A full check runs them for
 * every record; an incremental one for the records a change can affect.
 */
#include "check.h"

#include <stdlib.h>
#include <string.h>

static void format_day(char out[16], int32_t d)
{
	unsigned u = d > 0 ? (unsigned)d : 0, y = u / 10000 % 10000, m = u / 100 % 100, day = u % 100;

	/* "%04u-%02u-%02u" without printf: once per contact */
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + day / 10);
	out[9] = (char)('0' + day % 10);
	out[10] = '\0';
}

/* One exclusion an organisation compares with, and how. */
struct hit {
	const struct oreg_record *ex;
	enum oreg_name_level level;
	unsigned score;
	int by_name; /* by name only: the exclusion neither links this organisation nor shares its KvK */
	int settled; /* a screening with outcome geen-match for this organisation and exclusion */
	char reason[512];
};

/* The exclusions in force in some state, sorted by address: what an organisation was compared with. */
struct exclusion_set {
	const struct oreg_record **ex;
	size_t n;
	uint64_t schemas_key;
};

/* What an organisation compares with: its hits, best first, and the screenings that found it a match. */
struct org_hits {
	struct hit *hits;
	size_t nhits;
	const struct oreg_record **matched; /* screenings with outcome match */
	size_t nmatched;
	int kept; /* the checker's memo owns it, not the state's slot */
	const struct exclusion_set *under; /* the checker's, when kept */
};

/*
 * The checker's memo of comparisons: an organisation's hits depend only
 * on its record, the exclusions and screenings in force and the schemas,
 * so a range whose commits share them compares each organisation once,
 * not once per commit.
 */
struct hits_memo {
	struct memo_entry {
		const struct oreg_record *org;
		uint64_t key;
		struct org_hits *oh;
	} *items;
	size_t size, n;
	/*
	 * The last comparisons of each organisation (key 0 in latest), and the
	 * sets of exclusions they were made with: when a commit adds an
	 * exclusion, an organisation is compared with that one alone, its
	 * other comparisons taken from the set before.
	 */
	struct hits_memo *latest;
	struct exclusion_set **sets;
	size_t nsets, asets;
	uint64_t *set_keys;
	/* rules_compare's answers by the two records: what a range's new exclusions affect, found once */
	struct pair {
		const struct oreg_record *ex, *org;
		enum oreg_name_level level;
	} *pairs;
	size_t npairs, apairs;
};

/* The exclusions, screenings and schemas an organisation is compared under; 0 when not known. */
static uint64_t compared_under(const struct state *st)
{
	uint64_t h = OREG_HASH_INIT ^ st->schemas_key;
	size_t i;

	if (!st->schemas_key)
		return 0;
	for (i = 0; i < st->nexclusions; i++)
		h = oreg_hash(h, &st->exclusions[i], sizeof(st->exclusions[i]));
	h = oreg_hash(h, "|", 1);
	for (i = 0; i < st->nscreenings; i++)
		h = oreg_hash(h, &st->screenings[i], sizeof(st->screenings[i]));
	return h ? h : 1;
}

static struct memo_entry *memo_slot(struct hits_memo *m, const struct oreg_record *org, uint64_t key)
{
	size_t at = (size_t)(oreg_hash(key, &org, sizeof(org)) & (m->size - 1));

	while (m->items[at].oh && (m->items[at].org != org || m->items[at].key != key))
		at = (at + 1) & (m->size - 1);
	return &m->items[at];
}

static struct org_hits *memo_find(struct oreg_checker *chk, const struct oreg_record *org, uint64_t key)
{
	struct hits_memo *m = chk->hits_memo;

	return m && key && m->size ? memo_slot(m, org, key)->oh : NULL;
}

/* Room in m for one more entry: 0, or -1 when there is none. */
static int memo_room(struct hits_memo *m)
{
	struct memo_entry *bigger;
	size_t size, i;

	if ((m->n + 1) * 2 <= m->size)
		return 0;
	size = m->size ? m->size * 2 : 256;
	if (!(bigger = oreg_calloc(size, sizeof(*bigger))))
		return -1;
	for (i = 0; i < m->size; i++)
		if (m->items[i].oh) {
			struct hits_memo b = { .items = bigger, .size = size };

			*memo_slot(&b, m->items[i].org, m->items[i].key) = m->items[i];
		}
	free(m->items);
	m->items = bigger;
	m->size = size;
	return 0;
}

static int by_address(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)*(const struct oreg_record *const *)a, y = (uintptr_t)*(const struct oreg_record *const *)b;

	return x < y ? -1 : x > y;
}

/* The memo's copy of st's exclusions (compared under key), made once per key; NULL when out of memory. */
static const struct exclusion_set *memo_set(struct hits_memo *m, const struct state *st, uint64_t key)
{
	struct exclusion_set *set;
	size_t i, a;

	for (i = m->nsets; i-- > 0;)
		if (m->set_keys[i] == key)
			return m->sets[i];
	a = m->asets;
	if (oreg_grow((void **)&m->sets, &a, m->nsets + 1, sizeof(*m->sets)) < 0)
		return NULL;
	a = m->asets;
	if (oreg_grow((void **)&m->set_keys, &a, m->nsets + 1, sizeof(*m->set_keys)) < 0)
		return NULL;
	m->asets = a;
	if (!(set = oreg_calloc(1, sizeof(*set))) ||
		!(set->ex = oreg_calloc(st->nexclusions ? st->nexclusions : 1, sizeof(*set->ex)))) {
		free(set);
		return NULL;
	}
	memcpy(set->ex, st->exclusions, st->nexclusions * sizeof(*set->ex));
	set->n = st->nexclusions;
	set->schemas_key = st->schemas_key;
	qsort(set->ex, set->n, sizeof(*set->ex), by_address);
	m->sets[m->nsets] = set;
	m->set_keys[m->nsets++] = key;
	return set;
}

static bool in_set(const struct exclusion_set *set, const struct oreg_record *ex)
{
	return bsearch(&ex, set->ex, set->n, sizeof(*set->ex), by_address) != NULL;
}

/* The comparisons of org made last, under any key, or NULL. */
static const struct org_hits *memo_latest(struct oreg_checker *chk, const struct oreg_record *org)
{
	struct hits_memo *m = chk->hits_memo;

	return m && m->latest && m->latest->size ? memo_slot(m->latest, org, 0)->oh : NULL;
}

/* Keep oh in the memo (when it cannot, the state's slot keeps owning it). */
static void memo_keep(struct oreg_checker *chk, const struct state *st, const struct oreg_record *org,
	uint64_t key, struct org_hits *oh)
{
	struct hits_memo *m = chk->hits_memo;
	struct memo_entry *e;

	if (!key || (!m && !(m = chk->hits_memo = oreg_calloc(1, sizeof(*m)))))
		return;
	if (memo_room(m) < 0)
		return;
	e = memo_slot(m, org, key);
	e->org = org;
	e->key = key;
	e->oh = oh;
	m->n++;
	oh->kept = 1;
	/* the latest comparisons of org: a later key starts from them */
	if ((!m->latest && !(m->latest = oreg_calloc(1, sizeof(*m->latest)))) ||
		!(oh->under = memo_set(m, st, key)) || memo_room(m->latest) < 0)
		return;
	e = memo_slot(m->latest, org, 0);
	m->latest->n += !e->oh;
	e->org = org;
	e->oh = oh;
}

static void free_hits(void *data)
{
	struct org_hits *oh = data;

	if (oh->kept)
		return;
	free(oh->hits);
	free(oh->matched);
	free(oh);
}

void rules_memo_free(void *memo)
{
	struct hits_memo *m = memo;
	size_t i;

	for (i = 0; m && i < m->size; i++)
		if (m->items[i].oh) {
			m->items[i].oh->kept = 0;
			free_hits(m->items[i].oh);
		}
	if (m) {
		free(m->items);
		if (m->latest)
			free(m->latest->items);
		free(m->latest);
		for (i = 0; i < m->nsets; i++) {
			free(m->sets[i]->ex);
			free(m->sets[i]);
		}
		free(m->sets);
		free(m->set_keys);
		free(m->pairs);
	}
	free(m);
}

/* A name for a message, quoted, with code points a record may not hold shown as <U+202E>. */
static void add_name(struct oreg_buf *b, const char *s)
{
	oreg_buf_addch(b, '\'');
	oreg_name_add_shown(b, s);
	oreg_buf_addch(b, '\'');
}

/* How exclusion ex compares with organisation org, into h. */
static void compare(const struct oreg_register *reg, const struct oreg_record *ex, const struct oreg_record *org,
	struct hit *h)
{
	struct oreg_buf why = OREG_BUF_INIT;
	size_t i, j;

	memset(h, 0, sizeof(*h));
	h->ex = ex;
	if (ex->organisation && org->id && !strcmp(ex->organisation, org->id)) {
		h->level = OREG_NAME_MATCH;
		h->score = 100;
		snprintf(h->reason, sizeof(h->reason), "the exclusion names this organisation");
		return;
	}
	/* a record with the exclusion's id is the excluded organisation until a screening says not */
	if (ex->id && org->id && !strcmp(ex->id, org->id)) {
		h->level = OREG_NAME_MATCH;
		h->score = 100;
		snprintf(h->reason, sizeof(h->reason), "same id as the exclusion");
		h->by_name = 1;
		return;
	}
	if (ex->kvk && org->kvk && !strcmp(ex->kvk, org->kvk)) {
		h->level = OREG_NAME_MATCH;
		h->score = 100;
		snprintf(h->reason, sizeof(h->reason), "same KvK number %s", org->kvk);
		return;
	}
	for (i = 0; i < ex->nnames; i++) {
		for (j = 0; j < org->nnames; j++) {
			struct oreg_name_match m;

			if (!oreg_name_compare(&m, &ex->forms[i], &org->forms[j], reg) ||
				m.level < h->level || (m.level == h->level && m.score <= h->score))
				continue;
			h->level = m.level;
			h->score = m.score;
			oreg_buf_clear(&why);
			add_name(&why, org->names[j]);
			oreg_buf_adds(&why, " against ");
			add_name(&why, ex->names[i]);
			oreg_buf_addf(&why, ": %s", m.reason);
			snprintf(h->reason, sizeof(h->reason), "%s", oreg_buf_error(&why) ? m.reason : why.ptr);
		}
	}
	h->by_name = 1;
	oreg_buf_release(&why);
}

static struct pair *pair_slot(struct pair *pairs, size_t size, const struct oreg_record *ex,
	const struct oreg_record *org)
{
	size_t at = (size_t)(oreg_hash(oreg_hash(OREG_HASH_INIT, &ex, sizeof(ex)), &org, sizeof(org)) & (size - 1));

	while (pairs[at].ex && (pairs[at].ex != ex || pairs[at].org != org))
		at = (at + 1) & (size - 1);
	return &pairs[at];
}

enum oreg_name_level rules_compare(struct state *st, const struct oreg_record *ex, const struct oreg_record *org)
{
	struct hits_memo *m = st->checker->hits_memo;
	struct pair *p;
	struct hit h;

	/* the records of one schemas key compare the same way in every state */
	if (st->schemas_key && !m)
		m = st->checker->hits_memo = oreg_calloc(1, sizeof(*m)); /* NULL: compared each time */
	if (st->schemas_key && m && m->apairs && (p = pair_slot(m->pairs, m->apairs, ex, org))->ex)
		return p->level;
	compare(st->reg, ex, org, &h);
	if (!st->schemas_key || !m)
		return h.level;
	if ((m->npairs + 1) * 2 > m->apairs) {
		size_t size = m->apairs ? m->apairs * 2 : 1024, i;
		struct pair *bigger = oreg_calloc(size, sizeof(*bigger));

		if (!bigger)
			return h.level;
		for (i = 0; i < m->apairs; i++)
			if (m->pairs[i].ex)
				*pair_slot(bigger, size, m->pairs[i].ex, m->pairs[i].org) = m->pairs[i];
		free(m->pairs);
		m->pairs = bigger;
		m->apairs = size;
	}
	p = pair_slot(m->pairs, m->apairs, ex, org);
	p->ex = ex;
	p->org = org;
	p->level = h.level;
	m->npairs++;
	return h.level;
}

static int screening_of(const struct oreg_record *sc, const struct oreg_record *org)
{
	return sc->organisation && org->id && !strcmp(sc->organisation, org->id) && sc->outcome;
}

static int cmp_hits(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;

	if (x->level != y->level)
		return x->level > y->level ? -1 : 1;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return strcmp(x->ex->path, y->ex->path);
}

/*
 * How org compares with the exclusions and screenings of st (loaded),
 * taking the comparisons with exclusions it shares with prev (or NULL)
 * from there: for any thread, the memo only read.
 */
static int compute_hits(struct state *st, const struct oreg_record *org, const struct org_hits *prev,
	struct org_hits **out)
{
	struct org_hits *oh;
	size_t i, j;

	*out = NULL;
	if (!(oh = oreg_calloc(1, sizeof(*oh))))
		return OREG_ENOMEM;
	for (i = 0; i < st->nexclusions; i++) {
		struct hit h;

		if (prev && prev->under && in_set(prev->under, st->exclusions[i])) {
			for (j = 0; j < prev->nhits && prev->hits[j].ex != st->exclusions[i]; j++)
				;
			if (j == prev->nhits)
				continue; /* no hit then, none now: the comparison is of the two records alone */
			h = prev->hits[j];
			h.settled = 0;
		} else {
			compare(st->reg, st->exclusions[i], org, &h);
		}
		if (!h.level)
			continue;
		for (j = 0; j < st->nscreenings; j++) {
			const struct oreg_record *sc = st->screenings[j];

			if (screening_of(sc, org) && sc->screened_exclusion && st->exclusions[i]->id &&
				!strcmp(sc->screened_exclusion, st->exclusions[i]->id) && !strcmp(sc->outcome, "geen-match"))
				h.settled = 1;
		}
		{
			struct hit *more = oreg_realloc(oh->hits, (oh->nhits + 1) * sizeof(*more));

			if (!more)
				goto nomem;
			oh->hits = more;
		}
		oh->hits[oh->nhits++] = h;
	}
	if (oh->nhits)
		qsort(oh->hits, oh->nhits, sizeof(*oh->hits), cmp_hits);
	for (j = 0; j < st->nscreenings; j++) {
		const struct oreg_record *sc = st->screenings[j];

		if (!screening_of(sc, org) || strcmp(sc->outcome, "match") || !sc->date)
			continue;
		{
			const struct oreg_record **more = oreg_realloc(oh->matched, (oh->nmatched + 1) * sizeof(*more));

			if (!more)
				goto nomem;
			oh->matched = more;
		}
		oh->matched[oh->nmatched++] = sc;
	}
	*out = oh;
	return 0;
nomem:
	free_hits(oh);
	return OREG_ENOMEM;
}

/* The comparisons made before that org's may start from, under key, or NULL. */
static const struct org_hits *previous_hits(struct state *st, const struct oreg_record *org, uint64_t key)
{
	/* compared before with other exclusions in force: those it shares with st are not compared again */
	const struct org_hits *prev = key ? memo_latest(st->checker, org) : NULL;

	if (prev && (!prev->under || prev->under->schemas_key != st->schemas_key))
		prev = NULL;
	return prev;
}

/* The organisation's comparisons in this snapshot, made on first use (the rules run on one thread). */
static int org_hits(struct state *st, const struct oreg_record *org, size_t at, const struct org_hits **out)
{
	struct org_hits *oh;
	void **slot;
	uint64_t key = 0;
	int err;

	*out = NULL;
	if ((err = state_load_exclusions(st)) < 0 || (err = state_load_screenings(st)) < 0)
		return err;
	if (!(slot = state_slot(st, at)))
		return OREG_ENOMEM;
	/* made already: only read, for the rules run on every core (state_check_all) */
	if ((oh = *slot)) {
		*out = oh;
		return 0;
	}
	if ((oh = memo_find(st->checker, org, key = compared_under(st)))) {
		*out = *slot = oh;
		return 0;
	}
	if ((err = compute_hits(st, org, previous_hits(st, org, key), &oh)) < 0)
		return err;
	*slot = oh;
	memo_keep(st->checker, st, org, key, oh);
	*out = oh;
	return 0;
}

struct prepare {
	struct state *st;
	const size_t *at;
	struct org_hits **hits;
	uint64_t key;
};

static int prepare_one(void *payload, size_t i, struct oreg_worker *w)
{
	struct prepare *p = payload;
	const struct oreg_record *org = p->st->records[p->at[i]];

	(void)w;
	if (!org || !org->loaded || !org->type || strcmp(org->type, "organisation") ||
		memo_find(p->st->checker, org, p->key))
		return 0;
	return compute_hits(p->st, org, previous_hits(p->st, org, p->key), &p->hits[i]);
}

int rules_prepare_organisations(struct state *st, const size_t *at, size_t n)
{
	struct prepare p = { .st = st, .at = at };
	struct oreg_parallel job = { .threads = st->checker->threads, .fn = prepare_one, .payload = &p, .n = n };
	size_t i;
	int err;

	if (!n)
		return 0;
	if ((err = state_load_exclusions(st)) < 0 || (err = state_load_screenings(st)) < 0)
		return err;
	if (!(p.hits = oreg_calloc(n, sizeof(*p.hits))))
		return OREG_ENOMEM;
	p.key = compared_under(st);
	/* the memo is only read on the workers, and written here after */
	err = oreg_parallel_for(&job);
	for (i = 0; i < n; i++) {
		void **slot;

		if (!p.hits[i])
			continue;
		/* a comparison made before (the slot's) stays the one used */
		if (err < 0 || !(slot = state_slot(st, at[i])) || *slot) {
			if (err >= 0 && !slot)
				err = OREG_ENOMEM;
			free_hits(p.hits[i]);
			continue;
		}
		*slot = p.hits[i];
		memo_keep(st->checker, st, st->records[at[i]], p.key, p.hits[i]);
	}
	free(p.hits);
	return err;
}

void rules_release(struct state *st)
{
	state_slots_each(st, free_hits);
}

static bool excluded_on(const struct oreg_record *ex, int32_t day)
{
	const struct oreg_period *p = &ex->periods[0];

	/* excluded from since; on until the exclusion was lifted */
	return p->from <= day && (!p->until || day < p->until);
}

/* Is h an error-level comparison: a match, or a possible match no screening settled? */
static bool counts(const struct hit *h)
{
	return h->level == OREG_NAME_MATCH || (h->level == OREG_NAME_POSSIBLE && !h->settled);
}

int rules_organisation_excluded(struct state *st, const struct oreg_record *org)
{
	const struct org_hits *oh;
	long at = org->id ? state_find_record(st, "organisation", org->id) : -1;
	size_t i;
	int err;

	if (at < 0)
		return 0;
	if ((err = org_hits(st, org, (size_t)at, &oh)) < 0)
		return err;
	for (i = 0; i < oh->nhits; i++)
		if (counts(&oh->hits[i]))
			return 1;
	return oh->nmatched > 0;
}

static int add(struct oreg_findings *findings, enum oreg_severity sev, const struct oreg_record *rec,
	unsigned line, unsigned column, const char *rule, const char *pointer, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));

static int add(struct oreg_findings *findings, enum oreg_severity sev, const struct oreg_record *rec,
	unsigned line, unsigned column, const char *rule, const char *pointer, const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = oreg_findings_vadd(findings, sev, rec->path, line, column, rule, pointer, fmt, ap);
	va_end(ap);
	return err;
}

/* "match with exclusion 'x' (records/exclusions/x.yaml, excluded since D; source: S): REASON" */
static void describe_hit(struct oreg_buf *b, const struct hit *h)
{
	char since[16];

	format_day(since, h->ex->periods[0].from);
	oreg_buf_addf(b, "%s with exclusion '%s' (%s, excluded since %s; source: %s): %s",
		oreg_name_level_name(h->level), h->ex->id ? h->ex->id : "?", h->ex->path, since,
		h->ex->source ? h->ex->source : "none given", h->reason);
}

/*
 * The id of an existing record of type t closest to id: at most two edits
 * away (a swap of neighbours counting as one), fewer than its length, the
 * first of the nearest in path order; NULL when there is none.
 */
static const char *similar_id(const struct state *st, const struct oreg_record_type *t, const char *id, size_t *len)
{
	struct oreg_buf prefix = OREG_BUF_INIT;
	const char *best = NULL;
	size_t best_distance = 3, idlen = strlen(id), i;

	oreg_buf_addf(&prefix, "%s/%s/", st->reg->records_dir, t->folder);
	for (i = 0; i < st->entries.count && !oreg_buf_error(&prefix); i++) {
		const char *path = st->entries.items[i].path, *name;
		size_t n, d;

		if (strncmp(path, prefix.ptr, prefix.len) || strchr(name = path + prefix.len, '/'))
			continue;
		n = strlen(name);
		if (n <= 5 || strcmp(name + n - 5, ".yaml"))
			continue;
		d = oreg_edit_distance(id, idlen, name, n - 5, 2, OREG_EDIT_SWAP);
		if (d < best_distance && d < idlen) {
			best = name;
			*len = n - 5;
			best_distance = d;
		}
	}
	oreg_buf_release(&prefix);
	return best;
}

static int check_refs(struct state *st, const struct oreg_record *rec, struct oreg_findings *findings)
{
	const char *similar;
	size_t i, j, similar_len = 0;
	int err;

	for (i = 0; i < rec->nrefs; i++) {
		const struct oreg_ref *r = &rec->refs[i];
		const struct oreg_record_type *t = NULL;
		const char *why;

		for (j = 0; j < st->reg->ntypes; j++)
			if (!strcmp(st->reg->types[j].name, r->type))
				t = &st->reg->types[j];
		if (!t || t->year_field || !oreg_id_valid(r->id, strlen(r->id), &why))
			continue; /* the schema reports a malformed id */
		if (state_find_record(st, r->type, r->id) >= 0)
			continue;
		if ((err = state_list(st)) < 0) /* the records it may have meant */
			return err;
		similar = similar_id(st, t, r->id, &similar_len);
		if (similar)
			err = add(findings, OREG_SEVERITY_ERROR, rec, r->line, r->column, OREG_RULE_REF, r->pointer,
				"%s '%s' does not exist: did you mean '%.*s'?", r->type, r->id, (int)similar_len, similar);
		else
			err = add(findings, OREG_SEVERITY_ERROR, rec, r->line, r->column, OREG_RULE_REF, r->pointer,
				"%s '%s' does not exist: add %s/%s/%s.yaml or correct the id", r->type, r->id,
				st->reg->records_dir, t->folder, r->id);
		if (err < 0)
			return err;
	}
	return 0;
}

static const char incident_fix[] = "the ministry has no contact with excluded organisations: if this contact "
	"took place, keep it and record it with an incident block (explanation, reported-to, reference) in a "
	"commit with a Reference: trailer";

static int contact_finding(const struct oreg_record *rec, const struct oreg_ref *r, struct oreg_buf *msg,
	struct oreg_findings *findings)
{
	int err = oreg_buf_error(msg);

	if (!err)
		err = add(findings, rec->incident ? OREG_SEVERITY_WARNING : OREG_SEVERITY_ERROR, rec, r->line, r->column,
			OREG_RULE_EXCLUSION, r->pointer, "%s", msg->ptr);
	oreg_buf_release(msg);
	return err;
}

/*
 * A contact may not name an organisation that matches or possibly matches
 * an exclusion in force on its date, nor one a screening found a match
 * before it.  With an incident block it is a warning: it happened, and is
 * kept as evidence.
 */
static int check_contact(struct state *st, const struct oreg_record *rec, struct oreg_findings *findings)
{
	size_t i, k;
	int err = 0;

	for (i = 0; i < rec->nrefs && !err; i++) {
		const struct oreg_ref *r = &rec->refs[i];
		const struct oreg_record *org;
		const struct org_hits *oh;
		char day[16];
		long at;

		if (strcmp(r->type, "organisation") || (at = state_find_record(st, r->type, r->id)) < 0)
			continue;
		/* the organisation's facts: its own findings are not this contact's */
		if (!(org = state_facts(st, (size_t)at, &err)) || !org->loaded)
			continue;
		if ((err = org_hits(st, org, (size_t)at, &oh)) < 0)
			return err;
		format_day(day, rec->date);
		for (k = 0; k < oh->nhits && !err; k++) {
			const struct hit *h = &oh->hits[k];
			struct oreg_buf msg = OREG_BUF_INIT;

			if (!counts(h) || !excluded_on(h->ex, rec->date))
				continue;
			oreg_buf_addf(&msg, "contact on %s with '%s': ", day, r->id);
			describe_hit(&msg, h);
			if (rec->incident)
				oreg_buf_adds(&msg, ": recorded incident: the contact should not have happened and is kept "
					"as evidence");
			else if (h->level == OREG_NAME_MATCH)
				oreg_buf_addf(&msg, ": %s; if the contact was with another organisation, correct the "
					"organisation", incident_fix);
			else
				oreg_buf_addf(&msg, ": %s; if '%s' is not the excluded organisation, record a screening "
					"of it with outcome geen-match for exclusion '%s'", incident_fix, r->id, h->ex->id);
			err = contact_finding(rec, r, &msg, findings);
		}
		for (k = 0; k < oh->nmatched && !err; k++) {
			const struct oreg_record *sc = oh->matched[k];
			struct oreg_buf msg = OREG_BUF_INIT;
			char screened[16];

			if (rec->date <= sc->date)
				continue;
			format_day(screened, sc->date);
			oreg_buf_addf(&msg, "contact on %s with '%s', which screening %s found a match on %s", day,
				r->id, sc->path, screened);
			if (rec->incident)
				oreg_buf_adds(&msg, ": recorded incident: the contact should not have happened and is kept "
					"as evidence");
			else
				oreg_buf_addf(&msg, ": %s", incident_fix);
			err = contact_finding(rec, r, &msg, findings);
		}
	}
	return err;
}

static bool overlaps(const struct oreg_period *p, const struct oreg_period *ex)
{
	/* a partnership runs through its until; an exclusion stops on its until */
	return (!ex->until || p->from < ex->until) && (!p->until || ex->from <= p->until);
}

/*
 * An organisation: no partnership while it matches an exclusion; and a
 * record whose names match an exclusion that does not name it is itself a
 * finding (an error for a match, a warning for a possible match) until
 * the exclusion links it or a screening settles it.
 */
static int check_organisation(struct state *st, const struct oreg_record *org, size_t at,
	struct oreg_findings *findings)
{
	const struct org_hits *oh;
	size_t i, j;
	int err;

	if ((err = org_hits(st, org, at, &oh)) < 0)
		return err;
	for (i = 0; i < oh->nhits; i++) {
		const struct hit *h = &oh->hits[i];

		if (h->by_name && !h->settled) {
			struct oreg_buf msg = OREG_BUF_INIT;

			oreg_buf_adds(&msg, "this organisation is a ");
			describe_hit(&msg, h);
			if (h->level == OREG_NAME_MATCH)
				oreg_buf_addf(&msg, ": if it is the excluded organisation, link it with 'organisation: %s' in "
					"%s; if not, record a screening of it with outcome geen-match for exclusion '%s'",
					org->id ? org->id : "?", h->ex->path, h->ex->id);
			else
				oreg_buf_addf(&msg, ": check whether it is the excluded organisation: if so, link it with "
					"'organisation: %s' in %s; if not, record a screening of it with outcome geen-match "
					"for exclusion '%s'", org->id ? org->id : "?", h->ex->path, h->ex->id);
			err = oreg_buf_error(&msg);
			if (!err)
				err = add(findings, h->level == OREG_NAME_MATCH ? OREG_SEVERITY_ERROR : OREG_SEVERITY_WARNING,
					org, org->name_line, org->name_column, OREG_RULE_EXCLUSION, "/name", "%s", msg.ptr);
			oreg_buf_release(&msg);
			if (err < 0)
				return err;
		}
		if (!counts(h))
			continue;
		for (j = 0; j < org->nperiods; j++) {
			const struct oreg_period *p = &org->periods[j];
			struct oreg_buf msg = OREG_BUF_INIT;
			char from[16];

			if (!overlaps(p, &h->ex->periods[0]))
				continue;
			format_day(from, p->from);
			oreg_buf_addf(&msg, "partnership from %s overlaps the time this organisation is excluded: ", from);
			describe_hit(&msg, h);
			oreg_buf_adds(&msg, ": end the partnership before the exclusion began");
			if (h->level == OREG_NAME_POSSIBLE)
				oreg_buf_addf(&msg, ", or, if this is not the excluded organisation, record a screening of it "
					"with outcome geen-match for exclusion '%s'", h->ex->id);
			err = oreg_buf_error(&msg);
			if (!err)
				err = add(findings, OREG_SEVERITY_ERROR, org, p->line, p->column, OREG_RULE_EXCLUSION,
					p->pointer, "%s", msg.ptr);
			oreg_buf_release(&msg);
			if (err < 0)
				return err;
		}
	}
	return 0;
}

/* Contact ids are unique across the year folders. */
static int check_unique_id(struct state *st, const struct oreg_record *rec, struct oreg_findings *findings)
{
	const struct oreg_record_type *t = state_type(st, rec->type);
	struct oreg_buf other = OREG_BUF_INIT, file = OREG_BUF_INIT;
	size_t i;
	int err;

	if (!t || (err = state_load_year_folders(st, t)) < 0)
		return t ? err : 0;
	oreg_buf_addf(&file, "%s.yaml", rec->id);
	if ((err = oreg_buf_error(&file)) < 0)
		return err;
	for (i = 0; i < st->nyear_folders && !err; i++) {
		size_t fl = strlen(st->year_folders[i]);

		if (!strncmp(rec->path, st->year_folders[i], fl) && !strcmp(rec->path + fl, file.ptr))
			continue; /* the record itself */
		if (!state_year_folder_has(st, i, file.ptr))
			continue;
		oreg_buf_clear(&other);
		oreg_buf_addf(&other, "%s%s", st->year_folders[i], file.ptr);
		if ((err = oreg_buf_error(&other)) == 0)
			err = add(findings, OREG_SEVERITY_ERROR, rec, 1, 1, OREG_RULE_LAYOUT, "",
				"%s id '%s' is also used by %s: ids are unique across years; rename one of them",
				t->name, rec->id, other.ptr);
	}
	oreg_buf_release(&other);
	oreg_buf_release(&file);
	return err;
}

int rules_check_record(struct state *st, size_t i, struct oreg_findings *findings)
{
	struct oreg_record *rec;
	int err;

	if (!(rec = state_record(st, i, &err)))
		return err;
	if ((err = oreg_record_emit(rec, findings)) < 0)
		return err;
	if (!rec->loaded || !rec->type)
		return 0;
	if ((err = check_refs(st, rec, findings)) < 0)
		return err;
	if (rec->dated) {
		if (rec->date && (err = check_contact(st, rec, findings)) < 0)
			return err;
		if ((err = check_unique_id(st, rec, findings)) < 0)
			return err;
	} else if (!strcmp(rec->type, "organisation")) {
		if ((err = check_organisation(st, rec, i, findings)) < 0)
			return err;
	}
	return 0;
}
