#include "site_kit.h"
#include "window.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef adcov_site_job job;

/* ---- which ads belong to a site, nearest first ---- */

typedef adcov_ad_list ad_list;

typedef struct {
    adcov_ad *ad;
    double d; /* distance to the site's centre */
} near_ad;

static int nearest_first(const void *a, const void *b)
{
    const near_ad *x = a, *y = b;
    if (x->d != y->d)
        return x->d < y->d ? -1 : 1;
    return strcmp(x->ad->id, y->ad->id);
}

adcov_status adcov_site_ads_within(job *j, const GEOSGeometry *g, double reach)
{
    ad_list *out = &j->ads;
    double xmin, ymin, xmax, ymax;
    out->n = 0;
    if (!GEOSGeom_getXMin_r(j->h, g, &xmin) || !GEOSGeom_getYMin_r(j->h, g, &ymin) ||
        !GEOSGeom_getXMax_r(j->h, g, &xmax) || !GEOSGeom_getYMax_r(j->h, g, &ymax))
        return adcov_fail(j->ctx, ADCOV_EGEOS, "sites: no extent (%s)", adcov_geos_message(j->ctx));
    adcov_status st = adcov_ads_in_box(j->ctx, j->in->ad_index, j->res, xmin - reach, ymin - reach, xmax + reach, ymax + reach, out);
    if (st)
        return st;
    const GEOSPreparedGeometry *pg = GEOSPrepare_r(j->h, g);
    size_t k = 0;
    for (size_t i = 0; pg && i < out->n; i++) {
        GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(j->h, out->items[i]->x, out->items[i]->y);
        double d = INFINITY;
        if (pt && GEOSPreparedDistance_r(j->h, pg, pt, &d) && d <= reach)
            out->items[k++] = out->items[i];
        GEOSGeom_destroy_r(j->h, pt);
    }
    if (pg)
        GEOSPreparedGeom_destroy_r(j->h, pg);
    else
        return adcov_fail(j->ctx, ADCOV_EGEOS, "sites: cannot prepare a site geometry");
    out->n = k;
    return ADCOV_OK;
}

unsigned adcov_site_mark(const adcov_rule *rule, size_t rule_i, adcov_ad *a)
{
    int medium_ok;
    unsigned bits = adcov_ad_quota_bits(rule, a, &medium_ok);
    a->visible_rules |= 1u << rule_i;
    a->medium_counts |= medium_ok;
    if (bits)
        a->counted_rules |= 1u << rule_i;
    return bits;
}

adcov_status adcov_site_count(job *j, size_t rule_i, adcov_site_result *s)
{
    const adcov_rule *rule = &j->in->rb->rules[rule_i];
    const ad_list *ads = &j->ads;
    size_t cap = ads->n ? ads->n : 1;
    near_ad *near = adcov_malloc(cap * sizeof *near);
    adcov_seen *seen = adcov_malloc(cap * sizeof *seen);
    const adcov_seen **ordered = adcov_malloc(cap * sizeof *ordered);
    const adcov_seen **scratch = adcov_malloc(cap * sizeof *scratch);
    adcov_status st = near && seen && ordered && scratch ? ADCOV_OK : adcov_fail(j->ctx, ADCOV_ENOMEM, "sites: out of memory");
    size_t m = 0;
    for (size_t i = 0; !st && i < ads->n; i++)
        if (adcov_site_mark(rule, rule_i, ads->items[i]))
            near[m++] = (near_ad){ads->items[i], hypot(ads->items[i]->x - s->cx, ads->items[i]->y - s->cy)};
    if (!st) {
        qsort(near, m, sizeof *near, nearest_first);
        for (size_t i = 0; i < m; i++) {
            unsigned bits = adcov_ad_quota_bits(rule, near[i].ad, &(int){0});
            seen[i] = (adcov_seen){NULL, 0, near[i].ad->x, near[i].ad->y, near[i].ad->id, bits};
            ordered[i] = &seen[i];
        }
        double sep = adcov_rule_separation(j->in->rb, rule, j->in->phase);
        s->status = ADCOV_SITE_PASS;
        unsigned char *taken = adcov_calloc(cap, 1);
        free(s->counted);
        s->counted = adcov_malloc(cap * sizeof *s->counted);
        s->ncounted = 0;
        if (!taken || !s->counted)
            st = adcov_fail(j->ctx, ADCOV_ENOMEM, "sites: out of memory");
        for (size_t q = 0; !st && q < s->nquotas; q++) {
            s->counts[q] = adcov_places(ordered, m, 1u << q, sep, INFINITY, scratch);
            for (int c = 0; c < s->counts[q]; c++)
                taken[scratch[c] - seen] = 1;
            if (s->counts[q] < s->need[q])
                s->status = ADCOV_SITE_FAIL;
        }
        for (size_t i = 0; !st && i < m; i++) /* nearest first: what the evidence pack shows */
            if (taken[i])
                s->counted[s->ncounted++] = (size_t)(near[i].ad - j->res->ads);
        free(taken);
    }
    free(near);
    free(seen);
    free(ordered);
    free(scratch);
    return st;
}

/* ---- squares: what the inspector standing at the centre sees ---- */

adcov_status adcov_site_ads_near(job *j, double x, double y, double reach)
{
    GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(j->h, x, y);
    adcov_status st = pt ? adcov_site_ads_within(j, pt, reach) : adcov_fail(j->ctx, ADCOV_EGEOS, "sites: cannot make a point");
    GEOSGeom_destroy_r(j->h, pt);
    return st;
}

/* Ads visible from (x, y) (SPEC §4) among those the index puts within the largest view distance. */
adcov_status adcov_site_ads_seen(job *j, double x, double y)
{
    ad_list *out = &j->ads;
    adcov_status st = adcov_site_ads_near(j, x, y, j->in->max_view);
    size_t k = 0;
    for (size_t i = 0; !st && i < out->n; i++) {
        int seen = adcov_vis_seen(j->in->vis, &j->in->vp, &out->items[i]->sight, x, y);
        if (seen < 0)
            st = adcov_fail(j->ctx, ADCOV_ENOMEM, "sites: out of memory");
        else if (seen)
            out->items[k++] = out->items[i];
    }
    out->n = k;
    return st;
}

#define ISOVIST_RAYS 360

/* 360 rays (every degree), each stopped by the first building it meets. */
adcov_status adcov_site_isovist(job *j, adcov_site_result *s)
{
    double xy[2 * (ISOVIST_RAYS + 1)];
    double reach = j->in->max_view > 0 ? j->in->max_view : 1;
    if (adcov_vis_isovist(j->in->vis, s->cx, s->cy, reach, ISOVIST_RAYS, xy))
        return adcov_fail(j->ctx, ADCOV_ENOMEM, "sites: out of memory");
    xy[2 * ISOVIST_RAYS] = xy[0];
    xy[2 * ISOVIST_RAYS + 1] = xy[1];
    GEOSCoordSequence *cs = GEOSCoordSeq_copyFromBuffer_r(j->h, xy, ISOVIST_RAYS + 1, 0, 0);
    if (!cs)
        return adcov_fail(j->ctx, ADCOV_EGEOS, "sites: cannot make an isovist");
    GEOSGeometry *ring = GEOSGeom_createLinearRing_r(j->h, cs);
    GEOSGeometry *poly = ring ? GEOSGeom_createPolygon_r(j->h, ring, NULL, 0) : NULL;
    if (poly)
        s->isovist_wkb = GEOSGeomToWKB_buf_r(j->h, poly, &s->isovist_size);
    GEOSGeom_destroy_r(j->h, poly);
    return s->isovist_wkb ? ADCOV_OK : adcov_fail(j->ctx, ADCOV_EGEOS, "sites: cannot make an isovist");
}

/* ---- scenic areas: their gates ---- */

/* Whether sites point i, typed gate, opens site s of rule: its site_id names s when it has one, else it
 * lies nearer to s than to any other site the rule checks. */
static int gate_opens(job *j, const adcov_rule *rule, const adcov_site_result *s, size_t i, double x, double y)
{
    adcov_layer *sites = j->in->sites;
    const char *opens = adcov_layer_value(sites, i, ADCOV_SITE_SLOT_OPENS);
    if (*opens)
        return !strcmp(opens, s->id);
    double mine = INFINITY, best = INFINITY;
    GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(j->h, x, y);
    for (size_t k = 0; pt && k < adcov_layer_count(sites); k++) {
        double d;
        if (!j->type_of[k] || !adcov_rule_takes_site(rule, j->type_of[k]) ||
            !GEOSDistance_r(j->h, pt, adcov_layer_geom(sites, k), &d))
            continue;
        if (k == s->feature)
            mine = d;
        best = fmin(best, d);
    }
    GEOSGeom_destroy_r(j->h, pt);
    return isfinite(mine) && mine <= best;
}

static adcov_status push_gate(job *j, double **xy, size_t *cap, size_t *n, double x, double y)
{
    if (adcov_grow((void **)xy, cap, 2 * (*n + 1), sizeof **xy))
        return adcov_fail(j->ctx, ADCOV_ENOMEM, "sites: out of memory");
    (*xy)[2 * *n] = x, (*xy)[2 * *n + 1] = y;
    (*n)++;
    return ADCOV_OK;
}

adcov_status adcov_site_gates(job *j, const adcov_rule *rule, const adcov_site_result *s, double **xy, size_t *n)
{
    size_t cap = 0;
    *xy = NULL;
    *n = 0;
    adcov_layer *g = j->in->gates, *sites = j->in->sites;
    adcov_status st = ADCOV_OK;
    for (size_t i = 0; !st && g && i < adcov_layer_count(g); i++) {
        double x, y;
        if (!strcmp(adcov_layer_value(g, i, ADCOV_GATE_SITE_ID), s->id) && GEOSGeomGetX_r(j->h, adcov_layer_geom(g, i), &x) &&
            GEOSGeomGetY_r(j->h, adcov_layer_geom(g, i), &y))
            st = push_gate(j, xy, &cap, n, x, y);
    }
    for (size_t i = 0; !st && sites && j->type_of && j->layer == sites && i < adcov_layer_count(sites); i++) {
        double x, y;
        if (!j->type_of[i] || strcmp(j->type_of[i], "gate") || GEOSGeomTypeId_r(j->h, adcov_layer_geom(sites, i)) != GEOS_POINT ||
            !GEOSGeomGetX_r(j->h, adcov_layer_geom(sites, i), &x) || !GEOSGeomGetY_r(j->h, adcov_layer_geom(sites, i), &y))
            continue;
        if (gate_opens(j, rule, s, i, x, y))
            st = push_gate(j, xy, &cap, n, x, y);
    }
    return st;
}

