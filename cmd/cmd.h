/* cmd.h - what the subcommands of the openreg program share. */
#ifndef OREG_CMD_H
#define OREG_CMD_H

#include "openreg.h"
#include "options.h"

/* Exit statuses, the same for every subcommand. */
enum {
	EXIT_CLEAN = 0,
	EXIT_FINDINGS = 1,
	EXIT_USAGE = 2,
	EXIT_FAILURE_ = 3,
};

/* A row of the command table (openreg.c): git's { "add", cmd_add } with a synopsis and the options. */
struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const struct option *options; /* the table the command parses with opt_init; ends with OPT_END */
	const char *synopsis;
	const char *summary;
};

/* The row of the command called name, or NULL. */
const struct command *command_find(const char *name);

/*
 * The exit status for a failure code of the library: EXIT_USAGE for what
 * the user named that does not exist or is not valid (OREG_ENOTFOUND,
 * OREG_EINVALID), EXIT_FAILURE_ for the rest, EXIT_CLEAN for 0.
 */
int exit_for(int err);
/* Print "openreg: <the library's last message>" and return exit_for(err). */
int fail_for(int err);

int cmd_validate(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_hooks(int argc, char **argv);
int cmd_log(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_overview(int argc, char **argv);
int cmd_contacts(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_help(int argc, char **argv);
int cmd_init(int argc, char **argv);

/* Print "openreg: <message>" for a failure and return EXIT_FAILURE_. */
int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print "usage: <synopsis>" of a command with an optional complaint; return EXIT_USAGE. */
int usage(const char *command, const char *complaint, ...) __attribute__((format(printf, 2, 3)));
/*
 * Sort the findings, drop repeats and print them: text on standard error
 * with a count, the other formats on standard output.  Returns the exit
 * status: EXIT_FINDINGS when there is an error among them.
 */
int print_findings(struct oreg_findings *findings, enum oreg_format format);
/* Print the synopsis of command (or of all, for NULL) to out. */
void print_synopsis(FILE *out, const char *command);

/* ---- shared by log, show and diff (log.c) ---- */

/*
 * A commit time in the commit's own offset (minutes east of UTC), as git
 * prints it: "2024-01-02 10:01:00 +0100", or with iso8601
 * "2024-01-02T10:01:00+01:00".
 */
void format_time(char out[32], long long time, int offset, int iso8601);
/* Print s, or a value, as JSON to standard output. */
void print_json_string(const char *s);
void print_json_value(const struct oreg_value *v);
/* Print s escaped for how (lib/escape.c) to standard output. */
void print_escaped(enum oreg_escape how, const char *s);
/* The commit's details (release them with oreg_commit_release). */
int commit_info(struct oreg_commit *out, struct oreg_repo *repo, const char *id);
/* The commit at the end of day *as_of (when not NULL), else rev (NULL: HEAD). */
int resolve_point(char out[41], struct oreg_repo *repo, const int32_t *as_of, const char *rev);
/* "added", "changed", "deleted"; and the marks +, ~, -. */
const char *change_word(enum oreg_change_kind kind);
char change_mark(enum oreg_change_kind kind);
/* One line per change, "<indent>~ path: old → new". */
void print_field_changes_text(const struct oreg_field_changes *changes, const char *indent);
/* A JSON array of {"path", "change", "old", "new"}; old and new left out when absent. */
void print_field_changes_json(const struct oreg_field_changes *changes);

/* ---- shared by overview and contacts (overview.c) ---- */

/* Parse the options of command, build the document and write it; the exit status. */
int document_run(enum oreg_document_kind kind, const char *command, int argc, char **argv);

/* ---- running other programs, finding shipped files (spawn.c, share.c) ---- */

/*
 * Run argv[0] (looked up in PATH) with argv in folder dir (NULL: here) and
 * wait for it.  Returns its exit status, 128 + the signal that ended it,
 * 127 when it could not be run, or -1 (after a message) when it could not
 * be started.
 */
int run_program(const char *dir, const char *const argv[]);
/* The absolute path of this program (malloc'd), or NULL. */
char *program_path(void);
/* The folder that holds the shipped schemas/ and sample records/ (malloc'd), or NULL. */
char *share_dir(void);

/* ---- the option tables of the commands (one in each command's file) ---- */

extern const struct option validate_options[];
extern const struct option check_options[];
extern const struct option hooks_options[];
extern const struct option log_options[];
extern const struct option show_options[];
extern const struct option diff_options[];
extern const struct option overview_options[];
extern const struct option contacts_options[];
extern const struct option version_options[];
extern const struct option help_options[];
extern const struct option init_options[];

#endif
