/*
 * jsts.c - run the JSON-Schema-Test-Suite files against openreg's schema
 * compiler and validator.
 *
 *   tests/conformance/jsts DIR
 *
 * DIR holds README.md, classify.tsv and draft2020-12/.  Every group of
 * every file must have a row in classify.tsv; rows of class OK, OK-BOOL
 * and OK-ROOT-ID run, the others are skipped by name.  Files under
 * optional/ (except optional/format/date.json) only make a score.  Exit
 * status 0 when every required test passed and every group is accounted
 * for, 1 otherwise, 2 on bad usage, 3 on failure.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct row {
	char *file;
	long group;
	char *description;
	long tests;
	char *class;
	char *detail;
};

struct suite_file {
	char *name; /* relative to draft2020-12/ */
	struct oreg_document *doc;
	int loaded;
	unsigned char *seen; /* per group: has a row */
	size_t groups;
};

struct run {
	const char *dir;
	struct suite_file *files;
	size_t nfiles, files_alloc;
	size_t required_passed, required_tests, required_groups;
	size_t optional_passed, optional_tests;
	size_t skipped_groups, skipped_tests;
	size_t problems; /* accounting failures: not a test verdict */
};

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct oreg_buf buf = OREG_BUF_INIT;
	char chunk[65536];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		oreg_buf_add(&buf, chunk, n);
	if (ferror(f) || oreg_buf_error(&buf)) {
		fclose(f);
		oreg_buf_release(&buf);
		return NULL;
	}
	fclose(f);
	return oreg_buf_detach(&buf, len);
}

static int is_required(const char *file)
{
	return strncmp(file, "optional/", 9) != 0 || !strcmp(file, "optional/format/date.json");
}

static struct suite_file *find_file(struct run *r, const char *name)
{
	for (size_t i = 0; i < r->nfiles; i++)
		if (!strcmp(r->files[i].name, name))
			return &r->files[i];
	return NULL;
}

static struct suite_file *add_file(struct run *r, const char *name)
{
	struct suite_file *f = find_file(r, name);

	if (f)
		return f;
	if (oreg_grow((void **)&r->files, &r->files_alloc, r->nfiles + 1, sizeof(*r->files)) < 0)
		return NULL;
	f = &r->files[r->nfiles++];
	memset(f, 0, sizeof(*f));
	f->name = oreg_strdup(name);
	return f->name ? f : NULL;
}

/* Every *.json under draft2020-12/, so that an unlisted file is noticed. */
static int scan(struct run *r, const char *sub)
{
	char path[4096];
	DIR *d;
	struct dirent *e;
	int ret = 0;

	snprintf(path, sizeof(path), "%s/draft2020-12%s%s", r->dir, *sub ? "/" : "", sub);
	d = opendir(path);
	if (!d) {
		fprintf(stderr, "jsts: cannot open %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) && !ret) {
		char name[4096];
		size_t len = strlen(e->d_name);

		if (e->d_name[0] == '.')
			continue;
		snprintf(name, sizeof(name), "%s%s%s", sub, *sub ? "/" : "", e->d_name);
		if (len > 5 && !strcmp(e->d_name + len - 5, ".json")) {
			if (!add_file(r, name))
				ret = -1;
		} else if (!strchr(e->d_name, '.')) {
			ret = scan(r, name);
		}
	}
	closedir(d);
	return ret;
}

/* Load a suite file once; NULL (after saying why) when it cannot be loaded. */
static const struct oreg_value *load(struct run *r, struct suite_file *f)
{
	struct oreg_yaml_options options;
	struct oreg_findings findings;
	char path[4096];
	char *data;
	size_t len;
	const struct oreg_value *root;

	if (f->loaded)
		return f->doc ? oreg_document_root(f->doc) : NULL;
	f->loaded = 1;
	snprintf(path, sizeof(path), "%s/draft2020-12/%s", r->dir, f->name);
	data = read_file(path, &len);
	if (!data) {
		printf("FAIL %s: cannot read: %s\n", f->name, strerror(errno));
		return NULL;
	}
	oreg_yaml_options_init(&options);
	options.any_root = 1;
	options.max_file_size = 16 << 20;
	options.max_depth = 1000;
	options.max_scalar_size = 1 << 20;
	oreg_findings_init(&findings);
	if (oreg_yaml_load(&f->doc, data, len, f->name, &options, &findings) < 0)
		printf("FAIL %s: %s\n", f->name, oreg_error_message());
	else if (!f->doc) {
		printf("FAIL %s: the loader refuses the file:\n", f->name);
		oreg_findings_write(&findings, OREG_FORMAT_TEXT, stdout);
	}
	oreg_findings_release(&findings);
	free(data);
	if (!f->doc)
		return NULL;
	root = oreg_document_root(f->doc);
	if (root->type != OREG_ARRAY) {
		printf("FAIL %s: not an array of groups\n", f->name);
		return NULL;
	}
	f->groups = root->u.array.count;
	f->seen = calloc(f->groups ? f->groups : 1, 1);
	return root;
}

/* Run one group; returns the number of its tests that passed. */
static size_t run_group(const struct row *row, const struct oreg_value *group, size_t *ntests)
{
	const struct oreg_value *schema_value = oreg_value_get(group, "schema");
	const struct oreg_value *tests = oreg_value_get(group, "tests");
	struct oreg_findings findings;
	struct oreg_schema *schema = NULL;
	size_t passed = 0;

	*ntests = 0;
	if (!schema_value || !tests || tests->type != OREG_ARRAY) {
		printf("FAIL %s #%ld %s: the group has no schema or no tests\n", row->file, row->group,
			row->description);
		return 0;
	}
	*ntests = tests->u.array.count;
	oreg_findings_init(&findings);
	if (oreg_schema_compile(&schema, schema_value, row->file, &findings) < 0 || !schema) {
		printf("FAIL %s #%ld %s: the schema does not compile (%zu tests fail):\n", row->file,
			row->group, row->description, *ntests);
		if (findings.count)
			oreg_findings_write(&findings, OREG_FORMAT_TEXT, stdout);
		else
			printf("    %s\n", oreg_error_message());
		oreg_findings_release(&findings);
		return 0;
	}
	for (size_t i = 0; i < tests->u.array.count; i++) {
		const struct oreg_value *test = tests->u.array.items[i];
		const struct oreg_value *data = oreg_value_get(test, "data");
		const struct oreg_value *valid = oreg_value_get(test, "valid");
		const struct oreg_value *description = oreg_value_get(test, "description");
		const char *what = description && description->type == OREG_STRING ?
			description->u.string.ptr : "?";
		int ret;

		oreg_findings_release(&findings);
		oreg_findings_init(&findings);
		if (!data || !valid || valid->type != OREG_BOOLEAN) {
			printf("FAIL %s #%ld %s / %s: the test has no data or no verdict\n", row->file,
				row->group, row->description, what);
			continue;
		}
		ret = oreg_schema_validate(schema, data, row->file, &findings);
		if (ret < 0) {
			printf("FAIL %s #%ld %s / %s: %s\n", row->file, row->group, row->description, what,
				oreg_error_message());
			continue;
		}
		if ((ret == 0) == (valid->u.boolean != 0)) {
			passed++;
			continue;
		}
		printf("FAIL %s #%ld %s / %s: expected %s, got %s\n", row->file, row->group,
			row->description, what, valid->u.boolean ? "valid" : "invalid",
			ret == 0 ? "valid" : "invalid");
		oreg_findings_write(&findings, OREG_FORMAT_TEXT, stdout);
	}
	oreg_findings_release(&findings);
	oreg_schema_free(schema);
	return passed;
}

static void run_row(struct run *r, const struct row *row)
{
	struct suite_file *f = find_file(r, row->file);
	const struct oreg_value *root, *group, *description;
	int required = is_required(row->file);
	size_t ntests = 0, passed;

	if (!f) {
		printf("FAIL %s #%ld %s: classify.tsv names a file that does not exist\n", row->file,
			row->group, row->description);
		r->problems++;
		return;
	}
	root = load(r, f);
	if (root && (row->group < 0 || (size_t)row->group >= f->groups)) {
		printf("FAIL %s #%ld %s: the file has no such group\n", row->file, row->group,
			row->description);
		r->problems++;
		return;
	}
	if (root) {
		if (f->seen[row->group]++) {
			printf("FAIL %s #%ld: classify.tsv lists the group twice\n", row->file, row->group);
			r->problems++;
		}
		group = root->u.array.items[row->group];
		description = oreg_value_get(group, "description");
		if (!description || !oreg_value_is_string(description, row->description)) {
			printf("FAIL %s #%ld %s: the group's description differs from classify.tsv\n",
				row->file, row->group, row->description);
			r->problems++;
		}
	}
	if (!strcmp(row->class, "SKIP") || !strcmp(row->class, "FORMAT-ANNOTATION")) {
		printf("skip %s #%ld %s: %s\n", row->file, row->group, row->description,
			!strcmp(row->class, "SKIP") ? row->detail :
			"expects format not to assert, and openreg asserts format: date");
		r->skipped_groups++;
		r->skipped_tests += row->tests > 0 ? (size_t)row->tests : 0;
		return;
	}
	if (strcmp(row->class, "OK") && strcmp(row->class, "OK-BOOL") && strcmp(row->class, "OK-ROOT-ID")) {
		printf("FAIL %s #%ld %s: unknown class '%s' in classify.tsv\n", row->file, row->group,
			row->description, row->class);
		r->problems++;
		return;
	}
	if (!root) {
		ntests = row->tests > 0 ? (size_t)row->tests : 0;
		passed = 0;
	} else {
		passed = run_group(row, root->u.array.items[row->group], &ntests);
	}
	if (required) {
		r->required_groups++;
		r->required_tests += ntests;
		r->required_passed += passed;
	} else {
		r->optional_tests += ntests;
		r->optional_passed += passed;
	}
}

/* Split a classify.tsv line in place; 0 when it has the six fields. */
static int parse_row(struct row *row, char *line)
{
	char *fields[6];
	size_t n = 0;
	char *p = line, *end;

	while (n < 6) {
		fields[n++] = p;
		p = strchr(p, '\t');
		if (!p)
			break;
		*p++ = '\0';
	}
	if (n < 5)
		return -1;
	if (n == 5)
		fields[5] = (char *)"";
	row->file = fields[0];
	row->group = strtol(fields[1], &end, 10);
	if (*end || end == fields[1])
		return -1;
	row->description = fields[2];
	row->tests = strtol(fields[3], NULL, 10);
	row->class = fields[4];
	row->detail = fields[5];
	return 0;
}

int main(int argc, char **argv)
{
	struct run r;
	char path[4096];
	char *tsv, *line, *next;
	size_t len, lineno = 0;
	int ok;

	if (argc != 2) {
		fprintf(stderr, "usage: jsts DIR\n");
		return 2;
	}
	memset(&r, 0, sizeof(r));
	r.dir = argv[1];
	snprintf(path, sizeof(path), "%s/classify.tsv", r.dir);
	tsv = read_file(path, &len);
	if (!tsv) {
		fprintf(stderr, "jsts: cannot read %s: %s\n", path, strerror(errno));
		return 3;
	}
	if (scan(&r, "") < 0) {
		free(tsv);
		return 3;
	}
	for (line = tsv; line && *line; line = next) {
		struct row row;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (lineno++ == 0 || !*line)
			continue; /* the header */
		if (parse_row(&row, line) < 0) {
			printf("FAIL classify.tsv:%zu: not a row of six tab-separated fields\n", lineno);
			r.problems++;
			continue;
		}
		run_row(&r, &row);
	}
	/* Every group of every file must be classified: nothing is skipped silently. */
	for (size_t i = 0; i < r.nfiles; i++) {
		struct suite_file *f = &r.files[i];

		if (!f->loaded) {
			printf("FAIL %s: the file has no rows in classify.tsv\n", f->name);
			r.problems++;
			continue;
		}
		for (size_t g = 0; g < f->groups; g++) {
			if (!f->seen[g]) {
				printf("FAIL %s #%zu: the group has no row in classify.tsv\n", f->name, g);
				r.problems++;
			}
		}
	}
	printf("required: %zu/%zu tests passed in %zu groups; skipped %zu groups (named above); "
		"optional score: %zu/%zu\n", r.required_passed, r.required_tests, r.required_groups,
		r.skipped_groups, r.optional_passed, r.optional_tests);
	if (r.problems)
		printf("%zu problems with the suite or classify.tsv (named above)\n", r.problems);
	ok = r.required_passed == r.required_tests && !r.problems;
	/* the line tests/run counts: an optional test that fails is not held against the suite */
	printf("# %zu tests, %zu failed, %zu skipped\n", r.required_tests + r.optional_tests + r.skipped_tests +
		r.problems, r.required_tests - r.required_passed + r.problems,
		r.skipped_tests + r.optional_tests - r.optional_passed);
	for (size_t i = 0; i < r.nfiles; i++) {
		oreg_document_free(r.files[i].doc);
		free(r.files[i].seen);
		free(r.files[i].name);
	}
	free(r.files);
	free(tsv);
	return ok ? 0 : 1;
}
