/*
 * render_csv.c - the documents as spreadsheets and open data: one CSV file
 * per table (organisations, partnerships, started, ended, deleted,
 * corrections), the header always the first line, the marking in a
 * rubricering column of every row, and a Frictionless Data Package
 * (datapackage.json with a Table Schema per table) beside them.
 *
 * Dialects: rfc4180 (',' between cells, CRLF, every cell quoted) and
 * excel-nl, what Dutch spreadsheet programs expect (';', CRLF and a UTF-8
 * byte-order mark).  A cell that starts with a formula character (after white
 * space, fullwidth forms included) gets a leading apostrophe so that a
 * spreadsheet does not run it (escape.c); for other readers the apostrophe
 * is part of the value.
 */
#include "render.h"

#include <stdlib.h>
#include <string.h>

/* One quoted field, with the formula guard and control characters escaped (escape.c). */
static void csv_field(struct oreg_buf *b, const char *s)
{
	oreg_escape_add(b, OREG_ESCAPE_CSV, s, strlen(s));
}

static const struct table *find_table(const struct tables *ts, const char *name)
{
	size_t i;

	for (i = 0; i < ts->n; i++)
		if (!strcmp(ts->items[i].name, name))
			return &ts->items[i];
	return NULL;
}

static void write_table(struct render *r, const struct table *t, unsigned flags)
{
	struct oreg_buf *b = r->out;
	char sep = flags & OREG_TABLE_EXCEL_NL ? ';' : ',';
	size_t k, c;

	if (flags & OREG_TABLE_EXCEL_NL)
		oreg_buf_adds(b, "\xef\xbb\xbf");
	for (c = 0; c < t->ncols; c++) {
		if (c)
			oreg_buf_addch(b, sep);
		csv_field(b, oreg_render_header(r, t->cols[c]));
	}
	oreg_buf_adds(b, "\r\n");
	for (k = 0; k < t->nrows; k++) {
		for (c = 0; c < t->ncols; c++) {
			const char *v = oreg_render_cell(r, t->cols[c], &t->rows[k]);

			if (c)
				oreg_buf_addch(b, sep);
			/* a flag's absence is false in open data, never an empty cell */
			csv_field(b, r->machine && (t->cols[c] == C_CONF || t->cols[c] == C_EXCL_NOW) && !*v ? "false" : v);
		}
		oreg_buf_adds(b, "\r\n");
	}
}

static int finish(char **out, size_t *len, struct render *r, struct oreg_buf *b, struct tables *ts, int err)
{
	oreg_render_tables_release(ts);
	if (!err)
		err = oreg_buf_error(&r->cell);
	oreg_buf_release(&r->cell);
	if (err < 0 || (err = oreg_buf_error(b)) < 0) {
		oreg_buf_release(b);
		return err;
	}
	*out = oreg_buf_detach(b, len);
	return *out ? 0 : OREG_ENOMEM;
}

int oreg_overview_render_table(char **out, size_t *len, const struct oreg_overview *ov, const char *table,
	enum oreg_language lang, unsigned flags)
{
	struct oreg_buf b = OREG_BUF_INIT;
	struct render r;
	struct tables ts;
	const struct table *t;
	int err;

	*out = NULL;
	*len = 0;
	oreg_render_init(&r, ov, lang, &b);
	r.machine = (flags & OREG_TABLE_DATA) != 0;
	if ((err = oreg_render_tables(&ts, &r, true)) < 0)
		return finish(out, len, &r, &b, &ts, err);
	if (!(t = find_table(&ts, table))) {
		err = oreg_error(OREG_ENOTFOUND, "the %s document has no table '%s'%s",
			ov->kind == OREG_DOCUMENT_OVERVIEW ? "overview" : "contacts", table,
			!strcmp(table, "corrections") && ov->kind == OREG_DOCUMENT_OVERVIEW ?
			": the correction log needs --corrections-since" : "");
		return finish(out, len, &r, &b, &ts, err);
	}
	write_table(&r, t, flags);
	return finish(out, len, &r, &b, &ts, 0);
}

size_t oreg_overview_tables(const char **names, size_t max, const struct oreg_overview *ov)
{
	static const char *const overview[] = { "organisations", "partnerships", "started", "ended", "deleted",
		"corrections" };
	size_t n = 0, i, count;

	static const char *const contacts[] = { "organisations", "deleted", "withdrawn", "incidents" };

	if (ov->kind == OREG_DOCUMENT_CONTACTS) {
		for (i = 0; i < ARRAY_SIZE(contacts) && n < max; i++)
			names[n++] = contacts[i];
		return n;
	}
	count = ov->corrections_since || ov->corrections_tag ? 6 : 5;
	for (i = 0; i < count && n < max; i++)
		names[n++] = overview[i];
	return n;
}

/* ---- the Data Package ---- */

static const char *table_type(enum col c)
{
	switch (oreg_render_cols[c].type) {
	case T_INTEGER: return "integer";
	case T_DATE: return "date";
	case T_DATETIME: return "datetime";
	default: return c == C_CONF || c == C_EXCL_NOW ? "boolean" : "string";
	}
}

static void primary_key(struct oreg_buf *b, const char *table)
{
	/* an organisation is one row; a partnership is an organisation and its first day */
	if (!strcmp(table, "partnerships") || !strcmp(table, "started") || !strcmp(table, "ended"))
		oreg_buf_adds(b, "[\"id\", \"from\"]");
	else if (!strcmp(table, "corrections"))
		oreg_buf_adds(b, "[\"id\", \"change\"]");
	else if (!strcmp(table, "withdrawn") || !strcmp(table, "incidents"))
		oreg_buf_adds(b, "\"contact\"");
	else
		oreg_buf_adds(b, "\"id\"");
}

int oreg_overview_render_datapackage(char **out, size_t *len, const struct oreg_overview *ov, enum oreg_language lang)
{
	struct oreg_buf b = OREG_BUF_INIT, title = OREG_BUF_INIT;
	struct render r;
	struct tables ts;
	size_t i, c;
	int err;

	*out = NULL;
	*len = 0;
	oreg_render_init(&r, ov, lang, &b);
	r.machine = true;
	if ((err = oreg_render_tables(&ts, &r, true)) < 0) {
		oreg_buf_release(&title);
		return finish(out, len, &r, &b, &ts, err);
	}
	oreg_render_title(&r, &title);
	oreg_buf_adds(&b, "{\n  \"profile\": \"tabular-data-package\",\n  \"name\": ");
	if (ov->kind == OREG_DOCUMENT_OVERVIEW)
		oreg_buf_addf(&b, "\"openreg-overview-%d%s\"", ov->year, ov->confidential ? "-confidential" : "");
	else
		oreg_buf_addf(&b, "\"openreg-contacts-%04d-%02d-%02d\"", ov->from / 10000, ov->from / 100 % 100, ov->from % 100);
	oreg_buf_add_json_member(&b, ",\n  \"title\": ", title.ptr);
	oreg_buf_addf(&b, ",\n  \"language\": \"%s\"", lang == OREG_LANG_EN ? "en" : "nl");
	if (!ov->confidential)
		oreg_buf_adds(&b, ",\n  \"licenses\": [{\"name\": \"CC0-1.0\", \"title\": \"Creative Commons Zero v1.0 "
			"Universal\", \"path\": \"https://creativecommons.org/publicdomain/zero/1.0/\"}]");
	else {
		oreg_buf_add_json_member(&b, ",\n  \"rubricering\": ", oreg_render_marking(&r));
	}
	if (ov->source.commit[0]) {
		oreg_buf_adds(&b, ",\n  \"created\": \"");
		oreg_render_stamp_time(&b, &ov->source);
		oreg_buf_adds(&b, "\"");
	}
	oreg_buf_addf(&b, ",\n  \"period\": {\"from\": \"%04d-%02d-%02d\", \"until\": \"%04d-%02d-%02d\"}",
		ov->from / 10000, ov->from / 100 % 100, ov->from % 100, ov->until / 10000, ov->until / 100 % 100,
		ov->until % 100);
	oreg_buf_addf(&b, ",\n  \"provisional\": %s", ov->provisional ? "true" : "false");
	oreg_buf_adds(&b, ",\n  \"source\": {\"commit\": ");
	if (ov->source.commit[0]) {
		oreg_buf_add_json_member(&b, "", ov->source.commit);
		oreg_buf_adds(&b, ", \"date\": \"");
		oreg_render_stamp_time(&b, &ov->source);
		oreg_buf_adds(&b, "\"}");
	} else {
		oreg_buf_adds(&b, "null, \"date\": null}");
	}
	oreg_buf_addf(&b, ",\n  \"sources\": [{\"title\": \"openreg %s\"}]", OREG_VERSION);
	oreg_buf_adds(&b, ",\n  \"resources\": [");
	for (i = 0; i < ts.n; i++) {
		const struct table *t = &ts.items[i];

		oreg_buf_addf(&b, "%s\n    {\n      \"profile\": \"tabular-data-resource\",\n      \"name\": \"%s\",\n"
			"      \"path\": \"%s.csv\",\n      \"title\": ", i ? "," : "", t->name, t->name);
		oreg_buf_add_json_member(&b, "", t->title.ptr);
		oreg_buf_adds(&b, ",\n      \"format\": \"csv\",\n      \"mediatype\": \"text/csv\",\n"
			"      \"encoding\": \"utf-8\",\n      \"dialect\": {\"delimiter\": \",\", \"doubleQuote\": true, "
			"\"lineTerminator\": \"\\r\\n\", \"header\": true},\n      \"schema\": {\n        \"fields\": [");
		for (c = 0; c < t->ncols; c++) {
			enum col col = t->cols[c];

			oreg_buf_addf(&b, "%s\n          {\"name\": \"%s\", \"title\": ", c ? "," : "", oreg_render_cols[col].key);
			oreg_buf_add_json_member(&b, "",
				lang == OREG_LANG_EN ? oreg_render_cols[col].en : oreg_render_cols[col].nl);
			oreg_buf_addf(&b, ", \"type\": \"%s\"", table_type(col));
			if (col == C_CONF || col == C_EXCL_NOW)
				oreg_buf_adds(&b, ", \"trueValues\": [\"true\"], \"falseValues\": [\"false\"]");
			if (oreg_render_cols[col].type == T_DATETIME)
				oreg_buf_adds(&b, ", \"format\": \"any\"");
			if (col == C_ID)
				oreg_buf_adds(&b, ", \"constraints\": {\"required\": true, \"pattern\": "
					"\"[a-z0-9]+(-[a-z0-9]+)*\"}");
			oreg_buf_adds(&b, "}");
		}
		oreg_buf_adds(&b, "\n        ],\n        \"missingValues\": [\"\"],\n        \"primaryKey\": ");
		primary_key(&b, t->name);
		oreg_buf_adds(&b, "\n      }\n    }");
	}
	oreg_buf_adds(&b, "\n  ]\n}\n");
	oreg_buf_release(&title);
	return finish(out, len, &r, &b, &ts, 0);
}
