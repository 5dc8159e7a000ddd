/*
 * push.c - what the server's pre-receive hook judges before and around the
 * records: git's own settings that verify pushed objects and protect the
 * history, and each pushed ref.  git's settings are a first wall, the
 * hook's rules the second: each refuses on its own.
 */
#include "check.h"

#include <stdlib.h>
#include <string.h>

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

int oreg_server_check_settings(struct oreg_repo *repo, struct oreg_findings *findings)
{
	int err, allow_deletion, on;
	size_t i, before = findings->count;

	if ((err = oreg_repo_config_bool(&allow_deletion, repo, "openreg.allowDeletion", 0)) < 0)
		return err;
	for (i = 0; i < ARRAY_SIZE(settings); i++) {
		if (settings[i].unless_deletion_allowed && allow_deletion)
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

/* What a new branch or a tag adds to the default branch: from their common history, or everything. */
static int check_against_default(struct oreg_checker *chk, const char *new, struct oreg_findings *findings)
{
	char base[41];
	int err;

	if ((err = oreg_repo_default_branch(base, chk->repo)) < 0)
		return err;
	if (base[0] && (err = oreg_repo_merge_base(base, chk->repo, base, new)) < 0 && err != OREG_ENOTFOUND)
		return err;
	return oreg_check_range(chk, base[0] && err == 0 ? base : NULL, new, findings);
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

int oreg_check_push(struct oreg_checker *chk, const char *old, const char *new, const char *ref,
	struct oreg_findings *findings)
{
	static const char zero[] = "0000000000000000000000000000000000000000";
	char commit[41];
	int err, allowed;

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
		return check_against_default(chk, commit, findings);
	if ((err = fast_forward(chk->repo, old, commit)) < 0)
		return err;
	if (!err)
		return oreg_findings_add(findings, OREG_SEVERITY_ERROR, ref, 0, 0, OREG_RULE_HISTORY, "",
			"the push rewrites the history of '%s': %.7s is not in the history of %.7s; the register's history is "
			"never rewritten: undo a change with a new commit (git revert) and push that", ref, old, commit);
	return oreg_check_range(chk, old, commit, findings);
}
