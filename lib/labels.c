/*
 * labels.c - the readable labels of enumerated values, taken from the
 * register's own schemas, so that a register changes its themes or kinds
 * by a reviewed schema change and not by a new release of openreg.
 *
 * A schema gives labels the way editors already show them: a oneOf whose
 * alternatives are each a const with a title (Dutch), and an x-title-en
 * (English):
 *
 *     kind:
 *       oneOf:
 *         - {const: gemeente, title: gemeente, x-title-en: municipality}
 *
 * A plain enum is a list of values without labels: each value is its own
 * label.  Labels are collected by property name from the whole schema,
 * following local $refs; the items of an array property count under the
 * array's name ("themes").  The first definition of a name wins, and the
 * order of the alternatives is the order documents list values in.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 16

/* The value a local "$ref": "#/$defs/x" points at, or NULL. */
static const struct oreg_value *resolve(const struct oreg_value *root, const struct oreg_value *ref)
{
	const struct oreg_value *at = root;
	const char *p, *end;

	if (!ref || ref->type != OREG_STRING || strncmp(ref->u.string.ptr, "#/", 2))
		return NULL;
	p = ref->u.string.ptr + 2;
	while (at && *p) {
		char key[128];
		size_t len;

		end = strchr(p, '/');
		len = end ? (size_t)(end - p) : strlen(p);
		if (len >= sizeof(key) || at->type != OREG_OBJECT)
			return NULL;
		memcpy(key, p, len);
		key[len] = '\0';
		at = oreg_value_get(at, key);
		p += len + (end ? 1 : 0);
	}
	return at;
}

static const struct oreg_label_set *find_set(const struct oreg_labels *labels, const char *name)
{
	size_t i;

	for (i = 0; labels && i < labels->count; i++)
		if (!strcmp(labels->sets[i].name, name))
			return &labels->sets[i];
	return NULL;
}

static char *dup_text(const struct oreg_value *v)
{
	if (!v || v->type != OREG_STRING || memchr(v->u.string.ptr, '\0', v->u.string.len))
		return NULL;
	return oreg_strndup(v->u.string.ptr, v->u.string.len);
}

/* The labels of node (a oneOf of consts, or an enum of strings) under name; 0 when node gives none. */
static int take(struct oreg_labels *labels, const char *name, const struct oreg_value *node)
{
	const struct oreg_value *list = oreg_value_get(node, "oneOf"), *e = oreg_value_get(node, "enum");
	struct oreg_label_set set = { 0 };
	size_t i, n;
	int err;

	if (find_set(labels, name))
		return 0;
	if (list && list->type == OREG_ARRAY && list->u.array.count) {
		for (i = 0; i < list->u.array.count; i++) {
			const struct oreg_value *c = oreg_value_get(list->u.array.items[i], "const");

			if (!c || c->type != OREG_STRING)
				return 0; /* not a list of values */
		}
		n = list->u.array.count;
	} else if (e && e->type == OREG_ARRAY && e->u.array.count) {
		for (i = 0; i < e->u.array.count; i++)
			if (e->u.array.items[i]->type != OREG_STRING)
				return 0;
		n = e->u.array.count;
		list = NULL;
	} else {
		return 0;
	}
	if (!(set.name = oreg_strdup(name)) || !(set.items = oreg_calloc(n, sizeof(*set.items)))) {
		free(set.name);
		return OREG_ENOMEM;
	}
	for (i = 0; i < n; i++) {
		struct oreg_label *l = &set.items[set.count++];
		const struct oreg_value *alt = list ? list->u.array.items[i] : NULL;
		const struct oreg_value *value = alt ? oreg_value_get(alt, "const") : e->u.array.items[i];

		l->value = dup_text(value);
		l->nl = alt ? dup_text(oreg_value_get(alt, "title")) : NULL;
		l->en = alt ? dup_text(oreg_value_get(alt, "x-title-en")) : NULL;
		if (!l->nl && l->value)
			l->nl = oreg_strdup(l->value);
		if (!l->en && l->nl)
			l->en = oreg_strdup(l->nl);
		if (!l->value || !l->nl || !l->en) {
			oreg_label_set_release(&set);
			return OREG_ENOMEM;
		}
	}
	if ((err = oreg_grow((void **)&labels->sets, &labels->alloc, labels->count + 1, sizeof(*labels->sets))) < 0) {
		oreg_label_set_release(&set);
		return err;
	}
	labels->sets[labels->count++] = set;
	return 0;
}

static int walk(struct oreg_labels *labels, const struct oreg_value *root, const struct oreg_value *node,
	const char *name, unsigned depth)
{
	const struct oreg_value *props, *v;
	size_t i;
	int err;

	if (!node || node->type != OREG_OBJECT || depth > MAX_DEPTH)
		return 0;
	if ((v = oreg_value_get(node, "$ref")) && (err = walk(labels, root, resolve(root, v), name, depth + 1)) < 0)
		return err;
	if (name && (err = take(labels, name, node)) < 0)
		return err;
	if ((v = oreg_value_get(node, "items")) && (err = walk(labels, root, v, name, depth + 1)) < 0)
		return err;
	if ((v = oreg_value_get(node, "allOf")) && v->type == OREG_ARRAY)
		for (i = 0; i < v->u.array.count; i++)
			if ((err = walk(labels, root, v->u.array.items[i], name, depth + 1)) < 0)
				return err;
	if ((props = oreg_value_get(node, "properties")) && props->type == OREG_OBJECT)
		for (i = 0; i < props->u.object.count; i++)
			if ((err = walk(labels, root, props->u.object.members[i].value, props->u.object.members[i].key,
					depth + 1)) < 0)
				return err;
	return 0;
}

int oreg_labels_collect(struct oreg_labels *out, const struct oreg_value *schema)
{
	return walk(out, schema, schema, NULL, 0);
}

void oreg_label_set_release(struct oreg_label_set *set)
{
	size_t i;

	for (i = 0; i < set->count; i++) {
		free(set->items[i].value);
		free(set->items[i].nl);
		free(set->items[i].en);
	}
	free(set->items);
	free(set->name);
	memset(set, 0, sizeof(*set));
}

void oreg_labels_release(struct oreg_labels *labels)
{
	size_t i;

	if (!labels)
		return;
	for (i = 0; i < labels->count; i++)
		oreg_label_set_release(&labels->sets[i]);
	free(labels->sets);
	memset(labels, 0, sizeof(*labels));
}

const struct oreg_label_set *oreg_register_labels(const struct oreg_register *reg, const char *type,
	const char *name)
{
	const struct oreg_record_type *t = oreg_register_type_named(reg, type);

	return t ? find_set(&t->labels, name) : NULL;
}

const struct oreg_label *oreg_label_find(const struct oreg_label_set *set, const char *value)
{
	size_t i;

	for (i = 0; set && value && i < set->count; i++)
		if (!strcmp(set->items[i].value, value))
			return &set->items[i];
	return NULL;
}

const char *oreg_label_text(const struct oreg_label_set *set, const char *value, enum oreg_language lang)
{
	const struct oreg_label *l = oreg_label_find(set, value);

	return l ? (lang == OREG_LANG_EN ? l->en : l->nl) : value;
}

int oreg_label_rank(const struct oreg_label_set *set, const char *value)
{
	const struct oreg_label *l = oreg_label_find(set, value);

	return l ? (int)(l - set->items) : -1;
}

static char *arena_copy(struct oreg_arena *a, const char *s)
{
	return oreg_arena_strndup(a, s, strlen(s));
}

int oreg_label_set_copy(const struct oreg_label_set **out, const struct oreg_label_set *src, struct oreg_arena *a)
{
	struct oreg_label_set *set;
	size_t i;

	*out = NULL;
	if (!src)
		return 0;
	if (!(set = oreg_arena_alloc(a, sizeof(*set))) ||
		!(set->items = oreg_arena_alloc(a, (src->count + 1) * sizeof(*set->items))) ||
		!(set->name = arena_copy(a, src->name)))
		return OREG_ENOMEM;
	set->count = src->count;
	for (i = 0; i < src->count; i++)
		if (!(set->items[i].value = arena_copy(a, src->items[i].value)) ||
			!(set->items[i].nl = arena_copy(a, src->items[i].nl)) ||
			!(set->items[i].en = arena_copy(a, src->items[i].en)))
			return OREG_ENOMEM;
	*out = set;
	return 0;
}
