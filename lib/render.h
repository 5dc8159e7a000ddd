/*
 * render.h - what the renderers of the documents share, private to them:
 * render.c (Markdown, HTML, JSON and the common parts) and render_csv.c
 * (the CSV tables, their dialects and the Data Package).
 */
#ifndef OREG_RENDER_H
#define OREG_RENDER_H

#include "internal.h"

/* The columns a document can have; each has a key (CSV of a data package, JSON) and labels. */
enum col {
	C_RUBRICERING, C_SECTION, C_ID, C_NAME, C_KVK, C_KIND, C_CITY, C_THEMES, C_PARTNERSHIPS, C_FROM, C_UNTIL,
	C_FIRST, C_LAST, C_STRUCT, C_INCID, C_SIGNAL, C_TOTAL, C_CONF, C_NOTES, C_CHANGE, C_FIELDS, C_VALUES,
	C_COMMIT, C_AUTHOR, C_DATE, C_PERIOD_FROM, C_PERIOD_UNTIL, C_SOURCE_COMMIT, C_SOURCE_DATE, C_VERSION,
	C_EXCL_NOW, C_EXCL_THEN, C_CONTACT, C_CONTACT_DATE, C_CONTACT_KIND, C_CONTACT_ORGS, C_WITHDRAWN, C_REASON,
	C_EXPLANATION, C_REPORTED_TO, C_REFERENCE,
	C_END
};

enum col_type { T_STRING, T_INTEGER, T_DATE, T_DATETIME };

struct coldef {
	const char *key;       /* "name": the field name in a data package */
	const char *nl, *en;   /* the header a reader sees */
	enum col_type type;
	bool nowrap;           /* a date: never broken over lines */
};

extern const struct coldef oreg_render_cols[C_END];

/* One row of a table: an organisation, perhaps one partnership or one correction of it. */
struct row {
	const char *section;
	const struct oreg_overview_org *org;
	const struct oreg_overview_partnership *partnership; /* started / ended / partnerships */
	const struct oreg_overview_correction *correction;
	const struct oreg_overview_stamp *stamp;             /* deleted / correction */
	const struct oreg_overview_contact *contact;         /* withdrawn / incident: org is NULL */
};

#define MAX_COLS 32

struct table {
	const char *name;      /* organisations, partnerships, started, ended, deleted, corrections */
	struct oreg_buf title;
	enum col cols[MAX_COLS];
	size_t ncols;
	struct row *rows;
	size_t nrows;
	bool wide;             /* printed on a landscape page */
};

struct tables {
	struct table items[8];
	size_t n;
};

struct words;

struct render {
	const struct oreg_overview *ov;
	const struct words *w;
	enum oreg_language lang;
	struct oreg_buf *out;
	struct oreg_buf cell;
	bool long_dates;       /* dates in words (Markdown, HTML), else YYYY-MM-DD */
	bool nbsp;             /* HTML: the spaces inside a date do not break */
	bool machine;          /* CSV of a data package: keys, not labels; values, not labels */
};

/* The tables of ov as r renders them (csv: the CSV tables, one per kind of row). */
int oreg_render_tables(struct tables *ts, struct render *r, bool csv);
void oreg_render_tables_release(struct tables *ts);
/* The text of one cell, in r->cell. */
const char *oreg_render_cell(struct render *r, enum col c, const struct row *row);
/* The header of column c. */
const char *oreg_render_header(const struct render *r, enum col c);
/* Set up r for ov in lang. */
void oreg_render_init(struct render *r, const struct oreg_overview *ov, enum oreg_language lang, struct oreg_buf *out);
/* The marking of a confidential document in r's language ("" for a public one). */
const char *oreg_render_marking(const struct render *r);
/* The title, with "(voorlopig)" when the period was not over. */
void oreg_render_title(struct render *r, struct oreg_buf *b);
/* ISO 8601 in the committer's own zone: 2024-01-02T10:01:00+01:00. */
void oreg_render_stamp_time(struct oreg_buf *b, const struct oreg_overview_stamp *s);

#endif
