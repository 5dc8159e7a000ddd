/*
 * test_git.c - snapshots of the working tree, the index and commits, read
 * through libgit2 from repositories that the real git builds.
 */
#include "unit.h"

static struct unit_repo scratch; /* the test repository, made anew for each test */

/* A repository with two records committed, one more staged, one changed in the working tree only. */
static int setup(void **state)
{
	(void)state;
	unit_repo_init(&scratch, "git");
	unit_sh("mkdir -p records/organisations schemas && "
		"printf 'name: A\\n' > records/organisations/aa.yaml && "
		"printf 'name: B\\n' > records/organisations/bb.yaml && "
		"ln -s aa.yaml records/organisations/link.yaml && "
		"printf 'x: 1\\n' > schemas/register.yaml && "
		"git add -A && git commit -q -m first && "
		"printf 'name: C\\n' > records/organisations/cc.yaml && git add records/organisations/cc.yaml && "
		"printf 'name: A2\\n' > records/organisations/aa.yaml");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unit_clear_git_env();
	unit_repo_release(&scratch);
	return 0;
}

static void list(struct oreg_repo *repo, enum oreg_snapshot_kind kind, const char *rev, const char *expected)
{
	struct oreg_snapshot *snap = NULL;
	struct oreg_entries e;
	char got[1024] = "";
	size_t i;

	oreg_entries_init(&e);
	assert_int_equal(oreg_snapshot_open(&snap, repo, kind, rev), 0);
	assert_int_equal(oreg_snapshot_list(&e, snap, "records"), 0);
	for (i = 0; i < e.count; i++) {
		strcat(got, e.items[i].path);
		strcat(got, e.items[i].mode == OREG_ENTRY_SYMLINK ? "@ " : " ");
	}
	assert_string_equal(got, expected);
	oreg_entries_release(&e);
	oreg_snapshot_free(snap);
}

static char *read_path(struct oreg_repo *repo, enum oreg_snapshot_kind kind, const char *rev, const char *path)
{
	struct oreg_snapshot *snap = NULL;
	char *data = NULL;
	size_t len;

	assert_int_equal(oreg_snapshot_open(&snap, repo, kind, rev), 0);
	if (oreg_snapshot_read(&data, &len, path, snap) < 0)
		data = NULL;
	oreg_snapshot_free(snap);
	return data;
}

static void git__three_places__each_show_their_own_state(void **state)
{
	struct oreg_repo *repo = NULL;
	char *s;

	(void)state;
	assert_int_equal(oreg_repo_open(&repo), 0);
	list(repo, OREG_SNAPSHOT_COMMIT, "HEAD",
		"records/organisations/aa.yaml records/organisations/bb.yaml records/organisations/link.yaml@ ");
	list(repo, OREG_SNAPSHOT_INDEX, NULL,
		"records/organisations/aa.yaml records/organisations/bb.yaml records/organisations/cc.yaml "
		"records/organisations/link.yaml@ ");
	list(repo, OREG_SNAPSHOT_WORKTREE, NULL,
		"records/organisations/aa.yaml records/organisations/bb.yaml records/organisations/cc.yaml "
		"records/organisations/link.yaml@ ");
	s = read_path(repo, OREG_SNAPSHOT_COMMIT, "HEAD", "records/organisations/aa.yaml");
	assert_string_equal(s, "name: A\n");
	free(s);
	s = read_path(repo, OREG_SNAPSHOT_INDEX, NULL, "records/organisations/aa.yaml");
	assert_string_equal(s, "name: A\n");
	free(s);
	s = read_path(repo, OREG_SNAPSHOT_WORKTREE, NULL, "records/organisations/aa.yaml");
	assert_string_equal(s, "name: A2\n");
	free(s);
	assert_null(read_path(repo, OREG_SNAPSHOT_COMMIT, "HEAD", "records/organisations/cc.yaml"));
	oreg_repo_free(repo);
}

static void git__index_file__is_honoured(void **state)
{
	struct oreg_repo *repo = NULL;

	(void)state;
	/* an index that has only what HEAD has, as "git commit --only" builds */
	unit_sh("GIT_INDEX_FILE=%s/.git/other-index git read-tree HEAD", scratch.top);
	setenv("GIT_INDEX_FILE", ".git/other-index", 1);
	assert_int_equal(oreg_repo_open(&repo), 0);
	list(repo, OREG_SNAPSHOT_INDEX, NULL,
		"records/organisations/aa.yaml records/organisations/bb.yaml records/organisations/link.yaml@ ");
	oreg_repo_free(repo);
}

static void git__linked_worktree_with_work_tree_variable__opens(void **state)
{
	struct oreg_repo *repo = NULL;
	char wt[PATH_MAX + 8], gitdir[PATH_MAX + 32];

	(void)state;
	snprintf(wt, sizeof(wt), "%s-wt", scratch.top);
	unit_sh("git worktree add -q '%s' -b side && cd '%s' && printf 'name: D\\n' > records/organisations/dd.yaml && "
		"git add records/organisations/dd.yaml", wt, wt);
	/* libgit2 1.5 refuses GIT_WORK_TREE in its from-the-environment mode; openreg opens by hand */
	snprintf(gitdir, sizeof(gitdir), "%s/.git/worktrees/repo-wt", scratch.top);
	setenv("GIT_DIR", gitdir, 1);
	setenv("GIT_WORK_TREE", wt, 1);
	assert_int_equal(oreg_repo_open(&repo), 0);
	list(repo, OREG_SNAPSHOT_INDEX, NULL,
		"records/organisations/aa.yaml records/organisations/bb.yaml records/organisations/dd.yaml "
		"records/organisations/link.yaml@ ");
	oreg_repo_free(repo);
	unit_sh("rm -rf '%s'", wt);
}

static void git__quarantine__objects_are_read(void **state)
{
	struct oreg_repo *repo = NULL;
	char quarantine[PATH_MAX + 32], objects[PATH_MAX + 32], commit[64];
	FILE *p;

	(void)state;
	snprintf(quarantine, sizeof(quarantine), "%s/.git/objects/incoming-test", scratch.top);
	snprintf(objects, sizeof(objects), "%s/.git/objects", scratch.top);
	/* a commit written only to a quarantine folder, as receive-pack does */
	unit_sh("mkdir -p '%s' && GIT_OBJECT_DIRECTORY='%s' GIT_ALTERNATE_OBJECT_DIRECTORIES='%s' "
		"git commit -q -m second > /dev/null", quarantine, quarantine, objects);
	setenv("GIT_OBJECT_DIRECTORY", quarantine, 1);
	setenv("GIT_ALTERNATE_OBJECT_DIRECTORIES", objects, 1);
	p = popen("git rev-parse HEAD", "r");
	assert_non_null(p);
	assert_non_null(fgets(commit, sizeof(commit), p));
	pclose(p);
	commit[40] = '\0';
	assert_int_equal(oreg_repo_open(&repo), 0);
	list(repo, OREG_SNAPSHOT_COMMIT, commit,
		"records/organisations/aa.yaml records/organisations/bb.yaml records/organisations/cc.yaml "
		"records/organisations/link.yaml@ ");
	oreg_repo_free(repo);
	/* without the quarantine the new commit's tree is unreadable */
	unit_clear_git_env();
	assert_int_equal(oreg_repo_open(&repo), 0);
	{
		struct oreg_snapshot *snap = NULL;

		assert_true(oreg_snapshot_open(&snap, repo, OREG_SNAPSHOT_COMMIT, commit) < 0);
		assert_null(snap);
	}
	oreg_repo_free(repo);
}

static void git__index_version_4__is_read_directly(void **state)
{
	struct oreg_repo *repo = NULL;

	(void)state;
	/* version 4 compresses each path against the one before it */
	unit_sh("git update-index --index-version 4");
	assert_int_equal(oreg_repo_open(&repo), 0);
	list(repo, OREG_SNAPSHOT_INDEX, NULL,
		"records/organisations/aa.yaml records/organisations/bb.yaml records/organisations/cc.yaml "
		"records/organisations/link.yaml@ ");
	oreg_repo_free(repo);
}

/* An index file of version 2 holding these paths, in this order, at stage 0 (no checksum: not read). */
static void write_index(const char *file, const char *const *paths, size_t n)
{
	unsigned char buf[4096] = { 'D', 'I', 'R', 'C', 0, 0, 0, 2 };
	size_t at = 12, i;
	FILE *f;

	buf[11] = (unsigned char)n;
	for (i = 0; i < n; i++) {
		size_t len = strlen(paths[i]);

		memset(buf + at, 0, 62);
		buf[at + 26] = 0x81; /* mode 100644 */
		buf[at + 27] = 0xa4;
		memset(buf + at + 40, 0xab, 20);
		buf[at + 61] = (unsigned char)len;
		memcpy(buf + at + 62, paths[i], len);
		at += (62 + len + 8) & ~(size_t)7;
	}
	at += 20;
	assert_non_null(f = fopen(file, "wb"));
	assert_int_equal(fwrite(buf, 1, at, f), at);
	assert_int_equal(fclose(f), 0);
}

static void git__forged_index__is_refused_as_git_refuses_it(void **state)
{
	static const char *const twice[] = { "records/organisations/aa.yaml", "records/organisations/aa.yaml" };
	static const char *const unsorted[] = { "records/organisations/bb.yaml", "records/organisations/aa.yaml" };
	static const char *const honest[] = { "records/organisations/aa.yaml", "records/organisations/bb.yaml" };
	struct oreg_repo *repo = NULL;
	struct oreg_snapshot *snap = NULL;

	(void)state;
	write_index(".git/index", twice, 2);
	assert_int_equal(oreg_repo_open(&repo), 0);
	assert_int_equal(oreg_snapshot_open(&snap, repo, OREG_SNAPSHOT_INDEX, NULL), OREG_ERROR);
	assert_non_null(strstr(oreg_error_message(), "is corrupt: 'records/organisations/aa.yaml' is there twice"));
	write_index(".git/index", unsorted, 2);
	assert_int_equal(oreg_snapshot_open(&snap, repo, OREG_SNAPSHOT_INDEX, NULL), OREG_ERROR);
	assert_non_null(strstr(oreg_error_message(), "is corrupt: 'records/organisations/aa.yaml' is out of order"));
	/* the control: the same writer, in order */
	write_index(".git/index", honest, 2);
	list(repo, OREG_SNAPSHOT_INDEX, NULL, "records/organisations/aa.yaml records/organisations/bb.yaml ");
	oreg_repo_free(repo);
}

static int collect_change(const struct oreg_entry *old, const struct oreg_entry *new, void *payload)
{
	char *out = payload;

	strcat(out, !old ? "+" : !new ? "-" : "~");
	strcat(out, (old ? old : new)->path);
	strcat(out, " ");
	return 0;
}

/* Commit a contact folder, then stage a change, a deletion and an addition of organisations. */
static void stage_one_change_of_each_kind(void)
{
	unit_sh("mkdir -p records/contacts/2024 && printf 'date: 2024-01-01\\n' > records/contacts/2024/c1.yaml && "
		"git add -A && git commit -q -m second && git read-tree HEAD && "
		"printf 'name: A3\\n' > records/organisations/aa.yaml && git add records/organisations/aa.yaml && "
		"git rm -q --cached records/organisations/bb.yaml && "
		"printf 'name: E\\n' > records/organisations/ee.yaml && git add records/organisations/ee.yaml");
}

static void git__staged_change__is_found_through_the_cache_tree(void **state)
{
	struct oreg_repo *repo = NULL;
	struct oreg_snapshot *head = NULL, *index = NULL;
	char got[1024] = "";

	(void)state;
	/* a fresh cache-tree, then one change of each kind, and a folder left alone */
	stage_one_change_of_each_kind();
	assert_int_equal(oreg_repo_open(&repo), 0);
	assert_int_equal(oreg_snapshot_open(&head, repo, OREG_SNAPSHOT_COMMIT, "HEAD"), 0);
	assert_int_equal(oreg_snapshot_open(&index, repo, OREG_SNAPSHOT_INDEX, NULL), 0);
	assert_int_equal(oreg_snapshot_diff(head, index, "records", collect_change, got), 0);
	assert_string_equal(got, "~records/organisations/aa.yaml -records/organisations/bb.yaml "
		"+records/organisations/ee.yaml ");
	oreg_snapshot_free(head);
	oreg_snapshot_free(index);
	oreg_repo_free(repo);
}

static void git__commit_to_commit__compares_changed_folders_only(void **state)
{
	struct oreg_repo *repo = NULL;
	struct oreg_snapshot *a = NULL, *b = NULL;
	char got[1024] = "";

	(void)state;
	stage_one_change_of_each_kind();
	unit_sh("mkdir records/organisations/ff.yaml && printf 'x: 1\\n' > records/organisations/ff.yaml/inner && "
		"git add records/organisations/ff.yaml && git commit -q -m third");
	assert_int_equal(oreg_repo_open(&repo), 0);
	assert_int_equal(oreg_snapshot_open(&a, repo, OREG_SNAPSHOT_COMMIT, "HEAD~1"), 0);
	assert_int_equal(oreg_snapshot_open(&b, repo, OREG_SNAPSHOT_COMMIT, "HEAD"), 0);
	/* nothing differs from a commit to itself */
	assert_int_equal(oreg_snapshot_diff(b, b, "records", collect_change, got), 0);
	assert_string_equal(got, "");
	/* for a check, a folder named like a record file is an entry (the layout rule refuses it) */
	assert_int_equal(oreg_snapshot_diff(a, b, "records", collect_change, got), 0);
	assert_string_equal(got, "~records/organisations/aa.yaml -records/organisations/bb.yaml "
		"+records/organisations/ee.yaml +records/organisations/ff.yaml +records/organisations/ff.yaml/inner ");
	/* for a review, only files */
	got[0] = '\0';
	assert_int_equal(oreg_snapshot_changes(a, b, "records", collect_change, got), 0);
	assert_string_equal(got, "~records/organisations/aa.yaml -records/organisations/bb.yaml "
		"+records/organisations/ee.yaml +records/organisations/ff.yaml/inner ");
	got[0] = '\0';
	assert_int_equal(oreg_snapshot_changes(b, a, "records", collect_change, got), 0);
	assert_string_equal(got, "~records/organisations/aa.yaml +records/organisations/bb.yaml "
		"-records/organisations/ee.yaml -records/organisations/ff.yaml/inner ");
	/* a folder that is in neither */
	got[0] = '\0';
	assert_int_equal(oreg_snapshot_changes(a, b, "nothing", collect_change, got), 0);
	assert_string_equal(got, "");
	oreg_snapshot_free(a);
	oreg_snapshot_free(b);
	oreg_repo_free(repo);
}

static void git__unknown_revision__is_not_found(void **state)
{
	struct oreg_repo *repo = NULL;
	char id[41];

	(void)state;
	assert_int_equal(oreg_repo_open(&repo), 0);
	assert_int_equal(oreg_repo_resolve(id, repo, "no-such-branch"), OREG_ENOTFOUND);
	assert_string_equal(oreg_error_message(), "'no-such-branch' names no commit");
	assert_int_equal(oreg_repo_resolve(id, repo, "HEAD"), 0);
	assert_int_equal(strlen(id), 40);
	oreg_repo_free(repo);
}

static void git__outside_a_repository__is_not_found(void **state)
{
	struct oreg_repo *repo = NULL;

	(void)state;
	setenv("GIT_CEILING_DIRECTORIES", "/tmp", 1);
	assert_int_equal(chdir("/tmp"), 0);
	assert_int_equal(oreg_repo_open(&repo), OREG_ENOTFOUND);
	assert_null(repo);
	unsetenv("GIT_CEILING_DIRECTORIES");
	assert_int_equal(chdir(scratch.top), 0);
}

static void git__trailers__are_found_in_the_last_paragraph(void **state)
{
	(void)state;
	assert_int_equal(oreg_message_has_trailer("Add\n\nReference: Kamerstuk 32 824, nr. 445\n", "Reference"), 1);
	assert_int_equal(oreg_message_has_trailer("Add\n\nreference: AIVD/2025-0117\n", "Reference"), 1);
	assert_int_equal(oreg_message_has_trailer("Reference: in the subject only\n", "Reference"), 0);
	assert_int_equal(oreg_message_has_trailer("Add\n\nReference: x\n\nMore text.\n", "Reference"), 0);
	assert_int_equal(oreg_message_has_trailer("Add\n\nSigned-off-by: A <a@b>\n", "Reference"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(git__three_places__each_show_their_own_state, setup, teardown),
		cmocka_unit_test_setup_teardown(git__index_file__is_honoured, setup, teardown),
		cmocka_unit_test_setup_teardown(git__linked_worktree_with_work_tree_variable__opens, setup, teardown),
		cmocka_unit_test_setup_teardown(git__quarantine__objects_are_read, setup, teardown),
		cmocka_unit_test_setup_teardown(git__index_version_4__is_read_directly, setup, teardown),
		cmocka_unit_test_setup_teardown(git__forged_index__is_refused_as_git_refuses_it, setup, teardown),
		cmocka_unit_test_setup_teardown(git__staged_change__is_found_through_the_cache_tree, setup, teardown),
		cmocka_unit_test_setup_teardown(git__commit_to_commit__compares_changed_folders_only, setup, teardown),
		cmocka_unit_test_setup_teardown(git__unknown_revision__is_not_found, setup, teardown),
		cmocka_unit_test_setup_teardown(git__outside_a_repository__is_not_found, setup, teardown),
		cmocka_unit_test(git__trailers__are_found_in_the_last_paragraph),
	};

	return cmocka_run_group_tests_name("git", tests, NULL, NULL);
}
