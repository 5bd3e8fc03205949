/* street — streets into stretches as an inspector walks them, and chainage along them (§5).
 *
 * Owns: merging each street's lines where exactly two line ends meet (GEOS line merge), joining
 * junction gaps (free ends within join_m that go straight on) and merging again, finding dual
 * carriageways (a line within dual_m of a longer one of its street, running along it), orienting
 * each line so chainage 0 is the end with the smaller x (then smaller y), and
 * the polyline arithmetic (point at a chainage, sub-line between two chainages).
 * The caller groups road features into streets (it knows names, ids and classes) and owns
 * the adcov_road array; the stretches returned are owned by the caller
 * (adcov_stretches_free). Geometries in adcov_road are borrowed for the call only.
 */
#ifndef ADCOV_STREET_H
#define ADCOV_STREET_H

#include <stddef.h>
#include "ctx.h"

typedef struct {
    size_t n;      /* vertices, >= 2 */
    double *x, *y; /* coordinates in the analysis CRS */
    double *t;     /* chainage of each vertex: t[0] = 0, t[n-1] = length */
} adcov_polyline;

typedef struct {
    const GEOSGeometry *geom; /* (Multi)LineString, borrowed */
    size_t street;            /* caller's street group */
    size_t feature;           /* caller's feature index */
} adcov_road;

#define ADCOV_WALKED ((size_t)-1)

typedef struct {
    size_t street;            /* the group it belongs to */
    adcov_polyline line;
    size_t *features;         /* caller's feature indices whose lines form it */
    size_t nfeatures;
    size_t njoints;           /* junction gaps joined into it */
    size_t dual_of;           /* ADCOV_WALKED, or the index of the line walked in its place */
} adcov_stretch;

/* How streets are made walkable: the rulebook's join_m and dual_m (0 turns either step off). */
typedef struct {
    double join_m, dual_m;
} adcov_walk;

/* Builds the lines of every street group: the walked ones (the stretches) and the other
 * carriageways (dual_of set). They come out grouped by street in increasing group order, and
 * within a street by their start point (x, then y). */
adcov_status adcov_streets_build(adcov_ctx *ctx, const adcov_road *roads, size_t nroads, const adcov_walk *walk,
                                 adcov_stretch **out, size_t *nout);
void adcov_stretches_free(adcov_stretch *s, size_t n);

static inline double adcov_polyline_length(const adcov_polyline *p) { return p->t[p->n - 1]; }

/* Distance from (x, y) to the polyline. */
double adcov_polyline_distance(const adcov_polyline *p, double x, double y);

/* The chainage of the point of the polyline nearest (x, y); *dist how far that point is. */
double adcov_polyline_project(const adcov_polyline *p, double x, double y, double *dist);

/* Point at chainage t (clamped to [0, length]). */
void adcov_polyline_at(const adcov_polyline *p, double t, double *x, double *y);
/* New LineString from chainage t0 to t1 (caller destroys), NULL on GEOS failure. */
GEOSGeometry *adcov_polyline_sub(adcov_ctx *ctx, const adcov_polyline *p, double t0, double t1);
/* Fills p from a LineString (copies); ADCOV_EINPUT when it has fewer than 2 distinct points. */
adcov_status adcov_polyline_from_geos(adcov_ctx *ctx, const GEOSGeometry *line, adcov_polyline *p);
void adcov_polyline_free(adcov_polyline *p);

#endif
