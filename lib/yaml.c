/*
 * yaml.c - the strict YAML loader, the only file that includes <yaml.h>.
 *
 * Records are data, so the loader accepts the part of YAML that data needs
 * and refuses the rest with a finding that says why and what to write
 * instead: one document, a mapping at the top, YAML 1.2 core-schema types,
 * no anchors, aliases, tags or merge keys, no duplicate keys, UTF-8 only,
 * limits on size, depth and scalar length.
 *
 * libyaml counts lines and columns from 0 and returns 1 on success; both
 * are converted here and nowhere else.  The tree is built from the event
 * stream with explicit stacks, so hostile nesting cannot exhaust the C
 * stack.
 */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define DEFAULT_MAX_FILE (1024 * 1024)
#define DEFAULT_MAX_DEPTH 64
#define DEFAULT_MAX_SCALAR (64 * 1024)
#define MAX_FINDINGS_PER_FILE 50

void oreg_yaml_options_init(struct oreg_yaml_options *options)
{
	options->max_file_size = DEFAULT_MAX_FILE;
	options->max_depth = DEFAULT_MAX_DEPTH;
	options->max_scalar_size = DEFAULT_MAX_SCALAR;
	options->any_root = 0;
}

/* One open collection: where its pending children start on the stacks. */
struct frame {
	struct oreg_value *value;
	size_t start;      /* first pending item or member */
	bool have_key;     /* mapping: a key is waiting for its value */
};

struct loader {
	const char *file;
	const struct oreg_yaml_options *opt;
	struct oreg_findings *findings;
	struct oreg_document_builder b; /* the document, and a failure (out of memory) */
	unsigned refused;  /* findings added for this file */

	struct frame *frames;
	size_t nframes, frames_alloc;
	struct oreg_value **items;   /* pending sequence items */
	size_t nitems, items_alloc;
	struct oreg_member *members; /* pending mapping members */
	size_t nmembers, members_alloc;
};

static void vrefuse(struct loader *l, unsigned line, unsigned column, const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));
static void refuse(struct loader *l, unsigned line, unsigned column, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void refuse_at(struct loader *l, const yaml_mark_t *mark, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void vrefuse(struct loader *l, unsigned line, unsigned column, const char *fmt, va_list ap)
{
	struct oreg_buf msg = OREG_BUF_INIT;
	int err;

	l->refused++;
	if (l->refused > MAX_FINDINGS_PER_FILE)
		return;
	if (l->refused == MAX_FINDINGS_PER_FILE) {
		fmt = "too many problems in one file: fix the ones above and run again";
		err = oreg_findings_add(l->findings, OREG_SEVERITY_ERROR, l->file, line, column,
			OREG_RULE_YAML, "", "%s", fmt);
		if (err < 0)
			l->b.err = err;
		return;
	}
	oreg_buf_vaddf(&msg, fmt, ap);
	if (oreg_buf_error(&msg) < 0)
		l->b.err = OREG_ENOMEM;
	else if ((err = oreg_findings_add(l->findings, OREG_SEVERITY_ERROR, l->file, line, column,
			OREG_RULE_YAML, "", "%s", msg.ptr)) < 0)
		l->b.err = err;
	oreg_buf_release(&msg);
}

static void refuse(struct loader *l, unsigned line, unsigned column, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vrefuse(l, line, column, fmt, ap);
	va_end(ap);
}

/* At a libyaml mark: libyaml counts from 0, findings from 1. */
static void refuse_at(struct loader *l, const yaml_mark_t *mark, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vrefuse(l, (unsigned)mark->line + 1, (unsigned)mark->column + 1, fmt, ap);
	va_end(ap);
}

/* 1-based line and column of a byte offset, as libyaml counts them: in characters, after the byte-order mark. */
static void position_of(const char *data, size_t offset, unsigned *line, unsigned *column)
{
	size_t i = 0;
	unsigned ln = 1, col = 1;

	if (offset >= 3 && !memcmp(data, "\xef\xbb\xbf", 3))
		i = 3;
	for (; i < offset; i++) {
		unsigned char c = (unsigned char)data[i];

		if (c == '\n' || (c == '\r' && data[i + 1] != '\n')) {
			ln++;
			col = 1;
		} else if ((c & 0xc0) != 0x80) {
			col++;
		}
	}
	*line = ln;
	*column = col;
}

/* ---- YAML 1.2 core schema ---- */

static bool all_in(const char *s, size_t len, const char *set)
{
	size_t i;

	if (!len)
		return false;
	for (i = 0; i < len; i++)
		if (!strchr(set, s[i]) || !s[i])
			return false;
	return true;
}

static bool is_one_of(const char *s, size_t len, const char *const *words)
{
	/* every plain scalar is typed: the first byte rules out most words at once */
	for (; *words; words++)
		if ((*words)[0] == s[0] && strlen(*words) == len && !memcmp(*words, s, len))
			return true;
	return false;
}

static bool is_float(const char *s, size_t len)
{
	size_t i = 0, digits = 0;

	if (i < len && (s[i] == '-' || s[i] == '+'))
		i++;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++, digits++;
	if (i < len && s[i] == '.') {
		i++;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++, digits++;
	}
	if (!digits)
		return false;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		size_t exp = 0;

		i++;
		if (i < len && (s[i] == '-' || s[i] == '+'))
			i++;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++, exp++;
		if (!exp)
			return false;
	}
	return i == len;
}

/* Type a plain scalar as the core schema does; false leaves it a string. */
static bool resolve_plain(struct oreg_value *v, const char *s, size_t len)
{
	static const char *const nulls[] = { "~", "null", "Null", "NULL", NULL };
	static const char *const trues[] = { "true", "True", "TRUE", NULL };
	static const char *const falses[] = { "false", "False", "FALSE", NULL };
	static const char *const infs[] = { ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", NULL };
	static const char *const ninfs[] = { "-.inf", "-.Inf", "-.INF", NULL };
	static const char *const nans[] = { ".nan", ".NaN", ".NAN", NULL };
	char tmp[64];
	size_t i;

	if (len == 0 || is_one_of(s, len, nulls)) {
		v->type = OREG_NULL;
		return true;
	}
	if (is_one_of(s, len, trues) || is_one_of(s, len, falses)) {
		v->type = OREG_BOOLEAN;
		v->u.boolean = s[0] == 't' || s[0] == 'T';
		return true;
	}
	v->type = OREG_NUMBER;
	v->u.number.integer = 1;
	if (len > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'x')) {
		const char *set = s[1] == 'o' ? "01234567" : "0123456789abcdefABCDEF";
		double base = s[1] == 'o' ? 8 : 16, x = 0;

		if (!all_in(s + 2, len - 2, set))
			goto string;
		for (i = 2; i < len; i++) {
			int d = s[i] <= '9' ? s[i] - '0' : (s[i] | 0x20) - 'a' + 10;

			x = x * base + d;
		}
		v->u.number.value = x;
		return true;
	}
	if (all_in(s + (s[0] == '-' || s[0] == '+'), len - (s[0] == '-' || s[0] == '+'), "0123456789")) {
		double x = 0;

		for (i = (s[0] == '-' || s[0] == '+'); i < len; i++)
			x = x * 10 + (s[i] - '0');
		v->u.number.value = s[0] == '-' ? -x : x;
		if (len < sizeof(tmp) && len > 15) {
			/* exact rounding for long literals */
			memcpy(tmp, s, len);
			tmp[len] = '\0';
			v->u.number.value = strtod(tmp, NULL);
		}
		return true;
	}
	v->u.number.integer = 0;
	if (is_one_of(s, len, infs) || is_one_of(s, len, ninfs)) {
		v->u.number.value = s[0] == '-' ? -HUGE_VAL : HUGE_VAL;
		return true;
	}
	if (is_one_of(s, len, nans)) {
		v->u.number.value = NAN;
		return true;
	}
	if (is_float(s, len)) {
		char *big = NULL, *p = tmp;

		if (len >= sizeof(tmp)) {
			big = oreg_strndup(s, len);
			if (!big)
				goto string;
			p = big;
		} else {
			memcpy(tmp, s, len);
			tmp[len] = '\0';
		}
		v->u.number.value = strtod(p, NULL);
		free(big);
		return true;
	}
string:
	v->type = OREG_STRING;
	return false;
}

bool oreg_yaml_plain_type(struct oreg_value *v, const char *s, size_t len)
{
	return resolve_plain(v, s, len);
}

bool oreg_yaml_plain_is_typed(const char *s, size_t len)
{
	struct oreg_value v = { .type = OREG_STRING };

	return resolve_plain(&v, s, len);
}

/* ---- building the tree ---- */

static struct oreg_value *new_value(struct loader *l, enum oreg_value_type type, const yaml_mark_t *mark)
{
	/* libyaml counts from 0 */
	return oreg_build_value(&l->b, type, (unsigned)mark->line + 1, (unsigned)mark->column + 1);
}

static int member_order(const void *pa, const void *pb)
{
	const struct oreg_member *a = *(const struct oreg_member *const *)pa;
	const struct oreg_member *b = *(const struct oreg_member *const *)pb;
	int c;

	if (a->key_len != b->key_len)
		return a->key_len < b->key_len ? -1 : 1;
	if ((c = memcmp(a->key, b->key, a->key_len)))
		return c;
	return a < b ? -1 : a > b;
}

static void report_duplicate(struct loader *l, const struct oreg_member *first, const struct oreg_member *again)
{
	refuse(l, again->line, again->column, "duplicate key '%s' (first at line %u): keep one of them",
		again->key, first->line);
}

/* Duplicate keys at any depth are refused; sorting keeps a huge mapping cheap. */
static void check_duplicates(struct loader *l, struct oreg_member *m, size_t n)
{
	struct oreg_member **sorted;
	size_t i, j;

	if (n <= 16) {
		for (j = 1; j < n; j++)
			for (i = 0; i < j; i++)
				if (m[i].key_len == m[j].key_len && !memcmp(m[i].key, m[j].key, m[i].key_len)) {
					report_duplicate(l, &m[i], &m[j]);
					break;
				}
		return;
	}
	sorted = oreg_malloc(n * sizeof(*sorted));
	if (!sorted) {
		l->b.err = OREG_ENOMEM;
		return;
	}
	for (i = 0; i < n; i++)
		sorted[i] = &m[i];
	qsort(sorted, n, sizeof(*sorted), member_order);
	for (i = 1; i < n; i++) {
		if (sorted[i]->key_len != sorted[i - 1]->key_len ||
			memcmp(sorted[i]->key, sorted[i - 1]->key, sorted[i]->key_len))
			continue;
		for (j = i - 1; j > 0 && sorted[j - 1]->key_len == sorted[i]->key_len &&
			!memcmp(sorted[j - 1]->key, sorted[i]->key, sorted[i]->key_len); j--)
			;
		report_duplicate(l, sorted[j], sorted[i]);
	}
	free(sorted);
}

/* Attach a finished value to the collection that is open, or make it the root. */
static void attach(struct loader *l, struct oreg_value *v, const char *key, size_t key_len)
{
	struct frame *f;

	if (!l->nframes) {
		l->b.doc->root = v;
		return;
	}
	f = &l->frames[l->nframes - 1];
	if (f->value->type == OREG_ARRAY) {
		if (oreg_grow((void **)&l->items, &l->items_alloc, l->nitems + 1, sizeof(*l->items)) < 0) {
			l->b.err = OREG_ENOMEM;
			return;
		}
		l->items[l->nitems++] = v;
		return;
	}
	if (!f->have_key) {
		struct oreg_member *m;

		if (oreg_grow((void **)&l->members, &l->members_alloc, l->nmembers + 1, sizeof(*l->members)) < 0) {
			l->b.err = OREG_ENOMEM;
			return;
		}
		m = &l->members[l->nmembers++];
		memset(m, 0, sizeof(*m));
		m->line = v->line;
		m->column = v->column;
		if (key) {
			m->key = key;
			m->key_len = key_len;
		} else {
			/* a collection as a key was refused already; keep the shape */
			m->key = "";
		}
		f->have_key = true;
		return;
	}
	l->members[l->nmembers - 1].value = v;
	f->have_key = false;
}

static void open_collection(struct loader *l, struct oreg_value *v)
{
	struct frame *f;

	if (oreg_grow((void **)&l->frames, &l->frames_alloc, l->nframes + 1, sizeof(*l->frames)) < 0) {
		l->b.err = OREG_ENOMEM;
		return;
	}
	f = &l->frames[l->nframes++];
	f->value = v;
	f->start = v->type == OREG_ARRAY ? l->nitems : l->nmembers;
	f->have_key = false;
}

/* The n finished children at src (of size bytes each) moved into the document: never NULL, even when empty. */
static void *keep_children(struct loader *l, const void *src, size_t n, size_t size)
{
	void *p = oreg_arena_alloc(&l->b.doc->arena, (n ? n : 1) * size);

	if (!p) {
		l->b.err = OREG_ENOMEM;
		return NULL;
	}
	if (n)
		memcpy(p, src, n * size);
	return p;
}

static void close_collection(struct loader *l)
{
	struct frame *f = &l->frames[l->nframes - 1];
	struct oreg_value *v = f->value;
	size_t n;

	if (v->type == OREG_ARRAY) {
		n = l->nitems - f->start;
		v->u.array.count = n;
		if (!(v->u.array.items = keep_children(l, l->items + f->start, n, sizeof(*l->items))))
			return;
		l->nitems = f->start;
	} else {
		n = l->nmembers - f->start;
		check_duplicates(l, l->members + f->start, n);
		v->u.object.count = n;
		if (!(v->u.object.members = keep_children(l, l->members + f->start, n, sizeof(*l->members))))
			return;
		l->nmembers = f->start;
	}
	l->nframes--;
	attach(l, v, NULL, 0);
}

static bool in_key_position(const struct loader *l)
{
	const struct frame *f;

	if (!l->nframes)
		return false;
	f = &l->frames[l->nframes - 1];
	return f->value->type == OREG_OBJECT && !f->have_key;
}

static const char *collection_word(yaml_event_type_t t)
{
	return t == YAML_MAPPING_START_EVENT ? "mapping" : "sequence";
}

/* Anchors and tags on any node. */
static void check_node_properties(struct loader *l, const yaml_event_t *e, const yaml_char_t *anchor,
	const yaml_char_t *tag)
{
	if (anchor)
		refuse_at(l, &e->start_mark, "anchor '&%s' is not allowed: write the value out in full", (const char *)anchor);
	if (tag) {
		/* show the tag as it was written: !!str, not tag:yaml.org,2002:str */
		const char *t = (const char *)tag, *core = "tag:yaml.org,2002:";
		bool short_form = !strncmp(t, core, strlen(core));

		refuse_at(l, &e->start_mark, "tag '%s%s' is not allowed: leave it out, and quote the value if it must be a string",
			short_form ? "!!" : "", short_form ? t + strlen(core) : t);
	}
}

static void on_scalar(struct loader *l, const yaml_event_t *e)
{
	const char *s = (const char *)e->data.scalar.value;
	size_t len = e->data.scalar.length;
	bool key = in_key_position(l);
	bool plain = e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	struct oreg_value *v;
	char *copy;
	size_t bad;

	check_node_properties(l, e, e->data.scalar.anchor, e->data.scalar.tag);
	if (len > l->opt->max_scalar_size) {
		refuse_at(l, &e->start_mark, "%s of %zu bytes is over the limit of %zu bytes", key ? "key" : "value",
			len, l->opt->max_scalar_size);
		len = 0;
	}
	if (e->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE && !oreg_utf8_valid(s, len, &bad)) {
		/* an escape such as "\ud800" decodes to something that is not UTF-8 */
		refuse_at(l, &e->start_mark, "escape sequence gives invalid UTF-8 (a lone surrogate?): write the character itself");
		len = 0;
	}
	if (key && plain && (len == 0 || (len == 1 && *s == '~') || (len == 4 && (!memcmp(s, "null", 4) ||
			!memcmp(s, "Null", 4) || !memcmp(s, "NULL", 4)))))
		refuse_at(l, &e->start_mark, "a key must not be empty (null): write the field's name");
	if (key && plain && len == 2 && !memcmp(s, "<<", 2))
		refuse_at(l, &e->start_mark, "merge key '<<' is not allowed: write the fields out in full");
	v = new_value(l, OREG_STRING, &e->start_mark);
	copy = oreg_build_string(&l->b, s, len);
	if (!v || !copy)
		return;
	v->u.string.ptr = copy;
	v->u.string.len = len;
	if (key) {
		attach(l, v, copy, len);
		return;
	}
	if (plain) {
		struct oreg_value typed = *v;

		if (resolve_plain(&typed, s, len))
			*v = typed;
	}
	attach(l, v, NULL, 0);
}

static void on_collection_start(struct loader *l, const yaml_event_t *e)
{
	bool mapping = e->type == YAML_MAPPING_START_EVENT;
	struct oreg_value *v;

	if (mapping)
		check_node_properties(l, e, e->data.mapping_start.anchor, e->data.mapping_start.tag);
	else
		check_node_properties(l, e, e->data.sequence_start.anchor, e->data.sequence_start.tag);
	if (in_key_position(l))
		refuse_at(l, &e->start_mark, "a key must be a single value, not a %s: write a plain key",
			collection_word(e->type));
	v = new_value(l, mapping ? OREG_OBJECT : OREG_ARRAY, &e->start_mark);
	if (!v)
		return;
	/* refused as a key above; once closed it stands in as the key "" */
	open_collection(l, v);
}

int oreg_yaml_refuse_size(struct oreg_findings *findings, const char *file, unsigned long long size,
	size_t limit)
{
	return oreg_findings_add(findings, OREG_SEVERITY_ERROR, file, 1, 1, OREG_RULE_YAML, "",
		"file is %llu bytes, over the limit of %zu bytes: a record is small, split it", size, limit);
}

/* Bytes no record may hold: UTF-16, NUL, anything not UTF-8.  Whether the file was refused. */
static bool refuse_bytes(struct loader *l, const char *data, size_t len)
{
	unsigned line, col;
	const void *nul;
	size_t bad;

	if (len >= 2 && (((unsigned char)data[0] == 0xff && (unsigned char)data[1] == 0xfe) ||
			((unsigned char)data[0] == 0xfe && (unsigned char)data[1] == 0xff))) {
		refuse(l, 1, 1, "the file is UTF-16: save it as UTF-8");
		return true;
	}
	if ((nul = memchr(data, '\0', len))) {
		position_of(data, (size_t)((const char *)nul - data), &line, &col);
		refuse(l, line, col, "NUL byte in the file: remove it (a text editor shows it as ^@)");
		return true;
	}
	if (!oreg_utf8_valid(data, len, &bad)) {
		position_of(data, bad, &line, &col);
		refuse(l, line, col, "invalid UTF-8 byte 0x%02x: save the file as UTF-8",
			(unsigned)(unsigned char)data[bad]);
		return true;
	}
	return false;
}

/* Does the line of offset at hold ": " before it (a value with a colon in it, not a key)? */
static bool holds_colon_before(const char *data, size_t len, size_t at)
{
	size_t start = at < len ? at : len;

	while (start > 0 && data[start - 1] != '\n')
		start--;
	for (size_t i = start; i + 1 < at && i + 1 < len; i++)
		if (data[i] == ':' && data[i + 1] == ' ')
			return true;
	return false;
}

/* What libyaml could not parse, as a finding with the fix; a failure only when out of memory. */
static int refuse_syntax(struct loader *l, const yaml_parser_t *parser, const char *data, size_t len)
{
	const char *problem = parser->problem ? parser->problem : "syntax error";
	size_t at = parser->problem_mark.index;

	if (parser->error == YAML_MEMORY_ERROR)
		return oreg_error(OREG_ENOMEM, "out of memory parsing '%s'", l->file);
	if (strstr(problem, "invalid Unicode character escape code"))
		refuse_at(l, &parser->problem_mark, "invalid YAML: this \\u or \\U escape is not a character (a lone "
			"surrogate such as \\ud800, or beyond U+10FFFF): write the character itself");
	else if (at < len && data[at] == '\t' && strstr(problem, "cannot start any token"))
		refuse_at(l, &parser->problem_mark, "invalid YAML: a tab cannot indent or start a value: use spaces");
	else if (strstr(problem, "mapping values are not allowed") && holds_colon_before(data, len, at))
		refuse_at(l, &parser->problem_mark, "invalid YAML: %s: a value that holds ': ' must be quoted, as in "
			"name: \"Werk: Nu\"", problem);
	else if (at < len && data[at] && strchr("@`%|>!&*", data[at]) && strstr(problem, "cannot start any token"))
		refuse_at(l, &parser->problem_mark, "invalid YAML: a value cannot start with '%c' unquoted: quote it, "
			"as in \"%c...\"", data[at], data[at]);
	else if (parser->context)
		refuse_at(l, &parser->problem_mark, "invalid YAML: %s %s", problem, parser->context);
	else
		refuse_at(l, &parser->problem_mark, "invalid YAML: %s", problem);
	return 0;
}

/* One parser event into the tree.  Whether loading is done. */
static bool on_event(struct loader *l, const yaml_event_t *e, unsigned *documents)
{
	struct oreg_value *v;

	switch (e->type) {
	case YAML_STREAM_END_EVENT:
		return true;
	case YAML_DOCUMENT_START_EVENT:
		if (++*documents > 1) {
			refuse_at(l, &e->start_mark,
				"more than one document: a file holds exactly one, remove the second '---'");
			return true;
		}
		break;
	case YAML_ALIAS_EVENT:
		refuse_at(l, &e->start_mark, "alias '*%s' is not allowed: write the value out in full",
			(const char *)e->data.alias.anchor);
		if ((v = new_value(l, OREG_NULL, &e->start_mark)))
			attach(l, v, in_key_position(l) ? "" : NULL, 0);
		break;
	case YAML_SCALAR_EVENT:
		on_scalar(l, e);
		break;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if (l->nframes >= l->opt->max_depth) {
			refuse_at(l, &e->start_mark, "nesting deeper than %u levels: flatten the record", l->opt->max_depth);
			return true;
		}
		on_collection_start(l, e);
		break;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		close_collection(l);
		break;
	default:
		break;
	}
	return false;
}

/* A record is one mapping (or, with any_root, one value of any kind). */
static void check_root(struct loader *l)
{
	if (l->refused)
		return;
	if (!l->b.doc->root)
		refuse(l, 1, 1, l->opt->any_root ? "the file holds no value" :
			"the file is empty: a record is a mapping of fields, such as 'name: ...'");
	else if (!l->opt->any_root && l->b.doc->root->type != OREG_OBJECT)
		refuse(l, l->b.doc->root->line, l->b.doc->root->column,
			"the top level must be a mapping of fields, not a %s",
			l->b.doc->root->type == OREG_ARRAY ? "sequence" : "single value");
}

int oreg_yaml_load(struct oreg_document **out, const char *data, size_t len,
	const char *file, const struct oreg_yaml_options *options,
	struct oreg_findings *findings)
{
	struct oreg_yaml_options defaults;
	struct loader l = { 0 };
	yaml_parser_t parser;
	yaml_event_t event;
	unsigned documents = 0;
	bool done = false, parser_ready = false;
	int err = 0;

	*out = NULL;
	if (!options) {
		oreg_yaml_options_init(&defaults);
		options = &defaults;
	}
	l.file = file;
	l.opt = options;
	l.findings = findings;

	if (len > options->max_file_size)
		return oreg_yaml_refuse_size(findings, file, len, options->max_file_size);
	if (refuse_bytes(&l, data, len))
		goto done;
	l.b.doc = oreg_calloc(1, sizeof(*l.b.doc));
	if (!l.b.doc)
		return OREG_ENOMEM;
	oreg_arena_init(&l.b.doc->arena);
	if (!yaml_parser_initialize(&parser)) {
		err = oreg_error(OREG_ENOMEM, "cannot initialise the YAML parser");
		goto done;
	}
	parser_ready = true;
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	while (!done && !l.b.err) {
		if (!yaml_parser_parse(&parser, &event)) {
			err = refuse_syntax(&l, &parser, data, len);
			break;
		}
		done = on_event(&l, &event, &documents);
		yaml_event_delete(&event);
	}
	if (!err && !l.b.err)
		check_root(&l);
	if (!err)
		err = l.b.err;
done:
	if (parser_ready)
		yaml_parser_delete(&parser);
	free(l.frames);
	free(l.items);
	free(l.members);
	if (err < 0 || l.refused || !l.b.doc) {
		oreg_document_free(l.b.doc);
		return err;
	}
	*out = l.b.doc;
	return 0;
}
