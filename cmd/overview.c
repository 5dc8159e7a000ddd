/*
 * overview.c - openreg overview: the annual overview for Parliament, from
 * the register as it stood on a day (--as-of), at a commit (--rev) or at
 * HEAD.  The options and the output it shares with openreg contacts
 * (contacts.c) live here too.
 */
#include "cmd.h"

#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct document_options {
	const char *command;
	struct oreg_overview_options o;
	enum oreg_document_format format;
	enum oreg_language lang;
	const char *as_of, *rev, *output, *table, *corrections;
	unsigned csv_flags;
	int year_given;
};

static int parse_day(int32_t *out, const char *command, const char *option, const char *v)
{
	if (!v || oreg_date_parse(out, v, strlen(v)) < 0)
		return usage(command, "%s takes a date written YYYY-MM-DD, not '%s'", option, v ? v : "");
	return 0;
}

enum {
	OPT_YEAR = 1, OPT_SINCE, OPT_UNTIL, OPT_CORRECTIONS_SINCE, OPT_AS_OF, OPT_REV, OPT_CONFIDENTIAL,
	OPT_ALL_KINDS, OPT_FORMAT, OPT_LANG, OPT_TABLE, OPT_CSV_DIALECT, OPT_REFERENCE, OPT_SENT, OPT_OUTPUT = 'o',
};

#define DOCUMENT_OPTIONS \
	{ OPT_AS_OF, 0, "as-of", "DATE", NULL, "the register as it stood at the end of DATE (YYYY-MM-DD)" }, \
	{ OPT_REV, 0, "rev", "REV", NULL, "the register as it stood at commit REV (default HEAD)" }, \
	{ OPT_FORMAT, 0, "format", "FORMAT", "md|html|csv|json|datapackage", "the document's format (default md)" }, \
	{ OPT_LANG, 0, "lang", "LANG", "nl|en", "the document's language (default nl)" }, \
	{ OPT_TABLE, 0, "table", "TABLE", "organisations|partnerships|started|ended|deleted|corrections|withdrawn|incidents", \
		"csv: write this table only (default organisations; -o DIR writes them all)" }, \
	{ OPT_CSV_DIALECT, 0, "csv-dialect", "DIALECT", "rfc4180|excel-nl", \
		"csv: rfc4180 (default) or excel-nl (';', byte-order mark) for Dutch spreadsheets" }, \
	{ OPT_REFERENCE, 0, "reference", "REF", NULL, "the letter's reference (kenmerk), shown in the document" }, \
	{ OPT_SENT, 0, "sent", "DATE", NULL, "the date of sending, shown in the document" }, \
	{ OPT_OUTPUT, 'o', "output", "FILE", NULL, \
		"write the document to FILE, atomically (a folder for csv tables and datapackage)" }

const struct option overview_options[] = {
	{ OPT_YEAR, 0, "year", "YYYY", NULL, "the year the overview covers (required)" },
	{ OPT_CONFIDENTIAL, 0, "confidential", NULL, NULL, "the confidential version, with confidential fields" },
	{ OPT_CORRECTIONS_SINCE, 0, "corrections-since", "DATE|TAG", NULL,
		"list the corrections since DATE, or since the publication TAG (publicatie/...)" },
	DOCUMENT_OPTIONS,
	OPT_END
};

const struct option contacts_options[] = {
	{ OPT_SINCE, 0, "since", "DATE", NULL, "the first day of the period (required)" },
	{ OPT_UNTIL, 0, "until", "DATE", NULL, "the last day of the period (default: the as-of date, else the day of the register)" },
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
		/* a date, or a publication tag: resolved once the repository is open */
		d->corrections = v;
		if (oreg_date_parse(&d->o.corrections_since, v, strlen(v)) < 0)
			d->o.corrections_since = 0;
		return 0;
	case OPT_AS_OF:
		d->as_of = v;
		return parse_day(&d->o.as_of, d->command, "--as-of", v);
	case OPT_REV:
		d->rev = v;
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
	case OPT_TABLE:
		d->table = v;
		return 0;
	case OPT_CSV_DIALECT:
		d->csv_flags = strcmp(v, "excel-nl") ? 0 : OREG_TABLE_EXCEL_NL;
		return 0;
	case OPT_REFERENCE:
		if (strchr(v, '\n'))
			return usage(d->command, "--reference takes the letter's reference, on one line");
		d->o.reference = v;
		return 0;
	case OPT_SENT:
		return parse_day(&d->o.sent, d->command, "--sent", v);
	case OPT_OUTPUT:
		d->output = v;
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
	if (d->table && d->format != OREG_DOCUMENT_CSV)
		return usage(d->command, "--table chooses a CSV table: give --format csv too");
	if (d->csv_flags && d->format != OREG_DOCUMENT_CSV)
		return usage(d->command, "--csv-dialect is for --format csv");
	if (d->format == OREG_DOCUMENT_DATAPACKAGE && !d->output)
		return usage(d->command, "a data package is a folder of files: give -o DIR");
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

static bool is_folder(const char *path)
{
	struct stat st;
	size_t len = strlen(path);

	return (len && path[len - 1] == '/') || (stat(path, &st) == 0 && S_ISDIR(st.st_mode));
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

/* The time now, for the warning about a document of the future; SOURCE_DATE_EPOCH fixes it for tests. */
static int32_t today(void)
{
	const char *fixed = getenv("SOURCE_DATE_EPOCH");
	time_t t = fixed && *fixed ? (time_t)strtoll(fixed, NULL, 10) : time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

/* A date or year that has not come yet is allowed (a provisional document), but never silently. */
static void warn_future(const struct document_options *d)
{
	int32_t now = today();

	if (d->o.as_of > now)
		fprintf(stderr, "openreg: warning: --as-of %s lies in the future: the document shows the register as it "
			"stands now, and a later run may differ\n", d->as_of);
	if (d->o.kind == OREG_DOCUMENT_OVERVIEW && d->o.year > now / 10000)
		fprintf(stderr, "openreg: warning: --year %d has not begun: the overview is provisional\n", d->o.year);
}

/* --corrections-since TAG: the publication's commit is the base, its day the date shown. */
static int corrections_publication(struct document_options *d, struct oreg_repo *repo, struct oreg_seals *seals)
{
	const struct oreg_seal *s;
	struct oreg_commit c;
	time_t t;
	struct tm tm;
	int err;

	if (!d->corrections || d->o.corrections_since)
		return 0;
	if ((err = oreg_seals_list(seals, repo)) < 0)
		return fail_for(err);
	if (!(s = oreg_seals_find(seals, d->corrections))) {
		fprintf(stderr, "openreg: --corrections-since '%s' is neither a date (YYYY-MM-DD) nor a publication "
			"tag; openreg publications lists them\n", d->corrections);
		return EXIT_USAGE;
	}
	if ((err = oreg_repo_commit(&c, repo, s->commit)) < 0)
		return fail_for(err);
	t = (time_t)(c.time + c.offset * 60LL);
	gmtime_r(&t, &tm);
	d->o.corrections_since = (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
	oreg_commit_release(&c);
	d->o.corrections_base = s->commit;
	d->o.corrections_tag = s->tag;
	return 0;
}

void built_document_release(struct built_document *doc)
{
	free(doc->data);
	oreg_overview_free(doc->ov);
	oreg_seals_release(&doc->seals);
	free(doc->options);
	memset(doc, 0, sizeof(*doc));
}

int document_build(struct built_document *out, struct oreg_repo *repo, enum oreg_document_kind kind,
	const char *command, int argc, char **argv, const char *at_commit)
{
	struct document_options *d;
	struct oreg_findings warnings;
	int err, status = EXIT_CLEAN;

	memset(out, 0, sizeof(*out));
	oreg_seals_init(&out->seals);
	if (!(d = out->options = calloc(1, sizeof(*d))))
		return fail("out of memory");
	d->command = command;
	d->o.kind = kind;
	if ((err = parse_options(d, argc, argv)) != 0)
		return err < 0 ? -1 : err;
	out->format = d->format;
	out->output = d->output;
	if (kind == OREG_DOCUMENT_OVERVIEW)
		snprintf(out->key, sizeof(out->key), "%04d", d->o.year);
	else
		snprintf(out->key, sizeof(out->key), "%04d-%02d-%02d", d->o.since / 10000, d->o.since / 100 % 100,
			d->o.since % 100);
	if (!at_commit)
		warn_future(d);
	if (oreg_repo_head_unborn(repo) && !d->rev && !at_commit) {
		fprintf(stderr, "openreg: the register has no commits yet\n");
		return EXIT_USAGE;
	}
	if (at_commit)
		snprintf(out->commit, sizeof(out->commit), "%s", at_commit);
	else if ((err = pick_commit(out->commit, repo, d)) < 0)
		return fail_for(err);
	if ((status = corrections_publication(d, repo, &out->seals)) != 0)
		return status;
	oreg_findings_init(&warnings);
	err = oreg_overview_new(&out->ov, repo, out->commit, &d->o, &warnings);
	print_warnings(&warnings);
	oreg_findings_release(&warnings);
	if (err < 0)
		return fail_for(err);
	if (d->format == OREG_DOCUMENT_DATAPACKAGE || (d->format == OREG_DOCUMENT_CSV && !d->table && d->output &&
			is_folder(d->output))) {
		out->folder = 1; /* written by document_write, file by file */
		return EXIT_CLEAN;
	}
	if (d->format == OREG_DOCUMENT_CSV)
		err = oreg_overview_render_table(&out->data, &out->len, out->ov, d->table ? d->table : "organisations",
			d->lang, d->csv_flags);
	else
		err = oreg_overview_render(&out->data, &out->len, out->ov, d->format, d->lang);
	return err < 0 ? fail_for(err) : EXIT_CLEAN;
}

/* A folder of files: every CSV table, and for a data package its datapackage.json. */
static int write_folder(const struct built_document *doc)
{
	const struct document_options *d = doc->options;
	const char *names[8];
	size_t n = oreg_overview_tables(names, 8, doc->ov), i;
	bool data = d->format == OREG_DOCUMENT_DATAPACKAGE;
	int status = EXIT_CLEAN;

	if (mkdir(d->output, 0777) < 0 && errno != EEXIST)
		return fail("cannot make the folder %s: %s", d->output, strerror(errno));
	for (i = 0; i <= n && status == EXIT_CLEAN; i++) {
		char *text = NULL, *path;
		size_t len = 0, plen;
		int err;

		if (i == n && !data)
			break;
		if (i == n)
			err = oreg_overview_render_datapackage(&text, &len, doc->ov, d->lang);
		else
			err = oreg_overview_render_table(&text, &len, doc->ov, names[i], d->lang,
				data ? OREG_TABLE_DATA : d->csv_flags);
		if (err < 0)
			return fail_for(err);
		plen = strlen(d->output) + 32;
		if (!(path = malloc(plen))) {
			free(text);
			return fail("out of memory");
		}
		snprintf(path, plen, "%s/%s%s", d->output, i == n ? "datapackage" : names[i], i == n ? ".json" : ".csv");
		status = write_atomically(path, text, len);
		free(path);
		free(text);
	}
	return status;
}

int document_write(const struct built_document *doc)
{
	if (doc->folder)
		return write_folder(doc);
	if (doc->output)
		return write_atomically(doc->output, doc->data, doc->len);
	return fwrite(doc->data, 1, doc->len, stdout) == doc->len ? EXIT_CLEAN :
		fail("cannot write the document: %s", strerror(errno));
}

int document_run(enum oreg_document_kind kind, const char *command, int argc, char **argv)
{
	struct built_document doc;
	struct oreg_repo *repo = NULL;
	int err, status;

#ifdef __GLIBC__
	/*
	 * A document reads a few big folder trees, each rebuilt from a chain of
	 * deltas of a few megabytes, and then thousands of records: memory freed
	 * is kept for the next, not given back to the system and faulted in again.
	 */
	mallopt(M_MMAP_THRESHOLD, 64 * 1024 * 1024);
	mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
#endif

	if ((err = oreg_repo_open(&repo)) < 0) {
		struct document_options d = { .command = command, .o = { .kind = kind } };

		/* a usage mistake is reported as such even outside a repository */
		if ((status = parse_options(&d, argc, argv)) != 0)
			return status < 0 ? EXIT_CLEAN : status;
		return fail_for(err);
	}
	status = document_build(&doc, repo, kind, command, argc, argv, NULL);
	if (status < 0)
		status = EXIT_CLEAN; /* -h */
	else if (status == EXIT_CLEAN)
		status = document_write(&doc);
	built_document_release(&doc);
	oreg_repo_free(repo);
	return status;
}

int cmd_overview(int argc, char **argv)
{
	return document_run(OREG_DOCUMENT_OVERVIEW, "overview", argc, argv);
}
