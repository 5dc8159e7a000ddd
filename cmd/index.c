/*
 * index.c - openreg index: the history index for operators.  Without an
 * option it brings the index up to date with HEAD (building it when there
 * is none); --rebuild builds it anew; --verify reads all of it and checks
 * it against the repository without repairing it; --stat says what it
 * holds.  The commands that read history use the index by themselves.
 */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ---- progress on a terminal, shared with the commands that may build the index ---- */

/*
 * As the rest of the program shows progress (ui.c), and git: on a terminal
 * only, not with -q, each phase only once it has taken longer than
 * OPENREG_PROGRESS_DELAY seconds (default 1), redrawn at most ten times a
 * second, with "done." at the end if it was shown at all.
 */
struct progress_state {
	char what[64];
	double start, last;
	int shown;
};

static double seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void show_progress(void *payload, const char *what, size_t done, size_t total)
{
	struct progress_state *ps = payload;
	const char *env = getenv("OPENREG_PROGRESS_DELAY");
	double t = seconds(), delay = env && *env ? strtod(env, NULL) : 1.0;

	if (strncmp(ps->what, what, sizeof(ps->what) - 1)) {
		/* the next phase (the first began with the command) */
		if (*ps->what)
			ps->start = t;
		snprintf(ps->what, sizeof(ps->what), "%s", what);
		ps->last = 0;
		ps->shown = 0;
	}
	if (ui.quiet || !total)
		return;
	if (done < total && (t - ps->start < delay || t - ps->last < 0.1))
		return;
	if (done == total && !ps->shown && t - ps->start < delay)
		return;
	fprintf(stderr, "\r%s: %u%% (%zu/%zu)%s", what, (unsigned)(done * 100 / total), done, total,
		done == total ? ", done.\n" : "");
	fflush(stderr);
	ps->last = t;
	ps->shown = done < total;
}

void histindex_progress_on_terminal(void)
{
	static struct progress_state ps;
	static const struct oreg_histindex_progress p = { show_progress, &ps };

	ps.start = seconds();
	if (isatty(2))
		oreg_histindex_set_progress(&p);
}

static void print_stat(const struct oreg_histindex_stat *st, size_t keys)
{
	printf("tip %s\n", st->tip);
	printf("commits %zu\n", st->steps);
	printf("merged commits %zu\n", st->side);
	printf("layers %zu\n", st->layers);
	printf("bytes %zu\n", st->bytes);
	if (keys)
		printf("keys %zu\n", keys);
	if (st->in_memory)
		printf("not written: the index's folder is read-only or another openreg is writing it\n");
}

enum { OPT_REBUILD = 1, OPT_VERIFY, OPT_STAT };

const struct option index_options[] = {
	{ OPT_REBUILD, 0, "rebuild", NULL, NULL, "build the index anew, whatever is there" },
	{ OPT_VERIFY, 0, "verify", NULL, NULL, "read all of the index and check it against the repository" },
	{ OPT_STAT, 0, "stat", NULL, NULL, "say what the index holds, without building it" },
	OPT_END
};

int cmd_index(int argc, char **argv)
{
	enum { UPDATE, REBUILD, VERIFY, STAT } mode = UPDATE;
	struct opt_parser p;
	struct oreg_repo *repo = NULL;
	struct oreg_histindex *ix = NULL;
	struct oreg_histindex_stat st;
	size_t keys = 0;
	int c, err, status = EXIT_CLEAN;

	opt_init(&p, "index", argc, argv);
	while ((c = opt_next(&p)) > 0) {
		if (mode != UPDATE)
			return usage("index", "--rebuild, --verify and --stat go alone");
		mode = c == OPT_REBUILD ? REBUILD : c == OPT_VERIFY ? VERIFY : STAT;
	}
	if (c < 0)
		return opt_exit(c);
	if (p.nargs)
		return usage("index", "'index' takes no operand, not '%s'", p.args[0]);
	if ((err = oreg_repo_open(&repo)) < 0)
		return fail("%s", oreg_error_message());
	if (oreg_repo_head_unborn(repo)) {
		fprintf(stderr, "openreg: the branch has no commits yet: there is no history to index\n");
		status = EXIT_USAGE;
		goto done;
	}
	histindex_progress_on_terminal();
	switch (mode) {
	case VERIFY:
		if ((err = oreg_histindex_verify(&st, repo, &keys)) == OREG_EINVALID) {
			fprintf(stderr, "openreg: %s\n", oreg_error_message());
			status = EXIT_FINDINGS;
		} else if (err == OREG_ENOTFOUND) {
			fprintf(stderr, "openreg: %s\n", oreg_error_message());
			status = EXIT_USAGE;
		} else if (err < 0) {
			status = fail("%s", oreg_error_message());
		} else {
			print_stat(&st, keys);
			printf("ok\n");
		}
		break;
	case REBUILD:
	case UPDATE:
	case STAT:
		if ((err = oreg_histindex_open(&ix, repo, NULL, mode == REBUILD ? OREG_HISTINDEX_REBUILD :
				mode == STAT ? OREG_HISTINDEX_NO_BUILD | OREG_HISTINDEX_NO_WRITE : OREG_HISTINDEX_WRITE,
				NULL)) < 0) {
			status = fail("%s", oreg_error_message());
			break;
		}
		if (!ix) {
			fprintf(stderr, "openreg: %s\n", mode == STAT ? "there is no history index: openreg index builds it"
				: "no history index for this repository: it is a shallow clone, or git config "
				"openreg.historyIndex is false");
			status = EXIT_USAGE;
			break;
		}
		oreg_histindex_stat(&st, ix);
		if (mode == STAT)
			print_stat(&st, 0);
		else if (st.in_memory)
			status = fail("the history index could not be written: its folder is read-only, or another "
				"openreg is writing it (openreg/history-index.lock in the git directory)");
		break;
	}
done:
	oreg_histindex_free(ix);
	oreg_repo_free(repo);
	return status;
}

int index_post_receive(void)
{
	struct oreg_repo *repo = NULL;
	struct oreg_histindex *ix = NULL;
	char line[4096];
	int err;

	/* the pushed refs: read them all, git writes them whether or not they are needed */
	while (fgets(line, sizeof(line), stdin))
		;
	if ((err = oreg_repo_open(&repo)) == 0 && !oreg_repo_head_unborn(repo))
		err = oreg_histindex_open(&ix, repo, NULL, 0, NULL);
	if (err < 0)
		fprintf(stderr, "openreg: the history index was not extended (%s); it is built again when next needed\n",
			oreg_error_message());
	oreg_histindex_free(ix);
	oreg_repo_free(repo);
	return EXIT_CLEAN;
}
