/*
 * publication.c - the publication: section of schemas/register.yaml: who
 * sends the documents (ministry, directorate), what they belong to
 * (Kamerstuk, the pattern of a reference), which organisations the annual
 * overview lists (the definition of structural contact, the organisation
 * kinds in scope), the method text and the marking of confidential
 * documents.  Every text a reader sees comes in Dutch and English: a plain
 * string serves both, a mapping {nl: ..., en: ...} gives each its own.
 *
 * The section is optional and every key in it too: the defaults are the
 * Dutch government's usual ones (government bodies and contractors out, a
 * partnership or one structural contact makes an organisation structural,
 * the marking "Departementaal vertrouwelijk").
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define REGISTER_FILE "schemas/register.yaml"

/* Kinds that are not civil society: left out of the overview unless the register says otherwise. */
static const char *const default_out[] = { "gemeente", "overheidsorganisatie", "opdrachtnemer" };

struct parsing {
	struct oreg_publication *pub;
	struct oreg_settings_reader r;
};

static char *dup_string(struct parsing *p, const struct oreg_value *v)
{
	char *s = oreg_strndup(v->u.string.ptr, v->u.string.len);

	if (!s)
		p->r.err = OREG_ENOMEM;
	return s;
}

static bool good_string(const struct oreg_value *v)
{
	return v && v->type == OREG_STRING && v->u.string.len &&
		!memchr(v->u.string.ptr, '\0', v->u.string.len) && oreg_utf8_valid(v->u.string.ptr, v->u.string.len, &(size_t){ 0 });
}

/* A text in both languages: a string, or a mapping with nl and en. */
static void text(struct parsing *p, struct oreg_text *out, const struct oreg_value *obj, const char *key)
{
	const struct oreg_value *v = oreg_value_get(obj, key), *nl, *en;
	size_t i;

	if (!v)
		return;
	if (good_string(v)) {
		free(out->nl);
		free(out->en);
		out->nl = dup_string(p, v);
		out->en = dup_string(p, v);
		return;
	}
	if (v->type != OREG_OBJECT) {
		oreg_settings_problem(&p->r, v, "'publication.%s' must be a text, or a mapping with nl and en", key);
		return;
	}
	for (i = 0; i < v->u.object.count; i++) {
		const struct oreg_member *m = &v->u.object.members[i];

		if (strcmp(m->key, "nl") && strcmp(m->key, "en"))
			oreg_settings_problem(&p->r, m->value,
				"unknown language '%s' in 'publication.%s': use nl and en", m->key, key);
	}
	nl = oreg_value_get(v, "nl");
	en = oreg_value_get(v, "en");
	if (!good_string(nl) || !good_string(en)) {
		oreg_settings_problem(&p->r, v, "'publication.%s' needs a non-empty text under both nl and en", key);
		return;
	}
	free(out->nl);
	free(out->en);
	out->nl = dup_string(p, nl);
	out->en = dup_string(p, en);
}

static char *string(struct parsing *p, const struct oreg_value *obj, const char *key, const char *what)
{
	const struct oreg_value *v = oreg_value_get(obj, key);

	if (!v)
		return NULL;
	if (!good_string(v)) {
		oreg_settings_problem(&p->r, v, "'%s' must be a non-empty text", what);
		return NULL;
	}
	return dup_string(p, v);
}

static void structural(struct parsing *p, const struct oreg_value *v)
{
	static const char *const keys[] = { "partnership", "min-structural-contacts", NULL };
	const struct oreg_value *w;
	size_t i;

	if (v->type != OREG_OBJECT) {
		oreg_settings_problem(&p->r, v,
			"'publication.structural' must be a mapping with partnership and min-structural-contacts");
		return;
	}
	for (i = 0; i < v->u.object.count; i++) {
		const struct oreg_member *m = &v->u.object.members[i];
		const char *const *k;

		for (k = keys; *k && strcmp(*k, m->key); k++)
			;
		if (!*k)
			oreg_settings_problem(&p->r, m->value,
				"unknown key '%s' in 'publication.structural': use partnership or "
				"min-structural-contacts", m->key);
	}
	if ((w = oreg_value_get(v, "partnership"))) {
		if (w->type != OREG_BOOLEAN)
			oreg_settings_problem(&p->r, w,
				"'partnership' must be true or false: does a partnership overlapping the year "
				"make the contact structural?");
		else
			p->pub->by_partnership = w->u.boolean;
	}
	if ((w = oreg_value_get(v, "min-structural-contacts"))) {
		if (w->type != OREG_NUMBER || !w->u.number.integer || w->u.number.value < 0 || w->u.number.value > 1000)
			oreg_settings_problem(&p->r, w,
				"'min-structural-contacts' must be a whole number from 0 to 1000 (0: contacts alone "
				"never make an organisation structural)");
		else
			p->pub->min_structural = (unsigned)w->u.number.value;
	}
	if (!p->pub->by_partnership && !p->pub->min_structural)
		oreg_settings_problem(&p->r, v,
			"with partnership false and min-structural-contacts 0 no organisation is ever listed: "
			"set one of them");
}

static void kinds(struct parsing *p, const struct oreg_value *v)
{
	size_t i, j;

	if (v->type != OREG_ARRAY) {
		oreg_settings_problem(&p->r, v,
			"'publication.kinds' must be a list of organisation kinds, as in [zelforganisatie, "
			"koepelorganisatie]");
		return;
	}
	for (i = 0; i < p->pub->nkinds; i++)
		free(p->pub->kinds[i]);
	free(p->pub->kinds);
	p->pub->nkinds = 0;
	p->pub->kinds_given = 1;
	if (!(p->pub->kinds = oreg_calloc(v->u.array.count + 1, sizeof(char *)))) {
		p->r.err = OREG_ENOMEM;
		return;
	}
	for (i = 0; i < v->u.array.count; i++) {
		const struct oreg_value *w = v->u.array.items[i];

		if (!good_string(w)) {
			oreg_settings_problem(&p->r, w, "an organisation kind in 'publication.kinds' must be a text");
			continue;
		}
		for (j = 0; j < p->pub->nkinds; j++)
			if (!strcmp(p->pub->kinds[j], w->u.string.ptr))
				break;
		if (j < p->pub->nkinds) {
			oreg_settings_problem(&p->r, w,
				"kind '%s' is listed twice in 'publication.kinds'", w->u.string.ptr);
			continue;
		}
		if (!(p->pub->kinds[p->pub->nkinds] = dup_string(p, w)))
			return;
		p->pub->nkinds++;
	}
}

void oreg_publication_init(struct oreg_publication *pub)
{
	memset(pub, 0, sizeof(*pub));
	pub->by_partnership = 1;
	pub->min_structural = 1;
}

void oreg_publication_release(struct oreg_publication *pub)
{
	size_t i;

	if (!pub)
		return;
	free(pub->ministry.nl);
	free(pub->ministry.en);
	free(pub->directorate.nl);
	free(pub->directorate.en);
	free(pub->kamerstuk);
	free(pub->reference_pattern);
	oreg_regex_free(pub->reference_regex);
	free(pub->method.nl);
	free(pub->method.en);
	free(pub->marking.nl);
	free(pub->marking.en);
	for (i = 0; i < pub->nkinds; i++)
		free(pub->kinds[i]);
	free(pub->kinds);
	oreg_publication_init(pub);
}

int oreg_publication_parse(struct oreg_publication *pub, const struct oreg_value *v, struct oreg_findings *findings)
{
	static const char *const keys[] = { "ministry", "directorate", "kamerstuk", "reference-pattern", "structural",
		"kinds", "method", "marking", "description", NULL };
	struct parsing p = { .pub = pub, .r = { .findings = findings } };
	const struct oreg_value *w;
	size_t i;

	if (v->type != OREG_OBJECT) {
		oreg_settings_problem(&p.r, v,
			"'publication' must be a mapping: ministry, directorate, kamerstuk, reference-pattern, "
			"structural, kinds, method, marking");
		return p.r.err < 0 ? p.r.err : p.r.problems;
	}
	for (i = 0; i < v->u.object.count; i++) {
		const struct oreg_member *m = &v->u.object.members[i];
		const char *const *k;
		struct oreg_value at = { .line = m->line, .column = m->column };

		for (k = keys; *k && strcmp(*k, m->key); k++)
			;
		if (!*k)
			oreg_settings_problem(&p.r, &at,
				"unknown key '%s' in 'publication': remove it or correct the spelling", m->key);
	}
	text(&p, &pub->ministry, v, "ministry");
	text(&p, &pub->directorate, v, "directorate");
	text(&p, &pub->method, v, "method");
	text(&p, &pub->marking, v, "marking");
	pub->kamerstuk = string(&p, v, "kamerstuk", "publication.kamerstuk");
	pub->reference_pattern = string(&p, v, "reference-pattern", "publication.reference-pattern");
	if (pub->reference_pattern &&
		oreg_regex_compile(&pub->reference_regex, pub->reference_pattern, strlen(pub->reference_pattern)) < 0)
		oreg_settings_problem(&p.r, oreg_value_get(v, "reference-pattern"),
			"'reference-pattern' does not compile: %s",
			oreg_error_message());
	if ((w = oreg_value_get(v, "structural")))
		structural(&p, w);
	if ((w = oreg_value_get(v, "kinds")))
		kinds(&p, w);
	return p.r.err < 0 ? p.r.err : p.r.problems;
}

int oreg_publication_kind_in_scope(const struct oreg_publication *pub, const char *kind)
{
	size_t i;

	/* an organisation whose kind is not known cannot be judged out: it stays, for a reader to see */
	if (!kind)
		return 1;
	if (pub && pub->kinds_given) {
		for (i = 0; i < pub->nkinds; i++)
			if (!strcmp(pub->kinds[i], kind))
				return 1;
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(default_out); i++)
		if (!strcmp(default_out[i], kind))
			return 0;
	return 1;
}

const char *oreg_publication_marking(const struct oreg_publication *pub, enum oreg_language lang)
{
	const char *m = pub ? (lang == OREG_LANG_EN ? pub->marking.en : pub->marking.nl) : NULL;

	return m ? m : lang == OREG_LANG_EN ? "Departmental confidential" : "Departementaal vertrouwelijk";
}

int oreg_publication_check_reference(const struct oreg_publication *pub, const char *reference)
{
	int m;

	if (!pub || !pub->reference_regex)
		return 0;
	if ((m = oreg_regex_search(pub->reference_regex, reference, strlen(reference))) < 0)
		return m;
	if (!m)
		return oreg_error(OREG_EINVALID, "reference '%s' does not match the register's reference-pattern '%s'",
			reference, pub->reference_pattern);
	return 0;
}

static int copy_string(char **dst, const char *src, struct oreg_arena *a)
{
	*dst = NULL;
	if (!src)
		return 0;
	return (*dst = oreg_arena_strndup(a, src, strlen(src))) ? 0 : OREG_ENOMEM;
}

int oreg_publication_copy(struct oreg_publication *dst, const struct oreg_publication *src, struct oreg_arena *a)
{
	size_t i;
	int err = 0;

	*dst = *src;
	dst->reference_regex = NULL; /* the copy describes; it does not check */
	err |= copy_string(&dst->ministry.nl, src->ministry.nl, a);
	err |= copy_string(&dst->ministry.en, src->ministry.en, a);
	err |= copy_string(&dst->directorate.nl, src->directorate.nl, a);
	err |= copy_string(&dst->directorate.en, src->directorate.en, a);
	err |= copy_string(&dst->kamerstuk, src->kamerstuk, a);
	err |= copy_string(&dst->reference_pattern, src->reference_pattern, a);
	err |= copy_string(&dst->method.nl, src->method.nl, a);
	err |= copy_string(&dst->method.en, src->method.en, a);
	err |= copy_string(&dst->marking.nl, src->marking.nl, a);
	err |= copy_string(&dst->marking.en, src->marking.en, a);
	dst->kinds = NULL;
	if (src->nkinds && !(dst->kinds = oreg_arena_alloc(a, src->nkinds * sizeof(*dst->kinds))))
		return OREG_ENOMEM;
	for (i = 0; i < src->nkinds; i++)
		err |= copy_string(&dst->kinds[i], src->kinds[i], a);
	return err ? OREG_ENOMEM : 0;
}
