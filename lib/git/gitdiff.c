/*
 * gitdiff.c - the changes between pairs of trees, as the git program
 * compares them: `git diff-tree --stdin -r -t -z` reading one pair of tree
 * ids a line.  git keeps the delta bases of the large folder trees it has
 * rebuilt (core.deltaBaseCacheLimit); libgit2 1.5 keeps none over 1 MB, so
 * a long walk along the history compares trees several times faster here.
 *
 * The only place openreg's library runs another program.  Nothing here is
 * trusted: the pairs are checked to come back in the order given, every
 * record is parsed strictly, and anything unexpected (no git, an option it
 * does not know, a record out of shape, an exit status but 0) is a doubt
 * the caller answers by comparing the trees itself.
 */
#include "git.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define READ_CHUNK (256 * 1024)
/* no record of a well-formed tree diff comes near this: a longer one is a doubt */
#define MAX_RECORD (64 * 1024)

static const unsigned char empty_tree[20] = {
	0x4b, 0x82, 0x5d, 0xc6, 0x42, 0xcb, 0x6e, 0xb9, 0xa0, 0x60,
	0xe5, 0x4b, 0xf8, 0xd6, 0x92, 0x88, 0xfb, 0xee, 0x49, 0x04,
};

struct oreg_gitdiff {
	pid_t pid;
	int fd;              /* git's standard output */
	const unsigned char (*trees)[20];
	const unsigned char *start;
	size_t n, pair;      /* pairs, and those whose header came */
	char *buf;
	size_t len, at, alloc;
	int eof, doubt;
};

/* 1 when the git program could not be run as asked. */
int oreg_gitdiff_start(struct oreg_gitdiff **out, struct oreg_repo *r, const unsigned char (*trees)[20], size_t n,
	const unsigned char *start)
{
	struct oreg_gitdiff *g = NULL;
	posix_spawn_file_actions_t fa;
	char *gitdir_arg = NULL, hex[41];
	const char *gitdir = git_repository_path(r->repo);
	FILE *in = NULL;
	int pipefd[2] = { -1, -1 }, err = 1, fa_ready = 0;
	size_t i;

	*out = NULL;
	if (!gitdir || !(gitdir_arg = malloc(strlen(gitdir) + 16)))
		return gitdir ? OREG_ENOMEM : 1;
	sprintf(gitdir_arg, "--git-dir=%s", gitdir);
	if (!(g = oreg_calloc(1, sizeof(*g)))) {
		err = OREG_ENOMEM;
		goto done;
	}
	g->pid = -1;
	g->fd = -1;
	g->trees = trees;
	g->start = start;
	g->n = n;
	/* the pairs, in a file: git answers one line before it reads the next */
	if (!(in = tmpfile()))
		goto done;
	for (i = 0; i < n; i++) {
		const unsigned char *from = i ? trees[i - 1] : start ? start : empty_tree;

		oreg_oid_hex(hex, from);
		fputs(hex, in);
		fputc(' ', in);
		oreg_oid_hex(hex, trees[i]);
		fputs(hex, in);
		fputc('\n', in);
	}
	if (fflush(in) != 0 || ferror(in) || fseek(in, 0, SEEK_SET) != 0)
		goto done;
	if (pipe(pipefd) < 0 || fcntl(pipefd[0], F_SETFD, FD_CLOEXEC) < 0 || fcntl(pipefd[1], F_SETFD, FD_CLOEXEC) < 0)
		goto done;
	if (posix_spawn_file_actions_init(&fa) != 0)
		goto done;
	fa_ready = 1;
	if (posix_spawn_file_actions_adddup2(&fa, fileno(in), 0) != 0 ||
		posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1) != 0 ||
		posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0) != 0)
		goto done;
	{
		/*
		 * Nothing in the configuration may change what is compared or
		 * how it is written: no replacement objects, no renames, no
		 * hidden submodules, no order file, full ids, NUL-separated.
		 */
		const char *argv[] = {
			"git", "--no-replace-objects", gitdir_arg, "diff-tree", "--stdin", "-r", "-t", "-z",
			"--no-renames", "--no-abbrev", "--ignore-submodules=none", "--no-relative", "-O/dev/null",
			"--no-ext-diff", "--no-textconv", NULL
		};

		if (posix_spawnp(&g->pid, "git", &fa, NULL, (char *const *)argv, environ) != 0) {
			g->pid = -1;
			goto done;
		}
	}
	close(pipefd[1]);
	pipefd[1] = -1;
	g->fd = pipefd[0];
	pipefd[0] = -1;
	*out = g;
	g = NULL;
	err = 0;
done:
	if (fa_ready)
		posix_spawn_file_actions_destroy(&fa);
	if (pipefd[0] >= 0)
		close(pipefd[0]);
	if (pipefd[1] >= 0)
		close(pipefd[1]);
	if (in)
		fclose(in);
	free(gitdir_arg);
	free(g);
	return err;
}

/* Make at least want bytes readable from g->at; 0, or 1 at the end of the output, or OREG_ENOMEM. */
static int fill(struct oreg_gitdiff *g, size_t want)
{
	while (g->len - g->at < want) {
		ssize_t got;

		if (g->eof)
			return 1;
		if (g->at) {
			memmove(g->buf, g->buf + g->at, g->len - g->at);
			g->len -= g->at;
			g->at = 0;
		}
		if (oreg_grow((void **)&g->buf, &g->alloc, g->len + READ_CHUNK, 1) < 0)
			return OREG_ENOMEM;
		got = read(g->fd, g->buf + g->len, g->alloc - g->len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			g->eof = 1;
		else
			g->len += (size_t)got;
	}
	return 0;
}

/* The 40 hex digits at p as an id; -1 when they are not. */
static int parse_hex(unsigned char out[20], const char *p)
{
	git_oid oid;

	if (git_oid_fromstrn(&oid, p, 40) < 0) {
		git_error_clear();
		return -1;
	}
	memcpy(out, oid.id, 20);
	return 0;
}

static int parse_mode(unsigned *out, const char *p)
{
	unsigned m = 0;
	size_t k;

	for (k = 0; k < 6; k++) {
		if (p[k] < '0' || p[k] > '7')
			return -1;
		m = m << 3 | (unsigned)(p[k] - '0');
	}
	*out = m;
	return 0;
}

static int doubt(struct oreg_gitdiff *g)
{
	g->doubt = 1;
	return 1;
}

/*
 * The next record: OREG_GITDIFF_PAIR when the next pair's changes begin,
 * OREG_GITDIFF_CHANGE with *c filled (its path valid until the next call),
 * OREG_GITDIFF_END after the last pair; 1 on any doubt; OREG_ENOMEM.
 */
int oreg_gitdiff_next(struct oreg_gitdiff *g, struct oreg_gitdiff_change *c)
{
	/* ":MMMMMM MMMMMM <40> <40> X\0" is 99 bytes, a header "<40> <40>\n" 82 */
	const char *p, *nul;
	unsigned char a[20], b[20];
	int err;

	if (g->doubt)
		return 1;
	if ((err = fill(g, 1)) != 0)
		return err < 0 ? err : g->pair == g->n ? OREG_GITDIFF_END : doubt(g);
	p = g->buf + g->at;
	if (*p != ':') {
		if ((err = fill(g, 82)) != 0)
			return err < 0 ? err : doubt(g);
		p = g->buf + g->at;
		if (g->pair >= g->n || p[40] != ' ' || p[81] != '\n' || parse_hex(a, p) < 0 || parse_hex(b, p + 41) < 0 ||
			memcmp(a, g->pair ? g->trees[g->pair - 1] : g->start ? g->start : empty_tree, 20) ||
			memcmp(b, g->trees[g->pair], 20))
			return doubt(g);
		g->at += 82;
		g->pair++;
		return OREG_GITDIFF_PAIR;
	}
	if (!g->pair || (err = fill(g, 99)) != 0)
		return err < 0 ? err : doubt(g);
	p = g->buf + g->at;
	if (p[7] != ' ' || p[14] != ' ' || p[55] != ' ' || p[96] != ' ' || p[98] != '\0' ||
		parse_mode(&c->omode, p + 1) < 0 || parse_mode(&c->nmode, p + 8) < 0 ||
		parse_hex(c->oid, p + 15) < 0 || parse_hex(c->nid, p + 56) < 0 || !strchr("ADMT", p[97]))
		return doubt(g);
	/* the path, up to its NUL */
	for (;;) {
		p = g->buf + g->at;
		if ((nul = memchr(p + 99, '\0', g->len - g->at - 99)))
			break;
		if (g->len - g->at > MAX_RECORD)
			return doubt(g);
		if ((err = fill(g, g->len - g->at + 1)) != 0)
			return err < 0 ? err : doubt(g);
	}
	c->status = p[97];
	c->path = p + 99;
	c->len = (size_t)(nul - (p + 99));
	g->at = (size_t)(nul + 1 - g->buf);
	return OREG_GITDIFF_CHANGE;
}

/* Wait for git (stopping it when its output is not read to the end): 0 when it did all, else 1. */
int oreg_gitdiff_finish(struct oreg_gitdiff *g)
{
	int status = 0, ok;

	if (!g)
		return 1;
	ok = !g->doubt && g->eof && g->pair == g->n && g->at == g->len;
	if (!ok && g->pid > 0)
		kill(g->pid, SIGTERM);
	if (g->fd >= 0)
		close(g->fd);
	while (g->pid > 0 && waitpid(g->pid, &status, 0) < 0) {
		if (errno != EINTR) {
			ok = 0;
			break;
		}
	}
	if (g->pid > 0 && !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
		ok = 0;
	free(g->buf);
	free(g);
	return ok ? 0 : 1;
}
