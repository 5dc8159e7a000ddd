/*
 * test_histbuild.c - the history index built from a repository that the
 * real git makes: "ever referred to", as the history rules ask it.
 */
#include "unit.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "openreg.h"
#include "internal.h"

static struct unit_repo scratch; /* the test repository, made anew for each test */
static char ids[6][41]; /* the commits, oldest first; [5] is on a side branch */

static void rev(char out[41], const char *name)
{
	char cmd[256];
	FILE *p;

	snprintf(cmd, sizeof(cmd), "git rev-parse '%s'", name);
	assert_non_null(p = popen(cmd, "r"));
	assert_non_null(fgets(out, 41, p));
	pclose(p);
}

static int setup(void **state)
{
	int i;

	(void)state;
	unit_repo_init(&scratch, "histbuild");
	setenv("GIT_AUTHOR_DATE", "2024-01-02 10:00:00 +0100", 1);
	setenv("GIT_COMMITTER_DATE", "2024-01-02 10:00:00 +0100", 1);
	unit_sh("git symbolic-ref HEAD refs/heads/main && cp -R '%s/schemas' schemas && "
		"mkdir -p records/organisations records/contacts/2024 && "
		"for o in aa bb cc; do printf 'name: %%s\\nkind: stichting\\ncity: Ede\\n' $o > records/organisations/$o.yaml; "
		"done && git add -A && git commit -q -m orgs && "
		"printf 'date: 2024-01-10\\norganisations:\\n  - aa\\nkind: structureel\\n' "
		"> records/contacts/2024/2024-01-10-x.yaml && git add -A && git commit -q -m contact && "
		"git rm -q records/contacts/2024/2024-01-10-x.yaml && git commit -q -m 'contact gone' && "
		"printf 'partnerships:\\n  - from: 2024-02-01\\n    themes: [taal]\\n' >> records/organisations/bb.yaml && "
		"git commit -q -am partnership && "
		"printf 'partnerships:\\n  - from: later\\n' >> records/organisations/cc.yaml && mkdir -p records/exclusions && "
		"printf 'name: CC\\norganisation: cc\\nsince: 2024-01-01\\nsource: x\\n' > records/exclusions/cc.yaml && "
		"git add -A && git commit -q -m 'not a date; an exclusion names cc' && "
		"git checkout -q -b side && mkdir -p records/contacts/2024 && "
		"printf 'date: 2024-03-01\\norganisations:\\n  - cc\\nkind: structureel\\n' "
		"> records/contacts/2024/2024-03-01-y.yaml && git add -A && git commit -q -m side && git checkout -q main",
		scratch.start_dir);
	for (i = 0; i < 5; i++) {
		char name[16];

		snprintf(name, sizeof(name), "main~%d", 4 - i);
		rev(ids[i], name);
	}
	rev(ids[5], "side");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unit_repo_release(&scratch);
	return 0;
}

static int referred(struct oreg_histindex_reference *out, const char *commit, const char *org, unsigned flags)
{
	struct oreg_repo *repo = NULL;
	int err;

	assert_int_equal(oreg_repo_open(&repo), 0);
	err = oreg_histindex_ever_referred(out, repo, commit, org, flags);
	oreg_repo_free(repo);
	return err;
}

static void histbuild__no_index_and_no_build__cannot_answer(void **state)
{
	struct oreg_histindex_reference ref;

	(void)state;
	unit_sh("rm -rf .git/openreg");
	assert_int_equal(referred(&ref, ids[4], "aa", OREG_HISTINDEX_NO_BUILD), OREG_ENOTFOUND);
	assert_int_equal(access(".git/openreg/history-index", F_OK), -1);
}

static void histbuild__contact__refers_from_its_commit_on(void **state)
{
	struct oreg_histindex_reference ref;

	(void)state;
	assert_int_equal(referred(&ref, ids[0], "aa", 0), 0);
	assert_int_equal(referred(&ref, ids[1], "aa", 0), 1);
	assert_string_equal(ref.commit, ids[1]);
	assert_string_equal(ref.path, "records/contacts/2024/2024-01-10-x.yaml");
	assert_false(ref.partnership);
	/* ever: the contact is gone, the reference stays in the history */
	assert_int_equal(referred(&ref, ids[2], "aa", OREG_HISTINDEX_NO_BUILD), 1);
	assert_string_equal(ref.commit, ids[1]);
	assert_int_equal(referred(&ref, ids[4], "aa", 0), 1);
	/* the index was written once and is used from then on */
	assert_int_equal(access(".git/openreg/history-index", F_OK), 0);
}

static void histbuild__partnership__refers_to_itself(void **state)
{
	struct oreg_histindex_reference ref;

	(void)state;
	assert_int_equal(referred(&ref, ids[2], "bb", 0), 0);
	assert_int_equal(referred(&ref, ids[3], "bb", 0), 1);
	assert_string_equal(ref.commit, ids[3]);
	assert_string_equal(ref.path, "records/organisations/bb.yaml");
	assert_true(ref.partnership);
	/* a partnership without a valid 'from' is none, and an exclusion naming it is no reference */
	assert_int_equal(referred(&ref, ids[4], "cc", 0), 0);
}

static void histbuild__unknown_or_lookalike_ids__never_referred(void **state)
{
	struct oreg_histindex_reference ref;

	(void)state;
	assert_int_equal(referred(&ref, ids[4], "zz", 0), 0);
	assert_int_equal(referred(&ref, ids[4], "a", 0), 0);
	assert_int_equal(referred(&ref, ids[4], "aa ", 0), 0);
	assert_int_equal(referred(&ref, ids[4], "AA", 0), 0);
	assert_int_equal(referred(&ref, ids[4], "", 0), 0);
}

static void histbuild__side_branch__not_on_the_chain(void **state)
{
	struct oreg_histindex_reference ref;

	(void)state;
	/* the side branch's own chain is indexed when asked for: then cc is referred to there */
	assert_int_equal(referred(&ref, ids[5], "cc", OREG_HISTINDEX_NO_WRITE), 1);
	assert_string_equal(ref.commit, ids[5]);
	/* and main's answer is unchanged */
	assert_int_equal(referred(&ref, ids[4], "cc", 0), 0);
	assert_int_equal(referred(&ref, "no-such-commit", "cc", 0), OREG_ENOTFOUND);
}

/* "ever referred to" as the history rules ask it (everref.c), for org at the tip of main; NULL: never. */
static char *ever_by(const char *org)
{
	struct oreg_repo *repo = NULL;
	struct oreg_everref *ever = NULL;
	const char *by = NULL;
	char *copy;

	assert_int_equal(oreg_repo_open(&repo), 0);
	assert_int_equal(oreg_everref_compute(&ever, repo, "main", "records/organisations", "records/contacts"), 0);
	assert_int_equal(oreg_everref_by(&by, ever, org), 0);
	copy = by ? strdup(by) : NULL;
	oreg_everref_free(ever);
	oreg_repo_free(repo);
	return copy;
}

static void histbuild__everref__index_and_walk_agree(void **state)
{
	static const char *const orgs[] = { "aa", "bb", "cc", "zz", "a" };
	static const char *const want[] = { "records/contacts/2024/2024-01-10-x.yaml", "records/organisations/bb.yaml",
		"records/organisations/cc.yaml", NULL, NULL };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(orgs) / sizeof(*orgs); i++) {
		char *with, *without;

		unit_sh("git config --unset openreg.historyIndex; true");
		with = ever_by(orgs[i]);
		unit_sh("git config openreg.historyIndex false");
		without = ever_by(orgs[i]);
		/* the walk counts any 'partnerships' list (cc's has no valid 'from'), as it always did */
		if (want[i]) {
			assert_non_null(with);
			assert_non_null(without);
			assert_string_equal(with, want[i]);
			assert_string_equal(without, want[i]);
		} else {
			assert_null(with);
			assert_null(without);
		}
		free(with);
		free(without);
	}
	unit_sh("git config --unset openreg.historyIndex");
	assert_int_equal(access(".git/openreg/history-index", F_OK), 0);
}

static void histbuild__everref__shallow_clone__refuses_to_guess(void **state)
{
	struct oreg_repo *repo = NULL;
	struct oreg_everref *ever = NULL;
	char here[PATH_MAX];

	(void)state;
	assert_non_null(getcwd(here, sizeof(here)));
	unit_sh("rm -rf ../shallow && git clone -q --depth 1 --branch main \"file://$PWD\" ../shallow");
	assert_int_equal(chdir("../shallow"), 0);
	assert_int_equal(oreg_repo_open(&repo), 0);
	assert_int_equal(oreg_everref_compute(&ever, repo, "HEAD", "records/organisations", "records/contacts"),
		OREG_ERROR);
	assert_null(ever);
	assert_non_null(strstr(oreg_error_message(), "shallow clone was cut; fetch all of it (git fetch --unshallow)"));
	oreg_repo_free(repo);
	assert_int_equal(chdir(here), 0);
	unit_sh("rm -rf ../shallow");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(histbuild__no_index_and_no_build__cannot_answer),
		cmocka_unit_test(histbuild__contact__refers_from_its_commit_on),
		cmocka_unit_test(histbuild__partnership__refers_to_itself),
		cmocka_unit_test(histbuild__unknown_or_lookalike_ids__never_referred),
		cmocka_unit_test(histbuild__side_branch__not_on_the_chain),
		cmocka_unit_test(histbuild__everref__index_and_walk_agree),
		cmocka_unit_test(histbuild__everref__shallow_clone__refuses_to_guess),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
