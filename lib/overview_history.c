/*
 * overview_history.c - what history adds to the overview of a year: the
 * organisations that belonged in the year but were deleted since (the
 * deleted section), and what changed since the register was published
 * (the correction log).  overview.c builds the model these start from.
 */
#include "overview.h"

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
	struct contact *extra;   /* contacts of past commits that the snapshot no longer holds */
	size_t nextra, extra_alloc;
};

static struct contact *contact_by_blob(struct contact *list, size_t n, const unsigned char blob[20])
{
	size_t i;

	for (i = 0; i < n; i++)
		if (list[i].has_blob && !memcmp(list[i].blob, blob, 20))
			return &list[i];
	return NULL;
}

/* Judge the organisation at entry e, deleted by commit, with the register as it stood in parent. */
static int judge_deleted(struct deletions *d, const char *commit, struct oreg_snapshot *parent,
	const struct oreg_entry *e, struct oreg_findings *warnings)
{
	struct build *b = d->b;
	struct oreg_arena *a = &b->ov->store->arena;
	struct oreg_entries contacts;
	struct item it = { .path = e->path, .entry = e };
	struct slot s;
	const char *id;
	size_t i, k;
	int err;

	if (!(id = overview_id_of(a, e->path)))
		return 0;
	if (overview_find_slot(b, id) >= 0)
		return 0; /* in the register again */
	for (i = 0; i < d->nseen; i++)
		if (!strcmp(d->seen[i], id))
			return 0;
	if ((err = oreg_grow((void **)&d->seen, &d->seen_alloc, d->nseen + 1, sizeof(*d->seen))) < 0)
		return err;
	d->seen[d->nseen++] = id;

	memset(&s, 0, sizeof(s));
	s.path = e->path;
	s.id = id;
	oreg_entries_init(&contacts);
	for (i = 0; i < d->ndirs; i++)
		if ((err = oreg_snapshot_list(&contacts, parent, d->contact_dirs[i])) < 0)
			goto done;
	for (i = 0; i < contacts.count; i++) {
		const struct oreg_entry *ce = &contacts.items[i];
		struct contact *c = ce->has_id ? contact_by_blob(b->contacts, b->ncontacts, ce->id) : NULL;

		if (!c && ce->has_id)
			c = contact_by_blob(d->extra, d->nextra, ce->id);
		if (!c) {
			struct item ci = { .path = ce->path, .entry = ce };

			if ((err = oreg_grow((void **)&d->extra, &d->extra_alloc, d->nextra + 1, sizeof(*d->extra))) < 0)
				goto done;
			c = &d->extra[d->nextra++];
			memset(c, 0, sizeof(*c));
			c->has_blob = ce->has_id;
			memcpy(c->blob, ce->id, 20);
			if ((err = overview_parse_contact(b, parent, &ci, c, a)) < 0)
				goto done;
			free(c->note.text);
			c->note.text = NULL;
		}
		if (!c->loaded || c->withdrawn || c->date < b->from || c->date > b->until)
			continue;
		for (k = 0; k < c->norgs; k++) {
			if (!strcmp(c->orgs[k], id))
				overview_count(b, &s, c, overview_themes_of(b, c));
		}
	}
	if ((err = overview_process_org(b, parent, &it, &s, a)) < 0)
		goto done;
	if (s.note.text) {
		err = oreg_findings_add(warnings, OREG_SEVERITY_WARNING, e->path, s.note.line, s.note.column, RULE, "",
			"%s (before commit %.7s deleted it): left out", s.note.text, commit);
		free(s.note.text);
		if (err < 0)
			goto done;
	}
	if (!s.member)
		goto done;
	if ((err = overview_stamp_of(&s.org.deleted, d->repo, commit, a)) < 0)
		goto done;
	if ((err = oreg_grow((void **)&d->found, &d->alloc, d->nfound + 1, sizeof(*d->found))) < 0)
		goto done;
	d->found[d->nfound++] = s;
done:
	oreg_entries_release(&contacts);
	return err;
}

struct deleted_step {
	struct deletions *d;
	const char *commit;
	struct oreg_snapshot *before;
	struct oreg_findings *warnings;
};

static int on_deleted(const char *name, size_t len, enum oreg_entry_mode mode, const unsigned char id[20],
	void *payload)
{
	struct deleted_step *st = payload;
	struct oreg_arena *a = &st->d->b->ov->store->arena;
	size_t dlen = strlen(st->d->org_dir);
	struct oreg_entry e = { .mode = mode, .has_id = 1 };
	char *path;

	if (mode != OREG_ENTRY_FILE)
		return 0;
	/* the path outlives the step: a deleted organisation keeps it */
	if (!(path = oreg_arena_alloc(a, dlen + len + 2)))
		return OREG_ENOMEM;
	memcpy(path, st->d->org_dir, dlen);
	path[dlen] = '/';
	memcpy(path + dlen + 1, name, len);
	path[dlen + 1 + len] = '\0';
	e.path = path;
	memcpy(e.id, id, 20);
	return judge_deleted(st->d, st->commit, st->before, &e, st->warnings);
}

/* The organisation files that commit deleted: in the parent's folder, not in its own. */
static int deleted_entries(struct deletions *d, const char *commit, const unsigned char *after,
	const unsigned char before_id[20], struct oreg_snapshot *before, struct oreg_findings *warnings)
{
	struct deleted_step st = { d, commit, before, warnings };

	return oreg_repo_folder_deletions(d->repo, after, before_id, on_deleted, &st);
}

/*
 * Walk the first-parent chain back from commit; where the organisations'
 * folder differs between a commit and its parent, find the files the
 * commit deleted.
 */
int overview_scan_deleted(struct build *b, struct oreg_repo *repo, const char *commit, struct oreg_findings *warnings)
{
	struct deletions d = { .b = b, .repo = repo };
	struct oreg_snapshot *child = NULL, *parent = NULL;
	unsigned char tc[20], tp[20];
	char cur[41], up[41];
	long long year_start;
	int hc, hp, err;
	size_t i;

	if ((err = overview_folder_path(d.org_dir, sizeof(d.org_dir), b->reg, "organisation", 0)) < 0)
		return err;
	for (int y = b->ov->from / 10000; y <= b->ov->until / 10000 && d.ndirs < ARRAY_SIZE(d.contact_dirs); y++)
		if ((err = overview_folder_path(d.contact_dirs[d.ndirs++], sizeof(d.contact_dirs[0]), b->reg, "contact",
				y)) < 0)
			return err;
	/* the first second of the period in Amsterdam: the end of the day before */
	year_start = oreg_day_end_amsterdam(day_before(b->ov->from)) + 1;
	snprintf(cur, sizeof(cur), "%s", commit);
	if ((err = oreg_snapshot_open(&child, repo, OREG_SNAPSHOT_COMMIT, cur)) < 0)
		return err;
	if ((hc = oreg_snapshot_entry_id(tc, child, d.org_dir)) < 0 && hc != OREG_ENOTFOUND) {
		err = hc;
		goto done;
	}
	for (;;) {
		long long when;

		/*
		 * Deletions made before the year began are not this year's: the
		 * register of the year never held those organisations.  Stopping
		 * there keeps the walk to the year and what followed it.
		 */
		if ((err = oreg_repo_commit_time(&when, repo, cur)) < 0)
			goto done;
		if (when < year_start)
			break;
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
		if ((hp = oreg_snapshot_entry_id(tp, parent, d.org_dir)) < 0 && hp != OREG_ENOTFOUND) {
			err = hp;
			goto done;
		}
		if (!hp && (hc < 0 || memcmp(tc, tp, 20)) &&
			(err = deleted_entries(&d, cur, hc < 0 ? NULL : tc, tp, parent, warnings)) < 0)
			goto done;
		oreg_snapshot_free(child);
		child = parent;
		parent = NULL;
		memcpy(tc, tp, 20);
		hc = hp;
		memcpy(cur, up, 41);
	}
	if (d.nfound) {
		if ((err = overview_collect(&b->ov->deleted, &b->ov->ndeleted, d.found, d.nfound, &b->ov->store->arena)) < 0)
			goto done;
	}
done:
	oreg_snapshot_free(child);
	oreg_snapshot_free(parent);
	for (i = 0; i < d.nextra; i++)
		free(d.extra[i].note.text);
	free(d.extra);
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
