/*
 * histindex.c - the history index's files: a derived, checksummed copy of
 * what the first-parent chain says about each record, folder and
 * organisation, kept under the git directory like git's commit-graph and
 * never a source of truth (histbuild.c fills it from git and answers
 * from it; this file knows nothing of git).
 *
 * The index is a chain of layers, as git's split commit-graph is.
 * "openreg/history-index" names the layers in order; each layer
 * ("openreg/history-index-<sha256>.layer", named by its own checksum)
 * covers a run of first-parent steps.  Extending the index by a few
 * commits writes a small layer; a layer is merged with the one before it
 * when it holds at least half as many steps, so there are few layers and
 * the cost of an extension stays in proportion to what it adds.
 *
 * A layer, all numbers little-endian:
 *
 *   header    "OREGHIXL", u32 version, u32 first step, u32 steps,
 *             u32 side commits, u32 buckets, u32 0, u64 data length,
 *             u64 0 (48 bytes)
 *   commits   per step: id[20], first parent[20] (zero for a root),
 *             i64 committer time, i64 record time (the largest committer
 *             time so far along the chain), i32 time zone in minutes,
 *             u32 number of parents (64 bytes)
 *   order     per step: u32 step within the layer, sorted by commit id
 *   side      per commit a merge brought: id[20], u32 step of the merge,
 *             sorted by id
 *   directory per bucket: u64 offset into data, u32 length, u32 keys,
 *             SHA-256 of the bucket[32] (48 bytes)
 *   data      the buckets: per key u16 length, the key, u32 entries,
 *             then per entry u32 step, u8 kind, u8 0, u16 extra length,
 *             id[20], the extra bytes
 *   trailer   SHA-256 of everything from the header to the directory
 *
 * Keys are a letter and a path or an id: 'p' a file's path (entries: the
 * steps that added, changed or deleted it, with the blob id after), 'f' a
 * folder's path ("" for the top; the steps that touched it, with the tree
 * id after), 'o' an organisation's id (the steps where a record referred
 * to it: the record's path in extra; a contact, the organisation's own
 * partnership, or another record such as an exclusion; and, read as the
 * history rules' walk reads them, a file whose 'organisations' list names
 * it or a file <id>.yaml with a 'partnerships' list), 'd' a folder's path
 * (the steps that deleted a file directly in it: the file's name in extra,
 * the blob it had as id, and its mode as kind, an enum oreg_entry_mode: a
 * folder's deletions without reading its trees).  A key lives in bucket
 * FNV-1a(key) mod buckets.  Opening a layer checks its header, sizes and
 * trailer; a bucket's own checksum is checked the first time a lookup
 * reads it, so a lookup reads a few kilobytes, not the whole file.
 *
 * The chain file: "OREGHIXC", u32 version, u32 layers, per layer its
 * checksum[32], u32 first step and u32 steps; then the SHA-256 of all
 * that.  Writers take "openreg/history-index.lock" (O_EXCL, as git
 * does), write each file to a temporary name and rename it into place.
 */
#include "histindex.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define LAYER_MAGIC "OREGHIXL"
#define CHAIN_MAGIC "OREGHIXC"
/* 2: the kinds the history rules' walk reads (named, listed); 3: referred and named in one; 4: deletions ('d') */
#define HX_VERSION 4
#define HEADER_SIZE 48
#define COMMIT_SIZE 64
#define SIDE_SIZE 24
#define DIR_SIZE 48
#define ENTRY_SIZE 28
#define TRAILER_SIZE 32
#define MAX_LAYERS 64

/* ---- numbers, little-endian whatever the machine ---- */

static void put_u16(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void put_u32(unsigned char *p, uint32_t v)
{
	size_t i;

	for (i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void put_u64(unsigned char *p, uint64_t v)
{
	size_t i;

	for (i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t get_u16(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t get_u32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get_u64(const unsigned char *p)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < 8; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static uint64_t key_hash(const char *key, size_t len)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)key[i]) * 1099511628211ULL;
	return h;
}

/* ---- the model: what a layer holds, in memory ---- */

void oreg_hx_model_init(struct oreg_hx_model *m, uint32_t first_step)
{
	memset(m, 0, sizeof(*m));
	m->first_step = first_step;
	oreg_arena_init(&m->arena);
}

void oreg_hx_model_release(struct oreg_hx_model *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->nlists; i++)
		free(m->lists[i].items);
	free(m->lists);
	free(m->table);
	free(m->commits);
	free(m->side);
	oreg_arena_release(&m->arena);
	memset(m, 0, sizeof(*m));
}

static int table_grow(struct oreg_hx_model *m)
{
	size_t size = m->tsize ? m->tsize * 2 : 1024, i;
	size_t *t = oreg_calloc(size, sizeof(*t));

	if (!t)
		return OREG_ENOMEM;
	for (i = 0; i < m->nlists; i++) {
		size_t k = (size_t)m->lists[i].hash & (size - 1);

		while (t[k])
			k = (k + 1) & (size - 1);
		t[k] = i + 1;
	}
	free(m->table);
	m->table = t;
	m->tsize = size;
	return 0;
}

/* The list of key (created when create), or NULL. */
static struct oreg_hx_list *model_list(struct oreg_hx_model *m, const char *key, size_t len, int create, int *err)
{
	uint64_t h = key_hash(key, len);
	struct oreg_hx_list *l;
	size_t k;
	char *copy;

	*err = 0;
	if (m->tsize) {
		for (k = (size_t)h & (m->tsize - 1); m->table[k]; k = (k + 1) & (m->tsize - 1)) {
			l = &m->lists[m->table[k] - 1];
			if (l->hash == h && l->keylen == len && !memcmp(l->key, key, len))
				return l;
		}
	}
	if (!create)
		return NULL;
	if (len > 0xffff) {
		*err = oreg_error(OREG_ELIMIT, "a path of %zu bytes is too long for the history index", len);
		return NULL;
	}
	if ((m->nlists + 1) * 2 > m->tsize && (*err = table_grow(m)) < 0)
		return NULL;
	if (oreg_grow((void **)&m->lists, &m->alists, m->nlists + 1, sizeof(*m->lists)) < 0 ||
		!(copy = oreg_arena_alloc(&m->arena, len + 1))) {
		*err = OREG_ENOMEM;
		return NULL;
	}
	memcpy(copy, key, len);
	copy[len] = '\0';
	l = &m->lists[m->nlists];
	memset(l, 0, sizeof(*l));
	l->key = copy;
	l->keylen = len;
	l->hash = h;
	for (k = (size_t)h & (m->tsize - 1); m->table[k]; k = (k + 1) & (m->tsize - 1))
		;
	m->table[k] = ++m->nlists;
	return l;
}

int oreg_hx_model_add(struct oreg_hx_model *m, const char *key, size_t keylen, uint32_t step, unsigned kind,
	const unsigned char id[20], const char *extra, size_t extra_len)
{
	struct oreg_hx_list *l;
	struct oreg_hx_entry *e;
	int err;

	if (!(l = model_list(m, key, keylen, 1, &err)))
		return err;
	if (extra_len > 0xffff)
		return oreg_error(OREG_ELIMIT, "a path of %zu bytes is too long for the history index", extra_len);
	if (oreg_grow((void **)&l->items, &l->alloc, l->n + 1, sizeof(*l->items)) < 0)
		return OREG_ENOMEM;
	e = &l->items[l->n];
	e->step = step;
	e->kind = (uint8_t)kind;
	e->extra_len = (uint16_t)extra_len;
	e->extra = NULL;
	if (id)
		memcpy(e->id, id, 20);
	else
		memset(e->id, 0, 20);
	if (extra_len) {
		char *copy = oreg_arena_alloc(&m->arena, extra_len);

		if (!copy)
			return OREG_ENOMEM;
		memcpy(copy, extra, extra_len);
		e->extra = copy;
	}
	l->n++;
	return 0;
}

int oreg_hx_model_add_commit(struct oreg_hx_model *m, const struct oreg_hx_commit *c)
{
	if (oreg_grow((void **)&m->commits, &m->acommits, m->ncommits + 1, sizeof(*m->commits)) < 0)
		return OREG_ENOMEM;
	m->commits[m->ncommits++] = *c;
	return 0;
}

int oreg_hx_model_add_side(struct oreg_hx_model *m, const unsigned char id[20], uint32_t merge_step)
{
	if (oreg_grow((void **)&m->side, &m->aside, m->nside + 1, sizeof(*m->side)) < 0)
		return OREG_ENOMEM;
	memcpy(m->side[m->nside].id, id, 20);
	m->side[m->nside].step = merge_step;
	m->nside++;
	return 0;
}

/* ---- writing a layer ---- */

static const struct oreg_hx_commit *sort_commits;

static int cmp_order(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return memcmp(sort_commits[x].id, sort_commits[y].id, 20);
}

static int cmp_side(const void *a, const void *b)
{
	return memcmp(((const struct oreg_hx_side *)a)->id, ((const struct oreg_hx_side *)b)->id, 20);
}

int oreg_hx_layer_serialize(unsigned char **out, size_t *out_len, struct oreg_hx_model *m)
{
	size_t nb = 1, i, k, meta, data_len = 0, size, *start = NULL, *members = NULL, *fill = NULL;
	uint32_t *order = NULL;
	unsigned char *buf = NULL, *p, *dir, *data;
	int err = 0;

	*out = NULL;
	*out_len = 0;
	while (nb * 32 < m->nlists && nb < ((size_t)1 << 30))
		nb *= 2;
	if (!(start = oreg_calloc(nb + 1, sizeof(*start))) || !(fill = oreg_calloc(nb, sizeof(*fill))) ||
		!(members = oreg_calloc(m->nlists + 1, sizeof(*members))) ||
		!(order = oreg_calloc(m->ncommits + 1, sizeof(*order)))) {
		err = OREG_ENOMEM;
		goto done;
	}
	/* the buckets' sizes, then their members in order of insertion */
	for (i = 0; i < m->nlists; i++) {
		const struct oreg_hx_list *l = &m->lists[i];
		size_t b = (size_t)l->hash & (nb - 1);

		start[b + 1]++;
		data_len += 2 + l->keylen + 4;
		for (k = 0; k < l->n; k++)
			data_len += ENTRY_SIZE + l->items[k].extra_len;
	}
	for (i = 0; i < nb; i++)
		start[i + 1] += start[i];
	for (i = 0; i < m->nlists; i++) {
		size_t b = (size_t)m->lists[i].hash & (nb - 1);

		members[start[b] + fill[b]++] = i;
	}
	meta = HEADER_SIZE + m->ncommits * (COMMIT_SIZE + 4) + m->nside * SIDE_SIZE + nb * DIR_SIZE;
	size = meta + data_len + TRAILER_SIZE;
	if (!(buf = oreg_calloc(1, size))) {
		err = OREG_ENOMEM;
		goto done;
	}
	memcpy(buf, LAYER_MAGIC, 8);
	put_u32(buf + 8, HX_VERSION);
	put_u32(buf + 12, m->first_step);
	put_u32(buf + 16, (uint32_t)m->ncommits);
	put_u32(buf + 20, (uint32_t)m->nside);
	put_u32(buf + 24, (uint32_t)nb);
	put_u64(buf + 32, data_len);
	p = buf + HEADER_SIZE;
	for (i = 0; i < m->ncommits; i++, p += COMMIT_SIZE) {
		const struct oreg_hx_commit *c = &m->commits[i];

		memcpy(p, c->id, 20);
		memcpy(p + 20, c->parent, 20);
		put_u64(p + 40, (uint64_t)c->time);
		put_u64(p + 48, (uint64_t)c->record_time);
		put_u32(p + 56, (uint32_t)c->offset);
		put_u32(p + 60, c->nparents);
		order[i] = (uint32_t)i;
	}
	sort_commits = m->commits;
	if (m->ncommits)
		qsort(order, m->ncommits, sizeof(*order), cmp_order);
	for (i = 0; i < m->ncommits; i++, p += 4)
		put_u32(p, order[i]);
	if (m->nside)
		qsort(m->side, m->nside, sizeof(*m->side), cmp_side);
	for (i = 0; i < m->nside; i++, p += SIDE_SIZE) {
		memcpy(p, m->side[i].id, 20);
		put_u32(p + 20, m->side[i].step);
	}
	dir = p;
	data = buf + meta;
	p = data;
	for (i = 0; i < nb; i++) {
		unsigned char *bstart = p;

		for (k = start[i]; k < start[i + 1]; k++) {
			const struct oreg_hx_list *l = &m->lists[members[k]];
			size_t j;

			put_u16(p, (uint32_t)l->keylen);
			memcpy(p + 2, l->key, l->keylen);
			p += 2 + l->keylen;
			put_u32(p, (uint32_t)l->n);
			p += 4;
			for (j = 0; j < l->n; j++) {
				const struct oreg_hx_entry *e = &l->items[j];

				put_u32(p, e->step);
				p[4] = e->kind;
				put_u16(p + 6, e->extra_len);
				memcpy(p + 8, e->id, 20);
				if (e->extra_len)
					memcpy(p + ENTRY_SIZE, e->extra, e->extra_len);
				p += ENTRY_SIZE + e->extra_len;
			}
		}
		put_u64(dir + i * DIR_SIZE, (uint64_t)(bstart - data));
		put_u32(dir + i * DIR_SIZE + 8, (uint32_t)(p - bstart));
		put_u32(dir + i * DIR_SIZE + 12, (uint32_t)(start[i + 1] - start[i]));
		oreg_sha256(dir + i * DIR_SIZE + 16, bstart, (size_t)(p - bstart));
	}
	oreg_sha256(buf + meta + data_len, buf, meta);
	*out = buf;
	*out_len = size;
	buf = NULL;
done:
	free(buf);
	free(start);
	free(fill);
	free(members);
	free(order);
	return err;
}

/* ---- reading a layer ---- */

static int corrupt(const char *what, const char *why)
{
	const char *in_git_dir = NULL, *p;

	/* named as in the git directory, wherever that is (the last "/openreg/": a folder above may be named so too) */
	for (p = what; (p = strstr(p, "/openreg/")); p++)
		in_git_dir = p;
	what = in_git_dir ? in_git_dir + 1 : what;
	return oreg_error(OREG_EINVALID, "the history index is damaged (%s: %s); it is rebuilt: openreg index "
		"--rebuild", what, why);
}

int oreg_hx_layer_open(struct oreg_hx_layer *l, unsigned char *map, size_t size, int mapped, const char *name)
{
	unsigned char sum[32];
	uint64_t data_len, meta;

	memset(l, 0, sizeof(*l));
	l->map = map;
	l->size = size;
	l->mapped = mapped;
	l->name = name;
	if (size < HEADER_SIZE + TRAILER_SIZE || memcmp(map, LAYER_MAGIC, 8))
		return corrupt(name, "not a layer of the history index");
	if (get_u32(map + 8) != HX_VERSION)
		return corrupt(name, "another version of the format");
	l->first = get_u32(map + 12);
	l->n = get_u32(map + 16);
	l->nside = get_u32(map + 20);
	l->nbuckets = get_u32(map + 24);
	data_len = get_u64(map + 32);
	if (!l->nbuckets || (l->nbuckets & (l->nbuckets - 1)) || get_u32(map + 28) || get_u64(map + 40))
		return corrupt(name, "a bad header");
	meta = HEADER_SIZE + (uint64_t)l->n * (COMMIT_SIZE + 4) + (uint64_t)l->nside * SIDE_SIZE +
		(uint64_t)l->nbuckets * DIR_SIZE;
	if (meta > size || data_len > size || meta + data_len + TRAILER_SIZE != size)
		return corrupt(name, "its size does not match its header");
	oreg_sha256(sum, map, (size_t)meta);
	if (memcmp(sum, map + meta + data_len, 32))
		return corrupt(name, "its checksum does not match");
	memcpy(l->hash, sum, 32);
	l->commits = map + HEADER_SIZE;
	l->order = l->commits + (size_t)l->n * COMMIT_SIZE;
	l->side = l->order + (size_t)l->n * 4;
	l->dir = l->side + (size_t)l->nside * SIDE_SIZE;
	l->data = map + meta;
	l->data_len = (size_t)data_len;
	if (!(l->verified = oreg_calloc(l->nbuckets / 8 + 1, 1)))
		return OREG_ENOMEM;
	return 0;
}

void oreg_hx_layer_close(struct oreg_hx_layer *l)
{
	if (!l)
		return;
	if (l->mapped && l->map)
		munmap(l->map, l->size);
	else
		free(l->map);
	free(l->verified);
	memset(l, 0, sizeof(*l));
}

void oreg_hx_layer_commit(struct oreg_hx_commit *out, const struct oreg_hx_layer *l, uint32_t i)
{
	const unsigned char *p = l->commits + (size_t)i * COMMIT_SIZE;

	memcpy(out->id, p, 20);
	memcpy(out->parent, p + 20, 20);
	out->time = (int64_t)get_u64(p + 40);
	out->record_time = (int64_t)get_u64(p + 48);
	out->offset = (int32_t)get_u32(p + 56);
	out->nparents = get_u32(p + 60);
}

long oreg_hx_layer_find_commit(const struct oreg_hx_layer *l, const unsigned char id[20])
{
	size_t lo = 0, hi = l->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint32_t i = get_u32(l->order + mid * 4);
		int c;

		if (i >= l->n)
			return -1;
		c = memcmp(l->commits + (size_t)i * COMMIT_SIZE, id, 20);
		if (!c)
			return (long)i;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

long oreg_hx_layer_find_side(const struct oreg_hx_layer *l, const unsigned char id[20])
{
	size_t lo = 0, hi = l->nside;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = memcmp(l->side + mid * SIDE_SIZE, id, 20);

		if (!c)
			return (long)get_u32(l->side + mid * SIDE_SIZE + 20);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* The bucket b's bytes, checked against its checksum the first time. */
static int bucket(const unsigned char **out, size_t *len, uint32_t *nkeys, struct oreg_hx_layer *l, size_t b)
{
	const unsigned char *d = l->dir + b * DIR_SIZE;
	uint64_t off = get_u64(d);
	uint32_t blen = get_u32(d + 8);

	if (off > l->data_len || blen > l->data_len - off)
		return corrupt(l->name, "a bucket lies outside the file");
	if (!(l->verified[b / 8] & (1u << (b % 8)))) {
		unsigned char sum[32];

		oreg_sha256(sum, l->data + off, blen);
		if (memcmp(sum, d + 16, 32))
			return corrupt(l->name, "a bucket's checksum does not match");
		l->verified[b / 8] |= (unsigned char)(1u << (b % 8));
	}
	*out = l->data + off;
	*len = blen;
	*nkeys = get_u32(d + 12);
	return 0;
}

/*
 * Walk the keys of a bucket: fn gets each key and its entries' bytes.
 * Every length is checked against the bucket's end.
 */
static int walk_bucket(struct oreg_hx_layer *l, size_t b,
	int (*fn)(const char *key, size_t keylen, const unsigned char *entries, uint32_t n, size_t len, void *payload),
	void *payload)
{
	const unsigned char *p = NULL, *end;
	size_t len = 0;
	uint32_t nkeys = 0, k, i;
	int err;

	if ((err = bucket(&p, &len, &nkeys, l, b)) < 0)
		return err;
	end = p + len;
	for (k = 0; k < nkeys; k++) {
		const unsigned char *key, *entries;
		size_t keylen;
		uint32_t n;

		if (end - p < 2 || (size_t)(end - p - 2) < (keylen = get_u16(p)) + 4)
			return corrupt(l->name, "a key runs past its bucket");
		key = p + 2;
		n = get_u32(key + keylen);
		entries = p = key + keylen + 4;
		for (i = 0; i < n; i++) {
			if (end - p < ENTRY_SIZE || (size_t)(end - p - ENTRY_SIZE) < get_u16(p + 6))
				return corrupt(l->name, "an entry runs past its bucket");
			p += ENTRY_SIZE + get_u16(p + 6);
		}
		if ((err = fn((const char *)key, keylen, entries, n, (size_t)(p - entries), payload)) != 0)
			return err;
	}
	if (p != end)
		return corrupt(l->name, "a bucket holds more than its keys");
	return 0;
}

struct find {
	const char *key;
	size_t keylen;
	const struct oreg_hx_layer *layer;
	struct oreg_hx_found *out;
	int found;
};

static int append_entries(struct oreg_hx_found *out, const struct oreg_hx_layer *l, const unsigned char *p,
	uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++) {
		struct oreg_hx_entry *e;
		uint32_t step = get_u32(p);

		if (step < l->first || step - l->first >= l->n)
			return corrupt(l->name, "an entry names a step outside its layer");
		if (out->n && out->items[out->n - 1].step > step)
			return corrupt(l->name, "entries out of order");
		if (oreg_grow((void **)&out->items, &out->alloc, out->n + 1, sizeof(*out->items)) < 0)
			return OREG_ENOMEM;
		e = &out->items[out->n++];
		e->step = step;
		e->kind = p[4];
		e->extra_len = (uint16_t)get_u16(p + 6);
		memcpy(e->id, p + 8, 20);
		e->extra = e->extra_len ? (const char *)p + ENTRY_SIZE : NULL;
		p += ENTRY_SIZE + e->extra_len;
	}
	return 0;
}

static int on_find(const char *key, size_t keylen, const unsigned char *entries, uint32_t n, size_t len,
	void *payload)
{
	struct find *f = payload;

	(void)len;
	if (keylen != f->keylen || memcmp(key, f->key, keylen))
		return 0;
	f->found = 1;
	return append_entries(f->out, f->layer, entries, n) < 0 ? OREG_EINVALID : 1;
}

int oreg_hx_layer_lookup(struct oreg_hx_found *out, struct oreg_hx_layer *l, const char *key, size_t keylen)
{
	struct find f = { key, keylen, l, out, 0 };
	int err = walk_bucket(l, (size_t)key_hash(key, keylen) & (l->nbuckets - 1), on_find, &f);

	return err < 0 ? err : 0;
}

void oreg_hx_found_release(struct oreg_hx_found *f)
{
	if (!f)
		return;
	free(f->items);
	memset(f, 0, sizeof(*f));
}

/* ---- checking and loading a whole layer ---- */

struct whole {
	struct oreg_hx_layer *layer;
	struct oreg_hx_model *model; /* load into it, or NULL to check only */
	uint32_t last;               /* the last step loaded */
	size_t bucket, keys;
};

static int on_whole(const char *key, size_t keylen, const unsigned char *entries, uint32_t n, size_t len,
	void *payload)
{
	struct whole *w = payload;
	struct oreg_hx_found f = { 0 };
	uint32_t i;
	int err;

	(void)len;
	w->keys++;
	if ((key_hash(key, keylen) & (w->layer->nbuckets - 1)) != w->bucket)
		return corrupt(w->layer->name, "a key in the wrong bucket");
	if (!keylen || !strchr("pfod", key[0]))
		return corrupt(w->layer->name, "a key of no known kind");
	if ((err = append_entries(&f, w->layer, entries, n)) < 0)
		goto done;
	for (i = 0; w->model && i < f.n && f.items[i].step <= w->last && !err; i++)
		err = oreg_hx_model_add(w->model, key, keylen, f.items[i].step, f.items[i].kind, f.items[i].id,
			f.items[i].extra, f.items[i].extra_len);
done:
	oreg_hx_found_release(&f);
	return err;
}

int oreg_hx_layer_load(struct oreg_hx_model *into, struct oreg_hx_layer *l, uint32_t last)
{
	struct whole w = { l, into, last, 0, 0 };
	uint32_t i;
	int err = 0;

	for (i = 0; i < l->n && !err; i++) {
		struct oreg_hx_commit c;

		oreg_hx_layer_commit(&c, l, i);
		if (i && memcmp(c.parent, l->commits + (size_t)(i - 1) * COMMIT_SIZE, 20))
			return corrupt(l->name, "a commit's parent is not the step before it");
		if (into && l->first + i <= last)
			err = oreg_hx_model_add_commit(into, &c);
	}
	for (i = 0; i < l->nside && !err; i++) {
		uint32_t step = get_u32(l->side + (size_t)i * SIDE_SIZE + 20);

		if (step < l->first || step - l->first >= l->n)
			return corrupt(l->name, "a merged commit names a step outside its layer");
		if (into && step <= last)
			err = oreg_hx_model_add_side(into, l->side + (size_t)i * SIDE_SIZE, step);
	}
	for (w.bucket = 0; w.bucket < l->nbuckets && !err; w.bucket++)
		err = walk_bucket(l, w.bucket, on_whole, &w);
	return err;
}

/* ---- files ---- */

int oreg_hx_write_file(const char *path, const unsigned char *data, size_t len)
{
	struct oreg_buf tmp = OREG_BUF_INIT;
	size_t done = 0;
	int fd, err = 0;

	oreg_buf_addf(&tmp, "%s.tmp-%ld", path, (long)getpid());
	if ((err = oreg_buf_error(&tmp)) < 0)
		return err;
	if ((fd = open(tmp.ptr, O_WRONLY | O_CREAT | O_TRUNC, 0444)) < 0) {
		err = oreg_error(OREG_EIO, "cannot write '%s': %s", tmp.ptr, strerror(errno));
		goto done;
	}
	while (done < len) {
		ssize_t n = write(fd, data + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err = oreg_error(OREG_EIO, "cannot write '%s': %s", tmp.ptr, n < 0 ? strerror(errno) : "disk full");
			break;
		}
		done += (size_t)n;
	}
	if (close(fd) < 0 && !err)
		err = oreg_error(OREG_EIO, "cannot write '%s': %s", tmp.ptr, strerror(errno));
	if (!err && rename(tmp.ptr, path) < 0)
		err = oreg_error(OREG_EIO, "cannot rename '%s' to '%s': %s", tmp.ptr, path, strerror(errno));
	if (err)
		unlink(tmp.ptr);
done:
	oreg_buf_release(&tmp);
	return err;
}

int oreg_hx_map_file(unsigned char **out, size_t *len, const char *path)
{
	struct stat st;
	void *map;
	int fd;

	*out = NULL;
	*len = 0;
	if ((fd = open(path, O_RDONLY)) < 0)
		return errno == ENOENT || errno == ENOTDIR ? OREG_ENOTFOUND : oreg_error(OREG_EIO, "cannot read '%s': %s", path,
			strerror(errno));
	if (fstat(fd, &st) < 0 || st.st_size <= 0) {
		close(fd);
		return corrupt(path, "an empty file");
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return oreg_error(OREG_EIO, "cannot map '%s': %s", path, strerror(errno));
	*out = map;
	*len = (size_t)st.st_size;
	return 0;
}

int oreg_hx_chain_serialize(unsigned char **out, size_t *len, const struct oreg_hx_layer *layers, size_t n)
{
	size_t size = 16 + n * 40 + TRAILER_SIZE, i;
	unsigned char *buf = oreg_calloc(1, size);

	*out = NULL;
	*len = 0;
	if (!buf)
		return OREG_ENOMEM;
	memcpy(buf, CHAIN_MAGIC, 8);
	put_u32(buf + 8, HX_VERSION);
	put_u32(buf + 12, (uint32_t)n);
	for (i = 0; i < n; i++) {
		memcpy(buf + 16 + i * 40, layers[i].hash, 32);
		put_u32(buf + 16 + i * 40 + 32, layers[i].first);
		put_u32(buf + 16 + i * 40 + 36, layers[i].n);
	}
	oreg_sha256(buf + size - TRAILER_SIZE, buf, size - TRAILER_SIZE);
	*out = buf;
	*len = size;
	return 0;
}

int oreg_hx_chain_parse(struct oreg_hx_chain_item *items, size_t *n, const unsigned char *data, size_t len)
{
	unsigned char sum[32];
	uint32_t count, i, next = 0;

	*n = 0;
	if (len < 16 + TRAILER_SIZE || memcmp(data, CHAIN_MAGIC, 8))
		return corrupt("openreg/history-index", "not a history index");
	if (get_u32(data + 8) != HX_VERSION)
		return corrupt("openreg/history-index", "another version of the format");
	count = get_u32(data + 12);
	if (count > MAX_LAYERS || len != 16 + (size_t)count * 40 + TRAILER_SIZE)
		return corrupt("openreg/history-index", "its size does not match its header");
	oreg_sha256(sum, data, len - TRAILER_SIZE);
	if (memcmp(sum, data + len - TRAILER_SIZE, 32))
		return corrupt("openreg/history-index", "its checksum does not match");
	for (i = 0; i < count; i++) {
		memcpy(items[i].hash, data + 16 + i * 40, 32);
		items[i].first = get_u32(data + 16 + i * 40 + 32);
		items[i].n = get_u32(data + 16 + i * 40 + 36);
		if (items[i].first != next || !items[i].n)
			return corrupt("openreg/history-index", "its layers do not follow each other");
		next += items[i].n;
	}
	*n = count;
	return 0;
}

void oreg_hx_layer_filename(struct oreg_buf *out, const char *dir, const unsigned char hash[32])
{
	size_t i;

	oreg_buf_addf(out, "%s/history-index-", dir);
	for (i = 0; i < 32; i++)
		oreg_buf_addf(out, "%02x", hash[i]);
	oreg_buf_adds(out, ".layer");
}
