/*
 * validate.c - check an instance against a compiled schema, and walk an
 * instance with the annotations of the schema that describes it.
 *
 * One checker serves two modes.  With findings it reports every
 * violation in the record, each at the offending value with its JSON
 * pointer.  Without (quick mode) it builds no message and no pointer and
 * stops at the first violation: that is how anyOf, oneOf and not try
 * their branches, and only when no branch fits are the branches run again
 * with messages, to tell the user about the closest one.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"

/* Far beyond any real record; a guard, since loops are refused at compile time. */
#define MAX_DEPTH 1000
/* Longest quoted string in a message, in bytes. */
#define QUOTE_MAX 60
/* Enum values listed in a message before "...". */
#define ENUM_SHOWN 8

struct checker {
	const char *file;
	struct oreg_findings *findings; /* NULL in quick mode */
	struct oreg_buf pointer;
	unsigned depth;
};

/* ---- describing values in messages ---- */

static void add_number(struct oreg_buf *buf, double d)
{
	char tmp[64];

	if (floor(d) == d && fabs(d) < 1e17) {
		snprintf(tmp, sizeof(tmp), "%.0f", d);
	} else {
		for (int precision = 1; precision <= 17; precision++) {
			snprintf(tmp, sizeof(tmp), "%.*g", precision, d);
			if (strtod(tmp, NULL) == d)
				break;
		}
	}
	oreg_buf_adds(buf, tmp);
}

/* s without control characters, cut at QUOTE_MAX bytes on a character boundary. */
static void add_text(struct oreg_buf *buf, const char *s, size_t len)
{
	size_t n = len;

	if (n > QUOTE_MAX) {
		n = QUOTE_MAX;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == '\n')
			oreg_buf_adds(buf, "\\n");
		else if (ch == '\t')
			oreg_buf_adds(buf, "\\t");
		else if (ch < 0x20 || ch == 0x7f)
			oreg_buf_addf(buf, "\\u%04x", ch);
		else
			oreg_buf_addch(buf, (char)ch);
	}
	if (n < len)
		oreg_buf_adds(buf, "...");
}

static void message_string(struct oreg_buf *buf, const char *s, size_t len, bool nested)
{
	(void)nested;
	oreg_buf_addch(buf, '"');
	add_text(buf, s, len);
	oreg_buf_addch(buf, '"');
}

static void message_number(struct oreg_buf *buf, const struct oreg_value *v)
{
	add_number(buf, v->u.number.value);
}

static const struct oreg_value_style message_style = { message_string, message_number, QUOTE_MAX };

/* A value as a message shows it: 'text', 5, true, null, [1, 2]. */
static void add_value(struct oreg_buf *buf, const struct oreg_value *v)
{
	if (v->type == OREG_STRING) {
		oreg_buf_addch(buf, '\'');
		add_text(buf, v->u.string.ptr, v->u.string.len);
		oreg_buf_addch(buf, '\'');
	} else {
		oreg_value_add_line(buf, v, &message_style);
	}
}

static void add_types(struct oreg_buf *buf, unsigned types)
{
	static const struct {
		unsigned bit;
		const char *name;
	} names[] = {
		{ TYPE_STRING, "string" }, { TYPE_INTEGER, "integer" }, { TYPE_NUMBER, "number" },
		{ TYPE_BOOLEAN, "boolean" }, { TYPE_ARRAY, "array" }, { TYPE_OBJECT, "object" },
		{ TYPE_NULL, "null" },
	};
	size_t count = 0, shown = 0;

	if (types & TYPE_NUMBER)
		types &= ~(unsigned)TYPE_INTEGER;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		count += !!(types & names[i].bit);
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		if (!(types & names[i].bit))
			continue;
		if (shown)
			oreg_buf_adds(buf, shown + 1 == count ? " or " : ", ");
		oreg_buf_adds(buf, names[i].name);
		shown++;
	}
}

/* ---- reporting ---- */

static int report(struct checker *c, unsigned line, unsigned column, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/*
 * One violation.  Returns 1 in quick mode (stop: the value is invalid),
 * else 0 after adding the finding, or a negative code.
 */
static int report(struct checker *c, unsigned line, unsigned column, const char *fmt, ...)
{
	va_list ap;
	int ret;

	if (!c->findings)
		return 1;
	if (oreg_buf_error(&c->pointer))
		return OREG_ENOMEM;
	va_start(ap, fmt);
	ret = oreg_findings_vadd(c->findings, OREG_SEVERITY_ERROR, c->file, line, column, OREG_RULE_SCHEMA,
		c->pointer.ptr, fmt, ap);
	va_end(ap);
	return ret;
}

/* The violation at v, in the words built in msg (released). */
static int report_built(struct checker *c, const struct oreg_value *v, struct oreg_buf *msg)
{
	int ret = oreg_buf_error(msg) ? OREG_ENOMEM : report(c, v->line, v->column, "%s", msg->ptr);

	oreg_buf_release(msg);
	return ret;
}

#define REPORT(c, v, ...) \
	do { \
		int report_ = report((c), (v)->line, (v)->column, __VA_ARGS__); \
		if (report_) \
			return report_; \
	} while (0)

#define CHECK(expr) \
	do { \
		int check_ = (expr); \
		if (check_) \
			return check_; \
	} while (0)

static size_t push_key(struct checker *c, const char *key, size_t len)
{
	size_t mark = c->pointer.len;

	if (c->findings) {
		oreg_buf_addch(&c->pointer, '/');
		oreg_buf_add_pointer_token(&c->pointer, key, len);
	}
	return mark;
}

static size_t push_index(struct checker *c, size_t i)
{
	size_t mark = c->pointer.len;

	if (c->findings)
		oreg_buf_add_index(&c->pointer, i);
	return mark;
}

/* ---- the checks ---- */

static int check(struct checker *c, const struct schema_node *n, const struct oreg_value *v);

static int type_matches(unsigned types, const struct oreg_value *v)
{
	switch (v->type) {
	case OREG_NULL:
		return types & TYPE_NULL;
	case OREG_BOOLEAN:
		return types & TYPE_BOOLEAN;
	case OREG_NUMBER:
		if (types & TYPE_NUMBER)
			return 1;
		return (types & TYPE_INTEGER) && isfinite(v->u.number.value) &&
			floor(v->u.number.value) == v->u.number.value;
	case OREG_STRING:
		return types & TYPE_STRING;
	case OREG_ARRAY:
		return types & TYPE_ARRAY;
	case OREG_OBJECT:
		return types & TYPE_OBJECT;
	}
	return 0;
}

static int check_type(struct checker *c, const struct schema_node *n, const struct oreg_value *v)
{
	struct oreg_buf msg = OREG_BUF_INIT;

	if (type_matches(n->types, v))
		return 0;
	if (!c->findings)
		return 1;
	oreg_buf_adds(&msg, "expected ");
	add_types(&msg, n->types);
	if (v->type == OREG_NULL) {
		/* "city:" with nothing after it */
		oreg_buf_adds(&msg, ", got an empty value (null): fill it in or leave the field out");
	} else {
		oreg_buf_addf(&msg, ", got %s ", oreg_value_type_name(v->type));
		if (v->type != OREG_ARRAY && v->type != OREG_OBJECT)
			add_value(&msg, v);
		else
			oreg_buf_truncate(&msg, msg.len - 1);
		if ((n->types & TYPE_STRING) && v->type != OREG_ARRAY && v->type != OREG_OBJECT)
			oreg_buf_adds(&msg, ": quote the value");
	}
	return report_built(c, v, &msg);
}

static int same_but_case(const char *a, size_t alen, const char *b, size_t blen)
{
	if (alen != blen)
		return 0;
	for (size_t i = 0; i < alen; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];

		if (x != y && !(x < 0x80 && y < 0x80 && (x | 0x20) == (y | 0x20) && (x | 0x20) >= 'a' && (x | 0x20) <= 'z'))
			return 0;
	}
	return 1;
}

/*
 * ": did you mean 'structureel'?" after the list, for a string that
 * differs from an allowed one in case only, or by at most two edits (a
 * swap of neighbours counting as one) when that is less than its length.
 */
static const struct oreg_value *enum_value_at(const void *src, size_t i)
{
	return ((const struct schema_node *)src)->enum_values[i];
}

static const struct oreg_value *const_value_at(const void *src, size_t i)
{
	return ((const struct schema_list *)src)->items[i]->const_value;
}

/* The allowed values come from an enum or from a oneOf/anyOf of constants: at(src, i) gives each. */
static void add_enum_suggestion(struct oreg_buf *msg, const struct oreg_value *(*at)(const void *, size_t),
	const void *src, size_t count, const struct oreg_value *v)
{
	const struct oreg_value *best = NULL;
	size_t best_distance = 3;
	int case_only = 0;

	if (v->type != OREG_STRING)
		return;
	for (size_t i = 0; i < count && !case_only; i++) {
		const struct oreg_value *e = at(src, i);
		size_t d;

		if (e->type != OREG_STRING)
			continue;
		if (same_but_case(v->u.string.ptr, v->u.string.len, e->u.string.ptr, e->u.string.len)) {
			best = e;
			case_only = 1;
			break;
		}
		d = oreg_edit_distance(v->u.string.ptr, v->u.string.len, e->u.string.ptr, e->u.string.len, 2,
			OREG_EDIT_SWAP);
		if (d < best_distance && d < v->u.string.len) {
			best = e;
			best_distance = d;
		}
	}
	if (!best)
		return;
	oreg_buf_adds(msg, ": did you mean '");
	add_text(msg, best->u.string.ptr, best->u.string.len);
	oreg_buf_adds(msg, case_only ? "'? (case matters)" : "'?");
}

static int check_enum(struct checker *c, const struct schema_node *n, const struct oreg_value *v)
{
	struct oreg_buf msg = OREG_BUF_INIT;

	for (size_t i = 0; i < n->enum_count; i++)
		if (oreg_value_equal(n->enum_values[i], v))
			return 0;
	if (!c->findings)
		return 1;
	oreg_buf_adds(&msg, "value ");
	add_value(&msg, v);
	if (n->enum_count == 0)
		oreg_buf_adds(&msg, " is not allowed: 'enum' lists no values");
	else
		oreg_buf_adds(&msg, " is not one of: ");
	for (size_t i = 0; i < n->enum_count && i < ENUM_SHOWN; i++) {
		const struct oreg_value *e = n->enum_values[i];

		if (i)
			oreg_buf_adds(&msg, ", ");
		if (e->type == OREG_STRING)
			add_text(&msg, e->u.string.ptr, e->u.string.len);
		else
			oreg_value_add_line(&msg, e, &message_style);
	}
	if (n->enum_count > ENUM_SHOWN)
		oreg_buf_addf(&msg, ", ... (%zu values)", n->enum_count);
	add_enum_suggestion(&msg, enum_value_at, n, n->enum_count, v);
	return report_built(c, v, &msg);
}

static int check_const(struct checker *c, const struct schema_node *n, const struct oreg_value *v)
{
	struct oreg_buf msg = OREG_BUF_INIT;

	if (oreg_value_equal(n->const_value, v))
		return 0;
	if (!c->findings)
		return 1;
	oreg_buf_adds(&msg, "value ");
	add_value(&msg, v);
	oreg_buf_adds(&msg, " must be ");
	add_value(&msg, n->const_value);
	return report_built(c, v, &msg);
}

/* A message about string v: "'text' <what>". */
static int report_string(struct checker *c, const struct oreg_value *v, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int report_string(struct checker *c, const struct oreg_value *v, const char *fmt, ...)
{
	struct oreg_buf msg = OREG_BUF_INIT;
	va_list ap;

	if (!c->findings)
		return 1;
	add_value(&msg, v);
	oreg_buf_addch(&msg, ' ');
	va_start(ap, fmt);
	oreg_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	return report_built(c, v, &msg);
}

/* NNNN-NN-NN: written right, but perhaps not a real day. */
static bool is_date_shaped(const char *s, size_t len)
{
	static const char shape[] = "9999-99-99";
	size_t i;

	if (len != 10)
		return false;
	for (i = 0; i < len; i++)
		if (shape[i] == '9' ? (s[i] < '0' || s[i] > '9') : s[i] != '-')
			return false;
	return true;
}

static int check_string(struct checker *c, const struct schema_node *n, const struct oreg_value *v)
{
	if (n->flags & (HAS_MIN_LENGTH | HAS_MAX_LENGTH)) {
		size_t length = oreg_utf8_length(v->u.string.ptr, v->u.string.len);

		if ((n->flags & HAS_MIN_LENGTH) && length < n->min_length)
			CHECK(report_string(c, v, "is shorter than %zu character%s", n->min_length,
				n->min_length == 1 ? "" : "s"));
		if ((n->flags & HAS_MAX_LENGTH) && length > n->max_length)
			CHECK(report_string(c, v, "is longer than %zu character%s", n->max_length,
				n->max_length == 1 ? "" : "s"));
	}
	if (n->pattern) {
		int ret = oreg_regex_search(n->pattern, v->u.string.ptr, v->u.string.len);

		if (ret == 0)
			CHECK(report_string(c, v, "does not match pattern '%s'", n->pattern_source));
		else if (ret == OREG_ENOMEM)
			return ret;
		else if (ret < 0)
			CHECK(report_string(c, v, "could not be checked against pattern '%s': %s",
				n->pattern_source, oreg_error_message()));
	}
	if (n->flags & HAS_FORMAT_DATE) {
		int32_t date;

		if (oreg_date_parse(&date, v->u.string.ptr, v->u.string.len) < 0)
			CHECK(report_string(c, v, is_date_shaped(v->u.string.ptr, v->u.string.len)
				? "is not a day of the calendar: check the month and the day"
				: "is not a valid date: write YYYY-MM-DD"));
	}
	return 0;
}

static int check_number(struct checker *c, const struct schema_node *n, const struct oreg_value *v)
{
	double d = v->u.number.value;
	struct oreg_buf a = OREG_BUF_INIT, b = OREG_BUF_INIT;
	const char *what;
	double limit;
	int ret;

	if ((n->flags & HAS_MINIMUM) && d < n->minimum) {
		what = "less than the minimum";
		limit = n->minimum;
	} else if ((n->flags & HAS_MAXIMUM) && d > n->maximum) {
		what = "greater than the maximum";
		limit = n->maximum;
	} else {
		return 0;
	}
	if (!c->findings)
		return 1;
	add_number(&a, d);
	add_number(&b, limit);
	ret = oreg_buf_error(&a) || oreg_buf_error(&b) ? OREG_ENOMEM :
		report(c, v->line, v->column, "value %s is %s %s", a.ptr, what, b.ptr);
	oreg_buf_release(&a);
	oreg_buf_release(&b);
	return ret;
}

static int check_array(struct checker *c, const struct schema_node *n, const struct oreg_value *v)
{
	size_t count = v->u.array.count;

	if ((n->flags & HAS_MIN_ITEMS) && count < n->min_items)
		REPORT(c, v, "array has %zu item%s, at least %zu required", count, count == 1 ? "" : "s",
			n->min_items);
	if ((n->flags & HAS_MAX_ITEMS) && count > n->max_items)
		REPORT(c, v, "array has %zu item%s, at most %zu allowed", count, count == 1 ? "" : "s",
			n->max_items);
	if (n->flags & HAS_UNIQUE_ITEMS) {
		for (size_t j = 1; j < count; j++) {
			const struct oreg_value *item = v->u.array.items[j];

			for (size_t i = 0; i < j; i++) {
				if (oreg_value_equal(v->u.array.items[i], item)) {
					struct oreg_buf shown = OREG_BUF_INIT;
					size_t mark = push_index(c, j);
					int ret;

					add_value(&shown, item);
					ret = report(c, item->line, item->column,
						"duplicate item %s at index %zu: it equals the item at index %zu",
						shown.ptr, j, i);
					oreg_buf_release(&shown);
					oreg_buf_truncate(&c->pointer, mark);
					CHECK(ret);
					break;
				}
			}
		}
	}
	if (n->items) {
		for (size_t i = 0; i < count; i++) {
			size_t mark = push_index(c, i);
			int ret = check(c, n->items, v->u.array.items[i]);

			oreg_buf_truncate(&c->pointer, mark);
			CHECK(ret);
		}
	}
	return 0;
}

static const struct schema_node *property(const struct schema_node *n, const char *key, size_t len)
{
	for (size_t i = 0; i < n->property_count; i++)
		if (n->properties[i].len == len && !memcmp(n->properties[i].name, key, len))
			return n->properties[i].schema;
	return NULL;
}

/*
 * Whether key matches the i-th pattern of patternProperties: 1 or 0, or
 * negative when the search failed (OREG_ELIMIT on too much backtracking)
 * with the reason in oreg_error_message().
 */
static int pattern_matches(const struct schema_node *n, size_t i, const char *key, size_t len)
{
	return oreg_regex_search(n->pattern_properties[i].regex, key, len);
}

static int report_additional(struct checker *c, const struct schema_node *n, const struct oreg_member *m)
{
	const char *best = NULL;
	size_t best_distance = 3;

	if (!c->findings)
		return 1;
	for (size_t i = 0; i < n->property_count; i++) {
		size_t d = oreg_edit_distance(m->key, m->key_len, n->properties[i].name,
			n->properties[i].len, 2, OREG_EDIT_SWAP);

		if (d < best_distance && d < m->key_len) {
			best = n->properties[i].name;
			best_distance = d;
		}
	}
	if (best)
		return report(c, m->line, m->column, "property '%s' is not allowed: did you mean '%s'?",
			m->key, best);
	return report(c, m->line, m->column, "property '%s' is not allowed here", m->key);
}

static int check_object(struct checker *c, const struct schema_node *n, const struct oreg_value *v)
{
	for (size_t i = 0; i < n->required_count; i++) {
		int found = 0;

		for (size_t k = 0; k < v->u.object.count && !found; k++)
			found = v->u.object.members[k].key_len == n->required[i].len &&
				!memcmp(v->u.object.members[k].key, n->required[i].name, n->required[i].len);
		if (!found)
			REPORT(c, v, "missing required property '%s'", n->required[i].name);
	}
	if (!n->property_count && !n->pattern_property_count && !n->additional)
		return 0;
	for (size_t k = 0; k < v->u.object.count; k++) {
		const struct oreg_member *m = &v->u.object.members[k];
		const struct schema_node *sub = property(n, m->key, m->key_len);
		int matched = sub != NULL;
		size_t mark = push_key(c, m->key, m->key_len);
		int ret = sub ? check(c, sub, m->value) : 0;

		/* Every matching pattern applies, also to a member 'properties' names. */
		for (size_t i = 0; i < n->pattern_property_count && !ret; i++) {
			int found = pattern_matches(n, i, m->key, m->key_len);

			if (found == 1) {
				matched = 1;
				ret = check(c, n->pattern_properties[i].schema, m->value);
			} else if (found == OREG_ENOMEM) {
				ret = found;
			} else if (found < 0) {
				/* Undecided: not additional either, which would be a second, false finding. */
				matched = 1;
				ret = report(c, m->line, m->column,
					"property '%s' could not be checked against pattern '%s': %s", m->key,
					n->pattern_properties[i].source, oreg_error_message());
			}
		}
		if (!ret && !matched && n->additional) {
			if (n->additional->boolean == 0)
				ret = report_additional(c, n, m);
			else
				ret = check(c, n->additional, m->value);
		}
		oreg_buf_truncate(&c->pointer, mark);
		CHECK(ret);
	}
	return 0;
}

/* 0 when v is valid against n, 1 when not, negative on failure; no findings. */
static int quick(struct checker *c, const struct schema_node *n, const struct oreg_value *v)
{
	struct oreg_findings *saved = c->findings;
	int ret;

	c->findings = NULL;
	ret = check(c, n, v);
	c->findings = saved;
	return ret;
}

/* Is every alternative a string constant (with annotations only), as in a list of labelled values? */
static bool all_const_strings(const struct schema_list *list)
{
	for (size_t i = 0; i < list->count; i++) {
		const struct schema_node *b = list->items[i];

		if (b->boolean >= 0 || b->flags != HAS_CONST || !b->const_value ||
			b->const_value->type != OREG_STRING || b->types || b->ref || b->property_count ||
			b->required_count || b->all_of.count || b->any_of.count || b->one_of.count || b->not_schema ||
			b->items || b->pattern || b->additional || b->pattern_property_count)
			return false;
	}
	return list->count > 0;
}

/*
 * No branch of anyOf or oneOf fits: run them again with messages and
 * report the one that fails least, in one finding.
 */
static int report_no_branch(struct checker *c, const struct schema_list *list, const char *keyword,
	const struct oreg_value *v)
{
	struct oreg_findings *saved = c->findings, scratch, best;
	struct oreg_buf msg = OREG_BUF_INIT;
	int ret = 0;

	/* a list of constants is how a schema gives values labels: say it like enum does */
	if (all_const_strings(list)) {
		oreg_buf_adds(&msg, "value ");
		add_value(&msg, v);
		oreg_buf_adds(&msg, " is not one of: ");
		for (size_t i = 0; i < list->count && i < ENUM_SHOWN; i++) {
			const struct oreg_value *e = list->items[i]->const_value;

			oreg_buf_adds(&msg, i ? ", " : "");
			add_text(&msg, e->u.string.ptr, e->u.string.len);
		}
		if (list->count > ENUM_SHOWN)
			oreg_buf_addf(&msg, ", ... (%zu values)", list->count);
		add_enum_suggestion(&msg, const_value_at, list, list->count, v);
		return report_built(c, v, &msg);
	}
	oreg_findings_init(&best);
	for (size_t i = 0; i < list->count; i++) {
		oreg_findings_init(&scratch);
		c->findings = &scratch;
		ret = check(c, list->items[i], v);
		c->findings = saved;
		if (ret < 0) {
			oreg_findings_release(&scratch);
			goto done;
		}
		if (scratch.count && (!best.count || scratch.count < best.count)) {
			oreg_findings_release(&best);
			best = scratch;
		} else {
			oreg_findings_release(&scratch);
		}
	}
	oreg_buf_addf(&msg, "value matches none of the %zu '%s' alternatives", list->count, keyword);
	if (best.count) {
		const struct oreg_finding *f = &best.items[0];

		if (strcmp(f->pointer, c->pointer.ptr))
			oreg_buf_addf(&msg, "; the closest fails at '%s' with: %s", f->pointer, f->message);
		else
			oreg_buf_addf(&msg, "; the closest fails with: %s", f->message);
	}
	ret = report_built(c, v, &msg);
done:
	oreg_findings_release(&best);
	oreg_buf_release(&msg);
	return ret;
}

static int check_any_of(struct checker *c, const struct schema_node *n, const struct oreg_value *v)
{
	for (size_t i = 0; i < n->any_of.count; i++) {
		int ret = quick(c, n->any_of.items[i], v);

		if (ret <= 0)
			return ret;
	}
	if (!c->findings)
		return 1;
	return report_no_branch(c, &n->any_of, "anyOf", v);
}

static int check_one_of(struct checker *c, const struct schema_node *n, const struct oreg_value *v)
{
	size_t matches = 0, first = 0, second = 0;

	for (size_t i = 0; i < n->one_of.count; i++) {
		int ret = quick(c, n->one_of.items[i], v);

		if (ret < 0)
			return ret;
		if (ret == 0) {
			if (matches == 0)
				first = i;
			else if (matches == 1)
				second = i;
			matches++;
		}
	}
	if (matches == 1)
		return 0;
	if (!c->findings)
		return 1;
	if (matches == 0)
		return report_no_branch(c, &n->one_of, "oneOf", v);
	return report(c, v->line, v->column,
		"value matches %zu of the 'oneOf' alternatives (%s and %s) but must match exactly one",
		matches, n->one_of.items[first]->location, n->one_of.items[second]->location);
}

static int check(struct checker *c, const struct schema_node *n, const struct oreg_value *v)
{
	int ret = 0;

	if (n->boolean == 1)
		return 0;
	if (n->boolean == 0)
		REPORT(c, v, "value is not allowed here: the schema is false");
	if (c->depth >= MAX_DEPTH)
		REPORT(c, v, "value is nested too deeply to be checked");
	c->depth++;
	if (n->types && (ret = check_type(c, n, v)))
		goto done;
	if (n->types && !type_matches(n->types, v))
		goto done; /* one finding per value: its other keywords add only noise */
	if ((n->flags & HAS_CONST) && (ret = check_const(c, n, v)))
		goto done;
	if ((n->flags & HAS_ENUM) && (ret = check_enum(c, n, v)))
		goto done;
	switch (v->type) {
	case OREG_STRING:
		ret = check_string(c, n, v);
		break;
	case OREG_NUMBER:
		ret = check_number(c, n, v);
		break;
	case OREG_ARRAY:
		ret = check_array(c, n, v);
		break;
	case OREG_OBJECT:
		ret = check_object(c, n, v);
		break;
	default:
		break;
	}
	if (ret)
		goto done;
	if (n->ref && (ret = check(c, n->ref, v)))
		goto done;
	for (size_t i = 0; i < n->all_of.count; i++)
		if ((ret = check(c, n->all_of.items[i], v)))
			goto done;
	if (n->any_of.count && (ret = check_any_of(c, n, v)))
		goto done;
	if (n->one_of.count && (ret = check_one_of(c, n, v)))
		goto done;
	if (n->not_schema) {
		ret = quick(c, n->not_schema, v);
		if (ret == 0)
			ret = report(c, v->line, v->column, "value must not match the schema at '%s'",
				n->not_schema->location);
		else if (ret == 1)
			ret = 0;
	}
done:
	c->depth--;
	return ret;
}

int oreg_schema_validate(const struct oreg_schema *schema, const struct oreg_value *instance,
	const char *file, struct oreg_findings *findings)
{
	struct checker c;
	size_t before = findings->count;
	int ret;

	memset(&c, 0, sizeof(c));
	c.file = file;
	c.findings = findings;
	oreg_buf_init(&c.pointer);
	ret = check(&c, schema->root, instance);
	oreg_buf_release(&c.pointer);
	if (ret < 0)
		return ret == OREG_ENOMEM ? oreg_error(OREG_ENOMEM, "out of memory") : ret;
	return (int)(findings->count - before);
}

/* ---- walking ---- */

struct walker {
	oreg_schema_visit_fn fn;
	void *payload;
	struct oreg_buf pointer;
	const struct schema_node **stack;
	size_t len, alloc;
};

static int push_node(struct walker *w, const struct schema_node *n)
{
	if (oreg_grow((void **)&w->stack, &w->alloc, w->len + 1, sizeof(*w->stack)) < 0)
		return OREG_ENOMEM;
	w->stack[w->len++] = n;
	return 0;
}

/* Add n and what it applies in place ($ref, allOf) to the stack above base. */
static int add_closure(struct walker *w, size_t base, const struct schema_node *n)
{
	if (!n || n->boolean >= 0)
		return 0;
	for (size_t i = base; i < w->len; i++)
		if (w->stack[i] == n)
			return 0;
	CHECK(push_node(w, n));
	CHECK(add_closure(w, base, n->ref));
	for (size_t i = 0; i < n->all_of.count; i++)
		CHECK(add_closure(w, base, n->all_of.items[i]));
	return 0;
}

/*
 * Add to the stack the schemas n gives member m: its 'properties' entry,
 * then every matching 'patternProperties' entry (so that their
 * annotations win), else 'additionalProperties'.  A pattern search that
 * fails (too much backtracking; validation reports it) applies neither
 * that pattern nor additionalProperties, as validation does.
 */
static int push_member_schemas(struct walker *w, const struct schema_node *n, const struct oreg_member *m)
{
	const struct schema_node *sub = property(n, m->key, m->key_len);
	int matched = sub != NULL;

	if (sub)
		CHECK(push_node(w, sub));
	for (size_t i = 0; i < n->pattern_property_count; i++) {
		int found = pattern_matches(n, i, m->key, m->key_len);

		if (found == OREG_ENOMEM)
			return found;
		if (found != 0)
			matched = 1;
		if (found == 1)
			CHECK(push_node(w, n->pattern_properties[i].schema));
	}
	if (!matched && n->additional)
		CHECK(push_node(w, n->additional));
	return 0;
}

/* Visit v, described by the count schemas on the stack from first. */
static int walk(struct walker *w, size_t first, size_t count, const struct oreg_annotation *inherited,
	const struct oreg_value *v)
{
	struct oreg_annotation annotation = *inherited, child;
	size_t base = w->len, end;
	int ret = 0;

	for (size_t i = first; i < first + count; i++)
		if ((ret = add_closure(w, base, w->stack[i])))
			goto done;
	end = w->len;
	for (size_t i = base; i < end; i++) {
		const struct schema_node *n = w->stack[i];

		if (n->visibility)
			annotation.visibility = n->visibility;
		if (n->ref_type)
			annotation.ref_type = n->ref_type;
		if (n->flags & HAS_ALLOW)
			annotation.allow = n->allow;
		if (n->flags & HAS_ROLES)
			annotation.roles = 1;
	}
	if (oreg_buf_error(&w->pointer)) {
		ret = OREG_ENOMEM;
		goto done;
	}
	if ((ret = w->fn(v, w->pointer.ptr, &annotation, w->payload)))
		goto done;
	child = annotation;
	if (v->type == OREG_ARRAY) {
		/* x-ref on an array names the type of its items too. */
		for (size_t k = 0; k < v->u.array.count; k++) {
			size_t mark = w->pointer.len, top = w->len;

			for (size_t i = base; i < end && !ret; i++)
				if (w->stack[i]->items)
					ret = push_node(w, w->stack[i]->items);
			oreg_buf_add_index(&w->pointer, k);
			if (!ret)
				ret = walk(w, top, w->len - top, &child, v->u.array.items[k]);
			w->len = top;
			oreg_buf_truncate(&w->pointer, mark);
			if (ret)
				goto done;
		}
	} else if (v->type == OREG_OBJECT) {
		child.ref_type = NULL;
		for (size_t k = 0; k < v->u.object.count; k++) {
			const struct oreg_member *m = &v->u.object.members[k];
			size_t mark = w->pointer.len, top = w->len;

			for (size_t i = base; i < end && !ret; i++)
				ret = push_member_schemas(w, w->stack[i], m);
			oreg_buf_addch(&w->pointer, '/');
			oreg_buf_add_pointer_token(&w->pointer, m->key, m->key_len);
			if (!ret)
				ret = walk(w, top, w->len - top, &child, m->value);
			w->len = top;
			oreg_buf_truncate(&w->pointer, mark);
			if (ret)
				goto done;
		}
	}
done:
	w->len = base;
	return ret;
}

int oreg_schema_walk(const struct oreg_schema *schema, const struct oreg_value *instance,
	oreg_schema_visit_fn fn, void *payload)
{
	struct walker w;
	struct oreg_annotation none = { OREG_VISIBILITY_UNSET, NULL, 0, 0 };
	int ret;

	memset(&w, 0, sizeof(w));
	w.fn = fn;
	w.payload = payload;
	oreg_buf_init(&w.pointer);
	ret = push_node(&w, schema->root);
	if (!ret)
		ret = walk(&w, 0, 1, &none, instance);
	free(w.stack);
	oreg_buf_release(&w.pointer);
	if (ret == OREG_ENOMEM)
		return oreg_error(OREG_ENOMEM, "out of memory");
	return ret;
}
