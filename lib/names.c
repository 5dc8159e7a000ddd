/*
 * names.c - comparing organisation names as a careful person would, for
 * the exclusion rule and for screening.  "Stichting Samidoun", "SAMIDOUN",
 * "Ѕаmіdоun" in Cyrillic letters, "Samid0un" and "Samidoun Stichting" are
 * the same name; "Stichting Samidoun Nederland" possibly the same
 * organisation.  The Unicode work is unicode.c's; here are the words.
 *
 * Legal forms are dropped only where they are legal forms: as the first or
 * last words of a name, and only the words the register lists (so
 * "Federatie Taalaanbieders" keeps its first word).  Dotted forms count as
 * written: "c.v." is a legal form, "cv" is a word.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_DISTANCE 2
#define DEFAULT_TOKEN_SIMILARITY 80
/* below this many letters an edit or two makes another name, not a misspelling */
#define MIN_EDIT_LENGTH 5
#define MIN_ACRONYM 3

static char *keep(struct oreg_arena *arena, const char *s, size_t len)
{
	char *p = oreg_arena_alloc(arena, len + 1);

	if (p) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

/* Without trailing dots: "b.v." and "b.v" are written alike. */
static size_t undotted_len(const char *w, size_t len)
{
	while (len && w[len - 1] == '.')
		len--;
	return len;
}

static int is_legal_form(char *const *forms, size_t n, const char *w, size_t len)
{
	size_t i;

	len = undotted_len(w, len);
	for (i = 0; forms && i < n; i++) {
		size_t flen = undotted_len(forms[i], strlen(forms[i]));

		if (len && flen == len && !memcmp(forms[i], w, len))
			return 1;
	}
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

struct words {
	const char *at[256]; /* start of each word in the folded string */
	size_t len[256];
	size_t n;
};

static void split(struct words *w, const char *s)
{
	w->n = 0;
	while (*s && w->n < ARRAY_SIZE(w->at)) {
		const char *e = strchr(s, ' ');
		size_t len = e ? (size_t)(e - s) : strlen(s);

		w->at[w->n] = s;
		w->len[w->n++] = len;
		s += len;
		while (*s == ' ')
			s++;
	}
}

/* The words one after the other, in the arena. */
static const char *joined(struct oreg_arena *arena, const char **words, size_t n)
{
	size_t i, len = 1;
	char *out, *o;

	for (i = 0; i < n; i++)
		len += strlen(words[i]);
	if (!(out = o = oreg_arena_alloc(arena, len)))
		return NULL;
	for (i = 0; i < n; i++) {
		size_t l = strlen(words[i]);

		memcpy(o, words[i], l);
		o += l;
	}
	*o = '\0';
	return out;
}

/*
 * The words of a dotted form, legal forms at the ends dropped (never all
 * of them), dots resolved: "i.c.c." is "icc", "st.jan" is "st" and "jan".
 * Sorted and unique in *out; the first letters in order in *acronym.
 */
static int tokens_of(const char ***out, size_t *nout, const char **acronym, const char **words,
	struct oreg_arena *arena, char *const *forms, size_t nforms, const char *dotted)
{
	struct words w;
	size_t first = 0, last, i, n = 0, na = 0;
	const char **tokens;
	char *acr;

	split(&w, dotted);
	last = w.n;
	while (first < last && is_legal_form(forms, nforms, w.at[first], w.len[first]))
		first++;
	while (last > first && is_legal_form(forms, nforms, w.at[last - 1], w.len[last - 1]))
		last--;
	if (first == last) {
		/* a name of legal forms only keeps them */
		first = 0;
		last = w.n;
	}
	/* at most one token per letter */
	tokens = oreg_arena_alloc(arena, (strlen(dotted) + 1) * sizeof(*tokens));
	acr = oreg_arena_alloc(arena, strlen(dotted) + 1);
	if (!tokens || !acr)
		return OREG_ENOMEM;
	for (i = first; i < last; i++) {
		const char *p = w.at[i], *end = p + w.len[i];
		int single = 1;
		char *joined, *j;

		if (!memchr(p, '.', w.len[i])) {
			if (!(tokens[n++] = keep(arena, p, w.len[i])))
				return OREG_ENOMEM;
			acr[na++] = *p;
			continue;
		}
		/* segments of one letter each make an abbreviation */
		for (const char *q = p; q < end;) {
			const char *d = memchr(q, '.', (size_t)(end - q));
			size_t seg = d ? (size_t)(d - q) : (size_t)(end - q);

			if (seg > 1)
				single = 0;
			q += seg + 1;
		}
		if (single) {
			if (!(joined = j = oreg_arena_alloc(arena, w.len[i] + 1)))
				return OREG_ENOMEM;
			for (; p < end; p++)
				if (*p != '.')
					*j++ = *p;
			*j = '\0';
			if (*joined) {
				tokens[n++] = joined;
				acr[na++] = *joined;
			}
			continue;
		}
		while (p < end) {
			const char *d = memchr(p, '.', (size_t)(end - p));
			size_t seg = d ? (size_t)(d - p) : (size_t)(end - p);

			if (seg) {
				if (!(tokens[n++] = keep(arena, p, seg)))
					return OREG_ENOMEM;
				acr[na++] = *p;
			}
			p += seg + 1;
		}
	}
	acr[na >= MIN_ACRONYM ? na : 0] = '\0';
	*acronym = acr;
	if (!(*words = joined(arena, tokens, n)))
		return OREG_ENOMEM;
	qsort(tokens, n, sizeof(*tokens), cmp_str);
	for (i = 0, *nout = 0; i < n; i++)
		if (!*nout || strcmp(tokens[*nout - 1], tokens[i]))
			tokens[(*nout)++] = tokens[i];
	*out = tokens;
	return 0;
}

/* s without its spaces or dots, in the arena. */
static const char *compact(struct oreg_arena *arena, const char *s)
{
	char *out = oreg_arena_alloc(arena, strlen(s) + 1), *o = out;

	if (!out)
		return NULL;
	for (; *s; s++)
		if (*s != ' ' && *s != '.')
			*o++ = *s;
	*o = '\0';
	return out;
}

/* The plain form of a dotted one (dots as spaces, collapsed), in the arena. */
static const char *undotted(struct oreg_arena *arena, const char *dotted)
{
	char *out = oreg_arena_alloc(arena, strlen(dotted) + 1), *o = out;

	if (!out)
		return NULL;
	for (; *dotted; dotted++) {
		char c = *dotted == '.' ? ' ' : *dotted;

		if (c == ' ' && (o == out || o[-1] == ' '))
			continue;
		*o++ = c;
	}
	if (o > out && o[-1] == ' ')
		o--;
	*o = '\0';
	return out;
}

int oreg_name_forms_compute(struct oreg_name_forms *out, struct oreg_arena *arena,
	const struct oreg_register *reg, const char *s, size_t len)
{
	struct oreg_buf fold = OREG_BUF_INIT, skel = OREG_BUF_INIT;
	const char *unused;
	int err;

	memset(out, 0, sizeof(*out));
	if ((err = oreg_unicode_fold(&fold, s, len, OREG_FOLD_KEEP_DOTS)) < 0 ||
		(err = oreg_unicode_skeleton(&skel, s, len, OREG_FOLD_KEEP_DOTS)) < 0)
		goto done;
	err = OREG_ENOMEM;
	if (!(out->folded = undotted(arena, fold.ptr)) || !(out->skeleton = undotted(arena, skel.ptr)) ||
		!(out->compact = compact(arena, fold.ptr)) || !(out->skeleton_compact = compact(arena, skel.ptr)))
		goto done;
	if ((err = tokens_of(&out->tokens, &out->ntokens, &out->acronym, &out->words, arena,
			reg ? reg->legal_folded : NULL, reg ? reg->nlegal_forms : 0, fold.ptr)) < 0 ||
		(err = tokens_of(&out->skeleton_tokens, &out->nskeleton_tokens, &unused, &out->skeleton_words, arena,
			reg ? reg->legal_skeletons : NULL, reg ? reg->nlegal_forms : 0, skel.ptr)) < 0)
		goto done;
done:
	oreg_buf_release(&fold);
	oreg_buf_release(&skel);
	return err;
}

const char *oreg_name_level_name(enum oreg_name_level level)
{
	switch (level) {
	case OREG_NAME_MATCH: return "match";
	case OREG_NAME_POSSIBLE: return "possible match";
	case OREG_NAME_NONE: break;
	}
	return "none";
}

static int same_set(const char **a, size_t na, const char **b, size_t nb)
{
	size_t i;

	if (!na || na != nb)
		return 0;
	for (i = 0; i < na; i++)
		if (strcmp(a[i], b[i]))
			return 0;
	return 1;
}

/* Words common to both sorted sets. */
static size_t common(const char **a, size_t na, const char **b, size_t nb)
{
	size_t i = 0, j = 0, n = 0;

	while (i < na && j < nb) {
		int c = strcmp(a[i], b[j]);

		if (!c)
			n++;
		if (c <= 0)
			i++;
		if (c >= 0)
			j++;
	}
	return n;
}

/* Keep the closer of the way already found and this one. */
static void consider(struct oreg_name_match *out, enum oreg_name_level level, unsigned score, const char *fmt,
	...) __attribute__((format(printf, 4, 5)));

static void consider(struct oreg_name_match *out, enum oreg_name_level level, unsigned score, const char *fmt,
	...)
{
	va_list ap;

	if (level < out->level || (level == out->level && score <= out->score))
		return;
	out->level = level;
	out->score = score;
	va_start(ap, fmt);
	vsnprintf(out->reason, sizeof(out->reason), fmt, ap);
	va_end(ap);
}

static int is_generic(char *const *generic, size_t n, const char *w)
{
	size_t i;

	for (i = 0; generic && i < n; i++)
		if (!strcmp(generic[i], w))
			return 1;
	return 0;
}

/* The first word common to both sorted sets that is not generic, or NULL. */
static const char *distinctive_common(const char **a, size_t na, const char **b, size_t nb, char *const *generic,
	size_t ngeneric)
{
	size_t i = 0, j = 0;

	while (i < na && j < nb) {
		int c = strcmp(a[i], b[j]);

		if (!c && !is_generic(generic, ngeneric, a[i]))
			return a[i];
		if (c <= 0)
			i++;
		if (c >= 0)
			j++;
	}
	return NULL;
}

/*
 * Words shared make a possible match only when one of them tells
 * organisations apart: "Stichting Nederland" is not in every name that
 * ends in Nederland.  The same words in any order are a match all the same.
 */
static void compare_words(struct oreg_name_match *out, const char **e, size_t ne, const char **c, size_t nc,
	unsigned similarity, char *const *generic, size_t ngeneric, const char *how)
{
	size_t shared = common(e, ne, c, nc);
	const char *telling;
	unsigned percent;

	if (!ne || !nc)
		return;
	if (same_set(e, ne, c, nc))
		consider(out, OREG_NAME_MATCH, 95, "%ssame words, legal forms and order aside", how);
	if (!shared || !(telling = distinctive_common(e, ne, c, nc, generic, ngeneric)))
		return;
	if (shared == ne)
		consider(out, OREG_NAME_POSSIBLE, 60 + (unsigned)(30 * ne / nc),
			"%severy word of the excluded name is in this name ('%s'%s)", how, telling, ne > 1 ? ", ..." : "");
	percent = (unsigned)(100 * shared / (ne + nc - shared));
	if (percent >= similarity)
		consider(out, OREG_NAME_POSSIBLE, percent * 9 / 10, "%s%u%% of the words are the same", how, percent);
}

/* A possible match when a and b are spelled at most limit letters apart (both long enough to tell). */
static void spelling(struct oreg_name_match *out, const char *a, const char *b, unsigned limit, const char *how)
{
	size_t la = strlen(a), lb = strlen(b), d;

	if (la < MIN_EDIT_LENGTH || lb < MIN_EDIT_LENGTH || !strcmp(a, b))
		return;
	d = oreg_edit_distance(a, la, b, lb, limit, OREG_EDIT_LEVENSHTEIN);
	if (d <= limit)
		consider(out, OREG_NAME_POSSIBLE, (*how ? 89 : 90) - 10 * (unsigned)d, "%sspelled %zu letter%s apart "
			"('%s', '%s')", how, d, d == 1 ? "" : "s", b, a);
}

enum oreg_name_level oreg_name_compare(struct oreg_name_match *out, const struct oreg_name_forms *e,
	const struct oreg_name_forms *c, const struct oreg_register *reg)
{
	unsigned limit = reg ? reg->close_name_distance : DEFAULT_DISTANCE;
	unsigned similarity = reg && reg->token_similarity ? reg->token_similarity : DEFAULT_TOKEN_SIMILARITY;
	static const char lookalike[] = "look-alike letters: ";

	memset(out, 0, sizeof(*out));
	if (!e->folded || !c->folded || !*e->compact || !*c->compact)
		return OREG_NAME_NONE;
	if (!strcmp(e->folded, c->folded))
		consider(out, OREG_NAME_MATCH, 100, "same name once case, accents and width are folded ('%s')",
			c->folded);
	if (!strcmp(e->skeleton, c->skeleton))
		consider(out, OREG_NAME_MATCH, 99, "%ssame skeleton ('%s')", lookalike, c->skeleton);
	if (!strcmp(e->compact, c->compact))
		consider(out, OREG_NAME_MATCH, 98, "same name without spaces and punctuation ('%s')", c->compact);
	if (!strcmp(e->skeleton_compact, c->skeleton_compact))
		consider(out, OREG_NAME_MATCH, 97, "%ssame skeleton without spaces ('%s')", lookalike,
			c->skeleton_compact);
	if (*e->words && !strcmp(e->words, c->words))
		consider(out, OREG_NAME_MATCH, 96, "same name without spaces and legal forms ('%s')", c->words);
	if (*e->skeleton_words && !strcmp(e->skeleton_words, c->skeleton_words))
		consider(out, OREG_NAME_MATCH, 96, "%ssame skeleton without spaces and legal forms ('%s')", lookalike,
			c->skeleton_words);
	compare_words(out, e->tokens, e->ntokens, c->tokens, c->ntokens, similarity, reg ? reg->generic_folded : NULL,
		reg ? reg->ngeneric_words : 0, "");
	compare_words(out, e->skeleton_tokens, e->nskeleton_tokens, c->skeleton_tokens, c->nskeleton_tokens,
		similarity, reg ? reg->generic_skeletons : NULL, reg ? reg->ngeneric_words : 0, lookalike);
	if (out->level == OREG_NAME_MATCH)
		return out->level;
	spelling(out, e->compact, c->compact, limit, "");
	spelling(out, e->words, c->words, limit, "");
	spelling(out, e->skeleton_compact, c->skeleton_compact, limit, lookalike);
	spelling(out, e->skeleton_words, c->skeleton_words, limit, lookalike);
	if (*e->acronym && !strcmp(e->acronym, c->compact))
		consider(out, OREG_NAME_POSSIBLE, 60, "the acronym of the excluded name ('%s')", e->acronym);
	return out->level;
}

char *oreg_name_normalise(const struct oreg_register *reg, const char *s, size_t len)
{
	struct oreg_buf fold = OREG_BUF_INIT, out = OREG_BUF_INIT;
	struct words w;
	size_t first = 0, last, i, j;

	if (oreg_unicode_fold(&fold, s, len, OREG_FOLD_KEEP_DOTS) < 0) {
		oreg_buf_release(&fold);
		return NULL;
	}
	split(&w, fold.ptr);
	last = w.n;
	while (reg && first < last && is_legal_form(reg->legal_folded, reg->nlegal_forms, w.at[first], w.len[first]))
		first++;
	while (reg && last > first &&
		is_legal_form(reg->legal_folded, reg->nlegal_forms, w.at[last - 1], w.len[last - 1]))
		last--;
	for (i = first; i < last; i++) {
		for (j = 0; j < w.len[i]; j++) {
			char c = w.at[i][j] == '.' ? ' ' : w.at[i][j];

			if (c != ' ' || (out.len && out.ptr[out.len - 1] != ' '))
				oreg_buf_addch(&out, c);
		}
		if (out.len && out.ptr[out.len - 1] != ' ')
			oreg_buf_addch(&out, ' ');
	}
	if (out.len && out.ptr[out.len - 1] == ' ')
		oreg_buf_truncate(&out, out.len - 1);
	oreg_buf_release(&fold);
	return oreg_buf_detach(&out, NULL);
}

/*
 * Words too common to tell organisations apart on their own, for a
 * register whose rules.exclusion has no generic-words: place names of the
 * whole country or beyond, words every kind of organisation uses, and
 * Dutch and English articles and joining words.  README lists them.
 */
static const char *const default_generic[] = {
	"nederland", "nederlandse", "holland", "netherlands", "dutch", "europa", "europe", "europese", "european",
	"internationaal", "internationale", "international", "nationaal", "nationale", "national", "landelijk",
	"landelijke", "centrum", "centre", "center", "platform", "netwerk", "network", "federatie", "federation",
	"organisatie", "organisation", "organization", "foundation", "association", "de", "het", "een", "van",
	"voor", "en", "the", "of", "for", "and",
};

int oreg_names_default_generic(char ***out, size_t *n)
{
	size_t i;

	*n = 0;
	if (!(*out = oreg_calloc(ARRAY_SIZE(default_generic) + 1, sizeof(char *))))
		return OREG_ENOMEM;
	for (i = 0; i < ARRAY_SIZE(default_generic); i++)
		if (!((*out)[(*n)++] = oreg_strdup(default_generic[i])))
			return OREG_ENOMEM;
	return 0;
}

/* words folded into *folded and as skeletons into *skeletons, one for one. */
static int fold_words(char ***folded, char ***skeletons, char *const *words, size_t n)
{
	size_t i;
	int err;

	if (!n)
		return 0;
	*folded = oreg_calloc(n, sizeof(char *));
	*skeletons = oreg_calloc(n, sizeof(char *));
	if (!*folded || !*skeletons)
		return OREG_ENOMEM;
	for (i = 0; i < n; i++) {
		struct oreg_buf f = OREG_BUF_INIT, k = OREG_BUF_INIT;
		const char *w = words[i];

		if ((err = oreg_unicode_fold(&f, w, strlen(w), OREG_FOLD_KEEP_DOTS)) < 0 ||
			(err = oreg_unicode_skeleton(&k, w, strlen(w), OREG_FOLD_KEEP_DOTS)) < 0) {
			oreg_buf_release(&f);
			oreg_buf_release(&k);
			return err;
		}
		(*folded)[i] = oreg_buf_detach(&f, NULL);
		(*skeletons)[i] = oreg_buf_detach(&k, NULL);
		if (!(*folded)[i] || !(*skeletons)[i])
			return OREG_ENOMEM;
	}
	return 0;
}

static void free_words(char ***folded, char ***skeletons, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (*folded)
			free((*folded)[i]);
		if (*skeletons)
			free((*skeletons)[i]);
	}
	free(*folded);
	free(*skeletons);
	*folded = *skeletons = NULL;
}

int oreg_names_prepare(struct oreg_register *reg)
{
	int err;

	if ((err = fold_words(&reg->legal_folded, &reg->legal_skeletons, reg->legal_forms, reg->nlegal_forms)) < 0)
		return err;
	return fold_words(&reg->generic_folded, &reg->generic_skeletons, reg->generic_words, reg->ngeneric_words);
}

void oreg_names_release(struct oreg_register *reg)
{
	free_words(&reg->legal_folded, &reg->legal_skeletons, reg->nlegal_forms);
	free_words(&reg->generic_folded, &reg->generic_skeletons, reg->ngeneric_words);
}

void oreg_name_add_shown(struct oreg_buf *b, const char *s)
{
	size_t len = strlen(s), at;
	uint32_t cp;

	while (oreg_unicode_find_forbidden(s, len, &cp, &at)) {
		uint32_t unused;
		/* step over the code point's bytes, as the project's one decoder reads them */
		size_t n = oreg_utf8_decode(s + at, len - at, &unused);

		if (!n)
			n = 1;
		oreg_buf_add(b, s, at);
		oreg_buf_addf(b, "<U+%04X>", (unsigned)cp);
		s += at + n;
		len -= at + n;
	}
	oreg_buf_add(b, s, len);
}
