/*
 * validate.c - openreg validate: check record files in the working tree
 * against their schemas and the rules that need one record only; or, with
 * --schema, any YAML or JSON files against one schema.
 */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Input for --schema may be any JSON test case; allow more than a record. */
#define SCHEMA_MODE_MAX (16 * 1024 * 1024)

static int load_file(struct oreg_document **out, const char *path, struct oreg_findings *findings)
{
	struct oreg_yaml_options opt;
	char *data;
	size_t len;
	int err;

	oreg_yaml_options_init(&opt);
	opt.any_root = 1;
	opt.max_file_size = SCHEMA_MODE_MAX;
	if ((err = oreg_file_read(&data, &len, path, SCHEMA_MODE_MAX + 1)) < 0)
		return err;
	err = oreg_yaml_load(out, data, len, path, &opt, findings);
	free(data);
	return err;
}

/* --schema FILE PATH...: JSON Schema alone, no register rules, any root. */
static int validate_with_schema(const char *schema_path, char **paths, int npaths,
	struct oreg_findings *findings)
{
	struct oreg_document *sdoc = NULL, *doc;
	struct oreg_schema *schema = NULL;
	int i, err;

	if ((err = load_file(&sdoc, schema_path, findings)) < 0)
		return err;
	if (!sdoc)
		return 0;
	err = oreg_schema_compile(&schema, oreg_document_root(sdoc), schema_path, findings);
	oreg_document_free(sdoc);
	if (err < 0 || !schema)
		return err;
	for (i = 0; i < npaths && err >= 0; i++) {
		doc = NULL;
		if ((err = load_file(&doc, paths[i], findings)) < 0)
			break;
		if (doc)
			err = oreg_schema_validate(schema, oreg_document_root(doc), paths[i], findings);
		oreg_document_free(doc);
	}
	oreg_schema_free(schema);
	return err < 0 ? err : 0;
}

/*
 * The register is found the way git finds a repository: here or in a
 * parent folder.  Paths on the command line are relative to here;
 * diagnostics name files relative to the register's top.
 */
/*
 * The register is found the way git finds a repository: here or in a
 * parent folder (not above GIT_CEILING_DIRECTORIES).  Paths on the command
 * line are relative to here; diagnostics name files relative to the
 * register's top.
 */
static int validate_register(char **paths, int npaths, struct oreg_findings *findings)
{
	struct oreg_register *reg = NULL;
	char *top = NULL, *prefix = NULL;
	int err;

	if ((err = oreg_worktree_find_top(&top, &prefix, ".")) < 0)
		return err;
	if ((err = oreg_register_open_dir(&reg, top, findings)) == 0 && reg)
		err = oreg_register_check_worktree(reg, top, prefix, (const char *const *)paths, (size_t)npaths,
			findings);
	oreg_register_free(reg);
	free(prefix);
	free(top);
	return err < 0 ? err : 0;
}

int cmd_validate(int argc, char **argv)
{
	enum oreg_format format = OREG_FORMAT_TEXT;
	struct oreg_findings findings;
	const char *schema = NULL;
	int i, err, status;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--")) {
			i++;
			break;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			print_synopsis(stdout, "validate");
			return EXIT_CLEAN;
		} else if (!strcmp(a, "--format") || !strncmp(a, "--format=", 9)) {
			const char *v = a[8] == '=' ? a + 9 : (i + 1 < argc ? argv[++i] : NULL);
			int f = v ? oreg_format_parse(v) : -1;

			if (f < 0)
				return usage("validate", "--format takes text, json, codequality, sarif or junit");
			format = (enum oreg_format)f;
		} else if (!strcmp(a, "--schema") || !strncmp(a, "--schema=", 9)) {
			schema = a[8] == '=' ? a + 9 : (i + 1 < argc ? argv[++i] : NULL);
			if (!schema || !*schema)
				return usage("validate", "--schema takes a file");
		} else if (a[0] == '-' && a[1]) {
			return usage("validate", "unknown option '%s'", a);
		} else {
			break;
		}
	}
	if (schema && i >= argc)
		return usage("validate", "--schema needs the files to validate");

	oreg_findings_init(&findings);
	if (schema)
		err = validate_with_schema(schema, argv + i, argc - i, &findings);
	else
		err = validate_register(argv + i, argc - i, &findings);
	if (err < 0) {
		oreg_findings_release(&findings);
		if (err == OREG_ENOTFOUND || err == OREG_EINVALID)
			return usage("validate", "%s", oreg_error_message());
		return fail("%s", oreg_error_message());
	}
	status = print_findings(&findings, format);
	oreg_findings_release(&findings);
	return status;
}
