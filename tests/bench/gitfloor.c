/*
 * gitfloor.c - the bare cost of reading and parsing a register's records
 * straight from git.
 *
 *   gitfloor [--verify-hashes] [REPO [REV [PREFIX...]]]
 *
 * opens REPO (default ".") with libgit2, takes the tree of REV (default
 * HEAD), walks it under records/, reads every *.yaml blob from the object
 * database (git_odb_read: packs, deltas and zlib included) and runs
 * libyaml's event parser over it until STREAM-END: no document tree, no
 * schemas, no rules.  That is the least any checker of a commit must do,
 * and the floor that "openreg check --rev" is measured against.  One
 * thread: this is the plain cost of the bytes, not a parallel program.
 * Like openreg (lib/git/repo.c) and like git, it does not hash every object
 * it reads to check its id (libgit2's strict hash verification is turned
 * off); --verify-hashes turns it back on, the floor libgit2 gives by
 * default.
 *
 * With PREFIXes (paths from the top of the repository, under records/,
 * as records/organisations/ or records/contacts/2022) only the records
 * under one of them are read, and folders outside all of them are not
 * even opened: the floor of a document that needs only part of the
 * register, as "openreg overview --year 2022" (the organisations and that
 * year's contacts).  A PREFIX names whole path components: records/org
 * matches nothing.  Prints
 *
 *   files=<n> bytes=<b> seconds=<s>
 *
 * where seconds covers opening the repository, the tree walk, the reads
 * and the parses.  A blob that cannot be read or that libyaml refuses is
 * reported and makes the exit status 1, and so does a PREFIX under which
 * no record was read (a typo must not make a fast floor).
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <git2.h>
#include <yaml.h>

struct gitfloor {
	git_repository *repo;
	git_odb *odb;
	size_t files;
	uint64_t bytes;
	uint64_t events;
	size_t errors;
	char **prefixes; /* without trailing slashes; none: all of records/ */
	size_t nprefixes;
	size_t *prefix_files; /* records read under each prefix */
	char path[4096]; /* of the current entry, for messages */
};

/* Is path (plen bytes) prefix itself or under it, component by component? */
static int under(const char *path, size_t plen, const char *prefix)
{
	size_t n = strlen(prefix);

	return plen >= n && !memcmp(path, prefix, n) && (plen == n || path[n] == '/');
}

/* Is the entry at f->path (plen bytes) wanted: -1 no, else the prefix's index (0 with no prefixes). */
static long wanted(const struct gitfloor *f, size_t plen)
{
	size_t i;

	if (!f->nprefixes)
		return 0;
	for (i = 0; i < f->nprefixes; i++)
		if (under(f->path, plen, f->prefixes[i]))
			return (long)i;
	return -1;
}

/* Does a prefix lie inside the folder at f->path (plen bytes), so that the walk must open it? */
static int leads_to_prefix(const struct gitfloor *f, size_t plen)
{
	size_t i;

	if (wanted(f, plen) >= 0)
		return 1;
	for (i = 0; i < f->nprefixes; i++)
		if (under(f->prefixes[i], strlen(f->prefixes[i]), f->path) && strlen(f->prefixes[i]) > plen)
			return 1;
	return 0;
}

static const char *git_message(void)
{
	const git_error *e = git_error_last();

	return e && e->message ? e->message : "unknown error";
}

static int ends_with_yaml(const char *name)
{
	size_t len = strlen(name);

	return len > 5 && !strcmp(name + len - 5, ".yaml");
}

static void parse(struct gitfloor *f, const unsigned char *data, size_t len)
{
	yaml_parser_t parser;
	yaml_event_t event;
	int done = 0;

	if (!yaml_parser_initialize(&parser)) {
		fprintf(stderr, "gitfloor: out of memory\n");
		exit(2);
	}
	yaml_parser_set_input_string(&parser, data, len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &event)) {
			fprintf(stderr, "gitfloor: %s:%zu:%zu: %s\n", f->path, parser.problem_mark.line + 1,
				parser.problem_mark.column + 1, parser.problem ? parser.problem : "cannot parse");
			f->errors++;
			break;
		}
		done = event.type == YAML_STREAM_END_EVENT;
		f->events++;
		yaml_event_delete(&event);
	}
	yaml_parser_delete(&parser);
}

/* Walk tree, whose path f->path holds (plen bytes), in the tree's order. */
static void walk(struct gitfloor *f, const git_tree *tree, size_t plen)
{
	size_t i, n = git_tree_entrycount(tree);

	for (i = 0; i < n; i++) {
		const git_tree_entry *te = git_tree_entry_byindex(tree, i);
		const char *name = git_tree_entry_name(te);
		size_t nlen = strlen(name);
		git_object_t type = git_tree_entry_type(te);

		if (plen + 1 + nlen + 1 > sizeof(f->path)) {
			fprintf(stderr, "gitfloor: path too long under '%s'\n", f->path);
			f->errors++;
			continue;
		}
		f->path[plen] = '/';
		memcpy(f->path + plen + 1, name, nlen + 1);

		if (type == GIT_OBJECT_TREE) {
			git_tree *sub;

			if (!leads_to_prefix(f, plen + 1 + nlen))
				continue;
			if (git_tree_lookup(&sub, f->repo, git_tree_entry_id(te)) < 0) {
				fprintf(stderr, "gitfloor: cannot read '%s': %s\n", f->path, git_message());
				f->errors++;
				continue;
			}
			walk(f, sub, plen + 1 + nlen);
			git_tree_free(sub);
		} else if (type == GIT_OBJECT_BLOB && ends_with_yaml(name)) {
			git_odb_object *obj;
			size_t len;
			long which = wanted(f, plen + 1 + nlen);

			if (which < 0)
				continue;
			if (git_odb_read(&obj, f->odb, git_tree_entry_id(te)) < 0) {
				fprintf(stderr, "gitfloor: cannot read '%s': %s\n", f->path, git_message());
				f->errors++;
				continue;
			}
			len = git_odb_object_size(obj);
			f->files++;
			if (f->nprefixes)
				f->prefix_files[which]++;
			f->bytes += len;
			parse(f, git_odb_object_data(obj), len);
			git_odb_object_free(obj);
		}
	}
	f->path[plen] = '\0';
}

int main(int argc, char **argv)
{
	struct gitfloor f = { 0 };
	const char *dir, *rev;
	struct timespec t0, t1;
	git_object *obj = NULL;
	git_tree *root = NULL, *records = NULL;
	git_tree_entry *te = NULL;
	int status = 0, i, verify = 0;

	if (argc > 1 && !strcmp(argv[1], "--verify-hashes")) {
		verify = 1;
		argv[1] = argv[0];
		argv++;
		argc--;
	}
	dir = argc > 1 ? argv[1] : ".";
	rev = argc > 2 ? argv[2] : "HEAD";
	if (argc > 1 && argv[1][0] == '-') {
		fputs("usage: gitfloor [--verify-hashes] [REPO [REV [PREFIX...]]]\n", stderr);
		return 2;
	}
	if (argc > 3) {
		f.nprefixes = (size_t)(argc - 3);
		f.prefixes = calloc(f.nprefixes, sizeof(*f.prefixes));
		f.prefix_files = calloc(f.nprefixes, sizeof(*f.prefix_files));
		if (!f.prefixes || !f.prefix_files) {
			fprintf(stderr, "gitfloor: out of memory\n");
			return 2;
		}
		for (i = 3; i < argc; i++) {
			char *p = strdup(argv[i]);
			size_t n;

			if (!p) {
				fprintf(stderr, "gitfloor: out of memory\n");
				return 2;
			}
			for (n = strlen(p); n > 0 && p[n - 1] == '/'; n--)
				p[n - 1] = '\0';
			if (!under(p, n, "records") || n >= sizeof(f.path)) {
				fprintf(stderr, "gitfloor: %s: a prefix is a path under records/, as records/organisations/\n",
					argv[i]);
				return 2;
			}
			f.prefixes[i - 3] = p;
		}
	}
	git_libgit2_init();
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, verify);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (git_repository_open_ext(&f.repo, dir, 0, NULL) < 0 || git_repository_odb(&f.odb, f.repo) < 0 ||
		git_revparse_single(&obj, f.repo, rev) < 0 || git_object_peel((git_object **)&root, obj, GIT_OBJECT_TREE) < 0 ||
		git_tree_entry_bypath(&te, root, "records") < 0 ||
		git_tree_lookup(&records, f.repo, git_tree_entry_id(te)) < 0) {
		fprintf(stderr, "gitfloor: %s:%s: %s\n", dir, rev, git_message());
		return 2;
	}
	strcpy(f.path, "records");
	walk(&f, records, strlen(f.path));
	clock_gettime(CLOCK_MONOTONIC, &t1);

	printf("files=%zu bytes=%" PRIu64 " seconds=%.6f\n", f.files, f.bytes,
		(double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "gitfloor: cannot write the result\n");
		status = 2;
	} else if (f.errors) {
		fprintf(stderr, "gitfloor: %zu record(s) could not be read or parsed\n", f.errors);
		status = 1;
	}
	for (i = 0; (size_t)i < f.nprefixes; i++) {
		if (!f.prefix_files[i]) {
			fprintf(stderr, "gitfloor: %s:%s: no record under %s\n", dir, rev, f.prefixes[i]);
			if (!status)
				status = 1;
		}
		free(f.prefixes[i]);
	}
	free(f.prefixes);
	free(f.prefix_files);
	git_tree_free(records);
	git_tree_entry_free(te);
	git_tree_free(root);
	git_object_free(obj);
	git_odb_free(f.odb);
	git_repository_free(f.repo);
	git_libgit2_shutdown();
	return status;
}
