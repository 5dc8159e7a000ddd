/*
 * yamlquick.c - records in the plain block style, read without libyaml.
 *
 * The history index reads every version of every record once, for the
 * organisations it refers to; with libyaml that was most of the time of
 * building it.  Records are nearly always written in one small part of
 * YAML: a mapping of plain keys at the top, block mappings and sequences
 * nested by spaces, and each value on its key's line, plain or quoted
 * without escapes.  This reader takes that part and nothing else.
 *
 * On what it takes, the tree is the one oreg_yaml_load builds: the same
 * types (plain scalars typed by the loader's own function), strings, keys,
 * order and nesting, and each value's line and column.  Whatever lies
 * outside that part, or might be refused by oreg_yaml_load (tabs, carriage
 * returns, control or non-printable characters, a byte-order mark,
 * anchors, tags, flow collections, block or multi-line scalars, escapes,
 * document markers, duplicate keys, empty keys, deep nesting, long values)
 * it declines without a word, and the caller loads the file with
 * oreg_yaml_load, which says what is wrong.  So every answer is
 * oreg_yaml_load's; only the time differs.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define QUICK_MAX_FILE (1024 * 1024)  /* oreg_yaml_load's default limits, or below */
#define QUICK_MAX_SCALAR (64 * 1024)
#define QUICK_MAX_DEPTH 32
#define QUICK_MAX_MEMBERS 64          /* beyond: duplicates are looked for by the loader */

struct quick {
	const char *data;
	size_t len;
	size_t pos;         /* start of the next line not read */
	unsigned line;      /* its number, from 1 */
	unsigned depth;
	struct oreg_document_builder b; /* the document, and a failure (out of memory) */
	int declined;       /* outside the part read here */
};

/* The next line holding something other than spaces or a comment, not consumed. */
struct qline {
	size_t start, end;  /* end: its '\n' or the end of data */
	unsigned indent;    /* leading spaces */
	unsigned number;
};

static bool next_line(struct quick *q, struct qline *out)
{
	while (q->pos < q->len) {
		const char *nl = memchr(q->data + q->pos, '\n', q->len - q->pos);
		size_t end = nl ? (size_t)(nl - q->data) : q->len, i = q->pos;

		while (i < end && q->data[i] == ' ')
			i++;
		if (i < end && q->data[i] != '#') {
			out->start = q->pos;
			out->end = end;
			out->indent = (unsigned)(i - q->pos);
			out->number = q->line;
			return true;
		}
		q->pos = end < q->len ? end + 1 : q->len;
		q->line++;
	}
	return false;
}

static void consume(struct quick *q, const struct qline *l)
{
	q->pos = l->end < q->len ? l->end + 1 : q->len;
	q->line = l->number + 1;
}

static void *decline(struct quick *q)
{
	q->declined = 1;
	return NULL;
}

/* Bytes that oreg_yaml_load might refuse or read otherwise than this file does. */
static bool plain_bytes(const char *s, size_t len)
{
	size_t i = 0;

	if (len >= 3 && !memcmp(s, "\xef\xbb\xbf", 3))
		return false;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		size_t n;

		if (c < 0x80) {
			if ((c < 0x20 && c != '\n') || c == 0x7f)
				return false;
			i++;
			continue;
		}
		/* libyaml reads NEL, LS and PS as line breaks, and refuses the rest */
		if (!(n = oreg_utf8_decode(s + i, len - i, &cp)) || cp < 0xa0 || cp == 0x2028 || cp == 0x2029 ||
			cp == 0xfeff || cp == 0xfffe || cp == 0xffff)
			return false;
		i += n;
	}
	return true;
}

static bool key_char(char c, bool first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
		(!first && c == '-');
}

/* The length of a key at data[at] ("name:" then a space or the line's end), or 0. */
static size_t key_at(const struct quick *q, size_t at, size_t end)
{
	size_t i = at;

	if (i >= end || !key_char(q->data[i], true))
		return 0;
	while (i < end && key_char(q->data[i], false))
		i++;
	if (i >= end || q->data[i] != ':' || (i + 1 < end && q->data[i + 1] != ' '))
		return 0;
	return i - at;
}

/* After a value ending at i: only spaces, then the line's end or a comment. */
static bool rest_is_blank(const struct quick *q, size_t i, size_t end)
{
	size_t from = i;

	while (i < end && q->data[i] == ' ')
		i++;
	return i == end || (q->data[i] == '#' && i > from);
}

/* The scalar at data[at], to the end of its line (consumed). */
static struct oreg_value *scalar(struct quick *q, const struct qline *l, size_t at)
{
	const char *d = q->data;
	struct oreg_value *v;
	size_t i, stop = at, len;
	char c = d[at], *s;

	if (c == '\'') {
		size_t n = 0, k;

		for (i = at + 1;; i++) {
			if (i >= l->end)
				return decline(q);
			if (d[i] == '\'' && i + 1 < l->end && d[i + 1] == '\'')
				i++, n++;
			else if (d[i] == '\'')
				break;
		}
		if (!rest_is_blank(q, i + 1, l->end) || i - at - 1 - n > QUICK_MAX_SCALAR)
			return decline(q);
		if (!(v = oreg_build_value(&q->b, OREG_STRING, l->number, (unsigned)(at - l->start) + 1)) ||
			!(s = oreg_arena_alloc(&q->b.doc->arena, i - at - n)))
			return q->b.err = OREG_ENOMEM, NULL;
		for (k = at + 1, len = 0; k < i; k++) {
			s[len++] = d[k];
			if (d[k] == '\'')
				k++;
		}
		s[len] = '\0';
		v->u.string.ptr = s;
		v->u.string.len = len;
		consume(q, l);
		return v;
	}
	if (c == '"') {
		for (i = at + 1; i < l->end && d[i] != '"'; i++)
			if (d[i] == '\\')
				return decline(q);
		if (i >= l->end || !rest_is_blank(q, i + 1, l->end) || i - at - 1 > QUICK_MAX_SCALAR)
			return decline(q);
		if (!(v = oreg_build_value(&q->b, OREG_STRING, l->number, (unsigned)(at - l->start) + 1)) ||
			!(v->u.string.ptr = oreg_build_string(&q->b, d + at + 1, i - at - 1)))
			return q->b.err = OREG_ENOMEM, NULL;
		v->u.string.len = i - at - 1;
		consume(q, l);
		return v;
	}
	/* an indicator cannot start a plain scalar; '-' can, before anything but a space ("-3") */
	if (strchr("?:,[]{}#&*!|>%@`", c) || (c == '-' && (at + 1 == l->end || d[at + 1] == ' ')))
		return decline(q);
	/* plain: to a comment (" #") or the line's end; ": " or a final ':' would make it a key */
	for (i = at; i < l->end; i++) {
		if (d[i] == ' ' && i + 1 < l->end && d[i + 1] == '#')
			break;
		if (d[i] == ':' && (i + 1 == l->end || d[i + 1] == ' '))
			return decline(q);
		if (d[i] != ' ')
			stop = i + 1;
	}
	len = stop - at;
	if (len > QUICK_MAX_SCALAR)
		return decline(q);
	if (!(v = oreg_build_value(&q->b, OREG_STRING, l->number, (unsigned)(at - l->start) + 1)) ||
		!(v->u.string.ptr = oreg_build_string(&q->b, d + at, len)))
		return q->b.err = OREG_ENOMEM, NULL;
	v->u.string.len = len;
	{
		struct oreg_value typed = *v;

		if (oreg_yaml_plain_type(&typed, v->u.string.ptr, len))
			*v = typed;
	}
	consume(q, l);
	return v;
}

static struct oreg_value *sequence(struct quick *q, struct qline *l);
static struct oreg_value *mapping(struct quick *q, struct qline *l, size_t at);

/* Does the line hold a sequence item ("- " or a lone "-") at its indentation? */
static bool is_item(const struct quick *q, const struct qline *l)
{
	size_t at = l->start + l->indent;

	return q->data[at] == '-' && (at + 1 == l->end || q->data[at + 1] == ' ');
}

/* A value on the lines after its key's (the key's line consumed), for a key at indentation n. */
static struct oreg_value *value_below(struct quick *q, unsigned n, unsigned line, unsigned column)
{
	struct qline l;

	if (next_line(q, &l) && l.indent > n)
		return is_item(q, &l) ? sequence(q, &l) : mapping(q, &l, l.start + l.indent);
	if (next_line(q, &l) && l.indent == n && is_item(q, &l))
		return sequence(q, &l);
	/* nothing: null, where libyaml puts an empty value (after the colon) */
	return oreg_build_value(&q->b, OREG_NULL, line, column);
}

static bool duplicate_keys(const struct oreg_member *m, size_t n)
{
	size_t i, j;

	for (j = 1; j < n; j++)
		for (i = 0; i < j; i++)
			if (m[i].key_len == m[j].key_len && !memcmp(m[i].key, m[j].key, m[i].key_len))
				return true;
	return false;
}

/* The block mapping whose first key is at data[at] on line l, its keys at that column. */
static struct oreg_value *mapping(struct quick *q, struct qline *l, size_t at)
{
	struct oreg_member members[QUICK_MAX_MEMBERS];
	unsigned n = (unsigned)(at - l->start);
	struct oreg_value *v;
	size_t count = 0;

	if (++q->depth > QUICK_MAX_DEPTH)
		return decline(q);
	if (!(v = oreg_build_value(&q->b, OREG_OBJECT, l->number, n + 1)))
		return NULL;
	for (;;) {
		struct oreg_member *m = &members[count];
		size_t klen = key_at(q, at, l->end), i;

		/* libyaml looks no further than 1024 characters for a key's colon */
		if (!klen || klen > 1000 || count == QUICK_MAX_MEMBERS)
			return decline(q);
		if ((klen == 4 && (!memcmp(q->data + at, "null", 4) || !memcmp(q->data + at, "Null", 4) ||
				!memcmp(q->data + at, "NULL", 4))))
			return decline(q);
		memset(m, 0, sizeof(*m));
		m->line = l->number;
		m->column = n + 1;
		m->key_len = klen;
		if (!(m->key = oreg_build_string(&q->b, q->data + at, klen)))
			return NULL;
		for (i = at + klen + 1; i < l->end && q->data[i] == ' '; i++)
			;
		if (i == l->end || q->data[i] == '#') {
			consume(q, l);
			m->value = value_below(q, n, l->number, (unsigned)(at - l->start + klen) + 2);
		} else {
			m->value = scalar(q, l, i);
		}
		if (!m->value)
			return NULL;
		count++;
		if (!next_line(q, l) || l->indent < n)
			break;
		if (l->indent > n || is_item(q, l))
			return decline(q); /* a value going on over lines, or a sequence where none may start */
		at = l->start + n;
	}
	if (duplicate_keys(members, count))
		return decline(q);
	if (!(v->u.object.members = oreg_arena_alloc(&q->b.doc->arena, count * sizeof(*members))))
		return q->b.err = OREG_ENOMEM, NULL;
	memcpy(v->u.object.members, members, count * sizeof(*members));
	v->u.object.count = count;
	q->depth--;
	return v;
}

/* The block sequence whose first item is on line l, its '-' at the line's indentation. */
static struct oreg_value *sequence(struct quick *q, struct qline *l)
{
	struct oreg_value *v, **items = NULL, **grown;
	size_t count = 0, alloc = 0;
	unsigned n = l->indent;

	if (++q->depth > QUICK_MAX_DEPTH)
		return decline(q);
	if (!(v = oreg_build_value(&q->b, OREG_ARRAY, l->number, n + 1)))
		return NULL;
	for (;;) {
		size_t at = l->start + n + 1;
		struct oreg_value *item;

		while (at < l->end && q->data[at] == ' ')
			at++;
		if (at == l->end || q->data[at] == '#') {
			free(items);
			return decline(q); /* the item on the lines below */
		}
		item = key_at(q, at, l->end) ? mapping(q, l, at) : scalar(q, l, at);
		if (!item) {
			free(items);
			return NULL;
		}
		if (count == alloc) {
			alloc = alloc ? 2 * alloc : 8;
			if (!(grown = realloc(items, alloc * sizeof(*items)))) {
				free(items);
				return q->b.err = OREG_ENOMEM, NULL;
			}
			items = grown;
		}
		items[count++] = item;
		if (!next_line(q, l) || l->indent < n || (l->indent == n && !is_item(q, l)))
			break;
		if (l->indent > n) {
			free(items);
			return decline(q);
		}
	}
	v->u.array.items = oreg_arena_alloc(&q->b.doc->arena, count * sizeof(*items));
	if (v->u.array.items)
		memcpy(v->u.array.items, items, count * sizeof(*items));
	free(items);
	if (!v->u.array.items)
		return q->b.err = OREG_ENOMEM, NULL;
	v->u.array.count = count;
	q->depth--;
	return v;
}

int oreg_yaml_load_quick(struct oreg_document **out, const char *data, size_t len)
{
	struct quick q = { .data = data, .len = len, .line = 1 };
	struct qline l;
	struct oreg_value *root;

	*out = NULL;
	if (len > QUICK_MAX_FILE || !plain_bytes(data, len))
		return 0;
	if (!next_line(&q, &l) || l.indent)
		return 0;
	if (!(q.b.doc = oreg_calloc(1, sizeof(*q.b.doc))))
		return OREG_ENOMEM;
	oreg_arena_init(&q.b.doc->arena);
	root = mapping(&q, &l, l.start);
	if (q.b.err < 0 || !root || q.declined || next_line(&q, &l)) {
		oreg_document_free(q.b.doc);
		return q.b.err < 0 ? q.b.err : 0;
	}
	q.b.doc->root = root;
	*out = q.b.doc;
	return 1;
}
