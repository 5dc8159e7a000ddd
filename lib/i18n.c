/*
 * i18n.c - the words of the documents for Parliament that come from the
 * register's data: organisation kinds, Agenda themes and the fields a
 * correction names, in Dutch and in English.  The enum values stay the
 * data (JSON carries them as they are); these are their readable labels.
 */
#include "internal.h"

#include <string.h>

struct label {
	const char *value;
	const char *nl, *en;
};

static const struct label kinds[] = {
	{ "gemeente", "gemeente", "municipality" },
	{ "kennisinstituut", "kennisinstituut", "knowledge institute" },
	{ "zelforganisatie", "zelforganisatie", "self-organisation" },
	{ "religieuze-organisatie", "religieuze organisatie", "religious organisation" },
	{ "maatschappelijke-organisatie", "maatschappelijke organisatie", "civil-society organisation" },
	{ "koepelorganisatie", "koepelorganisatie", "umbrella organisation" },
	{ "overheidsorganisatie", "overheidsorganisatie", "government body" },
	{ "overig", "overig", "other" },
};

/* In the Agenda's order, which is also the order themes are listed in. */
static const struct label themes[] = {
	{ "taal", "taal", "language" },
	{ "werk", "werk", "work" },
	{ "open-en-vrije-samenleving", "open en vrije samenleving", "open and free society" },
	{ "maatschappelijke-samenhang", "maatschappelijke samenhang", "social cohesion" },
	{ "gelijke-kansen", "gelijke kansen", "equal opportunities" },
	{ "overig", "overig", "other" },
};

/* By bit: OREG_FIELD_NAME, _KIND, ... */
static const struct label fields[OREG_FIELD_COUNT] = {
	{ "name", "naam", "name" },
	{ "kind", "soort", "kind" },
	{ "city", "plaats", "city" },
	{ "themes", "thema's", "themes" },
	{ "partnerships", "partnerschappen", "partnerships" },
	{ "contacts", "contacten", "contacts" },
	{ "notes", "notities", "notes" },
	{ "visibility", "zichtbaarheid", "visibility" },
};

static const struct label *find(const struct label *table, size_t n, const char *value)
{
	size_t i;

	for (i = 0; value && i < n; i++)
		if (!strcmp(table[i].value, value))
			return &table[i];
	return NULL;
}

const char *oreg_i18n_kind(const char *value, enum oreg_language lang)
{
	const struct label *l = find(kinds, ARRAY_SIZE(kinds), value);

	return l ? (lang == OREG_LANG_EN ? l->en : l->nl) : value;
}

const char *oreg_i18n_theme(const char *value, enum oreg_language lang)
{
	const struct label *l = find(themes, ARRAY_SIZE(themes), value);

	return l ? (lang == OREG_LANG_EN ? l->en : l->nl) : value;
}

int oreg_i18n_theme_rank(const char *value)
{
	const struct label *l = find(themes, ARRAY_SIZE(themes), value);

	return l ? (int)(l - themes) : -1;
}

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
