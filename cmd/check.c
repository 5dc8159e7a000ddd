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

static int parse_options(struct options *o, int argc, char **argv)
{
	int i, modes = 0;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = NULL;

#define VALUE(name) (!strcmp(a, name) ? (i + 1 < argc ? argv[++i] : NULL) : \
	(!strncmp(a, name "=", strlen(name) + 1) ? a + strlen(name) + 1 : NULL))
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			print_synopsis(stdout, "check");
			return -1;
		} else if (!strcmp(a, "--staged") || !strcmp(a, "--cached")) {
			o->mode = STAGED;
			modes++;
		} else if (!strcmp(a, "--rev") || !strncmp(a, "--rev=", 6)) {
			if (!(o->rev = VALUE("--rev")) || !*o->rev)
				return usage("check", "--rev takes a revision");
			o->mode = REV;
			modes++;
		} else if (!strcmp(a, "--range") || !strncmp(a, "--range=", 8)) {
			const char *dots;

			if (!(v = VALUE("--range")) || !(dots = strstr(v, "..")) || dots[2] == '.' || !dots[2])
				return usage("check", "--range takes A..B");
			o->range_from = dots == v ? NULL : strndup(v, (size_t)(dots - v));
			o->rev = dots + 2;
			o->mode = RANGE;
			modes++;
		} else if (!strcmp(a, "--commit-msg") || !strncmp(a, "--commit-msg=", 13)) {
			if (!(o->message = VALUE("--commit-msg")) || !*o->message)
				return usage("check", "--commit-msg takes the message file");
			o->mode = COMMIT_MSG;
			modes++;
		} else if (!strcmp(a, "--format") || !strncmp(a, "--format=", 9)) {
			int f = (v = VALUE("--format")) ? oreg_format_parse(v) : -1;

			if (f < 0)
				return usage("check", "--format takes text, json, codequality, sarif or junit");
			o->format = (enum oreg_format)f;
		} else if (!strcmp(a, "--report") || !strncmp(a, "--report=", 9)) {
			const char *eq;
			char name[32];
			int f = -1;

			if ((v = VALUE("--report")) && (eq = strchr(v, '=')) && eq[1] && (size_t)(eq - v) < sizeof(name)) {
				memcpy(name, v, (size_t)(eq - v));
				name[eq - v] = '\0';
				f = oreg_format_parse(name);
			}
			if (f < 0 || o->nreports == sizeof(o->reports) / sizeof(o->reports[0]))
				return usage("check", "--report takes FORMAT=FILE, at most 8 times");
			o->reports[o->nreports].format = (enum oreg_format)f;
			o->reports[o->nreports++].path = strchr(v, '=') + 1;
		} else if (!strcmp(a, "-j") || !strncmp(a, "--jobs", 6)) {
			char *end;
			long n;

			v = !strcmp(a, "-j") ? VALUE("-j") : VALUE("--jobs");
			n = v ? strtol(v, &end, 10) : 0;
			if (!v || *end || n < 1 || n > 64)
				return usage("check", "-j takes a number of threads from 1 to 64");
			o->threads = (unsigned)n;
		} else {
			return usage("check", "unknown argument '%s'", a);
		}
#undef VALUE
	}
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
			err = oreg_check_message(chk, base, target, message, findings);
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
		status = err == OREG_ENOTFOUND || err == OREG_EINVALID ? usage("check", "%s", oreg_error_message())
			: fail("%s", oreg_error_message());
	} else {
		status = print_findings(&findings, o.format);
		for (size_t i = 0; i < o.nreports; i++)
			if (write_report(&findings, &o.reports[i]) < 0)
				status = EXIT_FAILURE_;
	}
	oreg_findings_release(&findings);
	oreg_checker_free(chk);
	oreg_repo_free(repo);
	free(o.range_from);
	return status;
}
