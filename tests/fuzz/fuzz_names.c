/*
 * fuzz_names.c - the folding of names on any bytes: it never fails except
 * for memory, the folded form is ASCII-lower-case-or-other-letters with
 * single spaces, folding it again changes nothing, and the skeleton and
 * the forbidden-code-point finder agree with the input's bounds.
 */
#include "fuzz.h"

#include <string.h>

#include "internal.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static void check_shape(const struct oreg_buf *b)
{
	size_t i;

	if (b->len && (b->ptr[0] == ' ' || b->ptr[b->len - 1] == ' '))
		abort();
	for (i = 0; i < b->len; i++) {
		unsigned char c = (unsigned char)b->ptr[i];

		if ((c >= 'A' && c <= 'Z') || (c < 0x80 && c != ' ' && c != '.' && !(c >= 'a' && c <= 'z') &&
				!(c >= '0' && c <= '9')))
			abort();
		if (c == ' ' && b->ptr[i + 1] == ' ')
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct oreg_buf fold = OREG_BUF_INIT, again = OREG_BUF_INIT, skel = OREG_BUF_INIT, nfkc = OREG_BUF_INIT;
	const char *s = (const char *)data;
	uint32_t cp;
	size_t at;

	if (oreg_unicode_fold(&fold, s, size, size & 1 ? OREG_FOLD_KEEP_DOTS : 0) < 0 ||
		oreg_unicode_skeleton(&skel, s, size, size & 2 ? OREG_FOLD_KEEP_DOTS : 0) < 0 || oreg_unicode_nfkc(&nfkc, s, size) < 0)
		abort();
	check_shape(&fold);
	check_shape(&skel);
	if (oreg_unicode_fold(&again, fold.ptr, fold.len, size & 1 ? OREG_FOLD_KEEP_DOTS : 0) < 0)
		abort();
	if (strcmp(fold.ptr, again.ptr))
		abort(); /* folding is idempotent */
	if (oreg_unicode_find_forbidden(s, size, &cp, &at) && (at >= size || cp > 0x10ffff))
		abort();
	oreg_buf_release(&fold);
	oreg_buf_release(&again);
	oreg_buf_release(&skel);
	oreg_buf_release(&nfkc);
	return 0;
}
