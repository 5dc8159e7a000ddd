/*
 * arena.c - bump allocation for the values of one document, freed at once.
 * A record is a few hundred small values; one malloc per value would cost
 * more than parsing them.
 */
#include "internal.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct oreg_arena_block {
	struct oreg_arena_block *next;
	alignas(max_align_t) unsigned char data[];
};

/* Blocks start small, since a record needs a few hundred bytes, and double up to ARENA_BLOCK. */
#define ARENA_FIRST 512
#define ARENA_BLOCK 65536

void oreg_arena_init(struct oreg_arena *arena)
{
	arena->head = NULL;
	arena->used = arena->size = 0;
}

void oreg_arena_release(struct oreg_arena *arena)
{
	struct oreg_arena_block *b, *next;

	if (!arena)
		return;
	for (b = arena->head; b; b = next) {
		next = b->next;
		free(b);
	}
	oreg_arena_init(arena);
}

void oreg_arena_reset(struct oreg_arena *arena)
{
	struct oreg_arena_block *b, *next;

	if (!arena->head)
		return;
	for (b = arena->head->next; b; b = next) {
		next = b->next;
		free(b);
	}
	arena->head->next = NULL;
	arena->used = 0;
}

void *oreg_arena_alloc(struct oreg_arena *arena, size_t size)
{
	const size_t align = alignof(max_align_t);
	struct oreg_arena_block *b;
	size_t want;

	if (size > SIZE_MAX - align - sizeof(*b)) {
		oreg_error(OREG_ENOMEM, "out of memory (%zu bytes)", size);
		return NULL;
	}
	size = (size + align - 1) & ~(align - 1);
	if (!arena->head || arena->size - arena->used < size) {
		size_t next = arena->size ? arena->size * 2 : ARENA_FIRST;

		if (next > ARENA_BLOCK)
			next = ARENA_BLOCK;
		want = size > next / 2 ? size : next;
		b = oreg_malloc(sizeof(*b) + want);
		if (!b)
			return NULL;
		if (size > next / 2 && arena->head) {
			/* a big one goes behind the current block, which stays in use */
			b->next = arena->head->next;
			arena->head->next = b;
			return b->data;
		}
		b->next = arena->head;
		arena->head = b;
		arena->used = 0;
		arena->size = want;
	}
	arena->used += size;
	return arena->head->data + arena->used - size;
}

char *oreg_arena_strndup(struct oreg_arena *arena, const char *s, size_t len)
{
	char *p = len < SIZE_MAX ? oreg_arena_alloc(arena, len + 1) : NULL;

	if (!p)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

int oreg_arena_adopt(struct oreg_arena *arena, struct oreg_arena *from)
{
	struct oreg_arena_block *last;

	if (!from->head)
		return 0;
	if (!arena->head) {
		*arena = *from;
		oreg_arena_init(from);
		return 0;
	}
	/* from's blocks go behind arena's current block, which stays the one in use */
	for (last = from->head; last->next; last = last->next)
		;
	last->next = arena->head->next;
	arena->head->next = from->head;
	oreg_arena_init(from);
	return 0;
}
