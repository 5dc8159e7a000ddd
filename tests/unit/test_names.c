/* test_names.c - organisation names as the exclusion rule compares them. */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"

static char f1[] = "stichting", f2[] = "vereniging", f3[] = "coöperatie", f4[] = "coöperatieve", f5[] = "b.v.",
	f6[] = "bv", f7[] = "n.v.", f8[] = "nv", f9[] = "v.o.f.", f10[] = "vof", f11[] = "c.v.", f12[] = "u.a.",
	f13[] = "w.a.", f14[] = "b.a.";
static char *forms[] = { f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14 };
static char g1[] = "nederland", g2[] = "centrum", g3[] = "platform", g4[] = "network";
static char *generic[] = { g1, g2, g3, g4 };

static int setup(void **state)
{
	struct oreg_register *reg = calloc(1, sizeof(*reg));

	if (!reg)
		return -1;
	reg->legal_forms = forms;
	reg->nlegal_forms = ARRAY_SIZE(forms);
	reg->generic_words = generic;
	reg->ngeneric_words = ARRAY_SIZE(generic);
	reg->close_name_distance = 2;
	reg->token_similarity = 80;
	if (oreg_names_prepare(reg) < 0)
		return -1;
	*state = reg;
	return 0;
}

static int teardown(void **state)
{
	struct oreg_register *reg = *state;

	oreg_names_release(reg);
	free(reg);
	return 0;
}

struct pair {
	struct oreg_arena arena;
	struct oreg_name_forms e, c;
	struct oreg_name_match m;
};

static enum oreg_name_level compare(void **state, struct pair *p, const char *excluded, const char *candidate)
{
	oreg_arena_init(&p->arena);
	assert_int_equal(oreg_name_forms_compute(&p->e, &p->arena, *state, excluded, strlen(excluded)), 0);
	assert_int_equal(oreg_name_forms_compute(&p->c, &p->arena, *state, candidate, strlen(candidate)), 0);
	return oreg_name_compare(&p->m, &p->e, &p->c, *state);
}

static void assert_level(void **state, const char *excluded, const char *candidate, enum oreg_name_level level,
	const char *reason)
{
	struct pair p;
	enum oreg_name_level got = compare(state, &p, excluded, candidate);

	if (got != level || (reason && !strstr(p.m.reason, reason)))
		fail_msg("'%s' against '%s': %s (%s), expected %s (%s)", candidate, excluded, oreg_name_level_name(got),
			p.m.reason, oreg_name_level_name(level), reason ? reason : "");
	oreg_arena_release(&p.arena);
}

static void assert_tokens(void **state, const char *name, const char *expected)
{
	struct oreg_arena arena;
	struct oreg_name_forms f;
	struct oreg_buf b = OREG_BUF_INIT;
	size_t i;

	oreg_arena_init(&arena);
	assert_int_equal(oreg_name_forms_compute(&f, &arena, *state, name, strlen(name)), 0);
	for (i = 0; i < f.ntokens; i++)
		oreg_buf_addf(&b, "%s%s", i ? " " : "", f.tokens[i]);
	assert_string_equal(b.ptr, expected);
	oreg_buf_release(&b);
	oreg_arena_release(&arena);
}

static void names__tokens__drop_legal_forms_only_at_the_ends(void **state)
{
	assert_tokens(state, "Stichting Samidoun Nederland", "nederland samidoun");
	assert_tokens(state, "Samidoun B.V.", "samidoun");
	assert_tokens(state, "Samidoun BV", "samidoun");
	assert_tokens(state, "Coöperatieve Vereniging Zuid U.A.", "zuid");
	assert_tokens(state, "Vereniging Stichtingsbelang", "stichtingsbelang");
	assert_tokens(state, "Huis van de Stichting Oost", "de huis oost stichting van");
	/* not legal forms: federatie, st, and cv or ua written without dots */
	assert_tokens(state, "Federatie Taalaanbieders Nederland", "federatie nederland taalaanbieders");
	assert_tokens(state, "St. Brug", "brug st");
	assert_tokens(state, "Samidoun CV", "cv samidoun");
	assert_tokens(state, "Ba Ua", "ba ua");
	assert_tokens(state, "Samidoun C.V.", "samidoun");
	/* a name of legal forms only keeps them */
	assert_tokens(state, "Stichting", "stichting");
	/* abbreviations join, dotted words split */
	assert_tokens(state, "I.C.C. St.Jan", "icc jan st");
	assert_tokens(state, "", "");
}

static void names__match__however_the_name_is_written(void **state)
{
	assert_level(state, "Samidoun", "Samidoun", OREG_NAME_MATCH, "same name");
	assert_level(state, "Samidoun", "Stichting Samidoun", OREG_NAME_MATCH, "legal forms");
	assert_level(state, "Samidoun", "Ѕаmіdоun", OREG_NAME_MATCH, "look-alike letters");
	assert_level(state, "Samidoun", "Ｓａｍｉｄｏｕｎ", OREG_NAME_MATCH, "same name");
	assert_level(state, "Samidoun", "𝐒𝐚𝐦𝐢𝐝𝐨𝐮𝐧", OREG_NAME_MATCH, "same name");
	assert_level(state, "Samidoun", "\xe2\x80\xae" "nuodimaS", OREG_NAME_MATCH, "same name");
	assert_level(state, "Samidoun", "Sаmidoun", OREG_NAME_MATCH, NULL);
	assert_level(state, "Samidoun", "Samidοun", OREG_NAME_MATCH, NULL);
	assert_level(state, "Samidoun", "Sami\xe2\x80\x8b" "doun", OREG_NAME_MATCH, NULL);
	assert_level(state, "Samidoun", "Sami\xe2\x80\x8d" "doun", OREG_NAME_MATCH, NULL);
	assert_level(state, "Samidoun", "Sami\xe2\x81\xa0" "doun", OREG_NAME_MATCH, NULL);
	assert_level(state, "Samidoun", "Sami\xc2\xad" "doun", OREG_NAME_MATCH, NULL);
	assert_level(state, "Samidoun", "Sami\xc2\xa0" "doun", OREG_NAME_MATCH, "without spaces");
	assert_level(state, "Samidoun", "Sami-doun", OREG_NAME_MATCH, "without spaces");
	assert_level(state, "Samidoun", "Samid0un", OREG_NAME_MATCH, "look-alike letters");
	assert_level(state, "Samidoun", "Sạmidoun", OREG_NAME_MATCH, "same name");
	assert_level(state, "Al Wáád", "Al Wa\xcc\x81" "a\xcc\x81" "d", OREG_NAME_MATCH, "same name");
	assert_level(state, "Samidoun Palestinian Prisoner Solidarity Network",
		"Palestinian Prisoner Solidarity Network Samidoun", OREG_NAME_MATCH, "order aside");
	assert_level(state, "Samidoun Palestinian Prisoner Solidarity Network",
		"Palestinian Prisoner Solidarity Network Ѕаmіdоun", OREG_NAME_MATCH, "look-alike letters");
}

static void names__possible_match__needs_a_person_to_look(void **state)
{
	assert_level(state, "Samidoun", "Stichting Samidoun Nederland", OREG_NAME_POSSIBLE, "every word");
	assert_level(state, "Taalaanbieders Nederland", "Federatie Taalaanbieders Nederland", OREG_NAME_POSSIBLE,
		"every word");
	assert_level(state, "Samidoun", "Samidoen", OREG_NAME_POSSIBLE, "1 letter apart");
	assert_level(state, "Palestinian Prisoner Solidarity Network", "P.P.S.N.", OREG_NAME_POSSIBLE, "acronym");
	assert_level(state, "Palestinian Prisoner Solidarity Network", "PPSN", OREG_NAME_POSSIBLE, "acronym");
	assert_level(state, "Een Twee Drie Vier Vijf", "Een Twee Drie Vier Vijf Zes", OREG_NAME_POSSIBLE,
		"every word");
	assert_level(state, "Een Twee Drie Vier Vijf Zes", "Een Twee Drie Vier Vijf Zeven", OREG_NAME_NONE, NULL);
}

static void names__none__for_names_that_share_a_word(void **state)
{
	assert_level(state, "Al Waad", "Al Amal", OREG_NAME_NONE, NULL);
	assert_level(state, "Palestinian Prisoner Solidarity Network", "Solidarity Network Rotterdam",
		OREG_NAME_NONE, NULL);
	assert_level(state, "Samidoun", "Taalhuis Utrecht", OREG_NAME_NONE, NULL);
	assert_level(state, "Samidoun", "", OREG_NAME_NONE, NULL);
	assert_level(state, "Stichting", "Stichting Taalhuis", OREG_NAME_NONE, NULL);
	assert_level(state, "Brug", "Brag", OREG_NAME_NONE, NULL); /* too short for an edit to mean a misspelling */
}

static void names__generic_words__alone_make_no_possible_match(void **state)
{
	/* legal forms dropped, one generic word is left: it is in every "... Nederland" */
	assert_level(state, "Stichting Nederland", "Vluchtelingenwerk Nederland", OREG_NAME_NONE, NULL);
	assert_level(state, "Stichting Nederland", "Vluchtelingenwerk N\xd0\xb5" "derland", OREG_NAME_NONE, NULL);
	assert_level(state, "Centrum Nederland", "Islamitisch Centrum Nederland", OREG_NAME_NONE, NULL);
	assert_level(state, "Platform Nederland", "Platform Nederland Centrum", OREG_NAME_NONE, NULL);
	/* the same generic words are still the same name */
	assert_level(state, "Stichting Nederland", "Nederland", OREG_NAME_MATCH, "same name");
	assert_level(state, "Centrum Nederland", "Nederland Centrum", OREG_NAME_MATCH, "order aside");
	/* one telling word shared is enough, and the reason names it */
	assert_level(state, "Samidoun", "Stichting Samidoun Nederland", OREG_NAME_POSSIBLE, "('samidoun')");
	assert_level(state, "Taalaanbieders Nederland", "Federatie Taalaanbieders Nederland", OREG_NAME_POSSIBLE,
		"('taalaanbieders', ...)");
	assert_level(state, "Samidoun Network", "Samidoun Network Nederland", OREG_NAME_POSSIBLE, "every word");
	assert_level(state, "Islamitisch Centrum Nederland", "Islamitisch Centrum Nederland Oost", OREG_NAME_POSSIBLE,
		"every word");
	/* a misspelt generic word is still a misspelling */
	assert_level(state, "Stichting Nederland", "Nederlandt", OREG_NAME_POSSIBLE, "1 letter apart");
}

static void names__normalise__is_a_sort_key_without_legal_forms(void **state)
{
	char *n = oreg_name_normalise(*state, "Stichting Ça Über B.V.", strlen("Stichting Ça Über B.V."));

	assert_non_null(n);
	assert_string_equal(n, "ca uber");
	free(n);
	n = oreg_name_normalise(NULL, "Stichting Al-Waad", strlen("Stichting Al-Waad"));
	assert_non_null(n);
	assert_string_equal(n, "stichting al waad");
	free(n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names__tokens__drop_legal_forms_only_at_the_ends),
		cmocka_unit_test(names__match__however_the_name_is_written),
		cmocka_unit_test(names__possible_match__needs_a_person_to_look),
		cmocka_unit_test(names__none__for_names_that_share_a_word),
		cmocka_unit_test(names__generic_words__alone_make_no_possible_match),
		cmocka_unit_test(names__normalise__is_a_sort_key_without_legal_forms),
	};

	return cmocka_run_group_tests_name("names", tests, setup, teardown);
}
