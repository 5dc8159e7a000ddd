/*
 * everref.c - the organisations that the register's history ever referred
 * to: named by a contact, or holding a partnership of their own, in any
 * commit of a first-parent chain.  Such an organisation is never deleted.
 *
 * The history index answers it when there is one for the chain (a lookup
 * per organisation asked about); otherwise, or when the index turns out
 * damaged, the chain is walked once, newest first.  Each folder version
 * and each record version is read once at each path however many commits
 * share it (a contact folder that did not change between two commits has
 * the same tree id), so the cost is the number of distinct folder versions
 * and record versions, not commits times records.  Every sighting goes
 * into one set, which keeps the organisation's own file if it had a
 * partnership, else the first contact in byte order of paths: the order
 * of the walk does not matter, and the index gives the same answers.
 *
 * What counts: a .yaml file in the contacts folder (at any depth) whose
 * top-level 'organisations' list names the organisation, or its own file
 * <id>.yaml in the organisations folder with a non-empty 'partnerships'
 * list, as oreg_yaml_load reads them.  A shallow clone lacks part of the
 * history, so the walk refuses to answer there rather than guess.
 */
#include "git.h"

#include <stdlib.h>
#include <string.h>

/* An open-addressing set of 20-byte ids; the all-zero id marks a free slot (no object has it). */
struct idset {
	unsigned char (*keys)[20];
	size_t cap, n;
};

static size_t id_hash(const unsigned char id[20])
{
	size_t h;

	memcpy(&h, id, sizeof(h)); /* object ids are uniformly distributed already */
	return h;
}

static int idset_grow(struct idset *s)
{
	struct idset bigger = { NULL, s->cap ? s->cap * 2 : 1024, 0 };
	static const unsigned char zero[20];
	size_t i;

	if (!(bigger.keys = oreg_calloc(bigger.cap, 20)))
		return OREG_ENOMEM;
	for (i = 0; i < s->cap; i++)
		if (memcmp(s->keys[i], zero, 20)) {
			size_t k = id_hash(s->keys[i]) & (bigger.cap - 1);

			while (memcmp(bigger.keys[k], zero, 20))
				k = (k + 1) & (bigger.cap - 1);
			memcpy(bigger.keys[k], s->keys[i], 20);
			bigger.n++;
		}
	free(s->keys);
	*s = bigger;
	return 0;
}

/* Add id: 1 when it is new, 0 when it was there, or a code. */
static int idset_add(struct idset *s, const unsigned char id[20])
{
	static const unsigned char zero[20];
	size_t k;
	int err;

	if ((s->n + 1) * 2 > s->cap && (err = idset_grow(s)) < 0)
		return err;
	for (k = id_hash(id) & (s->cap - 1); memcmp(s->keys[k], zero, 20); k = (k + 1) & (s->cap - 1))
		if (!memcmp(s->keys[k], id, 20))
			return 0;
	memcpy(s->keys[k], id, 20);
	s->n++;
	return 1;
}

/* Organisation ids, each with the rank and path of the record that referred to it first (orgset_add). */
struct orgset {
	char **ids, **by;
	size_t cap, n;
};

static size_t str_hash(const char *s)
{
	size_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* Mix a path into an object id, so that the same object at another path counts again. */
static void path_key(unsigned char key[20], const unsigned char id[20], const char *path)
{
	size_t h = str_hash(path), k;

	memcpy(key, id, 20);
	for (k = 0; k < sizeof(h); k++)
		key[k] ^= (unsigned char)(h >> (8 * k));
}

static long orgset_find(const struct orgset *s, const char *id)
{
	size_t k;

	if (!s->cap)
		return -1;
	for (k = str_hash(id) & (s->cap - 1); s->ids[k]; k = (k + 1) & (s->cap - 1))
		if (!strcmp(s->ids[k], id))
			return (long)k;
	return -1;
}

/*
 * Add that by referred to id.  by[0] ranks it: '0' the organisation's own
 * partnership, '1' a contact; then the path.  The first in that order is
 * kept, whatever the order of the walk.
 */
static int orgset_add(struct orgset *s, const char *id, size_t idlen, const char *by)
{
	char *copy, *bycopy;
	size_t k;

	if ((s->n + 1) * 2 > s->cap) {
		struct orgset bigger = { NULL, NULL, s->cap ? s->cap * 2 : 256, 0 };
		size_t i;

		if (!(bigger.ids = oreg_calloc(bigger.cap, sizeof(char *))) ||
			!(bigger.by = oreg_calloc(bigger.cap, sizeof(char *)))) {
			free(bigger.ids);
			return OREG_ENOMEM;
		}
		for (i = 0; i < s->cap; i++)
			if (s->ids[i]) {
				for (k = str_hash(s->ids[i]) & (bigger.cap - 1); bigger.ids[k]; k = (k + 1) & (bigger.cap - 1))
					;
				bigger.ids[k] = s->ids[i];
				bigger.by[k] = s->by[i];
				bigger.n++;
			}
		free(s->ids);
		free(s->by);
		*s = bigger;
	}
	if (!(copy = oreg_strndup(id, idlen)))
		return OREG_ENOMEM;
	if ((long)(k = (size_t)orgset_find(s, copy)) >= 0) {
		free(copy);
		if (strcmp(by, s->by[k]) >= 0)
			return 0;
		if (!(bycopy = oreg_strdup(by)))
			return OREG_ENOMEM;
		free(s->by[k]);
		s->by[k] = bycopy;
		return 0;
	}
	if (!(bycopy = oreg_strdup(by))) {
		free(copy);
		return OREG_ENOMEM;
	}
	for (k = str_hash(copy) & (s->cap - 1); s->ids[k]; k = (k + 1) & (s->cap - 1))
		;
	s->ids[k] = copy;
	s->by[k] = bycopy;
	s->n++;
	return 0;
}

struct oreg_everref {
	struct oreg_repo *repo;
	char *organisations, *contacts; /* the folders, or NULL */
	unsigned char tip[20];
	struct oreg_histindex *ix;    /* answering, or NULL: the walk's set answers */
	char **answers;               /* the index's answers, living with ever */
	size_t nanswers, aanswers;
	struct orgset orgs;
	size_t commits, trees, blobs; /* what the walk read, for measuring */
};

enum folder_kind { ORGANISATIONS, CONTACTS };

struct walk {
	struct oreg_repo *repo;
	struct oreg_everref *ever;
	struct idset trees[2], blobs[2];
	struct oreg_buf path;
	struct oreg_buf by;           /* rank and path, for orgset_add */
	struct oreg_tree_cache cache; /* the folders above the two, read per commit */
};

/*
 * Only an organisation's file name is ever asked about, and none is
 * longer (the history index keeps no longer ones either).
 */
#define MAX_NAME 255

/* What one record version says: the organisations a contact names, or an organisation's own partnership. */
static int read_record(struct walk *w, enum folder_kind kind, const git_oid *id, const char *name, size_t namelen)
{
	struct oreg_findings scratch;
	struct oreg_document *doc = NULL;
	const struct oreg_value *root, *list;
	git_blob *blob = NULL;
	const char *data;
	size_t i, len;
	int err;

	oreg_findings_init(&scratch);
	if ((err = git_blob_lookup(&blob, w->repo->repo, id)) < 0)
		return oreg_git_fail(err, w->path.ptr);
	w->ever->blobs++;
	data = git_blob_rawcontent(blob);
	len = (size_t)git_blob_rawsize(blob);
	if ((err = oreg_yaml_load_quick(&doc, data, len)) == 0)
		err = oreg_yaml_load(&doc, data, len, w->path.ptr, NULL, &scratch);
	git_blob_free(blob);
	oreg_findings_release(&scratch);
	if (err < 0 || !doc)
		return err < 0 ? err : 0; /* a record that does not load refers to nothing */
	err = 0;
	root = oreg_document_root(doc);
	oreg_buf_clear(&w->by);
	oreg_buf_addch(&w->by, kind == CONTACTS ? '1' : '0');
	oreg_buf_adds(&w->by, w->path.ptr);
	if ((err = oreg_buf_error(&w->by)) < 0) {
		oreg_document_free(doc);
		return err;
	}
	if (kind == CONTACTS) {
		list = oreg_value_get(root, "organisations");
		for (i = 0; list && list->type == OREG_ARRAY && i < list->u.array.count && err >= 0; i++) {
			const struct oreg_value *v = list->u.array.items[i];

			if (v->type == OREG_STRING && v->u.string.len && v->u.string.len <= MAX_NAME &&
				!memchr(v->u.string.ptr, '\0', v->u.string.len))
				err = orgset_add(&w->ever->orgs, v->u.string.ptr, v->u.string.len, w->by.ptr);
		}
	} else {
		list = oreg_value_get(root, "partnerships");
		if (list && list->type == OREG_ARRAY && list->u.array.count)
			err = orgset_add(&w->ever->orgs, name, namelen - 5, w->by.ptr);
	}
	oreg_document_free(doc);
	return err;
}

static int visit_tree(struct walk *w, enum folder_kind kind, const unsigned char id[20])
{
	struct oreg_tree tree;
	unsigned char tree_key[20];
	size_t i, at = w->path.len;
	int err;

	path_key(tree_key, id, w->path.ptr);
	if ((err = idset_add(&w->trees[kind], tree_key)) <= 0)
		return err;
	/* verified: a forged folder (a name twice) must not hide a sighting */
	if ((err = oreg_tree_read_at(&tree, w->repo, id, w->path.ptr)) < 0)
		return err;
	w->ever->trees++;
	for (i = 0; i < tree.count && err >= 0; i++) {
		const struct oreg_tree_entry *e = &tree.items[i];
		const char *name;
		unsigned char key[20];
		git_oid oid;

		oreg_buf_truncate(&w->path, at);
		oreg_buf_addch(&w->path, '/');
		oreg_buf_add(&w->path, e->name, e->len);
		if ((err = oreg_buf_error(&w->path)) < 0)
			break;
		name = w->path.ptr + at + 1;
		if (e->is_tree) {
			err = visit_tree(w, kind, e->id);
			continue;
		}
		/* records only; a sighting depends on the file's path too */
		if (e->mode == OREG_ENTRY_SUBMODULE || e->len <= 5 || memcmp(e->name + e->len - 5, ".yaml", 5))
			continue;
		path_key(key, e->id, w->path.ptr);
		git_oid_fromraw(&oid, e->id);
		if ((err = idset_add(&w->blobs[kind], key)) > 0)
			err = read_record(w, kind, &oid, name, e->len);
	}
	oreg_buf_truncate(&w->path, at);
	oreg_tree_release(&tree);
	return err;
}

static int visit_folder(struct walk *w, enum folder_kind kind, const unsigned char root[20], const char *folder)
{
	struct oreg_tree_entry e;
	int err = oreg_tree_lookup(&e, &w->cache, w->repo, root, folder);

	if (err == OREG_ENOTFOUND)
		return 0;
	if (err < 0 || !e.is_tree)
		return err < 0 ? err : 0;
	oreg_buf_clear(&w->path);
	oreg_buf_adds(&w->path, folder);
	if ((err = oreg_buf_error(&w->path)) < 0)
		return err;
	return visit_tree(w, kind, e.id);
}

/* Walk the chain of ever->tip into ever->orgs. */
static int walk_chain(struct oreg_everref *ever)
{
	struct walk w = { .repo = ever->repo, .ever = ever, .path = OREG_BUF_INIT, .by = OREG_BUF_INIT };
	git_commit *c = NULL, *parent;
	git_oid tip;
	size_t k;
	int err;

	git_oid_fromraw(&tip, ever->tip);
	if ((err = git_commit_lookup(&c, ever->repo->repo, &tip)) < 0)
		err = oreg_git_fail(err, "cannot read the history");
	while (c && err >= 0) {
		const unsigned char *root = git_commit_tree_id(c)->id;

		ever->commits++;
		if (ever->organisations)
			err = visit_folder(&w, ORGANISATIONS, root, ever->organisations);
		if (err >= 0 && ever->contacts)
			err = visit_folder(&w, CONTACTS, root, ever->contacts);
		if (err < 0)
			break;
		parent = NULL;
		if (git_commit_parentcount(c) && (err = git_commit_parent(&parent, c, 0)) < 0) {
			if (git_repository_is_shallow(ever->repo->repo) == 1)
				err = oreg_error(OREG_ERROR, "cannot tell whether an organisation was ever referred to: the "
					"history ends at commit %s, where this shallow clone was cut; fetch all of it (git fetch "
					"--unshallow) and run again", git_oid_tostr_s(git_commit_id(c)));
			else
				err = oreg_git_fail(err, "cannot read the history");
			parent = NULL;
		}
		git_commit_free(c);
		c = parent;
	}
	git_commit_free(c);
	for (k = 0; k < 2; k++) {
		free(w.trees[k].keys);
		free(w.blobs[k].keys);
	}
	oreg_buf_release(&w.path);
	oreg_buf_release(&w.by);
	oreg_tree_cache_release(&w.cache);
	return err < 0 ? err : 0;
}

int oreg_everref_compute(struct oreg_everref **out, struct oreg_repo *r, const char *tip,
	const char *organisations, const char *contacts)
{
	struct oreg_everref *ever;
	git_commit *c = NULL;
	int err;

	*out = NULL;
	if (!(ever = oreg_calloc(1, sizeof(*ever))))
		return OREG_ENOMEM;
	ever->repo = r;
	if ((organisations && !(ever->organisations = oreg_strdup(organisations))) ||
		(contacts && !(ever->contacts = oreg_strdup(contacts)))) {
		err = OREG_ENOMEM;
		goto done;
	}
	if ((err = oreg_git_lookup_commit(&c, r, tip)) < 0)
		goto done;
	memcpy(ever->tip, git_commit_id(c)->id, 20);
	git_commit_free(c);
	/* the index, extended to tip if need be; without one (or when it fails) the walk answers */
	if (oreg_histindex_open(&ever->ix, r, tip, 0, NULL) < 0)
		ever->ix = NULL;
	err = ever->ix ? 0 : walk_chain(ever);
done:
	if (err < 0) {
		oreg_everref_free(ever);
		return err;
	}
	*out = ever;
	return 0;
}

int oreg_everref_by(const char **out, struct oreg_everref *ever, const char *organisation)
{
	char *by = NULL;
	long k;
	int err;

	*out = NULL;
	if (ever->ix) {
		err = oreg_histindex_walk_reference(&by, ever->ix, ever->tip, organisation, ever->organisations,
			ever->contacts);
		if (err == OREG_ENOMEM)
			return err;
		if (err == 0) {
			if (by && oreg_grow((void **)&ever->answers, &ever->aanswers, ever->nanswers + 1,
					sizeof(*ever->answers)) < 0) {
				free(by);
				return OREG_ENOMEM;
			}
			if (by)
				ever->answers[ever->nanswers++] = by;
			*out = by;
			return 0;
		}
		/* damaged, or not the chain asked about: the walk answers from here on */
		oreg_histindex_free(ever->ix);
		ever->ix = NULL;
		if ((err = walk_chain(ever)) < 0)
			return err;
	}
	if ((k = orgset_find(&ever->orgs, organisation)) >= 0)
		*out = ever->orgs.by[k] + 1; /* after the rank */
	return 0;
}

void oreg_everref_counts(const struct oreg_everref *ever, size_t *commits, size_t *trees, size_t *blobs,
	size_t *organisations)
{
	*commits = ever->commits;
	*trees = ever->trees;
	*blobs = ever->blobs;
	*organisations = ever->orgs.n;
}

void oreg_everref_free(struct oreg_everref *ever)
{
	size_t i;

	if (!ever)
		return;
	oreg_histindex_free(ever->ix);
	for (i = 0; i < ever->nanswers; i++)
		free(ever->answers[i]);
	free(ever->answers);
	free(ever->organisations);
	free(ever->contacts);
	for (i = 0; i < ever->orgs.cap; i++) {
		free(ever->orgs.ids[i]);
		free(ever->orgs.by[i]);
	}
	free(ever->orgs.ids);
	free(ever->orgs.by);
	free(ever);
}
