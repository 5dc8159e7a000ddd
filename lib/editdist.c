/*
 * editdist.c - the one edit distance: how many single-character edits
 * turn one byte string into another.  The schema's "did you mean" counts
 * a swap of two neighbours as one edit (optimal string alignment); the
 * name comparison counts it as two (Levenshtein).
 */
#include "internal.h"

#include <stdlib.h>

/*
 * Only the cells within limit of the diagonal are computed: a cell
 * further off holds at least its distance from the diagonal, so it can
 * make no result within the limit.  Every cell is capped at limit + 1
 * (what the result says for "more than limit"), which the cells outside
 * the band hold throughout.
 */
size_t oreg_edit_distance(const char *a, size_t alen, const char *b, size_t blen, size_t limit,
	enum oreg_edit_kind kind)
{
	size_t stack[3 * 128], *rows, *prev2, *prev, *cur, cap, result, prev_least = 0;

	if ((alen > blen ? alen - blen : blen - alen) > limit)
		return limit + 1;
	cap = limit + 1;
	rows = 3 * (blen + 1) <= sizeof(stack) / sizeof(stack[0]) ? stack : malloc(3 * (blen + 1) * sizeof(*rows));
	if (!rows)
		return limit + 1;
	for (size_t j = 0; j < 3 * (blen + 1); j++)
		rows[j] = cap;
	prev2 = rows;
	prev = rows + blen + 1;
	cur = rows + 2 * (blen + 1);
	for (size_t j = 0; j <= blen && j <= limit; j++)
		prev[j] = j;
	for (size_t i = 1; i <= alen; i++) {
		size_t lo = i > limit ? i - limit : 1, hi = i + limit < blen ? i + limit : blen, least = cap, *t;

		cur[0] = i < cap ? i : cap;
		if (lo > 1)
			cur[lo - 1] = cap;
		for (size_t j = lo; j <= hi; j++) {
			size_t cost = a[i - 1] != b[j - 1];
			size_t best = prev[j - 1] + cost;

			if (prev[j] + 1 < best)
				best = prev[j] + 1;
			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			if (kind == OREG_EDIT_SWAP && i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
				prev2[j - 2] + 1 < best)
				best = prev2[j - 2] + 1;
			cur[j] = best < cap ? best : cap;
			if (cur[j] < least)
				least = cur[j];
		}
		if (hi < blen)
			cur[hi + 1] = cap;
		if (lo == 1 && cur[0] < least)
			least = cur[0];
		/*
		 * A cell is at least the least of the row above it and, for a
		 * swap, one more than the row above that: once those stay above
		 * limit, so does every row below them.
		 */
		if (least > limit && (kind != OREG_EDIT_SWAP || prev_least >= limit)) {
			if (rows != stack)
				free(rows);
			return limit + 1;
		}
		prev_least = least;
		t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	result = prev[blen];
	if (rows != stack)
		free(rows);
	return result > limit ? limit + 1 : result;
}
