/* utf8.c - strict UTF-8: the register's files are UTF-8 and nothing else. */
#include "internal.h"

int oreg_utf8_valid(const char *str, size_t len, size_t *bad)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i];
		size_t n, k;
		unsigned long cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1; cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2; cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3; cp = c & 0x07;
		} else {
			goto invalid;
		}
		if (len - i <= n)
			goto invalid;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				goto invalid;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
			(cp >= 0xd800 && cp <= 0xdfff))
			goto invalid;
		i += n + 1;
	}
	return 1;
invalid:
	if (bad)
		*bad = i;
	return 0;
}

size_t oreg_utf8_length(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		n += (s[i] & 0xc0) != 0x80;
	return n;
}

size_t oreg_utf8_decode(const char *str, size_t len, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = s[0] < 0x80 ? 1 : s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : 2, k;

	if (n == 1) {
		*cp = s[0];
		return 1;
	}
	if (len < n || !oreg_utf8_valid(str, n, NULL))
		return 0;
	*cp = s[0] & (0x7f >> n);
	for (k = 1; k < n; k++)
		*cp = (*cp << 6) | (s[k] & 0x3f);
	return n;
}
