/*
 * check.c - openreg check: every rule of the register, read straight from
 * git: the working tree (default), the index (--staged, for the pre-commit
 * hook), a commit (--rev) or a range of commits (--range, for CI and the
 * pre-receive hook).
 */
#include "cmd.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum mode { WORKTREE, STAGED, REV, RANGE, COMMIT_MSG };

struct options {
	enum mode mode;
	const char *rev;     /* --rev, or the range's tip */
	char *range_from;    /* --range A..B: A, or NULL */
	const char *message; /* --commit-msg FILE */
	enum oreg_format format;
	unsigned threads;
	struct report {
		enum oreg_format format;
		const char *path;
	} reports[8];   /* --report FORMAT=FILE: more outputs of the same run */
	size_t nreports;
};

enum {
	OPT_STAGED = 1, OPT_REV, OPT_RANGE, OPT_COMMIT_MSG, OPT_FORMAT, OPT_REPORT, OPT_JOBS = 'j',
};

const struct option check_options[] = {
	{ OPT_STAGED, 0, "staged", NULL, NULL, "check the changes staged in the index against HEAD (pre-commit)" },
	{ OPT_STAGED, 0, "cached", NULL, NULL, "the same as --staged" },
	{ OPT_REV, 0, "rev", "REV", NULL, "check the register as it is at commit REV" },
	{ OPT_RANGE, 0, "range", "A..B", NULL, "check every commit from A (left out) to B, as the server does" },
	{ OPT_COMMIT_MSG, 0, "commit-msg", "FILE", NULL,
		"check the message in FILE against the staged changes (commit-msg)" },
	{ OPT_FORMAT, 0, "format", "FORMAT", "text|json|codequality|sarif|junit",
		"how to print the findings (default text, on standard error)" },
	{ OPT_REPORT, 0, "report", "FORMAT=FILE", NULL, "also write the findings to FILE in FORMAT (up to 8 times)" },
	{ OPT_JOBS, 'j', "jobs", "N", NULL, "check with N threads (1 to 64; default: one per core)" },
	OPT_END
};

static int parse_range(struct options *o, const char *v)
{
	const char *dots = strstr(v, "..");

	if (!dots || dots[2] == '.' || !dots[2])
		return usage("check", "--range takes A..B");
	o->range_from = dots == v ? NULL : strndup(v, (size_t)(dots - v));
	o->rev = dots + 2;
	return 0;
}

static int parse_report(struct options *o, const char *v)
{
	const char *eq = strchr(v, '=');
	char name[32];
	int f = -1;

	if (eq && eq[1] && (size_t)(eq - v) < sizeof(name)) {
		memcpy(name, v, (size_t)(eq - v));
		name[eq - v] = '\0';
		f = oreg_format_parse(name);
	}
	if (f < 0 || o->nreports == sizeof(o->reports) / sizeof(o->reports[0]))
		return usage("check", "--report takes FORMAT=FILE, at most 8 times");
	o->reports[o->nreports].format = (enum oreg_format)f;
	o->reports[o->nreports++].path = eq + 1;
	return 0;
}

static int parse_options(struct options *o, int argc, char **argv)
{
	struct opt_parser p;
	int c = 0, err = 0, modes = 0;
	char *end;
	long n;

	opt_init(&p, "check", argc, argv);
	while (!err && (c = opt_next(&p)) > 0) {
		/* what to check: one of these at the most */
		modes += c == OPT_STAGED || c == OPT_REV || c == OPT_RANGE || c == OPT_COMMIT_MSG;
		switch (c) {
		case OPT_STAGED:
			o->mode = STAGED;
			break;
		case OPT_REV:
			o->rev = p.value;
			o->mode = REV;
			break;
		case OPT_RANGE:
			free(o->range_from);
			err = parse_range(o, p.value);
			o->mode = RANGE;
			break;
		case OPT_COMMIT_MSG:
			o->message = p.value;
			o->mode = COMMIT_MSG;
			break;
		case OPT_FORMAT:
			o->format = (enum oreg_format)oreg_format_parse(p.value);
			break;
		case OPT_REPORT:
			err = parse_report(o, p.value);
			break;
		case OPT_JOBS:
			n = strtol(p.value, &end, 10);
			if (*end || n < 1 || n > 64)
				return usage("check", "-j takes a number of threads from 1 to 64");
			o->threads = (unsigned)n;
			break;
		}
	}
	if (err)
		return err;
	if (c < 0)
		return c == OPT_HELP ? -1 : opt_exit(c);
	if (p.nargs)
		return usage("check", "unknown argument '%s'", p.args[0]);
	if (modes > 1)
		return usage("check", "--staged, --rev, --range and --commit-msg exclude each other");
	return 0;
}

static int read_message(char **out, const char *path)
{
	size_t len;

	return oreg_file_read(out, &len, path, 1024 * 1024);
}

/* HEAD, or NULL on a branch without commits yet. */
static int open_head(struct oreg_snapshot **out, struct oreg_repo *repo)
{
	*out = NULL;
	if (oreg_repo_head_unborn(repo))
		return 0;
	return oreg_snapshot_open(out, repo, OREG_SNAPSHOT_COMMIT, "HEAD");
}

static int run(struct oreg_checker *chk, struct oreg_repo *repo, const struct options *o,
	struct oreg_findings *findings)
{
	struct oreg_snapshot *base = NULL, *target = NULL;
	char *message = NULL;
	int err = 0;

	switch (o->mode) {
	case WORKTREE:
		if ((err = oreg_snapshot_open(&target, repo, OREG_SNAPSHOT_WORKTREE, NULL)) == 0)
			err = oreg_check_snapshot(chk, target, findings);
		break;
	case REV:
		if ((err = oreg_snapshot_open(&target, repo, OREG_SNAPSHOT_COMMIT, o->rev)) == 0)
			err = oreg_check_snapshot(chk, target, findings);
		break;
	case STAGED:
		if ((err = open_head(&base, repo)) == 0 &&
			(err = oreg_snapshot_open(&target, repo, OREG_SNAPSHOT_INDEX, NULL)) == 0)
			err = oreg_check_changes(chk, base, target, findings);
		break;
	case COMMIT_MSG:
		if ((err = read_message(&message, o->message)) == 0 && (err = open_head(&base, repo)) == 0 &&
			(err = oreg_snapshot_open(&target, repo, OREG_SNAPSHOT_INDEX, NULL)) == 0)
			err = oreg_check_message(chk, base, target, o->message, message, findings);
		break;
	case RANGE:
		err = oreg_check_range(chk, o->range_from, o->rev, findings);
		break;
	}
	free(message);
	oreg_snapshot_free(base);
	oreg_snapshot_free(target);
	return err;
}

static int write_report(const struct oreg_findings *findings, const struct report *r)
{
	FILE *f = fopen(r->path, "w");
	int err;

	if (!f) {
		fail("cannot write %s: %s", r->path, strerror(errno));
		return -1;
	}
	err = oreg_findings_write(findings, r->format, f);
	if (fclose(f) || err < 0) {
		fail("cannot write %s", r->path);
		return -1;
	}
	return 0;
}

/* -v: what was checked, when nothing was wrong */
static void summarise(const struct options *o)
{
	switch (o->mode) {
	case WORKTREE:
		ui_summary("the working tree breaks no rule");
		break;
	case STAGED:
		ui_summary("the staged changes break no rule");
		break;
	case REV:
		ui_summary("'%s' breaks no rule", o->rev);
		break;
	case RANGE:
		ui_summary("every commit of %s..%s breaks no rule", o->range_from ? o->range_from : "", o->rev);
		break;
	case COMMIT_MSG:
		ui_summary("the commit message and the staged changes break no rule");
		break;
	}
}

int cmd_check(int argc, char **argv)
{
	struct options o = { .mode = WORKTREE, .format = OREG_FORMAT_TEXT };
	struct oreg_findings findings;
	struct oreg_repo *repo = NULL;
	struct oreg_checker *chk = NULL;
	int err, status;

	if ((err = parse_options(&o, argc, argv)) != 0) {
		free(o.range_from);
		return err < 0 ? EXIT_CLEAN : err;
	}
	oreg_findings_init(&findings);
	if ((err = oreg_repo_open(&repo)) == 0 && (err = oreg_checker_new(&chk, repo)) == 0) {
		if (o.threads)
			oreg_checker_set_threads(chk, o.threads);
		err = run(chk, repo, &o, &findings);
	}
	if (err < 0) {
		/* fail closed: a hook that cannot check refuses */
		status = fail_for(err);
	} else {
		char *top = NULL;

		/* the offending lines can be shown from the working tree only when that is what was checked */
		if (o.mode == WORKTREE && oreg_worktree_find_top(&top, NULL, ".") == 0)
			ui_set_source_root(top);
		free(top);
		status = print_findings(&findings, o.format);
		ui_set_source_root(NULL);
		for (size_t i = 0; i < o.nreports; i++)
			if (write_report(&findings, &o.reports[i]) < 0)
				status = EXIT_FAILURE_;
		if (status == EXIT_CLEAN)
			summarise(&o);
	}
	oreg_findings_release(&findings);
	oreg_checker_free(chk);
	oreg_repo_free(repo);
	free(o.range_from);
	return status;
}
