/*
 * test_yamlquick.c - the quick reader of plain-style records: whatever it
 * reads, it reads as oreg_yaml_load does (the same tree, types, strings
 * and positions); everything else it declines.  Besides the cases by hand,
 * thousands of records mutated at random (a fixed seed) must keep that
 * promise.
 */
#include "unit.h"

#include <math.h>

#include "internal.h"

static void assert_same_value(const struct oreg_value *a, const struct oreg_value *b)
{
	size_t i;

	assert_int_equal(a->type, b->type);
	assert_int_equal(a->line, b->line);
	assert_int_equal(a->column, b->column);
	switch (a->type) {
	case OREG_STRING:
		assert_int_equal(a->u.string.len, b->u.string.len);
		assert_memory_equal(a->u.string.ptr, b->u.string.ptr, a->u.string.len + 1);
		break;
	case OREG_NUMBER:
		assert_int_equal(a->u.number.integer, b->u.number.integer);
		assert_true((isnan(a->u.number.value) && isnan(b->u.number.value)) ||
			a->u.number.value == b->u.number.value);
		break;
	case OREG_BOOLEAN:
		assert_int_equal(a->u.boolean, b->u.boolean);
		break;
	case OREG_ARRAY:
		assert_int_equal(a->u.array.count, b->u.array.count);
		for (i = 0; i < a->u.array.count; i++)
			assert_same_value(a->u.array.items[i], b->u.array.items[i]);
		break;
	case OREG_OBJECT:
		assert_int_equal(a->u.object.count, b->u.object.count);
		for (i = 0; i < a->u.object.count; i++) {
			const struct oreg_member *x = &a->u.object.members[i], *y = &b->u.object.members[i];

			assert_int_equal(x->key_len, y->key_len);
			assert_memory_equal(x->key, y->key, x->key_len + 1);
			assert_int_equal(x->line, y->line);
			assert_int_equal(x->column, y->column);
			assert_same_value(x->value, y->value);
		}
		break;
	default:
		break;
	}
}

/* Load data both ways; when the quick reader takes it, the trees must be the same.  Whether it took it. */
static int compare(const char *data, size_t len)
{
	struct oreg_document *quick = NULL, *full = NULL;
	struct oreg_findings findings;
	int took;

	took = oreg_yaml_load_quick(&quick, data, len);
	assert_true(took == 0 || took == 1);
	if (!took) {
		assert_null(quick);
		return 0;
	}
	oreg_findings_init(&findings);
	assert_int_equal(oreg_yaml_load(&full, data, len, "x.yaml", NULL, &findings), 0);
	if (!full)
		fail_msg("the quick reader took what the loader refuses: %s\n---\n%.*s", findings.count ?
			findings.items[0].message : "?", (int)len, data);
	assert_same_value(oreg_document_root(quick), oreg_document_root(full));
	oreg_findings_release(&findings);
	oreg_document_free(quick);
	oreg_document_free(full);
	return 1;
}

static const char contact[] =
	"# a contact\n"
	"date: 2020-01-01\n"
	"organisations:\n"
	"  - cooperatie-breed-samenleving-oss\n"
	"  - 'stichting-brug'\n"
	"kind: incidenteel   # comment\n"
	"form: werkbezoek\n"
	"subject: Rondetafelgesprek over de coördinatie:van activiteiten, en #3 [a] {b}\n"
	"participants:\n"
	"- wethouder\n"
	"- \"bestuur\"\n"
	"\n"
	"withdrawn:\n"
	"    date: 2021-02-03\n"
	"    reason: 'it''s wrong'\n";

static const char organisation[] =
	"name: Actief Emancipatie Enschede\n"
	"aliases:\n"
	"  - AEE\n"
	"  - Voorheen Sterk Lelystad\n"
	"kvk: \"34359294\"\n"
	"kind: maatschappelijke-organisatie\n"
	"visibility:\n"
	"website: http://example.org/a:b\n"
	"partnerships:\n"
	"  - from: 2017-11-22\n"
	"    themes:\n"
	"      - taal\n"
	"      - werk\n"
	"    endorsed: 2017-11-04\n"
	"    agreement: SZW-2017-7976\n"
	"  -   from: 2019-01-01\n"
	"      themes:\n"
	"      - werk\n"
	"      until: ~\n"
	"numbers:\n"
	"  - 12\n"
	"  - -3\n"
	"  - 0x1F\n"
	"  - 1.5e3\n"
	"  - .inf\n"
	"  - true\n"
	"  - NULL\n"
	"  - ''\n"
	"  - \"\"\n"
	"last:";

static void quick__plain_records__read_as_the_loader_does(void **state)
{
	(void)state;
	assert_int_equal(compare(contact, strlen(contact)), 1);
	assert_int_equal(compare(organisation, strlen(organisation)), 1);
	assert_int_equal(compare("a: b", 3 + 1), 1);
	assert_int_equal(compare("a:\n  b:\n    c: d\n  e: f\ng: h\n", 28), 1);
}

static void quick__anything_else__declined(void **state)
{
	static const char *const declined[] = {
		"", "# only a comment\n", "  a: b\n", "a: b\n\tc: d\n", "a: b\r\n", "\xef\xbb\xbf" "a: b\n",
		"a: \xc2\x85\n", "a: b\xe2\x80\xa8" "c\n", "a: &x b\n", "a: *x\n", "a: !!str b\n", "a: [b, c]\n",
		"a: {b: c}\n", "a: |\n  b\n", "a: >\n  b\n", "a: b\n  c\n", "a: \"b\\n\"\n", "a: 'b\n  c'\n",
		"a: b\na: c\n", "null: b\n", "---\na: b\n", "a: b\n...\n", "a b: c\n", "'a': b\n", "a: b: c\n",
		"a: b:\n", "a:b\n", "a: - b\n", "a:\n  -\n    b\n", "a:\n  - - b\n", "a:\n  b: c\n  - d\n",
		"a:\n    b: c\n  d: e\n", "a:\n  - b\n  c: d\n", "- a\n", "a: 'b' c\n", "a: \"b\"c\n", "a: @b\n",
		"a: %b\n", "a: `b\n", "a: ? b\n", "a: b\x7f\n", "a: \xff\n", "a:\n  c\n", "a: b\n- c\n",
		"? a\n: b\n", "a: b\n b2: c\n", "a: b\n  # c\n  d: e\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(declined) / sizeof(*declined); i++) {
		struct oreg_document *doc = (struct oreg_document *)1;

		assert_int_equal(oreg_yaml_load_quick(&doc, declined[i], strlen(declined[i])), 0);
		assert_null(doc);
	}
}

static void quick__deep_or_wide__declined(void **state)
{
	struct oreg_buf b = OREG_BUF_INIT;
	struct oreg_document *doc = NULL;
	int i;

	(void)state;
	for (i = 0; i < 40; i++)
		oreg_buf_addf(&b, "%*sk:\n", i, "");
	oreg_buf_addf(&b, "%*sk: v\n", i, "");
	assert_int_equal(oreg_yaml_load_quick(&doc, b.ptr, b.len), 0);
	oreg_buf_clear(&b);
	for (i = 0; i < 65; i++)
		oreg_buf_addf(&b, "k%d: v\n", i);
	assert_int_equal(oreg_yaml_load_quick(&doc, b.ptr, b.len), 0);
	oreg_buf_clear(&b);
	oreg_buf_adds(&b, "k: ");
	for (i = 0; i < 70 * 1024; i++)
		oreg_buf_addch(&b, 'x');
	assert_int_equal(oreg_yaml_load_quick(&doc, b.ptr, b.len), 0);
	assert_null(doc);
	oreg_buf_release(&b);
}

static uint32_t next_random(uint32_t *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 8) & 0xffffff;
}

/* Records cut, joined and sprinkled with what YAML treats specially: the trees never differ. */
static void quick__mutated_records__never_differ_from_the_loader(void **state)
{
	static const char *const bits[] = {
		" ", "  ", "\n", "\n  ", "\n- ", ":", ": ", " #", "#", "-", "- ", "'", "''", "\"", "\\", "[", "]", "{",
		"}", ",", "&a ", "*a", "!", "|", ">", "?", "%", "@", "`", "~", "null", "true", "0x", "1", ".5", "e3",
		"\t", "\r", "é", "\xc2\x85", "\xe2\x80\xa8", "k: v", "\nk:", "\n  k: ", "---", "...", "a", "Z",
	};
	const char *const bases[] = { contact, organisation };
	char buf[4096];
	uint32_t seed = 20261202;
	int took = 0, runs = 20000, r, k;

	(void)state;
	for (r = 0; r < runs; r++) {
		const char *base = bases[r % 2];
		size_t len = strlen(base), edits = 1 + next_random(&seed) % 3;

		memcpy(buf, base, len);
		for (k = 0; k < (int)edits; k++) {
			size_t at = next_random(&seed) % (len + 1), cut = next_random(&seed) % 3;
			const char *bit = bits[next_random(&seed) % (sizeof(bits) / sizeof(*bits))];
			size_t blen = strlen(bit);

			if (at + cut > len)
				cut = len - at;
			if (len - cut + blen >= sizeof(buf))
				continue;
			memmove(buf + at + blen, buf + at + cut, len - at - cut);
			memcpy(buf + at, bit, blen);
			len = len - cut + blen;
		}
		took += compare(buf, len);
	}
	/* both ways are exercised */
	assert_true(took > runs / 10);
	assert_true(took < runs - runs / 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(quick__plain_records__read_as_the_loader_does),
		cmocka_unit_test(quick__anything_else__declined),
		cmocka_unit_test(quick__deep_or_wide__declined),
		cmocka_unit_test(quick__mutated_records__never_differ_from_the_loader),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
