/* test_scaffold.c - ids made of names, and strings written as YAML scalars, for openreg new. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "openreg.h"

static void assert_id(const char *text, size_t max, const char *expected)
{
	char *id = NULL;

	assert_int_equal(oreg_id_suggest(&id, text, max), 0);
	assert_string_equal(id, expected);
	free(id);
}

static void id__name__folded_to_ascii_words(void **state)
{
	(void)state;
	assert_id("Stichting Brug Eritrese Nederlanders", 64, "stichting-brug-eritrese-nederlanders");
	assert_id("Çağrı Vakfı", 64, "cagri-vakfi");
	assert_id("  Werk: Nu!  ", 64, "werk-nu");
	assert_id("Ｓａｍｉｄｏｕｎ", 64, "samidoun");
	assert_id("Stichting\u200bSamen", 64, "stichtingsamen");
	assert_id("2025-05-01 Overleg over taal", 64, "2025-05-01-overleg-over-taal");
}

static void id__long_name__cut_between_words(void **state)
{
	(void)state;
	assert_id("aaaa bbbb cccc dddd", 12, "aaaa-bbbb");
	assert_id("aaaa bbbb cccc dddd", 9, "aaaa-bbbb");
	assert_id("abcdefghijklmnop", 8, "abcdefgh");
}

static void id__no_letters__refused(void **state)
{
	char *id = NULL;

	(void)state;
	assert_int_equal(oreg_id_suggest(&id, "—", 64), OREG_EINVALID);
	assert_null(id);
	assert_int_equal(oreg_id_suggest(&id, "x", 64), OREG_EINVALID);
	assert_int_equal(oreg_id_suggest(&id, "", 64), OREG_EINVALID);
}

static void assert_scalar(const char *text, const char *expected)
{
	char *s = oreg_yaml_scalar(text);

	assert_non_null(s);
	assert_string_equal(s, expected);
	free(s);
}

static void scalar__typed_or_special__quoted(void **state)
{
	(void)state;
	assert_scalar("Stichting Brug", "Stichting Brug");
	assert_scalar("2025-05-01", "2025-05-01");
	assert_scalar("58213964", "\"58213964\"");
	assert_scalar("yes", "yes"); /* YAML 1.2: a string, as the loader reads it */
	assert_scalar("null", "\"null\"");
	assert_scalar("true", "\"true\"");
	assert_scalar("Werk: Nu", "\"Werk: Nu\"");
	assert_scalar("@home", "\"@home\"");
	assert_scalar("# niet", "\"# niet\"");
	assert_scalar("", "\"\"");
	assert_scalar("a\nb", "\"a\\nb\"");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(id__name__folded_to_ascii_words),
		cmocka_unit_test(id__long_name__cut_between_words),
		cmocka_unit_test(id__no_letters__refused),
		cmocka_unit_test(scalar__typed_or_special__quoted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
