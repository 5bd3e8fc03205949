/* End to end on real streets: Nanjing 新街口 from ../shared/data (OpenStreetMap) with an ad inventory
 * made by scripts/gen_ads_along.py (seed 11, written by the CTest fixture gen_nanjing_ads). No exact
 * answers here: invariants that must hold on any data.
 *   - every input feature has exactly one row in accounting.csv;
 *   - every gap lies inside its stretch, and runs forward;
 *   - a stretch has gaps exactly when its status is fail;
 *   - every ad either counted for a rule or says why not. */
#include "testing.h"
#include "cli.h"

#include <gdal.h>
#include <ogr_api.h>
#include <math.h>
#include <unistd.h>

#define NANJING ADCOV_SHARED_DATA_DIR "/nanjing_xinjiekou/nanjing_xinjiekou.gpkg"
#define ADS ADCOV_TEST_OUT_DIR "/nanjing_ads.gpkg"
#define OUT ADCOV_TEST_OUT_DIR "/nanjing"

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
          "  buildings: { path: " NANJING ", layer: buildings }\n",
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

static void invariants_hold(void **state)
{
    if (access(NANJING, R_OK) != 0 || access(ADS, R_OK) != 0)
        skip(); /* ../shared/data is not beside this clone */
    adcov_ctx *ctx = *state;
    adcov_check_opts o = {.config = write_config(), .output = OUT};
    int failed = 0;
    assert_int_equal(adcov_run_check(ctx, &o, NULL, &failed), ADCOV_OK);

    long inputs = layer_count(NANJING, "roads") + layer_count(NANJING, "buildings") + layer_count(ADS, "ads");
    assert_int_equal(layer_count(OUT "/accounting.csv", NULL), inputs);
    assert_int_equal(layer_count(OUT "/ads.geojson", NULL), layer_count(ADS, "ads"));

    /* stretches */
    GDALDatasetH ds = GDALOpenEx(OUT "/stretches.geojson", GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    OGRLayerH l = GDALDatasetGetLayer(ds, 0);
    size_t n = (size_t)OGR_L_GetFeatureCount(l, 1), k = 0;
    assert_true(n > 30);
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
    ds = GDALOpenEx(OUT "/gaps.geojson", GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
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
    ds = GDALOpenEx(OUT "/ads.geojson", GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
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

int main(void)
{
    GDALAllRegister();
    const struct CMUnitTest tests[] = {cmocka_unit_test_setup_teardown(invariants_hold, setup_ctx, teardown_ctx)};
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    GDALDestroyDriverManager();
    return rc;
}
