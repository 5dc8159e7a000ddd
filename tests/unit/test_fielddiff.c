/*
 * test_fielddiff.c - field-level changes between two versions of a record,
 * and the YAML, compact and JSON forms they are printed in (yamlout.c).
 */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "openreg.h"

static struct oreg_document *load(const char *yaml)
{
	struct oreg_document *doc = NULL;
	struct oreg_findings findings;

	oreg_findings_init(&findings);
	assert_int_equal(oreg_yaml_load(&doc, yaml, strlen(yaml), "t.yaml", NULL, &findings), 0);
	if (findings.count)
		fail_msg("%s:%u:%u: %s", findings.items[0].file, findings.items[0].line, findings.items[0].column,
			findings.items[0].message);
	assert_non_null(doc);
	oreg_findings_release(&findings);
	return doc;
}

/* The changes from old to new (either may be NULL), one "mark path: old -> new" line each. */
static char *changes_of(const char *old, const char *new)
{
	struct oreg_document *a = old ? load(old) : NULL, *b = new ? load(new) : NULL;
	struct oreg_field_changes changes;
	char *out = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&out, &len);

	assert_non_null(f);
	oreg_field_changes_init(&changes);
	assert_int_equal(oreg_field_diff(&changes, a ? oreg_document_root(a) : NULL,
		b ? oreg_document_root(b) : NULL), 0);
	for (i = 0; i < changes.count; i++) {
		const struct oreg_field_change *c = &changes.items[i];

		/* the borrowed values agree with the texts */
		assert_true((c->old_value == NULL) == !strcmp(c->old_text, "(none)"));
		assert_true((c->new_value == NULL) == !strcmp(c->new_text, "(none)"));
		fprintf(f, "%c %s: %s -> %s\n", c->kind == OREG_CHANGE_ADDED ? '+' : c->kind == OREG_CHANGE_DELETED ? '-' : '~',
			c->path, c->old_text, c->new_text);
	}
	fclose(f);
	oreg_field_changes_release(&changes);
	oreg_field_changes_release(&changes); /* release twice is harmless */
	oreg_document_free(a);
	oreg_document_free(b);
	return out;
}

#define assert_changes(old, new, expected) do { \
	char *got_ = changes_of(old, new); \
	assert_string_equal(got_, expected); \
	free(got_); \
} while (0)

static void fielddiff__equal_records__no_change(void **state)
{
	(void)state;
	assert_changes("a: 1\nb: [x, y]\nc: {d: e}\n", "c: {d: e}\nb: [x, y]\na: 1.0\n", "");
}

static void fielddiff__nested_maps__dotted_paths(void **state)
{
	(void)state;
	assert_changes("name: A\nadres:\n  stad: Utrecht\n  straat: Oudegracht\n",
		"name: A\nadres:\n  stad: Utrecht (stad)\n  postcode: 3511 AA\n",
		"~ adres.stad: Utrecht -> Utrecht (stad)\n"
		"- adres.straat: Oudegracht -> (none)\n"
		"+ adres.postcode: (none) -> 3511 AA\n");
}

static void fielddiff__lists__items_by_index(void **state)
{
	(void)state;
	/* a changed item, an added item, a field inside an item */
	assert_changes("partnerships:\n  - from: 2024-01-01\n    themes: [taal]\n",
		"partnerships:\n  - from: 2024-01-01\n    until: 2024-06-30\n    themes: [taal, werk]\n"
		"  - from: 2025-01-01\n    themes: [werk]\n",
		"+ partnerships[0].themes[1]: (none) -> werk\n"
		"+ partnerships[0].until: (none) -> 2024-06-30\n"
		"+ partnerships[1]: (none) -> {from: 2025-01-01, themes: [werk]}\n");
	/* removed items at the end; a list that became empty */
	assert_changes("aliases: [a, b, c]\nthemes: [taal]\n", "aliases: [a]\nthemes: []\n",
		"- aliases[1]: b -> (none)\n- aliases[2]: c -> (none)\n- themes[0]: taal -> (none)\n");
	/* items by index, not by content: a removal at the front shifts the rest */
	assert_changes("aliases: [a, b]\n", "aliases: [b]\n", "~ aliases[0]: a -> b\n- aliases[1]: b -> (none)\n");
}

static void fielddiff__types_differ__one_change(void **state)
{
	(void)state;
	assert_changes("kvk: 12345678\nx: true\ny: [a]\nz: 1\n",
		"kvk: \"12345678\"\nx: \"true\"\ny: {a: b}\nz: 1.5\n",
		"~ kvk: 12345678 -> \"12345678\"\n"
		"~ x: true -> \"true\"\n"
		"~ y: [a] -> {a: b}\n"
		"~ z: 1 -> 1.5\n");
}

static void fielddiff__absent_and_null__differ(void **state)
{
	(void)state;
	assert_changes("a: 1\n", "a: 1\nuntil: null\n", "+ until: (none) -> null\n");
	assert_changes("until: ~\n", "until: 2024-06-30\n", "~ until: null -> 2024-06-30\n");
	assert_changes("until: null\n", "{}\n", "- until: null -> (none)\n");
	/* strings that look like the words stay quoted, so they cannot be mistaken */
	assert_changes("a: x\n", "a: \"(none)\"\nb: \"null\"\nc: \"\"\n",
		"~ a: x -> \"(none)\"\n+ b: (none) -> \"null\"\n+ c: (none) -> \"\"\n");
}

static void fielddiff__strings_with_newlines_and_quotes__one_line(void **state)
{
	(void)state;
	assert_changes("notes: |\n  eerste regel\n  tweede \"regel\"\n", "notes: 'it''s: done'\n",
		"~ notes: \"eerste regel\\ntweede \\\"regel\\\"\\n\" -> \"it's: done\"\n");
	assert_changes("n: \"a\\tb\\\\c\\u0085d\\u2028e\\x01\"\n", "n: ok\n",
		"~ n: \"a\\tb\\\\c\\x85d\\u2028e\\x01\" -> ok\n");
}

static void fielddiff__absent_record__every_field(void **state)
{
	(void)state;
	assert_changes(NULL, "name: X\nthemes: [taal]\n",
		"+ name: (none) -> X\n+ themes: (none) -> [taal]\n");
	assert_changes("name: X\n", NULL, "- name: X -> (none)\n");
	assert_changes(NULL, NULL, "");
}

static void fielddiff__odd_keys__quoted_index(void **state)
{
	(void)state;
	assert_changes("\"a b\": 1\nx: {\"c.d\": 1}\n", "\"a b\": 2\nx: {\"c.d\": 2}\n",
		"~ [\"a b\"]: 1 -> 2\n~ x[\"c.d\"]: 1 -> 2\n");
}

/* ---- yamlout ---- */

static char *yaml_of(const char *src)
{
	struct oreg_document *doc = load(src);
	size_t len = 0;
	char *out = oreg_value_yaml(oreg_document_root(doc), &len);

	assert_non_null(out);
	assert_int_equal(strlen(out), len);
	oreg_document_free(doc);
	return out;
}

static void yamlout__block_style__exact_text(void **state)
{
	char *out;

	(void)state;
	out = yaml_of("{name: X, kvk: \"01234567\", e: {}, l: [], p: [{from: 2024-01-01, themes: [taal, werk]}],"
		" n: [[1, 2], [], {a: b}], b: false, z: null, f: -1.5}");
	assert_string_equal(out,
		"name: X\n"
		"kvk: \"01234567\"\n"
		"e: {}\n"
		"l: []\n"
		"p:\n"
		"  - from: 2024-01-01\n"
		"    themes:\n"
		"      - taal\n"
		"      - werk\n"
		"n:\n"
		"  -\n"
		"    - 1\n"
		"    - 2\n"
		"  - []\n"
		"  - a: b\n"
		"b: false\n"
		"z: null\n"
		"f: -1.5\n");
	free(out);
}

/* Whatever the record holds, the YAML written reads back to equal values. */
static void yamlout__hostile_strings__round_trip(void **state)
{
	static const char src[] =
		"s1: \"null\"\ns2: \"true\"\ns3: \"False\"\ns4: \"1\"\ns5: \"0x1F\"\ns6: \"1e3\"\ns7: \".inf\"\n"
		"s8: \"~\"\ns9: \"\"\ns10: \" lead\"\ns11: \"trail \"\ns12: \"a: b\"\ns13: \"a #b\"\ns14: \"- x\"\n"
		"s15: \"nel\\u0085x\"\ns16: \"ls\\u2028x\"\ns17: \"tab\\tx\"\ns18: \"nul\\0x\"\ns19: \"Ölçü café\"\n"
		"s20: \"<script>alert(1)</script> | *b* `c`\\nline\"\ns21: \"'quoted'\"\ns22: \"\\\"dq\\\"\"\n"
		"s23: \"http://example.org/a?b=c&d\"\ns24: \"a,b\"\ns25: \"bom\\ufeffx\"\ns26: \"key:\"\n"
		"s27: \"2024-06-30\"\ns28: \"+1\"\ns29: \"0o17\"\ns30: \"12:30\"\ns31: \"\\u00a0nbsp\"\n"
		"\"odd key: #1\": [x, \"y, z\", [], {}, [[a]]]\n"
		"\"\": empty key\n"
		"nums: [0, -3, 1.5, 1e300, 123456789012345678, .inf, -.inf, 0.1]\n"
		"bools: [true, false, null]\n";
	struct oreg_document *a = load(src), *b;
	char *out = oreg_value_yaml(oreg_document_root(a), NULL);

	(void)state;
	assert_non_null(out);
	b = load(out);
	if (!oreg_value_equal(oreg_document_root(a), oreg_document_root(b)))
		fail_msg("not equal after the round trip:\n%s", out);
	/* and the string that held a NUL kept it */
	assert_int_equal(oreg_value_get(oreg_document_root(b), "s18")->u.string.len, 5);
	free(out);
	oreg_document_free(a);
	oreg_document_free(b);
}

static void yamlout__compact_and_json__forms(void **state)
{
	struct oreg_document *doc = load("a: [x, \"y, z\", {k: \"v\\n\"}]\nn: .nan\nq: \"\\\"\"\n");
	const struct oreg_value *root = oreg_document_root(doc);
	char *s;

	(void)state;
	s = oreg_value_compact(oreg_value_get(root, "a"));
	assert_string_equal(s, "[x, \"y, z\", {k: \"v\\n\"}]");
	free(s);
	s = oreg_value_compact(NULL);
	assert_string_equal(s, "(none)");
	free(s);
	s = oreg_value_json(root);
	assert_string_equal(s, "{\"a\": [\"x\", \"y, z\", {\"k\": \"v\\n\"}], \"n\": null, \"q\": \"\\\"\"}");
	free(s);
	s = oreg_json_quote("a\"\n\x01", 4);
	assert_string_equal(s, "\"a\\\"\\n\\u0001\"");
	free(s);
	oreg_document_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fielddiff__equal_records__no_change),
		cmocka_unit_test(fielddiff__nested_maps__dotted_paths),
		cmocka_unit_test(fielddiff__lists__items_by_index),
		cmocka_unit_test(fielddiff__types_differ__one_change),
		cmocka_unit_test(fielddiff__absent_and_null__differ),
		cmocka_unit_test(fielddiff__strings_with_newlines_and_quotes__one_line),
		cmocka_unit_test(fielddiff__absent_record__every_field),
		cmocka_unit_test(fielddiff__odd_keys__quoted_index),
		cmocka_unit_test(yamlout__block_style__exact_text),
		cmocka_unit_test(yamlout__hostile_strings__round_trip),
		cmocka_unit_test(yamlout__compact_and_json__forms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
