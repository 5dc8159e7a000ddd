/* test_escape.c - one escaper per output format (escape.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "openreg.h"

/* ESC ] 0 ; title BEL ESC [ 2 J: retitles and clears a terminal */
#define TITLE_CLEAR "Anna\x1b]0;pwned\x07\x1b[2J"
#define RLO "\xe2\x80\xae"  /* U+202E RIGHT-TO-LEFT OVERRIDE */
#define LRI "\xe2\x81\xa6"  /* U+2066 LEFT-TO-RIGHT ISOLATE */
#define PDI "\xe2\x81\xa9"  /* U+2069 POP DIRECTIONAL ISOLATE */
#define ALM "\xd8\x9c"      /* U+061C ARABIC LETTER MARK */
#define C1_CSI "\xc2\x9b"   /* U+009B, the one-byte CSI of some terminals */

static void expect(enum oreg_escape how, const char *in, const char *want)
{
	char *got = oreg_escape(how, in);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void escape__terminal_controls__become_visible(void **state)
{
	(void)state;
	expect(OREG_ESCAPE_TEXT, TITLE_CLEAR, "Anna\\u{1b}]0;pwned\\u{7}\\u{1b}[2J");
	expect(OREG_ESCAPE_TEXT, "a\tb\nc\rd\x7f" C1_CSI "2J", "a\tb\nc\\u{d}d\\u{7f}\\u{9b}2J");
	expect(OREG_ESCAPE_LINE, "a\tb\nc", "a\\u{9}b\\u{a}c");
	expect(OREG_ESCAPE_TEXT, "bad \xff\xc3 end", "bad \\xff\\xc3 end");
	expect(OREG_ESCAPE_TEXT, "caf\xc3\xa9 \xe2\x82\xac", "caf\xc3\xa9 \xe2\x82\xac");
}

static void escape__bidi_controls__are_escaped_in_every_format(void **state)
{
	static const enum oreg_escape all[] = { OREG_ESCAPE_TEXT, OREG_ESCAPE_LINE, OREG_ESCAPE_HTML,
		OREG_ESCAPE_CSV, OREG_ESCAPE_MD };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		char *got = oreg_escape(all[i], "x" RLO "y" LRI "z" PDI ALM "\xe2\x80\x8e\xe2\x80\x8f" "\xe2\x80\xaa");

		assert_non_null(got);
		assert_null(strstr(got, RLO));
		assert_null(strstr(got, LRI));
		assert_null(strstr(got, PDI));
		assert_null(strstr(got, ALM));
		assert_non_null(strstr(got, "u{202e}"));
		assert_non_null(strstr(got, "u{2066}"));
		assert_non_null(strstr(got, "u{2069}"));
		assert_non_null(strstr(got, "u{61c}"));
		assert_non_null(strstr(got, "u{200e}"));
		assert_non_null(strstr(got, "u{200f}"));
		assert_non_null(strstr(got, "u{202a}"));
		free(got);
	}
	/* a neighbour of the ranges is ordinary text: U+2065 is unassigned, U+2070 a superscript */
	expect(OREG_ESCAPE_TEXT, "\xe2\x81\xb0", "\xe2\x81\xb0");
}

static void escape__html__markup_and_controls(void **state)
{
	(void)state;
	expect(OREG_ESCAPE_HTML, "<a href=\"x\">'&'</a>", "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
	expect(OREG_ESCAPE_HTML, TITLE_CLEAR, "Anna\\u{1b}]0;pwned\\u{7}\\u{1b}[2J");
	expect(OREG_ESCAPE_HTML, "a\tb\nc\rd", "a&#9;b&#10;c&#13;d");
	/* not characters XML can carry */
	expect(OREG_ESCAPE_HTML, "\xef\xbf\xbe\xef\xbf\xbf", "\\u{fffe}\\u{ffff}");
}

static void escape__csv__quotes_and_controls(void **state)
{
	(void)state;
	expect(OREG_ESCAPE_CSV, "plain", "\"plain\"");
	expect(OREG_ESCAPE_CSV, "say \"hi\"", "\"say \"\"hi\"\"\"");
	expect(OREG_ESCAPE_CSV, "", "\"\"");
	/* a line break stays inside the quotes; ESC and BEL do not */
	expect(OREG_ESCAPE_CSV, "a\r\nb\tc\x1b[2J\x07", "\"a\r\nb\tc\\u{1b}[2J\\u{7}\"");
}

static void escape__csv_formula_guard__after_spaces_and_nfkc(void **state)
{
	(void)state;
	expect(OREG_ESCAPE_CSV, "=1+1", "\"'=1+1\"");
	expect(OREG_ESCAPE_CSV, "+31", "\"'+31\"");
	expect(OREG_ESCAPE_CSV, "-2+3", "\"'-2+3\"");
	expect(OREG_ESCAPE_CSV, "@SUM(A1)", "\"'@SUM(A1)\"");
	expect(OREG_ESCAPE_CSV, "\tx", "\"'\tx\"");
	expect(OREG_ESCAPE_CSV, "\rx", "\"'\rx\"");
	/* leading white space, ASCII and other */
	expect(OREG_ESCAPE_CSV, " =1+1", "\"' =1+1\"");
	expect(OREG_ESCAPE_CSV, "  \n=1", "\"'  \n=1\"");
	expect(OREG_ESCAPE_CSV, "\xc2\xa0=1", "\"'\xc2\xa0=1\"");          /* NBSP */
	expect(OREG_ESCAPE_CSV, "\xe3\x80\x80=1", "\"'\xe3\x80\x80=1\""); /* ideographic space */
	/* fullwidth and small forms that NFKC maps to = + - @ */
	expect(OREG_ESCAPE_CSV, "\xef\xbc\x9d" "1+1", "\"'\xef\xbc\x9d" "1+1\"");   /* U+FF1D */
	expect(OREG_ESCAPE_CSV, "\xef\xbc\x8b" "1", "\"'\xef\xbc\x8b" "1\"");       /* U+FF0B */
	expect(OREG_ESCAPE_CSV, "\xef\xbc\x8d" "1", "\"'\xef\xbc\x8d" "1\"");       /* U+FF0D */
	expect(OREG_ESCAPE_CSV, "\xef\xbc\xa0" "all", "\"'\xef\xbc\xa0" "all\"");   /* U+FF20 */
	expect(OREG_ESCAPE_CSV, "\xef\xb9\xa6" "1", "\"'\xef\xb9\xa6" "1\"");       /* U+FE66 */
	/* a bidi control in front does not hide it */
	expect(OREG_ESCAPE_CSV, RLO "=1", "\"'\\u{202e}=1\"");
	/* not formulas */
	expect(OREG_ESCAPE_CSV, "a=1", "\"a=1\"");
	expect(OREG_ESCAPE_CSV, "   ", "\"   \"");
	expect(OREG_ESCAPE_CSV, "2024-01-01", "\"2024-01-01\"");
}

static void escape__markdown__one_rule_for_every_document(void **state)
{
	(void)state;
	expect(OREG_ESCAPE_MD, "@all #1 ~label %milestone $x$", "\\@all \\#1 \\~label \\%milestone \\$x\\$");
	expect(OREG_ESCAPE_MD, "*a* _b_ `c` [d](e) a|b", "\\*a\\* \\_b\\_ \\`c\\` \\[d\\](e) a\\|b");
	expect(OREG_ESCAPE_MD, "<script>&amp;", "\\<script\\>\\&amp;");
	expect(OREG_ESCAPE_MD, "http://x www.y.nl", "http\\://x www\\.y.nl");
	/* an escaped opening colon is enough to keep an emoji name text */
	expect(OREG_ESCAPE_MD, ":smile: {+add+}", "\\:smile: \\{+add+\\}");
	/* the colon of a time or a label stays */
	expect(OREG_ESCAPE_MD, "10:00 note: x", "10:00 note: x");
	/* a line break would end a table row */
	expect(OREG_ESCAPE_MD, "a\nb\tc", "a b c");
	expect(OREG_ESCAPE_MD, TITLE_CLEAR, "Anna\\\\u{1b}\\]0;pwned\\\\u{7}\\\\u{1b}\\[2J");
	expect(OREG_ESCAPE_MD, "\\", "\\\\");
}

static void escape__null__is_empty(void **state)
{
	(void)state;
	expect(OREG_ESCAPE_TEXT, NULL, "");
	expect(OREG_ESCAPE_CSV, NULL, "\"\"");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escape__terminal_controls__become_visible),
		cmocka_unit_test(escape__bidi_controls__are_escaped_in_every_format),
		cmocka_unit_test(escape__html__markup_and_controls),
		cmocka_unit_test(escape__csv__quotes_and_controls),
		cmocka_unit_test(escape__csv_formula_guard__after_spaces_and_nfkc),
		cmocka_unit_test(escape__markdown__one_rule_for_every_document),
		cmocka_unit_test(escape__null__is_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
