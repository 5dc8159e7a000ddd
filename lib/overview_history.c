/*
 * overview_history.c - what history adds to the overview of a year: the
 * organisations that belonged in the year but were deleted since (the
 * deleted section), and what changed since the register was published
 * (the correction log).  overview.c builds the model these start from.
 */
#include "overview.h"
#include "histindex.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- the deleted section ---- */

/* The day before YYYYMMDD day. */
static int32_t day_before(int32_t day)
{
	struct tm tm = { .tm_year = day / 10000 - 1900, .tm_mon = day / 100 % 100 - 1, .tm_mday = day % 100 - 1,
		.tm_hour = 12 };
	time_t t = timegm(&tm);

	gmtime_r(&t, &tm);
	return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

struct deletions {
	struct build *b;
	struct oreg_repo *repo;
	char org_dir[512];
	char contact_dirs[16][512]; /* the period's year folders */
	size_t ndirs;
	struct slot *found;      /* the deleted organisations that belonged in the year */
	size_t nfound, alloc;
	const char **seen;       /* ids whose newest deletion was judged */
	size_t nseen, seen_alloc;
	/* contacts by blob id: the model's, and those of past commits read here (in the arena) */
	struct contact **known;
	size_t known_size, nknown;
	bool known_model;        /* the model's contacts are in it */
};

static size_t blob_slot(const struct deletions *d, const unsigned char blob[20])
{
	uint64_t h;

	memcpy(&h, blob, sizeof(h)); /* an object id is as random as a hash */
	return (size_t)h & (d->known_size - 1);
}

static struct contact *known_contact(const struct deletions *d, const unsigned char blob[20])
{
	size_t k;

	if (!d->known_size)
		return NULL;
	for (k = blob_slot(d, blob); d->known[k]; k = (k + 1) & (d->known_size - 1))
		if (!memcmp(d->known[k]->blob, blob, 20))
			return d->known[k];
	return NULL;
}

static void known_put(struct deletions *d, struct contact *c)
{
	size_t k;

	for (k = blob_slot(d, c->blob); d->known[k]; k = (k + 1) & (d->known_size - 1))
		;
	d->known[k] = c;
	d->nknown++;
}

/* Keep c (with its blob id) among the contacts known by blob, unless one of the same bytes is known. */
static int know_contact(struct deletions *d, struct contact *c)
{
	if (known_contact(d, c->blob))
		return 0; /* the same bytes: the same contact */
	if ((d->nknown + 1) * 2 > d->known_size) {
		struct contact **old = d->known;
		size_t old_size = d->known_size, size = old_size ? old_size * 2 : 1024, i;

		if (!(d->known = oreg_calloc(size, sizeof(*d->known)))) {
			d->known = old;
			return OREG_ENOMEM;
		}
		d->known_size = size;
		d->nknown = 0;
		for (i = 0; i < old_size; i++)
			if (old[i])
				known_put(d, old[i]);
		free(old);
	}
	known_put(d, c);
	return 0;
}

/* Is name (len bytes) a record file's name, as the model lists them: <id>.yaml? */
static bool record_name(const char *name, size_t len)
{
	const char *why;

	return len > 5 && !memcmp(name + len - 5, ".yaml", 5) && !memchr(name, '/', len) &&
		oreg_id_valid(name, len - 5, &why);
}

/* Is path a record file right in one of the period's year folders? */
static bool period_contact(const struct deletions *d, const char *path, size_t len)
{
	size_t i, n;

	for (i = 0; i < d->ndirs; i++) {
		n = strlen(d->contact_dirs[i]);
		if (len > n + 1 && !memcmp(path, d->contact_dirs[i], n) && path[n] == '/')
			return record_name(path + n + 1, len - n - 1);
	}
	return false;
}

/* The id of a deleted organisation's file, when its newest deletion is still to be judged. */
static const char *to_judge(struct deletions *d, const char *path)
{
	const char *id = overview_id_of(&d->b->ov->store->arena, path);
	size_t i;

	if (!id || overview_find_slot(d->b, id) >= 0)
		return NULL; /* not a record, or in the register again */
	for (i = 0; i < d->nseen; i++)
		if (!strcmp(d->seen[i], id))
			return NULL;
	return id;
}

static int mark_seen(struct deletions *d, const char *id)
{
	if (oreg_grow((void **)&d->seen, &d->seen_alloc, d->nseen + 1, sizeof(*d->seen)) < 0)
		return OREG_ENOMEM;
	d->seen[d->nseen++] = id;
	return 0;
}

/*
 * Judge organisation id, whose file e commit deleted: contacts are the
 * contact files of the period's year folders as the commit's parent had
 * them (any that name it), in path order.
 */
static int judge_deleted(struct deletions *d, const char *commit, const char *id, const struct oreg_entry *e,
	const struct oreg_entries *contacts, struct oreg_findings *warnings)
{
	struct build *b = d->b;
	struct oreg_arena *a = &b->ov->store->arena;
	struct item it = { .path = e->path, .entry = e };
	struct slot s;
	size_t i, k;
	int err;

	/* the model's contacts are known by blob from the first deleted organisation judged on */
	for (i = 0; !d->known_model && i < b->ncontacts; i++)
		if (b->contacts[i].has_blob && (err = know_contact(d, &b->contacts[i])) < 0)
			return err;
	d->known_model = true;
	memset(&s, 0, sizeof(s));
	s.path = e->path;
	s.id = id;
	for (i = 0; i < contacts->count; i++) {
		const struct oreg_entry *ce = &contacts->items[i];
		struct contact *c = ce->has_id ? known_contact(d, ce->id) : NULL;

		if (!c) {
			struct item ci = { .path = ce->path, .entry = ce };

			if (!(c = oreg_arena_alloc(a, sizeof(*c))))
				return OREG_ENOMEM;
			memset(c, 0, sizeof(*c));
			c->has_blob = ce->has_id;
			memcpy(c->blob, ce->id, 20);
			err = overview_parse_contact(b, b->snap, &ci, c, a);
			free(c->note.text);
			c->note.text = NULL;
			if (err < 0 || (c->has_blob && (err = know_contact(d, c)) < 0))
				return err;
		}
		if (!c->loaded || c->withdrawn || c->date < b->from || c->date > b->until)
			continue;
		for (k = 0; k < c->norgs; k++) {
			if (!strcmp(c->orgs[k], id))
				overview_count(b, &s, c, overview_themes_of(b, c));
		}
	}
	if ((err = overview_process_org(b, b->snap, &it, &s, a)) < 0)
		return err;
	if (s.note.text) {
		err = oreg_findings_add(warnings, OREG_SEVERITY_WARNING, e->path, s.note.line, s.note.column, RULE, "",
			"%s (before commit %.7s deleted it): left out", s.note.text, commit);
		free(s.note.text);
		if (err < 0)
			return err;
	}
	if (!s.member)
		return 0;
	if ((err = overview_stamp_of(&s.org.deleted, d->repo, commit, a)) < 0 ||
		(err = oreg_grow((void **)&d->found, &d->alloc, d->nfound + 1, sizeof(*d->found))) < 0)
		return err;
	d->found[d->nfound++] = s;
	return 0;
}

/* ---- the deleted section from the history index ---- */

/* A deletion the index holds, with what judging it needs. */
struct indexed_deletion {
	uint32_t step;
	char commit[41];
	const char *id;
	struct oreg_entry entry;
	struct oreg_entries contacts;
};

static int by_step_down(const void *pa, const void *pb)
{
	const struct oreg_hx_entry *a = *(const struct oreg_hx_entry *const *)pa;
	const struct oreg_hx_entry *b = *(const struct oreg_hx_entry *const *)pb;

	/* newest step first; within a step the folder's order, as the index holds it */
	if (a->step != b->step)
		return a->step > b->step ? -1 : 1;
	return a < b ? -1 : a > b;
}

/*
 * The contacts of the period's year folders at step that may name id: those
 * the index says named it at or before step, each in the version step had.
 */
static int indexed_contacts(struct oreg_entries *out, struct deletions *d, struct oreg_histindex *ix, const char *id,
	uint32_t step)
{
	struct oreg_hx_found f;
	struct oreg_buf path = OREG_BUF_INIT;
	size_t i;
	int err;

	if ((err = oreg_histindex_find(&f, ix, 'o', id, strlen(id))) < 0)
		return err;
	for (i = 0; i < f.n && f.items[i].step <= step && !err; i++) {
		const struct oreg_hx_entry *e = &f.items[i];
		unsigned char blob[20];
		struct oreg_entry *ce;
		size_t k;

		if (!e->extra_len || !period_contact(d, e->extra, e->extra_len))
			continue;
		/* a contact that named it in several versions: its version at step once */
		for (k = 0; k < i; k++)
			if (f.items[k].extra_len == e->extra_len && !memcmp(f.items[k].extra, e->extra, e->extra_len))
				break;
		if (k < i)
			continue;
		oreg_buf_clear(&path);
		oreg_buf_add(&path, e->extra, e->extra_len);
		if ((err = oreg_buf_error(&path)) < 0 || (err = oreg_histindex_blob_at(blob, ix, path.ptr, step)) <= 0)
			continue;
		err = 0;
		if (!(ce = oreg_entries_add(out, path.ptr, path.len, OREG_ENTRY_FILE))) {
			err = OREG_ENOMEM;
			break;
		}
		ce->has_id = 1;
		memcpy(ce->id, blob, 20);
	}
	oreg_hx_found_release(&f);
	oreg_buf_release(&path);
	if (!err)
		oreg_entries_sort(out);
	return err;
}

/*
 * What the index says was deleted from the organisations' folder after
 * step low up to step top, newest first, with the contacts each needs
 * judged against.  Nothing is judged yet: a damaged index found on the
 * way (OREG_EINVALID) leaves nothing behind, and the walk answers.
 */
static int indexed_deletions(struct indexed_deletion **out, size_t *n, struct deletions *d, struct oreg_histindex *ix,
	uint32_t low, uint32_t top)
{
	struct oreg_arena *a = &d->b->ov->store->arena;
	struct oreg_hx_found f;
	const struct oreg_hx_entry **order = NULL;
	struct indexed_deletion *list = NULL;
	size_t i, k = 0, alloc = 0, nseen = d->nseen;
	int err;

	*out = NULL;
	*n = 0;
	if ((err = oreg_histindex_find(&f, ix, 'd', d->org_dir, strlen(d->org_dir))) < 0)
		return err;
	if (f.n && !(order = oreg_calloc(f.n, sizeof(*order))))
		err = OREG_ENOMEM;
	for (i = 0; i < f.n && !err; i++)
		if (f.items[i].step > low && f.items[i].step <= top && f.items[i].kind == OREG_ENTRY_FILE)
			order[k++] = &f.items[i];
	if (k)
		qsort(order, k, sizeof(*order), by_step_down);
	for (i = 0; i < k && !err; i++) {
		const struct oreg_hx_entry *e = order[i];
		struct indexed_deletion *x;
		const char *id;
		char *path;
		size_t dlen = strlen(d->org_dir);

		if (!(path = oreg_arena_alloc(a, dlen + e->extra_len + 2))) {
			err = OREG_ENOMEM;
			break;
		}
		memcpy(path, d->org_dir, dlen);
		path[dlen] = '/';
		memcpy(path + dlen + 1, e->extra, e->extra_len);
		path[dlen + 1 + e->extra_len] = '\0';
		if (!(id = to_judge(d, path)))
			continue;
		if ((err = mark_seen(d, id)) < 0 ||
			(err = oreg_grow((void **)&list, &alloc, *n + 1, sizeof(*list))) < 0)
			break;
		x = &list[(*n)++];
		memset(x, 0, sizeof(*x));
		oreg_entries_init(&x->contacts);
		x->step = e->step;
		x->id = id;
		oreg_histindex_commit_hex(x->commit, ix, e->step);
		x->entry.path = path;
		x->entry.mode = OREG_ENTRY_FILE;
		x->entry.has_id = 1;
		memcpy(x->entry.id, e->id, 20);
		err = indexed_contacts(&x->contacts, d, ix, id, e->step - 1);
	}
	d->nseen = nseen; /* judging marks them again */
	free(order);
	oreg_hx_found_release(&f);
	if (err < 0) {
		for (i = 0; i < *n; i++)
			oreg_entries_release(&list[i].contacts);
		free(list);
		*n = 0;
		return err;
	}
	*out = list;
	return 0;
}

/*
 * The deleted section from the index: 1 when it cannot answer (none,
 * commit not on its chain, damaged), and then nothing was judged.
 */
static int scan_indexed(struct deletions *d, const char *commit, long long year_start, struct oreg_findings *warnings)
{
	struct oreg_histindex *ix = NULL;
	struct indexed_deletion *list = NULL;
	struct oreg_hx_commit hc;
	size_t n = 0, i;
	uint32_t lo, hi;
	long top, low;
	int err;

	if ((err = oreg_histindex_use(&ix, d->repo)) < 0 || !ix)
		return 1;
	if ((top = oreg_histindex_step_of_rev(ix, d->repo, commit)) < 0)
		return 1;
	/* the steps whose record time lies in the period or after it (it never decreases along the chain) */
	for (lo = 0, hi = (uint32_t)top + 1; lo < hi;) {
		uint32_t mid = lo + (hi - lo) / 2;

		oreg_histindex_commit(&hc, ix, mid);
		if (hc.record_time >= year_start)
			hi = mid;
		else
			lo = mid + 1;
	}
	low = lo ? (long)lo - 1 : 0; /* the first commit deleted nothing: it has no parent */
	err = indexed_deletions(&list, &n, d, ix, (uint32_t)low, (uint32_t)top);
	if (err == OREG_EINVALID)
		return 1;
	for (i = 0; i < n && !err; i++)
		if ((err = mark_seen(d, list[i].id)) == 0)
			err = judge_deleted(d, list[i].commit, list[i].id, &list[i].entry, &list[i].contacts, warnings);
	for (i = 0; i < n; i++)
		oreg_entries_release(&list[i].contacts);
	free(list);
	return err;
}

/* ---- the deleted section by walking the history ---- */

struct deleted_step {
	struct deletions *d;
	const char *commit;
	struct oreg_snapshot *before;
	struct oreg_findings *warnings;
};

/* The contact files of the period's year folders in snap, as the model lists them. */
static int list_contacts(struct oreg_entries *out, struct deletions *d, struct oreg_snapshot *snap)
{
	struct oreg_entries all;
	size_t i, k;
	int err = 0;

	oreg_entries_init(&all);
	for (i = 0; i < d->ndirs && !err; i++)
		err = oreg_snapshot_list(&all, snap, d->contact_dirs[i]);
	for (k = 0; k < all.count && !err; k++) {
		const struct oreg_entry *e = &all.items[k];
		struct oreg_entry *ce;

		if (!period_contact(d, e->path, strlen(e->path)))
			continue;
		if (!(ce = oreg_entries_add(out, e->path, strlen(e->path), e->mode))) {
			err = OREG_ENOMEM;
			break;
		}
		ce->has_id = e->has_id;
		memcpy(ce->id, e->id, 20);
		ce->size = e->size;
	}
	oreg_entries_release(&all);
	return err;
}

static int on_deleted(const char *name, size_t len, enum oreg_entry_mode mode, const unsigned char id[20],
	void *payload)
{
	struct deleted_step *st = payload;
	struct deletions *d = st->d;
	struct oreg_arena *a = &d->b->ov->store->arena;
	size_t dlen = strlen(d->org_dir);
	struct oreg_entry e = { .mode = mode, .has_id = 1 };
	struct oreg_entries contacts;
	const char *oid;
	char *path;
	int err;

	if (mode != OREG_ENTRY_FILE)
		return 0;
	/* the path outlives the step: a deleted organisation keeps it */
	if (!(path = oreg_arena_alloc(a, dlen + len + 2)))
		return OREG_ENOMEM;
	memcpy(path, d->org_dir, dlen);
	path[dlen] = '/';
	memcpy(path + dlen + 1, name, len);
	path[dlen + 1 + len] = '\0';
	e.path = path;
	memcpy(e.id, id, 20);
	if (!(oid = to_judge(d, path)))
		return 0;
	if ((err = mark_seen(d, oid)) < 0)
		return err;
	oreg_entries_init(&contacts);
	if ((err = list_contacts(&contacts, d, st->before)) == 0)
		err = judge_deleted(d, st->commit, oid, &e, &contacts, st->warnings);
	oreg_entries_release(&contacts);
	return err;
}

/* The organisation files that commit deleted: in the parent's folder, not in its own. */
static int deleted_entries(struct deletions *d, const char *commit, const unsigned char *after,
	const unsigned char before_id[20], struct oreg_snapshot *before, struct oreg_findings *warnings)
{
	struct deleted_step st = { d, commit, before, warnings };

	return oreg_repo_folder_deletions(d->repo, after, before_id, on_deleted, &st);
}

/*
 * How far back from commit (0: commit itself; -1: not even it) the
 * commits go whose record time lies in the period or after it: those
 * up to the oldest one dated in it or after it.  Only commits are read.
 */
static int period_depth(long *depth, struct oreg_repo *repo, const char *commit, long long year_start)
{
	char cur[41], up[41];
	long long when;
	long i;
	int err;

	*depth = -1;
	snprintf(cur, sizeof(cur), "%s", commit);
	for (i = 0;; i++) {
		if ((err = oreg_repo_commit_time(&when, repo, cur)) < 0)
			return i ? 0 : err; /* beyond a shallow clone's boundary: the walk says so when it gets there */
		if (when >= year_start)
			*depth = i;
		if ((err = oreg_repo_parent(up, repo, cur, 0)) < 0)
			return err == OREG_ENOTFOUND ? 0 : err; /* the first commit */
		memcpy(cur, up, 41);
	}
}

/*
 * Walk the first-parent chain back from commit; where the organisations'
 * folder differs between a commit and its parent, find the files the
 * commit deleted.
 */
static int scan_walk(struct deletions *d, const char *commit, long long year_start, struct oreg_findings *warnings)
{
	struct oreg_repo *repo = d->repo;
	struct oreg_snapshot *child = NULL, *parent = NULL;
	unsigned char tc[20], tp[20];
	struct oreg_progress progress;
	char cur[41], up[41];
	long depth, i;
	int hc, hp, err;

	/*
	 * Deletions made before the period began are not the period's: the
	 * register of the period never held those organisations.  The record
	 * time says when a commit was made (a commit dated back in the period
	 * is still of the period); the walk goes back to where it began.
	 */
	if ((err = period_depth(&depth, repo, commit, year_start)) < 0)
		return err;
	snprintf(cur, sizeof(cur), "%s", commit);
	if ((err = oreg_snapshot_open(&child, repo, OREG_SNAPSHOT_COMMIT, cur)) < 0)
		return err;
	if ((hc = oreg_snapshot_entry_id(tc, child, d->org_dir)) < 0 && hc != OREG_ENOTFOUND) {
		err = hc;
		goto done;
	}
	oreg_progress_begin(&progress, "Reading the history for deletions", (size_t)(depth + 1));
	for (i = 0; i <= depth; i++, oreg_progress_tick(&progress)) {
		if ((err = oreg_repo_parent(up, repo, cur, 0)) == OREG_ENOTFOUND) {
			err = 0;
			break; /* the first commit */
		}
		if (err < 0)
			goto done;
		if (oreg_snapshot_open(&parent, repo, OREG_SNAPSHOT_COMMIT, up) < 0) {
			/* a shallow clone: what lies beyond is not known, and the document says so on stderr */
			err = oreg_findings_add(warnings, OREG_SEVERITY_WARNING, "", 0, 0, RULE, "",
				"the history ends at commit %.7s (a shallow clone?): deletions before it are not known", cur);
			break;
		}
		if ((hp = oreg_snapshot_entry_id(tp, parent, d->org_dir)) < 0 && hp != OREG_ENOTFOUND) {
			err = hp;
			goto done;
		}
		if (!hp && (hc < 0 || memcmp(tc, tp, 20)) &&
			(err = deleted_entries(d, cur, hc < 0 ? NULL : tc, tp, parent, warnings)) < 0)
			goto done;
		oreg_snapshot_free(child);
		child = parent;
		parent = NULL;
		memcpy(tc, tp, 20);
		hc = hp;
		memcpy(cur, up, 41);
	}
	oreg_progress_end(&progress);
done:
	oreg_snapshot_free(child);
	oreg_snapshot_free(parent);
	return err;
}

/*
 * The organisations deleted after the period began, up to commit, that
 * belonged in the period as the register stood before each deletion: from
 * the history index when there is one, else by walking the history.
 */
int overview_scan_deleted(struct build *b, struct oreg_repo *repo, const char *commit, struct oreg_findings *warnings)
{
	struct deletions d = { .b = b, .repo = repo };
	long long year_start;
	int err;

	if ((err = overview_folder_path(d.org_dir, sizeof(d.org_dir), b->reg, "organisation", 0)) < 0)
		return err;
	for (int y = b->ov->from / 10000; y <= b->ov->until / 10000 && d.ndirs < ARRAY_SIZE(d.contact_dirs); y++)
		if ((err = overview_folder_path(d.contact_dirs[d.ndirs++], sizeof(d.contact_dirs[0]), b->reg, "contact",
				y)) < 0)
			return err;
	/* the first second of the period in Amsterdam: the end of the day before */
	year_start = oreg_day_end_amsterdam(day_before(b->ov->from)) + 1;
	if (!err && (err = scan_indexed(&d, commit, year_start, warnings)) == 1)
		err = scan_walk(&d, commit, year_start, warnings);
	if (!err && d.nfound)
		err = overview_collect(&b->ov->deleted, &b->ov->ndeleted, d.found, d.nfound, &b->ov->store->arena);
	free(d.known);
	free(d.found);
	free(d.seen);
	return err;
}

/* ---- the correction log ---- */

static bool same_string(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static bool same_themes(const char **a, size_t na, const char **b, size_t nb)
{
	size_t i;

	if (na != nb)
		return false;
	for (i = 0; i < na; i++)
		if (strcmp(a[i], b[i]))
			return false;
	return true;
}

static unsigned changed_fields(const struct oreg_overview_org *a, const struct oreg_overview_org *b)
{
	unsigned f = 0;
	size_t i;

	if (!same_string(a->name, b->name))
		f |= OREG_FIELD_NAME;
	if (!same_string(a->kind, b->kind))
		f |= OREG_FIELD_KIND;
	if (!same_string(a->city, b->city))
		f |= OREG_FIELD_CITY;
	if (!same_themes(a->themes, a->nthemes, b->themes, b->nthemes))
		f |= OREG_FIELD_THEMES;
	if (a->npartnerships != b->npartnerships)
		f |= OREG_FIELD_PARTNERSHIPS;
	for (i = 0; !(f & OREG_FIELD_PARTNERSHIPS) && i < a->npartnerships; i++)
		if (a->partnerships[i].from != b->partnerships[i].from ||
			a->partnerships[i].until != b->partnerships[i].until ||
			!same_themes(a->partnerships[i].themes, a->partnerships[i].nthemes, b->partnerships[i].themes,
				b->partnerships[i].nthemes))
			f |= OREG_FIELD_PARTNERSHIPS;
	if (a->structural != b->structural || a->incidental != b->incidental)
		f |= OREG_FIELD_CONTACTS;
	if (!same_string(a->notes, b->notes))
		f |= OREG_FIELD_NOTES;
	if (a->confidential != b->confidential)
		f |= OREG_FIELD_VISIBILITY;
	return f;
}

struct newest {
	struct oreg_overview_stamp *stamp;
	long long step_time;
	struct oreg_arena *arena;
	int found, err;
};

static int on_change(const struct oreg_record_change *ch, void *payload)
{
	struct newest *n = payload;
	long long step = ch->has_merge ? ch->merge.time : ch->commit.time;

	if (n->found && step <= n->step_time)
		return 1;
	n->found = 1;
	n->step_time = step;
	memcpy(n->stamp->commit, ch->commit.id, 41);
	n->stamp->time = ch->commit.time;
	n->stamp->offset = ch->commit.offset;
	if (!(n->stamp->author = oreg_arena_strndup(n->arena, ch->commit.author, strlen(ch->commit.author))))
		n->err = OREG_ENOMEM;
	return 1; /* newest first: the first change is the one */
}

static bool names_org(const struct contact *c, const char *id)
{
	size_t k;

	for (k = 0; c && k < c->norgs; k++)
		if (!strcmp(c->orgs[k], id))
			return true;
	return false;
}

static const struct contact *contact_by_path(const struct oreg_overview_store *st, const char *path)
{
	size_t lo = 0, hi = st->ncontacts;

	/* the contacts are in path order: the year folders in turn, each listed sorted */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(st->contacts[mid].path, path);

		if (!c)
			return &st->contacts[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The newest commit in base..commit that changed what the overview says of org. */
static int correction_stamp(struct oreg_overview_correction *cor, struct oreg_repo *repo, const char *base,
	const char *commit, const struct oreg_overview *now, const struct oreg_overview *then, const char *org_dir)
{
	struct newest n = { .stamp = &cor->stamp, .arena = &now->store->arena };
	struct oreg_buf path = OREG_BUF_INIT;
	const char *id = cor->org->id;
	size_t i;
	int err;

	oreg_buf_addf(&path, "%s/%s.yaml", org_dir, id);
	if ((err = oreg_buf_error(&path)) < 0)
		return err;
	err = oreg_record_log(repo, path.ptr, base, commit, on_change, &n);
	oreg_buf_release(&path);
	if (err < 0 || n.err < 0)
		return err < 0 ? err : n.err;
	/* the contacts that differ and name the organisation, in either version */
	for (i = 0; i < now->store->ncontacts + then->store->ncontacts; i++) {
		const struct contact *c = i < now->store->ncontacts ? &now->store->contacts[i]
			: &then->store->contacts[i - now->store->ncontacts];
		const struct contact *other = i < now->store->ncontacts ? contact_by_path(then->store, c->path)
			: contact_by_path(now->store, c->path);

		if (i >= now->store->ncontacts && other)
			continue; /* seen from the other side */
		if (other && other->has_blob && c->has_blob && !memcmp(other->blob, c->blob, 20))
			continue;
		if (!names_org(c, id) && !names_org(other, id))
			continue;
		if ((err = oreg_record_log(repo, c->path, base, commit, on_change, &n)) < 0 || n.err < 0)
			return err < 0 ? err : n.err;
	}
	return 0;
}

static long org_index(const struct oreg_overview_org *orgs, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(orgs[i].id, id))
			return (long)i;
	return -1;
}

static int correction_cmp(const void *pa, const void *pb)
{
	const struct oreg_overview_correction *a = pa, *b = pb;
	char *ka = oreg_name_normalise(NULL, a->org->name, strlen(a->org->name));
	char *kb = oreg_name_normalise(NULL, b->org->name, strlen(b->org->name));
	int c = ka && kb ? strcmp(ka, kb) : 0;

	free(ka);
	free(kb);
	if (!c)
		c = strcmp(a->org->name, b->org->name);
	if (!c)
		c = strcmp(a->org->id, b->org->id);
	return c ? c : (int)a->kind - (int)b->kind;
}

int overview_corrections(struct oreg_overview *ov, const struct build *b, struct oreg_repo *repo,
	const char *commit, const struct oreg_overview_options *o, const struct oreg_register *reg, struct oreg_findings *warnings)
{
	struct oreg_overview_options bo = *o;
	struct git_build g;
	struct oreg_overview *then = NULL;
	struct oreg_findings ignored;
	char base[41], org_dir[512];
	size_t i, n = 0;
	int err;

	(void)warnings;
	ov->corrections_since = o->corrections_since;
	/* against what was sent (a publication's commit), or against the register as of a day */
	if (o->corrections_base)
		snprintf(base, sizeof(base), "%s", o->corrections_base);
	else if ((err = oreg_repo_as_of(base, repo, commit, o->corrections_since)) < 0)
		return err;
	bo.corrections_since = 0;
	bo.corrections_base = NULL;
	/* the published register's own warnings were on stderr the day it was published */
	oreg_findings_init(&ignored);
	err = overview_git_model(&g, &then, repo, base, &bo, &ignored);
	overview_git_build_release(&g);
	oreg_findings_release(&ignored);
	if (err < 0) {
		oreg_overview_free(then);
		return err;
	}
	ov->store->base = then;
	ov->base = then->source;
	if ((err = overview_folder_path(org_dir, sizeof(org_dir), reg, "organisation", 0)) < 0)
		return err;
	if (!(ov->corrections = oreg_arena_alloc(&ov->store->arena,
			(ov->norgs + then->norgs + 1) * sizeof(*ov->corrections))))
		return OREG_ENOMEM;
	for (i = 0; i < ov->norgs; i++) {
		long at = org_index(then->orgs, then->norgs, ov->orgs[i].id);
		struct oreg_overview_correction *c = &ov->corrections[n];

		memset(c, 0, sizeof(*c));
		c->org = &ov->orgs[i];
		if (at < 0) {
			c->kind = OREG_CORRECTION_ADDED;
		} else if ((c->fields = changed_fields(&then->orgs[at], &ov->orgs[i]))) {
			c->kind = OREG_CORRECTION_CHANGED;
			c->old = &then->orgs[at];
		} else {
			continue;
		}
		n++;
	}
	for (i = 0; i < then->norgs; i++) {
		struct oreg_overview_correction *c = &ov->corrections[n];
		long now = overview_find_slot(b, then->orgs[i].id);

		if (org_index(ov->orgs, ov->norgs, then->orgs[i].id) >= 0 || (now >= 0 && b->slots[now].hidden))
			continue;
		memset(c, 0, sizeof(*c));
		c->org = &then->orgs[i];
		c->kind = OREG_CORRECTION_REMOVED;
		n++;
	}
	for (i = 0; i < n; i++)
		if (strcmp(base, commit) &&
			(err = correction_stamp(&ov->corrections[i], repo, base, commit, ov, then, org_dir)) < 0)
			return err;
	qsort(ov->corrections, n, sizeof(*ov->corrections), correction_cmp);
	ov->ncorrections = n;
	return 0;
}
