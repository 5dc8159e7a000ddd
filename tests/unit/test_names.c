/* test_names.c - organisation names as the exclusion rule compares them. */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"

static struct oreg_register *legal_forms(void)
{
	static char f1[] = "stichting", f2[] = "vereniging", f3[] = "bv", f4[] = "st";
	static char *forms[] = { f1, f2, f3, f4 };
	static struct oreg_register reg;

	reg.legal_forms = forms;
	reg.nlegal_forms = ARRAY_SIZE(forms);
	return &reg;
}

static void assert_normal(const char *name, const char *expected)
{
	char *n = oreg_name_normalise(legal_forms(), name, strlen(name));

	assert_non_null(n);
	assert_string_equal(n, expected);
	free(n);
}

static void names__case_accents_and_punctuation__are_folded(void **state)
{
	(void)state;
	assert_normal("Samidoun", "samidoun");
	assert_normal("SAMÍDOUN!", "samidoun");
	assert_normal("Al-Waad  Centrum", "al waad centrum");
	assert_normal("Ça Über Ærø Straße Œuvre Łódź", "ca uber aero strasse oeuvre lodz");
	assert_normal("Stichting 't Hoekje", "t hoekje");
}

static void names__legal_forms__are_dropped_as_whole_words(void **state)
{
	(void)state;
	assert_normal("Stichting Samidoun Nederland", "samidoun nederland");
	assert_normal("Samidoun B.V.", "samidoun");
	assert_normal("Vereniging Stichtingsbelang", "stichtingsbelang");
	assert_normal("St. Brug", "brug");
}

static void names__other_scripts__keep_their_letters_apart(void **state)
{
	(void)state;
	/* letters outside Latin are not folded: they separate words, nothing more */
	assert_normal("Мир Vrede", "vrede");
	assert_normal("", "");
}

static void names__distance__counts_edits_up_to_the_limit(void **state)
{
	(void)state;
	assert_int_equal(oreg_name_distance("samidoun", 8, "samidoun", 8, 2), 0);
	assert_int_equal(oreg_name_distance("samidoun", 8, "samidoen", 8, 2), 1);
	assert_int_equal(oreg_name_distance("samidoun", 8, "smidon", 6, 2), 2);
	assert_int_equal(oreg_name_distance("samidoun", 8, "brug", 4, 2), 3);
	assert_int_equal(oreg_name_distance("", 0, "ab", 2, 2), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names__case_accents_and_punctuation__are_folded),
		cmocka_unit_test(names__legal_forms__are_dropped_as_whole_words),
		cmocka_unit_test(names__other_scripts__keep_their_letters_apart),
		cmocka_unit_test(names__distance__counts_edits_up_to_the_limit),
	};

	return cmocka_run_group_tests_name("names", tests, NULL, NULL);
}
