/* test_privacy.c - the personal-data recognisers. */
#include "unit.h"

#include <string.h>

#include "openreg.h"

#define ALL_KINDS 0u

static unsigned scan(const char *s, unsigned allow, size_t *offset)
{
	size_t off = (size_t)-1;
	unsigned kind = oreg_privacy_scan(s, strlen(s), allow, &off);

	if (offset)
		*offset = off;
	return kind;
}

static void privacy__bsn_passing_eleven_test__is_found(void **state)
{
	size_t off;

	(void)state;
	assert_int_equal(scan("burger 111222333 gemeld", ALL_KINDS, &off), OREG_PRIVACY_BSN);
	assert_int_equal(off, 7);
	assert_int_equal(scan("111222333", ALL_KINDS, NULL), OREG_PRIVACY_BSN);
}

static void privacy__nine_digits_failing_eleven_test__are_not_a_bsn(void **state)
{
	(void)state;
	assert_int_equal(scan("order 123456789", ALL_KINDS, NULL), 0);
	assert_int_equal(scan("000000000", ALL_KINDS, NULL), 0);
	/* part of a longer number */
	assert_int_equal(scan("1112223334", ALL_KINDS, NULL), 0);
}

static void privacy__kvk_numbers_and_dates__are_not_personal(void **state)
{
	(void)state;
	assert_int_equal(scan("01234567", ALL_KINDS, NULL), 0);
	assert_int_equal(scan("2024-03-05", ALL_KINDS, NULL), 0);
	assert_int_equal(scan("05-03-2024 10:00 overleg", ALL_KINDS, NULL), 0);
	assert_int_equal(scan("Kamerstuk 32 824, nr. 445", ALL_KINDS, NULL), 0);
	assert_int_equal(scan("SZW-2023-0412", ALL_KINDS, NULL), 0);
}

static void privacy__email__is_found_at_its_local_part(void **state)
{
	size_t off;

	(void)state;
	assert_int_equal(scan("mail j.de.vries@example.nl.", ALL_KINDS, &off), OREG_PRIVACY_EMAIL);
	assert_int_equal(off, 5);
	assert_int_equal(scan("a@b", ALL_KINDS, NULL), 0);
	assert_int_equal(scan("@example.nl", ALL_KINDS, NULL), 0);
	assert_int_equal(scan("x@example.1", ALL_KINDS, NULL), 0);
}

static void privacy__phone_numbers__are_found(void **state)
{
	(void)state;
	assert_int_equal(scan("bel 06-12345678", ALL_KINDS, NULL), OREG_PRIVACY_PHONE);
	assert_int_equal(scan("bel 0612345678", ALL_KINDS, NULL), OREG_PRIVACY_PHONE);
	assert_int_equal(scan("020 123 4567", ALL_KINDS, NULL), OREG_PRIVACY_PHONE);
	assert_int_equal(scan("+31 20 123 4567", ALL_KINDS, NULL), OREG_PRIVACY_PHONE);
	assert_int_equal(scan("+31 (0)20 1234567", ALL_KINDS, NULL), OREG_PRIVACY_PHONE);
	assert_int_equal(scan("0031 6 12345678", ALL_KINDS, NULL), OREG_PRIVACY_PHONE);
	assert_int_equal(scan("+44 20 7946 0958", ALL_KINDS, NULL), OREG_PRIVACY_PHONE);
}

static void privacy__digits_of_other_scripts__are_read_as_digits(void **state)
{
	size_t off;

	(void)state;
	/* Arabic-Indic, Extended Arabic-Indic (Persian), Devanagari: NFKC leaves them, the scanner must not */
	assert_int_equal(scan("bel \u0660\u0666\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668", ALL_KINDS, &off),
		OREG_PRIVACY_PHONE);
	assert_int_equal(off, 4);
	assert_int_equal(scan("bel \u06f0\u06f6-\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8", ALL_KINDS, NULL),
		OREG_PRIVACY_PHONE);
	assert_int_equal(scan("bsn \u0967\u0967\u0967\u0968\u0968\u0968\u0969\u0969\u0969", ALL_KINDS, NULL),
		OREG_PRIVACY_BSN);
	/* and a number that is none stays none */
	assert_int_equal(scan("nr. \u0661\u0662\u0663", ALL_KINDS, NULL), 0);
}

static void privacy__email_spelled_in_dutch__is_found(void **state)
{
	(void)state;
	assert_int_equal(scan("mail jan apenstaartje voorbeeld punt nl", ALL_KINDS, NULL), OREG_PRIVACY_EMAIL);
	assert_int_equal(scan("het apenstaartje is een teken", ALL_KINDS, NULL), 0);
}

static void privacy__short_or_long_digit_runs__are_not_phone_numbers(void **state)
{
	(void)state;
	assert_int_equal(scan("06-1234567", ALL_KINDS, NULL), 0);
	assert_int_equal(scan("061234567890", ALL_KINDS, NULL), 0);
	assert_int_equal(scan("+3", ALL_KINDS, NULL), 0);
}

static void privacy__iban_passing_mod97__is_found(void **state)
{
	size_t off;

	(void)state;
	assert_int_equal(scan("rekening NL91ABNA0417164300", ALL_KINDS, &off), OREG_PRIVACY_IBAN);
	assert_int_equal(off, 9);
	assert_int_equal(scan("NL91 ABNA 0417 1643 00", ALL_KINDS, NULL), OREG_PRIVACY_IBAN);
	assert_int_equal(scan("GB82WEST12345698765432", ALL_KINDS, NULL), OREG_PRIVACY_IBAN);
}

static void privacy__iban_failing_mod97__is_not_found(void **state)
{
	(void)state;
	assert_int_equal(scan("NL92ABNA0417164300", ALL_KINDS, NULL), 0);
	assert_int_equal(scan("XX00", ALL_KINDS, NULL), 0);
}

static void privacy__allowed_kinds__are_skipped(void **state)
{
	(void)state;
	assert_int_equal(scan("bel 06-12345678", OREG_PRIVACY_PHONE, NULL), 0);
	assert_int_equal(scan("bel 06-12345678 of 111222333", OREG_PRIVACY_PHONE, NULL), OREG_PRIVACY_BSN);
	assert_int_equal(scan("x@example.nl", OREG_PRIVACY_EMAIL, NULL), 0);
	assert_int_equal(scan("NL91ABNA0417164300", OREG_PRIVACY_IBAN, NULL), 0);
}

static void privacy__a_name_in_typographic_quotes__is_found(void **state)
{
	size_t off;

	(void)state;
	/* a quote or a dash outside ASCII starts a word, as a space does */
	assert_int_equal(scan("overleg met \u00abdhr. Jansen\u00bb", ALL_KINDS, &off), OREG_PRIVACY_PERSON_NAME);
	assert_int_equal(off, strlen("overleg met \u00ab"));
	assert_int_equal(scan("overleg met \u201cmevr. De Vries\u201d", ALL_KINDS, NULL), OREG_PRIVACY_PERSON_NAME);
	assert_int_equal(scan("overleg \u2014dhr. Jansen", ALL_KINDS, NULL), OREG_PRIVACY_PERSON_NAME);
	/* a letter outside ASCII continues a word: "\u00fcdhr" is no title */
	assert_int_equal(scan("overleg \u00fcdhr. Jansen", ALL_KINDS, NULL), 0);
	assert_int_equal(scan("overleg in \u00abStichting Vrede\u00bb", ALL_KINDS, NULL), 0);
}

static void privacy__kind_names__round_trip(void **state)
{
	unsigned k;

	(void)state;
	for (k = OREG_PRIVACY_BSN; k <= OREG_PRIVACY_IBAN; k <<= 1)
		assert_int_equal(oreg_privacy_kind_parse(oreg_privacy_kind_name(k)), k);
	assert_int_equal(oreg_privacy_kind_parse("passport"), 0);
	assert_null(oreg_privacy_kind_name(3));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(privacy__bsn_passing_eleven_test__is_found),
		cmocka_unit_test(privacy__nine_digits_failing_eleven_test__are_not_a_bsn),
		cmocka_unit_test(privacy__kvk_numbers_and_dates__are_not_personal),
		cmocka_unit_test(privacy__email__is_found_at_its_local_part),
		cmocka_unit_test(privacy__phone_numbers__are_found),
		cmocka_unit_test(privacy__digits_of_other_scripts__are_read_as_digits),
		cmocka_unit_test(privacy__email_spelled_in_dutch__is_found),
		cmocka_unit_test(privacy__short_or_long_digit_runs__are_not_phone_numbers),
		cmocka_unit_test(privacy__iban_passing_mod97__is_found),
		cmocka_unit_test(privacy__iban_failing_mod97__is_not_found),
		cmocka_unit_test(privacy__allowed_kinds__are_skipped),
		cmocka_unit_test(privacy__a_name_in_typographic_quotes__is_found),
		cmocka_unit_test(privacy__kind_names__round_trip),
	};

	return cmocka_run_group_tests_name("privacy", tests, NULL, NULL);
}
