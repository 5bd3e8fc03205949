/* out: every string from an input reaches an output escaped for it, and as valid UTF-8. */
#include "testing.h"
#include "out.h"

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <unistd.h>

static char *csv_of(const char *s)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    adcov_csv_field(f, s);
    fclose(f);
    return buf;
}

static void csv_quotes_and_repairs(void **state)
{
    (void)state;
    const struct {
        const char *in, *out;
    } cases[] = {
        {"中山路", "中山路"},
        {"a,b", "\"a,b\""},
        {"say \"hi\"", "\"say \"\"hi\"\"\""},
        {"two\nlines", "\"two\nlines\""},
        {"bad \xff byte", "bad \xEF\xBF\xBD byte"},         /* not UTF-8: U+FFFD */
        {"cut \xe4\xb8", "cut \xEF\xBF\xBD\xEF\xBF\xBD"},  /* a sequence cut short */
        /* texts Excel or WPS would run as formulas get a leading ' (shown as text); numbers stay numbers */
        {"=HYPERLINK(\"http://x\",\"a\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"a\"\")\""},
        {"+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"},
        {"-2+3", "'-2+3"},
        {"@SUM(A1)", "'@SUM(A1)"},
        {"\tx", "'\tx"},
        {"\rx", "\"'\rx\""},
        {"-", "'-"},
        {"-3.5", "-3.5"},
        {"+12", "+12"},
        {"-1e-3", "-1e-3"},
        {"1-2", "1-2"},          /* only the first character decides */
        {"a=b", "a=b"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = csv_of(cases[i].in);
        assert_string_equal(got, cases[i].out);
        free(got);
    }
}

static void geojson_strings_round_trip(void **state)
{
    adcov_ctx *ctx = *state;
    char path[512];
    snprintf(path, sizeof path, "%s/escape.geojson", ADCOV_TEST_OUT_DIR);
    assert_int_equal(adcov_mkdir_p(ctx, ADCOV_TEST_OUT_DIR), ADCOV_OK);
    OGRSpatialReferenceH wgs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(wgs, 4326);
    OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);
    static const adcov_prop props[] = {{"name", ADCOV_PROP_STR}, {"n", ADCOV_PROP_REAL}, {"ok", ADCOV_PROP_BOOL}};
    adcov_geojson *w = NULL;
    assert_int_equal(adcov_geojson_open(ctx, path, wgs, props, 3, &w), ADCOV_OK);
    GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(adcov_ctx_geos(ctx), 118.78, 32.04);
    const char *v1[] = {"<script>\"q\"\\ \x01 \xff", "1.5", "1"};
    assert_int_equal(adcov_geojson_add(ctx, w, pt, v1), ADCOV_OK);
    const char *v2[] = {"", "", "0"};
    assert_int_equal(adcov_geojson_add(ctx, w, NULL, v2), ADCOV_OK);
    const char *bad[] = {"x", "not a number", "0"}; /* refused before anything is written */
    assert_int_equal(adcov_geojson_add(ctx, w, pt, bad), ADCOV_EIO);
    adcov_ctx_clear(ctx);
    assert_int_equal(adcov_geojson_commit(ctx, w), ADCOV_OK);
    GEOSGeom_destroy_r(adcov_ctx_geos(ctx), pt);
    OSRRelease(wgs);
    /* GDAL reads it back: the same text, with U+FFFD for the bad byte */
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    assert_non_null(ds);
    OGRLayerH l = GDALDatasetGetLayer(ds, 0);
    OGRFeatureH f = OGR_L_GetNextFeature(l);
    assert_string_equal(OGR_F_GetFieldAsString(f, 0), "<script>\"q\"\\ \x01 \xEF\xBF\xBD");
    assert_true(OGR_F_GetFieldAsDouble(f, 1) == 1.5);
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    assert_true(OGR_G_GetX(g, 0) == 118.78 && OGR_G_GetY(g, 0) == 32.04);
    OGR_F_Destroy(f);
    f = OGR_L_GetNextFeature(l);
    assert_false(OGR_F_IsFieldSetAndNotNull(f, 0));
    assert_null(OGR_F_GetGeometryRef(f));
    OGR_F_Destroy(f);
    assert_null(OGR_L_GetNextFeature(l));
    GDALClose(ds);
}

static void failed_geometry_fails_the_file(void **state)
{
    adcov_ctx *ctx = *state;
    char path[512];
    snprintf(path, sizeof path, "%s/failed.geojson", ADCOV_TEST_OUT_DIR);
    remove(path);
    OGRSpatialReferenceH wgs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(wgs, 4326);
    OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);
    static const adcov_prop props[] = {{"name", ADCOV_PROP_STR}};
    adcov_geojson *w = NULL;
    assert_int_equal(adcov_geojson_open(ctx, path, wgs, props, 1, &w), ADCOV_OK);
    GEOSGeometry *empty = GEOSGeom_createEmptyPoint_r(adcov_ctx_geos(ctx));
    const char *v[] = {"a"};
    assert_int_equal(adcov_geojson_add(ctx, w, empty, v), ADCOV_EIO);
    assert_int_equal(adcov_geojson_commit(ctx, w), ADCOV_EIO);
    assert_int_not_equal(access(path, F_OK), 0); /* nothing half-written landed */
    GEOSGeom_destroy_r(adcov_ctx_geos(ctx), empty);
    OSRRelease(wgs);
}

int main(void)
{
    GDALAllRegister();
    const struct CMUnitTest tests[] = {cmocka_unit_test(csv_quotes_and_repairs),
                                       cmocka_unit_test_setup_teardown(geojson_strings_round_trip, setup_ctx, teardown_ctx),
                                       cmocka_unit_test_setup_teardown(failed_geometry_fails_the_file, setup_ctx, teardown_ctx)};
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    GDALDestroyDriverManager();
    return rc;
}
