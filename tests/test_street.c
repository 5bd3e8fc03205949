/* street: line merge into stretches and chainage direction (SPEC §5). */
#include "testing.h"
#include "street.h"

#include <math.h>

static GEOSGeometry *wkt(adcov_ctx *ctx, const char *text)
{
    GEOSContextHandle_t h = adcov_ctx_geos(ctx);
    GEOSWKTReader *r = GEOSWKTReader_create_r(h);
    GEOSGeometry *g = GEOSWKTReader_read_r(h, r, text);
    GEOSWKTReader_destroy_r(h, r);
    assert_non_null(g);
    return g;
}

static void branched_street_gives_three_stretches(void **state)
{
    adcov_ctx *ctx = *state;
    /* Four lines of one street meet at (300,0), where three ends meet: only (300,0)-(600,0) and
     * (600,0)-(900,0) merge (exactly two ends meet at (600,0)). The fifth line is another street. */
    const char *lines[] = {"LINESTRING(0 0, 300 0)", "LINESTRING(300 0, 600 0)", "LINESTRING(300 300, 300 0)",
                           "LINESTRING(900 0, 600 0)", "LINESTRING(0 -100, 40 -100)"};
    GEOSGeometry *g[5];
    adcov_road roads[5];
    for (int i = 0; i < 5; i++) {
        g[i] = wkt(ctx, lines[i]);
        roads[i] = (adcov_road){g[i], i == 4 ? 1 : 0, (size_t)i};
    }
    adcov_stretch *s = NULL;
    size_t n = 0;
    assert_int_equal(adcov_streets_build(ctx, roads, 5, &s, &n), ADCOV_OK);
    assert_int_equal(n, 4);
    /* street 0, by start x then y then length: (0,0) 300 m; (300,0) up 300 m; (300,0) east 600 m */
    ASSERT_NEAR(s[0].line.x[0], 0, 0);
    ASSERT_NEAR(adcov_polyline_length(&s[0].line), 300, 1e-9);
    ASSERT_NEAR(s[1].line.x[0], 300, 0);
    ASSERT_NEAR(s[1].line.y[0], 0, 0); /* same x at both ends: starts at the smaller y */
    ASSERT_NEAR(s[1].line.y[s[1].line.n - 1], 300, 0);
    ASSERT_NEAR(adcov_polyline_length(&s[2].line), 600, 1e-9);
    ASSERT_NEAR(s[2].line.x[0], 300, 0); /* the line drawn from 900 runs from the smaller x */
    assert_int_equal(s[2].nfeatures, 2);
    assert_int_equal(s[3].street, 1);
    /* chainage arithmetic on the 600 m stretch */
    double x, y;
    adcov_polyline_at(&s[2].line, 450, &x, &y);
    ASSERT_NEAR(x, 750, 1e-9);
    adcov_stretches_free(s, n);
    for (int i = 0; i < 5; i++)
        GEOSGeom_destroy_r(adcov_ctx_geos(ctx), g[i]);
}

static void multipart_feature_belongs_to_both_stretches(void **state)
{
    adcov_ctx *ctx = *state;
    /* Feature 0 is two disjoint lines, (0 0, 100 0) and (500 0, 600 0); feature 1 continues the first,
     * (100 0, 200 0). Two stretches: 0..200 (features 0 and 1) and 500..600 (feature 0). */
    GEOSGeometry *a = wkt(ctx, "MULTILINESTRING((0 0, 100 0), (500 0, 600 0))"), *b = wkt(ctx, "LINESTRING(100 0, 200 0)");
    adcov_road roads[] = {{a, 0, 0}, {b, 0, 1}};
    adcov_stretch *s = NULL;
    size_t n = 0;
    assert_int_equal(adcov_streets_build(ctx, roads, 2, &s, &n), ADCOV_OK);
    assert_int_equal(n, 2);
    ASSERT_NEAR(adcov_polyline_length(&s[0].line), 200, 1e-9);
    assert_int_equal(s[0].nfeatures, 2);
    ASSERT_NEAR(adcov_polyline_length(&s[1].line), 100, 1e-9);
    assert_int_equal(s[1].nfeatures, 1);
    assert_int_equal(s[1].features[0], 0);
    adcov_stretches_free(s, n);
    GEOSGeom_destroy_r(adcov_ctx_geos(ctx), a);
    GEOSGeom_destroy_r(adcov_ctx_geos(ctx), b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(branched_street_gives_three_stretches, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(multipart_feature_belongs_to_both_stretches, setup_ctx, teardown_ctx)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
