/* layer — reading one input role from one or several OGR vector sources into memory.
 *
 * Owns: opening each source read-only as vector, its CRS (or the config's), its encoding when the file
 * lies about it (geo/encoding), field lookup by that source's names and its `set` values, tables
 * (CSV, Excel, OpenDocument) read as text with coordinates from two columns, the transform into the
 * analysis CRS, and the per-feature checks (empty, NaN, wrong geometry type, a coordinate that is no
 * number) with errors that name file:layer:fid:field.
 * The caller owns each adcov_layer (adcov_layer_free, NULL is a no-op) and the adcov_source
 * strings it passes (borrowed for the call only). Geometries handed out are borrowed.
 */
#ifndef ADCOV_LAYER_H
#define ADCOV_LAYER_H

#include <stddef.h>
#include <ogr_srs_api.h>
#include "ctx.h"
#include "datum.h"

/* One source of a role: a file (and layer or sheet) with its own CRS, datum, encoding and field names. */
typedef struct {
    const char *role;     /* "roads", "ads" … used in messages */
    const char *path;     /* as the user wrote it, used in messages */
    const char *open_path; /* resolved path to open (NULL: path) */
    const char *layer;    /* NULL: the source's only layer (error when several) */
    const char *crs;      /* user CRS ("EPSG:4490", WKT, PROJ string) or NULL */
    const char *x, *y;    /* coordinate columns of a table (CSV, .xlsx, .xls, .ods) or NULL */
    const char *encoding; /* forced encoding or NULL */
    adcov_datum datum;    /* coordinates picked in a Chinese map app: converted to WGS 84 first */
    const char *const *fields; /* per slot: this source's field name, NULL when unmapped (NULL: none) */
    const int *required;       /* per slot: 1 when the field must exist (NULL: every mapped one) */
    const char *const *set;    /* per slot: the value every feature of this source takes, or NULL (NULL: none) */
} adcov_source;

/* Geometry kinds a role accepts. */
enum { ADCOV_GEOM_POINT = 1, ADCOV_GEOM_LINE = 2, ADCOV_GEOM_POLYGON = 4 };

/* One role's features, read from one or several sources and numbered 0..n-1 across them in source order. */
typedef struct adcov_layer adcov_layer;

/* The GDAL drivers an input may be opened with (NULL-terminated): Shapefile, GeoPackage, GeoJSON, CSV,
 * Excel (.xlsx, .xls), OpenDocument (.ods), KML, GPX, MapInfo TAB/MIF, FileGDB, DXF (SPEC §2). */
extern const char *const adcov_input_drivers[];

/* Opens the nsrcs sources of one role; slots[0..nfields) are the role's canonical field names (for
 * messages about a `set` value: "set.kind"). A required field that a source lacks fails naming
 * file:layer::field. A source opened from the same file, the same way, as a source of a layer in
 * share[0..nshare) shares its GDAL dataset, so those layers may only be read one after another, from one
 * thread. A table with coordinate columns (x, y) is read as text: its header is the first row that holds
 * both column names (rows above it, and empty rows, are skipped and listed by adcov_layer_skipped). */
adcov_status adcov_layer_open(adcov_ctx *ctx, const adcov_source *srcs, size_t nsrcs, const char *const *slots,
                              size_t nfields, const adcov_layer *const *share, size_t nshare, adcov_layer **out);
void adcov_layer_free(adcov_layer *layer);
/* Frees the features' geometries, with the context that read them; their fids and values stay, and
 * adcov_layer_geom gives NULL from then on. NULL is a no-op. */
void adcov_layer_drop_geoms(adcov_layer *layer);

/* Borrowed: the CRS of the first source with a projected one, else of the first (lon/lat axis order). */
OGRSpatialReferenceH adcov_layer_srs(const adcov_layer *layer);
/* Centre of the first source's extent in WGS 84 lon/lat. */
adcov_status adcov_layer_center(adcov_ctx *ctx, const adcov_layer *layer, double *lon, double *lat);

/* Reads every feature of every source, transformed into analysis (borrowed), keeping only geometry
 * kinds in accept (a bitmask of ADCOV_GEOM_*). Fails on an empty, NaN or wrongly typed geometry, or a
 * table cell that is not a number where a coordinate must be. The geometries are made with ctx's GEOS
 * handle: ctx must outlive the layer. */
adcov_status adcov_layer_read(adcov_ctx *ctx, adcov_layer *layer, OGRSpatialReferenceH analysis,
                              int accept);

size_t adcov_layer_count(const adcov_layer *layer);
long long adcov_layer_fid(const adcov_layer *layer, size_t i); /* within its source (a table's row number) */
/* Borrowed geometry of feature i in the analysis CRS (2D, linear). */
const GEOSGeometry *adcov_layer_geom(const adcov_layer *layer, size_t i);
/* Value of the f-th field of feature i (its source's `set` value when the source sets it); "" when
 * the field is unset or unmapped. */
const char *adcov_layer_value(const adcov_layer *layer, size_t i, size_t f);
/* "path:layer" of feature i's source, for messages and outputs. */
const char *adcov_layer_where(const adcov_layer *layer, size_t i);
/* The source's name for field f of feature i: its field, "set.<slot>" for a set value, NULL when unmapped. */
const char *adcov_layer_field_name(const adcov_layer *layer, size_t i, size_t f);
/* Which source (0..nsources-1) feature i came from, and the sources' count and "path:layer". */
size_t adcov_layer_source(const adcov_layer *layer, size_t i);
size_t adcov_layer_nsources(const adcov_layer *layer);
const char *adcov_layer_source_where(const adcov_layer *layer, size_t k);
/* Rows of tables that are no features: titles above the header, empty rows. Row k of nskipped: its
 * source, row number and why ("title row above the header", "empty row"). */
size_t adcov_layer_nskipped(const adcov_layer *layer);
void adcov_layer_skipped(const adcov_layer *layer, size_t k, size_t *source, long long *row, const char **why);

/* A number as planners type it: surrounding spaces (also full-width and no-break ones) ignored,
 * full-width digits, point and signs read as ASCII. 1 and *out set for a number, 0 for an empty text,
 * -1 for a text that is not a number. */
int adcov_parse_number(const char *s, double *out);

/* What adcov init sees of one layer or sheet of a file before anything is mapped. */
typedef struct {
    char *name;          /* the layer's or sheet's name */
    int kinds;           /* ADCOV_GEOM_* bits of its geometries; 0 for a table (rows with columns) */
    long long count;     /* features, or a table's rows below its header */
    char **columns;      /* its field names, or a table's header cells */
    size_t ncolumns;
    double *min, *max;   /* tables: per column, the range of its cells that are numbers (min > max: none) */
    int has_crs;         /* the file says its CRS */
    OGREnvelope extent;  /* of its geometries (not for tables) */
} adcov_layer_info;

/* Every layer of the file at path (shown in messages as shown), read as adcov reads inputs (encodings
 * judged, a CSV's or spreadsheet's rows as text). A table's header is the first of its first 50 rows with
 * two or more cells and no number. The caller frees *out with adcov_layer_info_free. */
adcov_status adcov_layer_peek(adcov_ctx *ctx, const char *path, const char *shown, adcov_layer_info **out, size_t *n);
void adcov_layer_info_free(adcov_layer_info *info, size_t n);

/* The EPSG code coordinates in extent e most likely are in, when the file does not say: 4326 for
 * longitude/latitude, a CGCS2000 Gauss-Krüger zone for eastings with the zone number in front; 0 when
 * they tell nothing. */
int adcov_crs_guess(const OGREnvelope *e);

/* The analysis CRS (§3): user_crs when given; else first_projected when not NULL; else the
 * UTM zone of (lon, lat). Caller releases with OSRRelease. */
adcov_status adcov_crs_choose(adcov_ctx *ctx, const char *user_crs, OGRSpatialReferenceH first_projected,
                              double lon, double lat, OGRSpatialReferenceH *out);

/* Builds a CRS from user text; NULL and an error when it cannot. */
OGRSpatialReferenceH adcov_crs_from_text(adcov_ctx *ctx, const char *where, const char *text);

#endif
