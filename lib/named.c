/*
 * named.c - the names of enumerated values, as options, schemas and records
 * write them, looked up in one kind of table (see internal.h).
 */
#include "internal.h"

#include <string.h>

int oreg_named_find(const struct oreg_named *table, size_t n, const char *name, size_t len, int fallback)
{
	for (size_t i = 0; name && i < n; i++)
		if (strlen(table[i].name) == len && !memcmp(table[i].name, name, len))
			return table[i].value;
	return fallback;
}

const struct oreg_named oreg_visibilities[3] = {
	{ "public", OREG_VISIBILITY_PUBLIC },
	{ "confidential", OREG_VISIBILITY_CONFIDENTIAL },
	{ "personal", OREG_VISIBILITY_PERSONAL },
};

const char *oreg_visibility_name(enum oreg_visibility v)
{
	for (size_t i = 0; i < ARRAY_SIZE(oreg_visibilities); i++)
		if (oreg_visibilities[i].value == (int)v)
			return oreg_visibilities[i].name;
	return "unset";
}

int oreg_named_value(const struct oreg_named *table, size_t n, const struct oreg_value *value, int fallback)
{
	if (!value || value->type != OREG_STRING)
		return fallback;
	return oreg_named_find(table, n, value->u.string.ptr, value->u.string.len, fallback);
}
