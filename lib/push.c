/*
 * push.c - what the server's pre-receive hook judges before and around the
 * records: git's own settings that verify pushed objects and protect the
 * history, and each pushed ref.  git's settings are a first wall, the
 * hook's rules the second: each refuses on its own.
 */
#include "check.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

struct server_setting {
	const char *name;
	const char *why;
	int unless_deletion_allowed; /* not needed when openreg.allowDeletion is set */
};

static const struct server_setting settings[] = {
	{ "receive.fsckObjects", "git verifies every pushed object (no duplicate or hostile tree entries)", 0 },
	{ "receive.denyNonFastForwards", "git refuses a push that rewrites a branch's history", 0 },
	{ "receive.denyDeletes", "git refuses the deletion of a branch or tag", 1 },
};

/* receive.fsckObjects falls back to transfer.fsckObjects, as in git. */
static int setting_value(int *out, struct oreg_repo *repo, const char *name)
{
	int err, fallback = 0;

	if (!strcmp(name, "receive.fsckObjects") &&
		(err = oreg_repo_config_bool(&fallback, repo, "transfer.fsckObjects", 0)) < 0)
		return err;
	return oreg_repo_config_bool(out, repo, name, fallback);
}

int oreg_server_configure(struct oreg_repo *repo, int (*report)(const char *line, void *payload), void *payload)
{
	struct oreg_buf line = OREG_BUF_INIT;
	int err, allow_deletion;
	size_t i;

	if ((err = oreg_repo_config_bool(&allow_deletion, repo, "openreg.allowDeletion", 0)) < 0)
		return err;
	for (i = 0; i < ARRAY_SIZE(settings) && err >= 0; i++) {
		oreg_buf_clear(&line);
		if (settings[i].unless_deletion_allowed && allow_deletion) {
			oreg_buf_addf(&line, "left %s alone: openreg.allowDeletion is set", settings[i].name);
		} else {
			if ((err = oreg_repo_config_set_bool(repo, settings[i].name, 1)) < 0)
				break;
			oreg_buf_addf(&line, "set %s=true: %s", settings[i].name, settings[i].why);
		}
		if ((err = oreg_buf_error(&line)) == 0)
			err = report(line.ptr, payload);
	}
	oreg_buf_release(&line);
	return err;
}

/* ---- the one rewrite an administrator allows (personal data taken out of the history) ---- */

#define REWRITE_KEY "openreg.allowRewrite"
#define REWRITTEN_KEY "openreg.rewritten"

static int last_value(const char *value, void *payload)
{
	char **out = payload;

	free(*out);
	return (*out = oreg_strdup(value)) ? 0 : OREG_ENOMEM;
}

/* openreg.allowRewrite as set ("REF OLD NEW"), or NULL. */
static int rewrite_key(char **out, struct oreg_repo *repo)
{
	*out = NULL;
	return oreg_repo_config_multi(last_value, repo, REWRITE_KEY, out);
}

/* Does openreg.allowRewrite allow ref to move from old to new, as it says to the letter? */
static int rewrite_allowed(struct oreg_repo *repo, const char *ref, const char *old, const char *new)
{
	char *key = NULL, want[4200];
	int err = rewrite_key(&key, repo);

	snprintf(want, sizeof(want), "%s %s %s", ref, old, new);
	if (err >= 0)
		err = key && !strcmp(key, want);
	free(key);
	return err;
}

int oreg_push_rewrite_done(struct oreg_repo *repo, const char *old, const char *new, const char *ref)
{
	char line[4200], when[OREG_TIME_SIZE];
	int err = rewrite_allowed(repo, ref, old, new);

	if (err <= 0)
		return err;
	oreg_time_format(when, (long long)time(NULL), 0, OREG_TIME_GIT);
	snprintf(line, sizeof(line), "%s %s %s %s", when, ref, old, new);
	/* once: the key goes, git's own protection comes back, and the server keeps the record */
	if ((err = oreg_repo_config_edit(repo, REWRITE_KEY, NULL, 0)) < 0 ||
		(err = oreg_repo_config_set_bool(repo, "receive.denyNonFastForwards", 1)) < 0 ||
		(err = oreg_repo_config_edit(repo, REWRITTEN_KEY, line, 1)) < 0)
		return err;
	return 1;
}

int oreg_server_check_settings(struct oreg_repo *repo, struct oreg_findings *findings)
{
	int err, allow_deletion, on, rewrite;
	size_t i, before = findings->count;
	char *key = NULL;

	if ((err = oreg_repo_config_bool(&allow_deletion, repo, "openreg.allowDeletion", 0)) < 0 ||
		(err = rewrite_key(&key, repo)) < 0)
		return err;
	rewrite = key != NULL;
	free(key);
	for (i = 0; i < ARRAY_SIZE(settings); i++) {
		if (settings[i].unless_deletion_allowed && allow_deletion)
			continue;
		/* while an administrator allows one rewrite, git lets it through and the hook judges it */
		if (rewrite && !strcmp(settings[i].name, "receive.denyNonFastForwards"))
			continue;
		if ((err = setting_value(&on, repo, settings[i].name)) < 0)
			return err;
		if (!on && (err = oreg_findings_add(findings, OREG_SEVERITY_ERROR, "config", 0, 0, OREG_RULE_SERVER,
				"", "the server does not set %s=true, so the register accepts no push: run "
				"'openreg hooks install --server' in the server repository", settings[i].name)) < 0)
			return err;
	}
	return findings->count > before;
}

/* ---- one pushed ref ---- */

struct allowed {
	const char *ref;
	int yes;
};

/* Does one value of openreg.allowRefs name ref: the ref itself, its folder, or a folder/ * pattern? */
static int allow_one(const char *value, void *payload)
{
	struct allowed *a = payload;
	size_t n = strlen(value);

	while (n && value[n - 1] == '/')
		n--;
	if (n >= 2 && value[n - 1] == '*' && value[n - 2] == '/')
		n -= 2;
	if (n && !strncmp(a->ref, value, n) && (a->ref[n] == '\0' || a->ref[n] == '/'))
		a->yes = 1;
	return 0;
}

static int ref_allowed(int *out, struct oreg_repo *repo, const char *ref)
{
	struct allowed a = { ref, 0 };
	int err = oreg_repo_config_multi(allow_one, repo, "openreg.allowRefs", &a);

	*out = a.yes;
	return err;
}

static int clock_rule(struct oreg_checker *chk, const char *new, const char *stop, const char *ref,
	struct oreg_findings *findings);

/* What a new branch or a tag adds to the default branch: from their common history, or everything. */
static int check_against_default(struct oreg_checker *chk, const char *new, const char *ref,
	struct oreg_findings *findings)
{
	char base[41];
	int err, common;

	if ((err = oreg_repo_default_branch(base, chk->repo)) < 0)
		return err;
	if (base[0] && (err = oreg_repo_merge_base(base, chk->repo, base, new)) < 0 && err != OREG_ENOTFOUND)
		return err;
	common = base[0] && err == 0;
	/* the chain down to the common history: a side branch may leave it by its second parent, so only the clock */
	if ((err = clock_rule(chk, new, common ? base : NULL, ref, findings)) < 0)
		return err;
	return oreg_check_range(chk, common ? base : NULL, new, findings);
}

/* Is old an ancestor of new (or the same)? */
static int fast_forward(struct oreg_repo *repo, const char *old, const char *new)
{
	char base[41];
	int err = oreg_repo_merge_base(base, repo, old, new);

	if (err == OREG_ENOTFOUND)
		return 0;
	return err < 0 ? err : !strcmp(base, old);
}

/* ---- time moves forward ---- */

#define DEFAULT_CLOCK_TOLERANCE 300 /* seconds */

/* A commit's time as git prints it with --date=iso: "2025-06-01 10:00:00 +0200". */
static void commit_date(char out[OREG_TIME_SIZE], const struct oreg_commit *c)
{
	oreg_time_format(out, c->time, c->offset, OREG_TIME_GIT);
}

/*
 * Walk the first-parent chain of new back to stop (NULL: to the root):
 * no commit is dated earlier than its first parent, or later than the
 * server's clock, beyond the tolerance.  Returns 1 when the chain never
 * met stop (the push changes which commits the branch's history holds).
 */
static int clock_rule(struct oreg_checker *chk, const char *new, const char *stop, const char *ref,
	struct oreg_findings *findings)
{
	struct oreg_commit c, p;
	long long tolerance, now = (long long)time(NULL);
	char id[41], when[OREG_TIME_SIZE], pwhen[OREG_TIME_SIZE];
	int err, met = 0;

	if ((err = oreg_repo_config_int(&tolerance, chk->repo, "openreg.clockTolerance", DEFAULT_CLOCK_TOLERANCE)) < 0)
		return err;
	if ((err = oreg_repo_commit(&c, chk->repo, new)) < 0)
		return err;
	while (err >= 0) {
		if (stop && !strcmp(c.id, stop)) {
			met = 1;
			break;
		}
		commit_date(when, &c);
		if (c.time > now + tolerance)
			err = oreg_findings_add(findings, OREG_SEVERITY_ERROR, ref, 0, 0, OREG_RULE_HISTORY, "",
				"commit %.7s (\"%s\") is dated %s, later than the server's clock by more than %lld seconds: "
				"the register's clock only moves forward from now; correct the computer's clock and "
				"commit again (git commit --amend --no-edit)", c.id, c.summary, when,
				tolerance);
		if (err < 0 || !c.nparents)
			break;
		memcpy(id, c.parent, sizeof(id));
		if ((err = oreg_repo_commit(&p, chk->repo, id)) < 0)
			break;
		if (c.time < p.time - tolerance) {
			commit_date(pwhen, &p);
			err = oreg_findings_add(findings, OREG_SEVERITY_ERROR, ref, 0, 0, OREG_RULE_HISTORY, "",
				"commit %.7s (\"%s\") is dated %s, earlier than the commit before it (%.7s, %s): the "
				"register's clock only moves forward, so that no change appears in the past; commit it "
				"and those after it again with the current date (git rebase --force-rebase %.7s)", c.id, c.summary, when, p.id,
				pwhen, p.id);
		}
		oreg_commit_release(&c);
		c = p;
	}
	oreg_commit_release(&c);
	return err < 0 ? err : stop && !met;
}

/* Personal data in a ref's name, which every clone and fetch copies: its hyphens and slashes part words. */
static int ref_name_privacy(const char *ref, struct oreg_findings *findings)
{
	char words[1024];
	size_t len = strlen(ref), off;

	if (len >= sizeof(words))
		len = sizeof(words) - 1;
	memcpy(words, ref, len);
	words[len] = '\0';
	oreg_privacy_name_words(words, len);
	if (!oreg_privacy_scan(words, len, 0, &off))
		return 0;
	/* the data itself is not repeated: diagnostics end up in logs */
	return oreg_findings_add(findings, OREG_SEVERITY_ERROR, "(ref name)", 0, 0, OREG_RULE_PRIVACY, "",
		"the name of a pushed branch or tag holds personal data, and every clone copies it: push to a "
		"name without it (git push origin HEAD:refs/heads/NAME)");
}

/* Personal data in the message of an annotated tag, which every clone copies like a commit's. */
static int tag_privacy(struct oreg_repo *repo, const char *new, struct oreg_findings *findings)
{
	char *all, file[300];
	size_t len, at = 0, off, line, column, i;
	int err;

	if ((err = oreg_repo_tag_messages(&all, &len, repo, new)) <= 0)
		return err;
	err = 0;
	while (err >= 0 && at < len) {
		const char *name = all + at, *msg = name + strlen(name) + 1, *who = msg + strlen(msg) + 1;
		const char *email = who + strlen(who) + 1;

		at = (size_t)(email - all) + strlen(email) + 1;
		snprintf(file, sizeof(file), "tag %s (tagger)", name);
		/* the tagger's name is a name and the address an address: what else they hold is the finding */
		if ((oreg_privacy_scan(who, strlen(who), OREG_PRIVACY_PERSON_NAME, &off) ||
				oreg_privacy_scan(email, strlen(email), OREG_PRIVACY_PERSON_NAME | OREG_PRIVACY_EMAIL, &off)) &&
			(err = oreg_findings_add(findings, OREG_SEVERITY_ERROR, file, 1, (unsigned)off + 1, OREG_RULE_PRIVACY,
				"", "the tagger's name or e-mail address holds personal data, and every clone copies it: set "
				"user.name and user.email to a name and an address alone and make the tag again")) < 0)
			break;
		if (!oreg_privacy_scan(msg, strlen(msg), 0, &off))
			continue;
		for (i = 0, line = 1, column = 1; i < off; i++, column++)
			if (msg[i] == '\n') {
				line++;
				column = 0;
			}
		snprintf(file, sizeof(file), "tag %s", name);
		err = oreg_findings_add(findings, OREG_SEVERITY_ERROR, file, (unsigned)line, (unsigned)column,
			OREG_RULE_PRIVACY, "", "the tag's message holds personal data, and every clone copies it: "
			"remove it and make the tag again (git tag -f -a)");
	}
	free(all);
	return err;
}

int oreg_check_push(struct oreg_checker *chk, const char *old, const char *new, const char *ref,
	struct oreg_findings *findings)
{
	static const char zero[] = "0000000000000000000000000000000000000000";
	char commit[41];
	int err, allowed;

	if (strcmp(new, zero) && ((err = ref_name_privacy(ref, findings)) < 0 ||
			(err = tag_privacy(chk->repo, new, findings)) < 0))
		return err;
	if (!strcmp(new, zero)) {
		if ((err = oreg_repo_config_bool(&allowed, chk->repo, "openreg.allowDeletion", 0)) < 0)
			return err;
		return allowed ? 0 : oreg_findings_add(findings, OREG_SEVERITY_ERROR, ref, 0, 0, OREG_RULE_HISTORY, "",
			"deleting '%s' is not allowed here: set openreg.allowDeletion to allow it", ref);
	}
	if (strncmp(ref, "refs/heads/", 11) && strncmp(ref, "refs/tags/", 10)) {
		if ((err = ref_allowed(&allowed, chk->repo, ref)) < 0)
			return err;
		return allowed ? 0 : oreg_findings_add(findings, OREG_SEVERITY_ERROR, ref, 0, 0, OREG_RULE_HISTORY, "",
			"'%s' is outside the register's branches and tags: push records to a branch; a namespace "
			"that holds no records is allowed with git config --add openreg.allowRefs '%.*s*'", ref,
			(int)(strrchr(ref, '/') - ref + 1), ref);
	}
	/* an annotated tag names a tag object: judge the commit it names */
	if ((err = oreg_repo_resolve(commit, chk->repo, new)) == OREG_ENOTFOUND)
		return oreg_findings_add(findings, OREG_SEVERITY_ERROR, ref, 0, 0, OREG_RULE_HISTORY, "",
			"'%s' names no commit: a branch or tag of the register names a commit", ref);
	if (err < 0)
		return err;
	if (!strncmp(ref, "refs/tags/", 10) || !strcmp(old, zero))
		return check_against_default(chk, commit, ref, findings);
	if ((err = fast_forward(chk->repo, old, commit)) < 0)
		return err;
	if (!err && (err = rewrite_allowed(chk->repo, ref, old, commit)) != 0) {
		/* every commit of the new history that the old one lacks, and the result against the old tip */
		if (err < 0 || (err = oreg_findings_add(findings, OREG_SEVERITY_WARNING, ref, 0, 0, OREG_RULE_HISTORY, "",
				"the history of '%s' is rewritten from %.7s to %.7s, once, as openreg.allowRewrite allows: "
				"the server records it in openreg.rewritten", ref, old, commit)) < 0)
			return err;
		return oreg_check_range(chk, old, commit, findings);
	}
	if (!err)
		return oreg_findings_add(findings, OREG_SEVERITY_ERROR, ref, 0, 0, OREG_RULE_HISTORY, "",
			"the push rewrites the history of '%s': %.7s is not in the history of %.7s; the register's history is "
			"never rewritten: undo a change with a new commit (git revert) and push that; personal data is taken out "
			"of the history only by the one rewrite an administrator allows with openreg.allowRewrite", ref, old,
			commit);
	/* the branch's first-parent history keeps every commit it had, in order of time */
	if ((err = clock_rule(chk, commit, old, ref, findings)) < 0)
		return err;
	if (err)
		return oreg_findings_add(findings, OREG_SEVERITY_ERROR, ref, 0, 0, OREG_RULE_HISTORY, "",
			"the push changes the first-parent history of '%s': %.7s is not on the first-parent chain of "
			"%.7s (a merge of '%s' into another branch, fast-forwarded); the register's history of a day "
			"would change: merge the other branch into '%s' instead (git merge --no-ff)", ref, old, commit,
			ref + 11, ref + 11);
	return oreg_check_range(chk, old, commit, findings);
}
