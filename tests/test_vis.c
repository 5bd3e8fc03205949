/* vis: V(a) on a straight street y = 0, x in [0, 1000] (SPEC §4), exact answers by hand. */
#include "testing.h"
#include "vis.h"

#include <math.h>

static const adcov_vis_params PRM = {60, 1.0};

static adcov_polyline street(void)
{
    static double x[] = {0, 1000}, y[] = {0, 0}, t[] = {0, 1000};
    return (adcov_polyline){2, x, y, t};
}

/* One building from WKT; its geometry must outlive the index, so it is kept in *keep. */
static adcov_vis *buildings(adcov_ctx *ctx, const char *wkt, GEOSGeometry **keep)
{
    GEOSContextHandle_t h = adcov_ctx_geos(ctx);
    GEOSWKTReader *r = GEOSWKTReader_create_r(h);
    GEOSGeometry *g = GEOSWKTReader_read_r(h, r, wkt);
    assert_non_null(g);
    adcov_vis *v = NULL;
    const GEOSGeometry *list[] = {g};
    assert_int_equal(adcov_vis_new(ctx, list, 1, &v), ADCOV_OK);
    GEOSWKTReader_destroy_r(h, r);
    *keep = g;
    return v;
}

static void done(adcov_ctx *ctx, adcov_vis *v, GEOSGeometry *g)
{
    adcov_vis_free(v);
    GEOSGeom_destroy_r(adcov_ctx_geos(ctx), g);
}

static void building_hides_the_middle(void **state)
{
    adcov_ctx *ctx = *state;
    /* Poster at (500, 30), view 50: the disk gives [460, 540]. A building x 495..505, y 10..20 sits
     * between. The sight line from (t, 0) crosses y = 10 at x = (2t + 500)/3 and y = 20 at (t + 1000)/3;
     * it misses the box when (t + 1000)/3 <= 495 (t <= 485) or (t + 1000)/3 >= 505 (t >= 515, the
     * mirror case). At t = 485 and 515 it only touches a corner, which does not block.
     * V = [460, 485] and [515, 540]. */
    GEOSGeometry *g = NULL;
    adcov_vis *v = buildings(ctx, "POLYGON((495 10, 505 10, 505 20, 495 20, 495 10))", &g);
    adcov_polyline p = street();
    adcov_sight ad = {.x = 500, .y = 30, .view_m = 50, .sides = 1};
    adcov_spans out = {0};
    assert_int_equal(adcov_vis_spans(ctx, v, &PRM, &ad, &p, &out), ADCOV_OK);
    assert_int_equal(out.n, 2);
    ASSERT_NEAR(out.items[0].t0, 460, 1e-6);
    ASSERT_NEAR(out.items[0].t1, 485, 1e-6);
    ASSERT_NEAR(out.items[1].t0, 515, 1e-6);
    ASSERT_NEAR(out.items[1].t1, 540, 1e-6);
    free(out.items);
    done(ctx, v, g);
}

static void facing_cone_is_strict_60(void **state)
{
    adcov_ctx *ctx = *state;
    adcov_polyline p = street();
    adcov_spans out = {0};
    /* At (500, 10) facing 180 (south, toward the street): the bearing from the ad to (t, 0) is within
     * 60 degrees of south when |t - 500| < 10 tan 60 = 17.3205. */
    adcov_sight ad = {.x = 500, .y = 10, .view_m = 50, .has_facing = 1, .facing_deg = 180, .sides = 1};
    assert_int_equal(adcov_vis_spans(ctx, NULL, &PRM, &ad, &p, &out), ADCOV_OK);
    assert_int_equal(out.n, 1);
    ASSERT_NEAR(out.items[0].t0, 500 - 10 * sqrt(3), 1e-6);
    ASSERT_NEAR(out.items[0].t1, 500 + 10 * sqrt(3), 1e-6);
    /* Facing 0 (north, away): never seen. */
    ad.facing_deg = 0;
    assert_int_equal(adcov_vis_spans(ctx, NULL, &PRM, &ad, &p, &out), ADCOV_OK);
    assert_int_equal(out.n, 0);
    /* Two-sided: also seen from 0 + 180, the same span as facing 180. */
    ad.sides = 2;
    assert_int_equal(adcov_vis_spans(ctx, NULL, &PRM, &ad, &p, &out), ADCOV_OK);
    assert_int_equal(out.n, 1);
    ASSERT_NEAR(out.items[0].t1 - out.items[0].t0, 20 * sqrt(3), 1e-6);
    /* Facing 90 (east), from (500, 10): bearing to (t, 0) is within 60 of east when the angle below the
     * horizontal, atan(10 / (t - 500)), is under 60: t > 500 + 10 / tan 60 = 505.7735, out to the disk
     * edge 500 + sqrt(2400) = 548.9898. */
    ad.sides = 1;
    ad.facing_deg = 90;
    assert_int_equal(adcov_vis_spans(ctx, NULL, &PRM, &ad, &p, &out), ADCOV_OK);
    assert_int_equal(out.n, 1);
    ASSERT_NEAR(out.items[0].t0, 500 + 10 / sqrt(3), 1e-6);
    ASSERT_NEAR(out.items[0].t1, 500 + sqrt(2400), 1e-6);
    free(out.items);
    /* The limit itself is strict (SPEC §4), pinned on a point (how squares see): from (0, 0) the point
     * (0, 30) lies at bearing 0 exactly; facing 60 it is 60 degrees off, not within: unseen. Facing 59.9
     * or 300.1 it is within; facing 300 it is 60 off the other way: unseen. */
    adcov_sight at = {.x = 0, .y = 0, .view_m = 50, .has_facing = 1, .facing_deg = 60, .sides = 1};
    assert_int_equal(adcov_vis_seen(NULL, &PRM, &at, 0, 30), 0);
    at.facing_deg = 59.9;
    assert_int_equal(adcov_vis_seen(NULL, &PRM, &at, 0, 30), 1);
    at.facing_deg = 300;
    assert_int_equal(adcov_vis_seen(NULL, &PRM, &at, 0, 30), 0);
    at.facing_deg = 300.1;
    assert_int_equal(adcov_vis_seen(NULL, &PRM, &at, 0, 30), 1);
}

static void facade_tolerance_and_walls(void **state)
{
    adcov_ctx *ctx = *state;
    adcov_polyline p = street();
    adcov_spans out = {0};
    /* A board hung on the south wall (y = 5) of a building x 490..510, y 5..25, 0.5 m inside the
     * footprint as surveyed points often are: the last 1 m of each sight line is ignored, so it is seen
     * wherever the facing allows: |t - 500| < 5.5 tan 60 = 9.5263. */
    GEOSGeometry *g = NULL;
    adcov_vis *v = buildings(ctx, "POLYGON((490 5, 510 5, 510 25, 490 25, 490 5))", &g);
    adcov_sight ad = {.x = 500, .y = 5.5, .view_m = 30, .has_facing = 1, .facing_deg = 180, .sides = 1};
    assert_int_equal(adcov_vis_spans(ctx, v, &PRM, &ad, &p, &out), ADCOV_OK);
    assert_int_equal(out.n, 1);
    ASSERT_NEAR(out.items[0].t0, 500 - 5.5 * sqrt(3), 1e-6);
    ASSERT_NEAR(out.items[0].t1, 500 + 5.5 * sqrt(3), 1e-6);
    done(ctx, v, g);
    /* A screen on the street line at (600, 0), view 150, and a building whose south wall lies on y = 0
     * from x 510 to 550: sight lines run along that wall, which does not block: V = [450, 750]. */
    v = buildings(ctx, "POLYGON((510 0, 550 0, 550 20, 510 20, 510 0))", &g);
    adcov_sight screen = {.x = 600, .y = 0, .view_m = 150, .sides = 1};
    assert_int_equal(adcov_vis_spans(ctx, v, &PRM, &screen, &p, &out), ADCOV_OK);
    assert_int_equal(out.n, 1);
    ASSERT_NEAR(out.items[0].t0, 450, 1e-6);
    ASSERT_NEAR(out.items[0].t1, 750, 1e-6);
    free(out.items);
    done(ctx, v, g);
}

static void polyline_with_a_bend(void **state)
{
    adcov_ctx *ctx = *state;
    /* An L: (0,0) -> (100,0) -> (100,100), chainage 0..200. A poster at (90, 10) with view 20 sees
     * x in 90 ± sqrt(400 - 100) = [72.679, 107.32] on the first leg, clipped at the corner (t = 100),
     * and y in 10 ± sqrt(400 - 100) on the second: t = 100 + [0, 27.3205]. One span [72.679, 127.32]. */
    double x[] = {0, 100, 100}, y[] = {0, 0, 100}, t[] = {0, 100, 200};
    adcov_polyline p = {3, x, y, t};
    adcov_sight ad = {.x = 90, .y = 10, .view_m = 20, .sides = 1};
    adcov_spans out = {0};
    assert_int_equal(adcov_vis_spans(ctx, NULL, &PRM, &ad, &p, &out), ADCOV_OK);
    assert_int_equal(out.n, 1);
    ASSERT_NEAR(out.items[0].t0, 90 - sqrt(300), 1e-6);
    ASSERT_NEAR(out.items[0].t1, 100 + 10 + sqrt(300), 1e-6);
    free(out.items);
}

static void isovist_rays_stop_at_buildings(void **state)
{
    adcov_ctx *ctx = *state;
    GEOSGeometry *g = NULL;
    /* two buildings seen from (0, 0): one due east, x 10..20, and one due north across the 0° wrap,
     * x -5..5, y 20..30 */
    adcov_vis *v = buildings(ctx, "MULTIPOLYGON(((10 -5, 20 -5, 20 5, 10 5, 10 -5)), ((-5 20, 5 20, 5 30, -5 30, -5 20)))", &g);
    double xy[2 * 360];
    assert_int_equal(adcov_vis_isovist(v, 0, 0, 100, 360, xy), ADCOV_OK);
    ASSERT_NEAR(xy[2 * 90], 10, 1e-9);      /* east: the first building's west wall */
    ASSERT_NEAR(xy[2 * 0 + 1], 20, 1e-9);   /* north: the second building's south wall */
    ASSERT_NEAR(xy[2 * 359 + 1], 20 * cos(M_PI / 180) + 0, 0.01); /* 1° west of north still meets it */
    ASSERT_NEAR(xy[2 * 180 + 1], -100, 1e-9); /* south: nothing, the full 100 m */
    ASSERT_NEAR(xy[2 * 270], -100, 1e-9);     /* west: nothing */
    done(ctx, v, g);
}

static GEOSGeometry *ring_polygon(GEOSContextHandle_t h, const double *xy, unsigned n)
{
    GEOSCoordSequence *cs = GEOSCoordSeq_create_r(h, n + 1, 2);
    for (unsigned i = 0; i <= n; i++)
        GEOSCoordSeq_setXY_r(h, cs, i, xy[2 * (i % n)], xy[2 * (i % n) + 1]);
    GEOSGeometry *ring = GEOSGeom_createLinearRing_r(h, cs);
    return ring ? GEOSGeom_createPolygon_r(h, ring, NULL, 0) : NULL;
}

static void simple_footprints_are_valid(void **state)
{
    adcov_ctx *ctx = *state;
    GEOSContextHandle_t h = adcov_ctx_geos(ctx);
    const struct {
        double xy[16];
        unsigned n;
        int simple;
    } cases[] = {
        {{0, 0, 10, 0, 10, 5, 0, 5}, 4, 1},                    /* rectangle */
        {{0, 0, 10, 0, 10, 5, 5, 5, 5, 10, 0, 10}, 6, 1},       /* L */
        {{0, 0, 10, 5, 10, 0, 0, 5}, 4, 0},                     /* bow-tie */
        {{0, 0, 10, 0, 10, 10, 10, 0, 0, 10}, 5, 0},            /* spike back along an edge */
        {{0, 0, 4, 0, 4, 4, 2, 0, 0, 4}, 5, 0},                 /* touches itself at (2, 0) */
        {{0, 0, 5, 0, 10, 0, 10, 5, 0, 5}, 5, 1},               /* a vertex on a straight edge */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        GEOSGeometry *g = ring_polygon(h, cases[i].xy, cases[i].n);
        assert_non_null(g);
        assert_int_equal(adcov_vis_simple_footprint(ctx, g), cases[i].simple);
        GEOSGeom_destroy_r(h, g);
    }
    /* Random rings on a 4 x 4 grid (many touches and overlaps): whenever the fast test says simple,
     * GEOS must say valid. */
    unsigned seed = 12345, simple = 0;
    for (int t = 0; t < 20000; t++) {
        double xy[16];
        unsigned n = 3 + (seed = seed * 1103515245u + 12345u) % 6;
        for (unsigned k = 0; k < 2 * n; k++)
            xy[k] = (double)((seed = seed * 1103515245u + 12345u) >> 16) / 65536.0 * 4.0;
        for (unsigned k = 0; k < 2 * n; k++)
            xy[k] = (double)(int)xy[k];
        GEOSGeometry *g = ring_polygon(h, xy, n);
        if (!g)
            continue;
        if (adcov_vis_simple_footprint(ctx, g)) {
            simple++;
            assert_int_equal(GEOSisValid_r(h, g), 1);
        }
        GEOSGeom_destroy_r(h, g);
    }
    assert_true(simple > 1000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(building_hides_the_middle, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(facing_cone_is_strict_60, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(facade_tolerance_and_walls, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(polyline_with_a_bend, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(simple_footprints_are_valid, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(isovist_rays_stop_at_buildings, setup_ctx, teardown_ctx)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
