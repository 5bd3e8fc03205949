/* out — writing output files atomically: GeoJSON layers through OGR, and text files.
 *
 * Owns: the temporary file beside each output, its rename into place on commit (so a
 * reader never sees a half-written file), RFC 7946 GeoJSON (WGS 84, lon/lat, 7 decimals)
 * with typed properties. The caller owns each writer until commit or abort (exactly one of
 * them must be called; abort on NULL is a no-op) and the geometries it passes (borrowed).
 */
#ifndef ADCOV_OUT_H
#define ADCOV_OUT_H

#include <stdio.h>
#include <stddef.h>
#include <ogr_srs_api.h>
#include "ctx.h"

typedef enum { ADCOV_PROP_STR, ADCOV_PROP_REAL, ADCOV_PROP_INT, ADCOV_PROP_BOOL } adcov_prop_type;

typedef struct {
    const char *name;
    adcov_prop_type type;
} adcov_prop;

typedef struct adcov_geojson adcov_geojson;

/* Starts path (written to a temporary file until commit); geometries are given in crs. */
adcov_status adcov_geojson_open(adcov_ctx *ctx, const char *path, OGRSpatialReferenceH crs, const adcov_prop *props,
                                size_t nprops, adcov_geojson **out);
/* Adds a feature: geometry g (may be NULL) and one text value per property, converted to its
 * type ("" or NULL: null; booleans "1"/"0"). A value that is not a number for a number property fails
 * before anything is written; a geometry that cannot be written fails the whole writer (commit then
 * refuses and removes the file). */
adcov_status adcov_geojson_add(adcov_ctx *ctx, adcov_geojson *w, const GEOSGeometry *g, const char *const *values);
/* Moves the n points (x[i], y[i]) from the writer's CRS to WGS 84 lon/lat in place, in one call (for a
 * layer of points, a transform per point cost more than the arithmetic); 0 when they cannot be. */
int adcov_geojson_to_lonlat(adcov_geojson *w, size_t n, double *x, double *y);
/* As adcov_geojson_add, the geometry being the point (lon, lat) already in WGS 84. */
adcov_status adcov_geojson_add_lonlat(adcov_ctx *ctx, adcov_geojson *w, double lon, double lat,
                                      const char *const *values);
adcov_status adcov_geojson_commit(adcov_ctx *ctx, adcov_geojson *w);
void adcov_geojson_abort(adcov_geojson *w);

typedef struct adcov_textfile adcov_textfile;
adcov_status adcov_textfile_open(adcov_ctx *ctx, const char *path, adcov_textfile **out);
FILE *adcov_textfile_stream(adcov_textfile *f); /* borrowed */
adcov_status adcov_textfile_commit(adcov_ctx *ctx, adcov_textfile *f);
void adcov_textfile_abort(adcov_textfile *f);

/* Creates dir and its parents; fails naming it when it cannot be written. */
adcov_status adcov_mkdir_p(adcov_ctx *ctx, const char *dir);

/* For writers that are not ours (an .xlsx workbook): a temporary name beside path (caller frees), and
 * the rename that puts the finished file in place (removes tmp on failure). */
char *adcov_out_temp_name(const char *path);
adcov_status adcov_out_commit(adcov_ctx *ctx, const char *tmp, const char *path);

/* New copy of s with every byte that is not UTF-8 replaced by U+FFFD (caller frees; NULL on ENOMEM). */
char *adcov_utf8_clean(const char *s);
/* Writes s to f as adcov_utf8_clean would make it, with each ASCII byte c that escape[c] names (a table
 * of 256, NULL: as it is) written as escape[c]: HTML's &lt; and the like, without an allocation. */
void adcov_utf8_write(FILE *f, const char *s, const char *const *escape);

/* Writes s as one CSV field (quoted when it holds a comma, quote or line break). A text that Excel or WPS
 * would run as a formula (first character =, +, -, @, tab or carriage return; plain numbers such as -3.5
 * excepted) gets a leading ' so that it is shown as text. */
void adcov_csv_field(FILE *f, const char *s);
/* Writes the n cells as one CSV row (each as adcov_csv_field writes it), ended by CRLF. */
void adcov_csv_row(FILE *f, const char *const *cells, size_t n);

/* Writes v with exactly 7 decimals, as "%.7f" would, into buf (room for 32, NUL-terminated); the length. */
int adcov_fixed7(char *buf, double v);

/* Writes s as a JSON string: quoted, with quotes, backslashes and control characters escaped, never
 * invalid UTF-8. */
void adcov_json_string(FILE *f, const char *s);

#endif
