/* gate_walk: the ads seen along each gate's walk straight toward the site's centre, walk_m long at
 * most, in walk order (SPEC §6, §10). A site passes when every gate's walk does, and reports its worst
 * gate. The older type name: scenic. */
#include "method.h"
#include "site_kit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const needs[] = {"walk_m", NULL};
static const char *const may[] = {NULL};

/* The 处 per quota seen from the walk from gate (gx, gy), and the ads counted (indexes in res->ads, walk
 * order: *counted, the caller frees it); the ads are j->ads afterwards. */
static adcov_status walk_gate(adcov_site_job *j, size_t rule_i, const adcov_site_result *s, double gx, double gy,
                              int counts[ADCOV_MAX_QUOTAS], size_t **counted, size_t *ncounted)
{
    const adcov_rule *rule = &j->in->rb->rules[rule_i];
    double to_c = hypot(s->cx - gx, s->cy - gy), walk = fmin(adcov_rule_param(rule, "walk_m", j->in->phase), to_c);
    double ux = to_c > 0 ? (s->cx - gx) / to_c : 0, uy = to_c > 0 ? (s->cy - gy) / to_c : 1;
    double len = walk > 0 ? walk : 1e-6; /* a gate at the centre walks nowhere: it looks from where it is */
    double x[2] = {gx, gx + ux * len}, y[2] = {gy, gy + uy * len}, t[2] = {0, len};
    adcov_polyline line = {2, x, y, t};
    GEOSCoordSequence *cs = GEOSCoordSeq_copyFromArrays_r(j->h, x, y, NULL, NULL, 2);
    GEOSGeometry *seg = cs ? GEOSGeom_createLineString_r(j->h, cs) : NULL;
    adcov_status st = seg ? adcov_site_ads_within(j, seg, j->in->max_view) : adcov_fail(j->ctx, ADCOV_EGEOS, "sites: no walk");
    GEOSGeom_destroy_r(j->h, seg);
    const adcov_ad_list *ads = &j->ads;
    adcov_spans *spans = adcov_calloc(ads->n ? ads->n : 1, sizeof *spans);
    adcov_seen *seen = adcov_calloc(ads->n ? ads->n : 1, sizeof *seen);
    size_t *who = adcov_calloc(ads->n ? ads->n : 1, sizeof *who); /* per seen: its index in ads */
    *counted = adcov_calloc(ads->n ? ads->n : 1, sizeof **counted);
    *ncounted = 0;
    if (!st && (!spans || !seen || !who || !*counted))
        st = adcov_fail(j->ctx, ADCOV_ENOMEM, "sites: out of memory");
    size_t m = 0;
    for (size_t i = 0; !st && i < ads->n; i++) {
        adcov_ad *a = ads->items[i];
        if ((st = adcov_vis_spans(j->ctx, j->in->vis, &j->in->vp, &a->sight, &line, &spans[i])) || !spans[i].n)
            continue;
        unsigned bits = adcov_site_mark(rule, rule_i, a);
        if (bits) {
            who[m] = (size_t)(a - j->res->ads);
            seen[m++] = (adcov_seen){spans[i].items, spans[i].n, a->x, a->y, a->id, bits};
        }
    }
    adcov_window_spec spec = {.length = len, .window = len, .nquotas = s->nquotas,
                              .separation = adcov_rule_separation(j->in->rb, rule, j->in->phase)};
    for (size_t q = 0; q < s->nquotas; q++)
        spec.need[q] = INFINITY;
    if (!st && adcov_window_count(&spec, seen, m, 0, len, counts))
        st = adcov_fail(j->ctx, ADCOV_ENOMEM, "sites: out of memory");
    long k = st ? 0 : adcov_walk_counted(&spec, seen, m, *counted);
    if (k < 0)
        st = adcov_fail(j->ctx, ADCOV_ENOMEM, "sites: out of memory");
    for (long i = 0; i < k; i++) /* seen indexes to ads' */
        (*counted)[i] = who[(*counted)[i]];
    *ncounted = k > 0 ? (size_t)k : 0;
    for (size_t i = 0; spans && i < ads->n; i++)
        free(spans[i].items);
    free(spans);
    free(seen);
    free(who);
    return st;
}

static double short_by(const adcov_site_result *s, const int *counts)
{
    double by = 0;
    for (size_t q = 0; q < s->nquotas; q++)
        by += fmax(0, s->need[q] - counts[q]);
    return by;
}

static adcov_status judge(adcov_site_job *j, size_t rule_i, adcov_site_result *s)
{
    double *xy = NULL;
    size_t n = 0;
    adcov_status st = adcov_site_gates(j, &j->in->rb->rules[rule_i], s, &xy, &n);
    s->gates = n;
    if (!st && n == 0) {
        s->status = ADCOV_SITE_UNKNOWN;
        s->note = "no gates: give them in the gates layer or as sites typed gate";
    }
    double worst = -1;
    for (size_t g = 0; !st && g < n; g++) {
        int counts[ADCOV_MAX_QUOTAS] = {0};
        size_t *counted = NULL, ncounted = 0;
        if ((st = walk_gate(j, rule_i, s, xy[2 * g], xy[2 * g + 1], counts, &counted, &ncounted))) {
            free(counted);
            break;
        }
        double by = short_by(s, counts);
        int total = 0, best = 0; /* among gates short by as much, the smallest count (also when all pass) */
        for (size_t q = 0; q < s->nquotas; q++)
            total += counts[q], best += s->counts[q];
        if (by > worst || (by == worst && total < best)) { /* the worst gate's walk is the site's */
            worst = by;
            memcpy(s->counts, counts, sizeof s->counts);
            free(s->counted);
            s->counted = counted, s->ncounted = ncounted, counted = NULL;
        }
        free(counted);
    }
    if (!st && n > 0)
        s->status = worst > 0 ? ADCOV_SITE_FAIL : ADCOV_SITE_PASS;
    free(xy);
    return st;
}

static const char *action(const adcov_rule *r, adcov_phase phase, double separation, const adcov_site_result *s,
                          const char *site, char *buf, size_t size)
{
    (void)s;
    char where[160];
    snprintf(where, sizeof where, "在%s大门向内%g米可见处", site, adcov_rule_param(r, "walk_m", phase));
    return adcov_method_more_ads(r, separation, where, buf, size);
}

const adcov_method adcov_method_gate_walk = {
    .name = "gate_walk",
    .old_name = "scenic",
    .old_sites = "scenic",
    .places = ADCOV_PLACES_SITES,
    .keys = ADCOV_KEY_QUOTAS | ADCOV_KEY_SITES,
    .needs = needs,
    .may = may,
    .judge = judge,
    .action = action,
};
