/* network: which road lines join, and how far a walk goes (SPEC §7). */
#include "testing.h"
#include "network.h"

#include <math.h>

/* Walks reach metres from (x, y) over the lines given as WKT; returns the length walked. */
static double walk(adcov_ctx *ctx, const char *const *lines, int n, double x, double y, double reach, double *snap)
{
    GEOSContextHandle_t h = adcov_ctx_geos(ctx);
    GEOSWKTReader *r = GEOSWKTReader_create_r(h);
    GEOSGeometry *g[8];
    for (int i = 0; i < n; i++) {
        g[i] = GEOSWKTReader_read_r(h, r, lines[i]);
        assert_non_null(g[i]);
    }
    GEOSWKTReader_destroy_r(h, r);
    adcov_network *net = NULL;
    assert_int_equal(adcov_network_new(ctx, (const GEOSGeometry *const *)g, (size_t)n, 0.5, &net), ADCOV_OK);
    GEOSGeometry *walked = NULL;
    double length = -1, snap_m = -1;
    assert_int_equal(adcov_network_walk(ctx, net, x, y, reach, &walked, &snap_m, &length), ADCOV_OK);
    double check = 0;
    GEOSLength_r(h, walked, &check);
    ASSERT_NEAR(check, length, 1e-6); /* the lines handed out are what was walked */
    GEOSGeom_destroy_r(h, walked);
    adcov_network_free(ctx, net);
    for (int i = 0; i < n; i++)
        GEOSGeom_destroy_r(h, g[i]);
    if (snap)
        *snap = snap_m;
    return length;
}

/* Two lines that cross at a vertex they share join there; crossing without one (a bridge) they do not. */
static void shared_vertex_joins_crossing_does_not(void **state)
{
    const char *joined[] = {"LINESTRING(0 0, 100 0, 200 0)", "LINESTRING(100 -100, 100 0, 100 100)"};
    /* from (0,0), 150 m: 150 east; at (100,0) 50 m north and 50 m south = 250 */
    ASSERT_NEAR(walk(*state, joined, 2, 0, 0, 150, NULL), 250, 1e-9);
    const char *bridge[] = {"LINESTRING(0 0, 200 0)", "LINESTRING(100 -100, 100 100)"};
    ASSERT_NEAR(walk(*state, bridge, 2, 0, 0, 150, NULL), 150, 1e-9);
}

/* A line's end within 0.5 m of another line joins it (a T-junction digitised short); 0.6 m does not. */
static void ends_within_half_a_metre_join(void **state)
{
    const char *near[] = {"LINESTRING(0 0, 200 0)", "LINESTRING(100 0.4, 100 100)"};
    /* from (0,0), 150 m: 150 east, and north from (100,0) 50 m (the 0.4 m jump is a join, not a walk) */
    ASSERT_NEAR(walk(*state, near, 2, 0, 0, 150, NULL), 200, 1e-9);
    const char *apart[] = {"LINESTRING(0 0, 200 0)", "LINESTRING(100 0.6, 100 100)"};
    ASSERT_NEAR(walk(*state, apart, 2, 0, 0, 150, NULL), 150, 1e-9);
    const char *ends[] = {"LINESTRING(0 0, 100 0)", "LINESTRING(100.3 0.3, 200 0)"}; /* 0.42 m apart */
    ASSERT_NEAR(walk(*state, ends, 2, 0, 0, 150, NULL), 150, 1e-6);
}

/* The walk starts at the nearest point of the network, mid-edge, and covers both ways; a loop is walked
 * from both ends until the two walks meet. */
static void walk_starts_mid_edge_and_closes_loops(void **state)
{
    double snap = 0;
    const char *line[] = {"LINESTRING(0 0, 1000 0)"};
    ASSERT_NEAR(walk(*state, line, 1, 300, 40, 400, &snap), 700, 1e-9); /* 300 west (dead end) + 400 east */
    ASSERT_NEAR(snap, 40, 1e-9);
    /* a 400 m square ring entered at a corner, 300 m reach: 300 m each way, 600 m, less than the ring */
    const char *ring[] = {"LINESTRING(0 0, 100 0, 100 100, 0 100, 0 0)"};
    ASSERT_NEAR(walk(*state, ring, 1, 0, 0, 300, NULL), 400, 1e-9); /* the two walks meet: 400 m, once */
    ASSERT_NEAR(walk(*state, ring, 1, 0, 0, 150, NULL), 300, 1e-9);
}

/* A crossing of four lines that meet at (100, 0), walked whole: the pieces that go straight on through
 * the crossing come out as one line each way, 2 lines (E-W and N-S, 200 m each), so the 30 m buffer has
 * round ends only at the four tips. Its area: two 200 x 60 bodies with a full circle of ends each
 * (GEOS: 8 segments a quarter, a 32-gon, 0.5 * 32 * 30^2 * sin(2 pi / 32) = 2809.3), less the 60 x 60
 * square counted twice: 2 * (12000 + 2809.3) - 3600 = 26018.6. */
static void straight_pieces_are_one_line(void **state)
{
    adcov_ctx *ctx = *state;
    GEOSContextHandle_t h = adcov_ctx_geos(ctx);
    const char *wkt[] = {"LINESTRING(0 0, 100 0)", "LINESTRING(100 0, 200 0)", "LINESTRING(100 -100, 100 0)",
                         "LINESTRING(100 0, 100 100)"};
    GEOSWKTReader *r = GEOSWKTReader_create_r(h);
    GEOSGeometry *g[4];
    for (int i = 0; i < 4; i++)
        g[i] = GEOSWKTReader_read_r(h, r, wkt[i]);
    GEOSWKTReader_destroy_r(h, r);
    adcov_network *net = NULL;
    assert_int_equal(adcov_network_new(ctx, (const GEOSGeometry *const *)g, 4, 0.5, &net), ADCOV_OK);
    GEOSGeometry *walked = NULL;
    double length = 0, snap = 0, area = 0;
    assert_int_equal(adcov_network_walk(ctx, net, 50, 0, 500, &walked, &snap, &length), ADCOV_OK);
    ASSERT_NEAR(length, 400, 1e-9);
    assert_int_equal(GEOSGetNumGeometries_r(h, walked), 2);
    GEOSGeometry *zone = GEOSBuffer_r(h, walked, 30, 8);
    GEOSArea_r(h, zone, &area);
    ASSERT_NEAR(area, 26018.6, 0.5);
    GEOSGeom_destroy_r(h, zone);
    GEOSGeom_destroy_r(h, walked);
    adcov_network_free(ctx, net);
    for (int i = 0; i < 4; i++)
        GEOSGeom_destroy_r(h, g[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(shared_vertex_joins_crossing_does_not, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(ends_within_half_a_metre_join, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(walk_starts_mid_edge_and_closes_loops, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(straight_pieces_are_one_line, setup_ctx, teardown_ctx)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
