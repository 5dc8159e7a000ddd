/*
 * diff.c - openreg diff: the change review of a merge request.  The
 * field-level changes from revision A to revision B (default HEAD, not
 * the working tree: a review is of commits), grouped by record type and
 * then added, removed and changed records, followed by the rule results
 * of B (oreg_check_changes of B against A).  Exit status 1 when B has
 * rule errors.
 *
 * What a reader at the level may not see is left out: hidden records and
 * fields do not appear, not even as changed.  A record's visibility is
 * judged at B, so one confidential at B does not appear as removed
 * either.  An unreadable record is named only when its readable side is
 * visible; otherwise the line says that a confidential record could not
 * be read.  A finding whose message could quote what is hidden (it lies
 * in a hidden record or field, or, at the public level, it comes from a
 * rule that quotes other records: ref, exclusion, history) is withheld
 * and only counted.  Markdown escapes every character of names, values
 * and messages that Markdown or GitLab
 * would act on, so that a merge-request comment cannot be forged, and
 * text escapes control and bidirectional characters (lib/escape.c).
 */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>

enum format { TEXT, MD, JSON };

/* In place of the path of an unreadable record that the reader may not know of. */
#define ANONYMOUS "a confidential record could not be read"

struct record_change {
	char *path;
	const char *what; /* added, removed, changed, unreadable */
	struct oreg_record_version old, new;
	struct oreg_field_changes fields;
};

struct review {
	struct oreg_repo *repo;
	struct oreg_view *view;
	char a[41], b[41];
	struct oreg_commit ca, cb;
	struct record_change *changes;
	size_t nchanges, alloc;
	struct oreg_findings findings; /* the ones shown */
	size_t withheld, errors, warnings;
	int confidential;
};

static const char *type_of(const struct record_change *c)
{
	return c->new.type ? c->new.type : c->old.type ? c->old.type : "";
}

static int what_rank(const char *what)
{
	return !strcmp(what, "added") ? 0 : !strcmp(what, "removed") ? 1 : !strcmp(what, "changed") ? 2 : 3;
}

static int compare_changes(const void *pa, const void *pb)
{
	const struct record_change *a = pa, *b = pb;
	int c = strcmp(type_of(a), type_of(b));

	if (c)
		return c;
	if (what_rank(a->what) != what_rank(b->what))
		return what_rank(a->what) - what_rank(b->what);
	return strcmp(a->path, b->path);
}

static int grow(struct review *r)
{
	struct record_change *p;
	size_t alloc = r->alloc ? 2 * r->alloc : 16;

	if (r->nchanges < r->alloc)
		return 0;
	if (!(p = realloc(r->changes, alloc * sizeof(*p))))
		return OREG_ENOMEM;
	r->changes = p;
	r->alloc = alloc;
	return 0;
}

static int add_record(struct review *r, const char *path)
{
	struct record_change c;
	int err;

	memset(&c, 0, sizeof(c));
	oreg_field_changes_init(&c.fields);
	if ((err = oreg_view_record(&c.old, r->view, r->a, path, NULL)) < 0 ||
		(err = oreg_view_record(&c.new, r->view, r->b, path, NULL)) < 0) {
		oreg_record_version_release(&c.old);
		/* a file that is no record's is the layout rule's to report */
		return err == OREG_ENOTFOUND ? 0 : err;
	}
	if (c.new.presence == OREG_RECORD_HIDDEN)
		goto drop; /* judged at B for the whole history: not even "removed" */
	if (c.old.presence == OREG_RECORD_UNREADABLE || c.new.presence == OREG_RECORD_UNREADABLE) {
		c.what = "unreadable";
		/*
		 * Its visibility is unknown: name it only when the readable side
		 * shows the reader may see it, else it may be a confidential one.
		 */
		if (!r->confidential && c.old.presence != OREG_RECORD_VISIBLE && c.new.presence != OREG_RECORD_VISIBLE)
			path = "";
	}
	else if (c.new.presence == OREG_RECORD_VISIBLE && c.old.presence != OREG_RECORD_VISIBLE)
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
	if (!(c.path = strdup(path)) || grow(r) < 0) {
		err = OREG_ENOMEM;
		goto drop;
	}
	r->changes[r->nchanges++] = c;
	return 0;
drop:
	free(c.path);
	oreg_field_changes_release(&c.fields);
	oreg_record_version_release(&c.old);
	oreg_record_version_release(&c.new);
	return err < 0 ? err : 0;
}

/* Every record whose file differs from A to B, in both trees' path order. */
static int collect(struct review *r, struct oreg_snapshot *sa, struct oreg_snapshot *sb, const char *dir)
{
	struct oreg_entries ea, eb;
	size_t i = 0, j = 0;
	int err;

	oreg_entries_init(&ea);
	oreg_entries_init(&eb);
	if ((err = oreg_snapshot_list(&ea, sa, dir)) < 0 || (err = oreg_snapshot_list(&eb, sb, dir)) < 0)
		goto done;
	while (!err && (i < ea.count || j < eb.count)) {
		int c = i == ea.count ? 1 : j == eb.count ? -1 : strcmp(ea.items[i].path, eb.items[j].path);

		if (c < 0) {
			err = add_record(r, ea.items[i++].path);
		} else if (c > 0) {
			err = add_record(r, eb.items[j++].path);
		} else {
			if (ea.items[i].has_id != eb.items[j].has_id || memcmp(ea.items[i].id, eb.items[j].id, 20))
				err = add_record(r, eb.items[j].path);
			i++;
			j++;
		}
	}
	if (!err && r->nchanges)
		qsort(r->changes, r->nchanges, sizeof(*r->changes), compare_changes);
done:
	oreg_entries_release(&ea);
	oreg_entries_release(&eb);
	return err;
}

/* Rules whose messages name other records: shown at the confidential level only. */
static int quotes_other_records(const char *rule)
{
	return !strcmp(rule, "ref") || !strcmp(rule, "exclusion") || !strcmp(rule, "history");
}

static int screen_findings(struct review *r, struct oreg_findings *all)
{
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
		if ((err = oreg_view_pointer_visibility(&vis, r->view, r->b, f->file, f->pointer)) < 0)
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

/* ---- text ---- */

static void print_text(const struct review *r)
{
	char da[32], db[32];
	const char *type = NULL;
	size_t i;

	format_time(da, r->ca.time, r->ca.offset, 0);
	format_time(db, r->cb.time, r->cb.offset, 0);
	printf("openreg diff %s (%s)\n          .. %s (%s)\n", r->a, da, r->b, db);
	printf("%s\n", r->confidential ? "VERTROUWELIJK: confidential view; personal fields are left out"
		: "public view: confidential and personal fields are left out");
	if (!r->nchanges)
		printf("\nno changes to show\n");
	for (i = 0; i < r->nchanges; i++) {
		const struct record_change *c = &r->changes[i];

		if (!type || strcmp(type, type_of(c))) {
			type = type_of(c);
			putchar('\n');
			print_escaped(OREG_ESCAPE_LINE, type);
			putchar('\n');
		}
		printf("  %s ", c->what);
		print_escaped(OREG_ESCAPE_LINE, *c->path ? c->path : ANONYMOUS);
		printf("%s\n", strcmp(c->what, "unreadable") ? "" : " (not strict YAML: nothing of it is shown)");
		print_field_changes_text(&c->fields, "    ");
	}
	printf("\nrules at %.7s: %zu error%s, %zu warning%s\n", r->b, r->errors, r->errors == 1 ? "" : "s",
		r->warnings, r->warnings == 1 ? "" : "s");
	fflush(stdout);
	oreg_findings_write(&r->findings, OREG_FORMAT_TEXT, stdout);
	if (r->withheld)
		printf("%zu finding%s withheld: %s could quote what this view leaves out; %sopenreg check --rev %.7s "
			"shows %s\n", r->withheld, r->withheld == 1 ? "" : "s", r->withheld == 1 ? "it" : "they",
			r->confidential ? "" : "add --confidential, or ", r->b, r->withheld == 1 ? "it" : "them");
}

/* ---- Markdown ---- */

/* Text as Markdown that renders as itself: the one Markdown escaper (lib/escape.c). */
static void md(const char *s)
{
	print_escaped(OREG_ESCAPE_MD, s);
}

static void print_md(const struct review *r)
{
	char da[32], db[32];
	const char *type = NULL;
	size_t i;

	format_time(da, r->ca.time, r->ca.offset, 0);
	format_time(db, r->cb.time, r->cb.offset, 0);
	printf("## %sopenreg: changes from `%.7s` to `%.7s`\n\n", r->confidential ? "VERTROUWELIJK: " : "", r->a, r->b);
	printf("From `%s` (%s) to `%s` (%s).\n", r->a, da, r->b, db);
	printf("%s\n", r->confidential ? "**VERTROUWELIJK**: confidential view; personal fields are left out."
		: "Public view: confidential and personal fields are left out.");
	if (!r->nchanges)
		printf("\nNo changes to show.\n");
	for (i = 0; i < r->nchanges; i++) {
		const struct record_change *c = &r->changes[i];
		size_t k;

		if (!type || strcmp(type, type_of(c))) {
			type = type_of(c);
			printf("\n### ");
			md(type);
			putchar('\n');
		}
		printf("\n#### %c%s: ", c->what[0] - 'a' + 'A', c->what + 1);
		md(*c->path ? c->path : ANONYMOUS);
		putchar('\n');
		if (!c->fields.count)
			continue;
		printf("\n| field | before | after |\n| --- | --- | --- |\n");
		for (k = 0; k < c->fields.count; k++) {
			const struct oreg_field_change *f = &c->fields.items[k];

			fputs("| ", stdout);
			md(f->path[0] ? f->path : "(record)");
			fputs(" | ", stdout);
			md(f->old_text);
			fputs(" | ", stdout);
			md(f->new_text);
			fputs(" |\n", stdout);
		}
	}
	printf("\n### Rule results at `%.7s`\n\n%zu error%s, %zu warning%s.\n", r->b, r->errors,
		r->errors == 1 ? "" : "s", r->warnings, r->warnings == 1 ? "" : "s");
	if (r->findings.count)
		putchar('\n');
	for (i = 0; i < r->findings.count; i++) {
		const struct oreg_finding *f = &r->findings.items[i];

		printf("- **%s** ", f->severity == OREG_SEVERITY_ERROR ? "error" : "warning");
		md(f->file);
		if (f->line)
			printf(":%u:%u", f->line, f->column);
		fputs(": ", stdout);
		md(f->message);
		fputs(" \\[", stdout);
		md(f->rule);
		fputs("\\]\n", stdout);
	}
	if (r->withheld)
		printf("\n%zu finding%s withheld: %s could quote what this view leaves out "
			"(see `openreg check --rev %.7s`).\n", r->withheld, r->withheld == 1 ? "" : "s",
			r->withheld == 1 ? "it" : "they", r->b);
}

/* ---- JSON ---- */

static void print_json(const struct review *r)
{
	char da[32], db[32];
	size_t i;

	format_time(da, r->ca.time, r->ca.offset, 1);
	format_time(db, r->cb.time, r->cb.offset, 1);
	printf("{\n  \"from\": {\"commit\": \"%s\", \"date\": \"%s\"},\n", r->a, da);
	printf("  \"to\": {\"commit\": \"%s\", \"date\": \"%s\"},\n", r->b, db);
	printf("  \"confidential\": %s,\n  \"records\": [", r->confidential ? "true" : "false");
	for (i = 0; i < r->nchanges; i++) {
		const struct record_change *c = &r->changes[i];
		const char *id = c->new.id ? c->new.id : c->old.id ? c->old.id : "";

		printf("%s\n    {\"type\": ", i ? "," : "");
		print_json_string(type_of(c));
		fputs(", \"id\": ", stdout);
		if (*c->path)
			print_json_string(id);
		else
			fputs("null", stdout); /* a record the reader may not see could not be read */
		fputs(", \"path\": ", stdout);
		if (*c->path)
			print_json_string(c->path);
		else
			fputs("null", stdout);
		printf(", \"change\": \"%s\", \"fields\": ", c->what);
		print_field_changes_json(&c->fields);
		putchar('}');
	}
	printf("%s],\n  \"rules\": {\"commit\": \"%s\", \"errors\": %zu, \"warnings\": %zu, \"withheld\": %zu, "
		"\"findings\": ", r->nchanges ? "\n  " : "", r->b, r->errors, r->warnings, r->withheld);
	fflush(stdout);
	oreg_findings_write(&r->findings, OREG_FORMAT_JSON, stdout);
	printf("}\n}\n");
}

enum { OPT_CONFIDENTIAL = 1, OPT_FORMAT };

const struct option diff_options[] = {
	{ OPT_FORMAT, 0, "format", "FORMAT", "text|md|json",
		"text for a terminal, md for a merge-request note, json (default text)" },
	{ OPT_CONFIDENTIAL, 0, "confidential", NULL, NULL, "show confidential fields and records too" },
	OPT_END
};

int cmd_diff(int argc, char **argv)
{
	struct opt_parser p;
	struct review r;
	struct oreg_snapshot *sa = NULL, *sb = NULL;
	struct oreg_checker *chk = NULL;
	struct oreg_register *reg = NULL;
	struct oreg_findings all, scratch;
	const char *revs[2] = { NULL, NULL };
	enum format format = TEXT;
	size_t nrevs = 0, i;
	int c, err = 0, status;

	memset(&r, 0, sizeof(r));
	opt_init(&p, "diff", argc, argv);
	while ((c = opt_next(&p)) > 0) {
		if (c == OPT_CONFIDENTIAL)
			r.confidential = 1;
		else
			format = !strcmp(p.value, "md") ? MD : !strcmp(p.value, "json") ? JSON : TEXT;
	}
	if (c < 0)
		return opt_exit(c);
	if (p.nargs > 2)
		return usage("diff", "'diff' takes at most two revisions");
	for (nrevs = 0; nrevs < (size_t)p.nargs; nrevs++)
		revs[nrevs] = p.args[nrevs];
	if (!nrevs)
		return usage("diff", "name the revision to compare with, as in openreg diff main");
	oreg_findings_init(&all);
	oreg_findings_init(&scratch);
	oreg_findings_init(&r.findings);
	if ((err = oreg_repo_open(&r.repo)) < 0 || (err = oreg_repo_resolve(r.a, r.repo, revs[0])) < 0 ||
		(err = oreg_repo_resolve(r.b, r.repo, revs[1] ? revs[1] : "HEAD")) < 0 ||
		(err = commit_info(&r.ca, r.repo, r.a)) < 0 || (err = commit_info(&r.cb, r.repo, r.b)) < 0 ||
		(err = oreg_view_new(&r.view, r.repo, r.confidential ? OREG_VISIBILITY_CONFIDENTIAL
			: OREG_VISIBILITY_PUBLIC)) < 0 ||
		(err = oreg_snapshot_open(&sa, r.repo, OREG_SNAPSHOT_COMMIT, r.a)) < 0 ||
		(err = oreg_snapshot_open(&sb, r.repo, OREG_SNAPSHOT_COMMIT, r.b)) < 0 ||
		(err = oreg_register_load(&reg, oreg_snapshot_read, sb, &scratch)) < 0)
		goto done;
	if ((err = collect(&r, sa, sb, reg ? oreg_register_records_dir(reg) : "records")) < 0 ||
		(err = oreg_checker_new(&chk, r.repo)) < 0 ||
		(err = oreg_check_changes(chk, sa, sb, &all)) < 0 || (err = screen_findings(&r, &all)) < 0)
		goto done;
	if (format == MD)
		print_md(&r);
	else if (format == JSON)
		print_json(&r);
	else
		print_text(&r);
done:
	status = err < 0 ? fail_for(err) : r.errors ? EXIT_FINDINGS : EXIT_CLEAN;
	for (i = 0; i < r.nchanges; i++) {
		free(r.changes[i].path);
		oreg_field_changes_release(&r.changes[i].fields);
		oreg_record_version_release(&r.changes[i].old);
		oreg_record_version_release(&r.changes[i].new);
	}
	free(r.changes);
	oreg_findings_release(&r.findings);
	oreg_findings_release(&all);
	oreg_findings_release(&scratch);
	oreg_checker_free(chk);
	oreg_register_free(reg);
	oreg_snapshot_free(sa);
	oreg_snapshot_free(sb);
	oreg_commit_release(&r.ca);
	oreg_commit_release(&r.cb);
	oreg_view_free(r.view);
	oreg_repo_free(r.repo);
	return status;
}
