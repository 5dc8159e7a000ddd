/*
 * state.c - the records of one snapshot.  The entries under records/ are
 * listed once; a record is read and parsed only when a rule asks for it,
 * so an incremental check touches a handful of files while a full check
 * parses them all, on every core.
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

int state_open_listing(struct state *st, struct oreg_checker *chk, struct oreg_snapshot *snap,
	struct oreg_findings *findings, int list)
{
	int err;

	memset(st, 0, sizeof(*st));
	st->checker = chk;
	st->snap = snap;
	oreg_entries_init(&st->entries);
	/* records at a revision are checked against that revision's schemas */
	if ((err = oreg_register_load(&st->reg, oreg_snapshot_read, snap, findings)) < 0 || !st->reg)
		return err;
	if ((err = schemas_key(&st->schemas_key, snap)) < 0)
		return err;
	return list ? state_list(st) : 0;
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

void state_close(struct state *st)
{
	rules_release(st);
	oreg_register_free(st->reg);
	oreg_entries_release(&st->entries);
	free(st->records);
	free(st->exclusions);
	free(st->screenings);
	for (size_t i = 0; i < st->nyear_folders; i++)
		free(st->year_folders[i]);
	free(st->year_folders);
	memset(st, 0, sizeof(*st));
}

long state_find(const struct state *st, const char *path)
{
	size_t lo = 0, hi = st->entries.count;

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

struct oreg_record *state_record(struct state *st, size_t i, int *err)
{
	struct oreg_record *rec;

	*err = 0;
	if (st->records[i])
		return st->records[i];
	*err = oreg_record_parse(&rec, st->checker, st->reg, st->schemas_key, st->snap, &st->entries.items[i]);
	if (*err < 0)
		return NULL;
	st->records[i] = rec;
	return rec;
}

static int load_one(void *payload, size_t i, struct oreg_worker *w)
{
	struct state *st = payload;
	struct oreg_record *rec;
	int err;

	(void)w;
	if (st->records[i])
		return 0;
	if ((err = oreg_record_parse(&rec, st->checker, st->reg, st->schemas_key, st->snap,
			&st->entries.items[i])) < 0)
		return err;
	st->records[i] = rec;
	return 0;
}

int state_load_all(struct state *st)
{
	struct oreg_parallel job = { .n = st->entries.count, .threads = st->checker->threads, .fn = load_one,
		.payload = st };

	return oreg_parallel_for(&job);
}

/* The loaded records of type name with a fact test, into *out. */
static int load_type_records(struct state *st, const char *name, struct oreg_record ***out, size_t *nout,
	int *loaded)
{
	const struct oreg_record_type *type = NULL;
	struct oreg_buf prefix = OREG_BUF_INIT;
	size_t i, n = 0;
	long at;
	int err = 0;

	if (*loaded)
		return 0;
	for (i = 0; i < st->reg->ntypes; i++)
		if (!strcmp(st->reg->types[i].name, name))
			type = &st->reg->types[i];
	*loaded = 1;
	if (!type)
		return 0;
	oreg_buf_addf(&prefix, "%s/%s/", st->reg->records_dir, type->folder);
	if ((err = oreg_buf_error(&prefix)) < 0)
		return err;
	/* the entries are sorted: the records of a type are one run of them */
	at = 0;
	{
		size_t lo = 0, hi = st->entries.count;

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (strcmp(st->entries.items[mid].path, prefix.ptr) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		at = (long)lo;
	}
	for (i = (size_t)at; i < st->entries.count && !strncmp(st->entries.items[i].path, prefix.ptr, prefix.len); i++)
		n++;
	*out = oreg_calloc(n ? n : 1, sizeof(**out));
	if (!*out) {
		oreg_buf_release(&prefix);
		return OREG_ENOMEM;
	}
	for (i = (size_t)at; i < (size_t)at + n; i++) {
		struct oreg_record *rec = state_record(st, i, &err);

		if (!rec)
			break;
		/* an exclusion without a valid since, a screening without a date, is its schema's finding */
		if (rec->type && !strcmp(rec->type, type->name) && rec->loaded && (rec->nperiods || rec->date))
			(*out)[(*nout)++] = rec;
	}
	oreg_buf_release(&prefix);
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

long state_find_record(const struct state *st, const char *type, const char *id)
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
		oreg_buf_addf(&path, "%s/%s/%s.yaml", st->reg->records_dir, t->folder, id);
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
	size_t i;

	for (i = 0; name && i < st->reg->ntypes; i++)
		if (!strcmp(st->reg->types[i].name, name))
			return &st->reg->types[i];
	return NULL;
}

int state_open(struct state *st, struct oreg_checker *chk, struct oreg_snapshot *snap,
	struct oreg_findings *findings)
{
	return state_open_listing(st, chk, snap, findings, 1);
}
