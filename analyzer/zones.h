/* zones — the run's inspection zones (§7) and which failures lie in them.
 *
 * Owns: the zone of each inspection point (the walk over the road network, buffered), the zones
 * drawn by hand taken as given, their rows in the result (zones.geojson), and the in_zone flag of
 * every gap and site row. The caller owns the layers (borrowed), the result, and the zone set
 * returned (adcov_zones_free with the same ctx), which the rules that depend on zones ask.
 */
#ifndef ADCOV_ZONES_H
#define ADCOV_ZONES_H

#include "config.h"
#include "result.h"
#include "layer.h"
#include "network.h"
#include "areas.h"

typedef struct {
    const adcov_rulebook *rb;
    adcov_phase phase;
    adcov_layer *roads;   /* every road, whatever its class; may be NULL when points is NULL */
    adcov_layer *points;  /* inspection_points, may be NULL */
    adcov_layer *drawn;   /* zones, may be NULL */
} adcov_zones_input;

/* Builds every zone into res->zones and *out (empty, never NULL, when there are none). */
adcov_status adcov_zones_build(adcov_ctx *ctx, const adcov_zones_input *in, adcov_result *res, adcov_zones **out);

/* The zones' polygons copied for questions about points from any thread (geo/areas), with the context
 * that made them; NULL when there are no zones. The caller frees *out (adcov_areas_free). */
adcov_status adcov_zones_areas(adcov_ctx *ctx, adcov_zones *z, adcov_areas **out);
/* Sets the in_zone flag of ads [from, to) (they are known once read); threads may mark apart ranges at
 * once. */
void adcov_zones_mark_ads(const adcov_areas *zones, adcov_result *res, size_t from, size_t to);
/* Sets the in_zone flag of every gap of every street result, every suggested poster and every site row. */
adcov_status adcov_zones_mark(adcov_ctx *ctx, adcov_zones *z, adcov_result *res);

#endif
