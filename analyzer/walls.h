/* walls — the rules on what ads hang on: construction hoardings (hoarding.area) and public carriers
 * (carrier.ratio), SPEC §6 and §10.
 *
 * Owns: which ads belong to which hoarding (nearest within attach_m) or carrier (by carrier_id, else
 * nearest within attach_m), wall and panel areas, the faces of a hoarding, and the per-class shares of
 * carriers. The caller owns every argument; rows are appended to rows (the caller appends them to
 * res->sites: the rule may run beside the site rules, which append theirs there) and the ads that
 * counted are marked in res->ads (atomically: the site rules mark theirs meanwhile).
 */
#ifndef ADCOV_WALLS_H
#define ADCOV_WALLS_H

#include "config.h"
#include "result.h"
#include "layer.h"
#include "network.h"

typedef struct {
    const adcov_rulebook *rb;
    adcov_phase phase;
    const adcov_config *cfg;
    adcov_layer *hoardings; /* may be NULL */
    adcov_layer *carriers;  /* may be NULL */
    adcov_zones *zones;     /* inspection zones (walked and drawn), may be NULL */
    adcov_ctx *zones_ctx;   /* the context that made them, which alone queries them (ctx itself, or idle) */
    adcov_layer *ads;       /* the ads layer, for sizes and carrier ids */
    const adcov_boxes *ad_index; /* ids: indexes into res->ads */
    int lenient;
} adcov_walls_input;

adcov_status adcov_walls_check(adcov_ctx *ctx, const adcov_walls_input *in, adcov_result *res, adcov_site_rows *rows);

#endif
