/*
 * json.c - JSON, read by json-c and by no other file: one FollowTheMoney
 * entity per line, as OpenSanctions publishes its bulk data.  The entity
 * is handed to a callback and dropped, so a list of a million entities is
 * read in bounded memory.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

/* Deeper than any entity; a hostile line cannot recurse further. */
#define MAX_DEPTH 32

struct oreg_json_reader {
	struct json_tokener *tok;
};

int oreg_json_reader_new(struct oreg_json_reader **out)
{
	struct oreg_json_reader *r = oreg_calloc(1, sizeof(*r));

	*out = NULL;
	if (!r)
		return OREG_ENOMEM;
	if (!(r->tok = json_tokener_new_ex(MAX_DEPTH))) {
		free(r);
		return oreg_error(OREG_ENOMEM, "out of memory for the JSON reader");
	}
	json_tokener_set_flags(r->tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	*out = r;
	return 0;
}

void oreg_json_reader_free(struct oreg_json_reader *r)
{
	if (!r)
		return;
	json_tokener_free(r->tok);
	free(r);
}

static const char *string_member(struct json_object *obj, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(obj, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/* The strings of properties[key], up to max, into names with kind. */
static size_t strings_of(struct json_object *props, const char *key, const char **out, const char **kinds,
	size_t n, size_t max)
{
	struct json_object *arr;
	size_t i, len;

	if (!props || !json_object_object_get_ex(props, key, &arr) || !json_object_is_type(arr, json_type_array))
		return n;
	len = json_object_array_length(arr);
	for (i = 0; i < len && n < max; i++) {
		struct json_object *s = json_object_array_get_idx(arr, i);

		if (json_object_is_type(s, json_type_string)) {
			out[n] = json_object_get_string(s);
			if (kinds)
				kinds[n] = key;
			n++;
		}
	}
	return n;
}

int oreg_json_entity(struct oreg_json_reader *r, const char *line, size_t len, struct oreg_list_entity *out)
{
	static const char *const name_keys[] = { "name", "alias", "weakAlias", "previousName" };
	struct json_object *obj, *props = NULL;
	size_t i;

	memset(out, 0, sizeof(out->fields));
	json_object_put(out->doc);
	out->doc = NULL;
	if (len > (size_t)INT32_MAX)
		return 0;
	json_tokener_reset(r->tok);
	obj = json_tokener_parse_ex(r->tok, line, (int)len);
	if (!obj || json_tokener_get_error(r->tok) != json_tokener_success ||
		json_tokener_get_parse_end(r->tok) < len) {
		/* trailing text after the object is an error too, unless white space */
		size_t at = obj ? json_tokener_get_parse_end(r->tok) : len;

		while (obj && at < len && (line[at] == ' ' || line[at] == '\t' || line[at] == '\r' || line[at] == '\n'))
			at++;
		if (!obj || at < len) {
			json_object_put(obj);
			return 0;
		}
	}
	if (!json_object_is_type(obj, json_type_object)) {
		json_object_put(obj);
		return 0;
	}
	out->doc = obj;
	out->fields.id = string_member(obj, "id");
	out->fields.schema = string_member(obj, "schema");
	json_object_object_get_ex(obj, "properties", &props);
	if (props && !json_object_is_type(props, json_type_object))
		props = NULL;
	for (i = 0; i < ARRAY_SIZE(name_keys); i++)
		out->fields.nnames = strings_of(props, name_keys[i], out->fields.names, out->fields.kinds,
			out->fields.nnames, ARRAY_SIZE(out->fields.names));
	out->fields.nnumbers = strings_of(props, "registrationNumber", out->fields.numbers, NULL, 0,
		ARRAY_SIZE(out->fields.numbers));
	return 1;
}

void oreg_list_entity_release(struct oreg_list_entity *e)
{
	json_object_put(e->doc);
	e->doc = NULL;
}
