/*
 * git.h - what the files of lib/git/ share: repo.c (opening, configuration,
 * commits, walks), snapshot.c (register states listed and read, the index
 * diff), tree.c (the one reader of tree objects, verified, and its cache),
 * gitlog.c (the register's history by date and by record), gitindex.c
 * (git's index file) and histbuild.c (the history index).  Only the files
 * of lib/git/ include <git2.h>.
 */
#ifndef OREG_GIT_H
#define OREG_GIT_H

#include "internal.h"

#include <git2.h>
#include <pthread.h>

#define OREG_REPO_ODBS 15 /* beside the first: one per thread of a pool (parallel.c's MAX_THREADS) */

struct oreg_repo {
	git_repository *repo;
	git_odb *odb;
	git_index *index; /* GIT_INDEX_FILE, or the repository's own */
	char *workdir;    /* without a trailing '/', or NULL */
	struct oreg_tree_cache *tree_cache; /* the last folder trees oreg_repo_folder_deletions read */
	struct oreg_tree_cache *listed;     /* the folders listings read: most stay the same from commit to commit */
	pthread_mutex_t listed_lock;
	struct oreg_histindex *histindex;   /* the history index the documents ask (histquery.c), once opened */
	int histindex_tried;
	/*
	 * More handles on the object database, for threads reading at once:
	 * libgit2 holds a handle's lock for the whole of a read (the inflating
	 * included), so one handle serialises every thread's reads.
	 */
	git_odb *odbs[OREG_REPO_ODBS];
	unsigned char odb_busy[OREG_REPO_ODBS + 1]; /* [0]: odb, [k + 1]: odbs[k] */
	size_t nodbs;
	int odbs_failed; /* no more are opened (an environment that names other objects, or a failure) */
	pthread_mutex_t odb_lock;
};

/* id as 40 lower-case hex digits and a NUL: libgit2's own formatting. */
void oreg_oid_hex(char out[41], const unsigned char id[20]);

/* A handle on the object database for one read on this thread; give it back after. */
git_odb *oreg_repo_odb_take(struct oreg_repo *r);
void oreg_repo_odb_give(struct oreg_repo *r, git_odb *odb);

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
	unsigned long git_mode;    /* as git wrote it: 0100644, 040000... */
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
/*
 * The same, where the folder's path (or NULL) for the message.  A tree
 * whose path is longer than OREG_TREE_PATH_MAX is refused (OREG_ELIMIT):
 * walks that pass their path cannot be led arbitrarily deep.
 */
#define OREG_TREE_PATH_MAX 4096
int oreg_tree_read_at(struct oreg_tree *t, struct oreg_repo *r, const unsigned char id[20], const char *where);
void oreg_tree_release(struct oreg_tree *t);

/* The entry called name (len bytes), file or folder, or NULL. */
const struct oreg_tree_entry *oreg_tree_find(const struct oreg_tree *t, const char *name, size_t len);

/* git's order of names in a folder: a folder's name compares as if it ended in '/'. */
int oreg_tree_name_cmp(const char *a, size_t alen, int adir, const char *b, size_t blen, int bdir);

/* The kind of entry a git file mode in a tree stands for (a tree's is not asked): strict. */
enum oreg_entry_mode oreg_git_mode(unsigned long mode);
/* The same by the mode's type bits alone, as the index keeps a file's mode as the file system gave it. */
enum oreg_entry_mode oreg_git_mode_type(unsigned long mode);

/*
 * The last trees read, for walks along the history, where a commit's
 * folder is the parent's in the next step.  A tree got stays valid while
 * fewer than cap other trees are got (the least recently used is dropped)
 * or, when pinned, until it is unpinned.  Zeroed, it holds
 * OREG_TREE_CACHE trees; cap may raise that to OREG_TREE_CACHE_MAX.
 */
#define OREG_TREE_CACHE 8
#define OREG_TREE_CACHE_MAX 32

struct oreg_tree_cache {
	struct oreg_tree trees[OREG_TREE_CACHE_MAX];
	unsigned long long used[OREG_TREE_CACHE_MAX]; /* 0: empty; else the clock at the last get */
	unsigned pins[OREG_TREE_CACHE_MAX];
	unsigned long long clock;
	size_t cap; /* 0: OREG_TREE_CACHE */
};

int oreg_tree_cache_get(const struct oreg_tree **out, struct oreg_tree_cache *c, struct oreg_repo *r,
	const unsigned char id[20], const char *where);
void oreg_tree_cache_release(struct oreg_tree_cache *c);

/*
 * The tree id from c, kept until oreg_tree_cache_unpin, from any thread:
 * lock (held only for the cache's books, not while a tree is read) guards
 * c.  When every slot is pinned, the tree is read for the caller alone.
 */
int oreg_tree_cache_pin(const struct oreg_tree **out, struct oreg_tree_cache *c, pthread_mutex_t *lock,
	struct oreg_repo *r, const unsigned char id[20], const char *where);
void oreg_tree_cache_unpin(struct oreg_tree_cache *c, pthread_mutex_t *lock, const struct oreg_tree *t);

/*
 * The entry at path below the tree root, looked up folder by folder
 * through c's verified trees: OREG_ENOTFOUND (no message) when it is not
 * there.  out->name is not kept (the tree it pointed into may be dropped).
 */
int oreg_tree_lookup(struct oreg_tree_entry *out, struct oreg_tree_cache *c, struct oreg_repo *r,
	const unsigned char root[20], const char *path);

/* ---- gitdiff.c: the changes between pairs of trees, from the git program ---- */

struct oreg_gitdiff;
struct oreg_gitdiff_change {
	const char *path; /* len bytes, valid until the next call */
	size_t len;
	unsigned omode, nmode; /* 0: absent on that side */
	unsigned char oid[20], nid[20];
	char status; /* A, D, M or T */
};
enum { OREG_GITDIFF_PAIR = 2, OREG_GITDIFF_CHANGE, OREG_GITDIFF_END };

/*
 * Start `git diff-tree` on the pairs (trees[i - 1], trees[i]), the first
 * (start, trees[0]), start NULL meaning the empty tree; trees must stay
 * until oreg_gitdiff_finish.  1 when git cannot be run.
 */
int oreg_gitdiff_start(struct oreg_gitdiff **out, struct oreg_repo *r, const unsigned char (*trees)[20], size_t n,
	const unsigned char *start);
/* The next record: an OREG_GITDIFF_ value, 1 on any doubt, or OREG_ENOMEM. */
int oreg_gitdiff_next(struct oreg_gitdiff *g, struct oreg_gitdiff_change *c);
/* Wait for git and free g: 0 when all its output was read and it exited with 0, else 1. */
int oreg_gitdiff_finish(struct oreg_gitdiff *g);

/* Is name (len bytes) one git would check out as a tree entry's name (tree.c's check)? */
int oreg_tree_name_ok(const char *name, size_t len);

/* ---- histbuild.c: the history index from git, and what it shares with gitlog.c ---- */

/*
 * Tell fn of the change the first-parent step c made to path: the blob
 * ids after and before (NULL: absent), and for a merge the merged commit
 * that made it (found with tc, which may be shared along a walk).
 */
int oreg_git_report_change(struct oreg_repo *r, struct oreg_tree_cache *tc, git_commit *c, const char *path,
	const unsigned char *now, const unsigned char *before,
	int (*fn)(const struct oreg_record_change *change, void *payload), void *payload);

/*
 * "Ever referred to" from the history index, exactly as the walk of
 * everref.c answers it: of the .yaml files at tip or before it on the
 * indexed chain, the first path in byte order of org_id.yaml in the
 * folder organisations with a non-empty 'partnerships' list, else of one
 * in the folder contacts whose 'organisations' list named org_id; *out
 * (malloc'd) is NULL when there is none.  OREG_ENOTFOUND when tip is not
 * on the chain, OREG_EINVALID when the part read is damaged.
 */
int oreg_histindex_walk_reference(char **out, struct oreg_histindex *ix, const unsigned char tip[20],
	const char *org_id, const char *organisations, const char *contacts);

/* oreg_record_log from the history index; 1 when there is no index to answer from. */
int oreg_histindex_record_log(struct oreg_repo *r, const char *path, const char *from, const char *to,
	int (*fn)(const struct oreg_record_change *change, void *payload), void *payload);

#endif
