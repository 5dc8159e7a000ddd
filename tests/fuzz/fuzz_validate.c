/* fuzz_validate.c - any input validated against each of the register's schemas. */
#include "fuzz.h"

#include "internal.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return fuzz_load_register();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct oreg_yaml_options opt;
	struct oreg_findings findings;
	struct oreg_document *doc = NULL;
	size_t i;

	oreg_findings_init(&findings);
	oreg_yaml_options_init(&opt);
	opt.any_root = 1;
	if (oreg_yaml_load(&doc, (const char *)data, size, "record.yaml", &opt, &findings) == 0 && doc) {
		for (i = 0; i < fuzz_register->ntypes; i++) {
			const struct oreg_schema *schema = fuzz_register->types[i].schema;
			struct oreg_document *seen = NULL;

			oreg_schema_validate(schema, oreg_document_root(doc), "record.yaml", &findings);
			/* what a public reader sees never holds a personal value */
			if (oreg_document_redact(&seen, schema, oreg_document_root(doc), OREG_VISIBILITY_PUBLIC,
					fuzz_register->types[i].visibility) == 0)
				oreg_document_free(seen);
		}
	}
	oreg_document_free(doc);
	oreg_findings_release(&findings);
	return 0;
}
