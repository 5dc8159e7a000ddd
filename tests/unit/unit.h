/*
 * unit.h - what the unit tests share: cmocka, with the four headers its
 * own header needs before it, and the helpers more than one test needs.
 * Each test is one program, so the helpers are static inline.
 */
#ifndef OREG_UNIT_H
#define OREG_UNIT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "openreg.h"

/* Run a shell command (printf-style); the test fails unless it exits 0. */
static inline void unit_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline void unit_sh(const char *fmt, ...)
{
	char cmd[8192];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	assert_true(n >= 0 && (size_t)n < sizeof(cmd));
	assert_int_equal(system(cmd), 0);
}

/* git's variables from outside cleared: the repository is the one found from here. */
static inline void unit_clear_git_env(void)
{
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	unsetenv("GIT_INDEX_FILE");
	unsetenv("GIT_OBJECT_DIRECTORY");
	unsetenv("GIT_ALTERNATE_OBJECT_DIRECTORIES");
	unsetenv("GIT_COMMON_DIR");
}

/*
 * A repository of the real git, made empty in a new temporary folder:
 * top is its path, and the test runs inside it.  HOME is the temporary
 * folder, no system configuration is read, git's variables from outside
 * are cleared and the author and committer are fixed.
 */
struct unit_repo {
	char top[PATH_MAX];
	char start_dir[PATH_MAX];
};

static inline void unit_repo_init(struct unit_repo *r, const char *name)
{
	char tmpl[256];

	assert_true(strlen(name) < 64);
	snprintf(tmpl, sizeof(tmpl), "/tmp/openreg-test-%s.XXXXXX", name);
	assert_non_null(getcwd(r->start_dir, sizeof(r->start_dir)));
	assert_non_null(mkdtemp(tmpl));
	snprintf(r->top, sizeof(r->top), "%s/repo", tmpl);
	unit_clear_git_env();
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("HOME", tmpl, 1);
	setenv("GIT_AUTHOR_NAME", "A", 1);
	setenv("GIT_AUTHOR_EMAIL", "a@example.org", 1);
	setenv("GIT_COMMITTER_NAME", "C", 1);
	setenv("GIT_COMMITTER_EMAIL", "c@example.org", 1);
	unit_sh("git init -q '%s'", r->top);
	assert_int_equal(chdir(r->top), 0);
}

/* Back to where the test started, and the temporary folder removed. */
static inline void unit_repo_release(struct unit_repo *r)
{
	assert_int_equal(chdir(r->start_dir), 0);
	unit_sh("rm -rf '%.*s'", (int)(strrchr(r->top, '/') - r->top), r->top);
}

/* A finding is exactly this: position, rule, pointer and message. */
static inline void unit_assert_finding(const struct oreg_finding *f, unsigned line, unsigned column,
	const char *rule, const char *pointer, const char *message)
{
	assert_string_equal(f->message, message);
	assert_string_equal(f->rule, rule);
	assert_string_equal(f->pointer, pointer);
	assert_int_equal(f->line, line);
	assert_int_equal(f->column, column);
}

#endif
