/*
 * new.c - openreg new TYPE: write a new record, valid from the start, the
 * way `cargo new` writes a project that builds.
 *
 * The fields come from options (--name, --date, --organisation, ...,
 * --set FIELD=VALUE for any other), or, for a required field not given, a
 * question on the terminal.  What the type's schema says drives it all:
 * which fields exist, which are required, which hold a list.  The record
 * goes into its type's folder (a contact into the folder of its date's
 * year) under an id made from its name, or its date and subject, folded
 * to ASCII and made unique; its first line tells yaml-language-server its
 * schema.  Then every rule of the register judges it as `openreg check`
 * would, and a record the rules refuse (a contact with an excluded
 * organisation) is not written: the same findings say why.
 */
#include "cmd.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ID_MAX 64

enum {
	OPT_NAME = 1, OPT_DATE, OPT_ORGANISATION, OPT_KIND, OPT_THEME, OPT_GROUND, OPT_SOURCE, OPT_SINCE,
	OPT_SUBJECT, OPT_OUTCOME, OPT_EXCLUSION, OPT_SET, OPT_ID, OPT_EDIT = 'e',
};

const struct option new_options[] = {
	{ OPT_NAME, 0, "name", "NAME", NULL, "the name (organisation, exclusion)" },
	{ OPT_DATE, 0, "date", "DATE", NULL, "the date, YYYY-MM-DD (contact, screening)" },
	{ OPT_ORGANISATION, 0, "organisation", "ID", NULL, "an organisation's id (repeat for a contact with several)" },
	{ OPT_KIND, 0, "kind", "KIND", NULL, "the kind (organisation, contact)" },
	{ OPT_THEME, 0, "theme", "THEME", NULL, "a theme of the Action Agenda (repeat for several)" },
	{ OPT_GROUND, 0, "ground", "GROUND", NULL, "a ground of an exclusion (repeat for several)" },
	{ OPT_SOURCE, 0, "source", "TEXT", NULL, "the outside advice or document an exclusion rests on" },
	{ OPT_SINCE, 0, "since", "DATE", NULL, "the day an exclusion takes effect" },
	{ OPT_SUBJECT, 0, "subject", "TEXT", NULL, "what a contact was about (no names of people)" },
	{ OPT_OUTCOME, 0, "outcome", "OUTCOME", NULL, "the outcome of a screening" },
	{ OPT_EXCLUSION, 0, "exclusion", "ID", NULL, "the exclusion a screening settles" },
	{ OPT_SET, 0, "set", "FIELD=VALUE", NULL, "any other field (repeat; a list takes one value each time)" },
	{ OPT_ID, 0, "id", "ID", NULL, "the record's id (default: made from the name, or the date and subject)" },
	{ OPT_EDIT, 'e', "edit", NULL, NULL, "open the new record in $VISUAL or $EDITOR" },
	OPT_END
};

/* A field of the record: its schema, and the values given. */
struct field {
	const char *name;
	const struct oreg_value *schema; /* the property's schema */
	int list;                        /* an array of values */
	const char *item_key;            /* a list of objects: the property a plain value fills */
	char **values;
	size_t count;
};

struct record {
	const struct oreg_value *root; /* the type's schema */
	struct field *fields;          /* one per property, in the schema's order */
	size_t nfields;
};

/* node, or the $defs entry its local $ref names */
static const struct oreg_value *deref(const struct oreg_value *root, const struct oreg_value *node)
{
	const struct oreg_value *ref = oreg_value_get(node, "$ref"), *defs = oreg_value_get(root, "$defs");

	if (!ref || ref->type != OREG_STRING || strncmp(ref->u.string.ptr, "#/$defs/", 8) || !defs)
		return node;
	return oreg_value_get(defs, ref->u.string.ptr + 8);
}

/* A keyword of a property's schema, looked for there and in what its $ref names. */
static const struct oreg_value *keyword(const struct oreg_value *root, const struct oreg_value *node, const char *k)
{
	const struct oreg_value *v = node ? oreg_value_get(node, k) : NULL, *target;

	if (v || !node)
		return v;
	target = deref(root, node);
	return target && target != node ? oreg_value_get(target, k) : NULL;
}

static int is_list(const struct oreg_value *root, const struct oreg_value *schema)
{
	return oreg_value_is_string(keyword(root, schema, "type"), "array");
}

/* The values an enum allows, "a|b|c", of the field or of its items; NULL when any. */
static char *choices(const struct oreg_value *root, const struct field *f)
{
	const struct oreg_value *e = keyword(root, f->schema, "enum");
	char *text = NULL;
	size_t len = 0, i;
	FILE *m;

	int labelled = 0;

	if (!e && f->list)
		e = keyword(root, keyword(root, f->schema, "items"), "enum");
	/* labelled values: a oneOf of const + title, as the shipped schemas give them */
	if (!e && (e = keyword(root, f->list ? keyword(root, f->schema, "items") : f->schema, "oneOf")))
		labelled = 1;
	if (!e || e->type != OREG_ARRAY || !(m = open_memstream(&text, &len)))
		return NULL;
	for (i = 0; i < e->u.array.count; i++) {
		const struct oreg_value *v = labelled ? oreg_value_get(e->u.array.items[i], "const") : e->u.array.items[i];

		if (v && v->type == OREG_STRING)
			fprintf(m, "%s%s", i ? "|" : "", v->u.string.ptr);
	}
	fclose(m);
	return text;
}

static struct field *find_field(struct record *r, const char *name, size_t len)
{
	for (size_t i = 0; i < r->nfields; i++)
		if (strlen(r->fields[i].name) == len && !memcmp(r->fields[i].name, name, len))
			return &r->fields[i];
	return NULL;
}

static int add_value(struct field *f, const char *value)
{
	char **grown = realloc(f->values, (f->count + 1) * sizeof(*grown));

	if (!grown || !(grown[f->count] = strdup(value))) {
		if (grown)
			f->values = grown;
		return fail("out of memory");
	}
	f->values = grown;
	f->count++;
	return 0;
}

/*
 * The option that sets a field, --organisation for organisations, --set
 * FIELD=VALUE for the rest, with the values allowed when there is a list.
 */
static void print_flag(FILE *out, const struct record *r, const struct field *f)
{
	const struct option *o;
	size_t len = strlen(f->name);
	char *allowed = choices(r->root, f);

	for (o = new_options; o->id; o++) {
		size_t n = strlen(o->long_name);

		if (o->id != OPT_SET && o->id != OPT_ID && o->arg && (n == len || (f->list && n + 1 == len &&
			f->name[n] == 's')) && !strncmp(o->long_name, f->name, n))
			break;
	}
	if (o->id)
		fprintf(out, "--%s %s", o->long_name, allowed ? allowed : o->arg);
	else
		fprintf(out, "--set %s=%s", f->name, allowed ? allowed : "VALUE");
	free(allowed);
}

/* --name NAME sets name; --organisation ID sets organisation, or organisations when that is the list. */
static int set_named(struct record *r, const char *type, const char *option, const char *value)
{
	size_t len = strlen(option);
	struct field *f = find_field(r, option, len);
	char plural[64];

	if (!f && len + 2 < sizeof(plural)) {
		snprintf(plural, sizeof(plural), "%ss", option);
		if ((f = find_field(r, plural, len + 1)) && !f->list)
			f = NULL;
	}
	if (!f)
		return usage("new", "a record of type '%s' has no field '%s'", type, option);
	if (!f->list && f->count)
		return usage("new", "'%s' takes one value; a list field takes one value each time", f->name);
	return add_value(f, value);
}

static int set_field(struct record *r, const char *type, const char *assignment)
{
	const char *eq = strchr(assignment, '=');
	struct field *f;

	if (!eq || eq == assignment)
		return usage("new", "--set takes FIELD=VALUE, as in --set city=Utrecht");
	if (!(f = find_field(r, assignment, (size_t)(eq - assignment))))
		return usage("new", "a record of type '%s' has no field '%.*s'", type, (int)(eq - assignment),
			assignment);
	if (!f->list && f->count)
		return usage("new", "'%s' takes one value; a list field takes one value each time", f->name);
	return add_value(f, eq + 1);
}

static int build_fields(struct record *r, const struct oreg_value *root)
{
	const struct oreg_value *props = oreg_value_get(root, "properties");
	size_t i;

	r->root = root;
	if (!props || props->type != OREG_OBJECT)
		return fail("the schema has no properties to make a record of");
	if (!(r->fields = calloc(props->u.object.count, sizeof(*r->fields))))
		return fail("out of memory");
	r->nfields = props->u.object.count;
	for (i = 0; i < r->nfields; i++) {
		r->fields[i].name = props->u.object.members[i].key;
		r->fields[i].schema = props->u.object.members[i].value;
		r->fields[i].list = is_list(root, r->fields[i].schema);
		if (r->fields[i].list) {
			const struct oreg_value *items = deref(root, keyword(root, r->fields[i].schema, "items"));
			const struct oreg_value *req = items ? oreg_value_get(items, "required") : NULL;

			if (oreg_value_is_string(keyword(root, items, "type"), "object") && req &&
				req->type == OREG_ARRAY && req->u.array.count && req->u.array.items[0]->type == OREG_STRING)
				r->fields[i].item_key = req->u.array.items[0]->u.string.ptr;
		}
	}
	return 0;
}

static void release_record(struct record *r)
{
	for (size_t i = 0; i < r->nfields; i++) {
		for (size_t j = 0; j < r->fields[i].count; j++)
			free(r->fields[i].values[j]);
		free(r->fields[i].values);
	}
	free(r->fields);
}

/* Ask for one required field on the terminal; a list takes values separated by commas. */
static int ask(struct record *r, struct field *f)
{
	const struct oreg_value *title = keyword(r->root, f->schema, "title");
	char *line = NULL, *allowed = choices(r->root, f), *s, *next;
	size_t cap = 0;
	ssize_t n;
	int status = 0;

	fprintf(stderr, "%s", title && title->type == OREG_STRING ? title->u.string.ptr : f->name);
	if (allowed)
		fprintf(stderr, " (%s)", allowed);
	else if (oreg_value_is_string(keyword(r->root, f->schema, "format"), "date"))
		fprintf(stderr, " (YYYY-MM-DD)");
	fprintf(stderr, "%s: ", f->list ? ", one or more separated by commas" : "");
	free(allowed);
	if ((n = getline(&line, &cap, stdin)) <= 0) {
		free(line);
		fputc('\n', stderr);
		return usage("new", "no value for '%s'", f->name);
	}
	line[strcspn(line, "\r\n")] = '\0';
	for (s = line; s && !status; s = next) {
		next = f->list ? strchr(s, ',') : NULL;
		if (next)
			*next++ = '\0';
		while (*s == ' ')
			s++;
		for (char *end = s + strlen(s); end > s && end[-1] == ' ';)
			*--end = '\0';
		if (*s)
			status = add_value(f, s);
	}
	free(line);
	if (!status && !f->count)
		status = usage("new", "no value for '%s'", f->name);
	return status;
}

static int fill_required(struct record *r, const char *type)
{
	const struct oreg_value *req = oreg_value_get(r->root, "required");
	int interactive = isatty(0) && isatty(2), missing = 0, status;
	size_t i;

	for (i = 0; req && req->type == OREG_ARRAY && i < req->u.array.count; i++) {
		const struct oreg_value *name = req->u.array.items[i];
		struct field *f = name->type == OREG_STRING ? find_field(r, name->u.string.ptr, name->u.string.len) : NULL;

		if (!f || f->count)
			continue;
		if (interactive) {
			if ((status = ask(r, f)))
				return status;
			continue;
		}
		if (!missing++)
			fprintf(stderr, "openreg: a new %s needs ", type);
		else
			fputs(", ", stderr);
		print_flag(stderr, r, f);
	}
	if (missing) {
		fputc('\n', stderr);
		print_synopsis(stderr, "new");
		return EXIT_USAGE;
	}
	return 0;
}

static const char *first_value(struct record *r, const char *name)
{
	struct field *f = find_field(r, name, strlen(name));

	return f && f->count ? f->values[0] : NULL;
}

static int plain_id(const char *id)
{
	size_t len = strlen(id);

	if (len < 2 || len > ID_MAX || id[0] == '-' || id[len - 1] == '-' || strstr(id, "--"))
		return 0;
	return strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789-") == len;
}

/* The id from the name, or from the date and the subject (or the first organisation). */
static int make_id(char **out, struct record *r, const char *type)
{
	const char *name = first_value(r, "name"), *date = first_value(r, "date"), *what;
	char base[512];
	int err;

	if (name) {
		err = oreg_id_suggest(out, name, ID_MAX - 3);
	} else if (date) {
		what = first_value(r, "subject");
		if (!what)
			what = first_value(r, "organisation");
		if (!what)
			what = first_value(r, "organisations");
		snprintf(base, sizeof(base), "%s %s", date, what ? what : type);
		err = oreg_id_suggest(out, base, ID_MAX - 3);
	} else {
		return usage("new", "give the record's id with --id: it has no name or date to make one of");
	}
	return err < 0 ? fail_for(err) : 0;
}

/* Is id taken in the type's folder (any year folder for a dated type)? */
static int taken(const char *top, const char *dir, const char *id, int yearly)
{
	char pattern[PATH_MAX];
	glob_t g;
	int found;

	snprintf(pattern, sizeof(pattern), "%s/%s%s/%s.yaml", top, dir, yearly ? "/[0-9][0-9][0-9][0-9]" : "", id);
	found = glob(pattern, 0, NULL, &g) == 0 && g.gl_pathc > 0;
	globfree(&g);
	return found;
}

static int unique_id(char **id, const char *top, const char *dir, int yearly)
{
	char *candidate;
	unsigned n;

	if (!taken(top, dir, *id, yearly))
		return 0;
	if (!(candidate = malloc(strlen(*id) + 8)))
		return fail("out of memory");
	for (n = 2; n < 1000; n++) {
		sprintf(candidate, "%s-%u", *id, n);
		if (!taken(top, dir, candidate, yearly)) {
			free(*id);
			*id = candidate;
			return 0;
		}
	}
	free(candidate);
	return fail("'%s' and a thousand variants of it are taken: give an id with --id", *id);
}

static int compose_scalar(FILE *m, const char *lead, const char *value)
{
	char *scalar = oreg_yaml_scalar(value);

	if (!scalar)
		return fail_for(OREG_ENOMEM);
	fprintf(m, "%s%s\n", lead, scalar);
	free(scalar);
	return 0;
}

/*
 * An item of a list of objects: "KEY=VALUE; KEY=VALUE" gives those
 * properties, anything else is the value of key (the items' first required
 * property): --set sources='list=OpenSanctions; version=2025-05-01', or
 * --source OpenSanctions.
 */
static int compose_object(FILE *m, const char *key, const char *value)
{
	const char *eq = strchr(value, '='), *lead = "  - ";
	char *copy, *part, *next;
	int status = 0;

	if (!eq || eq == value || strspn(value, "abcdefghijklmnopqrstuvwxyz-") != (size_t)(eq - value)) {
		fprintf(m, "%s%s: ", lead, key);
		return compose_scalar(m, "", value);
	}
	if (!(copy = strdup(value)))
		return fail("out of memory");
	for (part = copy; part && !status; part = next, lead = "    ") {
		char *k, *v;

		if ((next = strchr(part, ';')))
			*next++ = '\0';
		while (*part == ' ')
			part++;
		if (!*part)
			continue;
		k = part;
		if (!(v = strchr(part, '='))) {
			status = usage("new", "'%s': write each property as KEY=VALUE, separated by ';'", value);
			break;
		}
		*v++ = '\0';
		fprintf(m, "%s%s: ", lead, k);
		status = compose_scalar(m, "", v);
	}
	free(copy);
	return status;
}

static int compose(char **out, size_t *len, struct record *r, const char *schema_rel)
{
	FILE *m = open_memstream(out, len);
	int status = 0;

	if (!m)
		return fail("out of memory");
	fprintf(m, "# yaml-language-server: $schema=%s\n", schema_rel);
	for (size_t i = 0; i < r->nfields && !status; i++) {
		struct field *f = &r->fields[i];

		if (!f->count)
			continue;
		fprintf(m, "%s:%s", f->name, f->list ? "\n" : " ");
		for (size_t j = 0; j < f->count && !status; j++) {
			if (f->item_key)
				status = compose_object(m, f->item_key, f->values[j]);
			else
				status = compose_scalar(m, f->list ? "  - " : "", f->values[j]);
		}
	}
	if (fclose(m) && !status)
		status = fail("out of memory");
	return status;
}

static int make_dirs(const char *path)
{
	char buf[PATH_MAX], *p;

	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
		return fail("path too long: %s", path);
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0777) < 0 && errno != EEXIST)
			return fail("cannot create %s: %s", buf, strerror(errno));
		*p = '/';
	}
	return 0;
}

static int write_record(const char *path, const char *text, size_t len)
{
	int fd;
	ssize_t n;

	if (make_dirs(path))
		return EXIT_FAILURE_;
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666)) < 0)
		return fail("cannot create %s: %s", path, strerror(errno));
	n = write(fd, text, len);
	if (close(fd) < 0 || n != (ssize_t)len) {
		unlink(path);
		return fail("cannot write %s", path);
	}
	return 0;
}

/* Every rule, as openreg check applies them, on the working tree; the findings of rel only. */
static int judge(struct oreg_findings *out, const struct oreg_register *reg, const char *rel, const char *text,
	size_t len)
{
	struct oreg_findings all;
	struct oreg_repo *repo = NULL;
	struct oreg_checker *chk = NULL;
	struct oreg_snapshot *snap = NULL;
	size_t i;
	int err;

	oreg_findings_init(&all);
	if ((err = oreg_repo_open(&repo)) < 0) {
		/* not in git yet: the rules that need the record alone */
		err = oreg_register_check_record(reg, rel, text, len, out);
		goto done;
	}
	if ((err = oreg_checker_new(&chk, repo)) < 0 ||
		(err = oreg_snapshot_open(&snap, repo, OREG_SNAPSHOT_WORKTREE, NULL)) < 0 ||
		(err = oreg_check_snapshot(chk, snap, &all)) < 0)
		goto done;
	for (i = 0; i < all.count; i++) {
		const struct oreg_finding *f = &all.items[i];

		if (f->file && !strcmp(f->file, rel))
			oreg_findings_add(out, f->severity, f->file, f->line, f->column, f->rule, f->pointer, "%s",
				f->message);
	}
done:
	oreg_snapshot_free(snap);
	oreg_checker_free(chk);
	oreg_repo_free(repo);
	oreg_findings_release(&all);
	return err < 0 ? err : 0;
}

static int edit(const char *path)
{
	const char *editor = getenv("VISUAL");
	const char *argv[] = { "sh", "-c", "$OPENREG_EDITOR \"$1\"", "sh", path, NULL };
	int rc;

	if (!editor || !*editor)
		editor = getenv("EDITOR");
	if (!editor || !*editor)
		editor = "vi";
	/* like git, the editor setting is a shell command: "code --wait" works */
	if (setenv("OPENREG_EDITOR", editor, 1) < 0)
		return fail("out of memory");
	if ((rc = run_program(NULL, argv)) != 0)
		return fail("the editor '%s' failed (exit status %d); the record is in %s", editor, rc, path);
	return 0;
}

/* path (from the top) as the user would type it from here, with prefix the folder here */
static void print_path(const char *prefix, const char *rel)
{
	for (const char *p = prefix; p && *p; p++)
		if (*p == '/' && p[1])
			fputs("../", stdout);
	if (prefix && *prefix)
		fputs("../", stdout);
	printf("%s\n", rel);
}

/* The register's record type called type, into t; EXIT_USAGE with the types it has when there is none. */
static int find_type(struct oreg_type_info *t, const struct oreg_register *reg, const char *type)
{
	size_t i;
	int err;

	for (i = 0; (err = oreg_register_type_at(t, reg, i)) == 0; i++)
		if (!strcmp(t->name, type))
			return 0;
	fprintf(stderr, "openreg: the register has no record type '%s'; it has", type);
	for (i = 0; oreg_register_type_at(t, reg, i) == 0; i++)
		fprintf(stderr, "%s %s", i ? "," : "", t->name);
	fputc('\n', stderr);
	return EXIT_USAGE;
}

/* The second look at the options: the fields, --id and -e. */
static int read_fields(struct record *r, const char **id_opt, int *editing, const char *type, int argc, char **argv)
{
	struct opt_parser p;
	int c, status = 0;

	opt_init(&p, "new", argc, argv);
	while (!status && (c = opt_next(&p)) > 0) {
		if (c == OPT_SET)
			status = set_field(r, type, p.value);
		else if (c == OPT_ID)
			*id_opt = p.value;
		else if (c == OPT_EDIT)
			*editing = 1;
		else
			status = set_named(r, type, p.opt->long_name, p.value);
	}
	return status ? status : fill_required(r, type);
}

/* The new record's id: --id as given, or one made from its fields that no record has yet. */
static int choose_id(char **id, struct record *r, const char *type, const char *id_opt, const char *top,
	const char *folder, int dated)
{
	int status;

	if (!id_opt) {
		if ((status = make_id(id, r, type)))
			return status;
		return unique_id(id, top, folder, dated);
	}
	if (!plain_id(id_opt))
		return usage("new", "--id takes lower-case letters, digits and single hyphens, 2 to 64, "
			"as in --id stichting-brug");
	if (!(*id = strdup(id_opt)))
		return fail("out of memory");
	/* an id is one record's, whatever the year folder of a dated type */
	if (taken(top, folder, *id, dated))
		return usage("new", "there is a record '%s' of type %s already: choose another --id", *id, type);
	return 0;
}

/* rel: folder/<year>/<id>.yaml; schema_rel: the schema's path as seen from there. */
static int record_path(char rel[PATH_MAX], char schema_rel[PATH_MAX], const char *year, const char *id,
	const char *schema_path)
{
	int depth = 1;

	if (year)
		snprintf(rel + strlen(rel), PATH_MAX - strlen(rel), "/%.4s", year);
	for (const char *s = rel; *s; s++)
		depth += *s == '/';
	schema_rel[0] = '\0';
	while (depth--)
		strcat(schema_rel, "../");
	strcat(schema_rel, schema_path);
	if (strlen(rel) + strlen(id) + 7 > PATH_MAX)
		return fail("path too long");
	strcat(rel, "/");
	strcat(rel, id);
	strcat(rel, ".yaml");
	return 0;
}

/* Judge the record written at abs (rel from the top): removed again (*removed) when the rules refuse it. */
static int judge_written(int *removed, const struct oreg_register *reg, const char *abs, const char *rel,
	const char *text, size_t tlen)
{
	struct oreg_findings findings;
	int err, status;

	oreg_findings_init(&findings);
	*removed = 1;
	if ((err = judge(&findings, reg, rel, text, tlen)) < 0) {
		unlink(abs);
		status = fail_for(err);
	} else if (oreg_findings_errors(&findings)) {
		unlink(abs);
		print_findings(&findings, OREG_FORMAT_TEXT);
		fprintf(stderr, "openreg: %s not written: the register's rules refuse it\n", rel);
		status = EXIT_FINDINGS;
	} else {
		*removed = 0;
		status = print_findings(&findings, OREG_FORMAT_TEXT);
	}
	oreg_findings_release(&findings);
	return status;
}

/* Open the record in the editor, then judge it again as it was left. */
static int edit_and_judge(const struct oreg_register *reg, const char *abs, const char *rel)
{
	struct oreg_findings findings;
	char *text = NULL;
	size_t tlen = 0;
	int err, status;

	if ((status = edit(abs)))
		return status;
	oreg_findings_init(&findings);
	if ((err = oreg_file_read(&text, &tlen, abs, 16 * 1024 * 1024)) < 0 ||
		(err = judge(&findings, reg, rel, text, tlen)) < 0)
		status = fail_for(err);
	else
		status = print_findings(&findings, OREG_FORMAT_TEXT);
	oreg_findings_release(&findings);
	free(text);
	return status;
}

int cmd_new(int argc, char **argv)
{
	struct oreg_findings findings;
	struct oreg_register *reg = NULL;
	struct oreg_document *sdoc = NULL;
	struct oreg_type_info t;
	struct record r = { 0 };
	struct opt_parser p;
	const char *type, *id_opt = NULL, *year = NULL;
	char *top = NULL, *prefix = NULL, *id = NULL, *data = NULL, *text = NULL, schema_rel[PATH_MAX];
	char rel[PATH_MAX], abs[PATH_MAX];
	size_t len = 0, tlen = 0;
	int c, err, status = 0, editing = 0, removed;

	/* the options need the type's schema; look at them twice: first for the type and -h */
	opt_init(&p, "new", argc, argv);
	while ((c = opt_next(&p)) > 0)
		;
	if (c < 0)
		return opt_exit(c);
	if (p.nargs != 1)
		return usage("new", "name the type of the record: organisation, contact, exclusion, ...");
	type = p.args[0];

	oreg_findings_init(&findings);
	if ((err = oreg_worktree_find_top(&top, &prefix, ".")) < 0) {
		status = fail_for(err);
		goto done;
	}
	ui_set_source_root(top);
	if ((err = oreg_register_open_dir(&reg, top, &findings)) < 0 || !reg) {
		status = err < 0 ? fail_for(err) : print_findings(&findings, OREG_FORMAT_TEXT);
		goto done;
	}
	if ((status = find_type(&t, reg, type)))
		goto done;
	snprintf(abs, sizeof(abs), "%s/%s", top, t.schema_path);
	if ((err = oreg_file_read(&data, &len, abs, 16 * 1024 * 1024)) < 0 ||
		(err = oreg_yaml_load(&sdoc, data, len, t.schema_path, NULL, &findings)) < 0 || !sdoc) {
		status = err < 0 ? fail_for(err) : print_findings(&findings, OREG_FORMAT_TEXT);
		goto done;
	}
	if ((status = build_fields(&r, oreg_document_root(sdoc))) ||
		(status = read_fields(&r, &id_opt, &editing, type, argc, argv)))
		goto done;
	if (t.year_field) {
		year = first_value(&r, t.year_field);
		if (!year || strlen(year) < 4 || strspn(year, "0123456789") < 4) {
			status = usage("new", "'%s' must be a date written YYYY-MM-DD: the record's folder is its year",
				t.year_field);
			goto done;
		}
	}
	snprintf(rel, sizeof(rel), "%s/%s", oreg_register_records_dir(reg), t.folder);
	if ((status = choose_id(&id, &r, type, id_opt, top, rel, year != NULL)) ||
		(status = record_path(rel, schema_rel, year, id, t.schema_path)))
		goto done;
	snprintf(abs, sizeof(abs), "%s/%s", top, rel);
	if ((status = compose(&text, &tlen, &r, schema_rel)) || (status = write_record(abs, text, tlen)))
		goto done;
	status = judge_written(&removed, reg, abs, rel, text, tlen);
	if (removed)
		goto done;
	print_path(prefix, rel);
	if (editing)
		status = edit_and_judge(reg, abs, rel);
done:
	ui_set_source_root(NULL);
	release_record(&r);
	free(text);
	free(id);
	free(data);
	oreg_document_free(sdoc);
	oreg_register_free(reg);
	oreg_findings_release(&findings);
	free(prefix);
	free(top);
	return status;
}
