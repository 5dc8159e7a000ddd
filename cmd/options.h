/*
 * options.h - the one option parser of the openreg program.
 *
 * Each command declares its options in a table, next to the code that
 * handles them; the command table in openreg.c points at it.  The same
 * table drives the parser, `openreg CMD -h`, `openreg help --options CMD`
 * (for shell completion) and the test that compares the options with the
 * manual pages, so an option cannot exist in one place and not the others.
 *
 * Accepted, as git and getopt_long accept them: `--name VALUE`,
 * `--name=VALUE`, `-x VALUE`, `-xVALUE`, clusters of short flags (`-qv`),
 * options before, between and after the operands, and `--` to end the
 * options.  A lone `-` is an operand.  `-h` and `--help` are options of
 * every command.
 */
#ifndef OREG_CMD_OPTIONS_H
#define OREG_CMD_OPTIONS_H

#include <stdio.h>

struct option {
	int id;                /* what opt_next returns: > 0; a short option's letter is a good choice */
	char short_name;       /* 'o' for -o, or 0 */
	const char *long_name; /* "output" for --output, or NULL */
	const char *arg;       /* the value's name in help ("FILE"), or NULL for a flag */
	const char *choices;   /* "text|json": the values allowed, or NULL for any value */
	const char *help;      /* one line for -h and the manual page */
};

/*
 * The options every command takes besides its own (and -h): parsed by
 * opt_next itself into ui (ui.h), never returned to the command.
 */
extern const struct option common_options[];

/* The end of an option table. */
#define OPT_END { 0, 0, NULL, NULL, NULL, NULL }

enum {
	OPT_DONE = 0,   /* no more options: the operands are in args[0..nargs) */
	OPT_HELP = -1,  /* -h was given and the help printed on standard output */
	OPT_ERROR = -2, /* a usage error was printed on standard error */
};

struct opt_parser {
	const char *command;          /* as in the command table */
	const struct option *options; /* the command's table */
	int argc;
	char **argv;                  /* argv[0] is the command's name */
	int next;                     /* the next element of argv to look at */
	const char *cluster;          /* the rest of a cluster of short options, or NULL */
	int stop_at_operand;          /* set before parsing: everything from the first operand on is an operand */
	int ended;                    /* "--" or (with stop_at_operand) an operand was seen */

	const struct option *opt;     /* the option opt_next just returned */
	char spelling[48];            /* how it was written: "--format" or "-j" */
	const char *value;            /* its value (borrowed from argv), or NULL for a flag */

	char **args;                  /* the operands, in order, once opt_next returned OPT_DONE */
	int nargs;
};

/*
 * Start parsing argv (argv[0] being the command's name) with the options of
 * command from the command table.  The operands are gathered at the front
 * of argv[1..]: argv is permuted in place, as GNU getopt does.
 */
void opt_init(struct opt_parser *p, const char *command, int argc, char **argv);

/*
 * The id of the next option, with its value in p->value; OPT_DONE at the
 * end; OPT_HELP after printing the help for -h; OPT_ERROR after printing
 * "openreg: <what is wrong>" and the synopsis for an unknown option, a
 * missing or empty value or a value outside the option's choices.
 */
int opt_next(struct opt_parser *p);

/* The exit status for OPT_HELP (EXIT_CLEAN) or OPT_ERROR (EXIT_USAGE). */
int opt_exit(int c);

/*
 * The one record a command names (log, show): *name is its path, or its
 * type and id.  EXIT_CLEAN, or EXIT_USAGE after saying what is missing.
 */
int opt_one_record(const char **name, const struct opt_parser *p);

/* The spelling of the option just returned, as given: "--format" or "-j", for messages. */
const char *opt_name(const struct opt_parser *p);

/*
 * Print the help of command: its synopsis, its summary and one line per
 * option, in the layout of git's -h.
 */
void print_help(FILE *out, const char *command);

/*
 * Print the options of command one per line, for shell completion and the
 * manual-page test: "--long", "-s" and, for an option that takes a value,
 * a tab and the choices or the value's name.
 */
void print_option_list(FILE *out, const char *command);

#endif
