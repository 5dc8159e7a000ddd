/*
 * state.c - the records of one snapshot.  The entries under records/ are
 * listed once; a record is read and parsed only when a rule asks for it,
 * so an incremental check touches a handful of files while a full check
 * parses them all, on every core.  A lazy state does not even list: it
 * finds each record by path as a rule asks, through the folders git
 * already holds, so that checking a commit of a few records along a range
 * costs a few lookups, not a listing of half a million files.
 */
#include "check.h"

#include <stdlib.h>
#include <string.h>

/* A key for the schemas/ folder of snap: a hash of its paths and blob ids; 0 when unknown. */
static int schemas_key(uint64_t *out, struct oreg_snapshot *snap)
{
	struct oreg_entries e;
	uint64_t h = OREG_HASH_INIT;
	size_t i;
	int err;

	*out = 0;
	oreg_entries_init(&e);
	if ((err = oreg_snapshot_list(&e, snap, "schemas")) < 0)
		return err;
	for (i = 0; i < e.count; i++) {
		if (!e.items[i].has_id)
			goto done; /* the working tree: not known without reading */
		h = oreg_hash(h, e.items[i].path, strlen(e.items[i].path));
		h = oreg_hash(h, e.items[i].id, 20);
	}
	*out = h ? h : 1;
done:
	oreg_entries_release(&e);
	return 0;
}

/*
 * The register of st's snapshot: the checker's when one with the same
 * schemas key loaded without a finding, else loaded (and kept for the
 * next state when clean), so that a range does not read schemas/ again
 * for every commit.
 */
static int load_register(struct state *st, struct oreg_findings *findings)
{
	struct oreg_checker *chk = st->checker;
	size_t i, before = findings->count;
	int err;

	for (i = 0; st->schemas_key && i < chk->nregisters; i++)
		if (chk->registers[i].key == st->schemas_key) {
			st->reg = chk->registers[i].reg;
			st->reg_shared = 1;
			return 0;
		}
	if ((err = oreg_register_load(&st->reg, oreg_snapshot_read, st->snap, findings)) < 0 || !st->reg ||
		!st->schemas_key || findings->count != before)
		return err;
	if (oreg_grow((void **)&chk->registers, &chk->aregisters, chk->nregisters + 1, sizeof(*chk->registers)) < 0)
		return 0; /* not kept: this state frees it */
	chk->registers[chk->nregisters].key = st->schemas_key;
	chk->registers[chk->nregisters++].reg = st->reg;
	st->reg_shared = 1;
	return 0;
}

int state_open_listing(struct state *st, struct oreg_checker *chk, struct oreg_snapshot *snap,
	struct oreg_findings *findings, int list)
{
	struct oreg_entry e;
	int err;

	memset(st, 0, sizeof(*st));
	st->checker = chk;
	st->snap = snap;
	oreg_entries_init(&st->entries);
	/* records at a revision are checked against that revision's schemas */
	if ((err = schemas_key(&st->schemas_key, snap)) < 0 || (err = load_register(st, findings)) < 0 || !st->reg)
		return err;
	if (list)
		return state_list(st);
	/* a snapshot that cannot be searched by path is listed whole */
	if ((err = oreg_snapshot_find(&e, snap, st->reg->records_dir)) == 1)
		return state_list(st);
	st->lazy = 1;
	return err == OREG_ENOTFOUND ? 0 : err;
}

int state_list(struct state *st)
{
	int err;

	if (st->listed)
		return 0;
	if ((err = oreg_snapshot_list(&st->entries, st->snap, st->reg->records_dir)) < 0)
		return err;
	st->records = oreg_calloc(st->entries.count ? st->entries.count : 1, sizeof(*st->records));
	if (!st->records)
		return OREG_ENOMEM;
	st->listed = 1;
	return 0;
}

/* year_trees_open of a state whose snapshot holds no folders */
static unsigned char no_folders;

void state_close(struct state *st)
{
	rules_release(st);
	if (!st->reg_shared)
		oreg_register_free(st->reg);
	oreg_entries_release(&st->entries);
	oreg_entries_release(&st->found);
	free(st->records);
	free(st->listed_table);
	free(st->year_names);
	free(st->slots);
	free(st->found_records);
	free(st->found_slots);
	free(st->found_missing);
	free(st->found_table);
	free(st->exclusions);
	free(st->screenings);
	for (size_t i = 0; i < st->nyear_folders; i++) {
		free(st->year_folders[i]);
		if (st->year_trees)
			oreg_folder_free(st->year_trees[i]);
	}
	free(st->year_folders);
	free(st->year_trees);
	if (st->year_trees_open != &no_folders)
		free(st->year_trees_open);
	memset(st, 0, sizeof(*st));
}

/* Below this many entries a listing is searched by halves, above it by a table of its paths. */
#define LISTED_TABLE_MIN 256

/* A hash of a path, eight bytes at a time: paths are long and looked up a million times. */
static uint64_t path_hash(const char *path)
{
	size_t len = strlen(path);
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ len, w;

	for (; len >= 8; path += 8, len -= 8) {
		memcpy(&w, path, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	w = 0;
	memcpy(&w, path, len);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 29;
	return h;
}

/*
 * The table of the listed paths, made once: a full check looks up every
 * contact's id in every year folder, and paths share long beginnings that
 * make each comparison of a search by halves slow.  Without memory the
 * search by halves does.
 */
/* A zeroed open-addressing table for count keys: a power of two at least twice count; NULL when out of memory. */
static void *hash_table(size_t count, size_t elem, size_t *size)
{
	size_t n = 1;
	void *t;

	while (n < 2 * count)
		n *= 2;
	if ((t = calloc(n, elem)))
		*size = n;
	return t;
}

static void make_listed_table(struct state *st)
{
	size_t i, at;

	if (st->listed_table || st->entries.count < LISTED_TABLE_MIN || st->entries.count >= UINT32_MAX)
		return;
	if (!(st->listed_table = hash_table(st->entries.count, sizeof(*st->listed_table), &st->listed_tsize)))
		return;
	for (i = 0; i < st->entries.count; i++) {
		uint64_t h = path_hash(st->entries.items[i].path);

		for (at = (size_t)h & (st->listed_tsize - 1); st->listed_table[at]; at = (at + 1) & (st->listed_tsize - 1))
			;
		st->listed_table[at] = (h & 0xffffffff00000000ULL) | (uint64_t)(i + 1);
	}
}

static long find_listed(struct state *st, const char *path)
{
	size_t lo = 0, hi = st->entries.count, at;

	if (st->listed && !st->listed_table)
		make_listed_table(st);
	if (st->listed_table) {
		/* the hash's upper half in the slot: a path that is not there costs one read of the table */
		uint64_t h = path_hash(path), t;

		for (at = (size_t)h & (st->listed_tsize - 1); (t = st->listed_table[at]); at = (at + 1) & (st->listed_tsize - 1))
			if (!((t ^ h) >> 32) && !strcmp(st->entries.items[(t & 0xffffffffu) - 1].path, path))
				return (long)((t & 0xffffffffu) - 1);
		return -1;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(st->entries.items[mid].path, path);

		if (!c)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Put found entry k into the table (it has room). */
static void table_put(struct state *st, size_t k)
{
	const char *path = st->found.items[k].path;
	size_t at = oreg_hash(OREG_HASH_INIT, path, strlen(path)) & (st->found_tsize - 1);

	while (st->found_table[at])
		at = (at + 1) & (st->found_tsize - 1);
	st->found_table[at] = k + 1;
}

/* Add e (found or not) as found entry *k. */
static int add_found(struct state *st, const struct oreg_entry *e, int missing, size_t *k_out)
{
	struct oreg_entry *copy;
	size_t k = st->found.count, alloc = st->found_alloc, i;

	if (k + 1 > st->found_tsize / 2) {
		size_t n = st->found_tsize ? st->found_tsize * 2 : 64;
		size_t *t = oreg_calloc(n, sizeof(*t));

		if (!t)
			return OREG_ENOMEM;
		free(st->found_table);
		st->found_table = t;
		st->found_tsize = n;
		for (i = 0; i < k; i++)
			table_put(st, i);
	}
	if (k + 1 > alloc) {
		size_t a = alloc;

		if (oreg_grow((void **)&st->found_records, &a, k + 1, sizeof(*st->found_records)) < 0)
			return OREG_ENOMEM;
		a = alloc;
		if (oreg_grow((void **)&st->found_missing, &a, k + 1, 1) < 0)
			return OREG_ENOMEM;
		st->found_alloc = a;
	}
	if (!(copy = oreg_entries_add(&st->found, e->path, strlen(e->path), e->mode)))
		return OREG_ENOMEM;
	copy->has_id = e->has_id;
	copy->size = e->size;
	memcpy(copy->id, e->id, 20);
	st->found_records[k] = NULL;
	st->found_missing[k] = (unsigned char)missing;
	table_put(st, k);
	*k_out = k;
	return 0;
}

/* The found entry k for path, looked up on first use: 0, OREG_ENOTFOUND when not there, or a failure. */
static int find_lazily(struct state *st, const char *path, size_t *k)
{
	struct oreg_entry e;
	size_t at;
	int err;

	if (st->found_tsize) {
		at = oreg_hash(OREG_HASH_INIT, path, strlen(path)) & (st->found_tsize - 1);
		for (; st->found_table[at]; at = (at + 1) & (st->found_tsize - 1)) {
			*k = st->found_table[at] - 1;
			if (!strcmp(st->found.items[*k].path, path))
				return st->found_missing[*k] ? OREG_ENOTFOUND : 0;
		}
	}
	if ((err = oreg_snapshot_find(&e, st->snap, path)) < 0 && err != OREG_ENOTFOUND)
		return err;
	if (err == OREG_ENOTFOUND) {
		memset(&e, 0, sizeof(e));
		e.path = path;
	}
	if (add_found(st, &e, err == OREG_ENOTFOUND, k) < 0)
		return OREG_ENOMEM;
	return err;
}

long state_find(struct state *st, const char *path)
{
	size_t k;
	int err;

	if (st->listed || !st->lazy)
		return find_listed(st, path);
	if ((err = find_lazily(st, path, &k)) == 0)
		return (long)(STATE_FOUND + k);
	if (err != OREG_ENOTFOUND && !st->failed)
		st->failed = err;
	return -1;
}

int state_has(struct state *st, const char *path)
{
	struct oreg_entry e;
	size_t at, k;
	int err;

	if (st->listed || !st->lazy)
		return find_listed(st, path) >= 0;
	if (st->found_tsize) {
		at = oreg_hash(OREG_HASH_INIT, path, strlen(path)) & (st->found_tsize - 1);
		for (; st->found_table[at]; at = (at + 1) & (st->found_tsize - 1)) {
			k = st->found_table[at] - 1;
			if (!strcmp(st->found.items[k].path, path))
				return !st->found_missing[k];
		}
	}
	/* asked once, not kept: a lookup per year folder for every contact would fill the table */
	if ((err = oreg_snapshot_find(&e, st->snap, path)) == 0)
		return 1;
	if (err != OREG_ENOTFOUND && !st->failed)
		st->failed = err < 0 ? err : OREG_ERROR;
	return 0;
}

/* Where name (a file name in a year folder) is, or would go, in st->year_names. */
static struct year_name *year_name_slot(const struct state *st, const char *name, uint64_t h, size_t len)
{
	size_t at = (size_t)h & (st->year_names_size - 1);

	for (;; at = (at + 1) & (st->year_names_size - 1)) {
		struct year_name *y = &st->year_names[at];

		if (!y->entry)
			return y;
		if (y->hash == (uint32_t)(h >> 32)) {
			const char *p = st->entries.items[y->entry - 1].path, *slash = strrchr(p, '/');

			if (slash && strlen(slash + 1) == len && !memcmp(slash + 1, name, len))
				return y;
		}
	}
}

/*
 * The table of the names in a listed state's year folders, made once: the
 * unique-id rule asks every folder for every contact's name, and one
 * lookup per name answers for all of them.  Without it (more than 64
 * folders, or no memory), each is looked up by path.
 */
static void make_year_names(struct state *st)
{
	size_t i, k;

	if (st->year_names || !st->listed || !st->nyear_folders || st->nyear_folders > 64 ||
		st->entries.count >= UINT32_MAX)
		return;
	if (!(st->year_names = hash_table(st->entries.count, sizeof(*st->year_names), &st->year_names_size)))
		return;
	for (k = 0; k < st->nyear_folders; k++) {
		const char *folder = st->year_folders[k];
		size_t flen = strlen(folder), lo = oreg_entries_lower_bound(&st->entries, folder);

		/* the folder's entries are one run of the sorted listing */
		for (i = lo; i < st->entries.count && !strncmp(st->entries.items[i].path, folder, flen); i++) {
			const char *name = st->entries.items[i].path + flen;
			size_t len = strlen(name);
			uint64_t h;
			struct year_name *y;

			if (!len || memchr(name, '/', len))
				continue;
			h = path_hash(name);
			y = year_name_slot(st, name, h, len);
			if (!y->entry) {
				y->entry = (uint32_t)(i + 1);
				y->hash = (uint32_t)(h >> 32);
			}
			y->folders |= (uint64_t)1 << k;
		}
	}
}

int state_year_folder_has(struct state *st, size_t i, const char *file)
{
	struct oreg_buf path = OREG_BUF_INIT;
	int has = 0, err = 0;

	if (!st->listed && st->lazy && st->year_trees_open != &no_folders) {
		if (!st->year_trees && (!(st->year_trees = oreg_calloc(st->nyear_folders, sizeof(*st->year_trees))) ||
				!(st->year_trees_open = oreg_calloc(st->nyear_folders, 1)))) {
			st->failed = st->failed ? st->failed : OREG_ENOMEM;
			return 0;
		}
		if (!st->year_trees_open[i]) {
			size_t len = strlen(st->year_folders[i]);

			oreg_buf_add(&path, st->year_folders[i], len ? len - 1 : 0); /* without its '/' */
			if ((err = oreg_buf_error(&path)) == 0)
				err = oreg_snapshot_folder(&st->year_trees[i], st->snap, path.ptr);
			oreg_buf_release(&path);
			if (err < 0) {
				st->failed = st->failed ? st->failed : err;
				return 0;
			}
			st->year_trees_open[i] = 1;
		}
		if (err != 1)
			return oreg_folder_has(st->year_trees[i], file, strlen(file));
		/* a snapshot that holds no folders (the index): its entries are found by path */
		free(st->year_trees);
		free(st->year_trees_open);
		st->year_trees = NULL;
		st->year_trees_open = &no_folders;
	}
	if (st->listed && !st->year_names)
		make_year_names(st);
	if (st->year_names && i < 64 && !strchr(file, '/'))
		return !!(year_name_slot(st, file, path_hash(file), strlen(file))->folders & ((uint64_t)1 << i));
	oreg_buf_addf(&path, "%s%s", st->year_folders[i], file);
	if ((err = oreg_buf_error(&path)) < 0) {
		st->failed = st->failed ? st->failed : err;
		return 0;
	}
	has = state_has(st, path.ptr);
	oreg_buf_release(&path);
	return has;
}

int state_failure(const struct state *a, const struct state *b)
{
	return a->failed ? a->failed : b ? b->failed : 0;
}

const struct oreg_entry *state_entry(const struct state *st, size_t i)
{
	return i >= STATE_FOUND ? &st->found.items[i - STATE_FOUND] : &st->entries.items[i];
}

static struct oreg_record *record_as(struct state *st, size_t i, int *err, int facts_only)
{
	struct oreg_record *rec, **slot = i >= STATE_FOUND ? &st->found_records[i - STATE_FOUND] : &st->records[i];

	*err = 0;
	if (*slot && (facts_only || !(*slot)->facts_only))
		return *slot;
	*err = oreg_record_parse_as(&rec, st->checker, st->reg, st->schemas_key, st->snap, state_entry(st, i),
		facts_only);
	if (*err < 0)
		return NULL;
	/* the lookup may have moved the arrays: find the slot again */
	slot = i >= STATE_FOUND ? &st->found_records[i - STATE_FOUND] : &st->records[i];
	*slot = rec;
	return rec;
}

struct oreg_record *state_record(struct state *st, size_t i, int *err)
{
	return record_as(st, i, err, 0);
}

struct oreg_record *state_facts(struct state *st, size_t i, int *err)
{
	return record_as(st, i, err, 1);
}

void **state_slot(struct state *st, size_t i)
{
	void ***slots = i >= STATE_FOUND ? &st->found_slots : &st->slots;
	size_t n = i >= STATE_FOUND ? st->found.count : st->entries.count, k = i >= STATE_FOUND ? i - STATE_FOUND : i;
	size_t *have = i >= STATE_FOUND ? &st->found_slots_n : &st->slots_n;

	if (k >= *have) {
		size_t want = n > k ? n : k + 1;
		void **more = oreg_realloc(*slots, want * sizeof(**slots));

		if (!more)
			return NULL;
		memset(more + *have, 0, (want - *have) * sizeof(*more));
		*slots = more;
		*have = want;
	}
	return &(*slots)[k];
}

void state_slots_each(struct state *st, void (*fn)(void *data))
{
	size_t i;

	for (i = 0; i < st->slots_n; i++)
		if (st->slots[i])
			fn(st->slots[i]);
	for (i = 0; i < st->found_slots_n; i++)
		if (st->found_slots[i])
			fn(st->found_slots[i]);
	free(st->slots);
	free(st->found_slots);
	st->slots = st->found_slots = NULL;
	st->slots_n = st->found_slots_n = 0;
}

static int load_one(void *payload, size_t i, struct oreg_worker *w)
{
	struct state *st = payload;
	struct oreg_record *rec;
	int err;

	(void)w;
	if (st->records[i] && !st->records[i]->facts_only)
		return 0;
	if ((err = oreg_record_parse(&rec, st->checker, st->reg, st->schemas_key, st->snap,
			&st->entries.items[i])) < 0)
		return err;
	st->records[i] = rec;
	return 0;
}

int state_load_all(struct state *st)
{
	struct oreg_parallel job = { .threads = st->checker->threads, .fn = load_one, .payload = st,
		.progress = "Checking records" };
	int err;

	if ((err = state_list(st)) < 0)
		return err;
	job.n = st->entries.count;
	return oreg_parallel_for(&job);
}

/* ---- a whole snapshot, checked once ---- */

/* Entries checked together, in order: a run of dated or of other entries. */
#define CHECK_CHUNK 256

struct check_chunk {
	size_t start, end; /* entries [start, end) */
	int dated;
	struct oreg_findings findings;
};

struct check_all {
	struct state *st;
	struct check_chunk *chunks;
	size_t *dated;  /* the chunks of dated entries */
	size_t *kept;   /* the other entries: parsed first, and kept */
	struct oreg_progress progress;
};

static int parse_kept(void *payload, size_t k, struct oreg_worker *w)
{
	struct check_all *ca = payload;
	int err = load_one(ca->st, ca->kept[k], w);

	oreg_progress_tick(&ca->progress);
	return err;
}

/*
 * A chunk of dated entries, on a worker: each record parsed into the
 * worker's arena, checked and dropped.  The rules only read the state here:
 * the records they look up (organisations), the exclusions, screenings and
 * year folders, and every organisation's comparisons are there already.
 */
static int check_dated(void *payload, size_t k, struct oreg_worker *w)
{
	struct check_all *ca = payload;
	struct state *st = ca->st;
	struct check_chunk *c = &ca->chunks[ca->dated[k]];
	size_t i;
	int err = 0;

	for (i = c->start; i < c->end && err >= 0; i++) {
		struct oreg_record *rec = NULL;

		if (!st->records[i] || st->records[i]->facts_only) {
			if ((err = oreg_record_parse_transient(&rec, &w->arena, st->reg, st->schemas_key, st->snap,
					&st->entries.items[i])) < 0)
				break;
			st->records[i] = rec;
		}
		err = rules_check_record(st, i, &c->findings);
		if (rec) {
			st->records[i] = NULL;
			oreg_record_release(rec);
			oreg_arena_reset(&w->arena);
		}
		oreg_progress_tick(&ca->progress);
	}
	return err;
}

/* The entries in chunks, and the ones to keep. */
static int plan_check(struct check_all *ca, size_t *nchunks, size_t *ndated, size_t *nkept,
	const struct oreg_record_type **year_type)
{
	struct state *st = ca->st;
	size_t n = st->entries.count, alloc = 0, dated_alloc = 0, i;

	*nchunks = *ndated = *nkept = 0;
	*year_type = NULL;
	if (!(ca->kept = oreg_calloc(n ? n : 1, sizeof(*ca->kept))))
		return OREG_ENOMEM;
	for (i = 0; i < n; i++) {
		const struct oreg_record_type *t = oreg_register_type_of_path(st->reg, st->entries.items[i].path);
		int dated = t && t->year_field;
		struct check_chunk *c = *nchunks ? &ca->chunks[*nchunks - 1] : NULL;

		if (dated && !*year_type)
			*year_type = t;
		if (!dated)
			ca->kept[(*nkept)++] = i;
		if (c && c->dated == dated && c->end - c->start < CHECK_CHUNK) {
			c->end++;
			continue;
		}
		if (oreg_grow((void **)&ca->chunks, &alloc, *nchunks + 1, sizeof(*ca->chunks)) < 0)
			return OREG_ENOMEM;
		c = &ca->chunks[(*nchunks)++];
		c->start = i;
		c->end = i + 1;
		c->dated = dated;
		oreg_findings_init(&c->findings);
		if (dated) {
			if (oreg_grow((void **)&ca->dated, &dated_alloc, *ndated + 1, sizeof(*ca->dated)) < 0)
				return OREG_ENOMEM;
			ca->dated[(*ndated)++] = *nchunks - 1;
		}
	}
	return 0;
}

int state_check_all(struct state *st, struct oreg_findings *findings)
{
	struct check_all ca = { .st = st };
	struct oreg_parallel job = { .threads = st->checker->threads, .payload = &ca };
	const struct oreg_record_type *year_type;
	size_t nchunks = 0, ndated, nkept, i, k;
	int err;

	if ((err = state_list(st)) < 0)
		return err;
	oreg_progress_begin(&ca.progress, "Checking records", st->entries.count);
	if ((err = plan_check(&ca, &nchunks, &ndated, &nkept, &year_type)) < 0)
		goto done;
	/* the records others refer to, parsed on every core and kept */
	job.fn = parse_kept;
	job.n = nkept;
	if ((err = oreg_parallel_for(&job)) < 0 || (err = state_load_exclusions(st)) < 0 ||
		(err = state_load_screenings(st)) < 0 ||
		(year_type && (err = state_load_year_folders(st, year_type)) < 0))
		goto done;
	/* each organisation compared with the exclusions, on every core; then their rules, here */
	if ((err = rules_prepare_organisations(st, ca.kept, nkept)) < 0)
		goto done;
	for (k = 0; k < nchunks && err >= 0; k++)
		for (i = ca.chunks[k].start; !ca.chunks[k].dated && i < ca.chunks[k].end && err >= 0; i++)
			err = rules_check_record(st, i, &ca.chunks[k].findings);
	if (err < 0)
		goto done;
	/* the dated records, on every core, none kept; the rules' lookups only read from here on */
	make_listed_table(st);
	make_year_names(st);
	job.fn = check_dated;
	job.n = ndated;
	if ((err = oreg_parallel_for(&job)) < 0)
		goto done;
	for (k = 0; k < nchunks && err >= 0; k++)
		err = oreg_findings_move(findings, &ca.chunks[k].findings);
done:
	oreg_progress_end(&ca.progress);
	for (k = 0; k < nchunks; k++)
		oreg_findings_release(&ca.chunks[k].findings);
	free(ca.chunks);
	free(ca.dated);
	free(ca.kept);
	return err;
}

/* The index of entry e of a lazy state, added when it was not asked for yet. */
static int found_index(size_t *out, struct state *st, const struct oreg_entry *e)
{
	size_t at, k;
	int err;

	if (st->found_tsize) {
		at = oreg_hash(OREG_HASH_INIT, e->path, strlen(e->path)) & (st->found_tsize - 1);
		for (; st->found_table[at]; at = (at + 1) & (st->found_tsize - 1)) {
			k = st->found_table[at] - 1;
			if (!strcmp(st->found.items[k].path, e->path)) {
				*out = STATE_FOUND + k;
				return 0;
			}
		}
	}
	if ((err = add_found(st, e, 0, &k)) < 0)
		return err;
	*out = STATE_FOUND + k;
	return 0;
}

long state_index_of(struct state *st, const struct oreg_entry *e)
{
	size_t i;
	int err;

	if (st->listed || !st->lazy)
		return find_listed(st, e->path);
	if ((err = found_index(&i, st, e)) < 0) {
		if (!st->failed)
			st->failed = err;
		return -1;
	}
	return (long)i;
}

/* A record is kept for a rule over its type when its facts say what the rule needs. */
static int usable(const struct oreg_record *rec, const struct oreg_record_type *type)
{
	/* an exclusion without a valid since, a screening without a date, is its schema's finding */
	return rec->type && !strcmp(rec->type, type->name) && rec->loaded && (rec->nperiods || rec->date);
}

struct load_some {
	struct state *st;
	const size_t *at;
	int facts_only;
};

static int load_some_one(void *payload, size_t i, struct oreg_worker *w)
{
	struct load_some *ls = payload;
	struct state *st = ls->st;
	size_t at = ls->at[i];
	struct oreg_record **slot = at >= STATE_FOUND ? &st->found_records[at - STATE_FOUND] : &st->records[at];
	struct oreg_record *rec;
	int err;

	(void)w;
	if (*slot && (ls->facts_only || !(*slot)->facts_only))
		return 0;
	if ((err = oreg_record_parse_as(&rec, st->checker, st->reg, st->schemas_key, st->snap, state_entry(st, at),
			ls->facts_only)) < 0)
		return err;
	*slot = rec;
	return 0;
}

int state_type_entries(size_t **out, size_t *n, struct state *st, const struct oreg_record_type *type,
	int facts_only)
{
	struct oreg_buf prefix = OREG_BUF_INIT;
	struct oreg_entries e;
	struct load_some ls = { .st = st, .facts_only = facts_only };
	struct oreg_parallel job = { .threads = st->checker->threads, .fn = load_some_one, .payload = &ls };
	size_t i, plen, lo, hi;
	int err;

	*out = NULL;
	*n = 0;
	oreg_entries_init(&e);
	oreg_buf_addf(&prefix, "%s/%s", st->reg->records_dir, type->folder);
	if ((err = oreg_buf_error(&prefix)) < 0)
		return err;
	if (!st->listed && st->lazy) {
		/* only the type's own folder is listed */
		if ((err = oreg_snapshot_list(&e, st->snap, prefix.ptr)) < 0)
			goto done;
		oreg_buf_addch(&prefix, '/');
		plen = prefix.len;
		if ((err = oreg_buf_error(&prefix)) < 0 || !(*out = oreg_calloc(e.count ? e.count : 1, sizeof(**out)))) {
			err = err < 0 ? err : OREG_ENOMEM;
			goto done;
		}
		for (i = 0; i < e.count; i++)
			if (!strncmp(e.items[i].path, prefix.ptr, plen) && (err = found_index(&(*out)[(*n)++], st, &e.items[i])) < 0)
				goto done;
	} else {
		/* the entries are sorted: the records of a type are one run of them */
		oreg_buf_addch(&prefix, '/');
		if ((err = oreg_buf_error(&prefix)) < 0 || (err = state_list(st)) < 0)
			goto done;
		plen = prefix.len;
		lo = 0;
		hi = st->entries.count;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (strcmp(st->entries.items[mid].path, prefix.ptr) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (hi = lo; hi < st->entries.count && !strncmp(st->entries.items[hi].path, prefix.ptr, plen); hi++)
			;
		if (!(*out = oreg_calloc(hi > lo ? hi - lo : 1, sizeof(**out)))) {
			err = OREG_ENOMEM;
			goto done;
		}
		for (i = lo; i < hi; i++)
			(*out)[(*n)++] = i;
	}
	/* parsed on every core: the lookups are done, so the arrays stay where they are */
	ls.at = *out;
	job.n = *n;
	err = oreg_parallel_for(&job);
done:
	if (err < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	oreg_entries_release(&e);
	oreg_buf_release(&prefix);
	return err;
}

/* The loaded records of type name with a fact test, into *out. */
static int load_type_records(struct state *st, const char *name, struct oreg_record ***out, size_t *nout,
	int *loaded)
{
	const struct oreg_record_type *type = state_type(st, name);
	size_t *at = NULL, n = 0, i;
	int err = 0;

	if (*loaded)
		return 0;
	*loaded = 1;
	if (!type)
		return 0;
	if ((err = state_type_entries(&at, &n, st, type, 1)) < 0)
		return err;
	if (!(*out = oreg_calloc(n ? n : 1, sizeof(**out)))) {
		free(at);
		return OREG_ENOMEM;
	}
	for (i = 0; i < n; i++) {
		struct oreg_record *rec = state_facts(st, at[i], &err);

		if (!rec)
			break;
		if (usable(rec, type))
			(*out)[(*nout)++] = rec;
	}
	free(at);
	return err;
}

int state_load_exclusions(struct state *st)
{
	return load_type_records(st, "exclusion", &st->exclusions, &st->nexclusions, &st->exclusions_loaded);
}

int state_load_screenings(struct state *st)
{
	return load_type_records(st, "screening", &st->screenings, &st->nscreenings, &st->screenings_loaded);
}

long state_find_record(struct state *st, const char *type, const char *id)
{
	struct oreg_buf path = OREG_BUF_INIT;
	size_t i;
	long at = -1;

	for (i = 0; i < st->reg->ntypes; i++) {
		const struct oreg_record_type *t = &st->reg->types[i];

		if (strcmp(t->name, type))
			continue;
		if (t->year_field)
			break; /* references to dated records are not supported by the register's schemas */
		/* for every reference of every record: no printf */
		oreg_buf_adds(&path, st->reg->records_dir);
		oreg_buf_addch(&path, '/');
		oreg_buf_adds(&path, t->folder);
		oreg_buf_addch(&path, '/');
		oreg_buf_adds(&path, id);
		oreg_buf_adds(&path, ".yaml");
		if (!oreg_buf_error(&path))
			at = state_find(st, path.ptr);
		break;
	}
	oreg_buf_release(&path);
	return at;
}

int state_load_year_folders(struct state *st, const struct oreg_record_type *type)
{
	struct oreg_buf prefix = OREG_BUF_INIT;
	size_t i, alloc = 0;
	int err = 0;

	if (st->year_folders_loaded)
		return 0;
	st->year_folders_loaded = 1;
	if (!st->listed && st->lazy) {
		/* the folders below the type's: lookups in an empty one find nothing, as in a listing */
		struct oreg_entries e;

		oreg_entries_init(&e);
		oreg_buf_addf(&prefix, "%s/%s", st->reg->records_dir, type->folder);
		if ((err = oreg_buf_error(&prefix)) == 0 && (err = oreg_snapshot_subfolders(&e, st->snap, prefix.ptr)) == 0 &&
			!(st->year_folders = oreg_calloc(e.count ? e.count : 1, sizeof(*st->year_folders))))
			err = OREG_ENOMEM;
		for (i = 0; !err && i < e.count; i++)
			if (!(st->year_folders[st->nyear_folders++] = oreg_strdup(e.items[i].path)))
				err = OREG_ENOMEM;
		oreg_entries_release(&e);
		oreg_buf_release(&prefix);
		return err;
	}
	if ((err = state_list(st)) < 0)
		return err;
	oreg_buf_addf(&prefix, "%s/%s/", st->reg->records_dir, type->folder);
	if ((err = oreg_buf_error(&prefix)) < 0)
		return err;
	for (i = 0; i < st->entries.count && !err; i++) {
		const char *p = st->entries.items[i].path, *slash;
		char *folder;

		if (strncmp(p, prefix.ptr, prefix.len) || !(slash = strchr(p + prefix.len, '/')))
			continue;
		if (st->nyear_folders &&
			!strncmp(st->year_folders[st->nyear_folders - 1], p, (size_t)(slash - p) + 1))
			continue;
		if ((err = oreg_grow((void **)&st->year_folders, &alloc, st->nyear_folders + 1,
				sizeof(*st->year_folders))) < 0)
			break;
		if (!(folder = oreg_strndup(p, (size_t)(slash - p) + 1)))
			err = OREG_ENOMEM;
		else
			st->year_folders[st->nyear_folders++] = folder;
	}
	oreg_buf_release(&prefix);
	return err;
}

const struct oreg_record_type *state_type(const struct state *st, const char *name)
{
	return oreg_register_type_named(st->reg, name);
}

int state_open(struct state *st, struct oreg_checker *chk, struct oreg_snapshot *snap,
	struct oreg_findings *findings)
{
	return state_open_listing(st, chk, snap, findings, 1);
}

int state_open_lazy(struct state *st, struct oreg_checker *chk, struct oreg_snapshot *snap,
	struct oreg_findings *findings)
{
	return state_open_listing(st, chk, snap, findings, 0);
}
