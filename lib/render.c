/*
 * render.c - the documents for Parliament as bytes: Markdown, HTML (one
 * printable file, no external resources, no scripts) and JSON, in Dutch or
 * English; render_csv.c writes the CSV tables and the Data Package.
 *
 * A document is an annex a ministry can send: who sends it and what it
 * belongs to (the register's publication settings), the period in words
 * ("1 januari 2024 tot en met 31 december 2024"), the state of the register
 * it was built from ("Stand van het register: 2 juni 2025 (versie f7449ea)"),
 * a method section that defines what is listed and says how many
 * organisations were left out for safety, the tables, and a colophon with
 * the full commit id and record time.  A confidential document carries the
 * register's marking in its title and, printed, in the margin of every page.
 *
 * Everything that comes from a record is escaped for its format on the way
 * out by the escapers of escape.c, so a name holding '<', '&', quotes,
 * "=cmd|...", Markdown, line breaks, control or bidirectional characters
 * comes out as text, and a CSV cell is never taken for a formula.
 * Nothing depends on the clock or the locale:
 * the same model gives the same bytes.
 */
#include "render.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/*
 * Every word of a document, in Dutch and in English side by side, so that a
 * word is added to both languages at once: W(field, Dutch, English).
 */
#define WORDS(W) \
	W(lang, "nl", "en")                                                                                           \
	W(overview_title, "Overzicht maatschappelijke organisaties %d", "Overview of civil-society organisations %d") \
	W(contacts_title, "Organisaties waarmee contact is geweest", "Organisations contacted")                       \
	W(provisional, " (voorlopig)", " (provisional)")                                                              \
	W(ministry, "Ministerie", "Ministry")                                                                         \
	W(directorate, "Directie", "Directorate")                                                                     \
	W(kamerstuk, "Bijlage bij Kamerstuk", "Annex to Kamerstuk")                                                   \
	W(reference, "Kenmerk", "Reference")                                                                          \
	W(sent, "Datum", "Date")                                                                                      \
	W(period, "Verslagperiode", "Reporting period")                                                               \
	W(state, "Stand van het register", "State of the register")                                                   \
	W(version_word, "versie", "version")                                                                          \
	W(method, "Werkwijze", "Method")                                                                              \
	W(colophon, "Colofon", "Colophon")                                                                            \
	W(source_commit, "Broncommit", "Source commit")                                                               \
	W(source_time, "Brondatum", "Source date")                                                                    \
	W(as_of, "Stand per", "As of")                                                                                \
	W(rev, "Revisie", "Revision")                                                                                 \
	W(compiled, "Opgesteld met", "Compiled with")                                                                 \
	W(orgs, "Organisaties", "Organisations")                                                                      \
	W(started, "Partnerschappen gestart in %d", "Partnerships started in %d")                                     \
	W(ended, "Partnerschappen beëindigd in %d", "Partnerships ended in %d")                                       \
	W(deleted, "Verwijderd uit het register", "Deleted from the register")                                        \
	W(corrections, "Correcties sinds %s", "Corrections since %s")                                                 \
	W(corrections_tag, "Correcties sinds publicatie %s (%s)", "Corrections since publication %s (%s)")            \
	W(none, "Geen.", "None.")                                                                                     \
	W(yes, "ja", "yes")                                                                                           \
	W(no_name, "(naamloos)", "(no name)")                                                                         \
	W(unknown_commit, "onbekend", "unknown")                                                                      \
	W(added, "toegevoegd", "added")                                                                               \
	W(removed, "verwijderd", "removed")                                                                           \
	W(changed, "gewijzigd", "changed")                                                                            \
	W(section_org, "organisatie", "organisation")                                                                 \
	W(section_started, "gestart", "started")                                                                      \
	W(section_ended, "beëindigd", "ended")                                                                        \
	W(section_deleted, "verwijderd", "deleted")                                                                   \
	W(section_correction, "correctie", "correction")                                                              \
	W(page, "pagina", "page")                                                                                     \
	W(of, "van", "of")

#define WORD_FIELD(field, nl, en) const char *field;
#define WORD_NL(field, nl, en) nl,
#define WORD_EN(field, nl, en) en,

struct words {
	WORDS(WORD_FIELD)
};

static const struct words words_nl = { WORDS(WORD_NL) };
static const struct words words_en = { WORDS(WORD_EN) };

const struct coldef oreg_render_cols[C_END] = {
	[C_RUBRICERING] = { "rubricering", "Rubricering", "Classification", T_STRING, false },
	[C_SECTION] = { "section", "Sectie", "Section", T_STRING, false },
	[C_ID] = { "id", "Id", "Id", T_STRING, false },
	[C_NAME] = { "name", "Naam", "Name", T_STRING, false },
	[C_KVK] = { "kvk", "KvK-nummer", "KvK number", T_STRING, true },
	[C_KIND] = { "kind", "Soort", "Kind", T_STRING, false },
	[C_CITY] = { "city", "Plaats", "City", T_STRING, false },
	[C_THEMES] = { "themes", "Thema's", "Themes", T_STRING, false },
	[C_PARTNERSHIPS] = { "partnership", "Partnerschap", "Partnership", T_STRING, false },
	[C_FROM] = { "from", "Partnerschap van", "Partnership from", T_DATE, true },
	[C_UNTIL] = { "until", "Partnerschap tot en met", "Partnership until", T_DATE, true },
	[C_FIRST] = { "first_contact", "Eerste contact", "First contact", T_DATE, true },
	[C_LAST] = { "last_contact", "Laatste contact", "Last contact", T_DATE, true },
	[C_STRUCT] = { "structural", "Structureel", "Structural", T_INTEGER, true },
	[C_INCID] = { "incidental", "Incidenteel", "Incidental", T_INTEGER, true },
	[C_SIGNAL] = { "signalering", "Signalering", "Signalling", T_INTEGER, true },
	[C_TOTAL] = { "total", "Totaal", "Total", T_INTEGER, true },
	[C_CONF] = { "confidential", "Niet openbaar maken", "Not to be published", T_STRING, false },
	[C_NOTES] = { "notes", "Toelichting", "Notes", T_STRING, false },
	[C_CHANGE] = { "change", "Wijziging", "Change", T_STRING, false },
	[C_FIELDS] = { "fields", "Velden", "Fields", T_STRING, false },
	[C_VALUES] = { "values", "Oud → nieuw", "Old → new", T_STRING, false },
	[C_COMMIT] = { "commit", "Commit", "Commit", T_STRING, false },
	[C_AUTHOR] = { "author", "Auteur", "Author", T_STRING, false },
	[C_DATE] = { "date", "Datum", "Date", T_DATE, true },
	[C_PERIOD_FROM] = { "period_from", "Periode van", "Period from", T_DATE, true },
	[C_PERIOD_UNTIL] = { "period_until", "Periode tot en met", "Period until", T_DATE, true },
	[C_SOURCE_COMMIT] = { "source_commit", "Broncommit", "Source commit", T_STRING, false },
	[C_SOURCE_DATE] = { "source_date", "Brondatum", "Source date", T_DATETIME, true },
	[C_VERSION] = { "openreg", "openreg", "openreg", T_STRING, false },
	[C_EXCL_NOW] = { "excluded_now", "Nu uitgesloten", "Excluded now", T_STRING, false },
	[C_EXCL_THEN] = { "excluded_then", "Contacten terwijl uitgesloten", "Contacts while excluded", T_INTEGER, true },
	[C_CONTACT] = { "contact", "Contact", "Contact", T_STRING, false },
	[C_CONTACT_DATE] = { "contact_date", "Datum contact", "Date of contact", T_DATE, true },
	[C_CONTACT_KIND] = { "contact_kind", "Soort contact", "Kind of contact", T_STRING, false },
	[C_CONTACT_ORGS] = { "organisations", "Organisaties", "Organisations", T_STRING, false },
	[C_WITHDRAWN] = { "withdrawn", "Ingetrokken op", "Withdrawn on", T_DATE, true },
	[C_REASON] = { "reason", "Reden", "Reason", T_STRING, false },
	[C_EXPLANATION] = { "explanation", "Toelichting", "Explanation", T_STRING, false },
	[C_REPORTED_TO] = { "reported_to", "Gemeld aan", "Reported to", T_STRING, false },
	[C_REFERENCE] = { "reference", "Kenmerk", "Reference", T_STRING, false },
};

void oreg_render_init(struct render *r, const struct oreg_overview *ov, enum oreg_language lang, struct oreg_buf *out)
{
	memset(r, 0, sizeof(*r));
	r->ov = ov;
	r->w = lang == OREG_LANG_EN ? &words_en : &words_nl;
	r->lang = lang;
	r->out = out;
	oreg_buf_init(&r->cell);
}

const char *oreg_render_header(const struct render *r, enum col c)
{
	if (r->machine)
		return oreg_render_cols[c].key;
	return r->lang == OREG_LANG_EN ? oreg_render_cols[c].en : oreg_render_cols[c].nl;
}

const char *oreg_render_marking(const struct render *r)
{
	return r->ov->confidential ? oreg_publication_marking(r->ov->publication, r->lang) : "";
}

static const char *text_of(const struct render *r, const struct oreg_text *t)
{
	return r->lang == OREG_LANG_EN ? t->en : t->nl;
}

/* ---- values as text ---- */

static void add_iso_date(struct oreg_buf *b, int32_t d)
{
	char s[OREG_DATE_SIZE];

	if (d)
		oreg_buf_adds(b, oreg_date_format(s, d));
}

/* A date in a cell: in words, its spaces unbreakable, for a reader; YYYY-MM-DD for a program. */
static void add_date(struct render *r, struct oreg_buf *b, int32_t d)
{
	struct oreg_buf t = OREG_BUF_INIT;
	const char *p;

	if (!d)
		return;
	if (!r->long_dates) {
		add_iso_date(b, d);
		return;
	}
	oreg_date_add_long(&t, d, r->lang);
	for (p = t.ptr; *p; p++)
		if (*p == ' ' && r->nbsp)
			oreg_buf_adds(b, "\xc2\xa0"); /* no-break space: a date is never split over lines */
		else
			oreg_buf_addch(b, *p);
	oreg_buf_release(&t);
}

void oreg_render_stamp_time(struct oreg_buf *b, const struct oreg_overview_stamp *s)
{
	char t[OREG_TIME_SIZE];

	oreg_buf_adds(b, oreg_time_format(t, s->time, s->offset, OREG_TIME_ISO8601));
}

/* The day of a commit in its committer's zone, YYYYMMDD. */
static int32_t stamp_day(const struct oreg_overview_stamp *s)
{
	return oreg_time_day(s->time, s->offset);
}

static void add_period(struct render *r, struct oreg_buf *b, int32_t from, int32_t until)
{
	if (!until)
		oreg_buf_adds(b, r->lang == OREG_LANG_EN ? "from " : "vanaf ");
	add_date(r, b, from);
	if (until) {
		oreg_buf_adds(b, r->lang == OREG_LANG_EN ? " to " : " tot en met ");
		add_date(r, b, until);
	}
}

static const char *kind_label(const struct render *r, const char *kind)
{
	return r->machine ? kind : oreg_label_text(r->ov->kind_labels, kind, r->lang);
}

static const char *theme_label(const struct render *r, const char *theme)
{
	return r->machine ? theme : oreg_label_text(r->ov->theme_labels, theme, r->lang);
}

static void add_themes(struct render *r, struct oreg_buf *b, const char **themes, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			oreg_buf_adds(b, r->machine ? ";" : ", ");
		oreg_buf_adds(b, theme_label(r, themes[i]));
	}
}

static void add_fields(struct render *r, struct oreg_buf *b, unsigned fields)
{
	unsigned bit;
	int first = 1;

	for (bit = 0; bit < OREG_FIELD_COUNT; bit++)
		if (fields & (1u << bit)) {
			oreg_buf_adds(b, first ? "" : r->machine ? ";" : ", ");
			oreg_buf_adds(b, r->machine ? oreg_i18n_field_key(1u << bit) : oreg_i18n_field(1u << bit, r->lang));
			first = 0;
		}
}

/* One organisation's value of a field, as a reader sees it ("-" for none). */
static void add_field_value(struct render *r, struct oreg_buf *b, const struct oreg_overview_org *o, unsigned field)
{
	size_t start = b->len, i;

	switch (field) {
	case OREG_FIELD_NAME: oreg_buf_adds(b, o->name); break;
	case OREG_FIELD_KIND: if (o->kind) oreg_buf_adds(b, kind_label(r, o->kind)); break;
	case OREG_FIELD_CITY: if (o->city) oreg_buf_adds(b, o->city); break;
	case OREG_FIELD_THEMES: add_themes(r, b, o->themes, o->nthemes); break;
	case OREG_FIELD_PARTNERSHIPS:
		for (i = 0; i < o->npartnerships; i++) {
			oreg_buf_adds(b, i ? "; " : "");
			add_period(r, b, o->partnerships[i].from, o->partnerships[i].until);
		}
		break;
	case OREG_FIELD_CONTACTS:
		oreg_buf_addf(b, r->lang == OREG_LANG_EN ? "%u structural, %u incidental" : "%u structureel, %u incidenteel",
			o->structural, o->incidental);
		break;
	case OREG_FIELD_NOTES: if (o->notes) oreg_buf_adds(b, o->notes); break;
	case OREG_FIELD_VISIBILITY:
		oreg_buf_adds(b, o->confidential ? (r->lang == OREG_LANG_EN ? "confidential" : "vertrouwelijk")
			: (r->lang == OREG_LANG_EN ? "public" : "openbaar"));
		break;
	}
	if (b->len == start)
		oreg_buf_adds(b, "-");
}

/* "plaats: Utrecht → Den Haag; contacten: 2 → 3" */
static void add_values(struct render *r, struct oreg_buf *b, const struct oreg_overview_correction *c)
{
	unsigned bit;
	int first = 1;

	if (!c->old)
		return;
	for (bit = 0; bit < OREG_FIELD_COUNT; bit++) {
		if (!(c->fields & (1u << bit)))
			continue;
		oreg_buf_adds(b, first ? "" : "; ");
		oreg_buf_addf(b, "%s: ", oreg_i18n_field(1u << bit, r->lang));
		add_field_value(r, b, c->old, 1u << bit);
		oreg_buf_adds(b, " → ");
		add_field_value(r, b, c->org, 1u << bit);
		first = 0;
	}
}

/* A cell of a row that is one contact (withdrawn, or an incident). */
static void contact_cell(struct render *r, struct oreg_buf *b, enum col c, const struct oreg_overview_contact *ct)
{
	const char *text = NULL;
	size_t i;

	switch (c) {
	case C_CONTACT: text = ct->id; break;
	case C_CONTACT_DATE: add_date(r, b, ct->date); break;
	case C_CONTACT_KIND:
		text = r->machine ? ct->kind : oreg_label_text(r->ov->contact_kind_labels, ct->kind, r->lang);
		break;
	case C_CONTACT_ORGS:
		for (i = 0; i < ct->norgs; i++) {
			oreg_buf_adds(b, i ? (r->machine ? ";" : ", ") : "");
			oreg_buf_adds(b, ct->orgs[i]);
		}
		break;
	case C_WITHDRAWN: if (ct->withdrawn > 0) add_date(r, b, ct->withdrawn); break;
	case C_REASON: text = ct->reason; break;
	case C_EXPLANATION: text = ct->explanation; break;
	case C_REPORTED_TO: text = ct->reported_to; break;
	case C_REFERENCE: text = ct->reference; break;
	default: break;
	}
	if (text)
		oreg_buf_adds(b, text);
}

const char *oreg_render_cell(struct render *r, enum col c, const struct row *row)
{
	const struct oreg_overview_org *o = row->org;
	struct oreg_buf *b = &r->cell;
	size_t i;

	oreg_buf_clear(b);
	switch (c) {
	case C_RUBRICERING:
		oreg_buf_adds(b, r->ov->confidential ? oreg_render_marking(r) : r->lang == OREG_LANG_EN ? "public" : "openbaar");
		break;
	case C_SECTION: oreg_buf_adds(b, row->section); break;
	case C_ID: oreg_buf_adds(b, o->id); break;
	case C_NAME: oreg_buf_adds(b, o->name && *o->name ? o->name : r->w->no_name); break;
	case C_KVK: if (o->kvk) oreg_buf_adds(b, o->kvk); break;
	case C_KIND: if (o->kind) oreg_buf_adds(b, kind_label(r, o->kind)); break;
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
	case C_FROM: if (row->partnership) add_date(r, b, row->partnership->from); break;
	case C_UNTIL: if (row->partnership) add_date(r, b, row->partnership->until); break;
	case C_FIRST: add_date(r, b, o->first); break;
	case C_LAST: add_date(r, b, o->last); break;
	case C_STRUCT: if (!row->partnership) oreg_buf_addf(b, "%u", o->structural); break;
	case C_INCID: if (!row->partnership) oreg_buf_addf(b, "%u", o->incidental); break;
	case C_SIGNAL: if (!row->partnership) oreg_buf_addf(b, "%u", o->signalering); break;
	case C_TOTAL:
		if (!row->partnership)
			oreg_buf_addf(b, "%u", o->structural + o->incidental + (r->ov->all_kinds ? o->signalering : 0));
		break;
	case C_CONF: if (o->confidential) oreg_buf_adds(b, r->machine ? "true" : r->w->yes); break;
	case C_NOTES: if (o->notes) oreg_buf_adds(b, o->notes); break;
	case C_CHANGE:
		if (row->correction)
			oreg_buf_adds(b, r->machine ? (row->correction->kind == OREG_CORRECTION_ADDED ? "added" :
				row->correction->kind == OREG_CORRECTION_REMOVED ? "removed" : "changed") :
				row->correction->kind == OREG_CORRECTION_ADDED ? r->w->added :
				row->correction->kind == OREG_CORRECTION_REMOVED ? r->w->removed : r->w->changed);
		break;
	case C_FIELDS: if (row->correction) add_fields(r, b, row->correction->fields); break;
	case C_VALUES: if (row->correction) add_values(r, b, row->correction); break;
	case C_COMMIT:
		if (row->stamp)
			oreg_buf_adds(b, row->stamp->commit[0] ? row->stamp->commit : r->machine ? "" : r->w->unknown_commit);
		break;
	case C_AUTHOR: /* a civil servant's name: confidential documents only */
		if (r->ov->confidential && row->stamp && row->stamp->author)
			oreg_buf_adds(b, row->stamp->author);
		break;
	case C_DATE: if (row->stamp && row->stamp->commit[0]) add_date(r, b, stamp_day(row->stamp)); break;
	case C_PERIOD_FROM: add_date(r, b, r->ov->from); break;
	case C_PERIOD_UNTIL: add_date(r, b, r->ov->until); break;
	case C_SOURCE_COMMIT: oreg_buf_adds(b, r->ov->source.commit); break;
	case C_SOURCE_DATE: if (r->ov->source.commit[0]) oreg_render_stamp_time(b, &r->ov->source); break;
	case C_VERSION: oreg_buf_adds(b, OREG_VERSION); break;
	case C_EXCL_NOW: if (o && o->excluded_now) oreg_buf_adds(b, r->machine ? "true" : r->w->yes); break;
	case C_EXCL_THEN: if (o) oreg_buf_addf(b, "%u", o->excluded_then); break;
	case C_CONTACT: case C_CONTACT_DATE: case C_CONTACT_KIND: case C_CONTACT_ORGS: case C_WITHDRAWN:
	case C_REASON: case C_EXPLANATION: case C_REPORTED_TO: case C_REFERENCE:
		if (row->contact)
			contact_cell(r, b, c, row->contact);
		break;
	case C_END: break;
	}
	return b->ptr;
}

static bool numeric(enum col c)
{
	return oreg_render_cols[c].type == T_INTEGER;
}

/* ---- the tables of a document ---- */

static void add_col(struct table *t, enum col c)
{
	t->cols[t->ncols++] = c;
}

static struct table *new_table(struct tables *ts, const char *name, const enum col *cols)
{
	struct table *t = &ts->items[ts->n++];

	memset(t, 0, sizeof(*t));
	t->name = name;
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

void oreg_render_tables_release(struct tables *ts)
{
	size_t i;

	for (i = 0; i < ts->n; i++) {
		oreg_buf_release(&ts->items[i].title);
		free(ts->items[i].rows);
	}
	ts->n = 0;
}

/* Rows for organisations; deleted: each with the commit that deleted it. */
static void add_org_rows(struct table *t, const char *section, const struct oreg_overview_org *orgs, size_t n,
	bool deleted, int *err)
{
	size_t i;

	for (i = 0; i < n && !*err; i++)
		*err = add_row(t, (struct row){ .section = section, .org = &orgs[i],
			.stamp = deleted ? &orgs[i].deleted : NULL });
}

/* Rows for contacts (withdrawn ones, incidents): the contact, not an organisation. */
static void add_contact_rows(struct table *t, const struct oreg_overview_contact *contacts, size_t n, int *err)
{
	size_t i;

	for (i = 0; i < n && !*err; i++)
		*err = add_row(t, (struct row){ .contact = &contacts[i] });
}

/* The contacts list's organisations: counts of each kind, and whether each is or was excluded. */
static void contacts_orgs_table(struct tables *ts, struct render *r, bool csv, int *err)
{
	static const enum col cols[] = { C_NAME, C_KIND, C_CITY, C_FIRST, C_LAST, C_STRUCT, C_INCID, C_END };
	static const enum col csv_cols[] = { C_RUBRICERING, C_ID, C_NAME, C_KVK, C_KIND, C_CITY, C_FIRST, C_LAST,
		C_STRUCT, C_INCID, C_END };
	struct table *t = new_table(ts, "organisations", csv ? csv_cols : cols);

	if (r->ov->all_kinds)
		add_col(t, C_SIGNAL);
	add_col(t, C_TOTAL);
	add_col(t, C_THEMES);
	add_col(t, C_CONF);
	add_col(t, C_EXCL_NOW);
	add_col(t, C_EXCL_THEN);
	t->wide = true;
	oreg_buf_adds(&t->title, r->w->orgs);
	add_org_rows(t, r->w->section_org, r->ov->orgs, r->ov->norgs, false, err);
}

/* The contacts list's sections beyond its organisations: those deleted since, withdrawn contacts, incidents. */
static void contacts_tables(struct tables *ts, struct render *r, bool csv, int *err)
{
	static const enum col cols[] = { C_NAME, C_KIND, C_CITY, C_FIRST, C_LAST, C_TOTAL, C_THEMES, C_COMMIT, C_DATE,
		C_END };
	static const enum col csv_cols[] = { C_RUBRICERING, C_ID, C_NAME, C_KVK, C_KIND, C_CITY, C_FIRST, C_LAST,
		C_STRUCT, C_INCID, C_TOTAL, C_THEMES, C_COMMIT, C_DATE, C_END };
	static const enum col wcols[] = { C_CONTACT_DATE, C_CONTACT_KIND, C_CONTACT_ORGS, C_WITHDRAWN, C_REASON,
		C_END };
	static const enum col wcsv[] = { C_RUBRICERING, C_CONTACT, C_CONTACT_DATE, C_CONTACT_KIND, C_CONTACT_ORGS,
		C_WITHDRAWN, C_REASON, C_END };
	static const enum col icols[] = { C_CONTACT_DATE, C_CONTACT_KIND, C_CONTACT_ORGS, C_EXPLANATION,
		C_REPORTED_TO, C_REFERENCE, C_END };
	static const enum col icsv[] = { C_RUBRICERING, C_CONTACT, C_CONTACT_DATE, C_CONTACT_KIND, C_CONTACT_ORGS,
		C_EXPLANATION, C_REPORTED_TO, C_REFERENCE, C_END };
	const struct oreg_overview *ov = r->ov;
	struct table *t;

	contacts_orgs_table(ts, r, csv, err);
	t = new_table(ts, "deleted", csv ? csv_cols : cols);
	t->wide = true;
	oreg_buf_adds(&t->title, r->lang == OREG_LANG_EN ? "Deleted from the register since" :
		"Sindsdien verwijderd uit het register");
	add_org_rows(t, r->w->section_deleted, ov->deleted, ov->ndeleted, true, err);
	t = new_table(ts, "withdrawn", csv ? wcsv : wcols);
	oreg_buf_adds(&t->title, r->lang == OREG_LANG_EN ? "Contacts withdrawn (recorded in error, not counted)" :
		"Ingetrokken contacten (ten onrechte vastgelegd, niet meegeteld)");
	add_contact_rows(t, ov->withdrawn, ov->nwithdrawn, err);
	t = new_table(ts, "incidents", csv ? icsv : icols);
	oreg_buf_adds(&t->title, r->lang == OREG_LANG_EN ? "Incidents: contacts that should not have happened" :
		"Incidenten: contacten die niet hadden mogen plaatsvinden");
	add_contact_rows(t, ov->incidents, ov->nincidents, err);
}

static void corrections_title(struct render *r, struct oreg_buf *b)
{
	struct oreg_buf since = OREG_BUF_INIT;

	if (r->long_dates)
		oreg_date_add_long(&since, r->ov->corrections_since, r->lang);
	else
		add_iso_date(&since, r->ov->corrections_since);
	if (r->ov->corrections_tag)
		oreg_buf_addf(b, r->w->corrections_tag, r->ov->corrections_tag, since.ptr);
	else
		oreg_buf_addf(b, r->w->corrections, since.ptr);
	oreg_buf_release(&since);
}

/* The overview's organisations and, for CSV, their partnerships one row each. */
static void overview_orgs_tables(struct tables *ts, struct render *r, bool csv, int *err)
{
	static const enum col cols[] = { C_NAME, C_KIND, C_CITY, C_THEMES, C_PARTNERSHIPS, C_STRUCT, C_INCID,
		C_TOTAL, C_END };
	static const enum col csv_cols[] = { C_RUBRICERING, C_ID, C_NAME, C_KVK, C_KIND, C_CITY, C_THEMES,
		C_STRUCT, C_INCID, C_TOTAL, C_END };
	static const enum col pcols[] = { C_RUBRICERING, C_ID, C_NAME, C_FROM, C_UNTIL, C_THEMES, C_END };
	const struct oreg_overview *ov = r->ov;
	struct table *t = new_table(ts, "organisations", csv ? csv_cols : cols);
	size_t i, k;

	if (ov->confidential) {
		add_col(t, C_CONF);
		add_col(t, C_NOTES);
		t->wide = true;
	}
	oreg_buf_adds(&t->title, r->w->orgs);
	add_org_rows(t, r->w->section_org, ov->orgs, ov->norgs, false, err);
	if (!csv)
		return;
	t = new_table(ts, "partnerships", pcols);
	oreg_buf_adds(&t->title, r->lang == OREG_LANG_EN ? "Partnerships" : "Partnerschappen");
	for (i = 0; i < ov->norgs && !*err; i++)
		for (k = 0; k < ov->orgs[i].npartnerships && !*err; k++)
			*err = add_row(t, (struct row){ .org = &ov->orgs[i], .partnership = &ov->orgs[i].partnerships[k] });
}

/* The partnerships that started or ended in the year: name is "started" or "ended". */
static void events_table(struct tables *ts, struct render *r, bool csv, const char *name,
	const struct oreg_overview_event *ev, size_t n, int *err)
{
	static const enum col cols[] = { C_NAME, C_PARTNERSHIPS, C_THEMES, C_END };
	static const enum col csv_cols[] = { C_RUBRICERING, C_ID, C_NAME, C_FROM, C_UNTIL, C_THEMES, C_END };
	bool started = !strcmp(name, "started");
	struct table *t = new_table(ts, name, csv ? csv_cols : cols);
	size_t i;

	oreg_buf_addf(&t->title, started ? r->w->started : r->w->ended, r->ov->year);
	for (i = 0; i < n && !*err; i++)
		*err = add_row(t, (struct row){ .section = started ? r->w->section_started : r->w->section_ended,
			.org = ev[i].org, .partnership = ev[i].partnership });
}

/* The overview's sections beyond its organisations: partnerships started and ended, deletions, corrections. */
static void overview_tables(struct tables *ts, struct render *r, bool csv, int *err)
{
	static const enum col cols[] = { C_NAME, C_KIND, C_CITY, C_THEMES, C_PARTNERSHIPS, C_TOTAL, C_COMMIT,
		C_DATE, C_END };
	static const enum col csv_cols[] = { C_RUBRICERING, C_ID, C_NAME, C_KVK, C_KIND, C_CITY, C_THEMES,
		C_TOTAL, C_COMMIT, C_DATE, C_END };
	static const enum col ccols[] = { C_NAME, C_CHANGE, C_VALUES, C_COMMIT, C_DATE, C_END };
	static const enum col ccsv[] = { C_RUBRICERING, C_ID, C_NAME, C_CHANGE, C_FIELDS, C_VALUES, C_COMMIT,
		C_DATE, C_END };
	const struct oreg_overview *ov = r->ov;
	struct table *t;
	size_t i;

	overview_orgs_tables(ts, r, csv, err);
	events_table(ts, r, csv, "started", ov->started, ov->nstarted, err);
	events_table(ts, r, csv, "ended", ov->ended, ov->nended, err);
	t = new_table(ts, "deleted", csv ? csv_cols : cols);
	oreg_buf_adds(&t->title, r->w->deleted);
	add_org_rows(t, r->w->section_deleted, ov->deleted, ov->ndeleted, true, err);
	if (!ov->corrections_since && !ov->corrections_tag)
		return;
	t = new_table(ts, "corrections", csv ? ccsv : ccols);
	/* who made a change is for the ministry's eyes: never in a public document */
	if (ov->confidential)
		add_col(t, C_AUTHOR);
	corrections_title(r, &t->title);
	for (i = 0; i < ov->ncorrections && !*err; i++)
		*err = add_row(t, (struct row){ .section = r->w->section_correction, .org = ov->corrections[i].org,
			.correction = &ov->corrections[i], .stamp = &ov->corrections[i].stamp });
}

/*
 * The tables of the document.  For CSV (csv true) every table has its own
 * columns in full: the marking, the id and the KvK number first, dates and
 * counts in columns of their own, partnerships one row each.
 */
int oreg_render_tables(struct tables *ts, struct render *r, bool csv)
{
	size_t i;
	int err = 0;

	memset(ts, 0, sizeof(*ts));
	if (r->ov->kind == OREG_DOCUMENT_CONTACTS)
		contacts_tables(ts, r, csv, &err);
	else
		overview_tables(ts, r, csv, &err);
	/* a CSV file travels alone: each row says which period and which state of the register it is from */
	for (i = 0; csv && i < ts->n; i++) {
		add_col(&ts->items[i], C_PERIOD_FROM);
		add_col(&ts->items[i], C_PERIOD_UNTIL);
		add_col(&ts->items[i], C_SOURCE_COMMIT);
		add_col(&ts->items[i], C_SOURCE_DATE);
	}
	return err;
}

void oreg_render_title(struct render *r, struct oreg_buf *b)
{
	if (r->ov->kind == OREG_DOCUMENT_OVERVIEW)
		oreg_buf_addf(b, r->w->overview_title, r->ov->year);
	else
		oreg_buf_adds(b, r->w->contacts_title);
	if (r->ov->provisional)
		oreg_buf_adds(b, r->w->provisional);
}

/* The title after the marking of a confidential document: the first thing a reader sees. */
static void marked_title(struct render *r, struct oreg_buf *b)
{
	if (r->ov->confidential) {
		oreg_buf_adds(b, oreg_render_marking(r));
		oreg_buf_adds(b, ": ");
	}
	oreg_render_title(r, b);
}

/* "2 juni 2025 (versie f7449ea)" */
static void add_state(struct render *r, struct oreg_buf *b)
{
	const struct oreg_overview *ov = r->ov;

	if (!ov->source.commit[0]) {
		oreg_buf_adds(b, "-"); /* built from files, not from a commit */
		return;
	}
	add_date(r, b, stamp_day(&ov->source));
	oreg_buf_addf(b, " (%s %.7s)", r->w->version_word, ov->source.commit);
}

/* ---- the header, the method and the colophon, as (label, text) pairs and paragraphs ---- */

struct pair {
	const char *label;
	struct oreg_buf text;
};

struct annex {
	struct pair head[8];
	size_t nhead;
	struct oreg_buf para[10]; /* the method section, generated */
	size_t npara;
	const char *method;       /* the register's own method text (Markdown), or NULL */
	struct pair colophon[6];
	size_t ncolophon;
};

static struct oreg_buf *pair(struct pair *p, size_t *n, const char *label)
{
	p[*n].label = label;
	oreg_buf_init(&p[*n].text);
	return &p[(*n)++].text;
}

static struct oreg_buf *para(struct annex *a)
{
	oreg_buf_init(&a->para[a->npara]);
	return &a->para[a->npara++];
}

/* "3 organisaties", "1 organisatie" */
static void count_phrase(struct oreg_buf *b, unsigned n, const char *one, const char *many)
{
	oreg_buf_addf(b, "%u %s", n, n == 1 ? one : many);
}

static void method_overview(struct render *r, struct annex *a)
{
	const struct oreg_overview *ov = r->ov;
	const struct oreg_publication *pub = ov->publication;
	bool en = r->lang == OREG_LANG_EN;
	struct oreg_buf *b = para(a);
	size_t i, k, nin = 0, nout = 0;
	int y = ov->year;

	/* the definition of structural contact */
	oreg_buf_adds(b, en ? "Listed is every organisation " : "Opgenomen is elke organisatie ");
	if (pub->by_partnership)
		oreg_buf_addf(b, en ? "that was a partner of the Action Agenda Integration in %d" :
			"die in %d partner was van de Actieagenda Integratie", y);
	if (pub->by_partnership && pub->min_structural)
		oreg_buf_adds(b, en ? ", or " : ", of ");
	if (pub->min_structural) {
		if (en && pub->min_structural == 1)
			oreg_buf_addf(b, "with which the ministry had at least one structural contact in %d", y);
		else if (en)
			oreg_buf_addf(b, "with which the ministry had at least %u structural contacts in %d", pub->min_structural, y);
		else if (pub->min_structural == 1)
			oreg_buf_addf(b, "waarmee het ministerie in %d ten minste één structureel contact had", y);
		else
			oreg_buf_addf(b, "waarmee het ministerie in %d ten minste %u structurele contacten had", y,
				pub->min_structural);
	}
	oreg_buf_adds(b, en ? ". That is what structural contact means in this overview. " :
		". Dat is wat in dit overzicht onder structureel contact wordt verstaan. ");
	oreg_buf_addf(b, en ? "The themes are those of the partnerships and of the structural contacts in %d; the "
		"count is that of the structural and incidental contacts in %d. Broad signal-gathering contacts "
		"(signalering) are never counted or listed." :
		"De thema's zijn die van de partnerschappen en van de structurele contacten in %d; het aantal is dat van "
		"de structurele en incidentele contacten in %d. Brede signalerende contacten worden niet geteld en "
		"niet genoemd.", y, y);

	/* the kinds in scope */
	b = para(a);
	oreg_buf_adds(b, en ? "Organisations of these kinds are in scope: " : "Opgenomen zijn organisaties van de soorten ");
	for (i = 0; ov->kind_labels && i < ov->kind_labels->count; i++) {
		if (oreg_publication_kind_in_scope(pub, ov->kind_labels->items[i].value))
			nin++;
		else
			nout++;
	}
	for (i = 0, k = 0; ov->kind_labels && i < ov->kind_labels->count; i++) {
		const struct oreg_label *l = &ov->kind_labels->items[i];

		if (!oreg_publication_kind_in_scope(pub, l->value))
			continue;
		oreg_buf_adds(b, k == 0 ? "" : k + 1 == nin ? (en ? " and " : " en ") : ", ");
		oreg_buf_adds(b, en ? l->en : l->nl);
		k++;
	}
	oreg_buf_adds(b, ". ");
	if (nout) {
		k = 0;
		oreg_buf_adds(b, en ? "Not listed, because they are not civil society: " :
			"Niet opgenomen, omdat het geen maatschappelijke organisaties zijn: ");
		for (i = 0; i < ov->kind_labels->count; i++) {
			const struct oreg_label *l = &ov->kind_labels->items[i];

			if (oreg_publication_kind_in_scope(pub, l->value))
				continue;
			oreg_buf_adds(b, k == 0 ? "" : k + 1 == nout ? (en ? " and " : " en ") : ", ");
			oreg_buf_adds(b, en ? l->en : l->nl);
			k++;
		}
		oreg_buf_adds(b, " (");
		count_phrase(b, ov->out_of_scope, en ? "organisation" : "organisatie", en ? "organisations" : "organisaties");
		oreg_buf_adds(b, en ? " this year)." : " dit jaar).");
	}
}

static void method_contacts(struct render *r, struct annex *a)
{
	const struct oreg_overview *ov = r->ov;
	bool en = r->lang == OREG_LANG_EN;
	struct oreg_buf *b = para(a);

	oreg_buf_adds(b, en ? "Listed is every organisation the ministry had structural or incidental contact with from " :
		"Opgenomen is elke organisatie waarmee het ministerie structureel of incidenteel contact had van ");
	add_period(r, b, ov->from, ov->until);
	oreg_buf_adds(b, en ? ", according to the register's history: with the first and last contact, the number of "
		"contacts and the themes." : ", volgens de geschiedenis van het register: met het eerste en laatste contact, "
		"het aantal contacten en de thema's.");
	if (ov->all_kinds)
		oreg_buf_adds(b, en ? " Signal-gathering contacts are counted too." : " Signaleringscontacten zijn meegeteld.");
	b = para(a);
	oreg_buf_adds(b, en ? "Organisations deleted from the register since are listed in a section of their own, with "
		"the commit and date of the deletion. Withdrawn contacts (recorded in error) are not counted and are "
		"listed apart, and so are incidents: contacts that should not have happened. Excluded now says whether "
		"an exclusion naming the organisation holds on " :
		"Organisaties die sindsdien uit het register zijn verwijderd, staan in een eigen sectie, met de commit en "
		"datum van de verwijdering. Ingetrokken contacten (ten onrechte vastgelegd) tellen niet mee en staan "
		"apart, net als incidenten: contacten die niet hadden mogen plaatsvinden. Nu uitgesloten zegt of een "
		"uitsluiting van de organisatie geldt op ");
	add_date(r, b, ov->excluded_on ? ov->excluded_on : ov->until);
	oreg_buf_adds(b, en ? "; contacts while excluded counts its contacts on days an exclusion held." :
		"; contacten terwijl uitgesloten telt haar contacten op dagen waarop een uitsluiting gold.");
	b = para(a);
	oreg_buf_adds(b, en ? "The period ends on " : "De periode eindigt op ");
	add_date(r, b, ov->until);
	oreg_buf_adds(b, en ? "; the register is read as it stood on " : "; het register is gelezen zoals het er op ");
	add_date(r, b, ov->source.commit[0] ? stamp_day(&ov->source) : ov->until);
	oreg_buf_adds(b, en ? "." : " bij stond.");
}

static void make_annex(struct render *r, struct annex *a)
{
	const struct oreg_overview *ov = r->ov;
	const struct oreg_publication *pub = ov->publication;
	bool en = r->lang == OREG_LANG_EN;
	struct oreg_buf *b;

	memset(a, 0, sizeof(*a));
	if (text_of(r, &pub->ministry))
		oreg_buf_adds(pair(a->head, &a->nhead, r->w->ministry), text_of(r, &pub->ministry));
	if (text_of(r, &pub->directorate))
		oreg_buf_adds(pair(a->head, &a->nhead, r->w->directorate), text_of(r, &pub->directorate));
	if (pub->kamerstuk && ov->kind == OREG_DOCUMENT_OVERVIEW)
		oreg_buf_adds(pair(a->head, &a->nhead, r->w->kamerstuk), pub->kamerstuk);
	if (ov->reference)
		oreg_buf_adds(pair(a->head, &a->nhead, r->w->reference), ov->reference);
	if (ov->sent)
		add_date(r, pair(a->head, &a->nhead, r->w->sent), ov->sent);
	add_period(r, pair(a->head, &a->nhead, r->w->period), ov->from, ov->until);
	add_state(r, pair(a->head, &a->nhead, r->w->state));

	if (ov->kind == OREG_DOCUMENT_OVERVIEW)
		method_overview(r, a);
	else
		method_contacts(r, a);
	b = para(a);
	if (!ov->confidential) {
		count_phrase(b, ov->withheld, en ? "organisation is" : "organisatie is", en ? "organisations are" :
			"organisaties zijn");
		oreg_buf_adds(b, en ? " not listed for safety reasons." : " om veiligheidsredenen niet opgenomen.");
	} else {
		unsigned n = 0;
		size_t i;

		for (i = 0; i < ov->norgs; i++)
			n += (unsigned)ov->orgs[i].confidential;
		oreg_buf_addf(b, en ? "This document is confidential (%s). " : "Dit document is vertrouwelijk (%s). ",
			oreg_render_marking(r));
		if (en) {
			count_phrase(b, n, "organisation", "organisations");
			oreg_buf_adds(b, " in it must not be made public for safety reasons (column Not to be published).");
		} else {
			oreg_buf_adds(b, n == 1 ? "Hiervan mag " : "Hiervan mogen ");
			count_phrase(b, n, "organisatie", "organisaties");
			oreg_buf_adds(b, " om veiligheidsredenen niet openbaar worden gemaakt (kolom Niet openbaar maken).");
		}
	}
	oreg_buf_adds(para(a), en ? "The exclusion list was applied: the register refuses every contact and partnership "
		"with an organisation that the security services advise against, that demonstrably worked against "
		"integration or pursues undesired foreign influence, or that supports terrorist organisations, from the "
		"date of the exclusion on; each exclusion rests on an outside source." :
		"De uitsluitingslijst is toegepast: het register weigert elk contact en partnerschap met een organisatie "
		"waarvoor de veiligheidsdiensten waarschuwen, die aantoonbaar integratie tegenwerkt of ongewenste "
		"buitenlandse beïnvloeding nastreeft, of die terroristische organisaties steunt, vanaf de datum van de "
		"uitsluiting; elke uitsluiting berust op een externe bron.");
	if (ov->provisional) {
		b = para(a);
		oreg_buf_adds(b, en ? "This document is provisional: on " : "Dit document is voorlopig: op ");
		add_date(r, b, ov->as_of ? ov->as_of : ov->source.commit[0] ? stamp_day(&ov->source) : ov->until);
		oreg_buf_adds(b, en ? ", the state of the register it was compiled from, the reporting period was not over." :
			", de stand van het register waaruit het is opgesteld, was de verslagperiode nog niet voorbij.");
	}
	/* the register's method text speaks of the annual overview */
	a->method = ov->kind == OREG_DOCUMENT_OVERVIEW ? text_of(r, &pub->method) : NULL;

	if (ov->source.commit[0]) {
		oreg_buf_adds(pair(a->colophon, &a->ncolophon, r->w->source_commit), ov->source.commit);
		oreg_render_stamp_time(pair(a->colophon, &a->ncolophon, r->w->source_time), &ov->source);
	}
	if (ov->as_of)
		add_iso_date(pair(a->colophon, &a->ncolophon, r->w->as_of), ov->as_of);
	if (ov->rev)
		oreg_buf_adds(pair(a->colophon, &a->ncolophon, r->w->rev), ov->rev);
	oreg_buf_addf(pair(a->colophon, &a->ncolophon, r->w->compiled), "openreg %s", OREG_VERSION);
}

static void annex_release(struct annex *a)
{
	size_t i;

	for (i = 0; i < a->nhead; i++)
		oreg_buf_release(&a->head[i].text);
	for (i = 0; i < a->npara; i++)
		oreg_buf_release(&a->para[i]);
	for (i = 0; i < a->ncolophon; i++)
		oreg_buf_release(&a->colophon[i].text);
}

/* ---- Markdown ---- */

/* before, s as text in Markdown (the one Markdown escaper, escape.c, also used by diff), after */
static void md_text(struct oreg_buf *b, const char *before, const char *s, const char *after)
{
	oreg_buf_adds(b, before);
	oreg_escape_add(b, OREG_ESCAPE_MD, s, strlen(s));
	oreg_buf_adds(b, after);
}

/* One table as a section: its title, then a pipe table, or "none". */
static void md_table(struct render *r, const struct table *tb)
{
	struct oreg_buf *b = r->out;
	size_t k, c;

	md_text(b, "\n## ", tb->title.ptr, "\n\n");
	if (!tb->nrows) {
		oreg_buf_addf(b, "%s\n", r->w->none);
		return;
	}
	for (c = 0; c < tb->ncols; c++)
		md_text(b, "| ", oreg_render_header(r, tb->cols[c]), " ");
	oreg_buf_adds(b, "|\n");
	for (c = 0; c < tb->ncols; c++)
		oreg_buf_adds(b, numeric(tb->cols[c]) ? "| ---: " : "| --- ");
	oreg_buf_adds(b, "|\n");
	for (k = 0; k < tb->nrows; k++) {
		for (c = 0; c < tb->ncols; c++)
			md_text(b, "| ", oreg_render_cell(r, tb->cols[c], &tb->rows[k]), " ");
		oreg_buf_adds(b, "|\n");
	}
}

/* A list of labelled lines: the head and the colophon. */
static void md_list(struct oreg_buf *b, const struct pair *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		md_text(b, "- ", p[i].label, ": ");
		md_text(b, "", p[i].text.ptr, "\n");
	}
}

static void render_md(struct render *r, const struct tables *ts, const struct annex *a)
{
	struct oreg_buf *b = r->out;
	struct oreg_buf t = OREG_BUF_INIT;
	size_t i;

	marked_title(r, &t);
	md_text(b, "# ", t.ptr, "\n\n");
	md_list(b, a->head, a->nhead);
	md_text(b, "\n## ", r->w->method, "\n\n");
	for (i = 0; i < a->npara; i++)
		md_text(b, "", a->para[i].ptr, "\n\n");
	if (a->method) {
		/* the register's own text is Markdown already, reviewed like every schema change */
		oreg_buf_adds(b, a->method);
		if (b->len && b->ptr[b->len - 1] != '\n')
			oreg_buf_addch(b, '\n');
	} else if (b->len >= 2 && !strcmp(b->ptr + b->len - 2, "\n\n")) {
		oreg_buf_truncate(b, b->len - 1); /* one blank line before the next heading */
	}
	for (i = 0; i < ts->n; i++)
		md_table(r, &ts->items[i]);
	md_text(b, "\n## ", r->w->colophon, "\n\n");
	md_list(b, a->colophon, a->ncolophon);
	oreg_buf_release(&t);
}

/* ---- HTML ---- */

/* before, s as HTML text, after */
static void html_text(struct oreg_buf *b, const char *before, const char *s, const char *after)
{
	oreg_buf_adds(b, before);
	oreg_escape_add(b, OREG_ESCAPE_HTML, s, strlen(s));
	oreg_buf_adds(b, after);
}

/* s as a CSS string literal: every character that could end it or the style element escaped. */
static void css_string(struct oreg_buf *b, const char *s)
{
	oreg_buf_addch(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' || c < 0x20 || c == 0x7f)
			oreg_buf_addf(b, "\\%x ", c);
		else
			oreg_buf_addch(b, (char)c);
	}
	oreg_buf_addch(b, '"');
}

/* The register's method text: paragraphs separated by blank lines, "- " items as a list; text escaped. */
static void html_markdown(struct oreg_buf *b, const char *md)
{
	const char *p = md;
	bool in_p = false, in_list = false;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *line = oreg_strndup(p, len);
		const char *s = line ? line : "";

		while (*s == ' ')
			s++;
		if (!*s) {
			oreg_buf_adds(b, in_p ? "</p>\n" : in_list ? "</li>\n</ul>\n" : "");
			in_p = in_list = false;
		} else if ((s[0] == '-' || s[0] == '*') && s[1] == ' ') {
			if (in_p)
				oreg_buf_adds(b, "</p>\n");
			oreg_buf_adds(b, in_list ? "</li>\n<li>" : "<ul>\n<li>");
			in_p = false;
			in_list = true;
			html_text(b, "", s + 2, "");
		} else {
			if (!in_p && !in_list)
				oreg_buf_adds(b, "<p>");
			else
				oreg_buf_addch(b, ' ');
			in_p = !in_list;
			html_text(b, "", s, "");
		}
		free(line);
		p += len + (nl ? 1 : 0);
	}
	oreg_buf_adds(b, in_p ? "</p>\n" : in_list ? "</li>\n</ul>\n" : "");
}

/*
 * Printed on A4 without losing a character: long cells wrap (at spaces,
 * and inside a word only when it would not fit), dates never break, the
 * table header repeats on every page, a table too wide for portrait gets a
 * landscape page of its own, and every page carries the marking and
 * "pagina x van y" in its margin (CSS page margin boxes).
 */
static const char html_style[] =
	"body{font-family:\"Helvetica Neue\",Arial,sans-serif;font-size:10pt;line-height:1.35;color:#000;"
	"background:#fff;margin:2em auto;max-width:60em;padding:0 1em}\n"
	"h1{font-size:1.5em;margin:.2em 0 .6em}h2{font-size:1.15em;margin:1.4em 0 .4em;break-after:avoid}\n"
	"dl.meta{display:grid;grid-template-columns:max-content auto;gap:.15em 1em;margin:0 0 1em}\n"
	"dl.meta dt{font-weight:bold}dl.meta dd{margin:0}\n"
	"table{border-collapse:collapse;width:100%;margin:.4em 0}\n"
	"th,td{border:1px solid #888;padding:.2em .4em;text-align:left;vertical-align:top;"
	"overflow-wrap:break-word;word-break:normal;hyphens:manual}\n"
	"th{background:#eee}td.n{text-align:right;font-variant-numeric:tabular-nums}.d,td.d{white-space:nowrap}\n"
	"thead{display:table-header-group}tr{break-inside:avoid}\n"
	".mark{border:2px solid #a00;color:#a00;font-weight:bold;text-align:center;letter-spacing:.1em;"
	"padding:.2em;margin:0 0 1em}\n"
	"code{font-family:monospace;overflow-wrap:anywhere}\n"
	"@page{size:A4 portrait;margin:2cm 1.5cm 2cm 1.5cm}\n"
	"@page wide{size:A4 landscape}\n"
	"@media print{body{margin:0;max-width:none;padding:0}section.wide{page:wide}}\n";

static void html_page_boxes(struct render *r, struct oreg_buf *b)
{
	oreg_buf_adds(b, "@page{");
	if (r->ov->confidential) {
		oreg_buf_adds(b, "@top-center{content:");
		css_string(b, oreg_render_marking(r));
		oreg_buf_adds(b, ";color:#a00;font-weight:bold;font-family:Arial,sans-serif;font-size:10pt}");
		oreg_buf_adds(b, "@bottom-center{content:");
		css_string(b, oreg_render_marking(r));
		oreg_buf_adds(b, ";color:#a00;font-weight:bold;font-family:Arial,sans-serif;font-size:10pt}");
	}
	oreg_buf_adds(b, "@bottom-right{content:");
	css_string(b, r->w->page);
	oreg_buf_adds(b, " \" \" counter(page) \" \" ");
	css_string(b, r->w->of);
	oreg_buf_adds(b, " \" \" counter(pages);font-family:Arial,sans-serif;font-size:9pt}}\n");
}

static void html_dl(struct oreg_buf *b, const struct pair *p, size_t n, const char *cls)
{
	size_t i;

	oreg_buf_addf(b, "<dl class=\"%s\">\n", cls);
	for (i = 0; i < n; i++) {
		html_text(b, "<dt>", p[i].label, "</dt><dd>");
		html_text(b, "", p[i].text.ptr, "</dd>\n");
	}
	oreg_buf_adds(b, "</dl>\n");
}

/* One table as a section: its title, then the table, or "none". */
static void html_table(struct render *r, const struct table *tb)
{
	struct oreg_buf *b = r->out;
	size_t k, c;

	oreg_buf_addf(b, "<section%s>\n<h2>", tb->wide && tb->nrows ? " class=\"wide\"" : "");
	html_text(b, "", tb->title.ptr, "</h2>\n");
	if (!tb->nrows) {
		oreg_buf_addf(b, "<p>%s</p>\n</section>\n", r->w->none);
		return;
	}
	oreg_buf_adds(b, "<table>\n<thead>\n<tr>");
	for (c = 0; c < tb->ncols; c++)
		html_text(b, "<th scope=\"col\">", oreg_render_header(r, tb->cols[c]), "</th>");
	oreg_buf_adds(b, "</tr>\n</thead>\n<tbody>\n");
	for (k = 0; k < tb->nrows; k++) {
		oreg_buf_adds(b, "<tr>");
		for (c = 0; c < tb->ncols; c++) {
			enum col col = tb->cols[c];

			oreg_buf_adds(b, numeric(col) ? "<td class=\"n\">" : oreg_render_cols[col].nowrap ?
				"<td class=\"d\">" : col == C_COMMIT ? "<td><code>" : "<td>");
			html_text(b, "", oreg_render_cell(r, col, &tb->rows[k]), "");
			oreg_buf_adds(b, col == C_COMMIT && !numeric(col) && !oreg_render_cols[col].nowrap ?
				"</code></td>" : "</td>");
		}
		oreg_buf_adds(b, "</tr>\n");
	}
	oreg_buf_adds(b, "</tbody>\n</table>\n</section>\n");
}

static void render_html(struct render *r, const struct tables *ts, const struct annex *a)
{
	struct oreg_buf *b = r->out;
	struct oreg_buf t = OREG_BUF_INIT;
	size_t i;

	oreg_buf_addf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n", r->w->lang);
	oreg_buf_addf(b, "<meta name=\"generator\" content=\"openreg %s\">\n", OREG_VERSION);
	marked_title(r, &t);
	html_text(b, "<title>", t.ptr, "</title>\n");
	oreg_buf_clear(&t);
	oreg_render_title(r, &t);
	oreg_buf_addf(b, "<style>\n%s", html_style);
	html_page_boxes(r, b);
	oreg_buf_adds(b, "</style>\n</head>\n<body>\n<header>\n");
	if (r->ov->confidential)
		html_text(b, "<p class=\"mark\" role=\"note\">", oreg_render_marking(r), "</p>\n");
	html_text(b, "<h1>", t.ptr, "</h1>\n");
	html_dl(b, a->head, a->nhead, "meta");
	html_text(b, "</header>\n<main>\n<section class=\"method\">\n<h2>", r->w->method, "</h2>\n");
	for (i = 0; i < a->npara; i++)
		html_text(b, "<p>", a->para[i].ptr, "</p>\n");
	if (a->method)
		html_markdown(b, a->method);
	oreg_buf_adds(b, "</section>\n");
	for (i = 0; i < ts->n; i++)
		html_table(r, &ts->items[i]);
	html_text(b, "</main>\n<footer>\n<h2>", r->w->colophon, "</h2>\n");
	html_dl(b, a->colophon, a->ncolophon, "meta colophon");
	oreg_buf_adds(b, "</footer>\n</body>\n</html>\n");
	oreg_buf_release(&t);
}

/* ---- JSON ---- */

/* before (the separator and key), then s as a JSON string, or null */
static void json_str(struct oreg_buf *b, const char *before, const char *s)
{
	oreg_buf_add_json_member(b, before, s);
}

static void json_date(struct oreg_buf *b, const char *before, int32_t d)
{
	oreg_buf_adds(b, before);
	if (!d) {
		oreg_buf_adds(b, "null");
		return;
	}
	oreg_buf_addch(b, '"');
	add_iso_date(b, d);
	oreg_buf_addch(b, '"');
}

/* before, then the record time of s as a string, or null when there is no commit */
static void json_stamp_time(struct oreg_buf *b, const char *before, const struct oreg_overview_stamp *s)
{
	oreg_buf_adds(b, before);
	if (!s->commit[0]) {
		oreg_buf_adds(b, "null");
		return;
	}
	oreg_buf_addch(b, '"');
	oreg_render_stamp_time(b, s);
	oreg_buf_addch(b, '"');
}

static void json_stamp(struct oreg_buf *b, const char *before, const struct oreg_overview_stamp *s, bool author)
{
	oreg_buf_adds(b, before);
	if (!s->commit[0]) {
		oreg_buf_adds(b, "null");
		return;
	}
	oreg_buf_addf(b, "{\"commit\": \"%s\"", s->commit);
	json_stamp_time(b, ", \"date\": ", s);
	if (author)
		json_str(b, ", \"author\": ", s->author);
	oreg_buf_adds(b, "}");
}

static void json_themes(struct render *r, struct oreg_buf *b, const char **themes, size_t n)
{
	size_t i;

	oreg_buf_adds(b, "\"themes\": [");
	for (i = 0; i < n; i++)
		json_str(b, i ? ", " : "", themes[i]);
	oreg_buf_adds(b, "], \"theme_labels\": [");
	for (i = 0; i < n; i++)
		json_str(b, i ? ", " : "", oreg_label_text(r->ov->theme_labels, themes[i], r->lang));
	oreg_buf_adds(b, "]");
}

static void json_partnership(struct render *r, struct oreg_buf *b, const struct oreg_overview_partnership *p)
{
	json_date(b, "{\"from\": ", p->from);
	json_date(b, ", \"until\": ", p->until);
	oreg_buf_adds(b, ", ");
	json_themes(r, b, p->themes, p->nthemes);
	oreg_buf_adds(b, "}");
}

/* One organisation, as an element of a top-level list (indented by four). */
static void json_org(struct render *r, struct oreg_buf *b, const struct oreg_overview_org *o)
{
	const struct oreg_overview *ov = r->ov;
	size_t i;

	json_str(b, "{\n      \"id\": ", o->id);
	json_str(b, ",\n      \"name\": ", o->name);
	json_str(b, ",\n      \"kvk\": ", o->kvk);
	json_str(b, ",\n      \"kind\": ", o->kind);
	json_str(b, ",\n      \"kind_label\": ", o->kind ? oreg_label_text(ov->kind_labels, o->kind, r->lang) : NULL);
	json_str(b, ",\n      \"city\": ", o->city);
	oreg_buf_adds(b, ",\n      ");
	json_themes(r, b, o->themes, o->nthemes);
	if (ov->kind == OREG_DOCUMENT_OVERVIEW) {
		oreg_buf_adds(b, ",\n      \"partnerships\": [");
		for (i = 0; i < o->npartnerships; i++) {
			oreg_buf_adds(b, i ? ", " : "");
			json_partnership(r, b, &o->partnerships[i]);
		}
		oreg_buf_adds(b, "]");
	} else {
		json_date(b, ",\n      \"first_contact\": ", o->first);
		json_date(b, ",\n      \"last_contact\": ", o->last);
	}
	oreg_buf_addf(b, ",\n      \"contacts\": {\"structural\": %u, \"incidental\": %u, ", o->structural,
		o->incidental);
	if (ov->all_kinds)
		oreg_buf_addf(b, "\"signalering\": %u, ", o->signalering);
	oreg_buf_addf(b, "\"total\": %u}", o->structural + o->incidental + (ov->all_kinds ? o->signalering : 0));
	if (ov->confidential) {
		oreg_buf_addf(b, ",\n      \"confidential\": %s", o->confidential ? "true" : "false");
		if (ov->kind == OREG_DOCUMENT_OVERVIEW)
			json_str(b, ",\n      \"notes\": ", o->notes);
	}
	if (o->deleted.commit[0])
		json_stamp(b, ",\n      \"deletion\": ", &o->deleted, ov->confidential);
	oreg_buf_adds(b, "\n    }");
}

/* before (the separator and key), then the organisations as a list */
static void json_orgs(struct render *r, struct oreg_buf *b, const char *before,
	const struct oreg_overview_org *orgs, size_t n)
{
	size_t i;

	oreg_buf_adds(b, before);
	oreg_buf_adds(b, "[");
	for (i = 0; i < n; i++) {
		oreg_buf_adds(b, i ? ",\n    " : "\n    ");
		json_org(r, b, &orgs[i]);
	}
	oreg_buf_adds(b, n ? "\n  ]" : "]");
}

static void json_events(struct render *r, struct oreg_buf *b, const char *key,
	const struct oreg_overview_event *ev, size_t n)
{
	size_t i;

	oreg_buf_addf(b, ",\n  \"%s\": [", key);
	for (i = 0; i < n; i++) {
		json_str(b, i ? ",\n    {\"id\": " : "\n    {\"id\": ", ev[i].org->id);
		json_str(b, ", \"name\": ", ev[i].org->name);
		oreg_buf_adds(b, ", \"partnership\": ");
		json_partnership(r, b, ev[i].partnership);
		oreg_buf_adds(b, "}");
	}
	oreg_buf_adds(b, n ? "\n  ]" : "]");
}

static void json_text(struct oreg_buf *b, const struct render *r, const char *before, const struct oreg_text *t)
{
	json_str(b, before, text_of(r, t));
}

static void json_correction(struct render *r, struct oreg_buf *b, const char *before,
	const struct oreg_overview_correction *c)
{
	static const char *const change[] = { "added", "removed", "changed" };
	struct oreg_buf v = OREG_BUF_INIT;
	unsigned bit;
	int first = 1;

	json_str(b, before, c->org->id);
	json_str(b, ", \"name\": ", c->org->name);
	oreg_buf_addf(b, ", \"change\": \"%s\", \"fields\": [", change[c->kind]);
	for (bit = 0; bit < OREG_FIELD_COUNT; bit++)
		if (c->fields & (1u << bit)) {
			oreg_buf_addf(b, "%s{\"field\": \"%s\", \"old\": ", first ? "" : ", ", oreg_i18n_field_key(1u << bit));
			oreg_buf_clear(&v);
			if (c->old)
				add_field_value(r, &v, c->old, 1u << bit);
			json_str(b, "", c->old ? v.ptr : NULL);
			oreg_buf_clear(&v);
			add_field_value(r, &v, c->org, 1u << bit);
			json_str(b, ", \"new\": ", v.ptr);
			oreg_buf_adds(b, "}");
			first = 0;
		}
	json_stamp(b, "], \"commit\": ", &c->stamp, r->ov->confidential);
	oreg_buf_adds(b, "}");
	oreg_buf_release(&v);
}

/* The document's kind, marking, language, title and year. */
static void json_head(struct render *r, struct oreg_buf *b)
{
	const struct oreg_overview *ov = r->ov;
	struct oreg_buf t = OREG_BUF_INIT;

	oreg_buf_addf(b, "{\n  \"document\": \"%s\",\n  \"confidential\": %s",
		ov->kind == OREG_DOCUMENT_OVERVIEW ? "overview" : "contacts", ov->confidential ? "true" : "false");
	json_str(b, ",\n  \"marking\": ", ov->confidential ? oreg_render_marking(r) : NULL);
	oreg_buf_addf(b, ",\n  \"language\": \"%s\"", r->w->lang);
	oreg_render_title(r, &t);
	json_str(b, ",\n  \"title\": ", t.ptr);
	oreg_buf_release(&t);
	oreg_buf_addf(b, ",\n  \"provisional\": %s", ov->provisional ? "true" : "false");
	if (ov->kind == OREG_DOCUMENT_OVERVIEW)
		oreg_buf_addf(b, ",\n  \"year\": %d", ov->year);
	else
		oreg_buf_addf(b, ",\n  \"all_kinds\": %s", ov->all_kinds ? "true" : "false");
}

/* Who sends the document, and the method section: what is listed and how. */
static void json_publication(struct render *r, struct oreg_buf *b, const struct annex *a)
{
	const struct oreg_overview *ov = r->ov;
	const struct oreg_publication *pub = ov->publication;
	const char *sep = "";
	size_t i;

	json_text(b, r, ",\n  \"publication\": {\"ministry\": ", &pub->ministry);
	json_text(b, r, ", \"directorate\": ", &pub->directorate);
	json_str(b, ", \"kamerstuk\": ", pub->kamerstuk);
	json_str(b, ", \"reference\": ", ov->reference);
	json_date(b, ", \"sent\": ", ov->sent);
	oreg_buf_adds(b, "},\n  \"method\": {\"structural\": {\"partnership\": ");
	oreg_buf_addf(b, "%s, \"min_structural_contacts\": %u}, \"kinds_in_scope\": [", pub->by_partnership ? "true" :
		"false", pub->min_structural);
	for (i = 0; ov->kind_labels && i < ov->kind_labels->count; i++)
		if (oreg_publication_kind_in_scope(pub, ov->kind_labels->items[i].value)) {
			json_str(b, sep, ov->kind_labels->items[i].value);
			sep = ", ";
		}
	oreg_buf_addf(b, "], \"withheld\": %u, \"out_of_scope\": %u, \"text\": [", ov->withheld, ov->out_of_scope);
	for (i = 0; i < a->npara; i++)
		json_str(b, i ? ", " : "", a->para[i].ptr);
	json_str(b, "], \"register_text\": ", a->method);
	oreg_buf_adds(b, "}");
}

/* The corrections since the publication the document is compared with, or null. */
static void json_corrections(struct render *r, struct oreg_buf *b)
{
	const struct oreg_overview *ov = r->ov;
	size_t i;

	oreg_buf_adds(b, ",\n  \"corrections\": ");
	if (!ov->corrections_since && !ov->corrections_tag) {
		oreg_buf_adds(b, "null");
		return;
	}
	json_date(b, "{\"since\": ", ov->corrections_since);
	json_str(b, ", \"publication\": ", ov->corrections_tag);
	json_stamp(b, ", \"base\": ", &ov->base, false);
	oreg_buf_adds(b, ", \"changes\": [");
	for (i = 0; i < ov->ncorrections; i++)
		json_correction(r, b, i ? ",\n    {\"id\": " : "\n    {\"id\": ", &ov->corrections[i]);
	oreg_buf_adds(b, ov->ncorrections ? "\n  ]}" : "]}");
}

static void render_json(struct render *r, const struct annex *a)
{
	const struct oreg_overview *ov = r->ov;
	struct oreg_buf *b = r->out;

	json_head(r, b);
	json_publication(r, b, a);
	json_date(b, ",\n  \"period\": {\"from\": ", ov->from);
	json_date(b, ", \"until\": ", ov->until);
	json_str(b, "},\n  \"source\": {\"commit\": ", ov->source.commit[0] ? ov->source.commit : NULL);
	json_stamp_time(b, ", \"date\": ", &ov->source);
	json_date(b, ", \"as_of\": ", ov->as_of);
	json_str(b, ", \"rev\": ", ov->rev);
	oreg_buf_addf(b, "},\n  \"version\": \"%s\"", OREG_VERSION);
	json_orgs(r, b, ",\n  \"organisations\": ", ov->orgs, ov->norgs);
	if (ov->kind == OREG_DOCUMENT_OVERVIEW) {
		json_events(r, b, "started", ov->started, ov->nstarted);
		json_events(r, b, "ended", ov->ended, ov->nended);
	}
	json_orgs(r, b, ",\n  \"deleted\": ", ov->deleted, ov->ndeleted);
	if (ov->kind == OREG_DOCUMENT_OVERVIEW)
		json_corrections(r, b);
	oreg_buf_adds(b, "\n}\n");
}

int oreg_overview_render(char **out, size_t *len, const struct oreg_overview *ov,
	enum oreg_document_format format, enum oreg_language lang)
{
	struct oreg_buf b = OREG_BUF_INIT;
	struct render r;
	struct tables ts;
	struct annex a;
	int err;

	*out = NULL;
	*len = 0;
	if (format == OREG_DOCUMENT_CSV)
		return oreg_overview_render_table(out, len, ov, "organisations", lang, 0);
	oreg_render_init(&r, ov, lang, &b);
	r.long_dates = format == OREG_DOCUMENT_MD || format == OREG_DOCUMENT_HTML;
	r.nbsp = format == OREG_DOCUMENT_HTML;
	if ((err = oreg_render_tables(&ts, &r, false)) < 0) {
		oreg_render_tables_release(&ts);
		oreg_buf_release(&r.cell);
		return err;
	}
	make_annex(&r, &a);
	switch (format) {
	case OREG_DOCUMENT_MD: render_md(&r, &ts, &a); break;
	case OREG_DOCUMENT_HTML: render_html(&r, &ts, &a); break;
	case OREG_DOCUMENT_JSON: render_json(&r, &a); break;
	default: break;
	}
	annex_release(&a);
	oreg_render_tables_release(&ts);
	err = oreg_buf_error(&r.cell);
	oreg_buf_release(&r.cell);
	if (err < 0 || (err = oreg_buf_error(&b)) < 0) {
		oreg_buf_release(&b);
		return err;
	}
	*out = oreg_buf_detach(&b, len);
	return *out ? 0 : OREG_ENOMEM;
}
