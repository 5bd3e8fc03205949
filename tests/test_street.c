/* street: line merge into stretches and chainage direction (SPEC §5). */
#include "testing.h"
#include "street.h"

#include <math.h>

static const adcov_walk spec_walk = {30, 50}; /* join_m, dual_m of the default rulebook */

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
    assert_int_equal(adcov_streets_build(ctx, roads, 5, &spec_walk, &s, &n), ADCOV_OK);
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
    assert_int_equal(adcov_streets_build(ctx, roads, 2, &spec_walk, &s, &n), ADCOV_OK);
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

/* Builds the lines of WKT texts, text i being feature i of street streets[i]. */
static size_t build(adcov_ctx *ctx, const char *const *texts, const size_t *streets, size_t n, adcov_stretch **s)
{
    GEOSGeometry *g[16];
    adcov_road roads[16];
    for (size_t i = 0; i < n; i++) {
        g[i] = wkt(ctx, texts[i]);
        roads[i] = (adcov_road){g[i], streets[i], i};
    }
    size_t out = 0;
    assert_int_equal(adcov_streets_build(ctx, roads, n, &spec_walk, s, &out), ADCOV_OK);
    for (size_t i = 0; i < n; i++)
        GEOSGeom_destroy_r(adcov_ctx_geos(ctx), g[i]);
    return out;
}

static void junction_gap_joined_and_one_too_wide(void **state)
{
    adcov_ctx *ctx = *state;
    /* Street 0: (0,0)-(200,0) and (215,0)-(400,0): free ends 15 m apart (<= 30), both running east
     * (turn 0° < 45°): one stretch of 200 + 15 (the joint) + 185 = 400 m.
     * Street 1: (0,100)-(200,100) and (240,100)-(400,100): 40 m apart > 30: two stretches, 200 and 160 m. */
    const char *t[] = {"LINESTRING(0 0, 200 0)", "LINESTRING(400 0, 215 0)", "LINESTRING(0 100, 200 100)",
                       "LINESTRING(240 100, 400 100)"};
    const size_t st[] = {0, 0, 1, 1};
    adcov_stretch *s = NULL;
    size_t n = build(ctx, t, st, 4, &s);
    assert_int_equal(n, 3);
    ASSERT_NEAR(adcov_polyline_length(&s[0].line), 400, 1e-9);
    assert_int_equal(s[0].njoints, 1);
    assert_int_equal(s[0].nfeatures, 2);
    assert_true(s[0].dual_of == ADCOV_WALKED);
    ASSERT_NEAR(adcov_polyline_length(&s[1].line), 200, 1e-9);
    ASSERT_NEAR(adcov_polyline_length(&s[2].line), 160, 1e-9);
    assert_int_equal(s[1].njoints + s[2].njoints, 0);
    adcov_stretches_free(s, n);
}

static void turning_back_or_aside_is_not_joined(void **state)
{
    adcov_ctx *ctx = *state;
    /* Each street: (0,0)-(200,0) arriving east at (200,0), and a second piece from 10 m on.
     * Street 0 leaves (210,0) at 40° (toward (210+100cos40°, 100 sin40°) = (286.60, 64.28)): turn 40° < 45°,
     *   joined: one line of 200 + 10 + 100 = 310 m.
     * Street 1 (y + 1000) leaves at 50°: turn 50° >= 45°, not joined: two lines.
     * Street 2 (y + 2000) turns back: (205,2010) to (100,2115), leaving at 135°: not joined. */
    const char *t[] = {"LINESTRING(0 0, 200 0)", "LINESTRING(210 0, 286.6044443118978 64.27876096865393)",
                       "LINESTRING(0 1000, 200 1000)", "LINESTRING(210 1000, 274.27876096865393 1076.6044443118978)",
                       "LINESTRING(0 2000, 200 2000)", "LINESTRING(205 2010, 100 2115)"};
    const size_t st[] = {0, 0, 1, 1, 2, 2};
    adcov_stretch *s = NULL;
    size_t n = build(ctx, t, st, 6, &s);
    assert_int_equal(n, 5);
    ASSERT_NEAR(adcov_polyline_length(&s[0].line), 310, 1e-9);
    assert_int_equal(s[0].njoints, 1);
    assert_int_equal(s[1].street, 1);
    assert_int_equal(s[2].street, 1);
    assert_int_equal(s[3].street, 2);
    assert_int_equal(s[4].street, 2);
    for (size_t i = 1; i < n; i++)
        assert_int_equal(s[i].njoints, 0);
    adcov_stretches_free(s, n);
}

static void dual_carriageway_walked_once(void **state)
{
    adcov_ctx *ctx = *state;
    /* Street 0: the north carriageway (0,0)-(1000,0) drawn east, the south one (990,-20)-(10,-20) drawn
     * west, 980 m: every point of it lies 20 m (<= 50) from the 1000 m line, bearings 0° and 180° differ by
     * 0° either way round: it is the other carriageway of the longer one.
     * Street 1: (0,500)-(1000,500) and (0,570)-(1000,570): 70 m apart > 50: both walked.
     * Street 2: a closed loop of 4 x 30 m beside a 300 m line: never dual, makes nothing dual. */
    const char *t[] = {"LINESTRING(0 0, 1000 0)", "LINESTRING(990 -20, 10 -20)", "LINESTRING(0 500, 1000 500)",
                       "LINESTRING(0 570, 1000 570)", "LINESTRING(0 900, 300 900)",
                       "LINESTRING(100 910, 130 910, 130 940, 100 940, 100 910)"};
    const size_t st[] = {0, 0, 1, 1, 2, 2};
    adcov_stretch *s = NULL;
    size_t n = build(ctx, t, st, 6, &s);
    assert_int_equal(n, 6);
    /* street 0 by start: (0,0) 1000 m, then (10,-20) 980 m */
    ASSERT_NEAR(adcov_polyline_length(&s[0].line), 1000, 1e-9);
    assert_true(s[0].dual_of == ADCOV_WALKED);
    ASSERT_NEAR(adcov_polyline_length(&s[1].line), 980, 1e-9);
    assert_int_equal(s[1].dual_of, 0);
    assert_true(s[2].dual_of == ADCOV_WALKED && s[3].dual_of == ADCOV_WALKED);
    assert_true(s[4].dual_of == ADCOV_WALKED && s[5].dual_of == ADCOV_WALKED);
    adcov_stretches_free(s, n);
}

static void dual_sides_broken_at_different_junctions(void **state)
{
    adcov_ctx *ctx = *state;
    /* North side broken at x 400..415, south side (y -20) at 600..615: each side is joined across its
     * 15 m gap (turn 0°) into 1000 m and 980 m lines, and the south one is dual to the north one. The ends
     * (1000,0) and (980,-20) are 28.3 m apart but the walk would turn back (180°): not joined; (0,0) and
     * (10,-20) likewise. A third line, (0,-50)-(900,-50), lies 30 m from the south side and exactly 50 m
     * (inclusive) from the north one: of the lines it is dual to, it belongs to the one walked over the
     * others, the north one. */
    const char *t[] = {"LINESTRING(0 0, 400 0)", "LINESTRING(415 0, 1000 0)", "LINESTRING(10 -20, 600 -20)",
                       "LINESTRING(615 -20, 990 -20)", "LINESTRING(0 -50, 900 -50)"};
    const size_t st[] = {0, 0, 0, 0, 0};
    adcov_stretch *s = NULL;
    size_t n = build(ctx, t, st, 5, &s);
    assert_int_equal(n, 3);
    /* by start: (0,-50) 900 m, (0,0) 1000 m, (10,-20) 980 m */
    ASSERT_NEAR(adcov_polyline_length(&s[0].line), 900, 1e-9);
    ASSERT_NEAR(adcov_polyline_length(&s[1].line), 1000, 1e-9);
    ASSERT_NEAR(adcov_polyline_length(&s[2].line), 980, 1e-9);
    assert_int_equal(s[1].njoints, 1);
    assert_int_equal(s[2].njoints, 1);
    assert_true(s[1].dual_of == ADCOV_WALKED);
    assert_int_equal(s[2].dual_of, 1);
    assert_int_equal(s[0].dual_of, 1);
    adcov_stretches_free(s, n);
}

static void dual_chain_belongs_to_the_walked_line(void **state)
{
    adcov_ctx *ctx = *state;
    /* (0,0)-(1000,0); (0,30)-(900,30) lies 30 m from it; (0,60)-(800,60) lies 30 m from the second but
     * 60 m from the first: dual to the second, which is dual to the first: both belong to the first. */
    const char *t[] = {"LINESTRING(0 0, 1000 0)", "LINESTRING(0 30, 900 30)", "LINESTRING(0 60, 800 60)"};
    const size_t st[] = {0, 0, 0};
    adcov_stretch *s = NULL;
    size_t n = build(ctx, t, st, 3, &s);
    assert_int_equal(n, 3);
    assert_true(s[0].dual_of == ADCOV_WALKED);
    assert_int_equal(s[1].dual_of, 0);
    assert_int_equal(s[2].dual_of, 0);
    adcov_stretches_free(s, n);
}

static void ring_of_gaps_and_fork_end(void **state)
{
    adcov_ctx *ctx = *state;
    /* Street 0: a ring road, a circle of radius 200 drawn as four arcs with 5 m chord gaps between them:
     * at every gap the walk turns by about one arc step (3°) < 45°, so all four gaps are joined into one
     * closed line (no endless loop, no crash).
     * Street 1: a fork at a gap: (0,1000)-(200,1000), then (210,1000)-(400,1000) 10 m on and
     * (212,1002)-(400,1100) 12.2 m on, both going on within 45°: the nearer is joined, the other end is
     * taken already, so that piece stays its own line. */
    const char *t[6];
    char buf[4][4096];
    for (int q = 0; q < 4; q++) {
        int len = snprintf(buf[q], sizeof buf[q], "LINESTRING(");
        /* the quarter from angle 90q° + 0.7163° to 90q° + 90° - 0.7163°: a 5 m chord gap between quarters */
        double gap = 2 * asin(2.5 / 200);
        for (int k = 0; k <= 30; k++) {
            double a = (90.0 * q) * 3.14159265358979323846 / 180 + gap / 2 +
                       k * ((3.14159265358979323846 / 2 - gap) / 30);
            len += snprintf(buf[q] + len, sizeof buf[q] - (size_t)len, "%s%.9f %.9f", k ? ", " : "", 200 * cos(a),
                            200 * sin(a));
        }
        snprintf(buf[q] + len, sizeof buf[q] - (size_t)len, ")");
        t[q] = buf[q];
    }
    t[4] = "LINESTRING(0 1000, 200 1000)";
    t[5] = "LINESTRING(210 1000, 400 1000)";
    const char *t2[] = {t[0], t[1], t[2], t[3], t[4], t[5], "LINESTRING(212 1002, 400 1100)"};
    const size_t st[] = {0, 0, 0, 0, 1, 1, 1};
    adcov_stretch *s = NULL;
    size_t n = build(ctx, t2, st, 7, &s);
    assert_int_equal(n, 3);
    assert_int_equal(s[0].njoints, 4);
    ASSERT_NEAR(s[0].line.x[0], s[0].line.x[s[0].line.n - 1], 1e-9); /* closed */
    ASSERT_NEAR(s[0].line.y[0], s[0].line.y[s[0].line.n - 1], 1e-9);
    /* street 1: (0,1000) 200 + 10 + 190 = 400 m, then (212,1002) alone */
    ASSERT_NEAR(adcov_polyline_length(&s[1].line), 400, 1e-9);
    assert_int_equal(s[1].njoints, 1);
    ASSERT_NEAR(s[2].line.x[0], 212, 0);
    assert_true(s[2].dual_of == ADCOV_WALKED); /* bearing 27.5° vs 0°: along, but 100 m off at its end */
    adcov_stretches_free(s, n);
}

static void an_end_on_another_line_is_not_free(void **state)
{
    adcov_ctx *ctx = *state;
    /* One street: A (0,0)-(400,0); D (300,-200)-(300,0) ends on A's interior; E (300,10)-(300,200) starts
     * 10 m on, straight on. D's end meets A, a line of its street: not free, so D and E are not joined
     * (the walk would cross A there). E's far end and F (300,215)-(300,400) are free, 15 m apart, straight
     * on: joined into 190 + 15 + 185 = 390 m. Lines: A 400, D 200, E+F 390. */
    const char *t[] = {"LINESTRING(0 0, 400 0)", "LINESTRING(300 -200, 300 0)", "LINESTRING(300 10, 300 200)",
                       "LINESTRING(300 215, 300 400)"};
    const size_t st[] = {0, 0, 0, 0};
    adcov_stretch *s = NULL;
    size_t n = build(ctx, t, st, 4, &s);
    assert_int_equal(n, 3);
    /* by start: (0,0) A; (300,-200) D; (300,10) E+F */
    ASSERT_NEAR(adcov_polyline_length(&s[0].line), 400, 1e-9);
    ASSERT_NEAR(adcov_polyline_length(&s[1].line), 200, 1e-9);
    assert_int_equal(s[1].njoints, 0);
    ASSERT_NEAR(adcov_polyline_length(&s[2].line), 390, 1e-9);
    assert_int_equal(s[2].njoints, 1);
    adcov_stretches_free(s, n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(branched_street_gives_three_stretches, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(multipart_feature_belongs_to_both_stretches, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(junction_gap_joined_and_one_too_wide, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(turning_back_or_aside_is_not_joined, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(dual_carriageway_walked_once, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(dual_sides_broken_at_different_junctions, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(dual_chain_belongs_to_the_walked_line, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(ring_of_gaps_and_fork_end, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(an_end_on_another_line_is_not_free, setup_ctx, teardown_ctx)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
