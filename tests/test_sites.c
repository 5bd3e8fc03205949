/* sites and the site methods (SPEC §4, §6, §10, §12) on inline scenes, each answer worked by hand:
 * near_point's inclusive radius and 处 nearest first, a rule's own 处 distance, inside_or_near on a
 * polygon's edge and on a point with and without radius_m, site types as words, seen_from_center with
 * facings and a building in the way, gate_walk's worst gate, and bus stops given per route. */
#include "scene.h"

#include <gdal.h>
#include <math.h>

/* A road far from every site, so that a scene has the roads a check needs; no rule of these rulebooks
 * checks streets. */
static const scene_feature ROAD[] = {{"LINESTRING (0 -2000, 1000 -2000)", "\"name\": \"远路\", \"class\": \"商业大街\""}};

#define STOP_RULE(extra)                                                                                     \
    SCENE_PARAMS "  - id: stop.count\n    type: near_point\n    sites: [busstop]\n    radius_m: 20\n" extra     \
                 "    quotas:\n      - { count: 2 }\n      - { count: 1, theme: 核心价值观 }\n" SCENE_SOURCE

static void stops_scene(scene *s, const char *name)
{
    scene_begin(s, name);
    scene_layer(s, "roads", ROAD, 1);
    /* S1 (100, 100): A2 10 m; A3 11.18 m but 5 m from A2 (A2's 处); A1 exactly 20 m (inclusive), 22.36 m from
     * A2; A4 21 m (out). S2 (300, 100): B1 19.9 m. */
    const scene_feature stops[] = {{"POINT (100 100)", "\"id\": \"S1\", \"name\": \"一站\""},
                                   {"POINT (300 100)", "\"id\": \"S2\", \"name\": \"二站\""}};
    const scene_feature ads[] = {{"POINT (120 100)", PSA("A1", "社会主义核心价值观")},
                                 {"POINT (100 110)", PSA("A2", "讲文明树新风")},
                                 {"POINT (105 110)", PSA("A3", "讲文明树新风")},
                                 {"POINT (100 121)", PSA("A4", "讲文明树新风")},
                                 {"POINT (300 119.9)", PSA("B1", "讲文明树新风")}};
    scene_layer(s, "stops", stops, 2);
    scene_layer(s, "ads", ads, 5);
}

static const char *STOPS_CONFIG = "inputs:\n  roads: { path: roads.geojson }\n  ads: { path: ads.geojson }\n"
                                  "  bus_stops: { path: stops.geojson }\n";

static void near_point_counts_nearest_first_within_the_radius(void **state)
{
    scene s;
    stops_scene(&s, "sites/near_point");
    assert_int_equal(scene_check(*state, &s, STOPS_CONFIG, STOP_RULE(""), NULL, ADCOV_DAILY), ADCOV_OK);
    const adcov_site_result *s1 = scene_site(&s, "stop.count", "S1");
    assert_int_equal(s1->counts[0], 2); /* A2, A1 (A3 is A2's 处) */
    assert_int_equal(s1->counts[1], 1); /* A1 */
    assert_int_equal(s1->status, ADCOV_SITE_PASS);
    assert_string_equal(s1->type, "busstop");
    const adcov_site_result *s2 = scene_site(&s, "stop.count", "S2");
    assert_int_equal(s2->counts[0], 1);
    assert_int_equal(s2->counts[1], 0);
    assert_int_equal(s2->status, ADCOV_SITE_FAIL);
    assert_true(scene_ad(&s, "A1")->counted_rules == 1u);
    assert_true(scene_ad(&s, "A4")->visible_rules == 0u); /* 21 m: not within the radius */
    scene_end(&s);
}

/* The rule's own 处 distance, 25 m: A1 is 22.36 m from A2, so one 处 with it: S1 has 1 of 2. */
static void a_rule_keeps_its_own_separation(void **state)
{
    scene s;
    stops_scene(&s, "sites/own_separation");
    assert_int_equal(scene_check(*state, &s, STOPS_CONFIG, STOP_RULE("    min_separation_m: 25\n"), NULL, ADCOV_DAILY),
                     ADCOV_OK);
    assert_int_equal(scene_site(&s, "stop.count", "S1")->counts[0], 1);
    assert_int_equal(scene_site(&s, "stop.count", "S1")->status, ADCOV_SITE_FAIL);
    scene_end(&s);
}

/* Bus stops given per route (§10): two points named 一站 8 m apart are one stop, judged from their
 * centroid (100, 104): A2 6 m, A1 20.4 m (out of 20). */
static void a_stop_given_per_route_is_judged_once(void **state)
{
    scene s;
    scene_begin(&s, "sites/per_route");
    scene_layer(&s, "roads", ROAD, 1);
    const scene_feature stops[] = {{"POINT (100 100)", "\"id\": \"7\", \"name\": \"一站\""},
                                   {"POINT (100 108)", "\"id\": \"3\", \"name\": \"一站\""}};
    const scene_feature ads[] = {{"POINT (120 100)", PSA("A1", "社会主义核心价值观")},
                                 {"POINT (100 110)", PSA("A2", "讲文明树新风")}};
    scene_layer(&s, "stops", stops, 2);
    scene_layer(&s, "ads", ads, 2);
    assert_int_equal(scene_check(*state, &s, STOPS_CONFIG, STOP_RULE(""), NULL, ADCOV_DAILY), ADCOV_OK);
    assert_int_equal(s.res->nsites, 1);
    const adcov_site_result *st = scene_site(&s, "stop.count", "3"); /* the smaller id stands for the stop */
    ASSERT_NEAR(st->cx, 500100, 1e-9);
    ASSERT_NEAR(st->cy, 3540104, 1e-9);
    assert_int_equal(st->counts[0], 1);
    assert_int_equal(st->counts[1], 0);
    scene_end(&s);
}

/* inside_or_near: park P1, the square (0, 0)-(100, 100), centre (50, 50), edge 5 m. C1 0 m; C5 10 m (C1's
 * 处); C2 exactly 5 m outside the east edge (inclusive), 55 m; C4 (10, 10) 56.57 m, 103 m from C2; C3 5.01 m
 * outside the south edge (out): 3 处. P2, a park given as a point, has no inside and the rule no
 * radius_m: unknown. M1, a point typed 菜市场 (types: maps it to market): within radius_m 30 of it D1
 * (30 m, inclusive), not D2 (31 m): 1 处. */
static void inside_or_near_polygons_points_and_words(void **state)
{
    scene s;
    scene_begin(&s, "sites/inside_or_near");
    scene_layer(&s, "roads", ROAD, 1);
    const scene_feature sites[] = {
        {"POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0))", "\"type\": \"公园\", \"id\": \"P1\", \"name\": \"甲公园\""},
        {"POINT (500 500)", "\"type\": \"公园\", \"id\": \"P2\", \"name\": \"乙公园\""},
        {"POINT (800 500)", "\"type\": \"菜市场\", \"id\": \"M1\", \"name\": \"丙市场\""}};
    const scene_feature ads[] = {{"POINT (50 50)", PSA("C1", "讲文明树新风")},
                                 {"POINT (50 60)", PSA("C5", "讲文明树新风")},
                                 {"POINT (105 50)", PSA("C2", "讲文明树新风")},
                                 {"POINT (10 10)", PSA("C4", "讲文明树新风")},
                                 {"POINT (50 -5.01)", PSA("C3", "讲文明树新风")},
                                 {"POINT (830 500)", PSA("D1", "讲文明树新风")},
                                 {"POINT (800 531)", PSA("D2", "讲文明树新风")}};
    scene_layer(&s, "sites", sites, 3);
    scene_layer(&s, "ads", ads, 7);
    const char *rules = SCENE_PARAMS "  - id: park.count\n    type: park\n    edge_m: 5\n    quotas: [ { count: 3 } ]\n"
        SCENE_SOURCE "  - id: market.count\n    type: inside_or_near\n    sites: [market, 农贸市场]\n    edge_m: 10\n"
        "    radius_m: 30\n    quotas: [ { count: 2 } ]\n" SCENE_SOURCE;
    const char *config = "inputs:\n  roads: { path: roads.geojson }\n  ads: { path: ads.geojson }\n"
                         "  sites: { path: sites.geojson, types: { 菜市场: market } }\n";
    assert_int_equal(scene_check(*state, &s, config, rules, NULL, ADCOV_DAILY), ADCOV_OK);
    const adcov_site_result *p1 = scene_site(&s, "park.count", "P1");
    assert_int_equal(p1->counts[0], 3);
    assert_int_equal(p1->status, ADCOV_SITE_PASS);
    assert_true(p1->area);
    assert_int_equal(scene_site(&s, "park.count", "P2")->status, ADCOV_SITE_UNKNOWN);
    const adcov_site_result *m1 = scene_site(&s, "market.count", "M1");
    assert_string_equal(m1->type, "market");
    assert_int_equal(m1->counts[0], 1);
    assert_int_equal(m1->status, ADCOV_SITE_FAIL);
    assert_int_equal(s.res->nsites, 3); /* the market rule does not judge the parks, nor the park rule M1 */
    assert_true(scene_ad(&s, "C3")->visible_rules == 0u);
    assert_true(scene_ad(&s, "D2")->visible_rules == 0u);
    scene_end(&s);
}

/* seen_from_center: square Q1 (0, 300)-(100, 400), centre (50, 350). E1 (50, 380) faces south toward it,
 * E2 (50, 320) north toward it: seen, 60 m apart. E3 (80, 350) faces east, away: unseen. E4 (20, 350) faces
 * east toward the centre but the building (30, 345)-(40, 355) stands between: hidden. 2 处 of 2. */
static void seen_from_center_with_facings_and_a_building(void **state)
{
    scene s;
    scene_begin(&s, "sites/seen_from_center");
    scene_layer(&s, "roads", ROAD, 1);
    const scene_feature sites[] = {
        {"POLYGON ((0 300, 100 300, 100 400, 0 400, 0 300))", "\"type\": \"广场\", \"id\": \"Q1\", \"name\": \"丁广场\""}};
    const scene_feature ads[] = {{"POINT (50 380)", PSA("E1", "讲文明树新风") ", \"facing\": 180"},
                                 {"POINT (50 320)", PSA("E2", "讲文明树新风") ", \"facing\": 0"},
                                 {"POINT (80 350)", PSA("E3", "讲文明树新风") ", \"facing\": 90"},
                                 {"POINT (20 350)", PSA("E4", "讲文明树新风") ", \"facing\": 90"}};
    const scene_feature buildings[] = {{"POLYGON ((30 345, 40 345, 40 355, 30 355, 30 345))", "\"h\": 1"}};
    scene_layer(&s, "sites", sites, 1);
    scene_layer(&s, "ads", ads, 4);
    scene_layer(&s, "buildings", buildings, 1);
    const char *rules = SCENE_PARAMS "  - id: square.center\n    type: seen_from_center\n    sites: [square]\n"
        "    quotas: [ { count: 2 } ]\n" SCENE_SOURCE;
    const char *config = "inputs:\n  roads: { path: roads.geojson }\n  ads: { path: ads.geojson }\n"
                         "  sites: { path: sites.geojson }\n  buildings: { path: buildings.geojson }\n";
    assert_int_equal(scene_check(*state, &s, config, rules, NULL, ADCOV_DAILY), ADCOV_OK);
    const adcov_site_result *q = scene_site(&s, "square.center", "Q1");
    ASSERT_NEAR(q->cx, 500050, 1e-9);
    ASSERT_NEAR(q->cy, 3540350, 1e-9);
    assert_int_equal(q->counts[0], 2);
    assert_int_equal(q->status, ADCOV_SITE_PASS);
    assert_non_null(q->isovist_wkb);
    assert_true(scene_ad(&s, "E3")->visible_rules == 0u);
    assert_true(scene_ad(&s, "E4")->visible_rules == 0u);
    assert_true(scene_ad(&s, "E1")->counted_rules == 1u);
    scene_end(&s);
}

/* gate_walk: scenic area S (0, 600)-(200, 800), centre (100, 700), walk 50 m. Gate G1 (100, 600) walks
 * north to (100, 650): H1 (100, 630) stands on it. Gate G2 (0, 700) walks east to (50, 700): H1 is 86 m
 * from it, beyond a poster's 50 m. G1 sees 1, G2 0: the area reports its worst gate, 0 of 1. */
static void gate_walk_reports_the_worst_gate(void **state)
{
    scene s;
    scene_begin(&s, "sites/gate_walk");
    scene_layer(&s, "roads", ROAD, 1);
    const scene_feature sites[] = {
        {"POLYGON ((0 600, 200 600, 200 800, 0 800, 0 600))", "\"type\": \"景区\", \"id\": \"SC\", \"name\": \"戊景区\""}};
    const scene_feature gates[] = {{"POINT (100 600)", "\"site_id\": \"SC\""}, {"POINT (0 700)", "\"site_id\": \"SC\""}};
    const scene_feature ads[] = {{"POINT (100 630)", PSA("H1", "讲文明树新风")}};
    scene_layer(&s, "sites", sites, 1);
    scene_layer(&s, "gates", gates, 2);
    scene_layer(&s, "ads", ads, 1);
    const char *rules = SCENE_PARAMS "  - id: scenic.gate\n    type: scenic\n    walk_m: 50\n    quotas: [ { count: 1 } ]\n"
        SCENE_SOURCE;
    const char *config = "inputs:\n  roads: { path: roads.geojson }\n  ads: { path: ads.geojson }\n"
                         "  sites: { path: sites.geojson }\n  gates: { path: gates.geojson }\n";
    assert_int_equal(scene_check(*state, &s, config, rules, NULL, ADCOV_DAILY), ADCOV_OK);
    const adcov_site_result *sc = scene_site(&s, "scenic.gate", "SC");
    assert_int_equal(sc->gates, 2);
    assert_int_equal(sc->counts[0], 0);
    assert_int_equal(sc->status, ADCOV_SITE_FAIL);
    assert_true(scene_ad(&s, "H1")->counted_rules == 1u); /* it counted, for G1 */
    scene_end(&s);
}

int main(void)
{
    GDALAllRegister();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(near_point_counts_nearest_first_within_the_radius, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(a_rule_keeps_its_own_separation, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(a_stop_given_per_route_is_judged_once, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(inside_or_near_polygons_points_and_words, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(seen_from_center_with_facings_and_a_building, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(gate_walk_reports_the_worst_gate, setup_ctx, teardown_ctx)};
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    GDALDestroyDriverManager();
    return rc;
}
