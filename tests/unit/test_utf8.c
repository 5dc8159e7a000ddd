/* test_utf8.c - the one UTF-8 decoder and the checks built on it. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "internal.h"

static void decodes(const char *s, size_t len, size_t want_len, uint32_t want_cp)
{
	uint32_t cp = 0;

	assert_int_equal(oreg_utf8_decode(s, len, &cp), want_len);
	if (want_len)
		assert_int_equal(cp, want_cp);
}

static void utf8__decode__takes_each_length_up_to_u10ffff(void **state)
{
	(void)state;
	decodes("A", 1, 1, 'A');
	decodes("", 1, 1, 0); /* a NUL byte is a character */
	decodes("\xc3\xa9", 2, 2, 0xe9);
	decodes("\xe2\x80\xa8", 3, 3, 0x2028);
	decodes("\xef\xbb\xbf", 3, 3, 0xfeff);
	decodes("\xf0\x9f\x98\x80", 4, 4, 0x1f600);
	decodes("\xf4\x8f\xbf\xbf", 4, 4, 0x10ffff);
	decodes("\xc3\xa9xyz", 5, 2, 0xe9); /* only the first */
}

static void utf8__decode__refuses_what_is_not_utf8(void **state)
{
	(void)state;
	decodes("", 0, 0, 0);
	decodes("\x80", 1, 0, 0);             /* a continuation byte alone */
	decodes("\xc3", 1, 0, 0);             /* cut */
	decodes("\xe2\x80", 2, 0, 0);         /* cut */
	decodes("\xc3\xa9", 1, 0, 0);         /* cut by len */
	decodes("\xc3" "A", 2, 0, 0);         /* not a continuation */
	decodes("\xc0\xaf", 2, 0, 0);         /* overlong '/' */
	decodes("\xe0\x80\xaf", 3, 0, 0);     /* overlong '/' */
	decodes("\xf0\x80\x80\xaf", 4, 0, 0); /* overlong '/' */
	decodes("\xed\xa0\x80", 3, 0, 0);     /* a surrogate */
	decodes("\xf4\x90\x80\x80", 4, 0, 0); /* beyond U+10FFFF */
	decodes("\xff", 1, 0, 0);
}

static void utf8__valid__names_the_first_bad_byte(void **state)
{
	static const char text[] = "caf\xc3\xa9 \xe2\x80\xa8 ok \xed\xa0\x80 no";
	size_t bad = 0;

	(void)state;
	assert_true(oreg_utf8_valid("caf\xc3\xa9", 5, &bad));
	assert_false(oreg_utf8_valid(text, sizeof(text) - 1, &bad));
	assert_int_equal(bad, strchr(text, '\xed') - text);
	assert_false(oreg_utf8_valid("ab\xc3", 3, &bad));
	assert_int_equal(bad, 2);
	assert_int_equal(oreg_utf8_length("caf\xc3\xa9", 5), 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(utf8__decode__takes_each_length_up_to_u10ffff),
		cmocka_unit_test(utf8__decode__refuses_what_is_not_utf8),
		cmocka_unit_test(utf8__valid__names_the_first_bad_byte),
	};

	return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
