/*
 * findings.c - the second channel: diagnostics about records and schemas,
 * kept as data, collected for a whole run and sorted; report.c prints them.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

void oreg_findings_init(struct oreg_findings *findings)
{
	findings->items = NULL;
	findings->count = findings->alloc = 0;
}

static void finding_release(struct oreg_finding *f)
{
	free(f->file);
	free(f->rule);
	free(f->pointer);
	free(f->message);
}

void oreg_findings_release(struct oreg_findings *findings)
{
	size_t i;

	if (!findings)
		return;
	for (i = 0; i < findings->count; i++)
		finding_release(&findings->items[i]);
	free(findings->items);
	oreg_findings_init(findings);
}

int oreg_findings_vadd(struct oreg_findings *findings, enum oreg_severity severity,
	const char *file, unsigned line, unsigned column, const char *rule,
	const char *pointer, const char *fmt, va_list ap)
{
	struct oreg_buf msg = OREG_BUF_INIT;
	struct oreg_finding f = { 0 };

	if (oreg_grow((void **)&findings->items, &findings->alloc, findings->count + 1,
			sizeof(*findings->items)) < 0)
		return OREG_ENOMEM;
	oreg_buf_vaddf(&msg, fmt, ap);
	f.severity = severity;
	f.line = line;
	f.column = column;
	f.file = oreg_strdup(file ? file : "");
	f.rule = oreg_strdup(rule);
	f.pointer = oreg_strdup(pointer ? pointer : "");
	f.message = oreg_buf_detach(&msg, NULL);
	if (!f.file || !f.rule || !f.pointer || !f.message) {
		finding_release(&f);
		return oreg_error(OREG_ENOMEM, "out of memory");
	}
	findings->items[findings->count++] = f;
	return 0;
}

int oreg_findings_add(struct oreg_findings *findings, enum oreg_severity severity,
	const char *file, unsigned line, unsigned column, const char *rule,
	const char *pointer, const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = oreg_findings_vadd(findings, severity, file, line, column, rule, pointer, fmt, ap);
	va_end(ap);
	return err;
}

int oreg_findings_move(struct oreg_findings *dst, struct oreg_findings *src)
{
	if (oreg_grow((void **)&dst->items, &dst->alloc, dst->count + src->count,
			sizeof(*dst->items)) < 0)
		return OREG_ENOMEM;
	if (src->count)
		memcpy(dst->items + dst->count, src->items, src->count * sizeof(*src->items));
	dst->count += src->count;
	src->count = 0;
	return 0;
}

static int compare(const void *pa, const void *pb)
{
	const struct oreg_finding *a = pa, *b = pb;
	int c;

	if ((c = strcmp(a->file, b->file)))
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->column != b->column)
		return a->column < b->column ? -1 : 1;
	if ((c = strcmp(a->rule, b->rule)))
		return c;
	return strcmp(a->message, b->message);
}

void oreg_findings_sort(struct oreg_findings *findings)
{
	if (findings->count > 1)
		qsort(findings->items, findings->count, sizeof(*findings->items), compare);
}

void oreg_findings_unique(struct oreg_findings *findings)
{
	size_t i, kept = 0;

	for (i = 0; i < findings->count; i++) {
		if (kept && !compare(&findings->items[kept - 1], &findings->items[i]) &&
			findings->items[kept - 1].severity == findings->items[i].severity &&
			!strcmp(findings->items[kept - 1].pointer, findings->items[i].pointer)) {
			finding_release(&findings->items[i]);
			continue;
		}
		findings->items[kept++] = findings->items[i];
	}
	findings->count = kept;
}

size_t oreg_findings_errors(const struct oreg_findings *findings)
{
	size_t i, n = 0;

	for (i = 0; i < findings->count; i++)
		n += findings->items[i].severity == OREG_SEVERITY_ERROR;
	return n;
}
