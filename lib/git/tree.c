/*
 * tree.c - tree objects as git stores them, read and verified.
 *
 * This is the one reader of tree objects: every path openreg looks up and
 * every folder it lists goes through it.  A tree is parsed straight from
 * the object database, without libgit2's tree objects (a year folder of
 * 50,000 contacts is one 2 MB tree, and libgit2 keeps none that large in
 * its cache), and it is verified as git fsck verifies it before any entry
 * is used: a malformed tree, two entries of one name, entries out of git's
 * order, or a name git would never check out ('.', '..', '.git' in any
 * spelling a file system folds to it) make the repository corrupt.
 * Otherwise a reader could see a different file than git checks out: with
 * two entries of one name, libgit2's lookup finds one and a clone the other.
 */
#include "git.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum oreg_entry_mode oreg_git_mode_type(unsigned long mode)
{
	switch (mode & 0170000) {
	case 0100000:
		return OREG_ENTRY_FILE;
	case 0120000:
		return OREG_ENTRY_SYMLINK;
	case 0160000:
		return OREG_ENTRY_SUBMODULE;
	default:
		return OREG_ENTRY_SPECIAL;
	}
}

enum oreg_entry_mode oreg_git_mode(unsigned long mode)
{
	/* a tree holds only these: any other mode is not one git writes */
	if (mode != 0100644 && mode != 0100755 && mode != 0120000 && mode != 0160000)
		return OREG_ENTRY_SPECIAL;
	return oreg_git_mode_type(mode);
}

int oreg_tree_name_cmp(const char *a, size_t alen, int adir, const char *b, size_t blen, int bdir)
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

/*
 * Code points HFS+ ignores in a name (git's is_hfs_dotgit): zero-width
 * joiners and marks, direction marks, and the byte order mark.  All are
 * three bytes in UTF-8; the length of one at p, or 0.
 */
static size_t hfs_ignorable(const unsigned char *p, const unsigned char *end)
{
	if (end - p < 3)
		return 0;
	if (p[0] == 0xe2 && p[1] == 0x80 && ((p[2] >= 0x8c && p[2] <= 0x8f) || (p[2] >= 0xaa && p[2] <= 0xae)))
		return 3; /* U+200C-U+200F, U+202A-U+202E */
	if (p[0] == 0xe2 && p[1] == 0x81 && p[2] >= 0xaa && p[2] <= 0xaf)
		return 3; /* U+206A-U+206F */
	if (p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		return 3; /* U+FEFF */
	return 0;
}

/* Does the name mean ".git" to HFS+ (case folded, ignorable code points dropped)? */
static int is_hfs_dotgit(const char *name, size_t len)
{
	const unsigned char *p = (const unsigned char *)name, *end = p + len;
	const char *want = ".git";
	size_t skip;

	for (; *want; want++) {
		while ((skip = hfs_ignorable(p, end)))
			p += skip;
		if (p == end || (*p | 0x20) != (*want | 0x20))
			return 0;
		p++;
	}
	while ((skip = hfs_ignorable(p, end)))
		p += skip;
	return p == end;
}

/*
 * Does the name mean ".git" to NTFS (git's is_ntfs_dotgit): ".git" or its
 * short name "git~1", in any case, followed only by dots and spaces, or by
 * ':' (an alternate data stream)?
 */
static int is_ntfs_dotgit(const char *name, size_t len)
{
	size_t i;

	if (len >= 4 && name[0] == '.' && !strncasecmp(name + 1, "git", 3))
		i = 4;
	else if (len >= 5 && !strncasecmp(name, "git~1", 5))
		i = 5;
	else
		return 0;
	for (; i < len; i++) {
		if (name[i] == ':')
			return 1;
		if (name[i] != '.' && name[i] != ' ')
			return 0;
	}
	return 1;
}

/* Why git would refuse the name of a tree entry (and git fsck's name for it), or NULL. */
static const char *bad_name(const char *name, size_t len, const char **check)
{
	*check = NULL;
	if (!len)
		*check = "emptyName";
	else if (memchr(name, '/', len))
		*check = "fullPathname";
	else if (len == 1 && name[0] == '.')
		*check = "hasDot";
	else if (len == 2 && name[0] == '.' && name[1] == '.')
		*check = "hasDotdot";
	else if ((name[0] == '.' || (name[0] | 0x20) == 'g' || (unsigned char)name[0] >= 0x80) &&
		(is_ntfs_dotgit(name, len) || is_hfs_dotgit(name, len)))
		*check = "hasDotgit"; /* only names starting so can mean ".git": most are not looked at */
	return !*check ? NULL : "has an entry git refuses to check out:";
}

int oreg_tree_name_ok(const char *name, size_t len)
{
	const char *check;

	return !bad_name(name, len, &check);
}

/* A name for a message: printable ASCII as it is, every other byte as \xNN. */
static void quote_name(char *out, size_t size, const char *name, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len && n + 5 < size; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c >= 0x20 && c < 0x7f && c != '\\')
			out[n++] = (char)c;
		else
			n += (size_t)snprintf(out + n, size - n, "\\x%02x", c);
	}
	if (i < len && n + 4 < size)
		n += (size_t)snprintf(out + n, size - n, "...");
	out[n] = '\0';
}

/*
 * The failure for a tree that is not as git writes it: what is wrong, the
 * entry's name when there is one (NULL: none) and what follows it.
 */
static int corrupt(const struct oreg_tree *t, const char *where, const char *what, const char *name, size_t len,
	const char *tail, const char *check)
{
	char hex[41], quoted[256], place[300] = "";
	git_oid oid;

	git_oid_fromraw(&oid, t->id);
	git_oid_tostr(hex, sizeof(hex), &oid);
	if (where && *where)
		quote_name(place, sizeof(place) - 3, where, strlen(where));
	quote_name(quoted, sizeof(quoted), name ? name : "", name ? len : 0);
	return oreg_error(OREG_ERROR, "the repository is corrupt: tree %s%s%s%s %s%s%s%s%s (git fsck: %s); no command "
		"reads it: refuse the push, or rewrite the history that holds it", hex, *place ? " (" : "", place,
		*place ? ")" : "", what, name ? " '" : "", quoted, name ? "'" : "", tail, check);
}

/* Is there a file entry called name among items[0, n)?  They are in git's order. */
static int has_file_named(const struct oreg_tree_entry *items, size_t n, const char *name, size_t len)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = oreg_tree_name_cmp(items[mid].name, items[mid].len, items[mid].is_tree, name, len, 0);

		if (!c)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

static int parse(struct oreg_tree *t, const char *where)
{
	const unsigned char *p = git_odb_object_data(t->obj), *end = p + git_odb_object_size(t->obj);

	/* an entry takes at least 24 bytes ("0 a", NUL, the id): room for all at once */
	if (oreg_grow((void **)&t->items, &t->alloc, (size_t)(end - p) / 24 + 1, sizeof(*t->items)) < 0)
		return OREG_ENOMEM;
	while (p < end) {
		const unsigned char *space = memchr(p, ' ', (size_t)(end - p)), *nul, *q;
		struct oreg_tree_entry *e, *prev;
		unsigned long mode = 0;
		const char *why, *check;
		int c;

		if (!space || space == p || space - p > 7 ||
			!(nul = memchr(space, '\0', (size_t)(end - space))) || end - nul < 21)
			return corrupt(t, where, "is malformed", NULL, 0, "", "badTree");
		for (q = p; q < space; q++) {
			if (*q < '0' || *q > '7')
				return corrupt(t, where, "is malformed", NULL, 0, "", "badTree");
			mode = mode << 3 | (unsigned long)(*q - '0');
		}
		if (oreg_grow((void **)&t->items, &t->alloc, t->count + 1, sizeof(*t->items)) < 0)
			return OREG_ENOMEM;
		e = &t->items[t->count];
		e->name = (const char *)space + 1;
		e->len = (size_t)(nul - space - 1);
		e->is_tree = (mode & 0170000) == 040000;
		e->mode = e->is_tree ? OREG_ENTRY_FOLDER : oreg_git_mode(mode);
		e->git_mode = mode;
		memcpy(e->id, nul + 1, 20);
		p = nul + 21;
		if ((why = bad_name(e->name, e->len, &check)))
			return corrupt(t, where, why, e->name, e->len, "", check);
		prev = t->count ? e - 1 : NULL;
		t->count++;
		if (!prev)
			continue;
		c = oreg_tree_name_cmp(prev->name, prev->len, prev->is_tree, e->name, e->len, e->is_tree);
		if (!c || (e->is_tree && has_file_named(t->items, t->count - 1, e->name, e->len)))
			return corrupt(t, where, "has two entries named", e->name, e->len,
				": git checks out one, a reader may see the other", "duplicateEntries");
		if (c > 0)
			return corrupt(t, where, "has its entries out of git's order at", e->name, e->len,
				", so a lookup may miss one", "treeNotSorted");
	}
	return 0;
}

int oreg_tree_read(struct oreg_tree *t, struct oreg_repo *r, const unsigned char id[20])
{
	return oreg_tree_read_at(t, r, id, NULL);
}

int oreg_tree_read_at(struct oreg_tree *t, struct oreg_repo *r, const unsigned char id[20], const char *where)
{
	git_oid oid;
	int err;

	memset(t, 0, sizeof(*t));
	memcpy(t->id, id, 20);
	git_oid_fromraw(&oid, id);
	/* every level adds at least 2 bytes of path: this bounds the depth of every walk, and its stack */
	if (where && strlen(where) > OREG_TREE_PATH_MAX)
		return oreg_error(OREG_ELIMIT, "the repository is corrupt: tree %s lies below a path of over %d bytes "
			"(%.40s...), deeper than a register's folders go; no command reads it", git_oid_tostr_s(&oid),
			OREG_TREE_PATH_MAX, where);
	if ((err = git_odb_read(&t->obj, r->odb, &oid)) < 0) {
		err = oreg_git_fail(err, "cannot read a tree");
		oreg_tree_release(t);
		return err == OREG_ENOTFOUND ? oreg_error(OREG_ERROR, "the repository is corrupt: tree %s is missing",
			git_oid_tostr_s(&oid)) : err;
	}
	if (git_odb_object_type(t->obj) != GIT_OBJECT_TREE)
		err = oreg_error(OREG_ERROR, "the repository is corrupt: object %s is not a tree", git_oid_tostr_s(&oid));
	else
		err = parse(t, where);
	if (err < 0)
		oreg_tree_release(t);
	return err;
}

void oreg_tree_release(struct oreg_tree *t)
{
	if (!t)
		return;
	git_odb_object_free(t->obj);
	free(t->items);
	memset(t, 0, sizeof(*t));
}

/* The entry called name, looked up as a file (is_tree 0) or as a folder. */
static const struct oreg_tree_entry *find_as(const struct oreg_tree *t, const char *name, size_t len, int is_tree)
{
	size_t lo = 0, hi = t->count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct oreg_tree_entry *e = &t->items[mid];
		int c = oreg_tree_name_cmp(e->name, e->len, e->is_tree, name, len, is_tree);

		if (!c)
			return e->is_tree == is_tree ? e : NULL;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct oreg_tree_entry *oreg_tree_find(const struct oreg_tree *t, const char *name, size_t len)
{
	/* verified: in git's order, and no name twice */
	const struct oreg_tree_entry *e = find_as(t, name, len, 0);

	return e ? e : find_as(t, name, len, 1);
}

/* ---- the last trees read ---- */

static size_t cache_cap(const struct oreg_tree_cache *c)
{
	return !c->cap ? OREG_TREE_CACHE : c->cap > OREG_TREE_CACHE_MAX ? OREG_TREE_CACHE_MAX : c->cap;
}

/* The slot holding id, or -1; with none, *victim is the least recently used unpinned one (or -1). */
static long cache_find(struct oreg_tree_cache *c, const unsigned char id[20], long *victim)
{
	size_t i, cap = cache_cap(c);

	*victim = -1;
	for (i = 0; i < cap; i++) {
		if (c->used[i] && !memcmp(c->trees[i].id, id, 20))
			return (long)i;
		if (!c->pins[i] && (*victim < 0 || c->used[i] < c->used[*victim]))
			*victim = (long)i;
	}
	return -1;
}

int oreg_tree_cache_get(const struct oreg_tree **out, struct oreg_tree_cache *c, struct oreg_repo *r,
	const unsigned char id[20], const char *where)
{
	long slot, victim;
	int err;

	*out = NULL;
	if ((slot = cache_find(c, id, &victim)) < 0) {
		if (victim < 0)
			return oreg_error(OREG_ERROR, "every tree in the cache is in use"); /* pins are the listing's only */
		slot = victim;
		oreg_tree_release(&c->trees[slot]);
		c->used[slot] = 0;
		if ((err = oreg_tree_read_at(&c->trees[slot], r, id, where)) < 0)
			return err;
	}
	c->used[slot] = ++c->clock;
	*out = &c->trees[slot];
	return 0;
}

int oreg_tree_cache_pin(const struct oreg_tree **out, struct oreg_tree_cache *c, pthread_mutex_t *lock,
	struct oreg_repo *r, const unsigned char id[20], const char *where)
{
	struct oreg_tree t, *own;
	long slot, victim;
	int err;

	*out = NULL;
	pthread_mutex_lock(lock);
	if ((slot = cache_find(c, id, &victim)) >= 0) {
		c->pins[slot]++;
		c->used[slot] = ++c->clock;
		*out = &c->trees[slot];
	}
	pthread_mutex_unlock(lock);
	if (*out)
		return 0;
	/* read without the lock: other threads' lookups go on meanwhile */
	if ((err = oreg_tree_read_at(&t, r, id, where)) < 0)
		return err;
	pthread_mutex_lock(lock);
	if ((slot = cache_find(c, id, &victim)) >= 0) {
		/* another thread read it too */
		oreg_tree_release(&t);
	} else if ((slot = victim) >= 0) {
		oreg_tree_release(&c->trees[slot]);
		c->trees[slot] = t;
	}
	if (slot >= 0) {
		c->pins[slot]++;
		c->used[slot] = ++c->clock;
		*out = &c->trees[slot];
	}
	pthread_mutex_unlock(lock);
	if (*out)
		return 0;
	/* every slot is pinned: the caller's own copy, freed by unpin */
	if (!(own = oreg_calloc(1, sizeof(*own)))) {
		oreg_tree_release(&t);
		return OREG_ENOMEM;
	}
	*own = t;
	*out = own;
	return 0;
}

void oreg_tree_cache_unpin(struct oreg_tree_cache *c, pthread_mutex_t *lock, const struct oreg_tree *t)
{
	if (!t)
		return;
	if ((uintptr_t)t < (uintptr_t)c->trees || (uintptr_t)t >= (uintptr_t)(c->trees + OREG_TREE_CACHE_MAX)) {
		oreg_tree_release((struct oreg_tree *)t);
		free((struct oreg_tree *)t);
		return;
	}
	pthread_mutex_lock(lock);
	c->pins[t - c->trees]--;
	pthread_mutex_unlock(lock);
}

void oreg_tree_cache_release(struct oreg_tree_cache *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < OREG_TREE_CACHE_MAX; i++)
		oreg_tree_release(&c->trees[i]);
	memset(c, 0, sizeof(*c));
}

int oreg_tree_lookup(struct oreg_tree_entry *out, struct oreg_tree_cache *c, struct oreg_repo *r,
	const unsigned char root[20], const char *path)
{
	const char *p = path;
	unsigned char id[20];
	char where[1024];
	int is_tree = 1, err;

	memcpy(id, root, 20);
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		const struct oreg_tree_entry *e;
		const struct oreg_tree *t;

		if (!is_tree || !len)
			return OREG_ENOTFOUND;
		/* the folder's path, for a message */
		snprintf(where, sizeof(where), "%.*s", p > path ? (int)(p - path - 1) : 0, path);
		if ((err = oreg_tree_cache_get(&t, c, r, id, where)) < 0)
			return err;
		if (!(e = oreg_tree_find(t, p, len)))
			return OREG_ENOTFOUND;
		if (!slash) {
			*out = *e;
			out->name = NULL;
			return 0;
		}
		memcpy(id, e->id, 20);
		is_tree = e->is_tree;
		p = slash + 1;
	}
}

/* ---- what a commit deleted from a folder ---- */

int oreg_repo_folder_deletions(struct oreg_repo *r, const unsigned char *child, const unsigned char parent[20],
	int (*fn)(const char *name, size_t len, enum oreg_entry_mode mode, const unsigned char id[20], void *payload),
	void *payload)
{
	static const struct oreg_tree empty;
	const struct oreg_tree *now = &empty, *before;
	size_t i, j;
	int err = 0;

	if (!r->tree_cache && !(r->tree_cache = oreg_calloc(1, sizeof(*r->tree_cache))))
		return OREG_ENOMEM;
	/* the cache keeps the tree got first while the second is read */
	if (child && (err = oreg_tree_cache_get(&now, r->tree_cache, r, child, NULL)) < 0)
		return err;
	if ((err = oreg_tree_cache_get(&before, r->tree_cache, r, parent, NULL)) < 0)
		return err;
	/* both are in git's order: whatever the parent has and the commit lacks was deleted */
	for (i = 0, j = 0; j < before->count && !err; j++) {
		const struct oreg_tree_entry *b = &before->items[j];
		int c = 1;

		while (i < now->count && (c = oreg_tree_name_cmp(now->items[i].name, now->items[i].len,
				now->items[i].is_tree, b->name, b->len, b->is_tree)) < 0)
			i++;
		if (i < now->count && !c)
			continue;
		if (!b->is_tree)
			err = fn(b->name, b->len, b->mode, b->id, payload);
	}
	return err;
}
