/*
 * test_review.c - the review of a change as a second front end gets it:
 * what a public and a confidential reader see of the same two commits.
 */
#include "unit.h"

static struct unit_repo repo_dir;

#define ORG(name, extra) "name: " name "\\nkind: zelforganisatie\\ncity: Utrecht\\n" extra

/*
 * First commit: a public and a confidential organisation.  Second: the
 * city of both changes, and a contact names an organisation that does not
 * exist (the ref rule's error, which quotes the name it cannot find).
 */
static int setup(void **state)
{
	(void)state;
	unit_repo_init(&repo_dir, "review");
	unit_sh("cp -R '%s/schemas' . && mkdir -p records/organisations records/contacts/2024 && "
		"printf '" ORG("Open", "") "' > records/organisations/open.yaml && "
		"printf '" ORG("Geheim", "visibility: confidential\\n") "' > records/organisations/geheim.yaml && "
		"git add -A && git commit -q -m first && "
		"sed -i 's/Utrecht/Zeist/' records/organisations/open.yaml records/organisations/geheim.yaml && "
		"printf 'date: 2024-01-11\\norganisations:\\n  - nergens\\nkind: incidenteel\\nthemes:\\n  - taal\\n"
		"form: overleg\\nsubject: Kennismaking.\\nunit: team Inburgering\\n' "
		"> records/contacts/2024/2024-01-11-kennismaking.yaml && "
		"git add -A && git commit -q -m second", repo_dir.start_dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unit_repo_release(&repo_dir);
	return 0;
}

static struct oreg_review *review(struct oreg_repo **repo, int confidential)
{
	struct oreg_review *r = NULL;

	assert_int_equal(oreg_repo_open(repo), 0);
	assert_int_equal(oreg_review_new(&r, *repo, "HEAD~1", NULL, confidential), 0);
	assert_non_null(r);
	return r;
}

static size_t count_rule(const struct oreg_findings *f, const char *rule)
{
	size_t i, n = 0;

	for (i = 0; i < f->count; i++)
		n += !strcmp(f->items[i].rule, rule);
	return n;
}

static void review__public_reader__sees_neither_hidden_records_nor_quoting_findings(void **state)
{
	struct oreg_repo *repo;
	struct oreg_review *r = review(&repo, 0);

	(void)state;
	assert_false(r->confidential);
	/* the confidential organisation is left out, and so is the contact: its type is confidential */
	assert_int_equal(r->nchanges, 1);
	assert_string_equal(r->changes[0].path, "records/organisations/open.yaml");
	assert_string_equal(r->changes[0].what, "changed");
	assert_string_equal(r->changes[0].type, "organisation");
	assert_int_equal(r->changes[0].fields.count, 1);
	assert_string_equal(r->changes[0].fields.items[0].path, "city");
	assert_int_equal(count_rule(&r->findings, "ref"), 0);
	assert_true(r->errors >= 1);
	assert_true(r->withheld >= 1);
	oreg_review_free(r);
	oreg_repo_free(repo);
}

static void review__confidential_reader__sees_everything_changed(void **state)
{
	struct oreg_repo *repo;
	struct oreg_review *r = review(&repo, 1);
	int geheim = 0;
	size_t i;

	(void)state;
	for (i = 0; i < r->nchanges; i++)
		geheim |= !strcmp(r->changes[i].path, "records/organisations/geheim.yaml");
	assert_true(geheim);
	assert_int_equal(count_rule(&r->findings, "ref"), 1);
	assert_int_equal(r->withheld, 0);
	assert_int_equal(r->errors, r->findings.count - r->warnings);
	oreg_review_free(r);
	oreg_repo_free(repo);
}

static void review__unknown_revision__fails_with_nothing_to_free(void **state)
{
	struct oreg_repo *repo;
	struct oreg_review *r = (struct oreg_review *)1;

	(void)state;
	assert_int_equal(oreg_repo_open(&repo), 0);
	assert_int_equal(oreg_review_new(&r, repo, "no-such-revision", NULL, 0), OREG_ENOTFOUND);
	assert_null(r);
	oreg_repo_free(repo);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(review__public_reader__sees_neither_hidden_records_nor_quoting_findings),
		cmocka_unit_test(review__confidential_reader__sees_everything_changed),
		cmocka_unit_test(review__unknown_revision__fails_with_nothing_to_free),
	};

	return cmocka_run_group_tests_name("review", tests, setup, teardown);
}
