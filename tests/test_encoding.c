/* Encodings (SPEC §3): Shapefiles whose .dbf is GBK with no .cpg, written here by the test itself with
 * Chinese field names (名称, 等级) and Chinese street names. "学院路" is a GBK name whose bytes
 * (d1a7 d4ba c2b7) also happen to be valid UTF-8 ("ѧԺ·"): the code page byte or the rest of the file
 * must decide, never the name alone. */
#include "testing.h"
#include "cli.h"
#include "out.h"

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <cpl_string.h>

/* Writes dir/roads.shp: one 1000 m 商业大街 per name, 500 m apart, in EPSG:32650, text in encoding
 * (a GDAL name); then removes the .cpg and sets the code page byte to ldid. */
static void write_roads(const char *dir, const char *encoding, unsigned char ldid, const char *const *names, int n)
{
    char path[600];
    snprintf(path, sizeof path, "%s/roads.shp", dir);
    GDALDatasetH ds = GDALCreate(GDALGetDriverByName("ESRI Shapefile"), path, 0, 0, 0, GDT_Unknown, NULL);
    assert_non_null(ds);
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(srs, 32650);
    char **lco = CSLSetNameValue(NULL, "ENCODING", encoding);
    OGRLayerH l = GDALDatasetCreateLayer(ds, "roads", srs, wkbLineString, lco);
    CSLDestroy(lco);
    OSRRelease(srs);
    const char *fields[] = {"名称", "等级"}; /* 6 bytes in UTF-8: within the .dbf's 10 */
    for (int i = 0; i < 2; i++) {
        OGRFieldDefnH fd = OGR_Fld_Create(fields[i], OFTString);
        assert_int_equal(OGR_L_CreateField(l, fd, 0), OGRERR_NONE);
        OGR_Fld_Destroy(fd);
    }
    for (int i = 0; i < n; i++) {
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        OGR_F_SetFieldString(f, 0, names[i]);
        OGR_F_SetFieldString(f, 1, "商业大街");
        OGRGeometryH g = OGR_G_CreateGeometry(wkbLineString);
        OGR_G_AddPoint_2D(g, 500000, 3540000 + 500.0 * i);
        OGR_G_AddPoint_2D(g, 501000, 3540000 + 500.0 * i);
        OGR_F_SetGeometryDirectly(f, g);
        assert_int_equal(OGR_L_CreateFeature(l, f), OGRERR_NONE);
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    snprintf(path, sizeof path, "%s/roads.cpg", dir);
    remove(path);
    snprintf(path, sizeof path, "%s/roads.dbf", dir);
    FILE *dbf = fopen(path, "r+b");
    assert_non_null(dbf);
    fseek(dbf, 29, SEEK_SET);
    fputc(ldid, dbf);
    fclose(dbf);
}

/* Runs the roads of dir with the two posters of straight_known_chainages; returns the street names
 * found in stretches.geojson, joined with '|'. */
static char *run_streets(adcov_ctx *ctx, const char *dir, const char *encoding)
{
    char cfg[700], ads[512], out[700];
    snprintf(cfg, sizeof cfg, "%s/city.yaml", dir);
    FILE *f = fopen(cfg, "w");
    assert_non_null(f);
    fprintf(f, "inputs:\n  roads:\n    path: roads.shp\n%s%s%s    fields: { name: 名称, class: 等级 }\n"
               "  ads: { path: %s }\n",
            encoding ? "    encoding: " : "", encoding ? encoding : "", encoding ? "\n" : "",
            fixture(ads, sizeof ads, "straight_known_chainages", "ads.geojson"));
    fclose(f);
    adcov_check_opts o = {.config = cfg};
    int failed = 0;
    adcov_ctx_clear(ctx);
    assert_int_equal(adcov_run_check(ctx, &o, NULL, &failed), ADCOV_OK);
    snprintf(out, sizeof out, "%s/out/stretches.geojson", dir);
    GDALDatasetH ds = GDALOpenEx(out, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    assert_non_null(ds);
    OGRLayerH l = GDALDatasetGetLayer(ds, 0);
    char *names = calloc(1, 1024);
    OGRFeatureH feat;
    while ((feat = OGR_L_GetNextFeature(l))) {
        if (*names)
            strcat(names, "|");
        strcat(names, OGR_F_GetFieldAsString(feat, OGR_F_GetFieldIndex(feat, "street")));
        OGR_F_Destroy(feat);
    }
    GDALClose(ds);
    return names;
}

static const char *scene_dir(adcov_ctx *ctx, char *buf, size_t n, const char *name)
{
    outdir(buf, n, name);
    assert_int_equal(adcov_mkdir_p(ctx, buf), ADCOV_OK);
    return buf;
}

static void code_page_byte_says_gbk(void **state)
{
    char dir[400];
    const char *names[] = {"学院路"}; /* valid UTF-8 by accident: the code page byte 0x4D decides */
    write_roads(scene_dir(*state, dir, sizeof dir, "gbk_ldid"), "CP936", 0x4D, names, 1);
    char *got = run_streets(*state, dir, NULL);
    assert_string_equal(got, "学院路");
    free(got);
}

static void no_code_page_text_not_utf8_is_gbk(void **state)
{
    char dir[400];
    /* no .cpg, code page byte 0: 测试路 (b2e2 cad4 c2b7) is not UTF-8, so the file is GBK, 学院路 too */
    const char *names[] = {"学院路", "测试路"};
    write_roads(scene_dir(*state, dir, sizeof dir, "gbk_guess"), "CP936", 0, names, 2);
    char *got = run_streets(*state, dir, NULL);
    assert_string_equal(got, "学院路|测试路");
    free(got);
}

static void config_encoding_wins(void **state)
{
    char dir[400];
    /* only 学院路, no .cpg, code page byte 0: its bytes are valid UTF-8, nothing in the file says GBK;
     * the config's encoding: GBK does */
    const char *names[] = {"学院路"};
    write_roads(scene_dir(*state, dir, sizeof dir, "gbk_forced"), "CP936", 0, names, 1);
    char *got = run_streets(*state, dir, "GBK");
    assert_string_equal(got, "学院路");
    free(got);
}

static void utf8_without_cpg_stays_utf8(void **state)
{
    char dir[400];
    const char *names[] = {"中山路", "测试路"};
    write_roads(scene_dir(*state, dir, sizeof dir, "utf8_nocpg"), "UTF-8", 0, names, 2);
    char *got = run_streets(*state, dir, NULL);
    assert_string_equal(got, "中山路|测试路");
    free(got);
}

int main(void)
{
    GDALAllRegister();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(code_page_byte_says_gbk, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(no_code_page_text_not_utf8_is_gbk, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(config_encoding_wins, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(utf8_without_cpg_stays_utf8, setup_ctx, teardown_ctx)};
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    GDALDestroyDriverManager();
    return rc;
}
