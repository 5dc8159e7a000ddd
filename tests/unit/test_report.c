/* test_report.c - the output formats of findings (report.c). */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "openreg.h"

#define A_ERROR OREG_SEVERITY_ERROR, "records/a.yaml", 3, 7, "schema", "/name", "name must be a string"
#define B_WARNING OREG_SEVERITY_WARNING, "records/b c.yaml", 12, 1, "privacy", "", "looks like an e-mail address"
/*
 * sha256("records/a.yaml\0schema\0/name\0" SCHEMA_REPORT "\0"): the CI reports
 * hash the message they show, never the finding's own
 */
#define A_FINGERPRINT "bca756565508fa7939e9f7a3d905ddaf91213763622f54b820b8e49d211b801b"
/* the same with ":1" appended: the second of two equal findings */
#define A_FINGERPRINT_1 "cbc578d3cb2d4c8dfdc57f6213e3a95eda77693c234e7e64284c2caddc7c41bd"
#define B_FINGERPRINT "52ca158d543104464ee86a0bdd7627a2432fe2c29d73c85ae3fc83c40269513a"

/* what the CI reports say in place of a finding's message */
#define SCHEMA_REPORT "a value does not follow the schema of its record type; openreg check shows the details"
#define PRIVACY_REPORT "personal data (a citizen service number, e-mail address, phone number, IBAN or name of a person): remove it; openreg check shows the details"

#define HOSTILE "=cmd|' /C calc'!A0 <script>&\"'\nx\x01y\xffz"

/* The report as a malloc'd string. */
static char *report(const struct oreg_findings *findings, enum oreg_format format)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	assert_non_null(out);
	assert_int_equal(oreg_findings_write(findings, format, out), 0);
	assert_int_equal(fclose(out), 0);
	assert_int_equal(strlen(text), len);
	return text;
}

static void assert_report(const struct oreg_findings *findings, enum oreg_format format, const char *expected)
{
	char *text = report(findings, format);

	assert_string_equal(text, expected);
	free(text);
}

static void assert_report_has(const struct oreg_findings *findings, enum oreg_format format, const char *part)
{
	char *text = report(findings, format);

	if (!strstr(text, part))
		fail_msg("%s\n--- does not hold ---\n%s", text, part);
	free(text);
}

/* The fingerprint of finding i in a Code Quality report, copied into out. */
static void fingerprint(char out[65], const struct oreg_findings *findings, size_t i)
{
	char *text = report(findings, OREG_FORMAT_CODEQUALITY), *p = text;
	size_t k;

	for (k = 0; k <= i; k++) {
		p = strstr(p, "\"fingerprint\": \"");
		assert_non_null(p);
		p += strlen("\"fingerprint\": \"");
	}
	assert_non_null(strchr(p, '"'));
	assert_int_equal(strchr(p, '"') - p, 64);
	memcpy(out, p, 64);
	out[64] = '\0';
	free(text);
}

static void one(struct oreg_findings *findings, enum oreg_severity severity, const char *file,
	unsigned line, unsigned column, const char *rule, const char *pointer, const char *message)
{
	assert_int_equal(oreg_findings_add(findings, severity, file, line, column, rule, pointer, "%s",
		message), 0);
}

static int setup(void **state)
{
	struct oreg_findings *findings = malloc(sizeof(*findings));

	if (!findings)
		return -1;
	oreg_findings_init(findings);
	*state = findings;
	return 0;
}

static int teardown(void **state)
{
	struct oreg_findings *findings = *state;

	oreg_findings_release(findings);
	assert_null(findings->items);
	assert_int_equal(findings->count, 0);
	free(findings);
	return 0;
}

/* ---- names ---- */

static void report__format_names__parse_to_their_format(void **state)
{
	(void)state;
	assert_int_equal(oreg_format_parse("text"), OREG_FORMAT_TEXT);
	assert_int_equal(oreg_format_parse("json"), OREG_FORMAT_JSON);
	assert_int_equal(oreg_format_parse("codequality"), OREG_FORMAT_CODEQUALITY);
	assert_int_equal(oreg_format_parse("sarif"), OREG_FORMAT_SARIF);
	assert_int_equal(oreg_format_parse("junit"), OREG_FORMAT_JUNIT);
}

static void report__unknown_format_names__are_refused(void **state)
{
	(void)state;
	assert_int_equal(oreg_format_parse("xml"), -1);
	assert_int_equal(oreg_format_parse("JSON"), -1);
	assert_int_equal(oreg_format_parse("json "), -1);
	assert_int_equal(oreg_format_parse(""), -1);
	assert_int_equal(oreg_format_parse(NULL), -1);
}

/* ---- text and json: what the command-line goldens hold ---- */

static void report__text__is_one_line_per_finding(void **state)
{
	struct oreg_findings *findings = *state;

	assert_report(findings, OREG_FORMAT_TEXT, "");
	one(findings, A_ERROR);
	one(findings, B_WARNING);
	assert_report(findings, OREG_FORMAT_TEXT,
		"records/a.yaml:3:7: error: name must be a string [schema]\n"
		"records/b c.yaml:12:1: warning: looks like an e-mail address [privacy]\n");
}

static void report__text_with_control_characters__cannot_forge_a_line(void **state)
{
	struct oreg_findings *findings = *state;

	one(findings, OREG_SEVERITY_ERROR, "a\n.yaml", 1, 2, "yaml", "", "bad\nrecords/x.yaml:1:1: \x1b[0m\xff");
	assert_report(findings, OREG_FORMAT_TEXT,
		"a\\u{a}.yaml:1:2: error: bad\\u{a}records/x.yaml:1:1: \\u{1b}[0m\\xff [yaml]\n");
}

static void report__json__is_unchanged(void **state)
{
	struct oreg_findings *findings = *state;

	assert_report(findings, OREG_FORMAT_JSON, "[]\n");
	one(findings, A_ERROR);
	one(findings, B_WARNING);
	assert_report(findings, OREG_FORMAT_JSON,
		"[\n"
		"  {\"file\": \"records/a.yaml\", \"line\": 3, \"column\": 7, \"severity\": \"error\", "
		"\"rule\": \"schema\", \"pointer\": \"/name\", \"message\": \"name must be a string\"},\n"
		"  {\"file\": \"records/b c.yaml\", \"line\": 12, \"column\": 1, \"severity\": \"warning\", "
		"\"rule\": \"privacy\", \"pointer\": \"\", \"message\": \"looks like an e-mail address\"}\n"
		"]\n");
}

/* ---- GitLab Code Quality ---- */

static void report__codequality_without_findings__is_an_empty_array(void **state)
{
	assert_report(*state, OREG_FORMAT_CODEQUALITY, "[]\n");
}

static void report__codequality__has_gitlab_fields(void **state)
{
	struct oreg_findings *findings = *state;

	one(findings, A_ERROR);
	one(findings, B_WARNING);
	assert_report(findings, OREG_FORMAT_CODEQUALITY,
		"[\n"
		"  {\"description\": \"" SCHEMA_REPORT " [schema]\", \"check_name\": \"schema\", "
		"\"fingerprint\": \"" A_FINGERPRINT "\", \"severity\": \"major\", "
		"\"location\": {\"path\": \"records/a.yaml\", \"lines\": {\"begin\": 3}}},\n"
		"  {\"description\": \"" PRIVACY_REPORT " [privacy]\", \"check_name\": \"privacy\", "
		"\"fingerprint\": \"" B_FINGERPRINT "\", \"severity\": \"minor\", "
		"\"location\": {\"path\": \"records/b c.yaml\", \"lines\": {\"begin\": 12}}}\n"
		"]\n");
}

static void report__codequality_whole_file_finding__begins_at_line_one(void **state)
{
	struct oreg_findings *findings = *state;

	one(findings, OREG_SEVERITY_ERROR, "f", 0, 0, "layout", "", "m");
	assert_report_has(findings, OREG_FORMAT_CODEQUALITY, "\"lines\": {\"begin\": 1}}}\n]\n");
}

/* ---- fingerprints ---- */

/*
 * SHA-256 pads differently around 56 and 64 bytes of input: check lengths
 * on both sides of both against Python's hashlib.sha256.
 */
/*
 * SHA-256 pads differently around 56 and 64 bytes of input: check lengths
 * on both sides of both against Python's hashlib.sha256.  The reports hash
 * the message they show, so the length varies with the file name.
 */
static void report__fingerprint__is_sha256_of_file_rule_pointer_message(void **state)
{
	static const struct {
		size_t file_len; /* of 'f's; the rest, "\0r\0\0" + message + "\0", is 54 bytes */
		const char *sha256;
	} cases[] = {
		{ 1, "fcca30d9d4dea73d808f6329993bbb25d711d66eb60e60e6a845ca429d34e93b" },
		{ 2, "6ee305295f5fb97139ee2559373e84b33b27c8eeea0617f18e7bcdb5590d4e3f" },
		{ 10, "ef2f1e76fabf2c75cc98490793f37d807638948aaf4169e9730c88367deabf13" },
		{ 17, "eee0ba6e147bb8dbbc367fb7473835d7ce9949bba4ea9654ff0b0847e5b12952" },
		{ 18, "5cb873f5fb62cbb8bf5aa8c972211bf0eae9497bb67c98cf1da776bad05eac78" },
		{ 60, "0695300cf1fd28959602c9d19c27604d55c49bd537bb626b32febf7f31c3c526" },
		{ 73, "16171669e8c95c1b1d3803d15f14ab85129c5c51b8bc91024926e41015d9101b" },
		{ 1000, "95e6d354b29c7227676a6da8f7117040e6069edacc33b2c74e312796566196a5" },
	};
	struct oreg_findings *findings = *state;
	char file[1001], got[65];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(file, 'f', cases[i].file_len);
		file[cases[i].file_len] = '\0';
		oreg_findings_release(findings);
		one(findings, OREG_SEVERITY_WARNING, file, 5, 5, "r", "", "any message");
		fingerprint(got, findings, 0);
		assert_string_equal(got, cases[i].sha256);
	}
}

static void report__fingerprint_when_lines_move__stays_the_same(void **state)
{
	struct oreg_findings *findings = *state;
	char before[65], after[65];

	one(findings, A_ERROR);
	fingerprint(before, findings, 0);
	oreg_findings_release(findings);
	one(findings, OREG_SEVERITY_ERROR, "records/a.yaml", 40, 2, "schema", "/name", "name must be a string");
	fingerprint(after, findings, 0);
	assert_string_equal(before, after);
	assert_string_equal(before, A_FINGERPRINT);
}

static void report__fingerprint_when_the_finding_changes__changes(void **state)
{
	static const char *const variants[][4] = {
		{ "records/a.yaml", "schema", "/name", "name must be a string" },
		{ "records/a.yaml", "yaml", "/name", "name must be a string" },
		{ "records/b.yaml", "schema", "/name", "name must be a string" },
		{ "records/a.yaml", "privacy", "/name", "name must be a string" },
		{ "records/a.yaml", "schema", "/kvk", "name must be a string" },
		/* a byte moved from one field to the next makes another finding */
		{ "records/a.yaml", "schem", "a/name", "name must be a string" },
	};
	enum { N = sizeof(variants) / sizeof(variants[0]) };
	struct oreg_findings *findings = *state;
	char fp[N][65];
	size_t i, j;

	for (i = 0; i < N; i++)
		one(findings, OREG_SEVERITY_ERROR, variants[i][0], 1, 1, variants[i][1], variants[i][2],
			variants[i][3]);
	for (i = 0; i < N; i++)
		fingerprint(fp[i], findings, i);
	assert_string_equal(fp[0], A_FINGERPRINT);
	for (i = 0; i < N; i++)
		for (j = i + 1; j < N; j++)
			assert_string_not_equal(fp[i], fp[j]);
}

static void report__duplicate_findings__get_distinct_fingerprints(void **state)
{
	struct oreg_findings *findings = *state;
	char fp[4][65];
	size_t i;

	/* the same finding on three lines, and another in between */
	one(findings, A_ERROR);
	one(findings, B_WARNING);
	one(findings, OREG_SEVERITY_ERROR, "records/a.yaml", 9, 7, "schema", "/name", "name must be a string");
	one(findings, OREG_SEVERITY_ERROR, "records/a.yaml", 12, 7, "schema", "/name", "name must be a string");
	for (i = 0; i < 4; i++)
		fingerprint(fp[i], findings, i);
	/* the first keeps the fingerprint it has alone; the later ones count */
	assert_string_equal(fp[0], A_FINGERPRINT);
	assert_string_equal(fp[1], B_FINGERPRINT);
	assert_string_equal(fp[2], A_FINGERPRINT_1);
	assert_string_equal(fp[3], "e95bf0f4d9f11507a98744c8bc7270920301a3d969b004183160815bc3150fbc");
	assert_report_has(findings, OREG_FORMAT_SARIF, "{\"openreg/v1\": \"" A_FINGERPRINT_1 "\"}");
}

static void report__same_findings__give_the_same_bytes(void **state)
{
	static const enum oreg_format formats[] = {
		OREG_FORMAT_TEXT, OREG_FORMAT_JSON, OREG_FORMAT_CODEQUALITY, OREG_FORMAT_SARIF, OREG_FORMAT_JUNIT,
	};
	struct oreg_findings *findings = *state;
	size_t i;

	one(findings, A_ERROR);
	one(findings, A_ERROR);
	one(findings, B_WARNING);
	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		char *a = report(findings, formats[i]), *b = report(findings, formats[i]);

		assert_string_equal(a, b);
		free(a);
		free(b);
	}
}

/* ---- SARIF ---- */

static void report__sarif_without_findings__is_one_empty_run(void **state)
{
	assert_report(*state, OREG_FORMAT_SARIF,
		"{\n"
		"  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
		"  \"version\": \"2.1.0\",\n"
		"  \"runs\": [\n"
		"    {\n"
		"      \"tool\": {\n"
		"        \"driver\": {\n"
		"          \"name\": \"openreg\",\n"
		"          \"version\": \"" OREG_VERSION "\",\n"
		"          \"rules\": []\n"
		"        }\n"
		"      },\n"
		"      \"columnKind\": \"unicodeCodePoints\",\n"
		"      \"results\": []\n"
		"    }\n"
		"  ]\n"
		"}\n");
}

static void report__sarif__has_sorted_rules_and_one_result_per_finding(void **state)
{
	struct oreg_findings *findings = *state;

	one(findings, A_ERROR);
	one(findings, B_WARNING);
	one(findings, A_ERROR);
	assert_report(findings, OREG_FORMAT_SARIF,
		"{\n"
		"  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n"
		"  \"version\": \"2.1.0\",\n"
		"  \"runs\": [\n"
		"    {\n"
		"      \"tool\": {\n"
		"        \"driver\": {\n"
		"          \"name\": \"openreg\",\n"
		"          \"version\": \"" OREG_VERSION "\",\n"
		"          \"rules\": [\n"
		"            {\"id\": \"privacy\"},\n"
		"            {\"id\": \"schema\"}\n"
		"          ]\n"
		"        }\n"
		"      },\n"
		"      \"columnKind\": \"unicodeCodePoints\",\n"
		"      \"results\": [\n"
		"        {\n"
		"          \"ruleId\": \"schema\",\n"
		"          \"ruleIndex\": 1,\n"
		"          \"level\": \"error\",\n"
		"          \"message\": {\"text\": \"" SCHEMA_REPORT "\"},\n"
		"          \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": \"records/a.yaml\"}, "
		"\"region\": {\"startLine\": 3, \"startColumn\": 7}}}],\n"
		"          \"partialFingerprints\": {\"openreg/v1\": \"" A_FINGERPRINT "\"},\n"
		"          \"properties\": {\"pointer\": \"/name\"}\n"
		"        },\n"
		"        {\n"
		"          \"ruleId\": \"privacy\",\n"
		"          \"ruleIndex\": 0,\n"
		"          \"level\": \"warning\",\n"
		"          \"message\": {\"text\": \"" PRIVACY_REPORT "\"},\n"
		"          \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": \"records/b%20c.yaml\"}, "
		"\"region\": {\"startLine\": 12, \"startColumn\": 1}}}],\n"
		"          \"partialFingerprints\": {\"openreg/v1\": \"" B_FINGERPRINT "\"}\n"
		"        },\n"
		"        {\n"
		"          \"ruleId\": \"schema\",\n"
		"          \"ruleIndex\": 1,\n"
		"          \"level\": \"error\",\n"
		"          \"message\": {\"text\": \"" SCHEMA_REPORT "\"},\n"
		"          \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": \"records/a.yaml\"}, "
		"\"region\": {\"startLine\": 3, \"startColumn\": 7}}}],\n"
		"          \"partialFingerprints\": {\"openreg/v1\": \"" A_FINGERPRINT_1 "\"},\n"
		"          \"properties\": {\"pointer\": \"/name\"}\n"
		"        }\n"
		"      ]\n"
		"    }\n"
		"  ]\n"
		"}\n");
}

static void report__sarif_uri__is_percent_encoded(void **state)
{
	struct oreg_findings *findings = *state;

	one(findings, OREG_SEVERITY_ERROR, "records/x y%z:\xc3\xa9#?\\\"<\n\xff-._~!$&'()*+,;=@.yaml", 1, 1,
		"yaml", "", "m");
	assert_report_has(findings, OREG_FORMAT_SARIF,
		"{\"uri\": \"records/x%20y%25z%3A%C3%A9%23%3F%5C%22%3C%0A%FF-._~!$&'()*+,;=@.yaml\"}");
}

static void report__sarif_whole_file_finding__has_no_region(void **state)
{
	struct oreg_findings *findings = *state;

	one(findings, OREG_SEVERITY_ERROR, "f", 0, 0, "layout", "", "m");
	assert_report_has(findings, OREG_FORMAT_SARIF,
		"\"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": \"f\"}}}],\n");
}

/* ---- JUnit ---- */

static void report__junit_without_findings__has_one_passing_testcase(void **state)
{
	assert_report(*state, OREG_FORMAT_JUNIT,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<testsuites name=\"openreg\" tests=\"1\" failures=\"0\">\n"
		"  <testsuite name=\"openreg check\" tests=\"1\" failures=\"0\">\n"
		"    <testcase classname=\"openreg\" name=\"register\"/>\n"
		"  </testsuite>\n"
		"</testsuites>\n");
}

static void report__junit__fails_errors_and_prints_warnings(void **state)
{
	struct oreg_findings *findings = *state;

	one(findings, A_ERROR);
	one(findings, B_WARNING);
	assert_report(findings, OREG_FORMAT_JUNIT,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<testsuites name=\"openreg\" tests=\"2\" failures=\"1\">\n"
		"  <testsuite name=\"openreg check\" tests=\"2\" failures=\"1\">\n"
		"    <testcase classname=\"schema\" name=\"records/a.yaml:3:7\">\n"
		"      <failure type=\"schema\" message=\"" SCHEMA_REPORT "\">" SCHEMA_REPORT "</failure>\n"
		"    </testcase>\n"
		"    <testcase classname=\"privacy\" name=\"records/b c.yaml:12:1\">\n"
		"      <system-out>" PRIVACY_REPORT "</system-out>\n"
		"    </testcase>\n"
		"  </testsuite>\n"
		"</testsuites>\n");
}

/* ---- hostile strings ---- */

static void report__hostile_strings_in_json__are_escaped(void **state)
{
	struct oreg_findings *findings = *state;

	one(findings, OREG_SEVERITY_ERROR, "records/<script>\n\xff.yaml", 1, 1, "schema", "/<a>/\"", HOSTILE);
	assert_report_has(findings, OREG_FORMAT_JSON,
		"\"message\": \"=cmd|' /C calc'!A0 <script>&\\\"'\\nx\\u0001y\\ufffdz\"}");
	assert_report_has(findings, OREG_FORMAT_CODEQUALITY,
		"\"location\": {\"path\": \"records/<script>\\n\\ufffd.yaml\"");
	assert_report_has(findings, OREG_FORMAT_SARIF, "\"properties\": {\"pointer\": \"/<a>/\\\"\"}");
}

/* The CI reports never quote a message: it may hold confidential or personal data. */
static void report__ci_reports__never_quote_the_message(void **state)
{
	static const enum oreg_format formats[] = { OREG_FORMAT_CODEQUALITY, OREG_FORMAT_SARIF, OREG_FORMAT_JUNIT };
	struct oreg_findings *findings = *state;
	size_t i;

	one(findings, OREG_SEVERITY_ERROR, "records/contacts/2024/x.yaml", 4, 10, "privacy", "/subject",
		"'jan@voorbeeld.nl' looks like an e-mail address");
	one(findings, OREG_SEVERITY_ERROR, "records/x.yaml", 0, 0, "history", "",
		"commit 1234567 (\"Gesprek met dhr. Jansen\") has no Reference: trailer");
	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		char *text = report(findings, formats[i]);

		assert_null(strstr(text, "voorbeeld"));
		assert_null(strstr(text, "Jansen"));
		assert_non_null(strstr(text, PRIVACY_REPORT));
		assert_non_null(strstr(text, "a change breaks the history rules"));
		free(text);
	}
	/* the person who made the change reads the whole message */
	assert_report_has(findings, OREG_FORMAT_TEXT, "jan@voorbeeld.nl");
}

static void report__hostile_strings_in_junit__are_escaped(void **state)
{
	struct oreg_findings *findings = *state;

	one(findings, OREG_SEVERITY_ERROR, "records/<script>&\"'\n\x01\xff.yaml", 2, 3, "<r&'\">", "", HOSTILE "\r\t");
	one(findings, OREG_SEVERITY_WARNING, "w\xef\xbf\xbe\x1b]]></system-out>\x7f\xc3\xa9", 1, 1, "yaml", "", "m");
	/* a tab or line break is a character reference (in attributes a parser would make it a space) */
	assert_report_has(findings, OREG_FORMAT_JUNIT,
		"    <testcase classname=\"&lt;r&amp;&#39;&quot;&gt;\" "
		"name=\"records/&lt;script&gt;&amp;&quot;&#39;&#10;\\u{1}\\xff.yaml:2:3\">\n"
		"      <failure type=\"&lt;r&amp;&#39;&quot;&gt;\" "
		"message=\"a rule is broken; openreg check shows the details\">"
		"a rule is broken; openreg check shows the details</failure>\n");
	/* U+FFFE, ESC and DEL are written as visible escapes; U+00E9 is kept */
	assert_report_has(findings, OREG_FORMAT_JUNIT,
		"name=\"w\\u{fffe}\\u{1b}]]&gt;&lt;/system-out&gt;\\u{7f}\xc3\xa9:1:1\"");
}

/* ---- failures ---- */

static void report__unwritable_stream__fails_with_eio(void **state)
{
	struct oreg_findings *findings = *state;
	FILE *in = fopen("/dev/null", "r");

	assert_non_null(in);
	one(findings, A_ERROR);
	assert_int_equal(oreg_findings_write(findings, OREG_FORMAT_SARIF, in), OREG_EIO);
	assert_string_equal(oreg_error_message(), "cannot write diagnostics");
	fclose(in);
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(report__format_names__parse_to_their_format),
		TEST(report__unknown_format_names__are_refused),
		TEST(report__text__is_one_line_per_finding),
		TEST(report__text_with_control_characters__cannot_forge_a_line),
		TEST(report__json__is_unchanged),
		TEST(report__codequality_without_findings__is_an_empty_array),
		TEST(report__codequality__has_gitlab_fields),
		TEST(report__codequality_whole_file_finding__begins_at_line_one),
		TEST(report__fingerprint__is_sha256_of_file_rule_pointer_message),
		TEST(report__fingerprint_when_lines_move__stays_the_same),
		TEST(report__fingerprint_when_the_finding_changes__changes),
		TEST(report__duplicate_findings__get_distinct_fingerprints),
		TEST(report__same_findings__give_the_same_bytes),
		TEST(report__sarif_without_findings__is_one_empty_run),
		TEST(report__sarif__has_sorted_rules_and_one_result_per_finding),
		TEST(report__sarif_uri__is_percent_encoded),
		TEST(report__sarif_whole_file_finding__has_no_region),
		TEST(report__junit_without_findings__has_one_passing_testcase),
		TEST(report__junit__fails_errors_and_prints_warnings),
		TEST(report__hostile_strings_in_json__are_escaped),
		TEST(report__ci_reports__never_quote_the_message),
		TEST(report__hostile_strings_in_junit__are_escaped),
		TEST(report__unwritable_stream__fails_with_eio),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
