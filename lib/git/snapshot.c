/*
 * snapshot.c - snapshots, listed and read, and the change from a commit to
 * the index.
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
	unsigned char root[20];         /* the commit's tree */
	pthread_mutex_t lock;           /* over trees: path lookups may come from every core */
	struct oreg_tree_cache *trees;  /* the folders the last lookups read, made on the first */
	struct oreg_index index; /* the index read directly, when have_index */
	/* the folders found by path (oreg_snapshot_find): each walked down to once */
	struct found_folder {
		char *path;
		unsigned char id[20];
		int there;
	} folders[32];
	size_t nfolders;
	int have_index;
	char name[41];
};

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
	size_t lo = oreg_entries_lower_bound(&ix->entries, prefix), hi, plen = strlen(prefix);

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
	pthread_mutex_init(&s->lock, NULL);
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
		if ((err = read_index_directly(s)) <= 0) /* 1: what libgit2 must read */
			break;
		if ((err = repo_index(&index, r)) < 0)
			break;
		if ((err = git_index_read(index, 0)) < 0)
			err = oreg_git_fail(err, "cannot read the index");
		break;
	case OREG_SNAPSHOT_COMMIT:
		if ((err = oreg_git_lookup_commit(&s->commit, r, rev)) < 0)
			break;
		memcpy(s->root, git_commit_tree_id(s->commit)->id, 20);
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
	for (size_t i = 0; i < s->nfolders; i++)
		free(s->folders[i].path);
	oreg_tree_cache_release(s->trees);
	free(s->trees);
	pthread_mutex_destroy(&s->lock);
	git_commit_free(s->commit);
	free(s);
}

const char *oreg_snapshot_name(const struct oreg_snapshot *s)
{
	return s->name;
}

/*
 * The entry at path in a commit (oreg_tree_lookup), through the
 * snapshot's folders read so far: lookups may come from every core.
 */
static int lookup(struct oreg_tree_entry *out, struct oreg_snapshot *s, const char *path)
{
	int err = 0;

	pthread_mutex_lock(&s->lock);
	if (!s->trees && !(s->trees = oreg_calloc(1, sizeof(*s->trees))))
		err = OREG_ENOMEM;
	if (!err)
		err = oreg_tree_lookup(out, s->trees, s->repo, s->root, path);
	pthread_mutex_unlock(&s->lock);
	return err;
}

/* Every entry below the folder id, path its path with a '/' at the end. */
static int list_folder(struct oreg_entries *out, struct oreg_repo *r, const unsigned char id[20], struct oreg_buf *path)
{
	const struct oreg_tree *t;
	size_t i, len = path->len;
	int err;

	/* most folders are the same from one commit to the next: kept parsed, read once */
	path->ptr[len - 1] = '\0'; /* the folder's path, for a message */
	err = oreg_tree_cache_pin(&t, r->listed, &r->listed_lock, r, id, path->ptr);
	path->ptr[len - 1] = '/';
	if (err < 0)
		return err;
	for (i = 0; i < t->count && !err; i++) {
		const struct oreg_tree_entry *te = &t->items[i];
		struct oreg_entry *e;

		oreg_buf_truncate(path, len);
		oreg_buf_add(path, te->name, te->len);
		if ((err = oreg_buf_error(path)) < 0)
			break;
		if (te->is_tree) {
			/* a folder named like a record is listed, to be refused, and its content too */
			if (te->len >= 5 && !memcmp(te->name + te->len - 5, ".yaml", 5) &&
				!oreg_entries_add(out, path->ptr, path->len, OREG_ENTRY_FOLDER)) {
				err = OREG_ENOMEM;
				break;
			}
			oreg_buf_addch(path, '/');
			err = list_folder(out, r, te->id, path);
			continue;
		}
		if (!(e = oreg_entries_add(out, path->ptr, path->len, te->mode))) {
			err = OREG_ENOMEM;
			break;
		}
		e->has_id = 1;
		memcpy(e->id, te->id, 20);
	}
	oreg_buf_truncate(path, len);
	oreg_tree_cache_unpin(r->listed, &r->listed_lock, t);
	return err;
}

static int list_tree(struct oreg_entries *out, struct oreg_snapshot *s, const char *dir)
{
	struct oreg_tree_entry te;
	struct oreg_buf path = OREG_BUF_INIT;
	int err;

	if ((err = lookup(&te, s, dir)) == OREG_ENOTFOUND)
		return 0;
	if (err < 0)
		return err;
	if (!te.is_tree) {
		struct oreg_entry *e = oreg_entries_add(out, dir, strlen(dir), te.mode);

		if (e) {
			e->has_id = 1;
			memcpy(e->id, te.id, 20);
		}
		return e ? 0 : OREG_ENOMEM;
	}
	oreg_buf_adds(&path, dir);
	oreg_buf_addch(&path, '/');
	if ((err = oreg_buf_error(&path)) == 0)
		err = list_folder(out, s->repo, te.id, &path);
	oreg_buf_release(&path);
	if (err < 0)
		return err;
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
		mode = GIT_INDEX_ENTRY_STAGE(ie) ? OREG_ENTRY_CONFLICT : oreg_git_mode(ie->mode);
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
	git_odb *odb = oreg_repo_odb_take(r);
	git_odb_object *obj = NULL;
	git_oid oid;
	int err;

	memcpy(oid.id, id, 20);
	err = git_odb_read(&obj, odb, &oid);
	oreg_repo_odb_give(r, odb);
	if (err < 0) {
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
		struct oreg_tree_entry te;

		if ((err = lookup(&te, s, path)) == OREG_ENOTFOUND)
			return oreg_error(OREG_ENOTFOUND, "'%s' does not exist in %s", path, s->name);
		if (err < 0)
			return err;
		if (te.is_tree || te.mode == OREG_ENTRY_SUBMODULE)
			return oreg_error(OREG_ENOTFOUND, "'%s' is not a file in %s", path, s->name);
		return read_blob(data, len, s->repo, te.id, path);
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

int oreg_snapshot_entry_id(unsigned char id[20], struct oreg_snapshot *s, const char *path)
{
	struct oreg_tree_entry te;
	int err;

	if (s->kind != OREG_SNAPSHOT_COMMIT)
		return oreg_error(OREG_EINVALID, "not a commit");
	if ((err = lookup(&te, s, path)) < 0)
		return err;
	memcpy(id, te.id, 20);
	return 0;
}

/* ---- one entry, or the folders of one folder, without a listing ---- */

/*
 * The tree at path (a folder) in a commit, pinned in the repository's
 * cache of listed folders, which consecutive commits share: NULL with 0
 * when there is no such folder.  Unpin it with oreg_tree_cache_unpin.
 */
static int walk_to_folder(const struct oreg_tree **out, struct oreg_snapshot *s, const char *path, size_t plen)
{
	struct oreg_repo *r = s->repo;
	const struct oreg_tree *t = NULL;
	unsigned char id[20];
	char where[OREG_TREE_PATH_MAX + 1];
	size_t at = 0;
	int err;

	*out = NULL;
	if (plen > OREG_TREE_PATH_MAX)
		return OREG_ENOTFOUND;
	memcpy(id, s->root, 20);
	for (;;) {
		const struct oreg_tree_entry *e;
		const char *slash;
		size_t len;

		memcpy(where, path, at ? at - 1 : 0);
		where[at ? at - 1 : 0] = '\0';
		if ((err = oreg_tree_cache_pin(&t, r->listed, &r->listed_lock, r, id, where)) < 0)
			return err;
		if (at >= plen) {
			*out = t;
			return 0;
		}
		slash = memchr(path + at, '/', plen - at);
		len = slash ? (size_t)(slash - path - at) : plen - at;
		e = len ? oreg_tree_find(t, path + at, len) : NULL;
		if (!e || !e->is_tree) {
			oreg_tree_cache_unpin(r->listed, &r->listed_lock, t);
			return OREG_ENOTFOUND;
		}
		memcpy(id, e->id, 20);
		oreg_tree_cache_unpin(r->listed, &r->listed_lock, t);
		at += len + 1;
	}
}

/*
 * pin_folder through the folders this snapshot found before: a contact's
 * year folder is walked down to once, however many records are looked up
 * in it.
 */
static int pin_folder(const struct oreg_tree **out, struct oreg_snapshot *s, const char *path, size_t plen)
{
	struct oreg_repo *r = s->repo;
	struct found_folder *f = NULL;
	size_t i;
	int err;

	*out = NULL;
	pthread_mutex_lock(&s->lock);
	for (i = 0; i < s->nfolders && !f; i++)
		if (!strncmp(s->folders[i].path, path, plen) && !s->folders[i].path[plen])
			f = &s->folders[i];
	if (f && !f->there) {
		pthread_mutex_unlock(&s->lock);
		return OREG_ENOTFOUND;
	}
	if (f) {
		unsigned char id[20];

		memcpy(id, f->id, 20);
		pthread_mutex_unlock(&s->lock);
		return oreg_tree_cache_pin(out, r->listed, &r->listed_lock, r, id, f->path);
	}
	pthread_mutex_unlock(&s->lock);
	if ((err = walk_to_folder(out, s, path, plen)) < 0 && err != OREG_ENOTFOUND)
		return err;
	pthread_mutex_lock(&s->lock);
	if (s->nfolders < sizeof(s->folders) / sizeof(s->folders[0]) &&
		(s->folders[s->nfolders].path = oreg_strndup(path, plen))) {
		s->folders[s->nfolders].there = err == 0;
		if (!err)
			memcpy(s->folders[s->nfolders].id, (*out)->id, 20);
		s->nfolders++;
	}
	pthread_mutex_unlock(&s->lock);
	return err;
}

int oreg_snapshot_find(struct oreg_entry *out, struct oreg_snapshot *s, const char *path)
{
	const char *slash = strrchr(path, '/'), *name = slash ? slash + 1 : path;
	size_t nlen = strlen(name);

	memset(out, 0, sizeof(*out));
	out->path = path;
	if (s->kind == OREG_SNAPSHOT_COMMIT) {
		const struct oreg_tree_entry *e;
		const struct oreg_tree *t;
		int err;

		if (!slash || (err = pin_folder(&t, s, path, (size_t)(slash - path))) == OREG_ENOTFOUND)
			return OREG_ENOTFOUND;
		if (err < 0)
			return err;
		e = nlen ? oreg_tree_find(t, name, nlen) : NULL;
		err = OREG_ENOTFOUND;
		/* a folder is listed as an entry only when named like a record file */
		if (e && (!e->is_tree || (nlen >= 5 && !memcmp(name + nlen - 5, ".yaml", 5)))) {
			out->mode = e->mode;
			out->has_id = !e->is_tree;
			if (!e->is_tree)
				memcpy(out->id, e->id, 20);
			err = 0;
		}
		oreg_tree_cache_unpin(s->repo->listed, &s->repo->listed_lock, t);
		return err;
	}
	if (s->kind == OREG_SNAPSHOT_INDEX && s->have_index) {
		const struct oreg_entries *ix = &s->index.entries;
		size_t lo = 0, hi = ix->count;

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			int c = strcmp(ix->items[mid].path, path);

			if (!c) {
				*out = ix->items[mid];
				return 0;
			}
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		return OREG_ENOTFOUND;
	}
	return 1;
}

struct oreg_folder {
	struct oreg_repo *repo;
	const struct oreg_tree *tree; /* pinned in the repository's cache of listed folders */
};

int oreg_snapshot_folder(struct oreg_folder **out, struct oreg_snapshot *s, const char *dir)
{
	const struct oreg_tree *t;
	int err;

	*out = NULL;
	if (s->kind != OREG_SNAPSHOT_COMMIT)
		return 1;
	if ((err = pin_folder(&t, s, dir, strlen(dir))) == OREG_ENOTFOUND)
		return 0;
	if (err < 0)
		return err;
	if (!(*out = oreg_calloc(1, sizeof(**out)))) {
		oreg_tree_cache_unpin(s->repo->listed, &s->repo->listed_lock, t);
		return OREG_ENOMEM;
	}
	(*out)->repo = s->repo;
	(*out)->tree = t;
	return 0;
}

int oreg_folder_has(const struct oreg_folder *f, const char *name, size_t len)
{
	const struct oreg_tree_entry *e = f && len ? oreg_tree_find(f->tree, name, len) : NULL;

	/* as oreg_snapshot_find: a folder is an entry only when named like a record file */
	return e && (!e->is_tree || (len >= 5 && !memcmp(name + len - 5, ".yaml", 5)));
}

void oreg_folder_free(struct oreg_folder *f)
{
	if (!f)
		return;
	oreg_tree_cache_unpin(f->repo->listed, &f->repo->listed_lock, f->tree);
	free(f);
}

int oreg_snapshot_subfolders(struct oreg_entries *out, struct oreg_snapshot *s, const char *dir)
{
	struct oreg_buf path = OREG_BUF_INIT;
	size_t i, len;
	int err = 0;

	oreg_buf_adds(&path, dir);
	oreg_buf_addch(&path, '/');
	if ((err = oreg_buf_error(&path)) < 0)
		return err;
	len = path.len;
	if (s->kind == OREG_SNAPSHOT_COMMIT) {
		const struct oreg_tree *t;

		if ((err = pin_folder(&t, s, dir, strlen(dir))) == OREG_ENOTFOUND)
			err = 0;
		for (i = 0; t && !err && i < t->count; i++) {
			if (!t->items[i].is_tree)
				continue;
			oreg_buf_truncate(&path, len);
			oreg_buf_add(&path, t->items[i].name, t->items[i].len);
			oreg_buf_addch(&path, '/');
			if ((err = oreg_buf_error(&path)) == 0 && !oreg_entries_add(out, path.ptr, path.len, OREG_ENTRY_FOLDER))
				err = OREG_ENOMEM;
		}
		oreg_tree_cache_unpin(s->repo->listed, &s->repo->listed_lock, t);
		if (!err)
			oreg_entries_sort(out);
	} else if (s->kind == OREG_SNAPSHOT_INDEX && s->have_index) {
		const struct oreg_entries *ix = &s->index.entries;
		size_t lo, hi;

		/* one binary search a folder: the entries below each are one run */
		index_range(&s->index, path.ptr, &lo, &hi);
		while (!err && lo < hi) {
			const char *p = ix->items[lo].path, *slash = strchr(p + len, '/');
			size_t end = hi;

			if (!slash) {
				lo++;
				continue;
			}
			oreg_buf_truncate(&path, len);
			oreg_buf_add(&path, p + len, (size_t)(slash - p - len) + 1);
			if ((err = oreg_buf_error(&path)) < 0 || !oreg_entries_add(out, path.ptr, path.len, OREG_ENTRY_FOLDER)) {
				err = err < 0 ? err : OREG_ENOMEM;
				break;
			}
			path.ptr[path.len - 1] = '0'; /* '/' + 1: past every path below the folder */
			{
				size_t a = lo, b = hi;

				while (a < b) {
					size_t mid = a + (b - a) / 2;

					if (strcmp(ix->items[mid].path, path.ptr) < 0)
						a = mid + 1;
					else
						b = mid;
				}
				end = a;
			}
			lo = end;
		}
	} else {
		err = 1;
	}
	oreg_buf_release(&path);
	return err;
}

/* ---- the change from a commit to the index, folder by folder ---- */

static int compare_commits(struct oreg_snapshot *a, struct oreg_snapshot *b, const char *dir,
	int (*fn)(const struct oreg_entry *old, const struct oreg_entry *new, void *payload), void *payload,
	int folders);

struct index_diff {
	struct oreg_snapshot *target;
	struct oreg_repo *repo;
	int (*fn)(const struct oreg_entry *old, const struct oreg_entry *new, void *payload);
	void *payload;
	struct oreg_buf path;
};

static int report_deleted(struct index_diff *d, const struct oreg_tree_entry *te);

/* Everything below the base's folder id went away. */
static int report_deleted_tree(struct index_diff *d, const unsigned char id[20])
{
	struct oreg_tree t;
	size_t i, len = d->path.len;
	int err;

	if ((err = oreg_tree_read_at(&t, d->repo, id, d->path.ptr)) < 0) {
		oreg_tree_release(&t);
		return err;
	}
	for (i = 0; i < t.count && !err; i++) {
		oreg_buf_addch(&d->path, '/');
		oreg_buf_add(&d->path, t.items[i].name, t.items[i].len);
		if ((err = oreg_buf_error(&d->path)) < 0)
			break;
		err = report_deleted(d, &t.items[i]);
		oreg_buf_truncate(&d->path, len);
	}
	oreg_tree_release(&t);
	return err;
}

/* The base's entry te, at d->path, went away: a file, or a folder and all below it. */
static int report_deleted(struct index_diff *d, const struct oreg_tree_entry *te)
{
	struct oreg_entry old = { .path = d->path.ptr, .mode = te->mode, .has_id = 1 };

	if (te->is_tree)
		return report_deleted_tree(d, te->id);
	memcpy(old.id, te->id, 20);
	return d->fn(&old, NULL, d->payload);
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
	struct oreg_tree t = { 0 };
	size_t i = 0, j = lo, len = d->path.len, plen = len + 1;
	int err = 0;

	if (base_id && cached && !memcmp(cached, base_id, 20))
		return 0;
	if (base_id && (err = oreg_tree_read_at(&t, d->repo, base_id, d->path.ptr)) < 0)
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
			oreg_tree_name_cmp(t.items[i].name, t.items[i].len, t.items[i].is_tree, name, nlen, slash != NULL);
		oreg_buf_addch(&d->path, '/');
		if (c <= 0)
			oreg_buf_add(&d->path, t.items[i].name, t.items[i].len);
		else
			oreg_buf_add(&d->path, name, nlen);
		if ((err = oreg_buf_error(&d->path)) < 0)
			break;
		if (c < 0) {
			/* in the base only: deleted */
			err = report_deleted(d, &t.items[i]);
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
			err = report_deleted(d, &t.items[i]);
			for (; j < k && !err; j++)
				err = d->fn(NULL, &ix->entries.items[j], d->payload);
			i++;
		}
		oreg_buf_truncate(&d->path, len);
	}
done:
	oreg_tree_release(&t);
	return err;
}

int oreg_snapshot_diff(struct oreg_snapshot *base, struct oreg_snapshot *target, const char *dir,
	int (*fn)(const struct oreg_entry *old, const struct oreg_entry *new, void *payload), void *payload)
{
	struct index_diff d = { .target = target, .repo = target->repo, .fn = fn, .payload = payload };
	struct oreg_tree_entry te;
	int have_base = 0, err;
	size_t lo, hi;

	if (base && base->kind == OREG_SNAPSHOT_COMMIT && target->kind == OREG_SNAPSHOT_COMMIT)
		return compare_commits(base, target, dir, fn, payload, 1);
	if (!base || base->kind != OREG_SNAPSHOT_COMMIT || target->kind != OREG_SNAPSHOT_INDEX || !target->have_index)
		return 1; /* the caller compares the two listings */
	if ((err = lookup(&te, base, dir)) == 0) {
		if (!te.is_tree)
			return 1;
		have_base = 1;
	} else if (err != OREG_ENOTFOUND) {
		return err;
	}
	oreg_buf_init(&d.path);
	oreg_buf_adds(&d.path, dir);
	oreg_buf_addch(&d.path, '/');
	if ((err = oreg_buf_error(&d.path)) < 0)
		return err;
	index_range(&target->index, d.path.ptr, &lo, &hi);
	oreg_buf_truncate(&d.path, d.path.len - 1);
	err = diff_folder(&d, have_base ? te.id : NULL, lo, hi);
	oreg_buf_release(&d.path);
	return err;
}

/* ---- the change from one commit to another, folder by folder ---- */

struct commit_diff {
	struct oreg_repo *repo;
	int (*fn)(const struct oreg_entry *old, const struct oreg_entry *new, void *payload);
	void *payload;
	struct oreg_buf path;
	int folders; /* report a folder named like a record file, as a listing holds it */
	const char *skip; /* a folder not to walk into, or NULL */
};

static void entry_of(struct oreg_entry *out, const struct oreg_tree_entry *te, const char *path)
{
	memset(out, 0, sizeof(*out));
	out->path = path;
	out->mode = te->mode;
	out->has_id = 1;
	memcpy(out->id, te->id, 20);
}

/*
 * The folder d->path: its id in a and in b (NULL where it is not there).
 * Equal ids are skipped unread; otherwise both trees are read once and
 * their entries, in git's order, walked side by side.
 */
static int compare_folders(struct commit_diff *d, const unsigned char *a_id, const unsigned char *b_id)
{
	static const struct oreg_tree none;
	const struct oreg_tree *pa = NULL, *pb = NULL, *ta, *tb;
	struct oreg_repo *r = d->repo;
	size_t i = 0, j = 0, len = d->path.len;
	int err = 0;

	if (a_id && b_id && !memcmp(a_id, b_id, 20))
		return 0;
	/* through the folders the listings and lookups share: a range reads each version of a folder once */
	if ((a_id && (err = oreg_tree_cache_pin(&pa, r->listed, &r->listed_lock, r, a_id, d->path.ptr)) < 0) ||
		(b_id && (err = oreg_tree_cache_pin(&pb, r->listed, &r->listed_lock, r, b_id, d->path.ptr)) < 0))
		goto done;
	ta = pa ? pa : &none;
	tb = pb ? pb : &none;
	while (!err && (i < ta->count || j < tb->count)) {
		const struct oreg_tree_entry *ea = i < ta->count ? &ta->items[i] : NULL, *eb = j < tb->count ? &tb->items[j] : NULL;
		int c = !ea ? 1 : !eb ? -1 : oreg_tree_name_cmp(ea->name, ea->len, ea->is_tree, eb->name, eb->len, eb->is_tree);
		const struct oreg_tree_entry *e = c <= 0 ? ea : eb;
		struct oreg_entry old, new;

		if (len)
			oreg_buf_addch(&d->path, '/');
		oreg_buf_add(&d->path, e->name, e->len);
		if ((err = oreg_buf_error(&d->path)) < 0)
			break;
		if (e->is_tree && d->skip && !strcmp(d->path.ptr, d->skip)) {
			/* the caller's folder: what is in it is not asked for */
		} else if (e->is_tree) {
			/* c == 0: the same folder in both; else in one of them only */
			if (d->folders && e->len >= 5 && !memcmp(e->name + e->len - 5, ".yaml", 5) &&
				(c || memcmp(ea->id, eb->id, 20))) {
				struct oreg_entry folder = { .path = d->path.ptr, .mode = OREG_ENTRY_FOLDER };

				err = d->fn(c <= 0 ? &folder : NULL, c >= 0 ? &folder : NULL, d->payload);
			}
			if (!err)
				err = compare_folders(d, c <= 0 ? ea->id : NULL, c >= 0 ? eb->id : NULL);
		} else if (c < 0) {
			entry_of(&old, ea, d->path.ptr);
			err = d->fn(&old, NULL, d->payload);
		} else if (c > 0) {
			entry_of(&new, eb, d->path.ptr);
			err = d->fn(NULL, &new, d->payload);
		} else if (ea->mode != eb->mode || memcmp(ea->id, eb->id, 20)) {
			entry_of(&old, ea, d->path.ptr);
			entry_of(&new, eb, d->path.ptr);
			err = d->fn(&old, &new, d->payload);
		}
		i += c <= 0;
		j += c >= 0;
		oreg_buf_truncate(&d->path, len);
	}
done:
	oreg_tree_cache_unpin(r->listed, &r->listed_lock, pa);
	oreg_tree_cache_unpin(r->listed, &r->listed_lock, pb);
	return err;
}

/* Compare two commits' whole trees; a is NULL for a commit without a parent. */
static int compare_roots(struct commit_diff *d, const struct oreg_snapshot *a, const struct oreg_snapshot *b)
{
	int err;

	oreg_buf_init(&d->path);
	oreg_buf_adds(&d->path, "");
	if ((err = oreg_buf_error(&d->path)) == 0)
		err = compare_folders(d, a ? a->root : NULL, b->root);
	oreg_buf_release(&d->path);
	return err;
}

static int compare_commits(struct oreg_snapshot *a, struct oreg_snapshot *b, const char *dir,
	int (*fn)(const struct oreg_entry *old, const struct oreg_entry *new, void *payload), void *payload,
	int folders)
{
	struct commit_diff d = { .repo = b->repo, .fn = fn, .payload = payload, .folders = folders };
	struct oreg_tree_entry ea, eb;
	int err, have_a, have_b;

	if (!*dir) /* the whole tree; a's absent for a commit without a parent */
		return compare_roots(&d, a, b);
	if ((have_a = lookup(&ea, a, dir)) < 0 && have_a != OREG_ENOTFOUND)
		return have_a;
	if ((have_b = lookup(&eb, b, dir)) < 0 && have_b != OREG_ENOTFOUND)
		return have_b;
	oreg_buf_init(&d.path);
	oreg_buf_adds(&d.path, dir);
	if ((err = oreg_buf_error(&d.path)) == 0)
		err = compare_folders(&d, have_a == 0 && ea.is_tree ? ea.id : NULL, have_b == 0 && eb.is_tree ? eb.id : NULL);
	oreg_buf_release(&d.path);
	return err;
}

int oreg_snapshot_changes_except(struct oreg_snapshot *a, struct oreg_snapshot *b, const char *skip,
	int (*fn)(const struct oreg_entry *old, const struct oreg_entry *new, void *payload), void *payload)
{
	struct commit_diff d = { .repo = b->repo, .fn = fn, .payload = payload, .skip = skip };

	if ((a && a->kind != OREG_SNAPSHOT_COMMIT) || b->kind != OREG_SNAPSHOT_COMMIT)
		return oreg_error(OREG_EINVALID, "only two commits are compared folder by folder");
	return compare_roots(&d, a, b);
}

int oreg_snapshot_changes(struct oreg_snapshot *a, struct oreg_snapshot *b, const char *dir,
	int (*fn)(const struct oreg_entry *old, const struct oreg_entry *new, void *payload), void *payload)
{
	if ((a ? a->kind != OREG_SNAPSHOT_COMMIT : *dir != '\0') || b->kind != OREG_SNAPSHOT_COMMIT)
		return oreg_error(OREG_EINVALID, "only two commits are compared folder by folder");
	return compare_commits(a, b, dir, fn, payload, 0);
}
