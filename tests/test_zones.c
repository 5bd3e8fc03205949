/* zones, suggestions and the rectification list (SPEC §7, §8) on one inline scene with hand-worked
 * answers: an inspection zone walked from a point and one drawn by hand, which ads, gaps and posters lie
 * in them, the fewest posters for a bare street, and each duty unit's rows. */
#include "scene.h"
#include "rectify.h"
#include "report.h"

#include <gdal.h>
#include <math.h>

/* 甲路, a 商业大街 (0, 0)-(1000, 0) of 城管局. Inspection point IP1 (100, 10) is 10 m off it: the walk goes
 * 100 m west (to the end) and 400 m east, 500 m in all, to x = 500; buffered 30 m. Z1 (520, 20) is 28.3 m
 * from (500, 0): in. Z2 (540, 0) is 40 m from it: out. Z3 (100, 31): out. The drawn zone (900..1000,
 * -50..50) holds Z4 (950, 0). Faded posters: F1 (300, 12), in the walked zone, takes 甲路's duty unit; F3
 * (600, 12) has its own,
 * 交通局; F2 (300, 150) is 150 m from any street: no duty unit. No PSA is good, so the street fails along
 * its whole length: one gap, 0-1000, in a zone. */
static void zone_scene(scene *s)
{
    scene_begin(s, "zones/walked_and_drawn");
    const scene_feature roads[] = {{"LINESTRING (0 0, 1000 0)", "\"name\": \"甲路\", \"class\": \"商业大街\", \"duty\": \"城管局\""}};
    const scene_feature points[] = {{"POINT (100 10)", "\"id\": \"IP1\", \"name\": \"农贸市场1\""}};
    const scene_feature drawn[] = {{"POLYGON ((900 -50, 1000 -50, 1000 50, 900 50, 900 -50))", "\"id\": \"D1\""}};
#define AD(id, kind, cond) \
    "\"id\": \"" id "\", \"kind\": \"" kind "\", \"medium\": \"海报\", \"theme\": \"讲文明树新风\", \"condition\": \"" cond "\""
    const scene_feature ads[] = {{"POINT (520 20)", AD("Z1", "商业", "完好")},  {"POINT (540 0)", AD("Z2", "商业", "完好")},
                                 {"POINT (100 31)", AD("Z3", "商业", "完好")},  {"POINT (950 0)", AD("Z4", "商业", "完好")},
                                 {"POINT (300 12)", AD("F1", "公益", "褪色")},  {"POINT (300 150)", AD("F2", "公益", "褪色")},
                                 {"POINT (600 12)", AD("F3", "公益", "褪色") ", \"duty\": \"交通局\""}};
    scene_layer(s, "roads", roads, 1);
    scene_layer(s, "points", points, 1);
    scene_layer(s, "zones", drawn, 1);
    scene_layer(s, "ads", ads, 7);
}

static const char *ZONE_CONFIG = "inputs:\n  roads: { path: roads.geojson }\n  ads: { path: ads.geojson }\n"
                                 "  inspection_points: { path: points.geojson }\n  zones: { path: zones.geojson }\n";

static void zones_hold_what_lies_in_them(void **state)
{
    scene s;
    zone_scene(&s);
    assert_int_equal(scene_check(*state, &s, ZONE_CONFIG, NULL, "street.commercial", ADCOV_DAILY), ADCOV_OK);
    assert_int_equal(s.res->nzones, 2);
    const adcov_zone_row *walked = !strcmp(s.res->zones[0].source, "inspection_point") ? &s.res->zones[0] : &s.res->zones[1];
    ASSERT_NEAR(walked->snap_m, 10, 1e-6);
    ASSERT_NEAR(walked->walk_m, 500, 1e-6);
    assert_true(scene_ad(&s, "Z1")->in_zone);
    assert_false(scene_ad(&s, "Z2")->in_zone);
    assert_false(scene_ad(&s, "Z3")->in_zone);
    assert_true(scene_ad(&s, "Z4")->in_zone);
    assert_int_equal(s.res->nresults, 1);
    const adcov_street_result *sr = &s.res->results[0];
    assert_false(sr->pass);
    assert_int_equal(sr->windows.ngaps, 1);
    ASSERT_NEAR(sr->windows.gaps[0].from, 0, 1e-6);
    ASSERT_NEAR(sr->windows.gaps[0].to, 1000, 1e-6);
    assert_true(sr->gap_in_zone[0]);
    scene_end(&s);
}

/* The fewest posters for 1000 m with 1 PSA in every 500 m walk (§8): a poster 10 m off the line, facing
 * it, is seen from the 34.64 m of line within 60 degrees of its facing (10 tan 60 either side). Every walk
 * [a, a + 500], 0 <= a <= 500, holds the point 500: one poster seen there serves them all, placed as far
 * along as the walk [0, 500] still sees it: at most 500 + 17.32. It lies at most 20 m from the walked
 * zone's end (500, 0): in the zone. */
static void the_fewest_posters_for_a_bare_street(void **state)
{
    scene s;
    zone_scene(&s);
    assert_int_equal(scene_check(*state, &s, ZONE_CONFIG, NULL, "street.commercial", ADCOV_DAILY), ADCOV_OK);
    const adcov_street_result *sr = &s.res->results[0];
    assert_int_equal(sr->nsuggestions, 1);
    assert_false(sr->suggestions_unresolved);
    const adcov_suggestion *p = &sr->suggestions[0];
    assert_true(p->chainage > 500 && p->chainage <= 500 + 10 * sqrt(3));
    ASSERT_NEAR(fabs(p->y - 3540000), 10, 1e-6);                /* 10 m off the centre line */
    ASSERT_NEAR(p->facing_deg, p->y > 3540000 ? 180 : 0, 1e-6); /* facing it */
    assert_true(p->in_zone);
    scene_end(&s);
}

/* The rectification list: each duty unit's rows, the check's places and duty units written as they are. */
static void each_duty_unit_gets_its_rows(void **state)
{
    scene s;
    zone_scene(&s);
    assert_int_equal(scene_check(*state, &s, ZONE_CONFIG, NULL, "street.commercial", ADCOV_DAILY), ADCOV_OK);
    assert_int_equal(scene_ad(&s, "F1")->near_stretch, 0);
    assert_int_equal(scene_ad(&s, "F2")->near_stretch, -1);
    char dir[600], path[700];
    snprintf(dir, sizeof dir, "%s/out", s.dir);
    mkdir(dir, 0777);
    assert_int_equal(adcov_rectify_write(*state, s.res, s.rb, ADCOV_DAILY, 0, dir), ADCOV_OK);
    snprintf(path, sizeof path, "%s/rectification.csv", dir);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char text[4096] = "";
    size_t n = fread(text, 1, sizeof text - 1, f);
    text[n] = '\0';
    fclose(f);
    /* by duty unit, the unassigned last; within one, in-zone rows first, then by kind (公益广告 before
     * 街道缺口). F1 (300, 12) lies in the walked zone, F3 (600, 12) beyond it (x > 530). F1 is feature 4,
     * F2 5, F3 6. */
    assert_string_equal(text, "\xEF\xBB\xBF责任单位,类别,编号,位置,迎检区内,问题,整改要求,问题编号\r\n"
                              "交通局,公益广告,F3,甲路附近（要素 6）,否,状况：褪色,更换褪色画面,ad/F3\r\n"
                              "城管局,公益广告,F1,甲路附近（要素 4）,是,状况：褪色,更换褪色画面,ad/F1\r\n"
                              "城管局,街道缺口,甲路[commercial]#1,甲路 K0+000–K1+000,是,"
                              "street.commercial：步行500米可见不足（公益广告 0/1）,在K0+000至K1+000之间增设公益广告，各处相距不少于20米,"
                              "street.commercial/甲路/commercial/K0+000\r\n"
                              "未指定责任单位,公益广告,F2,要素 5,否,状况：褪色,更换褪色画面,ad/F2\r\n");
    scene_end(&s);
}

/* A city with more failures than the reports draw or list: 1,001 bus stops 30 m apart with no ad, each
 * failing busstop.count. report.html draws the first 400 small maps (ADCOV_HTML_MAPS) and says the other
 * 601 are in QGIS; its failure table holds all 1,001 rows. */
static void the_reports_say_where_the_rest_are(void **state)
{
    scene s;
    scene_begin(&s, "zones/many_failures");
    const scene_feature roads[] = {{"LINESTRING (0 -2000, 1000 -2000)", "\"name\": \"远路\", \"class\": \"商业大街\""}};
    static scene_feature stops[1001];
    static char wkt[1001][48], fields[1001][48];
    for (int i = 0; i < 1001; i++) {
        snprintf(wkt[i], sizeof wkt[i], "POINT (%d %d)", 30 * (i % 40), 30 * (i / 40));
        snprintf(fields[i], sizeof fields[i], "\"id\": \"S%d\", \"name\": \"站%d\"", i, i);
        stops[i] = (scene_feature){wkt[i], fields[i]};
    }
    const scene_feature ads[] = {{"POINT (5000 5000)", PSA("A", "讲文明树新风")}};
    scene_layer(&s, "roads", roads, 1);
    scene_layer(&s, "stops", stops, 1001);
    scene_layer(&s, "ads", ads, 1);
    const char *config = "inputs:\n  roads: { path: roads.geojson }\n  ads: { path: ads.geojson }\n"
                         "  bus_stops: { path: stops.geojson }\n";
    assert_int_equal(scene_check(*state, &s, config, NULL, "busstop.count", ADCOV_DAILY), ADCOV_OK);
    assert_int_equal(s.res->nsites, 1001);
    char dir[600], path[700];
    snprintf(dir, sizeof dir, "%s/out", s.dir);
    adcov_report_opts opts = {.lang = ADCOV_LANG_ZH};
    assert_int_equal(adcov_report_write(*state, s.res, s.rb, s.cfg, ADCOV_DAILY, dir, &opts), ADCOV_OK);
    snprintf(path, sizeof path, "%s/report.html", dir);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t cap = 64 << 20, n;
    char *page = malloc(cap);
    assert_non_null(page);
    n = fread(page, 1, cap - 1, f);
    page[n] = '\0';
    fclose(f);
    size_t maps = 0;
    for (const char *p = page; (p = strstr(p, "<figure>")); p++)
        maps++;
    assert_int_equal(maps, 400);
    assert_non_null(strstr(page, "另有 601 幅小图未画出"));
    assert_non_null(strstr(page, "<td class=\"n\">1001</td>")); /* the table is whole */
    free(page);
    scene_end(&s);
}

int main(void)
{
    GDALAllRegister();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(zones_hold_what_lies_in_them, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(the_fewest_posters_for_a_bare_street, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(each_duty_unit_gets_its_rows, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(the_reports_say_where_the_rest_are, setup_ctx, teardown_ctx)};
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    GDALDestroyDriverManager();
    return rc;
}
