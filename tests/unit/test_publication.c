/*
 * test_publication.c - the publication: section of register.yaml, labels of
 * enumerated values from the schemas, and dates in words.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Parse yaml as a publication: section; returns the number of problems, the first message in *first. */
static int parse(struct oreg_publication *pub, const char *yaml, char *first, size_t size)
{
	struct oreg_document *doc = NULL;
	struct oreg_yaml_options o;
	struct oreg_findings f;
	int n;

	oreg_yaml_options_init(&o);
	o.any_root = 1;
	oreg_findings_init(&f);
	assert_int_equal(oreg_yaml_load(&doc, yaml, strlen(yaml), "t.yaml", &o, &f), 0);
	assert_non_null(doc);
	oreg_publication_init(pub);
	n = oreg_publication_parse(pub, oreg_document_root(doc), &f);
	assert_true(n >= 0);
	assert_int_equal((size_t)n, f.count);
	if (first)
		snprintf(first, size, "%s", f.count ? f.items[0].message : "");
	if (f.count)
		assert_string_equal(f.items[0].rule, "register");
	oreg_findings_release(&f);
	oreg_document_free(doc);
	return n;
}

static void publication__defaults__government_and_contractors_out(void **state)
{
	struct oreg_publication pub;

	(void)state;
	assert_int_equal(parse(&pub, "ministry: SZW\n", NULL, 0), 0);
	assert_string_equal(pub.ministry.nl, "SZW");
	assert_string_equal(pub.ministry.en, "SZW");
	assert_true(pub.by_partnership);
	assert_int_equal(pub.min_structural, 1);
	assert_false(oreg_publication_kind_in_scope(&pub, "gemeente"));
	assert_false(oreg_publication_kind_in_scope(&pub, "overheidsorganisatie"));
	assert_false(oreg_publication_kind_in_scope(&pub, "opdrachtnemer"));
	assert_true(oreg_publication_kind_in_scope(&pub, "zelforganisatie"));
	assert_true(oreg_publication_kind_in_scope(&pub, NULL));
	assert_string_equal(oreg_publication_marking(&pub, OREG_LANG_NL), "Departementaal vertrouwelijk");
	assert_string_equal(oreg_publication_marking(&pub, OREG_LANG_EN), "Departmental confidential");
	oreg_publication_release(&pub);
	assert_string_equal(oreg_publication_marking(NULL, OREG_LANG_NL), "Departementaal vertrouwelijk");
}

static void publication__full__every_key_read(void **state)
{
	struct oreg_publication pub;

	(void)state;
	assert_int_equal(parse(&pub,
		"ministry: {nl: Ministerie van SZW, en: Ministry of SZW}\n"
		"kamerstuk: 32 824\n"
		"reference-pattern: ^[0-9]{4}-[0-9]{3}$\n"
		"structural: {partnership: false, min-structural-contacts: 3}\n"
		"kinds: [gemeente, zelforganisatie]\n"
		"method: {nl: \"Tekst.\", en: \"Text.\"}\n"
		"marking: {nl: Staatsgeheim, en: State secret}\n", NULL, 0), 0);
	assert_string_equal(pub.ministry.en, "Ministry of SZW");
	assert_string_equal(pub.kamerstuk, "32 824");
	assert_false(pub.by_partnership);
	assert_int_equal(pub.min_structural, 3);
	assert_true(oreg_publication_kind_in_scope(&pub, "gemeente"));
	assert_false(oreg_publication_kind_in_scope(&pub, "koepelorganisatie"));
	assert_string_equal(pub.method.en, "Text.");
	assert_string_equal(oreg_publication_marking(&pub, OREG_LANG_EN), "State secret");
	assert_int_equal(oreg_publication_check_reference(&pub, "2025-123"), 0);
	assert_int_equal(oreg_publication_check_reference(&pub, "2025-1234"), OREG_EINVALID);
	assert_string_equal(oreg_error_message(),
		"reference '2025-1234' does not match the register's reference-pattern '^[0-9]{4}-[0-9]{3}$'");
	/* a look-alike digit is no digit */
	assert_int_equal(oreg_publication_check_reference(&pub, "2025-12\xd9\xa3"), OREG_EINVALID);
	assert_int_equal(oreg_publication_check_reference(&pub, "2025-123\n"), OREG_EINVALID);
	oreg_publication_release(&pub);
}

static void publication__mistakes__each_a_finding(void **state)
{
	struct oreg_publication pub;
	char first[512];

	(void)state;
	assert_int_equal(parse(&pub, "ministri: SZW\n", first, sizeof(first)), 1);
	assert_string_equal(first, "unknown key 'ministri' in 'publication': remove it or correct the spelling");
	oreg_publication_release(&pub);
	assert_int_equal(parse(&pub, "marking: {nl: Geheim}\n", first, sizeof(first)), 1);
	assert_string_equal(first, "'publication.marking' needs a non-empty text under both nl and en");
	oreg_publication_release(&pub);
	assert_int_equal(parse(&pub, "marking: {nl: Geheim, en: Secret, de: Geheim}\n", first, sizeof(first)), 1);
	assert_string_equal(first, "unknown language 'de' in 'publication.marking': use nl and en");
	oreg_publication_release(&pub);
	assert_int_equal(parse(&pub, "marking: ''\n", first, sizeof(first)), 1);
	oreg_publication_release(&pub);
	assert_int_equal(parse(&pub, "structural: {partnership: false, min-structural-contacts: 0}\n", first,
		sizeof(first)), 1);
	assert_string_equal(first, "with partnership false and min-structural-contacts 0 no organisation is ever "
		"listed: set one of them");
	oreg_publication_release(&pub);
	assert_int_equal(parse(&pub, "structural: {min-structural-contacts: 1.5}\n", first, sizeof(first)), 1);
	oreg_publication_release(&pub);
	assert_int_equal(parse(&pub, "structural: {partnership: 'yes'}\n", first, sizeof(first)), 1);
	oreg_publication_release(&pub);
	assert_int_equal(parse(&pub, "kinds: [zelforganisatie, zelforganisatie]\n", first, sizeof(first)), 1);
	assert_string_equal(first, "kind 'zelforganisatie' is listed twice in 'publication.kinds'");
	oreg_publication_release(&pub);
	assert_int_equal(parse(&pub, "kinds: zelforganisatie\n", first, sizeof(first)), 1);
	oreg_publication_release(&pub);
	assert_int_equal(parse(&pub, "reference-pattern: '[unclosed'\n", first, sizeof(first)), 1);
	assert_non_null(strstr(first, "'reference-pattern' does not compile"));
	oreg_publication_release(&pub);
	/* an empty list keeps nothing in scope, which is what it says */
	assert_int_equal(parse(&pub, "kinds: []\n", NULL, 0), 0);
	assert_false(oreg_publication_kind_in_scope(&pub, "zelforganisatie"));
	oreg_publication_release(&pub);
	assert_int_equal(parse(&pub, "- a\n", first, sizeof(first)), 1);
	oreg_publication_release(&pub);
}

static void register__project_settings__loaded(void **state)
{
	struct oreg_register *reg = NULL;
	struct oreg_findings f;
	const struct oreg_publication *pub;

	(void)state;
	oreg_findings_init(&f);
	assert_int_equal(oreg_register_open_dir(&reg, ".", &f), 0);
	assert_non_null(reg);
	assert_int_equal(f.count, 0);
	pub = oreg_register_publication(reg);
	assert_string_equal(pub->kamerstuk, "32 824");
	assert_string_equal(oreg_publication_marking(pub, OREG_LANG_NL), "Departementaal vertrouwelijk");
	assert_false(oreg_publication_kind_in_scope(pub, "gemeente"));
	assert_non_null(strstr(pub->method.nl, "Kamerstuk 32 824"));
	assert_string_equal(oreg_label_text(oreg_register_labels(reg, "organisation", "kind"), "opdrachtnemer",
		OREG_LANG_EN), "contractor");
	assert_string_equal(oreg_label_text(oreg_register_labels(reg, "organisation", "themes"),
		"open-en-vrije-samenleving", OREG_LANG_NL), "open en vrije samenleving");
	assert_int_equal(oreg_label_rank(oreg_register_labels(reg, "organisation", "themes"), "werk"), 1);
	assert_string_equal(oreg_label_text(oreg_register_labels(reg, "contact", "form"), "werkbezoek",
		OREG_LANG_EN), "working visit");
	oreg_register_free(reg);
	oreg_findings_release(&f);
}

static void labels(struct oreg_labels *out, const char *yaml)
{
	struct oreg_document *doc = NULL;
	struct oreg_findings f;

	oreg_findings_init(&f);
	assert_int_equal(oreg_yaml_load(&doc, yaml, strlen(yaml), "s.yaml", NULL, &f), 0);
	assert_non_null(doc);
	memset(out, 0, sizeof(*out));
	assert_int_equal(oreg_labels_collect(out, oreg_document_root(doc)), 0);
	oreg_document_free(doc);
	oreg_findings_release(&f);
}

static void labels__schema_shapes__collected_by_name(void **state)
{
	struct oreg_labels l;
	const struct oreg_label_set *s;

	(void)state;
	labels(&l,
		"properties:\n"
		"  colour: {oneOf: [{const: rood, title: rood, x-title-en: red}, {const: blauw}]}\n"
		"  size: {enum: [s, m]}\n"
		"  mixed: {oneOf: [{const: a}, {type: string}]}\n"
		"  tags: {type: array, items: {$ref: '#/$defs/tag'}}\n"
		"  loop: {$ref: '#/properties/loop'}\n"
		"  bad: {$ref: 'http://elsewhere/x'}\n"
		"$defs:\n"
		"  tag: {oneOf: [{const: x, title: iks}]}\n");
	s = NULL;
	for (size_t i = 0; i < l.count; i++)
		if (!strcmp(l.sets[i].name, "colour"))
			s = &l.sets[i];
	assert_non_null(s);
	assert_string_equal(oreg_label_text(s, "rood", OREG_LANG_EN), "red");
	assert_string_equal(oreg_label_text(s, "blauw", OREG_LANG_EN), "blauw");
	assert_string_equal(oreg_label_text(s, "groen", OREG_LANG_NL), "groen");
	assert_int_equal(oreg_label_rank(s, "groen"), -1);
	assert_null(oreg_label_text(s, NULL, OREG_LANG_NL));
	/* size, tags; not mixed (not a list of values), not loop or bad */
	assert_int_equal(l.count, 3);
	assert_string_equal(l.sets[2].name, "tags");
	assert_string_equal(l.sets[2].items[0].en, "iks");
	oreg_labels_release(&l);
	oreg_labels_release(NULL);
}

static const char *long_date(int32_t d, enum oreg_language lang)
{
	static char out[128];
	struct oreg_buf b = OREG_BUF_INIT;

	oreg_date_add_long(&b, d, lang);
	snprintf(out, sizeof(out), "%s", b.ptr);
	oreg_buf_release(&b);
	return out;
}

static const char *long_period(int32_t from, int32_t until, enum oreg_language lang)
{
	static char out[128];
	struct oreg_buf b = OREG_BUF_INIT;

	oreg_period_add_long(&b, from, until, lang);
	snprintf(out, sizeof(out), "%s", b.ptr);
	oreg_buf_release(&b);
	return out;
}

static void dates__long_form__as_government_writes(void **state)
{
	(void)state;
	assert_string_equal(long_date(20240101, OREG_LANG_NL), "1 januari 2024");
	assert_string_equal(long_date(20250602, OREG_LANG_NL), "2 juni 2025");
	assert_string_equal(long_date(20241231, OREG_LANG_EN), "31 December 2024");
	assert_string_equal(long_period(20240101, 20241231, OREG_LANG_NL),
		"1 januari 2024 tot en met 31 december 2024");
	assert_string_equal(long_period(20240101, 20241231, OREG_LANG_EN), "1 January 2024 to 31 December 2024");
	assert_string_equal(long_period(20230301, 0, OREG_LANG_NL), "vanaf 1 maart 2023");
	assert_string_equal(long_period(20230301, 0, OREG_LANG_EN), "from 1 March 2023");
	/* not a date: the number, never a crash */
	assert_string_equal(long_date(20241301, OREG_LANG_NL), "20241301");
}

static void sha256__known_vectors__match(void **state)
{
	char hex[65], *million = malloc(1000000);

	(void)state;
	oreg_sha256_hex(hex, "", 0);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	oreg_sha256_hex(hex, "abc", 3);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	/* 56 bytes: the padding spills into a second block */
	oreg_sha256_hex(hex, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56);
	assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	assert_non_null(million);
	memset(million, 'a', 1000000);
	oreg_sha256_hex(hex, million, 1000000);
	assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(million);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(publication__defaults__government_and_contractors_out),
		cmocka_unit_test(publication__full__every_key_read),
		cmocka_unit_test(publication__mistakes__each_a_finding),
		cmocka_unit_test(register__project_settings__loaded),
		cmocka_unit_test(labels__schema_shapes__collected_by_name),
		cmocka_unit_test(dates__long_form__as_government_writes),
		cmocka_unit_test(sha256__known_vectors__match),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
