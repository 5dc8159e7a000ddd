/*
 * ui.c - colour, notes and the common options (see ui.h).
 */
#include "cmd.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
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

void ui_note(const char *fmt, ...)
{
	va_list ap;

	if (ui.quiet)
		return;
	fputs("openreg: note: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
