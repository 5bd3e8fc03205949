/* window: sliding and fixed windows, 处 counting and gaps (SPEC §4, §5, §10), on chainage spans
 * worked out by hand. A poster 10 m off a straight street at chainage c has
 * V = [c - 48.9898, c + 48.9898] (sqrt(50^2 - 10^2) = 48.9898). */
#include "testing.h"
#include "window.h"

#include <math.h>

#define H 48.98979485566356 /* sqrt(50^2 - 10^2) */

static adcov_window_spec spec1(double length, double w, double k)
{
    adcov_window_spec s = {.length = length, .window = w, .separation = 20, .nquotas = 1};
    s.need[0] = k;
    return s;
}

static void gap_between_two_posters(void **state)
{
    (void)state;
    adcov_span a[] = {{100 - H, 100 + H}}, b[] = {{900 - H, 900 + H}};
    adcov_seen ads[] = {{a, 1, 100, 10, "A1", 1}, {b, 1, 900, 10, "A2", 1}};
    adcov_window_spec s = spec1(1000, 500, 1);
    adcov_window_result r = {0};
    assert_int_equal(adcov_windows_check(&s, ads, 2, &r), ADCOV_OK);
    /* failing starts (148.99, 351.01): gap 148.99 .. 351.01 + 500 = 851.01 */
    assert_int_equal(r.ngaps, 1);
    ASSERT_NEAR(r.gaps[0].from, 100 + H, 1e-6);
    ASSERT_NEAR(r.gaps[0].to, 900 - H, 1e-6);
    assert_int_equal(r.gaps[0].worst[0], 0);
    /* whole-metre starts 149 .. 351 */
    assert_int_equal(r.windows_failed, 203);
    adcov_window_result_free(&r);
}

/* Where the next gap begins, as suggestions mend one window at a time: posters at 100, 1000 and 1900
 * on 2,500 m, W = 500, k = 1; V = [51.01, 148.99], [951.01, 1048.99], [1851.01, 1948.99]. A window
 * [s, s + 500] sees A1 for s <= 148.99, A2 for 451.01 <= s <= 1048.99, A3 for 1351.01 <= s <= 1948.99:
 * starts in (148.99, 451.01) fail first, so the next gap from 0 begins at 148.99 = 100 + H. A poster
 * P1 at 400 (V = [351.01, 448.99]) is seen by the starts up to 448.99: the gap now begins at 448.99 =
 * 400 + H, asked from 148.99. Fixed blocks of 500 m: [0,500] sees A1, [500,1000] and [1000,1500] A2,
 * [1500,2000] A3, [2000,2500] nothing: the gap begins at 2000; on 2,000 m there is none (-1). */
static void next_gap_walks_on_from_the_last_one(void **state)
{
    (void)state;
    adcov_span a[] = {{100 - H, 100 + H}}, b[] = {{1000 - H, 1000 + H}}, c[] = {{1900 - H, 1900 + H}},
               p[] = {{400 - H, 400 + H}};
    adcov_seen ads[] = {{a, 1, 100, 10, "A1", 1}, {b, 1, 1000, 10, "A2", 1}, {c, 1, 1900, 10, "A3", 1},
                        {p, 1, 400, 10, "~", 1}};
    adcov_window_spec s = spec1(2500, 500, 1);
    adcov_window_result all = {0};
    double gap = 0;
    assert_int_equal(adcov_windows_check(&s, ads, 3, &all), ADCOV_OK);
    assert_int_equal(all.ngaps, 3);
    assert_int_equal(adcov_windows_next_gap(&s, ads, 3, 0, &gap), ADCOV_OK);
    ASSERT_NEAR(gap, all.gaps[0].from, 1e-12);
    ASSERT_NEAR(gap, 100 + H, 1e-6);
    assert_int_equal(adcov_windows_next_gap(&s, ads, 4, gap, &gap), ADCOV_OK);
    ASSERT_NEAR(gap, 400 + H, 1e-6);
    s.fixed = 1;
    assert_int_equal(adcov_windows_next_gap(&s, ads, 3, 0, &gap), ADCOV_OK);
    ASSERT_NEAR(gap, 2000, 1e-9);
    s.length = 2000;
    assert_int_equal(adcov_windows_next_gap(&s, ads, 3, 0, &gap), ADCOV_OK);
    ASSERT_NEAR(gap, -1, 0);
    adcov_window_result_free(&all);
}

/* The question looks 2,000 m (four windows) at a time: a gap beyond that is still found, and found
 * where the whole check finds it. Posters every 400 m from 100 to 3300, then 4100, 4500, 4900, on
 * 5,000 m, W = 500: consecutive V are 400 - 2H = 302 m apart, so windows pass, but for the hole
 * between 3300 and 4100: starts in (3348.99, 3551.01) see neither (3300 + H = 3348.99, 4100 - H - 500 =
 * 3551.01): the gap begins at 3348.99. Fixed blocks: [3500, 4000] sees neither (3348.99 < 3500, 4051.01
 * > 4000): the gap begins at 3500. */
static void next_gap_beyond_the_first_chunk(void **state)
{
    (void)state;
    adcov_span v[12];
    adcov_seen ads[12];
    char ids[12][24];
    double at[12];
    size_t n = 0;
    for (double c = 100; c <= 3300; c += 400)
        at[n++] = c;
    at[n++] = 4100, at[n++] = 4500, at[n++] = 4900;
    for (size_t i = 0; i < n; i++) {
        v[i] = (adcov_span){at[i] - H, at[i] + H};
        snprintf(ids[i], sizeof ids[i], "A%02zu", i);
        ads[i] = (adcov_seen){&v[i], 1, at[i], 10, ids[i], 1};
    }
    assert_int_equal(n, 12);
    adcov_window_spec s = spec1(5000, 500, 1);
    adcov_window_result all = {0};
    double gap = 0;
    assert_int_equal(adcov_windows_check(&s, ads, n, &all), ADCOV_OK);
    assert_int_equal(all.ngaps, 1);
    assert_int_equal(adcov_windows_next_gap(&s, ads, n, 0, &gap), ADCOV_OK);
    ASSERT_NEAR(gap, 3300 + H, 1e-6);
    ASSERT_NEAR(gap, all.gaps[0].from, 1e-12);
    s.fixed = 1;
    assert_int_equal(adcov_windows_check(&s, ads, n, &all), ADCOV_OK);
    assert_int_equal(adcov_windows_next_gap(&s, ads, n, 0, &gap), ADCOV_OK);
    ASSERT_NEAR(gap, 3500, 1e-9);
    ASSERT_NEAR(gap, all.gaps[0].from, 1e-12);
    adcov_window_result_free(&all);
}

static void fixed_windows_pass_where_sliding_fails(void **state)
{
    (void)state;
    adcov_span a[] = {{100 - H, 100 + H}}, b[] = {{900 - H, 900 + H}};
    adcov_seen ads[] = {{a, 1, 100, 10, "A1", 1}, {b, 1, 900, 10, "A2", 1}};
    adcov_window_spec s = spec1(1000, 500, 1);
    s.fixed = 1; /* blocks [0,500] sees A1, [500,1000] sees A2 */
    adcov_window_result r = {0};
    assert_int_equal(adcov_windows_check(&s, ads, 2, &r), ADCOV_OK);
    assert_int_equal(r.ngaps, 0);
    /* a third block: L = 1200, [1000, 1200] is a last shorter block that sees nothing */
    s.length = 1200;
    assert_int_equal(adcov_windows_check(&s, ads, 2, &r), ADCOV_OK);
    assert_int_equal(r.ngaps, 1);
    ASSERT_NEAR(r.gaps[0].from, 1000, 1e-9);
    ASSERT_NEAR(r.gaps[0].to, 1200, 1e-9);
    assert_int_equal(r.windows_failed, 1);
    adcov_window_result_free(&r);
}

static void wall_of_posters_counts_per_20_m(void **state)
{
    (void)state;
    /* Six posters 5 m apart at x = 500 .. 525. Walk order is by x (each is first seen 5 m later).
     * 500 counts; 505, 510, 515 are closer than 20 m to it; 520 is exactly 20 m away: a second 处;
     * 525 is 5 m from 520: absorbed. Two 处. */
    adcov_span sp[6][1];
    adcov_seen ads[6];
    char ids[6][8];
    for (int i = 0; i < 6; i++) {
        double x = 500 + 5 * i;
        sp[i][0] = (adcov_span){x - H, x + H};
        snprintf(ids[i], sizeof ids[i], "W%d", i);
        ads[i] = (adcov_seen){sp[i], 1, x, 10, ids[i], 1};
    }
    adcov_window_spec s = spec1(1000, 500, 2);
    int counts[ADCOV_MAX_QUOTAS] = {0};
    assert_int_equal(adcov_window_count(&s, ads, 6, 300, 800, counts), ADCOV_OK);
    assert_int_equal(counts[0], 2);
    /* from a window that starts inside every V(a), all tie and ids order them: the same two 处 */
    assert_int_equal(adcov_window_count(&s, ads, 6, 480, 980, counts), ADCOV_OK);
    assert_int_equal(counts[0], 2);
}

static void five_quota_with_theme_bits(void **state)
{
    (void)state;
    /* Quota 0: 讲文明树新风 (bit 1), four posters 100 m apart; quota 1: any PSA (bit 2), all five. */
    adcov_span sp[5][1];
    adcov_seen ads[5];
    const char *ids[] = {"Q1", "Q2", "Q3", "Q4", "Q5"};
    for (int i = 0; i < 5; i++) {
        double x = 50 + 100 * i;
        sp[i][0] = (adcov_span){fmax(0, x - H), fmin(500, x + H)};
        ads[i] = (adcov_seen){sp[i], 1, x, 10, ids[i], i < 4 ? 3u : 2u};
    }
    adcov_window_spec s = {.length = 500, .window = 500, .separation = 20, .nquotas = 2, .need = {5, 5}};
    adcov_window_result r = {0};
    assert_int_equal(adcov_windows_check(&s, ads, 5, &r), ADCOV_OK);
    assert_int_equal(r.ngaps, 1); /* L = W: one window, the whole street */
    ASSERT_NEAR(r.gaps[0].from, 0, 1e-9);
    ASSERT_NEAR(r.gaps[0].to, 500, 1e-9);
    assert_int_equal(r.gaps[0].worst[0], 4);
    assert_int_equal(r.gaps[0].worst[1], 5);
    adcov_window_result_free(&r);
}

static void short_street_is_one_window(void **state)
{
    (void)state;
    /* L = 300 < W = 500: W' = 300, the one window [0, 300] sees the poster at 250: pass. */
    adcov_span a[] = {{250 - H, 250 + H}};
    adcov_seen ads[] = {{a, 1, 250, 10, "S", 1}};
    adcov_window_spec s = spec1(300, 500, 1);
    adcov_window_result r = {0};
    assert_int_equal(adcov_windows_check(&s, ads, 1, &r), ADCOV_OK);
    assert_int_equal(r.ngaps, 0);
    s.need[0] = 2;
    assert_int_equal(adcov_windows_check(&s, ads, 1, &r), ADCOV_OK);
    assert_int_equal(r.ngaps, 1);
    ASSERT_NEAR(r.gaps[0].to - r.gaps[0].from, 300, 1e-9);
    adcov_window_result_free(&r);
}

static void touching_windows_pass(void **state)
{
    (void)state;
    /* V(A) = [0, 100], V(B) = [600, 700], W = 500: the window [100, 600] sees both ends (limits are
     * inclusive), so no start fails. Move B to [601, 700]: starts (100, 101) fail, gap [100, 601]. */
    adcov_span a[] = {{0, 100}}, b[] = {{600, 700}};
    adcov_seen ads[] = {{a, 1, 50, 0, "A", 1}, {b, 1, 650, 0, "B", 1}};
    adcov_window_spec s = spec1(800, 500, 1);
    adcov_window_result r = {0};
    assert_int_equal(adcov_windows_check(&s, ads, 2, &r), ADCOV_OK);
    assert_int_equal(r.ngaps, 0);
    b[0].t0 = 601;
    assert_int_equal(adcov_windows_check(&s, ads, 2, &r), ADCOV_OK);
    assert_int_equal(r.ngaps, 1);
    ASSERT_NEAR(r.gaps[0].from, 100, 1e-9);
    ASSERT_NEAR(r.gaps[0].to, 601, 1e-9);
    adcov_window_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(gap_between_two_posters), cmocka_unit_test(fixed_windows_pass_where_sliding_fails),
        cmocka_unit_test(wall_of_posters_counts_per_20_m), cmocka_unit_test(five_quota_with_theme_bits),
        cmocka_unit_test(short_street_is_one_window), cmocka_unit_test(touching_windows_pass),
        cmocka_unit_test(next_gap_walks_on_from_the_last_one), cmocka_unit_test(next_gap_beyond_the_first_chunk)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
