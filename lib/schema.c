/*
 * schema.c - compile a JSON Schema (the draft 2020-12 subset of the
 * brief) into struct schema_node trees, once, so that validation never
 * looks at keyword names again.  Validation and walking are in
 * validate.c.
 *
 * Every problem in the schema is a finding with rule "schema-definition";
 * compiling goes on after one, so that a schema author sees them all.
 * '$ref' targets are resolved after the whole tree is compiled, which is
 * what makes recursive references terminate: a node is compiled once per
 * schema value, and a reference only points at it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"

enum keyword {
	KW_UNKNOWN,
	KW_TYPE,
	KW_ENUM,
	KW_CONST,
	KW_REQUIRED,
	KW_PROPERTIES,
	KW_PATTERN_PROPERTIES,
	KW_ADDITIONAL_PROPERTIES,
	KW_PATTERN,
	KW_MIN_LENGTH,
	KW_MAX_LENGTH,
	KW_MINIMUM,
	KW_MAXIMUM,
	KW_ITEMS,
	KW_MIN_ITEMS,
	KW_MAX_ITEMS,
	KW_UNIQUE_ITEMS,
	KW_DEFS,
	KW_REF,
	KW_ALL_OF,
	KW_ANY_OF,
	KW_ONE_OF,
	KW_NOT,
	KW_FORMAT,
	KW_SCHEMA,
	KW_ID,
	KW_STRING_ANNOTATION, /* $comment, title, description */
	KW_ANY_ANNOTATION,    /* default, examples */
	KW_BOOLEAN_ANNOTATION, /* deprecated, readOnly, writeOnly */
	KW_X_VISIBILITY,
	KW_X_REF,
	KW_X_ALLOW,
	KW_X_ROLES,
};

static const struct oreg_named keywords[] = {
	{ "type", KW_TYPE },
	{ "enum", KW_ENUM },
	{ "const", KW_CONST },
	{ "required", KW_REQUIRED },
	{ "properties", KW_PROPERTIES },
	{ "patternProperties", KW_PATTERN_PROPERTIES },
	{ "additionalProperties", KW_ADDITIONAL_PROPERTIES },
	{ "pattern", KW_PATTERN },
	{ "minLength", KW_MIN_LENGTH },
	{ "maxLength", KW_MAX_LENGTH },
	{ "minimum", KW_MINIMUM },
	{ "maximum", KW_MAXIMUM },
	{ "items", KW_ITEMS },
	{ "minItems", KW_MIN_ITEMS },
	{ "maxItems", KW_MAX_ITEMS },
	{ "uniqueItems", KW_UNIQUE_ITEMS },
	{ "$defs", KW_DEFS },
	{ "$ref", KW_REF },
	{ "allOf", KW_ALL_OF },
	{ "anyOf", KW_ANY_OF },
	{ "oneOf", KW_ONE_OF },
	{ "not", KW_NOT },
	{ "format", KW_FORMAT },
	{ "$schema", KW_SCHEMA },
	{ "$id", KW_ID },
	{ "$comment", KW_STRING_ANNOTATION },
	{ "title", KW_STRING_ANNOTATION },
	{ "description", KW_STRING_ANNOTATION },
	{ "x-title-en", KW_STRING_ANNOTATION }, /* the English label of a value (labels.c) */
	{ "default", KW_ANY_ANNOTATION },
	{ "examples", KW_ANY_ANNOTATION },
	{ "deprecated", KW_BOOLEAN_ANNOTATION },
	{ "readOnly", KW_BOOLEAN_ANNOTATION },
	{ "writeOnly", KW_BOOLEAN_ANNOTATION },
	{ "x-visibility", KW_X_VISIBILITY },
	{ "x-ref", KW_X_REF },
	{ "x-allow", KW_X_ALLOW },
	{ "x-roles", KW_X_ROLES }, /* strings are roles of register.yaml (privacy.c) */
};

static const struct oreg_named type_names[] = {
	{ "null", TYPE_NULL },
	{ "boolean", TYPE_BOOLEAN },
	{ "integer", TYPE_INTEGER },
	{ "number", TYPE_NUMBER },
	{ "string", TYPE_STRING },
	{ "array", TYPE_ARRAY },
	{ "object", TYPE_OBJECT },
};

struct compiled {
	const struct oreg_value *value;
	struct schema_node *node;
};

struct compiler {
	struct oreg_schema *schema;
	const struct oreg_value *root;
	const char *file;
	struct oreg_findings *findings;
	size_t problems;
	int failure; /* a negative code once something failed */

	struct compiled *map; /* schema value -> its node */
	size_t map_count, map_alloc;
	struct schema_node **refs; /* nodes whose $ref awaits resolution */
	size_t ref_count, ref_alloc;
	struct oreg_buf location;
};

static void problem(struct compiler *c, unsigned line, unsigned column, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void problem(struct compiler *c, unsigned line, unsigned column, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = oreg_findings_vadd(c->findings, OREG_SEVERITY_ERROR, c->file, line, column, OREG_RULE_SCHEMA_DEF,
		c->location.ptr + 1, fmt, ap);
	va_end(ap);
	if (ret < 0 && !c->failure)
		c->failure = ret;
	c->problems++;
}

static void *alloc(struct compiler *c, size_t size)
{
	void *p = oreg_arena_alloc(&c->schema->arena, size ? size : 1);

	if (!p) {
		c->failure = OREG_ENOMEM;
		return NULL;
	}
	memset(p, 0, size ? size : 1);
	return p;
}

static char *copy_string(struct compiler *c, const char *s, size_t len)
{
	char *p = alloc(c, len + 1);

	if (p)
		memcpy(p, s, len);
	return p;
}

/* A deep copy of v in the schema's arena: enum and const outlive the document. */
static struct oreg_value *copy_value(struct compiler *c, const struct oreg_value *v)
{
	struct oreg_value *copy = alloc(c, sizeof(*copy));

	if (!copy)
		return NULL;
	*copy = *v;
	switch (v->type) {
	case OREG_STRING:
		copy->u.string.ptr = copy_string(c, v->u.string.ptr, v->u.string.len);
		if (!copy->u.string.ptr)
			return NULL;
		break;
	case OREG_ARRAY:
		copy->u.array.items = alloc(c, v->u.array.count * sizeof(*copy->u.array.items));
		if (!copy->u.array.items)
			return NULL;
		for (size_t i = 0; i < v->u.array.count; i++)
			if (!(copy->u.array.items[i] = copy_value(c, v->u.array.items[i])))
				return NULL;
		break;
	case OREG_OBJECT:
		copy->u.object.members = alloc(c, v->u.object.count * sizeof(*copy->u.object.members));
		if (!copy->u.object.members)
			return NULL;
		for (size_t i = 0; i < v->u.object.count; i++) {
			const struct oreg_member *m = &v->u.object.members[i];
			struct oreg_member *cm = &copy->u.object.members[i];

			*cm = *m;
			cm->key = copy_string(c, m->key, m->key_len);
			cm->value = copy_value(c, m->value);
			if (!cm->key || !cm->value)
				return NULL;
		}
		break;
	default:
		break;
	}
	return copy;
}

static enum keyword keyword_lookup(const struct oreg_member *m)
{
	return (enum keyword)oreg_named_find(keywords, ARRAY_SIZE(keywords), m->key, m->key_len, KW_UNKNOWN);
}

static void unknown_keyword(struct compiler *c, const struct oreg_member *m)
{
	const char *best = NULL;
	size_t best_distance = 3;

	if (m->key_len >= 3) {
		for (size_t i = 0; i < ARRAY_SIZE(keywords); i++) {
			size_t d = oreg_edit_distance(m->key, m->key_len, keywords[i].name,
				strlen(keywords[i].name), 2, OREG_EDIT_SWAP);

			if (d < best_distance && d * 3 <= m->key_len) {
				best = keywords[i].name;
				best_distance = d;
			}
		}
	}
	if (best)
		problem(c, m->line, m->column, "unknown keyword '%s': did you mean '%s'?", m->key, best);
	else
		problem(c, m->line, m->column, "unknown keyword '%s': remove it or correct the spelling",
			m->key);
}

static int is_integral(const struct oreg_value *v)
{
	return v->type == OREG_NUMBER && isfinite(v->u.number.value) &&
		floor(v->u.number.value) == v->u.number.value;
}

static int count_keyword(struct compiler *c, const struct oreg_member *m, size_t *out)
{
	const struct oreg_value *v = m->value;

	if (!is_integral(v) || v->u.number.value < 0) {
		problem(c, v->line, v->column, "'%s' must be a non-negative integer", m->key);
		return 0;
	}
	*out = v->u.number.value >= 9007199254740992.0 ? (size_t)-1 : (size_t)v->u.number.value;
	return 1;
}

static void push(struct compiler *c, const char *token, size_t len)
{
	oreg_buf_addch(&c->location, '/');
	oreg_buf_add_pointer_token(&c->location, token, len);
}

static void push_index(struct compiler *c, size_t i)
{
	oreg_buf_addf(&c->location, "/%zu", i);
}

static struct schema_node *compile_node(struct compiler *c, const struct oreg_value *v);

/* Compile the sub-schema v found under location token (and index, when not -1). */
static struct schema_node *compile_sub(struct compiler *c, const struct oreg_value *v,
	const char *token, size_t len, long index)
{
	size_t mark = c->location.len;
	struct schema_node *node;

	push(c, token, len);
	if (index >= 0)
		push_index(c, (size_t)index);
	node = compile_node(c, v);
	oreg_buf_truncate(&c->location, mark);
	return node;
}

static void compile_list(struct compiler *c, const struct oreg_member *m, struct schema_list *list)
{
	const struct oreg_value *v = m->value;

	if (v->type != OREG_ARRAY || v->u.array.count == 0) {
		problem(c, v->line, v->column, "'%s' must be a non-empty array of schemas", m->key);
		return;
	}
	list->items = alloc(c, v->u.array.count * sizeof(*list->items));
	if (!list->items)
		return;
	list->count = v->u.array.count;
	for (size_t i = 0; i < v->u.array.count; i++)
		list->items[i] = compile_sub(c, v->u.array.items[i], m->key, m->key_len, (long)i);
}

static unsigned type_bits(struct compiler *c, const struct oreg_value *v)
{
	int bits = oreg_named_value(type_names, ARRAY_SIZE(type_names), v, 0);

	if (bits)
		return (unsigned)bits;
	if (v->type == OREG_STRING)
		problem(c, v->line, v->column,
			"unknown type '%s': use null, boolean, integer, number, string, array or object",
			v->u.string.ptr);
	else
		problem(c, v->line, v->column, "'type' must be a type name or an array of type names");
	return 0;
}

static void compile_type(struct compiler *c, struct schema_node *node, const struct oreg_value *v)
{
	if (v->type == OREG_STRING) {
		node->types = type_bits(c, v);
		if (!node->types)
			node->types = ~0u;
		return;
	}
	if (v->type != OREG_ARRAY || v->u.array.count == 0) {
		problem(c, v->line, v->column, "'type' must be a type name or a non-empty array of type names");
		node->types = ~0u;
		return;
	}
	for (size_t i = 0; i < v->u.array.count; i++) {
		unsigned bits = type_bits(c, v->u.array.items[i]);

		if (bits & node->types)
			problem(c, v->u.array.items[i]->line, v->u.array.items[i]->column,
				"type '%s' is listed twice in 'type'", v->u.array.items[i]->u.string.ptr);
		node->types |= bits;
	}
	if (!node->types)
		node->types = ~0u;
}

static void compile_required(struct compiler *c, struct schema_node *node, const struct oreg_value *v)
{
	if (v->type != OREG_ARRAY) {
		problem(c, v->line, v->column, "'required' must be an array of property names");
		return;
	}
	node->required = alloc(c, v->u.array.count * sizeof(*node->required));
	if (!node->required)
		return;
	for (size_t i = 0; i < v->u.array.count; i++) {
		const struct oreg_value *item = v->u.array.items[i];
		struct schema_property *r = &node->required[node->required_count];

		if (item->type != OREG_STRING) {
			problem(c, item->line, item->column, "'required' must list property names (strings)");
			continue;
		}
		for (size_t j = 0; j < node->required_count; j++)
			if (node->required[j].len == item->u.string.len &&
				!memcmp(node->required[j].name, item->u.string.ptr, item->u.string.len))
				problem(c, item->line, item->column, "'required' lists '%s' twice",
					item->u.string.ptr);
		r->name = copy_string(c, item->u.string.ptr, item->u.string.len);
		r->len = item->u.string.len;
		node->required_count++;
	}
}

/* Is the value of keyword m an object (of schemas)?  A problem when it is not. */
static bool object_of_schemas(struct compiler *c, const struct oreg_member *m)
{
	if (m->value->type == OREG_OBJECT)
		return true;
	problem(c, m->value->line, m->value->column, "'%s' must be an object of schemas", m->key);
	return false;
}

/* One element of size bytes for each member of keyword m's object of schemas (*count), or NULL. */
static void *per_member(struct compiler *c, const struct oreg_member *m, size_t size, size_t *count)
{
	void *items;

	if (!object_of_schemas(c, m) || !(items = alloc(c, m->value->u.object.count * size)))
		return NULL;
	*count = m->value->u.object.count;
	return items;
}

/* The schema of member p of keyword m's object (properties, patternProperties, $defs), at m/p. */
static struct schema_node *compile_member(struct compiler *c, const struct oreg_member *m,
	const struct oreg_member *p)
{
	size_t mark = c->location.len;
	struct schema_node *node;

	push(c, m->key, m->key_len);
	node = compile_sub(c, p->value, p->key, p->key_len, -1);
	oreg_buf_truncate(&c->location, mark);
	return node;
}

static void compile_properties(struct compiler *c, struct schema_node *node, const struct oreg_member *m)
{
	const struct oreg_value *v = m->value;

	if (!(node->properties = per_member(c, m, sizeof(*node->properties), &node->property_count)))
		return;
	for (size_t i = 0; i < v->u.object.count; i++) {
		const struct oreg_member *p = &v->u.object.members[i];

		node->properties[i].name = copy_string(c, p->key, p->key_len);
		node->properties[i].len = p->key_len;
		node->properties[i].schema = compile_member(c, m, p);
	}
}

/*
 * patternProperties: each key is an ECMA-262 pattern, compiled here; a
 * pattern that does not compile is a finding at its key, and its schema
 * is still compiled so that its own problems are reported too.
 */
static void compile_pattern_properties(struct compiler *c, struct schema_node *node,
	const struct oreg_member *m)
{
	const struct oreg_value *v = m->value;

	if (!(node->pattern_properties = per_member(c, m, sizeof(*node->pattern_properties),
			&node->pattern_property_count)))
		return;
	for (size_t i = 0; i < v->u.object.count; i++) {
		const struct oreg_member *p = &v->u.object.members[i];
		struct schema_pattern_property *pp = &node->pattern_properties[i];
		int ret;

		pp->source = copy_string(c, p->key, p->key_len);
		pp->len = p->key_len;
		ret = oreg_regex_compile(&pp->regex, p->key, p->key_len);
		if (ret == OREG_EINVALID)
			problem(c, p->line, p->column, "pattern '%s' in 'patternProperties' does not compile: %s",
				p->key, oreg_error_message());
		else if (ret < 0)
			c->failure = ret;
		pp->schema = compile_member(c, m, p);
	}
}

static void compile_defs(struct compiler *c, const struct oreg_member *m)
{
	const struct oreg_value *v = m->value;

	if (!object_of_schemas(c, m))
		return;
	for (size_t i = 0; i < v->u.object.count; i++)
		(void)compile_member(c, m, &v->u.object.members[i]);
}

static void compile_x_allow(struct compiler *c, struct schema_node *node, const struct oreg_value *v)
{
	node->flags |= HAS_ALLOW;
	if (v->type != OREG_ARRAY) {
		problem(c, v->line, v->column,
			"'x-allow' must be an array of privacy kinds: bsn, email, phone, iban");
		return;
	}
	for (size_t i = 0; i < v->u.array.count; i++) {
		const struct oreg_value *item = v->u.array.items[i];
		unsigned kind = item->type == OREG_STRING && strlen(item->u.string.ptr) == item->u.string.len ?
			oreg_privacy_kind_parse(item->u.string.ptr) : 0;

		if (!kind) {
			if (item->type == OREG_STRING)
				problem(c, item->line, item->column,
					"unknown privacy kind '%s' in 'x-allow': use bsn, email, phone or iban",
					item->u.string.ptr);
			else
				problem(c, item->line, item->column,
					"'x-allow' must list privacy kinds: bsn, email, phone, iban");
			continue;
		}
		node->allow |= kind;
	}
}

static void compile_pattern(struct compiler *c, struct schema_node *node, const struct oreg_value *v)
{
	int ret;

	if (v->type != OREG_STRING) {
		problem(c, v->line, v->column, "'pattern' must be a string");
		return;
	}
	node->pattern_source = copy_string(c, v->u.string.ptr, v->u.string.len);
	ret = oreg_regex_compile(&node->pattern, v->u.string.ptr, v->u.string.len);
	if (ret == OREG_EINVALID)
		problem(c, v->line, v->column, "'pattern' does not compile: %s", oreg_error_message());
	else if (ret < 0)
		c->failure = ret;
}

static void compile_keyword(struct compiler *c, struct schema_node *node, const struct oreg_value *schema,
	const struct oreg_member *m)
{
	const struct oreg_value *v = m->value;
	int vis;

	switch (keyword_lookup(m)) {
	case KW_UNKNOWN:
		unknown_keyword(c, m);
		break;
	case KW_TYPE:
		compile_type(c, node, v);
		break;
	case KW_ENUM:
		if (v->type != OREG_ARRAY) {
			problem(c, v->line, v->column, "'enum' must be an array of values");
			break;
		}
		node->flags |= HAS_ENUM;
		node->enum_values = alloc(c, v->u.array.count * sizeof(*node->enum_values));
		if (!node->enum_values)
			break;
		node->enum_count = v->u.array.count;
		for (size_t i = 0; i < v->u.array.count; i++)
			node->enum_values[i] = copy_value(c, v->u.array.items[i]);
		break;
	case KW_CONST:
		node->flags |= HAS_CONST;
		node->const_value = copy_value(c, v);
		break;
	case KW_REQUIRED:
		compile_required(c, node, v);
		break;
	case KW_PROPERTIES:
		compile_properties(c, node, m);
		break;
	case KW_PATTERN_PROPERTIES:
		compile_pattern_properties(c, node, m);
		break;
	case KW_ADDITIONAL_PROPERTIES:
		node->additional = compile_sub(c, v, m->key, m->key_len, -1);
		break;
	case KW_PATTERN:
		compile_pattern(c, node, v);
		break;
	case KW_MIN_LENGTH:
		if (count_keyword(c, m, &node->min_length))
			node->flags |= HAS_MIN_LENGTH;
		break;
	case KW_MAX_LENGTH:
		if (count_keyword(c, m, &node->max_length))
			node->flags |= HAS_MAX_LENGTH;
		break;
	case KW_MIN_ITEMS:
		if (count_keyword(c, m, &node->min_items))
			node->flags |= HAS_MIN_ITEMS;
		break;
	case KW_MAX_ITEMS:
		if (count_keyword(c, m, &node->max_items))
			node->flags |= HAS_MAX_ITEMS;
		break;
	case KW_MINIMUM:
	case KW_MAXIMUM:
		if (v->type != OREG_NUMBER) {
			problem(c, v->line, v->column, "'%s' must be a number", m->key);
			break;
		}
		if (keyword_lookup(m) == KW_MINIMUM) {
			node->flags |= HAS_MINIMUM;
			node->minimum = v->u.number.value;
		} else {
			node->flags |= HAS_MAXIMUM;
			node->maximum = v->u.number.value;
		}
		break;
	case KW_ITEMS:
		if (v->type == OREG_ARRAY) {
			problem(c, v->line, v->column,
				"'items' must be one schema: the array form is not supported");
			break;
		}
		node->items = compile_sub(c, v, m->key, m->key_len, -1);
		break;
	case KW_UNIQUE_ITEMS:
		if (v->type != OREG_BOOLEAN) {
			problem(c, v->line, v->column, "'uniqueItems' must be true or false");
			break;
		}
		if (v->u.boolean)
			node->flags |= HAS_UNIQUE_ITEMS;
		break;
	case KW_DEFS:
		compile_defs(c, m);
		break;
	case KW_REF:
		if (v->type != OREG_STRING) {
			problem(c, v->line, v->column, "'$ref' must be a string such as '#/$defs/name'");
			break;
		}
		node->ref_source = copy_string(c, v->u.string.ptr, v->u.string.len);
		node->ref_line = v->line;
		node->ref_column = v->column;
		if (!node->ref_source)
			break;
		if (oreg_grow((void **)&c->refs, &c->ref_alloc, c->ref_count + 1, sizeof(*c->refs)) < 0) {
			c->failure = OREG_ENOMEM;
			break;
		}
		c->refs[c->ref_count++] = node;
		break;
	case KW_ALL_OF:
		compile_list(c, m, &node->all_of);
		break;
	case KW_ANY_OF:
		compile_list(c, m, &node->any_of);
		break;
	case KW_ONE_OF:
		compile_list(c, m, &node->one_of);
		break;
	case KW_NOT:
		node->not_schema = compile_sub(c, v, m->key, m->key_len, -1);
		break;
	case KW_FORMAT:
		if (v->type != OREG_STRING)
			problem(c, v->line, v->column, "'format' must be a string");
		else if (oreg_value_is_string(v, "date"))
			node->flags |= HAS_FORMAT_DATE;
		else
			problem(c, v->line, v->column,
				"unsupported format '%s': only 'date' is supported", v->u.string.ptr);
		break;
	case KW_SCHEMA:
		if (v->type != OREG_STRING)
			problem(c, v->line, v->column, "'$schema' must be a string");
		break;
	case KW_ID:
		if (schema != c->root)
			problem(c, m->line, m->column,
				"'$id' is only supported at the root of a schema: "
				"refer to nested schemas as '#/$defs/name'");
		else if (v->type != OREG_STRING)
			problem(c, v->line, v->column, "'$id' must be a string");
		break;
	case KW_STRING_ANNOTATION:
		if (v->type != OREG_STRING)
			problem(c, v->line, v->column, "'%s' must be a string", m->key);
		break;
	case KW_ANY_ANNOTATION:
		break;
	case KW_BOOLEAN_ANNOTATION:
		if (v->type != OREG_BOOLEAN)
			problem(c, v->line, v->column, "'%s' must be true or false", m->key);
		break;
	case KW_X_VISIBILITY:
		if ((vis = oreg_named_value(oreg_visibilities, ARRAY_SIZE(oreg_visibilities), v, -1)) >= 0)
			node->visibility = (enum oreg_visibility)vis;
		else
			problem(c, v->line, v->column,
				"'x-visibility' must be public, confidential or personal");
		break;
	case KW_X_REF:
		if (v->type != OREG_STRING || v->u.string.len == 0 ||
			strlen(v->u.string.ptr) != v->u.string.len)
			problem(c, v->line, v->column,
				"'x-ref' must name a record type, as in 'x-ref: organisation'");
		else
			node->ref_type = copy_string(c, v->u.string.ptr, v->u.string.len);
		break;
	case KW_X_ALLOW:
		compile_x_allow(c, node, v);
		break;
	case KW_X_ROLES:
		if (v->type != OREG_BOOLEAN)
			problem(c, v->line, v->column, "'x-roles' must be true or false");
		else if (v->u.boolean)
			node->flags |= HAS_ROLES;
		break;
	}
}

static struct schema_node *compile_node(struct compiler *c, const struct oreg_value *v)
{
	struct schema_node *node;

	for (size_t i = 0; i < c->map_count; i++)
		if (c->map[i].value == v)
			return c->map[i].node;
	node = alloc(c, sizeof(*node));
	if (!node)
		return NULL;
	node->boolean = -1;
	node->location = copy_string(c, c->location.ptr, c->location.len);
	node->next = c->schema->nodes;
	c->schema->nodes = node;
	if (oreg_grow((void **)&c->map, &c->map_alloc, c->map_count + 1, sizeof(*c->map)) < 0) {
		c->failure = OREG_ENOMEM;
		return node;
	}
	c->map[c->map_count].value = v;
	c->map[c->map_count].node = node;
	c->map_count++;

	if (v->type == OREG_BOOLEAN) {
		node->boolean = v->u.boolean ? 1 : 0;
		return node;
	}
	if (v->type != OREG_OBJECT) {
		problem(c, v->line, v->column, "a schema must be an object or a boolean, got %s",
			oreg_value_type_name(v->type));
		node->boolean = 1;
		return node;
	}
	for (size_t i = 0; i < v->u.object.count && !c->failure; i++)
		compile_keyword(c, node, v, &v->u.object.members[i]);
	return node;
}

static int hex_digit(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* The member of v named by one unescaped pointer token, or NULL. */
static const struct oreg_value *step(const struct oreg_value *v, const char *token, size_t len)
{
	if (v->type == OREG_OBJECT) {
		for (size_t i = 0; i < v->u.object.count; i++)
			if (v->u.object.members[i].key_len == len &&
				!memcmp(v->u.object.members[i].key, token, len))
				return v->u.object.members[i].value;
		return NULL;
	}
	if (v->type == OREG_ARRAY && len > 0 && len < 10 && (token[0] != '0' || len == 1)) {
		size_t index = 0;

		for (size_t i = 0; i < len; i++) {
			if (token[i] < '0' || token[i] > '9')
				return NULL;
			index = index * 10 + (size_t)(token[i] - '0');
		}
		return index < v->u.array.count ? v->u.array.items[index] : NULL;
	}
	return NULL;
}

/*
 * Resolve node's '$ref' to a value of the schema document: '#' and
 * '#/json/pointer', percent-decoded, with ~0 and ~1.  Sets c->location to
 * the target's pointer.  Returns NULL after a finding.
 */
static const struct oreg_value *resolve(struct compiler *c, const struct schema_node *node)
{
	const char *ref = node->ref_source;
	struct oreg_buf decoded = OREG_BUF_INIT, token = OREG_BUF_INIT, target = OREG_BUF_INIT;
	const struct oreg_value *v = c->root;

	oreg_buf_truncate(&c->location, 0);
	oreg_buf_adds(&c->location, node->location);

	if (ref[0] != '#') {
		problem(c, node->ref_line, node->ref_column,
			"unsupported $ref '%s': only local references such as '#/$defs/name' are supported",
			ref);
		return NULL;
	}
	for (size_t i = 1; ref[i]; i++) {
		if (ref[i] == '%' && hex_digit(ref[i + 1]) >= 0 && hex_digit(ref[i + 2]) >= 0) {
			oreg_buf_addch(&decoded, (char)(hex_digit(ref[i + 1]) * 16 + hex_digit(ref[i + 2])));
			i += 2;
		} else {
			oreg_buf_addch(&decoded, ref[i]);
		}
	}
	oreg_buf_addch(&target, '#');
	if (decoded.len && decoded.ptr[0] != '/') {
		problem(c, node->ref_line, node->ref_column,
			"unsupported $ref '%s': use a JSON pointer such as '#/$defs/name'", ref);
		v = NULL;
		goto done;
	}
	for (size_t i = 0; i < decoded.len && v;) {
		size_t end = i + 1;

		while (end < decoded.len && decoded.ptr[end] != '/')
			end++;
		oreg_buf_clear(&token);
		for (size_t k = i + 1; k < end; k++) {
			if (decoded.ptr[k] == '~' && k + 1 < end && decoded.ptr[k + 1] == '0') {
				oreg_buf_addch(&token, '~');
				k++;
			} else if (decoded.ptr[k] == '~' && k + 1 < end && decoded.ptr[k + 1] == '1') {
				oreg_buf_addch(&token, '/');
				k++;
			} else {
				oreg_buf_addch(&token, decoded.ptr[k]);
			}
		}
		v = step(v, token.ptr, token.len);
		oreg_buf_addch(&target, '/');
		oreg_buf_add_pointer_token(&target, token.ptr, token.len);
		i = end;
	}
	if (!v)
		problem(c, node->ref_line, node->ref_column,
			"$ref '%s' does not resolve: the schema has no such place", ref);
	oreg_buf_truncate(&c->location, 0);
	oreg_buf_add(&c->location, target.ptr, target.len);
done:
	if (oreg_buf_error(&decoded) || oreg_buf_error(&token) || oreg_buf_error(&target))
		c->failure = OREG_ENOMEM;
	oreg_buf_release(&target);
	oreg_buf_release(&decoded);
	oreg_buf_release(&token);
	return v;
}

/*
 * A schema that reaches itself through $ref, allOf, anyOf, oneOf or not
 * without descending into the instance would recurse for ever at
 * validation time.  Returns 1 when node leads into such a loop, and sets
 * *culprit to a node of the loop that carries a '$ref'.
 */
static int loops(struct schema_node *node, struct schema_node **culprit)
{
	const struct schema_list *lists[] = { &node->all_of, &node->any_of, &node->one_of };
	int found = 0;

	if (node->mark == 2)
		return 0;
	if (node->mark == 1)
		return 1;
	node->mark = 1;
	if ((node->ref && loops(node->ref, culprit)) ||
		(node->not_schema && loops(node->not_schema, culprit)))
		found = 1;
	for (size_t l = 0; l < ARRAY_SIZE(lists) && !found; l++)
		for (size_t i = 0; i < lists[l]->count && !found; i++)
			if (lists[l]->items[i] && loops(lists[l]->items[i], culprit))
				found = 1;
	if (found && !*culprit && node->ref_source)
		*culprit = node;
	node->mark = 2;
	return found;
}

int oreg_schema_compile(struct oreg_schema **out, const struct oreg_value *root,
	const char *file, struct oreg_findings *findings)
{
	struct compiler c = { .root = root, .file = file, .findings = findings, .location = OREG_BUF_INIT };
	int ret = 0;

	*out = NULL;
	c.schema = oreg_calloc(1, sizeof(*c.schema));
	if (!c.schema)
		return OREG_ENOMEM;
	oreg_arena_init(&c.schema->arena);

	oreg_buf_addch(&c.location, '#');
	c.schema->root = compile_node(&c, root);
	for (size_t i = 0; i < c.ref_count && !c.failure; i++) {
		struct schema_node *node = c.refs[i];
		const struct oreg_value *target = resolve(&c, node);

		if (target)
			node->ref = compile_node(&c, target);
	}
	oreg_buf_truncate(&c.location, 0);
	oreg_buf_addch(&c.location, '#');
	for (struct schema_node *n = c.schema->nodes; n && !c.failure && !c.problems; n = n->next) {
		struct schema_node *culprit = NULL;

		if (loops(n, &culprit) && culprit) {
			oreg_buf_truncate(&c.location, 0);
			oreg_buf_adds(&c.location, culprit->location);
			problem(&c, culprit->ref_line, culprit->ref_column,
				"$ref '%s' leads back to itself without descending into a property "
				"or an item: the schema could never be checked", culprit->ref_source);
		}
	}
	if (oreg_buf_error(&c.location) && !c.failure)
		c.failure = OREG_ENOMEM;
	if (c.failure) {
		ret = c.failure;
		if (ret == OREG_ENOMEM)
			oreg_error(OREG_ENOMEM, "out of memory");
	} else if (!c.problems) {
		*out = c.schema;
		c.schema = NULL;
	}
	oreg_schema_free(c.schema);
	free(c.map);
	free(c.refs);
	oreg_buf_release(&c.location);
	return ret;
}

void oreg_schema_free(struct oreg_schema *schema)
{
	if (!schema)
		return;
	for (struct schema_node *n = schema->nodes; n; n = n->next) {
		oreg_regex_free(n->pattern);
		for (size_t i = 0; i < n->pattern_property_count; i++)
			oreg_regex_free(n->pattern_properties[i].regex);
	}
	oreg_arena_release(&schema->arena);
	free(schema);
}
