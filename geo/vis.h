/* vis — from where along a street an ad can be seen (§4).
 *
 * Owns: the building footprints as flat rings behind an adcov_boxes index, and the exact
 * computation of V(a) on a polyline: the view disk (inclusive), the facing cone (strict),
 * and the line of sight that may not cross a building interior, ignoring the last
 * los_tol_m at the ad. Along a straight segment, line of sight only changes where the
 * sight line passes a building vertex, where the walker crosses a wall, or where a wall
 * crosses the tolerance circle, so each piece between those events is tested once at its
 * middle: the answer is exact up to floating point, not sampled.
 * The caller owns the adcov_vis (adcov_vis_free, NULL is a no-op) and the span buffers. The
 * building geometries are only read while adcov_vis_new copies their coordinates. Once made, an
 * adcov_vis is never changed: several threads may ask it at once (each with its own span buffers
 * and context).
 */
#ifndef ADCOV_VIS_H
#define ADCOV_VIS_H

#include <stddef.h>
#include "ctx.h"
#include "street.h"

typedef struct adcov_vis adcov_vis;

typedef struct {
    double x, y;       /* ad position, analysis CRS */
    double view_m;     /* view distance, > 0 */
    int has_facing;    /* 0: seen from every side */
    double facing_deg; /* azimuth clockwise from grid north the face looks toward */
    int sides;         /* 1, or 2: also seen from facing + 180 */
} adcov_sight;

typedef struct {
    double half_angle_deg; /* facing_half_angle, strict */
    double los_tol_m;      /* los_tolerance_m */
} adcov_vis_params;

typedef struct { double t0, t1; } adcov_span;

/* Growable list of spans; the caller zero-initialises it and frees items. */
typedef struct {
    adcov_span *items;
    size_t n, cap;
} adcov_spans;

/* Indexes the (Multi)Polygons buildings[0..n) (NULL entries skipped; borrowed, see above). */
adcov_status adcov_vis_new(adcov_ctx *ctx, const GEOSGeometry *const *buildings, size_t n, adcov_vis **out);
void adcov_vis_free(adcov_vis *vis);

/* Replaces out's content with V(ad) on line as sorted, disjoint chainage spans.
 * vis may be NULL: no buildings, every sight line is clear. */
adcov_status adcov_vis_spans(adcov_ctx *ctx, const adcov_vis *vis, const adcov_vis_params *prm,
                             const adcov_sight *ad, const adcov_polyline *line, adcov_spans *out);

/* The same, looking only at the segments [seg0, seg1) of line (vertex i to i+1 is segment i): the
 * caller knows the other segments are out of the ad's reach. */
adcov_status adcov_vis_spans_on(adcov_ctx *ctx, const adcov_vis *vis, const adcov_vis_params *prm,
                                const adcov_sight *ad, const adcov_polyline *line, size_t seg0, size_t seg1,
                                adcov_spans *out);

/* 1 when the ad is visible from the point (px, py) by all of SPEC §4: within its view distance
 * (inclusive), within the facing cone (strict), sight line clear; 0 when not, -1 when out of memory. */
int adcov_vis_seen(const adcov_vis *vis, const adcov_vis_params *prm, const adcov_sight *ad, double px, double py);

/* The isovist of (x, y) for drawing: nrays rays (clockwise from grid north, evenly spread), each as far
 * as it goes before it meets a building, at most max_m; ends written to xy[2*i], xy[2*i+1]. Touching a
 * corner counts as meeting it. ADCOV_ENOMEM or ADCOV_OK. */
adcov_status adcov_vis_isovist(const adcov_vis *vis, double x, double y, double max_m, size_t nrays, double *xy);

/* 1 when g is a Polygon of one ring of at most 16 vertices that touches itself nowhere: such a
 * footprint is valid without asking GEOS (most buildings are; GEOSisValid on each of half a million
 * costs more than the sight lines). 0 means "ask GEOS", not "invalid". */
int adcov_vis_simple_footprint(adcov_ctx *ctx, const GEOSGeometry *g);

/* 1 when the sight line from (px,py) to the ad is clear of buildings (ignoring los_tol_m at the ad),
 * 0 when a building blocks it, -1 when out of memory. */
int adcov_vis_clear(const adcov_vis *vis, const adcov_vis_params *prm, const adcov_sight *ad, double px, double py);

#endif
