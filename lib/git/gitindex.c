/*
 * gitindex.c - git's index file, read directly.  libgit2 takes half a
 * second to load the index of a register of 500,000 records; the
 * pre-commit hook must feel instant.  This reader keeps what a check
 * needs: each entry's path, mode, stage and blob id, and the cache-tree
 * (the TREE extension), whose valid folders let a staged check skip every
 * folder the change did not touch.  Versions 2, 3 and 4 are read; an index
 * this reader does not understand (a split or sparse index) makes the
 * caller fall back to libgit2.
 */
#include "git.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define ENTRY_FIXED 62 /* stat data 40, id 20, flags 2 */

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

void oreg_index_release(struct oreg_index *ix)
{
	size_t i;

	if (!ix)
		return;
	oreg_entries_release(&ix->entries);
	if (ix->map)
		munmap(ix->map, ix->map_len ? ix->map_len : 1);
	for (i = 0; i < ix->ntrees; i++)
		free(ix->trees[i].path);
	free(ix->trees);
	memset(ix, 0, sizeof(*ix));
}

/* One cache-tree node and its children, pre-order, as git writes them. */
static int read_tree_node(struct oreg_index *ix, size_t alloc[1], const unsigned char **p,
	const unsigned char *end, const char *parent, unsigned depth)
{
	const unsigned char *nul = memchr(*p, '\0', (size_t)(end - *p)), *nl;
	struct oreg_buf path = OREG_BUF_INIT;
	long count, subtrees, k;
	char *stop, *own_path;
	int err = 0;

	if (!nul || depth > 256)
		return -1;
	if (*parent)
		oreg_buf_addf(&path, "%s/", parent);
	oreg_buf_add(&path, *p, (size_t)(nul - *p));
	*p = nul + 1;
	if (!(nl = memchr(*p, '\n', (size_t)(end - *p)))) {
		oreg_buf_release(&path);
		return -1;
	}
	count = strtol((const char *)*p, &stop, 10);
	if (*stop != ' ') {
		oreg_buf_release(&path);
		return -1;
	}
	subtrees = strtol(stop + 1, &stop, 10);
	if ((const unsigned char *)stop != nl || subtrees < 0) {
		oreg_buf_release(&path);
		return -1;
	}
	*p = nl + 1;
	if ((err = oreg_buf_error(&path)) < 0 ||
		(err = oreg_grow((void **)&ix->trees, alloc, ix->ntrees + 1, sizeof(*ix->trees))) < 0) {
		oreg_buf_release(&path);
		return err;
	}
	ix->trees[ix->ntrees].count = count;
	if (count >= 0) {
		if (end - *p < 20) {
			oreg_buf_release(&path);
			return -1;
		}
		memcpy(ix->trees[ix->ntrees].id, *p, 20);
		*p += 20;
	}
	ix->trees[ix->ntrees++].path = oreg_buf_detach(&path, NULL);
	if (!ix->trees[ix->ntrees - 1].path)
		return OREG_ENOMEM;
	/* the array may move as children are added: keep this node's path by value */
	own_path = oreg_strdup(ix->trees[ix->ntrees - 1].path);
	if (!own_path)
		return OREG_ENOMEM;
	for (k = 0; k < subtrees && !err; k++)
		err = read_tree_node(ix, alloc, p, end, own_path, depth + 1);
	free(own_path);
	return err;
}

/* The file mapped read-only: an index of a large register is tens of megabytes, read once. */
static int map_file(char **out, size_t *len, const char *path)
{
	struct stat st;
	void *p;
	int fd = open(path, O_RDONLY);

	*out = NULL;
	*len = 0;
	if (fd < 0)
		return errno == ENOENT ? OREG_ENOTFOUND : oreg_error(OREG_EIO, "cannot open '%s': %s", path, strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return oreg_error(OREG_EIO, "cannot read '%s'", path);
	}
	*len = (size_t)st.st_size;
	p = mmap(NULL, *len ? *len : 1, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return oreg_error(OREG_EIO, "cannot map '%s': %s", path, strerror(errno));
	*out = p;
	return 0;
}

/* The entry for path (len bytes): kept where it is, in the mapping, or copied. */
static struct oreg_entry *add_entry(struct oreg_index *ix, const char *path, size_t len, int copy)
{
	struct oreg_entry *e;

	if (copy)
		return oreg_entries_add(&ix->entries, path, len, OREG_ENTRY_FILE);
	if (oreg_grow((void **)&ix->entries.items, &ix->entries.alloc, ix->entries.count + 1,
			sizeof(*ix->entries.items)) < 0)
		return NULL;
	e = &ix->entries.items[ix->entries.count++];
	memset(e, 0, sizeof(*e));
	e->path = path;
	return e;
}

/*
 * The path of the entry at start, whose stat data and flags take fixed
 * bytes: *cur and *curlen, in the mapping (versions 2 and 3) or in prev,
 * which holds the previous entry's path (version 4 keeps only what
 * changed); *next is the entry after it.
 */
static int entry_path(const char **cur, size_t *curlen, const unsigned char **next, struct oreg_buf *prev,
	const unsigned char *start, size_t fixed, const unsigned char *end, uint32_t version)
{
	const unsigned char *name = start + fixed, *nul;

	if (version == 4) {
		/* the path is the previous one, less N bytes, plus a suffix */
		uint64_t strip = 0;
		unsigned shift = 0;

		for (;;) {
			if (name >= end || shift > 56)
				return OREG_EINVALID;
			strip = (strip << 7) | (*name & 0x7f);
			if (!(*name++ & 0x80))
				break;
			strip++;
			shift += 7;
		}
		if (strip > prev->len || !(nul = memchr(name, '\0', (size_t)(end - name))))
			return OREG_EINVALID;
		oreg_buf_truncate(prev, prev->len - (size_t)strip);
		oreg_buf_add(prev, name, (size_t)(nul - name));
		*next = nul + 1;
		*cur = prev->ptr;
		*curlen = prev->len;
		return oreg_buf_error(prev);
	}
	if (!(nul = memchr(name, '\0', (size_t)(end - name))))
		return OREG_EINVALID;
	*cur = (const char *)name;
	*curlen = (size_t)(nul - name);
	/* entries are padded with NULs to a multiple of eight bytes */
	*next = start + ((fixed + (size_t)(nul - name) + 8) & ~(size_t)7);
	return *next > end ? OREG_EINVALID : 0;
}

/* The entry at start, at path cur (curlen bytes) and stage, into the list; a conflict's stages are one entry. */
static int keep_entry(struct oreg_index *ix, const char *cur, size_t curlen, unsigned stage,
	const unsigned char *start)
{
	struct oreg_entry *e;

	if (ix->entries.count && !strcmp(ix->entries.items[ix->entries.count - 1].path, cur)) {
		/* the other stages of a conflict */
		ix->entries.items[ix->entries.count - 1].mode = OREG_ENTRY_CONFLICT;
		ix->entries.items[ix->entries.count - 1].has_id = 0;
		return 0;
	}
	if (!(e = add_entry(ix, cur, curlen, ix->version == 4)))
		return OREG_ENOMEM;
	/* the index keeps a file's mode as the file system gave it: only its type counts */
	e->mode = oreg_git_mode_type(be32(start + 24));
	if (stage) {
		e->mode = OREG_ENTRY_CONFLICT;
	} else {
		e->has_id = 1;
		memcpy(e->id, start + 40, 20);
	}
	e->size = be32(start + 36);
	return 0;
}

/* The extensions after the entries: the cache-tree is the one that matters; split or sparse indexes are refused. */
static int read_extensions(struct oreg_index *ix, const unsigned char *p, const unsigned char *end)
{
	size_t tree_alloc = 0, i;
	int err;

	while (end - p >= 8) {
		uint32_t size = be32(p + 4);
		const unsigned char *ext = p + 8;

		if ((size_t)(end - ext) < size || !memcmp(p, "link", 4) || !memcmp(p, "sdir", 4))
			return OREG_EINVALID;
		if (!memcmp(p, "TREE", 4) && size) {
			const unsigned char *q = ext;

			if ((err = read_tree_node(ix, &tree_alloc, &q, ext + size, "", 0)) < 0) {
				/* a cache-tree we cannot read is one we do not use */
				for (i = 0; i < ix->ntrees; i++)
					free(ix->trees[i].path);
				ix->ntrees = 0;
				if (err == OREG_ENOMEM)
					return err;
			}
		}
		p = ext + size;
	}
	return 0;
}

int oreg_index_read(struct oreg_index *ix, const char *path, const char *prefix)
{
	struct oreg_buf prev = OREG_BUF_INIT, last = OREG_BUF_INIT;
	const unsigned char *p, *end;
	const char *cur = NULL, *last_path = "";
	size_t len, plen = strlen(prefix), i, curlen = 0;
	uint32_t version, count;
	unsigned stage, last_stage = 0;
	int err, order;

	memset(ix, 0, sizeof(*ix));
	oreg_entries_init(&ix->entries);
	/* the entries' paths stay in the mapping (versions 2 and 3 hold them whole), released with the index */
	if ((err = map_file(&ix->map, &ix->map_len, path)) < 0)
		return err;
	len = ix->map_len;
	p = (const unsigned char *)ix->map;
	end = p + len;
	version = len < 12 + 20 || memcmp(p, "DIRC", 4) ? 0 : be32(p + 4);
	if (version < 2 || version > 4) {
		err = OREG_EINVALID;
		goto done;
	}
	count = be32(p + 8);
	ix->version = version;
	/* the array sized once, not grown by copying: an entry takes at least ENTRY_FIXED bytes of the file */
	if (oreg_grow((void **)&ix->entries.items, &ix->entries.alloc, count < len / ENTRY_FIXED ? count :
			len / ENTRY_FIXED, sizeof(*ix->entries.items)) < 0) {
		err = OREG_ENOMEM;
		goto done;
	}
	end -= 20; /* the checksum */
	p += 12;
	for (i = 0; i < count; i++) {
		const unsigned char *start = p;
		uint16_t flags;

		if (end - p < ENTRY_FIXED) {
			err = OREG_EINVALID;
			goto done;
		}
		flags = (uint16_t)(p[60] << 8 | p[61]);
		if ((flags & 0x4000) && version < 3) {
			err = OREG_EINVALID; /* extended flags came with version 3 */
			goto done;
		}
		if ((err = entry_path(&cur, &curlen, &p, &prev, start, ENTRY_FIXED + (flags & 0x4000 ? 2 : 0), end,
			version)) < 0)
			goto done;
		/* git refuses an index out of order, or with a path twice at one stage: so does this */
		stage = (flags >> 12) & 3;
		if (i && ((order = strcmp(last_path, cur)) > 0 || (!order && stage <= last_stage))) {
			err = oreg_error(OREG_ERROR, "the index '%s' is corrupt: '%s' is %s (git: %s); run 'git status' "
				"to see git's own message, then 'git read-tree HEAD' to start again from the last commit",
				path, cur, order ? "out of order" : "there twice",
				order ? "unordered stage entries in index" : "multiple stage entries for merged file");
			goto done;
		}
		if (version == 4) {
			/* the path is rebuilt in prev: the last one is kept apart */
			oreg_buf_clear(&last);
			oreg_buf_add(&last, cur, curlen);
			if ((err = oreg_buf_error(&last)) < 0)
				goto done;
			last_path = last.ptr;
		} else {
			last_path = cur;
		}
		last_stage = stage;
		if (strncmp(cur, prefix, plen))
			continue;
		if ((err = keep_entry(ix, cur, curlen, stage, start)) < 0)
			goto done;
	}
	err = read_extensions(ix, p, end);
done:
	oreg_buf_release(&prev);
	oreg_buf_release(&last);
	if (err < 0)
		oreg_index_release(ix);
	return err == OREG_EINVALID ? oreg_error(OREG_EINVALID, "cannot read the index file '%s' directly", path)
		: err;
}

const unsigned char *oreg_index_tree(const struct oreg_index *ix, const char *path)
{
	size_t i;

	for (i = 0; i < ix->ntrees; i++)
		if (ix->trees[i].count >= 0 && !strcmp(ix->trees[i].path, path))
			return ix->trees[i].id;
	return NULL;
}
