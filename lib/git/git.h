/*
 * git.h - what the files of lib/git/ share: repo.c (opening, configuration,
 * commits, walks), snapshot.c (register states listed and read, the index
 * diff), tree.c (the one reader of tree objects, verified, and its cache),
 * gitlog.c (the register's history by date and by record) and gitindex.c
 * (git's index file).  Only the files of lib/git/ include <git2.h>.
 */
#ifndef OREG_GIT_H
#define OREG_GIT_H

#include "internal.h"

#include <git2.h>

struct oreg_repo {
	git_repository *repo;
	git_odb *odb;
	git_index *index; /* GIT_INDEX_FILE, or the repository's own */
	char *workdir;    /* without a trailing '/', or NULL */
	struct oreg_tree_cache *tree_cache; /* the last folder trees oreg_repo_folder_deletions read */
};

/* Turn the last libgit2 error into an openreg failure with code's meaning. */
int oreg_git_fail(int code, const char *what);

/* The commit rev names (peeled), or OREG_ENOTFOUND. */
int oreg_git_lookup_commit(git_commit **out, struct oreg_repo *r, const char *rev);

/* Fill in a struct oreg_commit (release it with oreg_commit_release). */
int oreg_git_fill_commit(struct oreg_commit *out, git_commit *c);

/* ---- tree.c: tree objects, read as git stores them and verified ---- */

struct oreg_tree_entry {
	const char *name; /* len bytes inside the tree object, not NUL-terminated */
	size_t len;
	int is_tree;
	enum oreg_entry_mode mode; /* OREG_ENTRY_FOLDER for a tree */
	unsigned char id[20];
};

struct oreg_tree {
	unsigned char id[20];
	git_odb_object *obj;
	struct oreg_tree_entry *items; /* in git's order, each name once */
	size_t count, alloc;
};

/*
 * Read and verify the tree id: a malformed tree, an entry named twice,
 * entries out of git's order, or a name git refuses ('.', '..', '.git' as
 * any file system may spell it, empty, holding '/') is a corrupt
 * repository: OREG_ERROR naming the tree.  Release t even on failure.
 */
int oreg_tree_read(struct oreg_tree *t, struct oreg_repo *r, const unsigned char id[20]);
/* The same, where the folder's path (or NULL) for the message. */
int oreg_tree_read_at(struct oreg_tree *t, struct oreg_repo *r, const unsigned char id[20], const char *where);
void oreg_tree_release(struct oreg_tree *t);

/* The entry called name (len bytes), file or folder, or NULL. */
const struct oreg_tree_entry *oreg_tree_find(const struct oreg_tree *t, const char *name, size_t len);

/* git's order of names in a folder: a folder's name compares as if it ended in '/'. */
int oreg_tree_name_cmp(const char *a, size_t alen, int adir, const char *b, size_t blen, int bdir);

/* The kind of entry a git file mode stands for (a tree's is not asked). */
enum oreg_entry_mode oreg_git_mode(unsigned long mode);

/*
 * The last trees read, for walks along the history, where a commit's
 * folder is the parent's in the next step.  A tree got stays valid while
 * fewer than OREG_TREE_CACHE other trees are got (the least recently used
 * is dropped).
 */
#define OREG_TREE_CACHE 8

struct oreg_tree_cache {
	struct oreg_tree trees[OREG_TREE_CACHE];
	unsigned long long used[OREG_TREE_CACHE]; /* 0: empty; else the clock at the last get */
	unsigned long long clock;
};

int oreg_tree_cache_get(const struct oreg_tree **out, struct oreg_tree_cache *c, struct oreg_repo *r,
	const unsigned char id[20], const char *where);
void oreg_tree_cache_release(struct oreg_tree_cache *c);

#endif
