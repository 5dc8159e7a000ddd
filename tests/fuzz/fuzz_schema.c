/*
 * fuzz_schema.c - the schema compiler on any input, and the compiled
 * schema run against a few instances and against the input itself.
 */
#include "fuzz.h"

static struct oreg_document *instances[4];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char *const texts[] = {
		"name: x\nkvk: \"01234567\"\nthemes: [taal, werk]\n",
		"[1, 2.5, \"a\", null, true, {b: [c]}]",
		"\"2024-02-29\"",
		"{partnerships: [{from: 2024-01-01, endorsed: 2023-12-01}]}",
	};
	struct oreg_yaml_options opt;
	struct oreg_findings findings;
	size_t i;

	(void)argc;
	(void)argv;
	oreg_findings_init(&findings);
	oreg_yaml_options_init(&opt);
	opt.any_root = 1;
	for (i = 0; i < 4; i++) {
		const char *t = texts[i];
		size_t len = 0;

		while (t[len])
			len++;
		if (oreg_yaml_load(&instances[i], t, len, "instance.yaml", &opt, &findings) < 0 || !instances[i])
			abort();
	}
	oreg_findings_release(&findings);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct oreg_yaml_options opt;
	struct oreg_findings findings;
	struct oreg_document *doc = NULL;
	struct oreg_schema *schema = NULL;
	size_t i;

	oreg_findings_init(&findings);
	oreg_yaml_options_init(&opt);
	opt.any_root = 1;
	if (oreg_yaml_load(&doc, (const char *)data, size, "schema.yaml", &opt, &findings) == 0 && doc &&
		oreg_schema_compile(&schema, oreg_document_root(doc), "schema.yaml", &findings) == 0 && schema) {
		for (i = 0; i < 4; i++)
			oreg_schema_validate(schema, oreg_document_root(instances[i]), "instance.yaml", &findings);
		oreg_schema_validate(schema, oreg_document_root(doc), "schema.yaml", &findings);
	}
	oreg_schema_free(schema);
	oreg_document_free(doc);
	oreg_findings_release(&findings);
	return 0;
}
