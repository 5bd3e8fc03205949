/* near_point: the ads within radius_m of the site's centre, nearest first (SPEC §6, §12); a bus stop
 * given once per route is judged once, from its points' centroid (§10). The older type name: busstop. */
#include "method.h"
#include "site_kit.h"

#include <stdio.h>

static const char *const needs[] = {"radius_m", NULL};
static const char *const may[] = {NULL};

static adcov_status judge(adcov_site_job *j, size_t rule_i, adcov_site_result *s)
{
    const adcov_rule *rule = &j->in->rb->rules[rule_i];
    adcov_status st = adcov_site_ads_near(j, s->cx, s->cy, adcov_rule_param(rule, "radius_m", j->in->phase));
    return st ? st : adcov_site_count(j, rule_i, s);
}

static const char *action(const adcov_rule *r, adcov_phase phase, double separation, const adcov_site_result *s,
                          const char *site, char *buf, size_t size)
{
    (void)s;
    char where[160];
    snprintf(where, sizeof where, "在%s%g米内", site, adcov_rule_param(r, "radius_m", phase));
    return adcov_method_more_ads(r, separation, where, buf, size);
}

const adcov_method adcov_method_near_point = {
    .name = "near_point",
    .old_name = "busstop",
    .old_sites = "busstop",
    .places = ADCOV_PLACES_SITES,
    .keys = ADCOV_KEY_QUOTAS | ADCOV_KEY_SITES,
    .needs = needs,
    .may = may,
    .judge = judge,
    .action = action,
};
