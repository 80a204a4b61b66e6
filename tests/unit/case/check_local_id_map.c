/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * check_local_id_map.c: unit tests of analyzer/case/local-id-map.c: dense
 * local ids mapped in 4 bytes each, ids far apart or case ids that no
 * offset holds mapped all the same, replacement, clearing.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>

#include "local-id-map.h"
#include "../unit-util.h"

START_TEST(map_dense_ids_in_four_bytes)
{
	struct mc_local_id_map *map = mc_local_id_map_new();
	for (int64_t local = 1; local <= 1000000; local++)
		mc_local_id_map_put(map, local, 5000 + 3 * local);
	for (int64_t local = 1; local <= 1000000; local += 997)
		ck_assert_int_eq(mc_local_id_map_get(map, local), 5000 + 3 * local);
	ck_assert_int_eq(mc_local_id_map_get(map, 1000000), 5000 + 3000000);
	ck_assert_int_eq(mc_local_id_map_get(map, 1000001), 0);
	ck_assert_int_eq(mc_local_id_map_get(map, 0), 0);
	ck_assert_int_eq(mc_local_id_map_get(map, -5), 0);
	/* 4 bytes a slot, the array doubled as it grew: at most 8 MiB. */
	ck_assert_uint_le(mc_local_id_map_bytes(map), 8u * 1000000);
	mc_local_id_map_free(map);
}
END_TEST

START_TEST(map_sparse_and_odd_ids)
{
	struct mc_local_id_map *map = mc_local_id_map_new();
	mc_local_id_map_put(map, 2, 100);
	/* Far past the dense range: no array of that size. */
	mc_local_id_map_put(map, INT64_C(1) << 40, 101);
	mc_local_id_map_put(map, INT64_MAX, 102);
	/* Below the first case id mapped, and too far above it for an offset. */
	mc_local_id_map_put(map, 3, 7);
	mc_local_id_map_put(map, 4, 100 + (INT64_C(1) << 33));
	/* Ignored: no local id, no case id. */
	mc_local_id_map_put(map, 0, 9);
	mc_local_id_map_put(map, 5, 0);
	ck_assert_uint_lt(mc_local_id_map_bytes(map), 64 * 1024);
	ck_assert_int_eq(mc_local_id_map_get(map, 2), 100);
	ck_assert_int_eq(mc_local_id_map_get(map, INT64_C(1) << 40), 101);
	ck_assert_int_eq(mc_local_id_map_get(map, INT64_MAX), 102);
	ck_assert_int_eq(mc_local_id_map_get(map, 3), 7);
	ck_assert_int_eq(mc_local_id_map_get(map, 4), 100 + (INT64_C(1) << 33));
	ck_assert_int_eq(mc_local_id_map_get(map, 0), 0);
	ck_assert_int_eq(mc_local_id_map_get(map, 5), 0);
	ck_assert_int_eq(mc_local_id_map_get(map, 1), 0);

	/* Replacing moves an id between the array and the table both ways. */
	mc_local_id_map_put(map, 3, 150);
	ck_assert_int_eq(mc_local_id_map_get(map, 3), 150);
	mc_local_id_map_put(map, 2, 1);
	ck_assert_int_eq(mc_local_id_map_get(map, 2), 1);
	mc_local_id_map_put(map, 2, 120);
	ck_assert_int_eq(mc_local_id_map_get(map, 2), 120);

	/* The next evidence starts empty, with its own first case id. */
	mc_local_id_map_clear(map);
	for (int64_t local = 1; local <= 5; local++)
		ck_assert_int_eq(mc_local_id_map_get(map, local), 0);
	ck_assert_int_eq(mc_local_id_map_get(map, INT64_MAX), 0);
	mc_local_id_map_put(map, 4, 3);
	ck_assert_int_eq(mc_local_id_map_get(map, 4), 3);
	ck_assert_int_eq(mc_local_id_map_get(map, 2), 0);
	mc_local_id_map_free(map);
	mc_local_id_map_free(NULL);
}
END_TEST

static Suite *local_id_map_suite(void)
{
	Suite *s = suite_create("local_id_map");
	TCase *t = tcase_create("map");
	tcase_add_test(t, map_dense_ids_in_four_bytes);
	tcase_add_test(t, map_sparse_and_odd_ids);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(local_id_map_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
