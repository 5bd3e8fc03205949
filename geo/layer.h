/* layer — reading one input role from any OGR vector source into memory.
 *
 * Owns: opening the source read-only as vector, its CRS (or the config's), field lookup
 * by the config's names, the transform into the analysis CRS, and the per-feature checks
 * (empty, NaN, wrong geometry type) with errors that name file:layer:fid:field.
 * The caller owns each adcov_layer (adcov_layer_free, NULL is a no-op) and the adcov_source
 * strings it passes (borrowed for the call only). Geometries handed out are borrowed.
 */
#ifndef ADCOV_LAYER_H
#define ADCOV_LAYER_H

#include <stddef.h>
#include <ogr_srs_api.h>
#include "ctx.h"
#include "datum.h"

typedef struct {
    const char *role;     /* "roads", "ads" … used in messages */
    const char *path;     /* as the user wrote it, used in messages */
    const char *open_path; /* resolved path to open (NULL: path) */
    const char *layer;    /* NULL: the source's only layer (error when several) */
    const char *crs;      /* user CRS ("EPSG:4490", WKT, PROJ string) or NULL */
    const char *x, *y;    /* CSV coordinate columns or NULL */
    const char *encoding; /* forced encoding or NULL */
    adcov_datum datum;    /* coordinates picked in a Chinese map app: converted to WGS 84 first */
    const struct adcov_layer *same_file; /* NULL, or a layer opened from the same file with the same
                                          * open options (x, y, encoding): its GDAL dataset is shared,
                                          * so the two may only be read one after the other, from one
                                          * thread (opening a GeoPackage again costs ~3 ms) */
} adcov_source;

/* Geometry kinds a role accepts. */
enum { ADCOV_GEOM_POINT = 1, ADCOV_GEOM_LINE = 2, ADCOV_GEOM_POLYGON = 4 };

typedef struct adcov_layer adcov_layer;

/* The GDAL drivers an input may be opened with (NULL-terminated): Shapefile, GeoPackage, GeoJSON, CSV,
 * KML, FileGDB, DXF (SPEC §2). */
extern const char *const adcov_input_drivers[];

/* Opens src and looks up each of the nfields names (NULL entries skipped). A name that is
 * not a field of the layer fails naming file:layer::field when required[f] is set, and is
 * left unmapped otherwise (required may be NULL: all required). */
adcov_status adcov_layer_open(adcov_ctx *ctx, const adcov_source *src, const char *const *fields,
                              const int *required, size_t nfields, adcov_layer **out);
void adcov_layer_free(adcov_layer *layer);

/* Borrowed: the layer's CRS (traditional lon/lat axis order). */
OGRSpatialReferenceH adcov_layer_srs(const adcov_layer *layer);
/* Centre of the layer's extent in WGS 84 lon/lat. */
adcov_status adcov_layer_center(adcov_ctx *ctx, const adcov_layer *layer, double *lon, double *lat);

/* Reads every feature, transformed into analysis (borrowed), keeping only geometry kinds in
 * accept (a bitmask of ADCOV_GEOM_*). Fails on an empty, NaN or wrongly typed geometry. The
 * geometries are made with ctx's GEOS handle: ctx must outlive the layer. */
adcov_status adcov_layer_read(adcov_ctx *ctx, adcov_layer *layer, OGRSpatialReferenceH analysis,
                              int accept);

size_t adcov_layer_count(const adcov_layer *layer);
long long adcov_layer_fid(const adcov_layer *layer, size_t i);
/* Borrowed geometry of feature i in the analysis CRS (2D, linear). */
const GEOSGeometry *adcov_layer_geom(const adcov_layer *layer, size_t i);
/* Value of the f-th requested field of feature i; "" when the field is unset or not requested. */
const char *adcov_layer_value(const adcov_layer *layer, size_t i, size_t f);
/* "path:layer" for messages. */
const char *adcov_layer_where(const adcov_layer *layer);
const char *adcov_layer_field_name(const adcov_layer *layer, size_t f); /* NULL when unmapped */

/* The analysis CRS (§3): user_crs when given; else first_projected when not NULL; else the
 * UTM zone of (lon, lat). Caller releases with OSRRelease. */
adcov_status adcov_crs_choose(adcov_ctx *ctx, const char *user_crs, OGRSpatialReferenceH first_projected,
                              double lon, double lat, OGRSpatialReferenceH *out);

/* For a Shapefile (.shp or .dbf path) with no .cpg and no code page byte: "CP936" when its .dbf text is
 * not UTF-8 (GBK, as Chinese desktop GIS writes), "" when it is; NULL when GDAL can tell by itself or
 * the path is no Shapefile. The string is static. */
const char *adcov_guess_dbf_encoding(const char *path);

/* Builds a CRS from user text; NULL and an error when it cannot. */
OGRSpatialReferenceH adcov_crs_from_text(adcov_ctx *ctx, const char *where, const char *text);

#endif
