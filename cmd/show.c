/*
 * show.c - openreg show: one record as it stood at a commit (--rev) or at
 * the end of a day in Europe/Amsterdam (--as-of), redacted like every
 * output: public fields by default, confidential ones with
 * --confidential, personal ones never.  Printed as block YAML that the
 * strict loader reads back to the same values, after a header comment
 * that names the commit and its date.
 *
 * A record that did not exist then, or that the reader may not see, is
 * an error with exit status 2, like an unknown record: there is nothing
 * to show.
 */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>

enum { OPT_CONFIDENTIAL = 1, OPT_AS_OF, OPT_REV };

const struct option show_options[] = {
	{ OPT_AS_OF, 0, "as-of", "DATE", NULL, "the record as it stood at the end of DATE (YYYY-MM-DD, Amsterdam time)" },
	{ OPT_REV, 0, "rev", "REV", NULL, "the record as it stood at commit REV (default HEAD)" },
	{ OPT_CONFIDENTIAL, 0, "confidential", NULL, NULL, "show confidential fields and records too" },
	OPT_END
};

/* What show was asked: the record, and where in the history. */
struct show_args {
	const char *name, *as_of, *rev;
	int32_t day;
	int confidential;
};

/* 0 to go on, -1 after the help, else the exit status for what is wrong. */
static int parse_args(struct show_args *a, int argc, char **argv)
{
	struct opt_parser p;
	int c;

	memset(a, 0, sizeof(*a));
	opt_init(&p, "show", argc, argv);
	while ((c = opt_next(&p)) > 0) {
		switch (c) {
		case OPT_CONFIDENTIAL:
			a->confidential = 1;
			break;
		case OPT_AS_OF:
			a->as_of = p.value;
			if (oreg_date_parse(&a->day, a->as_of, strlen(a->as_of)) < 0)
				return usage("show", "--as-of takes a date written YYYY-MM-DD");
			break;
		case OPT_REV:
			a->rev = p.value;
			break;
		}
	}
	if (c < 0)
		return c == OPT_HELP ? -1 : opt_exit(c);
	if ((c = opt_one_record(&a->name, &p)) != EXIT_CLEAN)
		return c;
	if (a->as_of && a->rev)
		return usage("show", "--as-of and --rev exclude each other");
	return 0;
}

/* Why the record at path cannot be shown, with the exit status; EXIT_CLEAN when it can. */
static int refuse(const struct oreg_record_version *version, const struct show_args *a, const char *path,
	const char *id, const char *date)
{
	switch (version->presence) {
	case OREG_RECORD_ABSENT:
		fprintf(stderr, "openreg: '%s' does not exist at commit %.7s (%s)%s%s%s\n", path, id, date,
			a->as_of ? ", the register as of " : "", a->as_of ? a->as_of : "",
			a->as_of || a->rev ? "" : ": see openreg log for its history");
		return EXIT_USAGE;
	case OREG_RECORD_HIDDEN:
		fprintf(stderr, "openreg: '%s' is confidential: add --confidential to see it\n", path);
		return EXIT_USAGE;
	case OREG_RECORD_UNREADABLE:
		fprintf(stderr, "openreg: '%s' at commit %.7s is not strict YAML, so nothing of it can be "
			"shown: see openreg check --rev %.7s\n", path, id, id);
		return EXIT_FINDINGS;
	case OREG_RECORD_VISIBLE:
		break;
	}
	return EXIT_CLEAN;
}

/* The header comment that says what is shown, then the record as YAML. */
static int print_record(const struct oreg_record_version *version, const struct show_args *a, const char *path,
	const char *id, const char *date)
{
	char *yaml = oreg_value_yaml(oreg_document_root(version->doc), NULL);

	if (!yaml)
		return fail("%s", oreg_error_message());
	fputs("# ", stdout);
	print_escaped(OREG_ESCAPE_LINE, path);
	printf("\n# %s ", version->type);
	print_escaped(OREG_ESCAPE_LINE, version->id);
	printf(" at commit %s (%s)", id, date);
	if (a->as_of)
		printf(", the register as of %s", a->as_of);
	printf("\n# %s\n", a->confidential ? "VERTROUWELIJK: confidential view; personal fields are left out"
		: "public view: confidential and personal fields are left out");
	fputs(yaml, stdout);
	free(yaml);
	return EXIT_CLEAN;
}

int cmd_show(int argc, char **argv)
{
	struct show_args a;
	struct oreg_repo *repo = NULL;
	struct oreg_view *view = NULL;
	struct oreg_record_version version;
	struct oreg_commit commit;
	char id[41], date[OREG_TIME_SIZE], *path = NULL;
	int err, status;

	if ((status = parse_args(&a, argc, argv)) != 0)
		return status < 0 ? EXIT_CLEAN : status;
	memset(&version, 0, sizeof(version));
	memset(&commit, 0, sizeof(commit));
	if ((err = oreg_repo_open(&repo)) < 0 || (err = resolve_point(id, repo, a.as_of ? &a.day : NULL, a.rev)) < 0 ||
		(err = commit_info(&commit, repo, id)) < 0 ||
		(err = oreg_view_new(&view, repo, a.confidential ? OREG_VISIBILITY_CONFIDENTIAL
			: OREG_VISIBILITY_PUBLIC)) < 0 ||
		(err = oreg_view_find_record(&path, view, id, a.name)) < 0 ||
		(err = oreg_view_record(&version, view, id, path, NULL)) < 0) {
		status = fail_for(err);
		goto done;
	}
	oreg_time_format(date, commit.time, commit.offset, OREG_TIME_GIT);
	if ((status = refuse(&version, &a, path, id, date)) == EXIT_CLEAN)
		status = print_record(&version, &a, path, id, date);
done:
	free(path);
	oreg_commit_release(&commit);
	oreg_record_version_release(&version);
	oreg_view_free(view);
	oreg_repo_free(repo);
	return status;
}
