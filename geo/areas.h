/* areas — a fixed set of polygons asked which of them holds a point, without GEOS.
 *
 * Owns: a copy of the polygons' edges, each polygon's cut into horizontal bands, and an index of the
 * polygons' boxes. A point is in a polygon when a ray from it crosses the polygon's rings an odd
 * number of times, or when it lies on a ring (as GEOS's intersects says). Each polygon of a
 * MultiPolygon is asked on its own, so overlapping parts do no harm. After adcov_areas_new nothing
 * changes: any number of threads may ask at once, whatever context made the polygons.
 * The caller owns the adcov_areas (adcov_areas_free, NULL is a no-op) and the geometries, which are
 * read during adcov_areas_new only.
 */
#ifndef ADCOV_AREAS_H
#define ADCOV_AREAS_H

#include <stddef.h>
#include "ctx.h"

typedef struct adcov_areas adcov_areas;

/* Copies the (Multi)Polygons geoms[0..n) (other geometries hold no area and are skipped). */
adcov_status adcov_areas_new(adcov_ctx *ctx, const GEOSGeometry *const *geoms, size_t n, adcov_areas **out);
void adcov_areas_free(adcov_areas *a);

/* 1 when (x, y) lies in some polygon, boundary included; 0 when in none. */
int adcov_areas_hit(const adcov_areas *a, double x, double y);

#endif
