/*
 * entries.c - lists of entries (the files of a register state), each path
 * copied into the list's own arena, in path order.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

void oreg_entries_init(struct oreg_entries *entries)
{
	memset(entries, 0, sizeof(*entries));
}

void oreg_entries_release(struct oreg_entries *entries)
{
	if (!entries)
		return;
	if (entries->strings) {
		oreg_arena_release(&entries->strings->arena);
		free(entries->strings);
	}
	free(entries->items);
	oreg_entries_init(entries);
}

struct oreg_entry *oreg_entries_add(struct oreg_entries *entries, const char *path, size_t len,
	enum oreg_entry_mode mode)
{
	struct oreg_entry *e;
	char *copy;

	if (!entries->strings) {
		entries->strings = oreg_calloc(1, sizeof(*entries->strings));
		if (!entries->strings)
			return NULL;
		oreg_arena_init(&entries->strings->arena);
	}
	if (oreg_grow((void **)&entries->items, &entries->alloc, entries->count + 1, sizeof(*entries->items)) < 0)
		return NULL;
	if (!(copy = oreg_arena_strndup(&entries->strings->arena, path, len)))
		return NULL;
	e = &entries->items[entries->count++];
	memset(e, 0, sizeof(*e));
	e->path = copy;
	e->mode = mode;
	return e;
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct oreg_entry *)a)->path, ((const struct oreg_entry *)b)->path);
}

size_t oreg_entries_lower_bound(const struct oreg_entries *entries, const char *path)
{
	size_t lo = 0, hi = entries->count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(entries->items[mid].path, path) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void oreg_entries_sort(struct oreg_entries *entries)
{
	size_t i;

	/* git's trees and index come sorted already: check before sorting */
	for (i = 1; i < entries->count; i++)
		if (strcmp(entries->items[i - 1].path, entries->items[i].path) > 0)
			break;
	if (i < entries->count)
		qsort(entries->items, entries->count, sizeof(*entries->items), by_path);
}
