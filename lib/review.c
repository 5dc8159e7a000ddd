/*
 * review.c - the review of a change from one commit to another, as a
 * reader at one level may see it: the records whose files differ, with
 * their field-level changes, and the rule results of the later commit.
 *
 * What the reader may not see is left out: hidden records and fields do
 * not appear, not even as changed, and a finding whose message could
 * quote them (it lies in a hidden record or field, or, at the public
 * level, it comes from a rule that quotes other records: ref, exclusion,
 * history) is withheld and only counted.  The front end prints what is
 * left (openreg diff); a second front end gets the same policy here.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

struct build {
	struct oreg_review *r;
	struct oreg_view *view;
	size_t alloc;
};

static int what_rank(const char *what)
{
	return !strcmp(what, "added") ? 0 : !strcmp(what, "removed") ? 1 : !strcmp(what, "changed") ? 2 : 3;
}

static int compare_changes(const void *pa, const void *pb)
{
	const struct oreg_review_change *a = pa, *b = pb;
	int c = strcmp(a->type, b->type);

	if (c)
		return c;
	if (what_rank(a->what) != what_rank(b->what))
		return what_rank(a->what) - what_rank(b->what);
	return strcmp(a->path, b->path);
}

/* The record at path, its blob in A and in B (NULL where there is no file) as the folders hold them. */
static int add_record(struct build *bd, const char *path, const unsigned char *old, const unsigned char *new)
{
	struct oreg_review *r = bd->r;
	struct oreg_review_change c;
	int err;

	memset(&c, 0, sizeof(c));
	oreg_field_changes_init(&c.fields);
	if ((err = oreg_view_record_listed(&c.old, bd->view, r->a, path, old)) < 0 ||
		(err = oreg_view_record_listed(&c.new, bd->view, r->b, path, new)) < 0) {
		oreg_record_version_release(&c.old);
		/* a file that is no record's is the layout rule's to report */
		return err == OREG_ENOTFOUND ? 0 : err;
	}
	if (c.new.presence == OREG_RECORD_HIDDEN)
		goto drop; /* visibility is judged at B for the whole history: not even "removed" */
	if (c.old.presence == OREG_RECORD_UNREADABLE || c.new.presence == OREG_RECORD_UNREADABLE) {
		c.what = "unreadable";
		/*
		 * Its visibility is unknown: name it only when the readable side
		 * shows the reader may see it, else it may be a confidential one
		 * (an empty path: the front end says "a confidential record").
		 */
		if (!r->confidential && c.old.presence != OREG_RECORD_VISIBLE && c.new.presence != OREG_RECORD_VISIBLE)
			path = "";
	} else if (c.new.presence == OREG_RECORD_VISIBLE && c.old.presence != OREG_RECORD_VISIBLE)
		c.what = "added";
	else if (c.old.presence == OREG_RECORD_VISIBLE && c.new.presence != OREG_RECORD_VISIBLE)
		c.what = "removed";
	else if (c.old.presence == OREG_RECORD_VISIBLE)
		c.what = "changed";
	if (c.what && (!strcmp(c.what, "added") || !strcmp(c.what, "changed")) &&
		(err = oreg_field_diff(&c.fields, c.old.doc ? oreg_document_root(c.old.doc) : NULL,
			c.new.doc ? oreg_document_root(c.new.doc) : NULL)) < 0)
		goto drop;
	if (!c.what || (!strcmp(c.what, "changed") && !c.fields.count))
		goto drop; /* nothing the reader may see changed */
	if (!(c.path = oreg_strdup(path)) ||
		oreg_grow((void **)&r->changes, &bd->alloc, r->nchanges + 1, sizeof(*r->changes)) < 0) {
		err = OREG_ENOMEM;
		goto drop;
	}
	c.type = c.new.type ? c.new.type : c.old.type ? c.old.type : "";
	r->changes[r->nchanges++] = c;
	return 0;
drop:
	free(c.path);
	oreg_field_changes_release(&c.fields);
	oreg_record_version_release(&c.old);
	oreg_record_version_release(&c.new);
	return err < 0 ? err : 0;
}

static int on_change(const struct oreg_entry *old, const struct oreg_entry *new, void *payload)
{
	return add_record(payload, (new ? new : old)->path, old && old->has_id ? old->id : NULL,
		new && new->has_id ? new->id : NULL);
}

/*
 * Every record whose file differs from A to B: folders that are the same
 * in both are skipped, and each changed record is read by the blob ids
 * its folders hold, never looked up from the top.
 */
static int collect(struct build *bd, struct oreg_snapshot *sa, struct oreg_snapshot *sb, const char *dir)
{
	struct oreg_review *r = bd->r;
	int err = oreg_snapshot_changes(sa, sb, dir, on_change, bd);

	if (!err && r->nchanges)
		qsort(r->changes, r->nchanges, sizeof(*r->changes), compare_changes);
	return err;
}

/* Rules whose messages name other records: shown at the confidential level only. */
static int quotes_other_records(const char *rule)
{
	return !strcmp(rule, "ref") || !strcmp(rule, "exclusion") || !strcmp(rule, "history");
}

static int screen_findings(struct build *bd, struct oreg_findings *all)
{
	struct oreg_review *r = bd->r;
	size_t i;
	int err;

	oreg_findings_sort(all);
	oreg_findings_unique(all);
	r->errors = oreg_findings_errors(all);
	r->warnings = all->count - r->errors;
	for (i = 0; i < all->count; i++) {
		const struct oreg_finding *f = &all->items[i];
		enum oreg_visibility vis = OREG_VISIBILITY_PUBLIC;
		enum oreg_visibility level = r->confidential ? OREG_VISIBILITY_CONFIDENTIAL : OREG_VISIBILITY_PUBLIC;

		if (!r->confidential && quotes_other_records(f->rule)) {
			r->withheld++;
			continue;
		}
		if ((err = oreg_view_pointer_visibility(&vis, bd->view, r->b, f->file, f->pointer)) < 0)
			return err;
		if (vis > level) {
			r->withheld++;
			continue;
		}
		if ((err = oreg_findings_add(&r->findings, f->severity, f->file, f->line, f->column, f->rule,
			f->pointer, "%s", f->message)) < 0)
			return err;
	}
	return 0;
}

/*
 * The rules as the server applies them to a push of A..B: every commit of
 * the range against its first parent (the history rules included), then
 * the final tree against A, so that a review never says "0 errors" for a
 * change the server will refuse.  When A is no ancestor of B there is no
 * range to walk, and B is checked against A.
 */
static int check_range(const struct oreg_review *r, struct oreg_repo *repo, struct oreg_checker *chk,
	struct oreg_snapshot *sa, struct oreg_snapshot *sb, struct oreg_findings *all)
{
	char base[41];

	if (!strcmp(r->a, r->b))
		return 0;
	if (oreg_repo_merge_base(base, repo, r->a, r->b) == 0 && !strcmp(base, r->a))
		return oreg_check_range(chk, r->a, r->b, all);
	return oreg_check_changes(chk, sa, sb, all);
}

int oreg_review_new(struct oreg_review **out, struct oreg_repo *repo, const char *from, const char *to,
	int confidential)
{
	struct build bd = { 0 };
	struct oreg_review *r = oreg_calloc(1, sizeof(*r));
	struct oreg_snapshot *sa = NULL, *sb = NULL;
	struct oreg_checker *chk = NULL;
	struct oreg_register *reg = NULL;
	struct oreg_findings all, scratch;
	int err;

	*out = NULL;
	if (!r)
		return OREG_ENOMEM;
	bd.r = r;
	r->confidential = confidential;
	oreg_findings_init(&r->findings);
	oreg_findings_init(&all);
	oreg_findings_init(&scratch);
	if ((err = oreg_repo_resolve(r->a, repo, from)) < 0 ||
		(err = oreg_repo_resolve(r->b, repo, to ? to : "HEAD")) < 0 ||
		/* read the commits themselves: a walk from a parent would fail at a shallow clone's boundary */
		(err = oreg_repo_commit(&r->ca, repo, r->a)) < 0 || (err = oreg_repo_commit(&r->cb, repo, r->b)) < 0 ||
		(err = oreg_view_new(&bd.view, repo, confidential ? OREG_VISIBILITY_CONFIDENTIAL
			: OREG_VISIBILITY_PUBLIC)) < 0 ||
		(err = oreg_snapshot_open(&sa, repo, OREG_SNAPSHOT_COMMIT, r->a)) < 0 ||
		(err = oreg_snapshot_open(&sb, repo, OREG_SNAPSHOT_COMMIT, r->b)) < 0 ||
		(err = oreg_register_load(&reg, oreg_snapshot_read, sb, &scratch)) < 0)
		goto done;
	if ((err = collect(&bd, sa, sb, reg ? oreg_register_records_dir(reg) : "records")) < 0 ||
		(err = oreg_checker_new(&chk, repo)) < 0 || (err = check_range(r, repo, chk, sa, sb, &all)) < 0)
		goto done;
	err = screen_findings(&bd, &all);
done:
	oreg_findings_release(&all);
	oreg_findings_release(&scratch);
	oreg_checker_free(chk);
	oreg_register_free(reg);
	oreg_snapshot_free(sa);
	oreg_snapshot_free(sb);
	oreg_view_free(bd.view);
	if (err < 0) {
		oreg_review_free(r);
		return err;
	}
	*out = r;
	return 0;
}

void oreg_review_free(struct oreg_review *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->nchanges; i++) {
		free(r->changes[i].path);
		oreg_field_changes_release(&r->changes[i].fields);
		oreg_record_version_release(&r->changes[i].old);
		oreg_record_version_release(&r->changes[i].new);
	}
	free(r->changes);
	oreg_findings_release(&r->findings);
	oreg_commit_release(&r->ca);
	oreg_commit_release(&r->cb);
	free(r);
}
