/*
 * screen.c - screening one organisation before a meeting: its names and
 * KvK number against the register's exclusions and against the lists the
 * screening world publishes (FollowTheMoney JSON lines, as OpenSanctions
 * ships them, or a CSV with a 'name' column).  Names compare as the
 * exclusion rule compares them (names.c); a list is read once, an entity
 * at a time, so a million entities take bounded memory.
 */
#include "check.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A line longer than this is no entity anyone screens with; it is skipped. */
#define MAX_LINE (8u << 20)

#define SCHEMAS_REGISTER "schemas/register.yaml"

/* The closest entities of a list reported for one organisation; the rest are counted. */
#define MAX_LIST_FINDINGS 5

/* One organisation screened: its names, their forms and its KvK number. */
struct subject {
	const char *const *names;
	const struct oreg_name_forms *forms;
	size_t nnames;
	const char *kvk;
	struct oreg_name_match best; /* while an entity is compared */
	const char *best_name;
};

struct oreg_screen {
	const struct oreg_register *reg;
	struct oreg_register *own_reg; /* loaded by oreg_screen_open */
	struct oreg_arena arena; /* the subjects' forms and copies */
	struct subject *subjects;
	size_t nsubjects, subjects_alloc;
	struct oreg_screen_hit *hits;
	size_t nhits, alloc;
	int sorted;
};

int oreg_screen_start(struct oreg_screen **out, const struct oreg_register *reg)
{
	struct oreg_screen *s;

	*out = NULL;
	if (!(s = oreg_calloc(1, sizeof(*s))))
		return OREG_ENOMEM;
	s->reg = reg;
	oreg_arena_init(&s->arena);
	*out = s;
	return 0;
}

int oreg_screen_add(struct oreg_screen *s, const char *const *names, const struct oreg_name_forms *forms,
	size_t nnames, const char *kvk)
{
	struct subject *sub;
	struct oreg_name_forms *computed;
	const char **copy;
	size_t i;
	int err;

	if (oreg_grow((void **)&s->subjects, &s->subjects_alloc, s->nsubjects + 1, sizeof(*s->subjects)) < 0)
		return OREG_ENOMEM;
	sub = &s->subjects[s->nsubjects];
	memset(sub, 0, sizeof(*sub));
	/* the names stay the caller's; the array that holds them is copied */
	if (!(copy = oreg_arena_alloc(&s->arena, (nnames + 1) * sizeof(*copy))))
		return OREG_ENOMEM;
	memcpy(copy, names, nnames * sizeof(*copy));
	names = copy;
	if (kvk) {
		char *k = oreg_arena_alloc(&s->arena, strlen(kvk) + 1);

		if (!k)
			return OREG_ENOMEM;
		sub->kvk = strcpy(k, kvk);
	}
	if (!forms) {
		if (!(computed = oreg_arena_alloc(&s->arena, (nnames + 1) * sizeof(*computed))))
			return OREG_ENOMEM;
		for (i = 0; i < nnames; i++)
			if ((err = oreg_name_forms_compute(&computed[i], &s->arena, s->reg, names[i], strlen(names[i]))) < 0)
				return err;
		forms = computed;
	}
	sub->names = names;
	sub->forms = forms;
	sub->nnames = nnames;
	return (int)s->nsubjects++;
}

int oreg_screen_new(struct oreg_screen **out, const struct oreg_register *reg, const char *const *names,
	size_t nnames, const char *kvk)
{
	int err;

	if ((err = oreg_screen_start(out, reg)) < 0)
		return err;
	if ((err = oreg_screen_add(*out, names, NULL, nnames, kvk)) < 0) {
		oreg_screen_free(*out);
		*out = NULL;
		return err;
	}
	return 0;
}

static void hits_free(struct oreg_screen_hit *hits, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(hits[i].source);
		free(hits[i].id);
		free(hits[i].name);
		free(hits[i].reason);
	}
	free(hits);
}

void oreg_screen_free(struct oreg_screen *s)
{
	if (!s)
		return;
	hits_free(s->hits, s->nhits);
	free(s->subjects);
	oreg_arena_release(&s->arena);
	oreg_register_free(s->own_reg);
	free(s);
}

int oreg_screen_open(struct oreg_screen **out, struct oreg_checker *chk, struct oreg_snapshot *snap,
	const char *name, const char *kvk, const char *organisation)
{
	struct oreg_findings scratch;
	struct oreg_register *reg = NULL;
	struct state st;
	int err;

	*out = NULL;
	oreg_findings_init(&scratch);
	memset(&st, 0, sizeof(st));
	if ((err = oreg_register_load(&reg, oreg_snapshot_read, snap, &scratch)) < 0)
		goto done;
	if (!reg) {
		err = oreg_error(OREG_EINVALID, "the register's configuration has errors: see openreg check");
		goto done;
	}
	if (!organisation) {
		err = oreg_screen_new(out, reg, &name, 1, kvk);
	} else {
		const struct oreg_record *org;
		long at;

		if ((err = state_open(&st, chk, snap, &scratch)) < 0)
			goto done;
		if ((at = state_find_record(&st, "organisation", organisation)) < 0) {
			err = oreg_error(OREG_ENOTFOUND, "no organisation '%s' in the register", organisation);
			goto done;
		}
		if (!(org = state_record(&st, (size_t)at, &err)))
			goto done;
		if (!org->loaded || !org->nnames) {
			err = oreg_error(OREG_EINVALID, "organisation '%s' has no readable name: see openreg check",
				organisation);
			goto done;
		}
		err = oreg_screen_new(out, reg, org->names, org->nnames, kvk ? kvk : org->kvk);
	}
	if (!err) {
		(*out)->own_reg = reg;
		reg = NULL;
	}
done:
	state_close(&st);
	oreg_register_free(reg);
	oreg_findings_release(&scratch);
	return err;
}

/* Each subject's best against one candidate name so far, in sub->best. */
static void compare_name(struct oreg_screen *s, struct subject *sub, const struct oreg_name_forms *cand,
	const char *cand_name)
{
	size_t i;

	for (i = 0; i < sub->nnames; i++) {
		struct oreg_name_match m;

		/* the candidate stands where an exclusion would: its words must be in the subject's */
		if (!oreg_name_compare(&m, cand, &sub->forms[i], s->reg))
			continue;
		if (m.level > sub->best.level || (m.level == sub->best.level && m.score > sub->best.score)) {
			sub->best = m;
			sub->best_name = cand_name;
		}
	}
}

/* Start comparing every subject with a new candidate. */
static void reset_best(struct oreg_screen *s)
{
	size_t i;

	for (i = 0; i < s->nsubjects; i++) {
		memset(&s->subjects[i].best, 0, sizeof(s->subjects[i].best));
		s->subjects[i].best_name = NULL;
	}
}

static int add_hit(struct oreg_screen *s, size_t subject, const char *source, const char *id, const char *name,
	const struct oreg_name_match *m)
{
	struct oreg_screen_hit *h;

	if (oreg_grow((void **)&s->hits, &s->alloc, s->nhits + 1, sizeof(*s->hits)) < 0)
		return OREG_ENOMEM;
	h = &s->hits[s->nhits];
	memset(h, 0, sizeof(*h));
	h->subject = subject;
	h->match = m->level == OREG_NAME_MATCH;
	h->score = m->score;
	{
		/* names from a list are anyone's: shown without controls or bidi overrides */
		struct oreg_buf b = OREG_BUF_INIT;

		oreg_name_add_shown(&b, name ? name : "");
		h->name = oreg_buf_detach(&b, NULL);
	}
	if (!(h->source = oreg_strdup(source)) || !(h->id = oreg_strdup(id ? id : "")) || !h->name ||
		!(h->reason = oreg_strdup(m->reason))) {
		free(h->source);
		free(h->id);
		free(h->name);
		return OREG_ENOMEM;
	}
	s->nhits++;
	s->sorted = 0;
	return 0;
}

/* A hit for each subject the candidate compared with. */
static int add_hits(struct oreg_screen *s, const char *source, const char *id)
{
	size_t i;
	int err;

	for (i = 0; i < s->nsubjects; i++) {
		const struct subject *sub = &s->subjects[i];

		if (sub->best.level && (err = add_hit(s, i, source, id, sub->best_name, &sub->best)) < 0)
			return err;
	}
	return 0;
}

static void same_number_found(struct subject *sub, const char *what)
{
	sub->best.level = OREG_NAME_MATCH;
	sub->best.score = 100;
	snprintf(sub->best.reason, sizeof(sub->best.reason), "same %s %s", what, sub->kvk);
}

/* Has every subject compared as closely as it can? */
static int all_found(const struct oreg_screen *s)
{
	size_t i;

	for (i = 0; i < s->nsubjects; i++)
		if (s->subjects[i].best.score < 100)
			return 0;
	return 1;
}

/* Mark the hits from s->nhits - n on as exclusion ex's on day, and say so in their reasons. */
static int judge_on(struct oreg_screen *s, size_t from, const struct oreg_record *ex, int32_t day)
{
	const struct oreg_period *p = ex->nperiods ? &ex->periods[0] : NULL;
	size_t i;

	for (i = from; p && i < s->nhits; i++) {
		struct oreg_screen_hit *h = &s->hits[i];
		struct oreg_buf reason = OREG_BUF_INIT;
		char d[OREG_DATE_SIZE], on[OREG_DATE_SIZE];

		h->since = p->from;
		h->until = p->until;
		if (!day)
			continue;
		/* excluded from since; on until it was lifted */
		if (p->until && p->until <= day) {
			h->status = OREG_SCREEN_LIFTED;
			oreg_buf_addf(&reason, "%s; the exclusion was lifted on %s: not in force on %s", h->reason,
				oreg_date_format(d, p->until), oreg_date_format(on, day));
		} else if (p->from > day) {
			h->status = OREG_SCREEN_UPCOMING;
			oreg_buf_addf(&reason, "%s; the exclusion is in force only from %s: not yet on %s", h->reason,
				oreg_date_format(d, p->from), oreg_date_format(on, day));
		} else {
			continue;
		}
		if (oreg_buf_error(&reason)) {
			oreg_buf_release(&reason);
			return OREG_ENOMEM;
		}
		free(h->reason);
		h->reason = oreg_buf_detach(&reason, NULL);
	}
	return 0;
}

int oreg_screen_exclusions(struct oreg_screen *s, struct oreg_checker *chk, struct oreg_snapshot *snap,
	int32_t day)
{
	struct oreg_findings scratch;
	struct state st;
	size_t i, j, k;
	int err;

	oreg_findings_init(&scratch);
	if ((err = state_open(&st, chk, snap, &scratch)) < 0 || !st.reg) {
		if (!err)
			err = oreg_error(OREG_EINVALID, "the register's configuration has errors: see openreg check");
		goto done;
	}
	if ((err = state_load_exclusions(&st)) < 0)
		goto done;
	for (i = 0; i < st.nexclusions; i++) {
		const struct oreg_record *ex = st.exclusions[i];

		size_t before = s->nhits;

		reset_best(s);
		for (k = 0; k < s->nsubjects; k++) {
			struct subject *sub = &s->subjects[k];

			if (sub->kvk && ex->kvk && !strcmp(sub->kvk, ex->kvk)) {
				same_number_found(sub, "KvK number");
				sub->best_name = ex->name;
			}
			for (j = 0; j < ex->nnames && sub->best.score < 100; j++)
				compare_name(s, sub, &ex->forms[j], ex->names[j]);
		}
		if ((err = add_hits(s, ex->path, ex->id)) < 0 || (err = judge_on(s, before, ex, day)) < 0)
			goto done;
	}
	err = 0;
done:
	state_close(&st);
	oreg_findings_release(&scratch);
	return err;
}

/* ---- one entity of a list ---- */

static int screened_schema(const char *schema)
{
	return !schema || !strcmp(schema, "Organization") || !strcmp(schema, "Company") ||
		!strcmp(schema, "LegalEntity") || !strcmp(schema, "PublicBody");
}

/* Only digits and letters of a registration number count: "KvK 4123 4567" is 41234567. */
static int same_number(const char *a, const char *b)
{
	char x[64], y[64];
	size_t i = 0, j = 0;
	int digits = 1;
	const char *p;

	/* a KvK number is digits: then only the other's digits count ("KvK 4123 4567") */
	for (p = a; *p; p++)
		if (*p < '0' || *p > '9')
			digits = 0;
	if (digits && *a) {
		for (; *b && j < sizeof(y) - 1; b++)
			if (*b >= '0' && *b <= '9')
				y[j++] = *b;
		y[j] = '\0';
		return !strcmp(a, y);
	}

	for (; *a && i < sizeof(x) - 1; a++)
		if ((*a >= '0' && *a <= '9') || (*a >= 'A' && *a <= 'Z') || (*a >= 'a' && *a <= 'z'))
			x[i++] = *a;
	for (; *b && j < sizeof(y) - 1; b++)
		if ((*b >= '0' && *b <= '9') || (*b >= 'A' && *b <= 'Z') || (*b >= 'a' && *b <= 'z'))
			y[j++] = *b;
	x[i] = y[j] = '\0';
	return i && !strcmp(x, y);
}

/* "alias 'Samidoun'": which of an entity's names compared, when it is not its name */
static const char *kind_word(const char *kind)
{
	if (!kind || !strcmp(kind, "name"))
		return NULL;
	if (!strcmp(kind, "alias"))
		return "alias";
	if (!strcmp(kind, "weakAlias"))
		return "weak alias";
	if (!strcmp(kind, "previousName"))
		return "previous name";
	return kind;
}

static int screen_entity(struct oreg_screen *s, const char *source, const struct oreg_list_entity *e)
{
	struct oreg_arena scratch;
	size_t i, k;
	int err = 0;

	if (!screened_schema(e->fields.schema))
		return 0;
	reset_best(s);
	for (k = 0; k < s->nsubjects; k++) {
		struct subject *sub = &s->subjects[k];

		sub->best_name = e->fields.nnames ? e->fields.names[0] : NULL;
		for (i = 0; sub->kvk && i < e->fields.nnumbers; i++)
			if (same_number(sub->kvk, e->fields.numbers[i]))
				same_number_found(sub, "registration number");
	}
	oreg_arena_init(&scratch);
	/* each name's forms once, compared with every subject */
	for (i = 0; i < e->fields.nnames && !all_found(s); i++) {
		const char *kind = kind_word(e->fields.kinds[i]);
		struct oreg_name_forms f;
		size_t len = strlen(e->fields.names[i]);

		if ((err = oreg_name_forms_compute(&f, &scratch, s->reg, e->fields.names[i], len)) < 0)
			break;
		for (k = 0; k < s->nsubjects; k++) {
			struct subject *sub = &s->subjects[k];
			enum oreg_name_level before = sub->best.level;
			unsigned score = sub->best.score;

			compare_name(s, sub, &f, e->fields.names[i]);
			if (kind && (sub->best.level != before || sub->best.score != score)) {
				char *r = sub->best.reason;
				size_t size = sizeof(sub->best.reason), n = strlen(kind) + 9; /* "by its " ": " */

				/* "by its alias: " before the reason, the end cut if need be */
				memmove(r + n, r, size - n - 1);
				r[size - 1] = '\0';
				memcpy(r, "by its ", 7);
				memcpy(r + 7, kind, n - 9);
				memcpy(r + n - 2, ": ", 2);
			}
		}
	}
	oreg_arena_release(&scratch);
	if (!err)
		err = add_hits(s, source, e->fields.id);
	return err;
}

/* ---- CSV ---- */

/*
 * Split one CSV record (RFC 4180: quotes, doubled quotes, separators and
 * line breaks inside quotes) in place.  Returns the number of fields, at
 * most max; -1 when a quote is still open (the record goes on).
 */
static int csv_split(char *rec, char **fields, int max)
{
	char *r = rec, *w = rec;
	int n = 0;

	while (n < max) {
		fields[n++] = w;
		if (*r == '"') {
			r++;
			for (;;) {
				if (!*r)
					return -1;
				if (*r == '"' && r[1] == '"') {
					*w++ = '"';
					r += 2;
				} else if (*r == '"') {
					r++;
					break;
				} else {
					*w++ = *r++;
				}
			}
		}
		while (*r && *r != ',' && *r != '\n' && *r != '\r')
			*w++ = *r++;
		if (*r != ',') {
			*w = '\0';
			break;
		}
		r++;
		*w++ = '\0';
	}
	return n;
}

struct csv {
	int name, aliases, id, number, columns;
	int header;
	char *pending; /* a record whose quotes are still open */
	size_t plen;
};

static int csv_line(struct oreg_screen *s, struct csv *c, const char *source, const char *line, size_t len)
{
	struct oreg_list_entity e;
	char *fields[64], *rec, *alias, *save = NULL;
	int n, k, err;

	/* a record may span lines inside quotes: gather them */
	if (!(rec = oreg_realloc(c->pending, c->plen + len + 2)))
		return OREG_ENOMEM;
	memcpy(rec + c->plen, line, len);
	c->plen += len;
	rec[c->plen] = '\0';
	c->pending = rec;
	{
		char *copy = oreg_strdup(rec);

		if (!copy)
			return OREG_ENOMEM;
		n = csv_split(copy, fields, (int)ARRAY_SIZE(fields));
		if (n < 0) {
			free(copy);
			if (c->plen > MAX_LINE) {
				c->plen = 0; /* a runaway quote: drop it */
				return 0;
			}
			c->pending[c->plen++] = '\n';
			c->pending[c->plen] = '\0';
			return 0;
		}
		c->plen = 0;
		if (!c->header) {
			c->header = 1;
			c->name = c->aliases = c->id = c->number = -1;
			for (k = 0; k < n; k++) {
				const char *h = fields[k];

				if (k == 0 && !strncmp(h, "\xef\xbb\xbf", 3))
					h += 3;
				if (!strcmp(h, "name"))
					c->name = k;
				else if (!strcmp(h, "aliases"))
					c->aliases = k;
				else if (!strcmp(h, "id"))
					c->id = k;
				else if (!strcmp(h, "registration_number"))
					c->number = k;
			}
			c->columns = n;
			free(copy);
			return c->name < 0 ? oreg_error(OREG_EINVALID, "%s: the CSV header names no 'name' column: "
				"a list is CSV with a header holding name (and aliases, id, registration_number) or "
				"FollowTheMoney JSON lines", source) : 0;
		}
		memset(&e, 0, sizeof(e));
		if (c->name < n && *fields[c->name])
			e.fields.names[e.fields.nnames++] = fields[c->name];
		if (c->aliases >= 0 && c->aliases < n)
			for (alias = strtok_r(fields[c->aliases], ";", &save); alias && e.fields.nnames < ARRAY_SIZE(e.fields.names);
				alias = strtok_r(NULL, ";", &save)) {
				while (*alias == ' ')
					alias++;
				if (*alias) {
					e.fields.kinds[e.fields.nnames] = "alias";
					e.fields.names[e.fields.nnames++] = alias;
				}
			}
		if (c->id >= 0 && c->id < n)
			e.fields.id = fields[c->id];
		if (c->number >= 0 && c->number < n && *fields[c->number])
			e.fields.numbers[e.fields.nnumbers++] = fields[c->number];
		err = screen_entity(s, source, &e);
		free(copy);
		return err;
	}
}

/* ---- a list, line by line ---- */

struct list_reader {
	struct oreg_screen *s;
	const char *source;
	int format; /* 0 unknown, 1 JSON lines, 2 CSV */
	struct oreg_json_reader *json;
	struct oreg_list_entity entity;
	struct csv csv;
};

static int one_line(struct list_reader *lr, const char *line, size_t len)
{
	size_t i = 0;
	int err;

	while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (!lr->format) {
		if (i == len)
			return 0;
		lr->format = line[i] == '{' ? 1 : 2;
		if (lr->format == 1 && (err = oreg_json_reader_new(&lr->json)) < 0)
			return err;
	}
	if (lr->format == 2)
		return csv_line(lr->s, &lr->csv, lr->source, line, len);
	if (i == len)
		return 0;
	if (!oreg_json_entity(lr->json, line + i, len - i, &lr->entity))
		return 0; /* not an entity: skipped, as OpenSanctions readers do */
	return screen_entity(lr->s, lr->source, &lr->entity);
}

int oreg_screen_list(struct oreg_screen *s, const char *path, const char *data, size_t len)
{
	struct list_reader lr = { .s = s, .source = path };
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *f = NULL;
	int err = 0;

	if (data) {
		size_t at = 0;

		while (at < len && !err) {
			const char *nl = memchr(data + at, '\n', len - at);
			size_t end = nl ? (size_t)(nl - data) + 1 : len;

			err = one_line(&lr, data + at, end - at);
			at = end;
		}
	} else {
		if (!(f = fopen(path, "rb"))) {
			err = oreg_error(OREG_ENOTFOUND, "cannot open the list '%s': %s", path, strerror(errno));
			goto done;
		}
		while (!err && (n = getline(&line, &cap, f)) >= 0)
			if ((size_t)n <= MAX_LINE)
				err = one_line(&lr, line, (size_t)n);
		if (!err && ferror(f))
			err = oreg_error(OREG_EIO, "cannot read the list '%s': %s", path, strerror(errno));
	}
	if (!err && lr.format == 2 && lr.csv.plen)
		err = oreg_error(OREG_EINVALID, "%s: a quoted CSV field is not closed at the end of the file", path);
done:
	if (f)
		fclose(f);
	free(line);
	free(lr.csv.pending);
	oreg_list_entity_release(&lr.entity);
	oreg_json_reader_free(lr.json);
	return err;
}

static int cmp_hits(const void *a, const void *b)
{
	const struct oreg_screen_hit *x = a, *y = b;
	int c;

	/* what holds on the day first, what no longer holds last */
	if ((x->status == OREG_SCREEN_LIFTED) != (y->status == OREG_SCREEN_LIFTED))
		return x->status == OREG_SCREEN_LIFTED ? 1 : -1;
	if (x->match != y->match)
		return x->match ? -1 : 1;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if ((c = strcmp(x->source, y->source)))
		return c;
	return strcmp(x->id, y->id);
}

const struct oreg_screen_hit *oreg_screen_hits(struct oreg_screen *s, size_t *count)
{
	if (!s->sorted && s->nhits) {
		qsort(s->hits, s->nhits, sizeof(*s->hits), cmp_hits);
		s->sorted = 1;
	}
	*count = s->nhits;
	return s->hits;
}

/* ---- the register's lists, applied by openreg check to new organisations ---- */

/* What one list said of one organisation record, kept for the checker's life. */
struct list_memo {
	unsigned char list[32]; /* SHA-256 of the list's bytes */
	unsigned char org[20];  /* the organisation's blob */
	uint64_t schemas_key;
	struct oreg_screen_hit *hits;
	size_t nhits;
	struct list_memo *next;
};

static void memo_free(struct list_memo *m)
{
	if (!m)
		return;
	hits_free(m->hits, m->nhits);
	free(m);
}

void screen_memo_free(void *memo)
{
	struct list_memo *m = memo, *next;

	for (; m; m = next) {
		next = m->next;
		memo_free(m);
	}
}

static struct list_memo *memo_find(struct oreg_checker *chk, const unsigned char list[32],
	const struct oreg_record *org, uint64_t key)
{
	struct list_memo *m;

	if (!org->has_blob || !key)
		return NULL;
	for (m = chk->list_memo; m; m = m->next)
		if (m->schemas_key == key && !memcmp(m->list, list, 32) && !memcmp(m->org, org->blob, 20))
			return m;
	return NULL;
}

/* Move subject k's hits out of s into a memo. */
static int memo_take(struct list_memo **out, struct oreg_screen *s, size_t k, const unsigned char list[32],
	const struct oreg_record *org, uint64_t key)
{
	struct list_memo *m = oreg_calloc(1, sizeof(*m));
	size_t i, n = 0;

	*out = NULL;
	if (!m)
		return OREG_ENOMEM;
	memcpy(m->list, list, 32);
	if (org->has_blob)
		memcpy(m->org, org->blob, 20);
	m->schemas_key = key;
	for (i = 0; i < s->nhits; i++)
		n += s->hits[i].subject == k;
	if (n && !(m->hits = oreg_calloc(n, sizeof(*m->hits)))) {
		free(m);
		return OREG_ENOMEM;
	}
	for (i = 0; i < s->nhits; i++) {
		if (s->hits[i].subject != k)
			continue;
		m->hits[m->nhits++] = s->hits[i];
		memset(&s->hits[i], 0, sizeof(s->hits[i]));
		s->hits[i].subject = SIZE_MAX;
	}
	if (m->nhits)
		qsort(m->hits, m->nhits, sizeof(*m->hits), cmp_hits);
	*out = m;
	return 0;
}

/* An organisation the change brings: added, or with a name, alias or KvK number the base did not have. */
struct new_orgs {
	struct state *base, *target;
	const char *prefix; /* "records/organisations/" */
	const struct oreg_record **orgs;
	size_t n, alloc;
};

static int renamed(const struct oreg_record *was, const struct oreg_record *rec)
{
	size_t i, j;

	if (rec->kvk && (!was->kvk || strcmp(was->kvk, rec->kvk)))
		return 1;
	for (i = 0; i < rec->nnames; i++) {
		for (j = 0; j < was->nnames && strcmp(was->names[j], rec->names[i]); j++)
			;
		if (j == was->nnames)
			return 1;
	}
	return 0;
}

static int settled(struct state *target, const struct oreg_record *org)
{
	size_t i;

	for (i = 0; i < target->nscreenings; i++) {
		const struct oreg_record *sc = target->screenings[i];

		if (sc->organisation && org->id && !strcmp(sc->organisation, org->id) && sc->outcome &&
			(!strcmp(sc->outcome, "geen-match") || !strcmp(sc->outcome, "match")))
			return 1;
	}
	return 0;
}

static int on_change(const struct oreg_entry *old, const struct oreg_entry *new, size_t j, void *payload)
{
	struct new_orgs *no = payload;
	size_t plen = strlen(no->prefix);
	struct oreg_record *rec, *was;
	int err;

	if (!new || strncmp(new->path, no->prefix, plen) || strchr(new->path + plen, '/'))
		return 0;
	if (!(rec = state_record(no->target, j, &err)))
		return err;
	if (!rec->loaded || !rec->nnames || settled(no->target, rec))
		return 0;
	if (old) {
		if ((err = oreg_record_parse(&was, no->target->checker, no->base->reg, no->base->schemas_key,
				no->base->snap, old)) < 0)
			return err;
		if (was->loaded && !renamed(was, rec))
			return 0;
	}
	if (oreg_grow((void **)&no->orgs, &no->alloc, no->n + 1, sizeof(*no->orgs)) < 0)
		return OREG_ENOMEM;
	no->orgs[no->n++] = rec;
	return 0;
}

/* One list file as one end of the change names it. */
struct list_source {
	const char *path;
	struct oreg_snapshot *snap;
	const struct oreg_register *reg;
	size_t index; /* in reg's lists */
	int own;      /* the target's: a list that cannot be read is the change's finding */
};

/* A list the target's rules name but cannot be read: where it is named, what is wrong, the fix. */
static int list_finding(const struct list_source *src, struct oreg_findings *findings, const char *what)
{
	return oreg_findings_add(findings, OREG_SEVERITY_ERROR, SCHEMAS_REGISTER,
		src->reg->screening_list_lines ? src->reg->screening_list_lines[src->index] : 1,
		src->reg->screening_list_columns ? src->reg->screening_list_columns[src->index] : 1,
		OREG_RULE_EXCLUSION, "/rules/screening/lists", "the screening list '%s' %s: new organisations are "
		"screened against it; %s it as FollowTheMoney JSON lines or as CSV with a header naming 'name', or take "
		"it out of rules.screening.lists in a change of schemas/ of its own", src->path, what,
		strncmp(what, "is not", 6) ? "write" : "add");
}

static int hit_finding(const struct oreg_screen_hit *h, const struct oreg_record *org,
	struct oreg_findings *findings)
{
	struct oreg_buf msg = OREG_BUF_INIT;
	int err;

	oreg_buf_adds(&msg, "this new organisation is a possible match with ");
	if (*h->id)
		oreg_buf_addf(&msg, "entity '%s' ('%s')", h->id, h->name);
	else
		oreg_buf_addf(&msg, "entity '%s'", h->name);
	oreg_buf_addf(&msg, " of the screening list %s (score %u): %s: screen it with 'openreg screen "
		"--organisation %s --list %s' and record the decision in a screening of '%s' (outcome geen-match when "
		"it is not the listed organisation, match when it is)", h->source, h->score, h->reason,
		org->id ? org->id : "?", h->source, org->id ? org->id : "?");
	if ((err = oreg_buf_error(&msg)) == 0)
		err = oreg_findings_add(findings, OREG_SEVERITY_ERROR, org->path, org->name_line, org->name_column,
			OREG_RULE_EXCLUSION, "/name", "%s", msg.ptr);
	oreg_buf_release(&msg);
	return err;
}

/*
 * The identity of the list at path in snap, in key: its git blob id (the
 * last twelve bytes 0xff, which no SHA-256 of a list will show) when snap
 * knows it without reading.  1 when it does, 0 when the bytes must tell.
 */
static int list_key(unsigned char key[32], struct oreg_snapshot *snap, const char *path)
{
	const char *slash = strrchr(path, '/');
	struct oreg_entries e;
	char *dir = NULL;
	size_t i;
	int err, found = 0;

	memset(key, 0xff, 32);
	if (oreg_snapshot_entry_id(key, snap, path) == 0)
		return 1;
	/* the index knows each file's blob id; a folder's listing gives it */
	if (!slash || strcmp(oreg_snapshot_name(snap), "index"))
		return 0;
	oreg_entries_init(&e);
	if (!(dir = oreg_strndup(path, (size_t)(slash - path))))
		return OREG_ENOMEM;
	if ((err = oreg_snapshot_list(&e, snap, dir)) < 0)
		found = err == OREG_ENOMEM ? err : 0;
	for (i = 0; err >= 0 && i < e.count && !found; i++)
		if (!strcmp(e.items[i].path, path) && e.items[i].has_id && e.items[i].mode != OREG_ENTRY_SUBMODULE) {
			memcpy(key, e.items[i].id, 20);
			found = 1;
		}
	oreg_entries_release(&e);
	free(dir);
	return found;
}

/* Has a list with this key been screened in this check already?  If not, remember it. */
static int seen_before(unsigned char (*seen)[32], size_t *nseen, const unsigned char key[32])
{
	size_t i;

	for (i = 0; i < *nseen; i++)
		if (!memcmp(seen[i], key, 32))
			return 1;
	memcpy(seen[(*nseen)++], key, 32);
	return 0;
}

/* Screen the organisations of no against one list, from its memos or in one pass over its bytes. */
static int screen_source(struct new_orgs *no, const struct list_source *src, unsigned char seen[][32],
	size_t *nseen, struct oreg_findings *findings)
{
	struct oreg_checker *chk = no->target->checker;
	uint64_t key = no->target->schemas_key;
	struct list_memo **memos = NULL;
	struct oreg_screen *s = NULL;
	unsigned char list[32];
	char *data = NULL;
	size_t len = 0, i, k, fresh;
	int err, known;

	/* a list known by its blob id is read only when an organisation is new to it */
	if ((known = list_key(list, src->snap, src->path)) < 0)
		return known;
	if (known && seen_before(seen, nseen, list))
		return 0; /* the same list at both ends */
	for (i = 0, fresh = 0; known && i < no->n; i++)
		fresh += !memo_find(chk, list, no->orgs[i], key);
	if ((!known || fresh) && (err = oreg_snapshot_read(&data, &len, src->path, src->snap)) < 0) {
		/* a list gone is a finding (the base's own is not this change's); a broken repository fails */
		if (err != OREG_ENOTFOUND && err != OREG_ELIMIT)
			return err;
		return src->own ? list_finding(src, findings, err == OREG_ENOTFOUND ? "is not in the repository" :
			"is too large to read") : 0;
	}
	if (!known) {
		oreg_sha256(list, data, len);
		if (seen_before(seen, nseen, list))
			goto done;
	}
	err = OREG_ENOMEM;
	if (!(memos = oreg_calloc(no->n, sizeof(*memos))) || oreg_screen_start(&s, no->target->reg) < 0)
		goto done;
	/* subject k is the k-th organisation no memo knows */
	for (i = 0; i < no->n; i++) {
		const struct oreg_record *org = no->orgs[i];

		if (memo_find(chk, list, org, key))
			continue;
		if ((err = oreg_screen_add(s, org->names, org->forms, org->nnames, org->kvk)) < 0)
			goto done;
	}
	if (s->nsubjects && (err = oreg_screen_list(s, src->path, data ? data : "", len)) < 0) {
		if (err != OREG_EINVALID)
			goto done;
		err = src->own ? list_finding(src, findings, "cannot be read as a list") : 0;
		goto done;
	}
	for (i = 0, k = 0; i < no->n; i++) {
		const struct oreg_record *org = no->orgs[i];
		struct list_memo *m = memo_find(chk, list, org, key);

		if (!m) {
			if ((err = memo_take(&m, s, k++, list, org, key)) < 0)
				goto done;
			if (org->has_blob && key) {
				m->next = chk->list_memo;
				chk->list_memo = m;
			} else {
				memos[i] = m; /* freed below */
			}
		}
		for (size_t h = 0; h < m->nhits && h < MAX_LIST_FINDINGS; h++)
			if ((err = hit_finding(&m->hits[h], org, findings)) < 0)
				goto done;
		if (m->nhits > MAX_LIST_FINDINGS && (err = oreg_findings_add(findings, OREG_SEVERITY_ERROR, org->path,
				org->name_line, org->name_column, OREG_RULE_EXCLUSION, "/name", "this new organisation is a "
				"possible match with %zu more entities of the screening list %s: see them all with 'openreg "
				"screen --organisation %s --list %s'", m->nhits - MAX_LIST_FINDINGS, src->path,
				org->id ? org->id : "?", src->path)) < 0)
			goto done;
	}
	err = 0;
done:
	for (i = 0; memos && i < no->n; i++)
		memo_free(memos[i]);
	free(memos);
	oreg_screen_free(s);
	free(data);
	return err;
}

/* The sources of a state's lists: read at the revision its rules come from. */
static int add_sources(struct list_source **srcs, size_t *n, size_t *alloc, struct state *st, int own)
{
	size_t i;

	for (i = 0; st && st->reg && i < st->reg->nscreening_lists; i++) {
		if (oreg_grow((void **)srcs, alloc, *n + 1, sizeof(**srcs)) < 0)
			return OREG_ENOMEM;
		(*srcs)[(*n)++] = (struct list_source){ .path = st->reg->screening_lists[i], .reg = st->reg,
			.snap = st->reg_snap ? st->reg_snap : st->snap, .index = i, .own = own };
	}
	return 0;
}

int screen_register_lists(struct state *base, struct state *target, struct oreg_findings *findings)
{
	const struct oreg_record_type *t;
	struct oreg_buf prefix = OREG_BUF_INIT;
	struct new_orgs no = { .base = base, .target = target };
	struct list_source *srcs = NULL;
	unsigned char (*seen)[32] = NULL;
	size_t nsrcs = 0, alloc = 0, nseen = 0, i;
	int err;

	if (base && !base->reg)
		base = NULL;
	if (!target->reg || (!target->reg->nscreening_lists && !(base && base->reg->nscreening_lists)) ||
		!(t = state_type(target, "organisation")) || t->year_field)
		return 0;
	oreg_buf_addf(&prefix, "%s/%s/", target->reg->records_dir, t->folder);
	/* against a base only what changed is read: a range's commits are not each listed whole */
	if ((err = oreg_buf_error(&prefix)) < 0 || (!base && (err = state_list(target)) < 0) ||
		(err = state_load_screenings(target)) < 0)
		goto done;
	no.prefix = prefix.ptr;
	if (base) {
		err = oreg_changes(base, target, on_change, &no);
	} else {
		for (i = 0, err = 0; i < target->entries.count && err >= 0; i++)
			err = on_change(NULL, &target->entries.items[i], i, &no);
	}
	if (err < 0)
		goto done;
	/* the lists as the change leaves them, and as the base had them: a list emptied in the same change counts */
	if ((err = add_sources(&srcs, &nsrcs, &alloc, target, 1)) < 0 ||
		(err = add_sources(&srcs, &nsrcs, &alloc, base, 0)) < 0)
		goto done;
	if (!(seen = oreg_calloc(nsrcs + 1, sizeof(*seen)))) {
		err = OREG_ENOMEM;
		goto done;
	}
	for (i = 0; i < nsrcs && err >= 0; i++) {
		unsigned char id[20];

		/*
		 * With no new organisation nothing is read; a commit's own list
		 * is still looked up, so that one gone missing is found at once.
		 */
		if (!no.n && (!srcs[i].own || (err = oreg_snapshot_entry_id(id, srcs[i].snap, srcs[i].path)) != OREG_ENOTFOUND)) {
			err = 0;
			continue;
		}
		err = no.n ? screen_source(&no, &srcs[i], seen, &nseen, findings) :
			list_finding(&srcs[i], findings, "is not in the repository");
	}
done:
	free(seen);
	free(srcs);
	free(no.orgs);
	oreg_buf_release(&prefix);
	return err < 0 ? err : 0;
}

int screen_register_lists_snapshot(struct state *target, struct oreg_findings *findings)
{
	struct oreg_repo *repo = target->checker->repo;
	const char *name = oreg_snapshot_name(target->snap);
	struct oreg_snapshot *snap = NULL;
	struct oreg_findings scratch;
	struct state base;
	char parent[41];
	int err = 0;

	if (!target->reg || !target->reg->nscreening_lists)
		return 0;
	oreg_findings_init(&scratch);
	memset(&base, 0, sizeof(base));
	/* the change a whole snapshot stands for: a commit's from its first parent, the working tree's from HEAD */
	if (!strcmp(name, "working tree")) {
		if (!oreg_repo_head_unborn(repo))
			err = oreg_snapshot_open(&snap, repo, OREG_SNAPSHOT_COMMIT, "HEAD");
	} else if (strlen(name) == 40 && (err = oreg_repo_parent(parent, repo, name, 0)) == 0) {
		err = oreg_snapshot_open(&snap, repo, OREG_SNAPSHOT_COMMIT, parent);
	} else if (err == OREG_ENOTFOUND) {
		err = 0; /* a root commit: every organisation is new */
	}
	if (err >= 0 && snap)
		err = state_open_listing(&base, target->checker, snap, &scratch, 0);
	if (err >= 0)
		err = screen_register_lists(base.reg ? &base : NULL, target, findings);
	state_close(&base);
	oreg_snapshot_free(snap);
	oreg_findings_release(&scratch);
	return err;
}
