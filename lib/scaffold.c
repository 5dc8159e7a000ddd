/*
 * scaffold.c - what `openreg init` and `openreg new` need to know of a
 * register to lay out a new one or write a new record: its record types
 * with their folders and schemas.
 */
#include "internal.h"

int oreg_register_type_at(struct oreg_type_info *out, const struct oreg_register *reg, size_t i)
{
	const struct oreg_record_type *t;

	if (i >= reg->ntypes)
		return OREG_ENOTFOUND;
	t = &reg->types[i];
	out->name = t->name;
	out->folder = t->folder;
	out->schema_path = t->schema_path;
	out->year_field = t->year_field;
	return 0;
}
