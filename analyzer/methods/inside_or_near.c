/* inside_or_near: the ads inside the site's polygon or within edge_m of its edge; a site given as a
 * point, those within radius_m of it when the rule gives one (else it has no inside: unknown). Counted
 * nearest the centre first (SPEC §6, §12). The older type name: park. */
#include "method.h"
#include "site_kit.h"

#include <math.h>
#include <stdio.h>

static const char *const needs[] = {"edge_m", NULL};
static const char *const may[] = {"radius_m", NULL};

static adcov_status judge(adcov_site_job *j, size_t rule_i, adcov_site_result *s)
{
    const adcov_rule *rule = &j->in->rb->rules[rule_i];
    const GEOSGeometry *g = adcov_layer_geom(j->layer, j->feature);
    int type = GEOSGeomTypeId_r(j->h, g);
    adcov_status st;
    if (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON) {
        st = adcov_site_ads_within(j, g, adcov_rule_param(rule, "edge_m", j->in->phase));
    } else {
        double radius = adcov_rule_param(rule, "radius_m", j->in->phase);
        if (isnan(radius)) {
            s->status = ADCOV_SITE_UNKNOWN;
            s->note = "given as a point, it has no inside to count (the rule gives no radius_m)";
            return ADCOV_OK;
        }
        st = adcov_site_ads_near(j, s->cx, s->cy, radius);
    }
    return st ? st : adcov_site_count(j, rule_i, s);
}

static const char *action(const adcov_rule *r, adcov_phase phase, double separation, const adcov_site_result *s,
                          const char *site, char *buf, size_t size)
{
    char where[160];
    if (s->area)
        snprintf(where, sizeof where, "在%s内或边缘%g米内", site, adcov_rule_param(r, "edge_m", phase));
    else
        snprintf(where, sizeof where, "在%s%g米内", site, adcov_rule_param(r, "radius_m", phase));
    return adcov_method_more_ads(r, separation, where, buf, size);
}

const adcov_method adcov_method_inside_or_near = {
    .name = "inside_or_near",
    .old_name = "park",
    .old_sites = "park",
    .places = ADCOV_PLACES_SITES,
    .keys = ADCOV_KEY_QUOTAS | ADCOV_KEY_SITES,
    .needs = needs,
    .may = may,
    .judge = judge,
    .action = action,
};
