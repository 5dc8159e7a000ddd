/*
 * gitlog.c - the register's history: which commit the register stood at
 * on a day (record time), and every commit that changed one record.  The
 * register's history is the first-parent chain of its branch, each merged
 * merge request one step.
 */
#include "git.h"
#include "histindex.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static bool is_shallow(struct oreg_repo *r)
{
	return git_repository_is_shallow(r->repo) == 1;
}

/*
 * The register's clock is monotone: a first-parent commit's record time is
 * the greatest committer time of it and of every commit before it on the
 * chain, so that a commit dated back never appears in the past.  Record
 * time never decreases along the chain: the register as of a moment is the
 * commit just before the earliest commit dated after it.  The history
 * index holds every step's record time; without it the whole chain is read
 * to find that one (a few milliseconds per thousand commits).
 */
int oreg_repo_as_of(char out[41], struct oreg_repo *r, const char *branch, int32_t day)
{
	long long limit = oreg_day_end_amsterdam(day), root_time = 0;
	git_commit *c = NULL, *parent;
	git_oid tip, after, after_parent;
	int err, have_after = 0, after_is_root = 0, after_is_last = 0;
	char date[OREG_DATE_SIZE];

	/* the history index holds every step's record time: no walk */
	if ((err = oreg_histindex_as_of(out, r, branch, day)) <= 0)
		return err;
	out[0] = '\0';
	oreg_date_format(date, day);
	if ((err = oreg_git_lookup_commit(&c, r, branch ? branch : "HEAD")) < 0)
		return err;
	tip = *git_commit_id(c);
	while (c) {
		int last = 0;

		if ((long long)git_commit_time(c) > limit) {
			have_after = 1;
			after = *git_commit_id(c);
			after_is_root = !git_commit_parentcount(c);
			if (!after_is_root)
				after_parent = *git_commit_parent_id(c, 0);
		}
		root_time = (long long)git_commit_time(c);
		parent = NULL;
		if (git_commit_parentcount(c) && (err = git_commit_parent(&parent, c, 0)) < 0) {
			if (!is_shallow(r)) {
				git_commit_free(c);
				return oreg_git_fail(err, "cannot read the history");
			}
			last = 1; /* the boundary of a shallow clone: what lies beyond is not known */
			parent = NULL;
		}
		after_is_last = have_after && last && git_oid_equal(&after, git_commit_id(c));
		git_commit_free(c);
		c = parent;
	}
	if (!have_after) {
		git_oid_tostr(out, 41, &tip);
		return 0;
	}
	if (after_is_last)
		return oreg_error(OREG_ENOTFOUND, "%s lies beyond the history of this shallow clone: fetch more of it "
			"(git fetch --unshallow)", date);
	if (after_is_root) {
		char first[OREG_TIME_SIZE];

		oreg_time_format(first, root_time, 0, OREG_TIME_DAY);
		return oreg_error(OREG_ENOTFOUND, "the register's history begins on %s: it did not exist yet on %s",
			first, date);
	}
	git_oid_tostr(out, 41, &after_parent);
	return 0;
}

int oreg_repo_record_time(long long *out, struct oreg_repo *r, const char *rev)
{
	git_commit *c = NULL, *parent;
	int err;

	if ((err = oreg_histindex_record_time(out, r, rev)) <= 0)
		return err;
	*out = 0;
	if ((err = oreg_git_lookup_commit(&c, r, rev)) < 0)
		return err;
	while (c) {
		if ((long long)git_commit_time(c) > *out)
			*out = (long long)git_commit_time(c);
		parent = NULL;
		if (git_commit_parentcount(c) && (err = git_commit_parent(&parent, c, 0)) < 0 && !is_shallow(r)) {
			git_commit_free(c);
			return oreg_git_fail(err, "cannot read the history");
		}
		git_commit_free(c);
		c = parent;
	}
	return 0;
}

/*
 * The entry name in the tree id: its id and whether it is a folder; 0 when
 * it is not there.  The trees come from the walk's cache: a commit's folder
 * is its parent's folder in the next step, and big trees cost the most to
 * read (libgit2 keeps no object over a megabyte in its delta-base cache).
 */
static int tree_find(git_oid *out, int *is_tree, struct oreg_tree_cache *tc, struct oreg_repo *r, const git_oid *id,
	const char *path, const char *name, size_t len)
{
	const struct oreg_tree *t;
	const struct oreg_tree_entry *e;
	char where[1024];
	int err;

	/* the folder's path, for a message: what of path comes before name */
	snprintf(where, sizeof(where), "%.*s", name > path ? (int)(name - path - 1) : 0, path);
	if ((err = oreg_tree_cache_get(&t, tc, r, id->id, where)) < 0)
		return err;
	if (!(e = oreg_tree_find(t, name, len)))
		return 0;
	git_oid_fromraw(out, e->id);
	*is_tree = e->is_tree;
	return 1;
}

/*
 * Did path change from parent to commit?  Walks both trees component by
 * component and stops at the first folder whose id is the same in both,
 * which is nearly always the top: a record's folder is rarely touched.
 */
static int path_changed(struct oreg_repo *r, struct oreg_tree_cache *tc, git_commit *commit, git_commit *parent,
	const char *path, git_oid *now, int *present_now, git_oid *before, int *present_before)
{
	git_oid tree_a = *git_commit_tree_id(commit), tree_b;
	int have_a = 1, have_b = parent != NULL;
	const char *p = path;

	*present_now = *present_before = 0;
	memset(now, 0, sizeof(*now));
	memset(before, 0, sizeof(*before));
	if (have_b)
		tree_b = *git_commit_tree_id(parent);
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		git_oid id_a, id_b;
		int found_a = 0, found_b = 0, dir_a = 0, dir_b = 0;

		if (have_a && have_b && git_oid_equal(&tree_a, &tree_b))
			return 0; /* the same folder: nothing below it changed */
		if (!have_a && !have_b)
			return 0;
		if (have_a && (found_a = tree_find(&id_a, &dir_a, tc, r, &tree_a, path, p, len)) < 0)
			return found_a;
		if (have_b && (found_b = tree_find(&id_b, &dir_b, tc, r, &tree_b, path, p, len)) < 0)
			return found_b;
		if (!slash) {
			*present_now = found_a && !dir_a;
			*present_before = found_b && !dir_b;
			if (*present_now)
				*now = id_a;
			if (*present_before)
				*before = id_b;
			return *present_now != *present_before || (*present_now && !git_oid_equal(now, before));
		}
		have_a = found_a && dir_a;
		have_b = found_b && dir_b;
		if (have_a)
			tree_a = id_a;
		if (have_b)
			tree_b = id_b;
		p = slash + 1;
	}
}

/*
 * The commit on the merged side of merge that made the change: the newest
 * commit reachable from its other parents, not from its first, whose own
 * first-parent step changed path.
 */
static int find_author_commit(git_commit **out, struct oreg_repo *r, struct oreg_tree_cache *tc, git_commit *merge,
	const char *path)
{
	git_revwalk *walk = NULL;
	git_oid oid;
	unsigned k;
	int err;

	*out = NULL;
	if ((err = git_revwalk_new(&walk, r->repo)) < 0)
		return oreg_git_fail(err, "cannot read a merged branch");
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
	for (k = 1; k < git_commit_parentcount(merge) && !err; k++)
		err = git_revwalk_push(walk, git_commit_parent_id(merge, k));
	if (!err)
		err = git_revwalk_hide(walk, git_commit_parent_id(merge, 0));
	while (!err && !*out && (err = git_revwalk_next(&oid, walk)) == 0) {
		git_commit *c = NULL, *p = NULL;
		git_oid now, before;
		int pn, pb, changed;

		if ((err = git_commit_lookup(&c, r->repo, &oid)) < 0)
			break;
		if (git_commit_parentcount(c) && (err = git_commit_parent(&p, c, 0)) < 0) {
			git_commit_free(c);
			break;
		}
		changed = path_changed(r, tc, c, p, path, &now, &pn, &before, &pb);
		git_commit_free(p);
		if (changed > 0)
			*out = c;
		else
			git_commit_free(c);
		if (changed < 0) {
			/* openreg's own failure (a corrupt tree), already said */
			git_revwalk_free(walk);
			return changed;
		}
	}
	if (err == GIT_ITEROVER)
		err = 0;
	git_revwalk_free(walk);
	return err < 0 ? oreg_git_fail(err, "cannot read a merged branch") : 0;
}

int oreg_git_report_change(struct oreg_repo *r, struct oreg_tree_cache *tc, git_commit *c, const char *path,
	const unsigned char *now, const unsigned char *before,
	int (*fn)(const struct oreg_record_change *change, void *payload), void *payload)
{
	struct oreg_record_change change;
	git_commit *author = NULL;
	int err;

	memset(&change, 0, sizeof(change));
	change.path = path;
	change.kind = !before ? OREG_CHANGE_ADDED : !now ? OREG_CHANGE_DELETED : OREG_CHANGE_CHANGED;
	if (now)
		memcpy(change.new_id, now, 20);
	if (before)
		memcpy(change.old_id, before, 20);
	if (git_commit_parentcount(c) > 1 && (err = find_author_commit(&author, r, tc, c, path)) < 0)
		return err;
	if ((err = oreg_git_fill_commit(&change.commit, author ? author : c)) < 0 ||
		(author && (err = oreg_git_fill_commit(&change.merge, c)) < 0))
		goto done;
	change.has_merge = author != NULL;
	if (!author && git_commit_parentcount(c) > 1) {
		/* the merge itself made the change */
		change.has_merge = 1;
		err = oreg_git_fill_commit(&change.merge, c);
	}
	if (err >= 0)
		err = fn(&change, payload);
done:
	oreg_commit_release(&change.commit);
	oreg_commit_release(&change.merge);
	git_commit_free(author);
	return err;
}

int oreg_record_log(struct oreg_repo *r, const char *path, const char *from, const char *to,
	int (*fn)(const struct oreg_record_change *change, void *payload), void *payload)
{
	git_commit *c = NULL, *stop = NULL;
	struct oreg_tree_cache tc = { 0 };
	int err;

	if ((err = oreg_histindex_record_log(r, path, from, to, fn, payload)) != 1)
		return err;
	if ((err = oreg_git_lookup_commit(&c, r, to ? to : "HEAD")) < 0)
		return err;
	if (from && (err = oreg_git_lookup_commit(&stop, r, from)) < 0) {
		git_commit_free(c);
		return err;
	}
	while (c && !(stop && git_oid_equal(git_commit_id(c), git_commit_id(stop)))) {
		git_commit *parent = NULL;
		git_oid now, before;
		int pn, pb, changed;

		if (git_commit_parentcount(c) && (err = git_commit_parent(&parent, c, 0)) < 0) {
			/* a shallow clone's history ends here: what lies beyond is not known */
			err = is_shallow(r) ? 0 : oreg_git_fail(err, "cannot read the history");
			break;
		}
		if ((changed = path_changed(r, &tc, c, parent, path, &now, &pn, &before, &pb)) < 0) {
			err = changed;
			git_commit_free(parent);
			break;
		}
		if (changed && (err = oreg_git_report_change(r, &tc, c, path, pn ? now.id : NULL, pb ? before.id : NULL,
				fn, payload)) != 0) {
			git_commit_free(parent);
			break;
		}
		git_commit_free(c);
		c = parent;
	}
	git_commit_free(c);
	git_commit_free(stop);
	oreg_tree_cache_release(&tc);
	return err;
}
