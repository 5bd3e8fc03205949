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
#include "encoding.h"

/* One source of the role. */
typedef struct {
    GDALDatasetH ds;
    OGRLayerH lyr;
    OGRSpatialReferenceH srs;
    char *where;        /* "path:layer" */
    char *key;          /* how it was opened (path, x, y, encoding): sources with equal keys share ds */
    char *recoded;      /* a GDAL memory file holding the file recoded to UTF-8, or NULL */
    int *field_index;   /* per slot, -1 when unmapped */
    char **field_names; /* per slot, NULL when unmapped; "set.<slot>" for a set value */
    char **set;         /* per slot, the value every feature takes, or NULL */
    int table;          /* text table with coordinate columns: rows as text, header found by adcov */
    const char *driver; /* GDAL's short name */
    char **header;      /* table: the header row's cells, per OGR field */
    int ncols;
    long long header_row; /* table: the header's row (rows before it are titles) */
    int xfield, yfield; /* table: coordinate columns, -1 otherwise */
    adcov_datum datum;
    OGREnvelope extent; /* of its coordinates, in its own CRS (has_extent 0: none could be had) */
    int has_extent;
} part;

typedef struct {
    size_t source;
    long long row;
    const char *why; /* static */
} skipped_row;

struct adcov_layer {
    part *parts;
    size_t nparts;
    size_t nfields;
    size_t n, cap;
    long long *fids;
    unsigned *part_of;  /* per feature: its source */
    GEOSGeometry **geoms;
    char **values;      /* n * nfields, NULL means "" (set values are not copied: see adcov_layer_value) */
    skipped_row *skipped;
    size_t nskipped, capskipped;
    GEOSContextHandle_t geos;
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

/* ---- numbers as typed ---- */

/* Copies s into buf (size n) with full-width digits, point and signs as ASCII and no-break or full-width
 * spaces as spaces; 0 when it does not fit. */
static int fold_number(const char *s, char *buf, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t k = 0;
    while (*p) {
        char c = (char)*p;
        size_t len = 1;
        if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99)
            c = (char)('0' + p[2] - 0x90), len = 3;
        else if (p[0] == 0xEF && p[1] == 0xBC && (p[2] == 0x8E || p[2] == 0x8D || p[2] == 0x8B))
            c = p[2] == 0x8E ? '.' : p[2] == 0x8D ? '-' : '+', len = 3;
        else if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
            c = ' ', len = 3;
        else if (p[0] == 0xC2 && p[1] == 0xA0)
            c = ' ', len = 2;
        if (k + 1 >= n)
            return 0;
        buf[k++] = c;
        p += len;
    }
    buf[k] = '\0';
    return 1;
}

int adcov_parse_number(const char *s, double *out)
{
    char buf[128];
    if (!fold_number(s ? s : "", buf, sizeof buf))
        return -1;
    char *p = buf, *end;
    while (*p == ' ' || *p == '\t')
        p++;
    if (!*p)
        return 0;
    double v = strtod(p, &end);
    while (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n')
        end++;
    if (end == p || *end || !isfinite(v) || strpbrk(p, "xXpPnN"))
        return -1;
    *out = v;
    return 1;
}

/* ---- opening ---- */

/* Inputs come from contractors and phones: only the formats SPEC §2 names are opened. */
const char *const adcov_input_drivers[] = {"ESRI Shapefile", "GPKG", "GeoJSON", "GeoJSONSeq", "CSV", "XLSX", "XLS", "ODS",
                                           "KML", "LIBKML", "GPX", "MapInfo File", "OpenFileGDB", "FileGDB", "DXF", NULL};

/* Spreadsheet drivers read their sheets lazily under these configuration options: every row a feature,
 * every cell text (adcov finds the header and reads the numbers itself). Set on this thread only. */
static void sheet_options(int on)
{
    static const char *const keys[] = {"OGR_XLSX_HEADERS", "OGR_ODS_HEADERS", "OGR_XLS_HEADERS", "OGR_XLSX_FIELD_TYPES",
                                       "OGR_ODS_FIELD_TYPES", "OGR_XLS_FIELD_TYPES"};
    for (int i = 0; i < 6; i++)
        CPLSetThreadLocalConfigOption(keys[i], on ? (i < 3 ? "DISABLE" : "STRING") : NULL);
}

static int is_sheet(const char *driver)
{
    return driver && (!strcmp(driver, "XLSX") || !strcmp(driver, "XLS") || !strcmp(driver, "ODS"));
}

static char **open_options(const adcov_source *src, const char *dbf_encoding)
{
    char **opts = NULL;
    if (src->x) /* a CSV's rows as text, header included: adcov finds the header */
        opts = CSLSetNameValue(opts, "HEADERS", "NO");
    if (dbf_encoding)
        opts = CSLSetNameValue(opts, "ENCODING", dbf_encoding);
    return opts;
}

static char *source_key(const adcov_source *src)
{
    return adcov_sprintf("%s\x1f%s\x1f%s\x1f%s", src->open_path ? src->open_path : src->path, src->x ? src->x : "",
                         src->y ? src->y : "", src->encoding ? src->encoding : "");
}

/* The dataset of a part of a shared layer opened the same way, or NULL. */
static GDALDatasetH shared_dataset(const char *key, const adcov_layer *const *share, size_t nshare)
{
    for (size_t k = 0; k < nshare; k++)
        for (size_t i = 0; share[k] && i < share[k]->nparts; i++)
            if (share[k]->parts[i].ds && share[k]->parts[i].key && !strcmp(share[k]->parts[i].key, key))
                return share[k]->parts[i].ds;
    return NULL;
}

static adcov_status open_dataset(adcov_ctx *ctx, const adcov_source *src, part *p, const adcov_layer *const *share,
                                 size_t nshare)
{
    const char *path = src->open_path ? src->open_path : src->path;
    if (!(p->key = source_key(src)))
        return ADCOV_ENOMEM;
    if ((p->ds = shared_dataset(p->key, share, nshare))) {
        GDALReferenceDataset(p->ds);
        return ADCOV_OK;
    }
    const char *dbf = NULL; /* a Shapefile's, told to GDAL; a text file is recoded instead */
    adcov_status st = adcov_dbf_encoding(ctx, path, src->path, src->encoding, &dbf);
    if (!st)
        st = adcov_recode_text_file(ctx, path, src->path, src->encoding, &p->recoded);
    if (st)
        return st;
    char **opts = open_options(src, dbf);
    CPLErrorReset();
    sheet_options(1);
    p->ds = GDALOpenEx(p->recoded ? p->recoded : path, GDAL_OF_VECTOR | GDAL_OF_READONLY, adcov_input_drivers,
                       (const char *const *)opts, NULL);
    sheet_options(0);
    CSLDestroy(opts);
    if (!p->ds && access(path, F_OK) != 0)
        return adcov_fail(ctx, ADCOV_EINPUT, "%s:::: the %s source does not exist", src->path, src->role);
    if (!p->ds) {
        const char *why = adcov_gdal_message();
        return adcov_fail(ctx, ADCOV_EINPUT, "%s:::: cannot open the %s source: %s", src->path, src->role,
                          *why ? why : "not a vector file GDAL can read");
    }
    return ADCOV_OK;
}

static adcov_status pick_layer(adcov_ctx *ctx, const adcov_source *src, part *p)
{
    int count = GDALDatasetGetLayerCount(p->ds);
    if (src->layer) {
        p->lyr = GDALDatasetGetLayerByName(p->ds, src->layer);
        if (!p->lyr)
            return adcov_fail(ctx, ADCOV_EINPUT, "%s:%s::: no layer or sheet of that name in the %s source",
                              src->path, src->layer, src->role);
    } else if (count == 1) {
        p->lyr = GDALDatasetGetLayer(p->ds, 0);
    } else {
        return adcov_fail(ctx, ADCOV_EINPUT, "%s:::: the %s source has %d layers or sheets; name one with 'layer:'",
                          src->path, src->role, count);
    }
    p->driver = GDALGetDriverShortName(GDALGetDatasetDriver(p->ds));
    p->where = adcov_sprintf("%s:%s", src->path, OGR_L_GetName(p->lyr));
    return p->where ? ADCOV_OK : ADCOV_ENOMEM;
}

/* A layer with no feature at all is bad input. Asked of its first feature, not its count: counting a CSV
 * reads it whole. */
static adcov_status not_empty(adcov_ctx *ctx, const adcov_source *src, part *p)
{
    OGR_L_ResetReading(p->lyr);
    OGRFeatureH first = OGR_L_GetNextFeature(p->lyr);
    OGR_L_ResetReading(p->lyr);
    if (!first)
        return adcov_fail(ctx, ADCOV_EINPUT, "%s::: the %s layer has no features", p->where, src->role);
    OGR_F_Destroy(first);
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
static const char *misfit(const part *l, const OGREnvelope *e, char *hint, size_t size)
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

/* The source's coordinates must fit its CRS (its extent is known by now). */
static adcov_status check_extent(adcov_ctx *ctx, part *l)
{
    const OGREnvelope e = l->extent;
    if (!l->has_extent || !isfinite(e.MinX) || !isfinite(e.MaxY))
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


static adcov_status check_datum(adcov_ctx *ctx, const adcov_source *src, part *p)
{
    p->datum = src->datum;
    if (src->datum != ADCOV_DATUM_WGS84 && !OSRIsGeographic(p->srs))
        return adcov_fail(ctx, ADCOV_EINPUT,
                          "%s::: datum %s applies to longitude/latitude picked in a map app, but the layer's CRS is "
                          "projected", p->where, adcov_datum_name(src->datum));
    return ADCOV_OK;
}

static adcov_status pick_srs(adcov_ctx *ctx, const adcov_source *src, part *p)
{
    if (src->crs) {
        char where[600];
        snprintf(where, sizeof where, "%.580s::crs", p->where);
        p->srs = adcov_crs_from_text(ctx, where, src->crs);
        return p->srs ? ADCOV_OK : ADCOV_EPROJ;
    }
    OGRSpatialReferenceH own = p->table ? NULL : OGR_L_GetSpatialRef(p->lyr);
    if (!own && src->datum != ADCOV_DATUM_WGS84) {
        /* coordinates picked in a map app are longitude/latitude: the datum says what they are */
        p->srs = adcov_crs_from_text(ctx, p->where, "EPSG:4326");
        return p->srs ? ADCOV_OK : ADCOV_EPROJ;
    }
    if (!own)
        return adcov_fail(ctx, ADCOV_EINPUT,
                          "%s::: the %s layer has no CRS (no .prj or CRS in the file); give 'crs:' in the config",
                          p->where, src->role);
    p->srs = OSRClone(own);
    OSRSetAxisMappingStrategy(p->srs, OAMS_TRADITIONAL_GIS_ORDER);
    return ADCOV_OK;
}

/* ---- tables: rows as text, the header found among them ---- */

/* The text of cell c of feat, trimmed of ASCII spaces into buf; "" when unset. */
static const char *cell(OGRFeatureH feat, int c, char *buf, size_t n)
{
    const char *s = OGR_F_IsFieldSetAndNotNull(feat, c) ? OGR_F_GetFieldAsString(feat, c) : "";
    while (*s == ' ' || *s == '\t')
        s++;
    snprintf(buf, n, "%s", s);
    size_t k = strlen(buf);
    while (k && (buf[k - 1] == ' ' || buf[k - 1] == '\t' || buf[k - 1] == '\r'))
        buf[--k] = '\0';
    return buf;
}

/* A row none of whose cells holds anything but spaces (full-width ones too: a number parse finds those). */
static int row_is_empty(OGRFeatureH feat, int ncols)
{
    char buf[64];
    for (int c = 0; c < ncols; c++) {
        double d;
        if (*cell(feat, c, buf, sizeof buf) && adcov_parse_number(buf, &d) != 0)
            return 0;
    }
    return 1;
}

/* Finds the header: the first of the first 50 rows that holds both coordinate column names. */
static adcov_status find_header(adcov_ctx *ctx, const adcov_source *src, part *p)
{
    p->ncols = OGR_FD_GetFieldCount(OGR_L_GetLayerDefn(p->lyr));
    OGR_L_ResetReading(p->lyr);
    OGRFeatureH feat;
    for (int row = 0; row < 50 && !p->header && (feat = OGR_L_GetNextFeature(p->lyr)); row++) {
        char buf[512];
        int hx = -1, hy = -1;
        for (int c = 0; c < p->ncols; c++) {
            cell(feat, c, buf, sizeof buf);
            hx = hx < 0 && !strcmp(buf, src->x) ? c : hx;
            hy = hy < 0 && !strcmp(buf, src->y) ? c : hy;
        }
        if (hx >= 0 && hy >= 0 && !(p->header = adcov_calloc((size_t)p->ncols + 1, sizeof *p->header))) {
            OGR_F_Destroy(feat);
            return ADCOV_ENOMEM;
        }
        if (p->header) {
            p->header_row = OGR_F_GetFID(feat);
            p->xfield = hx;
            p->yfield = hy;
            for (int c = 0; c < p->ncols; c++)
                p->header[c] = adcov_strdup(cell(feat, c, buf, sizeof buf));
        }
        OGR_F_Destroy(feat);
    }
    OGR_L_ResetReading(p->lyr);
    if (!p->header)
        return adcov_fail(ctx, ADCOV_EINPUT, "%s::%s: no such coordinate column: no row among the first 50 holds both '%s' "
                          "and '%s' (the header row); check x: and y: against it", p->where, src->x, src->x, src->y);
    for (int c = 0; c < p->ncols; c++)
        if (!p->header[c])
            return ADCOV_ENOMEM;
    return ADCOV_OK;
}

/* A table's extent is taken from its first rows: enough to tell its CRS (SPEC §3's checks of a layer) and its
 * UTM zone, and one pass over a large 台账 fewer; every row's coordinates are checked when it is read. */
#define TABLE_SAMPLE 1000

/* The extent of the coordinates in a table's first TABLE_SAMPLE rows (rows whose cells are no numbers are
 * named when read); 0: none. */
static int table_extent(const part *p, OGREnvelope *e)
{
    int found = 0, rows = 0;
    OGRFeatureH feat;
    OGR_L_ResetReading(p->lyr);
    while (rows++ < TABLE_SAMPLE && (feat = OGR_L_GetNextFeature(p->lyr))) {
        double x, y;
        if (OGR_F_GetFID(feat) > p->header_row && OGR_F_IsFieldSetAndNotNull(feat, p->xfield) &&
            OGR_F_IsFieldSetAndNotNull(feat, p->yfield) &&
            adcov_parse_number(OGR_F_GetFieldAsString(feat, p->xfield), &x) == 1 &&
            adcov_parse_number(OGR_F_GetFieldAsString(feat, p->yfield), &y) == 1) {
            e->MinX = found ? fmin(e->MinX, x) : x;
            e->MaxX = found ? fmax(e->MaxX, x) : x;
            e->MinY = found ? fmin(e->MinY, y) : y;
            e->MaxY = found ? fmax(e->MaxY, y) : y;
            found = 1;
        }
        OGR_F_Destroy(feat);
    }
    OGR_L_ResetReading(p->lyr);
    return found;
}

static int field_index(const part *p, const char *name)
{
    if (!p->table)
        return OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(p->lyr), name);
    for (int c = 0; c < p->ncols; c++)
        if (!strcmp(p->header[c], name))
            return c;
    return -1;
}

/* ---- fields ---- */

static adcov_status map_fields(adcov_ctx *ctx, const adcov_source *src, part *p, const char *const *slots, size_t nfields)
{
    p->field_index = adcov_calloc(nfields ? nfields : 1, sizeof *p->field_index);
    p->field_names = adcov_calloc(nfields ? nfields : 1, sizeof *p->field_names);
    p->set = adcov_calloc(nfields ? nfields : 1, sizeof *p->set);
    if (!p->field_index || !p->field_names || !p->set)
        return ADCOV_ENOMEM;
    int nogr = OGR_FD_GetFieldCount(OGR_L_GetLayerDefn(p->lyr));
    for (size_t f = 0; f < nfields; f++) {
        p->field_index[f] = -1;
        const char *name = src->fields ? src->fields[f] : NULL;
        if (src->set && src->set[f]) {
            if (!(p->set[f] = adcov_strdup(src->set[f])) || !(p->field_names[f] = adcov_sprintf("set.%s", slots[f])))
                return ADCOV_ENOMEM;
            continue;
        }
        if (!name)
            continue;
        int idx = field_index(p, name);
        if (idx < 0 && src->required && !src->required[f])
            continue;
        if (idx < 0 && nogr == 0)
            return adcov_fail(ctx, ADCOV_EINPUT, "%s::%s: no such field: the layer has no attribute fields at all "
                              "(a damaged or missing .dbf?)", p->where, name);
        if (idx < 0)
            return adcov_fail(ctx, ADCOV_EINPUT, "%s::%s: no such field in the %s", p->where, name,
                              p->table ? "header row" : "layer");
        p->field_index[f] = idx;
        if (!(p->field_names[f] = adcov_strdup(name)))
            return ADCOV_ENOMEM;
    }
    return ADCOV_OK;
}

static adcov_status open_part(adcov_ctx *ctx, const adcov_source *src, part *p, const char *const *slots,
                              size_t nfields, const adcov_layer *const *share, size_t nshare)
{
    p->xfield = p->yfield = -1;
    adcov_status st = open_dataset(ctx, src, p, share, nshare);
    if (!st)
        st = pick_layer(ctx, src, p);
    if (!st && is_sheet(p->driver) && !src->x)
        st = adcov_fail(ctx, ADCOV_EINPUT, "%s::: a spreadsheet holds no geometry: name its coordinate columns with "
                        "'x:' and 'y:' (经度 and 纬度, say)", p->where);
    p->table = src->x != NULL;
    sheet_options(1);
    if (!st)
        st = not_empty(ctx, src, p);
    if (!st && p->table)
        st = find_header(ctx, src, p);
    sheet_options(0);
    if (!st)
        st = pick_srs(ctx, src, p);
    if (!st)
        st = check_datum(ctx, src, p);
    if (!st) {
        sheet_options(p->table);
        p->has_extent = p->table ? table_extent(p, &p->extent) : OGR_L_GetExtent(p->lyr, &p->extent, 1) == OGRERR_NONE;
        sheet_options(0);
        st = check_extent(ctx, p);
    }
    if (!st)
        st = map_fields(ctx, src, p, slots, nfields);
    return st;
}

adcov_status adcov_layer_open(adcov_ctx *ctx, const adcov_source *srcs, size_t nsrcs, const char *const *slots,
                              size_t nfields, const adcov_layer *const *share, size_t nshare, adcov_layer **out)
{
    *out = NULL;
    adcov_layer *l = adcov_calloc(1, sizeof *l);
    if (l)
        l->parts = adcov_calloc(nsrcs ? nsrcs : 1, sizeof *l->parts);
    if (!l || !l->parts) {
        free(l);
        return adcov_fail(ctx, ADCOV_ENOMEM, "%s:::: out of memory", nsrcs ? srcs[0].path : "");
    }
    l->geos = adcov_ctx_geos(ctx);
    l->nfields = nfields;
    adcov_status st = ADCOV_OK;
    for (size_t k = 0; !st && k < nsrcs; k++) {
        l->nparts++;
        st = open_part(ctx, &srcs[k], &l->parts[k], slots, nfields, share, nshare);
        if (st == ADCOV_ENOMEM)
            adcov_fail(ctx, st, "%s:::: out of memory", srcs[k].path);
    }
    if (st) {
        adcov_layer_free(l);
        return st;
    }
    *out = l;
    return ADCOV_OK;
}

static void free_part(part *p, size_t nfields)
{
    for (size_t f = 0; f < nfields; f++) {
        if (p->field_names)
            free(p->field_names[f]);
        if (p->set)
            free(p->set[f]);
    }
    free(p->field_names);
    free(p->set);
    free(p->field_index);
    for (int c = 0; p->header && c < p->ncols; c++)
        free(p->header[c]);
    free(p->header);
    if (p->srs)
        OSRRelease(p->srs);
    if (p->ds && GDALDereferenceDataset(p->ds) <= 0) /* the last user of a shared dataset */
        GDALClose(p->ds);
    adcov_vsimem_free(p->recoded);
    free(p->where);
    free(p->key);
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
    for (size_t k = 0; k < l->nparts; k++)
        free_part(&l->parts[k], l->nfields);
    free(l->parts);
    free(l->fids);
    free(l->part_of);
    free(l->geoms);
    free(l->values);
    free(l->skipped);
    free(l);
}

void adcov_layer_drop_geoms(adcov_layer *l)
{
    for (size_t i = 0; l && i < l->n; i++) {
        GEOSGeom_destroy_r(l->geos, l->geoms[i]);
        l->geoms[i] = NULL;
    }
}

OGRSpatialReferenceH adcov_layer_srs(const adcov_layer *l)
{
    for (size_t k = 0; k < l->nparts; k++)
        if (OSRIsProjected(l->parts[k].srs))
            return l->parts[k].srs;
    return l->parts[0].srs;
}

size_t adcov_layer_count(const adcov_layer *l) { return l->n; }
long long adcov_layer_fid(const adcov_layer *l, size_t i) { return l->fids[i]; }
const GEOSGeometry *adcov_layer_geom(const adcov_layer *l, size_t i) { return l->geoms[i]; }
size_t adcov_layer_source(const adcov_layer *l, size_t i) { return i < l->n ? l->part_of[i] : 0; }
size_t adcov_layer_nsources(const adcov_layer *l) { return l->nparts; }
const char *adcov_layer_source_where(const adcov_layer *l, size_t k) { return l->parts[k].where; }
const char *adcov_layer_where(const adcov_layer *l, size_t i) { return l->parts[adcov_layer_source(l, i)].where; }
size_t adcov_layer_nskipped(const adcov_layer *l) { return l->nskipped; }

void adcov_layer_skipped(const adcov_layer *l, size_t k, size_t *source, long long *row, const char **why)
{
    *source = l->skipped[k].source;
    *row = l->skipped[k].row;
    *why = l->skipped[k].why;
}

const char *adcov_layer_field_name(const adcov_layer *l, size_t i, size_t f)
{
    return f < l->nfields ? l->parts[adcov_layer_source(l, i)].field_names[f] : NULL;
}

const char *adcov_layer_value(const adcov_layer *l, size_t i, size_t f)
{
    if (f >= l->nfields)
        return "";
    const char *set = l->parts[l->part_of[i]].set[f];
    const char *v = set ? set : l->values[i * l->nfields + f];
    return v ? v : "";
}

adcov_status adcov_layer_center(adcov_ctx *ctx, const adcov_layer *l, double *lon, double *lat)
{
    const part *p = &l->parts[0];
    if (!p->has_extent)
        return adcov_fail(ctx, ADCOV_EINPUT, "%s::: cannot compute the layer's extent (no coordinates?)", p->where);
    double x = (p->extent.MinX + p->extent.MaxX) / 2, y = (p->extent.MinY + p->extent.MaxY) / 2;
    OGRSpatialReferenceH wgs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(wgs, 4326);
    OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);
    OGRCoordinateTransformationH ct = OCTNewCoordinateTransformation(p->srs, wgs);
    int ok = ct && OCTTransform(ct, 1, &x, &y, NULL);
    if (ct)
        OCTDestroyCoordinateTransformation(ct);
    OSRRelease(wgs);
    if (!ok)
        return adcov_fail(ctx, ADCOV_EPROJ, "%s::: cannot transform the layer's centre to WGS 84", p->where);
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
static OGRGeometryH single_point(adcov_ctx *ctx, const part *l, long long fid, OGRGeometryH og)
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
static adcov_status check_swapped(adcov_ctx *ctx, const part *l, long long fid, OGRGeometryH og)
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

static adcov_status wkb_to_geos(adcov_ctx *ctx, GEOSContextHandle_t h, const part *l, long long fid, OGRGeometryH og,
                                GEOSGeometry **out)
{
    size_t sz = (size_t)OGR_G_WkbSize(og);
    unsigned char *buf = adcov_malloc(sz);
    if (!buf)
        return ADCOV_ENOMEM;
    OGR_G_ExportToWkb(og, wkbNDR, buf);
    *out = GEOSGeomFromWKB_buf_r(h, buf, sz);
    free(buf);
    if (!*out)
        return adcov_fail(ctx, ADCOV_EINPUT, "%s:%lld:geometry: unreadable geometry (%s)", l->where, fid,
                          adcov_geos_message(ctx));
    if (has_nan(h, *out)) {
        GEOSGeom_destroy_r(h, *out);
        *out = NULL;
        return adcov_fail(ctx, ADCOV_EINPUT, "%s:%lld:geometry: coordinate is NaN or infinite", l->where, fid);
    }
    return ADCOV_OK;
}

/* Converts one OGR geometry (taken over) into a checked GEOS geometry in the analysis CRS: curves made
 * linear, 3D flattened, app datums moved to WGS 84, then transformed. */
/* Converts one OGR geometry (taken over) into a checked GEOS geometry in the analysis CRS: curves made
 * linear, 3D flattened, app datums moved to WGS 84, then transformed. */
static adcov_status to_geos(adcov_ctx *ctx, GEOSContextHandle_t h, const part *l, long long fid, OGRGeometryH og,
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
        st = wkb_to_geos(ctx, h, l, fid, og, out);
    OGR_G_DestroyGeometry(og);
    return st;
}


/* A table row's coordinates as a point: each cell must be a number (typed as text, with spaces or
 * full-width digits, is fine). NULL after a failure naming row and column. */
static OGRGeometryH table_point(adcov_ctx *ctx, const part *p, OGRFeatureH feat)
{
    double v[2];
    int cols[2] = {p->xfield, p->yfield};
    for (int i = 0; i < 2; i++) {
        const char *s = OGR_F_IsFieldSetAndNotNull(feat, cols[i]) ? OGR_F_GetFieldAsString(feat, cols[i]) : "";
        if (adcov_parse_number(s, &v[i]) != 1) {
            adcov_fail(ctx, ADCOV_EINPUT, "%s:%lld:%s: coordinate%s%s%s is empty or not a number", p->where,
                       (long long)OGR_F_GetFID(feat), p->header[cols[i]], *s ? " '" : "", s, *s ? "'" : "");
            return NULL;
        }
    }
    OGRGeometryH g = OGR_G_CreateGeometry(wkbPoint);
    if (g)
        OGR_G_SetPoint_2D(g, 0, v[0], v[1]);
    else
        adcov_fail(ctx, ADCOV_ENOMEM, "%s:%lld: out of memory", p->where, (long long)OGR_F_GetFID(feat));
    return g;
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
    unsigned *part_of = adcov_realloc(l->part_of, ncap * sizeof *part_of);
    if (!part_of)
        return ADCOV_ENOMEM;
    l->part_of = part_of;
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

/* Appends feat of source k with geometry g (taken over, also on failure). */
static adcov_status push_feature(adcov_layer *l, size_t k, OGRFeatureH feat, GEOSGeometry *g)
{
    if (reserve(l) != ADCOV_OK) {
        GEOSGeom_destroy_r(l->geos, g);
        return ADCOV_ENOMEM;
    }
    const part *p = &l->parts[k];
    char **row = &l->values[l->n * l->nfields];
    for (size_t f = 0; f < l->nfields; f++) {
        int idx = p->field_index[f];
        int set = idx >= 0 && OGR_F_IsFieldSetAndNotNull(feat, idx);
        row[f] = set ? adcov_strdup(OGR_F_GetFieldAsString(feat, idx)) : NULL;
        if (set && !row[f]) {
            for (size_t j = 0; j < f; j++)
                free(row[j]);
            GEOSGeom_destroy_r(l->geos, g);
            return ADCOV_ENOMEM;
        }
    }
    l->fids[l->n] = OGR_F_GetFID(feat);
    l->part_of[l->n] = (unsigned)k;
    l->geoms[l->n] = g;
    l->n++;
    return ADCOV_OK;
}

static adcov_status skip_row(adcov_layer *l, size_t k, long long row, const char *why)
{
    if (adcov_grow((void **)&l->skipped, &l->capskipped, l->nskipped + 1, sizeof *l->skipped))
        return ADCOV_ENOMEM;
    l->skipped[l->nskipped++] = (skipped_row){k, row, why};
    return ADCOV_OK;
}

/* Reads one feature of source k: a table row (skipped when it is a title or empty) or a feature. */
static adcov_status read_feature(adcov_ctx *ctx, adcov_layer *l, size_t k, OGRFeatureH feat,
                                 OGRCoordinateTransformationH ct, int accept)
{
    part *p = &l->parts[k];
    long long fid = OGR_F_GetFID(feat);
    OGRGeometryH og;
    if (p->table && fid < p->header_row)
        return skip_row(l, k, fid, "title row above the header");
    if (p->table && fid == p->header_row)
        return ADCOV_OK;
    if (p->table && row_is_empty(feat, p->ncols))
        return skip_row(l, k, fid, "empty row");
    if (p->table && !(og = table_point(ctx, p, feat)))
        return adcov_ctx_status(ctx);
    if (!p->table)
        og = OGR_F_StealGeometry(feat);
    GEOSGeometry *g = NULL;
    adcov_status st = to_geos(ctx, l->geos, p, fid, og, ct, accept, &g);
    return st ? st : push_feature(l, k, feat, g);
}

/* Reads every feature of source k into l. */
static adcov_status read_part(adcov_ctx *ctx, adcov_layer *l, size_t k, OGRSpatialReferenceH analysis, int accept)
{
    part *p = &l->parts[k];
    /* the same CRS needs no transform (and no PROJ call per feature) */
    int same = OSRIsSame(p->srs, analysis);
    OGRCoordinateTransformationH ct = same ? NULL : OCTNewCoordinateTransformation(p->srs, analysis);
    if (!same && !ct)
        return adcov_fail(ctx, ADCOV_EPROJ, "%s::: no transform from the layer's CRS to the analysis CRS (%s)",
                          p->where, adcov_gdal_message());
    adcov_status st = ADCOV_OK;
    size_t before = l->n, skipped_before = l->nskipped;
    sheet_options(p->table);
    OGR_L_ResetReading(p->lyr);
    OGRFeatureH feat;
    CPLErrorReset();
    while (st == ADCOV_OK && (feat = OGR_L_GetNextFeature(p->lyr)) != NULL) {
        st = read_feature(ctx, l, k, feat, ct, accept);
        OGR_F_Destroy(feat);
        if (st == ADCOV_OK)
            CPLErrorReset(); /* an error seen from here on belongs to the next read */
    }
    /* reading must not stop early without a word: a damaged file loses no feature silently */
    GIntBig expected = st == ADCOV_OK ? OGR_L_GetFeatureCount(p->lyr, 0) : -1;
    size_t got = l->n - before + l->nskipped - skipped_before + (p->table ? 1 : 0);
    sheet_options(0);
    if (st == ADCOV_OK && CPLGetLastErrorType() >= CE_Failure)
        st = adcov_fail(ctx, ADCOV_EINPUT, "%s::: reading stopped after %zu features: %s", p->where, got,
                        adcov_gdal_message());
    else if (st == ADCOV_OK && expected >= 0 && (size_t)expected != got)
        st = adcov_fail(ctx, ADCOV_EINPUT, "%s::: the file says it holds %lld features but %zu could be read",
                        p->where, (long long)expected, got);
    if (st == ADCOV_ENOMEM)
        adcov_fail(ctx, st, "%s::: out of memory", p->where);
    if (ct)
        OCTDestroyCoordinateTransformation(ct);
    return st;
}

adcov_status adcov_layer_read(adcov_ctx *ctx, adcov_layer *l, OGRSpatialReferenceH analysis, int accept)
{
    l->geos = adcov_ctx_geos(ctx); /* the geometries belong to the reading context */
    adcov_status st = ADCOV_OK;
    for (size_t k = 0; !st && k < l->nparts; k++)
        st = read_part(ctx, l, k, analysis, accept);
    return st;
}

/* ---- a first look, for adcov init ---- */

int adcov_crs_guess(const OGREnvelope *e)
{
    if (e->MinX >= 70 && e->MaxX <= 140 && e->MinY >= 0 && e->MaxY <= 60)
        return 4326;
    int zone = prefixed_zone_code(e->MinX);
    return zone && prefixed_zone_code(e->MaxX) == zone ? zone : 0;
}

static int is_table_path(const char *path)
{
    static const char *const ext[] = {".csv", ".txt", ".xlsx", ".xls", ".ods", NULL};
    size_t n = strlen(path);
    for (int i = 0; ext[i]; i++)
        if (n >= strlen(ext[i]) && !strcasecmp(path + n - strlen(ext[i]), ext[i]))
            return 1;
    return 0;
}

/* The geometry kinds of a layer: its declared type, else those of its first 1,000 features. */
static int layer_kinds(OGRLayerH lyr)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_L_GetGeomType(lyr));
    int k = t == wkbMultiPoint ? ADCOV_GEOM_POINT : kind_of(t);
    if (k || t == wkbNone)
        return k;
    OGRFeatureH f;
    OGR_L_ResetReading(lyr);
    for (int i = 0; i < 1000 && (f = OGR_L_GetNextFeature(lyr)); i++) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        OGRwkbGeometryType gt = g ? wkbFlatten(OGR_G_GetGeometryType(g)) : wkbNone;
        k |= gt == wkbMultiPoint ? ADCOV_GEOM_POINT : kind_of(gt);
        OGR_F_Destroy(f);
    }
    OGR_L_ResetReading(lyr);
    return k;
}

/* A table's header (the first of its first 50 rows with two or more cells and no number) and the range
 * of each column's numbers below it. */
static adcov_status peek_table(OGRLayerH lyr, adcov_layer_info *info)
{
    int ncols = OGR_FD_GetFieldCount(OGR_L_GetLayerDefn(lyr)), row = 0;
    OGRFeatureH f;
    char buf[512];
    OGR_L_ResetReading(lyr);
    while ((f = OGR_L_GetNextFeature(lyr))) {
        if (!info->columns && row++ < 50) {
            int filled = 0, numbers = 0;
            for (int c = 0; c < ncols; c++) {
                double d;
                filled += *cell(f, c, buf, sizeof buf) != '\0';
                numbers += adcov_parse_number(buf, &d) == 1;
            }
            if (filled >= 2 && !numbers) {
                info->columns = adcov_calloc((size_t)ncols + 1, sizeof *info->columns);
                info->min = adcov_malloc(((size_t)ncols + 1) * sizeof *info->min);
                info->max = adcov_malloc(((size_t)ncols + 1) * sizeof *info->max);
                if (!info->columns || !info->min || !info->max) {
                    OGR_F_Destroy(f);
                    return ADCOV_ENOMEM;
                }
                for (int c = 0; c < ncols; c++, info->ncolumns++) {
                    info->min[c] = INFINITY, info->max[c] = -INFINITY;
                    if (!(info->columns[c] = adcov_strdup(cell(f, c, buf, sizeof buf)))) {
                        OGR_F_Destroy(f);
                        return ADCOV_ENOMEM;
                    }
                }
            }
        } else if (info->columns && !row_is_empty(f, ncols)) {
            info->count++;
            for (int c = 0; c < ncols; c++) {
                double d;
                if (OGR_F_IsFieldSetAndNotNull(f, c) && adcov_parse_number(OGR_F_GetFieldAsString(f, c), &d) == 1)
                    info->min[c] = fmin(info->min[c], d), info->max[c] = fmax(info->max[c], d);
            }
        }
        OGR_F_Destroy(f);
    }
    OGR_L_ResetReading(lyr);
    return ADCOV_OK;
}

static adcov_status peek_layer(OGRLayerH lyr, int table, adcov_layer_info *info)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    if (!(info->name = adcov_strdup(OGR_L_GetName(lyr))))
        return ADCOV_ENOMEM;
    if (table)
        return peek_table(lyr, info);
    info->kinds = layer_kinds(lyr);
    info->count = OGR_L_GetFeatureCount(lyr, 1);
    info->has_crs = OGR_L_GetSpatialRef(lyr) != NULL;
    if (OGR_L_GetExtent(lyr, &info->extent, 1) != OGRERR_NONE)
        info->extent = (OGREnvelope){0};
    int n = OGR_FD_GetFieldCount(defn);
    if (!(info->columns = adcov_calloc((size_t)n + 1, sizeof *info->columns)))
        return ADCOV_ENOMEM;
    for (int c = 0; c < n; c++, info->ncolumns++)
        if (!(info->columns[c] = adcov_strdup(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, c)))))
            return ADCOV_ENOMEM;
    return ADCOV_OK;
}

adcov_status adcov_layer_peek(adcov_ctx *ctx, const char *path, const char *shown, adcov_layer_info **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    part p = {.xfield = -1, .yfield = -1};
    int table = is_table_path(path);
    adcov_source src = {.role = "input", .path = shown, .open_path = path, .x = table ? "" : NULL};
    adcov_status st = open_dataset(ctx, &src, &p, NULL, 0);
    int nl = st ? 0 : GDALDatasetGetLayerCount(p.ds);
    if (!st && nl > 0 && !(*out = adcov_calloc((size_t)nl, sizeof **out)))
        st = ADCOV_ENOMEM;
    sheet_options(table);
    for (int i = 0; !st && i < nl; i++) {
        (*n)++;
        st = peek_layer(GDALDatasetGetLayer(p.ds, i), table, &(*out)[i]);
    }
    sheet_options(0);
    free_part(&p, 0);
    if (st == ADCOV_ENOMEM)
        adcov_fail(ctx, st, "%s:::: out of memory", shown);
    if (st) {
        adcov_layer_info_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return st;
}

void adcov_layer_info_free(adcov_layer_info *info, size_t n)
{
    for (size_t i = 0; info && i < n; i++) {
        for (size_t c = 0; c < info[i].ncolumns; c++)
            free(info[i].columns[c]);
        free(info[i].columns);
        free(info[i].min);
        free(info[i].max);
        free(info[i].name);
    }
    free(info);
}
