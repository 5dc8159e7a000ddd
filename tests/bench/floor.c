/*
 * floor.c - the bare cost of reading and parsing a register's records.
 *
 *   floor DIR
 *
 * walks DIR/records, reads every *.yaml file whole into memory and runs
 * libyaml's event parser over it until STREAM-END: no document tree, no
 * validation, no sorting of directory entries.  That is the least any
 * checker of the same files must do, and the floor that "openreg
 * validate" is measured against.  Prints
 *
 *   files=<n> bytes=<b> seconds=<s>
 *
 * where seconds covers the walk, the reads and the parses.  A file that
 * libyaml refuses is reported and makes the exit status 1: the floor of
 * a broken register is no floor.
 */
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>
#include <yaml.h>

struct floor {
	unsigned char *buf; /* reused for every file */
	size_t alloc;
	size_t files;
	uint64_t bytes;
	uint64_t events;
	size_t errors;
	char path[4096]; /* of the current file, for messages */
};

static int ends_with_yaml(const char *name)
{
	size_t len = strlen(name);

	return len > 5 && !strcmp(name + len - 5, ".yaml");
}

/* Read fd whole into f->buf; returns the length, or -1. */
static long read_all(struct floor *f, int fd)
{
	struct stat st;
	size_t len = 0;

	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
		return -1;
	for (;;) {
		ssize_t n;

		/* st_size + 1 lets one read reach end of file; grow if the file grew */
		if (len + (size_t)st.st_size + 1 > f->alloc) {
			size_t want = len + (size_t)st.st_size + 4096;
			unsigned char *p = realloc(f->buf, want);

			if (!p) {
				fprintf(stderr, "floor: out of memory\n");
				exit(2);
			}
			f->buf = p;
			f->alloc = want;
		}
		n = read(fd, f->buf + len, f->alloc - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return (long)len;
		len += (size_t)n;
	}
}

static void parse(struct floor *f, size_t len)
{
	yaml_parser_t parser;
	yaml_event_t event;
	int done = 0;

	if (!yaml_parser_initialize(&parser)) {
		fprintf(stderr, "floor: out of memory\n");
		exit(2);
	}
	yaml_parser_set_input_string(&parser, f->buf, len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &event)) {
			fprintf(stderr, "floor: %s:%zu:%zu: %s\n", f->path,
				parser.problem_mark.line + 1, parser.problem_mark.column + 1,
				parser.problem ? parser.problem : "cannot parse");
			f->errors++;
			break;
		}
		done = event.type == YAML_STREAM_END_EVENT;
		f->events++;
		yaml_event_delete(&event);
	}
	yaml_parser_delete(&parser);
}

/*
 * Walk the folder open at fd_dir (closed when done), whose path f->path
 * holds (plen bytes).
 */
static void walk(struct floor *f, int fd_dir, size_t plen)
{
	DIR *dir = fdopendir(fd_dir);
	struct dirent *de;

	if (!dir) {
		fprintf(stderr, "floor: cannot read '%s': %s\n", f->path, strerror(errno));
		close(fd_dir);
		f->errors++;
		return;
	}
	while ((errno = 0, de = readdir(dir))) {
		const char *name = de->d_name;
		size_t nlen = strlen(name);
		int fd;

		if (name[0] == '.')
			continue;
		if (plen + 1 + nlen + 1 > sizeof(f->path)) {
			fprintf(stderr, "floor: path too long under '%s'\n", f->path);
			f->errors++;
			continue;
		}
		f->path[plen] = '/';
		memcpy(f->path + plen + 1, name, nlen + 1);

		if (ends_with_yaml(name)) {
			long len;

			fd = openat(fd_dir, name, O_RDONLY | O_NOFOLLOW);
			if (fd < 0) {
				fprintf(stderr, "floor: cannot open '%s': %s\n", f->path, strerror(errno));
				f->errors++;
				continue;
			}
			len = read_all(f, fd);
			close(fd);
			if (len < 0) {
				fprintf(stderr, "floor: cannot read '%s'\n", f->path);
				f->errors++;
				continue;
			}
			f->files++;
			f->bytes += (uint64_t)len;
			parse(f, (size_t)len);
		} else {
			/* anything else that opens as a folder is walked; the rest is skipped */
			fd = openat(fd_dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
			if (fd >= 0)
				walk(f, fd, plen + 1 + nlen);
		}
	}
	f->path[plen] = '\0';
	if (errno) {
		fprintf(stderr, "floor: cannot read '%s': %s\n", f->path, strerror(errno));
		f->errors++;
	}
	closedir(dir);
}

int main(int argc, char **argv)
{
	struct floor f = { 0 };
	struct timespec t0, t1;
	int fd;

	if (argc != 2 || argv[1][0] == '-') {
		fputs("usage: floor DIR\n", stderr);
		return 2;
	}
	if (snprintf(f.path, sizeof(f.path), "%s/records", argv[1]) >= (int)sizeof(f.path)) {
		fputs("floor: path too long\n", stderr);
		return 2;
	}

	clock_gettime(CLOCK_MONOTONIC, &t0);
	fd = open(f.path, O_RDONLY | O_DIRECTORY);
	if (fd < 0) {
		fprintf(stderr, "floor: cannot open '%s': %s\n", f.path, strerror(errno));
		return 2;
	}
	walk(&f, fd, strlen(f.path));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	free(f.buf);

	printf("files=%zu bytes=%" PRIu64 " seconds=%.6f\n", f.files, f.bytes,
		(double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "floor: cannot write: %s\n", strerror(errno));
		return 2;
	}
	if (f.errors) {
		fprintf(stderr, "floor: %zu file(s) could not be read or parsed\n", f.errors);
		return 1;
	}
	return 0;
}
