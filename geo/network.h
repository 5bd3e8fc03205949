/* network — the walking network of roads, walks over it, and inspection zones (§7).
 *
 * Owns: the graph of road lines joined only where they share a vertex or where a line's end lies
 * within join_m of another line (so a bridge joins nothing it crosses), the bounded walk from the
 * network location nearest a point (partial edges included), and the zone set: polygons behind an
 * index that answers "does this geometry lie in some zone".
 * The caller owns the network (adcov_network_free) and the zone set (adcov_zones_free), both NULL-safe.
 * Line geometries passed to adcov_network_new are borrowed for the call only; polygons added to a
 * zone set are taken over by it. Both belong to the context's GEOS handle: free them with that ctx.
 */
#ifndef ADCOV_NETWORK_H
#define ADCOV_NETWORK_H

#include <stddef.h>
#include "ctx.h"

typedef struct adcov_network adcov_network;

/* Builds the network of the (Multi)LineStrings lines[0..n) (NULL entries skipped). */
adcov_status adcov_network_new(adcov_ctx *ctx, const GEOSGeometry *const *lines, size_t n, double join_m,
                               adcov_network **out);
void adcov_network_free(adcov_ctx *ctx, adcov_network *net);
/* 1 when the network has at least one edge. */
int adcov_network_usable(const adcov_network *net);

/* Walks up to reach metres along the network from the location nearest (x, y). *walked is a
 * MultiLineString of every piece of road within reach (caller destroys); *snap_m is the distance from
 * (x, y) to where the walk started, *length_m the length walked. The network must be usable. */
adcov_status adcov_network_walk(adcov_ctx *ctx, const adcov_network *net, double x, double y, double reach,
                                GEOSGeometry **walked, double *snap_m, double *length_m);

typedef struct adcov_zones adcov_zones;

adcov_status adcov_zones_new(adcov_ctx *ctx, adcov_zones **out);
/* Takes over polygon (a Polygon or MultiPolygon), also on failure. */
adcov_status adcov_zones_add(adcov_ctx *ctx, adcov_zones *z, GEOSGeometry *polygon);
size_t adcov_zones_count(const adcov_zones *z);
/* Borrowed: the i-th zone polygon. */
const GEOSGeometry *adcov_zones_geom(const adcov_zones *z, size_t i);
/* 1 when g intersects some zone, 0 when not (also when z is NULL or empty), -1 on a GEOS failure,
 * ADCOV_ZONES_NOMEM when out of memory. */
#define ADCOV_ZONES_NOMEM (-2)
int adcov_zones_hit(adcov_ctx *ctx, adcov_zones *z, const GEOSGeometry *g);
void adcov_zones_free(adcov_ctx *ctx, adcov_zones *z);

#endif
