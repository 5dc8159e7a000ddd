/*
 * i18n.c - the names of the fields a correction names, in Dutch and in
 * English, and the names of formats and languages.  The labels of the
 * register's own values (kinds, themes) come from its schemas (labels.c).
 */
#include "internal.h"

#include <string.h>

struct label {
	const char *value;
	const char *nl, *en;
};

/* By bit: OREG_FIELD_NAME, _KIND, ... */
static const struct label fields[OREG_FIELD_COUNT] = {
	{ "name", "naam", "name" },
	{ "kind", "soort", "kind" },
	{ "city", "plaats", "city" },
	{ "themes", "thema's", "themes" },
	{ "partnerships", "partnerschappen", "partnerships" },
	{ "contacts", "contacten", "contacts" },
	{ "notes", "toelichting", "notes" },
	{ "visibility", "zichtbaarheid", "visibility" },
};

static int bit_index(unsigned field)
{
	int i;

	for (i = 0; i < OREG_FIELD_COUNT; i++)
		if (field == 1u << i)
			return i;
	return -1;
}

const char *oreg_i18n_field_key(unsigned field)
{
	int i = bit_index(field);

	return i < 0 ? "?" : fields[i].value;
}

const char *oreg_i18n_field(unsigned field, enum oreg_language lang)
{
	int i = bit_index(field);

	return i < 0 ? "?" : lang == OREG_LANG_EN ? fields[i].en : fields[i].nl;
}

static const struct oreg_named document_formats[] = {
	{ "md", OREG_DOCUMENT_MD },
	{ "markdown", OREG_DOCUMENT_MD },
	{ "html", OREG_DOCUMENT_HTML },
	{ "csv", OREG_DOCUMENT_CSV },
	{ "json", OREG_DOCUMENT_JSON },
	{ "datapackage", OREG_DOCUMENT_DATAPACKAGE },
};

static const struct oreg_named languages[] = {
	{ "nl", OREG_LANG_NL },
	{ "en", OREG_LANG_EN },
};

int oreg_document_format_parse(const char *name)
{
	return oreg_named_find(document_formats, ARRAY_SIZE(document_formats), name, name ? strlen(name) : 0, -1);
}

int oreg_language_parse(const char *name)
{
	return oreg_named_find(languages, ARRAY_SIZE(languages), name, name ? strlen(name) : 0, -1);
}
