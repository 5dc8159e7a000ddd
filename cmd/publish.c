/*
 * publish.c - openreg publish, publications and verify: a document that is
 * sent is sealed, and a file can be proven to be the one that was sent.
 *
 *   openreg publish overview|contacts [the document's options] -o FILE
 *       writes the document and records the publication as the annotated
 *       tag publicatie/<document>-<year or since>-<n> on the commit it was
 *       built from, holding the file's SHA-256, the options, the record
 *       time and the openreg version (seal.c);
 *   openreg publications [--format text|json]
 *       lists them;
 *   openreg verify FILE
 *       finds the publication by the file's SHA-256, builds the document
 *       again from the tagged commit with the recorded options and says
 *       whether the bytes are identical.
 */
#include "cmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { OPT_FORMAT = 1 };

const struct option publish_options[] = {
	OPT_END
};

const struct option publications_options[] = {
	{ OPT_FORMAT, 0, "format", "FORMAT", "text|json", "text (default) or json" },
	OPT_END
};

const struct option verify_options[] = {
	OPT_END
};

/* "2025-06-02T09:00:00+01:00" */
static void iso_time(char out[64], long long when, int offset)
{
	time_t t = (time_t)(when + offset * 60LL);
	struct tm tm;
	int off = offset < 0 ? -offset : offset;

	gmtime_r(&t, &tm);
	snprintf(out, 64, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
		tm.tm_hour, tm.tm_min, tm.tm_sec, offset < 0 ? '-' : '+', off / 60, off % 60);
}

static int document_kind(const char *name)
{
	if (!strcmp(name, "overview"))
		return OREG_DOCUMENT_OVERVIEW;
	if (!strcmp(name, "contacts"))
		return OREG_DOCUMENT_CONTACTS;
	return -1;
}

/* The options as given, without -o FILE: what verify needs to build the same bytes. */
static int recorded_args(char ***out, size_t *n, int argc, char **argv)
{
	char **args = calloc((size_t)argc + 1, sizeof(*args));
	int i;

	*out = args;
	*n = 0;
	if (!args)
		return -1;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
			i++;
			continue;
		}
		if (!strncmp(a, "-o", 2) || !strncmp(a, "--output=", 9))
			continue;
		args[(*n)++] = argv[i];
	}
	return 0;
}

int cmd_publish(int argc, char **argv)
{
	struct built_document doc;
	struct oreg_repo *repo = NULL;
	struct oreg_seal seal = { 0 };
	struct oreg_commit c = { 0 };
	char *tag = NULL, record_time[64], *base, version[] = OREG_VERSION;
	const char *slash;
	int kind, err, status;

	if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		print_help(stdout, "publish");
		return EXIT_CLEAN;
	}
	if (argc < 2 || (kind = document_kind(argv[1])) < 0)
		return usage("publish", "which document? give overview or contacts, then its options");
	if ((err = oreg_repo_open(&repo)) < 0)
		return fail_for(err);
	status = document_build(&doc, repo, (enum oreg_document_kind)kind, argv[1], argc - 1, argv + 1, NULL);
	if (status < 0) {
		status = EXIT_CLEAN;
		goto done;
	}
	if (status)
		goto done;
	if (!doc.output || doc.folder) {
		status = usage("publish", "a publication is one file: give -o FILE%s",
			doc.folder ? " (a CSV table with --table, or another format)" : "");
		goto done;
	}
	if ((status = document_write(&doc)) != EXIT_CLEAN)
		goto done;
	if ((err = oreg_repo_commit(&c, repo, doc.commit)) < 0) {
		status = fail_for(err);
		goto done;
	}
	iso_time(record_time, c.time, c.offset);
	slash = strrchr(doc.output, '/');
	base = (char *)(slash ? slash + 1 : doc.output);
	oreg_sha256_hex(seal.sha256, doc.data, doc.len);
	memcpy(seal.source, doc.commit, 41);
	seal.document = argv[1];
	seal.key = doc.key;
	seal.file = base;
	seal.record_time = record_time;
	seal.version = version;
	if (recorded_args(&seal.args, &seal.nargs, argc - 1, argv + 1) < 0) {
		status = fail("out of memory");
		goto done;
	}
	if ((err = oreg_seal_create(&tag, repo, &seal)) < 0) {
		status = fail("%s written, but not sealed: %s", doc.output, oreg_error_message());
		goto done;
	}
	printf("%s: %s (sha256 %s) built from commit %.7s of %s\n", tag, doc.output, seal.sha256, doc.commit,
		record_time);
	printf("push the tag to the register's server: git push origin refs/tags/%s\n", tag);
	status = EXIT_CLEAN;
done:
	free(seal.args);
	free(tag);
	oreg_commit_release(&c);
	built_document_release(&doc);
	oreg_repo_free(repo);
	return status;
}

int cmd_publications(int argc, char **argv)
{
	struct oreg_repo *repo = NULL;
	struct oreg_seals seals;
	struct opt_parser p;
	int c, err, json = 0;
	size_t i, k;

	opt_init(&p, "publications", argc, argv);
	while ((c = opt_next(&p)) > 0)
		if (c == OPT_FORMAT)
			json = !strcmp(p.value, "json");
	if (c < 0)
		return opt_exit(c);
	if (p.nargs)
		return usage("publications", "unknown argument '%s'", p.args[0]);
	if ((err = oreg_repo_open(&repo)) < 0)
		return fail_for(err);
	oreg_seals_init(&seals);
	if ((err = oreg_seals_list(&seals, repo)) < 0) {
		oreg_repo_free(repo);
		return fail_for(err);
	}
	if (json)
		printf("[");
	for (i = 0; i < seals.count; i++) {
		const struct oreg_seal *s = &seals.items[i];
		char when[64];

		iso_time(when, s->time, s->offset);
		if (!json) {
			printf("%s  %s  %s  commit %.7s (%s)  sha256 %.16s…\n", s->tag, when, s->file ? s->file : "-",
				s->commit, s->record_time ? s->record_time : "-", s->sha256);
			continue;
		}
		print_json_member(i ? ",\n  {\"tag\": " : "\n  {\"tag\": ", s->tag);
		print_json_member(", \"document\": ", s->document);
		print_json_member(", \"key\": ", s->key ? s->key : "");
		printf(", \"published\": \"%s\"", when);
		print_json_member(", \"file\": ", s->file);
		printf(", \"sha256\": \"%s\", \"commit\": \"%s\"", s->sha256, s->commit);
		print_json_member(", \"record_time\": ", s->record_time ? s->record_time : "");
		print_json_member(", \"openreg\": ", s->version ? s->version : "");
		printf(", \"options\": [");
		for (k = 0; k < s->nargs; k++)
			print_json_member(k ? ", " : "", s->args[k]);
		printf("]}");
	}
	if (json)
		printf("%s]\n", seals.count ? "\n" : "");
	oreg_seals_release(&seals);
	oreg_repo_free(repo);
	return EXIT_CLEAN;
}

int cmd_verify(int argc, char **argv)
{
	struct oreg_repo *repo = NULL;
	struct oreg_seals seals;
	struct built_document doc;
	const struct oreg_seal *s;
	struct opt_parser p;
	char hex[65], *data = NULL, **args = NULL;
	size_t len = 0, i;
	int c, err, status;

	memset(&doc, 0, sizeof(doc));
	opt_init(&p, "verify", argc, argv);
	/* no options of its own: all but the common ones and -h are refused by the parser, as for version */
	if ((c = opt_next(&p)) != OPT_DONE)
		return opt_exit(c);
	if (p.nargs != 1)
		return usage("verify", "which file? give the one file that was sent");
	if ((err = oreg_file_read(&data, &len, p.args[0], (size_t)1 << 30)) < 0) {
		fprintf(stderr, "openreg: cannot read %s: %s\n", p.args[0], oreg_error_message());
		return err == OREG_ENOTFOUND ? EXIT_USAGE : EXIT_FAILURE_;
	}
	oreg_sha256_hex(hex, data, len);
	oreg_seals_init(&seals);
	if ((err = oreg_repo_open(&repo)) < 0 || (err = oreg_seals_list(&seals, repo)) < 0) {
		status = fail_for(err);
		goto done;
	}
	if (!(s = oreg_seals_find(&seals, hex))) {
		fprintf(stderr, "openreg: %s is not a publication of this register: no publicatie/ tag holds its "
			"SHA-256 %s (fetch the tags: git fetch --tags)\n", p.args[0], hex);
		status = EXIT_FINDINGS;
		goto done;
	}
	/* the recorded options, built again from the tagged commit */
	if (!(args = calloc(s->nargs + 2, sizeof(*args)))) {
		status = fail("out of memory");
		goto done;
	}
	args[0] = s->document;
	for (i = 0; i < s->nargs; i++)
		args[i + 1] = s->args[i];
	if (document_kind(s->document) < 0) {
		status = fail("publication %s names an unknown document '%s'", s->tag, s->document);
		goto done;
	}
	status = document_build(&doc, repo, (enum oreg_document_kind)document_kind(s->document), s->document,
		(int)s->nargs + 1, args, s->commit);
	if (status) {
		fprintf(stderr, "openreg: publication %s cannot be built again from commit %.7s\n", s->tag, s->commit);
		status = status < 0 ? EXIT_FAILURE_ : status;
		goto done;
	}
	if (doc.folder || doc.len != len || memcmp(doc.data, data, len)) {
		printf("%s: DIFFERS from %s: built again from commit %.7s with the recorded options, the bytes are "
			"not the same (openreg %s then, %s now)\n", p.args[0], s->tag, s->commit,
			s->version ? s->version : "?", OREG_VERSION);
		status = EXIT_FINDINGS;
		goto done;
	}
	printf("%s: identical to publication %s: built again from commit %s (%s), sha256 %s\n", p.args[0], s->tag,
		s->commit, s->record_time ? s->record_time : "-", hex);
	status = EXIT_CLEAN;
done:
	free(args);
	free(data);
	built_document_release(&doc);
	oreg_seals_release(&seals);
	oreg_repo_free(repo);
	return status;
}
