/* test_histindex.c - the history index's file format (histindex.c): every damaged byte is found. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "histindex.h"

static const unsigned char BLOB_A[20] = { 0xaa, 1, 2, 3 };
static const unsigned char BLOB_B[20] = { 0xbb, 4, 5, 6 };

/* A model of three steps: a contact added, an organisation added then changed, a reference. */
static void fill(struct oreg_hx_model *m, uint32_t first, size_t extra_keys)
{
	struct oreg_hx_commit c;
	size_t i;

	oreg_hx_model_init(m, first);
	for (i = 0; i < 3; i++) {
		memset(&c, 0, sizeof(c));
		c.id[0] = (unsigned char)(0x30 - i); /* ids not in step order */
		c.id[1] = (unsigned char)first;
		if (i)
			memcpy(c.parent, m->commits[i - 1].id, 20);
		c.time = 1700000000 + (int64_t)i * 60;
		c.record_time = c.time;
		c.offset = 60;
		c.nparents = i == 2 ? 2 : 1;
		assert_int_equal(oreg_hx_model_add_commit(m, &c), 0);
	}
	assert_int_equal(oreg_hx_model_add(m, "precords/contacts/2024/a.yaml", 29, first, OREG_HX_PRESENT, BLOB_A,
		NULL, 0), 0);
	assert_int_equal(oreg_hx_model_add(m, "precords/organisations/o.yaml", 29, first + 1, OREG_HX_PRESENT, BLOB_A,
		NULL, 0), 0);
	assert_int_equal(oreg_hx_model_add(m, "precords/organisations/o.yaml", 29, first + 2, OREG_HX_PRESENT, BLOB_B,
		NULL, 0), 0);
	assert_int_equal(oreg_hx_model_add(m, "oo", 2, first, OREG_HX_REFERRED, NULL, "records/contacts/2024/a.yaml",
		28), 0);
	assert_int_equal(oreg_hx_model_add(m, "frecords", 8, first + 2, OREG_HX_ABSENT, NULL, NULL, 0), 0);
	assert_int_equal(oreg_hx_model_add_side(m, BLOB_B, first + 2), 0);
	for (i = 0; i < extra_keys; i++) {
		char key[64];
		int len = snprintf(key, sizeof(key), "precords/contacts/2024/x%zu.yaml", i);

		assert_int_equal(oreg_hx_model_add(m, key, (size_t)len, first + (uint32_t)(i % 3), OREG_HX_PRESENT,
			BLOB_B, NULL, 0), 0);
	}
}

static void serialize(unsigned char **buf, size_t *len, size_t extra_keys)
{
	struct oreg_hx_model m;

	fill(&m, 0, extra_keys);
	assert_int_equal(oreg_hx_layer_serialize(buf, len, &m), 0);
	oreg_hx_model_release(&m);
}

/* Open a copy of buf and read all of it: 0, or the first failure. */
static int open_and_load(const unsigned char *buf, size_t len)
{
	struct oreg_hx_layer l;
	struct oreg_hx_model m;
	unsigned char *copy = malloc(len ? len : 1);
	int err;

	assert_non_null(copy);
	memcpy(copy, buf, len);
	err = oreg_hx_layer_open(&l, copy, len, 0, "test.layer");
	if (!err) {
		oreg_hx_model_init(&m, 0);
		err = oreg_hx_layer_load(&m, &l);
		oreg_hx_model_release(&m);
	}
	oreg_hx_layer_close(&l);
	return err;
}

static void histindex__round_trip__answers_as_built(void **state)
{
	struct oreg_hx_layer l;
	struct oreg_hx_found f = { 0 };
	struct oreg_hx_commit c;
	unsigned char *buf, id[20] = { 0x2f, 0 };
	size_t len;

	(void)state;
	serialize(&buf, &len, 0);
	assert_int_equal(oreg_hx_layer_open(&l, buf, len, 0, "test.layer"), 0);
	assert_int_equal(l.n, 3);
	assert_int_equal(oreg_hx_layer_find_commit(&l, id), 1);
	id[0] = 0x99;
	assert_int_equal(oreg_hx_layer_find_commit(&l, id), -1);
	oreg_hx_layer_commit(&c, &l, 2);
	assert_int_equal(c.nparents, 2);
	assert_int_equal(c.offset, 60);
	assert_int_equal(c.time, 1700000120);
	assert_int_equal(oreg_hx_layer_find_side(&l, BLOB_B), 2);
	assert_int_equal(oreg_hx_layer_find_side(&l, BLOB_A), -1);

	assert_int_equal(oreg_hx_layer_lookup(&f, &l, "precords/organisations/o.yaml", 29), 0);
	assert_int_equal(f.n, 2);
	assert_int_equal(f.items[0].step, 1);
	assert_memory_equal(f.items[0].id, BLOB_A, 20);
	assert_int_equal(f.items[1].step, 2);
	assert_memory_equal(f.items[1].id, BLOB_B, 20);
	oreg_hx_found_release(&f);

	assert_int_equal(oreg_hx_layer_lookup(&f, &l, "oo", 2), 0);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.items[0].kind, OREG_HX_REFERRED);
	assert_int_equal(f.items[0].extra_len, 28);
	assert_memory_equal(f.items[0].extra, "records/contacts/2024/a.yaml", 28);
	oreg_hx_found_release(&f);

	/* a key that is not there, and one that only shares a prefix */
	assert_int_equal(oreg_hx_layer_lookup(&f, &l, "precords/organisations/o.yam", 28), 0);
	assert_int_equal(f.n, 0);
	oreg_hx_found_release(&f);
	oreg_hx_layer_close(&l);
}

static void histindex__every_flipped_byte__is_found(void **state)
{
	unsigned char *buf;
	size_t len, i;

	(void)state;
	serialize(&buf, &len, 200); /* several buckets */
	assert_int_equal(open_and_load(buf, len), 0);
	for (i = 0; i < len; i++) {
		buf[i] ^= 0x01;
		if (open_and_load(buf, len) != OREG_EINVALID)
			fail_msg("a flipped bit at byte %zu of %zu went unnoticed", i, len);
		buf[i] ^= 0x01;
	}
	free(buf);
}

static void histindex__truncated__is_refused(void **state)
{
	unsigned char *buf;
	size_t len, cut;

	(void)state;
	serialize(&buf, &len, 50);
	for (cut = 0; cut < len; cut += cut < 200 ? 1 : 97)
		assert_int_equal(open_and_load(buf, cut), OREG_EINVALID);
	/* and a byte too many */
	buf = realloc(buf, len + 1);
	assert_non_null(buf);
	buf[len] = 0;
	assert_int_equal(open_and_load(buf, len + 1), OREG_EINVALID);
	free(buf);
}

static void histindex__damaged_bucket__is_found_when_read(void **state)
{
	struct oreg_hx_layer l;
	struct oreg_hx_found f = { 0 };
	unsigned char *buf;
	size_t len;

	(void)state;
	serialize(&buf, &len, 0);
	/* the last byte before the trailer is data: the header still checks out */
	buf[len - 33] ^= 0x80;
	assert_int_equal(oreg_hx_layer_open(&l, buf, len, 0, "test.layer"), 0);
	assert_int_equal(l.nbuckets, 1);
	assert_int_equal(oreg_hx_layer_lookup(&f, &l, "oo", 2), OREG_EINVALID);
	assert_non_null(strstr(oreg_error_message(), "damaged"));
	oreg_hx_found_release(&f);
	oreg_hx_layer_close(&l);
}

static void histindex__chain__round_trip_and_damage(void **state)
{
	struct oreg_hx_layer layers[2];
	struct oreg_hx_chain_item items[64];
	unsigned char *buf;
	size_t len, n, i;

	(void)state;
	memset(layers, 0, sizeof(layers));
	layers[0].first = 0;
	layers[0].n = 10;
	layers[0].hash[0] = 1;
	layers[1].first = 10;
	layers[1].n = 2;
	layers[1].hash[0] = 2;
	assert_int_equal(oreg_hx_chain_serialize(&buf, &len, layers, 2), 0);
	assert_int_equal(oreg_hx_chain_parse(items, &n, buf, len), 0);
	assert_int_equal(n, 2);
	assert_int_equal(items[1].first, 10);
	assert_int_equal(items[1].hash[0], 2);
	for (i = 0; i < len; i++) {
		buf[i] ^= 0x10;
		assert_int_equal(oreg_hx_chain_parse(items, &n, buf, len), OREG_EINVALID);
		buf[i] ^= 0x10;
	}
	assert_int_equal(oreg_hx_chain_parse(items, &n, buf, len - 1), OREG_EINVALID);
	free(buf);
	/* layers that leave a gap are refused even with a good checksum */
	layers[1].first = 11;
	assert_int_equal(oreg_hx_chain_serialize(&buf, &len, layers, 2), 0);
	assert_int_equal(oreg_hx_chain_parse(items, &n, buf, len), OREG_EINVALID);
	free(buf);
}

static void histindex__merged_layers__keep_order_of_steps(void **state)
{
	struct oreg_hx_model a, b, merged;
	struct oreg_hx_layer la, lb, lm;
	struct oreg_hx_found f = { 0 };
	unsigned char *ba, *bb, *bm;
	size_t na, nb, nm;

	(void)state;
	fill(&a, 0, 0);
	fill(&b, 3, 0);
	assert_int_equal(oreg_hx_layer_serialize(&ba, &na, &a), 0);
	assert_int_equal(oreg_hx_layer_serialize(&bb, &nb, &b), 0);
	assert_int_equal(oreg_hx_layer_open(&la, ba, na, 0, "a"), 0);
	assert_int_equal(oreg_hx_layer_open(&lb, bb, nb, 0, "b"), 0);
	oreg_hx_model_init(&merged, 0);
	assert_int_equal(oreg_hx_layer_load(&merged, &la), 0);
	assert_int_equal(oreg_hx_layer_load(&merged, &lb), 0);
	assert_int_equal(merged.ncommits, 6);
	assert_int_equal(oreg_hx_layer_serialize(&bm, &nm, &merged), 0);
	assert_int_equal(oreg_hx_layer_open(&lm, bm, nm, 0, "merged"), 0);
	assert_int_equal(oreg_hx_layer_lookup(&f, &lm, "precords/organisations/o.yaml", 29), 0);
	assert_int_equal(f.n, 4);
	assert_int_equal(f.items[0].step, 1);
	assert_int_equal(f.items[3].step, 5);
	oreg_hx_found_release(&f);
	/* a layer's entries must lie within its steps */
	assert_int_equal(oreg_hx_layer_lookup(&f, &la, "precords/organisations/o.yaml", 29), 0);
	assert_int_equal(f.n, 2);
	oreg_hx_found_release(&f);
	oreg_hx_layer_close(&la);
	oreg_hx_layer_close(&lb);
	oreg_hx_layer_close(&lm);
	oreg_hx_model_release(&a);
	oreg_hx_model_release(&b);
	oreg_hx_model_release(&merged);
}

static void histindex__entry_outside_its_layer__is_refused(void **state)
{
	struct oreg_hx_model m;
	unsigned char *buf;
	size_t len;

	(void)state;
	fill(&m, 0, 0);
	/* step 7 in a layer of steps 0-2: checksums are right, the content is not */
	assert_int_equal(oreg_hx_model_add(&m, "pz", 2, 7, OREG_HX_PRESENT, BLOB_A, NULL, 0), 0);
	assert_int_equal(oreg_hx_layer_serialize(&buf, &len, &m), 0);
	assert_int_equal(open_and_load(buf, len), OREG_EINVALID);
	free(buf);
	oreg_hx_model_release(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(histindex__round_trip__answers_as_built),
		cmocka_unit_test(histindex__every_flipped_byte__is_found),
		cmocka_unit_test(histindex__truncated__is_refused),
		cmocka_unit_test(histindex__damaged_bucket__is_found_when_read),
		cmocka_unit_test(histindex__chain__round_trip_and_damage),
		cmocka_unit_test(histindex__merged_layers__keep_order_of_steps),
		cmocka_unit_test(histindex__entry_outside_its_layer__is_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
