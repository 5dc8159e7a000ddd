/*
 * ui.h - how the program talks to a person at a terminal: colour, the
 * common options -q, -v and --color, and the findings with the offending
 * source line.
 */
#ifndef OREG_CMD_UI_H
#define OREG_CMD_UI_H

#include <stdio.h>

enum ui_color { UI_AUTO, UI_ALWAYS, UI_NEVER };

struct ui {
	enum ui_color color; /* --color */
	int quiet;           /* -q: no progress, no notes */
	int verbose;         /* -v: a summary line on success too */
};

extern struct ui ui;

/* --color WHEN; the parser has checked WHEN is auto, always or never. */
void ui_set_color(const char *when);

/*
 * Whether to colour what goes to f: --color always or never, else (auto)
 * when f is a terminal, NO_COLOR is unset or empty and TERM is not "dumb".
 */
int ui_color(FILE *f);

/* A note for a person (not for a program): on standard error, unless -q. */
void ui_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
