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
