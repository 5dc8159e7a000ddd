/*
 * options.c - the one option parser of the openreg program, and the help
 * that the same option tables print (see options.h).
 */
#include "cmd.h"

#include <assert.h>
#include <stdarg.h>
#include <string.h>

/* Where the help of an option starts, as in git's parse-options. */
#define HELP_COLUMN 26

void opt_init(struct opt_parser *p, const char *command, int argc, char **argv)
{
	const struct command *c = command_find(command);

	memset(p, 0, sizeof(*p));
	assert(c);
	p->command = command;
	p->options = c->options;
	p->argc = argc;
	p->argv = argv;
	p->next = 1;
	p->args = argv + 1;
}

int opt_exit(int c)
{
	return c == OPT_HELP ? EXIT_CLEAN : EXIT_USAGE;
}

int opt_one_record(const char **name, const struct opt_parser *p)
{
	*name = p->nargs ? p->args[0] : NULL;
	if (p->nargs > 1)
		return usage(p->command, "'%s' takes one record", p->command);
	if (!*name)
		return usage(p->command, "name a record: its path, or type and id as in organisation/<id>");
	return EXIT_CLEAN;
}

const char *opt_name(const struct opt_parser *p)
{
	return p->spelling;
}

static int complain(const struct opt_parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int complain(const struct opt_parser *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ui_vsay("", fmt, ap);
	va_end(ap);
	print_synopsis(stderr, p->command);
	return OPT_ERROR;
}

/* "text, json or sarif" from "text|json|sarif". */
static void print_choices(FILE *out, const char *choices)
{
	const char *s = choices, *bar;

	while ((bar = strchr(s, '|'))) {
		fwrite(s, 1, (size_t)(bar - s), out);
		fputs(strchr(bar + 1, '|') ? ", " : " or ", out);
		s = bar + 1;
	}
	fputs(s, out);
}

static int is_choice(const char *choices, const char *v)
{
	size_t len = strlen(v);
	const char *s = choices;

	for (;;) {
		const char *bar = strchr(s, '|');
		size_t n = bar ? (size_t)(bar - s) : strlen(s);

		if (n == len && !memcmp(s, v, n))
			return 1;
		if (!bar)
			return 0;
		s = bar + 1;
	}
}

static int bad_value(const struct opt_parser *p)
{
	fprintf(stderr, "openreg: %s takes ", p->spelling);
	if (p->opt->choices)
		print_choices(stderr, p->opt->choices);
	else
		fprintf(stderr, "a value: %s%s", p->opt->arg, p->value ? ", not an empty string" : "");
	fputc('\n', stderr);
	print_synopsis(stderr, p->command);
	return OPT_ERROR;
}

enum { OPT_COLOR = 1001, OPT_QUIET, OPT_VERBOSE };

const struct option common_options[] = {
	{ OPT_COLOR, 0, "color", "WHEN", "auto|always|never",
		"colour in the text output: auto (on a terminal, unless NO_COLOR is set), always or never" },
	{ OPT_QUIET, 'q', "quiet", NULL, NULL, "print no progress and no notes; findings and errors still" },
	{ OPT_VERBOSE, 'v', "verbose", NULL, NULL, "also print a one-line summary when all is well" },
	OPT_END
};

static const struct option *find_long(const struct option *o, const char *name, size_t len)
{
	for (const struct option *t = o; t && t->id; t++)
		if (t->long_name && strlen(t->long_name) == len && !memcmp(t->long_name, name, len))
			return t;
	for (const struct option *t = common_options; t->id; t++)
		if (strlen(t->long_name) == len && !memcmp(t->long_name, name, len))
			return t;
	return NULL;
}

static const struct option *find_short(const struct option *o, char c)
{
	for (const struct option *t = o; t && t->id; t++)
		if (t->short_name == c)
			return t;
	for (const struct option *t = common_options; t->id; t++)
		if (t->short_name == c)
			return t;
	return NULL;
}

/* A common option: into ui, and on to the next option. */
static int common(int id, const char *value)
{
	switch (id) {
	case OPT_COLOR:
		ui_set_color(value);
		break;
	case OPT_QUIET:
		ui.quiet = 1;
		ui.verbose = 0;
		break;
	case OPT_VERBOSE:
		ui.verbose = 1;
		ui.quiet = 0;
		break;
	}
	return 0;
}

/* The option found; its value from "=VALUE", the rest of a cluster or the next argument. */
static int take(struct opt_parser *p, const struct option *o, const char *attached)
{
	p->opt = o;
	p->value = NULL;
	if (!o->arg) {
		if (attached)
			return complain(p, "%s takes no value", p->spelling);
		return o->id;
	}
	if (attached)
		p->value = attached;
	else if (p->next < p->argc)
		p->value = p->argv[p->next++];
	else
		return bad_value(p);
	/* no option has a use for an empty value: "--rev ''" is a mistake, caught here once for all */
	if (!*p->value || (o->choices && !is_choice(o->choices, p->value)))
		return bad_value(p);
	return o->id;
}

static int long_option(struct opt_parser *p, const char *a)
{
	const char *name = a + 2, *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	const struct option *o = find_long(p->options, name, len);

	snprintf(p->spelling, sizeof(p->spelling), "--%.*s", (int)len, name);
	if (!o && len == 4 && !memcmp(name, "help", 4) && !eq) {
		print_help(stdout, p->command);
		return OPT_HELP;
	}
	if (!o)
		return complain(p, "unknown option '%s'", p->spelling);
	return take(p, o, eq ? eq + 1 : NULL);
}

static int short_option(struct opt_parser *p)
{
	char c = *p->cluster++;
	const struct option *o = find_short(p->options, c);
	const char *rest = p->cluster;

	snprintf(p->spelling, sizeof(p->spelling), "-%c", c);
	if (!*p->cluster)
		p->cluster = NULL;
	if (!o && c == 'h') {
		print_help(stdout, p->command);
		return OPT_HELP;
	}
	if (!o)
		return complain(p, "unknown option '%s'", p->spelling);
	if (o->arg) {
		/* -j4: the rest of the cluster is the value */
		p->cluster = NULL;
		return take(p, o, *rest ? rest : NULL);
	}
	return take(p, o, NULL);
}

static int next_one(struct opt_parser *p);

int opt_next(struct opt_parser *p)
{
	int c;

	while ((c = next_one(p)) > 0 && p->opt->id > 1000)
		common(c, p->value);
	return c;
}

static int next_one(struct opt_parser *p)
{
	while (!p->cluster && p->next < p->argc) {
		char *a = p->argv[p->next++];

		if (p->ended || a[0] != '-' || !a[1]) {
			/* an operand: gather it at the front; argv[1..nargs] were all read already */
			p->args[p->nargs++] = a;
			if (p->stop_at_operand)
				p->ended = 1;
			continue;
		}
		if (!strcmp(a, "--")) {
			p->ended = 1;
			continue;
		}
		if (a[1] == '-')
			return long_option(p, a);
		p->cluster = a + 1;
	}
	if (p->cluster)
		return short_option(p);
	return OPT_DONE;
}

/* "-j, --jobs N" or "--format text|json" */
static int print_spelling(FILE *out, const struct option *o)
{
	int n = 0;

	if (o->short_name)
		n += fprintf(out, "-%c", o->short_name);
	if (o->short_name && o->long_name)
		n += fprintf(out, ", ");
	if (o->long_name)
		n += fprintf(out, "--%s", o->long_name);
	if (o->arg)
		n += fprintf(out, " %s", o->choices ? o->choices : o->arg);
	return n;
}

void print_help(FILE *out, const char *command)
{
	const struct command *c = command_find(command);
	const struct option *o;

	if (!c)
		return;
	fprintf(out, "usage: %s\n\n%s\n", c->synopsis, c->summary);
	if (c->options && c->options->id)
		fputc('\n', out);
	for (o = c->options; o && o->id; o++) {
		int n = 4;

		fputs("    ", out);
		n += print_spelling(out, o);
		if (n + 2 > HELP_COLUMN) {
			fputc('\n', out);
			n = 0;
		}
		fprintf(out, "%*s%s\n", HELP_COLUMN - n, "", o->help);
	}
}

void print_option_list(FILE *out, const char *command)
{
	const struct command *c = command_find(command);
	const struct option *o;

	if (!c)
		return;
	for (int table = 0; table < 2; table++) {
		for (o = table ? common_options : c->options; o && o->id; o++) {
			const char *value = o->arg ? o->choices ? o->choices : o->arg : NULL;

			if (o->short_name)
				fprintf(out, "-%c%s%s\n", o->short_name, value ? "\t" : "", value ? value : "");
			if (o->long_name)
				fprintf(out, "--%s%s%s\n", o->long_name, value ? "\t" : "", value ? value : "");
		}
	}
	fputs("-h\n--help\n", out);
}
