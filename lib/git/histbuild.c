/*
 * histbuild.c - the history index from git: building it along the
 * first-parent chain, extending it when the branch moves on, writing it
 * under one lock, and answering from it (the file format: histindex.c).
 *
 * Building walks each first-parent step once, oldest first, and compares
 * the step's tree with its parent's folder by folder: a folder whose id
 * did not change is skipped whole; a folder that changed is read once, its
 * entries compared with the previous version, which is kept in memory
 * from the step before (so no tree is read twice), and the files that
 * differ are recorded with their new blob ids.  Records that a step adds
 * or changes are parsed with that step's schemas for the organisations
 * they refer to.
 *
 * The index is a cache.  A missing, damaged or stale one is built again;
 * when it cannot be written (a read-only repository, another writer, a
 * push still in quarantine) what is missing is built in memory, and when
 * not even that is wanted the caller reads the history without it.
 */
#include "git.h"
#include "histindex.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_LAYERS 64
/*
 * Only an organisation's file name is ever asked about, and no file name
 * is longer: a longer string in a record is kept out of the index, where
 * it could not be a key.
 */
#define MAX_NAME 255

struct oreg_histindex {
	struct oreg_repo *repo;
	char *dir;                       /* <git common dir>/openreg */
	struct oreg_hx_layer layers[MAX_LAYERS];
	char *names[MAX_LAYERS];         /* the layers' file names, or "(memory)" */
	size_t nlayers;
	uint32_t nsteps;
	unsigned char *chain;            /* the chain file as read, to see whether another writer changed it */
	size_t chain_len;
	int in_memory;                   /* some of it was not written */
};

static const struct oreg_histindex_progress *global_progress;

void oreg_histindex_set_progress(const struct oreg_histindex_progress *progress)
{
	global_progress = progress;
}

static void progress(const struct oreg_histindex_progress *p, const char *what, size_t done, size_t total)
{
	if (p && p->fn)
		p->fn(p->payload, what, done, total);
}

/* ---- the index's folder and its files ---- */

static void close_layers(struct oreg_histindex *ix)
{
	size_t i;

	for (i = 0; i < ix->nlayers; i++) {
		oreg_hx_layer_close(&ix->layers[i]);
		free(ix->names[i]);
		ix->names[i] = NULL;
	}
	ix->nlayers = 0;
	ix->nsteps = 0;
}

/* Close the layers from the first-th on (they are being replaced). */
static void drop_layers(struct oreg_histindex *ix, size_t first)
{
	while (ix->nlayers > first) {
		ix->nlayers--;
		oreg_hx_layer_close(&ix->layers[ix->nlayers]);
		free(ix->names[ix->nlayers]);
		ix->names[ix->nlayers] = NULL;
	}
	ix->nsteps = ix->nlayers ? ix->layers[ix->nlayers - 1].first + ix->layers[ix->nlayers - 1].n : 0;
}

void oreg_histindex_free(struct oreg_histindex *ix)
{
	if (!ix)
		return;
	close_layers(ix);
	free(ix->chain);
	free(ix->dir);
	free(ix);
}

static int index_dir(char **out, struct oreg_repo *r)
{
	const char *common = git_repository_commondir(r->repo);
	struct oreg_buf b = OREG_BUF_INIT;

	*out = NULL;
	if (!common)
		return oreg_error(OREG_ERROR, "the repository has no git directory");
	oreg_buf_adds(&b, common);
	while (b.len > 1 && b.ptr[b.len - 1] == '/')
		oreg_buf_truncate(&b, b.len - 1);
	oreg_buf_adds(&b, "/openreg");
	if (oreg_buf_error(&b) < 0)
		return OREG_ENOMEM;
	*out = oreg_buf_detach(&b, NULL);
	return 0;
}

/* The chain file's bytes (malloc'd, maybe none); OREG_ENOTFOUND when there is no file. */
static int read_chain_file(unsigned char **out, size_t *len, const char *dir)
{
	struct oreg_buf path = OREG_BUF_INIT;
	char *data = NULL;
	int err;

	*out = NULL;
	*len = 0;
	oreg_buf_addf(&path, "%s/history-index", dir);
	if ((err = oreg_buf_error(&path)) < 0)
		return err;
	err = oreg_file_read(&data, len, path.ptr, 1024 * 1024);
	oreg_buf_release(&path);
	if (err < 0 && errno == ENOTDIR)
		err = OREG_ENOTFOUND;
	if (err < 0)
		return err == OREG_ENOTFOUND ? err : oreg_error(OREG_EINVALID, "the history index cannot be read: %s",
			oreg_error_message());
	*out = (unsigned char *)data;
	return 0;
}

/* Open what the chain file names; OREG_ENOTFOUND when there is none, OREG_EINVALID when damaged. */
static int load_chain(struct oreg_histindex *ix)
{
	struct oreg_hx_chain_item items[MAX_LAYERS];
	struct oreg_buf path = OREG_BUF_INIT;
	size_t len = 0, n = 0, i;
	int err;

	close_layers(ix);
	free(ix->chain);
	ix->chain = NULL;
	ix->chain_len = 0;
	/* kept as read, damaged or not: a writer checks that nobody replaced it meanwhile */
	if ((err = read_chain_file(&ix->chain, &ix->chain_len, ix->dir)) < 0)
		return err;
	len = ix->chain_len;
	if ((err = oreg_hx_chain_parse(items, &n, ix->chain, len)) < 0)
		return err;
	for (i = 0; i < n; i++) {
		struct oreg_hx_layer *l = &ix->layers[i];
		unsigned char *map;
		size_t size;

		oreg_hx_layer_filename(&path, ix->dir, items[i].hash);
		if ((err = oreg_buf_error(&path)) < 0)
			return err;
		ix->names[i] = oreg_buf_detach(&path, NULL);
		ix->nlayers = i + 1; /* closed with the others from here on */
		memset(l, 0, sizeof(*l));
		if ((err = oreg_hx_map_file(&map, &size, ix->names[i])) < 0)
			return err == OREG_ENOTFOUND ? oreg_error(OREG_EINVALID, "the history index lacks a layer") : err;
		err = oreg_hx_layer_open(l, map, size, 1, ix->names[i]);
		if (err < 0)
			return err;
		if (memcmp(l->hash, items[i].hash, 32) || l->first != items[i].first || l->n != items[i].n)
			return oreg_error(OREG_EINVALID, "the history index names a layer that is not there");
		if (i) {
			struct oreg_hx_commit last, first;

			oreg_hx_layer_commit(&last, &ix->layers[i - 1], ix->layers[i - 1].n - 1);
			oreg_hx_layer_commit(&first, l, 0);
			if (memcmp(first.parent, last.id, 20))
				return oreg_error(OREG_EINVALID, "the history index's layers do not follow each other");
		}
		ix->nsteps = l->first + l->n;
	}
	return 0;
}

/* The step of commit id on the indexed chain, or -1. */
static long step_of(const struct oreg_histindex *ix, const unsigned char id[20])
{
	size_t i;

	for (i = ix->nlayers; i-- > 0;) {
		long at = oreg_hx_layer_find_commit(&ix->layers[i], id);

		if (at >= 0)
			return (long)ix->layers[i].first + at;
	}
	return -1;
}

static const struct oreg_hx_layer *layer_of(const struct oreg_histindex *ix, uint32_t step)
{
	size_t i;

	for (i = 0; i < ix->nlayers; i++)
		if (step >= ix->layers[i].first && step - ix->layers[i].first < ix->layers[i].n)
			return &ix->layers[i];
	return NULL;
}

static void commit_at(struct oreg_hx_commit *out, const struct oreg_histindex *ix, uint32_t step)
{
	const struct oreg_hx_layer *l = layer_of(ix, step);

	memset(out, 0, sizeof(*out));
	if (l)
		oreg_hx_layer_commit(out, l, step - l->first);
}

/* ---- the lock ---- */

/* 0 with the lock taken, 1 when it cannot be (read-only, another writer), or a failure. */
static int take_lock(struct oreg_histindex *ix, char **lock_path)
{
	struct oreg_buf path = OREG_BUF_INIT;
	int fd;

	*lock_path = NULL;
	if (getenv("GIT_QUARANTINE_PATH") && *getenv("GIT_QUARANTINE_PATH"))
		return 1; /* a push under way: what it brings may yet be refused */
	if (mkdir(ix->dir, 0777) < 0 && errno != EEXIST)
		return 1;
	oreg_buf_addf(&path, "%s/history-index.lock", ix->dir);
	if (oreg_buf_error(&path) < 0)
		return OREG_ENOMEM;
	if ((fd = open(path.ptr, O_WRONLY | O_CREAT | O_EXCL, 0666)) < 0) {
		oreg_buf_release(&path);
		return 1;
	}
	close(fd);
	*lock_path = oreg_buf_detach(&path, NULL);
	return 0;
}

static void drop_lock(char *lock_path)
{
	if (lock_path)
		unlink(lock_path);
	free(lock_path);
}

/* ---- folders, as the walk keeps them ---- */

/*
 * A folder as the walk keeps it: the tree read last for it (not read
 * until it changes: then only id is known) and its subfolders seen so far.
 */
struct fnode {
	unsigned char id[20];
	int present, loaded;
	struct oreg_tree tree;
	struct fnode **kids; /* parallel to tree.items */
};

static void fnode_clear(struct fnode *n);

static void fnode_free(struct fnode *n)
{
	if (n) {
		fnode_clear(n);
		free(n);
	}
}

static void fnode_clear(struct fnode *n)
{
	size_t i;

	for (i = 0; n->kids && i < n->tree.count; i++)
		fnode_free(n->kids[i]);
	free(n->kids);
	oreg_tree_release(&n->tree);
	memset(n, 0, sizeof(*n));
}

/* Read tree id into n (empty before). */
static int fnode_read(struct fnode *n, struct oreg_repo *r, const unsigned char id[20])
{
	int err;

	if ((err = oreg_tree_read(&n->tree, r, id)) < 0)
		return err;
	if (!(n->kids = oreg_calloc(n->tree.count + 1, sizeof(*n->kids))))
		return OREG_ENOMEM;
	memcpy(n->id, id, 20);
	n->present = n->loaded = 1;
	return 0;
}

static int name_cmp(const struct oreg_tree_entry *a, const struct oreg_tree_entry *b)
{
	return oreg_tree_name_cmp(a->name, a->len, a->is_tree, b->name, b->len, b->is_tree);
}

/* ---- building ---- */

/* A record a step added or changed, to read for the organisations it refers to. */
struct pending {
	char *path;
	size_t path_len;
	unsigned char id[20];
	uint32_t step;
	const struct oreg_register *reg; /* the step's schemas */
	struct oreg_buf refs;            /* the ids it refers to, each ending in NUL */
	int partnership;                 /* the last of them is its own: it has a partnership */
	int contact;                     /* the record is a contact */
	struct oreg_buf named;           /* as the history rules' walk reads it: its 'organisations' list */
	int listed;                      /* and a non-empty 'partnerships' list */
};

/*
 * The pending records, in chunks that never move: readers on other
 * threads read them while the walk adds more.
 */
#define CHUNK 4096
#define MAX_CHUNKS 65536

struct readers;

struct build {
	struct oreg_repo *repo;
	struct oreg_hx_model *model;
	uint32_t step;
	git_commit *commit;
	struct oreg_buf path, key;
	struct fnode root;
	/* the records the steps added or changed, to read for references */
	struct pending **chunks; /* MAX_CHUNKS of them */
	size_t npending;
	struct readers *readers; /* reading as the walk goes on, or NULL */
	struct oreg_register **regs, *reg; /* every version of the schemas read; the one in force */
	size_t nregs, aregs;
	unsigned char schemas_id[20];
	int reg_tried;
	const struct oreg_histindex_progress *progress;
};

static int add_entry(struct build *b, char letter, const unsigned char *id, size_t extra_len, const char *extra)
{
	oreg_buf_clear(&b->key);
	oreg_buf_addch(&b->key, letter);
	oreg_buf_add(&b->key, b->path.ptr, b->path.len);
	if (oreg_buf_error(&b->key) < 0)
		return OREG_ENOMEM;
	return oreg_hx_model_add(b->model, b->key.ptr, b->key.len, b->step, id ? OREG_HX_PRESENT : OREG_HX_ABSENT,
		id, extra, extra_len);
}

static struct pending *pending_at(const struct build *b, size_t i)
{
	return &b->chunks[i / CHUNK][i % CHUNK];
}

/* A file at path (len bytes) whose blob is now id: a record to read when it is a .yaml file. */
static int pending_add(struct build *b, const char *path, size_t len, const unsigned char *id)
{
	struct pending *p;

	if (len < 5 || memcmp(path + len - 5, ".yaml", 5))
		return 0;
	if (b->npending / CHUNK >= MAX_CHUNKS)
		return oreg_error(OREG_ELIMIT, "more than %d record versions: too many for one history index",
			CHUNK * MAX_CHUNKS);
	if (!b->chunks[b->npending / CHUNK] &&
		!(b->chunks[b->npending / CHUNK] = oreg_calloc(CHUNK, sizeof(struct pending))))
		return OREG_ENOMEM;
	p = pending_at(b, b->npending);
	memset(p, 0, sizeof(*p));
	oreg_buf_init(&p->refs);
	oreg_buf_init(&p->named);
	if (!(p->path = oreg_strndup(path, len)))
		return OREG_ENOMEM;
	b->npending++;
	p->step = b->step;
	p->path_len = len;
	memcpy(p->id, id, 20);
	return 0;
}

static int file_changed(struct build *b, const unsigned char *id)
{
	int err;

	if ((err = add_entry(b, 'p', id, 0, NULL)) < 0 || !id)
		return err;
	return pending_add(b, b->path.ptr, b->path.len, id);
}

/*
 * The file o was deleted from the folder whose path is the first
 * folder_len bytes of b->path (which holds the file's own path): the
 * folder's 'd' list names it, with its mode and the blob it had.
 */
static int file_deleted(struct build *b, size_t folder_len, const struct oreg_tree_entry *o)
{
	oreg_buf_clear(&b->key);
	oreg_buf_addch(&b->key, 'd');
	oreg_buf_add(&b->key, b->path.ptr, folder_len);
	if (oreg_buf_error(&b->key) < 0)
		return OREG_ENOMEM;
	return oreg_hx_model_add(b->model, b->key.ptr, b->key.len, b->step, (unsigned)o->mode, o->id, o->name,
		o->len);
}

/*
 * n is the folder at b->path as the step before had it; make it the folder
 * new_id (NULL: gone), recording every file and folder that differs.
 * gwalk_change enters the same from what git reports: what is entered
 * here is entered there too, in the same order (t1700 compares the two).
 */
static int fold_update(struct build *b, struct fnode *n, const unsigned char *new_id)
{
	struct fnode next = { 0 };
	size_t i = 0, j = 0, len = b->path.len;
	int err = 0;

	if (n->present && new_id && !memcmp(n->id, new_id, 20))
		return 0;
	if (n->present && !n->loaded) {
		unsigned char id[20];

		memcpy(id, n->id, 20);
		fnode_clear(n);
		if ((err = fnode_read(n, b->repo, id)) < 0)
			goto done;
	}
	if (new_id && (err = fnode_read(&next, b->repo, new_id)) < 0)
		goto done;
	while (i < n->tree.count || j < next.tree.count) {
		const struct oreg_tree_entry *o = i < n->tree.count ? &n->tree.items[i] : NULL;
		const struct oreg_tree_entry *e = j < next.tree.count ? &next.tree.items[j] : NULL;
		int c = !o ? 1 : !e ? -1 : name_cmp(o, e);
		int old_file, new_file;

		if (c < 0)
			e = NULL;
		else if (c > 0)
			o = NULL;
		old_file = o && !o->is_tree;
		new_file = e && !e->is_tree;
		if (len)
			oreg_buf_addch(&b->path, '/');
		oreg_buf_add(&b->path, o ? o->name : e->name, o ? o->len : e->len);
		if ((err = oreg_buf_error(&b->path)) < 0)
			goto done;
		if ((old_file || new_file) && !(old_file && new_file && !memcmp(o->id, e->id, 20)) &&
			(err = file_changed(b, new_file ? e->id : NULL)) < 0)
			goto done;
		if (old_file && !new_file && (err = file_deleted(b, len, o)) < 0)
			goto done;
		if ((o && o->is_tree) || (e && e->is_tree)) {
			struct fnode *kid = o && o->is_tree ? n->kids[i] : NULL;

			if (!kid && !(kid = oreg_calloc(1, sizeof(*kid)))) {
				err = OREG_ENOMEM;
				goto done;
			}
			if (o && o->is_tree) {
				n->kids[i] = NULL;
				if (!kid->present) {
					memcpy(kid->id, o->id, 20);
					kid->present = 1; /* not read until it changes */
				}
			}
			if (!(o && o->is_tree && e && e->is_tree && !memcmp(o->id, e->id, 20)))
				err = fold_update(b, kid, e && e->is_tree ? e->id : NULL);
			if (e && e->is_tree)
				next.kids[j] = kid;
			else
				fnode_free(kid);
			if (err < 0)
				goto done;
		}
		oreg_buf_truncate(&b->path, len);
		if (o)
			i++;
		if (e)
			j++;
	}
	if ((err = add_entry(b, 'f', new_id, 0, NULL)) < 0)
		goto done;
	fnode_clear(n);
	*n = next;
	memset(&next, 0, sizeof(next));
done:
	oreg_buf_truncate(&b->path, len);
	fnode_clear(&next);
	return err;
}

/* The id of the top-level entry name in the root folder as it stands, or NULL. */
static const unsigned char *top_entry(const struct fnode *root, const char *name)
{
	size_t len = strlen(name);
	const struct oreg_tree_entry *e = oreg_tree_find(&root->tree, name, len);

	return e ? e->id : NULL;
}

/*
 * The register's schemas at this step, read again when schemas/ changed;
 * every version read is kept (b->regs) until the references are read.
 */
static int step_register(struct build *b, const unsigned char *id, const git_oid *commit)
{
	struct oreg_snapshot *snap = NULL;
	struct oreg_register *reg = NULL;
	struct oreg_findings findings;
	char hex[41];
	int err;

	if (!id)
		return 0; /* no schemas: the last ones stay */
	if (b->reg_tried && !memcmp(id, b->schemas_id, 20))
		return 0;
	memcpy(b->schemas_id, id, 20);
	b->reg_tried = 1;
	oreg_findings_init(&findings);
	git_oid_tostr(hex, sizeof(hex), commit);
	if ((err = oreg_snapshot_open(&snap, b->repo, OREG_SNAPSHOT_COMMIT, hex)) == 0)
		err = oreg_register_load(&reg, oreg_snapshot_read, snap, &findings);
	oreg_snapshot_free(snap);
	oreg_findings_release(&findings);
	if (err == OREG_ENOMEM)
		return err;
	if (!reg)
		return 0; /* schemas that do not load leave the last good ones in force */
	if (oreg_grow((void **)&b->regs, &b->aregs, b->nregs + 1, sizeof(*b->regs)) < 0) {
		oreg_register_free(reg);
		return OREG_ENOMEM;
	}
	b->regs[b->nregs++] = reg;
	b->reg = reg;
	return 0;
}

/*
 * The records this step added or changed are read with this step's
 * schemas: the folder schemas (its id, or NULL) in commit.
 */
static int step_records(struct build *b, size_t from, const unsigned char *schemas, const git_oid *commit)
{
	size_t i;
	int err;

	if (from == b->npending)
		return 0;
	if ((err = step_register(b, schemas, commit)) < 0)
		return err;
	for (i = from; i < b->npending; i++)
		pending_at(b, i)->reg = b->reg;
	return 0;
}

static int on_ref(void *payload, const char *type, const struct oreg_value *v, const char *pointer)
{
	struct pending *p = payload;

	(void)pointer;
	if (strcmp(type, "organisation") || v->type != OREG_STRING || !v->u.string.len ||
		v->u.string.len > MAX_NAME || memchr(v->u.string.ptr, '\0', v->u.string.len))
		return 0;
	oreg_buf_add(&p->refs, v->u.string.ptr, v->u.string.len);
	oreg_buf_addch(&p->refs, '\0');
	return oreg_buf_error(&p->refs);
}

/* Does an organisation's record have a partnership (an item with a valid 'from')? */
static int has_partnership(const struct oreg_value *root)
{
	const struct oreg_value *list = root ? oreg_value_get(root, "partnerships") : NULL;
	size_t i;

	for (i = 0; list && list->type == OREG_ARRAY && i < list->u.array.count; i++) {
		const struct oreg_value *from = oreg_value_get(list->u.array.items[i], "from");
		int32_t d;

		if (from && from->type == OREG_STRING && oreg_date_parse(&d, from->u.string.ptr, from->u.string.len) == 0)
			return 1;
	}
	return 0;
}

/*
 * What the history rules' walk (everref.c) takes from any .yaml file, with
 * or without schemas: the strings of its top-level 'organisations' list,
 * and whether it has a non-empty 'partnerships' list.
 */
static int walk_facts(struct pending *p, const struct oreg_value *root)
{
	const struct oreg_value *list = oreg_value_get(root, "organisations");
	size_t i;

	for (i = 0; list && list->type == OREG_ARRAY && i < list->u.array.count; i++) {
		const struct oreg_value *v = list->u.array.items[i];

		if (v->type != OREG_STRING || !v->u.string.len || v->u.string.len > MAX_NAME ||
			memchr(v->u.string.ptr, '\0', v->u.string.len))
			continue;
		oreg_buf_add(&p->named, v->u.string.ptr, v->u.string.len);
		oreg_buf_addch(&p->named, '\0');
	}
	list = oreg_value_get(root, "partnerships");
	p->listed = list && list->type == OREG_ARRAY && list->u.array.count;
	return oreg_buf_error(&p->named);
}

/* Read one record for the organisations it refers to. */
static int read_one(struct build *b, struct pending *p)
{
	struct oreg_record_scan scan = { 0 };
	struct oreg_findings findings;
	struct oreg_document *doc = NULL;
	git_odb_object *obj = NULL;
	const char *data;
	size_t len;
	const char *path = p->path;
	git_oid oid;
	int err = 0;

	(void)b;
	git_oid_fromraw(&oid, p->id);
	if (git_odb_read(&obj, b->repo->odb, &oid) < 0 || git_odb_object_type(obj) != GIT_OBJECT_BLOB) {
		/* an object that cannot be read refers to nothing the rules could see either */
		git_odb_object_free(obj);
		return 0;
	}
	data = git_odb_object_data(obj);
	len = git_odb_object_size(obj);
	oreg_findings_init(&findings);
	if (p->reg) {
		/* with no schemas yet nothing is a record */
		scan.on_ref = on_ref;
		scan.payload = p;
		scan.refs_only = true;
		err = oreg_register_scan_record(p->reg, path, data, len, &findings, &scan);
		p->contact = scan.type && !strcmp(scan.type->name, "contact");
		if (err >= 0 && scan.type && !strcmp(scan.type->name, "organisation") && scan.id && scan.doc &&
			has_partnership(oreg_document_root(scan.doc))) {
			oreg_buf_add(&p->refs, scan.id, scan.id_len);
			oreg_buf_addch(&p->refs, '\0');
			p->partnership = 1;
			err = oreg_buf_error(&p->refs);
		}
		doc = scan.doc;
	}
	/* the file as the walk loads it, when the scan did not (not a record's path, no schemas) */
	if (err >= 0 && !doc && (err = oreg_yaml_load_quick(&doc, data, len)) == 0)
		err = oreg_yaml_load(&doc, data, len, path, NULL, &findings);
	if (err >= 0 && doc)
		err = walk_facts(p, oreg_document_root(doc));
	oreg_document_free(doc);
	oreg_findings_release(&findings);
	git_odb_object_free(obj);
	return err < 0 ? err : 0;
}

/*
 * The threads reading records: the walk publishes the records of each
 * step once their schemas are known, and says when it is done.
 */
struct readers {
	struct build *b;
	pthread_mutex_t lock;
	pthread_cond_t more;
	size_t next, published; /* under lock */
	int walked;             /* under lock */
	atomic_int err;
	pthread_t threads[8];
	size_t nthreads;
};

/* Read records until none is left and the walk is done; the calling thread (report) shows the progress. */
static void read_records(struct readers *rd, int report)
{
	size_t i;
	int err;

	for (;;) {
		pthread_mutex_lock(&rd->lock);
		while (rd->next >= rd->published && !rd->walked && !atomic_load(&rd->err))
			pthread_cond_wait(&rd->more, &rd->lock);
		if (rd->next >= rd->published || atomic_load(&rd->err)) {
			pthread_mutex_unlock(&rd->lock);
			return;
		}
		i = rd->next++;
		pthread_mutex_unlock(&rd->lock);
		if ((err = read_one(rd->b, pending_at(rd->b, i))) < 0)
			atomic_store(&rd->err, err);
		if (report && (i + 1) % 1024 == 0)
			progress(rd->b->progress, "Reading references", i + 1, rd->b->npending);
	}
}

static void *read_some(void *payload)
{
	read_records(payload, 0);
	return NULL;
}

static void readers_init(struct readers *rd, struct build *b)
{
	memset(rd, 0, sizeof(*rd));
	rd->b = b;
	pthread_mutex_init(&rd->lock, NULL);
	pthread_cond_init(&rd->more, NULL);
	atomic_init(&rd->err, 0);
}

/* Start threads until there are want of them. */
static void readers_start(struct readers *rd, size_t want)
{
	while (rd->nthreads < want && rd->nthreads < 8 &&
		pthread_create(&rd->threads[rd->nthreads], NULL, read_some, rd) == 0)
		rd->nthreads++;
}

/* The records up to b->npending may be read (their schemas are known); walked: no more will come. */
static void readers_publish(struct readers *rd, int walked)
{
	pthread_mutex_lock(&rd->lock);
	rd->published = rd->b->npending;
	rd->walked |= walked;
	pthread_cond_broadcast(&rd->more);
	pthread_mutex_unlock(&rd->lock);
}

/* Wait for the threads (the walk must be over, or have failed: readers_publish(rd, 1) first). */
static void readers_join(struct readers *rd)
{
	size_t k;

	for (k = 0; k < rd->nthreads; k++)
		pthread_join(rd->threads[k], NULL);
	rd->nthreads = 0;
	pthread_cond_destroy(&rd->more);
	pthread_mutex_destroy(&rd->lock);
}

/* Is id one of the ids (each ending in NUL) in list? */
static int in_list(const struct oreg_buf *list, const char *id)
{
	const char *at;

	for (at = list->ptr; at < list->ptr + list->len; at += strlen(at) + 1)
		if (!strcmp(at, id))
			return 1;
	return 0;
}

/*
 * Enter what the history rules' walk takes from p (walk_facts), but for
 * what a contact's references already say (OREG_HX_REFERRED_NAMED).
 */
static int add_walk_facts(struct build *b, const struct pending *p)
{
	const char *path = p->path, *base = path + p->path_len, *id;
	struct oreg_buf key = OREG_BUF_INIT;
	int err = 0;

	for (id = p->named.ptr; id < p->named.ptr + p->named.len && !err; id += strlen(id) + 1) {
		if (p->contact && in_list(&p->refs, id))
			continue;
		oreg_buf_clear(&key);
		oreg_buf_addch(&key, 'o');
		oreg_buf_adds(&key, id);
		if ((err = oreg_buf_error(&key)) == 0)
			err = oreg_hx_model_add(b->model, key.ptr, key.len, p->step, OREG_HX_NAMED, NULL, path, p->path_len);
	}
	while (base > path && base[-1] != '/')
		base--;
	/* the file's name without .yaml (pending files end in it) */
	if (!err && p->listed && path + p->path_len - base > 5) {
		oreg_buf_clear(&key);
		oreg_buf_addch(&key, 'o');
		oreg_buf_add(&key, base, (size_t)(path + p->path_len - base) - 5);
		if ((err = oreg_buf_error(&key)) == 0)
			err = oreg_hx_model_add(b->model, key.ptr, key.len, p->step, OREG_HX_LISTED, NULL, path, p->path_len);
	}
	oreg_buf_release(&key);
	return err;
}

/*
 * The organisations the records of every step refer to, once the walk is
 * done: the records left are read on every core (the threads reading as
 * the walk went on, and this one), then entered in the order of steps.
 */
static int read_references(struct build *b, struct readers *rd)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	size_t i;
	int err = 0;

	if (b->npending > 256 && cores > 1)
		readers_start(rd, (size_t)cores - 1);
	read_records(rd, 1);
	readers_join(rd);
	if (b->npending)
		progress(b->progress, "Reading references", b->npending, b->npending);
	if ((err = atomic_load(&rd->err)) < 0)
		return err;
	for (i = 0; i < b->npending && !err; i++) {
		const struct pending *p = pending_at(b, i);
		const char *id = p->refs.ptr, *end = p->refs.ptr + p->refs.len;

		if ((err = add_walk_facts(b, p)) < 0)
			break;

		for (; id < end && !err; id += strlen(id) + 1) {
			struct oreg_buf key = OREG_BUF_INIT;
			int own = p->partnership && id + strlen(id) + 1 == end;

			oreg_buf_addch(&key, 'o');
			oreg_buf_adds(&key, id);
			if ((err = oreg_buf_error(&key)) == 0)
				err = oreg_hx_model_add(b->model, key.ptr, key.len, p->step,
					own ? OREG_HX_PARTNERSHIP : !p->contact ? OREG_HX_REFERRED_OTHER :
					in_list(&p->named, id) ? OREG_HX_REFERRED_NAMED : OREG_HX_REFERRED, NULL,
					p->path, p->path_len);
			oreg_buf_release(&key);
		}
	}
	return err;
}

/* The commits a merge brought: reachable from its other parents, not from its first. */
static int side_commits(struct build *b, git_commit *merge)
{
	git_revwalk *walk = NULL;
	git_oid oid;
	unsigned k;
	int err;

	if ((err = git_revwalk_new(&walk, b->repo->repo)) < 0)
		return oreg_git_fail(err, "cannot walk a merged branch");
	for (k = 1; k < git_commit_parentcount(merge) && !err; k++)
		err = git_revwalk_push(walk, git_commit_parent_id(merge, k));
	if (!err)
		err = git_revwalk_hide(walk, git_commit_parent_id(merge, 0));
	while (!err && (err = git_revwalk_next(&oid, walk)) == 0)
		err = oreg_hx_model_add_side(b->model, oid.id, b->step);
	git_revwalk_free(walk);
	if (err == GIT_ITEROVER)
		return 0;
	return err < 0 && err != OREG_ENOMEM ? oreg_git_fail(err, "cannot walk a merged branch") : err;
}

/* ---- comparing the trees with the git program ---- */

/*
 * A long build lets git compare the trees (gitdiff.c): git keeps the delta
 * bases of the large folder trees, libgit2 1.5 none over 1 MB, and git's
 * comparison runs on one core while this process reads the records on the
 * others.  What git reports is entered exactly as the walk above would
 * enter it (files in git's order, a folder after what is in it, the root
 * last), and checked as it comes: the pairs in order, each step's paths in
 * git's order, below folders that changed with them, names git accepts,
 * no file where a folder stands; a folder that appears has its parent
 * read and verified as the walk would.  On any doubt nothing is kept and
 * the walk builds the steps itself.  OPENREG_HISTORY_DIFF=walk never asks
 * git, =git asks it for any number of steps (tests compare the two).
 */
#define GIT_MIN_STEPS 32
#define GIT_MIN_EXTEND 512

struct gchange {
	size_t path;       /* offset in gwalk.paths */
	size_t len;
	size_t extra;      /* 'd': the file's name, at this offset in gwalk.paths */
	size_t extra_len;
	char letter;       /* 'p', 'f' or 'd' */
	char present;
	unsigned kind;     /* 'd': the deleted file's mode */
	unsigned char id[20];
};

/* The folders that stand, as a set of paths (open addressing). */
struct folders {
	char **slots;
	size_t nslots, n;
};

struct gwalk {
	struct gchange *items;
	size_t n, alloc;
	struct oreg_buf paths;
	size_t *step_end;     /* the end of each step's changes in items */
	struct folders folders;
	/* this step's folders that changed, from the root down: where they end in paths, their ids */
	struct { size_t path, len; unsigned char id[20]; int present; } stack[OREG_TREE_PATH_MAX / 2 + 1];
	size_t depth;
	struct oreg_buf suspects; /* files the step added where a folder stood, each ending in NUL */
	struct oreg_buf last; /* the step's path before, to check the order */
	int last_tree, have_last;
};

static size_t folders_slot(const struct folders *f, const char *path, size_t len)
{
	size_t i = (size_t)oreg_hash(0, path, len) & (f->nslots - 1);

	while (f->slots[i] && (strlen(f->slots[i]) != len || memcmp(f->slots[i], path, len)))
		i = (i + 1) & (f->nslots - 1);
	return i;
}

static int folders_has(const struct folders *f, const char *path, size_t len)
{
	return f->nslots && f->slots[folders_slot(f, path, len)] != NULL;
}

static int folders_add(struct folders *f, const char *path, size_t len)
{
	size_t i;

	if ((f->n + 1) * 2 > f->nslots) {
		struct folders g = { NULL, f->nslots ? f->nslots * 2 : 64, 0 };

		if (!(g.slots = oreg_calloc(g.nslots, sizeof(*g.slots))))
			return OREG_ENOMEM;
		for (i = 0; i < f->nslots; i++)
			if (f->slots[i])
				g.slots[folders_slot(&g, f->slots[i], strlen(f->slots[i]))] = f->slots[i];
		g.n = f->n;
		free(f->slots);
		*f = g;
	}
	i = folders_slot(f, path, len);
	if (!f->slots[i]) {
		if (!(f->slots[i] = oreg_strndup(path, len)))
			return OREG_ENOMEM;
		f->n++;
	}
	return 0;
}

static void folders_remove(struct folders *f, const char *path, size_t len)
{
	size_t i, j;

	if (!f->nslots || !f->slots[i = folders_slot(f, path, len)])
		return;
	free(f->slots[i]);
	f->slots[i] = NULL;
	f->n--;
	/* move back what the hole would hide */
	for (j = (i + 1) & (f->nslots - 1); f->slots[j]; j = (j + 1) & (f->nslots - 1)) {
		char *s = f->slots[j];

		f->slots[j] = NULL;
		f->slots[folders_slot(f, s, strlen(s))] = s;
	}
}

static void folders_release(struct folders *f)
{
	size_t i;

	for (i = 0; i < f->nslots; i++)
		free(f->slots[i]);
	free(f->slots);
	memset(f, 0, sizeof(*f));
}

/* The folders below tree id (at path), as they stand: read as the walk reads them. */
static int folders_of(struct folders *f, struct oreg_repo *r, const unsigned char id[20], struct oreg_buf *path)
{
	struct oreg_tree t;
	size_t i, len = path->len;
	int err;

	if ((err = oreg_tree_read(&t, r, id)) < 0)
		return err;
	for (i = 0; i < t.count && !err; i++) {
		if (!t.items[i].is_tree)
			continue;
		if (len)
			oreg_buf_addch(path, '/');
		oreg_buf_add(path, t.items[i].name, t.items[i].len);
		if ((err = oreg_buf_error(path)) == 0 && (err = folders_add(f, path->ptr, path->len)) == 0)
			err = folders_of(f, r, t.items[i].id, path);
		oreg_buf_truncate(path, len);
	}
	oreg_tree_release(&t);
	return err;
}

/* A change at path (len bytes; NULL: the path at offset at in w->paths, kept there already). */
static int gchange_add(struct gwalk *w, char letter, const char *path, size_t len, size_t at, const unsigned char *id)
{
	struct gchange *c;

	if (oreg_grow((void **)&w->items, &w->alloc, w->n + 1, sizeof(*w->items)) < 0)
		return OREG_ENOMEM;
	c = &w->items[w->n++];
	memset(c, 0, sizeof(*c));
	c->path = path ? w->paths.len : at;
	c->len = len;
	c->letter = letter;
	c->present = id != NULL;
	if (id)
		memcpy(c->id, id, 20);
	else
		memset(c->id, 0, 20);
	if (path)
		oreg_buf_add(&w->paths, path, len);
	return oreg_buf_error(&w->paths);
}

/* Close the changed folders deeper than depth: each entered after what is in it, as the walk does. */
static int gwalk_pop(struct gwalk *w, size_t depth)
{
	int err = 0;

	while (w->depth > depth && !err) {
		w->depth--;
		err = gchange_add(w, 'f', NULL, w->stack[w->depth].len, w->stack[w->depth].path,
			w->stack[w->depth].present ? w->stack[w->depth].id : NULL);
	}
	return err;
}

/* git's order of whole paths, a folder's as if it ended in '/', a folder before what is in it. */
static int path_order(const char *a, size_t alen, int adir, const char *b, size_t blen, int bdir)
{
	int c = oreg_tree_name_cmp(a, alen, adir, b, blen, bdir);

	return c ? c : alen == blen ? 0 : alen < blen ? -1 : 1;
}

static int is_folder_mode(unsigned mode)
{
	return (mode & 0170000) == 040000;
}

/*
 * One change git reported in step i (tree the step's root): 0, 1 on
 * doubt, or a failure.
 */
static int gwalk_change(struct build *b, struct gwalk *w, const struct oreg_gitdiff_change *c,
	const unsigned char tree[20])
{
	int otree = is_folder_mode(c->omode), ntree = is_folder_mode(c->nmode), folder = otree || ntree;
	const char *name = c->path, *slash;
	size_t depth = 0, parent_len = 0;
	int err;

	if ((otree && c->nmode && !ntree) || (ntree && c->omode && !otree) || (!c->omode && !c->nmode) ||
		(c->status == 'A') != !c->omode || (c->status == 'D') != !c->nmode)
		return 1;
	if (folder && !memcmp(c->oid, c->nid, 20))
		return 1;
	if (w->have_last && path_order(w->last.ptr, w->last.len, w->last_tree, c->path, c->len, folder) >= 0)
		return 1;
	oreg_buf_clear(&w->last);
	oreg_buf_add(&w->last, c->path, c->len);
	if ((err = oreg_buf_error(&w->last)) < 0)
		return err;
	w->last_tree = folder;
	w->have_last = 1;
	/* the folders it lies in changed too, and came just before, from the root down */
	for (slash = c->path; (slash = memchr(slash, '/', c->len - (size_t)(slash - c->path))); slash++) {
		depth++;
		name = slash + 1;
		parent_len = (size_t)(slash - c->path);
	}
	if (depth > OREG_TREE_PATH_MAX / 2 || (c->nmode && !oreg_tree_name_ok(name, c->len - (size_t)(name - c->path))))
		return 1;
	if (depth < w->depth && (err = gwalk_pop(w, depth)) != 0)
		return err;
	if (depth != w->depth || (depth && (w->stack[depth - 1].len != parent_len ||
			memcmp(w->paths.ptr + w->stack[depth - 1].path, c->path, parent_len))))
		return 1;
	if (folder) {
		if (c->nmode && !c->omode) {
			const unsigned char *pid = depth ? w->stack[depth - 1].id : tree;
			struct oreg_tree t;

			/* a folder that appears: its parent has no file of that name (the walk's check) */
			if (folders_has(&w->folders, c->path, c->len) || (depth && !w->stack[depth - 1].present))
				return 1;
			if ((err = oreg_tree_read(&t, b->repo, pid)) < 0)
				return err == OREG_ENOMEM ? err : 1;
			oreg_tree_release(&t);
			err = folders_add(&w->folders, c->path, c->len);
		} else if (!folders_has(&w->folders, c->path, c->len)) {
			return 1;
		} else if (!c->nmode) {
			folders_remove(&w->folders, c->path, c->len);
		}
		if (err < 0)
			return err;
		/* entered when what is in it is done; its path kept in paths meanwhile */
		w->stack[w->depth].path = w->paths.len;
		w->stack[w->depth].len = c->len;
		w->stack[w->depth].present = c->nmode != 0;
		memcpy(w->stack[w->depth].id, c->nid, 20);
		w->depth++;
		oreg_buf_add(&w->paths, c->path, c->len);
		return oreg_buf_error(&w->paths);
	}
	if (c->omode && c->nmode && !memcmp(c->oid, c->nid, 20))
		return 0; /* its mode alone: the same file to the walk */
	if (c->nmode && folders_has(&w->folders, c->path, c->len)) {
		/* a file where a folder stands, unless the folder goes in this step (it comes after the file) */
		oreg_buf_add(&w->suspects, c->path, c->len);
		oreg_buf_addch(&w->suspects, '\0');
		if ((err = oreg_buf_error(&w->suspects)) < 0)
			return err;
	}
	if (depth && !w->stack[depth - 1].present && c->nmode)
		return 1;
	if ((err = gchange_add(w, 'p', c->path, c->len, 0, c->nmode ? c->nid : NULL)) < 0)
		return err;
	if (!c->nmode) {
		/* the folder's 'd' list names the file deleted from it (file_deleted) */
		size_t at = w->items[w->n - 1].path, skip = depth ? parent_len + 1 : 0;
		struct gchange *d;

		if ((err = gchange_add(w, 'd', NULL, parent_len, at, c->oid)) < 0)
			return err;
		d = &w->items[w->n - 1];
		d->extra = at + skip;
		d->extra_len = c->len - skip;
		d->kind = (unsigned)oreg_git_mode(c->omode);
	}
	return c->nmode ? pending_add(b, c->path, c->len, c->nid) : 0;
}

/*
 * Which way to compare trees: 1 with git.  Extending an index costs git
 * more to begin with (the folders that stand are read first, and git
 * reads the first trees from their delta chains as the walk does): at
 * full size 40 commits took 1.5 s of CPU with git, 0.65 s with the walk.
 */
static int use_git(size_t n, const unsigned char *start_tree)
{
	const char *how = getenv("OPENREG_HISTORY_DIFF");

	if (how && !strcmp(how, "walk"))
		return 0;
	if (how && !strcmp(how, "git"))
		return 1;
	return n >= (start_tree ? GIT_MIN_EXTEND : GIT_MIN_STEPS);
}

/*
 * The steps' changes from git, into w, the records to read published to
 * rd as they come: 0, 1 on doubt (b's records are then thrown away by the
 * caller), or a failure.
 */
static int gwalk_run(struct build *b, struct readers *rd, struct gwalk *w, const git_oid *ids,
	const unsigned char (*trees)[20], size_t n, uint32_t first, const unsigned char *start_tree)
{
	struct oreg_gitdiff *g = NULL;
	struct oreg_gitdiff_change c;
	const unsigned char *schemas = NULL;
	unsigned char schemas_id[20];
	size_t i = 0, pending_before = 0;
	int err, ev;

	if (start_tree) {
		struct oreg_tree t;
		const struct oreg_tree_entry *e;
		struct oreg_buf path = OREG_BUF_INIT;

		if ((err = oreg_tree_read(&t, b->repo, start_tree)) < 0)
			return err == OREG_ENOMEM ? err : 1;
		if ((e = oreg_tree_find(&t, "schemas", 7))) {
			memcpy(schemas_id, e->id, 20);
			schemas = schemas_id;
		}
		oreg_tree_release(&t);
		err = folders_of(&w->folders, b->repo, start_tree, &path);
		oreg_buf_release(&path);
		if (err < 0)
			return err == OREG_ENOMEM ? err : 1;
	}
	if (!(w->step_end = oreg_calloc(n + 1, sizeof(*w->step_end))))
		return OREG_ENOMEM;
	if ((err = oreg_gitdiff_start(&g, b->repo, trees, n, start_tree)) != 0)
		return err;
	for (;;) {
		ev = oreg_gitdiff_next(g, &c);
		if (ev == OREG_GITDIFF_CHANGE) {
			if ((err = gwalk_change(b, w, &c, trees[i - 1])) != 0)
				break;
			if (c.len == 7 && !memcmp(c.path, "schemas", 7)) {
				memcpy(schemas_id, c.nid, 20);
				schemas = c.nmode ? schemas_id : NULL;
			}
			continue;
		}
		if (ev != OREG_GITDIFF_PAIR && ev != OREG_GITDIFF_END) {
			err = ev;
			break;
		}
		if (i) {
			/* the step before is complete: its folders, its root, its records */
			const unsigned char *before = i > 1 ? trees[i - 2] : start_tree;
			const char *f;

			for (f = w->suspects.ptr; f < w->suspects.ptr + w->suspects.len && !err; f += strlen(f) + 1)
				err = folders_has(&w->folders, f, strlen(f));
			oreg_buf_clear(&w->suspects);
			if (err || (err = gwalk_pop(w, 0)) != 0 ||
				((!before || memcmp(before, trees[i - 1], 20)) &&
					(err = gchange_add(w, 'f', "", 0, 0, trees[i - 1])) != 0) ||
				(err = step_records(b, pending_before, schemas, &ids[i - 1])) != 0)
				break;
			w->step_end[i - 1] = w->n;
			if (pending_before != b->npending)
				readers_publish(rd, 0);
			if (i % 64 == 0 || i == n)
				progress(b->progress, "Indexing the history", i, n);
		}
		if (ev == OREG_GITDIFF_END)
			break;
		i++;
		b->step = first + (uint32_t)(i - 1);
		pending_before = b->npending;
		w->have_last = 0;
	}
	if (oreg_gitdiff_finish(g) != 0 && !err)
		err = 1;
	if (!err && i != n)
		err = 1;
	return err;
}

/*
 * Index the steps ids[0..n) (oldest first), the first numbered first,
 * after a step whose tree was start_tree (NULL: none) and whose record
 * time was prev_time; with git comparing the trees (with_git), or the
 * walk.  1 when git's answer was in doubt: then m is as it was.
 */
static int build_steps_as(int with_git, struct oreg_hx_model *m, struct oreg_repo *r, const git_oid *ids,
	size_t n, uint32_t first, const unsigned char *start_tree, int64_t prev_time,
	const struct oreg_histindex_progress *prog)
{
	struct build b;
	struct readers rd;
	struct gwalk w;
	struct oreg_hx_commit *hcs = NULL;
	unsigned char (*trees)[20] = NULL;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	size_t i, k;
	int err = 0;

	memset(&b, 0, sizeof(b));
	memset(&w, 0, sizeof(w));
	oreg_buf_init(&w.paths);
	oreg_buf_init(&w.last);
	oreg_buf_init(&w.suspects);
	b.repo = r;
	b.model = m;
	b.progress = prog;
	oreg_buf_init(&b.path);
	oreg_buf_init(&b.key);
	if (!(b.chunks = oreg_calloc(MAX_CHUNKS, sizeof(*b.chunks))))
		return OREG_ENOMEM;
	readers_init(&rd, &b);
	if (with_git) {
		/* the commits first: git is given their trees */
		if (!(hcs = oreg_calloc(n + 1, sizeof(*hcs))) || !(trees = oreg_calloc(n + 1, sizeof(*trees)))) {
			err = OREG_ENOMEM;
			goto walked;
		}
		for (i = 0; i < n; i++) {
			git_commit *c = NULL;
			struct oreg_hx_commit *hc = &hcs[i];

			if ((err = git_commit_lookup(&c, r->repo, &ids[i])) < 0) {
				err = oreg_git_fail(err, "cannot read the history");
				goto walked;
			}
			memcpy(hc->id, ids[i].id, 20);
			if (git_commit_parentcount(c))
				memcpy(hc->parent, git_commit_parent_id(c, 0)->id, 20);
			hc->time = (int64_t)git_commit_time(c);
			hc->record_time = hc->time > prev_time ? hc->time : prev_time;
			prev_time = hc->record_time;
			hc->offset = git_commit_time_offset(c);
			hc->nparents = git_commit_parentcount(c);
			memcpy(trees[i], git_commit_tree_id(c)->id, 20);
			git_commit_free(c);
		}
	}
	/* a long walk: the other cores read the records of the steps walked meanwhile */
	if (n >= 64 && cores > 1)
		readers_start(&rd, (size_t)cores - 1);
	if (with_git) {
		if ((err = gwalk_run(&b, &rd, &w, ids, (const unsigned char (*)[20])trees, n, first, start_tree)) != 0)
			goto walked;
		/* git's answer holds: enter it as the walk would have */
		for (i = 0, k = 0; i < n && !err; i++) {
			b.step = first + (uint32_t)i;
			if ((err = oreg_hx_model_add_commit(m, &hcs[i])) < 0)
				break;
			for (; k < w.step_end[i] && !err; k++) {
				const struct gchange *c = &w.items[k];

				oreg_buf_clear(&b.key);
				oreg_buf_addch(&b.key, c->letter);
				oreg_buf_add(&b.key, w.paths.ptr + c->path, c->len);
				if ((err = oreg_buf_error(&b.key)) < 0)
					break;
				if (c->letter == 'd')
					err = oreg_hx_model_add(m, b.key.ptr, b.key.len, b.step, c->kind, c->id,
						w.paths.ptr + c->extra, c->extra_len);
				else
					err = oreg_hx_model_add(m, b.key.ptr, b.key.len, b.step,
						c->present ? OREG_HX_PRESENT : OREG_HX_ABSENT, c->present ? c->id : NULL, NULL, 0);
			}
			if (!err && hcs[i].nparents > 1) {
				git_commit *c = NULL;

				if ((err = git_commit_lookup(&c, r->repo, &ids[i])) < 0)
					err = oreg_git_fail(err, "cannot read the history");
				else
					err = side_commits(&b, c);
				git_commit_free(c);
			}
		}
		goto walked;
	}
	if (start_tree) {
		memcpy(b.root.id, start_tree, 20);
		b.root.present = 1;
	}
	for (i = 0; i < n && !err; i++) {
		struct oreg_hx_commit hc;
		size_t pending_before = b.npending;

		b.step = first + (uint32_t)i;
		if ((err = git_commit_lookup(&b.commit, r->repo, &ids[i])) < 0) {
			err = oreg_git_fail(err, "cannot read the history");
			break;
		}
		memset(&hc, 0, sizeof(hc));
		memcpy(hc.id, ids[i].id, 20);
		if (git_commit_parentcount(b.commit))
			memcpy(hc.parent, git_commit_parent_id(b.commit, 0)->id, 20);
		hc.time = (int64_t)git_commit_time(b.commit);
		hc.record_time = hc.time > prev_time ? hc.time : prev_time;
		prev_time = hc.record_time;
		hc.offset = git_commit_time_offset(b.commit);
		hc.nparents = git_commit_parentcount(b.commit);
		if ((err = oreg_hx_model_add_commit(m, &hc)) < 0 ||
			(err = fold_update(&b, &b.root, git_commit_tree_id(b.commit)->id)) < 0 ||
			(err = step_records(&b, pending_before, top_entry(&b.root, "schemas"), &ids[i])) < 0 ||
			(hc.nparents > 1 && (err = side_commits(&b, b.commit)) < 0)) {
			git_commit_free(b.commit);
			break;
		}
		git_commit_free(b.commit);
		b.commit = NULL;
		if (pending_before != b.npending)
			readers_publish(&rd, 0);
		if ((i + 1) % 64 == 0 || i + 1 == n)
			progress(prog, "Indexing the history", i + 1, n);
	}
walked:
	fnode_clear(&b.root);
	if (err)
		atomic_store(&rd.err, err); /* the readers stop */
	readers_publish(&rd, 1);
	if (!err)
		err = read_references(&b, &rd);
	else
		readers_join(&rd);
	for (i = 0; i < b.npending; i++) {
		oreg_buf_release(&pending_at(&b, i)->refs);
		oreg_buf_release(&pending_at(&b, i)->named);
		free(pending_at(&b, i)->path);
	}
	for (k = 0; k < MAX_CHUNKS && b.chunks[k]; k++)
		free(b.chunks[k]);
	free(b.chunks);
	for (i = 0; i < b.nregs; i++)
		oreg_register_free(b.regs[i]);
	free(b.regs);
	oreg_buf_release(&b.path);
	oreg_buf_release(&b.key);
	free(w.items);
	free(w.step_end);
	oreg_buf_release(&w.paths);
	oreg_buf_release(&w.last);
	oreg_buf_release(&w.suspects);
	folders_release(&w.folders);
	free(hcs);
	free(trees);
	return err;
}

static int build_steps(struct oreg_hx_model *m, struct oreg_repo *r, const git_oid *ids, size_t n, uint32_t first,
	const unsigned char *start_tree, int64_t prev_time, const struct oreg_histindex_progress *prog)
{
	int err;

	if (n && use_git(n, start_tree) && (err = build_steps_as(1, m, r, ids, n, first, start_tree, prev_time, prog)) != 1)
		return err;
	return build_steps_as(0, m, r, ids, n, first, start_tree, prev_time, prog);
}

/* ---- the chain of the branch ---- */

/*
 * The first-parent chain from tip back to (not including) the commit
 * stop (NULL: to the root), oldest first.  *reached says whether stop was
 * met; *shallow whether the chain ends at a shallow clone's boundary.
 */
static int chain_back(git_oid **out, size_t *n, int *reached, int *shallow, struct oreg_repo *r,
	const git_oid *tip, const unsigned char *stop)
{
	git_oid *ids = NULL, cur = *tip;
	size_t alloc = 0, count = 0, i;
	int err = 0;

	*out = NULL;
	*n = 0;
	*reached = *shallow = 0;
	for (;;) {
		git_commit *c = NULL;

		if (stop && !memcmp(cur.id, stop, 20)) {
			*reached = 1;
			break;
		}
		if (oreg_grow((void **)&ids, &alloc, count + 1, sizeof(*ids)) < 0) {
			err = OREG_ENOMEM;
			break;
		}
		ids[count++] = cur;
		if ((err = git_commit_lookup(&c, r->repo, &cur)) < 0) {
			if (count > 1 && git_repository_is_shallow(r->repo) == 1) {
				/* beyond the boundary of a shallow clone: the history is not all here */
				*shallow = 1;
				err = 0;
				count--;
				break;
			}
			err = oreg_git_fail(err, "cannot read the history");
			break;
		}
		if (!git_commit_parentcount(c)) {
			git_commit_free(c);
			break;
		}
		cur = *git_commit_parent_id(c, 0);
		git_commit_free(c);
	}
	if (err < 0) {
		free(ids);
		return err;
	}
	for (i = 0; i < count / 2; i++) {
		git_oid t = ids[i];

		ids[i] = ids[count - 1 - i];
		ids[count - 1 - i] = t;
	}
	*out = ids;
	*n = count;
	return 0;
}

/* ---- writing ---- */

/* Append a layer held in memory (buf taken over) to ix. */
static int append_memory_layer(struct oreg_histindex *ix, unsigned char *buf, size_t len)
{
	int err;

	if (ix->nlayers >= MAX_LAYERS) {
		free(buf);
		return oreg_error(OREG_ELIMIT, "the history index has too many layers");
	}
	if (!(ix->names[ix->nlayers] = oreg_strdup("(memory)"))) {
		free(buf);
		return OREG_ENOMEM;
	}
	err = oreg_hx_layer_open(&ix->layers[ix->nlayers], buf, len, 0, ix->names[ix->nlayers]);
	ix->nlayers++;
	if (err < 0)
		return err;
	ix->nsteps = ix->layers[ix->nlayers - 1].first + ix->layers[ix->nlayers - 1].n;
	ix->in_memory = 1;
	return 0;
}

/* Remove the layer files in the index's folder that the chain does not name (holding the lock). */
static void sweep(struct oreg_histindex *ix)
{
	DIR *d = opendir(ix->dir);
	struct dirent *de;
	struct oreg_buf path = OREG_BUF_INIT;

	if (!d)
		return;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name), i;
		int named = 0;

		if (strncmp(de->d_name, "history-index-", 14) || len < 6 || strcmp(de->d_name + len - 6, ".layer"))
			continue;
		oreg_buf_clear(&path);
		oreg_buf_addf(&path, "%s/%s", ix->dir, de->d_name);
		for (i = 0; i < ix->nlayers && !named; i++)
			named = !strcmp(ix->names[i], path.ptr);
		if (!named && !oreg_buf_error(&path))
			unlink(path.ptr);
	}
	closedir(d);
	oreg_buf_release(&path);
}

/*
 * Write the first keep layers of ix followed by m, merging m with the
 * layers before it while such a layer holds at most twice its steps, so
 * that there are few layers.  Holding the lock.  On success ix is opened
 * again from the files.
 */
static int write_layers(struct oreg_histindex *ix, size_t keep, struct oreg_hx_model *m)
{
	struct oreg_hx_layer out[MAX_LAYERS];
	size_t nout = 0, i;
	struct oreg_buf path = OREG_BUF_INIT;
	unsigned char *buf = NULL, *chain = NULL;
	size_t len = 0, chain_len = 0;
	int err = 0;

	memset(out, 0, sizeof(out));
	while (keep > 0 && (ix->layers[keep - 1].n <= 2 * m->ncommits || keep >= MAX_LAYERS)) {
		struct oreg_hx_model merged;
		struct oreg_hx_layer tmp;

		oreg_hx_model_init(&merged, ix->layers[keep - 1].first);
		if ((err = oreg_hx_layer_load(&merged, &ix->layers[keep - 1], UINT32_MAX)) < 0 ||
			(err = oreg_hx_layer_serialize(&buf, &len, m)) < 0) {
			oreg_hx_model_release(&merged);
			return err;
		}
		err = oreg_hx_layer_open(&tmp, buf, len, 0, "(new)");
		buf = NULL;
		if (!err)
			err = oreg_hx_layer_load(&merged, &tmp, UINT32_MAX);
		oreg_hx_layer_close(&tmp);
		if (err < 0) {
			oreg_hx_model_release(&merged);
			return err;
		}
		oreg_hx_model_release(m);
		*m = merged;
		keep--;
	}
	for (i = 0; i < keep; i++)
		out[nout++] = ix->layers[i]; /* only hash, first and n are used */
	if ((err = oreg_hx_layer_serialize(&buf, &len, m)) < 0)
		return err;
	memcpy(out[nout].hash, buf + len - 32, 32); /* a layer is named by its trailer */
	out[nout].first = m->first_step;
	out[nout].n = (uint32_t)m->ncommits;
	oreg_hx_layer_filename(&path, ix->dir, out[nout].hash);
	nout++;
	if ((err = oreg_buf_error(&path)) < 0 || (err = oreg_hx_write_file(path.ptr, buf, len)) < 0)
		goto done;
	if ((err = oreg_hx_chain_serialize(&chain, &chain_len, out, nout)) < 0)
		goto done;
	oreg_buf_clear(&path);
	oreg_buf_addf(&path, "%s/history-index", ix->dir);
	if ((err = oreg_buf_error(&path)) < 0 || (err = oreg_hx_write_file(path.ptr, chain, chain_len)) < 0)
		goto done;
	if ((err = load_chain(ix)) == 0)
		sweep(ix);
done:
	free(buf);
	free(chain);
	oreg_buf_release(&path);
	return err;
}

/* Did the chain file change since ix read it? */
static int chain_changed(struct oreg_histindex *ix)
{
	unsigned char *data = NULL;
	size_t len = 0;
	int err, changed;

	err = read_chain_file(&data, &len, ix->dir);
	if (err == OREG_ENOTFOUND)
		return ix->chain != NULL;
	if (err < 0)
		return 1;
	changed = !ix->chain || len != ix->chain_len || memcmp(data, ix->chain, len);
	free(data);
	return changed;
}

/* ---- opening ---- */

static int enabled(struct oreg_repo *r)
{
	int on = 1;

	if (oreg_repo_config_bool(&on, r, "openreg.historyIndex", 1) < 0)
		return 1;
	return on;
}

int oreg_histindex_open(struct oreg_histindex **out, struct oreg_repo *r, const char *tip, unsigned flags,
	const struct oreg_histindex_progress *prog)
{
	struct oreg_histindex *ix;
	struct oreg_hx_model m;
	git_commit *c = NULL;
	git_oid tip_id, *ids = NULL;
	size_t n = 0;
	int err, reached = 0, shallow = 0, write = 0;
	char *lock = NULL;
	uint32_t first = 0;
	size_t cut = MAX_LAYERS; /* the layers from cut on are replaced by m (MAX_LAYERS: m follows them all) */
	unsigned char start_tree[20];
	int64_t prev_time = INT64_MIN;

	*out = NULL;
	if (!prog)
		prog = global_progress;
	oreg_hx_model_init(&m, 0);
	if (!(flags & OREG_HISTINDEX_REBUILD) && !enabled(r))
		return 0;
	if (!(ix = oreg_calloc(1, sizeof(*ix))))
		return OREG_ENOMEM;
	ix->repo = r;
	if ((err = index_dir(&ix->dir, r)) < 0)
		goto done;
	if ((err = oreg_git_lookup_commit(&c, r, tip ? tip : "HEAD")) < 0)
		goto done;
	tip_id = *git_commit_id(c);
	git_commit_free(c);
	c = NULL;
	if (git_repository_is_shallow(r->repo) == 1)
		goto none; /* the history is not all here: nothing to index */
	if (flags & OREG_HISTINDEX_REBUILD) {
		if ((err = load_chain(ix)) < 0 && err != OREG_ENOTFOUND && err != OREG_EINVALID)
			goto done;
		close_layers(ix); /* the chain as read stays, for the writer's check */
		err = 0;
	} else if ((err = load_chain(ix)) < 0) {
		/* missing or damaged (a layer may have been replaced as it was read): once more, then anew */
		if (err != OREG_ENOTFOUND && (err = load_chain(ix)) < 0 && err != OREG_ENOTFOUND && err != OREG_EINVALID)
			goto done;
		if (err < 0)
			close_layers(ix);
		err = 0;
	}
	if (ix->nlayers && step_of(ix, tip_id.id) >= 0)
		goto found;
	if (ix->nlayers) {
		struct oreg_hx_commit last;

		commit_at(&last, ix, ix->nsteps - 1);
		if ((err = chain_back(&ids, &n, &reached, &shallow, r, &tip_id, last.id)) < 0)
			goto done;
		if (shallow)
			goto none;
		if (reached) {
			git_oid lid;

			git_oid_fromraw(&lid, last.id);
			if ((err = git_commit_lookup(&c, r->repo, &lid)) < 0) {
				err = oreg_git_fail(err, "cannot read the history");
				goto done;
			}
			memcpy(start_tree, git_commit_tree_id(c)->id, 20);
			git_commit_free(c);
			c = NULL;
			first = ix->nsteps;
			prev_time = last.record_time;
		} else {
			/*
			 * The indexed tip is not on the chain any more (a rewound
			 * branch, another branch): ids is all of the chain.  What the
			 * two chains share is kept; the layer where they part is cut
			 * there, and the rest is built after it.
			 */
			size_t k = 0, j;
			struct oreg_hx_commit at;

			while (k < n && k < ix->nsteps && (commit_at(&at, ix, (uint32_t)k), !memcmp(at.id, ids[k].id, 20)))
				k++;
			if (!k) {
				close_layers(ix);
				if (flags & OREG_HISTINDEX_NO_BUILD)
					goto none;
			} else {
				const struct oreg_hx_layer *l = layer_of(ix, (uint32_t)(k - 1));

				for (cut = 0; &ix->layers[cut] != l; cut++)
					;
				m.first_step = l->first;
				if ((err = oreg_hx_layer_load(&m, &ix->layers[cut], (uint32_t)(k - 1))) < 0)
					goto done;
				commit_at(&at, ix, (uint32_t)(k - 1));
				if ((err = git_commit_lookup(&c, r->repo, &ids[k - 1])) < 0) {
					err = oreg_git_fail(err, "cannot read the history");
					goto done;
				}
				memcpy(start_tree, git_commit_tree_id(c)->id, 20);
				git_commit_free(c);
				c = NULL;
				first = (uint32_t)k;
				prev_time = at.record_time;
				for (j = k; j < n; j++)
					ids[j - k] = ids[j];
				n -= k;
			}
		}
	} else {
		if (flags & OREG_HISTINDEX_NO_BUILD)
			goto none;
		if ((err = chain_back(&ids, &n, &reached, &shallow, r, &tip_id, NULL)) < 0)
			goto done;
		if (shallow)
			goto none;
	}
	if (!(flags & OREG_HISTINDEX_NO_WRITE)) {
		if ((err = take_lock(ix, &lock)) < 0)
			goto done;
		/* another writer may have finished meanwhile: then what is built here stays in memory */
		write = err == 0 && !chain_changed(ix);
		err = 0;
		/*
		 * A whole history that cannot be written is not built in memory on
		 * every run: reading the history directly costs less than that.
		 */
		if (!write && !first) {
			if (flags & (OREG_HISTINDEX_REBUILD | OREG_HISTINDEX_WRITE))
				err = oreg_error(OREG_EIO, "the history index cannot be written: its folder in the git "
					"directory is read-only, or another openreg is writing it (openreg/history-index.lock: "
					"remove it if none runs)");
			goto done;
		}
	}
	if (cut == MAX_LAYERS)
		m.first_step = first;
	if ((err = build_steps(&m, r, ids, n, first, first ? start_tree : NULL, prev_time, prog)) < 0)
		goto done;
	if (cut == MAX_LAYERS)
		cut = ix->nlayers;
	if (write && (err = write_layers(ix, cut, &m)) < 0) {
		/* a failed write leaves what was there; this run answers from memory */
		close_layers(ix);
		if (m.first_step && (err = load_chain(ix)) < 0)
			goto done;
		drop_layers(ix, cut);
		if (ix->nsteps != m.first_step) {
			err = oreg_error(OREG_EINVALID, "the history index changed as it was extended");
			goto done;
		}
		err = 0;
		write = 0;
	}
	if (!write) {
		unsigned char *buf;
		size_t len;

		drop_layers(ix, cut);
		if ((err = oreg_hx_layer_serialize(&buf, &len, &m)) < 0 || (err = append_memory_layer(ix, buf, len)) < 0)
			goto done;
	}
found:
	*out = ix;
	ix = NULL;
	err = 0;
	goto done;
none:
	err = 0;
done:
	drop_lock(lock);
	free(ids);
	oreg_hx_model_release(&m);
	oreg_histindex_free(ix);
	return err;
}

/* ---- what the index tells ---- */

int oreg_histindex_stat(struct oreg_histindex_stat *out, struct oreg_histindex *ix)
{
	struct oreg_hx_commit last;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->layers = ix->nlayers;
	out->steps = ix->nsteps;
	out->in_memory = ix->in_memory;
	for (i = 0; i < ix->nlayers; i++) {
		out->bytes += ix->layers[i].size;
		out->side += ix->layers[i].nside;
		out->buckets += ix->layers[i].nbuckets;
	}
	if (ix->nsteps) {
		commit_at(&last, ix, ix->nsteps - 1);
		oreg_oid_hex(out->tip, last.id);
	}
	return 0;
}

static int verify_all(struct oreg_histindex *ix, size_t *keys)
{
	size_t i;
	int err = 0;

	for (i = 0; i < ix->nlayers && !err; i++) {
		struct oreg_hx_model m;

		/* loading checks every bucket, key and entry */
		oreg_hx_model_init(&m, ix->layers[i].first);
		err = oreg_hx_layer_load(&m, &ix->layers[i], UINT32_MAX);
		*keys += m.nlists;
		oreg_hx_model_release(&m);
	}
	for (i = 0; i < ix->nsteps && !err; i++) {
		/* and that each commit is in the repository, with the parent and time it says */
		static const unsigned char zero[20];
		struct oreg_hx_commit hc;
		git_commit *c = NULL;
		git_oid id;
		int same;

		commit_at(&hc, ix, (uint32_t)i);
		git_oid_fromraw(&id, hc.id);
		if (git_commit_lookup(&c, ix->repo->repo, &id) < 0)
			return oreg_error(OREG_EINVALID, "the history index names commit %s, which the repository lacks: "
				"openreg index --rebuild", git_oid_tostr_s(&id));
		same = !memcmp(git_commit_parentcount(c) ? git_commit_parent_id(c, 0)->id : zero, hc.parent, 20) &&
			(int64_t)git_commit_time(c) == hc.time && git_commit_parentcount(c) == hc.nparents;
		git_commit_free(c);
		if (!same)
			return oreg_error(OREG_EINVALID, "the history index says other things of commit %s than the "
				"repository: openreg index --rebuild", git_oid_tostr_s(&id));
	}
	return err;
}

int oreg_histindex_verify(struct oreg_histindex_stat *st, struct oreg_repo *r, size_t *keys)
{
	struct oreg_histindex ix = { 0 };
	int err;

	*keys = 0;
	memset(st, 0, sizeof(*st));
	ix.repo = r;
	if ((err = index_dir(&ix.dir, r)) < 0)
		return err;
	if ((err = load_chain(&ix)) == OREG_ENOTFOUND)
		err = oreg_error(OREG_ENOTFOUND, "there is no history index: openreg index builds it");
	if (!err)
		err = oreg_histindex_stat(st, &ix);
	if (!err)
		err = verify_all(&ix, keys);
	close_layers(&ix);
	free(ix.chain);
	free(ix.dir);
	return err;
}

/* Every entry of key across the layers, in order of steps. */
static int lookup(struct oreg_hx_found *out, struct oreg_histindex *ix, const char *key, size_t keylen)
{
	size_t i;
	int err = 0;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < ix->nlayers && !err; i++)
		err = oreg_hx_layer_lookup(out, &ix->layers[i], key, keylen);
	return err;
}

int oreg_histindex_ever_referred(struct oreg_histindex_reference *out, struct oreg_repo *r, const char *commit,
	const char *org_id, unsigned flags)
{
	struct oreg_histindex *ix = NULL;
	struct oreg_hx_found f = { 0 };
	struct oreg_buf key = OREG_BUF_INIT;
	git_commit *c = NULL;
	long at;
	size_t i;
	int err;

	memset(out, 0, sizeof(*out));
	if ((err = oreg_git_lookup_commit(&c, r, commit)) < 0)
		return err;
	git_commit_free(c);
	if ((err = oreg_histindex_open(&ix, r, commit, flags, NULL)) < 0)
		return err;
	if (!ix)
		return oreg_error(OREG_ENOTFOUND, "there is no history index to ask");
	if ((err = oreg_git_lookup_commit(&c, r, commit)) < 0)
		goto done;
	at = step_of(ix, git_commit_id(c)->id);
	git_commit_free(c);
	if (at < 0) {
		err = oreg_error(OREG_ENOTFOUND, "'%s' is not on the indexed first-parent chain", commit);
		goto done;
	}
	oreg_buf_addch(&key, 'o');
	oreg_buf_adds(&key, org_id);
	if ((err = oreg_buf_error(&key)) < 0 || (err = lookup(&f, ix, key.ptr, key.len)) < 0)
		goto done;
	err = 0;
	for (i = 0; i < f.n; i++) {
		struct oreg_hx_commit hc;
		size_t len = f.items[i].extra_len < sizeof(out->path) - 1 ? f.items[i].extra_len : sizeof(out->path) - 1;

		if (f.items[i].step > (uint32_t)at)
			break;
		if (f.items[i].kind != OREG_HX_REFERRED && f.items[i].kind != OREG_HX_REFERRED_NAMED &&
			f.items[i].kind != OREG_HX_PARTNERSHIP)
			continue; /* an exclusion naming it is not a reference the history rules count */
		git_oid id;

		commit_at(&hc, ix, f.items[i].step);
		git_oid_fromraw(&id, hc.id);
		git_oid_tostr(out->commit, sizeof(out->commit), &id);
		memcpy(out->path, f.items[i].extra, len);
		out->path[len] = '\0';
		out->partnership = f.items[i].kind == OREG_HX_PARTNERSHIP;
		err = 1;
		break;
	}
done:
	oreg_buf_release(&key);
	oreg_hx_found_release(&f);
	oreg_histindex_free(ix);
	return err;
}

/* Is the path (len bytes) inside folder? */
static int under(const char *path, size_t len, const char *folder)
{
	size_t n = folder ? strlen(folder) : 0;

	return folder && len > n + 1 && !memcmp(path, folder, n) && path[n] == '/';
}

int oreg_histindex_walk_reference(char **out, struct oreg_histindex *ix, const unsigned char tip[20],
	const char *org_id, const char *organisations, const char *contacts)
{
	struct oreg_hx_found f = { 0 };
	struct oreg_buf key = OREG_BUF_INIT;
	const struct oreg_hx_entry *best = NULL;
	long at = step_of(ix, tip);
	size_t i;
	int err;

	*out = NULL;
	if (at < 0)
		return oreg_error(OREG_ENOTFOUND, "the commit is not on the indexed first-parent chain");
	oreg_buf_addch(&key, 'o');
	oreg_buf_adds(&key, org_id);
	if ((err = oreg_buf_error(&key)) < 0 || (err = lookup(&f, ix, key.ptr, key.len)) < 0)
		goto done;
	/* the organisation's own partnership before contacts, then the first path in byte order, as the walk */
	for (i = 0; i < f.n && f.items[i].step <= (uint32_t)at; i++) {
		const struct oreg_hx_entry *e = &f.items[i];
		size_t common;
		int c;

		if (!((e->kind == OREG_HX_NAMED || e->kind == OREG_HX_REFERRED_NAMED) &&
				under(e->extra, e->extra_len, contacts)) &&
			!(e->kind == OREG_HX_LISTED && under(e->extra, e->extra_len, organisations)))
			continue;
		if (best && (best->kind == OREG_HX_LISTED) != (e->kind == OREG_HX_LISTED)) {
			if (e->kind != OREG_HX_LISTED)
				continue;
		} else if (best) {
			common = e->extra_len < best->extra_len ? e->extra_len : best->extra_len;
			c = memcmp(e->extra, best->extra, common);
			if (c > 0 || (!c && e->extra_len >= best->extra_len))
				continue;
		}
		best = e;
	}
	if (best && !(*out = oreg_strndup(best->extra, best->extra_len)))
		err = OREG_ENOMEM;
done:
	oreg_buf_release(&key);
	oreg_hx_found_release(&f);
	return err;
}

/* ---- the log of one record, from the index ---- */

static int log_from(int *damaged, struct oreg_histindex *ix, const char *path, const char *from, const char *to,
	int (*fn)(const struct oreg_record_change *change, void *payload), void *payload)
{
	struct oreg_repo *r = ix->repo;
	struct oreg_hx_found f = { 0 };
	struct oreg_buf key = OREG_BUF_INIT;
	struct oreg_tree_cache tc = { 0 };
	git_commit *c = NULL;
	long top, stop = -1;
	size_t k;
	int err;

	if ((err = oreg_git_lookup_commit(&c, r, to ? to : "HEAD")) < 0)
		return err;
	top = step_of(ix, git_commit_id(c)->id);
	git_commit_free(c);
	c = NULL;
	if (top < 0)
		return 1;
	if (from) {
		if ((err = oreg_git_lookup_commit(&c, r, from)) < 0)
			return err;
		stop = step_of(ix, git_commit_id(c)->id);
		git_commit_free(c);
		c = NULL;
		if (stop > top)
			stop = -1; /* never met walking back from to: the walk goes to the first commit */
	}
	oreg_buf_addch(&key, 'p');
	oreg_buf_adds(&key, path);
	if ((err = oreg_buf_error(&key)) < 0)
		goto done;
	if ((err = lookup(&f, ix, key.ptr, key.len)) < 0) {
		*damaged = err == OREG_EINVALID;
		goto done;
	}
	for (k = f.n; k-- > 0;) {
		const struct oreg_hx_entry *e = &f.items[k], *before = k ? &f.items[k - 1] : NULL;
		struct oreg_hx_commit hc;
		git_oid id;

		if (e->step > (uint32_t)top)
			continue;
		if ((long)e->step <= stop)
			break;
		if (e->kind == (before ? before->kind : OREG_HX_ABSENT) &&
			(e->kind != OREG_HX_PRESENT || !memcmp(e->id, before->id, 20)))
			continue;
		commit_at(&hc, ix, e->step);
		git_oid_fromraw(&id, hc.id);
		if ((err = git_commit_lookup(&c, r->repo, &id)) < 0) {
			err = oreg_git_fail(err, "cannot read the history");
			break;
		}
		err = oreg_git_report_change(r, &tc, c, path, e->kind == OREG_HX_PRESENT ? e->id : NULL,
			before && before->kind == OREG_HX_PRESENT ? before->id : NULL, fn, payload);
		git_commit_free(c);
		c = NULL;
		if (err)
			break;
	}
done:
	oreg_tree_cache_release(&tc);
	oreg_buf_release(&key);
	oreg_hx_found_release(&f);
	return err;
}

int oreg_histindex_record_log(struct oreg_repo *r, const char *path, const char *from, const char *to,
	int (*fn)(const struct oreg_record_change *change, void *payload), void *payload)
{
	struct oreg_histindex *ix = NULL;
	int err, attempt, damaged = 0;

	/* a damaged part found as it is read is built anew, once; nothing was reported before the lookup */
	for (attempt = 0; attempt < 2; attempt++) {
		if (oreg_histindex_open(&ix, r, to, attempt ? OREG_HISTINDEX_REBUILD : 0, NULL) < 0 || !ix)
			return 1; /* no index: the caller reads the history itself */
		damaged = 0;
		err = log_from(&damaged, ix, path, from, to, fn, payload);
		oreg_histindex_free(ix);
		ix = NULL;
		if (!damaged)
			return err;
	}
	return 1;
}

/* ---- what histquery.c asks of an opened index ---- */

long oreg_histindex_step(const struct oreg_histindex *ix, const unsigned char id[20])
{
	return step_of(ix, id);
}

uint32_t oreg_histindex_nsteps(const struct oreg_histindex *ix)
{
	return ix->nsteps;
}

void oreg_histindex_commit(struct oreg_hx_commit *out, const struct oreg_histindex *ix, uint32_t step)
{
	commit_at(out, ix, step);
}

int oreg_histindex_lookup(struct oreg_hx_found *out, struct oreg_histindex *ix, const char *key, size_t keylen)
{
	return lookup(out, ix, key, keylen);
}
