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
	const char *data;              /* the file's bytes, for the privacy scan */
	size_t len;
	struct privacy_span *spans;    /* values whose schema allows some personal data */
	size_t nspans, spans_alloc;
	struct oreg_buf pointers;      /* the spans' pointers, one after another with a NUL after each */
	unsigned seen_line;            /* offset_of: the line that starts at seen_offset (0: none yet) */
	size_t seen_offset;
	size_t line_start[64];         /* offset_of: where lines 1..nlines start, for a short file */
	uint64_t line_ascii;           /* offset_of: bit n - 1 set when line n is all ASCII */
	unsigned nlines;               /* 0: not known (yet, or the file is longer) */
	bool lines_known;
};

/* The bytes of a value that x-allow lets hold the kinds in allow. */
struct privacy_span {
	size_t start, end;
	unsigned allow;
	size_t pointer; /* in the record_check's pointers */
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
	case OREG_PRIVACY_PERSON_NAME: return "the name of a person (a title, form of address or given name and a name)";
	}
	return "personal data";
}

static int add_span(struct record_check *rc, const struct oreg_value *v, unsigned allow, const char *pointer);
static size_t offset_of(struct record_check *rc, unsigned line, unsigned column);

struct escaped_hit {
	struct record_check *rc;
	const struct oreg_value *v;
	const char *pointer;
	unsigned allow;
	unsigned raw[8]; /* hits per kind bit in the value's bytes, which the file's scan reports */
	int counting;
};

static int escaped_hit(void *payload, unsigned kind, size_t at)
{
	struct escaped_hit *h = payload;
	unsigned bit = 0;

	(void)at;
	while (bit < 7 && !(kind & (1u << bit)))
		bit++;
	if (h->counting) {
		h->raw[bit]++;
		return 0;
	}
	if ((h->allow & kind) || (h->raw[bit] && h->raw[bit]--))
		return 0;
	add(h->rc, OREG_SEVERITY_ERROR, h->v->line, h->v->column, OREG_RULE_PRIVACY, h->pointer,
		"%s, written with escapes: personal data does not belong in the register; remove it",
		privacy_noun(kind));
	return h->rc->err;
}

/*
 * A double-quoted value with escapes ("06\x2D12345678", "\u0040") says
 * more than its bytes: its decoded text is scanned too, and a hit there
 * that the bytes do not show is reported at the value.
 */
static void escaped_privacy(struct record_check *rc, const struct oreg_value *v, unsigned allow,
	const char *pointer)
{
	struct escaped_hit h = { rc, v, pointer, allow | (~rc->reg->privacy_kinds & ~(unsigned)OREG_PRIVACY_PERSON_NAME),
		{ 0 }, 1 };
	size_t start = offset_of(rc, v->line, v->column), end = start + 1;
	bool escapes = false;
	int err;

	if (start >= rc->len || rc->data[start] != '"')
		return;
	while (end < rc->len && rc->data[end] != '"') {
		escapes |= rc->data[end] == '\\';
		end += rc->data[end] == '\\' ? 2 : 1;
	}
	if (!escapes || end > rc->len)
		return;
	err = oreg_privacy_each(&rc->reg->privacy, rc->data + start + 1, end - start - 1, 0, escaped_hit, &h);
	h.counting = 0;
	if (err >= 0)
		err = oreg_privacy_each(&rc->reg->privacy, v->u.string.ptr, v->u.string.len, 0, escaped_hit, &h);
	if (err < 0)
		rc->err = err;
}

/*
 * A value under x-roles is one of the register's roles.  The value is not
 * repeated: it may be a name, and diagnostics end up in logs.
 */
static int check_role(struct record_check *rc, const struct oreg_value *v, const char *pointer)
{
	struct oreg_buf roles = OREG_BUF_INIT;
	const char *suggestion;
	int err = oreg_privacy_role(&rc->reg->privacy, v->u.string.ptr, v->u.string.len, &suggestion);

	if (err < 0)
		return rc->err = err;
	if (!err) {
		oreg_privacy_roles_add_list(&roles, &rc->reg->privacy);
		if ((err = oreg_buf_error(&roles)) < 0)
			return rc->err = err;
		add(rc, OREG_SEVERITY_ERROR, v->line, v->column, OREG_RULE_PRIVACY, pointer,
			"not one of the register's roles%s%s%s: a participant is recorded by role, never by name; use "
			"one of: %s (rules.privacy.roles in schemas/register.yaml)", suggestion ? " (did you mean '" : "",
			suggestion ? suggestion : "", suggestion ? "'?)" : "", roles.ptr);
		oreg_buf_release(&roles);
	}
	return 0;
}

static int privacy_visit(const struct oreg_value *v, const char *pointer,
	const struct oreg_annotation *ann, void *payload)
{
	struct record_check *rc = payload;
	int err;

	if (ann->ref_type && v->type == OREG_STRING && rc->scan && rc->scan->on_ref &&
		(err = rc->scan->on_ref(rc->scan->payload, ann->ref_type, v, pointer)) < 0) {
		rc->err = err;
		return err;
	}
	if (ann->roles && v->type == OREG_STRING && check_role(rc, v, pointer) < 0)
		return rc->err;
	/* the file's bytes are scanned as a whole (scan_file_privacy); here: which value is where */
	if (v->type != OREG_ARRAY && v->type != OREG_OBJECT && v->line && add_span(rc, v, ann->allow, pointer) < 0)
		return rc->err;
	if (v->type == OREG_STRING && v->line)
		escaped_privacy(rc, v, ann->allow, pointer);
	return rc->err;
}

/* The references alone, for a scan with refs_only. */
static int ref_visit(const struct oreg_value *v, const char *pointer, const struct oreg_annotation *ann,
	void *payload)
{
	struct record_check *rc = payload;

	if (ann->ref_type && v->type == OREG_STRING)
		return rc->scan->on_ref(rc->scan->payload, ann->ref_type, v, pointer);
	return 0;
}

/*
 * The byte offset of line:column (1-based, column in code points) in the
 * file.  Values come in file order: the search for a line goes on from
 * the line found last when it can.
 */
static size_t offset_of(struct record_check *rc, unsigned line, unsigned column)
{
	const char *data = rc->data;
	size_t len = rc->len, i = 0;
	unsigned l = 1, c = 1;

	if (!rc->lines_known) {
		/* where each line starts, once per file (a record is a few dozen lines) */
		size_t k, n = 0;
		bool ascii = true;

		rc->lines_known = true;
		rc->line_start[n++] = 0;
		for (k = 0; k < len && n < ARRAY_SIZE(rc->line_start); k++) {
			if (data[k] == '\n') {
				if (ascii)
					rc->line_ascii |= (uint64_t)1 << (n - 1);
				rc->line_start[n++] = k + 1;
				ascii = true;
			} else if ((unsigned char)data[k] >= 0x80) {
				ascii = false;
			}
		}
		if (ascii && n <= 64)
			rc->line_ascii |= (uint64_t)1 << (n - 1);
		rc->nlines = k == len ? (unsigned)n : 0;
	}
	if (line >= 1 && line <= rc->nlines) {
		i = rc->line_start[line - 1];
		l = line;
		if (column >= 1 && (rc->line_ascii & ((uint64_t)1 << (line - 1)))) {
			/* a character a byte: the column, or the line's end if it is shorter */
			size_t end = line < rc->nlines ? rc->line_start[line] - 1 : len;

			rc->seen_line = l;
			rc->seen_offset = i;
			return i + (column - 1) < end ? i + (column - 1) : end;
		}
	} else if (rc->seen_line && rc->seen_line <= line) {
		i = rc->seen_offset;
		l = rc->seen_line;
	}
	while (i < len && l < line)
		if (data[i++] == '\n')
			l++;
	rc->seen_line = l;
	rc->seen_offset = i;
	while (i < len && c < column && data[i] != '\n') {
		i++;
		while (i < len && ((unsigned char)data[i] & 0xc0) == 0x80)
			i++;
		c++;
	}
	return i;
}

/* A value allowed some kinds: its lines, from its start to the end of its last line. */
static int add_span(struct record_check *rc, const struct oreg_value *v, unsigned allow, const char *pointer)
{
	struct privacy_span *p;
	size_t start = offset_of(rc, v->line, v->column), end = start, lines = 1, k;

	if (v->type == OREG_STRING)
		for (k = 0; k < v->u.string.len; k++)
			lines += v->u.string.ptr[k] == '\n';
	if (start < rc->len && (rc->data[start] == '|' || rc->data[start] == '>'))
		lines++;
	while (end < rc->len && lines)
		if (rc->data[end++] == '\n')
			lines--;
	if (rc->nspans == rc->spans_alloc) {
		size_t alloc = rc->spans_alloc ? 2 * rc->spans_alloc : 8;

		if (!(p = realloc(rc->spans, alloc * sizeof(*p))))
			return rc->err = OREG_ENOMEM;
		rc->spans = p;
		rc->spans_alloc = alloc;
	}
	rc->spans[rc->nspans++] = (struct privacy_span){ start, end, allow, rc->pointers.len };
	oreg_buf_add(&rc->pointers, pointer, strlen(pointer) + 1);
	if (oreg_buf_error(&rc->pointers) < 0)
		return rc->err = OREG_ENOMEM;
	return 0;
}

/* The kinds allowed at offset, and the pointer of the value there ("" for a key or comment). */
static unsigned allowed_at(const struct record_check *rc, size_t offset, const char **pointer)
{
	unsigned allow = ~rc->reg->privacy_kinds & ~(unsigned)OREG_PRIVACY_PERSON_NAME;
	size_t i;

	*pointer = "";
	for (i = 0; i < rc->nspans; i++)
		if (offset >= rc->spans[i].start && offset < rc->spans[i].end) {
			allow |= rc->spans[i].allow;
			*pointer = rc->pointers.ptr + rc->spans[i].pointer;
		}
	return allow;
}

static int file_privacy_hit(void *payload, unsigned kind, size_t at)
{
	struct record_check *rc = payload;
	const char *pointer;
	size_t line_start = 0, off;
	unsigned line = 1;

	if (allowed_at(rc, at, &pointer) & kind)
		return 0;
	for (off = 0; off < at; off++)
		if (rc->data[off] == '\n') {
			line++;
			line_start = off + 1;
		}
	add(rc, OREG_SEVERITY_ERROR, line, (unsigned)oreg_utf8_length(rc->data + line_start, at - line_start) + 1,
		OREG_RULE_PRIVACY, pointer,
		"%s: personal data does not belong in the register (in a value, a key or a comment); remove it",
		privacy_noun(kind));
	return rc->err;
}

/*
 * Personal data anywhere in the file's bytes: values, keys and comments,
 * each hit at its own line and column, in file order, but for the values
 * whose schema allows that kind.  The data itself is not repeated:
 * diagnostics end up in logs.
 */
static void scan_file_privacy(struct record_check *rc)
{
	int err = oreg_privacy_each(&rc->reg->privacy, rc->data, rc->len, 0, file_privacy_hit, rc);

	if (err < 0)
		rc->err = err;
}

/* Personal data in the file's name: its id, or a folder. */
static void scan_path_privacy(struct record_check *rc)
{
	size_t off, len = strlen(rc->path);
	char *words = oreg_strndup(rc->path, len);
	unsigned kind;

	if (!words) {
		rc->err = OREG_ENOMEM;
		return;
	}
	oreg_privacy_name_words(words, len);
	kind = oreg_privacy_scan_set(&rc->reg->privacy, words, len, 0,
		~rc->reg->privacy_kinds & ~(unsigned)OREG_PRIVACY_PERSON_NAME, &off);
	free(words);
	if (kind)
		add(rc, OREG_SEVERITY_ERROR, 0, 0, OREG_RULE_PRIVACY, "",
			"the file name holds %s: personal data does not belong in the register, not even in an id; "
			"rename the file", privacy_noun(kind));
}

int oreg_register_scan_record(const struct oreg_register *reg, const char *path,
	const char *data, size_t len, struct oreg_findings *findings, struct oreg_record_scan *scan)
{
	struct record_check rc = { .reg = reg, .path = path, .findings = findings, .scan = scan, .data = data,
		.len = len, .pointers = OREG_BUF_INIT };
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
	if (!scan || !scan->refs_only)
		scan_path_privacy(&rc);
	if (scan) {
		scan->type = rc.type;
		scan->id = id;
		scan->id_len = id_len;
	}
	{
		size_t before = findings->count;

		/*
		 * The plain style is read without libyaml: what the quick reader
		 * takes, the loader takes with no finding and reads the same (values,
		 * lines and columns); the rest goes to the loader, which says why.
		 */
		if ((err = oreg_yaml_load_quick(&doc, data, len)) < 0 ||
			(!err && (err = oreg_yaml_load(&doc, data, len, path, NULL, findings)) < 0))
			return err;
		rc.added += (int)(findings->count - before);
	}
	if (!doc)
		return rc.added;
	root = oreg_document_root(doc);
	if (scan && scan->refs_only) {
		err = rc.type->schema ? oreg_schema_walk(rc.type->schema, root, ref_visit, &rc) : 0;
		goto done;
	}
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
	if (!rc.err)
		scan_file_privacy(&rc);
	err = rc.err;
done:
	oreg_buf_release(&rc.pointers);
	free(rc.spans);
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
