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

static int parse_options(struct document_options *d, int argc, char **argv)
{
	enum oreg_document_kind kind = d->o.kind;
	int i, err;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = NULL;

#define IS(name) (!strcmp(a, name) || !strncmp(a, name "=", strlen(name) + 1))
#define VALUE(name) (!strcmp(a, name) ? (i + 1 < argc ? argv[++i] : NULL) : a + strlen(name) + 1)
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			print_synopsis(stdout, d->command);
			return -1;
		} else if (kind == OREG_DOCUMENT_OVERVIEW && IS("--year")) {
			char *end;
			long y;

			v = VALUE("--year");
			y = v ? strtol(v, &end, 10) : 0;
			if (!v || strlen(v) != 4 || *end || y < 1000)
				return usage(d->command, "--year takes a year of four digits, as in --year 2024");
			d->o.year = (int)y;
		} else if (kind == OREG_DOCUMENT_CONTACTS && IS("--since")) {
			if ((err = parse_day(&d->o.since, d->command, "--since", VALUE("--since"))))
				return err;
		} else if (kind == OREG_DOCUMENT_CONTACTS && IS("--until")) {
			if ((err = parse_day(&d->o.until, d->command, "--until", VALUE("--until"))))
				return err;
		} else if (kind == OREG_DOCUMENT_OVERVIEW && IS("--corrections-since")) {
			if ((err = parse_day(&d->o.corrections_since, d->command, "--corrections-since",
					VALUE("--corrections-since"))))
				return err;
		} else if (IS("--as-of")) {
			v = VALUE("--as-of");
			if ((err = parse_day(&d->o.as_of, d->command, "--as-of", v)))
				return err;
			d->as_of = v;
		} else if (IS("--rev")) {
			if (!(d->rev = VALUE("--rev")) || !*d->rev)
				return usage(d->command, "--rev takes a revision");
		} else if (kind == OREG_DOCUMENT_OVERVIEW && !strcmp(a, "--confidential")) {
			d->o.confidential = 1;
		} else if (kind == OREG_DOCUMENT_CONTACTS && !strcmp(a, "--all-kinds")) {
			d->o.all_kinds = 1;
		} else if (IS("--format")) {
			int f = oreg_document_format_parse(VALUE("--format"));

			if (f < 0)
				return usage(d->command, "--format takes md, html, csv or json");
			d->format = (enum oreg_document_format)f;
		} else if (IS("--lang")) {
			int l = oreg_language_parse(VALUE("--lang"));

			if (l < 0)
				return usage(d->command, "--lang takes nl or en");
			d->lang = (enum oreg_language)l;
		} else if (!strcmp(a, "-o") || IS("--output")) {
			d->output = !strcmp(a, "-o") ? (i + 1 < argc ? argv[++i] : NULL) : VALUE("--output");
			if (!d->output || !*d->output)
				return usage(d->command, "-o takes a file name");
		} else {
			return usage(d->command, "unknown argument '%s'", a);
		}
#undef IS
#undef VALUE
	}
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

/* A revision or date the register cannot answer for: the caller's to correct (exit 2). */
static int refuse(const char *message)
{
	fprintf(stderr, "openreg: %s\n", message);
	return EXIT_USAGE;
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
		status = refuse("the register has no commits yet");
		goto done;
	}
	if (err < 0 || (err = pick_commit(commit, repo, &d)) < 0) {
		status = err == OREG_ENOTFOUND || err == OREG_EINVALID ? refuse(oreg_error_message())
			: fail("%s", oreg_error_message());
		goto done;
	}
	err = oreg_overview_new(&ov, repo, commit, &d.o, &warnings);
	print_warnings(&warnings);
	if (!err)
		err = oreg_overview_render(&doc, &len, ov, d.format, d.lang);
	if (err < 0) {
		/* a date before the register's history is the caller's to correct */
		status = err == OREG_ENOTFOUND ? refuse(oreg_error_message()) : fail("%s", oreg_error_message());
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
