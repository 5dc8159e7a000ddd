/*
 * ui.h - how the program talks to a person at a terminal: colour, the
 * common options -q, -v and --color, and the findings with the offending
 * source line.
 */
#ifndef OREG_CMD_UI_H
#define OREG_CMD_UI_H

#include <stdarg.h>
#include <stdio.h>

struct oreg_findings;

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

/*
 * The folder that finding files are read from to show the offending line
 * (the working tree's top), or NULL (the default: findings about a commit
 * or the index, whose files may differ from the working tree).
 */
void ui_set_source_root(const char *top);

/*
 * Write the findings in the text format on standard error: in colour when
 * ui_color(stderr), and on a terminal each followed by its source line with
 * a caret under the column, as gcc prints them.  Returns 0, or OREG_EIO.
 */
int ui_write_findings(const struct oreg_findings *findings);

/*
 * A note for a person, not a program: on standard error when it is a
 * terminal or with -v, never with -q.
 */
void ui_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "openreg: ", kind ("note: ", or ""), the message and a newline on standard error. */
void ui_vsay(const char *kind, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* The one-line summary of a run that found nothing wrong: on standard error with -v. */
void ui_summary(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Show the library's progress on a terminal (OPENREG_PROGRESS_DELAY: after how many seconds). */
void ui_init(void);

#endif
