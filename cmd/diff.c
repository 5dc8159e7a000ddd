/*
 * diff.c - openreg diff: the change review of a merge request.  The
 * field-level changes from revision A to revision B (default HEAD, not
 * the working tree: a review is of commits), grouped by record type and
 * then added, removed and changed records, followed by the rule results
 * of the range as the server judges a push (lib/review.c).  Exit status 1
 * on a rule error.  Dutch by default, English with --lang en.
 *
 * What a reader at the level may not see is left out: lib/review.c
 * decides that (oreg_review_new); this file only prints.  Markdown escapes
 * every character of names, values and messages that Markdown or GitLab
 * would act on, so that a merge-request comment cannot be forged.
 */
#include "cmd.h"


#include <stdlib.h>
#include <string.h>

enum format { TEXT, MD, JSON };

/* The words of the review, Dutch (the default, like the other documents) and English. */
struct diff_words {
	const char *confidential_view, *public_view, *no_changes, *rules_at, *error, *errors, *warning, *warnings;
	const char *withheld_one, *withheld_many, *add_confidential, *title, *from_to, *field, *before, *after;
	const char *record, *rule_results, *md_confidential, *md_public, *md_no_changes, *md_withheld_one,
		*md_withheld_many, *range_note;
	const char *what[4]; /* added, removed, changed, unreadable */
	const char *unreadable_note;
	const char *anonymous; /* in place of the path of an unreadable record the reader may not know of */
};

static const struct diff_words diff_nl = {
	"VERTROUWELIJK: vertrouwelijke weergave; persoonsgegevens zijn weggelaten",
	"openbare weergave: vertrouwelijke en persoonsgegevens zijn weggelaten",
	"geen wijzigingen om te tonen", "regels over %.7s..%.7s", "fout", "fouten", "waarschuwing", "waarschuwingen",
	"%zu bevinding niet getoond: die kan citeren wat deze weergave weglaat; %sopenreg check --range %.7s..%.7s "
	"toont haar\n",
	"%zu bevindingen niet getoond: die kunnen citeren wat deze weergave weglaat; %sopenreg check --range "
	"%.7s..%.7s toont ze\n",
	"voeg --confidential toe, of ",
	"openreg: wijzigingen van `%.7s` tot `%.7s`", "Van `%s` (%s) tot `%s` (%s).", "veld", "voor", "na",
	"(record)", "Regels over `%.7s..%.7s`",
	"**VERTROUWELIJK**: vertrouwelijke weergave; persoonsgegevens zijn weggelaten.",
	"Openbare weergave: vertrouwelijke en persoonsgegevens zijn weggelaten.", "Geen wijzigingen om te tonen.",
	"\n%zu bevinding niet getoond: die kan citeren wat deze weergave weglaat (zie `openreg check --range "
	"%.7s..%.7s`).\n",
	"\n%zu bevindingen niet getoond: die kunnen citeren wat deze weergave weglaat (zie `openreg check --range "
	"%.7s..%.7s`).\n",
	"elke commit van de reeks tegen zijn eerste ouder, en het eindresultaat tegen het begin: wat de server "
	"zou weigeren",
	{ "toegevoegd", "verwijderd", "gewijzigd", "onleesbaar" },
	" (geen strikte YAML: er wordt niets van getoond)",
	"een vertrouwelijk record kon niet worden gelezen",
};

static const struct diff_words diff_en = {
	"VERTROUWELIJK: confidential view; personal fields are left out",
	"public view: confidential and personal fields are left out",
	"no changes to show", "rules over %.7s..%.7s", "error", "errors", "warning", "warnings",
	"%zu finding withheld: it could quote what this view leaves out; %sopenreg check --range %.7s..%.7s shows it\n",
	"%zu findings withheld: they could quote what this view leaves out; %sopenreg check --range %.7s..%.7s "
	"shows them\n",
	"add --confidential, or ",
	"openreg: changes from `%.7s` to `%.7s`", "From `%s` (%s) to `%s` (%s).", "field", "before", "after",
	"(record)", "Rule results over `%.7s..%.7s`",
	"**VERTROUWELIJK**: confidential view; personal fields are left out.",
	"Public view: confidential and personal fields are left out.", "No changes to show.",
	"\n%zu finding withheld: it could quote what this view leaves out (see `openreg check --range %.7s..%.7s`).\n",
	"\n%zu findings withheld: they could quote what this view leaves out (see `openreg check --range "
	"%.7s..%.7s`).\n",
	"every commit of the range against its first parent, and the result against the start: what the server "
	"would refuse",
	{ "added", "removed", "changed", "unreadable" },
	" (not strict YAML: nothing of it is shown)",
	"a confidential record could not be read",
};

static const struct diff_words *w = &diff_nl;

static const char *what_word(const char *what)
{
	return w->what[!strcmp(what, "added") ? 0 : !strcmp(what, "removed") ? 1 : !strcmp(what, "changed") ? 2 : 3];
}

/* ---- text ---- */

static void print_text(const struct oreg_review *r)
{
	char da[OREG_TIME_SIZE], db[OREG_TIME_SIZE];
	const char *type = NULL;
	size_t i;

	oreg_time_format(da, r->ca.time, r->ca.offset, OREG_TIME_GIT);
	oreg_time_format(db, r->cb.time, r->cb.offset, OREG_TIME_GIT);
	printf("openreg diff %s (%s)\n          .. %s (%s)\n", r->a, da, r->b, db);
	printf("%s\n", r->confidential ? w->confidential_view : w->public_view);
	if (!r->nchanges)
		printf("\n%s\n", w->no_changes);
	for (i = 0; i < r->nchanges; i++) {
		const struct oreg_review_change *c = &r->changes[i];

		if (!type || strcmp(type, c->type)) {
			type = c->type;
			printf("\n%s\n", type);
		}
		printf("  %s %s%s\n", what_word(c->what), *c->path ? c->path : w->anonymous,
			strcmp(c->what, "unreadable") ? "" : w->unreadable_note);
		print_field_changes_text(&c->fields, "    ");
	}
	putchar('\n');
	printf(w->rules_at, r->a, r->b);
	printf(" (%s): %zu %s, %zu %s\n", w->range_note, r->errors, r->errors == 1 ? w->error : w->errors,
		r->warnings, r->warnings == 1 ? w->warning : w->warnings);
	fflush(stdout);
	oreg_findings_write(&r->findings, OREG_FORMAT_TEXT, stdout);
	if (r->withheld)
		printf(r->withheld == 1 ? w->withheld_one : w->withheld_many, r->withheld,
			r->confidential ? "" : w->add_confidential, r->a, r->b);
}

/* ---- Markdown ---- */

/* Text as Markdown that renders as itself: the one Markdown escaper (lib/escape.c). */
static void md(const char *s)
{
	char *e = oreg_escape(OREG_ESCAPE_MD, s);

	fputs(e ? e : "", stdout);
	free(e);
}

static void print_md(const struct oreg_review *r)
{
	char da[OREG_TIME_SIZE], db[OREG_TIME_SIZE];
	const char *type = NULL;
	size_t i;

	oreg_time_format(da, r->ca.time, r->ca.offset, OREG_TIME_GIT);
	oreg_time_format(db, r->cb.time, r->cb.offset, OREG_TIME_GIT);
	printf("## %s", r->confidential ? "VERTROUWELIJK: " : "");
	printf(w->title, r->a, r->b);
	printf("\n\n");
	printf(w->from_to, r->a, da, r->b, db);
	printf("\n%s\n", r->confidential ? w->md_confidential : w->md_public);
	if (!r->nchanges)
		printf("\n%s\n", w->md_no_changes);
	for (i = 0; i < r->nchanges; i++) {
		const struct oreg_review_change *c = &r->changes[i];
		size_t k;

		if (!type || strcmp(type, c->type)) {
			type = c->type;
			printf("\n### ");
			md(type);
			putchar('\n');
		}
		printf("\n#### %c%s: ", what_word(c->what)[0] - 'a' + 'A', what_word(c->what) + 1);
		md(*c->path ? c->path : w->anonymous);
		putchar('\n');
		if (!c->fields.count)
			continue;
		printf("\n| %s | %s | %s |\n| --- | --- | --- |\n", w->field, w->before, w->after);
		for (k = 0; k < c->fields.count; k++) {
			const struct oreg_field_change *f = &c->fields.items[k];

			fputs("| ", stdout);
			md(f->path[0] ? f->path : w->record);
			fputs(" | ", stdout);
			md(f->old_text);
			fputs(" | ", stdout);
			md(f->new_text);
			fputs(" |\n", stdout);
		}
	}
	printf("\n### ");
	printf(w->rule_results, r->a, r->b);
	printf("\n\n%zu %s, %zu %s: %s.\n", r->errors, r->errors == 1 ? w->error : w->errors, r->warnings,
		r->warnings == 1 ? w->warning : w->warnings, w->range_note);
	if (r->findings.count)
		putchar('\n');
	for (i = 0; i < r->findings.count; i++) {
		const struct oreg_finding *f = &r->findings.items[i];

		printf("- **%s** ", f->severity == OREG_SEVERITY_ERROR ? w->error : w->warning);
		md(f->file);
		if (f->line)
			printf(":%u:%u", f->line, f->column);
		fputs(": ", stdout);
		md(f->message);
		fputs(" &#91;", stdout);
		md(f->rule);
		fputs("&#93;\n", stdout);
	}
	if (r->withheld)
		printf(r->withheld == 1 ? w->md_withheld_one : w->md_withheld_many, r->withheld, r->a, r->b);
}

/* ---- JSON ---- */

static void print_json(const struct oreg_review *r)
{
	char da[OREG_TIME_SIZE], db[OREG_TIME_SIZE];
	size_t i;

	oreg_time_format(da, r->ca.time, r->ca.offset, OREG_TIME_ISO8601);
	oreg_time_format(db, r->cb.time, r->cb.offset, OREG_TIME_ISO8601);
	printf("{\n  \"from\": {\"commit\": \"%s\", \"date\": \"%s\"},\n", r->a, da);
	printf("  \"to\": {\"commit\": \"%s\", \"date\": \"%s\"},\n", r->b, db);
	printf("  \"confidential\": %s,\n  \"records\": [", r->confidential ? "true" : "false");
	for (i = 0; i < r->nchanges; i++) {
		const struct oreg_review_change *c = &r->changes[i];
		const char *id = c->new.id ? c->new.id : c->old.id ? c->old.id : "";

		printf("%s\n    {\"type\": ", i ? "," : "");
		print_json_string(c->type);
		fputs(", \"id\": ", stdout);
		print_json_string(id);
		fputs(", \"path\": ", stdout);
		print_json_string(*c->path ? c->path : w->anonymous);
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

enum { OPT_CONFIDENTIAL = 1, OPT_FORMAT, OPT_LANG };

const struct option diff_options[] = {
	{ OPT_FORMAT, 0, "format", "FORMAT", "text|md|json",
		"text for a terminal, md for a merge-request note, json (default text)" },
	{ OPT_LANG, 0, "lang", "LANG", "nl|en", "the review's language (default nl)" },
	{ OPT_CONFIDENTIAL, 0, "confidential", NULL, NULL, "show confidential fields and records too" },
	OPT_END
};

int cmd_diff(int argc, char **argv)
{
	struct opt_parser p;
	struct oreg_repo *repo = NULL;
	struct oreg_review *r = NULL;
	const char *revs[2] = { NULL, NULL };
	enum format format = TEXT;
	size_t nrevs = 0;
	int c, confidential = 0, err = 0, status;

	opt_init(&p, "diff", argc, argv);
	while ((c = opt_next(&p)) > 0) {
		if (c == OPT_CONFIDENTIAL)
			confidential = 1;
		else if (c == OPT_LANG)
			w = strcmp(p.value, "en") ? &diff_nl : &diff_en;
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
	if ((err = oreg_repo_open(&repo)) < 0 || (err = oreg_review_new(&r, repo, revs[0], revs[1], confidential)) < 0)
		goto done;
	if (format == MD)
		print_md(r);
	else if (format == JSON)
		print_json(r);
	else
		print_text(r);
done:
	status = err < 0 ? fail_for(err) : r->errors ? EXIT_FINDINGS : EXIT_CLEAN;
	oreg_review_free(r);
	oreg_repo_free(repo);
	return status;
}
