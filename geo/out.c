#include "out.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <gdal.h>
#include <ogr_api.h>
#include <cpl_string.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *temp_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    return adcov_sprintf("%.*s.%s.tmp%ld", (int)dirlen, path, path + dirlen, (long)getpid());
}

static adcov_status commit_rename(adcov_ctx *ctx, const char *tmp, const char *path)
{
    if (rename(tmp, path) != 0) {
        adcov_status st = adcov_fail(ctx, ADCOV_EIO, "%s: cannot write: %s", path, strerror(errno));
        remove(tmp);
        return st;
    }
    return ADCOV_OK;
}

char *adcov_out_temp_name(const char *path) { return temp_name(path); }

adcov_status adcov_out_commit(adcov_ctx *ctx, const char *tmp, const char *path) { return commit_rename(ctx, tmp, path); }

adcov_status adcov_mkdir_p(adcov_ctx *ctx, const char *dir)
{
    char *copy = adcov_strdup(dir);
    if (!copy)
        return adcov_fail(ctx, ADCOV_ENOMEM, "%s: out of memory", dir);
    for (char *p = copy + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        mkdir(copy, 0777);
        *p = '/';
    }
    int rc = mkdir(copy, 0777);
    free(copy);
    struct stat sb;
    if (rc != 0 && errno != EEXIST)
        return adcov_fail(ctx, ADCOV_EIO, "%s: cannot create the output folder: %s", dir, strerror(errno));
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode) || access(dir, W_OK) != 0)
        return adcov_fail(ctx, ADCOV_EIO, "%s: the output folder cannot be written", dir);
    return ADCOV_OK;
}

/* ---- text files ---- */

struct adcov_textfile {
    char *path, *tmp;
    FILE *f;
};

adcov_status adcov_textfile_open(adcov_ctx *ctx, const char *path, adcov_textfile **out)
{
    *out = NULL;
    adcov_textfile *t = adcov_calloc(1, sizeof *t);
    if (!t || !(t->path = adcov_strdup(path)) || !(t->tmp = temp_name(path))) {
        adcov_textfile_abort(t);
        return adcov_fail(ctx, ADCOV_ENOMEM, "%s: out of memory", path);
    }
    if ((t->f = fopen(t->tmp, "wb")) != NULL) {
        setvbuf(t->f, NULL, _IOFBF, 1 << 20); /* outputs run to tens of megabytes */
        __fsetlocking(t->f, FSETLOCKING_BYCALLER); /* one thread writes a file: no lock per character */
    }
    if (!t->f) {
        adcov_status st = adcov_fail(ctx, ADCOV_EIO, "%s: cannot write: %s", path, strerror(errno));
        adcov_textfile_abort(t);
        return st;
    }
    *out = t;
    return ADCOV_OK;
}

FILE *adcov_textfile_stream(adcov_textfile *t) { return t->f; }

adcov_status adcov_textfile_commit(adcov_ctx *ctx, adcov_textfile *t)
{
    int bad = ferror(t->f) | (fflush(t->f) != 0) | (fsync(fileno(t->f)) != 0);
    bad |= fclose(t->f) != 0;
    t->f = NULL;
    adcov_status st = bad ? adcov_fail(ctx, ADCOV_EIO, "%s: cannot write: %s", t->path, strerror(errno))
                          : commit_rename(ctx, t->tmp, t->path);
    if (bad)
        remove(t->tmp);
    free(t->path);
    free(t->tmp);
    free(t);
    return st;
}

void adcov_textfile_abort(adcov_textfile *t)
{
    if (!t)
        return;
    if (t->f) {
        fclose(t->f);
        remove(t->tmp);
    }
    free(t->path);
    free(t->tmp);
    free(t);
}

/* Length of the UTF-8 sequence at p, or 0 when the bytes there are not UTF-8. */
static int utf8_len(const unsigned char *p)
{
    int n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : (*p & 0xF8) == 0xF0 ? 4 : 0;
    if (n == 2 && *p < 0xC2)
        return 0;
    for (int i = 1; i < n; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    return n;
}

/* Writes s, one character at a time through put (for ASCII) or as is (multi-byte), and bytes that are
 * not UTF-8 as U+FFFD: an output file is valid UTF-8 whatever an input held. */
static void put_utf8(FILE *f, const char *s, int (*special)(unsigned char), void (*put)(FILE *, unsigned char))
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    while (*p) {
        const unsigned char *run = p; /* bytes that go out as they are, written in one go */
        int n;
        while (*p && (n = utf8_len(p)) > 0 && !(n == 1 && special(*p)))
            p += n;
        if (p > run)
            fwrite(run, 1, (size_t)(p - run), f);
        if (!*p)
            break;
        if (utf8_len(p) == 0)
            fputs("\xEF\xBF\xBD", f);
        else
            put(f, *p);
        p++;
    }
}

static int no_special(unsigned char c)
{
    (void)c;
    return 0;
}

static void put_plain(FILE *f, unsigned char c) { fputc(c, f); }

void adcov_utf8_write(FILE *f, const char *s, const char *const *escape)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    while (*p) {
        const unsigned char *run = p; /* bytes that go out as they are, written in one go */
        int n;
        while (*p && (n = utf8_len(p)) > 0 && !(n == 1 && escape[*p]))
            p += n;
        if (p > run)
            fwrite(run, 1, (size_t)(p - run), f);
        if (!*p)
            break;
        fputs(utf8_len(p) == 0 ? "\xEF\xBF\xBD" : escape[*p], f);
        p++;
    }
}

char *adcov_utf8_clean(const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    int len;
    while (*p && (len = utf8_len(p)) > 0)
        p += len;
    if (!*p) /* valid already, as nearly every text is: a copy, without a stream */
        return adcov_strdup(s ? s : "");
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    if (!f)
        return NULL;
    put_utf8(f, s, no_special, put_plain);
    if (fclose(f) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

static int csv_special(unsigned char c) { return c == '"'; }

static void put_csv_char(FILE *f, unsigned char c)
{
    if (c == '"')
        fputc('"', f);
    fputc(c, f);
}

/* 1 when s is a plain decimal number as Excel reads one: a sign, digits with one point, an exponent. */
static int plain_number(const char *s)
{
    const char *p = s + (*s == '-' || *s == '+');
    size_t digits = 0;
    for (; isdigit((unsigned char)*p); p++)
        digits++;
    if (*p == '.')
        for (p++; isdigit((unsigned char)*p); p++)
            digits++;
    if (digits && (*p == 'e' || *p == 'E')) {
        p += 1 + (p[1] == '-' || p[1] == '+');
        if (!isdigit((unsigned char)*p))
            return 0;
        while (isdigit((unsigned char)*p))
            p++;
    }
    return digits && !*p;
}

/* A text Excel or WPS would run as a formula: it begins with =, +, -, @, a tab or a carriage return
 * (numbers such as -3.5 are not). */
static int formula_like(const char *s)
{
    return s && strchr("=+-@\t\r", *s) && *s && !plain_number(s);
}

void adcov_csv_field(FILE *f, const char *s)
{
    int quote = s && strpbrk(s, ",\"\r\n") != NULL;
    if (quote)
        fputc('"', f);
    if (formula_like(s))
        fputc('\'', f); /* shown as text, never run */
    put_utf8(f, s, csv_special, put_csv_char);
    if (quote)
        fputc('"', f);
}

void adcov_csv_row(FILE *f, const char *const *cells, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputc(',', f);
        adcov_csv_field(f, cells[i]);
    }
    fputs("\r\n", f);
}

/* ---- GeoJSON ----
 * Written as a stream, not through OGR's GeoJSON driver: its RFC 7946 mode builds a CRS for every
 * feature, which made writing a large ad inventory slower than all of the analysis. Coordinates go
 * through one cached PROJ transform (via OGR) and are printed with 7 decimals, lon/lat. */

struct adcov_geojson {
    adcov_textfile *file;
    FILE *f;
    size_t nprops, nfeatures;
    adcov_prop *props;
    GEOSContextHandle_t h;
    OGRCoordinateTransformationH to_wgs84; /* NULL when the input already is WGS 84 */
    double *xy;                            /* coordinate scratch, x then y */
    size_t cap;
    char *path;
    int failed; /* an add failed: the file may hold half a feature, so commit refuses it */
};

static void release(adcov_geojson *w)
{
    if (w->to_wgs84)
        OCTDestroyCoordinateTransformation(w->to_wgs84);
    free(w->props);
    free(w->xy);
    free(w->path);
    free(w);
}

static adcov_status make_transform(adcov_ctx *ctx, adcov_geojson *w, OGRSpatialReferenceH crs)
{
    OGRSpatialReferenceH wgs84 = OSRNewSpatialReference(NULL);
    adcov_status st = ADCOV_OK;
    if (!wgs84 || OSRImportFromEPSG(wgs84, 4326) != OGRERR_NONE) {
        st = adcov_fail(ctx, ADCOV_EPROJ, "%s: cannot build WGS 84", w->path);
    } else {
        OSRSetAxisMappingStrategy(wgs84, OAMS_TRADITIONAL_GIS_ORDER);
        if (!OSRIsSame(crs, wgs84) && !(w->to_wgs84 = OCTNewCoordinateTransformation(crs, wgs84)))
            st = adcov_fail(ctx, ADCOV_EPROJ, "%s: no transform to WGS 84 (%s)", w->path, adcov_gdal_message());
    }
    if (wgs84)
        OSRRelease(wgs84);
    return st;
}

static int json_special(unsigned char c) { return c == '"' || c == '\\' || c < 0x20; }

static void put_json_char(FILE *f, unsigned char c)
{
    if (c == '"' || c == '\\')
        fprintf(f, "\\%c", c);
    else if (c < 0x20)
        fprintf(f, "\\u%04x", c);
    else
        fputc(c, f);
}

void adcov_json_string(FILE *f, const char *s)
{
    fputc('"', f);
    put_utf8(f, s, json_special, put_json_char);
    fputc('"', f);
}

adcov_status adcov_geojson_open(adcov_ctx *ctx, const char *path, OGRSpatialReferenceH crs, const adcov_prop *props,
                                size_t nprops, adcov_geojson **out)
{
    *out = NULL;
    adcov_geojson *w = adcov_calloc(1, sizeof *w);
    if (!w || !(w->path = adcov_strdup(path)) || !(w->props = adcov_calloc(nprops ? nprops : 1, sizeof *w->props))) {
        if (w)
            release(w);
        return adcov_fail(ctx, ADCOV_ENOMEM, "%s: out of memory", path);
    }
    w->h = adcov_ctx_geos(ctx);
    w->nprops = nprops;
    memcpy(w->props, props, nprops * sizeof *props);
    adcov_status st = make_transform(ctx, w, crs);
    if (!st)
        st = adcov_textfile_open(ctx, path, &w->file);
    if (st) {
        release(w);
        return st;
    }
    w->f = adcov_textfile_stream(w->file);
    fputs("{\n\"type\": \"FeatureCollection\",\n\"features\": [", w->f);
    *out = w;
    return ADCOV_OK;
}

static int is_number(const char *v)
{
    char *end;
    double d = strtod(v, &end);
    return !*end && isfinite(d);
}

static int write_value(FILE *f, adcov_prop_type type, const char *v)
{
    if (!v || !*v) {
        fputs("null", f);
        return 0;
    }
    if (type == ADCOV_PROP_STR) {
        adcov_json_string(f, v);
        return 0;
    }
    if (type == ADCOV_PROP_BOOL) {
        fputs(strcmp(v, "0") ? "true" : "false", f);
        return 0;
    }
    char *end;
    double d = strtod(v, &end);
    if (*end || !isfinite(d))
        return -1;
    if (type == ADCOV_PROP_INT)
        fprintf(f, "%.0f", d);
    else
        fprintf(f, "%.10g", d);
    return 0;
}

/* Without printf's cost (coordinates are most of a GeoJSON file); falls back to printf outside the range
 * where the integer arithmetic is exact. */
int adcov_fixed7(char *buf, double v)
{
    if (!(fabs(v) < 1e9))
        return snprintf(buf, 32, "%.7f", v);
    long long n = llround(fabs(v) * 1e7);
    char tmp[32];
    int k = sizeof tmp;
    for (int d = 0; d < 7; d++, n /= 10)
        tmp[--k] = (char)('0' + n % 10);
    tmp[--k] = '.';
    do {
        tmp[--k] = (char)('0' + n % 10);
        n /= 10;
    } while (n);
    if (v < 0 && (sizeof tmp - (size_t)k != 9 || memcmp(tmp + k, "0.0000000", 9)))
        tmp[--k] = '-';
    memcpy(buf, tmp + k, sizeof tmp - (size_t)k);
    buf[sizeof tmp - (size_t)k] = '\0';
    return (int)sizeof tmp - k;
}

/* [x, y] with 7 decimals each, in one write. */
static void put_point(FILE *f, double x, double y)
{
    char buf[72];
    int n = 0;
    buf[n++] = '[';
    n += adcov_fixed7(buf + n, x);
    buf[n++] = ',';
    buf[n++] = ' ';
    n += adcov_fixed7(buf + n, y);
    buf[n++] = ']';
    fwrite(buf, 1, (size_t)n, f);
}

enum { GEOM_OK, GEOM_BAD, GEOM_NOMEM };

/* Writes the coordinates of one linear sequence as [[lon, lat], …] (or one [lon, lat] for a point);
 * GEOM_OK, GEOM_BAD (empty or not transformable) or GEOM_NOMEM. */
static int write_coords(adcov_geojson *w, const GEOSCoordSequence *cs, int point)
{
    unsigned int n = 0;
    if (!cs || !GEOSCoordSeq_getSize_r(w->h, cs, &n) || n == 0)
        return GEOM_BAD;
    if (adcov_grow((void **)&w->xy, &w->cap, 2 * (size_t)n, sizeof *w->xy))
        return GEOM_NOMEM;
    double *x = w->xy, *y = w->xy + n;
    for (unsigned int i = 0; i < n; i++)
        if (!GEOSCoordSeq_getXY_r(w->h, cs, i, &x[i], &y[i]))
            return GEOM_BAD;
    if (w->to_wgs84 && !OCTTransform(w->to_wgs84, (int)n, x, y, NULL))
        return GEOM_BAD;
    if (point) {
        put_point(w->f, x[0], y[0]);
        return GEOM_OK;
    }
    fputc('[', w->f);
    for (unsigned int i = 0; i < n; i++) {
        if (i)
            fputs(", ", w->f);
        put_point(w->f, x[i], y[i]);
    }
    fputc(']', w->f);
    return GEOM_OK;
}

static int write_polygon(adcov_geojson *w, const GEOSGeometry *g)
{
    fputc('[', w->f);
    int rc = write_coords(w, GEOSGeom_getCoordSeq_r(w->h, GEOSGetExteriorRing_r(w->h, g)), 0);
    int holes = GEOSGetNumInteriorRings_r(w->h, g);
    for (int i = 0; !rc && i < holes; i++) {
        fputs(", ", w->f);
        rc = write_coords(w, GEOSGeom_getCoordSeq_r(w->h, GEOSGetInteriorRingN_r(w->h, g, i)), 0);
    }
    fputc(']', w->f);
    return rc;
}

static int write_part(adcov_geojson *w, const GEOSGeometry *g, int type)
{
    if (type == GEOS_POLYGON)
        return write_polygon(w, g);
    return write_coords(w, GEOSGeom_getCoordSeq_r(w->h, g), type == GEOS_POINT);
}

static int write_geometry(adcov_geojson *w, const GEOSGeometry *g)
{
    static const char *const names[] = {"Point", "LineString", "LineString", "Polygon", "MultiPoint",
                                        "MultiLineString", "MultiPolygon"};
    int type = GEOSGeomTypeId_r(w->h, g);
    if (type < GEOS_POINT || type > GEOS_MULTIPOLYGON || GEOSisEmpty_r(w->h, g))
        return GEOM_BAD;
    fprintf(w->f, "{\"type\": \"%s\", \"coordinates\": ", names[type]);
    int rc = 0;
    if (type >= GEOS_MULTIPOINT) {
        int parts = GEOSGetNumGeometries_r(w->h, g);
        fputc('[', w->f);
        for (int i = 0; !rc && i < parts; i++) {
            if (i)
                fputs(", ", w->f);
            rc = write_part(w, GEOSGetGeometryN_r(w->h, g, i), type - 3);
        }
        fputc(']', w->f);
    } else {
        rc = write_part(w, g, type == GEOS_LINEARRING ? GEOS_LINESTRING : type);
    }
    fputc('}', w->f);
    return rc;
}

/* A feature's start and properties, up to its geometry; a value that is not a number for a number
 * property fails before anything is written. */
static adcov_status begin_feature(adcov_ctx *ctx, adcov_geojson *w, const char *const *values)
{
    FILE *f = w->f;
    for (size_t i = 0; i < w->nprops; i++)
        if ((w->props[i].type == ADCOV_PROP_REAL || w->props[i].type == ADCOV_PROP_INT) && values[i] &&
            *values[i] && !is_number(values[i]))
            return adcov_fail(ctx, ADCOV_EIO, "%s: property %s: '%s' is not a number", w->path, w->props[i].name,
                              values[i]);
    fputs(w->nfeatures ? ",\n{\"type\": \"Feature\", \"properties\": {" : "\n{\"type\": \"Feature\", \"properties\": {", f);
    for (size_t i = 0; i < w->nprops; i++) {
        if (i)
            fputs(", ", f);
        adcov_json_string(f, w->props[i].name);
        fputs(": ", f);
        write_value(f, w->props[i].type, values[i]);
    }
    fputs("}, \"geometry\": ", f);
    return ADCOV_OK;
}

int adcov_geojson_to_lonlat(adcov_geojson *w, size_t n, double *x, double *y)
{
    for (size_t done = 0; w->to_wgs84 && done < n;) {
        int k = n - done > INT_MAX ? INT_MAX : (int)(n - done);
        if (!OCTTransform(w->to_wgs84, k, x + done, y + done, NULL))
            return 0;
        done += (size_t)k;
    }
    return 1;
}

adcov_status adcov_geojson_add_lonlat(adcov_ctx *ctx, adcov_geojson *w, double lon, double lat,
                                      const char *const *values)
{
    adcov_status st = begin_feature(ctx, w, values);
    if (st)
        return st;
    fputs("{\"type\": \"Point\", \"coordinates\": ", w->f);
    put_point(w->f, lon, lat);
    fputs("}}", w->f);
    w->nfeatures++;
    return ADCOV_OK;
}

adcov_status adcov_geojson_add(adcov_ctx *ctx, adcov_geojson *w, const GEOSGeometry *g, const char *const *values)
{
    FILE *f = w->f;
    adcov_status st = begin_feature(ctx, w, values);
    if (st)
        return st;
    int rc = g ? write_geometry(w, g) : GEOM_OK;
    if (!g)
        fputs("null", f);
    w->failed |= rc != GEOM_OK;
    if (rc == GEOM_NOMEM)
        return adcov_fail(ctx, ADCOV_ENOMEM, "%s: out of memory", w->path);
    if (rc != GEOM_OK)
        return adcov_fail(ctx, ADCOV_EIO, "%s: cannot write a geometry (empty, or no transform to WGS 84)", w->path);
    fputc('}', f);
    w->nfeatures++;
    return ADCOV_OK;
}

adcov_status adcov_geojson_commit(adcov_ctx *ctx, adcov_geojson *w)
{
    if (w->failed) {
        adcov_geojson_abort(w);
        return adcov_fail(ctx, ADCOV_EIO, "a GeoJSON output whose writing failed was not committed");
    }
    fputs("\n]\n}\n", w->f);
    adcov_status st = adcov_textfile_commit(ctx, w->file);
    release(w);
    return st;
}

void adcov_geojson_abort(adcov_geojson *w)
{
    if (!w)
        return;
    adcov_textfile_abort(w->file);
    release(w);
}
