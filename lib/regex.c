/*
 * regex.c - ECMA-262 regular expressions on top of PCRE2, the only file
 * that includes <pcre2.h>.
 *
 * JSON Schema patterns are ECMA-262 with the unicode flag.  PCRE2 is close;
 * the differences we bridge:
 *  - \d and \w are ASCII-only in ECMA-262 and in PCRE2 without PCRE2_UCP,
 *    but ECMA's \s is Unicode white space: \s and \S are rewritten to an
 *    explicit class (inside a class, \S is left to PCRE2: ASCII only).
 *  - '$' matches only at the very end (PCRE2_DOLLAR_ENDONLY).
 *  - \uXXXX and \u{X...} escapes (PCRE2_ALT_BSUX), with a surrogate pair
 *    \uD83D\uDC32 joined into one code point.
 *  - [] matches nothing and [^] anything (PCRE2_ALLOW_EMPTY_CLASS), and a
 *    backreference to an unset group matches the empty string.
 * A compiled regex is read-only afterwards; each search allocates its own
 * match data, so one regex may be used from several threads at once.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Enough for any sane pattern, small enough that a hostile one stops fast. */
#define MATCH_LIMIT 1000000
#define DEPTH_LIMIT 10000
#define HEAP_LIMIT_KIB 16384

struct oreg_regex {
	pcre2_code *code;
	pcre2_match_context *match_context;
};

/* With PCRE2_ALT_BSUX, \x takes exactly two hex digits: write \uXXXX. */
#define ECMA_SPACE "\\t\\n\\x0b\\f\\r \\u00a0\\u1680\\u2000-\\u200a" \
	"\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"

/* ECMA-262 long General_Category names that PCRE2 10.42 does not know. */
static const struct {
	const char *ecma, *pcre;
} categories[] = {
	{ "Letter", "L" }, { "Cased_Letter", "L&" }, { "Uppercase_Letter", "Lu" },
	{ "Lowercase_Letter", "Ll" }, { "Titlecase_Letter", "Lt" }, { "Modifier_Letter", "Lm" },
	{ "Other_Letter", "Lo" }, { "Mark", "M" }, { "Combining_Mark", "M" },
	{ "Nonspacing_Mark", "Mn" }, { "Spacing_Mark", "Mc" }, { "Enclosing_Mark", "Me" },
	{ "Number", "N" }, { "Decimal_Number", "Nd" }, { "digit", "Nd" }, { "Letter_Number", "Nl" },
	{ "Other_Number", "No" }, { "Punctuation", "P" }, { "punct", "P" },
	{ "Connector_Punctuation", "Pc" }, { "Dash_Punctuation", "Pd" }, { "Open_Punctuation", "Ps" },
	{ "Close_Punctuation", "Pe" }, { "Initial_Punctuation", "Pi" }, { "Final_Punctuation", "Pf" },
	{ "Other_Punctuation", "Po" }, { "Symbol", "S" }, { "Math_Symbol", "Sm" },
	{ "Currency_Symbol", "Sc" }, { "Modifier_Symbol", "Sk" }, { "Other_Symbol", "So" },
	{ "Separator", "Z" }, { "Space_Separator", "Zs" }, { "Line_Separator", "Zl" },
	{ "Paragraph_Separator", "Zp" }, { "Other", "C" }, { "Control", "Cc" }, { "cntrl", "Cc" },
	{ "Format", "Cf" }, { "Surrogate", "Cs" }, { "Private_Use", "Co" }, { "Unassigned", "Cn" },
};

/* Append \p{X} or \P{X} for the name p[0..len), mapped when PCRE2 needs it. */
static void add_property(struct oreg_buf *out, char kind, const char *name, size_t len)
{
	const char *prefix[] = { "General_Category=", "gc=" };

	for (size_t i = 0; i < ARRAY_SIZE(prefix); i++) {
		size_t n = strlen(prefix[i]);

		if (len > n && !memcmp(name, prefix[i], n)) {
			name += n;
			len -= n;
		}
	}
	if (len > 7 && !memcmp(name, "Script=", 7)) {
		oreg_buf_addf(out, "\\%c{sc:%.*s}", kind, (int)(len - 7), name + 7);
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(categories); i++) {
		if (strlen(categories[i].ecma) == len && !memcmp(categories[i].ecma, name, len)) {
			oreg_buf_addf(out, "\\%c{%s}", kind, categories[i].pcre);
			return;
		}
	}
	oreg_buf_addf(out, "\\%c{%.*s}", kind, (int)len, name);
}

static int hex4(const char *p, size_t n, unsigned *out)
{
	unsigned v = 0;

	if (n < 4)
		return 0;
	for (size_t i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return 0;
	}
	*out = v;
	return 1;
}

/* Rewrite the ECMA-only constructs listed at the top into PCRE2 syntax. */
static void translate(struct oreg_buf *out, const char *p, size_t len)
{
	int in_class = 0;

	for (size_t i = 0; i < len; i++) {
		char c = p[i];
		unsigned hi, lo;

		if (c != '\\') {
			if (c == '[' && !in_class)
				in_class = 1;
			else if (c == ']' && in_class)
				in_class = 0;
			oreg_buf_addch(out, c);
			continue;
		}
		if (i + 1 >= len) {
			oreg_buf_addch(out, c);
			continue;
		}
		c = p[++i];
		if (c == 's') {
			oreg_buf_adds(out, in_class ? ECMA_SPACE : "[" ECMA_SPACE "]");
		} else if (c == 'S' && !in_class) {
			oreg_buf_adds(out, "[^" ECMA_SPACE "]");
		} else if ((c == 'p' || c == 'P') && i + 1 < len && p[i + 1] == '{' &&
			memchr(p + i + 2, '}', len - i - 2)) {
			const char *name = p + i + 2;
			const char *end = memchr(name, '}', len - i - 2);

			add_property(out, c, name, (size_t)(end - name));
			i = (size_t)(end - p);
		} else if (c == 'u' && hex4(p + i + 1, len - i - 1, &hi) && hi >= 0xd800 &&
			hi <= 0xdbff && len - i - 5 >= 6 && p[i + 5] == '\\' && p[i + 6] == 'u' &&
			hex4(p + i + 7, len - i - 7, &lo) && lo >= 0xdc00 && lo <= 0xdfff) {
			unsigned cp = 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);

			oreg_buf_addf(out, "\\u{%x}", cp);
			i += 10;
		} else {
			oreg_buf_addch(out, '\\');
			oreg_buf_addch(out, c);
		}
	}
}

int oreg_regex_compile(struct oreg_regex **out, const char *pattern, size_t len)
{
	struct oreg_buf buf = OREG_BUF_INIT;
	pcre2_compile_context *ccontext = NULL;
	struct oreg_regex *re = NULL;
	int errcode, ret = 0;
	PCRE2_SIZE erroffset;

	*out = NULL;
	translate(&buf, pattern, len);
	if ((ret = oreg_buf_error(&buf)) < 0)
		goto done;
	ccontext = pcre2_compile_context_create(NULL);
	if (!ccontext) {
		ret = oreg_error(OREG_ENOMEM, "out of memory");
		goto done;
	}
	pcre2_set_compile_extra_options(ccontext, PCRE2_EXTRA_ALT_BSUX);
	re = oreg_calloc(1, sizeof(*re));
	if (!re) {
		ret = OREG_ENOMEM;
		goto done;
	}
	re->code = pcre2_compile((PCRE2_SPTR)buf.ptr, buf.len,
		PCRE2_UTF | PCRE2_DOLLAR_ENDONLY | PCRE2_ALLOW_EMPTY_CLASS |
		PCRE2_MATCH_UNSET_BACKREF | PCRE2_ALT_BSUX,
		&errcode, &erroffset, ccontext);
	if (!re->code) {
		PCRE2_UCHAR msg[256];

		if (pcre2_get_error_message(errcode, msg, sizeof(msg)) < 0)
			strcpy((char *)msg, "unknown error");
		ret = oreg_error(OREG_EINVALID, "%s", (const char *)msg);
		goto done;
	}
	/* Without JIT the interpreter still works: ignore the result. */
	(void)pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE);
	re->match_context = pcre2_match_context_create(NULL);
	if (!re->match_context) {
		ret = oreg_error(OREG_ENOMEM, "out of memory");
		goto done;
	}
	pcre2_set_match_limit(re->match_context, MATCH_LIMIT);
	pcre2_set_depth_limit(re->match_context, DEPTH_LIMIT);
	pcre2_set_heap_limit(re->match_context, HEAP_LIMIT_KIB);
	*out = re;
	re = NULL;
done:
	oreg_regex_free(re);
	pcre2_compile_context_free(ccontext);
	oreg_buf_release(&buf);
	return ret;
}

int oreg_regex_search(const struct oreg_regex *re, const char *s, size_t len)
{
	pcre2_match_data *md;
	int rc;

	/* Per call, so that concurrent searches share nothing mutable. */
	md = pcre2_match_data_create(1, NULL);
	if (!md)
		return oreg_error(OREG_ENOMEM, "out of memory");
	rc = pcre2_match(re->code, (PCRE2_SPTR)s, len, 0, 0, md, re->match_context);
	pcre2_match_data_free(md);
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
		rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT)
		return oreg_error(OREG_ELIMIT, "the pattern needs too much backtracking");
	{
		PCRE2_UCHAR msg[256];

		if (pcre2_get_error_message(rc, msg, sizeof(msg)) < 0)
			strcpy((char *)msg, "unknown error");
		return oreg_error(OREG_EINVALID, "%s", (const char *)msg);
	}
}

void oreg_regex_free(struct oreg_regex *re)
{
	if (!re)
		return;
	pcre2_match_context_free(re->match_context);
	pcre2_code_free(re->code);
	free(re);
}
