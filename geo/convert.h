/* convert — a whole vector file moved between WGS 84, GCJ-02 and BD-09 (`adcov convert`).
 *
 * Owns: reading every layer of any OGR source, moving each coordinate with geo/datum, and writing the
 * layers with the same fields to a new file whose format follows its extension (.gpkg, .geojson/.json,
 * .shp, .csv, .kml). The caller owns the paths (borrowed). The output must not exist yet.
 */
#ifndef ADCOV_CONVERT_H
#define ADCOV_CONVERT_H

#include "ctx.h"
#include "datum.h"

typedef struct {
    const char *in, *out;
    adcov_datum from, to;
    const char *x, *y; /* CSV input coordinate columns, or NULL */
} adcov_convert_opts;

/* Converts o->in into o->out; every layer must be in longitude/latitude (or have no CRS, then it is
 * taken as longitude/latitude). *features receives how many features were written. */
adcov_status adcov_convert(adcov_ctx *ctx, const adcov_convert_opts *o, long long *features);

#endif
