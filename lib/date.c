/*
 * date.c - the calendar: dates written as YYYY-MM-DD, commit times as
 * people read them, and where a day ends in Europe/Amsterdam.  Plain
 * arithmetic on the proleptic Gregorian calendar (Howard Hinnant's
 * days_from_civil and civil_from_days), so no time zone database, no
 * locale and no time_t range is involved.
 */
#include "internal.h"

#include <stdio.h>

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

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static long long days_from_civil(long long y, unsigned m, unsigned d)
{
	long long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
}

/* The date of day days since 1970-01-01. */
static void civil_from_days(long long days, long long *y, unsigned *m, unsigned *d)
{
	long long z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (long long)yoe + era * 400 + (*m <= 2);
}

/* time in the zone offset minutes east of UTC: its day since the epoch and the second in that day. */
static long long local_day(long long time, int offset, long long *secs)
{
	long long t = time + (long long)offset * 60;
	long long days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);

	*secs = t - days * 86400;
	return days;
}

const char *oreg_time_format(char out[OREG_TIME_SIZE], long long time, int offset, enum oreg_time_style style)
{
	long long secs, y;
	unsigned m, d;
	int off = offset < 0 ? -offset : offset, hh = off / 60, mm = off % 60;
	char sign = offset < 0 ? '-' : '+';

	civil_from_days(local_day(time, offset, &secs), &y, &m, &d);
	if (style == OREG_TIME_DAY)
		snprintf(out, OREG_TIME_SIZE, "%04lld-%02u-%02u", y, m, d);
	else if (style == OREG_TIME_ISO8601)
		snprintf(out, OREG_TIME_SIZE, "%04lld-%02u-%02uT%02d:%02d:%02d%c%02d:%02d", y, m, d, (int)(secs / 3600),
			(int)(secs / 60 % 60), (int)(secs % 60), sign, hh, mm);
	else
		snprintf(out, OREG_TIME_SIZE, "%04lld-%02u-%02u %02d:%02d:%02d %c%02d%02d", y, m, d, (int)(secs / 3600),
			(int)(secs / 60 % 60), (int)(secs % 60), sign, hh, mm);
	return out;
}

int32_t oreg_time_day(long long time, int offset)
{
	long long secs, y;
	unsigned m, d;

	civil_from_days(local_day(time, offset, &secs), &y, &m, &d);
	return (int32_t)(y * 10000 + m * 100 + d);
}

const char *oreg_date_format(char out[OREG_DATE_SIZE], int32_t day)
{
	snprintf(out, OREG_DATE_SIZE, "%04d-%02d-%02d", (int)(day / 10000), (int)(day / 100 % 100), (int)(day % 100));
	return out;
}

/* The last Sunday of month m in year y, as seconds at 01:00 UTC (the EU's switch). */
static long long last_sunday_0100(long long y, unsigned m)
{
	long long last = days_from_civil(y, m, 31); /* March and October have 31 days */
	long long weekday = (last + 4) % 7;          /* 1970-01-01 was a Thursday: 0 is Sunday */

	return (last - weekday) * 86400 + 3600;
}

long long oreg_day_end_amsterdam(int32_t day)
{
	long long y = day / 10000;
	unsigned m = (unsigned)(day / 100 % 100), d = (unsigned)(day % 100);
	long long midnight_utc = (days_from_civil(y, m, d) + 1) * 86400;
	long long t = midnight_utc - 3600; /* 24:00 in CET, UTC+1 */

	/* in summer time (CEST, UTC+2) from the last Sunday of March to that of October */
	if (t - 3600 >= last_sunday_0100(y, 3) && t - 3600 < last_sunday_0100(y, 10))
		t = midnight_utc - 7200;
	return t - 1; /* the last second of the day */
}
