/*
 * render.c - the documents for Parliament as bytes: Markdown, HTML (one
 * printable file, no external resources, no scripts), CSV (RFC 4180) and
 * JSON, in Dutch or English.
 *
 * Everything that comes from a record is escaped for its format on the way
 * out by the escapers of escape.c, so a name holding '<', '&', quotes,
 * "=cmd|...", Markdown, line breaks, control or bidirectional characters
 * comes out as text, and a CSV cell is never taken for a formula.
 * Nothing depends on the clock or the locale:
 * the same model gives the same bytes.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

struct words {
	const char *lang, *mark;
	const char *overview_title, *contacts_title;
	const char *period, *source, *as_of, *rev, *version;
	const char *overview_intro, *contacts_intro, *signal_intro;
	const char *orgs, *started, *ended, *deleted, *corrections;
	const char *none, *yes, *no_name;
	const char *range, *open_range;
	const char *added, *removed, *changed, *unknown_commit;
	const char *section_org, *section_started, *section_ended, *section_deleted, *section_correction;
	const char *cols[32];
};

enum col {
	C_SECTION, C_ID, C_NAME, C_KIND, C_CITY, C_THEMES, C_PARTNERSHIPS, C_FIRST, C_LAST,
	C_STRUCT, C_INCID, C_SIGNAL, C_TOTAL, C_CONF, C_NOTES, C_CHANGE, C_FIELDS, C_COMMIT, C_AUTHOR,
	C_DATE, C_PERIOD_FROM, C_PERIOD_UNTIL, C_SOURCE_COMMIT, C_SOURCE_DATE, C_VERSION, C_END
};

static const struct words nl = {
	"nl", "VERTROUWELIJK",
	"Overzicht maatschappelijke organisaties %d", "Organisaties waarmee contact is geweest",
	"Verslagperiode", "Registerstand", "stand per", "revisie", "Opgesteld met",
	"Opgenomen is elke organisatie met een partnerschap in %d of ten minste één structureel contact in "
	"%d. Thema's zijn die van de partnerschappen in %d en van de structurele en incidentele contacten "
	"in %d. Contacten zijn structurele en incidentele contacten in %d; signaleringscontacten worden "
	"niet geteld.",
	"Opgenomen is elke organisatie waarmee in de verslagperiode structureel of incidenteel contact is "
	"geweest, met het eerste en laatste contact, het aantal contacten en de thema's.",
	"Signaleringscontacten zijn meegeteld.",
	"Organisaties", "Partnerschappen gestart in %d", "Partnerschappen beëindigd in %d",
	"Verwijderd uit het register", "Correcties sinds %s",
	"Geen.", "ja", "(naamloos)",
	"%s t/m %s", "vanaf %s",
	"toegevoegd", "verwijderd", "gewijzigd", "onbekend",
	"organisatie", "gestart", "beëindigd", "verwijderd", "correctie",
	{ "Sectie", "Id", "Naam", "Soort", "Plaats", "Thema's", "Partnerschap", "Eerste contact",
		"Laatste contact", "Structureel", "Incidenteel", "Signalering", "Contacten", "Vertrouwelijk",
		"Notities", "Wijziging", "Velden", "Commit", "Auteur", "Datum", "Periode van", "Periode tot",
		"Bron commit", "Bron datum", "openreg" },
};

static const struct words en = {
	"en", "CONFIDENTIAL",
	"Overview of civil-society organisations %d", "Organisations contacted",
	"Reporting period", "Register state", "as of", "revision", "Compiled with",
	"Listed is every organisation with a partnership in %d or at least one structural contact in %d. "
	"Themes are those of the partnerships in %d and of the structural and incidental contacts in %d. "
	"Contacts are the structural and incidental contacts in %d; signalling contacts are never counted.",
	"Listed is every organisation the ministry had structural or incidental contact with in the "
	"reporting period, with the first and last contact, the number of contacts and the themes.",
	"Signalling contacts are counted too.",
	"Organisations", "Partnerships started in %d", "Partnerships ended in %d",
	"Deleted from the register", "Corrections since %s",
	"None.", "yes", "(no name)",
	"%s to %s", "from %s",
	"added", "removed", "changed", "unknown",
	"organisation", "started", "ended", "deleted", "correction",
	{ "Section", "Id", "Name", "Kind", "City", "Themes", "Partnership", "First contact", "Last contact",
		"Structural", "Incidental", "Signalling", "Contacts", "Confidential", "Notes", "Change",
		"Fields", "Commit", "Author", "Date", "Period from", "Period until", "Source commit",
		"Source date", "openreg" },
};

/* One row of a table: an organisation, perhaps one partnership or one correction of it. */
struct row {
	const char *section;
	const struct oreg_overview_org *org;
	const struct oreg_overview_partnership *partnership; /* started / ended */
	const struct oreg_overview_correction *correction;
	const struct oreg_overview_stamp *stamp;             /* deleted / correction */
};

struct render {
	const struct oreg_overview *ov;
	const struct words *w;
	enum oreg_language lang;
	struct oreg_buf *out;
	struct oreg_buf cell;
};

/* ---- values as text ---- */

static void add_date(struct oreg_buf *b, int32_t d)
{
	if (d)
		oreg_buf_addf(b, "%04d-%02d-%02d", (int)(d / 10000), (int)(d / 100 % 100), (int)(d % 100));
}

static struct tm stamp_tm(const struct oreg_overview_stamp *s)
{
	time_t t = (time_t)(s->time + s->offset * 60LL);
	struct tm tm;

	gmtime_r(&t, &tm);
	return tm;
}

/* ISO 8601 in the committer's own zone: 2024-01-02T10:01:00+01:00. */
static void add_stamp_time(struct oreg_buf *b, const struct oreg_overview_stamp *s)
{
	struct tm tm = stamp_tm(s);
	int off = s->offset < 0 ? -s->offset : s->offset;

	oreg_buf_addf(b, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
		tm.tm_hour, tm.tm_min, tm.tm_sec, s->offset < 0 ? '-' : '+', off / 60, off % 60);
}

static void add_stamp_date(struct oreg_buf *b, const struct oreg_overview_stamp *s)
{
	struct tm tm = stamp_tm(s);

	oreg_buf_addf(b, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

static void add_period(struct render *r, struct oreg_buf *b, int32_t from, int32_t until)
{
	struct oreg_buf f = OREG_BUF_INIT, u = OREG_BUF_INIT;

	add_date(&f, from);
	add_date(&u, until);
	if (until)
		oreg_buf_addf(b, r->w->range, f.ptr, u.ptr);
	else
		oreg_buf_addf(b, r->w->open_range, f.ptr);
	oreg_buf_release(&f);
	oreg_buf_release(&u);
}

static void add_themes(struct render *r, struct oreg_buf *b, const char **themes, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			oreg_buf_adds(b, ", ");
		oreg_buf_adds(b, oreg_i18n_theme(themes[i], r->lang));
	}
}

static void add_fields(struct render *r, struct oreg_buf *b, unsigned fields)
{
	unsigned bit;
	int first = 1;

	for (bit = 0; bit < OREG_FIELD_COUNT; bit++)
		if (fields & (1u << bit)) {
			oreg_buf_adds(b, first ? "" : ", ");
			oreg_buf_adds(b, oreg_i18n_field(1u << bit, r->lang));
			first = 0;
		}
}

/* The text of one cell, in r->cell. */
static const char *cell(struct render *r, enum col c, const struct row *row)
{
	const struct oreg_overview_org *o = row->org;
	struct oreg_buf *b = &r->cell;
	size_t i;

	oreg_buf_clear(b);
	switch (c) {
	case C_SECTION: oreg_buf_adds(b, row->section); break;
	case C_ID: oreg_buf_adds(b, o->id); break;
	case C_NAME: oreg_buf_adds(b, o->name && *o->name ? o->name : r->w->no_name); break;
	case C_KIND: if (o->kind) oreg_buf_adds(b, oreg_i18n_kind(o->kind, r->lang)); break;
	case C_CITY: if (o->city) oreg_buf_adds(b, o->city); break;
	case C_THEMES:
		if (row->partnership)
			add_themes(r, b, row->partnership->themes, row->partnership->nthemes);
		else
			add_themes(r, b, o->themes, o->nthemes);
		break;
	case C_PARTNERSHIPS:
		if (row->partnership) {
			add_period(r, b, row->partnership->from, row->partnership->until);
			break;
		}
		for (i = 0; i < o->npartnerships; i++) {
			if (i)
				oreg_buf_adds(b, "; ");
			add_period(r, b, o->partnerships[i].from, o->partnerships[i].until);
		}
		break;
	case C_FIRST: add_date(b, o->first); break;
	case C_LAST: add_date(b, o->last); break;
	case C_STRUCT: if (!row->partnership) oreg_buf_addf(b, "%u", o->structural); break;
	case C_INCID: if (!row->partnership) oreg_buf_addf(b, "%u", o->incidental); break;
	case C_SIGNAL: if (!row->partnership) oreg_buf_addf(b, "%u", o->signalering); break;
	case C_TOTAL:
		if (!row->partnership)
			oreg_buf_addf(b, "%u", o->structural + o->incidental + (r->ov->all_kinds ? o->signalering : 0));
		break;
	case C_CONF: if (o->confidential) oreg_buf_adds(b, r->w->yes); break;
	case C_NOTES: if (o->notes) oreg_buf_adds(b, o->notes); break;
	case C_CHANGE:
		if (row->correction)
			oreg_buf_adds(b, row->correction->kind == OREG_CORRECTION_ADDED ? r->w->added :
				row->correction->kind == OREG_CORRECTION_REMOVED ? r->w->removed : r->w->changed);
		break;
	case C_FIELDS: if (row->correction) add_fields(r, b, row->correction->fields); break;
	case C_COMMIT:
		if (row->stamp)
			oreg_buf_adds(b, row->stamp->commit[0] ? row->stamp->commit : r->w->unknown_commit);
		break;
	case C_AUTHOR: /* a civil servant's name: confidential documents only */
		if (r->ov->confidential && row->stamp && row->stamp->author)
			oreg_buf_adds(b, row->stamp->author);
		break;
	case C_DATE: if (row->stamp && row->stamp->commit[0]) add_stamp_date(b, row->stamp); break;
	case C_PERIOD_FROM: add_date(b, r->ov->from); break;
	case C_PERIOD_UNTIL: add_date(b, r->ov->until); break;
	case C_SOURCE_COMMIT: oreg_buf_adds(b, r->ov->source.commit); break;
	case C_SOURCE_DATE: if (r->ov->source.commit[0]) add_stamp_time(b, &r->ov->source); break;
	case C_VERSION: oreg_buf_adds(b, OREG_VERSION); break;
	case C_END: break;
	}
	return b->ptr;
}

static bool numeric(enum col c)
{
	return c == C_STRUCT || c == C_INCID || c == C_SIGNAL || c == C_TOTAL;
}

/* ---- the tables of a document ---- */

#define MAX_COLS 32

struct table {
	struct oreg_buf title;
	enum col cols[MAX_COLS];
	size_t ncols;
	struct row *rows;
	size_t nrows;
};

struct tables {
	struct table items[5];
	size_t n;
};

static void add_col(struct table *t, enum col c)
{
	t->cols[t->ncols++] = c;
}

static void drop_col(struct table *t, enum col c)
{
	size_t i, n = 0;

	for (i = 0; i < t->ncols; i++)
		if (t->cols[i] != c)
			t->cols[n++] = t->cols[i];
	t->ncols = n;
}

static struct table *new_table(struct tables *ts, const enum col *cols)
{
	struct table *t = &ts->items[ts->n++];

	memset(t, 0, sizeof(*t));
	oreg_buf_init(&t->title);
	for (; *cols != C_END; cols++)
		add_col(t, *cols);
	return t;
}

static int add_row(struct table *t, struct row row)
{
	struct row *rows = realloc(t->rows, (t->nrows + 1) * sizeof(*rows));

	if (!rows)
		return oreg_error(OREG_ENOMEM, "out of memory");
	t->rows = rows;
	t->rows[t->nrows++] = row;
	return 0;
}

static void tables_release(struct tables *ts)
{
	size_t i;

	for (i = 0; i < ts->n; i++) {
		oreg_buf_release(&ts->items[i].title);
		free(ts->items[i].rows);
	}
}

static int make_tables(struct tables *ts, struct render *r)
{
	const struct oreg_overview *ov = r->ov;
	const struct words *w = r->w;
	struct table *t;
	size_t i;
	int err = 0;

	memset(ts, 0, sizeof(*ts));
	if (ov->kind == OREG_DOCUMENT_CONTACTS) {
		static const enum col cols[] = { C_NAME, C_KIND, C_CITY, C_FIRST, C_LAST, C_STRUCT, C_INCID, C_END };

		t = new_table(ts, cols);
		if (ov->all_kinds)
			add_col(t, C_SIGNAL);
		add_col(t, C_TOTAL);
		add_col(t, C_THEMES);
		add_col(t, C_CONF);
		oreg_buf_adds(&t->title, w->orgs);
		for (i = 0; i < ov->norgs && !err; i++)
			err = add_row(t, (struct row){ .section = w->section_org, .org = &ov->orgs[i] });
		return err;
	}
	{
		static const enum col cols[] = { C_NAME, C_KIND, C_CITY, C_THEMES, C_PARTNERSHIPS, C_STRUCT, C_INCID,
			C_TOTAL, C_END };

		t = new_table(ts, cols);
		if (ov->confidential) {
			add_col(t, C_CONF);
			add_col(t, C_NOTES);
		}
		oreg_buf_adds(&t->title, w->orgs);
		for (i = 0; i < ov->norgs && !err; i++)
			err = add_row(t, (struct row){ .section = w->section_org, .org = &ov->orgs[i] });
	}
	{
		static const enum col cols[] = { C_NAME, C_PARTNERSHIPS, C_THEMES, C_END };

		t = new_table(ts, cols);
		oreg_buf_addf(&t->title, w->started, ov->year);
		for (i = 0; i < ov->nstarted && !err; i++)
			err = add_row(t, (struct row){ .section = w->section_started, .org = ov->started[i].org,
				.partnership = ov->started[i].partnership });
		t = new_table(ts, cols);
		oreg_buf_addf(&t->title, w->ended, ov->year);
		for (i = 0; i < ov->nended && !err; i++)
			err = add_row(t, (struct row){ .section = w->section_ended, .org = ov->ended[i].org,
				.partnership = ov->ended[i].partnership });
	}
	{
		static const enum col cols[] = { C_NAME, C_KIND, C_CITY, C_THEMES, C_PARTNERSHIPS, C_TOTAL, C_COMMIT,
			C_DATE, C_END };

		t = new_table(ts, cols);
		oreg_buf_adds(&t->title, w->deleted);
		for (i = 0; i < ov->ndeleted && !err; i++)
			err = add_row(t, (struct row){ .section = w->section_deleted, .org = &ov->deleted[i],
				.stamp = &ov->deleted[i].deleted });
	}
	if (ov->corrections_since) {
		static const enum col cols[] = { C_NAME, C_CHANGE, C_FIELDS, C_COMMIT, C_AUTHOR, C_DATE, C_END };
		struct oreg_buf since = OREG_BUF_INIT;

		t = new_table(ts, cols);
		if (!ov->confidential)
			drop_col(t, C_AUTHOR); /* public documents never name commit authors */
		add_date(&since, ov->corrections_since);
		oreg_buf_addf(&t->title, w->corrections, since.ptr);
		oreg_buf_release(&since);
		for (i = 0; i < ov->ncorrections && !err; i++)
			err = add_row(t, (struct row){ .section = w->section_correction, .org = ov->corrections[i].org,
				.correction = &ov->corrections[i], .stamp = &ov->corrections[i].stamp });
	}
	return err;
}

static void add_title(struct render *r, struct oreg_buf *b)
{
	if (r->ov->kind == OREG_DOCUMENT_OVERVIEW)
		oreg_buf_addf(b, r->w->overview_title, r->ov->year);
	else
		oreg_buf_adds(b, r->w->contacts_title);
}

/* "commit <id> of <date> (as of <day>, revision <rev>)" */
static void add_source(struct render *r, struct oreg_buf *b)
{
	const struct oreg_overview *ov = r->ov;

	if (!ov->source.commit[0]) {
		oreg_buf_adds(b, "-"); /* built from files, not from a commit */
		return;
	}
	oreg_buf_addf(b, "commit %s (", ov->source.commit);
	add_stamp_time(b, &ov->source);
	if (ov->as_of) {
		oreg_buf_addf(b, ", %s ", r->w->as_of);
		add_date(b, ov->as_of);
	}
	if (ov->rev)
		oreg_buf_addf(b, ", %s %s", r->w->rev, ov->rev);
	oreg_buf_addch(b, ')');
}

static void add_intro(struct render *r, struct oreg_buf *b)
{
	int y = r->ov->year;

	if (r->ov->kind == OREG_DOCUMENT_OVERVIEW) {
		oreg_buf_addf(b, r->w->overview_intro, y, y, y, y, y);
	} else {
		oreg_buf_adds(b, r->w->contacts_intro);
		if (r->ov->all_kinds) {
			oreg_buf_addch(b, ' ');
			oreg_buf_adds(b, r->w->signal_intro);
		}
	}
}

/* ---- Markdown ---- */

/* Text in Markdown: the one Markdown escaper (escape.c), also used by diff. */
static void md_text(struct oreg_buf *b, const char *s)
{
	oreg_escape_add(b, OREG_ESCAPE_MD, s, strlen(s));
}

static void render_md(struct render *r, struct tables *ts)
{
	struct oreg_buf *b = r->out;
	struct oreg_buf t = OREG_BUF_INIT;
	size_t i, k, c;

	oreg_buf_adds(b, "# ");
	if (r->ov->confidential)
		oreg_buf_addf(b, "%s: ", r->w->mark);
	add_title(r, &t);
	md_text(b, t.ptr);
	oreg_buf_adds(b, "\n\n");
	oreg_buf_clear(&t);
	add_period(r, &t, r->ov->from, r->ov->until);
	oreg_buf_addf(b, "- %s: ", r->w->period);
	md_text(b, t.ptr);
	oreg_buf_clear(&t);
	add_source(r, &t);
	oreg_buf_addf(b, "\n- %s: ", r->w->source);
	md_text(b, t.ptr);
	oreg_buf_addf(b, "\n- %s openreg %s\n\n", r->w->version, OREG_VERSION);
	oreg_buf_clear(&t);
	add_intro(r, &t);
	md_text(b, t.ptr);
	oreg_buf_adds(b, "\n");
	for (i = 0; i < ts->n; i++) {
		const struct table *tb = &ts->items[i];

		oreg_buf_adds(b, "\n## ");
		md_text(b, tb->title.ptr);
		oreg_buf_adds(b, "\n\n");
		if (!tb->nrows) {
			oreg_buf_addf(b, "%s\n", r->w->none);
			continue;
		}
		for (c = 0; c < tb->ncols; c++) {
			oreg_buf_adds(b, "| ");
			md_text(b, r->w->cols[tb->cols[c]]);
			oreg_buf_adds(b, " ");
		}
		oreg_buf_adds(b, "|\n");
		for (c = 0; c < tb->ncols; c++)
			oreg_buf_adds(b, numeric(tb->cols[c]) ? "| ---: " : "| --- ");
		oreg_buf_adds(b, "|\n");
		for (k = 0; k < tb->nrows; k++) {
			for (c = 0; c < tb->ncols; c++) {
				oreg_buf_adds(b, "| ");
				md_text(b, cell(r, tb->cols[c], &tb->rows[k]));
				oreg_buf_adds(b, " ");
			}
			oreg_buf_adds(b, "|\n");
		}
	}
	oreg_buf_release(&t);
}

/* ---- HTML ---- */

static void html_text(struct oreg_buf *b, const char *s)
{
	oreg_escape_add(b, OREG_ESCAPE_HTML, s, strlen(s));
}

static const char html_style[] =
	"body{font-family:\"Helvetica Neue\",Arial,sans-serif;font-size:11pt;color:#000;background:#fff;"
	"margin:2em auto;max-width:60em;padding:0 1em}\n"
	"h1{font-size:1.6em;margin:.2em 0 .6em}h2{font-size:1.2em;margin:1.6em 0 .4em}\n"
	"dl.clocks{display:grid;grid-template-columns:max-content auto;gap:.2em 1em;margin:0 0 1em}\n"
	"dl.clocks dt{font-weight:bold}dl.clocks dd{margin:0}\n"
	"table{border-collapse:collapse;width:100%;margin:.4em 0}\n"
	"th,td{border:1px solid #888;padding:.25em .45em;text-align:left;vertical-align:top}\n"
	"th{background:#eee}td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
	"thead{display:table-header-group}tr{break-inside:avoid}\n"
	".mark{border:3px solid #a00;color:#a00;font-weight:bold;text-align:center;letter-spacing:.3em;"
	"padding:.3em;margin:0 0 1em;background:#fff}\n"
	"@page{size:A4;margin:2.2cm 1.6cm}\n"
	"@media print{body{margin:0;max-width:none;padding:0}"
	".mark{position:fixed;left:0;right:0;margin:0;padding:.1em}"
	".mark.top{top:-1.6cm}.mark.bottom{bottom:-1.6cm}h2{break-after:avoid}}\n";

static void render_html(struct render *r, struct tables *ts)
{
	struct oreg_buf *b = r->out;
	struct oreg_buf t = OREG_BUF_INIT;
	size_t i, k, c;

	oreg_buf_addf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n", r->w->lang);
	oreg_buf_addf(b, "<meta name=\"generator\" content=\"openreg %s\">\n", OREG_VERSION);
	oreg_buf_adds(b, "<title>");
	if (r->ov->confidential)
		oreg_buf_addf(b, "%s: ", r->w->mark);
	add_title(r, &t);
	html_text(b, t.ptr);
	oreg_buf_addf(b, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", html_style);
	if (r->ov->confidential)
		oreg_buf_addf(b, "<div class=\"mark top\" role=\"note\">%s</div>\n", r->w->mark);
	oreg_buf_adds(b, "<header>\n<h1>");
	if (r->ov->confidential)
		oreg_buf_addf(b, "%s: ", r->w->mark);
	html_text(b, t.ptr);
	oreg_buf_adds(b, "</h1>\n<dl class=\"clocks\">\n");
	oreg_buf_clear(&t);
	add_period(r, &t, r->ov->from, r->ov->until);
	oreg_buf_addf(b, "<dt>%s</dt><dd>", r->w->period);
	html_text(b, t.ptr);
	oreg_buf_clear(&t);
	add_source(r, &t);
	oreg_buf_addf(b, "</dd>\n<dt>%s</dt><dd>", r->w->source);
	html_text(b, t.ptr);
	oreg_buf_addf(b, "</dd>\n<dt>%s</dt><dd>openreg %s</dd>\n</dl>\n<p>", r->w->version, OREG_VERSION);
	oreg_buf_clear(&t);
	add_intro(r, &t);
	html_text(b, t.ptr);
	oreg_buf_adds(b, "</p>\n</header>\n<main>\n");
	for (i = 0; i < ts->n; i++) {
		const struct table *tb = &ts->items[i];

		oreg_buf_adds(b, "<section>\n<h2>");
		html_text(b, tb->title.ptr);
		oreg_buf_adds(b, "</h2>\n");
		if (!tb->nrows) {
			oreg_buf_addf(b, "<p>%s</p>\n</section>\n", r->w->none);
			continue;
		}
		oreg_buf_adds(b, "<table>\n<thead>\n<tr>");
		for (c = 0; c < tb->ncols; c++) {
			oreg_buf_adds(b, "<th scope=\"col\">");
			html_text(b, r->w->cols[tb->cols[c]]);
			oreg_buf_adds(b, "</th>");
		}
		oreg_buf_adds(b, "</tr>\n</thead>\n<tbody>\n");
		for (k = 0; k < tb->nrows; k++) {
			oreg_buf_adds(b, "<tr>");
			for (c = 0; c < tb->ncols; c++) {
				oreg_buf_adds(b, numeric(tb->cols[c]) ? "<td class=\"n\">" : "<td>");
				html_text(b, cell(r, tb->cols[c], &tb->rows[k]));
				oreg_buf_adds(b, "</td>");
			}
			oreg_buf_adds(b, "</tr>\n");
		}
		oreg_buf_adds(b, "</tbody>\n</table>\n</section>\n");
	}
	oreg_buf_adds(b, "</main>\n");
	if (r->ov->confidential)
		oreg_buf_addf(b, "<div class=\"mark bottom\" role=\"note\">%s</div>\n", r->w->mark);
	oreg_buf_adds(b, "</body>\n</html>\n");
	oreg_buf_release(&t);
}

/* ---- CSV ---- */

/* One RFC 4180 field, with the formula guard (escape.c). */
static void csv_field(struct oreg_buf *b, const char *s)
{
	oreg_escape_add(b, OREG_ESCAPE_CSV, s, strlen(s));
}

static void render_csv(struct render *r, struct tables *ts)
{
	static const enum col overview_cols[] = { C_SECTION, C_ID, C_NAME, C_KIND, C_CITY, C_THEMES, C_PARTNERSHIPS,
		C_STRUCT, C_INCID, C_TOTAL, C_CONF, C_NOTES, C_CHANGE, C_FIELDS, C_COMMIT, C_AUTHOR, C_DATE, C_END };
	static const enum col contacts_cols[] = { C_ID, C_NAME, C_KIND, C_CITY, C_THEMES, C_FIRST, C_LAST,
		C_STRUCT, C_INCID, C_SIGNAL, C_TOTAL, C_CONF, C_END };
	static const enum col clock_cols[] = { C_PERIOD_FROM, C_PERIOD_UNTIL, C_SOURCE_COMMIT, C_SOURCE_DATE,
		C_VERSION, C_END };
	enum col cols[MAX_COLS];
	const enum col *p;
	struct oreg_buf *b = r->out;
	size_t n = 0, i, k, c;

	for (p = r->ov->kind == OREG_DOCUMENT_OVERVIEW ? overview_cols : contacts_cols; *p != C_END; p++) {
		/* a public document has no confidential columns at all, nor commit authors */
		if (!r->ov->confidential && (*p == C_CONF || *p == C_NOTES || *p == C_AUTHOR))
			continue;
		if (*p == C_SIGNAL && !r->ov->all_kinds)
			continue;
		cols[n++] = *p;
	}
	for (p = clock_cols; *p != C_END; p++)
		cols[n++] = *p;
	if (r->ov->confidential) {
		/* the first line says it, in every column so that any reader keeps it */
		for (c = 0; c < n; c++) {
			if (c)
				oreg_buf_addch(b, ',');
			csv_field(b, c ? "" : r->w->mark);
		}
		oreg_buf_adds(b, "\r\n");
	}
	for (c = 0; c < n; c++) {
		if (c)
			oreg_buf_addch(b, ',');
		csv_field(b, r->w->cols[cols[c]]);
	}
	oreg_buf_adds(b, "\r\n");
	for (i = 0; i < ts->n; i++)
		for (k = 0; k < ts->items[i].nrows; k++) {
			for (c = 0; c < n; c++) {
				if (c)
					oreg_buf_addch(b, ',');
				csv_field(b, cell(r, cols[c], &ts->items[i].rows[k]));
			}
			oreg_buf_adds(b, "\r\n");
		}
}

/* ---- JSON ---- */

static void json_str(struct oreg_buf *b, const char *s)
{
	if (s)
		oreg_buf_add_json_string(b, s, strlen(s));
	else
		oreg_buf_adds(b, "null");
}

static void json_date(struct oreg_buf *b, int32_t d)
{
	if (!d) {
		oreg_buf_adds(b, "null");
		return;
	}
	oreg_buf_addch(b, '"');
	add_date(b, d);
	oreg_buf_addch(b, '"');
}

static void json_stamp(struct oreg_buf *b, const struct oreg_overview_stamp *s, bool author)
{
	if (!s->commit[0]) {
		oreg_buf_adds(b, "null");
		return;
	}
	oreg_buf_addf(b, "{\"commit\": \"%s\", \"date\": \"", s->commit);
	add_stamp_time(b, s);
	oreg_buf_adds(b, "\"");
	if (author) {
		oreg_buf_adds(b, ", \"author\": ");
		json_str(b, s->author);
	}
	oreg_buf_adds(b, "}");
}

static void json_themes(struct render *r, struct oreg_buf *b, const char **themes, size_t n)
{
	size_t i;

	oreg_buf_adds(b, "\"themes\": [");
	for (i = 0; i < n; i++) {
		oreg_buf_adds(b, i ? ", " : "");
		json_str(b, themes[i]);
	}
	oreg_buf_adds(b, "], \"theme_labels\": [");
	for (i = 0; i < n; i++) {
		oreg_buf_adds(b, i ? ", " : "");
		json_str(b, oreg_i18n_theme(themes[i], r->lang));
	}
	oreg_buf_adds(b, "]");
}

static void json_partnership(struct render *r, struct oreg_buf *b, const struct oreg_overview_partnership *p)
{
	oreg_buf_adds(b, "{\"from\": ");
	json_date(b, p->from);
	oreg_buf_adds(b, ", \"until\": ");
	json_date(b, p->until);
	oreg_buf_adds(b, ", ");
	json_themes(r, b, p->themes, p->nthemes);
	oreg_buf_adds(b, "}");
}

static void json_org(struct render *r, struct oreg_buf *b, const struct oreg_overview_org *o, const char *indent)
{
	const struct oreg_overview *ov = r->ov;
	size_t i;

	oreg_buf_addf(b, "{\n%s  \"id\": ", indent);
	json_str(b, o->id);
	oreg_buf_addf(b, ",\n%s  \"name\": ", indent);
	json_str(b, o->name);
	oreg_buf_addf(b, ",\n%s  \"kind\": ", indent);
	json_str(b, o->kind);
	oreg_buf_addf(b, ",\n%s  \"kind_label\": ", indent);
	json_str(b, o->kind ? oreg_i18n_kind(o->kind, r->lang) : NULL);
	oreg_buf_addf(b, ",\n%s  \"city\": ", indent);
	json_str(b, o->city);
	oreg_buf_addf(b, ",\n%s  ", indent);
	json_themes(r, b, o->themes, o->nthemes);
	if (ov->kind == OREG_DOCUMENT_OVERVIEW) {
		oreg_buf_addf(b, ",\n%s  \"partnerships\": [", indent);
		for (i = 0; i < o->npartnerships; i++) {
			oreg_buf_adds(b, i ? ", " : "");
			json_partnership(r, b, &o->partnerships[i]);
		}
		oreg_buf_adds(b, "]");
	} else {
		oreg_buf_addf(b, ",\n%s  \"first_contact\": ", indent);
		json_date(b, o->first);
		oreg_buf_addf(b, ",\n%s  \"last_contact\": ", indent);
		json_date(b, o->last);
	}
	oreg_buf_addf(b, ",\n%s  \"contacts\": {\"structural\": %u, \"incidental\": %u, ", indent, o->structural,
		o->incidental);
	if (ov->all_kinds)
		oreg_buf_addf(b, "\"signalering\": %u, ", o->signalering);
	oreg_buf_addf(b, "\"total\": %u}", o->structural + o->incidental + (ov->all_kinds ? o->signalering : 0));
	if (ov->confidential) {
		oreg_buf_addf(b, ",\n%s  \"confidential\": %s", indent, o->confidential ? "true" : "false");
		if (ov->kind == OREG_DOCUMENT_OVERVIEW) {
			oreg_buf_addf(b, ",\n%s  \"notes\": ", indent);
			json_str(b, o->notes);
		}
	}
	if (o->deleted.commit[0]) {
		oreg_buf_addf(b, ",\n%s  \"deletion\": ", indent);
		json_stamp(b, &o->deleted, ov->confidential);
	}
	oreg_buf_addf(b, "\n%s}", indent);
}

static void json_events(struct render *r, struct oreg_buf *b, const char *key,
	const struct oreg_overview_event *ev, size_t n)
{
	size_t i;

	oreg_buf_addf(b, ",\n  \"%s\": [", key);
	for (i = 0; i < n; i++) {
		oreg_buf_adds(b, i ? ",\n    {\"id\": " : "\n    {\"id\": ");
		json_str(b, ev[i].org->id);
		oreg_buf_adds(b, ", \"name\": ");
		json_str(b, ev[i].org->name);
		oreg_buf_adds(b, ", \"partnership\": ");
		json_partnership(r, b, ev[i].partnership);
		oreg_buf_adds(b, "}");
	}
	oreg_buf_adds(b, n ? "\n  ]" : "]");
}

static void render_json(struct render *r)
{
	static const char *const change[] = { "added", "removed", "changed" };
	const struct oreg_overview *ov = r->ov;
	struct oreg_buf *b = r->out;
	struct oreg_buf t = OREG_BUF_INIT;
	size_t i;
	unsigned bit;

	oreg_buf_addf(b, "{\n  \"document\": \"%s\",\n  \"confidential\": %s,\n  \"marking\": ",
		ov->kind == OREG_DOCUMENT_OVERVIEW ? "overview" : "contacts", ov->confidential ? "true" : "false");
	json_str(b, ov->confidential ? r->w->mark : NULL);
	oreg_buf_addf(b, ",\n  \"language\": \"%s\",\n  \"title\": ", r->w->lang);
	add_title(r, &t);
	json_str(b, t.ptr);
	oreg_buf_release(&t);
	if (ov->kind == OREG_DOCUMENT_OVERVIEW)
		oreg_buf_addf(b, ",\n  \"year\": %d", ov->year);
	else
		oreg_buf_addf(b, ",\n  \"all_kinds\": %s", ov->all_kinds ? "true" : "false");
	oreg_buf_adds(b, ",\n  \"period\": {\"from\": ");
	json_date(b, ov->from);
	oreg_buf_adds(b, ", \"until\": ");
	json_date(b, ov->until);
	oreg_buf_adds(b, "},\n  \"source\": {\"commit\": ");
	json_str(b, ov->source.commit[0] ? ov->source.commit : NULL);
	oreg_buf_adds(b, ", \"date\": ");
	if (ov->source.commit[0]) {
		oreg_buf_addch(b, '"');
		add_stamp_time(b, &ov->source);
		oreg_buf_addch(b, '"');
	} else {
		oreg_buf_adds(b, "null");
	}
	oreg_buf_adds(b, ", \"as_of\": ");
	json_date(b, ov->as_of);
	oreg_buf_adds(b, ", \"rev\": ");
	json_str(b, ov->rev);
	oreg_buf_addf(b, "},\n  \"version\": \"%s\",\n  \"organisations\": [", OREG_VERSION);
	for (i = 0; i < ov->norgs; i++) {
		oreg_buf_adds(b, i ? ",\n    " : "\n    ");
		json_org(r, b, &ov->orgs[i], "    ");
	}
	oreg_buf_adds(b, ov->norgs ? "\n  ]" : "]");
	if (ov->kind == OREG_DOCUMENT_OVERVIEW) {
		json_events(r, b, "started", ov->started, ov->nstarted);
		json_events(r, b, "ended", ov->ended, ov->nended);
		oreg_buf_adds(b, ",\n  \"deleted\": [");
		for (i = 0; i < ov->ndeleted; i++) {
			oreg_buf_adds(b, i ? ",\n    " : "\n    ");
			json_org(r, b, &ov->deleted[i], "    ");
		}
		oreg_buf_adds(b, ov->ndeleted ? "\n  ]" : "]");
		oreg_buf_adds(b, ",\n  \"corrections\": ");
		if (!ov->corrections_since) {
			oreg_buf_adds(b, "null");
		} else {
			oreg_buf_adds(b, "{\"since\": ");
			json_date(b, ov->corrections_since);
			oreg_buf_adds(b, ", \"base\": ");
			json_stamp(b, &ov->base, false);
			oreg_buf_adds(b, ", \"changes\": [");
			for (i = 0; i < ov->ncorrections; i++) {
				const struct oreg_overview_correction *c = &ov->corrections[i];
				int first = 1;

				oreg_buf_adds(b, i ? ",\n    {\"id\": " : "\n    {\"id\": ");
				json_str(b, c->org->id);
				oreg_buf_adds(b, ", \"name\": ");
				json_str(b, c->org->name);
				oreg_buf_addf(b, ", \"change\": \"%s\", \"fields\": [", change[c->kind]);
				for (bit = 0; bit < OREG_FIELD_COUNT; bit++)
					if (c->fields & (1u << bit)) {
						oreg_buf_addf(b, "%s\"%s\"", first ? "" : ", ", oreg_i18n_field_key(1u << bit));
						first = 0;
					}
				oreg_buf_adds(b, "], \"commit\": ");
				json_stamp(b, &c->stamp, ov->confidential);
				oreg_buf_adds(b, "}");
			}
			oreg_buf_adds(b, ov->ncorrections ? "\n  ]}" : "]}");
		}
	}
	oreg_buf_adds(b, "\n}\n");
}

int oreg_overview_render(char **out, size_t *len, const struct oreg_overview *ov,
	enum oreg_document_format format, enum oreg_language lang)
{
	struct oreg_buf b = OREG_BUF_INIT;
	struct render r = { .ov = ov, .w = lang == OREG_LANG_EN ? &en : &nl, .lang = lang, .out = &b };
	struct tables ts;
	int err;

	*out = NULL;
	*len = 0;
	oreg_buf_init(&r.cell);
	if ((err = make_tables(&ts, &r)) < 0) {
		tables_release(&ts);
		return err;
	}
	switch (format) {
	case OREG_DOCUMENT_MD: render_md(&r, &ts); break;
	case OREG_DOCUMENT_HTML: render_html(&r, &ts); break;
	case OREG_DOCUMENT_CSV: render_csv(&r, &ts); break;
	case OREG_DOCUMENT_JSON: render_json(&r); break;
	}
	tables_release(&ts);
	err = oreg_buf_error(&r.cell);
	oreg_buf_release(&r.cell);
	if (err < 0 || (err = oreg_buf_error(&b)) < 0) {
		oreg_buf_release(&b);
		return err;
	}
	*out = oreg_buf_detach(&b, len);
	return *out ? 0 : OREG_ENOMEM;
}
