/*
 * ui.c - colour, notes and the common options (see ui.h).
 */
#include "cmd.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct ui ui = { UI_AUTO, 0, 0 };

void ui_set_color(const char *when)
{
	ui.color = !strcmp(when, "always") ? UI_ALWAYS : !strcmp(when, "never") ? UI_NEVER : UI_AUTO;
}

int ui_color(FILE *f)
{
	const char *no_color = getenv("NO_COLOR"), *term = getenv("TERM");

	if (ui.color != UI_AUTO)
		return ui.color == UI_ALWAYS;
	if ((no_color && *no_color) || (term && !strcmp(term, "dumb")))
		return 0;
	return isatty(fileno(f));
}

static char *source_root;

void ui_set_source_root(const char *top)
{
	free(source_root);
	source_root = top ? strdup(top) : NULL;
}

/*
 * One character of a source line, made safe for a terminal: control,
 * bidirectional and invisible formatting characters, and bytes that are
 * not UTF-8, become '?' (one column each, so the caret stays under its
 * column).  Returns the bytes read.
 */
static size_t put_safe(FILE *out, const unsigned char *s, size_t len)
{
	size_t n;

	if (s[0] == '\t' || (s[0] >= 0x20 && s[0] < 0x7f)) {
		fputc(s[0], out);
		return 1;
	}
	n = s[0] >= 0xf0 && s[0] < 0xf5 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 && s[0] < 0xe0 ? 2 : 1;
	if (n == 1 || n > len) {
		fputc('?', out);
		return 1;
	}
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			fputc('?', out);
			return i;
		}
	}
	if ((n == 2 && s[0] == 0xc2 && s[1] < 0xa0) ||                                 /* C1 controls */
		(n == 3 && s[0] == 0xe2 && s[1] == 0x80 && ((s[2] >= 0x8b && s[2] <= 0x8f) ||  /* zero widths, marks */
			(s[2] >= 0xa8 && s[2] <= 0xae))) ||                            /* separators, embeddings */
		(n == 3 && s[0] == 0xe2 && s[1] == 0x81 && s[2] >= 0xa0 && s[2] <= 0xaf) || /* isolates, joiners */
		(n == 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf)) {                /* BOM */
		fputc('?', out);
		return n;
	}
	fwrite(s, 1, n, out);
	return n;
}

/* "    3 | kind: structurel" and "      |       ^" under it */
static void put_snippet(FILE *out, const char *data, size_t len, unsigned line, unsigned column, int color)
{
	const char *p = data, *end = data + len, *eol;
	unsigned l, c;

	for (l = 1; l < line && p < end; l++) {
		if (!(p = memchr(p, '\n', (size_t)(end - p))))
			return;
		p++;
	}
	if (p >= end && line > 1)
		return;
	eol = memchr(p, '\n', (size_t)(end - p));
	if (!eol)
		eol = end;
	if (eol > p && eol[-1] == '\r')
		eol--;
	fprintf(out, "%5u | ", line);
	for (const char *q = p; q < eol;)
		q += put_safe(out, (const unsigned char *)q, (size_t)(eol - q));
	fputs("\n      | ", out);
	/* the caret under the column: a tab for a tab, a space for any other character */
	for (c = 1; c < column && p < eol; c++) {
		size_t n = 1;

		if (*p == '\t')
			fputc('\t', out);
		else
			fputc(' ', out);
		while (p + n < eol && ((unsigned char)p[n] & 0xc0) == 0x80)
			n++;
		p += n;
	}
	fputs(color ? "\033[1;32m^\033[m\n" : "^\n", out);
}

int ui_write_findings(const struct oreg_findings *findings)
{
	int color = ui_color(stderr), snippets = source_root && isatty(fileno(stderr)), err = 0;
	char *data = NULL, *path = NULL;
	const char *loaded = NULL;
	size_t len = 0;

	for (size_t i = 0; i < findings->count && !err; i++) {
		const struct oreg_finding *f = &findings->items[i];

		err = oreg_finding_write_text(f, color ? OREG_TEXT_COLOR : 0, stderr);
		if (!snippets || !f->line || !f->file || !*f->file || f->file[0] == '/' || strstr(f->file, ".."))
			continue;
		if (!loaded || strcmp(loaded, f->file)) {
			free(data);
			free(path);
			data = NULL;
			loaded = f->file;
			if (!(path = malloc(strlen(source_root) + strlen(f->file) + 2)))
				continue;
			sprintf(path, "%s/%s", source_root, f->file);
			if (oreg_file_read(&data, &len, path, 1024 * 1024) < 0)
				data = NULL;
		}
		if (data)
			put_snippet(stderr, data, len, f->line, f->column, color);
	}
	free(data);
	free(path);
	return err;
}

void ui_vsay(const char *kind, const char *fmt, va_list ap)
{
	fprintf(stderr, "openreg: %s", kind);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void ui_summary(const char *fmt, ...)
{
	va_list ap;

	if (!ui.verbose)
		return;
	va_start(ap, fmt);
	ui_vsay("", fmt, ap);
	va_end(ap);
}

void ui_note(const char *fmt, ...)
{
	va_list ap;

	if (ui.quiet || (!ui.verbose && !isatty(fileno(stderr))))
		return;
	va_start(ap, fmt);
	ui_vsay("note: ", fmt, ap);
	va_end(ap);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Progress on standard error, as git shows it: only on a terminal, not
 * with -q, and only for work that takes longer than OPENREG_PROGRESS_DELAY
 * seconds (default 1, as GIT_PROGRESS_DELAY is git's); redrawn at most ten
 * times a second; "done." at the end if it was shown at all.
 */
static void show_progress(void *payload, const char *what, size_t done, size_t total)
{
	static double start, last;
	static int shown;
	const char *env = getenv("OPENREG_PROGRESS_DELAY");
	double t = now(), delay = env && *env ? strtod(env, NULL) : 1.0;

	(void)payload;
	if (done == 0) {
		start = t;
		last = 0;
		shown = 0;
		return;
	}
	if (ui.quiet || !isatty(fileno(stderr)) || !total)
		return;
	if (done < total && (t - start < delay || t - last < 0.1))
		return;
	if (done == total && !shown && t - start < delay)
		return;
	fprintf(stderr, "\r%s: %u%% (%zu/%zu)%s", what, (unsigned)(done * 100 / total), done, total,
		done == total ? ", done.\n" : "");
	fflush(stderr);
	last = t;
	shown = done < total;
}

void ui_init(void)
{
	oreg_progress_set(show_progress, NULL);
}
