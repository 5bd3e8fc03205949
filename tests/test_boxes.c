/* boxes: which boxes meet a query box, worked by hand; then a city of boxes against a plain scan. */
#include "testing.h"
#include "boxes.h"

typedef struct {
    size_t ids[4096];
    size_t n;
} found;

static void keep(size_t id, void *user)
{
    found *f = user;
    assert_true(f->n < 4096);
    f->ids[f->n++] = id;
}

static int by_id(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* The ids found, sorted (the index promises each once, in an order of its own). */
static found ask(const adcov_boxes *b, double x0, double y0, double x1, double y1)
{
    found f = {.n = 0};
    adcov_boxes_query(b, x0, y0, x1, y1, keep, &f);
    qsort(f.ids, f.n, sizeof *f.ids, by_id);
    return f;
}

static void edges_count_and_points_are_boxes(void **state)
{
    (void)state;
    /* 0: [0,10]x[0,10]   1: the point (20, 5)   2: [15,25]x[30,40]   3: the point (100, 100) */
    const double xy[] = {0, 0, 10, 10, 20, 5, 20, 5, 15, 30, 25, 40, 100, 100, 100, 100};
    adcov_boxes *b = adcov_boxes_new(xy, 4);
    assert_non_null(b);
    /* [10,20]x[5,5]: touches box 0's right edge at x = 10 and holds the point (20, 5) at its end;
     * box 2 starts at y = 30. Found: 0 and 1. */
    found f = ask(b, 10, 5, 20, 5);
    assert_int_equal(f.n, 2);
    assert_int_equal(f.ids[0], 0);
    assert_int_equal(f.ids[1], 1);
    /* [10.001, 19.999]x[0, 29.999]: right of box 0, left of the point, below box 2: nothing. */
    assert_int_equal(ask(b, 10.001, 0, 19.999, 29.999).n, 0);
    /* [24, 100]x[39, 100]: box 2's corner (25, 40) and the point (100, 100) on the far corner. */
    f = ask(b, 24, 39, 100, 100);
    assert_int_equal(f.n, 2);
    assert_int_equal(f.ids[0], 2);
    assert_int_equal(f.ids[1], 3);
    /* Everything. */
    assert_int_equal(ask(b, -1e9, -1e9, 1e9, 1e9).n, 4);
    adcov_boxes_free(b);
}

static void empty_and_single(void **state)
{
    (void)state;
    adcov_boxes *none = adcov_boxes_new(NULL, 0);
    assert_non_null(none);
    assert_int_equal(ask(none, -1e9, -1e9, 1e9, 1e9).n, 0);
    adcov_boxes_free(none);
    adcov_boxes_free(NULL);
    const double one[] = {5, 5, 6, 6};
    adcov_boxes *b = adcov_boxes_new(one, 1);
    assert_int_equal(ask(b, 6, 6, 7, 7).n, 1); /* corner to corner */
    assert_int_equal(ask(b, 6.5, 6.5, 7, 7).n, 0);
    adcov_boxes_free(b);
}

/* 3,000 boxes of a 60 x 50 block city (three levels of nodes: 3,000 -> 188 -> 12 -> 1): every query
 * finds exactly what checking each box finds, each once. */
static void agrees_with_a_plain_scan(void **state)
{
    (void)state;
    enum { NX = 60, NY = 50, N = NX * NY };
    double *xy = malloc(4 * N * sizeof *xy);
    assert_non_null(xy);
    for (size_t i = 0; i < N; i++) {
        double x = (double)(i % NX) * 100, y = (double)(i / NX) * 100, w = (double)(i * 37 % 90) + 1;
        xy[4 * i] = x, xy[4 * i + 1] = y, xy[4 * i + 2] = x + w, xy[4 * i + 3] = y + (i % 3 ? w / 2 : 0);
    }
    adcov_boxes *b = adcov_boxes_new(xy, N);
    assert_non_null(b);
    for (int q = 0; q < 200; q++) {
        double x0 = (q * 137) % 6000 - 50, y0 = (q * 89) % 5000 - 50, x1 = x0 + (q % 7) * 40, y1 = y0 + (q % 5) * 60;
        found f = ask(b, x0, y0, x1, y1);
        size_t k = 0;
        for (size_t i = 0; i < N; i++)
            if (xy[4 * i] <= x1 && xy[4 * i + 2] >= x0 && xy[4 * i + 1] <= y1 && xy[4 * i + 3] >= y0) {
                assert_true(k < f.n);
                assert_int_equal(f.ids[k++], i);
            }
        assert_int_equal(k, f.n);
    }
    adcov_boxes_free(b);
    free(xy);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(edges_count_and_points_are_boxes),
                                       cmocka_unit_test(empty_and_single), cmocka_unit_test(agrees_with_a_plain_scan)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
