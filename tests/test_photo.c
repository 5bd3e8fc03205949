/* Photos (SPEC §14): geo/photo on photos the tests make (EXIF written byte by byte, JPEG and PNG), the
 * opening rules for untrusted paths, and a scene whose photo issues, evidence pages and report photos
 * were worked out by hand. */
#define _GNU_SOURCE /* memmem */
#include "scene.h"
#include "photo_make.h"
#include "photos.h"
#include "report.h"
#include "cli.h"

#include <fcntl.h>
#include <gdal.h>
#include <math.h>
#include <ogr_srs_api.h>
#include <sys/stat.h>
#include <unistd.h>

static adcov_photo_why info_of(const unsigned char *data, size_t n, adcov_photo_info *info)
{
    char detail[96];
    return adcov_photo_parse_info(data, n, info, detail, sizeof detail);
}

/* DateTimeOriginal, GPS as degrees, minutes and seconds, and the orientation, as written. */
static void reads_exif_time_gps_and_orientation(void **state)
{
    (void)state;
    exif_spec e = {.time = "2026:06:01 10:20:30", .orientation = 6, .gps = 1, .lon = 118.75, .lat = -30.253472222};
    size_t n;
    unsigned char *j = make_jpeg(64, 48, &e, &n);
    adcov_photo_info info;
    assert_int_equal(info_of(j, n, &info), ADCOV_PHOTO_OK);
    assert_int_equal(info.format, ADCOV_PHOTO_JPEG);
    assert_int_equal(info.width, 64);
    assert_int_equal(info.height, 48);
    assert_int_equal(info.orientation, 6);
    assert_true(info.has_time);
    assert_int_equal(info.year, 2026);
    assert_int_equal(info.month, 6);
    assert_int_equal(info.day, 1);
    assert_int_equal(info.hour * 10000 + info.minute * 100 + info.second, 102030);
    assert_true(info.has_gps);
    /* 118° 45' 0" E; 30° 15' 12.5" S = -(30 + 15/60 + 12.5/3600), seconds kept to 1/10000 */
    ASSERT_NEAR(info.lon, 118.75, 1e-8);
    ASSERT_NEAR(info.lat, -(30 + 15 / 60.0 + 12.5 / 3600), 1e-7);
    free(j);
}

/* An EXIF IFD offset that points past the block: no time, no crash, the rest still read. */
static void lying_exif_offsets_are_no_exif(void **state)
{
    (void)state;
    unsigned lies[] = {0xFFFFFF00u, 6, 9, 40};
    for (size_t i = 0; i < sizeof lies / sizeof lies[0]; i++) {
        exif_spec e = {.time = "2026:06:01 10:20:30", .lie = lies[i]};
        size_t n;
        unsigned char *j = make_jpeg(32, 32, &e, &n);
        adcov_photo_info info;
        assert_int_equal(info_of(j, n, &info), ADCOV_PHOTO_OK);
        assert_false(info.has_time);
        assert_int_equal(info.width, 32);
        free(j);
    }
}

/* A 1600 × 1200 JPEG wanted at 400 px is decoded at 1/4 (400 × 300); stored on its side (orientation 6,
 * turn 90° clockwise) it comes out 300 × 400 with the stored bottom-left (blue) quarter at the top left. */
static void decodes_at_a_reduced_scale_upright(void **state)
{
    (void)state;
    exif_spec e = {.time = "2026:06:01 10:20:30", .orientation = 6};
    size_t n;
    unsigned char *j = make_jpeg(1600, 1200, NULL, &n);
    adcov_image img;
    char detail[96] = "";
    assert_int_equal(adcov_photo_decode(j, n, 400, 1000, &img, detail, sizeof detail), ADCOV_PHOTO_OK);
    assert_int_equal(img.w, 400);
    assert_int_equal(img.h, 300);
    assert_true(img.rgb[0] > 200 && img.rgb[1] < 50 && img.rgb[2] < 50); /* red at the top left */
    adcov_image_free(&img);
    free(j);
    j = make_jpeg(1600, 1200, &e, &n);
    assert_int_equal(adcov_photo_decode(j, n, 400, 1000, &img, detail, sizeof detail), ADCOV_PHOTO_OK);
    assert_int_equal(img.w, 300);
    assert_int_equal(img.h, 400);
    assert_true(img.rgb[2] > 200 && img.rgb[0] < 50); /* blue at the top left */
    const unsigned char *tr = img.rgb + (size_t)(img.w - 1) * 3;
    assert_true(tr[0] > 200 && tr[1] < 50); /* red at the top right */
    adcov_image_free(&img);
    /* fitted into 120 px: 90 × 120 */
    assert_int_equal(adcov_photo_decode(j, n, 400, 120, &img, detail, sizeof detail), ADCOV_PHOTO_OK);
    assert_int_equal(img.w, 90);
    assert_int_equal(img.h, 120);
    adcov_image_free(&img);
    free(j);
}

/* Cut short in its picture data: the header still reads, decoding says it is truncated. */
static void a_truncated_jpeg_is_unreadable(void **state)
{
    (void)state;
    size_t n;
    unsigned char *j = make_jpeg(800, 600, NULL, &n);
    adcov_photo_info info;
    assert_int_equal(info_of(j, n / 2, &info), ADCOV_PHOTO_OK);
    adcov_image img;
    char detail[96] = "";
    assert_int_equal(adcov_photo_decode(j, n / 2, 100, 100, &img, detail, sizeof detail), ADCOV_PHOTO_UNREADABLE);
    assert_non_null(strstr(detail, "truncated"));
    assert_null(img.rgb);
    assert_int_equal(info_of(j, 100, &info), ADCOV_PHOTO_UNREADABLE); /* cut inside its header */
    assert_int_equal(info_of((const unsigned char *)"GIF89a", 6, &info), ADCOV_PHOTO_UNREADABLE);
    assert_int_equal(info_of(NULL, 0, &info), ADCOV_PHOTO_UNREADABLE);
    free(j);
}

static void half_transparent(unsigned x, unsigned y, unsigned char *rgba)
{
    /* the left half black and opaque, the right half black and wholly transparent (white on white) */
    (void)y;
    rgba[0] = rgba[1] = rgba[2] = 0;
    rgba[3] = x < 2 ? 255 : 0;
}

static void reads_png(void **state)
{
    (void)state;
    char dir[512], path[600];
    outdir(dir, sizeof dir, "photo_png");
    mkdir(dir, 0777);
    snprintf(path, sizeof path, "%s/p.png", dir);
    save_png(path, 4, 2, half_transparent);
    adcov_photo_why why;
    int fd = adcov_photo_open(dir, "p.png", &why);
    assert_true(fd >= 0);
    unsigned char *data;
    size_t n;
    char detail[96];
    assert_int_equal(adcov_photo_load(fd, &data, &n, detail, sizeof detail), ADCOV_PHOTO_OK);
    close(fd);
    adcov_image img;
    /* wanted at 1 px: averaged 4 × 4 blocks: one pixel of 2 black and 2 white pixels per row = 127.5 */
    assert_int_equal(adcov_photo_decode(data, n, 1, 10, &img, detail, sizeof detail), ADCOV_PHOTO_OK);
    assert_int_equal(img.w, 1);
    assert_int_equal(img.h, 1);
    assert_true(img.rgb[0] == 127 || img.rgb[0] == 128);
    adcov_image_free(&img);
    free(data);
    /* a PNG declaring 100,000 × 100,000 pixels: its header reads, it is never decoded */
    snprintf(path, sizeof path, "%s/bomb.png", dir);
    save_png_bomb(path, 100000, 100000);
    fd = adcov_photo_open(dir, "bomb.png", &why);
    adcov_photo_info info;
    assert_int_equal(adcov_photo_read_info(fd, &info, detail, sizeof detail), ADCOV_PHOTO_OK);
    assert_int_equal(info.width, 100000);
    assert_int_equal(adcov_photo_load(fd, &data, &n, detail, sizeof detail), ADCOV_PHOTO_OK);
    close(fd);
    assert_int_equal(adcov_photo_decode(data, n, 400, 400, &img, detail, sizeof detail), ADCOV_PHOTO_UNREADABLE);
    assert_non_null(strstr(detail, "too many pixels"));
    free(data);
}

/* Paths from an inventory: never above the folder, never through a link, only regular files. */
static void opens_only_below_the_folder(void **state)
{
    (void)state;
    char dir[512], path[2200];
    outdir(dir, sizeof dir, "photo_open");
    snprintf(path, sizeof path, "rm -rf '%s' && mkdir -p '%s/sub/deeper' '%s/dir.jpg'", dir, dir, dir);
    assert_int_equal(system(path), 0);
    snprintf(path, sizeof path, "%s/sub/deeper/a.jpg", dir);
    save_jpeg(path, 8, 8, NULL);
    snprintf(path, sizeof path, "%s/link.jpg", dir);
    assert_int_equal(symlink("sub/deeper/a.jpg", path), 0);
    snprintf(path, sizeof path, "%s/linkdir", dir);
    assert_int_equal(symlink("sub", path), 0);
    snprintf(path, sizeof path, "%s/fifo.jpg", dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    struct { const char *rel; adcov_photo_why why; } cases[] = {
        {"sub/deeper/a.jpg", ADCOV_PHOTO_OK},        {"sub\\deeper\\a.jpg", ADCOV_PHOTO_OK},
        {"./sub/./deeper//a.jpg", ADCOV_PHOTO_OK},   {"sub/../sub/deeper/a.jpg", ADCOV_PHOTO_OUTSIDE},
        {"../../etc/passwd", ADCOV_PHOTO_OUTSIDE},   {"/etc/passwd", ADCOV_PHOTO_OUTSIDE},
        {"C:\\photos\\a.jpg", ADCOV_PHOTO_OUTSIDE},  {"link.jpg", ADCOV_PHOTO_LINK},
        {"linkdir/deeper/a.jpg", ADCOV_PHOTO_LINK},  {"dir.jpg", ADCOV_PHOTO_NOT_FILE},
        {"fifo.jpg", ADCOV_PHOTO_NOT_FILE},          {"sub/none.jpg", ADCOV_PHOTO_MISSING},
        {"", ADCOV_PHOTO_MISSING},                   {"sub/deeper/a.jpg/x", ADCOV_PHOTO_NOT_FILE}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        adcov_photo_why why;
        int fd = adcov_photo_open(dir, cases[i].rel, &why);
        if (why != cases[i].why)
            fail_msg("%s: %d, not %d", cases[i].rel, why, cases[i].why);
        assert_int_equal(fd >= 0, cases[i].why == ADCOV_PHOTO_OK);
        if (fd >= 0)
            close(fd);
    }
}

static void reads_dates_as_planners_write_them(void **state)
{
    (void)state;
    struct { const char *text; int ok, y, m, d; } cases[] = {
        {"2025-06-01", 1, 2025, 6, 1},       {"2025/6/1 10:00", 1, 2025, 6, 1}, {"2025.06.01", 1, 2025, 6, 1},
        {"2025年6月1日", 1, 2025, 6, 1},     {"20250601", 1, 2025, 6, 1},       {"2025:06:01 08:00:00", 1, 2025, 6, 1},
        {" 2024-02-29", 1, 2024, 2, 29},     {"2025-02-29", 0, 0, 0, 0},        {"2025-13-01", 0, 0, 0, 0},
        {"六月", 0, 0, 0, 0},                {"45000", 0, 0, 0, 0},             {"", 0, 0, 0, 0},
        {"2025-06-01x", 0, 0, 0, 0}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int y = 0, m = 0, d = 0;
        assert_int_equal(adcov_parse_date(cases[i].text, &y, &m, &d), cases[i].ok);
        if (cases[i].ok)
            assert_int_equal(y * 10000 + m * 100 + d, cases[i].y * 10000 + cases[i].m * 100 + cases[i].d);
    }
    assert_int_equal(adcov_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(adcov_days_from_civil(2026, 12, 3) - adcov_days_from_civil(2025, 12, 3), 365);
}

/* ---- the scene ---- */

/* The lon/lat of the scene point (x, y) (metres from the scene's origin in UTM 50N). */
static void lonlat(double x, double y, double *lon, double *lat)
{
    OGRSpatialReferenceH utm = OSRNewSpatialReference(NULL), wgs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(utm, 32650);
    OSRImportFromEPSG(wgs, 4326);
    OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);
    OGRCoordinateTransformationH ct = OCTNewCoordinateTransformation(utm, wgs);
    double px = 500000 + x, py = 3540000 + y;
    assert_true(OCTTransform(ct, 1, &px, &py, NULL));
    *lon = px, *lat = py;
    OCTDestroyCoordinateTransformation(ct);
    OSRRelease(utm);
    OSRRelease(wgs);
}

static void photo_at(const char *dir, const char *name, const char *time, double gx, double gy)
{
    char path[700];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    exif_spec e = {.time = time, .gps = 1};
    lonlat(gx, gy, &e.lon, &e.lat);
    save_jpeg(path, 640, 480, &e);
}

#define PHOTO_RULES                                                                                         \
    SCENE_PARAMS "  - id: street.commercial\n    type: street\n    classes: [commercial]\n    window_m: 500\n" \
                 "    quotas: [ { count: 1 } ]\n" SCENE_SOURCE                                                \
                 "  - id: stop.count\n    type: near_point\n    sites: [busstop]\n    radius_m: 20\n"         \
                 "    quotas: [ { count: 2 } ]\n" SCENE_SOURCE

static const char *PHOTO_CONFIG = "inputs:\n  roads: { path: roads.geojson }\n"
                                  "  ads: { path: ads.geojson, photos: photos }\n"
                                  "  bus_stops: { path: stops.geojson, photos: stop_photos }\n";

#define AD(id, cond) "\"id\": \"" id "\", \"kind\": \"公益\", \"medium\": \"海报\", \"theme\": \"讲文明树新风\", \"condition\": \"" cond "\""

/* A 400 m commercial street with PSAs 10 m either side (posters, seen 50 m: from x - 49 to x + 49 of
 * the centre line), the run on 2026-12-03, so that a photo taken before 2025-12-03 is old. */
static void make_scene(scene *s)
{
    scene_begin(s, "photo_scene");
    char cmd[2400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s/photos' '%s/stop_photos' && mkdir -p '%s/photos/A12.jpg' '%s/stop_photos'",
             s->dir, s->dir, s->dir, s->dir);
    assert_int_equal(system(cmd), 0);
    scene_feature roads[] = {{"LINESTRING (0 0, 400 0)", "\"name\": \"甲路\", \"class\": \"commercial\""}};
    scene_feature ads[] = {
        {"POINT (50 10)", AD("A1", "完好")},  {"POINT (150 10)", AD("A2", "完好")},
        {"POINT (250 10)", AD("A3", "完好")}, {"POINT (350 10)", AD("A4", "完好")},
        {"POINT (380 10)", AD("A5", "完好")},
        {"POINT (60 -10)", AD("A6", "完好") ", \"photo\": \"../../etc/passwd\""},
        {"POINT (160 -10)", AD("A7", "完好") ", \"photo\": \"photos/link.jpg\""},
        {"POINT (260 -10)", AD("A8", "破损")},
        {"POINT (360 -10)", AD("A9", "褪色") ", \"photo\": \"photos\\\\A9.png\""},
        {"POINT (100 -10)", AD("A10", "完好") ", \"photo_time\": \"2026年5月1日\""},
        {"POINT (200 -10)", AD("A11", "完好")},
        {"POINT (300 -10)", AD("A12", "完好")}};
    scene_feature stops[] = {{"POINT (200 -300)", "\"id\": \"S1\", \"name\": \"站1\""}};
    scene_layer(s, "roads", roads, 1);
    scene_layer(s, "ads", ads, sizeof ads / sizeof ads[0]);
    scene_layer(s, "stops", stops, 1);
    char dir[700];
    snprintf(dir, sizeof dir, "%s/photos", s->dir);
    photo_at(dir, "A1.jpg", "2026:06:01 10:00:00", 50 + 49, 10);  /* GPS 49 m off: within 50 */
    photo_at(dir, "A2.jpg", "2026:06:01 10:00:00", 150 + 51, 10); /* 51 m: far */
    photo_at(dir, "A3.jpg", "2025:12:02 23:59:59", 250, 10);      /* the day before the cutoff: old */
    photo_at(dir, "A4.jpg", "2025:12:03 00:00:00", 350, 10);      /* the cutoff itself: not old */
    photo_at(dir, "A8.jpg", "2026:06:01 10:00:00", 260, -10);     /* cut short below */
    char path[800];
    snprintf(path, sizeof path, "%s/A8.jpg", dir);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(truncate(path, st.st_size / 2), 0);
    snprintf(path, sizeof path, "%s/A9.png", dir);
    save_png_bomb(path, 100000, 100000);
    snprintf(path, sizeof path, "%s/A10.jpg", dir);
    save_jpeg(path, 64, 48, NULL); /* no EXIF: its time is the photo_time field's */
    snprintf(path, sizeof path, "%s/A11.jpg", dir);
    save_jpeg(path, 64, 48, NULL); /* neither */
    snprintf(path, sizeof path, "%s/link.jpg", dir);
    assert_int_equal(symlink("A1.jpg", path), 0);
    snprintf(dir, sizeof dir, "%s/stop_photos", s->dir);
    photo_at(dir, "S1.JPG", "2026:11:01 09:00:00", 200, -300);
}

static const adcov_photo_row *photo_of(const scene *s, const char *id)
{
    return adcov_result_photo(s->res, ADCOV_ROLE_ADS, scene_ad(s, id)->fid_index);
}

static size_t slurped; /* the length of what slurp read last (a PDF holds NUL bytes) */

static size_t count_in(const char *text, size_t len, const char *what)
{
    size_t n = 0, k = strlen(what);
    for (const char *p = text, *end = text + len; (p = memmem(p, (size_t)(end - p), what, k)); p += k)
        n++;
    return n;
}

static size_t count(const char *text, const char *what) { return count_in(text, strlen(text), what); }

static char *slurp(const char *dir, const char *name) { return slurp_output(dir, name, &slurped); }

/* evidence.pdf has this many pages and JPEG pictures, report.html this many embedded JPEGs. */
static void assert_pictures(const char *dir, size_t pages, size_t pdf_jpegs, size_t html_jpegs)
{
    char *pdf = slurp(dir, "evidence.pdf");
    assert_int_equal(count_in(pdf, slurped, "/Type /Page") - count_in(pdf, slurped, "/Type /Pages"), pages);
    assert_int_equal(count_in(pdf, slurped, "/DCTDecode"), pdf_jpegs);
    free(pdf);
    char *html = slurp(dir, "report.html");
    assert_int_equal(count(html, "data:image/jpeg;base64,"), html_jpegs);
    free(html);
}

static void checks_and_shows_the_photos(void **state)
{
    scene s;
    make_scene(&s);
    char path[600];
    snprintf(path, sizeof path, "%s/city.yaml", s.dir);
    assert_int_equal(adcov_config_parse(*state, path, PHOTO_CONFIG, &s.cfg), ADCOV_OK);
    s.cfg->today = adcov_days_from_civil(2026, 12, 3);
    assert_int_equal(adcov_rulebook_parse(*state, "scene-rules.yaml", PHOTO_RULES, &s.rb), ADCOV_OK);
    adcov_status st = adcov_check(*state, s.cfg, s.rb, ADCOV_DAILY, 0, NULL, NULL, &s.res);
    if (st)
        fail_msg("%s", adcov_ctx_message(*state));
    assert_int_equal(adcov_campaign_build(*state, s.res, s.rb, ADCOV_DAILY, &(adcov_campaign_opts){0}, NULL, 0), ADCOV_OK);
    assert_int_equal(s.res->nphotos, 13); /* 12 ads and the stop */
    ASSERT_NEAR(photo_of(&s, "A1")->offset_m, 49, 0.01);
    assert_int_equal(photo_of(&s, "A1")->issues, 0);
    ASSERT_NEAR(photo_of(&s, "A2")->offset_m, 51, 0.01);
    assert_int_equal(photo_of(&s, "A2")->issues, ADCOV_PHOTO_ISSUE_FAR);
    assert_int_equal(photo_of(&s, "A3")->issues, ADCOV_PHOTO_ISSUE_OLD);
    assert_int_equal(photo_of(&s, "A4")->issues, 0);
    assert_int_equal(photo_of(&s, "A5")->issues, ADCOV_PHOTO_ISSUE_MISSING);
    assert_int_equal(photo_of(&s, "A6")->issues, ADCOV_PHOTO_ISSUE_OUTSIDE);
    assert_int_equal(photo_of(&s, "A7")->issues, ADCOV_PHOTO_ISSUE_OUTSIDE);
    assert_int_equal(photo_of(&s, "A8")->issues, ADCOV_PHOTO_ISSUE_UNREADABLE); /* decoded: shown (破损) */
    assert_int_equal(photo_of(&s, "A9")->issues, ADCOV_PHOTO_ISSUE_UNREADABLE | ADCOV_PHOTO_ISSUE_NO_TIME);
    assert_int_equal(photo_of(&s, "A10")->issues, 0);
    assert_string_equal(photo_of(&s, "A10")->taken, "2026-05-01");
    assert_int_equal(photo_of(&s, "A11")->issues, ADCOV_PHOTO_ISSUE_NO_TIME);
    assert_int_equal(photo_of(&s, "A12")->issues, ADCOV_PHOTO_ISSUE_UNREADABLE); /* a folder */
    /* the passing street's 处 in walk order (first seen at x - 49): A1 1, A6 11, A10 51, A2 101, A7 111 (22.4 m
     * from A2), A11 151, A3 201, A12 251, A4 301, A5 331; A8 and A9 are not good, so count for nothing */
    const adcov_street_result *sr = &s.res->results[0];
    assert_true(sr->pass);
    const char *walk[] = {"A1", "A6", "A10", "A2", "A7", "A11", "A3", "A12", "A4", "A5"};
    assert_int_equal(sr->ncounted, 10);
    for (size_t i = 0; i < 10; i++)
        assert_string_equal(s.res->ads[sr->counted[i]].id, walk[i]);
    /* decoded: what counted there and has a picture (A1, A10, A2, A11, A3, A4), and the failing stop */
    for (size_t i = 0; i < 10; i++) {
        const adcov_photo_row *p = photo_of(&s, walk[i]);
        assert_int_equal(p->thumb != NULL, !(p->issues & (ADCOV_PHOTO_ISSUE_MISSING | ADCOV_PHOTO_ISSUE_OUTSIDE |
                                                          ADCOV_PHOTO_ISSUE_UNREADABLE)));
    }
    const adcov_photo_row *stop = adcov_photos_of_site(s.res, scene_site(&s, "stop.count", "S1"));
    assert_non_null(stop);
    assert_non_null(stop->thumb);
    assert_int_equal(stop->thumb_w, 120); /* 640 × 480 fitted into 120 px */
    assert_int_equal(stop->thumb_h, 90);
    assert_int_equal(stop->large_w, 400); /* decoded at 1/1, 640 ≥ 400 but 320 < 400 at 1/2 */

    snprintf(path, sizeof path, "%s/out", s.dir);
    adcov_report_opts opts = {.lang = ADCOV_LANG_ZH};
    assert_int_equal(adcov_report_write(*state, s.res, s.rb, s.cfg, ADCOV_DAILY, path, &opts), ADCOV_OK);
    char *csv = slurp(path, "photo_issues.csv");
    assert_string_equal(csv, "\xEF\xBB\xBFissue,layer,source,fid,id,photo,taken,offset_m,detail\r\n"
                             "far,ads,ads.geojson:ads,1,A2,A2.jpg,2026-06-01 10:00:00,51.0,\r\n"
                             "old,ads,ads.geojson:ads,2,A3,A3.jpg,2025-12-02 23:59:59,0.0,\r\n"
                             "missing,ads,ads.geojson:ads,4,A5,,,,no photo given\r\n"
                             "outside,ads,ads.geojson:ads,5,A6,../../etc/passwd,,,"
                             "outside the inventory's folder (write the path from that folder)\r\n"
                             "outside,ads,ads.geojson:ads,6,A7,photos/link.jpg,,,a symbolic link (not followed)\r\n"
                             "unreadable,ads,ads.geojson:ads,7,A8,A8.jpg,2026-06-01 10:00:00,0.0,"
                             "truncated: the picture data ends early\r\n"
                             "unreadable,ads,ads.geojson:ads,8,A9,photos\\A9.png,,,declares too many pixels to decode\r\n"
                             "no_time,ads,ads.geojson:ads,8,A9,photos\\A9.png,,,\r\n"
                             "no_time,ads,ads.geojson:ads,10,A11,A11.jpg,,,\r\n"
                             "unreadable,ads,ads.geojson:ads,11,A12,A12.jpg,,,not a file\r\n");
    free(csv);
    /* evidence.pdf: the cover and one page, the street's, its six pictures embedded as JPEG; report.html:
     * the failing stop's photo, the two ads to rectify having none that can be shown */
    assert_pictures(path, 2, 6, 1);
    char *html = slurp(path, "report.html");
    assert_non_null(strstr(html, "照片无法读取"));
    free(html);
    char *rect = slurp(path, "rectification.csv");
    assert_non_null(strstr(rect, ",问题编号,照片\r\n"));
    assert_non_null(strstr(rect, ",ad/A8,A8.jpg\r\n"));
    free(rect);
    scene_end(&s);
}

/* Without photos: no photo column, no evidence pack, no photo_issues.csv (a leftover one removed). */
static void no_photos_no_photo_outputs(void **state)
{
    scene s;
    scene_begin(&s, "photo_none");
    scene_feature roads[] = {{"LINESTRING (0 0, 400 0)", "\"name\": \"甲路\", \"class\": \"commercial\""}};
    scene_feature ads[] = {{"POINT (50 10)", AD("A1", "破损")}};
    scene_layer(&s, "roads", roads, 1);
    scene_layer(&s, "ads", ads, 1);
    assert_int_equal(scene_check(*state, &s, "inputs:\n  roads: { path: roads.geojson }\n  ads: { path: ads.geojson }\n",
                                 PHOTO_RULES, "street.commercial", ADCOV_DAILY), ADCOV_OK);
    assert_int_equal(s.res->nphotos, 0);
    char out[600], path[700];
    snprintf(out, sizeof out, "%s/out", s.dir);
    mkdir(out, 0777);
    snprintf(path, sizeof path, "%s/photo_issues.csv", out);
    write_file(path, (const unsigned char *)"old", 3);
    adcov_report_opts opts = {.lang = ADCOV_LANG_ZH};
    assert_int_equal(adcov_report_write(*state, s.res, s.rb, s.cfg, ADCOV_DAILY, out, &opts), ADCOV_OK);
    assert_int_equal(access(path, F_OK), -1);
    snprintf(path, sizeof path, "%s/evidence.pdf", out);
    assert_int_equal(access(path, F_OK), -1);
    char *rect = slurp(out, "rectification.csv");
    assert_non_null(strstr(rect, ",问题编号\r\n"));
    free(rect);
    scene_end(&s);
}

/* fixtures/photo_evidence (its city.yaml works the answer out) through the CLI's run, as a planner runs it:
 * the three photo issues, the evidence page of the passing street with its two pictures, the failing stop's
 * PNG shown in report.html, the photo column of the rectification list. */
static void the_photo_fixture(void **state)
{
    char cfg[512], out[512];
    fixture(cfg, sizeof cfg, "photo_evidence", "city.yaml");
    outdir(out, sizeof out, "photo_evidence");
    adcov_check_opts o = {.config = cfg, .output = out, .date = "2026-12-03"};
    int failed = 0;
    adcov_ctx_set_logger(*state, NULL, NULL, ADCOV_LOG_ERROR);
    assert_int_equal(adcov_run_check(*state, &o, NULL, &failed), ADCOV_OK);
    assert_true(failed);
    char *csv = slurp(out, "photo_issues.csv");
    assert_string_equal(csv, "\xEF\xBB\xBFissue,layer,source,fid,id,photo,taken,offset_m,detail\r\n"
                             "unreadable,ads,ads.geojson:ads,1,P2,P2.jpg,2026-10-01 09:40:00,0.0,"
                             "truncated: the picture data ends early\r\n"
                             "old,ads,ads.geojson:ads,2,P3,P3.jpg,2024-05-01 15:00:00,80.0,\r\n"
                             "far,ads,ads.geojson:ads,2,P3,P3.jpg,2024-05-01 15:00:00,80.0,\r\n"
                             "missing,ads,ads.geojson:ads,3,P4,,,,no photo given\r\n");
    free(csv);
    assert_pictures(out, 3, 3, 1); /* the cover, 甲路's page (P1, P3) and H1's (P5); in report.html S1's photo
                                    * (P2's cannot be read) */
    char *rect = slurp(out, "rectification.csv");
    assert_non_null(strstr(rect, ",ad/P2,P2.jpg\r\n"));
    assert_non_null(strstr(rect, ",busstop.count/S1,S1.png"));
    free(rect);
}

/* A fixture checked with the default rulebook, as a scene (its city.yaml works the answer out). */
static void fixture_scene(adcov_ctx *ctx, const char *name, scene *s)
{
    char cfg[512];
    *s = (scene){0};
    fixture(cfg, sizeof cfg, name, "city.yaml");
    assert_int_equal(adcov_config_load(ctx, cfg, &s->cfg), ADCOV_OK);
    assert_int_equal(adcov_rulebook_load(ctx, "default", ADCOV_SOURCE_DIR_FOR_TESTS "/analyzer/rulebooks", NULL, &s->rb),
                     ADCOV_OK);
    adcov_ctx_set_logger(ctx, NULL, NULL, ADCOV_LOG_ERROR);
    assert_int_equal(adcov_check(ctx, s->cfg, s->rb, ADCOV_DAILY, 0, NULL, NULL, &s->res), ADCOV_OK);
}

static void assert_counted(const scene *s, const adcov_site_result *site, const char *const *ids, size_t n)
{
    assert_int_equal(site->ncounted, n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(s->res->ads[site->counted[i]].id, ids[i]);
}

/* What the evidence pack shows for places other than streets: a scenic area the worst gate's walk (it gives
 * the site's count), a hoarding its PSA panels. */
static void counted_at_gates_and_hoardings(void **state)
{
    scene s;
    fixture_scene(*state, "scenic_two_gates", &s);
    /* S3: gate 3 sees B1 and B2 (2 处), gate 4 only B2 (1 处): gate 4 is the site's, count 1 */
    assert_counted(&s, scene_site(&s, "scenic.gate", "S3"), (const char *[]){"B2"}, 1);
    assert_counted(&s, scene_site(&s, "scenic.gate", "S1"), NULL, 0); /* gate 2 sees nothing */
    scene_end(&s);
    fixture_scene(*state, "hoarding_faces", &s);
    /* H1 carries the PSAs P1 and P2 (C1 is commercial), H2 P4 (F1 is faded), H3 P5 */
    const adcov_site_result *h1 = scene_site(&s, "hoarding.area", "H1");
    assert_int_equal(h1->ncounted, 2);
    const char *a = s.res->ads[h1->counted[0]].id, *b = s.res->ads[h1->counted[1]].id;
    assert_true((!strcmp(a, "P1") && !strcmp(b, "P2")) || (!strcmp(a, "P2") && !strcmp(b, "P1")));
    assert_counted(&s, scene_site(&s, "hoarding.area", "H2"), (const char *[]){"P4"}, 1);
    assert_counted(&s, scene_site(&s, "hoarding.area", "H3"), (const char *[]){"P5"}, 1);
    scene_end(&s);
}

static int setup(void **state)
{
    GDALAllRegister();
    return setup_ctx(state);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_exif_time_gps_and_orientation),
        cmocka_unit_test(lying_exif_offsets_are_no_exif),
        cmocka_unit_test(decodes_at_a_reduced_scale_upright),
        cmocka_unit_test(a_truncated_jpeg_is_unreadable),
        cmocka_unit_test(reads_png),
        cmocka_unit_test(opens_only_below_the_folder),
        cmocka_unit_test(reads_dates_as_planners_write_them),
        cmocka_unit_test_setup_teardown(checks_and_shows_the_photos, setup, teardown_ctx),
        cmocka_unit_test_setup_teardown(no_photos_no_photo_outputs, setup, teardown_ctx),
        cmocka_unit_test_setup_teardown(the_photo_fixture, setup, teardown_ctx),
        cmocka_unit_test_setup_teardown(counted_at_gates_and_hoardings, setup, teardown_ctx),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
