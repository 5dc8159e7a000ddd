/*
 * worktree.c - the files of a working tree as entries, and checking them.
 * Entries are listed without following symbolic links and sorted by path,
 * so output is the same on every machine.
 */
#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct walk {
	struct oreg_entries *out;
	struct oreg_buf full; /* top + '/' + rel, reused */
	size_t top_len;
};

static int add(struct walk *w, enum oreg_entry_mode mode, unsigned long long size)
{
	const char *rel = w->full.ptr + w->top_len + 1;
	struct oreg_entry *e = oreg_entries_add(w->out, rel, strlen(rel), mode);

	if (!e)
		return OREG_ENOMEM;
	e->size = size;
	return 0;
}

static int walk_path(struct walk *w);

static int walk_dir(struct walk *w)
{
	DIR *d = opendir(w->full.ptr);
	struct dirent *de;
	size_t len = w->full.len;
	int err = 0;

	if (!d)
		return oreg_error(OREG_EIO, "cannot open folder '%s': %s", w->full.ptr + w->top_len + 1,
			strerror(errno));
	while (!err && (errno = 0, de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		oreg_buf_addch(&w->full, '/');
		oreg_buf_adds(&w->full, de->d_name);
		err = oreg_buf_error(&w->full);
		if (!err)
			err = walk_path(w);
		oreg_buf_truncate(&w->full, len);
	}
	if (!err && errno)
		err = oreg_error(OREG_EIO, "cannot read folder '%s': %s", w->full.ptr + w->top_len + 1,
			strerror(errno));
	closedir(d);
	return err;
}

static int walk_path(struct walk *w)
{
	struct stat st;
	size_t len = w->full.len;

	if (lstat(w->full.ptr, &st) < 0)
		return errno == ENOENT ? oreg_error(OREG_ENOTFOUND, "'%s' does not exist", w->full.ptr + w->top_len + 1)
			: oreg_error(OREG_EIO, "cannot read '%s': %s", w->full.ptr + w->top_len + 1, strerror(errno));
	if (S_ISLNK(st.st_mode))
		return add(w, OREG_ENTRY_SYMLINK, 0);
	if (S_ISREG(st.st_mode))
		return add(w, OREG_ENTRY_FILE, (unsigned long long)st.st_size);
	if (!S_ISDIR(st.st_mode))
		return add(w, OREG_ENTRY_SPECIAL, 0);
	if (len >= 5 && !strcmp(w->full.ptr + len - 5, ".yaml"))
		return add(w, OREG_ENTRY_FOLDER, 0);
	{
		/* a submodule or nested repository has a .git inside */
		struct stat gst;
		int found;

		oreg_buf_adds(&w->full, "/.git");
		if (oreg_buf_error(&w->full) < 0)
			return OREG_ENOMEM;
		found = lstat(w->full.ptr, &gst) == 0;
		oreg_buf_truncate(&w->full, len);
		if (found)
			return add(w, OREG_ENTRY_SUBMODULE, 0);
	}
	return walk_dir(w);
}

int oreg_worktree_list(struct oreg_entries *out, const char *top, const char *dir)
{
	struct walk w = { .out = out };
	struct stat st;
	int err;

	oreg_buf_init(&w.full);
	oreg_buf_adds(&w.full, top);
	w.top_len = w.full.len;
	oreg_buf_addch(&w.full, '/');
	oreg_buf_adds(&w.full, dir);
	if ((err = oreg_buf_error(&w.full)) < 0)
		goto done;
	if (lstat(w.full.ptr, &st) < 0 && errno == ENOENT)
		goto done; /* nothing there: an empty register */
	err = walk_path(&w);
	oreg_entries_sort(out);
done:
	oreg_buf_release(&w.full);
	return err;
}

int oreg_entry_check_mode(const struct oreg_entry *e, struct oreg_findings *findings)
{
	const char *fmt;
	int err;

	switch (e->mode) {
	case OREG_ENTRY_FILE:
		return 0;
	case OREG_ENTRY_SYMLINK:
		fmt = "'%s' is a symbolic link: records must be regular files; replace the link with the file itself";
		break;
	case OREG_ENTRY_SUBMODULE:
		fmt = "'%s' is a submodule or nested repository: records must be files of the register itself";
		break;
	case OREG_ENTRY_FOLDER:
		fmt = "'%s' is a folder named like a record: rename or remove it";
		break;
	case OREG_ENTRY_CONFLICT:
		fmt = "'%s' has unresolved merge conflicts: resolve them and 'git add' the result";
		break;
	default:
		fmt = "'%s' is not a regular file (a FIFO, socket or device): records must be regular files";
		break;
	}
	err = oreg_findings_add(findings, OREG_SEVERITY_ERROR, e->path, 1, 1, OREG_RULE_LAYOUT, "", fmt, e->path);
	return err < 0 ? err : 1;
}

static int read_file(char **data, size_t *len, const char *top, const char *rel, size_t max)
{
	struct oreg_buf full = OREG_BUF_INIT;
	int err;

	oreg_buf_addf(&full, "%s/%s", top, rel);
	if ((err = oreg_buf_error(&full)) < 0)
		return err;
	err = oreg_file_read(data, len, full.ptr, max);
	oreg_buf_release(&full);
	return err;
}

/*
 * The real path of p's folder followed by p's last name, which is not
 * followed: a symbolic link named on the command line is judged as a link.
 */
static char *resolve_parent(const char *p)
{
	const char *slash = strrchr(p, '/');
	struct oreg_buf b = OREG_BUF_INIT;
	char *dir, *real;

	if (!slash || !slash[1] || !strcmp(slash + 1, ".") || !strcmp(slash + 1, ".."))
		return realpath(p, NULL);
	dir = oreg_strndup(p, slash == p ? 1 : (size_t)(slash - p));
	real = dir ? realpath(dir, NULL) : NULL;
	free(dir);
	if (!real)
		return NULL;
	oreg_buf_addf(&b, "%s/%s", strcmp(real, "/") ? real : "", slash + 1);
	free(real);
	return oreg_buf_detach(&b, NULL);
}

/* Append the components of p to b, resolving "." and ".." lexically; false if it climbs out. */
static bool add_components(struct oreg_buf *b, const char *p)
{
	while (*p == '/')
		p++;
	while (*p) {
		const char *end = strchr(p, '/');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len == 2 && !memcmp(p, "..", 2)) {
			char *slash;

			if (!b->len)
				return false;
			slash = strrchr(b->ptr, '/');
			oreg_buf_truncate(b, slash ? (size_t)(slash - b->ptr) : 0);
		} else if (len && !(len == 1 && *p == '.')) {
			if (b->len)
				oreg_buf_addch(b, '/');
			oreg_buf_add(b, p, len);
		}
		p += len;
		while (*p == '/')
			p++;
	}
	return true;
}

/*
 * The path p, given relative to the folder prefix of the register (or
 * absolute), relative to the register's top: "." for the top itself,
 * NULL (with OREG_EINVALID) when it lies outside.
 */
static char *relative_to_top(const char *top, const char *prefix, const char *p)
{
	struct oreg_buf b = OREG_BUF_INIT;
	char *real_top = NULL, *real_p = NULL;
	bool inside;

	if (p[0] == '/') {
		size_t tl;

		real_top = realpath(top, NULL);
		real_p = resolve_parent(p);
		tl = real_top ? strlen(real_top) : 0;
		inside = real_top && real_p && !strncmp(real_p, real_top, tl) && (real_p[tl] == '/' || !real_p[tl]) &&
			add_components(&b, real_p + tl);
	} else {
		inside = add_components(&b, prefix ? prefix : "") && add_components(&b, p);
	}
	free(real_top);
	free(real_p);
	if (!inside) {
		oreg_buf_release(&b);
		oreg_error(OREG_EINVALID, "'%s' is outside the register", p);
		return NULL;
	}
	if (!b.len)
		oreg_buf_addch(&b, '.');
	return oreg_buf_detach(&b, NULL);
}

/* Is dir (absolute) one of the colon-separated GIT_CEILING_DIRECTORIES? */
static bool is_ceiling(const char *dir)
{
	const char *list = getenv("GIT_CEILING_DIRECTORIES");

	while (list && *list) {
		const char *colon = strchr(list, ':');
		size_t len = colon ? (size_t)(colon - list) : strlen(list);

		while (len > 1 && list[len - 1] == '/')
			len--;
		if (len && strlen(dir) == len && !memcmp(dir, list, len))
			return true;
		list = colon ? colon + 1 : NULL;
	}
	return false;
}

int oreg_worktree_find_top(char **top, char **prefix, const char *start)
{
	char *dir = realpath(start, NULL), *here = NULL;
	struct oreg_buf probe = OREG_BUF_INIT;
	struct stat st;
	int err = 0;

	*top = NULL;
	if (prefix)
		*prefix = NULL;
	if (!dir || !(here = oreg_strdup(dir))) {
		free(dir);
		return oreg_error(OREG_EIO, "cannot resolve '%s': %s", start, strerror(errno));
	}
	for (;;) {
		char *slash;

		oreg_buf_clear(&probe);
		oreg_buf_addf(&probe, "%s/schemas/register.yaml", strcmp(dir, "/") ? dir : "");
		if ((err = oreg_buf_error(&probe)) < 0)
			break;
		if (stat(probe.ptr, &st) == 0)
			break;
		slash = strrchr(dir, '/');
		if (!slash || !strcmp(dir, "/") || is_ceiling(dir)) {
			err = oreg_error(OREG_ENOTFOUND, "not in a register: no schemas/register.yaml here "
				"or in any parent folder");
			break;
		}
		if (slash == dir)
			slash[1] = '\0';
		else
			*slash = '\0';
	}
	oreg_buf_release(&probe);
	if (!err && prefix) {
		size_t tl = strcmp(dir, "/") ? strlen(dir) : 0;

		*prefix = oreg_strdup(here + tl + (here[tl] == '/'));
		if (!*prefix)
			err = OREG_ENOMEM;
	}
	free(here);
	if (err < 0) {
		free(dir);
		return err;
	}
	*top = dir;
	return 0;
}

int oreg_register_check_content(const struct oreg_register *reg, const struct oreg_entry *entry,
	const char *data, size_t len, struct oreg_findings *findings)
{
	struct oreg_yaml_options limits;

	oreg_yaml_options_init(&limits);
	if (len > limits.max_file_size)
		return oreg_yaml_refuse_size(findings, entry->path, len, limits.max_file_size) < 0 ? OREG_ENOMEM : 1;
	return oreg_register_check_record(reg, entry->path, data, len, findings);
}

/*
 * Checking files is independent work: the workers take the next entry in
 * turn, each with findings of its own, merged (and later sorted) at the end.
 */
struct check_job {
	const struct oreg_register *reg;
	const char *top;
	const struct oreg_entries *entries;
	atomic_size_t next;
	atomic_int checked;
	atomic_int err;
	pthread_mutex_t lock; /* for the first failure's message */
	char message[512];
};

struct check_worker {
	struct check_job *job;
	struct oreg_findings findings;
};

static int check_one(struct check_job *job, size_t i, struct oreg_findings *findings)
{
	const struct oreg_entry *e = &job->entries->items[i];
	struct oreg_yaml_options limits;
	char *data = NULL;
	size_t len = 0;
	int err;

	if (i && !strcmp(e->path, job->entries->items[i - 1].path))
		return 0; /* named twice on the command line */
	if ((err = oreg_entry_check_mode(e, findings)) != 0)
		return err < 0 ? err : 0;
	atomic_fetch_add(&job->checked, 1);
	oreg_yaml_options_init(&limits);
	if (e->size > limits.max_file_size)
		return oreg_yaml_refuse_size(findings, e->path, e->size, limits.max_file_size);
	err = read_file(&data, &len, job->top, e->path, limits.max_file_size + 1);
	if (!err)
		err = oreg_register_check_content(job->reg, e, data, len, findings);
	free(data);
	return err < 0 ? err : 0;
}

static void *check_some(void *payload)
{
	struct check_worker *w = payload;
	struct check_job *job = w->job;
	size_t i;
	int err;

	while (!atomic_load(&job->err) && (i = atomic_fetch_add(&job->next, 1)) < job->entries->count) {
		if ((err = check_one(job, i, &w->findings)) < 0) {
			pthread_mutex_lock(&job->lock);
			if (!atomic_load(&job->err)) {
				snprintf(job->message, sizeof(job->message), "%s", oreg_error_message());
				atomic_store(&job->err, err);
			}
			pthread_mutex_unlock(&job->lock);
		}
	}
	return NULL;
}

#define MAX_WORKERS 16

static int check_entries(const struct oreg_register *reg, const char *top, const struct oreg_entries *entries,
	struct oreg_findings *findings, int *checked)
{
	struct check_job job = { .reg = reg, .top = top, .entries = entries };
	struct check_worker workers[MAX_WORKERS];
	pthread_t threads[MAX_WORKERS];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t n = cpus > 1 ? (size_t)cpus : 1, started = 0, k;
	int err = 0;

	if (n > MAX_WORKERS)
		n = MAX_WORKERS;
	if (entries->count < 64)
		n = 1; /* not worth a thread */
	atomic_init(&job.next, 0);
	atomic_init(&job.checked, 0);
	atomic_init(&job.err, 0);
	pthread_mutex_init(&job.lock, NULL);
	for (k = 0; k < n; k++) {
		workers[k].job = &job;
		oreg_findings_init(&workers[k].findings);
	}
	for (k = 1; k < n; k++)
		if (pthread_create(&threads[started], NULL, check_some, &workers[k]) == 0)
			started++;
	check_some(&workers[0]);
	for (k = 0; k < started; k++)
		pthread_join(threads[k], NULL);
	for (k = 0; k < n; k++) {
		if (!err && oreg_findings_move(findings, &workers[k].findings) < 0)
			err = OREG_ENOMEM;
		oreg_findings_release(&workers[k].findings);
	}
	pthread_mutex_destroy(&job.lock);
	if (atomic_load(&job.err))
		err = oreg_error(atomic_load(&job.err), "%s", job.message);
	*checked = atomic_load(&job.checked);
	return err;
}

int oreg_register_check_worktree(const struct oreg_register *reg, const char *top,
	const char *prefix, const char *const *paths, size_t npaths, struct oreg_findings *findings)
{
	struct oreg_entries entries;
	size_t i;
	int err = 0, checked = 0;

	oreg_entries_init(&entries);
	if (!npaths)
		err = oreg_worktree_list(&entries, top, reg->records_dir);
	for (i = 0; i < npaths && !err; i++) {
		char *rel = relative_to_top(top, prefix, paths[i]);
		struct stat st;
		struct oreg_buf full = OREG_BUF_INIT;

		if (!rel) {
			err = OREG_EINVALID;
			break;
		}
		oreg_buf_addf(&full, "%s/%s", top, rel);
		if (lstat(full.ptr, &st) < 0)
			err = oreg_error(OREG_ENOTFOUND, "'%s' does not exist", paths[i]);
		else
			err = oreg_worktree_list(&entries, top, strcmp(rel, ".") ? rel : reg->records_dir);
		oreg_buf_release(&full);
		free(rel);
	}
	oreg_entries_sort(&entries);
	if (!err)
		err = check_entries(reg, top, &entries, findings, &checked);
	oreg_entries_release(&entries);
	return err < 0 ? err : checked;
}
