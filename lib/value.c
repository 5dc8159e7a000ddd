/* value.c - loaded documents: lookup, equality, names. */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const struct oreg_value *oreg_document_root(const struct oreg_document *doc)
{
	return doc ? doc->root : NULL;
}

void oreg_document_free(struct oreg_document *doc)
{
	if (!doc)
		return;
	oreg_arena_release(&doc->arena);
	free(doc);
}

struct oreg_value *oreg_build_value(struct oreg_document_builder *b, enum oreg_value_type type, unsigned line,
	unsigned column)
{
	struct oreg_value *v = oreg_arena_alloc(&b->doc->arena, sizeof(*v));

	if (!v) {
		b->err = OREG_ENOMEM;
		return NULL;
	}
	memset(v, 0, sizeof(*v));
	v->type = type;
	v->line = line;
	v->column = column;
	return v;
}

char *oreg_build_string(struct oreg_document_builder *b, const char *s, size_t len)
{
	char *p = oreg_arena_strndup(&b->doc->arena, s, len);

	if (!p)
		b->err = OREG_ENOMEM;
	return p;
}

const struct oreg_value *oreg_value_get(const struct oreg_value *object, const char *key)
{
	size_t i, len;

	if (!object || object->type != OREG_OBJECT)
		return NULL;
	len = strlen(key);
	for (i = 0; i < object->u.object.count; i++) {
		const struct oreg_member *m = &object->u.object.members[i];

		if (m->key_len == len && !memcmp(m->key, key, len))
			return m->value;
	}
	return NULL;
}

int oreg_value_is_string(const struct oreg_value *value, const char *s)
{
	size_t len = strlen(s);

	return value && value->type == OREG_STRING && value->u.string.len == len &&
		!memcmp(value->u.string.ptr, s, len);
}

static const struct oreg_member *find_member(const struct oreg_value *object,
	const char *key, size_t len)
{
	size_t i;

	for (i = 0; i < object->u.object.count; i++) {
		const struct oreg_member *m = &object->u.object.members[i];

		if (m->key_len == len && !memcmp(m->key, key, len))
			return m;
	}
	return NULL;
}

int oreg_value_equal(const struct oreg_value *a, const struct oreg_value *b)
{
	size_t i;

	if (a->type != b->type)
		return 0;
	switch (a->type) {
	case OREG_NULL:
		return 1;
	case OREG_BOOLEAN:
		return !a->u.boolean == !b->u.boolean;
	case OREG_NUMBER:
		/* YAML has .nan, JSON does not: a value equals itself, .nan included */
		return a->u.number.value == b->u.number.value ||
			(isnan(a->u.number.value) && isnan(b->u.number.value));
	case OREG_STRING:
		return a->u.string.len == b->u.string.len &&
			!memcmp(a->u.string.ptr, b->u.string.ptr, a->u.string.len);
	case OREG_ARRAY:
		if (a->u.array.count != b->u.array.count)
			return 0;
		for (i = 0; i < a->u.array.count; i++)
			if (!oreg_value_equal(a->u.array.items[i], b->u.array.items[i]))
				return 0;
		return 1;
	case OREG_OBJECT:
		/* keys are unique (the loader refuses duplicates) */
		if (a->u.object.count != b->u.object.count)
			return 0;
		for (i = 0; i < a->u.object.count; i++) {
			const struct oreg_member *ma = &a->u.object.members[i];
			const struct oreg_member *mb = find_member(b, ma->key, ma->key_len);

			if (!mb || !oreg_value_equal(ma->value, mb->value))
				return 0;
		}
		return 1;
	}
	return 0;
}

const char *oreg_value_type_name(enum oreg_value_type type)
{
	switch (type) {
	case OREG_NULL: return "null";
	case OREG_BOOLEAN: return "boolean";
	case OREG_NUMBER: return "number";
	case OREG_STRING: return "string";
	case OREG_ARRAY: return "array";
	case OREG_OBJECT: return "object";
	}
	return "unknown";
}
