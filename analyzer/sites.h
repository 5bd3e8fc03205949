/* sites — the rules inspectors apply at one place (SPEC §6, §12): every rule whose counting method
 * judges sites (seen_from_center, inside_or_near, near_point, gate_walk …) on the sites its `sites:`
 * words pick, and the bus stops.
 *
 * Owns: each site's type word (the config's `types:` applied; any word is a type), which features are
 * one bus stop (§10), where each site is counted from, and which rules judge it (each by its method's
 * judge, which uses methods/site_kit.h). The caller owns every argument; results are appended to
 * res->sites, and the ads that counted are marked in res->ads.
 */
#ifndef ADCOV_SITES_H
#define ADCOV_SITES_H

#include "site_kit.h"

adcov_status adcov_sites_check(adcov_ctx *ctx, const adcov_sites_input *in, adcov_result *res);

#endif
