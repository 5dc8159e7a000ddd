/* fuzz_yaml.c - the strict YAML loader: any bytes, as a record and as a JSON-ish file. */
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct oreg_yaml_options opt;
	struct oreg_findings findings;
	struct oreg_document *doc = NULL;
	int any;

	oreg_findings_init(&findings);
	for (any = 0; any <= 1; any++) {
		oreg_yaml_options_init(&opt);
		opt.any_root = any;
		if (oreg_yaml_load(&doc, (const char *)data, size, "fuzz.yaml", &opt, &findings) == 0 && doc) {
			const struct oreg_value *root = oreg_document_root(doc);

			/* a loaded document equals itself, and is a mapping unless any root was allowed */
			if (!oreg_value_equal(root, root) || (!any && root->type != OREG_OBJECT))
				abort();
		}
		oreg_document_free(doc);
		doc = NULL;
	}
	oreg_findings_release(&findings);
	return 0;
}
