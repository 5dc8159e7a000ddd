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
 * parent folder (not above GIT_CEILING_DIRECTORIES).  Paths on the command
 * line are relative to here; diagnostics name files relative to the
 * register's top.
 */
static int validate_register(char **paths, int npaths, struct oreg_findings *findings, int *files)
{
	struct oreg_register *reg = NULL;
	char *top = NULL, *prefix = NULL;
	int err;

	if ((err = oreg_worktree_find_top(&top, &prefix, ".")) < 0)
		return err;
	ui_set_source_root(top);
	if ((err = oreg_register_open_dir(&reg, top, findings)) == 0 && reg)
		err = oreg_register_check_worktree(reg, top, prefix, (const char *const *)paths, (size_t)npaths,
			findings);
	if (err > 0)
		*files = err;
	oreg_register_free(reg);
	free(prefix);
	free(top);
	return err < 0 ? err : 0;
}

enum { OPT_FORMAT = 1, OPT_SCHEMA };

const struct option validate_options[] = {
	{ OPT_FORMAT, 0, "format", "FORMAT", "text|json|codequality|sarif|junit",
		"how to print the findings (default text, on standard error)" },
	{ OPT_SCHEMA, 0, "schema", "FILE", NULL, "validate any YAML or JSON files against this JSON Schema instead" },
	OPT_END
};

int cmd_validate(int argc, char **argv)
{
	enum oreg_format format = OREG_FORMAT_TEXT;
	struct oreg_findings findings;
	struct opt_parser p;
	const char *schema = NULL;
	int c, err, status, files = 0;

	opt_init(&p, "validate", argc, argv);
	while ((c = opt_next(&p)) > 0) {
		switch (c) {
		case OPT_FORMAT:
			format = (enum oreg_format)oreg_format_parse(p.value);
			break;
		case OPT_SCHEMA:
			schema = p.value;
			break;
		}
	}
	if (c < 0)
		return opt_exit(c);
	if (schema && !p.nargs)
		return usage("validate", "--schema needs the files to validate");

	oreg_findings_init(&findings);
	if (schema)
		err = validate_with_schema(schema, p.args, p.nargs, &findings);
	else
		err = validate_register(p.args, p.nargs, &findings, &files);
	if (err < 0) {
		oreg_findings_release(&findings);
		ui_set_source_root(NULL);
		return fail_for(err);
	}
	status = print_findings(&findings, format);
	ui_set_source_root(NULL);
	if (!schema)
		ui_note("validate applies the rules of one record at a time; references, exclusions and history "
			"need openreg check");
	if (status == EXIT_CLEAN && !schema)
		ui_summary("%d record file%s valid", files, files == 1 ? "" : "s");
	oreg_findings_release(&findings);
	return status;
}
