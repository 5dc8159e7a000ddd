/*
 * record.c - the rules that need one record only: layout (folder, id, year
 * folder), yaml, schema, endorsement and privacy.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define ID_MAX 64
#define RECORD_SUFFIX ".yaml"

bool oreg_id_valid(const char *s, size_t len, const char **why)
{
	size_t i;

	if (len < 2 || len > ID_MAX) {
		*why = len < 2 ? "is shorter than 2 characters" : "is longer than 64 characters";
		return false;
	}
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (c == '-') {
			if (i == 0 || i == len - 1) {
				*why = "starts or ends with a hyphen";
				return false;
			}
			if (s[i - 1] == '-') {
				*why = "has two hyphens in a row";
				return false;
			}
		} else if (c >= 'A' && c <= 'Z') {
			*why = "has upper-case letters";
			return false;
		} else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
			*why = "has a character other than a-z, 0-9 and '-'";
			return false;
		}
	}
	return true;
}

struct record_check {
	const struct oreg_register *reg;
	const struct oreg_record_type *type;
	const char *path;
	struct oreg_findings *findings;
	struct oreg_record_scan *scan; /* or NULL */
	int added;
	int err;
};

static void add(struct record_check *rc, enum oreg_severity sev, unsigned line, unsigned col,
	const char *rule, const char *pointer, const char *fmt, ...) __attribute__((format(printf, 7, 8)));

static void add(struct record_check *rc, enum oreg_severity sev, unsigned line, unsigned col,
	const char *rule, const char *pointer, const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = oreg_findings_vadd(rc->findings, sev, rc->path, line, col, rule, pointer, fmt, ap);
	va_end(ap);
	if (err < 0)
		rc->err = err;
	else
		rc->added++;
}

/*
 * Where the file sits: records/<folder>/[<YYYY>/]<id>.yaml.  Sets the type
 * and the id; false (with a finding) when the path is not a record's.
 */
static bool check_path(struct record_check *rc, const char **id, size_t *id_len, int *year)
{
	const struct oreg_register *reg = rc->reg;
	const char *p = rc->path, *folder, *slash, *name;
	size_t rlen = strlen(reg->records_dir), nlen;
	const char *why;

	*year = 0;
	if (strncmp(p, reg->records_dir, rlen) || p[rlen] != '/') {
		add(rc, OREG_SEVERITY_ERROR, 1, 1, OREG_RULE_LAYOUT, "",
			"'%s' is outside the records folder '%s/'", p, reg->records_dir);
		return false;
	}
	folder = p + rlen + 1;
	slash = strchr(folder, '/');
	if (!slash) {
		add(rc, OREG_SEVERITY_ERROR, 1, 1, OREG_RULE_LAYOUT, "",
			"a record cannot sit in '%s/' itself: move it into the folder of its type", reg->records_dir);
		return false;
	}
	rc->type = oreg_register_type_by_folder(reg, folder, (size_t)(slash - folder));
	if (!rc->type) {
		struct oreg_buf known = OREG_BUF_INIT;
		size_t i;

		for (i = 0; i < reg->ntypes; i++)
			oreg_buf_addf(&known, "%s%s/%s/", i ? ", " : "", reg->records_dir, reg->types[i].folder);
		add(rc, OREG_SEVERITY_ERROR, 1, 1, OREG_RULE_LAYOUT, "",
			"folder '%.*s' holds no record type: records belong in %s", (int)(slash - folder), folder, known.ptr);
		oreg_buf_release(&known);
		return false;
	}
	name = slash + 1;
	if (rc->type->year_field) {
		slash = strchr(name, '/');
		if (!slash || slash - name != 4 || name[0] < '1' || name[0] > '9' ||
			strspn(name, "0123456789") != 4) {
			add(rc, OREG_SEVERITY_ERROR, 1, 1, OREG_RULE_LAYOUT, "",
				"a %s sits in a folder named after the year of its %s: move it to %s/%s/<YYYY>/",
				rc->type->name, rc->type->year_field, reg->records_dir, rc->type->folder);
			return false;
		}
		*year = atoi(name);
		name = slash + 1;
	}
	if (strchr(name, '/')) {
		add(rc, OREG_SEVERITY_ERROR, 1, 1, OREG_RULE_LAYOUT, "",
			"'%s' is nested too deep: %s records sit directly in %s/%s/%s", p, rc->type->name,
			reg->records_dir, rc->type->folder, rc->type->year_field ? "<YYYY>/" : "");
		return false;
	}
	nlen = strlen(name);
	if (nlen <= strlen(RECORD_SUFFIX) || strcmp(name + nlen - strlen(RECORD_SUFFIX), RECORD_SUFFIX)) {
		if (nlen > 4 && !strcmp(name + nlen - 4, ".yml"))
			add(rc, OREG_SEVERITY_ERROR, 1, 1, OREG_RULE_LAYOUT, "",
				"record files end in '.yaml', not '.yml': rename the file");
		else
			add(rc, OREG_SEVERITY_ERROR, 1, 1, OREG_RULE_LAYOUT, "",
				"'%s' is not a record file: records are named <id>.yaml", name);
		return false;
	}
	*id = name;
	*id_len = nlen - strlen(RECORD_SUFFIX);
	if (!oreg_id_valid(*id, *id_len, &why)) {
		add(rc, OREG_SEVERITY_ERROR, 1, 1, OREG_RULE_LAYOUT, "",
			"id '%.*s' %s: an id is 2 to 64 lower-case letters, digits and single hyphens, "
			"starting and ending with a letter or digit", (int)*id_len, *id, why);
		/* the content can still be checked */
	}
	return true;
}

static void check_year(struct record_check *rc, const struct oreg_value *root, int year)
{
	const struct oreg_value *v = oreg_value_get(root, rc->type->year_field);
	int32_t date;

	if (!v || v->type != OREG_STRING || oreg_date_parse(&date, v->u.string.ptr, v->u.string.len) < 0)
		return; /* the schema says what is wrong with it */
	if (date / 10000 != year) {
		struct oreg_buf ptr = OREG_BUF_INIT;

		oreg_buf_addch(&ptr, '/');
		oreg_buf_add_pointer_token(&ptr, rc->type->year_field, strlen(rc->type->year_field));
		add(rc, OREG_SEVERITY_ERROR, v->line, v->column, OREG_RULE_LAYOUT, ptr.ptr,
			"%s dated %s sits in folder %d: move it to %s/%s/%d/", rc->type->name, v->u.string.ptr,
			year, rc->reg->records_dir, rc->type->folder, (int)(date / 10000));
		oreg_buf_release(&ptr);
	}
}

/* A partnership starts only once the organisation endorsed the Agenda. */
static void check_endorsement(struct record_check *rc, const struct oreg_value *root)
{
	const struct oreg_value *list = oreg_value_get(root, "partnerships");
	size_t i;

	if (!list || list->type != OREG_ARRAY)
		return;
	for (i = 0; i < list->u.array.count; i++) {
		const struct oreg_value *p = list->u.array.items[i];
		const struct oreg_value *from = oreg_value_get(p, "from");
		const struct oreg_value *endorsed = oreg_value_get(p, "endorsed");
		int32_t f, e;
		char ptr[64];

		if (!from || !endorsed || from->type != OREG_STRING || endorsed->type != OREG_STRING ||
			oreg_date_parse(&f, from->u.string.ptr, from->u.string.len) < 0 ||
			oreg_date_parse(&e, endorsed->u.string.ptr, endorsed->u.string.len) < 0)
			continue;
		if (e <= f)
			continue;
		snprintf(ptr, sizeof(ptr), "/partnerships/%zu/endorsed", i);
		add(rc, OREG_SEVERITY_ERROR, endorsed->line, endorsed->column, OREG_RULE_ENDORSEMENT, ptr,
			"partnership from %s was endorsed later, on %s: a partner endorses the Agenda's goals "
			"and values on or before 'from'; correct 'endorsed' or move 'from'",
			from->u.string.ptr, endorsed->u.string.ptr);
	}
}

static const char *privacy_noun(unsigned kind)
{
	switch (kind) {
	case OREG_PRIVACY_BSN: return "a citizen service number (BSN)";
	case OREG_PRIVACY_EMAIL: return "an e-mail address";
	case OREG_PRIVACY_PHONE: return "a phone number";
	case OREG_PRIVACY_IBAN: return "an IBAN";
	}
	return "personal data";
}

static int privacy_visit(const struct oreg_value *v, const char *pointer,
	const struct oreg_annotation *ann, void *payload)
{
	struct record_check *rc = payload;
	unsigned allow = ~rc->reg->privacy_kinds | ann->allow, kind;
	char digits[32];
	const char *s;
	size_t len, offset;
	int err;

	if (ann->ref_type && v->type == OREG_STRING && rc->scan && rc->scan->on_ref &&
		(err = rc->scan->on_ref(rc->scan->payload, ann->ref_type, v, pointer)) < 0) {
		rc->err = err;
		return err;
	}

	if (v->type == OREG_STRING) {
		s = v->u.string.ptr;
		len = v->u.string.len;
	} else if (v->type == OREG_NUMBER && v->u.number.integer && v->u.number.value >= 0 &&
		v->u.number.value < 1e15) {
		/* an unquoted number is still a number someone can read */
		len = (size_t)snprintf(digits, sizeof(digits), "%.0f", v->u.number.value);
		s = digits;
	} else {
		return 0;
	}
	/* each kind once per value; the value itself is not repeated, diagnostics end up in logs */
	while ((kind = oreg_privacy_scan(s, len, allow, &offset))) {
		add(rc, OREG_SEVERITY_ERROR, v->line, v->column, OREG_RULE_PRIVACY, pointer,
			"%s at character %zu: personal data does not belong in the register; "
			"remove it (or allow it for this field with x-allow: [%s] in the schema)",
			privacy_noun(kind), oreg_utf8_length(s, offset) + 1, oreg_privacy_kind_name(kind));
		allow |= kind;
	}
	return 0;
}

int oreg_register_scan_record(const struct oreg_register *reg, const char *path,
	const char *data, size_t len, struct oreg_findings *findings, struct oreg_record_scan *scan)
{
	struct record_check rc = { .reg = reg, .path = path, .findings = findings, .scan = scan };
	struct oreg_document *doc = NULL;
	const struct oreg_value *root;
	const char *id;
	size_t id_len;
	int year, err;

	if (scan) {
		scan->type = NULL;
		scan->id = NULL;
		scan->id_len = 0;
		scan->doc = NULL;
	}
	if (!check_path(&rc, &id, &id_len, &year))
		return rc.err < 0 ? rc.err : rc.added;
	if (scan) {
		scan->type = rc.type;
		scan->id = id;
		scan->id_len = id_len;
	}
	{
		size_t before = findings->count;

		if ((err = oreg_yaml_load(&doc, data, len, path, NULL, findings)) < 0)
			return err;
		rc.added += (int)(findings->count - before);
	}
	if (!doc)
		return rc.added;
	root = oreg_document_root(doc);
	if (rc.type->schema) {
		err = oreg_schema_validate(rc.type->schema, root, path, findings);
		if (err < 0)
			goto done;
		rc.added += err;
	}
	if (year)
		check_year(&rc, root, year);
	check_endorsement(&rc, root);
	if ((err = oreg_record_check_characters(root, path, findings)) < 0)
		goto done;
	rc.added += err;
	if (rc.type->schema && !rc.err) {
		err = oreg_schema_walk(rc.type->schema, root, privacy_visit, &rc);
		if (err < 0)
			goto done;
	}
	err = rc.err;
done:
	if (scan && err >= 0) {
		scan->doc = doc;
		doc = NULL;
	}
	oreg_document_free(doc);
	return err < 0 ? err : rc.added;
}

int oreg_register_check_record(const struct oreg_register *reg, const char *path,
	const char *data, size_t len, struct oreg_findings *findings)
{
	return oreg_register_scan_record(reg, path, data, len, findings, NULL);
}
