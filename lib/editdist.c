/*
 * editdist.c - the one edit distance: how many single-character edits
 * turn one byte string into another.  The schema's "did you mean" counts
 * a swap of two neighbours as one edit (optimal string alignment); the
 * name comparison counts it as two (Levenshtein).
 */
#include "internal.h"

#include <stdlib.h>

static size_t min_of(const size_t *row, size_t n)
{
	size_t m = row[0];

	for (size_t j = 1; j < n; j++)
		if (row[j] < m)
			m = row[j];
	return m;
}

size_t oreg_edit_distance(const char *a, size_t alen, const char *b, size_t blen, size_t limit,
	enum oreg_edit_kind kind)
{
	size_t *rows, *prev2, *prev, *cur, result;

	if ((alen > blen ? alen - blen : blen - alen) > limit)
		return limit + 1;
	rows = calloc(3 * (blen + 1), sizeof(*rows));
	if (!rows)
		return limit + 1;
	prev2 = rows;
	prev = rows + blen + 1;
	cur = rows + 2 * (blen + 1);
	for (size_t j = 0; j <= blen; j++)
		prev[j] = j;
	for (size_t i = 1; i <= alen; i++) {
		size_t *t;

		cur[0] = i;
		for (size_t j = 1; j <= blen; j++) {
			size_t cost = a[i - 1] != b[j - 1];
			size_t best = prev[j - 1] + cost;

			if (prev[j] + 1 < best)
				best = prev[j] + 1;
			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			if (kind == OREG_EDIT_SWAP && i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
				prev2[j - 2] + 1 < best)
				best = prev2[j - 2] + 1;
			cur[j] = best;
		}
		/*
		 * A cell is at least the least of the row above it and, for a
		 * swap, one more than the row above that: once those stay above
		 * limit, so does every row below them.
		 */
		if (min_of(cur, blen + 1) > limit && (kind != OREG_EDIT_SWAP || min_of(prev, blen + 1) >= limit)) {
			free(rows);
			return limit + 1;
		}
		t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	result = prev[blen];
	free(rows);
	return result > limit ? limit + 1 : result;
}
