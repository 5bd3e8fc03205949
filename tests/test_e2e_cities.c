/* End to end on whole cities: Nanjing 新街口 and Shenzhen 横岗 from ../shared/data (OpenStreetMap) with ad
 * inventories made by scripts/gen_ads_along.py (seeds 11 and 12, written by the CTest fixtures
 * gen_nanjing_ads and gen_shenzhen_ads), and the demo city of scripts/gen_city.py (seed 7, fixture
 * gen_demo_city). No hand-worked answers here: invariants
 * that must hold on any data, and a second, sampled reading of the rules.
 *   - every input feature has exactly one row in accounting.csv;
 *   - every gap lies inside its stretch, and runs forward;
 *   - a stretch has gaps exactly when its status is fail;
 *   - every ad either counted for a rule or says why not. */
#include "testing.h"
#include "check.h"
#include "cli.h"
#include "config.h"
#include "layer.h"
#include "vis.h"

#include <gdal.h>
#include <ogr_api.h>
#include <math.h>
#include <unistd.h>

#define NANJING ADCOV_SHARED_DATA_DIR "/nanjing_xinjiekou/nanjing_xinjiekou.gpkg"
#define ADS ADCOV_TEST_OUT_DIR "/nanjing_ads.gpkg"
#define OUT ADCOV_TEST_OUT_DIR "/nanjing"
#define DEMO ADCOV_TEST_OUT_DIR "/demo_city.gpkg"
#define SHENZHEN ADCOV_SHARED_DATA_DIR "/shenzhen_henggang/shenzhen_henggang.gpkg"
#define SZ_ADS ADCOV_TEST_OUT_DIR "/shenzhen_ads.gpkg"

static long layer_count(const char *path, const char *layer)
{
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    assert_non_null(ds);
    OGRLayerH l = layer ? GDALDatasetGetLayerByName(ds, layer) : GDALDatasetGetLayer(ds, 0);
    assert_non_null(l);
    long n = (long)OGR_L_GetFeatureCount(l, 1);
    GDALClose(ds);
    return n;
}

static const char *write_config(void)
{
    static const char *path = ADCOV_TEST_OUT_DIR "/nanjing.yaml";
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("rulebook: default\ninputs:\n"
          "  roads:\n    path: " NANJING "\n    layer: roads\n    fields: { name: name, class: highway }\n"
          "    classes: { trunk: main, primary: main, secondary: secondary, tertiary: secondary }\n"
          "    commercial_names: [中山路, 汉中路, 中山东路]\n"
          "  ads: { path: " ADS ", layer: ads }\n"
          "  buildings: { path: " NANJING ", layer: buildings }\n"
          "  sites: { path: " NANJING ", layer: squares, fields: { type: kind, name: name, id: osm_id },\n"
          "           types: { place=square: square, highway=pedestrian: square } }\n"
          "  bus_stops: { path: " NANJING ", layer: bus_stops, fields: { id: osm_id, name: name } }\n",
          f);
    fclose(f);
    return path;
}

typedef struct {
    char stretch[256], rule[64];
    double length;
    int fail;
    int gaps;
} stretch_row;

static GDALDatasetH open_out(const char *out, const char *file)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s", out, file);
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    assert_non_null(ds);
    return ds;
}

static void check_city(adcov_ctx *ctx, const char *config, const char *out, size_t min_stretches)
{
    adcov_check_opts o = {.config = config, .output = out};
    int failed = 0;
    assert_int_equal(adcov_run_check(ctx, &o, NULL, &failed), ADCOV_OK);

    /* one accounting row per feature of every input */
    adcov_config *cfg = NULL;
    assert_int_equal(adcov_config_load(ctx, config, &cfg), ADCOV_OK);
    long inputs = 0;
    for (int role = 0; role < ADCOV_ROLE_COUNT; role++)
        if (cfg->inputs[role].present)
            inputs += layer_count(cfg->inputs[role].path, cfg->inputs[role].layer);
    char path[600];
    snprintf(path, sizeof path, "%s/accounting.csv", out);
    assert_int_equal(layer_count(path, NULL), inputs);
    snprintf(path, sizeof path, "%s/ads.geojson", out);
    assert_int_equal(layer_count(path, NULL),
                     layer_count(cfg->inputs[ADCOV_ROLE_ADS].path, cfg->inputs[ADCOV_ROLE_ADS].layer));
    adcov_config_free(cfg);

    /* stretches */
    GDALDatasetH ds = open_out(out, "stretches.geojson");
    OGRLayerH l = GDALDatasetGetLayer(ds, 0);
    size_t n = (size_t)OGR_L_GetFeatureCount(l, 1), k = 0;
    assert_true(n >= min_stretches);
    stretch_row *rows = calloc(n, sizeof *rows);
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(l))) {
        snprintf(rows[k].stretch, sizeof rows[k].stretch, "%s", OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "stretch")));
        snprintf(rows[k].rule, sizeof rows[k].rule, "%s", OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "rule")));
        rows[k].length = OGR_F_GetFieldAsDouble(f, OGR_F_GetFieldIndex(f, "length_m"));
        rows[k].fail = !strcmp(OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "status")), "fail");
        k++;
        OGR_F_Destroy(f);
    }
    GDALClose(ds);

    /* gaps: inside their stretch */
    ds = open_out(out, "gaps.geojson");
    l = GDALDatasetGetLayer(ds, 0);
    size_t ngaps = 0;
    while ((f = OGR_L_GetNextFeature(l))) {
        const char *s = OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "stretch"));
        const char *r = OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "rule"));
        double from = OGR_F_GetFieldAsDouble(f, OGR_F_GetFieldIndex(f, "from_m"));
        double to = OGR_F_GetFieldAsDouble(f, OGR_F_GetFieldIndex(f, "to_m"));
        size_t i = 0;
        while (i < k && (strcmp(rows[i].stretch, s) || strcmp(rows[i].rule, r)))
            i++;
        assert_true(i < k);
        assert_true(from >= 0 && to > from && to <= rows[i].length + 0.05);
        rows[i].gaps++;
        ngaps++;
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    assert_true(ngaps > 0);
    for (size_t i = 0; i < k; i++)
        assert_int_equal(rows[i].fail, rows[i].gaps > 0);
    assert_int_equal(failed, ngaps > 0);
    free(rows);

    /* every ad: counted for something, or a reason */
    ds = open_out(out, "ads.geojson");
    l = GDALDatasetGetLayer(ds, 0);
    size_t counted = 0;
    while ((f = OGR_L_GetNextFeature(l))) {
        int c = *OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "counted_for")) != '\0';
        int e = *OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "excluded")) != '\0';
        assert_true(c != e);
        counted += c;
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    assert_true(counted > 50);
}

/* The districts or their generated ads are missing: a failure, never a skip (CI has ../shared beside
 * the clone, and a test that quietly skips proves nothing). */
static void missing_districts(void)
{
    fail_msg("the OpenStreetMap districts or their generated ads are missing: %s, %s, %s, %s (../shared/data "
             "beside the clone; the gen_*_ads tests write the ads)", NANJING, ADS, SHENZHEN, SZ_ADS);
}

static void nanjing_invariants_hold(void **state)
{
    if (access(NANJING, R_OK) != 0 || access(ADS, R_OK) != 0)
        missing_districts();
    check_city(*state, write_config(), OUT, 30);
}

/* Shenzhen 横岗: a motorway, sparse buildings, and its parks and bus stops, which the site rules check. */
static const char *write_shenzhen_config(void)
{
    static const char *path = ADCOV_TEST_OUT_DIR "/shenzhen.yaml";
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("inputs:\n"
          "  roads:\n    path: " SHENZHEN "\n    layer: roads\n    fields: { name: name, class: highway }\n"
          "    classes: { trunk: main, primary: main, secondary: secondary, tertiary: secondary }\n"
          "  ads: { path: " SZ_ADS ", layer: ads }\n"
          "  buildings: { path: " SHENZHEN ", layer: buildings }\n"
          "  sites: { path: " SHENZHEN ", layer: parks, fields: { type: leisure, name: name, id: osm_id } }\n"
          "  bus_stops: { path: " SHENZHEN ", layer: bus_stops, fields: { id: osm_id, name: name } }\n",
          f);
    fclose(f);
    return path;
}

static void shenzhen_invariants_hold(void **state)
{
    if (access(SHENZHEN, R_OK) != 0 || access(SZ_ADS, R_OK) != 0)
        missing_districts();
    check_city(*state, write_shenzhen_config(), ADCOV_TEST_OUT_DIR "/shenzhen", 20);
}

/* ---- the exact gaps against a sampled reading of SPEC §4-§5 ----
 * §5 allows V(a) "computed exactly or by sampling every <= 1 m; gap ends within 2 m of exact". Here
 * V(a) is sampled every 0.25 m with a plain reading of §4 (distance, facing by atan2, and the sight
 * line test), and the windows run on those samples must give the same gaps within 2 m. */

#define STEP 0.25

static int seen_from(const adcov_vis *vis, const adcov_vis_params *prm, const adcov_sight *a, double px, double py)
{
    double dx = px - a->x, dy = py - a->y, d = hypot(dx, dy);
    if (d > a->view_m)
        return 0;
    if (a->has_facing && d > 0) {
        double bearing = atan2(dx, dy) * 180 / M_PI; /* clockwise from grid north */
        int ok = 0;
        for (int side = 0; side < a->sides; side++) {
            double diff = fmod(fabs(bearing - (a->facing_deg + 180 * side)), 360);
            ok |= fmin(diff, 360 - diff) < prm->half_angle_deg;
        }
        if (!ok)
            return 0;
    }
    int clear = adcov_vis_clear(vis, prm, a, px, py);
    assert_true(clear >= 0);
    return clear;
}

/* Sampled V(a) on p as spans between consecutive visible samples. */
static size_t sample_spans(const adcov_vis *vis, const adcov_vis_params *prm, const adcov_sight *a,
                           const adcov_polyline *p, adcov_span *out, size_t cap)
{
    double len = adcov_polyline_length(p);
    size_t n = 0;
    int open = 0;
    for (double t = 0;; t += STEP) {
        if (t > len)
            t = len;
        double x, y;
        adcov_polyline_at(p, t, &x, &y);
        int v = seen_from(vis, prm, a, x, y);
        if (v && !open && n < cap)
            out[n++] = (adcov_span){t, t};
        if (v && n)
            out[n - 1].t1 = t;
        open = v;
        if (t >= len)
            break;
    }
    return n;
}

/* Samples 0.25 m apart miss a slit between two buildings narrower than that, which the exact V(a) finds
 * (on real Shenzhen data: 0.10 m). Such an ad is taken from the exact answer, but only when the slit
 * is narrower than the sampling step: anything wider the samples must have found themselves. */
static size_t narrow_slit(const adcov_vis *vis, const adcov_vis_params *prm, const adcov_sight *a,
                          const adcov_polyline *p, adcov_span *out)
{
    adcov_spans ex = {0};
    assert_int_equal(adcov_vis_spans(NULL, vis, prm, a, p, &ex), ADCOV_OK);
    double total = 0;
    for (size_t i = 0; i < ex.n; i++)
        total += ex.items[i].t1 - ex.items[i].t0;
    assert_true(total < STEP); /* a wider V(a) that no sample saw would be a real disagreement */
    size_t n = ex.n < 64 ? ex.n : 64;
    if (n)
        memcpy(out, ex.items, n * sizeof *out);
    free(ex.items);
    return n;
}

static unsigned quota_bits(const adcov_rule *rule, const adcov_ad *a)
{
    if (a->bad || a->kind != ADCOV_KIND_PSA || a->condition != ADCOV_COND_GOOD)
        return 0;
    unsigned bits = 0;
    for (size_t q = 0; q < rule->nquotas; q++) {
        int theme = rule->quotas[q].nthemes == 0;
        for (size_t t = 0; t < rule->quotas[q].nthemes; t++)
            theme |= strstr(a->theme_norm, rule->quotas[q].themes[t]) != NULL;
        if (theme && (rule->quotas[q].media & (1u << a->medium)))
            bits |= 1u << q;
    }
    return bits;
}

static adcov_vis *own_buildings(adcov_ctx *ctx, const adcov_config *cfg, OGRSpatialReferenceH crs, adcov_layer **keep)
{
    const adcov_input *in = &cfg->inputs[ADCOV_ROLE_BUILDINGS];
    adcov_source src = {.role = "buildings", .path = in->path, .layer = in->layer};
    assert_int_equal(adcov_layer_open(ctx, &src, 1, NULL, 0, NULL, 0, keep), ADCOV_OK);
    assert_int_equal(adcov_layer_read(ctx, *keep, crs, ADCOV_GEOM_POLYGON), ADCOV_OK);
    size_t n = adcov_layer_count(*keep);
    const GEOSGeometry **g = calloc(n, sizeof *g);
    for (size_t i = 0; i < n; i++)
        g[i] = adcov_layer_geom(*keep, i);
    adcov_vis *vis = NULL;
    assert_int_equal(adcov_vis_new(ctx, g, n, &vis), ADCOV_OK);
    free(g);
    return vis;
}

static void compare_stretch(const adcov_result *res, const adcov_rulebook *rb, const adcov_street_result *sr,
                            const adcov_vis *vis, const adcov_vis_params *prm, adcov_span (*spans)[64])
{
    const adcov_rule *rule = &rb->rules[sr->rule];
    const adcov_polyline *p = &res->stretches[sr->stretch].s.line;
    adcov_seen *seen = calloc(res->nads, sizeof *seen);
    size_t n = 0;
    for (size_t i = 0; i < res->nads; i++) {
        unsigned bits = quota_bits(rule, &res->ads[i]);
        if (!bits)
            continue;
        size_t k = sample_spans(vis, prm, &res->ads[i].sight, p, spans[i], 64);
        if (!k)
            k = narrow_slit(vis, prm, &res->ads[i].sight, p, spans[i]);
        if (k)
            seen[n++] = (adcov_seen){spans[i], k, res->ads[i].x, res->ads[i].y, res->ads[i].id, bits};
    }
    adcov_window_spec spec = {.length = adcov_polyline_length(p), .window = adcov_rule_param(rule, "window_m", 0),
                              .fixed = rule->fixed_windows, .separation = 20, .nquotas = rule->nquotas};
    for (size_t q = 0; q < rule->nquotas; q++)
        spec.need[q] = rule->quotas[q].count[0];
    adcov_window_result sampled = {0};
    assert_int_equal(adcov_windows_check(&spec, seen, n, &sampled), ADCOV_OK);
    assert_int_equal(n, sr->ads_seen);
    assert_int_equal(sampled.ngaps, sr->windows.ngaps);
    for (size_t g = 0; g < sampled.ngaps; g++) {
        ASSERT_NEAR(sampled.gaps[g].from, sr->windows.gaps[g].from, 2.0);
        ASSERT_NEAR(sampled.gaps[g].to, sr->windows.gaps[g].to, 2.0);
    }
    adcov_window_result_free(&sampled);
    free(seen);
}

static void compare_city(adcov_ctx *ctx, const char *config, size_t min_results)
{
    adcov_config *cfg = NULL;
    adcov_rulebook *rb = NULL;
    adcov_result *res = NULL;
    assert_int_equal(adcov_config_load(ctx, config, &cfg), ADCOV_OK);
    assert_int_equal(adcov_rulebook_load(ctx, "default", ADCOV_SOURCE_DIR_FOR_TESTS "/analyzer/rulebooks", NULL, &rb), ADCOV_OK);
    assert_int_equal(adcov_rulebook_only(ctx, rb, "street.commercial,street.main"), ADCOV_OK);
    assert_int_equal(adcov_check(ctx, cfg, rb, ADCOV_DAILY, 0, NULL, NULL, &res), ADCOV_OK);
    adcov_layer *keep = NULL;
    adcov_vis *vis = own_buildings(ctx, cfg, res->crs, &keep);
    adcov_vis_params prm = {60, 1.0};
    adcov_span(*spans)[64] = calloc(res->nads, sizeof *spans);
    size_t compared = 0;
    for (size_t i = 0; i < res->nresults; i++, compared++)
        compare_stretch(res, rb, &res->results[i], vis, &prm, spans);
    assert_true(compared >= min_results);
    free(spans);
    adcov_vis_free(vis);
    adcov_layer_free(keep);
    adcov_result_free(res);
    adcov_rulebook_free(rb);
    adcov_config_free(cfg);
}

static void nanjing_gaps_match_sampling(void **state)
{
    if (access(NANJING, R_OK) != 0 || access(ADS, R_OK) != 0)
        missing_districts();
    compare_city(*state, write_config(), 30);
}

static void shenzhen_gaps_match_sampling(void **state)
{
    if (access(SHENZHEN, R_OK) != 0 || access(SZ_ADS, R_OK) != 0)
        missing_districts();
    compare_city(*state, write_shenzhen_config(), 20);
}

/* The demo city has buildings on every block, sized panels (size-based view), two-sided pole flags and
 * facings on most ads: every visibility case at once. */
static void demo_gaps_match_sampling(void **state)
{
    static const char *path = ADCOV_TEST_OUT_DIR "/demo_city.yaml";
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("inputs:\n"
          "  roads:\n    path: " DEMO "\n    layer: roads\n"
          "    fields: { name: 道路名称, class: 道路等级, duty: 责任单位 }\n"
          "  ads:\n    path: " DEMO "\n    layer: ads\n"
          "    fields: { id: 编号, kind: 类型, medium: 载体, theme: 主题, condition: 状况, facing: 朝向, sides: 面数,\n"
          "              width_m: 宽, height_m: 高 }\n"
          "  buildings: { path: " DEMO ", layer: buildings }\n",
          f);
    fclose(f);
    compare_city(*state, path, 12);
}

/* ---- streets as walked on real networks (SPEC §5) ----
 * Counted here with GEOS, apart from geo/street.c: a walked stretch "walked twice" is one lying wholly
 * within 50 m (every point 1 m along it, by GEOSDistance) of a longer walked stretch of its street,
 * with start-to-end bearings within 30° either way round. */

static int along_within(adcov_ctx *ctx, const adcov_polyline *a, const adcov_polyline *b, double d)
{
    GEOSContextHandle_t h = adcov_ctx_geos(ctx);
    double ta = atan2(a->y[a->n - 1] - a->y[0], a->x[a->n - 1] - a->x[0]) * 180 / M_PI;
    double tb = atan2(b->y[b->n - 1] - b->y[0], b->x[b->n - 1] - b->x[0]) * 180 / M_PI;
    double diff = fmod(fabs(ta - tb), 180);
    if (fmin(diff, 180 - diff) >= 30 || (a->x[0] == a->x[a->n - 1] && a->y[0] == a->y[a->n - 1]))
        return 0;
    GEOSGeometry *gb = adcov_polyline_sub(ctx, b, 0, adcov_polyline_length(b));
    int within = 1;
    for (double t = 0; within && t <= adcov_polyline_length(a) + 0.5; t += 1) {
        double x, y, dist = 0;
        adcov_polyline_at(a, t, &x, &y);
        GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(h, x, y);
        GEOSDistance_r(h, pt, gb, &dist);
        GEOSGeom_destroy_r(h, pt);
        within = dist <= d + 0.5; /* sampled: half a metre of slack */
    }
    GEOSGeom_destroy_r(h, gb);
    return within;
}

typedef struct {
    size_t main, main_short, twice;
} walk_figures;

static walk_figures walk_city(adcov_ctx *ctx, const char *config, const char *set1, const char *set2)
{
    adcov_config *cfg = NULL;
    adcov_rulebook *rb = NULL;
    adcov_result *res = NULL;
    assert_int_equal(adcov_config_load(ctx, config, &cfg), ADCOV_OK);
    assert_int_equal(adcov_rulebook_load(ctx, "default", ADCOV_SOURCE_DIR_FOR_TESTS "/analyzer/rulebooks", NULL, &rb), ADCOV_OK);
    assert_int_equal(adcov_rulebook_only(ctx, rb, "street.commercial,street.main"), ADCOV_OK);
    if (set1)
        assert_int_equal(adcov_rulebook_set(ctx, rb, set1), ADCOV_OK);
    if (set2)
        assert_int_equal(adcov_rulebook_set(ctx, rb, set2), ADCOV_OK);
    assert_int_equal(adcov_check(ctx, cfg, rb, ADCOV_DAILY, 0, NULL, NULL, &res), ADCOV_OK);
    walk_figures f = {0};
    for (size_t i = 0; i < res->nresults; i++)
        if (!strcmp(rb->rules[res->results[i].rule].id, "street.main")) {
            f.main++;
            f.main_short += adcov_polyline_length(&res->stretches[res->results[i].stretch].s.line) < 500;
        }
    for (size_t i = 0; i < res->nstretches; i++)
        for (size_t k = 0; k < res->nstretches; k++) {
            const adcov_stretch_info *a = &res->stretches[i], *b = &res->stretches[k];
            if (i != k && adcov_stretch_walked(a) && adcov_stretch_walked(b) && a->s.street == b->s.street &&
                adcov_polyline_length(&a->s.line) < adcov_polyline_length(&b->s.line) &&
                along_within(ctx, &a->s.line, &b->s.line, 50))
                f.twice++;
        }
    adcov_result_free(res);
    adcov_rulebook_free(rb);
    adcov_config_free(cfg);
    return f;
}

/* No named street is walked twice, and fewer main stretches are under 500 m than when junction gaps
 * and dual carriageways are left alone (join_m = dual_m = 0, the reading before SPEC §5 had them). */
static void walk_once(adcov_ctx *ctx, const char *config)
{
    if (access(NANJING, R_OK) != 0 || access(SHENZHEN, R_OK) != 0)
        missing_districts();
    walk_figures now = walk_city(ctx, config, NULL, NULL);
    walk_figures before = walk_city(ctx, config, "join_m=0", "dual_m=0");
    print_message("%s: main stretches %zu, %zu under 500 m, %zu walked twice (join_m = dual_m = 0: %zu, %zu, %zu)\n",
                  config, now.main, now.main_short, now.twice, before.main, before.main_short, before.twice);
    assert_int_equal(now.twice, 0);
    assert_true(before.twice > 0);
    /* fewer short pieces; the share may not fall as well where the other carriageways dropped were long
     * ones (Shenzhen: 8 of 26 against 9 of 35) */
    assert_true(now.main_short < before.main_short);
}

static void nanjing_streets_walked_once(void **state)
{
    walk_once(*state, write_config());
}

static void shenzhen_streets_walked_once(void **state)
{
    walk_once(*state, write_shenzhen_config());
}

int main(void)
{
    GDALAllRegister();
    const struct CMUnitTest tests[] = {cmocka_unit_test_setup_teardown(nanjing_invariants_hold, setup_ctx, teardown_ctx),
                                       cmocka_unit_test_setup_teardown(shenzhen_invariants_hold, setup_ctx, teardown_ctx),
                                       cmocka_unit_test_setup_teardown(shenzhen_gaps_match_sampling, setup_ctx, teardown_ctx),
                                       cmocka_unit_test_setup_teardown(nanjing_gaps_match_sampling, setup_ctx, teardown_ctx),
                                       cmocka_unit_test_setup_teardown(demo_gaps_match_sampling, setup_ctx, teardown_ctx),
                                       cmocka_unit_test_setup_teardown(nanjing_streets_walked_once, setup_ctx, teardown_ctx),
                                       cmocka_unit_test_setup_teardown(shenzhen_streets_walked_once, setup_ctx, teardown_ctx)};
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    GDALDestroyDriverManager();
    return rc;
}
