/*
 * yamlout.c - values written back out: block YAML that the strict loader
 * (yaml.c) reads back to equal values, the compact one-line form used for
 * field changes, and JSON.
 *
 * A string is written plain only when the loader would read it back as
 * the same string: it starts with a letter, digit or non-ASCII character,
 * holds only a small set of harmless characters, and is not a word or
 * number of the YAML 1.2 core schema.  Everything else is double-quoted
 * with escapes, so that newlines, quotes, control characters and the
 * characters YAML treats as line breaks (U+0085, U+2028, U+2029) or
 * refuses (C1 controls, U+FEFF) survive the round trip.
 */
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The code point at s[i] and its length; U+FFFD and 1 for a byte that starts no UTF-8 sequence. */
static size_t utf8_decode(const char *s, size_t len, size_t i, uint32_t *cp)
{
	size_t n = oreg_utf8_decode(s + i, len - i, cp);

	if (!n)
		*cp = 0xfffd;
	return n ? n : 1;
}

/* Code points a YAML writer must escape in a double-quoted scalar. */
static bool needs_escape(uint32_t cp)
{
	/* and the bidirectional controls, so that a reader sees the text as it is stored */
	return oreg_escape_is_unsafe((uint32_t)cp) || cp == 0x2028 || cp == 0x2029 ||
		cp == 0xfeff || cp == 0xfffe || cp == 0xffff || cp == 0xfffd;
}

static bool is_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* May s be written as a plain scalar?  flow: inside [ ] or { }. */
static bool plain_ok(const char *s, size_t len, bool flow)
{
	size_t i;

	if (!len || !(is_alnum((unsigned char)s[0]) || (unsigned char)s[0] >= 0x80) || s[len - 1] == ' ')
		return false;
	for (i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;

		if (c >= 0x80) {
			i += utf8_decode(s, len, i, &cp);
			if (needs_escape(cp) || cp == 0xa0 || cp == 0x3000)
				return false;
			continue;
		}
		if (c == ':') {
			if (flow || i + 1 == len || s[i + 1] == ' ')
				return false;
		} else if (c == ',') {
			if (flow)
				return false;
		} else if (!c || (!is_alnum(c) && !strchr(" _.-/()'+@&;=?%", c))) {
			return false;
		}
		i++;
	}
	return !oreg_yaml_plain_is_typed(s, len);
}

void oreg_yaml_add_string(struct oreg_buf *b, const char *s, size_t len, bool flow)
{
	size_t i;

	if (plain_ok(s, len, flow)) {
		oreg_buf_add(b, s, len);
		return;
	}
	oreg_buf_addch(b, '"');
	for (i = 0; i < len;) {
		uint32_t cp;
		size_t n = utf8_decode(s, len, i, &cp);

		switch (cp) {
		case '"': oreg_buf_adds(b, "\\\""); break;
		case '\\': oreg_buf_adds(b, "\\\\"); break;
		case '\n': oreg_buf_adds(b, "\\n"); break;
		case '\t': oreg_buf_adds(b, "\\t"); break;
		case '\r': oreg_buf_adds(b, "\\r"); break;
		case 0: oreg_buf_adds(b, "\\0"); break;
		default:
			if (cp == 0xfffd && n == 1 && (unsigned char)s[i] >= 0x80)
				oreg_buf_adds(b, "\\ufffd"); /* not UTF-8: cannot be kept */
			else if (needs_escape(cp) && cp != 0xfffd)
				oreg_buf_addf(b, cp < 0x100 ? "\\x%02lx" : "\\u%04lx", (unsigned long)cp);
			else
				oreg_buf_add(b, s + i, n);
		}
		i += n;
	}
	oreg_buf_addch(b, '"');
}

void oreg_yaml_add_number(struct oreg_buf *b, const struct oreg_value *v)
{
	double x = v->u.number.value;
	char tmp[40];

	if (isnan(x)) {
		oreg_buf_adds(b, ".nan");
	} else if (isinf(x)) {
		oreg_buf_adds(b, x < 0 ? "-.inf" : ".inf");
	} else if (v->u.number.integer && fabs(x) < 1e16) {
		oreg_buf_addf(b, "%.0f", x);
	} else {
		snprintf(tmp, sizeof(tmp), "%.15g", x);
		if (strtod(tmp, NULL) != x)
			snprintf(tmp, sizeof(tmp), "%.17g", x);
		oreg_buf_adds(b, tmp);
		/* an integral value written without a point would still read back equal */
	}
}

/* ---- one line: the walk every one-line printer of values shares ---- */

static void add_line(struct oreg_buf *b, const struct oreg_value *v, const struct oreg_value_style *st, size_t start,
	bool nested)
{
	size_t i;

	if (st->limit && b->len - start > st->limit) {
		oreg_buf_adds(b, "...");
		return;
	}
	switch (v->type) {
	case OREG_NULL:
		oreg_buf_adds(b, "null");
		break;
	case OREG_BOOLEAN:
		oreg_buf_adds(b, v->u.boolean ? "true" : "false");
		break;
	case OREG_NUMBER:
		st->number(b, v);
		break;
	case OREG_STRING:
		st->string(b, v->u.string.ptr, v->u.string.len, nested);
		break;
	case OREG_ARRAY:
		oreg_buf_addch(b, '[');
		for (i = 0; i < v->u.array.count && (!st->limit || b->len - start <= st->limit); i++) {
			if (i)
				oreg_buf_adds(b, ", ");
			add_line(b, v->u.array.items[i], st, start, true);
		}
		oreg_buf_addch(b, ']');
		break;
	case OREG_OBJECT:
		oreg_buf_addch(b, '{');
		for (i = 0; i < v->u.object.count && (!st->limit || b->len - start <= st->limit); i++) {
			const struct oreg_member *m = &v->u.object.members[i];

			if (i)
				oreg_buf_adds(b, ", ");
			st->string(b, m->key, m->key_len, true);
			oreg_buf_adds(b, ": ");
			add_line(b, m->value, st, start, true);
		}
		oreg_buf_addch(b, '}');
		break;
	}
}

void oreg_value_add_line(struct oreg_buf *b, const struct oreg_value *v, const struct oreg_value_style *style)
{
	add_line(b, v, style, b->len, false);
}

/* ---- compact: one line, YAML flow style ---- */

static void compact_string(struct oreg_buf *b, const char *s, size_t len, bool nested)
{
	oreg_yaml_add_string(b, s, len, nested);
}

static const struct oreg_value_style compact = { compact_string, oreg_yaml_add_number, 0 };

char *oreg_value_compact(const struct oreg_value *value)
{
	struct oreg_buf b = OREG_BUF_INIT;

	if (!value)
		oreg_buf_adds(&b, "(none)");
	else
		oreg_value_add_line(&b, value, &compact);
	return oreg_buf_detach(&b, NULL);
}

/* ---- JSON ---- */

static void json_string(struct oreg_buf *b, const char *s, size_t len, bool nested)
{
	(void)nested;
	oreg_buf_add_json_string(b, s, len);
}

static void json_number(struct oreg_buf *b, const struct oreg_value *v)
{
	if (isnan(v->u.number.value) || isinf(v->u.number.value))
		oreg_buf_adds(b, "null"); /* JSON has no such numbers */
	else
		oreg_yaml_add_number(b, v);
}

static const struct oreg_value_style json = { json_string, json_number, 0 };

char *oreg_value_json(const struct oreg_value *value)
{
	struct oreg_buf b = OREG_BUF_INIT;

	oreg_value_add_line(&b, value, &json);
	return oreg_buf_detach(&b, NULL);
}

char *oreg_json_quote(const char *s, size_t len)
{
	struct oreg_buf b = OREG_BUF_INIT;

	oreg_buf_add_json_string(&b, s, len);
	return oreg_buf_detach(&b, NULL);
}

/* ---- block YAML ---- */

static void indent_to(struct oreg_buf *b, unsigned indent)
{
	while (indent--)
		oreg_buf_addch(b, ' ');
}

static bool is_block(const struct oreg_value *v)
{
	return (v->type == OREG_OBJECT && v->u.object.count) || (v->type == OREG_ARRAY && v->u.array.count);
}

static void add_block(struct oreg_buf *b, const struct oreg_value *v, unsigned indent, bool inline_first);

/* A scalar or an empty collection, on the current line. */
static void add_inline(struct oreg_buf *b, const struct oreg_value *v)
{
	oreg_value_add_line(b, v, &compact);
}

static void add_members(struct oreg_buf *b, const struct oreg_value *v, unsigned indent, bool inline_first)
{
	size_t i;

	for (i = 0; i < v->u.object.count; i++) {
		const struct oreg_member *m = &v->u.object.members[i];

		if (i || !inline_first)
			indent_to(b, indent);
		oreg_yaml_add_string(b, m->key, m->key_len, false);
		oreg_buf_addch(b, ':');
		if (is_block(m->value)) {
			oreg_buf_addch(b, '\n');
			add_block(b, m->value, indent + 2, false);
		} else {
			oreg_buf_addch(b, ' ');
			add_inline(b, m->value);
			oreg_buf_addch(b, '\n');
		}
	}
}

static void add_items(struct oreg_buf *b, const struct oreg_value *v, unsigned indent, bool inline_first)
{
	size_t i;

	for (i = 0; i < v->u.array.count; i++) {
		const struct oreg_value *item = v->u.array.items[i];

		if (i || !inline_first)
			indent_to(b, indent);
		if (item->type == OREG_OBJECT && item->u.object.count) {
			oreg_buf_adds(b, "- ");
			add_members(b, item, indent + 2, true);
		} else if (item->type == OREG_ARRAY && item->u.array.count) {
			oreg_buf_adds(b, "-\n");
			add_items(b, item, indent + 2, false);
		} else {
			oreg_buf_adds(b, "- ");
			add_inline(b, item);
			oreg_buf_addch(b, '\n');
		}
	}
}

static void add_block(struct oreg_buf *b, const struct oreg_value *v, unsigned indent, bool inline_first)
{
	if (v->type == OREG_OBJECT)
		add_members(b, v, indent, inline_first);
	else
		add_items(b, v, indent, inline_first);
}

char *oreg_value_yaml(const struct oreg_value *root, size_t *len)
{
	struct oreg_buf b = OREG_BUF_INIT;

	if (is_block(root)) {
		add_block(&b, root, 0, false);
	} else {
		add_inline(&b, root);
		oreg_buf_addch(&b, '\n');
	}
	return oreg_buf_detach(&b, len);
}
