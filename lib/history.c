/*
 * history.c - the rules over a range of commits: an exclusion is never
 * deleted (it is lifted with 'until'), an organisation that a contact or
 * partnership referred to is not deleted (its partnership is ended), and a
 * commit that touches the exclusions names its outside source in a
 * 'Reference:' trailer.  Each commit is also checked against its first
 * parent, and the final tree against the range's base.
 */
#include "check.h"

#include <stdlib.h>
#include <string.h>

#define TRAILER "Reference"

struct commit_check {
	struct oreg_checker *chk;
	struct oreg_findings *findings;
	const struct oreg_commit *commit; /* NULL for a commit not made yet */
	struct state *base, *target;
	const char *touched; /* the first exclusion path the commit touches */
	char touched_buf[1024];
};

static bool is_type(const struct oreg_register *reg, const char *path, const char *type)
{
	size_t i, rl = strlen(reg->records_dir);

	if (strncmp(path, reg->records_dir, rl) || path[rl] != '/')
		return false;
	for (i = 0; i < reg->ntypes; i++) {
		size_t fl = strlen(reg->types[i].folder);

		if (!strcmp(reg->types[i].name, type) && !strncmp(path + rl + 1, reg->types[i].folder, fl) &&
			path[rl + 1 + fl] == '/')
			return true;
	}
	return false;
}

static void commit_words(struct oreg_buf *b, const struct oreg_commit *c)
{
	if (c)
		oreg_buf_addf(b, "commit %.7s (\"%s\")", c->id, c->summary);
	else
		oreg_buf_adds(b, "this commit");
}

/* Who in base refers to organisation id?  The path of one such record, or NULL. */
static const char *referred_by(struct state *base, const struct oreg_record *org, int *err)
{
	size_t i, k;

	if (org && org->nperiods)
		return org->path; /* its own partnership */
	if ((*err = state_load_all(base)) < 0)
		return NULL;
	for (i = 0; i < base->entries.count; i++) {
		const struct oreg_record *r = base->records[i];

		for (k = 0; r && k < r->nrefs; k++)
			if (!strcmp(r->refs[k].type, "organisation") && org && org->id && !strcmp(r->refs[k].id, org->id))
				return r->path;
	}
	return NULL;
}

static int history_rules(const struct oreg_entry *old, const struct oreg_entry *new, size_t j, void *payload)
{
	struct commit_check *cc = payload;
	const struct oreg_register *reg = cc->target->reg;
	const char *path = (old ? old : new)->path;
	struct oreg_buf msg = OREG_BUF_INIT;
	int err = 0;

	(void)j;
	if (is_type(reg, path, "exclusion") && !cc->touched) {
		snprintf(cc->touched_buf, sizeof(cc->touched_buf), "%s", path);
		cc->touched = cc->touched_buf;
	}
	if (new || !cc->base)
		return 0;
	if (is_type(reg, path, "exclusion")) {
		commit_words(&msg, cc->commit);
		oreg_buf_adds(&msg, " deletes this exclusion: an exclusion is never deleted; restore the file and "
			"set 'until' to the day it was lifted");
	} else if (is_type(reg, path, "organisation")) {
		long at = state_find(cc->base, path);
		const struct oreg_record *org = at >= 0 ? state_record(cc->base, (size_t)at, &err) : NULL;
		const char *by = org ? referred_by(cc->base, org, &err) : NULL;

		if (err < 0)
			return err;
		if (by) {
			commit_words(&msg, cc->commit);
			oreg_buf_addf(&msg, " deletes an organisation that %s refers to: an organisation that a contact "
				"or partnership referred to stays in the register; end its partnership instead",
				strcmp(by, path) ? by : "its own partnership");
		}
	}
	if (msg.len && !(err = oreg_buf_error(&msg)))
		err = oreg_findings_add(cc->findings, OREG_SEVERITY_ERROR, path, 1, 1, OREG_RULE_HISTORY, "", "%s",
			msg.ptr);
	oreg_buf_release(&msg);
	return err;
}

/* The message as git will record it: no comment lines, nothing below the scissors. */
static char *clean_message(const char *message)
{
	struct oreg_buf b = OREG_BUF_INIT;
	const char *p = message;

	while (*p) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) + 1 : strlen(p);

		if (!strncmp(p, "# ------------------------ >8 ------------------------", 54))
			break;
		if (*p != '#')
			oreg_buf_add(&b, p, len);
		p += len;
	}
	return oreg_buf_detach(&b, NULL);
}

static int trailer_rule(struct commit_check *cc, const char *message)
{
	struct oreg_buf msg = OREG_BUF_INIT;
	char *clean;
	int has, err;

	if (!cc->touched)
		return 0;
	if (!(clean = clean_message(message)))
		return OREG_ENOMEM;
	has = oreg_message_has_trailer(clean, TRAILER);
	free(clean);
	if (has)
		return has < 0 ? has : 0;
	commit_words(&msg, cc->commit);
	oreg_buf_adds(&msg, " changes the exclusions without a 'Reference:' trailer: end the commit message "
		"with the outside advice or document it rests on, as in 'Reference: Kamerstuk 32 824, nr. 445'");
	err = oreg_buf_error(&msg);
	if (!err)
		err = oreg_findings_add(cc->findings, OREG_SEVERITY_ERROR, cc->touched, 1, 1, OREG_RULE_HISTORY, "",
			"%s", msg.ptr);
	oreg_buf_release(&msg);
	return err;
}

struct range {
	struct oreg_checker *chk;
	struct oreg_findings *findings;
	int err;
};

static int open_commit_state(struct state *st, struct oreg_checker *chk, struct oreg_snapshot **snap,
	const char *id, struct oreg_findings *findings)
{
	int err;

	memset(st, 0, sizeof(*st));
	if ((err = oreg_snapshot_open(snap, chk->repo, OREG_SNAPSHOT_COMMIT, id)) < 0)
		return err;
	return state_open(st, chk, *snap, findings);
}

static int on_commit(const struct oreg_commit *c, void *payload)
{
	struct range *r = payload;
	struct commit_check cc = { .chk = r->chk, .findings = r->findings, .commit = c };
	struct oreg_snapshot *bs = NULL, *ts = NULL;
	struct oreg_findings scratch;
	struct state b, t;
	int err;

	oreg_findings_init(&scratch);
	memset(&b, 0, sizeof(b));
	memset(&t, 0, sizeof(t));
	if ((err = open_commit_state(&t, r->chk, &ts, c->id, r->findings)) < 0 || !t.reg)
		goto done;
	if (c->nparents && (err = open_commit_state(&b, r->chk, &bs, c->parent, &scratch)) < 0)
		goto done;
	cc.base = b.reg ? &b : NULL;
	cc.target = &t;
	if (cc.base && (err = oreg_diff_states(&b, &t, history_rules, &cc)) < 0)
		goto done;
	if (!cc.base) {
		/* a root commit: everything in it is new */
		size_t i;

		for (i = 0; i < t.entries.count && !cc.touched; i++)
			if (is_type(t.reg, t.entries.items[i].path, "exclusion")) {
				snprintf(cc.touched_buf, sizeof(cc.touched_buf), "%s", t.entries.items[i].path);
				cc.touched = cc.touched_buf;
			}
	}
	/* a merge brings commits that carry their own trailers */
	if (c->nparents <= 1 && (err = trailer_rule(&cc, c->message)) < 0)
		goto done;
	err = oreg_check_states(cc.base, &t, r->findings);
done:
	state_close(&b);
	state_close(&t);
	oreg_snapshot_free(bs);
	oreg_snapshot_free(ts);
	oreg_findings_release(&scratch);
	return err;
}

int oreg_check_range(struct oreg_checker *chk, const char *from, const char *to, struct oreg_findings *findings)
{
	struct range r = { .chk = chk, .findings = findings };
	struct oreg_snapshot *base = NULL, *target = NULL;
	int err;

	if ((err = oreg_repo_walk(chk->repo, from, to, on_commit, &r)) < 0)
		return err;
	/* the final tree against the base: a merge of two clean sides can still break a rule */
	if ((err = oreg_snapshot_open(&target, chk->repo, OREG_SNAPSHOT_COMMIT, to)) < 0)
		goto done;
	if (from && (err = oreg_snapshot_open(&base, chk->repo, OREG_SNAPSHOT_COMMIT, from)) < 0)
		goto done;
	err = oreg_check_changes(chk, base, target, findings);
done:
	oreg_snapshot_free(base);
	oreg_snapshot_free(target);
	return err;
}

int oreg_check_message(struct oreg_checker *chk, struct oreg_snapshot *base, struct oreg_snapshot *target,
	const char *message, struct oreg_findings *findings)
{
	struct commit_check cc = { .chk = chk, .findings = findings };
	struct oreg_findings scratch;
	struct state b, t;
	int err;

	oreg_findings_init(&scratch);
	memset(&b, 0, sizeof(b));
	if ((err = state_open(&t, chk, target, &scratch)) < 0 || !t.reg)
		goto done;
	if (base && ((err = state_open(&b, chk, base, &scratch)) < 0))
		goto done;
	cc.target = &t;
	if (base && b.reg) {
		/* only which paths changed matters here, not the history rules */
		struct commit_check probe = cc;

		probe.base = NULL;
		if ((err = oreg_diff_states(&b, &t, history_rules, &probe)) < 0)
			goto done;
		cc.touched = probe.touched ? cc.touched_buf : NULL;
		if (probe.touched)
			snprintf(cc.touched_buf, sizeof(cc.touched_buf), "%s", probe.touched);
	} else {
		size_t i;

		for (i = 0; i < t.entries.count && !cc.touched; i++)
			if (is_type(t.reg, t.entries.items[i].path, "exclusion")) {
				snprintf(cc.touched_buf, sizeof(cc.touched_buf), "%s", t.entries.items[i].path);
				cc.touched = cc.touched_buf;
			}
	}
	err = trailer_rule(&cc, message);
done:
	state_close(&b);
	state_close(&t);
	oreg_findings_release(&scratch);
	return err;
}
