/* test_incident.c - reading a contact's incident block. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "openreg.h"

static struct oreg_document *load(const char *yaml)
{
	struct oreg_document *doc = NULL;
	struct oreg_findings f;

	oreg_findings_init(&f);
	assert_int_equal(oreg_yaml_load(&doc, yaml, strlen(yaml), "x.yaml", NULL, &f), 0);
	assert_non_null(doc);
	oreg_findings_release(&f);
	return doc;
}

static void incident__block__is_read(void **state)
{
	struct oreg_document *doc = load("date: 2025-06-20\nincident:\n  explanation: achteraf\n"
		"  reported-to: integriteit\n  reference: SZW/1\n");
	struct oreg_incident in;

	(void)state;
	assert_int_equal(oreg_incident_get(&in, oreg_document_root(doc)), 1);
	assert_string_equal(in.explanation, "achteraf");
	assert_string_equal(in.reported_to, "integriteit");
	assert_string_equal(in.reference, "SZW/1");
	oreg_document_free(doc);
}

static void incident__absent_or_malformed__is_none(void **state)
{
	struct oreg_document *doc = load("date: 2025-06-20\n");
	struct oreg_incident in;

	(void)state;
	assert_int_equal(oreg_incident_get(&in, oreg_document_root(doc)), 0);
	assert_null(in.reference);
	oreg_document_free(doc);
	doc = load("incident: ja\n");
	assert_int_equal(oreg_incident_get(&in, oreg_document_root(doc)), 0);
	oreg_document_free(doc);
	doc = load("incident:\n  reference: [1]\n");
	assert_int_equal(oreg_incident_get(&in, oreg_document_root(doc)), 1);
	assert_null(in.reference);
	oreg_document_free(doc);
	assert_int_equal(oreg_incident_get(&in, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(incident__block__is_read),
		cmocka_unit_test(incident__absent_or_malformed__is_none),
	};

	return cmocka_run_group_tests_name("incident", tests, NULL, NULL);
}
