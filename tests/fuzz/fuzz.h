/*
 * fuzz.h - what the libFuzzer targets share: a register loaded once from
 * the project's schemas/, found from the working folder (make fuzz runs at
 * the top of the project).
 */
#ifndef OREG_FUZZ_H
#define OREG_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "openreg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

struct oreg_register *fuzz_register;

static inline int fuzz_load_register(void)
{
	struct oreg_findings findings;

	oreg_findings_init(&findings);
	if (oreg_register_open_dir(&fuzz_register, ".", &findings) < 0 || !fuzz_register) {
		fprintf(stderr, "fuzz: run at the top of the project: %s\n", oreg_error_message());
		exit(2);
	}
	oreg_findings_release(&findings);
	return 0;
}

#endif
