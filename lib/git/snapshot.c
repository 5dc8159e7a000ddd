/*
 * git.c - repositories and snapshots, the only file that includes <git2.h>.
 *
 * A snapshot is one register state: the working tree, the index or a
 * commit.  Records are read straight from git's object database, with no
 * checkout, and nothing is ever written: no ref, no index, no object.
 * Every libgit2 failure becomes an openreg failure carrying libgit2's
 * message, and callers fail closed on it.
 */
#include "git.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct oreg_snapshot {
	struct oreg_repo *repo;
	enum oreg_snapshot_kind kind;
	git_commit *commit;
	git_tree *tree;
	struct oreg_index index; /* the index read directly, when have_index */
	int have_index;
	char name[41];
};

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static int init_result;

static void shutdown_libgit2(void)
{
	git_libgit2_shutdown();
}

static void init_libgit2(void)
{
	init_result = git_libgit2_init();
	/* libgit2 keeps per-thread error state until shutdown: leave nothing behind */
	if (init_result >= 0)
		atexit(shutdown_libgit2);
	/* the register's objects are read many times over; a bigger cache pays */
	if (init_result >= 0)
		git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)512 * 1024 * 1024);
	/*
	 * libgit2 hashes every object it reads to check its id; git does not
	 * (git fsck does).  A third of the time of a log went there.  A
	 * damaged object still fails to inflate or to parse, and is refused.
	 */
	if (init_result >= 0)
		git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
}

/* Turn the last libgit2 error into ours. */
int oreg_git_fail(int code, const char *what)
{
	const git_error *e = git_error_last();

	if (code == GIT_ENOTFOUND)
		return oreg_error(OREG_ENOTFOUND, "%s: %s", what, e && e->message ? e->message : "not found");
	return oreg_error(OREG_ERROR, "%s: %s", what, e && e->message ? e->message : "git error");
}

/*
 * libgit2 1.5 opens a repository from the environment (GIT_DIR,
 * GIT_OBJECT_DIRECTORY, GIT_ALTERNATE_OBJECT_DIRECTORIES, GIT_INDEX_FILE)
 * with GIT_REPOSITORY_OPEN_FROM_ENV, but refuses that mode when
 * GIT_WORK_TREE or GIT_COMMON_DIR is set.  Then the same variables are
 * applied here by hand.
 */
/* Do two paths name the same folder? */
static bool same_folder(const char *a, const char *b)
{
	char *ra = realpath(a, NULL), *rb = realpath(b, NULL);
	bool same = ra && rb && !strcmp(ra, rb);

	free(ra);
	free(rb);
	return same;
}

static int open_by_hand(git_repository **out)
{
	const char *gitdir = getenv("GIT_DIR"), *worktree = getenv("GIT_WORK_TREE");
	const char *objdir = getenv("GIT_OBJECT_DIRECTORY");
	const char *alternates = getenv("GIT_ALTERNATE_OBJECT_DIRECTORIES");
	git_repository *repo = NULL;
	git_odb *odb = NULL;
	int err = 0;

	/*
	 * A linked worktree names its git folder in its .git file: opening the
	 * work tree finds it, and is right when it is the GIT_DIR given
	 * (git_repository_set_workdir, the other way, leaks in libgit2 1.5).
	 */
	if (worktree && *worktree &&
		git_repository_open_ext(&repo, worktree, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) == 0 &&
		!(gitdir && *gitdir && !same_folder(git_repository_path(repo), gitdir)))
		worktree = NULL;
	else if (repo) {
		git_repository_free(repo);
		repo = NULL;
	}
	if (!repo && gitdir && *gitdir)
		err = git_repository_open_ext(&repo, gitdir, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	else if (!repo)
		err = git_repository_open_ext(&repo, ".", 0, NULL);
	if (err < 0)
		return oreg_git_fail(err, "cannot open the repository");
	if (worktree && *worktree && (err = git_repository_set_workdir(repo, worktree, 0)) < 0)
		goto fail;
	if ((objdir && *objdir) || (alternates && *alternates)) {
		if ((err = git_repository_odb(&odb, repo)) < 0)
			goto fail;
		if (objdir && *objdir && (err = git_odb_add_disk_alternate(odb, objdir)) < 0)
			goto fail;
		while (alternates && *alternates) {
			const char *colon = strchr(alternates, ':');
			size_t len = colon ? (size_t)(colon - alternates) : strlen(alternates);
			char *dir = oreg_strndup(alternates, len);

			if (!dir) {
				git_odb_free(odb);
				git_repository_free(repo);
				return OREG_ENOMEM;
			}
			err = len ? git_odb_add_disk_alternate(odb, dir) : 0;
			free(dir);
			if (err < 0)
				goto fail;
			alternates = colon ? colon + 1 : NULL;
		}
		git_odb_free(odb);
	}
	*out = repo;
	return 0;
fail:
	err = oreg_git_fail(err, "cannot open the repository");
	git_odb_free(odb);
	git_repository_free(repo);
	return err;
}

/*
 * The search for a repository found none; say why when a repository is
 * there but cannot be used (owned by another user, say).
 */
static int not_found_why(void)
{
	const char *dir = getenv("GIT_DIR");
	struct stat st;
	char *cwd;
	int err;

	/*
	 * libgit2 1.5 reports a repository owned by another user as not found
	 * (it looks up safe.directory and returns that lookup's failure): name
	 * the real reason, as git does.
	 */
	if (stat(dir && *dir ? dir : ".git", &st) == 0 && st.st_uid != geteuid()) {
		cwd = getcwd(NULL, 0);
		err = oreg_error(OREG_ERROR, "the repository in '%s' is owned by another user, so it is not opened "
			"(git refuses it too); if you trust it: git config --global --add safe.directory '%s'",
			cwd ? cwd : ".", cwd ? cwd : ".");
		free(cwd);
		return err;
	}
	return oreg_error(OREG_ENOTFOUND, "not in a git repository: run openreg inside the register's repository");
}

int oreg_repo_open(struct oreg_repo **out)
{
	struct oreg_repo *r;
	const char *index_file = getenv("GIT_INDEX_FILE");
	const char *wd;
	int err;

	*out = NULL;
	pthread_once(&init_once, init_libgit2);
	if (init_result < 0)
		return oreg_error(OREG_ERROR, "cannot initialise libgit2");
	r = oreg_calloc(1, sizeof(*r));
	if (!r)
		return OREG_ENOMEM;
	if ((getenv("GIT_WORK_TREE") && *getenv("GIT_WORK_TREE")) ||
		(getenv("GIT_COMMON_DIR") && *getenv("GIT_COMMON_DIR")))
		err = open_by_hand(&r->repo);
	else if ((err = git_repository_open_ext(&r->repo, NULL, GIT_REPOSITORY_OPEN_FROM_ENV, NULL)) < 0)
		err = err == GIT_ENOTFOUND ? not_found_why() : oreg_git_fail(err, "cannot open the repository");
	if (err < 0)
		goto fail;
	if ((err = git_repository_odb(&r->odb, r->repo)) < 0) {
		err = oreg_git_fail(err, "cannot open the object database");
		goto fail;
	}
	if (index_file && *index_file && !git_repository_is_bare(r->repo)) {
		/* FROM_ENV honours it already; opening it here covers the other path too */
		if ((err = git_index_open(&r->index, index_file)) < 0) {
			err = oreg_git_fail(err, "cannot read the index named by GIT_INDEX_FILE");
			goto fail;
		}
	}
	wd = git_repository_workdir(r->repo);
	if (wd) {
		size_t len = strlen(wd);

		while (len > 1 && wd[len - 1] == '/')
			len--;
		if (!(r->workdir = oreg_strndup(wd, len))) {
			err = OREG_ENOMEM;
			goto fail;
		}
	}
	*out = r;
	return 0;
fail:
	oreg_repo_free(r);
	return err;
}

static void folder_cache_free(void *cache);

void oreg_repo_free(struct oreg_repo *r)
{
	if (!r)
		return;
	folder_cache_free(r->folder_cache);
	git_index_free(r->index);
	git_odb_free(r->odb);
	git_repository_free(r->repo);
	free(r->workdir);
	free(r);
}

const char *oreg_repo_workdir(const struct oreg_repo *r)
{
	return r->workdir;
}

int oreg_git_lookup_commit(git_commit **out, struct oreg_repo *r, const char *rev)
{
	git_object *obj = NULL, *peeled = NULL;
	int err;

	if ((err = git_revparse_single(&obj, r->repo, rev)) < 0)
		return err == GIT_ENOTFOUND || err == GIT_EAMBIGUOUS || err == GIT_EINVALIDSPEC
			? oreg_error(OREG_ENOTFOUND, "'%s' names no commit", rev)
			: oreg_git_fail(err, "cannot resolve revision");
	err = git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT);
	git_object_free(obj);
	if (err < 0)
		return oreg_error(OREG_ENOTFOUND, "'%s' is not a commit", rev);
	*out = (git_commit *)peeled;
	return 0;
}

int oreg_repo_resolve(char out[41], struct oreg_repo *r, const char *rev)
{
	git_commit *c;
	int err;

	if ((err = oreg_git_lookup_commit(&c, r, rev)) < 0)
		return err;
	git_oid_tostr(out, 41, git_commit_id(c));
	git_commit_free(c);
	return 0;
}

static int repo_index(git_index **out, struct oreg_repo *r)
{
	int err;

	if (r->index) {
		*out = r->index;
		return 0;
	}
	if ((err = git_repository_index(&r->index, r->repo)) < 0)
		return oreg_git_fail(err, "cannot read the index");
	*out = r->index;
	return 0;
}

/*
 * The index file itself, read by gitindex.c: libgit2's reader is many times
 * slower on a large register.  Returns 1 when the caller must use libgit2.
 */
static int read_index_directly(struct oreg_snapshot *s)
{
	const char *env = getenv("GIT_INDEX_FILE");
	struct oreg_buf path = OREG_BUF_INIT;
	int err;

	if (env && *env)
		oreg_buf_adds(&path, env);
	else
		oreg_buf_addf(&path, "%sindex", git_repository_path(s->repo->repo));
	if ((err = oreg_buf_error(&path)) < 0)
		return err;
	err = oreg_index_read(&s->index, path.ptr, "");
	oreg_buf_release(&path);
	if (err == OREG_ENOTFOUND) {
		/* no index yet: an empty one */
		memset(&s->index, 0, sizeof(s->index));
		err = 0;
	}
	if (err == OREG_EINVALID)
		return 1;
	if (err < 0)
		return err;
	s->have_index = 1;
	return 0;
}

/* The range of the directly read index's entries under prefix ("records/"). */
static void index_range(const struct oreg_index *ix, const char *prefix, size_t *lo_out, size_t *hi_out)
{
	size_t lo = 0, hi = ix->entries.count, plen = strlen(prefix);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(ix->entries.items[mid].path, prefix) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*lo_out = lo;
	for (hi = lo; hi < ix->entries.count && !strncmp(ix->entries.items[hi].path, prefix, plen); hi++)
		;
	*hi_out = hi;
}

int oreg_snapshot_open(struct oreg_snapshot **out, struct oreg_repo *r,
	enum oreg_snapshot_kind kind, const char *rev)
{
	struct oreg_snapshot *s;
	git_index *index = NULL;
	int err = 0;

	*out = NULL;
	s = oreg_calloc(1, sizeof(*s));
	if (!s)
		return OREG_ENOMEM;
	s->repo = r;
	s->kind = kind;
	switch (kind) {
	case OREG_SNAPSHOT_WORKTREE:
		if (!r->workdir)
			err = oreg_error(OREG_EINVALID, "a bare repository has no working tree: use --rev or --range");
		strcpy(s->name, "working tree");
		break;
	case OREG_SNAPSHOT_INDEX:
		if (git_repository_is_bare(r->repo)) {
			err = oreg_error(OREG_EINVALID, "a bare repository has no index: use --rev or --range");
			break;
		}
		strcpy(s->name, "index");
		/* what "git commit" would record is what is on disk now */
		if ((err = read_index_directly(s)) == 0)
			break;
		if ((err = repo_index(&index, r)) < 0)
			break;
		if ((err = git_index_read(index, 0)) < 0)
			err = oreg_git_fail(err, "cannot read the index");
		break;
	case OREG_SNAPSHOT_COMMIT:
		if ((err = oreg_git_lookup_commit(&s->commit, r, rev)) < 0)
			break;
		if ((err = git_commit_tree(&s->tree, s->commit)) < 0) {
			err = oreg_git_fail(err, "cannot read the commit's tree");
			break;
		}
		git_oid_tostr(s->name, sizeof(s->name), git_commit_id(s->commit));
		break;
	}
	if (err < 0) {
		oreg_snapshot_free(s);
		return err;
	}
	*out = s;
	return 0;
}

void oreg_snapshot_free(struct oreg_snapshot *s)
{
	if (!s)
		return;
	oreg_index_release(&s->index);
	git_tree_free(s->tree);
	git_commit_free(s->commit);
	free(s);
}

const char *oreg_snapshot_name(const struct oreg_snapshot *s)
{
	return s->name;
}

static enum oreg_entry_mode mode_of(git_filemode_t m)
{
	switch (m) {
	case GIT_FILEMODE_BLOB:
	case GIT_FILEMODE_BLOB_EXECUTABLE:
		return OREG_ENTRY_FILE;
	case GIT_FILEMODE_LINK:
		return OREG_ENTRY_SYMLINK;
	case GIT_FILEMODE_COMMIT:
		return OREG_ENTRY_SUBMODULE;
	default:
		return OREG_ENTRY_SPECIAL;
	}
}

struct tree_walk {
	struct oreg_entries *out;
	struct oreg_buf path;
	size_t prefix_len;
	int err;
};

static int tree_walk_cb(const char *root, const git_tree_entry *te, void *payload)
{
	struct tree_walk *w = payload;
	struct oreg_entry *e;
	git_filemode_t m = git_tree_entry_filemode(te);
	const char *name = git_tree_entry_name(te);
	size_t nlen = strlen(name);

	if (m == GIT_FILEMODE_TREE) {
		if (nlen >= 5 && !strcmp(name + nlen - 5, ".yaml")) {
			oreg_buf_truncate(&w->path, w->prefix_len);
			oreg_buf_adds(&w->path, root);
			oreg_buf_adds(&w->path, name);
			if (oreg_buf_error(&w->path) < 0 ||
				!oreg_entries_add(w->out, w->path.ptr, w->path.len, OREG_ENTRY_FOLDER)) {
				w->err = OREG_ENOMEM;
				return -1;
			}
		}
		return 0;
	}
	oreg_buf_truncate(&w->path, w->prefix_len);
	oreg_buf_adds(&w->path, root);
	oreg_buf_adds(&w->path, name);
	if (oreg_buf_error(&w->path) < 0 || !(e = oreg_entries_add(w->out, w->path.ptr, w->path.len, mode_of(m)))) {
		w->err = OREG_ENOMEM;
		return -1;
	}
	e->has_id = 1;
	memcpy(e->id, git_tree_entry_id(te)->id, 20);
	return 0;
}

static int list_tree(struct oreg_entries *out, struct oreg_snapshot *s, const char *dir)
{
	struct tree_walk w = { .out = out };
	git_tree_entry *te = NULL;
	git_tree *sub = NULL;
	int err;

	if ((err = git_tree_entry_bypath(&te, s->tree, dir)) == GIT_ENOTFOUND)
		return 0;
	if (err < 0)
		return oreg_git_fail(err, "cannot read the tree");
	if (git_tree_entry_type(te) != GIT_OBJECT_TREE) {
		struct oreg_entry *e = oreg_entries_add(out, dir, strlen(dir), mode_of(git_tree_entry_filemode(te)));

		if (e) {
			e->has_id = 1;
			memcpy(e->id, git_tree_entry_id(te)->id, 20);
		}
		git_tree_entry_free(te);
		return e ? 0 : OREG_ENOMEM;
	}
	err = git_tree_lookup(&sub, git_tree_owner(s->tree), git_tree_entry_id(te));
	git_tree_entry_free(te);
	if (err < 0)
		return oreg_git_fail(err, "cannot read the tree");
	oreg_buf_init(&w.path);
	oreg_buf_adds(&w.path, dir);
	oreg_buf_addch(&w.path, '/');
	w.prefix_len = w.path.len;
	err = git_tree_walk(sub, GIT_TREEWALK_PRE, tree_walk_cb, &w);
	git_tree_free(sub);
	oreg_buf_release(&w.path);
	if (w.err < 0)
		return w.err;
	if (err < 0)
		return oreg_git_fail(err, "cannot walk the tree");
	oreg_entries_sort(out);
	return 0;
}

static int list_index(struct oreg_entries *out, struct oreg_snapshot *s, const char *dir)
{
	git_index *index = NULL;
	struct oreg_buf prefix = OREG_BUF_INIT;
	size_t pos, n, i;
	int err;

	oreg_buf_addf(&prefix, "%s/", dir);
	if ((err = oreg_buf_error(&prefix)) < 0)
		return err;
	if (s->have_index && !out->count && !out->strings) {
		/* the entries' paths stay the snapshot's, which outlives the listing */
		size_t lo, hi;

		index_range(&s->index, prefix.ptr, &lo, &hi);
		oreg_buf_release(&prefix);
		if (hi > lo && oreg_grow((void **)&out->items, &out->alloc, hi - lo, sizeof(*out->items)) < 0)
			return OREG_ENOMEM;
		if (hi > lo)
			memcpy(out->items, s->index.entries.items + lo, (hi - lo) * sizeof(*out->items));
		out->count = hi - lo;
		return 0;
	}
	if (s->have_index) {
		size_t lo, hi;

		index_range(&s->index, prefix.ptr, &lo, &hi);
		for (i = lo; i < hi && !err; i++) {
			const struct oreg_entry *from = &s->index.entries.items[i];
			struct oreg_entry *e = oreg_entries_add(out, from->path, strlen(from->path), from->mode);

			if (!e) {
				err = OREG_ENOMEM;
				break;
			}
			e->has_id = from->has_id;
			e->size = from->size;
			memcpy(e->id, from->id, 20);
		}
		oreg_buf_release(&prefix);
		return err;
	}
	if ((err = repo_index(&index, s->repo)) < 0) {
		oreg_buf_release(&prefix);
		return err;
	}
	n = git_index_entrycount(index);
	if (git_index_find_prefix(&pos, index, prefix.ptr) < 0)
		pos = n;
	for (i = pos; i < n; i++) {
		const git_index_entry *ie = git_index_get_byindex(index, i);
		struct oreg_entry *e;
		enum oreg_entry_mode mode;

		if (strncmp(ie->path, prefix.ptr, prefix.len))
			break;
		mode = GIT_INDEX_ENTRY_STAGE(ie) ? OREG_ENTRY_CONFLICT : mode_of((git_filemode_t)ie->mode);
		if (i > pos && !strcmp(ie->path, git_index_get_byindex(index, i - 1)->path))
			continue; /* the other stages of a conflict */
		if (!(e = oreg_entries_add(out, ie->path, strlen(ie->path), mode))) {
			err = OREG_ENOMEM;
			break;
		}
		e->has_id = mode != OREG_ENTRY_CONFLICT;
		memcpy(e->id, ie->id.id, 20);
		e->size = ie->file_size;
	}
	oreg_buf_release(&prefix);
	return err;
}

int oreg_snapshot_list(struct oreg_entries *out, struct oreg_snapshot *s, const char *dir)
{
	switch (s->kind) {
	case OREG_SNAPSHOT_WORKTREE:
		return oreg_worktree_list(out, s->repo->workdir, dir);
	case OREG_SNAPSHOT_INDEX:
		return list_index(out, s, dir);
	case OREG_SNAPSHOT_COMMIT:
		return list_tree(out, s, dir);
	}
	return oreg_error(OREG_EINVALID, "unknown snapshot");
}

static int read_blob(char **data, size_t *len, struct oreg_repo *r, const unsigned char id[20], const char *path)
{
	git_odb_object *obj = NULL;
	git_oid oid;
	int err;

	memcpy(oid.id, id, 20);
	if ((err = git_odb_read(&obj, r->odb, &oid)) < 0) {
		/* the repository is broken: fail (closed), whatever libgit2 calls it */
		const git_error *e = git_error_last();

		return oreg_error(OREG_ERROR, "cannot read '%s' (object %s): %s", path, git_oid_tostr_s(&oid),
			e && e->message ? e->message : "unknown error");
	}
	if (git_odb_object_type(obj) != GIT_OBJECT_BLOB) {
		git_odb_object_free(obj);
		return oreg_error(OREG_ERROR, "%s: object is not a blob", path);
	}
	*len = git_odb_object_size(obj);
	*data = oreg_strndup(git_odb_object_data(obj), *len);
	git_odb_object_free(obj);
	return *data ? 0 : OREG_ENOMEM;
}

int oreg_snapshot_read_entry(char **data, size_t *len, struct oreg_snapshot *s, const struct oreg_entry *e)
{
	struct oreg_buf full = OREG_BUF_INIT;
	int err;

	*data = NULL;
	*len = 0;
	if (e->has_id)
		return read_blob(data, len, s->repo, e->id, e->path);
	if (s->kind != OREG_SNAPSHOT_WORKTREE)
		return oreg_error(OREG_EINVALID, "'%s' has no content", e->path);
	oreg_buf_addf(&full, "%s/%s", s->repo->workdir, e->path);
	if ((err = oreg_buf_error(&full)) < 0)
		return err;
	err = oreg_file_read(data, len, full.ptr, 64 * 1024 * 1024);
	oreg_buf_release(&full);
	return err;
}

int oreg_snapshot_read(char **data, size_t *len, const char *path, void *payload)
{
	struct oreg_snapshot *s = payload;
	struct oreg_entries one;
	int err;

	oreg_entries_init(&one);
	if (s->kind == OREG_SNAPSHOT_WORKTREE) {
		struct oreg_buf full = OREG_BUF_INIT;

		oreg_buf_addf(&full, "%s/%s", s->repo->workdir, path);
		if ((err = oreg_buf_error(&full)) < 0)
			return err;
		err = oreg_file_read(data, len, full.ptr, 64 * 1024 * 1024);
		oreg_buf_release(&full);
		return err;
	}
	if (s->kind == OREG_SNAPSHOT_COMMIT) {
		git_tree_entry *te = NULL;

		if ((err = git_tree_entry_bypath(&te, s->tree, path)) == GIT_ENOTFOUND)
			return oreg_error(OREG_ENOTFOUND, "'%s' does not exist in %s", path, s->name);
		if (err < 0)
			return oreg_git_fail(err, path);
		if (git_tree_entry_type(te) != GIT_OBJECT_BLOB) {
			git_tree_entry_free(te);
			return oreg_error(OREG_ENOTFOUND, "'%s' is not a file in %s", path, s->name);
		}
		err = read_blob(data, len, s->repo, git_tree_entry_id(te)->id, path);
		git_tree_entry_free(te);
		return err;
	}
	if (s->have_index) {
		size_t lo, hi;

		index_range(&s->index, path, &lo, &hi);
		if (lo >= s->index.entries.count || strcmp(s->index.entries.items[lo].path, path) ||
			!s->index.entries.items[lo].has_id)
			return oreg_error(OREG_ENOTFOUND, "'%s' is not in the index", path);
		return read_blob(data, len, s->repo, s->index.entries.items[lo].id, path);
	}
	{
		git_index *index = NULL;
		const git_index_entry *ie;

		if ((err = repo_index(&index, s->repo)) < 0)
			return err;
		if (!(ie = git_index_get_bypath(index, path, 0)))
			return oreg_error(OREG_ENOTFOUND, "'%s' is not in the index", path);
		return read_blob(data, len, s->repo, ie->id.id, path);
	}
}

int oreg_message_has_trailer(const char *message, const char *key)
{
	git_message_trailer_array trailers = { 0 };
	size_t i;
	int found = 0;

	pthread_once(&init_once, init_libgit2);
	if (git_message_trailers(&trailers, message) < 0)
		return oreg_error(OREG_ERROR, "cannot read the trailers of a commit message");
	for (i = 0; i < trailers.count; i++)
		if (!strcasecmp(trailers.trailers[i].key, key) && trailers.trailers[i].value[0])
			found = 1;
	git_message_trailer_array_free(&trailers);
	return found;
}

int oreg_git_fill_commit(struct oreg_commit *out, git_commit *c)
{
	const git_signature *a = git_commit_author(c);
	const char *msg = git_commit_message(c);

	memset(out, 0, sizeof(*out));
	git_oid_tostr(out->id, sizeof(out->id), git_commit_id(c));
	out->nparents = git_commit_parentcount(c);
	if (out->nparents)
		git_oid_tostr(out->parent, sizeof(out->parent), git_commit_parent_id(c, 0));
	out->time = (long long)git_commit_time(c);
	out->offset = git_commit_time_offset(c);
	out->message = oreg_strdup(msg ? msg : "");
	out->summary = oreg_strdup(git_commit_summary(c) ? git_commit_summary(c) : "");
	out->author = oreg_strdup(a && a->name ? a->name : "");
	if (!out->message || !out->summary || !out->author) {
		oreg_commit_release(out);
		return OREG_ENOMEM;
	}
	return 0;
}

void oreg_commit_release(struct oreg_commit *c)
{
	if (!c)
		return;
	free(c->message);
	free(c->summary);
	free(c->author);
	c->message = c->summary = c->author = NULL;
}

int oreg_repo_walk(struct oreg_repo *r, const char *from, const char *to,
	int (*fn)(const struct oreg_commit *commit, void *payload), void *payload)
{
	git_revwalk *walk = NULL;
	git_commit *tip = NULL, *base = NULL;
	git_oid oid;
	int err;

	if ((err = oreg_git_lookup_commit(&tip, r, to)) < 0)
		return err;
	if (from && (err = oreg_git_lookup_commit(&base, r, from)) < 0)
		goto done;
	if ((err = git_revwalk_new(&walk, r->repo)) < 0 ||
		(err = git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE)) < 0 ||
		(err = git_revwalk_push(walk, git_commit_id(tip))) < 0 ||
		(base && (err = git_revwalk_hide(walk, git_commit_id(base))) < 0)) {
		err = oreg_git_fail(err, "cannot walk the history");
		goto done;
	}
	for (;;) {
		struct oreg_commit info;
		git_commit *c;

		if ((err = git_revwalk_next(&oid, walk)) == GIT_ITEROVER) {
			err = 0;
			break;
		}
		if (err < 0 || (err = git_commit_lookup(&c, r->repo, &oid)) < 0) {
			err = oreg_git_fail(err, "cannot walk the history");
			break;
		}
		err = oreg_git_fill_commit(&info, c);
		git_commit_free(c);
		if (err < 0)
			break;
		/* fn's own codes pass through unchanged */
		err = fn(&info, payload);
		oreg_commit_release(&info);
		if (err)
			break;
	}
done:
	git_revwalk_free(walk);
	git_commit_free(base);
	git_commit_free(tip);
	return err;
}

int oreg_repo_merge_base(char out[41], struct oreg_repo *r, const char *a, const char *b)
{
	git_commit *ca = NULL, *cb = NULL;
	git_oid base;
	int err;

	if ((err = oreg_git_lookup_commit(&ca, r, a)) < 0 || (err = oreg_git_lookup_commit(&cb, r, b)) < 0)
		goto done;
	if ((err = git_merge_base(&base, r->repo, git_commit_id(ca), git_commit_id(cb))) < 0) {
		err = err == GIT_ENOTFOUND ? oreg_error(OREG_ENOTFOUND, "'%s' and '%s' have no common history", a, b)
			: oreg_git_fail(err, "cannot find the merge base");
		goto done;
	}
	git_oid_tostr(out, 41, &base);
done:
	git_commit_free(ca);
	git_commit_free(cb);
	return err;
}

int oreg_repo_head_unborn(struct oreg_repo *r)
{
	return git_repository_head_unborn(r->repo) == 1;
}

int oreg_repo_is_bare(const struct oreg_repo *r)
{
	return git_repository_is_bare(r->repo);
}

int oreg_repo_hooks_dir(char **out, struct oreg_repo *r)
{
	git_buf buf = { 0 };
	int err;

	*out = NULL;
	if ((err = git_repository_item_path(&buf, r->repo, GIT_REPOSITORY_ITEM_HOOKS)) < 0)
		return oreg_git_fail(err, "cannot find the hooks folder");
	*out = oreg_strdup(buf.ptr);
	git_buf_dispose(&buf);
	return *out ? 0 : OREG_ENOMEM;
}

int oreg_repo_default_branch(char out[41], struct oreg_repo *r)
{
	git_reference *head = NULL, *resolved = NULL;
	int err;

	out[0] = '\0';
	if ((err = git_reference_lookup(&head, r->repo, "HEAD")) < 0)
		return err == GIT_ENOTFOUND ? 0 : oreg_git_fail(err, "cannot read HEAD");
	err = git_reference_resolve(&resolved, head);
	if (err == 0)
		git_oid_tostr(out, 41, git_reference_target(resolved));
	else if (err == GIT_ENOTFOUND)
		err = 0; /* the default branch has no commits yet */
	else
		err = oreg_git_fail(err, "cannot resolve HEAD");
	git_reference_free(resolved);
	git_reference_free(head);
	return err;
}

int oreg_repo_config_bool(int *out, struct oreg_repo *r, const char *name, int fallback)
{
	git_config *cfg = NULL;
	int err, v = fallback;

	*out = fallback;
	if ((err = git_repository_config_snapshot(&cfg, r->repo)) < 0)
		return oreg_git_fail(err, "cannot read the git configuration");
	err = git_config_get_bool(&v, cfg, name);
	git_config_free(cfg);
	if (err == GIT_ENOTFOUND)
		return 0;
	if (err < 0)
		return oreg_git_fail(err, name);
	*out = v;
	return 0;
}

int oreg_repo_parent(char out[41], struct oreg_repo *r, const char *commit, unsigned n)
{
	git_commit *c = NULL;
	int err;

	out[0] = '\0';
	if ((err = oreg_git_lookup_commit(&c, r, commit)) < 0)
		return err;
	if (n < git_commit_parentcount(c))
		git_oid_tostr(out, 41, git_commit_parent_id(c, n));
	else
		err = oreg_error(OREG_ENOTFOUND, "commit %.7s has no parent %u", commit, n + 1);
	git_commit_free(c);
	return err;
}

struct merge_heads {
	char (*ids)[41];
	size_t n, max;
};

static int on_merge_head(const git_oid *oid, void *payload)
{
	struct merge_heads *m = payload;

	if (m->n < m->max)
		git_oid_tostr(m->ids[m->n++], 41, oid);
	return 0;
}

int oreg_repo_merge_heads(char (*out)[41], size_t max, struct oreg_repo *r)
{
	struct merge_heads m = { out, 0, max };
	int err = git_repository_mergehead_foreach(r->repo, on_merge_head, &m);

	if (err == GIT_ENOTFOUND)
		return 0;
	if (err < 0)
		return oreg_git_fail(err, "cannot read MERGE_HEAD");
	return (int)m.n;
}

int oreg_snapshot_entry_id(unsigned char id[20], struct oreg_snapshot *s, const char *path)
{
	git_tree_entry *te = NULL;
	int err;

	if (s->kind != OREG_SNAPSHOT_COMMIT)
		return oreg_error(OREG_EINVALID, "not a commit");
	if ((err = git_tree_entry_bypath(&te, s->tree, path)) == GIT_ENOTFOUND)
		return OREG_ENOTFOUND;
	if (err < 0)
		return oreg_git_fail(err, path);
	memcpy(id, git_tree_entry_id(te)->id, 20);
	git_tree_entry_free(te);
	return 0;
}

/* ---- the change from a commit to the index, folder by folder ---- */

struct raw_entry {
	const char *name;
	size_t len;
	int is_tree;
	enum oreg_entry_mode mode;
	unsigned char id[20];
};

struct raw_tree {
	git_odb_object *obj;
	struct raw_entry *items;
	size_t count, alloc;
};

static void raw_tree_free(struct raw_tree *t)
{
	git_odb_object_free(t->obj);
	free(t->items);
	memset(t, 0, sizeof(*t));
}

/* A tree object's entries as git stores them, without libgit2's parsing into objects. */
static int raw_tree_read(struct raw_tree *t, struct oreg_repo *r, const unsigned char id[20])
{
	const unsigned char *p, *end;
	git_oid oid;
	int err;

	memset(t, 0, sizeof(*t));
	git_oid_fromraw(&oid, id);
	if ((err = git_odb_read(&t->obj, r->odb, &oid)) < 0)
		return oreg_git_fail(err, "cannot read a tree");
	if (git_odb_object_type(t->obj) != GIT_OBJECT_TREE)
		return oreg_error(OREG_ERROR, "object %s is not a tree", git_oid_tostr_s(&oid));
	p = git_odb_object_data(t->obj);
	end = p + git_odb_object_size(t->obj);
	while (p < end) {
		const unsigned char *space = memchr(p, ' ', (size_t)(end - p)), *nul;
		struct raw_entry *e;
		unsigned long mode;

		if (!space || !(nul = memchr(space, '\0', (size_t)(end - space))) || end - nul < 21)
			return oreg_error(OREG_ERROR, "tree %s is malformed", git_oid_tostr_s(&oid));
		mode = strtoul((const char *)p, NULL, 8);
		if (oreg_grow((void **)&t->items, &t->alloc, t->count + 1, sizeof(*t->items)) < 0)
			return OREG_ENOMEM;
		e = &t->items[t->count++];
		e->name = (const char *)space + 1;
		e->len = (size_t)(nul - space - 1);
		e->is_tree = mode == 040000;
		e->mode = mode_of((git_filemode_t)mode);
		memcpy(e->id, nul + 1, 20);
		p = nul + 21;
	}
	return 0;
}

struct index_diff {
	struct oreg_snapshot *target;
	struct oreg_repo *repo;
	int (*fn)(const struct oreg_entry *old, const struct oreg_entry *new, void *payload);
	void *payload;
	struct oreg_buf path;
};

/* git's order of names in a folder: a folder's name is compared as if it ended in '/'. */
static int name_cmp(const char *a, size_t alen, int adir, const char *b, size_t blen, int bdir)
{
	size_t n = alen < blen ? alen : blen;
	int c = memcmp(a, b, n);
	unsigned char ca, cb;

	if (c)
		return c;
	ca = alen > n ? (unsigned char)a[n] : adir ? '/' : '\0';
	cb = blen > n ? (unsigned char)b[n] : bdir ? '/' : '\0';
	return ca < cb ? -1 : ca > cb;
}

/* Everything below the base's folder id went away. */
static int report_deleted_tree(struct index_diff *d, const unsigned char id[20])
{
	struct raw_tree t;
	size_t i, len = d->path.len;
	int err;

	if ((err = raw_tree_read(&t, d->repo, id)) < 0) {
		raw_tree_free(&t);
		return err;
	}
	for (i = 0; i < t.count && !err; i++) {
		struct oreg_entry old = { 0 };

		oreg_buf_addch(&d->path, '/');
		oreg_buf_add(&d->path, t.items[i].name, t.items[i].len);
		if ((err = oreg_buf_error(&d->path)) < 0)
			break;
		if (t.items[i].is_tree) {
			err = report_deleted_tree(d, t.items[i].id);
		} else {
			old.path = d->path.ptr;
			old.mode = t.items[i].mode;
			old.has_id = 1;
			memcpy(old.id, t.items[i].id, 20);
			err = d->fn(&old, NULL, d->payload);
		}
		oreg_buf_truncate(&d->path, len);
	}
	raw_tree_free(&t);
	return err;
}

/*
 * The folder d->path: its id in the base (or NULL) against the index's
 * entries [lo, hi) below it.  A folder whose cache-tree id is still valid
 * and equal to the base's is skipped whole: that is what keeps a staged
 * check of one changed contact from reading the other 500,000.
 */
static int diff_folder(struct index_diff *d, const unsigned char *base_id, size_t lo, size_t hi)
{
	const struct oreg_index *ix = &d->target->index;
	const unsigned char *cached = oreg_index_tree(ix, d->path.ptr);
	struct raw_tree t = { 0 };
	size_t i = 0, j = lo, len = d->path.len, plen = len + 1;
	int err = 0;

	if (base_id && cached && !memcmp(cached, base_id, 20))
		return 0;
	if (base_id && (err = raw_tree_read(&t, d->repo, base_id)) < 0)
		goto done;
	while (!err && (i < t.count || j < hi)) {
		const struct oreg_entry *ie = j < hi ? &ix->entries.items[j] : NULL;
		const char *name = ie ? ie->path + plen : NULL, *slash = ie ? strchr(name, '/') : NULL;
		size_t nlen = ie ? (slash ? (size_t)(slash - name) : strlen(name)) : 0, k = j + 1;
		int c;

		if (slash) /* the index's entries below this subfolder */
			while (k < hi && !strncmp(ix->entries.items[k].path, ie->path, plen + nlen + 1))
				k++;
		c = !ie ? -1 : i >= t.count ? 1 :
			name_cmp(t.items[i].name, t.items[i].len, t.items[i].is_tree, name, nlen, slash != NULL);
		oreg_buf_addch(&d->path, '/');
		if (c <= 0)
			oreg_buf_add(&d->path, t.items[i].name, t.items[i].len);
		else
			oreg_buf_add(&d->path, name, nlen);
		if ((err = oreg_buf_error(&d->path)) < 0)
			break;
		if (c < 0) {
			/* in the base only: deleted */
			if (t.items[i].is_tree) {
				err = report_deleted_tree(d, t.items[i].id);
			} else {
				struct oreg_entry old = { .path = d->path.ptr, .mode = t.items[i].mode, .has_id = 1 };

				memcpy(old.id, t.items[i].id, 20);
				err = d->fn(&old, NULL, d->payload);
			}
			i++;
		} else if (c > 0) {
			/* in the index only: added */
			for (; j < k && !err; j++)
				err = d->fn(NULL, &ix->entries.items[j], d->payload);
		} else if (t.items[i].is_tree && slash) {
			err = diff_folder(d, t.items[i].id, j, k);
			i++;
			j = k;
		} else if (!t.items[i].is_tree && !slash) {
			struct oreg_entry old = { .path = d->path.ptr, .mode = t.items[i].mode, .has_id = 1 };

			memcpy(old.id, t.items[i].id, 20);
			if (!ie->has_id || ie->mode != old.mode || memcmp(ie->id, old.id, 20))
				err = d->fn(&old, ie, d->payload);
			i++;
			j = k;
		} else {
			/* a file became a folder or the other way round */
			if (t.items[i].is_tree) {
				err = report_deleted_tree(d, t.items[i].id);
			} else {
				struct oreg_entry old = { .path = d->path.ptr, .mode = t.items[i].mode, .has_id = 1 };

				memcpy(old.id, t.items[i].id, 20);
				err = d->fn(&old, NULL, d->payload);
			}
			for (; j < k && !err; j++)
				err = d->fn(NULL, &ix->entries.items[j], d->payload);
			i++;
		}
		oreg_buf_truncate(&d->path, len);
	}
done:
	raw_tree_free(&t);
	return err;
}

int oreg_snapshot_diff(struct oreg_snapshot *base, struct oreg_snapshot *target, const char *dir,
	int (*fn)(const struct oreg_entry *old, const struct oreg_entry *new, void *payload), void *payload)
{
	struct index_diff d = { .target = target, .repo = target->repo, .fn = fn, .payload = payload };
	git_tree_entry *te = NULL;
	unsigned char base_id[20];
	int have_base = 0, err;
	size_t lo, hi;

	if (!base || base->kind != OREG_SNAPSHOT_COMMIT || target->kind != OREG_SNAPSHOT_INDEX || !target->have_index)
		return 1; /* the caller compares the two listings */
	if ((err = git_tree_entry_bypath(&te, base->tree, dir)) == 0) {
		have_base = git_tree_entry_type(te) == GIT_OBJECT_TREE;
		memcpy(base_id, git_tree_entry_id(te)->id, 20);
		git_tree_entry_free(te);
		if (!have_base)
			return 1;
	} else if (err != GIT_ENOTFOUND) {
		return oreg_git_fail(err, "cannot read the tree");
	}
	oreg_buf_init(&d.path);
	oreg_buf_adds(&d.path, dir);
	oreg_buf_addch(&d.path, '/');
	if ((err = oreg_buf_error(&d.path)) < 0)
		return err;
	index_range(&target->index, d.path.ptr, &lo, &hi);
	oreg_buf_truncate(&d.path, d.path.len - 1);
	err = diff_folder(&d, have_base ? base_id : NULL, lo, hi);
	oreg_buf_release(&d.path);
	return err;
}

int oreg_repo_commit_time(long long *out, struct oreg_repo *r, const char *rev)
{
	git_commit *c = NULL;
	int err;

	if ((err = oreg_git_lookup_commit(&c, r, rev)) < 0)
		return err;
	*out = (long long)git_commit_time(c);
	git_commit_free(c);
	return 0;
}

int oreg_repo_commit(struct oreg_commit *out, struct oreg_repo *r, const char *rev)
{
	git_commit *c = NULL;
	int err;

	memset(out, 0, sizeof(*out));
	if ((err = oreg_git_lookup_commit(&c, r, rev)) < 0)
		return err;
	err = oreg_git_fill_commit(out, c);
	git_commit_free(c);
	return err;
}

/* ---- what a commit deleted from a folder ---- */

/*
 * The last folder trees read, kept for the next step of a walk back along
 * the history: a commit's parent is the next step's commit.
 */
struct folder_cache {
	unsigned char id[20];
	struct raw_tree tree;
	int used;
};

int oreg_repo_folder_deletions(struct oreg_repo *r, const unsigned char *child, const unsigned char parent[20],
	int (*fn)(const char *name, size_t len, enum oreg_entry_mode mode, const unsigned char id[20], void *payload),
	void *payload)
{
	struct folder_cache *cache = r->folder_cache;
	struct raw_tree *trees[2] = { NULL, NULL };
	const unsigned char *ids[2] = { child, parent };
	size_t i, j, k;
	int err = 0;

	if (!cache && !(cache = r->folder_cache = oreg_calloc(2, sizeof(*cache))))
		return OREG_ENOMEM;
	for (k = 0; k < 2; k++) {
		for (i = 0; i < 2 && ids[k]; i++)
			if (cache[i].used && !memcmp(cache[i].id, ids[k], 20))
				trees[k] = &cache[i].tree;
	}
	for (k = 0; k < 2; k++) {
		static struct raw_tree empty;
		struct folder_cache *slot = NULL;

		if (trees[k])
			continue;
		if (!ids[k]) {
			/* the folder is gone from the commit: everything in it was deleted */
			trees[k] = &empty;
			continue;
		}
		/* take the slot the other side does not use */
		for (i = 0; i < 2 && !slot; i++)
			if (&cache[i].tree != trees[1 - k])
				slot = &cache[i];
		if (slot->used)
			raw_tree_free(&slot->tree);
		slot->used = 0;
		if ((err = raw_tree_read(&slot->tree, r, ids[k])) < 0) {
			raw_tree_free(&slot->tree);
			return err;
		}
		memcpy(slot->id, ids[k], 20);
		slot->used = 1;
		trees[k] = &slot->tree;
	}
	/* both are in git's order: whatever the parent has and the commit lacks was deleted */
	for (i = 0, j = 0; j < trees[1]->count && !err; j++) {
		const struct raw_entry *b = &trees[1]->items[j];
		int c = 1;

		while (i < trees[0]->count && (c = name_cmp(trees[0]->items[i].name, trees[0]->items[i].len,
				trees[0]->items[i].is_tree, b->name, b->len, b->is_tree)) < 0)
			i++;
		if (i < trees[0]->count && !c)
			continue;
		if (!b->is_tree)
			err = fn(b->name, b->len, b->mode, b->id, payload);
	}
	return err;
}


static void folder_cache_free(void *p)
{
	struct folder_cache *cache = p;
	size_t i;

	for (i = 0; cache && i < 2; i++)
		if (cache[i].used)
			raw_tree_free(&cache[i].tree);
	free(cache);
}
