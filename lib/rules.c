/*
 * rules.c - the rules across records, for one record at a time: ref (every
 * x-ref names a record that exists), exclusion (no contact with, and no
 * partnership of, an excluded organisation; a close name is a warning) and
 * unique contact ids across year folders.  A full check runs them for
 * every record; an incremental one for the records a change can affect.
 */
#include "check.h"

#include <stdlib.h>
#include <string.h>

static void format_day(char out[16], int32_t d)
{
	unsigned u = d > 0 ? (unsigned)d : 0;

	snprintf(out, 16, "%04u-%02u-%02u", u / 10000 % 10000, u / 100 % 100, u % 100);
}

/* How exclusion ex names organisation org, or NULL. */
static const char *match(const struct oreg_record *ex, const struct oreg_record *org)
{
	size_t i, j;

	if (ex->organisation && org->id && !strcmp(ex->organisation, org->id))
		return "by its id";
	if (ex->kvk && org->kvk && !strcmp(ex->kvk, org->kvk))
		return "by KvK number";
	for (i = 0; i < ex->nnames; i++)
		for (j = 0; j < org->nnames; j++)
			if (ex->normal[i] && org->normal[j] && *ex->normal[i] && !strcmp(ex->normal[i], org->normal[j]))
				return "by name";
	return NULL;
}

static bool excluded_on(const struct oreg_record *ex, int32_t day)
{
	const struct oreg_period *p = &ex->periods[0];

	/* excluded from since; on until the exclusion was lifted */
	return p->from <= day && (!p->until || day < p->until);
}

const struct oreg_record *rules_exclusion_for(struct state *st, const struct oreg_record *org, int32_t day,
	const char **how)
{
	size_t i;

	if (state_load_exclusions(st) < 0)
		return NULL;
	for (i = 0; i < st->nexclusions; i++) {
		const struct oreg_record *ex = st->exclusions[i];

		if ((*how = match(ex, org)) && (!day || excluded_on(ex, day)))
			return ex;
	}
	return NULL;
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

static void describe_exclusion(struct oreg_buf *b, const struct oreg_record *ex, const char *how)
{
	char since[16];

	format_day(since, ex->periods[0].from);
	oreg_buf_addf(b, "excluded since %s by %s (matched %s; source: %s)", since, ex->path, how,
		ex->source ? ex->source : "none given");
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

/* A dated record (a contact) may not name an organisation excluded on its date. */
static int check_contact(struct state *st, const struct oreg_record *rec, struct oreg_findings *findings)
{
	size_t i;
	int err = 0;

	for (i = 0; i < rec->nrefs && !err; i++) {
		const struct oreg_ref *r = &rec->refs[i];
		const struct oreg_record *org, *ex;
		struct oreg_buf msg = OREG_BUF_INIT;
		const char *how;
		char day[16];
		long at;

		if (strcmp(r->type, "organisation") || (at = state_find_record(st, r->type, r->id)) < 0)
			continue;
		if (!(org = state_record(st, (size_t)at, &err)) || !org->loaded)
			continue;
		if (!(ex = rules_exclusion_for(st, org, rec->date, &how)))
			continue;
		format_day(day, rec->date);
		oreg_buf_addf(&msg, "contact on %s with '%s', which is ", day, r->id);
		describe_exclusion(&msg, ex, how);
		oreg_buf_adds(&msg, ": the ministry does not deal with excluded organisations; remove the contact "
			"or correct the organisation");
		err = oreg_buf_error(&msg);
		if (!err)
			err = add(findings, OREG_SEVERITY_ERROR, rec, r->line, r->column, OREG_RULE_EXCLUSION, r->pointer,
				"%s", msg.ptr);
		oreg_buf_release(&msg);
	}
	return err;
}

static bool overlaps(const struct oreg_period *p, const struct oreg_period *ex)
{
	/* a partnership runs through its until; an exclusion stops on its until */
	return (!ex->until || p->from < ex->until) && (!p->until || ex->from <= p->until);
}

/* An organisation: no partnership while excluded, and a warning for a close name. */
static int check_organisation(struct state *st, const struct oreg_record *org, struct oreg_findings *findings)
{
	size_t i, j, k;
	int err;

	if ((err = state_load_exclusions(st)) < 0)
		return err;
	for (i = 0; i < st->nexclusions; i++) {
		const struct oreg_record *ex = st->exclusions[i];
		const char *how = match(ex, org);

		if (!how) {
			/* a close name: perhaps the same organisation, written differently */
			for (j = 0; j < ex->nnames; j++) {
				for (k = 0; k < org->nnames; k++) {
					const char *a = ex->normal[j], *b = org->normal[k];
					size_t d;

					if (!a || !b || strlen(a) < 5 || strlen(b) < 5)
						continue;
					d = oreg_name_distance(a, strlen(a), b, strlen(b), st->reg->close_name_distance);
					if (d > st->reg->close_name_distance)
						continue;
					return add(findings, OREG_SEVERITY_WARNING, org, org->name_line, org->name_column,
						OREG_RULE_EXCLUSION, "/name",
						"name '%s' is close to '%s', excluded by %s (source: %s): check whether this "
						"is the same organisation; if it is, it may not be contacted",
						org->names[k], ex->names[j], ex->path, ex->source ? ex->source : "none given");
				}
			}
			continue;
		}
		for (j = 0; j < org->nperiods; j++) {
			const struct oreg_period *p = &org->periods[j];
			struct oreg_buf msg = OREG_BUF_INIT;
			char from[16];

			if (!overlaps(p, &ex->periods[0]))
				continue;
			format_day(from, p->from);
			oreg_buf_addf(&msg, "partnership from %s overlaps the time this organisation is ", from);
			describe_exclusion(&msg, ex, how);
			oreg_buf_adds(&msg, ": end the partnership before the exclusion began");
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
	struct oreg_buf other = OREG_BUF_INIT;
	size_t i;
	int err;

	if (!t || (err = state_load_year_folders(st, t)) < 0)
		return t ? err : 0;
	for (i = 0; i < st->nyear_folders && !err; i++) {
		oreg_buf_clear(&other);
		oreg_buf_addf(&other, "%s%s.yaml", st->year_folders[i], rec->id);
		if ((err = oreg_buf_error(&other)) < 0)
			break;
		if (strcmp(other.ptr, rec->path) && state_find(st, other.ptr) >= 0)
			err = add(findings, OREG_SEVERITY_ERROR, rec, 1, 1, OREG_RULE_LAYOUT, "",
				"%s id '%s' is also used by %s: ids are unique across years; rename one of them",
				t->name, rec->id, other.ptr);
	}
	oreg_buf_release(&other);
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
		if ((err = check_organisation(st, rec, findings)) < 0)
			return err;
	}
	return 0;
}
