/* End to end: each fixture under fixtures/ run through the whole check, outputs read back with OGR.
 * The arithmetic behind each expected value is in the fixture's city.yaml and repeated here briefly. */
#include "testing.h"
#include "cli.h"
#include "out.h"

#include <gdal.h>
#include <gdal_utils.h>
#include <ogr_api.h>
#include <math.h>
#include <sys/stat.h>
#include <dirent.h>
#include "config.h"

typedef struct {
    int status;   /* ADCOV_OK or an error */
    int failed;   /* some rule failed */
    char out[512];
} run_result;

static run_result run_rules_set(adcov_ctx *ctx, const char *name, const char *only, const char *set1)
{
    run_result r = {0};
    char cfg[512];
    fixture(cfg, sizeof cfg, name, "city.yaml");
    outdir(r.out, sizeof r.out, name);
    adcov_check_opts o = {.config = cfg, .output = r.out, .only = only};
    if (set1)
        o.sets[o.nsets++] = set1;
    adcov_ctx_clear(ctx);
    r.status = adcov_run_check(ctx, &o, NULL, &r.failed);
    return r;
}

static run_result run_rules(adcov_ctx *ctx, const char *name, const char *only)
{
    return run_rules_set(ctx, name, only, NULL);
}

static run_result run(adcov_ctx *ctx, const char *name, const char *set1, int lenient)
{
    run_result r = {0};
    char cfg[512];
    fixture(cfg, sizeof cfg, name, "city.yaml");
    outdir(r.out, sizeof r.out, name);
    adcov_check_opts o = {.config = cfg, .output = r.out, .lenient = lenient, .only = "street.commercial,street.main"};
    if (set1)
        o.sets[o.nsets++] = set1;
    adcov_ctx_clear(ctx);
    r.status = adcov_run_check(ctx, &o, NULL, &r.failed);
    return r;
}

/* Value of property prop of the feature whose key property equals value (or the n-th feature when
 * key is NULL), from out/file; "" when absent. Caller frees. */
static GDALDatasetH open_output(const run_result *r, const char *file)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s", r->out, file);
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    assert_non_null(ds);
    return ds;
}

static char *prop(const run_result *r, const char *file, const char *key, const char *value, int n, const char *p)
{
    GDALDatasetH ds = open_output(r, file);
    OGRLayerH l = GDALDatasetGetLayer(ds, 0);
    OGRFeatureH f;
    char *out = NULL;
    int i = 0;
    while (!out && (f = OGR_L_GetNextFeature(l))) {
        int ki = key ? OGR_F_GetFieldIndex(f, key) : -1;
        if ((key && !strcmp(OGR_F_GetFieldAsString(f, ki), value)) || (!key && i == n)) {
            int pi = OGR_F_GetFieldIndex(f, p);
            out = strdup(pi >= 0 ? OGR_F_GetFieldAsString(f, pi) : "");
        }
        i++;
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    return out ? out : strdup("");
}

static long count_features(const run_result *r, const char *file)
{
    GDALDatasetH ds = open_output(r, file);
    long n = (long)OGR_L_GetFeatureCount(GDALDatasetGetLayer(ds, 0), 1);
    GDALClose(ds);
    return n;
}

/* Features of out/file whose property key equals value. */
static long count_where(const run_result *r, const char *file, const char *key, const char *value)
{
    GDALDatasetH ds = open_output(r, file);
    OGRLayerH l = GDALDatasetGetLayer(ds, 0);
    OGRFeatureH f;
    long n = 0;
    while ((f = OGR_L_GetNextFeature(l))) {
        n += !strcmp(OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, key)), value);
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    return n;
}

#define ASSERT_PROP(r, file, key, value, p, expect)                                                              \
    do {                                                                                                         \
        char *got_ = prop(r, file, key, value, 0, p);                                                            \
        assert_string_equal(got_, expect);                                                                       \
        free(got_);                                                                                              \
    } while (0)

static long csv_rows(const run_result *r, const char *file)
{
    char path[600], line[4096];
    snprintf(path, sizeof path, "%s/%s", r->out, file);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    long n = -1; /* header */
    while (fgets(line, sizeof line, f))
        n++;
    fclose(f);
    return n;
}

static void straight_street_gap_where_the_arithmetic_puts_it(void **state)
{
    run_result r = run(*state, "straight_known_chainages", NULL, 0);
    assert_int_equal(r.status, ADCOV_OK);
    assert_true(r.failed);
    /* V(A1) = [51.01, 148.99], V(A2) = [851.01, 948.99]: gap 148.99 .. 851.01 */
    assert_int_equal(count_features(&r, "gaps.geojson"), 1);
    ASSERT_PROP(&r, "gaps.geojson", NULL, NULL, "from_m", "149");
    ASSERT_PROP(&r, "gaps.geojson", NULL, NULL, "to_m", "851");
    ASSERT_PROP(&r, "gaps.geojson", NULL, NULL, "from_k", "K0+149");
    ASSERT_PROP(&r, "gaps.geojson", NULL, NULL, "to_k", "K0+851");
    ASSERT_PROP(&r, "gaps.geojson", NULL, NULL, "length_m", "702");
    ASSERT_PROP(&r, "gaps.geojson", NULL, NULL, "shortfall", "公益广告 0/1");
    ASSERT_PROP(&r, "gaps.geojson", NULL, NULL, "stretch", "测试路[commercial]#1");
    ASSERT_PROP(&r, "stretches.geojson", NULL, NULL, "status", "fail");
    ASSERT_PROP(&r, "stretches.geojson", NULL, NULL, "ads_seen", "2");
    ASSERT_PROP(&r, "ads.geojson", "id", "A1", "counted_for", "street.commercial");
    /* every input feature accounted for: 1 road + 2 ads */
    assert_int_equal(csv_rows(&r, "accounting.csv"), 3);
    /* fixed windows [0,500] and [500,1000] each see one poster */
    r = run(*state, "straight_known_chainages", "street.commercial.windows=fixed", 0);
    assert_int_equal(r.status, ADCOV_OK);
    assert_false(r.failed);
    assert_int_equal(count_features(&r, "gaps.geojson"), 0);
}

static void gap_map_is_rfc7946(void **state)
{
    run_result r = run(*state, "straight_known_chainages", NULL, 0);
    char path[600], text[4096] = {0};
    snprintf(path, sizeof path, "%s/gaps.geojson", r.out);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    assert_true(n > 0);
    /* EPSG:32650 (500149, 3540000) is lon 117.0016, lat 31.9961: WGS 84 lon/lat, 7 decimals, no crs member */
    assert_non_null(strstr(text, "[117.0015773, 31.9960692]"));
    assert_null(strstr(text, "\"crs\""));
    /* a results.csv for Excel starts with a BOM */
    snprintf(path, sizeof path, "%s/results.csv", r.out);
    f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fgetc(f), 0xEF);
    assert_int_equal(fgetc(f), 0xBB);
    assert_int_equal(fgetc(f), 0xBF);
    fclose(f);
}

static void ad_behind_building_is_not_counted(void **state)
{
    run_result r = run(*state, "hidden_behind_building", NULL, 0);
    assert_int_equal(r.status, ADCOV_OK);
    ASSERT_PROP(&r, "ads.geojson", "id", "HID", "excluded", "not_visible");
    ASSERT_PROP(&r, "ads.geojson", "id", "SEEN", "counted_for", "street.commercial");
    /* only SEEN ([51.01, 148.99]) counts: gap 148.99 .. 1000 */
    ASSERT_PROP(&r, "gaps.geojson", NULL, NULL, "from_m", "149");
    ASSERT_PROP(&r, "gaps.geojson", NULL, NULL, "to_m", "1000");
    assert_int_equal(csv_rows(&r, "accounting.csv"), 4); /* 1 road, 2 ads, 1 building */
}

static void invalid_footprint_is_repaired(void **state)
{
    run_result r = run(*state, "building_bowtie", NULL, 0);
    assert_int_equal(r.status, ADCOV_OK);
    ASSERT_PROP(&r, "ads.geojson", "id", "HID", "excluded", "not_visible");
    ASSERT_PROP(&r, "gaps.geojson", NULL, NULL, "from_m", "149");
    ASSERT_PROP(&r, "gaps.geojson", NULL, NULL, "to_m", "1000");
    ASSERT_PROP(&r, "accounting.csv", "layer", "buildings", "status", "repaired");
    ASSERT_PROP(&r, "accounting.csv", "layer", "buildings", "detail", "line of sight; repaired (Self-intersection[500500 3540015])");
}

static void ad_facing_away_is_not_counted(void **state)
{
    run_result r = run(*state, "facing_away", NULL, 0);
    assert_int_equal(r.status, ADCOV_OK);
    assert_true(r.failed);
    ASSERT_PROP(&r, "ads.geojson", "id", "AWAY", "excluded", "not_visible");
    ASSERT_PROP(&r, "gaps.geojson", NULL, NULL, "from_m", "0");
    ASSERT_PROP(&r, "gaps.geojson", NULL, NULL, "to_m", "400");
}

static void five_jiangwenming_quota(void **state)
{
    run_result r = run(*state, "five_quota", NULL, 0);
    assert_int_equal(r.status, ADCOV_OK);
    assert_true(r.failed);
    /* Q1..Q4 are four 处 100 m apart; Q5 is another theme, C1 commercial */
    ASSERT_PROP(&r, "gaps.geojson", NULL, NULL, "shortfall", "讲文明树新风 4/5");
    ASSERT_PROP(&r, "gaps.geojson", NULL, NULL, "duty", "城管局");
    ASSERT_PROP(&r, "ads.geojson", "id", "C1", "excluded", "kind");
    ASSERT_PROP(&r, "ads.geojson", "id", "Q5", "excluded", "theme");
    ASSERT_PROP(&r, "ads.geojson", "id", "B1", "excluded", "medium");
    ASSERT_PROP(&r, "ads.geojson", "id", "F1", "excluded", "condition");
    ASSERT_PROP(&r, "stretches.geojson", NULL, NULL, "ads_seen", "4");
    r = run(*state, "five_quota", "street.main.quotas.1.count=4", 0);
    assert_int_equal(r.status, ADCOV_OK);
    assert_false(r.failed);
}

static void branched_street_and_short_stretch(void **state)
{
    run_result r = run(*state, "branched_street", NULL, 0);
    assert_int_equal(r.status, ADCOV_OK);
    /* three checked stretches and the 40 m 短巷 listed as skipped */
    assert_int_equal(count_features(&r, "stretches.geojson"), 4);
    ASSERT_PROP(&r, "stretches.geojson", "stretch", "丁字路[commercial]#1", "status", "pass");
    ASSERT_PROP(&r, "stretches.geojson", "stretch", "丁字路[commercial]#2", "length_m", "300");
    ASSERT_PROP(&r, "stretches.geojson", "stretch", "丁字路[commercial]#3", "length_m", "600");
    ASSERT_PROP(&r, "stretches.geojson", "stretch", "短巷[commercial]#1", "status", "skipped");
    assert_int_equal(csv_rows(&r, "accounting.csv"), 6); /* 5 roads, 1 ad */
}

static void sized_panel_seen_from_far(void **state)
{
    run_result r = run(*state, "sized_panel", NULL, 0);
    assert_int_equal(r.status, ADCOV_OK);
    assert_false(r.failed);
    /* 4 m side at 1.5 degrees: 4 / (2 tan 0.75°) = 152.79 m */
    ASSERT_PROP(&r, "ads.geojson", "id", "BIG", "view_m", "152.8");
    ASSERT_PROP(&r, "ads.geojson", "id", "SMALL", "excluded", "not_visible");
}

static void config_typo_stops_the_run(void **state)
{
    adcov_ctx *ctx = *state;
    run_result r = run(ctx, "config_typo", NULL, 0);
    assert_int_equal(r.status, ADCOV_ECONFIG);
    char cfg[512], expect[700];
    snprintf(expect, sizeof expect, "%s:3:inptus: unknown key 'inptus'", fixture(cfg, sizeof cfg, "config_typo", "city.yaml"));
    assert_string_equal(adcov_ctx_message(ctx), expect);
    /* the program's exit status is 2 */
    char *argv[] = {"adcov", "check", "-c", cfg, NULL};
    assert_int_equal(adcov_main(4, argv), 2);
}

static void unknown_medium_stops_or_is_listed(void **state)
{
    adcov_ctx *ctx = *state;
    run_result r = run(ctx, "unknown_medium", NULL, 0);
    assert_int_equal(r.status, ADCOV_EINPUT);
    assert_string_equal(adcov_ctx_message(ctx),
                        "ads.geojson:ads:0:medium: value '喷绘' is not a known medium (2 features carry it; "
                        "add a synonym in the config or run with --lenient)");
    r = run(ctx, "unknown_medium", NULL, 1);
    assert_int_equal(r.status, ADCOV_OK);
    assert_false(r.failed); /* OK at 500 ([451.01, 548.99]) is seen by every window [s, s+500], s <= 100 */
    ASSERT_PROP(&r, "ads.geojson", "id", "U1", "excluded", "unknown_value");
    ASSERT_PROP(&r, "ads.geojson", "id", "U2", "excluded", "unknown_value");
    assert_int_equal(csv_rows(&r, "accounting.csv"), 4);
}

static void csv_inventory_with_chinese_columns(void **state)
{
    run_result r = run(*state, "csv_ads", NULL, 0);
    assert_int_equal(r.status, ADCOV_OK);
    assert_false(r.failed);
    /* C2 is ＬＥＤ, a screen: view 150 m */
    ASSERT_PROP(&r, "ads.geojson", "id", "C2", "medium", "screen");
    ASSERT_PROP(&r, "ads.geojson", "id", "C2", "view_m", "150");
    ASSERT_PROP(&r, "ads.geojson", "id", "C1", "counted_for", "street.commercial");
}

/* The straight scene again, its layers in other CRSs: each layer keeps its own, and the analysis CRS is
 * the roads' projected one, else the UTM zone of the data's centre. Same gap, 148.99 .. 851.01. */
static void each_layer_keeps_its_crs(void **state)
{
    const char *scenes[] = {"ads_in_wgs84", "lonlat_everything"};
    for (size_t i = 0; i < 2; i++) {
        run_result r = run(*state, scenes[i], NULL, 0);
        assert_int_equal(r.status, ADCOV_OK);
        assert_int_equal(count_features(&r, "gaps.geojson"), 1);
        ASSERT_PROP(&r, "gaps.geojson", NULL, NULL, "from_m", "149");
        ASSERT_PROP(&r, "gaps.geojson", NULL, NULL, "to_m", "851");
        ASSERT_PROP(&r, "gaps.geojson", NULL, NULL, "length_m", "702");
    }
}

static void overlapping_gaps_count_each_metre_once(void **state)
{
    run_result r = run(*state, "overlapping_gaps", "street.commercial.quotas.1.count=2", 0);
    assert_int_equal(r.status, ADCOV_OK);
    assert_int_equal(count_features(&r, "gaps.geojson"), 2);
    char *from0 = prop(&r, "gaps.geojson", NULL, NULL, 0, "from_m"), *to0 = prop(&r, "gaps.geojson", NULL, NULL, 0, "to_m");
    char *from1 = prop(&r, "gaps.geojson", NULL, NULL, 1, "from_m"), *to1 = prop(&r, "gaps.geojson", NULL, NULL, 1, "to_m");
    assert_string_equal(from0, "149");
    assert_string_equal(to0, "851");
    assert_string_equal(from1, "549");
    assert_string_equal(to1, "1251");
    free(from0);
    free(to0);
    free(from1);
    free(to1);
    ASSERT_PROP(&r, "gaps.geojson", NULL, NULL, "shortfall", "公益广告 1/2");
    ASSERT_PROP(&r, "results.csv", "rule", "street.commercial", "gap_m", "1102.0");
    ASSERT_PROP(&r, "results.csv", "rule", "street.commercial", "gaps", "2");
}

static char *slurp(const char *dir, const char *file)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = calloc(1, 1 << 16);
    size_t n = fread(buf, 1, (1 << 16) - 1, f);
    fclose(f);
    assert_true(n > 0);
    return buf;
}

/* GDAL's own ogr2ogr (as a library call) turns src into dst with the given options. */
static void translate(const char *src, const char *dst, char **argv)
{
    remove(dst);
    GDALVectorTranslateOptions *o = GDALVectorTranslateOptionsNew(argv, NULL);
    GDALDatasetH in = GDALOpenEx(src, GDAL_OF_VECTOR, NULL, NULL, NULL);
    int err = 0;
    GDALDatasetH out = GDALVectorTranslate(dst, NULL, 1, &in, o, &err);
    assert_non_null(out);
    GDALClose(out);
    GDALClose(in);
    GDALVectorTranslateOptionsFree(o);
}

/* Writes dir/city.yaml holding inputs (the text under "inputs:") and runs it; outputs in dir/out. */
static run_result run_inputs(adcov_ctx *ctx, const char *dir, const char *inputs)
{
    char cfg[700];
    snprintf(cfg, sizeof cfg, "%s/city.yaml", dir);
    FILE *f = fopen(cfg, "w");
    assert_non_null(f);
    fprintf(f, "inputs:\n%s", inputs);
    fclose(f);
    adcov_check_opts o = {.config = cfg};
    run_result r = {0};
    adcov_ctx_clear(ctx);
    r.status = adcov_run_check(ctx, &o, NULL, &r.failed);
    snprintf(r.out, sizeof r.out, "%s/out", dir);
    return r;
}

/* A scene converted by GDAL into Shapefiles (the .prj is ESRI WKT, with no EPSG code) reads to the same
 * gap as the scene itself: 148.99 .. 851.01. */
static void shapefile_scene(adcov_ctx *ctx, const char *scene)
{
    char dir[400], src[512], dst[600];
    outdir(dir, sizeof dir, scene);
    strcat(dir, "_shp");
    assert_int_equal(adcov_mkdir_p(ctx, dir), ADCOV_OK);
    const char *layers[] = {"roads", "ads"};
    for (int i = 0; i < 2; i++) {
        char file[64];
        snprintf(file, sizeof file, "%s.geojson", layers[i]);
        snprintf(dst, sizeof dst, "%s/%s.shp", dir, layers[i]);
        translate(fixture(src, sizeof src, scene, file), dst,
                  (char *[]){"-f", "ESRI Shapefile", "-lco", "ENCODING=UTF-8", NULL});
    }
    char *prj = slurp(dir, "roads.prj");
    assert_null(strstr(prj, "EPSG"));
    assert_null(strstr(prj, "AUTHORITY"));
    free(prj);
    run_result r = run_inputs(ctx, dir, "  roads: { path: roads.shp, classes: { 商业大街: commercial } }\n"
                                        "  ads: { path: ads.shp }\n");
    assert_int_equal(r.status, ADCOV_OK);
    ASSERT_PROP(&r, "gaps.geojson", NULL, NULL, "from_m", "149");
    ASSERT_PROP(&r, "gaps.geojson", NULL, NULL, "to_m", "851");
    ASSERT_PROP(&r, "gaps.geojson", NULL, NULL, "street", "测试路");
}

static void shapefiles_read_like_the_rest(void **state)
{
    shapefile_scene(*state, "straight_known_chainages"); /* UTM 50N */
    shapefile_scene(*state, "cgcs2000_gk_cm117");        /* CGCS2000 Gauss-Krüger from a .prj alone */
    shapefile_scene(*state, "cgcs2000_gk_zone39");       /* the same with the zone number in the easting */
}

/* Geometries GIS tools and phones write that are not plain 2D points and lines (a MultiPoint of one, a 3D
 * line, an arc, a KML of 3D placemarks): the same answer as the straight scene. */
static void multipoints_3d_and_curves_read(void **state)
{
    const char *scenes[] = {"multipoint_single", "curved_and_3d", "ads_from_phone_kml"};
    for (size_t i = 0; i < 3; i++) {
        run_result r = run(*state, scenes[i], NULL, 0);
        assert_int_equal(r.status, ADCOV_OK);
        assert_int_equal(count_features(&r, "gaps.geojson"), 1);
        ASSERT_PROP(&r, "gaps.geojson", NULL, NULL, "from_m", "149");
        ASSERT_PROP(&r, "gaps.geojson", NULL, NULL, "to_m", "851");
    }
}

/* The WGS 84 ads of ads_in_wgs84 written by GDAL into a GeoPackage declared EPSG:4490 (CGCS2000, whose
 * EPSG axis order is latitude first; GeoPackage stores longitude first): the same gap. */
static void cgcs2000_geopackage(adcov_ctx *ctx)
{
    char dir[400], src[512], dst[600], roads[512], inputs[1024];
    outdir(dir, sizeof dir, "cgcs2000_gpkg");
    assert_int_equal(adcov_mkdir_p(ctx, dir), ADCOV_OK);
    snprintf(dst, sizeof dst, "%s/ads.gpkg", dir);
    translate(fixture(src, sizeof src, "ads_in_wgs84", "ads.geojson"), dst,
              (char *[]){"-f", "GPKG", "-a_srs", "EPSG:4490", NULL});
    snprintf(inputs, sizeof inputs, "  roads: { path: %s, classes: { 商业大街: commercial } }\n  ads: { path: ads.gpkg }\n",
             fixture(roads, sizeof roads, "ads_in_wgs84", "roads.geojson"));
    run_result r = run_inputs(ctx, dir, inputs);
    assert_int_equal(r.status, ADCOV_OK);
    ASSERT_PROP(&r, "gaps.geojson", NULL, NULL, "from_m", "149");
    ASSERT_PROP(&r, "gaps.geojson", NULL, NULL, "to_m", "851");
}

/* CGCS2000: a Gauss-Krüger zone without and with the zone number in the easting, and EPSG:4490 for a
 * CSV and a GeoPackage of longitude/latitude: the same gap, 148.99 .. 851.01. */
static void cgcs2000_reads_right(void **state)
{
    cgcs2000_geopackage(*state);
    const char *scenes[] = {"cgcs2000_gk_cm117", "cgcs2000_gk_zone39", "cgcs2000_lonlat_csv"};
    for (size_t i = 0; i < 3; i++) {
        run_result r = run(*state, scenes[i], NULL, 0);
        assert_int_equal(r.status, ADCOV_OK);
        ASSERT_PROP(&r, "gaps.geojson", NULL, NULL, "from_m", "149");
        ASSERT_PROP(&r, "gaps.geojson", NULL, NULL, "to_m", "851");
    }
}

static void street_names_are_trimmed(void **state)
{
    run_result r = run(*state, "names_trimmed", NULL, 0);
    assert_int_equal(r.status, ADCOV_OK);
    assert_int_equal(count_features(&r, "stretches.geojson"), 1);
    ASSERT_PROP(&r, "stretches.geojson", NULL, NULL, "length_m", "700");
}

/* The same posters picked in Amap (GCJ-02) and Baidu (BD-09), converted to WGS 84 first: identical
 * results to the WGS 84 inventory, to the byte. */
static void app_coordinates_give_identical_results(void **state)
{
    run_result w = run(*state, "ads_in_wgs84", NULL, 0);
    assert_int_equal(w.status, ADCOV_OK);
    char *expect = slurp(w.out, "results.csv");
    const char *scenes[] = {"ads_in_gcj02", "ads_in_bd09"};
    for (size_t i = 0; i < 2; i++) {
        run_result r = run(*state, scenes[i], NULL, 0);
        assert_int_equal(r.status, ADCOV_OK);
        char *got = slurp(r.out, "results.csv");
        assert_string_equal(got, expect);
        free(got);
    }
    free(expect);
}

/* Rows of accounting.csv in dir whose layer column is layer. */
static long accounting_rows(const char *dir, const char *layer)
{
    char path[600], line[4096];
    snprintf(path, sizeof path, "%s/accounting.csv", dir);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    long n = 0;
    size_t len = strlen(layer);
    while (fgets(line, sizeof line, f))
        n += !strncmp(line, layer, len) && line[len] == ',';
    fclose(f);
    return n;
}

static long input_features(const adcov_input *in)
{
    GDALDatasetH ds = GDALOpenEx(in->path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    assert_non_null(ds);
    OGRLayerH l = in->layer ? GDALDatasetGetLayerByName(ds, in->layer) : GDALDatasetGetLayer(ds, 0);
    long n = (long)OGR_L_GetFeatureCount(l, 1);
    GDALClose(ds);
    return n;
}

/* Nothing lost: for every fixture that runs (those without an expect.txt), accounting.csv holds one row
 * per feature of every input layer. */
static void every_feature_of_every_fixture_is_accounted_for(void **state)
{
    adcov_ctx *ctx = *state;
    DIR *d = opendir(ADCOV_FIXTURES_DIR);
    assert_non_null(d);
    struct dirent *e;
    int scenes = 0;
    while ((e = readdir(d))) {
        char cfgpath[600], expect[600], out[600];
        if (e->d_name[0] == '.')
            continue;
        snprintf(expect, sizeof expect, "%s/%s/expect.txt", ADCOV_FIXTURES_DIR, e->d_name);
        snprintf(cfgpath, sizeof cfgpath, "%s/%s/city.yaml", ADCOV_FIXTURES_DIR, e->d_name);
        if (access(expect, F_OK) == 0 || access(cfgpath, F_OK) != 0)
            continue;
        outdir(out, sizeof out, "accounting");
        strcat(out, "/");
        strcat(out, e->d_name);
        adcov_check_opts o = {.config = cfgpath, .output = out};
        int failed = 0;
        adcov_ctx_clear(ctx);
        if (adcov_run_check(ctx, &o, NULL, &failed) != ADCOV_OK)
            fail_msg("%s: %s", e->d_name, adcov_ctx_message(ctx));
        adcov_config *cfg = NULL;
        assert_int_equal(adcov_config_load(ctx, cfgpath, &cfg), ADCOV_OK);
        for (int role = 0; role < ADCOV_ROLE_COUNT; role++)
            if (cfg->inputs[role].present) {
                long want = input_features(&cfg->inputs[role]), got = accounting_rows(out, adcov_role_name(role));
                if (want != got)
                    fail_msg("%s: %s has %ld features but accounting.csv lists %ld", e->d_name,
                             adcov_role_name(role), want, got);
            }
        adcov_config_free(cfg);
        scenes++;
    }
    closedir(d);
    assert_true(scenes >= 18);
}

static void bus_stops_count_within_20_m(void **state)
{
    run_result r = run_rules(*state, "busstop_counts", "busstop.count");
    assert_int_equal(r.status, ADCOV_OK);
    assert_true(r.failed);
    ASSERT_PROP(&r, "sites.geojson", "id", "S1", "status", "pass");
    ASSERT_PROP(&r, "sites.geojson", "id", "S1", "count", "2");
    ASSERT_PROP(&r, "sites.geojson", "id", "S2", "status", "fail");
    ASSERT_PROP(&r, "sites.geojson", "id", "S2", "count", "2");
    ASSERT_PROP(&r, "sites.geojson", "id", "S2", "shortfall", "核心价值观 0/1");
    ASSERT_PROP(&r, "sites.geojson", "id", "S3", "count", "1");
    ASSERT_PROP(&r, "sites.geojson", "id", "S3", "shortfall", "公益广告 1/2");
    ASSERT_PROP(&r, "ads.geojson", "id", "B2", "counted_for", "busstop.count");
    ASSERT_PROP(&r, "ads.geojson", "id", "B3", "excluded", "not_visible");
    ASSERT_PROP(&r, "ads.geojson", "id", "B4", "excluded", "medium");
    ASSERT_PROP(&r, "ads.geojson", "id", "B5", "excluded", "medium");
    ASSERT_PROP(&r, "accounting.csv", "layer", "bus_stops", "status", "checked");
}

static void parks_count_inside_and_5_m_out(void **state)
{
    run_result r = run_rules(*state, "park_edges", "park.count");
    assert_int_equal(r.status, ADCOV_OK);
    assert_false(r.failed); /* P2 is unknown, which does not fail the run */
    ASSERT_PROP(&r, "sites.geojson", "id", "P1", "status", "pass");
    ASSERT_PROP(&r, "sites.geojson", "id", "P1", "count", "10");
    ASSERT_PROP(&r, "sites.geojson", "id", "P1", "duty", "园林局");
    ASSERT_PROP(&r, "sites.geojson", "id", "P2", "status", "unknown");
    ASSERT_PROP(&r, "ads.geojson", "id", "E4", "counted_for", "park.count");
    ASSERT_PROP(&r, "ads.geojson", "id", "E6", "excluded", "not_visible");
}

static void square_seen_from_its_inscribed_centre(void **state)
{
    run_result r = run_rules(*state, "square_l_shape", "square.center");
    assert_int_equal(r.status, ADCOV_OK);
    ASSERT_PROP(&r, "sites.geojson", "id", "Q1", "count", "10");
    ASSERT_PROP(&r, "sites.geojson", "id", "Q1", "status", "pass");
    ASSERT_PROP(&r, "isovists.geojson", "id", "Q1", "rule", "square.center");
}

static void square_view_limit_is_inclusive(void **state)
{
    run_result r = run_rules(*state, "square_view_limit", "square.center");
    assert_int_equal(r.status, ADCOV_OK);
    ASSERT_PROP(&r, "sites.geojson", "id", "Q2", "count", "1");
    ASSERT_PROP(&r, "ads.geojson", "id", "B30", "counted_for", "square.center");
    ASSERT_PROP(&r, "ads.geojson", "id", "B31", "excluded", "not_visible");
}

static void scenic_area_fails_on_its_worst_gate(void **state)
{
    run_result r = run_rules(*state, "scenic_two_gates", "scenic.gate");
    assert_int_equal(r.status, ADCOV_OK);
    assert_true(r.failed);
    ASSERT_PROP(&r, "sites.geojson", "id", "S1", "status", "fail");
    ASSERT_PROP(&r, "sites.geojson", "id", "S1", "count", "0");
    ASSERT_PROP(&r, "sites.geojson", "id", "S2", "status", "fail"); /* its gate G9 by site_id, not nearest */
    ASSERT_PROP(&r, "sites.geojson", "id", "S2", "count", "0");
    ASSERT_PROP(&r, "sites.geojson", "id", "S4", "status", "unknown");
    ASSERT_PROP(&r, "sites.geojson", "id", "S3", "status", "pass");
    ASSERT_PROP(&r, "sites.geojson", "id", "S3", "count", "1"); /* gates see 2 and 1 处: the smallest */
    ASSERT_PROP(&r, "ads.geojson", "id", "A1", "counted_for", "scenic.gate");
    /* the gates' own ids name them in accounting.csv */
    char path[600], line[512];
    snprintf(path, sizeof path, "%s/accounting.csv", r.out);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    int named = 0;
    while (fgets(line, sizeof line, f))
        named += !strncmp(line, "gates,gates.geojson:gates,3,门4,used,", 38);
    fclose(f);
    assert_int_equal(named, 1);
}

/* The scenic-2020 rulebook on the same scene: 200 m in (here still the 100 m to the centre), three quotas.
 * Gate 2 sees nothing and falls shortest: 核心价值观 0/2, 讲文明树新风 0/1, 文明健康有你有我 0/1. */
static void scenic_2020_three_quotas(void **state)
{
    adcov_ctx *ctx = *state;
    char cfg[512], out[512];
    fixture(cfg, sizeof cfg, "scenic_two_gates", "city.yaml");
    outdir(out, sizeof out, "scenic_2020");
    adcov_check_opts o = {.config = cfg, .output = out, .rulebook = "scenic-2020"};
    int failed = 0;
    adcov_ctx_clear(ctx);
    assert_int_equal(adcov_run_check(ctx, &o, NULL, &failed), ADCOV_OK);
    run_result r = {.status = ADCOV_OK, .failed = failed};
    snprintf(r.out, sizeof r.out, "%s", out);
    ASSERT_PROP(&r, "sites.geojson", "id", "S1", "status", "fail");
    ASSERT_PROP(&r, "sites.geojson", "id", "S1", "shortfall", "核心价值观 0/2; 讲文明树新风 0/1; 文明健康有你有我 0/1");
}

static void hoardings_area_faces_and_thirds(void **state)
{
    adcov_ctx *ctx = *state;
    run_result r = run_rules(ctx, "hoarding_faces", "hoarding.area");
    assert_int_equal(r.status, ADCOV_OK);
    ASSERT_PROP(&r, "sites.geojson", "id", "H1", "status", "fail");
    ASSERT_PROP(&r, "sites.geojson", "id", "H1", "count", "60");
    ASSERT_PROP(&r, "sites.geojson", "id", "H1", "required", "60");
    ASSERT_PROP(&r, "sites.geojson", "id", "H1", "shortfall", "有立面无公益广告");
    ASSERT_PROP(&r, "sites.geojson", "id", "H2", "status", "fail");
    ASSERT_PROP(&r, "sites.geojson", "id", "H2", "shortfall", "公益广告少于三分之一");
    ASSERT_PROP(&r, "sites.geojson", "id", "H3", "status", "pass");
    /* inspection: 50 %, but H3 stands in a zone and urban_village is on: 40 % */
    char cfg[512];
    fixture(cfg, sizeof cfg, "hoarding_faces", "city.yaml");
    adcov_check_opts o = {.config = cfg, .output = r.out, .only = "hoarding.area", .phase = "inspection"};
    int failed = 0;
    adcov_ctx_clear(ctx);
    assert_int_equal(adcov_run_check(ctx, &o, NULL, &failed), ADCOV_OK);
    ASSERT_PROP(&r, "sites.geojson", "id", "H3", "status", "pass");
    ASSERT_PROP(&r, "sites.geojson", "id", "H3", "required", "8");
    ASSERT_PROP(&r, "sites.geojson", "id", "H1", "required", "100");
}

static void hoarding_rings_wrap_their_faces(void **state)
{
    run_result r = run_rules(*state, "hoarding_ring_faces", "hoarding.area");
    assert_int_equal(r.status, ADCOV_OK);
    ASSERT_PROP(&r, "sites.geojson", "id", "H4", "status", "pass");
    ASSERT_PROP(&r, "sites.geojson", "id", "H4", "count", "80");
    ASSERT_PROP(&r, "sites.geojson", "id", "H4", "required", "48");
    ASSERT_PROP(&r, "sites.geojson", "id", "H5", "status", "fail");
    ASSERT_PROP(&r, "sites.geojson", "id", "H5", "shortfall", "有立面无公益广告");
}

static void carriers_share_per_class(void **state)
{
    run_result r = run_rules(*state, "carrier_classes", "carrier.ratio");
    assert_int_equal(r.status, ADCOV_OK);
    assert_true(r.failed);
    ASSERT_PROP(&r, "sites.geojson", "id", "lane_shade", "status", "pass");
    ASSERT_PROP(&r, "sites.geojson", "id", "lane_shade", "required", "1");
    ASSERT_PROP(&r, "sites.geojson", "id", "bike_shelter", "status", "pass");
    ASSERT_PROP(&r, "sites.geojson", "id", "hospital", "status", "unknown");
    ASSERT_PROP(&r, "sites.geojson", "id", "venue", "status", "fail");
    ASSERT_PROP(&r, "sites.geojson", "id", "K4", "status", "fail");
    ASSERT_PROP(&r, "sites.geojson", "id", "K2", "count", "1");
    ASSERT_PROP(&r, "ads.geojson", "id", "B1", "counted_for", "carrier.ratio");
}

/* Inspection zones walked from points (fixtures/zone_walks/city.yaml has the arithmetic): a walk that
 * stops mid-edge, a bridge that joins nothing, overlapping zones, a point 150 m from the nearest road;
 * in_zone on gaps and sites; the urban-village share inside a walked zone. */
static void zones_walked_from_points(void **state)
{
    adcov_ctx *ctx = *state;
    run_result r = {0};
    char cfg[512];
    fixture(cfg, sizeof cfg, "zone_walks", "city.yaml");
    outdir(r.out, sizeof r.out, "zone_walks");
    adcov_check_opts o = {.config = cfg, .output = r.out, .phase = "inspection"};
    adcov_ctx_clear(ctx);
    assert_int_equal(adcov_run_check(ctx, &o, NULL, &r.failed), ADCOV_OK);
    assert_int_equal(count_features(&r, "zones.geojson"), 4);
    ASSERT_PROP(&r, "zones.geojson", "id", "P1", "walk_m", "900");  /* 100 + 400 + 200 + 200 */
    ASSERT_PROP(&r, "zones.geojson", "id", "P1", "snap_m", "20");
    ASSERT_PROP(&r, "zones.geojson", "id", "P2", "walk_m", "450");  /* the bridge: 50 + 400, nothing joined */
    ASSERT_PROP(&r, "zones.geojson", "id", "P2", "area_m2", "29809"); /* 450 x 60 + 2809.3 */
    ASSERT_PROP(&r, "zones.geojson", "id", "P3", "walk_m", "1300"); /* 400 + 400 + 250 + 250 */
    ASSERT_PROP(&r, "zones.geojson", "id", "P4", "walk_m", "500");  /* 400 + 100 */
    ASSERT_PROP(&r, "zones.geojson", "id", "P4", "snap_m", "150");
    ASSERT_PROP(&r, "zones.geojson", "id", "P4", "source", "inspection_point");
    ASSERT_PROP(&r, "gaps.geojson", "street", "东西路", "in_zone", "1");
    ASSERT_PROP(&r, "gaps.geojson", "street", "南北路", "in_zone", "1");
    ASSERT_PROP(&r, "gaps.geojson", "street", "远路", "in_zone", "0");
    ASSERT_PROP(&r, "stretches.geojson", "street", "远路", "in_zone", "0");
    ASSERT_PROP(&r, "stretches.geojson", "street", "东西路", "in_zone", "1");
    ASSERT_PROP(&r, "ads.geojson", "id", "W1", "in_zone", "1"); /* (321,120): 21 m from the walked 南北路 */
    ASSERT_PROP(&r, "ads.geojson", "id", "W2", "in_zone", "0"); /* beside 远路 */
    ASSERT_PROP(&r, "sites.geojson", "id", "S1", "in_zone", "1");
    ASSERT_PROP(&r, "sites.geojson", "id", "S2", "in_zone", "0");
    ASSERT_PROP(&r, "sites.geojson", "id", "H1", "required", "40"); /* 40 % of 100 m2 in a zone */
    ASSERT_PROP(&r, "sites.geojson", "id", "H1", "status", "pass");
    ASSERT_PROP(&r, "sites.geojson", "id", "H2", "required", "50"); /* 50 % outside */
    ASSERT_PROP(&r, "sites.geojson", "id", "H2", "status", "fail");
}

/* Suggested posters for one quota with k = 1 are the fewest possible (fixtures/suggest_fewest/city.yaml
 * works the minimum out by hand): 3 on the bare street, 2 where one ad already serves the middle. */
static void suggestions_are_fewest_for_one_poster_quotas(void **state)
{
    run_result r = run(*state, "suggest_fewest", NULL, 0);
    assert_int_equal(r.status, ADCOV_OK);
    assert_int_equal(count_where(&r, "suggestions.geojson", "street", "乙街"), 3); /* ceil(1500 / 534.64) */
    assert_int_equal(count_where(&r, "suggestions.geojson", "street", "甲街"), 2); /* 1017.32 - 482.68 = 534.64 */
    /* the first poster stands as far along as window [0, 500] still sees it: 500 + 17.32 less the margin */
    char *c = prop(&r, "suggestions.geojson", "street", "乙街", 0, "chainage_m");
    ASSERT_NEAR(atof(c), 517.07, 0.5);
    free(c);
    ASSERT_PROP(&r, "suggestions.geojson", "street", "乙街", "facing", "180");
    ASSERT_PROP(&r, "suggestions.geojson", "street", "乙街", "kind", "psa");
}

/* The rectification list (整改清单): the faded poster and the gap of five_quota, under the street's duty
 * unit, as CSV and as an .xlsx workbook with one sheet per duty unit. */
static void rectification_list_per_duty_unit(void **state)
{
    run_result r = run(*state, "five_quota", NULL, 0);
    assert_int_equal(r.status, ADCOV_OK);
    char *csv = slurp(r.out, "rectification.csv");
    /* the last column, each row's problem id: the ad's, and the gap's (rule/street/class/where it begins) */
    assert_string_equal(csv, "\xEF\xBB\xBF责任单位,类别,编号,位置,迎检区内,问题,整改要求,问题编号\r\n"
                             "城管局,公益广告,F1,五处路附近（要素 7）,否,状况：褪色,更换褪色画面,ad/F1\r\n"
                             "城管局,街道缺口,五处路[main]#1,五处路 K0+000–K0+500,否,"
                             "street.main：步行500米可见不足（讲文明树新风 4/5）,"
                             "在K0+000至K0+500之间增设公益广告，各处相距不少于20米,street.main/五处路/main/K0+000\r\n");
    free(csv);
    char *xlsx = slurp(r.out, "rectification.xlsx");
    assert_true(xlsx[0] == 'P' && xlsx[1] == 'K'); /* a zip, as .xlsx files are */
    free(xlsx);
}

static int setup_all(void **state)
{
    (void)state;
    GDALAllRegister();
    return 0;
}

static void dual_carriageway_walked_once(void **state)
{
    /* fixtures/dual_carriageway/city.yaml works it out: the north side is walked, the south one is its
     * other carriageway; one gap 348.99 .. 870 of the north side (the south side would give 330 .. 851). */
    run_result r = run(*state, "dual_carriageway", NULL, 0);
    assert_int_equal(r.status, ADCOV_OK);
    assert_true(r.failed);
    assert_int_equal(count_features(&r, "stretches.geojson"), 2);
    assert_int_equal(count_where(&r, "stretches.geojson", "status", "dual"), 1);
    ASSERT_PROP(&r, "stretches.geojson", "status", "dual", "stretch", "中山路[commercial]#1");
    ASSERT_PROP(&r, "stretches.geojson", "status", "dual", "length_m", "1180");
    ASSERT_PROP(&r, "stretches.geojson", "status", "fail", "length_m", "1200");
    assert_int_equal(count_features(&r, "gaps.geojson"), 1);
    ASSERT_PROP(&r, "gaps.geojson", NULL, NULL, "from_m", "349");
    ASSERT_PROP(&r, "gaps.geojson", NULL, NULL, "to_m", "870");
    assert_int_equal(count_where(&r, "accounting.csv", "status", "dual"), 1);
    assert_int_equal(count_where(&r, "accounting.csv", "status", "unnamed"), 1);
}

static void junction_gaps_joined(void **state)
{
    /* fixtures/junction_gaps/city.yaml: 解放路 joined across a 12 m junction into 1000 m with a gap
     * 248.99 .. 751.01 that neither piece alone has; 南京路's 40 m gap is too wide: two stretches. */
    run_result r = run(*state, "junction_gaps", NULL, 0);
    assert_int_equal(r.status, ADCOV_OK);
    assert_int_equal(count_features(&r, "stretches.geojson"), 3);
    ASSERT_PROP(&r, "stretches.geojson", "stretch", "解放路[commercial]#1", "length_m", "1000");
    ASSERT_PROP(&r, "stretches.geojson", "stretch", "南京路[commercial]#1", "status", "pass");
    ASSERT_PROP(&r, "stretches.geojson", "stretch", "南京路[commercial]#2", "length_m", "560");
    assert_int_equal(count_features(&r, "gaps.geojson"), 2);
    ASSERT_PROP(&r, "gaps.geojson", "stretch", "解放路[commercial]#1", "from_m", "249");
    ASSERT_PROP(&r, "gaps.geojson", "stretch", "解放路[commercial]#1", "to_m", "751");
    ASSERT_PROP(&r, "gaps.geojson", "stretch", "南京路[commercial]#2", "to_m", "560");
    ASSERT_PROP(&r, "accounting.csv", "fid", "1", "status", "unnamed");
    /* with joining off (--set join_m=0) the 1000 m street is two pieces that both pass */
    run_result off = run(*state, "junction_gaps", "join_m=0", 0);
    assert_int_equal(off.status, ADCOV_OK);
    assert_int_equal(count_features(&off, "stretches.geojson"), 4);
    assert_int_equal(count_where(&off, "gaps.geojson", "stretch", "解放路[commercial]#1"), 0);
}

static void stops_given_per_route_are_merged(void **state)
{
    /* fixtures/stops_per_route/city.yaml: 101, 57, 230 of 大营门 chained within 10 m are one stop 57,
     * judged from their centroid (8,0), where it passes; the others stand alone. */
    run_result r = run_rules(*state, "stops_per_route", "busstop.count");
    assert_int_equal(r.status, ADCOV_OK);
    assert_int_equal(count_features(&r, "sites.geojson"), 5);
    ASSERT_PROP(&r, "sites.geojson", "id", "57", "status", "pass");
    ASSERT_PROP(&r, "sites.geojson", "id", "57", "count", "2");
    ASSERT_PROP(&r, "sites.geojson", "id", "12", "count", "0");
    ASSERT_PROP(&r, "sites.geojson", "id", "9", "status", "pass");
    ASSERT_PROP(&r, "sites.geojson", "id", "5", "status", "pass");
    ASSERT_PROP(&r, "sites.geojson", "id", "6", "status", "pass");
    assert_int_equal(count_where(&r, "sites.geojson", "id", "101"), 0);
    assert_int_equal(count_where(&r, "accounting.csv", "status", "merged"), 2);
    ASSERT_PROP(&r, "accounting.csv", "status", "merged", "detail",
                "merged into stop 57 (fid 1): the same name within 10 m of another of its points, judged once from "
                "their centroid");
    /* with stop_merge_m 0 every point is judged: 101 alone at (0,0) has Q1 20.6 m away and fails */
    run_result each = run_rules_set(*state, "stops_per_route", "busstop.count", "stop_merge_m=0");
    assert_int_equal(each.status, ADCOV_OK);
    assert_int_equal(count_features(&each, "sites.geojson"), 7);
    ASSERT_PROP(&each, "sites.geojson", "id", "101", "status", "fail");
    assert_int_equal(count_where(&each, "accounting.csv", "status", "merged"), 0);
    /* the same points in the sites layer, typed busstop: the same stops (fixtures/stops_in_sites) */
    run_result sites = run_rules(*state, "stops_in_sites", "busstop.count");
    assert_int_equal(sites.status, ADCOV_OK);
    assert_int_equal(count_features(&sites, "sites.geojson"), 5);
    ASSERT_PROP(&sites, "sites.geojson", "id", "57", "status", "pass");
    assert_int_equal(count_where(&sites, "accounting.csv", "status", "merged"), 2);
}

typedef struct {
    char text[4096];
} log_lines;

static void keep_line(void *user, adcov_log_level level, const char *line)
{
    log_lines *l = user;
    size_t n = strlen(l->text);
    snprintf(l->text + n, sizeof l->text - n, "%s: %s\n", level == ADCOV_LOG_WARN ? "warning" : "other", line);
}

static void config_slips_are_warned(void **state)
{
    adcov_ctx *ctx = *state;
    log_lines log = {""};
    adcov_ctx_set_logger(ctx, keep_line, &log, ADCOV_LOG_WARN);
    run_result r = run(ctx, "config_slips", NULL, 0);
    adcov_ctx_set_logger(ctx, NULL, NULL, ADCOV_LOG_WARN);
    assert_int_equal(r.status, ADCOV_OK);
    char cfg[512], expect[2048];
    fixture(cfg, sizeof cfg, "config_slips", "city.yaml");
    snprintf(expect, sizeof expect,
             "warning: %s:8:inputs.roads.classes.0999: no feature of ../junction_gaps/roads.geojson:roads has this value "
             "(its values: '商业大街' (5))\n"
             "warning: %s:9:inputs.ads.synonyms.medium.招贴: no feature of ../junction_gaps/ads.geojson:ads has this "
             "value (its values: '海报' (3))\n",
             cfg, cfg);
    assert_string_equal(log.text, expect);
    ASSERT_PROP(&r, "stretches.geojson", "stretch", "解放路[commercial]#1", "length_m", "1000");
}

/* SPEC §12: a city rulebook adds school.gate (near_point) and community.count (inside_or_near, its own
 * 15 m 处 distance) with no code change; the hand-worked answers are in fixtures/city_rules/city.yaml. */
static void city_rules_for_schools_and_communities(void **state)
{
    adcov_ctx *ctx = *state;
    log_lines log = {""};
    adcov_ctx_set_logger(ctx, keep_line, &log, ADCOV_LOG_WARN);
    run_result r = run_rules(ctx, "city_rules", NULL);
    adcov_ctx_set_logger(ctx, NULL, NULL, ADCOV_LOG_WARN);
    assert_int_equal(r.status, ADCOV_OK);
    assert_true(r.failed);
    ASSERT_PROP(&r, "sites.geojson", "id", "S1", "status", "pass"); /* A1, A3, A2 (A5 is A1's 处, A4 51 m) */
    ASSERT_PROP(&r, "sites.geojson", "id", "S1", "count", "3");
    ASSERT_PROP(&r, "sites.geojson", "id", "S1", "type", "school");   /* 小学, mapped by types: */
    ASSERT_PROP(&r, "sites.geojson", "id", "S2", "status", "fail");   /* B1, B3; B2 commercial */
    ASSERT_PROP(&r, "sites.geojson", "id", "S2", "shortfall", "公益广告 2/3; 未成年人 0/1");
    ASSERT_PROP(&r, "sites.geojson", "id", "C1", "status", "pass");   /* C1a, C1c, C1f, C1d 18 m from C1c */
    ASSERT_PROP(&r, "sites.geojson", "id", "C1", "count", "4");
    ASSERT_PROP(&r, "sites.geojson", "id", "C1", "type", "社区");
    ASSERT_PROP(&r, "sites.geojson", "id", "C2", "count", "1");       /* D1 20 m; D2 35 m > radius 30 */
    ASSERT_PROP(&r, "sites.geojson", "id", "C2", "status", "fail");
    ASSERT_PROP(&r, "ads.geojson", "id", "A2", "counted_for", "school.gate"); /* exactly 50 m: inclusive */
    ASSERT_PROP(&r, "ads.geojson", "id", "A4", "excluded", "not_visible");
    ASSERT_PROP(&r, "ads.geojson", "id", "C1d", "counted_for", "community.count");
    ASSERT_PROP(&r, "ads.geojson", "id", "C1e", "excluded", "not_visible");
    assert_int_equal(count_features(&r, "sites.geojson"), 4); /* H1, a 医院, is checked by no rule */
    assert_int_equal(count_where(&r, "accounting.csv", "status", "not_checked"), 2); /* H1 and the road */
    ASSERT_PROP(&r, "accounting.csv", "detail", "no selected rule checks this kind of site", "fid", "4");
    char *csv = slurp(r.out, "rectification.csv");
    assert_non_null(strstr(csv, "和平街道,点位,C2,和平社区,否,community.count：公益广告 1/4,"
                                "在社区30米内增设公益广告，各处相距不少于15米,community.count/C2\r\n"));
    assert_non_null(strstr(csv, "教育局,点位,S2,第二小学,否,school.gate：公益广告 2/3; 未成年人 0/1,"
                                "在学校50米内增设公益广告，各处相距不少于20米,school.gate/S2\r\n"));
    free(csv);
    char rb[512], expect[1024];
    fixture(rb, sizeof rb, "city_rules", "city-rules.yaml");
    snprintf(expect, sizeof expect,
             "warning: %s:42:hall.count.sites: no site is of type hall: the rule checks none\n"
             "warning: sites.geojson:sites:4:type: 1 site of type '医院' (this one the first): no rule of the rulebook "
             "checks that type (accounting.csv: not_checked)\n", rb);
    assert_string_equal(log.text, expect);
    /* with the rulebook's 20 m, C1d (18 m from C1c) is C1c's 处: 3 of 4 */
    r = run_rules_set(ctx, "city_rules", "community.count", "community.count.min_separation_m=20");
    assert_int_equal(r.status, ADCOV_OK);
    ASSERT_PROP(&r, "sites.geojson", "id", "C1", "count", "3");
}

/* Features of out/file, each of one geometry type (OGR flattened type) as QGIS opens the file. */
static long count_of_type(const run_result *r, const char *file, OGRwkbGeometryType type)
{
    GDALDatasetH ds = open_output(r, file);
    OGRLayerH l = GDALDatasetGetLayer(ds, 0);
    OGRFeatureH f;
    long n = 0;
    while ((f = OGR_L_GetNextFeature(l))) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        n += g && wkbFlatten(OGR_G_GetGeometryType(g)) == type;
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    return n;
}

static void site_files_hold_one_geometry_type_each(void **state)
{
    /* park_edges: its parks are polygons: each a point (its centre) in sites.geojson and a polygon in
     * site_areas.geojson; hoarding_faces: each hoarding a point (its middle) and its wall a line. */
    run_result r = run_rules(*state, "park_edges", "park.count");
    assert_int_equal(r.status, ADCOV_OK);
    long n = count_features(&r, "sites.geojson");
    assert_true(n > 0);
    assert_int_equal(count_of_type(&r, "sites.geojson", wkbPoint), n);
    assert_int_equal(count_of_type(&r, "site_areas.geojson", wkbPolygon), count_features(&r, "site_areas.geojson"));
    assert_true(count_features(&r, "site_areas.geojson") > 0);
    assert_int_equal(count_features(&r, "hoardings.geojson"), 0);
    run_result h = run_rules(*state, "hoarding_faces", "hoarding.area");
    assert_int_equal(h.status, ADCOV_OK);
    n = count_features(&h, "hoardings.geojson");
    assert_true(n > 0);
    assert_int_equal(count_of_type(&h, "hoardings.geojson", wkbLineString), n);
    assert_int_equal(count_of_type(&h, "sites.geojson", wkbPoint), count_features(&h, "sites.geojson"));
    assert_int_equal(count_features(&h, "site_areas.geojson"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(straight_street_gap_where_the_arithmetic_puts_it, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(gap_map_is_rfc7946, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(ad_behind_building_is_not_counted, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(invalid_footprint_is_repaired, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(ad_facing_away_is_not_counted, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(five_jiangwenming_quota, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(branched_street_and_short_stretch, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(dual_carriageway_walked_once, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(junction_gaps_joined, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(sized_panel_seen_from_far, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(config_typo_stops_the_run, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(unknown_medium_stops_or_is_listed, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(csv_inventory_with_chinese_columns, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(each_layer_keeps_its_crs, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(overlapping_gaps_count_each_metre_once, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(shapefiles_read_like_the_rest, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(street_names_are_trimmed, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(app_coordinates_give_identical_results, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(cgcs2000_reads_right, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(multipoints_3d_and_curves_read, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(every_feature_of_every_fixture_is_accounted_for, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(bus_stops_count_within_20_m, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(stops_given_per_route_are_merged, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(city_rules_for_schools_and_communities, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(config_slips_are_warned, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(site_files_hold_one_geometry_type_each, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(parks_count_inside_and_5_m_out, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(square_seen_from_its_inscribed_centre, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(square_view_limit_is_inclusive, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(scenic_area_fails_on_its_worst_gate, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(scenic_2020_three_quotas, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(hoardings_area_faces_and_thirds, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(hoarding_rings_wrap_their_faces, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(carriers_share_per_class, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(rectification_list_per_duty_unit, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(zones_walked_from_points, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(suggestions_are_fewest_for_one_poster_quotas, setup_ctx, teardown_ctx)};
    int rc = cmocka_run_group_tests(tests, setup_all, NULL);
    GDALDestroyDriverManager();
    return rc;
}
