/* hoarding: the PSA share of each construction hoarding's wall, on every face (SPEC §6, §10). Judged
 * by walls.c, which knows walls and faces; this row says what a hoarding rule takes. */
#include "method.h"

#include <stdio.h>

static const char *const needs[] = {"attach_m", "default_height_m", "share", "urban_village_share",
                                    "face_turn_deg", "face_min_m", "psa_ratio", NULL};
static const char *const may[] = {NULL};

static const char *action(const adcov_rule *r, adcov_phase phase, double separation, const adcov_site_result *s,
                          const char *site, char *buf, size_t size)
{
    (void)r, (void)phase, (void)separation, (void)s, (void)site;
    snprintf(buf, size, "提高围挡公益广告面积和比例，每个立面都要有");
    return buf;
}

const adcov_method adcov_method_hoarding = {
    .name = "hoarding",
    .places = ADCOV_PLACES_HOARDINGS,
    .keys = 0,
    .needs = needs,
    .may = may,
    .action = action,
};
