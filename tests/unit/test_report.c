/* test_report.c - the output formats of findings (report.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "openreg.h"

#define A_ERROR OREG_SEVERITY_ERROR, "records/a.yaml", 3, 7, "schema", "/name", "name must be a string"
#define B_WARNING OREG_SEVERITY_WARNING, "records/b c.yaml", 12, 1, "privacy", "", "looks like an e-mail address"
/* sha256("records/a.yaml\0schema\0/name\0name must be a string\0") */
#define A_FINGERPRINT "44e72e2f3648a17305d214eca88d677cc1ec2320a0e1828ed8ed05d1b9d7f19d"
/* the same with ":1" appended: the second of two equal findings */
#define A_FINGERPRINT_1 "cd9b02e31a427a2e020d663a444bb59e86406579db11af5ab5024c74c016c48a"
#define B_FINGERPRINT "fa99f658c59200e722f97e6ad4d29eef80ddd53ac94ed72c6277d2b192a4732d"

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
		"  {\"description\": \"name must be a string [schema]\", \"check_name\": \"schema\", "
		"\"fingerprint\": \"" A_FINGERPRINT "\", \"severity\": \"major\", "
		"\"location\": {\"path\": \"records/a.yaml\", \"lines\": {\"begin\": 3}}},\n"
		"  {\"description\": \"looks like an e-mail address [privacy]\", \"check_name\": \"privacy\", "
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
static void report__fingerprint__is_sha256_of_file_rule_pointer_message(void **state)
{
	static const struct {
		size_t message_len; /* of 'x's; "f\0r\0\0" + message + "\0" is 6 bytes longer */
		const char *sha256;
	} cases[] = {
		{ 0, "65186e08b57d8c23fee1e660a64577006b22cc6f204cf9f50f14349970539c49" },
		{ 49, "adf3cd21f0689e46b62d4ba6445db6c60cea5c87a83c2c5d665cf71a0590bee2" },
		{ 50, "9e8577091582f2dbb9439ac87ec4c8a26c6bef42cafa7318df4fdf916b334f7c" },
		{ 57, "13c92fa7b9fcf2278263103d187c6a5a9befc025757f20e4f0dd5cacff9f3ee2" },
		{ 58, "17c85230169ca85d808f0639d62f1ee83867ba0049b56e953563c5e46a8f0d81" },
		{ 113, "2fa3fa617397f0df649e8823ef264dcc8a6822f83038907720ab8131e5c2734a" },
		{ 114, "d5b566804f19498b0baa399069d777fb3f078f6c8d5b85fbee051aff4bae87a3" },
		{ 1000, "578b62ad1fc2d16043fa4547138d82517de15cff8db934aa31a1b354ef54ccbc" },
	};
	struct oreg_findings *findings = *state;
	char message[1001], got[65];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(message, 'x', cases[i].message_len);
		message[cases[i].message_len] = '\0';
		oreg_findings_release(findings);
		one(findings, OREG_SEVERITY_WARNING, "f", 5, 5, "r", "", message);
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
		{ "records/a.yaml", "schema", "/name", "name must be a number" },
		{ "records/b.yaml", "schema", "/name", "name must be a string" },
		{ "records/a.yaml", "privacy", "/name", "name must be a string" },
		{ "records/a.yaml", "schema", "/kvk", "name must be a string" },
		/* a byte moved from one field to the next makes another finding */
		{ "records/a.yaml", "schema", "/nam", "ename must be a string" },
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
	assert_string_equal(fp[3], "fd1b9eb3449f1739c802744205ead90a338bb2eab91eb102ba73528472379f7f");
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
		"          \"message\": {\"text\": \"name must be a string\"},\n"
		"          \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": \"records/a.yaml\"}, "
		"\"region\": {\"startLine\": 3, \"startColumn\": 7}}}],\n"
		"          \"partialFingerprints\": {\"openreg/v1\": \"" A_FINGERPRINT "\"},\n"
		"          \"properties\": {\"pointer\": \"/name\"}\n"
		"        },\n"
		"        {\n"
		"          \"ruleId\": \"privacy\",\n"
		"          \"ruleIndex\": 0,\n"
		"          \"level\": \"warning\",\n"
		"          \"message\": {\"text\": \"looks like an e-mail address\"},\n"
		"          \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": \"records/b%20c.yaml\"}, "
		"\"region\": {\"startLine\": 12, \"startColumn\": 1}}}],\n"
		"          \"partialFingerprints\": {\"openreg/v1\": \"" B_FINGERPRINT "\"}\n"
		"        },\n"
		"        {\n"
		"          \"ruleId\": \"schema\",\n"
		"          \"ruleIndex\": 1,\n"
		"          \"level\": \"error\",\n"
		"          \"message\": {\"text\": \"name must be a string\"},\n"
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
		"      <failure type=\"schema\" message=\"name must be a string\">name must be a string</failure>\n"
		"    </testcase>\n"
		"    <testcase classname=\"privacy\" name=\"records/b c.yaml:12:1\">\n"
		"      <system-out>looks like an e-mail address</system-out>\n"
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
		"{\"description\": \"=cmd|' /C calc'!A0 <script>&\\\"'\\nx\\u0001y\\ufffdz [schema]\"");
	assert_report_has(findings, OREG_FORMAT_CODEQUALITY,
		"\"location\": {\"path\": \"records/<script>\\n\\ufffd.yaml\"");
	assert_report_has(findings, OREG_FORMAT_SARIF,
		"\"message\": {\"text\": \"=cmd|' /C calc'!A0 <script>&\\\"'\\nx\\u0001y\\ufffdz\"}");
	assert_report_has(findings, OREG_FORMAT_SARIF, "\"properties\": {\"pointer\": \"/<a>/\\\"\"}");
}

static void report__hostile_strings_in_junit__are_escaped(void **state)
{
	struct oreg_findings *findings = *state;

	one(findings, OREG_SEVERITY_ERROR, "records/<script>&\"'\n\x01\xff.yaml", 2, 3, "<r&'\">", "", HOSTILE "\r\t");
	one(findings, OREG_SEVERITY_WARNING, "w", 1, 1, "yaml", "", "\xef\xbf\xbe\x1b]]></system-out>\x7f\xc3\xa9");
	/* a tab or line break is a character reference (in attributes a parser would make it a space) */
	assert_report_has(findings, OREG_FORMAT_JUNIT,
		"    <testcase classname=\"&lt;r&amp;&#39;&quot;&gt;\" "
		"name=\"records/&lt;script&gt;&amp;&quot;&#39;&#10;\\u{1}\\xff.yaml:2:3\">\n"
		"      <failure type=\"&lt;r&amp;&#39;&quot;&gt;\" "
		"message=\"=cmd|&#39; /C calc&#39;!A0 &lt;script&gt;&amp;&quot;&#39;&#10;"
		"x\\u{1}y\\xffz&#13;&#9;\">"
		"=cmd|&#39; /C calc&#39;!A0 &lt;script&gt;&amp;&quot;&#39;&#10;"
		"x\\u{1}y\\xffz&#13;&#9;</failure>\n");
	/* U+FFFE, ESC and DEL are written as visible escapes; U+00E9 is kept */
	assert_report_has(findings, OREG_FORMAT_JUNIT,
		"<system-out>\\u{fffe}\\u{1b}]]&gt;&lt;/system-out&gt;\\u{7f}\xc3\xa9</system-out>");
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
		TEST(report__hostile_strings_in_junit__are_escaped),
		TEST(report__unwritable_stream__fails_with_eio),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
