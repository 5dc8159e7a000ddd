/*
 * schema.h - the compiled form of a JSON Schema, shared by schema.c (which
 * builds it) and validate.c (which checks instances against it and walks
 * them).  Private to those two files.
 */
#ifndef OREG_SCHEMA_H
#define OREG_SCHEMA_H

#include "internal.h"

/* Bits of struct schema_node.types; integer is a subset of number. */
enum {
	TYPE_NULL = 1 << 0,
	TYPE_BOOLEAN = 1 << 1,
	TYPE_INTEGER = 1 << 2,
	TYPE_NUMBER = 1 << 3,
	TYPE_STRING = 1 << 4,
	TYPE_ARRAY = 1 << 5,
	TYPE_OBJECT = 1 << 6,
};

/* Which optional keywords a node carries. */
enum {
	HAS_CONST = 1 << 0,
	HAS_MIN_LENGTH = 1 << 1,
	HAS_MAX_LENGTH = 1 << 2,
	HAS_MINIMUM = 1 << 3,
	HAS_MAXIMUM = 1 << 4,
	HAS_MIN_ITEMS = 1 << 5,
	HAS_MAX_ITEMS = 1 << 6,
	HAS_UNIQUE_ITEMS = 1 << 7,
	HAS_FORMAT_DATE = 1 << 8,
	HAS_ENUM = 1 << 9,
	HAS_ALLOW = 1 << 10,
	HAS_ROLES = 1 << 11, /* x-roles: true */
};

struct schema_node;

struct schema_property {
	const char *name; /* may hold NUL bytes */
	size_t len;
	struct schema_node *schema;
};

/* One patternProperties entry: members whose key matches regex follow schema. */
struct schema_pattern_property {
	struct oreg_regex *regex; /* owned; NULL when the pattern did not compile */
	const char *source;       /* may hold NUL bytes */
	size_t len;
	struct schema_node *schema;
};

struct schema_list {
	struct schema_node **items;
	size_t count;
};

/*
 * One schema, every keyword parsed once.  A boolean schema has
 * boolean >= 0 and nothing else.  Strings and values live in the
 * schema's arena; pattern and the regexes of pattern_properties are
 * owned by the node.
 */
struct schema_node {
	int boolean;          /* -1 for an object schema, else 0 or 1 */
	const char *location; /* "#/properties/name", for messages */
	unsigned flags;       /* HAS_* */
	unsigned types;       /* TYPE_* bits; 0 when there is no 'type' */

	const struct oreg_value *const_value;
	const struct oreg_value **enum_values;
	size_t enum_count;

	struct schema_property *required; /* schema is NULL */
	size_t required_count;
	struct schema_property *properties;
	size_t property_count;
	struct schema_pattern_property *pattern_properties;
	size_t pattern_property_count;
	/* additionalProperties, or NULL: for members matched by neither of the above */
	struct schema_node *additional;

	struct oreg_regex *pattern;
	const char *pattern_source;
	size_t min_length, max_length;
	double minimum, maximum;

	struct schema_node *items;
	size_t min_items, max_items;

	struct schema_node *ref;  /* resolved $ref, or NULL */
	struct schema_list all_of, any_of, one_of;
	struct schema_node *not_schema;

	enum oreg_visibility visibility;
	const char *ref_type;
	unsigned allow;

	/* Where '$ref' was written, to report a loop. */
	const char *ref_source;
	unsigned ref_line, ref_column;
	unsigned mark; /* scratch for the loop check */

	struct schema_node *next; /* every node of the schema, for freeing */
};

struct oreg_schema {
	struct oreg_arena arena;
	struct schema_node *root;
	struct schema_node *nodes; /* list through next */
};

#endif
