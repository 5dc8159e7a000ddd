/*
 * exclusion_history.c - an exclusion changes only forward.  Its history is
 * evidence: an edit that moves 'since' later, backdates a lift, drops a
 * name, a KvK number or a ground, or swaps its source quietly would
 * neutralise it without deleting it.  So across one commit:
 *
 *   - 'since' may move earlier, never later;
 *   - 'until' may be set or moved, but not to before the day of the commit
 *     (a lift is forward-looking), and never before 'since';
 *   - the name may change only if the old name stays as an alias; aliases,
 *     'kvk' and 'organisation' may be added, never removed or changed;
 *     'grounds' may gain entries, never lose them;
 *   - 'source' may be extended (the old text kept at its start) or replaced
 *     only by a commit whose 'Reference:' trailer names the new source.
 */
#include "check.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TRAILER "Reference"

struct forward {
	const struct oreg_record *old, *new;
	const char *who;
	struct oreg_findings *findings;
	int err;
};

static void day_text(char out[16], int32_t d)
{
	unsigned u = d > 0 ? (unsigned)d : 0;

	snprintf(out, 16, "%04u-%02u-%02u", u / 10000 % 10000, u / 100 % 100, u % 100);
}

static void refuse(struct forward *f, unsigned line, unsigned column, const char *pointer, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void refuse(struct forward *f, unsigned line, unsigned column, const char *pointer, const char *fmt, ...)
{
	struct oreg_buf msg = OREG_BUF_INIT;
	va_list ap;
	int err;

	if (f->err)
		return;
	oreg_buf_addf(&msg, "%s ", f->who);
	va_start(ap, fmt);
	oreg_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	oreg_buf_adds(&msg, ": an exclusion changes only forward; its history is the evidence it rests on");
	err = oreg_buf_error(&msg);
	if (!err)
		err = oreg_findings_add(f->findings, OREG_SEVERITY_ERROR, f->new->path, line ? line : 1,
			column ? column : 1, OREG_RULE_HISTORY, pointer, "%s", msg.ptr);
	oreg_buf_release(&msg);
	if (err < 0)
		f->err = err;
}

/* Is name (in its forms) one of rec's names? */
static int has_name(const struct oreg_record *rec, const struct oreg_name_forms *name)
{
	size_t i;

	for (i = 0; i < rec->nnames; i++)
		if (rec->forms[i].folded && name->folded && !strcmp(rec->forms[i].folded, name->folded))
			return 1;
	return 0;
}

static void check_dates(struct forward *f, int32_t day)
{
	const struct oreg_period *o = &f->old->periods[0], *n = &f->new->periods[0];
	char a[16], b[16], c[16];

	if (n->from > o->from) {
		day_text(a, o->from);
		day_text(b, n->from);
		refuse(f, n->line, n->column, "/since", "moves 'since' later, from %s to %s: 'since' may only move "
			"earlier; to end the exclusion, set 'until'", a, b);
	}
	if (n->until && n->until != o->until && day && n->until < day) {
		day_text(a, n->until);
		day_text(b, day);
		refuse(f, f->new->until_line, f->new->until_column, "/until", "sets 'until' to %s, before the day "
			"of the commit (%s): a lift takes effect from the day it is recorded; set 'until' to %s or later",
			a, b, b);
	}
	if (n->until && n->until < n->from && (n->until != o->until || n->from != o->from)) {
		day_text(a, n->until);
		day_text(c, n->from);
		refuse(f, f->new->until_line, f->new->until_column, "/until", "sets 'until' to %s, before 'since' "
			"(%s): an exclusion cannot be lifted before it began", a, c);
	}
}

static void check_names(struct forward *f)
{
	const struct oreg_record *o = f->old, *n = f->new;
	size_t i;

	if (!o->nnames || !n->nnames)
		return;
	if (!has_name(n, &o->forms[0]))
		refuse(f, n->name_line, n->name_column, "/name", "renames the exclusion from '%s' without keeping the "
			"old name: add '%s' to 'aliases'", o->names[0], o->names[0]);
	for (i = 1; i < o->nnames; i++)
		if (!has_name(n, &o->forms[i]))
			refuse(f, n->name_line, n->name_column, "/aliases", "removes the alias '%s': names are only "
				"added; put it back in 'aliases'", o->names[i]);
}

static void check_same(struct forward *f, const char *what, const char *pointer, const char *old,
	const char *new, unsigned line, unsigned column)
{
	if (!old || (new && !strcmp(old, new)))
		return;
	if (!new)
		refuse(f, 1, 1, pointer, "removes '%s' (%s): it may be added, never removed; put it back", what, old);
	else
		refuse(f, line, column, pointer, "changes '%s' from %s to %s: it may be added, never changed; put "
			"%s back", what, old, new, old);
}

static void check_grounds(struct forward *f)
{
	size_t i, j;

	for (i = 0; i < f->old->ngrounds; i++) {
		for (j = 0; j < f->new->ngrounds; j++)
			if (!strcmp(f->old->grounds[i], f->new->grounds[j]))
				break;
		if (j == f->new->ngrounds)
			refuse(f, 1, 1, "/grounds", "removes the ground '%s': grounds may be added, never removed; put "
				"it back", f->old->grounds[i]);
	}
}

static void check_source(struct forward *f, const char *message)
{
	const char *o = f->old->source, *n = f->new->source;
	int names;

	if (!o || !n || !strncmp(n, o, strlen(o)))
		return; /* the same, or extended */
	if (!message)
		return; /* not known yet: the commit-msg hook and the server judge it */
	if ((names = oreg_message_trailer_names(message, TRAILER, n)) < 0) {
		f->err = names;
		return;
	}
	if (!names)
		refuse(f, f->new->source_line, f->new->source_column, "/source", "replaces the source '%s' with '%s' "
			"without a 'Reference:' trailer naming it: keep the old text at the start and add to it, or "
			"end the commit message with 'Reference: %s'", o, n, n);
}

int exclusion_forward_rule(const struct oreg_record *old, const struct oreg_record *new, int32_t day,
	const char *message, const char *who, struct oreg_findings *findings)
{
	struct forward f = { .old = old, .new = new, .who = who, .findings = findings };

	if (!old || !new || !old->loaded || !new->loaded || !old->nperiods || !new->nperiods)
		return 0; /* a record that does not load, or has no since, is its schema's finding */
	check_dates(&f, day);
	check_names(&f);
	check_same(&f, "kvk", "/kvk", old->kvk, new->kvk, new->kvk_line, new->kvk_column);
	check_same(&f, "organisation", "/organisation", old->organisation, new->organisation,
		new->organisation_line, new->organisation_column);
	check_grounds(&f);
	check_source(&f, message);
	return f.err;
}

/* The day (YYYYMMDD) of a commit, in its committer's time zone; today's (UTC) for one not made yet. */
static int32_t commit_day(const struct oreg_commit *commit)
{
	time_t t = commit ? (time_t)(commit->time + (long long)commit->offset * 60) : time(NULL);
	struct tm tm;

	if (!gmtime_r(&t, &tm))
		return 0;
	return (int32_t)((tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday);
}

int exclusion_history_check(struct state *base, struct state *target, const char *path, size_t j,
	const struct oreg_commit *commit, const char *message, const char *who, struct oreg_findings *findings)
{
	const struct oreg_record *old, *new;
	long at;
	int err = 0;

	if (!base || (at = state_find(base, path)) < 0)
		return err;
	if (!(old = state_record(base, (size_t)at, &err)) || !(new = state_record(target, j, &err)))
		return err;
	return exclusion_forward_rule(old, new, commit_day(commit), commit ? commit->message : message, who,
		findings);
}

int incident_changed(struct state *base, struct state *target, const struct oreg_entry *old, size_t j)
{
	const struct oreg_record *o = NULL, *n;
	long at;
	int err = 0;

	if (!(n = state_record(target, j, &err)))
		return err;
	/* old is base's entry, as the change listed it: not looked up again */
	if (old && base && (at = state_index_of(base, old)) >= 0 && !(o = state_record(base, (size_t)at, &err)))
		return err;
	if (!n->incident_text)
		return 0; /* removing an incident is the history rules' to judge, as deleting a contact is */
	return !o || !o->incident_text || strcmp(o->incident_text, n->incident_text);
}
