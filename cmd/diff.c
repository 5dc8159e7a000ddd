/*
 * diff.c - openreg diff: the change review of a merge request.  The
 * field-level changes from revision A to revision B (default HEAD, not
 * the working tree: a review is of commits), grouped by record type and
 * then added, removed and changed records, followed by the rule results
 * of B (oreg_check_changes of B against A).  Exit status 1 when B has
 * rule errors.
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

/* ---- text ---- */

static void print_text(const struct oreg_review *r)
{
	char da[OREG_TIME_SIZE], db[OREG_TIME_SIZE];
	const char *type = NULL;
	size_t i;

	oreg_time_format(da, r->ca.time, r->ca.offset, OREG_TIME_GIT);
	oreg_time_format(db, r->cb.time, r->cb.offset, OREG_TIME_GIT);
	printf("openreg diff %s (%s)\n          .. %s (%s)\n", r->a, da, r->b, db);
	printf("%s\n", r->confidential ? "VERTROUWELIJK: confidential view; personal fields are left out"
		: "public view: confidential and personal fields are left out");
	if (!r->nchanges)
		printf("\nno changes to show\n");
	for (i = 0; i < r->nchanges; i++) {
		const struct oreg_review_change *c = &r->changes[i];

		if (!type || strcmp(type, c->type)) {
			type = c->type;
			printf("\n%s\n", type);
		}
		printf("  %s %s%s\n", c->what, c->path, strcmp(c->what, "unreadable") ? ""
			: " (not strict YAML: nothing of it is shown)");
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

/*
 * Text as Markdown that renders as itself: every ASCII punctuation
 * character that Markdown or GitLab acts on (emphasis, code, links, HTML,
 * tables, @mentions, #references, :emoji:, $math$) becomes a character
 * reference; a line break becomes <br>, other control characters U+FFFD.
 * Text never starts a line, so list and heading markers need no care, and
 * with [ and ] escaped, parentheses cannot form a link.
 */
static void md(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\n')
			fputs("<br>", stdout);
		else if (c < 0x20 || c == 0x7f)
			fputs("\xef\xbf\xbd", stdout);
		else if (c < 0x80 && strchr("!#$%&*:<>@[\\]^_`{|}~", c))
			printf("&#%u;", c);
		else
			putchar(c);
	}
}

static void print_md(const struct oreg_review *r)
{
	char da[OREG_TIME_SIZE], db[OREG_TIME_SIZE];
	const char *type = NULL;
	size_t i;

	oreg_time_format(da, r->ca.time, r->ca.offset, OREG_TIME_GIT);
	oreg_time_format(db, r->cb.time, r->cb.offset, OREG_TIME_GIT);
	printf("## %sopenreg: changes from `%.7s` to `%.7s`\n\n", r->confidential ? "VERTROUWELIJK: " : "", r->a, r->b);
	printf("From `%s` (%s) to `%s` (%s).\n", r->a, da, r->b, db);
	printf("%s\n", r->confidential ? "**VERTROUWELIJK**: confidential view; personal fields are left out."
		: "Public view: confidential and personal fields are left out.");
	if (!r->nchanges)
		printf("\nNo changes to show.\n");
	for (i = 0; i < r->nchanges; i++) {
		const struct oreg_review_change *c = &r->changes[i];
		size_t k;

		if (!type || strcmp(type, c->type)) {
			type = c->type;
			printf("\n### ");
			md(type);
			putchar('\n');
		}
		printf("\n#### %c%s: ", c->what[0] - 'a' + 'A', c->what + 1);
		md(c->path);
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
		fputs(" &#91;", stdout);
		md(f->rule);
		fputs("&#93;\n", stdout);
	}
	if (r->withheld)
		printf("\n%zu finding%s withheld: %s could quote what this view leaves out "
			"(see `openreg check --rev %.7s`).\n", r->withheld, r->withheld == 1 ? "" : "s",
			r->withheld == 1 ? "it" : "they", r->b);
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
		print_json_string(c->path);
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
