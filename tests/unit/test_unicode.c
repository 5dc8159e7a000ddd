/* test_unicode.c - names as ICU folds them, look-alikes and forbidden code points, script by script. */
#include "unit.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static void assert_fold(const char *name, const char *expected)
{
	struct oreg_buf b = OREG_BUF_INIT;

	assert_int_equal(oreg_unicode_fold(&b, name, strlen(name), 0), 0);
	assert_string_equal(b.ptr, expected);
	oreg_buf_release(&b);
}

static void assert_dotted(const char *name, const char *expected)
{
	struct oreg_buf b = OREG_BUF_INIT;

	assert_int_equal(oreg_unicode_fold(&b, name, strlen(name), OREG_FOLD_KEEP_DOTS), 0);
	assert_string_equal(b.ptr, expected);
	oreg_buf_release(&b);
}

static void assert_skeleton(const char *name, const char *expected)
{
	struct oreg_buf b = OREG_BUF_INIT;

	assert_int_equal(oreg_unicode_skeleton(&b, name, strlen(name), 0), 0);
	assert_string_equal(b.ptr, expected);
	oreg_buf_release(&b);
}

static void assert_nfkc(const char *s, const char *expected)
{
	struct oreg_buf b = OREG_BUF_INIT;

	assert_int_equal(oreg_unicode_nfkc(&b, s, strlen(s)), 0);
	assert_string_equal(b.ptr, expected);
	oreg_buf_release(&b);
}

static void assert_forbidden(const char *s, uint32_t cp, size_t offset, const char *name)
{
	uint32_t got = 0;
	size_t at = 0;
	char n[128];

	assert_int_equal(oreg_unicode_find_forbidden(s, strlen(s), &got, &at), 1);
	assert_int_equal(got, cp);
	assert_int_equal(at, offset);
	oreg_unicode_char_name(n, sizeof(n), got);
	assert_string_equal(n, name);
}

static void assert_allowed(const char *s)
{
	uint32_t cp = 0;
	size_t at = 0;

	assert_int_equal(oreg_unicode_find_forbidden(s, strlen(s), &cp, &at), 0);
}

static void unicode__latin__case_accents_and_punctuation_fold(void **state)
{
	(void)state;
	assert_fold("Samidoun", "samidoun");
	assert_fold("  SAMÍDOUN! ", "samidoun");
	assert_fold("Al-Waad  Centrum", "al waad centrum");
	assert_fold("Ça Über Ærø Straße Œuvre Łódź", "ca uber aero strasse oeuvre lodz");
	assert_fold("Stichting 't Hoekje", "stichting t hoekje");
	assert_fold("Sạmidoun", "samidoun");                 /* a dot below */
	assert_fold("", "");
	assert_fold("!?-", "");
	assert_fold("tab\there\nand\x01there", "tab here and there");
}

static void unicode__nfd_and_nfc__fold_alike(void **state)
{
	(void)state;
	assert_fold("Cafe\xcc\x81 Noir", "cafe noir"); /* e + U+0301 COMBINING ACUTE */
	assert_fold("Caf\xc3\xa9 Noir", "cafe noir");  /* U+00E9 */
	assert_nfkc("Cafe\xcc\x81", "Caf\xc3\xa9");
}

static void unicode__fullwidth_and_mathematical__fold_to_ascii(void **state)
{
	(void)state;
	assert_fold("Ｓａｍｉｄｏｕｎ", "samidoun");
	assert_fold("𝐒𝐚𝐦𝐢𝐝𝐨𝐮𝐧", "samidoun");       /* mathematical bold */
	assert_fold("𝕊𝕒𝕞𝕚𝕕𝕠𝕦𝕟", "samidoun");       /* double-struck */
	assert_fold("ｓａｍｉｄｏｕｎ １２３", "samidoun 123");
	assert_nfkc("Ｓａｍｉｄｏｕｎ ①", "Samidoun 1");
	assert_nfkc("plain ascii", "plain ascii");
}

static void unicode__invisible_characters__are_passed_over(void **state)
{
	(void)state;
	assert_fold("Sami\xe2\x80\x8b" "doun", "samidoun"); /* U+200B ZERO WIDTH SPACE */
	assert_fold("Sami\xe2\x80\x8d" "doun", "samidoun"); /* U+200D ZERO WIDTH JOINER */
	assert_fold("Sami\xe2\x80\x8c" "doun", "samidoun"); /* U+200C ZERO WIDTH NON-JOINER */
	assert_fold("Sami\xe2\x81\xa0" "doun", "samidoun"); /* U+2060 WORD JOINER */
	assert_fold("Sami\xc2\xad" "doun", "samidoun");     /* U+00AD SOFT HYPHEN */
	assert_fold("Sami\xef\xbb\xbf" "doun", "samidoun"); /* U+FEFF */
	assert_fold("Sami\xcd\x8f" "doun", "samidoun");     /* U+034F COMBINING GRAPHEME JOINER */
	/* a no-break space is a space: the words differ, the spaceless forms do not */
	assert_fold("Sami\xc2\xa0" "doun", "sami doun");
	assert_fold("Sami\xe2\x80\xaf" "doun", "sami doun"); /* U+202F NARROW NO-BREAK SPACE */
}

static void unicode__cyrillic__transliterates_and_its_lookalikes_share_a_skeleton(void **state)
{
	(void)state;
	assert_fold("Федерация", "federacia");
	assert_fold("Sаmidoun", "samidoun"); /* one Cyrillic а */
	/* all Cyrillic look-alikes: transliteration reads Ѕ as "dz", the skeleton as s */
	assert_fold("Ѕаmіdоun", "zamidoun");
	assert_skeleton("Ѕаmіdоun", "sarnidoun");
	assert_skeleton("Samidoun", "sarnidoun");
	assert_skeleton("Sаmidoun", "sarnidoun");
	assert_skeleton("ЅАМІDОUN", "sarnidoun"); /* capitals: І is I, not l */
	assert_skeleton("SAMIDOUN", "sarnidoun");
}

static void unicode__greek__transliterates_and_its_lookalikes_share_a_skeleton(void **state)
{
	(void)state;
	assert_fold("Ωμέγα", "omega");
	assert_fold("Samidοun", "samidoun"); /* Greek ο */
	assert_skeleton("Samidοun", "sarnidoun");
	assert_skeleton("ΑΒΕ", "abe");
}

static void unicode__digits_and_letters__that_look_alike_share_a_skeleton(void **state)
{
	(void)state;
	assert_fold("Samid0un", "samid0un");
	assert_skeleton("Samid0un", "sarnidoun");
	assert_skeleton("SAMIDOUN", "sarnidoun");
	assert_skeleton("Club 1O", "club lo");
	assert_skeleton("Club lo", "club lo");
	assert_skeleton("Ｓａｍｉｄ０ｕｎ", "sarnidoun");
	assert_skeleton("𝐒𝐚𝐦𝐢𝐝𝐨𝐮𝐧", "sarnidoun");
	assert_skeleton("", "");
}

static void unicode__arabic_and_other_scripts__transliterate_to_latin(void **state)
{
	(void)state;
	assert_fold("صامدون", "samdwn");
	assert_fold("سامدون", "samdwn");
	assert_fold("日本語", "ri ben yu");
	assert_fold("שלום", "slwm");
	assert_fold("Straße", "strasse");
	/* the transliterator leaves a modifier letter that NFKC folds further: folding again changes nothing */
	assert_fold("\xe1\x88\x9f", "mwa");
	assert_fold("mwa", "mwa");
}

static void unicode__bidi_override__is_compared_as_displayed(void **state)
{
	(void)state;
	/* U+202E then the name backwards shows as "Samidoun" */
	assert_fold("\xe2\x80\xae" "nuodimaS", "samidoun");
	assert_fold("Stichting \xe2\x80\xae" "nuodimaS\xe2\x80\xac Nederland", "stichting samidoun nederland");
	assert_skeleton("\xe2\x80\xae" "nuodimaS", "sarnidoun");
	/* right-to-left text inside an isolate keeps its own reading order */
	assert_fold("\xe2\x81\xa7" "صامدون\xe2\x81\xa9", "samdwn");
}

static void unicode__dots__are_kept_on_request(void **state)
{
	(void)state;
	assert_dotted("Samidoun B.V.", "samidoun b.v.");
	assert_dotted("Stichting U.A.", "stichting u.a.");
	assert_dotted("Ｓ．Ａ．", "s.a.");
	assert_dotted("...", "...");
	assert_fold("Samidoun B.V.", "samidoun b v");
}

static void unicode__ascii_shortcut__agrees_with_icu(void **state)
{
	static const char *const names[] = {
		"Samidoun B.V.", "  Al-Waad  ", "a\tb\nc\x7f" "d", "X_Y-Z", "123 abc", "'t Hoekje", "!!",
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		struct oreg_buf a = OREG_BUF_INIT, b = OREG_BUF_INIT, with = OREG_BUF_INIT;
		unsigned flags;

		for (flags = 0; flags < 2; flags++) {
			oreg_buf_clear(&a);
			oreg_buf_clear(&b);
			oreg_buf_clear(&with);
			/* U+200B makes the input non-ASCII and folds to nothing */
			oreg_buf_addf(&with, "%s\xe2\x80\x8b", names[i]);
			assert_int_equal(oreg_unicode_fold(&a, names[i], strlen(names[i]), flags), 0);
			assert_int_equal(oreg_unicode_fold(&b, with.ptr, with.len, flags), 0);
			assert_string_equal(a.ptr, b.ptr);
		}
		oreg_buf_release(&a);
		oreg_buf_release(&b);
		oreg_buf_release(&with);
	}
}

/* Every ASCII character, between letters that look like others, has the skeleton ICU gives the whole name. */
static void unicode__ascii_skeleton_shortcut__agrees_with_icu(void **state)
{
	struct oreg_buf name = OREG_BUF_INIT, with = OREG_BUF_INIT, a = OREG_BUF_INIT, b = OREG_BUF_INIT;
	unsigned c, flags;

	(void)state;
	for (c = 1; c < 0x80; c++) {
		for (flags = 0; flags < 2; flags++) {
			oreg_buf_clear(&name);
			oreg_buf_clear(&with);
			oreg_buf_clear(&a);
			oreg_buf_clear(&b);
			oreg_buf_addf(&name, "Sa%cmI|d0un rn.B.V. vv1l", (char)c);
			/* U+200B makes the input non-ASCII, and the skeleton passes it over */
			oreg_buf_addf(&with, "%s\xe2\x80\x8b", name.ptr);
			assert_int_equal(oreg_unicode_skeleton(&a, name.ptr, name.len, flags), 0);
			assert_int_equal(oreg_unicode_skeleton(&b, with.ptr, with.len, flags), 0);
			if (strcmp(a.ptr, b.ptr))
				fail_msg("U+%04X: '%s' by the shortcut, '%s' by ICU", c, a.ptr, b.ptr);
		}
	}
	assert_skeleton("Sami|d0un", "sarnildoun");
	oreg_buf_release(&name);
	oreg_buf_release(&with);
	oreg_buf_release(&a);
	oreg_buf_release(&b);
}

static void unicode__forbidden__finds_controls_and_invisible_characters(void **state)
{
	(void)state;
	assert_forbidden("\xe2\x80\xae" "nuodimaS", 0x202e, 0, "RIGHT-TO-LEFT OVERRIDE");
	assert_forbidden("ab\xe2\x80\xaa", 0x202a, 2, "LEFT-TO-RIGHT EMBEDDING");
	assert_forbidden("ab\xe2\x81\xa6", 0x2066, 2, "LEFT-TO-RIGHT ISOLATE");
	assert_forbidden("ab\xe2\x81\xa9", 0x2069, 2, "POP DIRECTIONAL ISOLATE");
	assert_forbidden("Sami\xe2\x80\x8b" "doun", 0x200b, 4, "ZERO WIDTH SPACE");
	assert_forbidden("Sami\xe2\x80\x8d" "doun", 0x200d, 4, "ZERO WIDTH JOINER");
	assert_forbidden("Sami\xe2\x81\xa0" "doun", 0x2060, 4, "WORD JOINER");
	assert_forbidden("Sami\xc2\xad" "doun", 0xad, 4, "SOFT HYPHEN");
	assert_forbidden("\xef\xbb\xbf" "x", 0xfeff, 0, "ZERO WIDTH NO-BREAK SPACE");
	assert_forbidden("a\rb", 0x0d, 1, "control character");
	assert_forbidden("a\x1b[31m", 0x1b, 1, "control character");
	assert_forbidden("\xc2\x85", 0x85, 0, "control character");
	assert_forbidden("a\xe2\x80\xa8" "b", 0x2028, 1, "LINE SEPARATOR");
	assert_forbidden("\xe3\x85\xa4", 0x3164, 0, "HANGUL FILLER");
	assert_forbidden("x\xf3\xa0\x80\x81", 0xe0001, 1, "LANGUAGE TAG");
	assert_forbidden("\xc3\xa9\xe2\x80\x8e", 0x200e, 2, "LEFT-TO-RIGHT MARK");
}

static void unicode__forbidden__leaves_ordinary_text_alone(void **state)
{
	(void)state;
	assert_allowed("");
	assert_allowed("Stichting Al-Waad\tline\nnext");
	assert_allowed("Sami\xc2\xa0" "doun"); /* a no-break space is visible as a space */
	assert_allowed("Ѕаmіdоun Ωμέγα صامدون 日本語 𝐒𝐚𝐦");
	assert_allowed("\xe2\x9d\xa4\xef\xb8\x8f"); /* a heart and its emoji variation selector */
	assert_allowed("bad \xff utf-8 \xc3"); /* the loader reports bad UTF-8, not this */
}

static void unicode__limit__refuses_huge_input(void **state)
{
	size_t n = (16u << 20) + 1;
	char *big = malloc(n);
	struct oreg_buf b = OREG_BUF_INIT;

	(void)state;
	assert_non_null(big);
	memset(big, 0xc3, n);
	assert_int_equal(oreg_unicode_fold(&b, big, n, 0), OREG_ELIMIT);
	assert_int_equal(oreg_unicode_skeleton(&b, big, n, 0), OREG_ELIMIT);
	oreg_buf_release(&b);
	free(big);
}

static void *fold_many(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < 200; i++) {
		struct oreg_buf b = OREG_BUF_INIT;

		if (oreg_unicode_fold(&b, "Федерация Ωμέγα", strlen("Федерация Ωμέγα"), 0) < 0 ||
			strcmp(b.ptr, "federacia omega")) {
			oreg_buf_release(&b);
			return (void *)1;
		}
		oreg_buf_release(&b);
	}
	return NULL;
}

static void unicode__threads__share_safely(void **state)
{
	pthread_t t[4];
	void *ret;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(t); i++)
		assert_int_equal(pthread_create(&t[i], NULL, fold_many, NULL), 0);
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		assert_int_equal(pthread_join(t[i], &ret), 0);
		assert_null(ret);
	}
	/* freed early, made again on the next call */
	oreg_unicode_cleanup();
	assert_fold("Ωμέγα", "omega");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unicode__latin__case_accents_and_punctuation_fold),
		cmocka_unit_test(unicode__nfd_and_nfc__fold_alike),
		cmocka_unit_test(unicode__fullwidth_and_mathematical__fold_to_ascii),
		cmocka_unit_test(unicode__invisible_characters__are_passed_over),
		cmocka_unit_test(unicode__cyrillic__transliterates_and_its_lookalikes_share_a_skeleton),
		cmocka_unit_test(unicode__greek__transliterates_and_its_lookalikes_share_a_skeleton),
		cmocka_unit_test(unicode__digits_and_letters__that_look_alike_share_a_skeleton),
		cmocka_unit_test(unicode__arabic_and_other_scripts__transliterate_to_latin),
		cmocka_unit_test(unicode__bidi_override__is_compared_as_displayed),
		cmocka_unit_test(unicode__dots__are_kept_on_request),
		cmocka_unit_test(unicode__ascii_shortcut__agrees_with_icu),
		cmocka_unit_test(unicode__ascii_skeleton_shortcut__agrees_with_icu),
		cmocka_unit_test(unicode__forbidden__finds_controls_and_invisible_characters),
		cmocka_unit_test(unicode__forbidden__leaves_ordinary_text_alone),
		cmocka_unit_test(unicode__limit__refuses_huge_input),
		cmocka_unit_test(unicode__threads__share_safely),
	};

	return cmocka_run_group_tests_name("unicode", tests, NULL, NULL);
}
