/*
 * test_review.c - the review of a change as a second front end gets it:
 * what a public and a confidential reader see of the same two commits.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "openreg.h"

static char top[PATH_MAX];
static char start_dir[PATH_MAX];

static void sh(const char *fmt, ...)
{
	char cmd[8192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	assert_int_equal(system(cmd), 0);
}

#define ORG(name, extra) "name: " name "\\nkind: zelforganisatie\\ncity: Utrecht\\n" extra

/*
 * First commit: a public and a confidential organisation.  Second: the
 * city of both changes, and a contact names an organisation that does not
 * exist (the ref rule's error, which quotes the name it cannot find).
 */
static int setup(void **state)
{
	char tmpl[] = "/tmp/openreg-test-review.XXXXXX";

	(void)state;
	assert_non_null(getcwd(start_dir, sizeof(start_dir)));
	assert_non_null(mkdtemp(tmpl));
	snprintf(top, sizeof(top), "%s/repo", tmpl);
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	unsetenv("GIT_INDEX_FILE");
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("HOME", tmpl, 1);
	setenv("GIT_AUTHOR_NAME", "A", 1);
	setenv("GIT_AUTHOR_EMAIL", "a@example.org", 1);
	setenv("GIT_COMMITTER_NAME", "C", 1);
	setenv("GIT_COMMITTER_EMAIL", "c@example.org", 1);
	sh("git init -q '%s' && cp -R '%s/schemas' '%s/' && cd '%s' && "
		"mkdir -p records/organisations records/contacts/2024 && "
		"printf '" ORG("Open", "") "' > records/organisations/open.yaml && "
		"printf '" ORG("Geheim", "visibility: confidential\\n") "' > records/organisations/geheim.yaml && "
		"git add -A && git commit -q -m first && "
		"sed -i 's/Utrecht/Zeist/' records/organisations/open.yaml records/organisations/geheim.yaml && "
		"printf 'date: 2024-01-11\\norganisations:\\n  - nergens\\nkind: incidenteel\\nthemes:\\n  - taal\\n"
		"form: overleg\\nsubject: Kennismaking.\\nunit: team Inburgering\\n' "
		"> records/contacts/2024/2024-01-11-kennismaking.yaml && "
		"git add -A && git commit -q -m second", top, start_dir, top, top);
	assert_int_equal(chdir(top), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	assert_int_equal(chdir(start_dir), 0);
	sh("rm -rf '%.*s'", (int)(strrchr(top, '/') - top), top);
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
