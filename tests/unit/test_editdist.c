/* test_editdist.c - the one edit distance, as names and schemas use it. */
#include "unit.h"

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
	size_t n = strlen(a), m = strlen(b), d[41][41];

	assert_true(n < 41 && m < 41);
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

static void editdist__band__agrees_with_the_whole_table_on_longer_strings(void **state)
{
	static const char alphabet[] = "abc";
	char a[41], b[41];
	unsigned seed = 7;

	(void)state;
	/* long enough that the diagonal band is narrower than the table, and past the stack's rows */
	for (int round = 0; round < 3000; round++) {
		size_t n = ((seed = seed * 1103515245u + 12345u) >> 16) % 41, m;

		if (round % 3)
			m = n + ((seed = seed * 1103515245u + 12345u) >> 16) % 5 - 2;
		else
			m = ((seed = seed * 1103515245u + 12345u) >> 16) % 41;
		if (m > 40)
			m = 40;
		for (size_t i = 0; i < n; i++)
			a[i] = alphabet[((seed = seed * 1103515245u + 12345u) >> 16) % 3];
		/* b: a with a few edits, or anything */
		for (size_t j = 0; j < m; j++)
			b[j] = j < n && ((seed = seed * 1103515245u + 12345u) >> 16) % 6 ? a[j]
				: alphabet[((seed = seed * 1103515245u + 12345u) >> 16) % 3];
		a[n] = b[m] = '\0';
		for (size_t limit = 0; limit <= 5; limit++)
			for (int k = OREG_EDIT_LEVENSHTEIN; k <= OREG_EDIT_SWAP; k++) {
				size_t want = reference(a, b, (enum oreg_edit_kind)k);

				assert_int_equal(dist(a, b, limit, (enum oreg_edit_kind)k), want > limit ? limit + 1 : want);
			}
	}
}

static void editdist__band__holds_strings_longer_than_its_stack(void **state)
{
	char a[301], b[301];

	(void)state;
	memset(a, 'x', 300);
	memcpy(b, a, 300);
	a[300] = b[300] = '\0';
	b[150] = 'y';
	b[151] = 'z';
	assert_int_equal(dist(a, b, 2, OREG_EDIT_LEVENSHTEIN), 2);
	assert_int_equal(dist(a, b, 1, OREG_EDIT_SWAP), 2);
	assert_int_equal(dist(a, a, 0, OREG_EDIT_SWAP), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(editdist__levenshtein__counts_edits_up_to_the_limit),
		cmocka_unit_test(editdist__swap__counts_a_swap_of_neighbours_as_one),
		cmocka_unit_test(editdist__early_stop__agrees_with_the_whole_table),
		cmocka_unit_test(editdist__band__agrees_with_the_whole_table_on_longer_strings),
		cmocka_unit_test(editdist__band__holds_strings_longer_than_its_stack),
	};

	return cmocka_run_group_tests_name("editdist", tests, NULL, NULL);
}
