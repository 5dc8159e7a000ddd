/* test_parallel.c - the one pool: every item once, what workers keep comes back, the first failure too. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define N 5000

struct items {
	atomic_int seen[N];
	char *kept[N];
	size_t fail_at; /* N: none */
};

static int visit(void *payload, size_t i, struct oreg_worker *w)
{
	struct items *it = payload;

	atomic_fetch_add(&it->seen[i], 1);
	if (i == it->fail_at)
		return oreg_error(OREG_EINVALID, "item %zu cannot be read", i);
	if (!(it->kept[i] = oreg_arena_alloc(&w->arena, 16)))
		return OREG_ENOMEM;
	snprintf(it->kept[i], 16, "%zu", i);
	if (i % 100 == 0)
		return oreg_findings_add(&w->findings, OREG_SEVERITY_WARNING, "f", (unsigned)i + 1, 1, "r", "", "item %zu",
			i);
	return 0;
}

static struct items *items_new(void)
{
	struct items *it = calloc(1, sizeof(*it));

	assert_non_null(it);
	it->fail_at = N;
	return it;
}

static void run(size_t n, unsigned threads)
{
	struct items *it = items_new();
	struct oreg_arena arena;
	struct oreg_findings findings;
	struct oreg_parallel job = { .n = n, .threads = threads, .fn = visit, .payload = it, .arena = &arena,
		.findings = &findings };
	char want[16];

	oreg_arena_init(&arena);
	oreg_findings_init(&findings);
	assert_int_equal(oreg_parallel_for(&job), 0);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(atomic_load(&it->seen[i]), 1);
		snprintf(want, sizeof(want), "%zu", i);
		/* the worker's arena lives on in the caller's */
		assert_string_equal(it->kept[i], want);
	}
	assert_int_equal(findings.count, (n + 99) / 100);
	oreg_findings_release(&findings);
	oreg_arena_release(&arena);
	free(it);
}

static void parallel__every_item__runs_once_and_keeps_its_memory(void **state)
{
	(void)state;
	run(N, 0);
	run(N, 3);
	run(N, 1);
	run(10, 0); /* too few for a thread */
	run(0, 0);
}

static void parallel__failure__stops_the_pool_with_its_message(void **state)
{
	struct items *it = items_new();
	struct oreg_arena arena;
	struct oreg_parallel job = { .n = N, .threads = 4, .fn = visit, .payload = it, .arena = &arena };
	size_t after = 0;

	(void)state;
	oreg_arena_init(&arena);
	it->fail_at = 1234;
	assert_int_equal(oreg_parallel_for(&job), OREG_EINVALID);
	/* the message was recorded on a worker's thread: the caller's thread has it too */
	assert_string_equal(oreg_error_message(), "item 1234 cannot be read");
	for (size_t i = 0; i < N; i++)
		assert_true(atomic_load(&it->seen[i]) <= 1);
	for (size_t i = 2000; i < N; i++)
		after += (size_t)atomic_load(&it->seen[i]);
	/* the others stop taking items soon after the failure */
	assert_true(after < N - 2000);
	oreg_arena_release(&arena);
	free(it);
}

static void parallel__hash__is_fnv1a_and_goes_on(void **state)
{
	(void)state;
	/* FNV-1a test vectors */
	assert_true(oreg_hash(OREG_HASH_INIT, "", 0) == 0xcbf29ce484222325ULL);
	assert_true(oreg_hash(OREG_HASH_INIT, "a", 1) == 0xaf63dc4c8601ec8cULL);
	assert_true(oreg_hash(OREG_HASH_INIT, "foobar", 6) == 0x85944171f73967e8ULL);
	assert_true(oreg_hash(oreg_hash(OREG_HASH_INIT, "foo", 3), "bar", 3) == 0x85944171f73967e8ULL);
	assert_true(oreg_cores() >= 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parallel__every_item__runs_once_and_keeps_its_memory),
		cmocka_unit_test(parallel__failure__stops_the_pool_with_its_message),
		cmocka_unit_test(parallel__hash__is_fnv1a_and_goes_on),
	};

	return cmocka_run_group_tests_name("parallel", tests, NULL, NULL);
}
