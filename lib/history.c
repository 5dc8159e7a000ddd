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
	struct ever *ever;                 /* what the branch's history referred to, or NULL */
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
	long at = state_find(st, path);
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

/* ---- nothing that mattered is deleted: the history, contacts and partnership periods ---- */

/*
 * "Ever referred to" over the whole first-parent history of the branch,
 * computed once per run, and only when a deletion needs it.
 */
struct ever {
	struct oreg_checker *chk;
	const char *tip; /* the branch as it stood: the range's base, or HEAD */
	struct oreg_everref *refs;
	int done;
};

static const char *ever_referred(struct ever *ev, const struct oreg_register *reg, const char *org, int *err)
{
	struct oreg_buf orgs = OREG_BUF_INIT, contacts = OREG_BUF_INIT;
	size_t i;

	*err = 0;
	if (!ev || !ev->tip)
		return NULL;
	if (!ev->done) {
		ev->done = 1;
		for (i = 0; i < reg->ntypes; i++) {
			if (!strcmp(reg->types[i].name, "organisation"))
				oreg_buf_addf(&orgs, "%s/%s", reg->records_dir, reg->types[i].folder);
			else if (!strcmp(reg->types[i].name, "contact"))
				oreg_buf_addf(&contacts, "%s/%s", reg->records_dir, reg->types[i].folder);
		}
		if (!(*err = oreg_buf_error(&orgs)) && !(*err = oreg_buf_error(&contacts)))
			*err = oreg_everref_compute(&ev->refs, ev->chk->repo, ev->tip, orgs.len ? orgs.ptr : NULL,
				contacts.len ? contacts.ptr : NULL);
		oreg_buf_release(&orgs);
		oreg_buf_release(&contacts);
		if (*err < 0)
			return NULL;
	}
	{
		const char *by;

		*err = oreg_everref_by(&by, ev->refs, org);
		return *err < 0 ? NULL : by;
	}
}

/* The id of a record from its path: the file name without .yaml. */
static char *id_of(const char *path)
{
	const char *slash = strrchr(path, '/'), *name = slash ? slash + 1 : path;
	size_t len = strlen(name);

	return oreg_strndup(name, len > 5 && !strcmp(name + len - 5, ".yaml") ? len - 5 : len);
}

/* Is there a contact with this id in st, in any year folder? */
static int has_contact(struct state *st, const char *id, int *err)
{
	const struct oreg_record_type *t = state_type(st, "contact");
	struct oreg_buf path = OREG_BUF_INIT;
	size_t i;
	int found = 0;

	if (!t || (*err = state_load_year_folders(st, t)) < 0)
		return 0;
	for (i = 0; i < st->nyear_folders && !found; i++) {
		oreg_buf_clear(&path);
		oreg_buf_addf(&path, "%s%s.yaml", st->year_folders[i], id);
		if ((*err = oreg_buf_error(&path)) < 0)
			break;
		found = state_find(st, path.ptr) >= 0;
	}
	oreg_buf_release(&path);
	return found;
}

static int add_history_finding(struct commit_check *cc, const char *path, const char *key, const struct oreg_buf *msg)
{
	int err = oreg_buf_error(msg), first;

	if (err < 0)
		return err;
	if ((first = first_report(cc, key)) <= 0)
		return first;
	return oreg_findings_add(cc->findings, OREG_SEVERITY_ERROR, path, 1, 1, OREG_RULE_HISTORY, "", "%s", msg->ptr);
}

/* A contact on the branch is never deleted (moving it to another year's folder is no deletion). */
static int contact_rule(struct commit_check *cc, const char *path)
{
	struct oreg_buf msg = OREG_BUF_INIT;
	char *id = id_of(path);
	int err = 0;

	if (!id)
		return OREG_ENOMEM;
	if (cc->range_base && has_contact(cc->range_base, id, &err) && err >= 0 && !has_contact(cc->target, id, &err) &&
		err >= 0) {
		commit_words(&msg, cc);
		oreg_buf_adds(&msg, " deletes a contact that is in the register: a contact is never deleted; restore "
			"the file and withdraw the contact with 'withdrawn:' holding 'date:' and 'reason:'");
		err = add_history_finding(cc, path, path, &msg);
	}
	oreg_buf_release(&msg);
	free(id);
	return err;
}

/* A partnership period on the branch is never removed: it is ended with 'until', or withdrawn. */
static int partnership_rule(struct commit_check *cc, const char *path, size_t j)
{
	const struct oreg_record *was, *now;
	struct oreg_buf msg = OREG_BUF_INIT, key = OREG_BUF_INIT;
	long at;
	size_t i, k;
	int err = 0;

	if (!cc->range_base || (at = state_find(cc->range_base, path)) < 0)
		return err;
	if (!(was = state_record(cc->range_base, (size_t)at, &err)) || !was->loaded ||
		!(now = state_record(cc->target, j, &err)) || !now->loaded)
		return err;
	for (i = 0; i < was->nperiods && err >= 0; i++) {
		for (k = 0; k < now->nperiods && now->periods[k].from != was->periods[i].from; k++)
			;
		if (k < now->nperiods)
			continue;
		oreg_buf_clear(&msg);
		oreg_buf_clear(&key);
		commit_words(&msg, cc);
		oreg_buf_addf(&msg, " removes the partnership period from %04d-%02d-%02d: a partnership period is never "
			"removed; restore it, and end it with 'until' or withdraw it with 'withdrawn:' holding 'date:' and "
			"'reason:'", (int)(was->periods[i].from / 10000), (int)(was->periods[i].from / 100 % 100),
			(int)(was->periods[i].from % 100));
		oreg_buf_addf(&key, "%s#%d", path, (int)was->periods[i].from);
		err = oreg_buf_error(&key);
		if (err >= 0)
			err = add_history_finding(cc, path, key.ptr, &msg);
	}
	oreg_buf_release(&msg);
	oreg_buf_release(&key);
	return err;
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
		((err = incident_changed(cc->base ? cc->base : cc->forward_base, cc->target, old, j)) < 0 ||
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
	if (old && new && cc->base && is_type(reg, path, "organisation"))
		return partnership_rule(cc, path, j);
	if (new || !cc->base)
		return 0;
	if (is_type(reg, path, "contact"))
		return contact_rule(cc, path);
	if (is_type(reg, path, "exclusion")) {
		commit_words(&msg, cc);
		oreg_buf_adds(&msg, " deletes this exclusion: an exclusion is never deleted; restore the file and "
			"set 'until' to the day it was lifted");
	} else if (is_type(reg, path, "organisation")) {
		/* "ever referred to": in the parent, or at the start of the range */
		int past = 0;

		if (!(by = referred_in(cc->base, path, &err)) && err >= 0 && cc->range_base)
			by = referred_in(cc->range_base, path, &err);
		if (!by && err >= 0 && cc->ever) {
			char *id = id_of(path);

			if (!id)
				return OREG_ENOMEM;
			by = ever_referred(cc->ever, reg, id, &err);
			past = 1;
			free(id);
		}
		if (err < 0)
			return err;
		if (by) {
			commit_words(&msg, cc);
			if (!strcmp(by, path))
				oreg_buf_addf(&msg, " deletes an organisation that %s a partnership", past ? "once had" : "has");
			else
				oreg_buf_addf(&msg, " deletes an organisation that %s %s", by, past ? "once referred to" :
					"refers to");
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

	if ((err = state_list(st)) < 0)
		return err;
	for (i = 0; i < st->entries.count; i++)
		if (is_type(st->reg, st->entries.items[i].path, "exclusion") &&
			(err = add_touched(cc, st->entries.items[i].path, &st->entries.items[i])) < 0)
			return err;
	return 0;
}

/* ---- the change procedure: schemas/ alone, with its trailers; the policy in force ---- */

#define POLICY_TRAILER "Policy-Change"

/*
 * A commit that changes schemas/ changes nothing else, names its decision
 * in a Reference: trailer and says why in a Policy-Change: trailer when
 * it weakens the rules.  A merge that took schemas/ from a merged branch
 * is not the change itself; a root commit lays down the first rules.
 */
static int policy_rules(struct commit_check *cc, struct oreg_snapshot *parent, struct oreg_snapshot *commit,
	const char *message, struct oreg_snapshot **others, size_t nothers, int is_commit)
{
	struct oreg_buf words = OREG_BUF_INIT;
	char *clean = NULL, *outside = NULL;
	size_t k, count;
	int err, same = 0, has_reference, has_reason;

	if (!parent || (same = oreg_same_schemas(parent, commit)) != 0)
		return same < 0 ? same : 0;
	for (k = 0; k < nothers; k++)
		if ((same = oreg_same_schemas(others[k], commit)) != 0)
			return same < 0 ? same : 0;
	commit_words(&words, cc);
	if ((err = oreg_buf_error(&words)) < 0 || !(clean = clean_message(message ? message : ""))) {
		err = err < 0 ? err : OREG_ENOMEM;
		goto done;
	}
	if ((has_reference = oreg_message_has_trailer(clean, TRAILER)) < 0 ||
		(has_reason = oreg_message_has_trailer(clean, POLICY_TRAILER)) < 0) {
		err = has_reference < 0 ? has_reference : has_reason;
		goto done;
	}
	if (is_commit && !nothers && cc->commit &&
		(err = oreg_repo_changed_outside(&outside, cc->chk->repo, cc->commit->id, cc->commit->parent, "schemas")) < 0)
		goto done;
	if (outside && (err = oreg_findings_add(cc->findings, OREG_SEVERITY_ERROR, "schemas", 0, 0, OREG_RULE_POLICY,
			"", "%s changes schemas/ together with '%s': a change of the register's rules is a commit of its "
			"own; commit the change of schemas/ alone, then the rest", words.ptr, outside)) < 0)
		goto done;
	if (!has_reference && (err = oreg_findings_add(cc->findings, OREG_SEVERITY_ERROR, "schemas", 0, 0,
			OREG_RULE_POLICY, "", "%s changes schemas/ without a 'Reference:' trailer: end the commit message "
			"with the decision the change rests on, as in 'Reference: besluit DG SI, 12 maart 2025'",
			words.ptr)) < 0)
		goto done;
	err = policy_weakenings(&count, parent, commit, words.ptr, has_reason, cc->findings);
done:
	free(outside);
	free(clean);
	oreg_buf_release(&words);
	return err;
}

/*
 * Judge target (with parent, when there is one) by the policy in force,
 * the schemas and register of policy, when they are not target's own: a
 * record must pass both, so a change of the rules never applies to
 * records in the same push.
 */
static int policy_in_force(struct commit_check *cc, struct state *policy, struct oreg_snapshot *parent,
	struct oreg_snapshot *target)
{
	struct commit_check old = *cc;
	struct oreg_findings scratch;
	struct state b, t;
	int err, same = 0;

	if (!policy || (same = oreg_same_schemas(policy->snap, target)) != 0)
		return same < 0 ? same : 0;
	oreg_findings_init(&scratch);
	memset(&b, 0, sizeof(b));
	old.touched = NULL;
	old.ntouched = old.alloc = 0;
	if ((err = state_open_policy(&t, cc->chk, target, policy->snap, policy->schemas_key, cc->findings)) < 0 ||
		!t.reg)
		goto done;
	if (parent && ((err = state_open_policy(&b, cc->chk, parent, policy->snap, policy->schemas_key, &scratch)) < 0 ||
			!b.reg))
		goto done;
	old.base = parent ? &b : NULL;
	old.target = &t;
	old.range_base = policy;
	/* the history rules too: a folder of records renamed looks like their deletion to the policy in force */
	if (old.base && (err = oreg_diff_states(&b, &t, history_rules, &old)) < 0)
		goto done;
	err = oreg_check_states(old.base, &t, cc->findings);
done:
	release_touched(&old);
	state_close(&b);
	state_close(&t);
	oreg_findings_release(&scratch);
	return err;
}

struct range {
	struct oreg_checker *chk;
	struct oreg_findings *findings;
	struct state *base; /* the state at from, or NULL */
	struct reported reported;
	struct ever ever;
	struct oreg_progress progress; /* commits checked, of the range's */
};

/* Personal data in a commit's message and in its author's and committer's free text. */
static int commit_privacy(const struct oreg_register *reg, const struct oreg_commit *c,
	struct oreg_findings *findings)
{
	struct oreg_identity ids[2] = { { c->author, c->author_email }, { c->committer, c->committer_email } };
	char file[64];
	int err;

	snprintf(file, sizeof(file), "commit %.7s", c->id);
	if ((err = oreg_privacy_check_message(reg, file, c->message, 0, ids, 2, findings)) < 0)
		return err;
	snprintf(file, sizeof(file), "commit %.7s (author)", c->id);
	if ((err = oreg_privacy_check_identity(reg, file, "author", &ids[0], findings)) < 0)
		return err;
	snprintf(file, sizeof(file), "commit %.7s (committer)", c->id);
	return oreg_privacy_check_identity(reg, file, "committer", &ids[1], findings);
}

struct other_files {
	struct oreg_snapshot *snap;
	const struct oreg_register *reg;
	struct oreg_findings *findings;
};

static bool under(const char *path, const char *folder)
{
	size_t n = strlen(folder);

	return !strncmp(path, folder, n) && path[n] == '/';
}

/*
 * A file outside the records that the commit adds or changes, and which
 * no other rule reads: its name and content are scanned for personal data.
 * The records folder is the record rules' (a file there that is no record
 * is refused), and the schemas/ YAML files the policy rules'.
 */
static int other_file(const struct oreg_entry *old, const struct oreg_entry *new, void *payload)
{
	struct other_files *of = payload;
	char *data = NULL;
	size_t len = 0, k;
	int err;

	(void)old;
	if (!new || (new->mode != OREG_ENTRY_FILE && new->mode != OREG_ENTRY_SYMLINK) ||
		under(new->path, of->reg->records_dir) ||
		(under(new->path, "schemas") && (len = strlen(new->path)) > 5 && !strcmp(new->path + len - 5, ".yaml")))
		return 0;
	/* a screening list names people and numbers of its own; it is data from outside, read by screen */
	for (k = 0; k < of->reg->nscreening_lists; k++)
		if (!strcmp(new->path, of->reg->screening_lists[k]))
			return 0;
	if ((err = oreg_snapshot_read_entry(&data, &len, of->snap, new)) < 0)
		return err;
	err = oreg_privacy_check_file(of->reg, new->path, data, len, of->findings);
	free(data);
	return err;
}

/* Personal data in the files outside the records that a commit adds or changes. */
static int other_files_privacy(const struct oreg_register *reg, struct oreg_snapshot *base,
	struct oreg_snapshot *target, struct oreg_findings *findings)
{
	struct other_files of = { .snap = target, .reg = reg, .findings = findings };

	/* the records folder is the record rules': not walked again here */
	return oreg_snapshot_changes_except(base, target, reg->records_dir, other_file, &of);
}

static int count_commit(const struct oreg_commit *c, void *payload)
{
	(void)c;
	++*(size_t *)payload;
	return 0;
}

static int open_commit_state(struct state *st, struct oreg_checker *chk, struct oreg_snapshot **snap,
	const char *id, struct oreg_findings *findings)
{
	int err;

	memset(st, 0, sizeof(*st));
	if ((err = oreg_snapshot_open(snap, chk->repo, OREG_SNAPSHOT_COMMIT, id)) < 0)
		return err;
	/* a commit's records are found as its change asks for them: a range is not a listing per commit */
	return state_open_lazy(st, chk, *snap, findings);
}

/*
 * The end of one commit's check, err its result so far: a lookup that
 * failed is the check's failure, not a missing record; the other parents'
 * snapshots, the states and the records touched are released.
 */
static int finish_commit_check(struct commit_check *cc, struct state *b, struct state *t,
	struct oreg_snapshot **others, size_t nothers, int err)
{
	size_t k;

	if (!err)
		err = state_failure(t, b);
	for (k = 0; k < nothers; k++)
		oreg_snapshot_free(others[k]);
	release_touched(cc);
	state_close(b);
	state_close(t);
	return err;
}

static int on_commit(const struct oreg_commit *c, void *payload)
{
	struct range *r = payload;
	struct commit_check cc = { .chk = r->chk, .findings = r->findings, .commit = c, .range_base = r->base,
		.reported = &r->reported, .ever = &r->ever };
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
		err = oreg_changes(&b, &t, history_rules, &cc);
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
	if ((err = policy_rules(&cc, bs, ts, c->message, others, nothers, 1)) < 0)
		goto done;
	if ((err = commit_privacy(t.reg, c, r->findings)) < 0 ||
		(err = other_files_privacy(t.reg, bs, ts, r->findings)) < 0)
		goto done;
	if ((err = oreg_check_states(cc.base, &t, r->findings)) < 0)
		goto done;
	err = policy_in_force(&cc, r->base, bs, ts);
done:
	oreg_progress_tick(&r->progress);
	err = finish_commit_check(&cc, &b, &t, others, nothers, err);
	oreg_snapshot_free(bs);
	oreg_snapshot_free(ts);
	oreg_findings_release(&scratch);
	return err;
}

int oreg_check_range(struct oreg_checker *chk, const char *from, const char *to, struct oreg_findings *findings)
{
	struct range r = { .chk = chk, .findings = findings, .ever = { .chk = chk, .tip = from } };
	struct oreg_snapshot *base = NULL, *target = NULL;
	struct oreg_findings scratch;
	struct state b, t;
	size_t i, ncommits = 0;
	int err;

	oreg_findings_init(&scratch);
	memset(&b, 0, sizeof(b));
	memset(&t, 0, sizeof(t));
	if (from && (err = open_commit_state(&b, chk, &base, from, &scratch)) < 0)
		goto done;
	r.base = b.reg ? &b : NULL;
	/* a year of commits takes a while: counted first, so that progress can say how far it is */
	if ((err = oreg_repo_walk(chk->repo, from, to, count_commit, &ncommits)) < 0)
		goto done;
	oreg_progress_begin(&r.progress, "Checking commits", ncommits);
	err = oreg_repo_walk(chk->repo, from, to, on_commit, &r);
	oreg_progress_end(&r.progress);
	if (err < 0)
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
			.range_base = &b, .reported = &r.reported, .subject = "the change as a whole", .ever = &r.ever };

		err = oreg_changes(&b, &t, history_rules, &cc);
		release_touched(&cc);
		if (err < 0 || (err = policy_in_force(&cc, &b, base, target)) < 0)
			goto done;
	}
	err = oreg_check_states(r.base, &t, findings);
done:
	if (!err) /* a lookup that failed is the check's failure, not a missing record */
		err = state_failure(&t, &b);
	for (i = 0; i < r.reported.n; i++)
		free(r.reported.paths[i]);
	free(r.reported.paths);
	oreg_everref_free(r.ever.refs);
	state_close(&b);
	state_close(&t);
	oreg_snapshot_free(base);
	oreg_snapshot_free(target);
	oreg_findings_release(&scratch);
	return err;
}

/* The last value of a setting wins, as in git. */
static int last_value(const char *value, void *payload)
{
	char **out = payload;

	free(*out);
	return (*out = oreg_strdup(value)) ? 0 : OREG_ENOMEM;
}

/* The name or e-mail address (what: "NAME", "EMAIL") the next commit's author or committer gets from git. */
static int next_identity(char **out, struct oreg_repo *repo, const char *who, const char *what)
{
	char env[32];
	const char *v;

	*out = NULL;
	snprintf(env, sizeof(env), "GIT_%s_%s", who, what);
	if ((v = getenv(env)))
		return (*out = oreg_strdup(v)) ? 0 : OREG_ENOMEM;
	snprintf(env, sizeof(env), "user.%s", !strcmp(what, "NAME") ? "name" : "email");
	return oreg_repo_config_multi(last_value, repo, env, out);
}

/* Personal data in the message of a commit not made yet, and in its author's and committer's free text. */
static int next_commit_privacy(struct oreg_checker *chk, const struct oreg_register *reg, const char *file,
	const char *message, struct oreg_findings *findings)
{
	static const char *const who[] = { "AUTHOR", "COMMITTER" };
	char *names[2][2] = { { NULL, NULL }, { NULL, NULL } };
	struct oreg_identity ids[2];
	int err = 0, k;

	for (k = 0; k < 2 && err >= 0; k++)
		if ((err = next_identity(&names[k][0], chk->repo, who[k], "NAME")) >= 0)
			err = next_identity(&names[k][1], chk->repo, who[k], "EMAIL");
	for (k = 0; k < 2; k++)
		ids[k] = (struct oreg_identity){ names[k][0], names[k][1] };
	if (err >= 0)
		err = oreg_privacy_check_message(reg, file ? file : "COMMIT_EDITMSG", message, OREG_MESSAGE_EDITING, ids, 2,
			findings);
	if (err >= 0)
		err = oreg_privacy_check_identity(reg, "the new commit's author", "author", &ids[0], findings);
	if (err >= 0)
		err = oreg_privacy_check_identity(reg, "the new commit's committer", "committer", &ids[1], findings);
	for (k = 0; k < 2; k++) {
		free(names[k][0]);
		free(names[k][1]);
	}
	return err;
}

int oreg_check_message(struct oreg_checker *chk, struct oreg_snapshot *base, struct oreg_snapshot *target,
	const char *file, const char *message, struct oreg_findings *findings)
{
	struct commit_check cc = { .chk = chk, .findings = findings };
	struct oreg_snapshot *others[MAX_PARENTS] = { NULL };
	char merge_heads[MAX_PARENTS][41];
	struct oreg_findings scratch;
	struct state b, t;
	int err, n = 0, k;

	oreg_findings_init(&scratch);
	memset(&b, 0, sizeof(b));
	if ((err = state_open_listing(&t, chk, target, &scratch, !base)) < 0 || !t.reg)
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
	if ((err = trailer_rule(&cc, message, others, (size_t)n)) < 0)
		goto done;
	if ((err = policy_rules(&cc, base, target, message, others, (size_t)n, 0)) < 0)
		goto done;
	err = next_commit_privacy(chk, t.reg, file, message, findings);
done:
	err = finish_commit_check(&cc, &b, &t, others, (size_t)n, err);
	oreg_findings_release(&scratch);
	return err;
}

/* ---- pre-commit: the history rules that HEAD can judge, on the index ---- */

struct staged {
	struct commit_check *cc;
	size_t changed; /* record files the index changes */
};

static int staged_rules(const struct oreg_entry *old, const struct oreg_entry *new, size_t j, void *payload)
{
	struct staged *sg = payload;

	sg->changed++;
	return history_rules(old, new, j, sg->cc);
}

int oreg_check_staged_history(struct oreg_checker *chk, struct oreg_snapshot *head, struct oreg_snapshot *index,
	struct oreg_findings *findings)
{
	struct reported reported = { 0 };
	struct ever ever = { .chk = chk, .tip = "HEAD" };
	struct commit_check cc = { .chk = chk, .findings = findings, .subject = "this commit", .reported = &reported,
		.ever = &ever };
	struct staged sg = { .cc = &cc };
	struct oreg_findings scratch;
	struct state b, t;
	size_t i;
	int err, same;

	oreg_findings_init(&scratch);
	memset(&b, 0, sizeof(b));
	memset(&t, 0, sizeof(t));
	if (!head)
		return 0; /* the first commit: nothing to keep yet */
	if ((err = state_open_listing(&b, chk, head, &scratch, 0)) < 0 || !b.reg ||
		(err = state_open_lazy(&t, chk, index, &scratch)) < 0 || !t.reg)
		goto done;
	cc.base = cc.range_base = &b;
	cc.target = &t;
	if ((err = oreg_changes(&b, &t, staged_rules, &sg)) < 0 || (same = oreg_same_schemas(head, index)) < 0) {
		err = err < 0 ? err : same;
		goto done;
	}
	if (!same && sg.changed)
		err = oreg_findings_add(findings, OREG_SEVERITY_ERROR, "schemas", 0, 0, OREG_RULE_POLICY, "",
			"this commit changes schemas/ together with records: a change of the register's rules is a "
			"commit of its own; commit the change of schemas/ alone, then the records");
done:
	if (!err) /* a lookup that failed is the check's failure, not a missing record */
		err = state_failure(&t, &b);
	for (i = 0; i < reported.n; i++)
		free(reported.paths[i]);
	free(reported.paths);
	release_touched(&cc);
	oreg_everref_free(ever.refs);
	state_close(&b);
	state_close(&t);
	oreg_findings_release(&scratch);
	return err;
}
