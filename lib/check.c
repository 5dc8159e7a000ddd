/*
 * check.c - what to check: a whole snapshot, the change from one snapshot
 * to another, or a range of commits.  An incremental check reads the
 * changed records and the few records a change can affect; a change the
 * cheap path cannot judge (a schema, an exclusion, a deleted organisation)
 * falls back to the whole register, which is always correct.
 */
#include "check.h"

#include <stdlib.h>
#include <string.h>

int oreg_checker_new(struct oreg_checker **out, struct oreg_repo *repo)
{
	struct oreg_checker *chk = oreg_calloc(1, sizeof(*chk));

	*out = NULL;
	if (!chk)
		return OREG_ENOMEM;
	chk->repo = repo;
	oreg_arena_init(&chk->arena);
	pthread_mutex_init(&chk->lock, NULL);
	chk->threads = 0; /* one per core */
	*out = chk;
	return 0;
}

void oreg_checker_set_threads(struct oreg_checker *chk, unsigned threads)
{
	chk->threads = threads ? threads : 1;
}

void oreg_checker_on_document(struct oreg_checker *chk,
	void (*fn)(void *payload, const struct oreg_entry *entry, const struct oreg_document *doc), void *payload)
{
	chk->on_document = fn;
	chk->on_document_payload = payload;
}

void oreg_checker_free(struct oreg_checker *chk)
{
	struct oreg_record *r;
	size_t i;

	if (!chk)
		return;
	for (i = 0; i < chk->nbuckets; i++)
		for (r = chk->buckets[i]; r; r = r->cache_next)
			oreg_record_release(r);
	for (r = chk->uncached; r; r = r->cache_next)
		oreg_record_release(r);
	free(chk->buckets);
	for (i = 0; i < chk->nregisters; i++)
		oreg_register_free(chk->registers[i].reg);
	free(chk->registers);
	screen_memo_free(chk->list_memo);
	rules_memo_free(chk->hits_memo);
	oreg_arena_release(&chk->arena);
	pthread_mutex_destroy(&chk->lock);
	free(chk);
}

static int check_all(struct state *st, struct oreg_findings *findings)
{
	size_t i;
	int err;

	if ((err = state_load_all(st)) < 0 || (err = state_load_exclusions(st)) < 0)
		return err;
	for (i = 0; i < st->entries.count; i++)
		if ((err = rules_check_record(st, i, findings)) < 0)
			return err;
	return 0;
}

int oreg_check_snapshot(struct oreg_checker *chk, struct oreg_snapshot *snap, struct oreg_findings *findings)
{
	struct state st;
	int err;

	/* checked once: the contacts are not kept */
	if ((err = state_open(&st, chk, snap, findings)) == 0 && st.reg && (err = state_check_all(&st, findings)) == 0)
		err = screen_register_lists_snapshot(&st, findings);
	state_close(&st);
	return err;
}

/* Do the two snapshots hold the same schemas/ (and so the same register.yaml)? */
int oreg_same_schemas(struct oreg_snapshot *a, struct oreg_snapshot *b)
{
	struct oreg_entries ea, eb;
	size_t i;
	int err, same;

	oreg_entries_init(&ea);
	oreg_entries_init(&eb);
	if ((err = oreg_snapshot_list(&ea, a, "schemas")) < 0 || (err = oreg_snapshot_list(&eb, b, "schemas")) < 0) {
		same = err;
		goto done;
	}
	same = ea.count == eb.count;
	for (i = 0; same && i < ea.count; i++)
		same = ea.items[i].has_id && eb.items[i].has_id && !strcmp(ea.items[i].path, eb.items[i].path) &&
			!memcmp(ea.items[i].id, eb.items[i].id, 20);
done:
	oreg_entries_release(&ea);
	oreg_entries_release(&eb);
	return same;
}

static bool same_entry(const struct oreg_entry *a, const struct oreg_entry *b)
{
	return a->has_id && b->has_id && a->mode == b->mode && !memcmp(a->id, b->id, 20);
}

int oreg_diff_states(struct state *base, struct state *target,
	int (*fn)(const struct oreg_entry *old, const struct oreg_entry *new, size_t target_index, void *payload),
	void *payload)
{
	size_t i = 0, j = 0;
	int err = 0;

	if ((err = state_list(base)) < 0 || (err = state_list(target)) < 0)
		return err;
	while (!err && (i < base->entries.count || j < target->entries.count)) {
		const struct oreg_entry *a = i < base->entries.count ? &base->entries.items[i] : NULL;
		const struct oreg_entry *b = j < target->entries.count ? &target->entries.items[j] : NULL;
		int c = !a ? 1 : !b ? -1 : strcmp(a->path, b->path);

		if (c < 0) {
			err = fn(a, NULL, 0, payload);
			i++;
		} else if (c > 0) {
			err = fn(NULL, b, j, payload);
			j++;
		} else {
			if (!same_entry(a, b))
				err = fn(a, b, j, payload);
			i++;
			j++;
		}
	}
	return err;
}

struct snapshot_changes {
	struct state *target;
	int (*fn)(const struct oreg_entry *old, const struct oreg_entry *new, size_t target_index, void *payload);
	void *payload;
};

static int on_snapshot_change(const struct oreg_entry *old, const struct oreg_entry *new, void *payload)
{
	struct snapshot_changes *sc = payload;
	/* the change names the entry: a lazy target takes it without looking it up */
	long j = new ? state_index_of(sc->target, new) : 0;

	if (j < 0 && sc->target->failed)
		return sc->target->failed;
	if (j < 0)
		return oreg_error(OREG_ERROR, "'%s' is in the index but not in its listing", new->path);
	return sc->fn(old, new, (size_t)j, sc->payload);
}

int oreg_changes(struct state *base, struct state *target,
	int (*fn)(const struct oreg_entry *old, const struct oreg_entry *new, size_t target_index, void *payload),
	void *payload)
{
	struct snapshot_changes sc = { .target = target, .fn = fn, .payload = payload };
	int err;

	/* each changed record of a lazy target is found by its path */
	if (!target->lazy && (err = state_list(target)) < 0)
		return err;
	err = oreg_snapshot_diff(base->snap, target->snap, target->reg->records_dir, on_snapshot_change, &sc);
	if (err == 1)
		return oreg_diff_states(base, target, fn, payload);
	return err < 0 ? err : state_failure(target, base);
}

struct changes {
	struct state *base, *target;
	size_t *changed; /* target entries to check */
	size_t nchanged, alloc;
	/* exclusions and screenings the change adds or alters, as they were and as they are */
	const struct oreg_record **moved;
	size_t nmoved, amoved;
	bool needs_all;
};

static int add_index(struct changes *ch, size_t j)
{
	if (oreg_grow((void **)&ch->changed, &ch->alloc, ch->nchanged + 1, sizeof(*ch->changed)) < 0)
		return OREG_ENOMEM;
	ch->changed[ch->nchanged++] = j;
	return 0;
}

static int add_moved(struct changes *ch, const struct oreg_record *rec)
{
	if (!rec)
		return 0;
	if (oreg_grow((void **)&ch->moved, &ch->amoved, ch->nmoved + 1, sizeof(*ch->moved)) < 0)
		return OREG_ENOMEM;
	ch->moved[ch->nmoved++] = rec;
	return 0;
}

/* An exclusion or screening changed: keep both its versions, to find what they may affect. */
static int keep_versions(struct changes *ch, const struct oreg_entry *old, size_t j)
{
	const struct oreg_record *was = NULL, *is;
	long at;
	int err = 0;

	if (old && (at = state_find(ch->base, old->path)) >= 0 && !(was = state_facts(ch->base, (size_t)at, &err)))
		return err;
	if (ch->base->failed)
		return ch->base->failed;
	if (!(is = state_record(ch->target, j, &err)))
		return err;
	if ((err = add_moved(ch, was && was->loaded ? was : NULL)) < 0)
		return err;
	return add_moved(ch, is->loaded ? is : NULL);
}

static int collect(const struct oreg_entry *old, const struct oreg_entry *new, size_t j, void *payload)
{
	struct changes *ch = payload;
	const struct oreg_record_type *t = oreg_register_type_of_path(ch->target->reg, (old ? old : new)->path);

	/* a deleted record can leave any reference to it dangling */
	if (t && !new && !t->year_field)
		ch->needs_all = true;
	if (!new)
		return 0;
	/* a changed exclusion or screening: what it compares with is found below */
	if (t && (!strcmp(t->name, "exclusion") || !strcmp(t->name, "screening"))) {
		int err = keep_versions(ch, old, j);

		if (err < 0)
			return err;
	}
	return add_index(ch, j);
}

/* An exclusion the rules compare organisations with (state.c keeps the same ones). */
static bool is_exclusion(const struct oreg_record *rec)
{
	return rec->type && !strcmp(rec->type, "exclusion") && (rec->nperiods || rec->date);
}

/*
 * The organisations an exclusion or screening of the change may affect: an
 * exclusion's versions compared with every organisation (its names, KvK
 * number or link: rules_compare), a screening's organisation by id.  Each
 * is checked again (its own findings, its partnerships); one that the
 * target excludes makes its contacts affected too.
 */
static int affected_organisations(struct changes *ch)
{
	struct state *st = ch->target;
	const struct oreg_record_type *org_type = state_type(st, "organisation");
	size_t *orgs = NULL, n = 0, i, k;
	int err = 0, exclusions = 0;
	long at;

	for (k = 0; k < ch->nmoved; k++)
		exclusions |= is_exclusion(ch->moved[k]);
	if (!org_type)
		return 0;
	for (k = 0; k < ch->nmoved; k++) {
		const struct oreg_record *sc = ch->moved[k];

		if (!sc->type || strcmp(sc->type, "screening") || !sc->organisation)
			continue;
		if ((at = state_find_record(st, "organisation", sc->organisation)) >= 0 &&
			(err = add_index(ch, (size_t)at)) < 0)
			return err;
	}
	if (!exclusions)
		return st->failed;
	if ((err = state_type_entries(&orgs, &n, st, org_type, 1)) < 0)
		return err;
	for (i = 0; i < n && !err; i++) {
		const struct oreg_record *org = state_facts(st, orgs[i], &err);

		if (!org || !org->loaded || !org->type || strcmp(org->type, "organisation"))
			continue;
		for (k = 0; k < ch->nmoved; k++) {
			const struct oreg_record *ex = ch->moved[k];

			if (is_exclusion(ex) && rules_compare(st, ex, org)) {
				err = add_index(ch, orgs[i]);
				break;
			}
		}
	}
	free(orgs);
	return err;
}

struct keyed {
	const char *path;
	size_t at;
};

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct keyed *)a)->path, ((const struct keyed *)b)->path);
}

/* The entries to check, each path once (a lazy state may know one by two indices). */
static int unique_paths(struct changes *ch)
{
	struct keyed *k = oreg_calloc(ch->nchanged ? ch->nchanged : 1, sizeof(*k));
	size_t i, n = 0;

	if (!k)
		return OREG_ENOMEM;
	for (i = 0; i < ch->nchanged; i++) {
		k[i].path = state_entry(ch->target, ch->changed[i])->path;
		k[i].at = ch->changed[i];
	}
	qsort(k, ch->nchanged, sizeof(*k), by_path);
	for (i = 0; i < ch->nchanged; i++)
		if (!n || strcmp(k[n - 1].path, k[i].path))
			k[n++] = k[i];
	for (i = 0; i < n; i++)
		ch->changed[i] = k[i].at;
	ch->nchanged = n;
	free(k);
	return 0;
}

int oreg_check_states(struct state *base, struct state *target, struct oreg_findings *findings)
{
	struct changes ch = { .base = base, .target = target };
	size_t k;
	int err = 0;

	if ((err = screen_register_lists(base, target, findings)) < 0)
		return err;
	/* states read under one policy (state_open_policy) share its schemas key */
	if (!base || !base->reg || (!(base->schemas_key && base->schemas_key == target->schemas_key) &&
			(err = oreg_same_schemas(base->snap, target->snap)) == 0))
		return check_all(target, findings);
	if (err < 0)
		return err;
	if ((err = oreg_changes(base, target, collect, &ch)) < 0 || ch.needs_all ||
		(err = affected_organisations(&ch)) < 0)
		goto done;
	for (k = 0; k < ch.nchanged && !ch.needs_all; k++) {
		struct oreg_record *rec = state_record(target, ch.changed[k], &err);

		if (!rec)
			goto done;
		/* an organisation the target excludes: its contacts are affected */
		if (rec->loaded && rec->type && !strcmp(rec->type, "organisation") &&
			(err = rules_organisation_excluded(target, rec)) != 0) {
			if (err < 0)
				goto done;
			err = 0;
			ch.needs_all = true;
		}
	}
	if (ch.needs_all)
		goto done;
	if ((err = unique_paths(&ch)) < 0)
		goto done;
	for (k = 0; k < ch.nchanged && err >= 0; k++)
		err = rules_check_record(target, ch.changed[k], findings);
done:
	if (err >= 0 && ch.needs_all)
		err = check_all(target, findings);
	free(ch.changed);
	free(ch.moved);
	if (err >= 0)
		err = state_failure(target, base);
	return err < 0 ? err : 0;
}

int oreg_check_changes(struct oreg_checker *chk, struct oreg_snapshot *base, struct oreg_snapshot *target,
	struct oreg_findings *findings)
{
	struct oreg_findings scratch;
	struct state b, t;
	int err;

	oreg_findings_init(&scratch);
	memset(&b, 0, sizeof(b));
	/* against a base, only what changed is read: the target is searched, not listed */
	if ((err = state_open_listing(&t, chk, target, findings, !base)) < 0 || !t.reg)
		goto done;
	/* the base's own problems are not this change's */
	if (base && (err = state_open_listing(&b, chk, base, &scratch, 0)) < 0)
		goto done;
	err = oreg_check_states(base ? &b : NULL, &t, findings);
done:
	state_close(&b);
	state_close(&t);
	oreg_findings_release(&scratch);
	return err;
}
