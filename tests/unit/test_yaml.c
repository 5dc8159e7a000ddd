/* test_yaml.c - the strict YAML loader. */
#include "unit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "openreg.h"

struct fixture {
	struct oreg_findings findings;
	struct oreg_document *doc;
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

	oreg_document_free(f->doc);
	oreg_findings_release(&f->findings);
	free(f);
	return 0;
}

static const struct oreg_value *load_len(struct fixture *f, const char *text, size_t len,
	const struct oreg_yaml_options *opt)
{
	oreg_document_free(f->doc);
	f->doc = NULL;
	assert_int_equal(oreg_yaml_load(&f->doc, text, len, "t.yaml", opt, &f->findings), 0);
	return oreg_document_root(f->doc);
}

static const struct oreg_value *load(struct fixture *f, const char *text)
{
	return load_len(f, text, strlen(text), NULL);
}

/* The document is refused with exactly one finding at line:col with message. */
static void assert_refused(struct fixture *f, unsigned line, unsigned col, const char *message)
{
	assert_null(f->doc);
	assert_int_equal(f->findings.count, 1);
	assert_string_equal(f->findings.items[0].file, "t.yaml");
	assert_string_equal(f->findings.items[0].rule, "yaml");
	assert_string_equal(f->findings.items[0].message, message);
	assert_int_equal(f->findings.items[0].line, line);
	assert_int_equal(f->findings.items[0].column, col);
}

static void yaml__core_schema__types_plain_scalars(void **state)
{
	struct fixture *f = *state;
	const struct oreg_value *r = load(f,
		"a: no\nb: on\nc: 2024-01-05\nd: 0123\ne: '0123'\nf: true\ng: ~\nh:\ni: 1.5e3\n"
		"j: 0x1F\nk: 0o17\nl: .inf\nm: \"true\"\nn: Yes\no: -12\n");

	assert_non_null(r);
	assert_int_equal(f->findings.count, 0);
	assert_true(oreg_value_is_string(oreg_value_get(r, "a"), "no"));
	assert_true(oreg_value_is_string(oreg_value_get(r, "b"), "on"));
	assert_true(oreg_value_is_string(oreg_value_get(r, "c"), "2024-01-05"));
	assert_int_equal(oreg_value_get(r, "d")->type, OREG_NUMBER);
	assert_true(oreg_value_get(r, "d")->u.number.value == 123);
	assert_true(oreg_value_is_string(oreg_value_get(r, "e"), "0123"));
	assert_int_equal(oreg_value_get(r, "f")->type, OREG_BOOLEAN);
	assert_int_equal(oreg_value_get(r, "f")->u.boolean, 1);
	assert_int_equal(oreg_value_get(r, "g")->type, OREG_NULL);
	assert_int_equal(oreg_value_get(r, "h")->type, OREG_NULL);
	assert_true(oreg_value_get(r, "i")->u.number.value == 1500);
	assert_int_equal(oreg_value_get(r, "i")->u.number.integer, 0);
	assert_true(oreg_value_get(r, "j")->u.number.value == 31);
	assert_true(oreg_value_get(r, "k")->u.number.value == 15);
	assert_true(isinf(oreg_value_get(r, "l")->u.number.value));
	assert_true(oreg_value_is_string(oreg_value_get(r, "m"), "true"));
	assert_true(oreg_value_is_string(oreg_value_get(r, "n"), "Yes"));
	assert_true(oreg_value_get(r, "o")->u.number.value == -12);
}

static void yaml__positions__are_one_based(void **state)
{
	struct fixture *f = *state;
	const struct oreg_value *r = load(f, "name: x\nlist:\n  - a\n  - bb: 1\n");
	const struct oreg_value *list = oreg_value_get(r, "list");

	assert_int_equal(r->line, 1);
	assert_int_equal(r->column, 1);
	assert_int_equal(oreg_value_get(r, "name")->column, 7);
	assert_int_equal(list->u.array.items[0]->line, 3);
	assert_int_equal(list->u.array.items[0]->column, 5);
	assert_int_equal(list->u.array.items[1]->u.object.members[0].line, 4);
	assert_int_equal(list->u.array.items[1]->u.object.members[0].column, 5);
}

static void yaml__nul_escape__is_length_counted(void **state)
{
	struct fixture *f = *state;
	const struct oreg_value *r = load(f, "a: \"x\\0y\"\nb: \"\\u0000\"\n");
	const struct oreg_value *a = oreg_value_get(r, "a");

	assert_int_equal(a->u.string.len, 3);
	assert_memory_equal(a->u.string.ptr, "x\0y", 3);
	assert_int_equal(oreg_value_get(r, "b")->u.string.len, 1);
}

static void yaml__bom_and_crlf__are_accepted(void **state)
{
	struct fixture *f = *state;
	const struct oreg_value *r = load(f, "\xef\xbb\xbf" "a: 1\r\nb: x\r\n");

	assert_non_null(r);
	assert_int_equal(f->findings.count, 0);
	assert_true(oreg_value_is_string(oreg_value_get(r, "b"), "x"));
	assert_int_equal(oreg_value_get(r, "b")->line, 2);
	assert_int_equal(r->u.object.members[0].column, 1);
}

static void yaml__cr_line_ends__are_accepted(void **state)
{
	struct fixture *f = *state;
	const struct oreg_value *r = load(f, "a: 1\rb: x\r");

	assert_true(oreg_value_is_string(oreg_value_get(r, "b"), "x"));
	assert_int_equal(oreg_value_get(r, "b")->line, 2);
}

static void yaml__duplicate_key__is_refused(void **state)
{
	struct fixture *f = *state;

	load(f, "a: 1\nb:\n  c: 1\n  c: 2\n");
	assert_refused(f, 4, 3, "duplicate key 'c' (first at line 3): keep one of them");
}

static void yaml__duplicate_key_in_large_mapping__is_refused(void **state)
{
	struct fixture *f = *state;
	char text[4096];
	size_t n = 0;
	int i;

	for (i = 0; i < 100; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "k%d: %d\n", i, i);
	snprintf(text + n, sizeof(text) - n, "k7: again\n");
	load(f, text);
	assert_refused(f, 101, 1, "duplicate key 'k7' (first at line 8): keep one of them");
}

static void yaml__anchor__is_refused(void **state)
{
	struct fixture *f = *state;

	load(f, "a: &x 1\n");
	assert_refused(f, 1, 4, "anchor '&x' is not allowed: write the value out in full");
}

static void yaml__alias__is_refused(void **state)
{
	struct fixture *f = *state;

	load(f, "a: 1\nb: *x\n");
	/* libyaml's parser accepts an undefined alias; the loader refuses every alias */
	assert_null(f->doc);
	assert_string_equal(f->findings.items[0].message, "alias '*x' is not allowed: write the value out in full");
	assert_int_equal(f->findings.items[0].line, 2);
	assert_int_equal(f->findings.items[0].column, 4);
}

static void yaml__tag__is_refused(void **state)
{
	struct fixture *f = *state;

	load(f, "a: !!str 3\n");
	assert_refused(f, 1, 4, "tag '!!str' is not allowed: leave it out, and quote the value if it must be a string");
}

static void yaml__merge_key__is_refused(void **state)
{
	struct fixture *f = *state;

	load(f, "a: 1\n<<: {b: 2}\n");
	assert_refused(f, 2, 1, "merge key '<<' is not allowed: write the fields out in full");
}

static void yaml__second_document__is_refused(void **state)
{
	struct fixture *f = *state;

	load(f, "a: 1\n---\nb: 2\n");
	assert_refused(f, 2, 1, "more than one document: a file holds exactly one, remove the second '---'");
}

static void yaml__invalid_utf8__is_refused_at_its_byte(void **state)
{
	struct fixture *f = *state;

	load(f, "a: 1\nb: caf\xc3\n");
	assert_refused(f, 2, 7, "invalid UTF-8 byte 0xc3: save the file as UTF-8");
}

static void yaml__overlong_utf8__is_refused(void **state)
{
	struct fixture *f = *state;

	load(f, "a: \xc0\xaf\n");
	assert_refused(f, 1, 4, "invalid UTF-8 byte 0xc0: save the file as UTF-8");
}

static void yaml__nul_byte__is_refused(void **state)
{
	struct fixture *f = *state;

	load_len(f, "a: 1\nb: x\0y\n", 11, NULL);
	assert_refused(f, 2, 5, "NUL byte in the file: remove it (a text editor shows it as ^@)");
}

static void yaml__root_sequence__is_refused(void **state)
{
	struct fixture *f = *state;

	load(f, "- a\n- b\n");
	assert_refused(f, 1, 1, "the top level must be a mapping of fields, not a sequence");
}

static void yaml__root_sequence__is_accepted_with_any_root(void **state)
{
	struct fixture *f = *state;
	struct oreg_yaml_options opt;
	const struct oreg_value *r;

	oreg_yaml_options_init(&opt);
	opt.any_root = 1;
	{ const char *t = "[1, \"a\", {\"b\": null}]"; r = load_len(f, t, strlen(t), &opt); }
	assert_non_null(r);
	assert_int_equal(r->type, OREG_ARRAY);
	assert_int_equal(r->u.array.count, 3);
}

static void yaml__empty_file__is_refused(void **state)
{
	struct fixture *f = *state;

	load(f, "");
	assert_refused(f, 1, 1, "the file is empty: a record is a mapping of fields, such as 'name: ...'");
}

static void yaml__syntax_error__is_at_libyaml_problem_position(void **state)
{
	struct fixture *f = *state;

	load(f, "a: [1, 2\nb: 3\n");
	assert_null(f->doc);
	assert_int_equal(f->findings.count, 1);
	assert_int_equal(f->findings.items[0].line, 2);
	assert_int_equal(f->findings.items[0].column, 2);
	assert_non_null(strstr(f->findings.items[0].message, "invalid YAML: "));
}

static void yaml__deep_nesting__is_refused_without_crash(void **state)
{
	struct fixture *f = *state;
	char *text = malloc(20001);

	assert_non_null(text);
	memset(text, '[', 10000);
	memset(text + 10000, ']', 10000);
	text[20000] = '\0';
	load_len(f, text, 20000, &(struct oreg_yaml_options){ 1 << 20, 64, 65536, 1 });
	free(text);
	assert_refused(f, 1, 65, "nesting deeper than 64 levels: flatten the record");
}

static void yaml__file_over_limit__is_refused(void **state)
{
	struct fixture *f = *state;
	struct oreg_yaml_options opt;

	oreg_yaml_options_init(&opt);
	opt.max_file_size = 8;
	load_len(f, "name: abcdefgh\n", 15, &opt);
	assert_refused(f, 1, 1, "file is 15 bytes, over the limit of 8 bytes: a record is small, split it");
}

static void yaml__long_scalar__is_refused(void **state)
{
	struct fixture *f = *state;
	struct oreg_yaml_options opt;

	oreg_yaml_options_init(&opt);
	opt.max_scalar_size = 4;
	load_len(f, "a: abcdef\n", 10, &opt);
	assert_refused(f, 1, 4, "value of 6 bytes is over the limit of 4 bytes");
}

static void yaml__lone_surrogate_escape__is_refused(void **state)
{
	struct fixture *f = *state;

	load(f, "a: \"\\ud800\"\n");
	assert_null(f->doc);
	assert_int_equal(f->findings.count, 1);
	assert_string_equal(f->findings.items[0].rule, "yaml");
}

static void yaml__complex_key__is_refused(void **state)
{
	struct fixture *f = *state;

	load(f, "? [a]\n: 1\n");
	assert_refused(f, 1, 3, "a key must be a single value, not a sequence: write a plain key");
}

static void yaml__empty_key__is_refused(void **state)
{
	struct fixture *f = *state;

	/* found by the yaml-test-suite (DFF7): a null key has no place in a record */
	load(f, "a: 1\n? \n: 2\n");
	assert_refused(f, 2, 2, "a key must not be empty (null): write the field's name");
}

static void yaml__values__compare_as_json(void **state)
{
	struct fixture *f = *state;
	const struct oreg_value *r = load(f, "a: {x: 1, y: [1.0, b]}\nb: {y: [1, b], x: 1.0}\nc: {x: 1}\n");

	assert_true(oreg_value_equal(oreg_value_get(r, "a"), oreg_value_get(r, "b")));
	assert_false(oreg_value_equal(oreg_value_get(r, "a"), oreg_value_get(r, "c")));
	/* found by fuzz_yaml: equality must be reflexive, .nan included */
	r = load(f, "n: .nan\nm: .NaN\n");
	assert_true(oreg_value_equal(oreg_value_get(r, "n"), oreg_value_get(r, "n")));
	assert_true(oreg_value_equal(oreg_value_get(r, "n"), oreg_value_get(r, "m")));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(yaml__core_schema__types_plain_scalars, setup, teardown),
		cmocka_unit_test_setup_teardown(yaml__positions__are_one_based, setup, teardown),
		cmocka_unit_test_setup_teardown(yaml__nul_escape__is_length_counted, setup, teardown),
		cmocka_unit_test_setup_teardown(yaml__bom_and_crlf__are_accepted, setup, teardown),
		cmocka_unit_test_setup_teardown(yaml__cr_line_ends__are_accepted, setup, teardown),
		cmocka_unit_test_setup_teardown(yaml__duplicate_key__is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(yaml__duplicate_key_in_large_mapping__is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(yaml__anchor__is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(yaml__alias__is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(yaml__tag__is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(yaml__merge_key__is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(yaml__second_document__is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(yaml__invalid_utf8__is_refused_at_its_byte, setup, teardown),
		cmocka_unit_test_setup_teardown(yaml__overlong_utf8__is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(yaml__nul_byte__is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(yaml__root_sequence__is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(yaml__root_sequence__is_accepted_with_any_root, setup, teardown),
		cmocka_unit_test_setup_teardown(yaml__empty_file__is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(yaml__syntax_error__is_at_libyaml_problem_position, setup, teardown),
		cmocka_unit_test_setup_teardown(yaml__deep_nesting__is_refused_without_crash, setup, teardown),
		cmocka_unit_test_setup_teardown(yaml__file_over_limit__is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(yaml__long_scalar__is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(yaml__lone_surrogate_escape__is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(yaml__complex_key__is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(yaml__empty_key__is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(yaml__values__compare_as_json, setup, teardown),
	};

	return cmocka_run_group_tests_name("yaml", tests, NULL, NULL);
}
