/*
 * fielddiff.c - record history as a reader sees it: the field-level
 * changes between two versions of a record, and the view that loads a
 * record at any revision, against the schemas of that same revision, and
 * redacts it to what a reader at one level may see (oreg_document_redact).
 *
 * Field paths are written the way a reader names a field:
 * partnerships[0].until.  A key that is not a plain word is written as a
 * quoted index: notes["a b"].
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- field-level changes ---- */

void oreg_field_changes_init(struct oreg_field_changes *changes)
{
	memset(changes, 0, sizeof(*changes));
}

void oreg_field_changes_release(struct oreg_field_changes *changes)
{
	size_t i;

	if (!changes)
		return;
	for (i = 0; i < changes->count; i++) {
		free(changes->items[i].path);
		free(changes->items[i].old_text);
		free(changes->items[i].new_text);
	}
	free(changes->items);
	memset(changes, 0, sizeof(*changes));
}

static int add_change(struct oreg_field_changes *out, const struct oreg_buf *path,
	const struct oreg_value *old, const struct oreg_value *new)
{
	struct oreg_field_change *c;

	if (oreg_grow((void **)&out->items, &out->alloc, out->count + 1, sizeof(*out->items)) < 0)
		return OREG_ENOMEM;
	c = &out->items[out->count];
	memset(c, 0, sizeof(*c));
	c->kind = !old ? OREG_CHANGE_ADDED : !new ? OREG_CHANGE_DELETED : OREG_CHANGE_CHANGED;
	c->old_value = old;
	c->new_value = new;
	c->path = oreg_strndup(path->ptr, path->len);
	c->old_text = oreg_value_compact(old);
	c->new_text = oreg_value_compact(new);
	out->count++;
	if (!c->path || !c->old_text || !c->new_text)
		return OREG_ENOMEM;
	return 0;
}

static bool plain_key(const char *s, size_t len)
{
	size_t i;

	if (!len)
		return false;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
			c == '-'))
			return false;
	}
	return true;
}

static void path_add_key(struct oreg_buf *path, const char *key, size_t len)
{
	if (plain_key(key, len)) {
		if (path->len)
			oreg_buf_addch(path, '.');
		oreg_buf_add(path, key, len);
	} else {
		oreg_buf_addch(path, '[');
		oreg_buf_add_json_string(path, key, len);
		oreg_buf_addch(path, ']');
	}
}

static const struct oreg_member *member(const struct oreg_value *obj, const char *key, size_t len)
{
	size_t i;

	for (i = 0; obj && i < obj->u.object.count; i++)
		if (obj->u.object.members[i].key_len == len && !memcmp(obj->u.object.members[i].key, key, len))
			return &obj->u.object.members[i];
	return NULL;
}

static int diff(struct oreg_field_changes *out, struct oreg_buf *path, const struct oreg_value *old,
	const struct oreg_value *new)
{
	size_t i, n, mark = path->len;
	int err = 0;

	if (old && new && old->type == OREG_OBJECT && new->type == OREG_OBJECT) {
		for (i = 0; i < old->u.object.count && !err; i++) {
			const struct oreg_member *m = &old->u.object.members[i], *o = member(new, m->key, m->key_len);

			path_add_key(path, m->key, m->key_len);
			err = diff(out, path, m->value, o ? o->value : NULL);
			oreg_buf_truncate(path, mark);
		}
		for (i = 0; i < new->u.object.count && !err; i++) {
			const struct oreg_member *m = &new->u.object.members[i];

			if (member(old, m->key, m->key_len))
				continue;
			path_add_key(path, m->key, m->key_len);
			err = diff(out, path, NULL, m->value);
			oreg_buf_truncate(path, mark);
		}
		return err ? err : oreg_buf_error(path);
	}
	if (old && new && old->type == OREG_ARRAY && new->type == OREG_ARRAY) {
		n = old->u.array.count > new->u.array.count ? old->u.array.count : new->u.array.count;
		for (i = 0; i < n && !err; i++) {
			oreg_buf_addf(path, "[%zu]", i);
			err = diff(out, path, i < old->u.array.count ? old->u.array.items[i] : NULL,
				i < new->u.array.count ? new->u.array.items[i] : NULL);
			oreg_buf_truncate(path, mark);
		}
		return err ? err : oreg_buf_error(path);
	}
	if (!old && !new)
		return 0;
	if (old && new && oreg_value_equal(old, new))
		return 0;
	if ((err = oreg_buf_error(path)) < 0)
		return err;
	return add_change(out, path, old, new);
}

int oreg_field_diff(struct oreg_field_changes *out, const struct oreg_value *old, const struct oreg_value *new)
{
	static const struct oreg_value empty = { .type = OREG_OBJECT };
	struct oreg_buf path = OREG_BUF_INIT;
	int err;

	/* an absent record is an empty mapping: its every field is a change */
	if (!old && (!new || new->type == OREG_OBJECT))
		old = &empty;
	if (!new && old->type == OREG_OBJECT)
		new = &empty;
	err = diff(out, &path, old, new);
	oreg_buf_release(&path);
	/* no change refers to the empty stand-in: only whole-record changes could, and those go field by field */
	return err;
}

/* ---- the register as a reader sees it, at any revision ---- */

/* One register (schemas/ of some revision), by the id of its schemas folder. */
struct cached_register {
	unsigned char schemas_id[20];
	struct oreg_register *reg;
};

struct oreg_view {
	struct oreg_repo *repo;
	enum oreg_visibility level;
	struct cached_register *registers;
	size_t nregisters, alloc;
	/* the last commits opened by id: a review reads every record at one of two */
	struct kept_snapshot {
		char id[41];
		struct oreg_snapshot *snap;
	} kept[2];
	unsigned next;
};

int oreg_view_new(struct oreg_view **out, struct oreg_repo *repo, enum oreg_visibility level)
{
	struct oreg_view *v;

	*out = NULL;
	if (level != OREG_VISIBILITY_PUBLIC && level != OREG_VISIBILITY_CONFIDENTIAL)
		return oreg_error(OREG_EINVALID, "a view is public or confidential: personal values never leave the register");
	if (!(v = oreg_calloc(1, sizeof(*v))))
		return OREG_ENOMEM;
	v->repo = repo;
	v->level = level;
	*out = v;
	return 0;
}

void oreg_view_free(struct oreg_view *view)
{
	size_t i;

	if (!view)
		return;
	for (i = 0; i < view->nregisters; i++)
		oreg_register_free(view->registers[i].reg);
	for (i = 0; i < 2; i++)
		oreg_snapshot_free(view->kept[i].snap);
	free(view->registers);
	free(view);
}

/* The register of snap, loaded once per version of schemas/. */
static int view_register(const struct oreg_register **out, struct oreg_view *v, struct oreg_snapshot *snap)
{
	struct oreg_findings findings;
	struct oreg_register *reg = NULL;
	unsigned char id[20];
	size_t i;
	int err;

	*out = NULL;
	if ((err = oreg_snapshot_entry_id(id, snap, "schemas")) < 0)
		return err == OREG_ENOTFOUND ? oreg_error(OREG_ENOTFOUND, "commit %.7s has no schemas/ folder: "
			"it is not a register", oreg_snapshot_name(snap)) : err;
	for (i = 0; i < v->nregisters; i++)
		if (!memcmp(v->registers[i].schemas_id, id, 20)) {
			*out = v->registers[i].reg;
			return 0;
		}
	oreg_findings_init(&findings);
	err = oreg_register_load(&reg, oreg_snapshot_read, snap, &findings);
	if (err >= 0 && !reg)
		err = oreg_error(OREG_EINVALID, "the schemas of commit %.7s do not load (%s:%u: %s): "
			"run openreg check --rev %.7s", oreg_snapshot_name(snap),
			findings.count ? findings.items[0].file : "schemas/register.yaml",
			findings.count ? findings.items[0].line : 0,
			findings.count ? findings.items[0].message : "no register", oreg_snapshot_name(snap));
	oreg_findings_release(&findings);
	if (err < 0)
		return err;
	if (oreg_grow((void **)&v->registers, &v->alloc, v->nregisters + 1, sizeof(*v->registers)) < 0) {
		oreg_register_free(reg);
		return OREG_ENOMEM;
	}
	memcpy(v->registers[v->nregisters].schemas_id, id, 20);
	v->registers[v->nregisters++].reg = reg;
	*out = reg;
	return 0;
}

/* The type of the record file at path, or NULL; *id and *id_len name its id. */
static const struct oreg_record_type *type_of(const struct oreg_register *reg, const char *path,
	const char **id, size_t *id_len)
{
	const struct oreg_record_type *t;
	size_t plen = strlen(path);
	const char *base;

	if (!(t = oreg_register_type_of_path(reg, path)))
		return NULL;
	base = strrchr(path, '/') + 1;
	if (plen < 5 || strcmp(path + plen - 5, ".yaml"))
		return NULL;
	*id = base;
	*id_len = (size_t)(path + plen - 5 - base);
	return t;
}

void oreg_record_version_release(struct oreg_record_version *version)
{
	if (!version)
		return;
	oreg_document_free(version->doc);
	free(version->type);
	free(version->id);
	memset(version, 0, sizeof(*version));
}

static bool is_commit_id(const char *rev)
{
	size_t i;

	for (i = 0; i < 40; i++)
		if (!((rev[i] >= '0' && rev[i] <= '9') || (rev[i] >= 'a' && rev[i] <= 'f')))
			return false;
	return rev[40] == '\0';
}

/*
 * The commit rev of v's repository, and the register its schemas define.
 * A commit named by its id stays open in v (close_at leaves it): a
 * review reads every record at one of two commits.
 */
static int open_at(struct oreg_snapshot **snap, const struct oreg_register **reg, struct oreg_view *v,
	const char *rev)
{
	struct kept_snapshot *k;
	int err;

	*snap = NULL;
	if (is_commit_id(rev)) {
		for (k = v->kept; k < v->kept + 2; k++)
			if (k->snap && !strcmp(k->id, rev)) {
				*snap = k->snap;
				return view_register(reg, v, *snap);
			}
	}
	if ((err = oreg_snapshot_open(snap, v->repo, OREG_SNAPSHOT_COMMIT, rev)) < 0)
		return err;
	if (is_commit_id(rev)) {
		k = &v->kept[v->next++ % 2];
		oreg_snapshot_free(k->snap);
		memcpy(k->id, rev, 41);
		k->snap = *snap;
	}
	return view_register(reg, v, *snap);
}

/* Free a snapshot open_at gave, unless v keeps it. */
static void close_at(struct oreg_view *v, struct oreg_snapshot *snap)
{
	if (snap != v->kept[0].snap && snap != v->kept[1].snap)
		oreg_snapshot_free(snap);
}

/* Does the record say it is not public (visibility: anything but "public")? */
static bool marked_confidential(const struct oreg_document *doc)
{
	const struct oreg_value *vis = oreg_value_get(oreg_document_root(doc), "visibility");

	return vis && vis->type == OREG_STRING && !oreg_value_is_string(vis, "public");
}

/*
 * oreg_view_record; known: blob is what the caller listed, and NULL means
 * there is no file; given: blob's content as oreg_yaml_load loaded it, or
 * NULL to read and load it here.
 */
static int view_record(struct oreg_record_version *out, struct oreg_view *v, const char *rev, const char *path,
	const unsigned char *blob, bool known, const struct oreg_document *given)
{
	const struct oreg_register *reg;
	const struct oreg_record_type *t;
	struct oreg_snapshot *snap = NULL;
	struct oreg_document *doc = NULL;
	const struct oreg_document *loaded;
	struct oreg_findings findings;
	struct oreg_entry entry;
	char *data = NULL;
	const char *id;
	size_t len = 0, id_len;
	int err;

	memset(out, 0, sizeof(*out));
	oreg_findings_init(&findings);
	if ((err = open_at(&snap, &reg, v, rev)) < 0)
		goto done;
	if (!(t = type_of(reg, path, &id, &id_len))) {
		err = oreg_error(OREG_ENOTFOUND, "'%s' is not a record file: records are named %s/<folder>/<id>.yaml",
			path, reg->records_dir);
		goto done;
	}
	if (!(out->type = oreg_strdup(t->name)) || !(out->id = oreg_strndup(id, id_len))) {
		err = OREG_ENOMEM;
		goto done;
	}
	out->type_visibility = t->visibility;
	if (t->visibility > v->level) {
		/* the reader may see nothing of this type, not even whether the file reads */
		out->presence = OREG_RECORD_HIDDEN;
		if (!blob && (known || oreg_snapshot_entry_id(entry.id, snap, path) == OREG_ENOTFOUND)) /* entry: scratch */
			out->presence = OREG_RECORD_ABSENT;
		goto done;
	}
	memset(&entry, 0, sizeof(entry));
	entry.path = path;
	entry.mode = OREG_ENTRY_FILE;
	if (blob) {
		entry.has_id = 1;
		memcpy(entry.id, blob, 20);
	} else if (known || (err = oreg_snapshot_entry_id(entry.id, snap, path)) == OREG_ENOTFOUND) {
		out->presence = OREG_RECORD_ABSENT;
		err = 0;
		goto done;
	} else if (err < 0) {
		goto done;
	} else {
		entry.has_id = 1;
	}
	if (given) {
		loaded = given; /* the caller's: borrowed */
	} else {
		/* the plain style without libyaml: the same document where it takes the file */
		if ((err = oreg_snapshot_read_entry(&data, &len, snap, &entry)) < 0 ||
			(err = oreg_yaml_load_quick(&doc, data, len)) < 0 ||
			(!err && (err = oreg_yaml_load(&doc, data, len, path, NULL, &findings)) < 0))
			goto done;
		err = 0;
		loaded = doc;
	}
	if (!loaded || !t->schema) {
		/* not strict YAML: nothing of it can be redacted, so nothing of it is shown */
		out->presence = OREG_RECORD_UNREADABLE;
		goto done;
	}
	if (marked_confidential(loaded) && v->level < OREG_VISIBILITY_CONFIDENTIAL) {
		out->presence = OREG_RECORD_HIDDEN;
		goto done;
	}
	if ((err = oreg_document_redact(&out->doc, t->schema, oreg_document_root(loaded), v->level,
			t->visibility)) < 0)
		goto done;
	out->presence = OREG_RECORD_VISIBLE;
done:
	oreg_findings_release(&findings);
	oreg_document_free(doc);
	free(data);
	close_at(v, snap);
	if (err < 0)
		oreg_record_version_release(out);
	return err;
}

int oreg_view_record(struct oreg_record_version *out, struct oreg_view *v, const char *rev, const char *path,
	const unsigned char *blob)
{
	return view_record(out, v, rev, path, blob, false, NULL);
}

int oreg_view_record_listed(struct oreg_record_version *out, struct oreg_view *v, const char *rev,
	const char *path, const unsigned char *blob)
{
	return view_record(out, v, rev, path, blob, true, NULL);
}

int oreg_view_record_document(struct oreg_record_version *out, struct oreg_view *v, const char *rev,
	const char *path, const unsigned char *blob, const struct oreg_document *doc)
{
	return view_record(out, v, rev, path, blob, true, doc);
}

struct visibility_walk {
	const char *pointer;
	size_t plen;
	enum oreg_visibility fallback, found;
};

static int find_visibility(const struct oreg_value *value, const char *pointer,
	const struct oreg_annotation *ann, void *payload)
{
	struct visibility_walk *w = payload;
	size_t len = strlen(pointer);
	enum oreg_visibility vis = ann->visibility ? ann->visibility : w->fallback;

	(void)value;
	/* the target itself, or one of its ancestors: the deepest one visited wins */
	if (len <= w->plen && !memcmp(pointer, w->pointer, len) && (len == w->plen || w->pointer[len] == '/'))
		w->found = vis;
	return 0;
}

int oreg_view_pointer_visibility(enum oreg_visibility *out, struct oreg_view *v, const char *rev,
	const char *path, const char *pointer)
{
	const struct oreg_register *reg;
	const struct oreg_record_type *t;
	struct oreg_snapshot *snap = NULL;
	struct oreg_document *doc = NULL;
	struct oreg_findings findings;
	char *data = NULL;
	const char *id;
	size_t len = 0, id_len;
	int err;

	*out = OREG_VISIBILITY_PUBLIC;
	oreg_findings_init(&findings);
	if ((err = open_at(&snap, &reg, v, rev)) < 0)
		goto done;
	if (!(t = type_of(reg, path, &id, &id_len))) {
		/* not a record: under a type's folder it may still name one */
		if ((t = oreg_register_type_of_path(reg, path)))
			*out = t->visibility;
		goto done;
	}
	*out = t->visibility;
	if (oreg_snapshot_read(&data, &len, path, snap) < 0)
		goto done; /* deleted in rev: the type's visibility stands */
	if ((err = oreg_yaml_load(&doc, data, len, path, NULL, &findings)) < 0 || !doc || !t->schema) {
		/* unreadable: a message may quote anything in it */
		*out = OREG_VISIBILITY_PERSONAL;
		goto done;
	}
	if (marked_confidential(doc) && *out < OREG_VISIBILITY_CONFIDENTIAL)
		*out = OREG_VISIBILITY_CONFIDENTIAL;
	if (pointer && *pointer) {
		struct visibility_walk w = { pointer, strlen(pointer), t->visibility, OREG_VISIBILITY_UNSET };

		if ((err = oreg_schema_walk(t->schema, oreg_document_root(doc), find_visibility, &w)) < 0)
			goto done;
		if (w.found > *out)
			*out = w.found;
	}
done:
	oreg_findings_release(&findings);
	oreg_document_free(doc);
	free(data);
	close_at(v, snap);
	return err;
}

/* ---- naming a record ---- */

static int exists(struct oreg_snapshot *snap, const char *path)
{
	unsigned char id[20];
	int err = oreg_snapshot_entry_id(id, snap, path);

	return err == OREG_ENOTFOUND ? 0 : err < 0 ? err : 1;
}

/* A dated record (a contact) sits in the folder of its year: look for <id> in each. */
static int find_dated(char **out, struct oreg_snapshot *snap, const char *records, const char *folder,
	const char *id)
{
	char path[512];
	int year = -1, err = 0, k;

	*out = NULL;
	/* ids usually start with their date: try that year first, then every other */
	if (strlen(id) > 5 && id[4] == '-' && sscanf(id, "%4d", &year) != 1)
		year = -1;
	for (k = -1; k < 10000; k++) {
		int y = k < 0 ? year : 9999 - k;

		if (y < 0 || (k >= 0 && y == year))
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s/%04d/%s.yaml", records, folder, y, id) >= sizeof(path))
			return 0;
		if ((err = exists(snap, path)) < 0)
			return err;
		if (err) {
			*out = oreg_strdup(path);
			return *out ? 0 : OREG_ENOMEM;
		}
	}
	return 0;
}

int oreg_view_find_record(char **out, struct oreg_view *v, const char *rev, const char *name)
{
	const struct oreg_register *reg;
	struct oreg_snapshot *snaps[2] = { NULL, NULL };
	const char *slash = strchr(name, '/');
	const char *revs[2] = { rev ? rev : "HEAD", "HEAD" };
	const struct oreg_record_type *t = NULL;
	const char *why = NULL;
	size_t i;
	int err;

	*out = NULL;
	while (name[0] == '.' && name[1] == '/')
		name += 2;
	if ((err = oreg_snapshot_open(&snaps[0], v->repo, OREG_SNAPSHOT_COMMIT, revs[0])) < 0 ||
		(err = view_register(&reg, v, snaps[0])) < 0)
		goto done;
	if (!slash) {
		err = oreg_error(OREG_ENOTFOUND, "'%s' names no record: name it by its path "
			"(%s/organisations/<id>.yaml) or by type and id (organisation/<id>)", name, reg->records_dir);
		goto done;
	}
	if (!strncmp(name, reg->records_dir, strlen(reg->records_dir)) && name[strlen(reg->records_dir)] == '/') {
		const char *id;
		size_t id_len;

		if (!type_of(reg, name, &id, &id_len)) {
			err = oreg_error(OREG_ENOTFOUND, "'%s' is not a record file: records are named "
				"%s/<folder>/<id>.yaml", name, reg->records_dir);
			goto done;
		}
		*out = oreg_strdup(name);
		err = *out ? 0 : OREG_ENOMEM;
		goto done;
	}
	for (i = 0; i < reg->ntypes; i++)
		if (strlen(reg->types[i].name) == (size_t)(slash - name) &&
			!memcmp(reg->types[i].name, name, (size_t)(slash - name)))
			t = &reg->types[i];
	if (!t || !oreg_id_valid(slash + 1, strlen(slash + 1), &why)) {
		struct oreg_buf known = OREG_BUF_INIT;

		for (i = 0; i < reg->ntypes; i++)
			oreg_buf_addf(&known, "%s%s/<id>", i ? ", " : "", reg->types[i].name);
		err = oreg_buf_error(&known);
		if (err == 0)
			err = oreg_error(OREG_ENOTFOUND, "'%s' names no record: use %s, or the record's path",
				name, known.ptr);
		oreg_buf_release(&known);
		goto done;
	}
	if (!t->year_field) {
		struct oreg_buf path = OREG_BUF_INIT;

		oreg_buf_addf(&path, "%s/%s/%s.yaml", reg->records_dir, t->folder, slash + 1);
		*out = oreg_buf_detach(&path, NULL);
		err = *out ? 0 : OREG_ENOMEM;
		goto done;
	}
	/* at the revision asked for, then at HEAD (a contact deleted since) */
	if ((err = find_dated(out, snaps[0], reg->records_dir, t->folder, slash + 1)) < 0 || *out)
		goto done;
	if (strcmp(revs[0], revs[1]) && (err = oreg_snapshot_open(&snaps[1], v->repo, OREG_SNAPSHOT_COMMIT, revs[1])) == 0 &&
		((err = find_dated(out, snaps[1], reg->records_dir, t->folder, slash + 1)) < 0 || *out))
		goto done;
	if (err == 0)
		err = oreg_error(OREG_ENOTFOUND, "no %s '%s' in %s/%s/<YYYY>/ at %s: name a deleted %s by its "
			"last path, as in %s/%s/<YYYY>/%s.yaml", t->name, slash + 1, reg->records_dir, t->folder,
			rev ? rev : "HEAD", t->name, reg->records_dir, t->folder, slash + 1);
done:
	oreg_snapshot_free(snaps[0]);
	oreg_snapshot_free(snaps[1]);
	return err;
}
