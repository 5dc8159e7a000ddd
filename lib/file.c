/* file.c - reading a whole file, with an upper bound so hostile input cannot exhaust memory. */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int oreg_file_read(char **out, size_t *len, const char *path, size_t max)
{
	struct oreg_buf b = OREG_BUF_INIT;
	char chunk[65536];
	ssize_t n;
	int fd, err = 0;

	*out = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_NONBLOCK);
	if (fd < 0)
		return errno == ENOENT ? oreg_error(OREG_ENOTFOUND, "'%s' does not exist", path)
			: oreg_error(OREG_EIO, "cannot open '%s': %s", path, strerror(errno));
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = oreg_error(OREG_EIO, "cannot read '%s': %s", path, strerror(errno));
			break;
		}
		if (n == 0)
			break;
		if (b.len + (size_t)n > max) {
			err = oreg_error(OREG_ELIMIT, "'%s' is over the limit of %zu bytes", path, max);
			break;
		}
		oreg_buf_add(&b, chunk, (size_t)n);
	}
	close(fd);
	if (!err)
		err = oreg_buf_error(&b);
	if (err < 0) {
		oreg_buf_release(&b);
		return err;
	}
	*out = oreg_buf_detach(&b, len);
	return *out ? 0 : OREG_ENOMEM;
}
