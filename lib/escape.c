/*
 * escape.c - text from records, commits and file names made safe for the
 * format it is written in.  One escaper per format, used by every command
 * and document, so that a value reads the same (and is equally harmless)
 * wherever it appears.
 *
 * What every format escapes:
 *  - control characters, C0 (but tab and line feed where the format keeps
 *    them) and C1 and DEL: an ESC in an author name must not retitle or
 *    clear a terminal, a BEL must not ring;
 *  - the bidirectional controls U+202A..U+202E, U+2066..U+2069, U+200E,
 *    U+200F and U+061C: they reorder the text around them, so that what a
 *    reader sees is not what the register holds ("Trojan Source");
 *  - bytes that are not UTF-8 (a file name, say).
 * They are written as the visible text \u{1b} (code point in lower-case
 * hex), bytes that are not UTF-8 as \xff.  HTML gets the same visible
 * text and not a numeric character reference: a reference decodes to the
 * very character it names, so "&#x202e;" reorders a page as U+202E does,
 * and "&#x80;".."&#x9f;" even decode to other characters (Windows-1252).
 *
 * Per format:
 *  - TEXT (a terminal): the above; tab and line feed kept.
 *  - LINE (a terminal, within one line): line feed and tab escaped too,
 *    so that a value cannot forge a second line of a diagnostic or a log.
 *  - HTML (also XML, for JUnit): & < > " ' as &amp; &lt; &gt; &quot; &#39;, tab,
 *    line feed and carriage return as &#9; &#10; &#13; (the same in text
 *    and in attributes), U+FFFE and U+FFFF escaped (XML cannot hold them).
 *  - CSV: one whole RFC 4180 field, double quotes included; tab, CR and
 *    LF kept inside the quotes; a field that a spreadsheet would take for
 *    a formula gets a leading apostrophe (see formula()).
 *  - MD (CommonMark with GitLab's extensions, in a table cell or a line of
 *    text): every ASCII punctuation character that Markdown or GitLab acts
 *    on (emphasis, code, links, HTML, entities, tables, @mentions,
 *    #references, ~labels, %milestones, $math$, :emoji:, {+inline diff+})
 *    is backslash-escaped; a backslash escape is also what makes GitLab
 *    leave a reference alone, where a character reference would not.  A
 *    tab or line break becomes a space (a table row is one line).  An
 *    autolink (http://, www.) is broken by the escaped ':' and '.'.
 */
#include "internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Characters that reorder text: the bidirectional embeddings, overrides, isolates and marks. */
static bool is_bidi_control(uint32_t cp)
{
	return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e ||
		cp == 0x200f || cp == 0x061c;
}

bool oreg_escape_is_unsafe(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || is_bidi_control(cp);
}

static void add_code_point_escape(struct oreg_buf *b, uint32_t cp)
{
	oreg_buf_addf(b, "\\u{%lx}", (unsigned long)cp);
}

/*
 * The code point that a spreadsheet would read in place of cp when it
 * decides whether a cell is a formula: NFKC of the fullwidth, small and
 * superscript forms of = + - @.
 * TODO(unicode.c): take the NFKC from lib/unicode.c once it is in main;
 * this table holds the forms that NFKC maps to the four characters.
 */
static uint32_t formula_fold(uint32_t cp)
{
	switch (cp) {
	case 0xff1d: case 0xfe66: case 0x207c: case 0x208c: return '=';
	case 0xff0b: case 0xfe62: case 0x207a: case 0x208a: return '+';
	case 0xff0d: case 0xfe63: return '-';
	case 0xff20: case 0xfe6b: return '@';
	default: return cp;
	}
}

/* White space a spreadsheet skips at the start of a cell, or NFKC maps to a space. */
static bool is_leading_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x0b || cp == 0x0c || cp == 0x85 ||
		cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200b) || cp == 0x2028 || cp == 0x2029 ||
		cp == 0x202f || cp == 0x205f || cp == 0x3000 || cp == 0xfeff;
}

/*
 * Would a spreadsheet take the cell for a formula?  It would if, after
 * the white space at its start and in NFKC, it starts with '=', '+', '-'
 * or '@', or if it starts with a tab or a carriage return (which some
 * spreadsheets strip before they look).
 */
static bool formula(const char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t cp;

	if (len && (s[0] == '\t' || s[0] == '\r'))
		return true;
	while (i < len) {
		if (!(n = oreg_utf8_decode(s + i, len - i, &cp)))
			return false;
		if (!is_leading_space(cp) && !is_bidi_control(cp)) {
			cp = formula_fold(cp);
			return cp == '=' || cp == '+' || cp == '-' || cp == '@';
		}
		i += n;
	}
	return false;
}

/*
 * Does the Markdown escaper backslash-escape the character at offset i of
 * s (len bytes)?  '(' and ')' matter only after an escaped ']', '.'
 * only in "www.".  Escaped text
 * never starts a line (it follows "| ", "# " or "- label: "), so list and
 * heading markers need no care.
 */
static bool md_special(const char *s, size_t len, size_t i)
{
	unsigned char c = (unsigned char)s[i];
	unsigned char next = i + 1 < len ? (unsigned char)s[i + 1] : 0;

	if (c == ':') /* an autolink (http://) or an :emoji: name; not the colon of a time or a label */
		return next == '/' || (next < 0x80 && (isalpha(next) || next == '_' || next == '+' || next == '-'));
	return (c && strchr("\\`*_[]<>&|#~!@$%{}^", c)) ||
		(c == '.' && i >= 3 && !strncasecmp(s + i - 3, "www", 3));
}

void oreg_escape_add(struct oreg_buf *b, enum oreg_escape how, const char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t cp;

	if (how == OREG_ESCAPE_CSV) {
		oreg_buf_addch(b, '"');
		if (formula(s, len))
			oreg_buf_addch(b, '\'');
	}
	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (!(n = oreg_utf8_decode(s + i, len - i, &cp))) {
			oreg_buf_addf(b, "\\x%02x", c);
			i++;
			continue;
		}
		if (how == OREG_ESCAPE_MD && (c == '\t' || c == '\n' || c == '\r')) {
			oreg_buf_addch(b, ' ');
		} else if (how == OREG_ESCAPE_HTML && (c == '\t' || c == '\n' || c == '\r')) {
			oreg_buf_addf(b, "&#%u;", c);
		} else if (oreg_escape_is_unsafe(cp) &&
			!(how == OREG_ESCAPE_TEXT && (c == '\t' || c == '\n')) &&
			!(how == OREG_ESCAPE_CSV && (c == '\t' || c == '\n' || c == '\r'))) {
			if (how == OREG_ESCAPE_MD)
				oreg_buf_addch(b, '\\'); /* the backslash itself, escaped */
			add_code_point_escape(b, cp);
		} else if (how == OREG_ESCAPE_HTML && (cp == 0xfffe || cp == 0xffff)) {
			add_code_point_escape(b, cp);
		} else if (how == OREG_ESCAPE_HTML && c && strchr("&<>\"'", c)) {
			oreg_buf_adds(b, c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '"' ? "&quot;"
				: "&#39;");
		} else if (how == OREG_ESCAPE_CSV && c == '"') {
			oreg_buf_adds(b, "\"\"");
		} else if (how == OREG_ESCAPE_MD && md_special(s, len, i)) {
			oreg_buf_addch(b, '\\');
			oreg_buf_addch(b, (char)c);
		} else {
			oreg_buf_add(b, s + i, n);
		}
		i += n;
	}
	if (how == OREG_ESCAPE_CSV)
		oreg_buf_addch(b, '"');
}

char *oreg_escape(enum oreg_escape how, const char *s)
{
	struct oreg_buf b = OREG_BUF_INIT;

	oreg_escape_add(&b, how, s ? s : "", s ? strlen(s) : 0);
	if (oreg_buf_error(&b) < 0) {
		oreg_buf_release(&b);
		return NULL;
	}
	return oreg_buf_detach(&b, NULL);
}

int oreg_escape_write(FILE *out, enum oreg_escape how, const char *s)
{
	char *e;
	int err = 0;

	/* printable ASCII is itself in a terminal's formats: written as it is */
	if (s && (how == OREG_ESCAPE_TEXT || how == OREG_ESCAPE_LINE)) {
		const unsigned char *p = (const unsigned char *)s;

		while (*p >= 0x20 && *p < 0x7f)
			p++;
		if (!*p)
			return fputs(s, out) == EOF ? oreg_error(OREG_EIO, "cannot write the output") : 0;
	}
	e = oreg_escape(how, s);
	if (!e)
		return oreg_error(OREG_ENOMEM, "out of memory");
	if (fputs(e, out) == EOF)
		err = oreg_error(OREG_EIO, "cannot write the output");
	free(e);
	return err;
}
