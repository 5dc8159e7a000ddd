/*
 * test_tree.c - tree objects are verified before openreg reads them: a
 * forged tree (an entry twice, entries out of git's order, '.', '..',
 * '.git' in any spelling, malformed bytes) makes the repository corrupt in
 * every way openreg reads a commit (listing, reading a path, looking up an
 * id, the log of a record), so no reader sees another file than git checks
 * out.  The trees are written byte by byte with git hash-object --literally,
 * which, unlike git mktree, neither sorts nor checks them.
 */
#include "unit.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "openreg.h"

static struct unit_repo scratch; /* the test repository, made anew for each test */
static char blob[41];

static void capture(char out[41], const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	FILE *p;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	assert_non_null(p = popen(cmd, "r"));
	assert_non_null(fgets(out, 41, p));
	assert_int_equal(strlen(out), 40);
	assert_int_equal(pclose(p), 0);
}

static int setup(void **state)
{
	(void)state;
	unit_repo_init(&scratch, "tree");
	capture(blob, "printf 'name: Vredesgroep Oost\\n' | git hash-object -w --stdin");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unit_repo_release(&scratch);
	return 0;
}

struct ent {
	const char *mode, *name;
	size_t len; /* 0: strlen(name) */
	const char *id; /* NULL: the blob */
};

/* A tree object holding exactly these entries, in this order; its id in out. */
static void write_tree(char out[41], const struct ent *e, size_t n)
{
	FILE *f = fopen("tree.raw", "wb");
	size_t i, k;

	assert_non_null(f);
	for (i = 0; i < n; i++) {
		const char *id = e[i].id ? e[i].id : blob;
		size_t len = e[i].len ? e[i].len : strlen(e[i].name);

		fprintf(f, "%s ", e[i].mode);
		fwrite(e[i].name, 1, len, f);
		fputc('\0', f);
		for (k = 0; k < 20; k++) {
			unsigned v;

			assert_int_equal(sscanf(id + 2 * k, "%2x", &v), 1);
			fputc((int)v, f);
		}
	}
	assert_int_equal(fclose(f), 0);
	capture(out, "git hash-object -t tree --literally -w tree.raw");
	unlink("tree.raw");
}

/* refs/heads/forged: a commit whose records/organisations is the tree folder. */
static void commit_folder(char folder_out[41], const struct ent *e, size_t n)
{
	char folder[41], records[41], root[41], commit[41];
	struct ent rec = { "40000", "organisations", 0, folder }, rt = { "40000", "records", 0, records };

	write_tree(folder, e, n);
	write_tree(records, &rec, 1);
	write_tree(root, &rt, 1);
	capture(commit, "git commit-tree %s -m forged", root);
	unit_sh("git update-ref refs/heads/forged %s", commit);
	if (folder_out)
		memcpy(folder_out, folder, 41);
}

/* Every way of reading the forged commit fails as a corrupt repository naming the tree, with check. */
static void assert_corrupt(const char *folder, const char *check, const char *path)
{
	struct oreg_repo *repo = NULL;
	struct oreg_snapshot *snap = NULL;
	struct oreg_entries e;
	unsigned char id[20];
	char *data = NULL;
	size_t len;
	int err;

	oreg_entries_init(&e);
	assert_int_equal(oreg_repo_open(&repo), 0);
	assert_int_equal(oreg_snapshot_open(&snap, repo, OREG_SNAPSHOT_COMMIT, "forged"), 0);

	assert_int_equal(oreg_snapshot_list(&e, snap, "records"), OREG_ERROR);
	assert_non_null(strstr(oreg_error_message(), "the repository is corrupt: tree "));
	assert_non_null(strstr(oreg_error_message(), folder));
	assert_non_null(strstr(oreg_error_message(), check));

	err = oreg_snapshot_read(&data, &len, path, snap);
	assert_int_equal(err, OREG_ERROR);
	assert_null(data);
	assert_non_null(strstr(oreg_error_message(), folder));

	assert_int_equal(oreg_snapshot_entry_id(id, snap, path), OREG_ERROR);
	assert_non_null(strstr(oreg_error_message(), check));

	assert_int_equal(oreg_record_log(repo, path, NULL, "forged", NULL, NULL), OREG_ERROR);
	assert_non_null(strstr(oreg_error_message(), folder));

	oreg_entries_release(&e);
	oreg_snapshot_free(snap);
	oreg_repo_free(repo);
}

/* The forged commit reads as an honest one: names listed, in order. */
static void assert_honest(const char *expected)
{
	struct oreg_repo *repo = NULL;
	struct oreg_snapshot *snap = NULL;
	struct oreg_entries e;
	char got[1024] = "";
	size_t i;

	oreg_entries_init(&e);
	assert_int_equal(oreg_repo_open(&repo), 0);
	assert_int_equal(oreg_snapshot_open(&snap, repo, OREG_SNAPSHOT_COMMIT, "forged"), 0);
	assert_int_equal(oreg_snapshot_list(&e, snap, "records"), 0);
	for (i = 0; i < e.count; i++) {
		strcat(got, e.items[i].path + strlen("records/organisations/"));
		strcat(got, " ");
	}
	assert_string_equal(got, expected);
	oreg_entries_release(&e);
	oreg_snapshot_free(snap);
	oreg_repo_free(repo);
}

static void tree__same_name_twice__is_corrupt(void **state)
{
	char other[41], folder[41];
	struct ent e[3] = { { "100644", "a.yaml", 0, NULL }, { "100644", "samidoun-nl.yaml", 0, NULL },
		{ "100644", "samidoun-nl.yaml", 0, other } };

	(void)state;
	capture(other, "printf 'name: Samidoun\\n' | git hash-object -w --stdin");
	commit_folder(folder, e, 3);
	assert_corrupt(folder, "(records/organisations) has two entries named 'samidoun-nl.yaml': git checks out one, "
		"a reader may see the other (git fsck: duplicateEntries)",
		"records/organisations/samidoun-nl.yaml");
}

static void tree__a_file_and_a_folder_of_one_name__is_corrupt(void **state)
{
	char sub[41], folder[41];
	struct ent inner = { "100644", "x.yaml", 0, NULL };
	/* "a" < "a-b" < "a/" in git's order: the two of one name are not neighbours */
	struct ent e[3] = { { "100644", "a", 0, NULL }, { "100644", "a-b", 0, NULL }, { "40000", "a", 0, sub } };

	(void)state;
	write_tree(sub, &inner, 1);
	commit_folder(folder, e, 3);
	assert_corrupt(folder, "two entries named 'a': ", "records/organisations/a");
}

static void tree__entries_out_of_order__are_corrupt(void **state)
{
	char folder[41];
	struct ent e[2] = { { "100644", "b.yaml", 0, NULL }, { "100644", "a.yaml", 0, NULL } };

	(void)state;
	commit_folder(folder, e, 2);
	assert_corrupt(folder, "out of git's order at 'a.yaml', so a lookup may miss one (git fsck: treeNotSorted)",
		"records/organisations/a.yaml");
}

static void tree__folder_sorted_as_plain_name__is_out_of_order(void **state)
{
	char sub[41], folder[41];
	struct ent inner = { "100644", "x.yaml", 0, NULL };
	/* a folder "a" sorts as "a/", after "a.yaml" ('.' < '/'): listed before it, it is out of order */
	struct ent e[2] = { { "40000", "a", 0, sub }, { "100644", "a.yaml", 0, NULL } };

	(void)state;
	write_tree(sub, &inner, 1);
	commit_folder(folder, e, 2);
	assert_corrupt(folder, "(git fsck: treeNotSorted)", "records/organisations/a.yaml");
}

static void tree__dot_names__are_corrupt(void **state)
{
	static const struct {
		const char *name, *check;
	} bad[] = {
		{ ".", "hasDot" },
		{ "..", "hasDotdot" },
		{ ".git", "hasDotgit" },
		{ ".GIT", "hasDotgit" },
		{ ".Git", "hasDotgit" },
		{ ".git ", "hasDotgit" },     /* NTFS drops trailing spaces */
		{ ".git. .", "hasDotgit" },   /* and dots */
		{ "git~1", "hasDotgit" },     /* NTFS short name */
		{ "GIT~1", "hasDotgit" },
		{ ".git::$INDEX_ALLOCATION", "hasDotgit" }, /* an NTFS stream */
		{ ".g\xe2\x80\x8cit", "hasDotgit" },         /* HFS+ ignores U+200C */
		{ "\xef\xbb\xbf.GIT\xe2\x80\x8f", "hasDotgit" }, /* U+FEFF, U+200F */
		{ "a/b.yaml", "fullPathname" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char folder[41];
		struct ent e = { "100644", bad[i].name, 0, NULL };

		commit_folder(folder, &e, 1);
		assert_corrupt(folder, bad[i].check, "records/organisations/x.yaml");
	}
}

static void tree__empty_name__is_corrupt(void **state)
{
	char folder[41];
	struct ent e = { "100644", "", 0, NULL };

	(void)state;
	/* len 0 means strlen: an empty name is written as is */
	commit_folder(folder, &e, 1);
	assert_corrupt(folder, "check out: '' (git fsck: emptyName)", "records/organisations/x.yaml");
}

static void tree__malformed__is_corrupt(void **state)
{
	char folder[41];
	struct ent e = { "10064x", "a.yaml", 0, NULL };

	(void)state;
	commit_folder(folder, &e, 1);
	assert_corrupt(folder, "is malformed (git fsck: badTree)", "records/organisations/a.yaml");
}

static void tree__truncated__is_corrupt(void **state)
{
	char folder[41], records[41], root[41], commit[41];
	struct ent rec = { "40000", "organisations", 0, folder }, rt = { "40000", "records", 0, records };

	(void)state;
	/* an entry whose id is cut short */
	unit_sh("printf '100644 a.yaml\\0abc' > tree.raw");
	capture(folder, "git hash-object -t tree --literally -w tree.raw");
	write_tree(records, &rec, 1);
	write_tree(root, &rt, 1);
	capture(commit, "git commit-tree %s -m forged", root);
	unit_sh("git update-ref refs/heads/forged %s", commit);
	assert_corrupt(folder, "is malformed (git fsck: badTree)", "records/organisations/a.yaml");
}

static void tree__nested_too_deep__is_refused(void **state)
{
	struct oreg_repo *repo = NULL;
	struct oreg_snapshot *snap = NULL;
	struct oreg_entries e;
	char name[201], id[41], records[41], root[41], commit[41];
	struct ent level = { "40000", name, 0, id }, rec = { "40000", "records", 0, records };
	int i;

	(void)state;
	/* 25 folders of 200 bytes: a path of over 5,000 bytes */
	memset(name, 'a', 200);
	name[200] = '\0';
	memcpy(id, blob, 41);
	level.mode = "100644";
	write_tree(id, &level, 1);
	level.mode = "40000";
	for (i = 0; i < 25; i++)
		write_tree(id, &level, 1);
	memcpy(records, id, 41);
	write_tree(root, &rec, 1);
	capture(commit, "git commit-tree %s -m deep", root);
	unit_sh("git update-ref refs/heads/forged %s", commit);
	oreg_entries_init(&e);
	assert_int_equal(oreg_repo_open(&repo), 0);
	assert_int_equal(oreg_snapshot_open(&snap, repo, OREG_SNAPSHOT_COMMIT, "forged"), 0);
	assert_int_equal(oreg_snapshot_list(&e, snap, "records"), OREG_ELIMIT);
	assert_non_null(strstr(oreg_error_message(), "lies below a path of over 4096 bytes"));
	oreg_entries_release(&e);
	oreg_snapshot_free(snap);
	oreg_repo_free(repo);
}

static void tree__names_like_dot_names__are_read(void **state)
{
	struct ent e[7] = {
		{ "100644", "...", 0, NULL },
		{ "100644", ".github", 0, NULL },
		{ "100644", ".gitignore", 0, NULL },
		{ "100644", ".gitx", 0, NULL },
		{ "100644", "git~1x", 0, NULL },
		{ "100644", "git~2", 0, NULL },
		{ "100644", "\xe2\x80\x8c" "a.yaml", 0, NULL },
	};

	(void)state;
	commit_folder(NULL, e, 7);
	assert_honest("... .github .gitignore .gitx git~1x git~2 \xe2\x80\x8c" "a.yaml ");
}

static void tree__file_and_folder_in_git_order__are_read(void **state)
{
	char sub[41];
	struct ent inner = { "100644", "x.yaml", 0, NULL };
	/* "a.yaml" < "a/" < "a0": the folder sorts as if it ended in '/' */
	struct ent e[3] = { { "100644", "a.yaml", 0, NULL }, { "40000", "a", 0, sub }, { "100644", "a0", 0, NULL } };

	(void)state;
	write_tree(sub, &inner, 1);
	commit_folder(NULL, e, 3);
	assert_honest("a.yaml a/x.yaml a0 ");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(tree__same_name_twice__is_corrupt, setup, teardown),
		cmocka_unit_test_setup_teardown(tree__a_file_and_a_folder_of_one_name__is_corrupt, setup, teardown),
		cmocka_unit_test_setup_teardown(tree__entries_out_of_order__are_corrupt, setup, teardown),
		cmocka_unit_test_setup_teardown(tree__folder_sorted_as_plain_name__is_out_of_order, setup, teardown),
		cmocka_unit_test_setup_teardown(tree__dot_names__are_corrupt, setup, teardown),
		cmocka_unit_test_setup_teardown(tree__empty_name__is_corrupt, setup, teardown),
		cmocka_unit_test_setup_teardown(tree__malformed__is_corrupt, setup, teardown),
		cmocka_unit_test_setup_teardown(tree__truncated__is_corrupt, setup, teardown),
		cmocka_unit_test_setup_teardown(tree__nested_too_deep__is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(tree__names_like_dot_names__are_read, setup, teardown),
		cmocka_unit_test_setup_teardown(tree__file_and_folder_in_git_order__are_read, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
