/*
 * register.c - schemas/register.yaml: which folder holds which record
 * type under which schema, and the rules' settings.  It is read from the
 * same place as the records (the working tree, the index or a commit), so
 * records at a revision are checked against that revision's schemas.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define REGISTER_FILE "schemas/register.yaml"
#define SCHEMA_DIR "schemas/"

struct loading {
	struct oreg_register *reg;
	oreg_read_fn read;
	void *payload;
	struct oreg_settings_reader r;
};

void oreg_settings_problem(struct oreg_settings_reader *r, const struct oreg_value *at, const char *fmt, ...)
{
	va_list ap;
	int err;

	r->problems++;
	va_start(ap, fmt);
	err = oreg_findings_vadd(r->findings, OREG_SEVERITY_ERROR, REGISTER_FILE, at ? at->line : 1,
		at ? at->column : 1, OREG_RULE_REGISTER, "", fmt, ap);
	va_end(ap);
	if (err < 0)
		r->err = err;
}

/* What the parser of a section of register.yaml returned: its number of problems, or a failure. */
static void add_section(struct loading *ld, int n)
{
	if (n < 0)
		ld->r.err = n;
	else
		ld->r.problems += n;
}

/* Keys of an object that are not in allowed are problems. */
static void only_keys(struct loading *ld, const struct oreg_value *obj, const char *what,
	const char *const *allowed)
{
	size_t i;

	for (i = 0; i < obj->u.object.count; i++) {
		const struct oreg_member *m = &obj->u.object.members[i];
		const char *const *a;
		struct oreg_value at = { .line = m->line, .column = m->column };

		for (a = allowed; *a; a++)
			if (strlen(*a) == m->key_len && !memcmp(*a, m->key, m->key_len))
				break;
		if (!*a)
			oreg_settings_problem(&ld->r, &at,
				"unknown key '%s' in %s: remove it or correct the spelling", m->key, what);
	}
}

/* A required or optional string member; NULL (with a problem if required) when absent or wrong. */
static char *string_member(struct loading *ld, const struct oreg_value *obj, const char *key,
	const char *what, bool required)
{
	const struct oreg_value *v = oreg_value_get(obj, key);
	char *s;

	if (!v) {
		if (required)
			oreg_settings_problem(&ld->r, obj, "%s lacks '%s'", what, key);
		return NULL;
	}
	if (v->type != OREG_STRING || !v->u.string.len || memchr(v->u.string.ptr, '\0', v->u.string.len)) {
		oreg_settings_problem(&ld->r, v, "'%s' in %s must be a non-empty string", key, what);
		return NULL;
	}
	s = oreg_strndup(v->u.string.ptr, v->u.string.len);
	if (!s)
		ld->r.err = OREG_ENOMEM;
	return s;
}

static bool plain_name(const char *s)
{
	return s && *s && !strchr(s, '/') && strcmp(s, ".") && strcmp(s, "..");
}

static void load_schema(struct loading *ld, struct oreg_record_type *t, const struct oreg_value *at)
{
	struct oreg_document *doc = NULL;
	char *data = NULL;
	size_t len = 0;
	int err;

	err = ld->read(&data, &len, t->schema_path, ld->payload);
	if (err == OREG_ENOTFOUND) {
		oreg_settings_problem(&ld->r, at, "schema '%s' of type '%s' does not exist: add it or correct the name",
			t->schema_path, t->name);
		return;
	}
	if (err < 0) {
		ld->r.err = err;
		return;
	}
	err = oreg_yaml_load(&doc, data, len, t->schema_path, NULL, ld->r.findings);
	if (!err && !doc)
		ld->r.problems++;
	if (!err && doc) {
		err = oreg_schema_compile(&t->schema, oreg_document_root(doc), t->schema_path, ld->r.findings);
		if (!err && !t->schema)
			ld->r.problems++;
		if (!err && t->schema)
			err = oreg_labels_collect(&t->labels, oreg_document_root(doc));
	}
	if (err < 0)
		ld->r.err = err;
	oreg_document_free(doc);
	free(data);
}

static void load_type(struct loading *ld, struct oreg_record_type *t, const struct oreg_member *m)
{
	static const char *const keys[] = { "folder", "schema", "visibility", "year-folder", "description", NULL };
	const struct oreg_value *v = m->value;
	char what[128], *schema, *vis;

	snprintf(what, sizeof(what), "type '%s'", m->key);
	t->name = oreg_strndup(m->key, m->key_len);
	if (!t->name) {
		ld->r.err = OREG_ENOMEM;
		return;
	}
	if (v->type != OREG_OBJECT) {
		oreg_settings_problem(&ld->r, v, "%s must be a mapping with folder and schema", what);
		return;
	}
	only_keys(ld, v, what, keys);
	t->folder = string_member(ld, v, "folder", what, true);
	if (t->folder && !plain_name(t->folder))
		oreg_settings_problem(&ld->r, oreg_value_get(v, "folder"),
			"the folder of %s must be a single folder name", what);
	schema = string_member(ld, v, "schema", what, true);
	t->year_field = string_member(ld, v, "year-folder", what, false);
	vis = string_member(ld, v, "visibility", what, false);
	t->visibility = OREG_VISIBILITY_CONFIDENTIAL;
	if (vis && !strcmp(vis, "public"))
		t->visibility = OREG_VISIBILITY_PUBLIC;
	else if (vis && strcmp(vis, "confidential"))
		oreg_settings_problem(&ld->r, oreg_value_get(v, "visibility"),
			"visibility of %s must be public or confidential", what);
	free(vis);
	if (!schema)
		return;
	if (!plain_name(schema)) {
		oreg_settings_problem(&ld->r, oreg_value_get(v, "schema"),
			"the schema of %s must be a file name in schemas/", what);
		free(schema);
		return;
	}
	t->schema_path = oreg_malloc(strlen(SCHEMA_DIR) + strlen(schema) + 1);
	if (!t->schema_path) {
		free(schema);
		ld->r.err = OREG_ENOMEM;
		return;
	}
	strcpy(t->schema_path, SCHEMA_DIR);
	strcat(t->schema_path, schema);
	free(schema);
	load_schema(ld, t, oreg_value_get(v, "schema"));
}

/* rules.screening.lists: list files in the repository that check applies to new organisations. */
static void load_screening(struct loading *ld, const struct oreg_value *sc)
{
	static const char *const keys[] = { "lists", NULL };
	const struct oreg_value *v;
	size_t i;

	if (!sc)
		return;
	if (sc->type != OREG_OBJECT) {
		oreg_settings_problem(&ld->r, sc, "'rules.screening' must be a mapping");
		return;
	}
	only_keys(ld, sc, "rules.screening", keys);
	if (!(v = oreg_value_get(sc, "lists")))
		return;
	if (v->type != OREG_ARRAY) {
		oreg_settings_problem(&ld->r, v, "'lists' must be a list of file paths in the repository");
		return;
	}
	if (!(ld->reg->screening_lists = oreg_calloc(v->u.array.count + 1, sizeof(char *))) ||
		!(ld->reg->screening_list_lines = oreg_calloc(v->u.array.count + 1, sizeof(unsigned))) ||
		!(ld->reg->screening_list_columns = oreg_calloc(v->u.array.count + 1, sizeof(unsigned)))) {
		ld->r.err = OREG_ENOMEM;
		return;
	}
	for (i = 0; i < v->u.array.count; i++) {
		const struct oreg_value *w = v->u.array.items[i];
		const char *p = w->type == OREG_STRING ? w->u.string.ptr : NULL;

		if (!p || !w->u.string.len || memchr(p, '\0', w->u.string.len) || *p == '/' || strstr(p, "..") ||
			strstr(p, "//")) {
			oreg_settings_problem(&ld->r, w,
				"a screening list must be a relative path inside the repository, as in "
				"screening/opensanctions.json");
			continue;
		}
		ld->reg->screening_list_lines[ld->reg->nscreening_lists] = w->line;
		ld->reg->screening_list_columns[ld->reg->nscreening_lists] = w->column;
		if (!(ld->reg->screening_lists[ld->reg->nscreening_lists++] = oreg_strndup(p, w->u.string.len)))
			ld->r.err = OREG_ENOMEM;
	}
}

/* A list of words under rules.exclusion (legal-forms, generic-words), into *out. */
static void words_of(struct loading *ld, const struct oreg_value *v, const char *key, const char *one,
	char ***out, size_t *n)
{
	size_t i;

	if (!v)
		return;
	if (v->type != OREG_ARRAY) {
		oreg_settings_problem(&ld->r, v, "'%s' must be a list of words", key);
		return;
	}
	if (!(*out = oreg_calloc(v->u.array.count + 1, sizeof(char *)))) {
		ld->r.err = OREG_ENOMEM;
		return;
	}
	for (i = 0; i < v->u.array.count; i++) {
		const struct oreg_value *w = v->u.array.items[i];

		if (w->type != OREG_STRING || !w->u.string.len || memchr(w->u.string.ptr, '\0', w->u.string.len)) {
			oreg_settings_problem(&ld->r, w, "%s must be a word", one);
			continue;
		}
		if (!((*out)[(*n)++] = oreg_strndup(w->u.string.ptr, w->u.string.len)))
			ld->r.err = OREG_ENOMEM;
	}
}

static void load_rules(struct loading *ld, const struct oreg_value *rules)
{
	static const char *const top[] = { "exclusion", "privacy", "screening", NULL };
	static const char *const excl[] = { "legal-forms", "generic-words", "close-name-distance", "token-similarity",
		NULL };
	static const char *const priv[] = { "patterns", "roles", "given-names", NULL };
	const struct oreg_value *e, *p, *v;
	size_t i;

	if (rules->type != OREG_OBJECT) {
		oreg_settings_problem(&ld->r, rules, "'rules' must be a mapping");
		return;
	}
	only_keys(ld, rules, "rules", top);
	if ((e = oreg_value_get(rules, "exclusion")) && e->type == OREG_OBJECT) {
		only_keys(ld, e, "rules.exclusion", excl);
		words_of(ld, oreg_value_get(e, "legal-forms"), "legal-forms", "a legal form", &ld->reg->legal_forms,
			&ld->reg->nlegal_forms);
		words_of(ld, oreg_value_get(e, "generic-words"), "generic-words", "a generic word",
			&ld->reg->generic_words, &ld->reg->ngeneric_words);
		if ((v = oreg_value_get(e, "close-name-distance"))) {
			if (v->type != OREG_NUMBER || !v->u.number.integer || v->u.number.value < 0 || v->u.number.value > 16)
				oreg_settings_problem(&ld->r, v,
					"'close-name-distance' must be an integer from 0 to 16");
			else
				ld->reg->close_name_distance = (unsigned)v->u.number.value;
		}
		if ((v = oreg_value_get(e, "token-similarity"))) {
			if (v->type != OREG_NUMBER || !v->u.number.integer || v->u.number.value < 1 ||
				v->u.number.value > 100)
				oreg_settings_problem(&ld->r, v,
					"'token-similarity' must be a percentage from 1 to 100");
			else
				ld->reg->token_similarity = (unsigned)v->u.number.value;
		}
	} else if (e) {
		oreg_settings_problem(&ld->r, e, "'rules.exclusion' must be a mapping");
	}
	load_screening(ld, oreg_value_get(rules, "screening"));
	if ((p = oreg_value_get(rules, "privacy")) && p->type == OREG_OBJECT) {
		only_keys(ld, p, "rules.privacy", priv);
		if ((v = oreg_value_get(p, "patterns"))) {
			if (v->type != OREG_ARRAY) {
				oreg_settings_problem(&ld->r, v,
					"'patterns' must be a list of: bsn, email, phone, iban");
			} else {
				ld->reg->privacy_kinds = 0;
				for (i = 0; i < v->u.array.count; i++) {
					const struct oreg_value *w = v->u.array.items[i];
					unsigned k = w->type == OREG_STRING ? oreg_privacy_kind_parse(w->u.string.ptr) : 0;

					if (!k)
						oreg_settings_problem(&ld->r, w,
							"unknown privacy pattern: use bsn, email, phone or iban");
					ld->reg->privacy_kinds |= k;
				}
			}
		}
	} else if (p) {
		oreg_settings_problem(&ld->r, p, "'rules.privacy' must be a mapping");
	}
	add_section(ld, oreg_privacy_settings_parse(&ld->reg->privacy, p, ld->r.findings));
}

/* There is no register.yaml: say so, and where the reader looked when it said. */
static int no_register_file(void)
{
	char where[512];

	snprintf(where, sizeof(where), "%s", oreg_error_message());
	if (strstr(where, REGISTER_FILE))
		return oreg_error(OREG_ENOTFOUND, "%s: not a register, which keeps its configuration there", where);
	return oreg_error(OREG_ENOTFOUND, "no %s: not a register, which keeps its configuration there",
		REGISTER_FILE);
}

/* The record types: each a folder and a schema, no two in one folder. */
static int load_types(struct loading *ld, const struct oreg_value *root)
{
	const struct oreg_value *types = oreg_value_get(root, "types");
	size_t i, j;

	if (!types || types->type != OREG_OBJECT || !types->u.object.count) {
		oreg_settings_problem(&ld->r, types ? types : root,
			"'types' must map each record type to its folder and schema");
		return 0;
	}
	if (!(ld->reg->types = oreg_calloc(types->u.object.count, sizeof(*ld->reg->types))))
		return OREG_ENOMEM;
	for (i = 0; i < types->u.object.count && !ld->r.err; i++) {
		load_type(ld, &ld->reg->types[i], &types->u.object.members[i]);
		ld->reg->ntypes++;
		for (j = 0; j < i; j++)
			if (ld->reg->types[i].folder && ld->reg->types[j].folder &&
				!strcmp(ld->reg->types[i].folder, ld->reg->types[j].folder))
				oreg_settings_problem(&ld->r, types->u.object.members[i].value,
					"types '%s' and '%s' share folder '%s'",
					ld->reg->types[j].name, ld->reg->types[i].name, ld->reg->types[i].folder);
	}
	return 0;
}

int oreg_register_load(struct oreg_register **out, oreg_read_fn read, void *payload,
	struct oreg_findings *findings)
{
	static const char *const top[] = { "records", "types", "rules", "publication", "description", NULL };
	struct loading ld = { 0 };
	struct oreg_document *doc = NULL;
	const struct oreg_value *root, *rules;
	char *data = NULL;
	size_t len = 0;
	int err;

	*out = NULL;
	ld.r.findings = findings;
	ld.read = read;
	ld.payload = payload;
	ld.reg = oreg_calloc(1, sizeof(*ld.reg));
	if (!ld.reg)
		return OREG_ENOMEM;
	ld.reg->close_name_distance = 2;
	oreg_publication_init(&ld.reg->publication);
	ld.reg->privacy_kinds = OREG_PRIVACY_BSN | OREG_PRIVACY_EMAIL | OREG_PRIVACY_PHONE | OREG_PRIVACY_IBAN;

	if ((err = read(&data, &len, REGISTER_FILE, payload)) == OREG_ENOTFOUND)
		err = no_register_file();
	if (err < 0)
		goto done;
	if ((err = oreg_yaml_load(&doc, data, len, REGISTER_FILE, NULL, findings)) < 0 || !doc)
		goto done;
	root = oreg_document_root(doc);
	only_keys(&ld, root, REGISTER_FILE, top);
	ld.reg->records_dir = string_member(&ld, root, "records", REGISTER_FILE, false);
	if (!ld.reg->records_dir && !ld.r.err && !oreg_value_get(root, "records"))
		ld.reg->records_dir = oreg_strdup("records");
	if ((err = load_types(&ld, root)) < 0)
		goto done;
	if ((rules = oreg_value_get(root, "rules")))
		load_rules(&ld, rules);
	else if ((err = oreg_privacy_settings_parse(&ld.reg->privacy, NULL, findings)) < 0)
		goto done;
	/* publication settings (publication.c) */
	if (!ld.r.err && (rules = oreg_value_get(root, "publication")))
		add_section(&ld, oreg_publication_parse(&ld.reg->publication, rules, findings));
	/* without generic-words, the register uses names.c's documented few */
	if (!ld.r.err && !ld.r.problems && !ld.reg->generic_words)
		ld.r.err = oreg_names_default_generic(&ld.reg->generic_words, &ld.reg->ngeneric_words);
	if (!ld.r.err && !ld.r.problems)
		ld.r.err = oreg_names_prepare(ld.reg);
	err = ld.r.err;

done:
	oreg_document_free(doc);
	free(data);
	if (err < 0 || ld.r.problems || !doc) {
		oreg_register_free(ld.reg);
		return err < 0 ? err : 0;
	}
	*out = ld.reg;
	return 0;
}

/* Schemas and the configuration are small; a megabyte is generous. */
#define CONFIG_MAX (1024 * 1024)

static int read_worktree(char **data, size_t *len, const char *path, void *payload)
{
	const char *top = payload;
	char *full;
	int err;

	full = oreg_malloc(strlen(top) + strlen(path) + 2);
	if (!full)
		return OREG_ENOMEM;
	sprintf(full, "%s/%s", top, path);
	err = oreg_file_read(data, len, full, CONFIG_MAX + 1);
	free(full);
	return err;
}

int oreg_register_open_dir(struct oreg_register **out, const char *top, struct oreg_findings *findings)
{
	return oreg_register_load(out, read_worktree, (void *)top, findings);
}

void oreg_register_free(struct oreg_register *reg)
{
	size_t i;

	if (!reg)
		return;
	for (i = 0; i < reg->ntypes; i++) {
		struct oreg_record_type *t = &reg->types[i];

		free(t->name);
		free(t->folder);
		free(t->schema_path);
		free(t->year_field);
		oreg_schema_free(t->schema);
		oreg_labels_release(&t->labels);
	}
	free(reg->types);
	for (i = 0; i < reg->nlegal_forms; i++)
		free(reg->legal_forms[i]);
	oreg_names_release(reg);
	free(reg->legal_forms);
	for (i = 0; i < reg->ngeneric_words; i++)
		free(reg->generic_words[i]);
	free(reg->generic_words);
	for (i = 0; i < reg->nscreening_lists; i++)
		free(reg->screening_lists[i]);
	free(reg->screening_lists);
	free(reg->screening_list_lines);
	free(reg->screening_list_columns);
	free(reg->records_dir);
	oreg_privacy_settings_release(&reg->privacy);
	oreg_publication_release(&reg->publication);
	free(reg);
}

const char *oreg_register_records_dir(const struct oreg_register *reg)
{
	return reg->records_dir;
}

const struct oreg_publication *oreg_register_publication(const struct oreg_register *reg)
{
	return &reg->publication;
}

const struct oreg_record_type *oreg_register_type_by_folder(const struct oreg_register *reg,
	const char *folder, size_t len)
{
	size_t i;

	for (i = 0; i < reg->ntypes; i++)
		if (reg->types[i].folder && strlen(reg->types[i].folder) == len &&
			!memcmp(reg->types[i].folder, folder, len))
			return &reg->types[i];
	return NULL;
}

const struct oreg_record_type *oreg_register_type_named(const struct oreg_register *reg, const char *name)
{
	size_t i;

	for (i = 0; reg && name && i < reg->ntypes; i++)
		if (!strcmp(reg->types[i].name, name))
			return &reg->types[i];
	return NULL;
}

const struct oreg_record_type *oreg_register_type_of_path(const struct oreg_register *reg, const char *path)
{
	size_t rlen = strlen(reg->records_dir);
	const char *folder, *slash;

	if (strncmp(path, reg->records_dir, rlen) || path[rlen] != '/')
		return NULL;
	folder = path + rlen + 1;
	if (!(slash = strchr(folder, '/')))
		return NULL;
	return oreg_register_type_by_folder(reg, folder, (size_t)(slash - folder));
}
