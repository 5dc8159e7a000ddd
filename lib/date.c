/*
 * date.c - calendar dates written as YYYY-MM-DD.
 */
#include "internal.h"

static int digits(const char *s, size_t n, int *out)
{
	int v = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 1;
}

static int is_leap(int year)
{
	return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

int oreg_date_parse(int32_t *out, const char *s, size_t len)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int year, month, day, last;

	if (len != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4, &year) ||
		!digits(s + 5, 2, &month) || !digits(s + 8, 2, &day))
		return OREG_EINVALID;
	if (month < 1 || month > 12)
		return OREG_EINVALID;
	last = days[month - 1] + (month == 2 && is_leap(year));
	if (day < 1 || day > last)
		return OREG_EINVALID;
	*out = year * 10000 + month * 100 + day;
	return 0;
}
