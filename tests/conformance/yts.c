/*
 * yts.c - the yaml-test-suite against the strict loader.  Every case must
 * give either a clean finding (the loader refuses it: invalid YAML, or
 * YAML outside the strict profile) or, when it loads, exactly the value of
 * its in.json.  An invalid case that loads is a failure, unless libyaml
 * 0.2.5 is known to accept it (libyaml-0.2.5-known-failures.tsv); it is
 * then counted and named.
 *
 *   tests/conformance/yts DIR     DIR is tests/conformance/data/yts
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "openreg.h"

static char *known; /* the known-failures file, searched by "\nCASE\t" */

static int exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

static const char *known_failure(const char *name)
{
	char key[64];
	const char *p;

	snprintf(key, sizeof(key), "\n%s\t", name);
	p = known ? strstr(known, key) : NULL;
	return p ? p + strlen(key) : NULL;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	struct oreg_yaml_options opt;
	char path[4096], **names = NULL;
	size_t n = 0, alloc = 0, i, len;
	unsigned refused_invalid = 0, refused_valid = 0, loaded_equal = 0, known_accepted = 0, failed = 0;
	DIR *d;
	struct dirent *de;

	if (argc != 2) {
		fprintf(stderr, "usage: yts DIR\n");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/libyaml-0.2.5-known-failures.tsv", argv[1]);
	if (oreg_file_read(&known, &len, path, 1 << 20) < 0)
		known = NULL;
	snprintf(path, sizeof(path), "%s/cases", argv[1]);
	if (!(d = opendir(path))) {
		fprintf(stderr, "yts: cannot open %s\n", path);
		return 2;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 512;
			names = realloc(names, alloc * sizeof(*names));
			if (!names)
				return 3;
		}
		names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), by_name);
	oreg_yaml_options_init(&opt);
	opt.any_root = 1;

	for (i = 0; i < n; i++) {
		struct oreg_findings findings;
		struct oreg_document *doc = NULL, *want = NULL;
		char *data = NULL, *json = NULL;
		size_t dlen, jlen;
		int invalid;

		oreg_findings_init(&findings);
		snprintf(path, sizeof(path), "%s/cases/%s/error", argv[1], names[i]);
		invalid = exists(path);
		snprintf(path, sizeof(path), "%s/cases/%s/in.yaml", argv[1], names[i]);
		if (oreg_file_read(&data, &dlen, path, 1 << 24) < 0) {
			printf("FAIL %s: cannot read in.yaml\n", names[i]);
			failed++;
			continue;
		}
		if (oreg_yaml_load(&doc, data, dlen, "in.yaml", &opt, &findings) < 0) {
			printf("FAIL %s: %s\n", names[i], oreg_error_message());
			failed++;
		} else if (!doc) {
			/* refused: it must say why, at a position */
			if (!findings.count || !findings.items[0].line || !*findings.items[0].message) {
				printf("FAIL %s: refused without a finding\n", names[i]);
				failed++;
			} else if (invalid) {
				refused_invalid++;
			} else {
				refused_valid++;
			}
		} else if (invalid) {
			const char *why = known_failure(names[i]);

			if (why && !strncmp(why, "FAIL-accepted-invalid", 21)) {
				printf("known %s: libyaml 0.2.5 accepts this invalid YAML\n", names[i]);
				known_accepted++;
			} else {
				printf("FAIL %s: invalid YAML loaded\n", names[i]);
				failed++;
			}
		} else {
			struct oreg_findings scratch;

			oreg_findings_init(&scratch);
			snprintf(path, sizeof(path), "%s/cases/%s/in.json", argv[1], names[i]);
			if (oreg_file_read(&json, &jlen, path, 1 << 24) < 0 ||
				oreg_yaml_load(&want, json, jlen, "in.json", &opt, &scratch) < 0 || !want) {
				printf("FAIL %s: loaded, but in.json cannot be read as one value\n", names[i]);
				failed++;
			} else if (!oreg_value_equal(oreg_document_root(doc), oreg_document_root(want))) {
				const char *why = known_failure(names[i]);

				if (why && (!strncmp(why, "json-mismatch", 13) || !strncmp(why, "FAIL-event-mismatch", 19))) {
					printf("known %s: %.*s\n", names[i], (int)strcspn(why, "\t\n"), why);
					known_accepted++;
				} else {
					printf("FAIL %s: loaded a value other than in.json's\n", names[i]);
					failed++;
				}
			} else {
				loaded_equal++;
			}
			oreg_findings_release(&scratch);
		}
		oreg_document_free(doc);
		oreg_document_free(want);
		oreg_findings_release(&findings);
		free(data);
		free(json);
	}
	printf("yaml-test-suite: %zu cases: %u loaded exactly as in.json, %u valid cases refused by the strict "
		"profile (each with a finding), %u invalid cases refused, %u known libyaml 0.2.5 failures, "
		"%u failed\n", n, loaded_equal, refused_valid, refused_invalid, known_accepted, failed);
	/* the line tests/run counts: a known libyaml failure is skipped */
	printf("# %zu tests, %u failed, %u skipped\n", n, failed, (unsigned)(n - loaded_equal - refused_valid -
		refused_invalid - failed));
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(known);
	return failed ? 1 : 0;
}
