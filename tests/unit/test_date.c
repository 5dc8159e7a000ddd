/* test_date.c - the calendar: dates, commit times as people read them, the end of a day in Amsterdam. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "openreg.h"

static void date__commit_time__reads_as_git_and_iso8601(void **state)
{
	char out[OREG_TIME_SIZE];

	(void)state;
	/* 2024-01-02 09:01:00 UTC, committed in CET */
	assert_string_equal(oreg_time_format(out, 1704186060, 60, OREG_TIME_GIT), "2024-01-02 10:01:00 +0100");
	assert_string_equal(oreg_time_format(out, 1704186060, 60, OREG_TIME_ISO8601), "2024-01-02T10:01:00+01:00");
	assert_string_equal(oreg_time_format(out, 1704186060, -330, OREG_TIME_ISO8601), "2024-01-02T03:31:00-05:30");
	/* the day is the committer's: just after midnight in UTC+2 is still yesterday in UTC */
	assert_string_equal(oreg_time_format(out, 1704150000, 120, OREG_TIME_DAY), "2024-01-02");
	assert_string_equal(oreg_time_format(out, 1704150000, 0, OREG_TIME_DAY), "2024-01-01");
	assert_int_equal(oreg_time_day(1704150000, 120), 20240102);
	assert_string_equal(oreg_time_format(out, 0, 0, OREG_TIME_GIT), "1970-01-01 00:00:00 +0000");
	assert_string_equal(oreg_time_format(out, -1, 0, OREG_TIME_GIT), "1969-12-31 23:59:59 +0000");
	assert_string_equal(oreg_time_format(out, 951782400, 0, OREG_TIME_DAY), "2000-02-29");
}

static void date__commit_time__agrees_with_gmtime(void **state)
{
	char out[OREG_TIME_SIZE], want[OREG_TIME_SIZE];
	unsigned long long seed = 9;

	(void)state;
	for (int i = 0; i < 100000; i++) {
		long long t;
		int offset;
		time_t local;
		struct tm tm;

		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		t = (long long)(seed >> 20) % 8000000000LL - 2000000000LL; /* 1906 to 2223 */
		offset = (int)((seed >> 8) % 1681) - 840;                  /* -14:00 to +14:00 */
		local = (time_t)(t + offset * 60LL);
		assert_non_null(gmtime_r(&local, &tm));
		snprintf(want, sizeof(want), "%04d-%02d-%02d %02d:%02d:%02d %c%02d%02d", tm.tm_year + 1900, tm.tm_mon + 1,
			tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, offset < 0 ? '-' : '+', (offset < 0 ? -offset : offset) / 60,
			(offset < 0 ? -offset : offset) % 60);
		assert_string_equal(oreg_time_format(out, t, offset, OREG_TIME_GIT), want);
		assert_int_equal(oreg_time_day(t, offset), (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday);
	}
}

static void date__day_end__follows_summer_time(void **state)
{
	char out[OREG_DATE_SIZE];

	(void)state;
	/* 23:59:59 CET = 22:59:59 UTC in winter, CEST = 21:59:59 UTC in summer */
	assert_int_equal(oreg_day_end_amsterdam(20240102), 1704236399);
	assert_int_equal(oreg_day_end_amsterdam(20240701), 1719871199);
	/* the switch days themselves: 31 March and 27 October 2024 end in summer and winter time */
	assert_int_equal(oreg_day_end_amsterdam(20240331), 1711922399);
	assert_int_equal(oreg_day_end_amsterdam(20241027), 1730069999);
	assert_string_equal(oreg_date_format(out, 20240229), "2024-02-29");
	assert_string_equal(oreg_date_format(out, 10101), "0001-01-01");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(date__commit_time__reads_as_git_and_iso8601),
		cmocka_unit_test(date__commit_time__agrees_with_gmtime),
		cmocka_unit_test(date__day_end__follows_summer_time),
	};

	return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}
