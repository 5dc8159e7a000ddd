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

struct oreg_screen {
	const struct oreg_register *reg;
	struct oreg_register *own_reg; /* loaded by oreg_screen_open */
	struct oreg_arena arena; /* the subject's forms */
	struct oreg_name_forms *forms;
	const char **names;
	size_t nnames;
	char *kvk;
	struct oreg_screen_hit *hits;
	size_t nhits, alloc;
	int sorted;
};

int oreg_screen_new(struct oreg_screen **out, const struct oreg_register *reg, const char *const *names,
	size_t nnames, const char *kvk)
{
	struct oreg_screen *s;
	size_t i;
	int err = OREG_ENOMEM;

	*out = NULL;
	if (!(s = oreg_calloc(1, sizeof(*s))))
		return OREG_ENOMEM;
	s->reg = reg;
	oreg_arena_init(&s->arena);
	if (kvk && !(s->kvk = oreg_strdup(kvk)))
		goto fail;
	if (!(s->forms = oreg_arena_alloc(&s->arena, (nnames + 1) * sizeof(*s->forms))) ||
		!(s->names = oreg_arena_alloc(&s->arena, (nnames + 1) * sizeof(*s->names))))
		goto fail;
	for (i = 0; i < nnames; i++) {
		if ((err = oreg_name_forms_compute(&s->forms[i], &s->arena, reg, names[i], strlen(names[i]))) < 0)
			goto fail;
		s->names[s->nnames++] = names[i];
	}
	*out = s;
	return 0;
fail:
	oreg_screen_free(s);
	return err;
}

void oreg_screen_free(struct oreg_screen *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->nhits; i++) {
		free(s->hits[i].source);
		free(s->hits[i].id);
		free(s->hits[i].name);
		free(s->hits[i].reason);
	}
	free(s->hits);
	free(s->kvk);
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

/* The closest way the subject compares with one candidate name. */
static void compare_name(struct oreg_screen *s, const struct oreg_name_forms *cand, const char *cand_name,
	struct oreg_name_match *best, const char **best_name)
{
	size_t i;

	for (i = 0; i < s->nnames; i++) {
		struct oreg_name_match m;

		/* the candidate stands where an exclusion would: its words must be in the subject's */
		if (!oreg_name_compare(&m, cand, &s->forms[i], s->reg))
			continue;
		if (m.level > best->level || (m.level == best->level && m.score > best->score)) {
			*best = m;
			*best_name = cand_name;
		}
	}
}

static int add_hit(struct oreg_screen *s, const char *source, const char *id, const char *name,
	const struct oreg_name_match *m)
{
	struct oreg_screen_hit *h;

	if (oreg_grow((void **)&s->hits, &s->alloc, s->nhits + 1, sizeof(*s->hits)) < 0)
		return OREG_ENOMEM;
	h = &s->hits[s->nhits];
	memset(h, 0, sizeof(*h));
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

int oreg_screen_exclusions(struct oreg_screen *s, struct oreg_checker *chk, struct oreg_snapshot *snap)
{
	struct oreg_findings scratch;
	struct state st;
	size_t i, j;
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
		struct oreg_name_match best = { 0 };
		const char *name = ex->name;

		if (s->kvk && ex->kvk && !strcmp(s->kvk, ex->kvk)) {
			best.level = OREG_NAME_MATCH;
			best.score = 100;
			snprintf(best.reason, sizeof(best.reason), "same KvK number %s", ex->kvk);
		}
		for (j = 0; j < ex->nnames && best.score < 100; j++)
			compare_name(s, &ex->forms[j], ex->names[j], &best, &name);
		if (best.level && (err = add_hit(s, ex->path, ex->id, name, &best)) < 0)
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

static int screen_entity(struct oreg_screen *s, const char *source, const struct oreg_list_entity *e)
{
	struct oreg_name_match best = { 0 };
	const char *name = e->fields.nnames ? e->fields.names[0] : NULL;
	struct oreg_arena scratch;
	size_t i;
	int err = 0;

	if (!screened_schema(e->fields.schema))
		return 0;
	for (i = 0; s->kvk && i < e->fields.nnumbers; i++)
		if (same_number(s->kvk, e->fields.numbers[i])) {
			best.level = OREG_NAME_MATCH;
			best.score = 100;
			snprintf(best.reason, sizeof(best.reason), "same registration number %s", s->kvk);
		}
	oreg_arena_init(&scratch);
	for (i = 0; i < e->fields.nnames && best.score < 100; i++) {
		struct oreg_name_forms f;
		size_t len = strlen(e->fields.names[i]);

		if ((err = oreg_name_forms_compute(&f, &scratch, s->reg, e->fields.names[i], len)) < 0)
			break;
		compare_name(s, &f, e->fields.names[i], &best, &name);
	}
	oreg_arena_release(&scratch);
	if (!err && best.level)
		err = add_hit(s, source, e->fields.id, name, &best);
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
				if (*alias)
					e.fields.names[e.fields.nnames++] = alias;
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
	if (!s->sorted) {
		qsort(s->hits, s->nhits, sizeof(*s->hits), cmp_hits);
		s->sorted = 1;
	}
	*count = s->nhits;
	return s->hits;
}
