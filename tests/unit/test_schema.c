/*
 * test_schema.c - the schema compiler, validator and walker, regex.c and
 * date.c: each keyword, each message with its exact position and pointer.
 */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct fixture {
	struct oreg_findings findings;
	struct oreg_document *schema_doc, *doc;
	struct oreg_schema *schema;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	oreg_findings_init(&f->findings);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	oreg_schema_free(f->schema);
	oreg_document_free(f->schema_doc);
	oreg_document_free(f->doc);
	oreg_findings_release(&f->findings);
	free(f);
	return 0;
}

static struct oreg_document *load(const char *text)
{
	struct oreg_yaml_options options;
	struct oreg_findings findings;
	struct oreg_document *doc = NULL;

	oreg_yaml_options_init(&options);
	options.any_root = 1;
	oreg_findings_init(&findings);
	assert_int_equal(oreg_yaml_load(&doc, text, strlen(text), "t.yaml", &options, &findings), 0);
	if (findings.count)
		oreg_findings_write(&findings, OREG_FORMAT_TEXT, stderr);
	assert_int_equal(findings.count, 0);
	assert_non_null(doc);
	oreg_findings_release(&findings);
	return doc;
}

/* Compile schema text; the schema is NULL when it has findings. */
static void compile(struct fixture *f, const char *text)
{
	f->schema_doc = load(text);
	assert_int_equal(oreg_schema_compile(&f->schema, oreg_document_root(f->schema_doc),
		"s.yaml", &f->findings), 0);
	assert_true((f->schema == NULL) == (f->findings.count > 0));
}

static int validate(struct fixture *f, const char *text)
{
	size_t before = f->findings.count;
	int ret;

	oreg_document_free(f->doc);
	f->doc = load(text);
	ret = oreg_schema_validate(f->schema, oreg_document_root(f->doc), "r.yaml", &f->findings);
	assert_true(ret >= 0);
	assert_int_equal((size_t)ret, f->findings.count - before);
	return ret;
}

static void assert_finding(const struct fixture *f, size_t i, unsigned line, unsigned column,
	const char *rule, const char *pointer, const char *message)
{
	assert_true(i < f->findings.count);
	unit_assert_finding(&f->findings.items[i], line, column, rule, pointer, message);
}

/* ---- compiling ---- */

static void schema__unknown_keyword_typo__suggests_keyword(void **state)
{
	struct fixture *f = *state;

	compile(f, "type: object\nproperties:\n  name:\n    minLenght: 3\n");
	assert_int_equal(f->findings.count, 1);
	assert_finding(f, 0, 4, 5, "schema-definition", "/properties/name",
		"unknown keyword 'minLenght': did you mean 'minLength'?");
}

static void schema__unknown_keyword__says_remove_it(void **state)
{
	struct fixture *f = *state;

	compile(f, "type: string\nfrobnicate: 1\n");
	assert_int_equal(f->findings.count, 1);
	assert_finding(f, 0, 2, 1, "schema-definition", "",
		"unknown keyword 'frobnicate': remove it or correct the spelling");
}

static void schema__wrong_typed_keywords__one_finding_each(void **state)
{
	struct fixture *f = *state;

	compile(f, "minLength: -1\nuniqueItems: 'yes'\ntype: strin\n");
	assert_int_equal(f->findings.count, 3);
	assert_finding(f, 0, 1, 12, "schema-definition", "", "'minLength' must be a non-negative integer");
	assert_finding(f, 1, 2, 14, "schema-definition", "", "'uniqueItems' must be true or false");
	assert_finding(f, 2, 3, 7, "schema-definition", "",
		"unknown type 'strin': use null, boolean, integer, number, string, array or object");
}

static void schema__unresolved_ref__finding_at_ref(void **state)
{
	struct fixture *f = *state;

	compile(f, "properties:\n  a:\n    $ref: '#/$defs/nope'\n");
	assert_int_equal(f->findings.count, 1);
	assert_finding(f, 0, 3, 11, "schema-definition", "/properties/a",
		"$ref '#/$defs/nope' does not resolve: the schema has no such place");
}

static void schema__remote_ref__unsupported(void **state)
{
	struct fixture *f = *state;

	compile(f, "$ref: 'other.json#/a'\n");
	assert_int_equal(f->findings.count, 1);
	assert_finding(f, 0, 1, 7, "schema-definition", "",
		"unsupported $ref 'other.json#/a': only local references such as '#/$defs/name' are supported");
}

static void schema__ref_loop__finding(void **state)
{
	struct fixture *f = *state;

	compile(f, "$defs:\n  a:\n    $ref: '#/$defs/b'\n  b:\n    allOf:\n      - $ref: '#/$defs/a'\n");
	assert_int_equal(f->findings.count, 1);
	assert_finding(f, 0, 3, 11, "schema-definition", "/$defs/a",
		"$ref '#/$defs/b' leads back to itself without descending into a property or an item: "
		"the schema could never be checked");
}

static void schema__nested_id_and_format__findings(void **state)
{
	struct fixture *f = *state;

	compile(f, "$id: 'urn:x'\nproperties:\n  a:\n    $id: 'urn:y'\n    format: email\n");
	assert_int_equal(f->findings.count, 2);
	assert_finding(f, 0, 4, 5, "schema-definition", "/properties/a",
		"'$id' is only supported at the root of a schema: refer to nested schemas as '#/$defs/name'");
	assert_finding(f, 1, 5, 13, "schema-definition", "/properties/a",
		"unsupported format 'email': only 'date' is supported");
}

static void schema__bad_pattern__finding(void **state)
{
	struct fixture *f = *state;

	compile(f, "pattern: '(a'\n");
	assert_int_equal(f->findings.count, 1);
	assert_finding(f, 0, 1, 10, "schema-definition", "",
		"'pattern' does not compile: missing closing parenthesis");
}

static void schema__bad_pattern_property__finding_at_key(void **state)
{
	struct fixture *f = *state;

	compile(f, "properties:\n  a:\n    patternProperties:\n      '^x': {type: string}\n"
		"      '(b': {minLenght: 1}\n");
	assert_int_equal(f->findings.count, 2);
	assert_finding(f, 0, 5, 7, "schema-definition", "/properties/a",
		"pattern '(b' in 'patternProperties' does not compile: missing closing parenthesis");
	assert_finding(f, 1, 5, 14, "schema-definition", "/properties/a/patternProperties/(b",
		"unknown keyword 'minLenght': did you mean 'minLength'?");
}

static void schema__pattern_properties_not_object__finding(void **state)
{
	struct fixture *f = *state;

	compile(f, "patternProperties: [a]\n");
	assert_int_equal(f->findings.count, 1);
	assert_finding(f, 0, 1, 20, "schema-definition", "",
		"'patternProperties' must be an object of schemas");
}

static void schema__bad_extensions__findings(void **state)
{
	struct fixture *f = *state;

	compile(f, "x-visibility: secret\nx-allow: [bsn, fax]\nx-ref: ''\n");
	assert_int_equal(f->findings.count, 3);
	assert_finding(f, 0, 1, 15, "schema-definition", "",
		"'x-visibility' must be public, confidential or personal");
	assert_finding(f, 1, 2, 16, "schema-definition", "",
		"unknown privacy kind 'fax' in 'x-allow': use bsn, email, phone or iban");
	assert_finding(f, 2, 3, 8, "schema-definition", "",
		"'x-ref' must name a record type, as in 'x-ref: organisation'");
}

/* ---- validating ---- */

static const char organisation[] =
	"type: object\n"
	"required: [name, kvk]\n"
	"additionalProperties: false\n"
	"properties:\n"
	"  name: {type: string, minLength: 3, maxLength: 5}\n"
	"  kvk: {type: string, pattern: '^[0-9]{8}$'}\n"
	"  kind: {enum: [a, b, c]}\n"
	"  founded: {type: string, format: date}\n"
	"  tags: {type: array, minItems: 1, maxItems: 3, uniqueItems: true, items: {type: string}}\n"
	"  size: {type: integer, minimum: 6, maximum: 10}\n"
	"  version: {const: 1}\n"
	"  code: {not: {type: string}}\n"
	"  contact: {oneOf: [{type: string}, {type: integer, minimum: 0}, {type: number}]}\n"
	"  alias: {anyOf: [{type: string}, {type: 'null'}]}\n";

static void schema__valid_record__no_findings(void **state)
{
	struct fixture *f = *state;

	compile(f, organisation);
	assert_int_equal(validate(f, "name: abc\nkvk: '01234567'\nkind: b\nfounded: 2024-02-29\n"
		"tags: [x, y]\nsize: 6.0\nversion: 1.0\ncode: 5\ncontact: x\nalias: null\n"), 0);
}

static void schema__missing_and_additional__at_object_and_key(void **state)
{
	struct fixture *f = *state;

	compile(f, organisation);
	assert_int_equal(validate(f, "nmae: abc\nkvk: '01234567'\nother: 1\n"), 3);
	assert_finding(f, 0, 1, 1, "schema", "", "missing required property 'name'");
	assert_finding(f, 1, 1, 1, "schema", "/nmae", "property 'nmae' is not allowed: did you mean 'name'?");
	assert_finding(f, 2, 3, 1, "schema", "/other", "property 'other' is not allowed here");
}

static void schema__string_keywords__messages(void **state)
{
	struct fixture *f = *state;

	compile(f, organisation);
	assert_int_equal(validate(f, "name: ab\nkvk: 1234567\nfounded: '2024-02-30'\nkind: d\n"), 4);
	assert_finding(f, 0, 1, 7, "schema", "/name", "'ab' is shorter than 3 characters");
	assert_finding(f, 1, 2, 6, "schema", "/kvk", "expected string, got number 1234567: quote the value");
	assert_finding(f, 2, 3, 10, "schema", "/founded", "'2024-02-30' is not a day of the calendar: check the month and the day");
	assert_finding(f, 3, 4, 7, "schema", "/kind", "value 'd' is not one of: a, b, c");
}

static void schema__length_counts_code_points__longer(void **state)
{
	struct fixture *f = *state;

	compile(f, organisation);
	assert_int_equal(validate(f, "name: \xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\nkvk: '1234567'\n"), 1);
	assert_finding(f, 0, 2, 6, "schema", "/kvk", "'1234567' does not match pattern '^[0-9]{8}$'");
	assert_int_equal(validate(f, "name: abcdef\nkvk: '12345678'\n"), 1);
	assert_finding(f, 1, 1, 7, "schema", "/name", "'abcdef' is longer than 5 characters");
}

static void schema__array_keywords__messages(void **state)
{
	struct fixture *f = *state;

	compile(f, organisation);
	assert_int_equal(validate(f, "name: abc\nkvk: '12345678'\ntags:\n  - x\n  - 5\n  - x\n"), 2);
	assert_finding(f, 0, 6, 5, "schema", "/tags/2",
		"duplicate item 'x' at index 2: it equals the item at index 0");
	assert_finding(f, 1, 5, 5, "schema", "/tags/1", "expected string, got number 5: quote the value");
	assert_int_equal(validate(f, "name: abc\nkvk: '12345678'\ntags: []\n"), 1);
	assert_finding(f, 2, 3, 7, "schema", "/tags", "array has 0 items, at least 1 required");
	assert_int_equal(validate(f, "name: abc\nkvk: '12345678'\ntags: [a, b, c, d]\n"), 1);
	assert_finding(f, 3, 3, 7, "schema", "/tags", "array has 4 items, at most 3 allowed");
}

static void schema__number_keywords__messages(void **state)
{
	struct fixture *f = *state;

	compile(f, organisation);
	assert_int_equal(validate(f, "name: abc\nkvk: '12345678'\nsize: 5\n"), 1);
	assert_finding(f, 0, 3, 7, "schema", "/size", "value 5 is less than the minimum 6");
	assert_int_equal(validate(f, "name: abc\nkvk: '12345678'\nsize: 11\n"), 1);
	assert_finding(f, 1, 3, 7, "schema", "/size", "value 11 is greater than the maximum 10");
	assert_int_equal(validate(f, "name: abc\nkvk: '12345678'\nsize: 6.5\n"), 1);
	assert_finding(f, 2, 3, 7, "schema", "/size", "expected integer, got number 6.5");
}

static void schema__applicators__one_finding_each(void **state)
{
	struct fixture *f = *state;

	compile(f, organisation);
	assert_int_equal(validate(f, "name: abc\nkvk: '12345678'\nversion: 2\ncode: x\ncontact: 5\n"
		"alias: 3\n"), 4);
	assert_finding(f, 0, 3, 10, "schema", "/version", "value 2 must be 1");
	assert_finding(f, 1, 4, 7, "schema", "/code",
		"value must not match the schema at '#/properties/code/not'");
	assert_finding(f, 2, 5, 10, "schema", "/contact",
		"value matches 2 of the 'oneOf' alternatives (#/properties/contact/oneOf/1 and "
		"#/properties/contact/oneOf/2) but must match exactly one");
	assert_finding(f, 3, 6, 8, "schema", "/alias",
		"value matches none of the 2 'anyOf' alternatives; the closest fails with: "
		"expected string, got number 3: quote the value");
	assert_int_equal(validate(f, "name: abc\nkvk: '12345678'\ncontact: [1]\n"), 1);
	assert_finding(f, 4, 3, 10, "schema", "/contact",
		"value matches none of the 3 'oneOf' alternatives; the closest fails with: "
		"expected string, got array");
}

static void schema__recursive_ref__deep_pointer(void **state)
{
	struct fixture *f = *state;

	compile(f, "$ref: '#/$defs/node'\n"
		"$defs:\n"
		"  node:\n"
		"    type: object\n"
		"    required: [name]\n"
		"    properties:\n"
		"      name: {type: string}\n"
		"      children: {type: array, items: {$ref: '#/$defs/node'}}\n");
	assert_int_equal(validate(f, "name: a\nchildren:\n  - name: b\n    children:\n      - name: 1\n"
		"      - {}\n"), 2);
	assert_finding(f, 0, 5, 15, "schema", "/children/0/children/0/name",
		"expected string, got number 1: quote the value");
	assert_finding(f, 1, 6, 9, "schema", "/children/0/children/1", "missing required property 'name'");
}

static void schema__pointer_escapes__ref_and_finding(void **state)
{
	struct fixture *f = *state;

	compile(f, "properties:\n  a/b~c: {$ref: '#/$defs/x~1y%25z'}\n$defs:\n  x/y%z: {type: string}\n");
	assert_int_equal(validate(f, "a/b~c: 1\n"), 1);
	assert_finding(f, 0, 1, 8, "schema", "/a~1b~0c", "expected string, got number 1: quote the value");
}

static void schema__false_schema__not_allowed(void **state)
{
	struct fixture *f = *state;

	compile(f, "properties:\n  gone: false\n");
	assert_int_equal(validate(f, "gone: 1\n"), 1);
	assert_finding(f, 0, 1, 7, "schema", "/gone", "value is not allowed here: the schema is false");
}

static const char coded[] =
	"type: object\n"
	"additionalProperties: false\n"
	"properties:\n"
	"  name: {type: string}\n"
	"  x-old: {type: string}\n"
	"patternProperties:\n"
	"  '^x-': {type: string, maxLength: 3}\n"
	"  '[0-9]$': {type: integer}\n"
	"  '^tmp': false\n";

static void schema__pattern_properties__every_match_applies(void **state)
{
	struct fixture *f = *state;

	compile(f, coded);
	assert_int_equal(validate(f, "name: abc\nx-a: abc\nx-old: abc\nX-b: 1\nv2: 2\n"), 1);
	assert_finding(f, 0, 4, 1, "schema", "/X-b", "property 'X-b' is not allowed here");
	/* x-old is in properties and matches '^x-': both apply; x-9 matches two patterns. */
	assert_int_equal(validate(f, "x-old: abcd\nx-9: abc\nlevel: {}\n"), 3);
	assert_finding(f, 1, 1, 8, "schema", "/x-old", "'abcd' is longer than 3 characters");
	assert_finding(f, 2, 2, 6, "schema", "/x-9", "expected integer, got string 'abc'");
	assert_finding(f, 3, 3, 1, "schema", "/level", "property 'level' is not allowed here");
	assert_int_equal(validate(f, "tmp1: 1\nnamee: x\n"), 2);
	assert_finding(f, 4, 1, 7, "schema", "/tmp1", "value is not allowed here: the schema is false");
	assert_finding(f, 5, 2, 1, "schema", "/namee", "property 'namee' is not allowed: did you mean 'name'?");
}

static void schema__pattern_properties_quick__same_verdict(void **state)
{
	struct fixture *f = *state;

	/* anyOf runs its branches without messages first. */
	compile(f, "anyOf:\n  - patternProperties: {'^a': {type: integer}}\n    additionalProperties: false\n"
		"  - {type: string}\n");
	assert_int_equal(validate(f, "ab: 1\naa: 2\n"), 0);
	assert_int_equal(validate(f, "ab: 1\nb: 2\n"), 1);
	assert_finding(f, 0, 1, 1, "schema", "",
		"value matches none of the 2 'anyOf' alternatives; the closest fails at '/b' with: "
		"property 'b' is not allowed here");
	assert_int_equal(validate(f, "ab: x\n"), 1);
	assert_finding(f, 1, 1, 1, "schema", "",
		"value matches none of the 2 'anyOf' alternatives; the closest fails at '/ab' with: "
		"expected integer, got string 'x'");
}

static void schema__pattern_properties_nul_key__length_counted(void **state)
{
	struct fixture *f = *state;

	compile(f, "patternProperties:\n  'b$': {type: integer}\n  \"^a\\0$\": false\n");
	assert_int_equal(validate(f, "\"a\\0b\": x\n\"a\\0\": 1\n"), 2);
	/* Pointers are C strings, cut at the NUL; the positions tell the keys apart. */
	assert_string_equal(f->findings.items[0].message, "expected integer, got string 'x'");
	assert_int_equal(f->findings.items[0].line, 1);
	assert_int_equal(f->findings.items[0].column, 9);
	assert_string_equal(f->findings.items[1].message, "value is not allowed here: the schema is false");
	assert_int_equal(f->findings.items[1].line, 2);
	assert_int_equal(f->findings.items[1].column, 8);
}

/* ---- walking ---- */

struct visit_log {
	struct oreg_buf text;
};

static int visit(const struct oreg_value *value, const char *pointer,
	const struct oreg_annotation *annotation, void *payload)
{
	struct visit_log *log = payload;
	static const char *const visibility[] = { "unset", "public", "confidential", "personal" };

	(void)value;
	oreg_buf_addf(&log->text, "%s %s %s %u\n", *pointer ? pointer : "(root)",
		visibility[annotation->visibility], annotation->ref_type ? annotation->ref_type : "-",
		annotation->allow);
	return 0;
}

static void schema__walk__inherits_annotations(void **state)
{
	struct fixture *f = *state;
	struct visit_log log = { OREG_BUF_INIT };

	compile(f, "x-visibility: public\n"
		"properties:\n"
		"  contact:\n"
		"    $ref: '#/$defs/contact'\n"
		"  partners:\n"
		"    type: array\n"
		"    items: {type: string, x-ref: organisation}\n"
		"$defs:\n"
		"  contact:\n"
		"    x-visibility: personal\n"
		"    x-allow: [email, phone]\n"
		"    allOf:\n"
		"      - properties:\n"
		"          note: {x-allow: []}\n");
	f->doc = load("contact:\n  mail: a@b.nl\n  note: x\npartners: [p1]\n");
	assert_int_equal(oreg_schema_walk(f->schema, oreg_document_root(f->doc), visit, &log), 0);
	assert_string_equal(log.text.ptr,
		"(root) public - 0\n"
		"/contact personal - 6\n"
		"/contact/mail personal - 6\n"
		"/contact/note personal - 0\n"
		"/partners public - 0\n"
		"/partners/0 public organisation 0\n");
	oreg_buf_release(&log.text);
}

static void schema__walk_pattern_properties__annotations(void **state)
{
	struct fixture *f = *state;
	struct visit_log log = { OREG_BUF_INIT };

	compile(f, "properties:\n"
		"  mail: {x-visibility: public}\n"
		"patternProperties:\n"
		"  'mail': {x-visibility: personal, x-allow: [email]}\n"
		"  '^ref': {x-ref: organisation}\n"
		"additionalProperties: {x-visibility: confidential}\n");
	f->doc = load("mail: a@b.nl\nworkmail: c@d.nl\nrefs: [o1]\nother: 1\n");
	assert_int_equal(oreg_schema_walk(f->schema, oreg_document_root(f->doc), visit, &log), 0);
	assert_string_equal(log.text.ptr,
		"(root) unset - 0\n"
		"/mail personal - 2\n"
		"/workmail personal - 2\n"
		"/refs unset organisation 0\n"
		"/refs/0 unset organisation 0\n"
		"/other confidential - 0\n");
	oreg_buf_release(&log.text);
}

static int stop_at_second(const struct oreg_value *value, const char *pointer,
	const struct oreg_annotation *annotation, void *payload)
{
	int *count = payload;

	(void)value;
	(void)pointer;
	(void)annotation;
	return ++*count == 2 ? 42 : 0;
}

static void schema__walk_callback_nonzero__stops(void **state)
{
	struct fixture *f = *state;
	int count = 0;

	compile(f, "true\n");
	f->doc = load("a: 1\nb: 2\n");
	assert_int_equal(oreg_schema_walk(f->schema, oreg_document_root(f->doc), stop_at_second, &count), 42);
	assert_int_equal(count, 2);
}

/* ---- dates and regular expressions ---- */

static void date__edge_cases__calendar(void **state)
{
	int32_t d = 0;

	(void)state;
	assert_int_equal(oreg_date_parse(&d, "2024-02-29", 10), 0);
	assert_int_equal(d, 20240229);
	assert_int_equal(oreg_date_parse(&d, "2000-02-29", 10), 0);
	assert_int_equal(oreg_date_parse(&d, "2023-02-29", 10), OREG_EINVALID);
	assert_int_equal(oreg_date_parse(&d, "1900-02-29", 10), OREG_EINVALID);
	assert_int_equal(oreg_date_parse(&d, "2024-13-01", 10), OREG_EINVALID);
	assert_int_equal(oreg_date_parse(&d, "2024-04-31", 10), OREG_EINVALID);
	assert_int_equal(oreg_date_parse(&d, "2024-00-10", 10), OREG_EINVALID);
	assert_int_equal(oreg_date_parse(&d, "2024-1-01", 9), OREG_EINVALID);
	assert_int_equal(oreg_date_parse(&d, "2024-01-01T", 11), OREG_EINVALID);
	assert_int_equal(oreg_date_parse(&d, "2024-01-0\xd9", 10), OREG_EINVALID);
}

static int search(const char *pattern, const char *s)
{
	struct oreg_regex *re = NULL;
	int ret;

	assert_int_equal(oreg_regex_compile(&re, pattern, strlen(pattern)), 0);
	ret = oreg_regex_search(re, s, strlen(s));
	oreg_regex_free(re);
	return ret;
}

static void regex__ecma_semantics__match(void **state)
{
	(void)state;
	assert_int_equal(search("^abc$", "abc\n"), 0);
	assert_int_equal(search("b", "abc"), 1);
	assert_int_equal(search("^\\s$", "\xe2\x80\x83"), 1); /* U+2003 em space */
	assert_int_equal(search("^\\S$", "\xe2\x80\x83"), 0);
	assert_int_equal(search("^[\\s]$", "\xc2\xa0"), 1);
	assert_int_equal(search("^\\d$", "\xd9\xa0"), 0); /* arabic-indic zero */
	assert_int_equal(search("^\\w$", "\xc3\xa9"), 0);
	assert_int_equal(search("^\\p{Letter}$", "\xc3\xa9"), 1);
	assert_int_equal(search("^\\u00e9$", "\xc3\xa9"), 1);
	assert_int_equal(search("^\\ud83d\\udc32$", "\xf0\x9f\x90\xb2"), 1);
	assert_int_equal(search("^.$", "\xf0\x9f\x90\xb2"), 1);
	assert_int_equal(search("^[^]$", "x"), 1);
}

static void regex__catastrophic_pattern__stops(void **state)
{
	char s[64];

	(void)state;
	memset(s, 'a', sizeof(s) - 2);
	s[sizeof(s) - 2] = '!';
	s[sizeof(s) - 1] = '\0';
	assert_true(search("^(a|a?)+$", s) < 0);
}

static void regex__bad_pattern__einvalid(void **state)
{
	struct oreg_regex *re = NULL;

	(void)state;
	assert_int_equal(oreg_regex_compile(&re, "[a", 2), OREG_EINVALID);
	assert_null(re);
	assert_string_equal(oreg_error_message(), "missing terminating ] for character class");
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)


/* A JSON pointer's array index, as "/%zu" writes it. */
static void pointer__array_index__as_printf_writes_it(void **state)
{
	static const size_t values[] = { 0, 7, 10, 99, 100, 123456789, SIZE_MAX };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(values) / sizeof(*values); i++) {
		struct oreg_buf a = OREG_BUF_INIT, b = OREG_BUF_INIT;

		oreg_buf_adds(&a, "/x");
		oreg_buf_add_index(&a, values[i]);
		oreg_buf_addf(&b, "/x/%zu", values[i]);
		assert_false(oreg_buf_error(&a));
		assert_string_equal(a.ptr, b.ptr);
		oreg_buf_release(&a);
		oreg_buf_release(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pointer__array_index__as_printf_writes_it),
		T(schema__unknown_keyword_typo__suggests_keyword),
		T(schema__unknown_keyword__says_remove_it),
		T(schema__wrong_typed_keywords__one_finding_each),
		T(schema__unresolved_ref__finding_at_ref),
		T(schema__remote_ref__unsupported),
		T(schema__ref_loop__finding),
		T(schema__nested_id_and_format__findings),
		T(schema__bad_pattern__finding),
		T(schema__bad_pattern_property__finding_at_key),
		T(schema__pattern_properties_not_object__finding),
		T(schema__bad_extensions__findings),
		T(schema__valid_record__no_findings),
		T(schema__missing_and_additional__at_object_and_key),
		T(schema__string_keywords__messages),
		T(schema__length_counts_code_points__longer),
		T(schema__array_keywords__messages),
		T(schema__number_keywords__messages),
		T(schema__applicators__one_finding_each),
		T(schema__recursive_ref__deep_pointer),
		T(schema__pointer_escapes__ref_and_finding),
		T(schema__false_schema__not_allowed),
		T(schema__pattern_properties__every_match_applies),
		T(schema__pattern_properties_quick__same_verdict),
		T(schema__pattern_properties_nul_key__length_counted),
		T(schema__walk__inherits_annotations),
		T(schema__walk_pattern_properties__annotations),
		T(schema__walk_callback_nonzero__stops),
		cmocka_unit_test(date__edge_cases__calendar),
		cmocka_unit_test(regex__ecma_semantics__match),
		cmocka_unit_test(regex__catastrophic_pattern__stops),
		cmocka_unit_test(regex__bad_pattern__einvalid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
