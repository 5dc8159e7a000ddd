/*
 * overview.c - openreg overview: the annual overview for Parliament, from
 * the register as it stood on a day (--as-of), at a commit (--rev) or at
 * HEAD.  The options and the output it shares with openreg contacts
 * (contacts.c) live here too.
 */
#include "cmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct document_options {
	const char *command;
	struct oreg_overview_options o;
	enum oreg_document_format format;
	enum oreg_language lang;
	const char *as_of, *rev, *output;
};

static int parse_day(int32_t *out, const char *command, const char *option, const char *v)
{
	if (!v || oreg_date_parse(out, v, strlen(v)) < 0)
		return usage(command, "%s takes a date written YYYY-MM-DD, not '%s'", option, v ? v : "");
	return 0;
}

enum {
	OPT_YEAR = 1, OPT_SINCE, OPT_UNTIL, OPT_CORRECTIONS_SINCE, OPT_AS_OF, OPT_REV, OPT_CONFIDENTIAL,
	OPT_ALL_KINDS, OPT_FORMAT, OPT_LANG, OPT_OUTPUT = 'o',
};

#define DOCUMENT_OPTIONS \
	{ OPT_AS_OF, 0, "as-of", "DATE", NULL, "the register as it stood at the end of DATE (YYYY-MM-DD)" }, \
	{ OPT_REV, 0, "rev", "REV", NULL, "the register as it stood at commit REV (default HEAD)" }, \
	{ OPT_FORMAT, 0, "format", "FORMAT", "md|html|csv|json", "the document's format (default md)" }, \
	{ OPT_LANG, 0, "lang", "LANG", "nl|en", "the document's language (default nl)" }, \
	{ OPT_OUTPUT, 'o', "output", "FILE", NULL, "write the document to FILE, atomically (default standard output)" }

const struct option overview_options[] = {
	{ OPT_YEAR, 0, "year", "YYYY", NULL, "the year the overview covers (required)" },
	{ OPT_CONFIDENTIAL, 0, "confidential", NULL, NULL, "the confidential version, with confidential fields" },
	{ OPT_CORRECTIONS_SINCE, 0, "corrections-since", "DATE", NULL,
		"list the corrections to records made since DATE" },
	DOCUMENT_OPTIONS,
	OPT_END
};

const struct option contacts_options[] = {
	{ OPT_SINCE, 0, "since", "DATE", NULL, "the first day of the period (required)" },
	{ OPT_UNTIL, 0, "until", "DATE", NULL, "the last day of the period (default: the day of the register)" },
	{ OPT_ALL_KINDS, 0, "all-kinds", NULL, NULL, "every kind of contact, not only the ones the overview counts" },
	DOCUMENT_OPTIONS,
	OPT_END
};

static int parse_option(struct document_options *d, int c, const char *v)
{
	char *end;
	long y;

	switch (c) {
	case OPT_YEAR:
		y = strtol(v, &end, 10);
		if (strlen(v) != 4 || *end || y < 1000)
			return usage(d->command, "--year takes a year of four digits, as in --year 2024");
		d->o.year = (int)y;
		return 0;
	case OPT_SINCE:
		return parse_day(&d->o.since, d->command, "--since", v);
	case OPT_UNTIL:
		return parse_day(&d->o.until, d->command, "--until", v);
	case OPT_CORRECTIONS_SINCE:
		return parse_day(&d->o.corrections_since, d->command, "--corrections-since", v);
	case OPT_AS_OF:
		d->as_of = v;
		return parse_day(&d->o.as_of, d->command, "--as-of", v);
	case OPT_REV:
		if (!*(d->rev = v))
			return usage(d->command, "--rev takes a revision");
		return 0;
	case OPT_CONFIDENTIAL:
		d->o.confidential = 1;
		return 0;
	case OPT_ALL_KINDS:
		d->o.all_kinds = 1;
		return 0;
	case OPT_FORMAT:
		d->format = (enum oreg_document_format)oreg_document_format_parse(v);
		return 0;
	case OPT_LANG:
		d->lang = (enum oreg_language)oreg_language_parse(v);
		return 0;
	case OPT_OUTPUT:
		if (!*(d->output = v))
			return usage(d->command, "-o takes a file name");
		return 0;
	}
	return 0;
}

static int parse_options(struct document_options *d, int argc, char **argv)
{
	enum oreg_document_kind kind = d->o.kind;
	struct opt_parser p;
	int c, err;

	opt_init(&p, d->command, argc, argv);
	while ((c = opt_next(&p)) > 0)
		if ((err = parse_option(d, c, p.value)))
			return err;
	if (c < 0)
		return c == OPT_HELP ? -1 : opt_exit(c);
	if (p.nargs)
		return usage(d->command, "unknown argument '%s'", p.args[0]);
	if (kind == OREG_DOCUMENT_OVERVIEW && !d->o.year)
		return usage(d->command, "which year? give --year YYYY");
	if (kind == OREG_DOCUMENT_CONTACTS && !d->o.since)
		return usage(d->command, "since when? give --since YYYY-MM-DD");
	if (kind == OREG_DOCUMENT_CONTACTS && d->o.until && d->o.until < d->o.since)
		return usage(d->command, "--until must not lie before --since");
	if (d->as_of && d->rev)
		return usage(d->command, "--as-of and --rev exclude each other");
	d->o.rev = d->rev;
	return 0;
}

/*
 * Write data to path through a temporary file in the same folder and a
 * rename, so that readers see the old file or the whole new one, never
 * a part.
 */
static int write_atomically(const char *path, const char *data, size_t len)
{
	size_t plen = strlen(path);
	char *tmp = malloc(plen + 16);
	mode_t mask;
	FILE *f;
	int fd, ok;

	if (!tmp)
		return fail("out of memory");
	snprintf(tmp, plen + 16, "%s.tmp-XXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0) {
		int status = fail("cannot write %s: %s", path, strerror(errno));

		free(tmp);
		return status;
	}
	/* mkstemp makes the file private; a document gets the usual mode */
	mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	if (!(f = fdopen(fd, "wb"))) {
		close(fd);
		ok = 0;
	} else {
		ok = fwrite(data, 1, len, f) == len;
		ok = fflush(f) == 0 && ok;
		ok = fsync(fileno(f)) == 0 && ok;
		ok = fclose(f) == 0 && ok;
	}
	if (!ok || rename(tmp, path) < 0) {
		int status = fail("cannot write %s: %s", path, strerror(errno));

		unlink(tmp);
		free(tmp);
		return status;
	}
	free(tmp);
	return EXIT_CLEAN;
}

static void print_warnings(const struct oreg_findings *w)
{
	size_t i;

	for (i = 0; i < w->count; i++) {
		const struct oreg_finding *f = &w->items[i];

		if (f->file && *f->file)
			fprintf(stderr, "%s:%u:%u: warning: %s [%s]\n", f->file, f->line, f->column, f->message, f->rule);
		else
			fprintf(stderr, "openreg: warning: %s\n", f->message);
	}
}

/* The commit the document is built from. */
static int pick_commit(char out[41], struct oreg_repo *repo, const struct document_options *d)
{
	if (d->as_of)
		return oreg_repo_as_of(out, repo, NULL, d->o.as_of);
	return oreg_repo_resolve(out, repo, d->rev ? d->rev : "HEAD");
}

int document_run(enum oreg_document_kind kind, const char *command, int argc, char **argv)
{
	struct document_options d = { .command = command, .o = { .kind = kind } };
	struct oreg_findings warnings;
	struct oreg_repo *repo = NULL;
	struct oreg_overview *ov = NULL;
	char commit[41], *doc = NULL;
	size_t len = 0;
	int err, status;

	if ((err = parse_options(&d, argc, argv)) != 0)
		return err < 0 ? EXIT_CLEAN : err;
	oreg_findings_init(&warnings);
	if ((err = oreg_repo_open(&repo)) == 0 && oreg_repo_head_unborn(repo) && !d.rev) {
		fprintf(stderr, "openreg: the register has no commits yet\n");
		status = EXIT_USAGE;
		goto done;
	}
	if (err < 0 || (err = pick_commit(commit, repo, &d)) < 0) {
		status = fail_for(err);
		goto done;
	}
	err = oreg_overview_new(&ov, repo, commit, &d.o, &warnings);
	print_warnings(&warnings);
	if (!err)
		err = oreg_overview_render(&doc, &len, ov, d.format, d.lang);
	if (err < 0) {
		/* a date before the register's history is the caller's to correct */
		status = fail_for(err);
		goto done;
	}
	if (d.output)
		status = write_atomically(d.output, doc, len);
	else
		status = fwrite(doc, 1, len, stdout) == len ? EXIT_CLEAN : fail("cannot write the document: %s",
			strerror(errno));
done:
	free(doc);
	oreg_overview_free(ov);
	oreg_findings_release(&warnings);
	oreg_repo_free(repo);
	return status;
}

int cmd_overview(int argc, char **argv)
{
	return document_run(OREG_DOCUMENT_OVERVIEW, "overview", argc, argv);
}
