/*
 * fuzz_yamlquick.c - the quick reader of plain-style records against the
 * strict loader: whatever bytes the quick reader takes, the loader must take
 * with no finding and build the same tree (types, strings, keys, order, lines
 * and columns).  Anything else it must decline.  A difference aborts.
 */
#include "fuzz.h"

#include <math.h>
#include <string.h>

#include "internal.h"

static int same_value(const struct oreg_value *a, const struct oreg_value *b)
{
	size_t i;

	if (a->type != b->type || a->line != b->line || a->column != b->column)
		return 0;
	switch (a->type) {
	case OREG_STRING:
		return a->u.string.len == b->u.string.len &&
			memcmp(a->u.string.ptr, b->u.string.ptr, a->u.string.len + 1) == 0;
	case OREG_NUMBER:
		return a->u.number.integer == b->u.number.integer &&
			((isnan(a->u.number.value) && isnan(b->u.number.value)) ||
			a->u.number.value == b->u.number.value);
	case OREG_BOOLEAN:
		return a->u.boolean == b->u.boolean;
	case OREG_ARRAY:
		if (a->u.array.count != b->u.array.count)
			return 0;
		for (i = 0; i < a->u.array.count; i++)
			if (!same_value(a->u.array.items[i], b->u.array.items[i]))
				return 0;
		return 1;
	case OREG_OBJECT:
		if (a->u.object.count != b->u.object.count)
			return 0;
		for (i = 0; i < a->u.object.count; i++) {
			const struct oreg_member *x = &a->u.object.members[i], *y = &b->u.object.members[i];

			if (x->key_len != y->key_len || memcmp(x->key, y->key, x->key_len + 1) != 0 ||
				x->line != y->line || x->column != y->column || !same_value(x->value, y->value))
				return 0;
		}
		return 1;
	default:
		return 1;
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct oreg_document *quick = NULL, *full = NULL;
	struct oreg_findings findings;
	int took = oreg_yaml_load_quick(&quick, (const char *)data, size);

	if (took < 0 || took > 1 || (!took && quick))
		abort();
	if (took) {
		oreg_findings_init(&findings);
		if (oreg_yaml_load(&full, (const char *)data, size, "fuzz.yaml", NULL, &findings) != 0 || !full ||
			findings.count != 0 || !same_value(oreg_document_root(quick), oreg_document_root(full))) {
			fprintf(stderr, "fuzz_yamlquick: the quick reader and the loader disagree\n");
			abort();
		}
		oreg_findings_release(&findings);
	}
	oreg_document_free(quick);
	oreg_document_free(full);
	return 0;
}
