/*
 * incident.c - the incident block of a contact: a contact that should not
 * have happened, recorded as evidence.  The confidential documents list
 * such contacts in their own section; this is how they read the block.
 */
#include "internal.h"

#include <string.h>

static const char *text_of(const struct oreg_value *obj, const char *key)
{
	const struct oreg_value *v = oreg_value_get(obj, key);

	return v && v->type == OREG_STRING && !memchr(v->u.string.ptr, '\0', v->u.string.len) ? v->u.string.ptr
		: NULL;
}

int oreg_incident_get(struct oreg_incident *out, const struct oreg_value *contact)
{
	const struct oreg_value *b;

	memset(out, 0, sizeof(*out));
	if (!contact || contact->type != OREG_OBJECT || !(b = oreg_value_get(contact, "incident")) ||
		b->type != OREG_OBJECT)
		return 0;
	out->explanation = text_of(b, "explanation");
	out->reported_to = text_of(b, "reported-to");
	out->reference = text_of(b, "reference");
	return 1;
}
