/* test_record.c - the register configuration and the single-record rules. */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include "openreg.h"

struct file {
	const char *path;
	const char *text;
};

static const char register_yaml[] =
	"records: records\n"
	"types:\n"
	"  organisation:\n"
	"    folder: organisations\n"
	"    schema: org.yaml\n"
	"    visibility: public\n"
	"  contact:\n"
	"    folder: contacts\n"
	"    schema: contact.yaml\n"
	"    year-folder: date\n"
	"rules:\n"
	"  privacy:\n"
	"    patterns: [bsn, email, phone, iban]\n";

static const char org_schema[] =
	"type: object\n"
	"additionalProperties: false\n"
	"required: [name]\n"
	"properties:\n"
	"  name: {type: string}\n"
	"  website: {type: string, x-allow: [email]}\n"
	"  kvk: {type: string}\n"
	"  partnerships:\n"
	"    type: array\n"
	"    items:\n"
	"      type: object\n"
	"      properties:\n"
	"        from: {type: string, format: date}\n"
	"        endorsed: {type: string, format: date}\n";

static const char contact_schema[] =
	"type: object\n"
	"required: [date]\n"
	"properties:\n"
	"  date: {type: string, format: date}\n"
	"  subject: {type: string}\n";

static const struct file files[] = {
	{ "schemas/register.yaml", register_yaml },
	{ "schemas/org.yaml", org_schema },
	{ "schemas/contact.yaml", contact_schema },
	{ NULL, NULL },
};

static int read_memory(char **data, size_t *len, const char *path, void *payload)
{
	const struct file *f;

	for (f = payload; f->path; f++) {
		if (strcmp(f->path, path))
			continue;
		*len = strlen(f->text);
		*data = malloc(*len + 1);
		if (!*data)
			return OREG_ENOMEM;
		memcpy(*data, f->text, *len + 1);
		return 0;
	}
	return OREG_ENOTFOUND;
}

struct fixture {
	struct oreg_register *reg;
	struct oreg_findings findings;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	oreg_findings_init(&f->findings);
	assert_int_equal(oreg_register_load(&f->reg, read_memory, (void *)files, &f->findings), 0);
	assert_int_equal(f->findings.count, 0);
	assert_non_null(f->reg);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	oreg_register_free(f->reg);
	oreg_findings_release(&f->findings);
	free(f);
	return 0;
}

static int check(struct fixture *f, const char *path, const char *text)
{
	return oreg_register_check_record(f->reg, path, text, strlen(text), &f->findings);
}

static void record__clean_records__have_no_findings(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(check(f, "records/organisations/stichting-x.yaml", "name: Stichting X\n"), 0);
	assert_int_equal(check(f, "records/contacts/2024/2024-03-05-x.yaml", "date: 2024-03-05\n"), 0);
	assert_int_equal(f->findings.count, 0);
}

static void record__unknown_folder__is_a_layout_finding(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(check(f, "records/partners/x1.yaml", "name: X\n"), 1);
	unit_assert_finding(&f->findings.items[0], 1, 1, "layout", "",
		"folder 'partners' holds no record type: records belong in records/organisations/, records/contacts/");
}

static void record__bad_ids__are_layout_findings(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(check(f, "records/organisations/Stichting-X.yaml", "name: X\n"), 1);
	unit_assert_finding(&f->findings.items[0], 1, 1, "layout", "",
		"id 'Stichting-X' has upper-case letters: an id is 2 to 64 lower-case letters, digits and "
		"single hyphens, starting and ending with a letter or digit");
	assert_int_equal(check(f, "records/organisations/a--b.yaml", "name: X\n"), 1);
	assert_int_equal(check(f, "records/organisations/-ab.yaml", "name: X\n"), 1);
	assert_int_equal(check(f, "records/organisations/a.yaml", "name: X\n"), 1);
	/* 65 characters are too many, 64 are fine */
	assert_int_equal(check(f, "records/organisations/"
		"a2345678901234567890123456789012345678901234567890123456789012345.yaml", "name: X\n"), 1);
	assert_int_equal(check(f, "records/organisations/"
		"a234567890123456789012345678901234567890123456789012345678901234.yaml", "name: X\n"), 0);
	assert_int_equal(check(f, "records/organisations/x_y.yaml", "name: X\n"), 1);
	assert_string_equal(f->findings.items[f->findings.count - 1].message,
		"id 'x_y' has a character other than a-z, 0-9 and '-': an id is 2 to 64 lower-case letters, "
		"digits and single hyphens, starting and ending with a letter or digit");
}

static void record__yml_extension__is_a_layout_finding(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(check(f, "records/organisations/xy.yml", "name: X\n"), 1);
	unit_assert_finding(&f->findings.items[0], 1, 1, "layout", "",
		"record files end in '.yaml', not '.yml': rename the file");
}

static void record__contact_in_wrong_year__is_a_layout_finding(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(check(f, "records/contacts/2023/c1.yaml", "subject: x\ndate: 2024-03-05\n"), 1);
	unit_assert_finding(&f->findings.items[0], 2, 7, "layout", "/date",
		"contact dated 2024-03-05 sits in folder 2023: move it to records/contacts/2024/");
}

static void record__contact_outside_year_folder__is_a_layout_finding(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(check(f, "records/contacts/c1.yaml", "date: 2024-03-05\n"), 1);
	unit_assert_finding(&f->findings.items[0], 1, 1, "layout", "",
		"a contact sits in a folder named after the year of its date: move it to records/contacts/<YYYY>/");
}

static void record__endorsed_after_from__is_an_endorsement_finding(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(check(f, "records/organisations/xy.yaml",
		"name: X\npartnerships:\n  - from: 2024-01-01\n    endorsed: 2023-12-01\n"
		"  - from: 2024-01-01\n    endorsed: 2024-02-01\n"), 1);
	unit_assert_finding(&f->findings.items[0], 6, 15, "endorsement", "/partnerships/1/endorsed",
		"partnership from 2024-01-01 was endorsed later, on 2024-02-01: a partner endorses the "
		"Agenda's goals and values on or before 'from'; correct 'endorsed' or move 'from'");
}

static void record__personal_data__is_a_privacy_finding_without_the_value(void **state)
{
	struct fixture *f = *state;
	const struct oreg_finding *fd;

	assert_int_equal(check(f, "records/contacts/2024/c1.yaml",
		"date: 2024-03-05\nsubject: \"bel 06-12345678 of mail a.b@example.nl\"\n"), 2);
	fd = &f->findings.items[0];
	/* each at its own line and column, in file order; the data itself is not repeated */
	unit_assert_finding(fd, 2, 15, "privacy", "/subject",
		"a phone number: personal data does not belong in the register (in a value, a key or a comment); "
		"remove it");
	assert_null(strstr(fd->message, "12345678"));
	unit_assert_finding(&f->findings.items[1], 2, 35, "privacy", "/subject",
		"an e-mail address: personal data does not belong in the register (in a value, a key or a comment); "
		"remove it");
}

static void record__x_allow__permits_its_kind_only(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(check(f, "records/organisations/xy.yaml", "name: X\nwebsite: info@example.nl\n"), 0);
	assert_int_equal(check(f, "records/organisations/xy.yaml", "name: X\nwebsite: 06-12345678\n"), 1);
	assert_string_equal(f->findings.items[0].rule, "privacy");
}

static void record__unquoted_bsn__is_found_in_a_number(void **state)
{
	struct fixture *f = *state;

	/* the schema also refuses the number; privacy must not rely on that */
	assert_int_equal(check(f, "records/organisations/xy.yaml", "name: X\nkvk: 111222333\n"), 2);
	assert_string_equal(f->findings.items[1].rule, "privacy");
	assert_string_equal(f->findings.items[1].pointer, "/kvk");
}

static void record__yaml_refusal__stops_before_the_schema(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(check(f, "records/organisations/xy.yaml", "name: X\nname: Y\n"), 1);
	assert_string_equal(f->findings.items[0].rule, "yaml");
}

static const struct file bad_register[] = {
	{ "schemas/register.yaml",
		"types:\n  organisation:\n    folder: organisations\n    schema: org.yaml\n    colour: red\n" },
	{ "schemas/org.yaml", "type: object\nminLenght: 3\n" },
	{ NULL, NULL },
};

static void register__problems__are_findings_with_positions(void **state)
{
	struct oreg_findings findings;
	struct oreg_register *reg = (void *)1;

	(void)state;
	oreg_findings_init(&findings);
	assert_int_equal(oreg_register_load(&reg, read_memory, (void *)bad_register, &findings), 0);
	assert_null(reg);
	assert_int_equal(findings.count, 2);
	oreg_findings_sort(&findings);
	assert_string_equal(findings.items[0].file, "schemas/org.yaml");
	assert_string_equal(findings.items[0].rule, "schema-definition");
	assert_int_equal(findings.items[0].line, 2);
	assert_string_equal(findings.items[1].file, "schemas/register.yaml");
	unit_assert_finding(&findings.items[1], 5, 5, "register", "",
		"unknown key 'colour' in type 'organisation': remove it or correct the spelling");
	oreg_findings_release(&findings);
}

static void register__missing_configuration__is_a_failure(void **state)
{
	static const struct file none[] = { { NULL, NULL } };
	struct oreg_findings findings;
	struct oreg_register *reg = NULL;

	(void)state;
	oreg_findings_init(&findings);
	assert_int_equal(oreg_register_load(&reg, read_memory, (void *)none, &findings), OREG_ENOTFOUND);
	assert_null(reg);
	assert_string_equal(oreg_error_message(),
		"no schemas/register.yaml: not a register, which keeps its configuration there");
	oreg_findings_release(&findings);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(record__clean_records__have_no_findings),
		T(record__unknown_folder__is_a_layout_finding),
		T(record__bad_ids__are_layout_findings),
		T(record__yml_extension__is_a_layout_finding),
		T(record__contact_in_wrong_year__is_a_layout_finding),
		T(record__contact_outside_year_folder__is_a_layout_finding),
		T(record__endorsed_after_from__is_an_endorsement_finding),
		T(record__personal_data__is_a_privacy_finding_without_the_value),
		T(record__x_allow__permits_its_kind_only),
		T(record__unquoted_bsn__is_found_in_a_number),
		T(record__yaml_refusal__stops_before_the_schema),
		cmocka_unit_test(register__problems__are_findings_with_positions),
		cmocka_unit_test(register__missing_configuration__is_a_failure),
	};

	return cmocka_run_group_tests_name("record", tests, NULL, NULL);
}
