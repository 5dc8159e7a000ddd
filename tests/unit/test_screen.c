/* test_screen.c - screening organisations against a list in one pass (screen.c). */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* The one hit of subject k with entity id, or NULL. */
static const struct oreg_screen_hit *hit_of(struct oreg_screen *s, size_t k, const char *id)
{
	const struct oreg_screen_hit *hits;
	const struct oreg_screen_hit *found = NULL;
	size_t n, i;

	hits = oreg_screen_hits(s, &n);
	for (i = 0; i < n; i++)
		if (hits[i].subject == k && !strcmp(hits[i].id, id)) {
			assert_null(found);
			found = &hits[i];
		}
	return found;
}

static size_t hit_count(struct oreg_screen *s)
{
	size_t n;

	oreg_screen_hits(s, &n);
	return n;
}

static void screen__several_organisations__in_one_pass(void **state)
{
	static const char *const samidoun[] = { "Stichting Samidoun Nederland" };
	static const char *const taalhuis[] = { "Buurthuis West", "Taalhuis Utrecht" };
	static const char *const oost[] = { "Buurtcentrum Oost" };
	static const char list[] =
		"{\"id\": \"NK-1\", \"schema\": \"Organization\", \"properties\": {\"name\": [\"Samidoun\"]}}\n"
		"{\"id\": \"NK-2\", \"schema\": \"Person\", \"properties\": {\"name\": [\"Taalhuis Utrecht\"]}}\n"
		"{\"id\": \"NK-3\", \"schema\": \"Company\", \"properties\": {\"name\": [\"Iets Anders\"], "
		"\"registrationNumber\": [\"KvK 6543 2109\"]}}\n"
		"{\"id\": \"NK-4\", \"schema\": \"LegalEntity\", \"properties\": {\"name\": [\"Iets\"], "
		"\"weakAlias\": [\"Taalhuis Utrecht\"]}}\n";
	struct oreg_screen *s;
	const struct oreg_screen_hit *h;

	(void)state;
	assert_int_equal(oreg_screen_start(&s, NULL), 0);
	assert_int_equal(oreg_screen_add(s, samidoun, NULL, 1, NULL), 0);
	assert_int_equal(oreg_screen_add(s, taalhuis, NULL, 2, NULL), 1);
	assert_int_equal(oreg_screen_add(s, oost, NULL, 1, "65432109"), 2);
	assert_int_equal(oreg_screen_list(s, "list.json", list, sizeof(list) - 1), 0);
	assert_int_equal(hit_count(s), 3);
	assert_non_null(h = hit_of(s, 0, "NK-1"));
	assert_false(h->match);
	assert_string_equal(h->source, "list.json");
	assert_string_equal(h->name, "Samidoun");
	assert_non_null(strstr(h->reason, "every word of the excluded name"));
	/* a person is not screened; an organisation's weak alias is, and the reason says so */
	assert_non_null(h = hit_of(s, 1, "NK-4"));
	assert_true(h->match);
	assert_string_equal(h->name, "Taalhuis Utrecht");
	assert_string_equal(h->reason, "by its weak alias: same name once case, accents and width are folded "
		"('taalhuis utrecht')");
	assert_non_null(h = hit_of(s, 2, "NK-3"));
	assert_true(h->match);
	assert_string_equal(h->reason, "same registration number 65432109");
	assert_int_equal(h->status, OREG_SCREEN_CURRENT);
	oreg_screen_free(s);
}

/* name screened against list (named file): the screening, holding nhits hits. */
static struct oreg_screen *screened(const char *name, const char *file, const char *list, size_t len, size_t nhits)
{
	struct oreg_screen *s;

	assert_int_equal(oreg_screen_new(&s, NULL, &name, 1, NULL), 0);
	assert_int_equal(oreg_screen_list(s, file, list, len), 0);
	assert_int_equal(hit_count(s), nhits);
	return s;
}

static void screen__csv__aliases_and_quotes(void **state)
{
	static const char list[] = "id,name,aliases\n"
		"EU-1,\"Stichting \"\"Ver\"\", weg\",Verre Vrienden;Vrienden Ver\n"
		"EU-2,\"twee\nregels\",\n";
	struct oreg_screen *s = screened("Verre Vrienden", "eu.csv", list, sizeof(list) - 1, 1);
	const struct oreg_screen_hit *h;

	(void)state;
	assert_non_null(h = hit_of(s, 0, "EU-1"));
	assert_string_equal(h->name, "Verre Vrienden");
	assert_string_equal(h->reason, "by its alias: same name once case, accents and width are folded "
		"('verre vrienden')");
	oreg_screen_free(s);
}

static void screen__hostile_lines__are_skipped_and_shown_safely(void **state)
{
	/* the first line says the format: JSON lines */
	static const char list[] =
		"{\"id\": \"first\", \"schema\": \"Organization\", \"properties\": {\"name\": [\"De Brug\"]}}\n"
		"not json at all\n"
		"[1, 2, 3]\n"
		"{\"id\": \"deep\", \"schema\": \"Organization\", \"properties\": {\"name\": "
		"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"x\"]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}}\n"
		"{\"id\": \"bell\", \"schema\": \"Organization\", \"properties\": {\"name\": [\"Sami\\u0007doun\"]}}\n"
		"{\"id\": \"trailing\", \"schema\": \"Organization\", \"properties\": {\"name\": [\"Samidoun\"]}} x\n";
	struct oreg_screen *s = screened("Samidoun", "list.json", list, sizeof(list) - 1, 1);
	const struct oreg_screen_hit *h;

	(void)state;
	assert_non_null(h = hit_of(s, 0, "bell"));
	assert_string_equal(h->name, "Sami<U+0007>doun");
	oreg_screen_free(s);
}

static void screen__neither_format__is_invalid(void **state)
{
	static const char *const name[] = { "Samidoun" };
	static const char list[] = "naam,alias\nSamidoun,\n";
	struct oreg_screen *s;

	(void)state;
	assert_int_equal(oreg_screen_new(&s, NULL, name, 1, NULL), 0);
	assert_int_equal(oreg_screen_list(s, "eu.csv", list, sizeof(list) - 1), OREG_EINVALID);
	assert_non_null(strstr(oreg_error_message(), "no 'name' column"));
	assert_int_equal(hit_count(s), 0);
	oreg_screen_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(screen__several_organisations__in_one_pass),
		cmocka_unit_test(screen__csv__aliases_and_quotes),
		cmocka_unit_test(screen__hostile_lines__are_skipped_and_shown_safely),
		cmocka_unit_test(screen__neither_format__is_invalid),
	};

	return cmocka_run_group_tests_name("screen", tests, NULL, NULL);
}
