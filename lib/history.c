/*
 * history.c - the rules over a range of commits: an exclusion is never
 * deleted (it is lifted with 'until'), an organisation that a contact or
 * partnership referred to is not deleted (its partnership is ended), and a
 * commit that changes the exclusions names its outside source in a
 * 'Reference:' trailer.  Each commit is also checked against its first
 * parent, and the final tree against the range's base, with the deletion
 * rules too, so that a push that rewinds a branch cannot drop an exclusion.
 */
#include "check.h"

#include <stdlib.h>
#include <string.h>

#define TRAILER "Reference"
#define MAX_PARENTS 16

/* Paths whose deletion was reported, so that the final tree does not say it twice. */
struct reported {
	char **paths;
	size_t n, alloc;
};

/* An exclusion file that a commit changes: its new blob, or deleted. */
struct touched {
	char *path;
	int deleted;
	unsigned char id[20];
};

struct commit_check {
	struct oreg_checker *chk;
	struct oreg_findings *findings;
	const struct oreg_commit *commit; /* NULL: the change as a whole, or a commit not made yet */
	const char *subject;              /* what to call it then */
	struct state *base, *target;
	struct state *range_base;          /* also consulted for "referred to", or NULL */
	struct touched *touched;
	size_t ntouched, alloc;
	struct reported *reported;         /* deletions reported in this run, or NULL */
	const char *message;               /* of a commit not made yet (commit-msg), or NULL */
	struct state *forward_base;        /* its parent, for the exclusion's forward rule */
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

static void commit_words(struct oreg_buf *b, const struct commit_check *cc)
{
	if (cc->commit)
		oreg_buf_addf(b, "commit %.7s (\"%s\")", cc->commit->id, cc->commit->summary);
	else
		oreg_buf_adds(b, cc->subject ? cc->subject : "this commit");
}

static void release_touched(struct commit_check *cc)
{
	size_t i;

	for (i = 0; i < cc->ntouched; i++)
		free(cc->touched[i].path);
	free(cc->touched);
	cc->touched = NULL;
	cc->ntouched = cc->alloc = 0;
}

static int add_touched(struct commit_check *cc, const char *path, const struct oreg_entry *new)
{
	struct touched *t;

	if (oreg_grow((void **)&cc->touched, &cc->alloc, cc->ntouched + 1, sizeof(*cc->touched)) < 0)
		return OREG_ENOMEM;
	t = &cc->touched[cc->ntouched];
	if (!(t->path = oreg_strdup(path)))
		return OREG_ENOMEM;
	t->deleted = !new;
	memset(t->id, 0, 20);
	if (new)
		memcpy(t->id, new->id, 20);
	cc->ntouched++;
	return 0;
}

/* Was the deletion of path reported already?  If not, remember it: 1 to report, 0 not, or a code. */
static int first_report(struct commit_check *cc, const char *path)
{
	struct reported *r = cc->reported;
	size_t i;
	char *copy;

	if (!r)
		return 1;
	for (i = 0; i < r->n; i++)
		if (!strcmp(r->paths[i], path))
			return 0;
	if (oreg_grow((void **)&r->paths, &r->alloc, r->n + 1, sizeof(*r->paths)) < 0 || !(copy = oreg_strdup(path)))
		return OREG_ENOMEM;
	r->paths[r->n++] = copy;
	return 1;
}

/* Which record in st refers to org: its own partnership, or a contact's path; NULL for none. */
static const char *referred_in(struct state *st, const char *path, int *err)
{
	long at = (*err = state_list(st)) < 0 ? -1 : state_find(st, path);
	const struct oreg_record *org = at >= 0 ? state_record(st, (size_t)at, err) : NULL;
	size_t i, k;

	if (!org)
		return NULL;
	if (org->nperiods)
		return org->path;
	if ((*err = state_load_all(st)) < 0 || !org->id)
		return NULL;
	for (i = 0; i < st->entries.count; i++) {
		const struct oreg_record *r = st->records[i];

		for (k = 0; r && k < r->nrefs; k++)
			if (!strcmp(r->refs[k].type, "organisation") && !strcmp(r->refs[k].id, org->id))
				return r->path;
	}
	return NULL;
}

static int history_rules(const struct oreg_entry *old, const struct oreg_entry *new, size_t j, void *payload)
{
	struct commit_check *cc = payload;
	const struct oreg_register *reg = cc->target->reg;
	const char *path = (old ? old : new)->path, *by = NULL;
	struct oreg_buf msg = OREG_BUF_INIT;
	int err = 0, first;

	if (is_type(reg, path, "exclusion") && (err = add_touched(cc, path, new)) < 0)
		return err;
	/* a recorded incident needs the trailer too */
	if (new && is_type(reg, path, "contact") &&
		((err = incident_changed(cc->base ? cc->base : cc->forward_base, cc->target, path, old, j)) < 0 ||
			(err && (err = add_touched(cc, path, new)) < 0)))
		return err;
	/* an exclusion changes only forward (exclusion_history.c): judged per commit */
	if (old && new && is_type(reg, path, "exclusion") && (cc->commit || cc->message)) {
		commit_words(&msg, cc);
		err = oreg_buf_error(&msg);
		if (!err)
			err = exclusion_history_check(cc->base ? cc->base : cc->forward_base, cc->target, path, j,
				cc->commit, cc->message, msg.ptr, cc->findings);
		oreg_buf_release(&msg);
		if (err < 0)
			return err;
	}
	if (new || !cc->base)
		return 0;
	if (is_type(reg, path, "exclusion")) {
		commit_words(&msg, cc);
		oreg_buf_adds(&msg, " deletes this exclusion: an exclusion is never deleted; restore the file and "
			"set 'until' to the day it was lifted");
	} else if (is_type(reg, path, "organisation")) {
		/* "ever referred to": in the parent, or at the start of the range */
		if (!(by = referred_in(cc->base, path, &err)) && err >= 0 && cc->range_base)
			by = referred_in(cc->range_base, path, &err);
		if (err < 0)
			return err;
		if (by) {
			commit_words(&msg, cc);
			if (!strcmp(by, path))
				oreg_buf_adds(&msg, " deletes an organisation that has a partnership");
			else
				oreg_buf_addf(&msg, " deletes an organisation that %s refers to", by);
			oreg_buf_adds(&msg, ": an organisation that a contact or partnership referred to stays in the "
				"register; restore it, and end its partnership if it has one");
		}
	}
	if (msg.len && !(err = oreg_buf_error(&msg)) && (first = first_report(cc, path)) != 0)
		err = first < 0 ? first : oreg_findings_add(cc->findings, OREG_SEVERITY_ERROR, path, 1, 1,
			OREG_RULE_HISTORY, "", "%s", msg.ptr);
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

/*
 * Did a merge take this exclusion change from one of its other parents?
 * Then the commit that made the change carries the trailer, not the merge.
 */
static int taken_from(struct oreg_snapshot **others, size_t nothers, const struct touched *t)
{
	unsigned char id[20];
	size_t k;
	int err;

	for (k = 0; k < nothers; k++) {
		err = oreg_snapshot_entry_id(id, others[k], t->path);
		if (err < 0 && err != OREG_ENOTFOUND)
			return err;
		if (t->deleted ? err == OREG_ENOTFOUND : (err == 0 && !memcmp(id, t->id, 20)))
			return 1;
	}
	return 0;
}

static int trailer_rule(struct commit_check *cc, const char *message, struct oreg_snapshot **others,
	size_t nothers)
{
	struct oreg_buf msg = OREG_BUF_INIT;
	const char *own = NULL;
	char *clean;
	size_t i;
	int has, err;

	for (i = 0; i < cc->ntouched && !own; i++) {
		if ((err = taken_from(others, nothers, &cc->touched[i])) < 0)
			return err;
		if (!err)
			own = cc->touched[i].path;
	}
	if (!own)
		return 0;
	if (!(clean = clean_message(message)))
		return OREG_ENOMEM;
	has = oreg_message_has_trailer(clean, TRAILER);
	free(clean);
	if (has)
		return has < 0 ? has : 0;
	commit_words(&msg, cc);
	if (is_type(cc->target->reg, own, "contact"))
		oreg_buf_adds(&msg, " records an incident without a 'Reference:' trailer: end the commit message "
			"with the reference of the report, as in 'Reference: SZW/2025-0412'");
	else
		oreg_buf_adds(&msg, " changes the exclusions without a 'Reference:' trailer: end the commit message "
			"with the outside advice or document it rests on, as in 'Reference: Kamerstuk 32 824, nr. 445'");
	err = oreg_buf_error(&msg);
	if (!err)
		err = oreg_findings_add(cc->findings, OREG_SEVERITY_ERROR, own, 1, 1, OREG_RULE_HISTORY, "", "%s",
			msg.ptr);
	oreg_buf_release(&msg);
	return err;
}

/* Every exclusion of a state counts as touched: a root commit adds them all. */
static int touch_all(struct commit_check *cc, struct state *st)
{
	size_t i;
	int err;

	for (i = 0; i < st->entries.count; i++)
		if (is_type(st->reg, st->entries.items[i].path, "exclusion") &&
			(err = add_touched(cc, st->entries.items[i].path, &st->entries.items[i])) < 0)
			return err;
	return 0;
}

struct range {
	struct oreg_checker *chk;
	struct oreg_findings *findings;
	struct state *base; /* the state at from, or NULL */
	struct reported reported;
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
	struct commit_check cc = { .chk = r->chk, .findings = r->findings, .commit = c, .range_base = r->base,
		.reported = &r->reported };
	struct oreg_snapshot *bs = NULL, *ts = NULL, *others[MAX_PARENTS] = { NULL };
	struct oreg_findings scratch;
	struct state b, t;
	size_t nothers = 0, k;
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
	if (cc.base)
		err = oreg_diff_states(&b, &t, history_rules, &cc);
	else
		err = touch_all(&cc, &t);
	if (err < 0)
		goto done;
	/* a merge: the changes it took from its other parents carry their own trailers */
	for (k = 1; k < c->nparents && k <= MAX_PARENTS; k++) {
		char id[41];

		if ((err = oreg_repo_parent(id, r->chk->repo, c->id, (unsigned)k)) < 0 ||
			(err = oreg_snapshot_open(&others[nothers], r->chk->repo, OREG_SNAPSHOT_COMMIT, id)) < 0)
			goto done;
		nothers++;
	}
	if ((err = trailer_rule(&cc, c->message, others, nothers)) < 0)
		goto done;
	err = oreg_check_states(cc.base, &t, r->findings);
done:
	for (k = 0; k < nothers; k++)
		oreg_snapshot_free(others[k]);
	release_touched(&cc);
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
	struct oreg_findings scratch;
	struct state b, t;
	size_t i;
	int err;

	oreg_findings_init(&scratch);
	memset(&b, 0, sizeof(b));
	memset(&t, 0, sizeof(t));
	if (from && (err = open_commit_state(&b, chk, &base, from, &scratch)) < 0)
		goto done;
	r.base = b.reg ? &b : NULL;
	if ((err = oreg_repo_walk(chk->repo, from, to, on_commit, &r)) < 0)
		goto done;
	/*
	 * The final tree against the base: a merge of two clean sides can
	 * still break a rule, and a push that rewinds a branch brings no new
	 * commit but can still drop an exclusion.
	 */
	if ((err = open_commit_state(&t, chk, &target, to, findings)) < 0 || !t.reg)
		goto done;
	if (r.base) {
		struct commit_check cc = { .chk = chk, .findings = findings, .base = &b, .target = &t,
			.reported = &r.reported, .subject = "the change as a whole" };

		err = oreg_diff_states(&b, &t, history_rules, &cc);
		release_touched(&cc);
		if (err < 0)
			goto done;
	}
	err = oreg_check_states(r.base, &t, findings);
done:
	for (i = 0; i < r.reported.n; i++)
		free(r.reported.paths[i]);
	free(r.reported.paths);
	state_close(&b);
	state_close(&t);
	oreg_snapshot_free(base);
	oreg_snapshot_free(target);
	oreg_findings_release(&scratch);
	return err;
}

int oreg_check_message(struct oreg_checker *chk, struct oreg_snapshot *base, struct oreg_snapshot *target,
	const char *message, struct oreg_findings *findings)
{
	struct commit_check cc = { .chk = chk, .findings = findings };
	struct oreg_snapshot *others[MAX_PARENTS] = { NULL };
	char merge_heads[MAX_PARENTS][41];
	struct oreg_findings scratch;
	struct state b, t;
	int err, n = 0, k;

	oreg_findings_init(&scratch);
	memset(&b, 0, sizeof(b));
	if ((err = state_open(&t, chk, target, &scratch)) < 0 || !t.reg)
		goto done;
	if (base && ((err = state_open_listing(&b, chk, base, &scratch, 0)) < 0))
		goto done;
	cc.target = &t;
	cc.message = message;
	cc.forward_base = base && b.reg ? &b : NULL;
	/* only which exclusions change matters here: no base, so no deletion rules */
	if (base && b.reg)
		err = oreg_changes(&b, &t, history_rules, &cc);
	else
		err = touch_all(&cc, &t);
	if (err < 0)
		goto done;
	/* committing a merge: what it takes from the merged branch is not its own change */
	if ((n = oreg_repo_merge_heads(merge_heads, MAX_PARENTS, chk->repo)) < 0) {
		err = n;
		n = 0;
		goto done;
	}
	for (k = 0; k < n; k++)
		if ((err = oreg_snapshot_open(&others[k], chk->repo, OREG_SNAPSHOT_COMMIT, merge_heads[k])) < 0) {
			n = k;
			goto done;
		}
	err = trailer_rule(&cc, message, others, (size_t)n);
done:
	for (k = 0; k < n; k++)
		oreg_snapshot_free(others[k]);
	release_touched(&cc);
	state_close(&b);
	state_close(&t);
	oreg_findings_release(&scratch);
	return err;
}
