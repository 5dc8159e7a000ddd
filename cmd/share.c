/*
 * share.c - where the program finds what it ships besides itself: the
 * schemas and register.yaml of a new register and the sample register,
 * installed by `make install` under $(SHAREDIR) (share/openreg).
 *
 * Looked for, in order: $OPENREG_SHAREDIR; ../share/openreg beside the
 * program (an installation moved as a whole, or under DESTDIR); the folder
 * of the program itself (the build tree: ./openreg beside schemas/); the
 * SHAREDIR compiled in.  The first that holds schemas/register.yaml wins.
 */
#include "cmd.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef OREG_SHAREDIR
#define OREG_SHAREDIR "/usr/local/share/openreg"
#endif

char *program_path(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);

	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	return strdup(buf);
}

static int holds_register(const char *dir)
{
	char path[PATH_MAX];

	if (snprintf(path, sizeof(path), "%s/schemas/register.yaml", dir) >= (int)sizeof(path))
		return 0;
	return access(path, R_OK) == 0;
}

char *share_dir(void)
{
	const char *env = getenv("OPENREG_SHAREDIR");
	char *self = program_path(), *slash, path[PATH_MAX];

	if (env && *env) {
		free(self);
		return holds_register(env) ? strdup(env) : NULL;
	}
	if (self && (slash = strrchr(self, '/'))) {
		*slash = '\0';
		if (snprintf(path, sizeof(path), "%s/../share/openreg", self) < (int)sizeof(path) &&
			holds_register(path)) {
			free(self);
			return realpath(path, NULL);
		}
		if (holds_register(self))
			return self;
	}
	free(self);
	return holds_register(OREG_SHAREDIR) ? strdup(OREG_SHAREDIR) : NULL;
}
