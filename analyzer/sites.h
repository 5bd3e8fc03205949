/* sites — the rules inspectors apply at one place (SPEC §6): in this version bus stops (busstop.count)
 * and parks (park.count).
 *
 * Owns: which features are such sites (the bus_stops layer, and sites typed busstop or park), where
 * each is counted from, which ads belong to it, and their 处 nearest first. The caller owns every
 * argument; results are appended to res->sites, and the ads that counted are marked in res->ads.
 */
#ifndef ADCOV_SITES_H
#define ADCOV_SITES_H

#include "check.h"
#include "layer.h"

typedef struct {
    const adcov_rulebook *rb;
    adcov_phase phase;
    const adcov_config *cfg;
    int lenient;
    adcov_layer *sites;   /* may be NULL */
    adcov_layer *stops;   /* may be NULL */
    GEOSSTRtree *ad_tree; /* items: adcov_ad* of res->ads */
} adcov_sites_input;

adcov_status adcov_sites_check(adcov_ctx *ctx, const adcov_sites_input *in, adcov_result *res);

#endif
