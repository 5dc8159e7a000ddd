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

int cmd_show(int argc, char **argv)
{
	struct oreg_repo *repo = NULL;
	struct oreg_view *view = NULL;
	struct oreg_record_version version;
	struct oreg_commit commit;
	const char *name = NULL, *as_of = NULL, *rev = NULL;
	char id[41], date[32], *path = NULL, *yaml = NULL;
	int32_t day = 0;
	int i, err, confidential = 0, status = EXIT_CLEAN;

	memset(&version, 0, sizeof(version));
	memset(&commit, 0, sizeof(commit));
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			print_synopsis(stdout, "show");
			return EXIT_CLEAN;
		} else if (!strcmp(a, "--confidential")) {
			confidential = 1;
		} else if (!strcmp(a, "--as-of") || !strncmp(a, "--as-of=", 8)) {
			as_of = a[7] == '=' ? a + 8 : i + 1 < argc ? argv[++i] : NULL;
			if (!as_of || oreg_date_parse(&day, as_of, strlen(as_of)) < 0)
				return usage("show", "--as-of takes a date written YYYY-MM-DD");
		} else if (!strcmp(a, "--rev") || !strncmp(a, "--rev=", 6)) {
			rev = a[5] == '=' ? a + 6 : i + 1 < argc ? argv[++i] : NULL;
			if (!rev || !*rev)
				return usage("show", "--rev takes a revision");
		} else if (a[0] == '-' && a[1]) {
			return usage("show", "unknown option '%s'", a);
		} else if (name) {
			return usage("show", "'show' takes one record");
		} else {
			name = a;
		}
	}
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
		status = history_status("show", err);
		goto done;
	}
	format_time(date, commit.time, commit.offset, 0);
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
