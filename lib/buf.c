/* buf.c - a growable string buffer, in the style of git's strbuf. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char oreg_buf__empty[1];

void oreg_buf_init(struct oreg_buf *buf)
{
	buf->ptr = oreg_buf__empty;
	buf->len = buf->alloc = 0;
	buf->oom = false;
}

void oreg_buf_release(struct oreg_buf *buf)
{
	if (!buf)
		return;
	if (buf->alloc)
		free(buf->ptr);
	oreg_buf_init(buf);
}

void oreg_buf_clear(struct oreg_buf *buf)
{
	oreg_buf_truncate(buf, 0);
}

void oreg_buf_truncate(struct oreg_buf *buf, size_t len)
{
	if (len >= buf->len)
		return;
	buf->len = len;
	if (buf->alloc)
		buf->ptr[len] = '\0';
}

void oreg_buf_add(struct oreg_buf *buf, const void *data, size_t len)
{
	char *p;
	size_t alloc;

	if (buf->oom)
		return;
	if (len >= SIZE_MAX / 2 - buf->len) {
		buf->oom = true;
		return;
	}
	if (buf->len + len + 1 > buf->alloc) {
		alloc = buf->alloc < 64 ? 64 : buf->alloc;
		while (alloc < buf->len + len + 1)
			alloc *= 2;
		p = oreg_realloc(buf->alloc ? buf->ptr : NULL, alloc);
		if (!p) {
			buf->oom = true;
			return;
		}
		if (!buf->alloc)
			p[0] = '\0';
		buf->ptr = p;
		buf->alloc = alloc;
	}
	memcpy(buf->ptr + buf->len, data, len);
	buf->len += len;
	buf->ptr[buf->len] = '\0';
}

void oreg_buf_adds(struct oreg_buf *buf, const char *s)
{
	oreg_buf_add(buf, s, strlen(s));
}

void oreg_buf_addch(struct oreg_buf *buf, char c)
{
	oreg_buf_add(buf, &c, 1);
}

void oreg_buf_vaddf(struct oreg_buf *buf, const char *fmt, va_list ap)
{
	char small[256];
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(small, sizeof(small), fmt, cp);
	va_end(cp);
	if (n < 0) {
		buf->oom = true;
		return;
	}
	if ((size_t)n < sizeof(small)) {
		oreg_buf_add(buf, small, (size_t)n);
		return;
	}
	{
		char *big = oreg_malloc((size_t)n + 1);

		if (!big) {
			buf->oom = true;
			return;
		}
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		oreg_buf_add(buf, big, (size_t)n);
		free(big);
	}
}

void oreg_buf_addf(struct oreg_buf *buf, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	oreg_buf_vaddf(buf, fmt, ap);
	va_end(ap);
}

void oreg_buf_add_json_string(struct oreg_buf *buf, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, run = 0;

	oreg_buf_addch(buf, '"');
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = NULL;
		char u[6];

		switch (c) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		default:
			if (c >= 0x80) {
				uint32_t cp;
				size_t n = oreg_utf8_decode(s + i, len - i, &cp);

				if (n && !oreg_escape_is_unsafe(cp)) {
					i += n - 1;
					continue;
				}
				if (n) {
					/* C1 and bidirectional controls: kept, but written as \uXXXX */
					oreg_buf_add(buf, s + run, i - run);
					oreg_buf_addf(buf, "\\u%04lx", (unsigned long)cp);
					i += n - 1;
					run = i + 1;
					continue;
				}
				/* not UTF-8 (a file name, say): JSON must stay valid */
				esc = "\\ufffd";
				break;
			}
			if (c >= 0x20 && c != 0x7f)
				continue;
		}
		oreg_buf_add(buf, s + run, i - run);
		run = i + 1;
		if (esc) {
			oreg_buf_adds(buf, esc);
		} else {
			u[0] = '\\'; u[1] = 'u'; u[2] = '0'; u[3] = '0';
			u[4] = hex[c >> 4]; u[5] = hex[c & 15];
			oreg_buf_add(buf, u, 6);
		}
	}
	oreg_buf_add(buf, s + run, len - run);
	oreg_buf_addch(buf, '"');
}

void oreg_buf_add_json_member(struct oreg_buf *buf, const char *before, const char *s)
{
	oreg_buf_adds(buf, before);
	if (s)
		oreg_buf_add_json_string(buf, s, strlen(s));
	else
		oreg_buf_adds(buf, "null");
}

void oreg_buf_add_index(struct oreg_buf *buf, size_t i)
{
	char digits[24];
	size_t n = sizeof(digits);

	/* as "/%zu" would, without printf: every item of every list of every record */
	do
		digits[--n] = (char)('0' + i % 10);
	while ((i /= 10) && n > 1);
	digits[--n] = '/';
	oreg_buf_add(buf, digits + n, sizeof(digits) - n);
}

void oreg_buf_add_pointer_token(struct oreg_buf *buf, const char *s, size_t len)
{
	size_t i, run = 0;

	for (i = 0; i < len; i++) {
		if (s[i] != '~' && s[i] != '/')
			continue;
		oreg_buf_add(buf, s + run, i - run);
		oreg_buf_adds(buf, s[i] == '~' ? "~0" : "~1");
		run = i + 1;
	}
	oreg_buf_add(buf, s + run, len - run);
}

char *oreg_buf_detach(struct oreg_buf *buf, size_t *len)
{
	char *p;

	if (buf->oom) {
		oreg_buf_release(buf);
		oreg_error(OREG_ENOMEM, "out of memory");
		return NULL;
	}
	if (len)
		*len = buf->len;
	p = buf->alloc ? buf->ptr : oreg_strndup("", 0);
	oreg_buf_init(buf);
	return p;
}

int oreg_buf_error(const struct oreg_buf *buf)
{
	return buf->oom ? oreg_error(OREG_ENOMEM, "out of memory") : 0;
}
