/*
 * everref.c - the organisations that the register's history ever referred
 * to: named by a contact, or holding a partnership of their own, in any
 * commit of a first-parent chain.  Such an organisation is never deleted.
 *
 * The chain is walked once, newest first.  Each folder tree and each blob
 * is read once however many commits share it (a contact folder that did
 * not change between two commits has the same tree id), so the cost is
 * the number of distinct folder versions and record versions, not commits
 * times records.  Every sighting goes into one set, so the order of the
 * walk does not matter.
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

/* Organisation ids, each with the path of a record that referred to it. */
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
	if (orgset_find(s, copy) >= 0) {
		free(copy);
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
	struct orgset orgs;
	size_t commits, trees, blobs; /* what the walk read, for measuring */
};

enum folder_kind { ORGANISATIONS, CONTACTS };

struct walk {
	struct oreg_repo *repo;
	struct oreg_everref *ever;
	struct idset trees[2], blobs[2];
	struct oreg_buf path;
};

/* What one record version says: the organisations a contact names, or an organisation's own partnership. */
static int read_record(struct walk *w, enum folder_kind kind, const git_oid *id, const char *name, size_t namelen)
{
	struct oreg_findings scratch;
	struct oreg_document *doc = NULL;
	const struct oreg_value *root, *list;
	git_blob *blob = NULL;
	size_t i;
	int err;

	oreg_findings_init(&scratch);
	if ((err = git_blob_lookup(&blob, w->repo->repo, id)) < 0)
		return oreg_git_fail(err, w->path.ptr);
	w->ever->blobs++;
	err = oreg_yaml_load(&doc, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob), w->path.ptr, NULL,
		&scratch);
	git_blob_free(blob);
	oreg_findings_release(&scratch);
	if (err < 0 || !doc)
		return err; /* a record that does not load refers to nothing */
	root = oreg_document_root(doc);
	if (kind == CONTACTS) {
		list = oreg_value_get(root, "organisations");
		for (i = 0; list && list->type == OREG_ARRAY && i < list->u.array.count && err >= 0; i++)
			if (list->u.array.items[i]->type == OREG_STRING)
				err = orgset_add(&w->ever->orgs, list->u.array.items[i]->u.string.ptr,
					list->u.array.items[i]->u.string.len, w->path.ptr);
	} else if (namelen > 5 && !memcmp(name + namelen - 5, ".yaml", 5)) {
		list = oreg_value_get(root, "partnerships");
		if (list && list->type == OREG_ARRAY && list->u.array.count)
			err = orgset_add(&w->ever->orgs, name, namelen - 5, w->path.ptr);
	}
	oreg_document_free(doc);
	return err;
}

static int visit_tree(struct walk *w, enum folder_kind kind, const git_oid *id)
{
	git_tree *tree = NULL;
	size_t i, n, at = w->path.len;
	int err;

	if ((err = idset_add(&w->trees[kind], id->id)) <= 0)
		return err;
	if ((err = git_tree_lookup(&tree, w->repo->repo, id)) < 0)
		return oreg_git_fail(err, w->path.ptr);
	w->ever->trees++;
	n = git_tree_entrycount(tree);
	for (i = 0; i < n && err >= 0; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		const char *name = git_tree_entry_name(e);
		size_t namelen = strlen(name);
		unsigned char key[20];

		oreg_buf_truncate(&w->path, at);
		oreg_buf_addch(&w->path, '/');
		oreg_buf_add(&w->path, name, namelen);
		if ((err = oreg_buf_error(&w->path)) < 0)
			break;
		if (git_tree_entry_type(e) == GIT_OBJECT_TREE) {
			err = visit_tree(w, kind, git_tree_entry_id(e));
			continue;
		}
		if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
			continue;
		/* an organisation's sighting depends on its file name too */
		memcpy(key, git_tree_entry_id(e)->id, 20);
		if (kind == ORGANISATIONS) {
			size_t h = str_hash(name), k;

			for (k = 0; k < sizeof(h); k++)
				key[k] ^= (unsigned char)(h >> (8 * k));
		}
		if ((err = idset_add(&w->blobs[kind], key)) > 0)
			err = read_record(w, kind, git_tree_entry_id(e), name, namelen);
	}
	oreg_buf_truncate(&w->path, at);
	git_tree_free(tree);
	return err;
}

static int visit_folder(struct walk *w, enum folder_kind kind, git_tree *root, const char *folder)
{
	git_tree_entry *e = NULL;
	int err = git_tree_entry_bypath(&e, root, folder);

	if (err == GIT_ENOTFOUND)
		return 0;
	if (err < 0)
		return oreg_git_fail(err, folder);
	if (git_tree_entry_type(e) == GIT_OBJECT_TREE) {
		oreg_buf_clear(&w->path);
		oreg_buf_adds(&w->path, folder);
		err = oreg_buf_error(&w->path);
		if (err >= 0)
			err = visit_tree(w, kind, git_tree_entry_id(e));
	}
	git_tree_entry_free(e);
	return err;
}

int oreg_everref_compute(struct oreg_everref **out, struct oreg_repo *r, const char *tip,
	const char *organisations, const char *contacts)
{
	struct walk w = { .repo = r, .path = OREG_BUF_INIT };
	git_commit *c = NULL, *parent;
	size_t k;
	int err;

	*out = NULL;
	if (!(w.ever = oreg_calloc(1, sizeof(*w.ever))))
		return OREG_ENOMEM;
	if ((err = oreg_git_lookup_commit(&c, r, tip)) < 0)
		goto done;
	while (c) {
		git_tree *root = NULL;

		w.ever->commits++;
		if ((err = git_commit_tree(&root, c)) < 0) {
			err = oreg_git_fail(err, "cannot read a commit's tree");
			break;
		}
		if (organisations)
			err = visit_folder(&w, ORGANISATIONS, root, organisations);
		if (err >= 0 && contacts)
			err = visit_folder(&w, CONTACTS, root, contacts);
		git_tree_free(root);
		if (err < 0)
			break;
		parent = NULL;
		if (git_commit_parentcount(c) && (err = git_commit_parent(&parent, c, 0)) < 0) {
			/* a shallow clone's history ends at its boundary */
			err = git_repository_is_shallow(r->repo) == 1 ? 0 : oreg_git_fail(err, "cannot read the history");
			parent = NULL;
		}
		git_commit_free(c);
		c = parent;
		if (err < 0)
			break;
	}
done:
	git_commit_free(c);
	for (k = 0; k < 2; k++) {
		free(w.trees[k].keys);
		free(w.blobs[k].keys);
	}
	oreg_buf_release(&w.path);
	if (err < 0) {
		oreg_everref_free(w.ever);
		return err;
	}
	*out = w.ever;
	return 0;
}

const char *oreg_everref_by(const struct oreg_everref *ever, const char *organisation)
{
	long k = ever ? orgset_find(&ever->orgs, organisation) : -1;

	return k < 0 ? NULL : ever->orgs.by[k];
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
	for (i = 0; i < ever->orgs.cap; i++) {
		free(ever->orgs.ids[i]);
		free(ever->orgs.by[i]);
	}
	free(ever->orgs.ids);
	free(ever->orgs.by);
	free(ever);
}
