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

int oreg_document_format_parse(const char *name)
{
	if (!name)
		return -1;
	if (!strcmp(name, "md") || !strcmp(name, "markdown"))
		return OREG_DOCUMENT_MD;
	if (!strcmp(name, "html"))
		return OREG_DOCUMENT_HTML;
	if (!strcmp(name, "csv"))
		return OREG_DOCUMENT_CSV;
	if (!strcmp(name, "json"))
		return OREG_DOCUMENT_JSON;
	if (!strcmp(name, "datapackage"))
		return OREG_DOCUMENT_DATAPACKAGE;
	return -1;
}

int oreg_language_parse(const char *name)
{
	if (name && !strcmp(name, "nl"))
		return OREG_LANG_NL;
	if (name && !strcmp(name, "en"))
		return OREG_LANG_EN;
	return -1;
}
