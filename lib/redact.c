/*
 * redact.c - a record as a reader may see it.  Every output passes its
 * records through here: personal values never leave, confidential ones
 * only for confidential output.  What a value is comes from the schema's
 * x-visibility, inherited downwards, with the record type's default for
 * values the schema says nothing of.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

struct hidden {
	const struct oreg_value **values;
	size_t n, alloc;
	enum oreg_visibility level, fallback;
	int err;
};

static int collect(const struct oreg_value *v, const char *pointer, const struct oreg_annotation *ann,
	void *payload)
{
	struct hidden *h = payload;
	enum oreg_visibility vis = ann->visibility ? ann->visibility : h->fallback;

	(void)pointer;
	if (vis <= h->level)
		return 0;
	if (oreg_grow((void **)&h->values, &h->alloc, h->n + 1, sizeof(*h->values)) < 0)
		return h->err = OREG_ENOMEM;
	h->values[h->n++] = v;
	return 0;
}

static bool is_hidden(const struct hidden *h, const struct oreg_value *v)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (h->values[i] == v)
			return true;
	return false;
}

static struct oreg_value *copy(struct oreg_arena *arena, const struct hidden *h, const struct oreg_value *v)
{
	struct oreg_value *c = oreg_arena_alloc(arena, sizeof(*c));
	size_t i, n = 0;

	if (!c)
		return NULL;
	*c = *v;
	switch (v->type) {
	case OREG_STRING: {
		char *s = oreg_arena_alloc(arena, v->u.string.len + 1);

		if (!s)
			return NULL;
		memcpy(s, v->u.string.ptr, v->u.string.len + 1);
		c->u.string.ptr = s;
		break;
	}
	case OREG_ARRAY:
		c->u.array.items = oreg_arena_alloc(arena, (v->u.array.count + 1) * sizeof(*c->u.array.items));
		if (!c->u.array.items)
			return NULL;
		for (i = 0; i < v->u.array.count; i++) {
			if (is_hidden(h, v->u.array.items[i]))
				continue;
			if (!(c->u.array.items[n++] = copy(arena, h, v->u.array.items[i])))
				return NULL;
		}
		c->u.array.count = n;
		break;
	case OREG_OBJECT:
		c->u.object.members = oreg_arena_alloc(arena, (v->u.object.count + 1) * sizeof(*c->u.object.members));
		if (!c->u.object.members)
			return NULL;
		for (i = 0; i < v->u.object.count; i++) {
			const struct oreg_member *m = &v->u.object.members[i];
			struct oreg_member *cm;
			char *key;

			if (is_hidden(h, m->value))
				continue;
			cm = &c->u.object.members[n++];
			*cm = *m;
			if (!(key = oreg_arena_alloc(arena, m->key_len + 1)))
				return NULL;
			memcpy(key, m->key, m->key_len + 1);
			cm->key = key;
			if (!(cm->value = copy(arena, h, m->value)))
				return NULL;
		}
		c->u.object.count = n;
		break;
	default:
		break;
	}
	return c;
}

int oreg_document_redact(struct oreg_document **out, const struct oreg_schema *schema,
	const struct oreg_value *root, enum oreg_visibility level, enum oreg_visibility fallback)
{
	struct hidden h = { .level = level, .fallback = fallback ? fallback : OREG_VISIBILITY_CONFIDENTIAL };
	struct oreg_document *doc;
	int err;

	*out = NULL;
	if (level < OREG_VISIBILITY_PUBLIC || level > OREG_VISIBILITY_CONFIDENTIAL)
		return oreg_error(OREG_EINVALID, "personal values never leave the register");
	if ((err = oreg_schema_walk(schema, root, collect, &h)) < 0 || h.err < 0) {
		free(h.values);
		return err < 0 ? err : h.err;
	}
	if (!(doc = oreg_calloc(1, sizeof(*doc)))) {
		free(h.values);
		return OREG_ENOMEM;
	}
	oreg_arena_init(&doc->arena);
	if (is_hidden(&h, root)) {
		/* nothing of the record may be seen: an empty mapping stands for it */
		doc->root = oreg_arena_alloc(&doc->arena, sizeof(*doc->root));
		if (doc->root) {
			memset(doc->root, 0, sizeof(*doc->root));
			doc->root->type = OREG_OBJECT;
			doc->root->line = root->line;
			doc->root->column = root->column;
		}
	} else {
		doc->root = copy(&doc->arena, &h, root);
	}
	free(h.values);
	if (!doc->root) {
		oreg_document_free(doc);
		return OREG_ENOMEM;
	}
	*out = doc;
	return 0;
}
