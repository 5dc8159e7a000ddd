/*
 * fuzz_record.c - the single-record rules on any input, at a path chosen
 * by the first byte: a contact, an organisation, an exclusion, or a file
 * in the wrong place.
 */
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return fuzz_load_register();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = {
		"records/contacts/2024/2024-03-05-overleg-x.yaml",
		"records/organisations/stichting-x.yaml",
		"records/exclusions/x1.yaml",
		"records/contacts/2023/2024-03-05-overleg-x.yaml",
		"records/elders/x.yaml",
		"records/organisations/X_Y.yaml",
	};
	struct oreg_findings findings;
	const char *path;

	if (!size)
		return 0;
	path = paths[data[0] % (sizeof(paths) / sizeof(paths[0]))];
	oreg_findings_init(&findings);
	if (oreg_register_check_record(fuzz_register, path, (const char *)data + 1, size - 1, &findings) < 0)
		abort(); /* only out of memory may fail, and the fuzzer limits memory otherwise */
	oreg_findings_release(&findings);
	return 0;
}
