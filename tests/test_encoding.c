/* Encodings (SPEC §3): Shapefiles whose .dbf is GBK with no .cpg, written here by the test itself with
 * Chinese field names (名称, 等级) and Chinese street names. "学院路" is a GBK name whose bytes
 * (d1a7 d4ba c2b7) also happen to be valid UTF-8 ("ѧԺ·"): the code page byte or the rest of the file
 * must decide, never the name alone. */
#include "testing.h"
#include "cli.h"
#include "encoding.h"
#include "out.h"

#include <iconv.h>

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <cpl_string.h>

/* The roads' field names: Chinese (6 bytes in UTF-8, within the .dbf's 10), ASCII for a Western page. */
static const char *road_fields[2] = {"名称", "等级"};
static const char *road_class = "商业大街"; /* "commercial" under a Western page */

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
    const char *const *fields = road_fields;
    for (int i = 0; i < 2; i++) {
        OGRFieldDefnH fd = OGR_Fld_Create(fields[i], OFTString);
        assert_int_equal(OGR_L_CreateField(l, fd, 0), OGRERR_NONE);
        OGR_Fld_Destroy(fd);
    }
    for (int i = 0; i < n; i++) {
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        OGR_F_SetFieldString(f, 0, names[i]);
        OGR_F_SetFieldString(f, 1, road_class);
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
    fprintf(f, "inputs:\n  roads:\n    path: roads.shp\n%s%s%s    fields: { name: %s, class: %s }\n"
               "  ads: { path: %s }\n",
            encoding ? "    encoding: " : "", encoding ? encoding : "", encoding ? "\n" : "", road_fields[0], road_fields[1],
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

/* One shapefile scene: its street names written in `written` (a GDAL encoding), the code page byte set to
 * ldid and no .cpg; run with the config's encoding `forced` (NULL: none); the street names expected in
 * stretches.geojson, as it sorts them (by their UTF-8 bytes), joined with '|'. */
typedef struct {
    const char *scene, *written;
    unsigned char ldid;
    const char *names[3];
    const char *forced, *want;
} dbf_scene;

static void expect_streets(void **state, const dbf_scene *sc)
{
    char dir[400];
    int n = 0;
    while (n < 3 && sc->names[n])
        n++;
    int western = !strcmp(sc->written, "CP1252"); /* Chinese field names and classes cannot be written */
    road_fields[0] = western ? "name" : "名称", road_fields[1] = western ? "class" : "等级";
    road_class = western ? "commercial" : "商业大街";
    write_roads(scene_dir(*state, dir, sizeof dir, sc->scene), sc->written, sc->ldid, sc->names, n);
    char *got = run_streets(*state, dir, sc->forced);
    road_fields[0] = "名称", road_fields[1] = "等级", road_class = "商业大街";
    assert_string_equal(got, sc->want);
    free(got);
}

/* 学院路 is valid UTF-8 by accident: the code page byte 0x4D (GBK) decides. */
static void code_page_byte_says_gbk(void **state)
{
    static const dbf_scene sc = {"gbk_ldid", "CP936", 0x4D, {"学院路"}, NULL, "学院路"};
    expect_streets(state, &sc);
}

/* No .cpg, code page byte 0: 测试路 (b2e2 cad4 c2b7) is not UTF-8, so the file is GBK, 学院路 too. */
static void no_code_page_text_not_utf8_is_gbk(void **state)
{
    static const dbf_scene sc = {"gbk_guess", "CP936", 0, {"学院路", "测试路"}, NULL, "学院路|测试路"};
    expect_streets(state, &sc);
}

/* Only 学院路, no .cpg, code page byte 0: the config's encoding: GBK settles it. */
static void config_encoding_wins(void **state)
{
    static const dbf_scene sc = {"gbk_forced", "CP936", 0, {"学院路"}, "GBK", "学院路"};
    expect_streets(state, &sc);
}

static void utf8_without_cpg_stays_utf8(void **state)
{
    static const dbf_scene sc = {"utf8_nocpg", "UTF-8", 0, {"中山路", "测试路"}, NULL, "中山路|测试路"};
    expect_streets(state, &sc);
}

/* Chinese desktop GIS exports: code page byte 0x57 ("ANSI", Western) while the text is GBK. 爱国道 in GBK
 * (b0ae b9fa b5c0) is also valid Latin-1 ("°®¹úµÀ"): GDAL would decode it so. */
static void ansi_byte_gbk_text_is_gbk(void **state)
{
    static const dbf_scene sc = {"gbk_ansi", "CP936", 0x57, {"爱国道", "学院路"}, NULL, "学院路|爱国道"};
    expect_streets(state, &sc);
}

/* 学院路 alone under 0x57: its bytes are valid UTF-8 too ("ѧԺ·", Cyrillic, Armenian and a dot that make no
 * word), and valid Latin-1: the three common hanzi of GB2312 level 1 are the plausible reading. */
static void ansi_byte_gbk_that_is_valid_utf8(void **state)
{
    static const dbf_scene sc = {"gbk_ansi_utf8", "CP936", 0x57, {"学院路"}, NULL, "学院路"};
    expect_streets(state, &sc);
}

/* True Latin-1 under 0x57 stays Latin-1: Zürich (ü then r) and Crème (è then m) pair a high byte with an
 * ASCII letter, which GBK reads only as rare extension characters. */
static void ansi_byte_latin_text_stays_latin(void **state)
{
    static const dbf_scene sc = {"latin_ansi", "CP1252", 0x57, {"Zürich Straße", "Crème Brûlée Rd", "Main St"}, NULL,
                                 "Crème Brûlée Rd|Main St|Zürich Straße"};
    expect_streets(state, &sc);
}

/* UTF-8 text under a Western byte (a .dbf written by a UTF-8 tool that left the byte) stays UTF-8; pure
 * ASCII is ASCII whatever the byte says. */
static void ansi_byte_utf8_and_ascii(void **state)
{
    static const dbf_scene utf8 = {"utf8_ansi", "UTF-8", 0x57, {"中山路", "Zürich"}, NULL, "Zürich|中山路"};
    static const dbf_scene ascii = {"ascii_ansi", "CP1252", 0x03, {"Main St"}, NULL, "Main St"};
    expect_streets(state, &utf8);
    expect_streets(state, &ascii);
}

/* The judge itself on short texts: each verdict and why. */
static void text_guess_verdicts(void **state)
{
    (void)state;
    const struct {
        const char *bytes;
        adcov_text_kind want;
    } cases[] = {
        {"Main St", ADCOV_TEXT_ASCII},
        {"\xb0\xae\xb9\xfa\xb5\xc0", ADCOV_TEXT_GBK},   /* 爱国道 in GBK */
        {"\xd1\xa7\xd4\xba\xc2\xb7", ADCOV_TEXT_GBK},   /* 学院路 in GBK, valid UTF-8 too */
        {"Z\xfcrich", ADCOV_TEXT_LATIN},                    /* Latin-1: ü then r is GBK only as a rare pair */
        {"Cr\xe8me", ADCOV_TEXT_LATIN},
        {"Z\xc3\xbcrich", ADCOV_TEXT_UTF8},                 /* UTF-8 ü inside a word */
        {"\xe6\x96\x87\xe4\xbb\xb6", ADCOV_TEXT_UTF8},   /* 文件 in UTF-8 (in GBK it would be 鏂囦欢) */
        {"\xe4\xb8\xad\xe5\xb1\xb1\xe8\xb7\xaf", ADCOV_TEXT_UTF8}, /* 中山路 */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        adcov_text_kind got = adcov_text_guess((const unsigned char *)cases[i].bytes, strlen(cases[i].bytes));
        if (got != cases[i].want)
            fail_msg("case %zu: got %d, want %d", i, (int)got, (int)cases[i].want);
    }
}

/* Writes text (UTF-8) to path in encoding `to`. */
static void write_in(const char *path, const char *text, const char *to)
{
    iconv_t cd = iconv_open(to, "UTF-8");
    assert_true(cd != (iconv_t)-1);
    size_t il = strlen(text), ol = il * 2 + 16;
    char *buf = malloc(ol), *ip = (char *)text, *op = buf;
    assert_true(iconv(cd, &ip, &il, &op, &ol) != (size_t)-1);
    iconv_close(cd);
    FILE *f = fopen(path, "wb");
    fwrite(buf, 1, (size_t)(op - buf), f);
    fclose(f);
    free(buf);
}

/* A KML from a phone app that declares GB2312 (GDAL's XML reader takes no GB2312) and a CSV saved by
 * Excel on Chinese Windows (GBK, no BOM): both read, their Chinese values matched to the vocabularies.
 * The ads of straight_known_chainages (A1 at chainage 100, A2 at 900, both 10 m off): with fixed
 * windows [0,500] sees A1 and [500,1000] sees A2, so street.commercial passes only if both ads count,
 * which needs 公益/海报/讲文明树新风/完好 read right. */
static void gbk_kml_and_csv(void **state)
{
    char dir[400], path[600], roads[512], cfg[700];
    scene_dir(*state, dir, sizeof dir, "gbk_kml_csv");
    fixture(roads, sizeof roads, "straight_known_chainages", "roads.geojson");
    const char *props = "<ExtendedData><Data name=\"kind\"><value>公益</value></Data><Data name=\"medium\"><value>海报</value>"
                        "</Data><Data name=\"theme\"><value>讲文明树新风</value></Data><Data name=\"condition\"><value>完好"
                        "</value></Data></ExtendedData>";
    char kml[4096];
    snprintf(kml, sizeof kml, "<?xml version=\"1.0\" encoding=\"GB2312\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\">"
             "<Document><name>采集</name><Placemark><name>甲1</name>%s<Point><coordinates>500100,3540010</coordinates>"
             "</Point></Placemark><Placemark><name>甲2</name>%s<Point><coordinates>500900,3540010</coordinates></Point>"
             "</Placemark></Document></kml>\n", props, props);
    snprintf(path, sizeof path, "%s/ads.kml", dir);
    write_in(path, kml, "GB18030");
    snprintf(path, sizeof path, "%s/ads.csv", dir);
    write_in(path, "编号,x,y,类型,载体,主题,状况\r\n乙1,500100,3540010,公益,海报,讲文明树新风,完好\r\n"
                   "乙2,500900,3540010,公益,海报,讲文明树新风,完好\r\n", "GBK");
    const char *ads[] = {"{ path: ads.kml, crs: \"EPSG:32650\", fields: { id: Name } }",
                         "{ path: ads.csv, x: x, y: y, crs: \"EPSG:32650\", fields: { id: 编号, kind: 类型, medium: 载体, "
                         "theme: 主题, condition: 状况 } }"};
    for (int i = 0; i < 2; i++) {
        snprintf(cfg, sizeof cfg, "%s/city%d.yaml", dir, i);
        FILE *f = fopen(cfg, "w");
        fprintf(f, "inputs:\n  roads: { path: %s, classes: { 商业大街: commercial } }\n  ads: %s\n", roads, ads[i]);
        fclose(f);
        snprintf(path, sizeof path, "%s/out%d", dir, i);
        adcov_check_opts o = {.config = cfg, .output = path, .only = "street.commercial",
                              .sets = {"street.commercial.windows=fixed"}, .nsets = 1};
        int failed = -1;
        adcov_ctx_clear(*state);
        adcov_status st = adcov_run_check(*state, &o, NULL, &failed);
        if (st)
            fail_msg("%s", adcov_ctx_message(*state));
        assert_int_equal(failed, 0);
    }
}

int main(void)
{
    GDALAllRegister();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(code_page_byte_says_gbk, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(no_code_page_text_not_utf8_is_gbk, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(config_encoding_wins, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(utf8_without_cpg_stays_utf8, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(ansi_byte_gbk_text_is_gbk, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(ansi_byte_gbk_that_is_valid_utf8, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(ansi_byte_latin_text_stays_latin, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(ansi_byte_utf8_and_ascii, setup_ctx, teardown_ctx),
        cmocka_unit_test(text_guess_verdicts),
        cmocka_unit_test_setup_teardown(gbk_kml_and_csv, setup_ctx, teardown_ctx)};
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    GDALDestroyDriverManager();
    return rc;
}
