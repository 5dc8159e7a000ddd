/* test_editdist.c - the one edit distance, as names and schemas use it. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "internal.h"

static size_t dist(const char *a, const char *b, size_t limit, enum oreg_edit_kind kind)
{
	return oreg_edit_distance(a, strlen(a), b, strlen(b), limit, kind);
}

/* The textbook recurrence over the whole table, with no limit and no early stop. */
static size_t reference(const char *a, const char *b, enum oreg_edit_kind kind)
{
	size_t n = strlen(a), m = strlen(b), d[9][9];

	assert_true(n < 9 && m < 9);
	for (size_t i = 0; i <= n; i++)
		for (size_t j = 0; j <= m; j++) {
			size_t best;

			if (!i || !j) {
				d[i][j] = i + j;
				continue;
			}
			best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (kind == OREG_EDIT_SWAP && i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
				d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	return d[n][m];
}

static void editdist__levenshtein__counts_edits_up_to_the_limit(void **state)
{
	(void)state;
	assert_int_equal(dist("samidoun", "samidoun", 2, OREG_EDIT_LEVENSHTEIN), 0);
	assert_int_equal(dist("samidoun", "samidoen", 2, OREG_EDIT_LEVENSHTEIN), 1);
	assert_int_equal(dist("samidoun", "smidon", 2, OREG_EDIT_LEVENSHTEIN), 2);
	assert_int_equal(dist("samidoun", "brug", 2, OREG_EDIT_LEVENSHTEIN), 3);
	assert_int_equal(dist("", "ab", 2, OREG_EDIT_LEVENSHTEIN), 2);
	assert_int_equal(dist("ab", "", 1, OREG_EDIT_LEVENSHTEIN), 2);
	/* a swap is two replacements */
	assert_int_equal(dist("samidoun", "smaidoun", 2, OREG_EDIT_LEVENSHTEIN), 2);
}

static void editdist__swap__counts_a_swap_of_neighbours_as_one(void **state)
{
	(void)state;
	assert_int_equal(dist("smaidoun", "samidoun", 2, OREG_EDIT_SWAP), 1);
	assert_int_equal(dist("requried", "required", 2, OREG_EDIT_SWAP), 1);
	assert_int_equal(dist("ca", "abc", 3, OREG_EDIT_SWAP), 3); /* no edit of a swapped pair */
	assert_int_equal(dist("properties", "type", 2, OREG_EDIT_SWAP), 3);
}

static void editdist__early_stop__agrees_with_the_whole_table(void **state)
{
	static const char alphabet[] = "ab";
	char a[9], b[9];
	unsigned seed = 14;

	(void)state;
	/* short strings over two letters hold many swaps and near misses */
	for (int round = 0; round < 4000; round++) {
		size_t n = (seed = seed * 1103515245u + 12345u) >> 16 & 7, m = (seed = seed * 1103515245u + 12345u) >> 16 & 7;

		for (size_t i = 0; i < n; i++)
			a[i] = alphabet[(seed = seed * 1103515245u + 12345u) >> 16 & 1];
		for (size_t j = 0; j < m; j++)
			b[j] = alphabet[(seed = seed * 1103515245u + 12345u) >> 16 & 1];
		a[n] = b[m] = '\0';
		for (size_t limit = 0; limit <= 4; limit++)
			for (int k = OREG_EDIT_LEVENSHTEIN; k <= OREG_EDIT_SWAP; k++) {
				size_t want = reference(a, b, (enum oreg_edit_kind)k);

				assert_int_equal(dist(a, b, limit, (enum oreg_edit_kind)k), want > limit ? limit + 1 : want);
			}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(editdist__levenshtein__counts_edits_up_to_the_limit),
		cmocka_unit_test(editdist__swap__counts_a_swap_of_neighbours_as_one),
		cmocka_unit_test(editdist__early_stop__agrees_with_the_whole_table),
	};

	return cmocka_run_group_tests_name("editdist", tests, NULL, NULL);
}
