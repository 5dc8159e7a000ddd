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

int cmd_show(int argc, char **argv)
{
	struct opt_parser p;
	struct oreg_repo *repo = NULL;
	struct oreg_view *view = NULL;
	struct oreg_record_version version;
	struct oreg_commit commit;
	const char *name = NULL, *as_of = NULL, *rev = NULL;
	char id[41], date[OREG_TIME_SIZE], *path = NULL, *yaml = NULL;
	int32_t day = 0;
	int c, err, confidential = 0, status = EXIT_CLEAN;

	memset(&version, 0, sizeof(version));
	memset(&commit, 0, sizeof(commit));
	opt_init(&p, "show", argc, argv);
	while ((c = opt_next(&p)) > 0) {
		switch (c) {
		case OPT_CONFIDENTIAL:
			confidential = 1;
			break;
		case OPT_AS_OF:
			as_of = p.value;
			if (oreg_date_parse(&day, as_of, strlen(as_of)) < 0)
				return usage("show", "--as-of takes a date written YYYY-MM-DD");
			break;
		case OPT_REV:
			if (!*(rev = p.value))
				return usage("show", "--rev takes a revision");
			break;
		}
	}
	if (c < 0)
		return opt_exit(c);
	if (p.nargs > 1)
		return usage("show", "'show' takes one record");
	name = p.nargs ? p.args[0] : NULL;
	if (!name)
		return usage("show", "name a record: its path, or type and id as in organisation/<id>");
	if (as_of && rev)
		return usage("show", "--as-of and --rev exclude each other");
	if ((err = oreg_repo_open(&repo)) < 0 || (err = resolve_point(id, repo, as_of ? &day : NULL, rev)) < 0 ||
		(err = commit_info(&commit, repo, id)) < 0 ||
		(err = oreg_view_new(&view, repo, confidential ? OREG_VISIBILITY_CONFIDENTIAL
			: OREG_VISIBILITY_PUBLIC)) < 0 ||
		(err = oreg_view_find_record(&path, view, id, name)) < 0 ||
		(err = oreg_view_record(&version, view, id, path, NULL)) < 0) {
		status = fail_for(err);
		goto done;
	}
	oreg_time_format(date, commit.time, commit.offset, OREG_TIME_GIT);
	switch (version.presence) {
	case OREG_RECORD_ABSENT:
		fprintf(stderr, "openreg: '%s' does not exist at commit %.7s (%s)%s%s%s\n", path, id, date,
			as_of ? ", the register as of " : "", as_of ? as_of : "",
			as_of || rev ? "" : ": see openreg log for its history");
		status = EXIT_USAGE;
		goto done;
	case OREG_RECORD_HIDDEN:
		fprintf(stderr, "openreg: '%s' is confidential: add --confidential to see it\n", path);
		status = EXIT_USAGE;
		goto done;
	case OREG_RECORD_UNREADABLE:
		fprintf(stderr, "openreg: '%s' at commit %.7s is not strict YAML, so nothing of it can be "
			"shown: see openreg check --rev %.7s\n", path, id, id);
		status = EXIT_FINDINGS;
		goto done;
	case OREG_RECORD_VISIBLE:
		break;
	}
	if (!(yaml = oreg_value_yaml(oreg_document_root(version.doc), NULL))) {
		status = fail("%s", oreg_error_message());
		goto done;
	}
	fputs("# ", stdout);
	print_escaped(OREG_ESCAPE_LINE, path);
	printf("\n# %s ", version.type);
	print_escaped(OREG_ESCAPE_LINE, version.id);
	printf(" at commit %s (%s)", id, date);
	if (as_of)
		printf(", the register as of %s", as_of);
	printf("\n# %s\n", confidential ? "VERTROUWELIJK: confidential view; personal fields are left out"
		: "public view: confidential and personal fields are left out");
	fputs(yaml, stdout);
done:
	free(yaml);
	free(path);
	oreg_commit_release(&commit);
	oreg_record_version_release(&version);
	oreg_view_free(view);
	oreg_repo_free(repo);
	return status;
}
