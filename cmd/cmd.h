/* cmd.h - what the subcommands of the openreg program share. */
#ifndef OREG_CMD_H
#define OREG_CMD_H

#include "openreg.h"
#include "options.h"
#include "ui.h"

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
int cmd_publish(int argc, char **argv);
int cmd_publications(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_index(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_help(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_screen(int argc, char **argv);
int cmd_new(int argc, char **argv);

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

/* Print s, or a value, as JSON to standard output. */
void print_json_string(const char *s);
/* before (a separator and a key), then s as a JSON string, or null when s is NULL. */
void print_json_member(const char *before, const char *s);
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

/* ---- the history index (index.c) ---- */

/* Show the progress of building the history index on standard error, when it is a terminal. */
void histindex_progress_on_terminal(void);
/* The post-receive hook: extend the history index by what a push brought; always 0 (git ignores it). */
int index_post_receive(void);

/* ---- shared by overview and contacts (overview.c) ---- */

/* A document built from its command's options (overview.c), for writing, publishing and verifying. */
struct built_document {
	char commit[41];          /* built from */
	char key[16];             /* the year, or the since date: the publication's key */
	enum oreg_document_format format;
	const char *output;       /* -o, or NULL */
	int folder;               /* a folder of files (csv tables, data package), not data */
	char *data;               /* the document, when one file */
	size_t len;
	struct oreg_overview *ov;
	struct oreg_seals seals;  /* read for --corrections-since TAG */
	struct document_options *options;
};

/*
 * Parse command's options from argv and build the document from repo, at
 * at_commit when not NULL (verify), else where the options say.  Returns
 * the exit status (EXIT_CLEAN when built; -1 after -h); release out
 * whatever it returns.
 */
int document_build(struct built_document *out, struct oreg_repo *repo, enum oreg_document_kind kind,
	const char *command, int argc, char **argv, const char *at_commit);
/* Write a built document to its -o (file or folder) or standard output; the exit status. */
int document_write(const struct built_document *doc);
void built_document_release(struct built_document *doc);

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
extern const struct option publish_options[];
extern const struct option publications_options[];
extern const struct option verify_options[];
extern const struct option index_options[];
extern const struct option version_options[];
extern const struct option help_options[];
extern const struct option init_options[];
extern const struct option screen_options[];
extern const struct option new_options[];

#endif
