/* sites — the rules inspectors apply at one place (SPEC §6): squares (square.center, with the isovist of
 * each centre), parks (park.count), scenic areas (scenic.gate) and bus stops (busstop.count).
 *
 * Owns: which features are such sites (the bus_stops layer, and sites typed busstop or park), where
 * each is counted from, which ads belong to it, and their 处 nearest first. The caller owns every
 * argument; results are appended to res->sites, and the ads that counted are marked in res->ads.
 */
#ifndef ADCOV_SITES_H
#define ADCOV_SITES_H

#include "check.h"
#include "layer.h"
#include "vis.h"

typedef struct {
    const adcov_rulebook *rb;
    adcov_phase phase;
    const adcov_config *cfg;
    int lenient;
    adcov_layer *sites;   /* may be NULL */
    adcov_layer *stops;   /* may be NULL */
    adcov_layer *gates;   /* may be NULL */
    const adcov_boxes *ad_index; /* ids: indexes into res->ads */
    const adcov_vis *vis; /* NULL: no buildings */
    adcov_vis_params vp;
    double max_view;      /* the largest view distance of any ad */
} adcov_sites_input;

adcov_status adcov_sites_check(adcov_ctx *ctx, const adcov_sites_input *in, adcov_result *res);

#endif
