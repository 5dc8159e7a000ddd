/* cmd.h - what the subcommands of the openreg program share. */
#ifndef OREG_CMD_H
#define OREG_CMD_H

#include "openreg.h"

/* Exit statuses, the same for every subcommand. */
enum {
	EXIT_CLEAN = 0,
	EXIT_FINDINGS = 1,
	EXIT_USAGE = 2,
	EXIT_FAILURE_ = 3,
};

int cmd_validate(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_hooks(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_help(int argc, char **argv);

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

#endif
