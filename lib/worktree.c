/*
 * worktree.c - find and check the record files of a working tree.  Entries
 * are visited in byte order, so output is the same on every machine.
 */
#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct walk {
	const struct oreg_register *reg;
	const char *top;
	struct oreg_findings *findings;
	struct oreg_yaml_options limits;
	int checked;
};

static int layout(struct walk *w, const char *rel, const char *fmt, const char *what)
{
	return oreg_findings_add(w->findings, OREG_SEVERITY_ERROR, rel, 1, 1, OREG_RULE_LAYOUT, "", fmt, what);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int check_file(struct walk *w, const char *full, const char *rel, const struct stat *st)
{
	char *data = NULL;
	size_t len = 0, got;
	ssize_t n;
	int fd, err;

	if ((unsigned long long)st->st_size > w->limits.max_file_size)
		return oreg_yaml_refuse_size(w->findings, rel, (unsigned long long)st->st_size, w->limits.max_file_size);
	fd = open(full, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0)
		return oreg_error(OREG_EIO, "cannot open '%s': %s", rel, strerror(errno));
	len = (size_t)st->st_size;
	data = oreg_malloc(len + 1);
	if (!data) {
		close(fd);
		return OREG_ENOMEM;
	}
	for (got = 0; got < len; got += (size_t)n) {
		n = read(fd, data + got, len - got);
		if (n < 0 && errno == EINTR) {
			n = 0;
			continue;
		}
		if (n <= 0)
			break;
	}
	close(fd);
	if (got != len) {
		free(data);
		return oreg_error(OREG_EIO, "cannot read '%s': %s", rel, got < len ? "file shrank while reading" : strerror(errno));
	}
	err = oreg_register_check_record(w->reg, rel, data, len, w->findings);
	free(data);
	w->checked++;
	return err < 0 ? err : 0;
}

static int walk_path(struct walk *w, const char *rel);

static int walk_dir(struct walk *w, const char *full, const char *rel)
{
	DIR *d = opendir(full);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, alloc = 0, i;
	int err = 0;

	if (!d)
		return oreg_error(OREG_EIO, "cannot open folder '%s': %s", rel, strerror(errno));
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if ((err = oreg_grow((void **)&names, &alloc, n + 1, sizeof(*names))) < 0)
			break;
		if (!(names[n] = oreg_strdup(de->d_name))) {
			err = OREG_ENOMEM;
			break;
		}
		n++;
	}
	closedir(d);
	if (!err)
		qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n; i++) {
		if (!err) {
			char *child = oreg_malloc(strlen(rel) + strlen(names[i]) + 2);

			if (!child) {
				err = OREG_ENOMEM;
			} else {
				sprintf(child, "%s/%s", rel, names[i]);
				err = walk_path(w, child);
				free(child);
			}
		}
		free(names[i]);
	}
	free(names);
	return err;
}

static int walk_path(struct walk *w, const char *rel)
{
	struct stat st;
	char *full;
	size_t len = strlen(rel);
	int err = 0;

	full = oreg_malloc(strlen(w->top) + len + 2);
	if (!full)
		return OREG_ENOMEM;
	sprintf(full, "%s/%s", w->top, rel);
	if (lstat(full, &st) < 0) {
		err = errno == ENOENT ? oreg_error(OREG_ENOTFOUND, "'%s' does not exist", rel)
			: oreg_error(OREG_EIO, "cannot read '%s': %s", rel, strerror(errno));
	} else if (S_ISLNK(st.st_mode)) {
		err = layout(w, rel, "'%s' is a symbolic link: records must be regular files; "
			"replace the link with the file itself", rel);
	} else if (S_ISDIR(st.st_mode)) {
		if (len > 5 && !strcmp(rel + len - 5, ".yaml"))
			err = layout(w, rel, "'%s' is a folder named like a record: rename or remove it", rel);
		if (!err) {
			/* a submodule or nested repository has a .git inside */
			char *git = oreg_malloc(strlen(full) + 6);

			if (!git) {
				err = OREG_ENOMEM;
			} else {
				struct stat gst;

				sprintf(git, "%s/.git", full);
				if (lstat(git, &gst) == 0)
					err = layout(w, rel, "'%s' is a git repository or submodule: records must be "
						"files of the register itself", rel);
				else
					err = walk_dir(w, full, rel);
				free(git);
			}
		}
	} else if (!S_ISREG(st.st_mode)) {
		err = layout(w, rel, "'%s' is not a regular file (a FIFO, socket or device): records must be "
			"regular files", rel);
	} else {
		err = check_file(w, full, rel, &st);
	}
	free(full);
	return err;
}

/* Make p relative to top, without "./", "//" or a trailing '/'. */
static char *normalise(const char *top, const char *p)
{
	size_t tl = strlen(top);
	struct oreg_buf b = OREG_BUF_INIT;

	if (p[0] == '/' && !strncmp(p, top, tl) && (p[tl] == '/' || !p[tl]))
		p += tl;
	while (*p) {
		while (*p == '/')
			p++;
		if (p[0] == '.' && (p[1] == '/' || !p[1])) {
			p++;
			continue;
		}
		while (*p && *p != '/')
			oreg_buf_addch(&b, *p++);
		if (*p)
			oreg_buf_addch(&b, '/');
	}
	while (b.len && b.ptr[b.len - 1] == '/')
		oreg_buf_truncate(&b, b.len - 1);
	if (!b.len)
		oreg_buf_addch(&b, '.');
	return oreg_buf_detach(&b, NULL);
}

static bool has_dotdot(const char *rel)
{
	const char *p = rel;

	for (;;) {
		if (p[0] == '.' && p[1] == '.' && (p[2] == '/' || !p[2]))
			return true;
		if (!(p = strchr(p, '/')))
			return false;
		p++;
	}
}

int oreg_register_check_worktree(const struct oreg_register *reg, const char *top,
	const char *const *paths, size_t npaths, struct oreg_findings *findings)
{
	struct walk w = { .reg = reg, .top = top, .findings = findings };
	size_t i;
	int err = 0;

	oreg_yaml_options_init(&w.limits);
	if (!npaths) {
		struct stat st;
		char *full = oreg_malloc(strlen(top) + strlen(reg->records_dir) + 2);

		if (!full)
			return OREG_ENOMEM;
		sprintf(full, "%s/%s", top, reg->records_dir);
		if (lstat(full, &st) < 0 && errno == ENOENT) {
			free(full);
			return 0; /* an empty register */
		}
		free(full);
		err = walk_path(&w, reg->records_dir);
	}
	for (i = 0; i < npaths && !err; i++) {
		char *rel = normalise(top, paths[i]);

		if (!rel)
			return OREG_ENOMEM;
		if (rel[0] == '/' || has_dotdot(rel))
			err = oreg_error(OREG_EINVALID, "'%s' is outside the register", paths[i]);
		else if (!strcmp(rel, "."))
			err = walk_path(&w, reg->records_dir);
		else
			err = walk_path(&w, rel);
		free(rel);
	}
	return err < 0 ? err : w.checked;
}
