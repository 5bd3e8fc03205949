/* carrier: the PSA share of each class of public carrier (SPEC §6). Judged by walls.c; this row says
 * what a carrier rule takes: attach_m and a shares: map of class to share. */
#include "method.h"

#include <stdio.h>

static const char *const needs[] = {"attach_m", NULL};
static const char *const may[] = {NULL};

static const char *action(const adcov_rule *r, adcov_phase phase, double separation, const adcov_site_result *s,
                          const char *site, char *buf, size_t size)
{
    (void)r, (void)phase, (void)separation, (void)s, (void)site;
    snprintf(buf, size, "提高载体公益广告比例");
    return buf;
}

const adcov_method adcov_method_carrier = {
    .name = "carrier",
    .places = ADCOV_PLACES_CARRIERS,
    .keys = ADCOV_KEY_SHARES,
    .needs = needs,
    .may = may,
    .action = action,
};
