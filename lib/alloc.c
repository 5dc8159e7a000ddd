/* alloc.c - allocation that records a failure message instead of crashing. */
#include "internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void *oreg_malloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		oreg_error(OREG_ENOMEM, "out of memory (%zu bytes)", size);
	return p;
}

void *oreg_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		oreg_error(OREG_ENOMEM, "out of memory (%zu x %zu bytes)", n, size);
	return p;
}

void *oreg_realloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);

	if (!p)
		oreg_error(OREG_ENOMEM, "out of memory (%zu bytes)", size);
	return p;
}

char *oreg_strndup(const char *s, size_t len)
{
	char *p;

	if (len == SIZE_MAX) {
		oreg_error(OREG_ENOMEM, "string too long");
		return NULL;
	}
	p = oreg_malloc(len + 1);
	if (p) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

char *oreg_strdup(const char *s)
{
	return oreg_strndup(s, strlen(s));
}

int oreg_grow(void **items, size_t *alloc, size_t need, size_t elem)
{
	size_t n = *alloc;
	void *p;

	if (need <= n)
		return 0;
	if (n < 8)
		n = 8;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			return oreg_error(OREG_ENOMEM, "out of memory");
		n *= 2;
	}
	if (n > SIZE_MAX / elem)
		return oreg_error(OREG_ENOMEM, "out of memory");
	p = oreg_realloc(*items, n * elem);
	if (!p)
		return OREG_ENOMEM;
	*items = p;
	*alloc = n;
	return 0;
}
