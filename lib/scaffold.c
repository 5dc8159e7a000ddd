/*
 * scaffold.c - what `openreg init` and `openreg new` need to know of a
 * register to lay out a new one or write a new record: its record types
 * with their folders and schemas.
 */
#include "internal.h"

#include <assert.h>
#include <string.h>

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

char *oreg_yaml_scalar(const char *s)
{
	struct oreg_buf b = OREG_BUF_INIT;

	oreg_yaml_add_string(&b, s, strlen(s), false);
	if (oreg_buf_error(&b)) {
		oreg_buf_release(&b);
		oreg_error(OREG_ENOMEM, "out of memory");
		return NULL;
	}
	return oreg_buf_detach(&b, NULL);
}

/*
 * The folded form holds lower-case ASCII letters and digits, spaces
 * between words and, rarely, letters no transliterator knows; each run of
 * anything but [a-z0-9] becomes one hyphen.
 */
int oreg_id_suggest(char **out, const char *text, size_t max)
{
	struct oreg_buf folded = OREG_BUF_INIT, id = OREG_BUF_INIT;
	size_t i;
	int err;

	*out = NULL;
	assert(max >= 2);
	if ((err = oreg_unicode_fold(&folded, text, strlen(text), 0)) < 0)
		goto done;
	for (i = 0; i < folded.len; i++) {
		char c = folded.ptr[i];

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			oreg_buf_addch(&id, c);
		else if (id.len && id.ptr[id.len - 1] != '-')
			oreg_buf_addch(&id, '-');
	}
	if (id.len > max) {
		/* cut at the last word that fits whole */
		size_t cut = max;

		while (cut > 0 && id.ptr[cut] != '-')
			cut--;
		oreg_buf_truncate(&id, cut >= 2 ? cut : max);
	}
	while (id.len && id.ptr[id.len - 1] == '-')
		oreg_buf_truncate(&id, id.len - 1);
	if (oreg_buf_error(&id)) {
		err = oreg_error(OREG_ENOMEM, "out of memory");
	} else if (id.len < 2) {
		err = oreg_error(OREG_EINVALID, "'%s' has too few letters or digits to make an id of: give one with --id",
			text);
	} else {
		*out = oreg_buf_detach(&id, NULL);
		err = 0;
	}
done:
	oreg_buf_release(&folded);
	oreg_buf_release(&id);
	return err;
}
