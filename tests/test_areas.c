/* areas: which polygons hold a point, worked by hand; then a buffered zone against GEOS. */
#include "testing.h"
#include "areas.h"

#include <math.h>

static GEOSGeometry *wkt(adcov_ctx *ctx, const char *text)
{
    GEOSWKTReader *r = GEOSWKTReader_create_r(adcov_ctx_geos(ctx));
    GEOSGeometry *g = GEOSWKTReader_read_r(adcov_ctx_geos(ctx), r, text);
    GEOSWKTReader_destroy_r(adcov_ctx_geos(ctx), r);
    assert_non_null(g);
    return g;
}

static adcov_areas *areas_of(adcov_ctx *ctx, GEOSGeometry **g, size_t n)
{
    adcov_areas *a = NULL;
    assert_int_equal(adcov_areas_new(ctx, (const GEOSGeometry *const *)g, n, &a), ADCOV_OK);
    for (size_t i = 0; i < n; i++)
        GEOSGeom_destroy_r(adcov_ctx_geos(ctx), g[i]);
    return a; /* the polygons were copied: the geometries are gone */
}

/* A 100 m square with a 20 m square hole in its middle, and a triangle apart. */
static void square_with_a_hole(void **state)
{
    adcov_ctx *ctx = *state;
    GEOSGeometry *g[] = {
        wkt(ctx, "POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0), (40 40, 60 40, 60 60, 40 60, 40 40))"),
        wkt(ctx, "POLYGON ((200 0, 300 0, 250 50, 200 0))"),
        wkt(ctx, "LINESTRING (500 500, 600 600)"), /* no area: skipped */
    };
    adcov_areas *a = areas_of(ctx, g, 3);
    assert_int_equal(adcov_areas_hit(a, 10, 10), 1);    /* inside the shell */
    assert_int_equal(adcov_areas_hit(a, 50, 50), 0);    /* in the hole */
    assert_int_equal(adcov_areas_hit(a, 40, 50), 1);    /* on the hole's ring: the boundary counts */
    assert_int_equal(adcov_areas_hit(a, 100, 30), 1);   /* on the shell's right edge */
    assert_int_equal(adcov_areas_hit(a, 0, 0), 1);      /* on a corner */
    assert_int_equal(adcov_areas_hit(a, 100.01, 30), 0); /* just outside */
    assert_int_equal(adcov_areas_hit(a, 150, 10), 0);   /* between the two */
    /* the triangle at height 10 spans x 210 .. 290 (its sides rise 1 in 1) */
    assert_int_equal(adcov_areas_hit(a, 211, 10), 1);
    assert_int_equal(adcov_areas_hit(a, 209, 10), 0);
    assert_int_equal(adcov_areas_hit(a, 250, 50), 1);   /* its apex */
    assert_int_equal(adcov_areas_hit(a, 550, 550), 0);  /* on the line: a line holds no area */
    adcov_areas_free(a);
}

/* Two parts of one MultiPolygon that overlap on [50, 100] x [0, 100]: a point there is in the zone
 * (asked part by part, not by the parity of both, which would call it outside). */
static void overlapping_parts(void **state)
{
    adcov_ctx *ctx = *state;
    GEOSGeometry *g[] = {wkt(ctx, "MULTIPOLYGON (((0 0, 100 0, 100 100, 0 100, 0 0)), "
                                  "((50 0, 150 0, 150 100, 50 100, 50 0)))")};
    adcov_areas *a = areas_of(ctx, g, 1);
    assert_int_equal(adcov_areas_hit(a, 75, 50), 1);
    assert_int_equal(adcov_areas_hit(a, 25, 50), 1);
    assert_int_equal(adcov_areas_hit(a, 125, 50), 1);
    assert_int_equal(adcov_areas_hit(a, 151, 50), 0);
    adcov_areas_free(a);
    adcov_areas_free(NULL);
    adcov_areas *none = NULL;
    assert_int_equal(adcov_areas_new(ctx, NULL, 0, &none), ADCOV_OK);
    assert_int_equal(adcov_areas_hit(none, 0, 0), 0);
    adcov_areas_free(none);
}

/* A zone as the check makes one (a walk along an L of streets, buffered by 30 m: round ends, many
 * edges and so many bands) agrees with GEOS's intersects on a 2 m grid of points across it. */
static void agrees_with_geos_on_a_buffered_walk(void **state)
{
    adcov_ctx *ctx = *state;
    GEOSContextHandle_t h = adcov_ctx_geos(ctx);
    GEOSGeometry *walk = wkt(ctx, "MULTILINESTRING ((0 0, 400 0), (200 0, 200 300), (0 0, 0 -200))");
    GEOSGeometry *zone = GEOSBuffer_r(h, walk, 30, 8);
    GEOSGeom_destroy_r(h, walk);
    const GEOSPreparedGeometry *p = GEOSPrepare_r(h, zone);
    GEOSGeometry *copy = GEOSGeom_clone_r(h, zone);
    adcov_areas *a = areas_of(ctx, &copy, 1);
    size_t in = 0;
    for (double x = -50; x <= 450; x += 2)
        for (double y = -250; y <= 350; y += 2) {
            GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(h, x + 0.37, y + 0.61); /* off the grid of the rings */
            int want = GEOSPreparedIntersects_r(h, p, pt);
            GEOSGeom_destroy_r(h, pt);
            assert_int_equal(adcov_areas_hit(a, x + 0.37, y + 0.61), want);
            in += (size_t)want;
        }
    /* the zone's area is about 60 m x (400 + 300 + 200 m of street) plus the round ends: some 56,000 m²,
     * 14,000 points of the 2 m grid; at least that many were inside, so the test saw both answers */
    assert_true(in > 12000);
    adcov_areas_free(a);
    GEOSPreparedGeom_destroy_r(h, p);
    GEOSGeom_destroy_r(h, zone);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(square_with_a_hole, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(overlapping_parts, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(agrees_with_geos_on_a_buffered_walk, setup_ctx, teardown_ctx),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
