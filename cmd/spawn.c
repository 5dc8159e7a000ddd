/*
 * spawn.c - run another program (git, the user's editor) and wait for it,
 * the way git's run-command does: no shell unless asked for, the program's
 * standard streams those of openreg.
 */
#include "cmd.h"

#include <errno.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int run_program(const char *dir, const char *const argv[])
{
	pid_t pid;
	int status;

	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) < 0) {
		fail("cannot start %s: %s", argv[0], strerror(errno));
		return -1;
	}
	if (pid == 0) {
		if (dir && chdir(dir) < 0) {
			fprintf(stderr, "openreg: cannot enter %s: %s\n", dir, strerror(errno));
			_exit(127);
		}
		execvp(argv[0], (char *const *)argv);
		fprintf(stderr, "openreg: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			fail("waiting for %s: %s", argv[0], strerror(errno));
			return -1;
		}
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}
