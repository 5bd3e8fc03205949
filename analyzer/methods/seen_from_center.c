/* seen_from_center: the ads an inspector standing at the site's centre sees (SPEC §4, §6), with the
 * isovist of that centre for isovists.geojson. The older type name: square. */
#include "method.h"
#include "site_kit.h"

#include <stdio.h>

static const char *const none[] = {NULL};

static adcov_status judge(adcov_site_job *j, size_t rule, adcov_site_result *s)
{
    adcov_status st = adcov_site_ads_seen(j, s->cx, s->cy);
    if (!st)
        st = adcov_site_isovist(j, s);
    return st ? st : adcov_site_count(j, rule, s);
}

static const char *action(const adcov_rule *r, adcov_phase phase, double separation, const adcov_site_result *s,
                          const char *site, char *buf, size_t size)
{
    (void)phase, (void)s;
    char where[160];
    snprintf(where, sizeof where, "在%s中心可见处", site);
    return adcov_method_more_ads(r, separation, where, buf, size);
}

const adcov_method adcov_method_seen_from_center = {
    .name = "seen_from_center",
    .old_name = "square",
    .old_sites = "square",
    .places = ADCOV_PLACES_SITES,
    .keys = ADCOV_KEY_QUOTAS | ADCOV_KEY_SITES,
    .needs = none,
    .may = none,
    .judge = judge,
    .action = action,
};
