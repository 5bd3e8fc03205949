#include "layer.h"

#include <gdal.h>
#include <ogr_api.h>
#include <cpl_conv.h>
#include <cpl_string.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

struct adcov_layer {
    GDALDatasetH ds;
    OGRLayerH lyr;
    OGRSpatialReferenceH srs;
    char *where;
    size_t nfields;
    int *field_index;   /* -1 when unmapped */
    char **field_names; /* NULL when unmapped */
    size_t n, cap;
    long long *fids;
    GEOSGeometry **geoms;
    char **values;      /* n * nfields, NULL means "" */
    GEOSContextHandle_t geos;
    int xfield, yfield; /* CSV coordinate columns, -1 otherwise */
    adcov_datum datum;
};

OGRSpatialReferenceH adcov_crs_from_text(adcov_ctx *ctx, const char *where, const char *text)
{
    if (strstr(text, "://")) { /* GDAL would fetch it: a config never makes adcov reach the network */
        adcov_fail(ctx, ADCOV_EPROJ, "%s: '%s' is an address; write the CRS (EPSG:4490, a PROJ string or WKT)", where,
                   text);
        return NULL;
    }
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    CPLErrorReset();
    if (!srs || OSRSetFromUserInput(srs, text) != OGRERR_NONE) {
        adcov_fail(ctx, ADCOV_EPROJ, "%s: '%s' is not a CRS GDAL knows (%s)", where, text,
                   adcov_gdal_message());
        if (srs)
            OSRRelease(srs);
        return NULL;
    }
    OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

/* 1 when buf[0..n) is valid UTF-8 (a sequence cut at the end counts as valid). */
static int valid_utf8(const unsigned char *buf, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = buf[i];
        size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        if (!len || (len == 2 && c < 0xC2))
            return 0;
        for (size_t k = 1; k < len && i + k < n; k++)
            if ((buf[i + k] & 0xC0) != 0x80)
                return 0;
        i += len;
    }
    return 1;
}

/* A Shapefile whose .dbf has no .cpg and no code page byte: GDAL would read it as ISO-8859-1, which
 * turns Chinese into nonsense. Text that is not UTF-8 is GBK (CP936), the encoding Chinese desktop GIS
 * writes; text that is UTF-8 stays UTF-8. NULL: leave it to GDAL (a .cpg or the code page byte). */
const char *adcov_guess_dbf_encoding(const char *path)
{
    size_t len = strlen(path);
    if (len < 4 || (strcasecmp(path + len - 4, ".shp") && strcasecmp(path + len - 4, ".dbf")))
        return NULL;
    char *base = adcov_strdup(path), *other = NULL;
    const char *enc = NULL;
    FILE *f = NULL;
    if (!base)
        return NULL;
    base[len - 4] = '\0';
    const char *cpg[] = {".cpg", ".CPG"}, *dbf[] = {".dbf", ".DBF"};
    for (int i = 0; i < 2 && !enc; i++) {
        other = adcov_sprintf("%s%s", base, cpg[i]);
        if (other && access(other, F_OK) == 0)
            enc = "";
        free(other);
    }
    for (int i = 0; i < 2 && !enc && !f; i++) {
        other = adcov_sprintf("%s%s", base, dbf[i]);
        f = other ? fopen(other, "rb") : NULL;
        free(other);
    }
    free(base);
    if (enc || !f) {
        if (f)
            fclose(f);
        return NULL;
    }
    unsigned char *buf = adcov_malloc(1 << 20);
    size_t n = buf ? fread(buf, 1, 1 << 20, f) : 0;
    fclose(f);
    int ascii = 1;
    for (size_t i = 32; i < n && ascii; i++)
        ascii = buf[i] < 0x80;
    if (n > 29 && buf[29] == 0 && !ascii)
        enc = valid_utf8(buf + 32, n - 32) ? "" : "CP936";
    free(buf);
    return enc;
}

static char **open_options(const adcov_source *src)
{
    char **opts = NULL;
    if (src->x)
        opts = CSLSetNameValue(opts, "X_POSSIBLE_NAMES", src->x);
    if (src->y)
        opts = CSLSetNameValue(opts, "Y_POSSIBLE_NAMES", src->y);
    if (src->x || src->y) /* kept, so a bad coordinate can be named with its column */
        opts = CSLSetNameValue(opts, "KEEP_GEOM_COLUMNS", "YES");
    const char *enc = src->encoding ? src->encoding : adcov_guess_dbf_encoding(src->open_path ? src->open_path : src->path);
    if (enc)
        opts = CSLSetNameValue(opts, "ENCODING", enc);
    return opts;
}

/* Inputs come from contractors and phones: only the formats SPEC §2 names are opened. */
const char *const adcov_input_drivers[] = {"ESRI Shapefile", "GPKG", "GeoJSON", "GeoJSONSeq", "CSV", "KML", "LIBKML",
                                           "OpenFileGDB", "FileGDB", "DXF", NULL};

static adcov_status pick_layer(adcov_ctx *ctx, const adcov_source *src, adcov_layer *l)
{
    int count = GDALDatasetGetLayerCount(l->ds);
    if (src->layer) {
        l->lyr = GDALDatasetGetLayerByName(l->ds, src->layer);
        if (!l->lyr)
            return adcov_fail(ctx, ADCOV_EINPUT, "%s:%s::: no layer of that name in the %s source",
                              src->path, src->layer, src->role);
    } else if (count == 1) {
        l->lyr = GDALDatasetGetLayer(l->ds, 0);
    } else {
        return adcov_fail(ctx, ADCOV_EINPUT, "%s:::: the %s source has %d layers; name one with 'layer:'",
                          src->path, src->role, count);
    }
    l->where = adcov_sprintf("%s:%s", src->path, OGR_L_GetName(l->lyr));
    return l->where ? ADCOV_OK : ADCOV_ENOMEM;
}

static adcov_status not_empty(adcov_ctx *ctx, const adcov_source *src, adcov_layer *l)
{
    if (OGR_L_GetFeatureCount(l->lyr, 1) == 0)
        return adcov_fail(ctx, ADCOV_EINPUT, "%s::: the %s layer has no features", l->where, src->role);
    return ADCOV_OK;
}

/* The CRS a Gauss-Krüger easting with a zone number in front most likely is (CGCS2000 codes): zone
 * 13-23 are 6-degree zones (EPSG:4491-4501), 25-45 3-degree zones (EPSG:4513-4533). 0 when none. */
static int prefixed_zone_code(double easting)
{
    if (!(easting >= 0 && easting < 1e8))
        return 0;
    int zone = (int)floor(easting / 1e6);
    if (zone >= 13 && zone <= 23)
        return 4491 + zone - 13;
    if (zone >= 25 && zone <= 45)
        return 4513 + zone - 25;
    return 0;
}

static int looks_lonlat(const OGREnvelope *e)
{
    return e->MinX >= -180 && e->MaxX <= 180 && e->MinY >= -90 && e->MaxY <= 90;
}

/* Why the layer's coordinates cannot be in its CRS, as a hint naming the CRS they probably are in; NULL
 * when they can. */
static const char *misfit(const adcov_layer *l, const OGREnvelope *e, char *hint, size_t size)
{
    int zone_code = prefixed_zone_code(e->MinX);
    int same_zone = zone_code && prefixed_zone_code(e->MaxX) == zone_code;
    if (OSRIsGeographic(l->srs)) {
        if (e->MinX >= -180 && e->MaxX <= 180 && e->MinY >= -180 && e->MaxY <= 180)
            return NULL; /* longitude/latitude, perhaps with swapped points: those are named one by one */
        if (same_zone)
            snprintf(hint, size, "they are metres with a zone number in the easting: probably EPSG:%d", zone_code);
        else
            snprintf(hint, size, "they are not longitude/latitude: probably a projected CRS in metres, such as a "
                                 "CGCS2000 Gauss-Krüger zone (EPSG:4534-4554)");
        return hint;
    }
    if (!OSRIsProjected(l->srs))
        return NULL;
    if (looks_lonlat(e)) {
        snprintf(hint, size, "they look like longitude/latitude: probably EPSG:4490 (CGCS2000) or EPSG:4326 (WGS 84)");
        return hint;
    }
    double false_easting = OSRGetProjParm(l->srs, SRS_PP_FALSE_EASTING, 0, NULL);
    if (false_easting < 1e6 && same_zone) {
        snprintf(hint, size, "their eastings carry a zone number in front: probably EPSG:%d", zone_code);
        return hint;
    }
    if (false_easting >= 1e6 && e->MaxX < 1e6) {
        snprintf(hint, size, "their eastings have no zone number but the CRS expects one: probably the same zone "
                             "without it (a CGCS2000 'CM' code, EPSG:4534-4554)");
        return hint;
    }
    return NULL;
}

static adcov_status check_extent(adcov_ctx *ctx, adcov_layer *l)
{
    OGREnvelope e;
    if (OGR_L_GetExtent(l->lyr, &e, 1) != OGRERR_NONE || !isfinite(e.MinX) || !isfinite(e.MaxY))
        return ADCOV_OK; /* nothing to judge; empty or NaN geometries are reported feature by feature */
    char hint[256];
    const char *why = misfit(l, &e, hint, sizeof hint);
    if (!why)
        return ADCOV_OK;
    const char *name = OSRGetName(l->srs);
    return adcov_fail(ctx, ADCOV_EINPUT, "%s::: coordinates (x %.10g to %.10g, y %.10g to %.10g) cannot be in the "
                      "layer's CRS %s: %s; give the right one with 'crs:'", l->where, e.MinX, e.MaxX, e.MinY, e.MaxY,
                      name ? name : "(unnamed)", why);
}

static adcov_status check_datum(adcov_ctx *ctx, const adcov_source *src, adcov_layer *l)
{
    l->datum = src->datum;
    if (src->datum != ADCOV_DATUM_WGS84 && !OSRIsGeographic(l->srs))
        return adcov_fail(ctx, ADCOV_EINPUT,
                          "%s::: datum %s applies to longitude/latitude picked in a map app, but the layer's CRS is "
                          "projected", l->where, adcov_datum_name(src->datum));
    return ADCOV_OK;
}

static adcov_status pick_srs(adcov_ctx *ctx, const adcov_source *src, adcov_layer *l)
{
    if (src->crs) {
        char where[600];
        snprintf(where, sizeof where, "%.580s::crs", l->where);
        l->srs = adcov_crs_from_text(ctx, where, src->crs);
        return l->srs ? ADCOV_OK : ADCOV_EPROJ;
    }
    OGRSpatialReferenceH own = OGR_L_GetSpatialRef(l->lyr);
    if (!own && src->datum != ADCOV_DATUM_WGS84) {
        /* coordinates picked in a map app are longitude/latitude: the datum says what they are */
        l->srs = adcov_crs_from_text(ctx, l->where, "EPSG:4326");
        return l->srs ? ADCOV_OK : ADCOV_EPROJ;
    }
    if (!own)
        return adcov_fail(ctx, ADCOV_EINPUT,
                          "%s::: the %s layer has no CRS (no .prj or CRS in the file); give 'crs:' in the config",
                          l->where, src->role);
    l->srs = OSRClone(own);
    OSRSetAxisMappingStrategy(l->srs, OAMS_TRADITIONAL_GIS_ORDER);
    return ADCOV_OK;
}

static adcov_status map_fields(adcov_ctx *ctx, adcov_layer *l, const char *const *fields, const int *required,
                               size_t nfields)
{
    l->nfields = nfields;
    l->field_index = adcov_calloc(nfields, sizeof *l->field_index);
    l->field_names = adcov_calloc(nfields, sizeof *l->field_names);
    if (!l->field_index || !l->field_names)
        return ADCOV_ENOMEM;
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l->lyr);
    for (size_t f = 0; f < nfields; f++) {
        l->field_index[f] = -1;
        if (!fields[f])
            continue;
        int idx = OGR_FD_GetFieldIndex(defn, fields[f]);
        if (idx < 0 && required && !required[f])
            continue;
        if (idx < 0 && OGR_FD_GetFieldCount(defn) == 0)
            return adcov_fail(ctx, ADCOV_EINPUT, "%s::%s: no such field: the layer has no attribute fields at all "
                              "(a damaged or missing .dbf?)", l->where, fields[f]);
        if (idx < 0)
            return adcov_fail(ctx, ADCOV_EINPUT, "%s::%s: no such field in the layer", l->where, fields[f]);
        l->field_index[f] = idx;
        l->field_names[f] = adcov_strdup(fields[f]);
        if (!l->field_names[f])
            return ADCOV_ENOMEM;
    }
    return ADCOV_OK;
}

static adcov_status coordinate_fields(adcov_ctx *ctx, const adcov_source *src, adcov_layer *l)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l->lyr);
    l->xfield = OGR_FD_GetFieldIndex(defn, src->x);
    l->yfield = OGR_FD_GetFieldIndex(defn, src->y);
    if (l->xfield < 0 || l->yfield < 0)
        return adcov_fail(ctx, ADCOV_EINPUT, "%s::%s: no such coordinate column in the layer", l->where,
                          l->xfield < 0 ? src->x : src->y);
    return ADCOV_OK;
}

adcov_status adcov_layer_open(adcov_ctx *ctx, const adcov_source *src, const char *const *fields,
                              const int *required, size_t nfields, adcov_layer **out)
{
    *out = NULL;
    adcov_layer *l = adcov_calloc(1, sizeof *l);
    if (!l)
        return ADCOV_ENOMEM;
    l->geos = adcov_ctx_geos(ctx);
    l->xfield = l->yfield = -1;
    CPLErrorReset();
    if (src->same_file && src->same_file->ds) {
        l->ds = src->same_file->ds;
        GDALReferenceDataset(l->ds);
    } else {
        char **opts = open_options(src);
        l->ds = GDALOpenEx(src->open_path ? src->open_path : src->path, GDAL_OF_VECTOR | GDAL_OF_READONLY,
                           adcov_input_drivers, (const char *const *)opts, NULL);
        CSLDestroy(opts);
    }
    adcov_status st;
    if (!l->ds && access(src->open_path ? src->open_path : src->path, F_OK) != 0) {
        st = adcov_fail(ctx, ADCOV_EINPUT, "%s:::: the %s source does not exist", src->path, src->role);
    } else if (!l->ds) {
        const char *why = adcov_gdal_message();
        st = adcov_fail(ctx, ADCOV_EINPUT, "%s:::: cannot open the %s source: %s", src->path, src->role,
                        *why ? why : "not a vector file GDAL can read");
    } else if ((st = pick_layer(ctx, src, l)) == ADCOV_OK && (st = not_empty(ctx, src, l)) == ADCOV_OK &&
               (st = pick_srs(ctx, src, l)) == ADCOV_OK && (st = check_datum(ctx, src, l)) == ADCOV_OK &&
               (st = check_extent(ctx, l)) == ADCOV_OK) {
        st = map_fields(ctx, l, fields, required, nfields);
    }
    if (st == ADCOV_OK && src->x)
        st = coordinate_fields(ctx, src, l);
    if (st != ADCOV_OK) {
        if (st == ADCOV_ENOMEM)
            adcov_fail(ctx, st, "%s:::: out of memory", src->path);
        adcov_layer_free(l);
        return st;
    }
    *out = l;
    return ADCOV_OK;
}

void adcov_layer_free(adcov_layer *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++) {
        GEOSGeom_destroy_r(l->geos, l->geoms[i]);
        for (size_t f = 0; f < l->nfields; f++)
            free(l->values[i * l->nfields + f]);
    }
    for (size_t f = 0; l->field_names && f < l->nfields; f++)
        free(l->field_names[f]);
    free(l->field_names);
    free(l->field_index);
    free(l->fids);
    free(l->geoms);
    free(l->values);
    if (l->srs)
        OSRRelease(l->srs);
    if (l->ds && GDALDereferenceDataset(l->ds) <= 0) /* the last layer of a shared dataset */
        GDALClose(l->ds);
    free(l->where);
    free(l);
}

OGRSpatialReferenceH adcov_layer_srs(const adcov_layer *l) { return l->srs; }
size_t adcov_layer_count(const adcov_layer *l) { return l->n; }
long long adcov_layer_fid(const adcov_layer *l, size_t i) { return l->fids[i]; }
const GEOSGeometry *adcov_layer_geom(const adcov_layer *l, size_t i) { return l->geoms[i]; }
const char *adcov_layer_where(const adcov_layer *l) { return l->where; }
const char *adcov_layer_field_name(const adcov_layer *l, size_t f) { return f < l->nfields ? l->field_names[f] : NULL; }

const char *adcov_layer_value(const adcov_layer *l, size_t i, size_t f)
{
    if (f >= l->nfields)
        return "";
    const char *v = l->values[i * l->nfields + f];
    return v ? v : "";
}

adcov_status adcov_layer_center(adcov_ctx *ctx, const adcov_layer *l, double *lon, double *lat)
{
    OGREnvelope env;
    if (OGR_L_GetExtent(l->lyr, &env, 1) != OGRERR_NONE)
        return adcov_fail(ctx, ADCOV_EINPUT, "%s::: cannot compute the layer's extent (empty layer?)", l->where);
    double x = (env.MinX + env.MaxX) / 2, y = (env.MinY + env.MaxY) / 2;
    OGRSpatialReferenceH wgs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(wgs, 4326);
    OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);
    OGRCoordinateTransformationH ct = OCTNewCoordinateTransformation(l->srs, wgs);
    int ok = ct && OCTTransform(ct, 1, &x, &y, NULL);
    if (ct)
        OCTDestroyCoordinateTransformation(ct);
    OSRRelease(wgs);
    if (!ok)
        return adcov_fail(ctx, ADCOV_EPROJ, "%s::: cannot transform the layer's centre to WGS 84", l->where);
    *lon = x;
    *lat = y;
    return ADCOV_OK;
}

adcov_status adcov_crs_choose(adcov_ctx *ctx, const char *user_crs, OGRSpatialReferenceH first_projected,
                              double lon, double lat, OGRSpatialReferenceH *out)
{
    *out = NULL;
    if (user_crs) {
        *out = adcov_crs_from_text(ctx, "config:analysis_crs", user_crs);
    } else if (first_projected) {
        *out = OSRClone(first_projected);
        OSRSetAxisMappingStrategy(*out, OAMS_TRADITIONAL_GIS_ORDER);
    } else {
        int zone = (int)floor((lon + 180.0) / 6.0) + 1;
        if (zone < 1)
            zone = 1;
        if (zone > 60)
            zone = 60;
        *out = OSRNewSpatialReference(NULL);
        OSRImportFromEPSG(*out, (lat >= 0 ? 32600 : 32700) + zone);
        OSRSetAxisMappingStrategy(*out, OAMS_TRADITIONAL_GIS_ORDER);
    }
    if (*out && !OSRIsProjected(*out)) {
        OSRRelease(*out);
        *out = NULL;
        return adcov_fail(ctx, ADCOV_ECONFIG, "config:analysis_crs: '%s' is not a projected (metric) CRS",
                          user_crs ? user_crs : "");
    }
    return *out ? ADCOV_OK : adcov_ctx_status(ctx);
}

/* ---- reading features ---- */

static int kind_of(OGRwkbGeometryType t)
{
    switch (wkbFlatten(t)) {
    case wkbPoint: return ADCOV_GEOM_POINT;
    case wkbLineString: case wkbMultiLineString: return ADCOV_GEOM_LINE;
    case wkbPolygon: case wkbMultiPolygon: return ADCOV_GEOM_POLYGON;
    default: return 0;
    }
}

static int has_nan(GEOSContextHandle_t h, const GEOSGeometry *g)
{
    double xmin, ymin, xmax, ymax;
    if (!GEOSGeom_getXMin_r(h, g, &xmin) || !GEOSGeom_getYMin_r(h, g, &ymin) ||
        !GEOSGeom_getXMax_r(h, g, &xmax) || !GEOSGeom_getYMax_r(h, g, &ymax))
        return 1;
    return !isfinite(xmin) || !isfinite(ymin) || !isfinite(xmax) || !isfinite(ymax);
}

/* A CSV row's coordinate columns must be numbers: name the column when one is not. */
static adcov_status check_coordinates(adcov_ctx *ctx, adcov_layer *l, OGRFeatureH feat)
{
    int cols[2] = {l->xfield, l->yfield};
    for (int i = 0; i < 2 && cols[0] >= 0; i++) {
        const char *v = OGR_F_IsFieldSetAndNotNull(feat, cols[i]) ? OGR_F_GetFieldAsString(feat, cols[i]) : "";
        char *end;
        double d = strtod(v, &end);
        while (*end == ' ')
            end++;
        if (!*v || *end || !isfinite(d))
            return adcov_fail(ctx, ADCOV_EINPUT, "%s:%lld:%s: coordinate%s%s%s is empty or not a number", l->where,
                              (long long)OGR_F_GetFID(feat),
                              OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(OGR_L_GetLayerDefn(l->lyr), cols[i])),
                              *v ? " '" : "", v, *v ? "'" : "");
    }
    return ADCOV_OK;
}

static adcov_status reserve(adcov_layer *l)
{
    if (l->n < l->cap)
        return ADCOV_OK;
    size_t ncap = l->cap ? l->cap * 2 : 64;
    long long *fids = adcov_realloc(l->fids, ncap * sizeof *fids);
    if (!fids)
        return ADCOV_ENOMEM;
    l->fids = fids;
    GEOSGeometry **geoms = adcov_realloc(l->geoms, ncap * sizeof *geoms);
    if (!geoms)
        return ADCOV_ENOMEM;
    l->geoms = geoms;
    char **values = adcov_realloc(l->values, ncap * (l->nfields ? l->nfields : 1) * sizeof *values);
    if (!values)
        return ADCOV_ENOMEM;
    l->values = values;
    l->cap = ncap;
    return ADCOV_OK;
}

/* Appends feat with geometry g (taken over, also on failure). */
static adcov_status push_feature(adcov_layer *l, OGRFeatureH feat, GEOSGeometry *g)
{
    if (reserve(l) != ADCOV_OK) {
        GEOSGeom_destroy_r(l->geos, g);
        return ADCOV_ENOMEM;
    }
    char **row = &l->values[l->n * l->nfields];
    for (size_t f = 0; f < l->nfields; f++) {
        int idx = l->field_index[f];
        row[f] = NULL;
        if (idx >= 0 && OGR_F_IsFieldSetAndNotNull(feat, idx))
            row[f] = adcov_strdup(OGR_F_GetFieldAsString(feat, idx));
        if (idx >= 0 && OGR_F_IsFieldSetAndNotNull(feat, idx) && !row[f]) {
            for (size_t k = 0; k < f; k++)
                free(row[k]);
            GEOSGeom_destroy_r(l->geos, g);
            return ADCOV_ENOMEM;
        }
    }
    l->fids[l->n] = OGR_F_GetFID(feat);
    l->geoms[l->n] = g;
    l->n++;
    return ADCOV_OK;
}

/* Moves every point of g (lon/lat) from the layer's datum to WGS 84, in place. */
static void to_wgs84(OGRGeometryH g, adcov_datum datum)
{
    int parts = OGR_G_GetGeometryCount(g);
    for (int i = 0; i < parts; i++)
        to_wgs84(OGR_G_GetGeometryRef(g, i), datum);
    int n = parts ? 0 : OGR_G_GetPointCount(g);
    for (int i = 0; i < n; i++) {
        double x = OGR_G_GetX(g, i), y = OGR_G_GetY(g, i);
        adcov_datum_to_wgs84(datum, &x, &y);
        OGR_G_SetPoint_2D(g, i, x, y);
    }
}

/* A MultiPoint of one point is that point (many GIS exports wrap points so); more points are bad input.
 * Takes og over and returns the geometry to go on with (NULL after a failure). */
static OGRGeometryH single_point(adcov_ctx *ctx, const adcov_layer *l, long long fid, OGRGeometryH og)
{
    if (wkbFlatten(OGR_G_GetGeometryType(og)) != wkbMultiPoint)
        return og;
    int n = OGR_G_GetGeometryCount(og);
    OGRGeometryH pt = n == 1 ? OGR_G_Clone(OGR_G_GetGeometryRef(og, 0)) : NULL;
    if (n != 1)
        adcov_fail(ctx, ADCOV_EINPUT, "%s:%lld:geometry: a multi-part point of %d points; give one point per feature",
                   l->where, fid, n);
    OGR_G_DestroyGeometry(og);
    return pt;
}

/* In a longitude/latitude layer, a latitude beyond ±90 is a longitude: the two are swapped. */
static adcov_status check_swapped(adcov_ctx *ctx, const adcov_layer *l, long long fid, OGRGeometryH og)
{
    if (!OSRIsGeographic(l->srs))
        return ADCOV_OK;
    OGREnvelope e;
    OGR_G_GetEnvelope(og, &e);
    if (e.MinY >= -90 && e.MaxY <= 90)
        return ADCOV_OK;
    return adcov_fail(ctx, ADCOV_EINPUT, "%s:%lld:geometry: latitude %.10g is beyond ±90: longitude and latitude "
                      "look swapped", l->where, fid, e.MaxY > 90 ? e.MaxY : e.MinY);
}

static adcov_status wkb_to_geos(adcov_ctx *ctx, adcov_layer *l, long long fid, OGRGeometryH og, GEOSGeometry **out)
{
    size_t sz = (size_t)OGR_G_WkbSize(og);
    unsigned char *buf = adcov_malloc(sz);
    if (!buf)
        return ADCOV_ENOMEM;
    OGR_G_ExportToWkb(og, wkbNDR, buf);
    *out = GEOSGeomFromWKB_buf_r(l->geos, buf, sz);
    free(buf);
    if (!*out)
        return adcov_fail(ctx, ADCOV_EINPUT, "%s:%lld:geometry: unreadable geometry (%s)", l->where, fid,
                          adcov_geos_message(ctx));
    if (has_nan(l->geos, *out)) {
        GEOSGeom_destroy_r(l->geos, *out);
        *out = NULL;
        return adcov_fail(ctx, ADCOV_EINPUT, "%s:%lld:geometry: coordinate is NaN or infinite", l->where, fid);
    }
    return ADCOV_OK;
}

/* Converts one OGR geometry (taken over) into a checked GEOS geometry in the analysis CRS: curves made
 * linear, 3D flattened, app datums moved to WGS 84, then transformed. */
static adcov_status to_geos(adcov_ctx *ctx, adcov_layer *l, long long fid, OGRGeometryH og,
                            OGRCoordinateTransformationH ct, int accept, GEOSGeometry **out)
{
    *out = NULL;
    if (!og || OGR_G_IsEmpty(og)) {
        if (og)
            OGR_G_DestroyGeometry(og);
        const char *why = CPLGetLastErrorType() >= CE_Failure ? adcov_gdal_message() : "";
        return adcov_fail(ctx, ADCOV_EINPUT, "%s:%lld:geometry: empty or missing geometry%s%s%s", l->where, fid,
                          *why ? " (" : "", why, *why ? ")" : "");
    }
    if (OGR_G_HasCurveGeometry(og, 0)) {
        OGRGeometryH lin = OGR_G_GetLinearGeometry(og, 0, NULL);
        OGR_G_DestroyGeometry(og);
        if (!(og = lin))
            return adcov_fail(ctx, ADCOV_EINPUT, "%s:%lld:geometry: curved geometry cannot be made linear", l->where, fid);
    }
    if ((accept & ADCOV_GEOM_POINT) && !(og = single_point(ctx, l, fid, og)))
        return adcov_ctx_status(ctx);
    adcov_status st = ADCOV_OK;
    if (!(kind_of(OGR_G_GetGeometryType(og)) & accept))
        st = adcov_fail(ctx, ADCOV_EINPUT, "%s:%lld:geometry: %s is not a geometry type this role accepts",
                        l->where, fid, OGRGeometryTypeToName(OGR_G_GetGeometryType(og)));
    if (!st) {
        OGR_G_FlattenTo2D(og);
        if (l->datum != ADCOV_DATUM_WGS84)
            to_wgs84(og, l->datum);
        st = check_swapped(ctx, l, fid, og);
    }
    CPLErrorReset();
    if (!st && ct && OGR_G_Transform(og, ct) != OGRERR_NONE)
        st = adcov_fail(ctx, ADCOV_EPROJ, "%s:%lld:geometry: cannot transform into the analysis CRS (%s)", l->where,
                        fid, adcov_gdal_message());
    if (!st)
        st = wkb_to_geos(ctx, l, fid, og, out);
    OGR_G_DestroyGeometry(og);
    return st;
}

adcov_status adcov_layer_read(adcov_ctx *ctx, adcov_layer *l, OGRSpatialReferenceH analysis, int accept)
{
    l->geos = adcov_ctx_geos(ctx); /* the geometries belong to the reading context */
    /* the same CRS needs no transform (and no PROJ call per feature) */
    int same = OSRIsSame(l->srs, analysis);
    OGRCoordinateTransformationH ct = same ? NULL : OCTNewCoordinateTransformation(l->srs, analysis);
    if (!same && !ct)
        return adcov_fail(ctx, ADCOV_EPROJ, "%s::: no transform from the layer's CRS to the analysis CRS (%s)",
                          l->where, adcov_gdal_message());
    adcov_status st = ADCOV_OK;
    OGR_L_ResetReading(l->lyr);
    OGRFeatureH feat;
    CPLErrorReset();
    while (st == ADCOV_OK && (feat = OGR_L_GetNextFeature(l->lyr)) != NULL) {
        long long fid = OGR_F_GetFID(feat);
        GEOSGeometry *g = NULL;
        st = check_coordinates(ctx, l, feat);
        if (st == ADCOV_OK)
            st = to_geos(ctx, l, fid, OGR_F_StealGeometry(feat), ct, accept, &g);
        if (st == ADCOV_OK)
            st = push_feature(l, feat, g);
        OGR_F_Destroy(feat);
        if (st == ADCOV_OK)
            CPLErrorReset(); /* an error seen from here on belongs to the next read */
    }
    /* reading must not stop early without a word: a damaged file loses no feature silently */
    GIntBig expected = st == ADCOV_OK ? OGR_L_GetFeatureCount(l->lyr, 0) : -1;
    if (st == ADCOV_OK && CPLGetLastErrorType() >= CE_Failure)
        st = adcov_fail(ctx, ADCOV_EINPUT, "%s::: reading stopped after %zu features: %s", l->where, l->n,
                        adcov_gdal_message());
    else if (st == ADCOV_OK && expected >= 0 && (size_t)expected != l->n)
        st = adcov_fail(ctx, ADCOV_EINPUT, "%s::: the file says it holds %lld features but %zu could be read",
                        l->where, (long long)expected, l->n);
    if (st == ADCOV_ENOMEM)
        adcov_fail(ctx, st, "%s::: out of memory", l->where);
    if (ct)
        OCTDestroyCoordinateTransformation(ct);
    return st;
}
