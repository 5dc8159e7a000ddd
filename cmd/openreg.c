/*
 * openreg.c - the program: a table of subcommands, one file each.
 */
#include "cmd.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct command commands[] = {
	{ "validate", cmd_validate, validate_options,
		"openreg validate [--format text|json|codequality|sarif|junit] [--schema FILE] [PATH...]",
		"check record files against their schemas and the single-record rules" },
	{ "check", cmd_check, check_options,
		"openreg check [--staged | --rev REV | --range A..B | --commit-msg FILE] "
		"[--format text|json|codequality|sarif|junit] [--report FORMAT=FILE]... [-j N]",
		"apply every rule of the register to the working tree, the index, a commit or a range" },
	{ "hooks", cmd_hooks, hooks_options,
		"openreg hooks install [--server] [--force] | openreg hooks run HOOK [ARG...]",
		"install the git hooks that enforce the rules in a clone or a server repository" },
	{ "log", cmd_log, log_options, "openreg log RECORD [--confidential] [--format text|json]",
		"every commit that changed a record, with the change field by field" },
	{ "show", cmd_show, show_options, "openreg show RECORD [--as-of DATE | --rev REV] [--confidential]",
		"a record as it stood at a date or a commit" },
	{ "diff", cmd_diff, diff_options, "openreg diff A [B] [--format text|md|json] [--lang nl|en] [--confidential]",
		"the field-level changes from revision A to B (default HEAD) and B's rule results" },
	{ "overview", cmd_overview, overview_options,
		"openreg overview --year YYYY [--as-of DATE | --rev REV] [--confidential] "
		"[--format md|html|csv|json|datapackage] [--lang nl|en] [-o FILE|DIR] [--corrections-since DATE|TAG] "
		"[--table TABLE] [--csv-dialect rfc4180|excel-nl] [--reference REF] [--sent DATE]",
		"the annual overview for Parliament: organisations with a partnership or structural contacts in a year" },
	{ "contacts", cmd_contacts, contacts_options,
		"openreg contacts --since DATE [--until DATE] [--as-of DATE | --rev REV] [--all-kinds] "
		"[--format md|html|csv|json|datapackage] [--lang nl|en] [-o FILE|DIR] [--table TABLE] "
		"[--csv-dialect rfc4180|excel-nl] [--reference REF] [--sent DATE]",
		"the confidential list of every organisation contacted in a period" },
	{ "publish", cmd_publish, publish_options,
		"openreg publish overview|contacts [the document's options] -o FILE",
		"write a document and seal it as sent: a tag publicatie/<document>-<year or since>-<n>" },
	{ "publications", cmd_publications, publications_options, "openreg publications [--format text|json]",
		"the sealed publications: tag, date, file, commit and hash" },
	{ "verify", cmd_verify, verify_options, "openreg verify FILE",
		"is FILE a sent publication? found by its hash, built again from the tagged commit, compared" },
	{ "screen", cmd_screen, screen_options,
		"openreg screen NAME [--kvk NUMBER] [--list FILE]... [--format text|json] [--as-of DATE | --rev REV] | "
		"openreg screen --organisation ID [--list FILE]...",
		"screen an organisation against the exclusions and published lists before a meeting" },
	{ "index", cmd_index, index_options, "openreg index [--rebuild | --verify | --stat]",
		"bring the history index up to date, build it anew, check it or say what it holds" },
	{ "init", cmd_init, init_options, "openreg init [--template sample] [--reference TEXT] [DIR]",
		"start a register: schemas, record folders, editor settings, hooks and a first commit" },
	{ "new", cmd_new, new_options,
		"openreg new TYPE [--name NAME] [--date DATE] [--organisation ID]... [--kind KIND] [--set FIELD=VALUE]... "
		"[--id ID] [-e]",
		"write a new record of TYPE (organisation, contact, exclusion, ...), valid and in its folder" },
	{ "version", cmd_version, version_options, "openreg version", "print the version" },
	{ "help", cmd_help, help_options, "openreg help [COMMAND | --commands | --options COMMAND]",
		"show the commands, or the help of one" },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

const struct command *command_find(const char *name)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

void print_synopsis(FILE *out, const char *command)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		if (!command || !strcmp(command, commands[i].name))
			fprintf(out, "%s%s\n", command ? "usage: " : "   ", commands[i].synopsis);
}

int fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ui_vsay("", fmt, ap);
	va_end(ap);
	return EXIT_FAILURE_;
}

int exit_for(int err)
{
	if (err >= 0)
		return EXIT_CLEAN;
	if (err == OREG_ENOTFOUND || err == OREG_EINVALID)
		return EXIT_USAGE;
	return EXIT_FAILURE_;
}

int fail_for(int err)
{
	fprintf(stderr, "openreg: %s\n", oreg_error_message());
	return exit_for(err);
}

int usage(const char *command, const char *complaint, ...)
{
	va_list ap;

	if (complaint) {
		va_start(ap, complaint);
		ui_vsay("", complaint, ap);
		va_end(ap);
	}
	print_synopsis(stderr, command);
	return EXIT_USAGE;
}

int print_findings(struct oreg_findings *findings, enum oreg_format format)
{
	size_t errors;
	int status;

	oreg_findings_sort(findings);
	oreg_findings_unique(findings);
	errors = oreg_findings_errors(findings);
	status = errors ? EXIT_FINDINGS : EXIT_CLEAN;
	if (format != OREG_FORMAT_TEXT) {
		if (oreg_findings_write(findings, format, stdout) < 0)
			status = fail("%s", oreg_error_message());
	} else if (findings->count) {
		if (ui_write_findings(findings) < 0)
			status = fail("%s", oreg_error_message());
		fprintf(stderr, "%zu error%s, %zu warning%s\n", errors, errors == 1 ? "" : "s",
			findings->count - errors, findings->count - errors == 1 ? "" : "s");
	}
	return status;
}

const struct option version_options[] = {
	OPT_END
};

int cmd_version(int argc, char **argv)
{
	struct opt_parser p;
	int c;

	opt_init(&p, "version", argc, argv);
	if ((c = opt_next(&p)) != OPT_DONE)
		return opt_exit(c);
	if (p.nargs)
		return usage("version", "'version' takes no arguments");
	printf("openreg %s\n", OREG_VERSION);
	return EXIT_CLEAN;
}

enum { HELP_COMMANDS = 1, HELP_OPTIONS };

const struct option help_options[] = {
	{ HELP_COMMANDS, 0, "commands", NULL, NULL, "list the command names, one a line (for shell completion)" },
	{ HELP_OPTIONS, 0, "options", NULL, NULL, "list the options of COMMAND, one a line (for shell completion)" },
	OPT_END
};

int cmd_help(int argc, char **argv)
{
	struct opt_parser p;
	const struct command *cmd = NULL;
	int c, list_commands = 0, list_options = 0;
	size_t i;

	opt_init(&p, "help", argc, argv);
	while ((c = opt_next(&p)) > 0) {
		if (c == HELP_COMMANDS)
			list_commands = 1;
		else
			list_options = 1;
	}
	if (c < 0)
		return opt_exit(c);
	if (p.nargs > 1 || (list_commands && (p.nargs || list_options)))
		return usage("help", "'help' takes at most one command");
	if (p.nargs && !(cmd = command_find(p.args[0])))
		return usage("help", "'%s' is not an openreg command", p.args[0]);
	if (list_options && !cmd)
		return usage("help", "--options needs a command");
	if (list_commands) {
		for (i = 0; i < NCOMMANDS; i++)
			printf("%s\n", commands[i].name);
	} else if (list_options) {
		print_option_list(stdout, cmd->name);
	} else if (cmd) {
		print_help(stdout, cmd->name);
	} else {
		printf("usage: openreg <command> [options]\n\nCommands:\n");
		for (i = 0; i < NCOMMANDS; i++)
			printf("   %-10s %s\n", commands[i].name, commands[i].summary);
		printf("\nSee 'openreg help COMMAND' or 'openreg COMMAND -h' for the options of a command.\n"
			"Exit status: 0 clean, 1 findings, 2 usage, 3 failure.\n");
	}
	return EXIT_CLEAN;
}

/* A full disk must not look like success (git's run_builtin). */
static int finish_stdout(int status)
{
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "openreg: cannot write output: %s\n", strerror(errno));
		return EXIT_FAILURE_;
	}
	if (fclose(stdout)) {
		fprintf(stderr, "openreg: cannot close output: %s\n", strerror(errno));
		return EXIT_FAILURE_;
	}
	return status;
}

int main(int argc, char **argv)
{
	const struct command *c;

	ui_init();
	if (argc < 2) {
		cmd_help(1, argv);
		return finish_stdout(EXIT_USAGE);
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))
		return finish_stdout(cmd_help(1, argv));
	if (!strcmp(argv[1], "--version"))
		return finish_stdout(cmd_version(1, argv));
	c = command_find(argv[1]);
	if (!c) {
		fprintf(stderr, "openreg: '%s' is not an openreg command; see 'openreg help'\n", argv[1]);
		return EXIT_USAGE;
	}
	return finish_stdout(c->fn(argc - 1, argv + 1));
}
