/*
 * hooks.c - openreg hooks: install the git hooks that enforce the rules,
 * and run them.  An installed hook is a two-line script that calls this
 * program, so the rules live in one place and a hook cannot drift from the
 * version of openreg that wrote it.
 *
 *   pre-commit   openreg check --staged
 *   commit-msg   the Reference: trailer rule for staged exclusion changes
 *   pre-receive  every pushed commit, inside git's object quarantine
 *   post-receive the history index extended by what was accepted (index.c)
 */
#include "cmd.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MARKER "# installed by openreg hooks install"

static const char *const client_hooks[] = { "pre-commit", "commit-msg", NULL };
static const char *const server_hooks[] = { "pre-receive", "post-receive", NULL };

/* The absolute path of this program, for the hook scripts. */
static char *self_path(const char *argv0)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);

	if (n > 0) {
		buf[n] = '\0';
		return strdup(buf);
	}
	return realpath(argv0, NULL);
}

/* Single-quote s for sh. */
static void print_quoted(FILE *f, const char *s)
{
	fputc('\'', f);
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", f);
		else
			fputc(*s, f);
	}
	fputc('\'', f);
}

/* A hook that someone else wrote is not overwritten without --force. */
static int check_foreign(const char *dir, const char *name)
{
	char path[PATH_MAX], head[256];
	FILE *f;
	size_t n;

	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
		return fail("hooks folder path too long");
	if (!(f = fopen(path, "r")))
		return EXIT_CLEAN;
	n = fread(head, 1, sizeof(head) - 1, f);
	head[n] = '\0';
	fclose(f);
	if (!strstr(head, MARKER))
		return fail("%s exists and was not installed by openreg: move it away, or use --force", path);
	return EXIT_CLEAN;
}

static int install_one(const char *dir, const char *name, const char *program, int server)
{
	char path[PATH_MAX], tmp[PATH_MAX];
	FILE *f;

	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path) ||
		snprintf(tmp, sizeof(tmp), "%s/.%s.openreg", dir, name) >= (int)sizeof(tmp))
		return fail("hooks folder path too long");
	if (!(f = fopen(tmp, "w")))
		return fail("cannot write %s: %s", tmp, strerror(errno));
	/* a moved or removed openreg: one line that says how to fix it, and the hook refuses */
	fprintf(f, "#!/bin/sh\n%s\nprogram=", MARKER);
	print_quoted(f, program);
	fprintf(f, "\nif ! test -x \"$program\"; then\n"
		"\techo \"${GL_ID:+GL-HOOK-ERR: }openreg hook %s: the openreg program $program is missing, so the "
		"hook refuses: reinstall the hooks with 'openreg hooks install%s --force'\" >&2\n"
		"\texit 1\nfi\n"
		"exec \"$program\" hooks run %s \"$@\"\n", name, server ? " --server" : "", name);
	if (fclose(f) || chmod(tmp, 0755) || rename(tmp, path)) {
		int e = errno;

		unlink(tmp);
		return fail("cannot install %s: %s", path, strerror(e));
	}
	printf("installed %s\n", path);
	return 0;
}

static int print_line(const char *line, void *payload)
{
	(void)payload;
	printf("%s\n", line);
	return 0;
}

static int hooks_install(const char *argv0, int server, int force)
{
	struct oreg_repo *repo = NULL;
	const char *const *names;
	char *dir = NULL, *program = NULL;
	int configured = 0, status = EXIT_CLEAN, err;

	if ((err = oreg_repo_open(&repo)) < 0)
		return fail_for(err);
	if (server != oreg_repo_is_bare(repo)) {
		status = server ? usage("hooks", "--server installs into a bare repository; this one has a working tree")
			: usage("hooks", "this is a bare repository: use --server");
		goto done;
	}
	if ((err = oreg_repo_hooks_path(&dir, &configured, repo)) < 0) {
		status = fail("%s", oreg_error_message());
		goto done;
	}
	{
		size_t len = strlen(dir);

		while (len > 1 && dir[len - 1] == '/')
			dir[--len] = '\0';
	}
	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		status = fail("cannot create %s: %s", dir, strerror(errno));
		goto done;
	}
	if (!(program = self_path(argv0))) {
		status = fail("cannot find the openreg program itself");
		goto done;
	}
	/* all or nothing: look at every hook before writing any */
	for (names = server ? server_hooks : client_hooks; *names && status == EXIT_CLEAN && !force; names++)
		status = check_foreign(dir, *names);
	if (status == EXIT_CLEAN && configured)
		printf("git runs the hooks of this repository from %s (core.hooksPath)\n", dir);
	for (names = server ? server_hooks : client_hooks; *names && status == EXIT_CLEAN; names++)
		status = install_one(dir, *names, program, server);
	if (status == EXIT_CLEAN && server && (err = oreg_server_configure(repo, print_line, NULL)) < 0)
		status = fail("%s", oreg_error_message());
done:
	free(program);
	free(dir);
	oreg_repo_free(repo);
	return status;
}

/* The findings as refusal lines; GitLab shows lines prefixed GL-HOOK-ERR: in its web interface. */
static int refuse(struct oreg_findings *findings)
{
	const char *gl = getenv("GL_ID");
	char *text = NULL;
	size_t len = 0, errors;
	FILE *mem;
	int status;

	oreg_findings_sort(findings);
	oreg_findings_unique(findings);
	errors = oreg_findings_errors(findings);
	status = errors ? EXIT_FINDINGS : EXIT_CLEAN;
	if (!findings->count)
		return status;
	if (!(mem = open_memstream(&text, &len)))
		return fail("out of memory");
	if (oreg_findings_write(findings, OREG_FORMAT_TEXT, mem) < 0)
		status = fail("%s", oreg_error_message());
	fprintf(mem, "%zu error%s, %zu warning%s%s\n", errors, errors == 1 ? "" : "s", findings->count - errors,
		findings->count - errors == 1 ? "" : "s", errors ? ": the register refuses this change" : "");
	fclose(mem);
	for (char *line = text, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		fprintf(stderr, "%s%s\n", gl && *gl ? "GL-HOOK-ERR: " : "", line);
	}
	free(text);
	return status;
}

static int run_pre_receive(struct oreg_repo *repo, struct oreg_checker *chk, struct oreg_findings *findings)
{
	char line[4096], (*lines)[3][4000] = NULL;
	size_t n = 0, alloc = 0, k;
	int err = 0;

	/* before anything else: without git's own checks, the hook's are not enough */
	if ((err = oreg_server_check_settings(repo, findings)) != 0)
		return err < 0 ? err : 0;
	while (fgets(line, sizeof(line), stdin)) {
		char old[64], new[64], ref[4000];

		if (sscanf(line, "%63s %63s %3999s", old, new, ref) != 3 || strlen(old) != 40 || strlen(new) != 40) {
			err = -1000; /* a line git would never send */
			goto done;
		}
		if ((err = oreg_check_push(chk, old, new, ref, findings)) < 0)
			goto done;
		if (n == alloc) {
			void *more = realloc(lines, (alloc = 2 * alloc + 4) * sizeof(*lines));

			if (!more) {
				err = OREG_ENOMEM;
				goto done;
			}
			lines = more;
		}
		snprintf(lines[n][0], sizeof(lines[n][0]), "%s", old);
		snprintf(lines[n][1], sizeof(lines[n][1]), "%s", new);
		snprintf(lines[n][2], sizeof(lines[n][2]), "%s", ref);
		n++;
	}
	/* an accepted push that was the one rewrite an administrator allowed: it is used up */
	for (k = 0; k < n && !oreg_findings_errors(findings) && err >= 0; k++)
		err = oreg_push_rewrite_done(repo, lines[k][0], lines[k][1], lines[k][2]);
done:
	free(lines);
	return err < 0 ? err : 0;
}

static int hooks_run(int argc, char **argv)
{
	struct oreg_findings findings;
	struct oreg_repo *repo = NULL;
	struct oreg_checker *chk = NULL;
	struct oreg_snapshot *base = NULL, *target = NULL;
	char *message = NULL;
	size_t len;
	int err, status;

	if (argc < 2)
		return usage("hooks", "'hooks run' needs the hook's name");
	if (!strcmp(argv[1], "post-receive"))
		return index_post_receive();
	oreg_findings_init(&findings);
	if ((err = oreg_repo_open(&repo)) < 0 || (err = oreg_checker_new(&chk, repo)) < 0)
		goto done;
	if (!strcmp(argv[1], "pre-receive")) {
		err = run_pre_receive(repo, chk, &findings);
	} else if (!strcmp(argv[1], "pre-commit") || !strcmp(argv[1], "commit-msg")) {
		if (!oreg_repo_head_unborn(repo) &&
			(err = oreg_snapshot_open(&base, repo, OREG_SNAPSHOT_COMMIT, "HEAD")) < 0)
			goto done;
		if ((err = oreg_snapshot_open(&target, repo, OREG_SNAPSHOT_INDEX, NULL)) < 0)
			goto done;
		if (!strcmp(argv[1], "pre-commit")) {
			if ((err = oreg_check_changes(chk, base, target, &findings)) >= 0)
				err = oreg_check_staged_history(chk, base, target, &findings);
		}
		else if (argc < 3)
			err = -1000;
		else if ((err = oreg_file_read(&message, &len, argv[2], 1024 * 1024)) == 0)
			err = oreg_check_message(chk, base, target, argv[2], message, &findings);
	} else {
		oreg_findings_release(&findings);
		oreg_checker_free(chk);
		oreg_repo_free(repo);
		return usage("hooks", "no hook '%s': openreg runs pre-commit, commit-msg, pre-receive and post-receive", argv[1]);
	}
done:
	if (err == -1000)
		status = fail("hook %s: unexpected input from git", argv[1]);
	else if (err < 0)
		/* fail closed: a hook that cannot check refuses */
		status = fail("hook %s cannot check the change, so it refuses it: %s", argv[1], oreg_error_message());
	else
		status = refuse(&findings);
	free(message);
	oreg_snapshot_free(base);
	oreg_snapshot_free(target);
	oreg_findings_release(&findings);
	oreg_checker_free(chk);
	oreg_repo_free(repo);
	return status;
}

enum { OPT_SERVER = 1, OPT_FORCE };

const struct option hooks_options[] = {
	{ OPT_SERVER, 0, "server", NULL, NULL, "install: the server hooks (pre-receive, post-receive), "
	  "into a bare repository" },
	{ OPT_FORCE, 0, "force", NULL, NULL, "install: replace hooks that openreg did not install" },
	OPT_END
};

int cmd_hooks(int argc, char **argv)
{
	struct opt_parser p;
	int c, server = 0, force = 0;

	opt_init(&p, "hooks", argc, argv);
	/* what follows 'run HOOK' is git's, passed on as it is */
	p.stop_at_operand = argc > 1 && !strcmp(argv[1], "run");
	while ((c = opt_next(&p)) > 0) {
		if (c == OPT_SERVER)
			server = 1;
		else
			force = 1;
	}
	if (c < 0)
		return opt_exit(c);
	if (!p.nargs)
		return usage("hooks", "'hooks' needs 'install' or 'run'");
	if (!strcmp(p.args[0], "install")) {
		if (p.nargs > 1)
			return usage("hooks", "unknown argument '%s'", p.args[1]);
		return hooks_install(argv[0], server, force);
	}
	if (!strcmp(p.args[0], "run")) {
		if (server || force)
			return usage("hooks", "--server and --force belong to 'hooks install'");
		return hooks_run(p.nargs, p.args);
	}
	return usage("hooks", "unknown hooks command '%s'", p.args[0]);
}
