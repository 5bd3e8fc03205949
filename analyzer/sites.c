#include "sites.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "window.h"

/* Slots of the sites and bus_stops roles (adcov_role_fields). */
enum { SITE_TYPE, SITE_NAME, SITE_ID, SITE_DUTY, SITE_OPENS }; /* SITE_OPENS: a gate's site_id */
enum { STOP_ID, STOP_NAME };

typedef struct {
    adcov_ctx *ctx;
    const adcov_sites_input *in;
    adcov_result *res;
    GEOSContextHandle_t h;
} job;

/* ---- where a site is counted from ---- */

/* SPEC §6: the site's centre is the centroid if it lies inside, else the centre of the maximum
 * inscribed circle (an L-shaped square's centroid can fall outside it). */
static int centre_of(GEOSContextHandle_t h, const GEOSGeometry *g, double *x, double *y)
{
    int type = GEOSGeomTypeId_r(h, g);
    if (type == GEOS_POINT)
        return GEOSGeomGetX_r(h, g, x) && GEOSGeomGetY_r(h, g, y);
    GEOSGeometry *c = GEOSGetCentroid_r(h, g);
    int inside = c && GEOSContains_r(h, g, c) == 1;
    GEOSGeometry *mic = inside ? NULL : GEOSMaximumInscribedCircle_r(h, g, 0.01);
    const GEOSGeometry *from = inside ? c : mic;
    int ok = 0;
    if (from) {
        const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, from);
        ok = cs && GEOSCoordSeq_getXY_r(h, cs, 0, x, y);
    }
    GEOSGeom_destroy_r(h, c);
    GEOSGeom_destroy_r(h, mic);
    return ok;
}

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

/* Ads whose point lies within reach of g: for a point, reach metres from it; for a polygon, inside it
 * or within reach of its edge. Limits are inclusive (SPEC §4). */
static adcov_status ads_within(job *j, const GEOSGeometry *g, double reach, ad_list *out)
{
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

/* Counts the 处 of each quota of rule among the ads, nearest to the site's centre first. */
static adcov_status count_site(job *j, size_t rule_i, const ad_list *ads, adcov_site_result *s)
{
    const adcov_rule *rule = &j->in->rb->rules[rule_i];
    near_ad *near = adcov_malloc((ads->n ? ads->n : 1) * sizeof *near);
    adcov_seen *seen = adcov_malloc((ads->n ? ads->n : 1) * sizeof *seen);
    const adcov_seen **ordered = adcov_malloc((ads->n ? ads->n : 1) * sizeof *ordered);
    const adcov_seen **scratch = adcov_malloc((ads->n ? ads->n : 1) * sizeof *scratch);
    adcov_status st = near && seen && ordered && scratch ? ADCOV_OK : adcov_fail(j->ctx, ADCOV_ENOMEM, "sites: out of memory");
    size_t m = 0;
    for (size_t i = 0; !st && i < ads->n; i++) {
        adcov_ad *a = ads->items[i];
        int medium_ok;
        unsigned bits = adcov_ad_quota_bits(rule, a, &medium_ok);
        a->visible_rules |= 1u << rule_i;
        a->medium_counts |= medium_ok;
        if (!bits)
            continue;
        a->counted_rules |= 1u << rule_i;
        near[m++] = (near_ad){a, hypot(a->x - s->cx, a->y - s->cy)};
    }
    if (!st) {
        qsort(near, m, sizeof *near, nearest_first);
        for (size_t i = 0; i < m; i++) {
            unsigned bits = adcov_ad_quota_bits(rule, near[i].ad, &(int){0});
            seen[i] = (adcov_seen){NULL, 0, near[i].ad->x, near[i].ad->y, near[i].ad->id, bits};
            ordered[i] = &seen[i];
        }
        double sep = adcov_rulebook_param(j->in->rb, "min_separation_m", j->in->phase);
        s->status = ADCOV_SITE_PASS;
        for (size_t q = 0; q < s->nquotas; q++) {
            s->counts[q] = adcov_places(ordered, m, 1u << q, sep, INFINITY, scratch);
            if (s->counts[q] < s->need[q])
                s->status = ADCOV_SITE_FAIL;
        }
    }
    free(near);
    free(seen);
    free(ordered);
    free(scratch);
    return st;
}

/* ---- squares: what the inspector standing at the centre sees ---- */

/* Ads visible from (x, y) (SPEC §4) among those the index puts within the largest view distance. */
static adcov_status ads_seen_from(job *j, double x, double y, ad_list *out)
{
    GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(j->h, x, y);
    adcov_status st = pt ? ads_within(j, pt, j->in->max_view, out) : adcov_fail(j->ctx, ADCOV_EGEOS, "sites: no point");
    GEOSGeom_destroy_r(j->h, pt);
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

/* The isovist of a square's centre, for isovists.geojson: 360 rays (every degree) out to the
 * largest view distance, each stopped by the first building it meets. */
static adcov_status isovist(job *j, adcov_site_result *s)
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

/* ---- scenic areas: the walk in from each gate ---- */

typedef struct {
    double x, y;
} gate_pt;

/* Whether sites point i, typed gate, opens scenic site s: its site_id names s when it has one, else it
 * lies nearer to s than to any other scenic area. */
static int gate_opens(job *j, const adcov_site_result *s, const int *types, size_t i, double x, double y)
{
    adcov_layer *sites = j->in->sites;
    const char *opens = adcov_layer_value(sites, i, SITE_OPENS);
    if (*opens)
        return !strcmp(opens, s->id);
    double mine = INFINITY, best = INFINITY;
    GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(j->h, x, y);
    for (size_t k = 0; pt && k < adcov_layer_count(sites); k++) {
        double d;
        if (types[k] != ADCOV_SITE_SCENIC || !GEOSDistance_r(j->h, pt, adcov_layer_geom(sites, k), &d))
            continue;
        if (k == s->feature)
            mine = d;
        best = fmin(best, d);
    }
    GEOSGeom_destroy_r(j->h, pt);
    return isfinite(mine) && mine <= best;
}

/* The gates of scenic site s: gates-layer points whose site_id is its id, and sites typed gate that open
 * it (gate_opens; scenic, the sites' types, decides which are). */
static adcov_status gates_of(job *j, const adcov_site_result *s, const int *types, gate_pt **out, size_t *n)
{
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    adcov_layer *g = j->in->gates, *sites = j->in->sites;
    for (size_t i = 0; g && i < adcov_layer_count(g); i++) {
        if (strcmp(adcov_layer_value(g, i, ADCOV_GATE_SITE_ID), s->id))
            continue;
        if (adcov_grow((void **)out, &cap, *n + 1, sizeof **out))
            return adcov_fail(j->ctx, ADCOV_ENOMEM, "sites: out of memory");
        GEOSGeomGetX_r(j->h, adcov_layer_geom(g, i), &(*out)[*n].x);
        GEOSGeomGetY_r(j->h, adcov_layer_geom(g, i), &(*out)[*n].y);
        (*n)++;
    }
    for (size_t i = 0; sites && types && i < adcov_layer_count(sites); i++) {
        if (types[i] != ADCOV_SITE_GATE || GEOSGeomTypeId_r(j->h, adcov_layer_geom(sites, i)) != GEOS_POINT)
            continue;
        double x, y;
        GEOSGeomGetX_r(j->h, adcov_layer_geom(sites, i), &x);
        GEOSGeomGetY_r(j->h, adcov_layer_geom(sites, i), &y);
        if (!gate_opens(j, s, types, i, x, y))
            continue;
        if (adcov_grow((void **)out, &cap, *n + 1, sizeof **out))
            return adcov_fail(j->ctx, ADCOV_ENOMEM, "sites: out of memory");
        (*out)[(*n)++] = (gate_pt){x, y};
    }
    return ADCOV_OK;
}

/* Counts, per quota, the 处 seen along the walk from a gate straight toward the centre, walk_m long at
 * most (SPEC §6, §10), in walk order. */
static adcov_status walk_gate(job *j, size_t rule_i, const adcov_site_result *s, gate_pt g, ad_list *ads,
                              int counts[ADCOV_MAX_QUOTAS])
{
    const adcov_rule *rule = &j->in->rb->rules[rule_i];
    double to_c = hypot(s->cx - g.x, s->cy - g.y), walk = fmin(adcov_rule_param(rule, "walk_m", j->in->phase), to_c);
    double ux = to_c > 0 ? (s->cx - g.x) / to_c : 0, uy = to_c > 0 ? (s->cy - g.y) / to_c : 1;
    double len = walk > 0 ? walk : 1e-6; /* a gate at the centre walks nowhere: it looks from where it is */
    double x[2] = {g.x, g.x + ux * len}, y[2] = {g.y, g.y + uy * len}, t[2] = {0, len};
    adcov_polyline line = {2, x, y, t};
    GEOSCoordSequence *cs = GEOSCoordSeq_create_r(j->h, 2, 2);
    if (cs) {
        GEOSCoordSeq_setXY_r(j->h, cs, 0, x[0], y[0]);
        GEOSCoordSeq_setXY_r(j->h, cs, 1, x[1], y[1]);
    }
    GEOSGeometry *seg = cs ? GEOSGeom_createLineString_r(j->h, cs) : NULL;
    adcov_status st = seg ? ads_within(j, seg, j->in->max_view, ads) : adcov_fail(j->ctx, ADCOV_EGEOS, "sites: no walk");
    GEOSGeom_destroy_r(j->h, seg);
    adcov_spans *spans = adcov_calloc(ads->n ? ads->n : 1, sizeof *spans);
    adcov_seen *seen = adcov_calloc(ads->n ? ads->n : 1, sizeof *seen);
    if (!st && (!spans || !seen))
        st = adcov_fail(j->ctx, ADCOV_ENOMEM, "sites: out of memory");
    size_t m = 0;
    for (size_t i = 0; !st && i < ads->n; i++) {
        adcov_ad *a = ads->items[i];
        if ((st = adcov_vis_spans(j->ctx, j->in->vis, &j->in->vp, &a->sight, &line, &spans[i])) || !spans[i].n)
            continue;
        int medium_ok;
        unsigned bits = adcov_ad_quota_bits(rule, a, &medium_ok);
        a->visible_rules |= 1u << rule_i;
        a->medium_counts |= medium_ok;
        if (bits) {
            a->counted_rules |= 1u << rule_i;
            seen[m++] = (adcov_seen){spans[i].items, spans[i].n, a->x, a->y, a->id, bits};
        }
    }
    adcov_window_spec spec = {.length = len, .window = len, .separation = adcov_rulebook_param(j->in->rb, "min_separation_m", j->in->phase),
                              .nquotas = s->nquotas};
    for (size_t q = 0; q < s->nquotas; q++)
        spec.need[q] = INFINITY;
    if (!st && adcov_window_count(&spec, seen, m, 0, len, counts))
        st = adcov_fail(j->ctx, ADCOV_ENOMEM, "sites: out of memory");
    for (size_t i = 0; spans && i < ads->n; i++)
        free(spans[i].items);
    free(spans);
    free(seen);
    return st;
}

static double shortfall_of(const adcov_site_result *s, const int *counts)
{
    double short_by = 0;
    for (size_t q = 0; q < s->nquotas; q++)
        short_by += fmax(0, s->need[q] - counts[q]);
    return short_by;
}

/* A scenic area passes when every gate's walk does; it reports the worst gate (SPEC §10). */
static adcov_status check_scenic(job *j, size_t rule_i, adcov_site_result *s, const int *types, ad_list *ads)
{
    gate_pt *gates = NULL;
    size_t n = 0;
    adcov_status st = gates_of(j, s, types, &gates, &n);
    s->gates = n;
    if (!st && n == 0) {
        s->status = ADCOV_SITE_UNKNOWN;
        s->note = "no gates: give them in the gates layer or as sites typed gate";
    }
    double worst = -1;
    for (size_t g = 0; !st && g < n; g++) {
        int counts[ADCOV_MAX_QUOTAS] = {0};
        if ((st = walk_gate(j, rule_i, s, gates[g], ads, counts)))
            break;
        double short_by = shortfall_of(s, counts);
        int total = 0, best = 0; /* among gates short by as much, the smallest count (also when all pass) */
        for (size_t q = 0; q < s->nquotas; q++)
            total += counts[q], best += s->counts[q];
        if (short_by > worst || (short_by == worst && total < best)) {
            worst = short_by;
            memcpy(s->counts, counts, sizeof s->counts);
        }
    }
    if (!st && n > 0)
        s->status = worst > 0 ? ADCOV_SITE_FAIL : ADCOV_SITE_PASS;
    free(gates);
    return st;
}

/* ---- the sites ---- */

static adcov_status new_site(job *j, adcov_layer *l, size_t i, size_t rule_i, int type, size_t name_slot,
                             size_t id_slot, int duty_slot, adcov_site_result **out)
{
    adcov_result *res = j->res;
    if (adcov_grow((void **)&res->sites, &res->capsites, res->nsites + 1, sizeof *res->sites))
        return adcov_fail(j->ctx, ADCOV_ENOMEM, "sites: out of memory");
    adcov_site_result *s = &res->sites[res->nsites++];
    memset(s, 0, sizeof *s);
    const adcov_rule *rule = &j->in->rb->rules[rule_i];
    s->layer = adcov_role_name(l == j->in->stops ? ADCOV_ROLE_BUS_STOPS : ADCOV_ROLE_SITES);
    s->fid = adcov_layer_fid(l, i);
    s->feature = i;
    s->type = type;
    s->rule = rule_i;
    s->nquotas = rule->nquotas < ADCOV_MAX_QUOTAS ? rule->nquotas : ADCOV_MAX_QUOTAS;
    for (size_t q = 0; q < s->nquotas; q++)
        s->need[q] = rule->quotas[q].count[j->in->phase];
    const char *id = adcov_layer_value(l, i, id_slot);
    s->id = *id ? adcov_strdup(id) : adcov_sprintf("%lld", s->fid);
    s->name = adcov_strdup(adcov_layer_value(l, i, name_slot));
    s->duty = adcov_strdup(duty_slot >= 0 ? adcov_layer_value(l, i, (size_t)duty_slot) : "");
    const GEOSGeometry *g = adcov_layer_geom(l, i);
    s->wkb = GEOSGeomToWKB_buf_r(j->h, g, &s->wkb_size);
    if (!s->id || !s->name || !s->duty || !s->wkb)
        return adcov_fail(j->ctx, ADCOV_ENOMEM, "sites: out of memory");
    if (!centre_of(j->h, g, &s->cx, &s->cy))
        return adcov_fail(j->ctx, ADCOV_EGEOS, "%s:%lld:geometry: no centre can be found (%s)", adcov_layer_where(l, i),
                          s->fid, adcov_geos_message(j->ctx));
    *out = s;
    return ADCOV_OK;
}

/* One site checked by one rule: a bus stop counts what lies within radius_m of it, a park what lies
 * inside it or within edge_m of its edge (a park given as a point has no inside: unknown), a square what
 * its centre sees, a scenic area what each gate's walk sees. */
static adcov_status check_site(job *j, adcov_layer *l, size_t i, size_t rule_i, int type, int is_stop,
                               const double *stop_at, const int *types, ad_list *ads)
{
    const adcov_rule *rule = &j->in->rb->rules[rule_i];
    adcov_site_result *s = NULL;
    adcov_status st = is_stop ? new_site(j, l, i, rule_i, type, STOP_NAME, STOP_ID, -1, &s)
                              : new_site(j, l, i, rule_i, type, SITE_NAME, SITE_ID, SITE_DUTY, &s);
    if (st)
        return st;
    if (stop_at && (stop_at[0] != s->cx || stop_at[1] != s->cy)) { /* a stop of several points: their centroid */
        GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(j->h, stop_at[0], stop_at[1]);
        free(s->wkb);
        s->wkb = pt ? GEOSGeomToWKB_buf_r(j->h, pt, &s->wkb_size) : NULL;
        GEOSGeom_destroy_r(j->h, pt);
        if (!s->wkb)
            return adcov_fail(j->ctx, ADCOV_ENOMEM, "bus stops: out of memory");
        s->cx = stop_at[0], s->cy = stop_at[1];
    }
    const GEOSGeometry *g = adcov_layer_geom(l, i);
    int polygon = GEOSGeomTypeId_r(j->h, g) == GEOS_POLYGON || GEOSGeomTypeId_r(j->h, g) == GEOS_MULTIPOLYGON;
    if (rule->type == ADCOV_RULE_PARK && !polygon) {
        s->status = ADCOV_SITE_UNKNOWN;
        s->note = "a park given as a point has no inside to count";
        return ADCOV_OK;
    }
    if (rule->type == ADCOV_RULE_SCENIC)
        return check_scenic(j, rule_i, s, types, ads);
    if (rule->type == ADCOV_RULE_SQUARE) {
        st = ads_seen_from(j, s->cx, s->cy, ads);
        if (!st)
            st = isovist(j, s);
    } else if (rule->type == ADCOV_RULE_BUSSTOP) {
        GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(j->h, s->cx, s->cy);
        st = pt ? ads_within(j, pt, adcov_rule_param(rule, "radius_m", j->in->phase), ads)
                : adcov_fail(j->ctx, ADCOV_EGEOS, "sites: cannot make a point");
        GEOSGeom_destroy_r(j->h, pt);
    } else {
        st = ads_within(j, g, adcov_rule_param(rule, "edge_m", j->in->phase), ads);
    }
    return st ? st : count_site(j, rule_i, ads, s);
}

static int rule_for(const adcov_rulebook *rb, adcov_rule_type type, size_t from)
{
    for (size_t k = from; k < rb->nrules; k++)
        if (rb->rules[k].selected && rb->rules[k].type == type)
            return (int)k;
    return -1;
}

/* Site types of the sites layer; unknown ones stop the run unless it is lenient (then not checked). */
static adcov_status site_types(job *j, int *types)
{
    adcov_layer *l = j->in->sites;
    size_t bad = 0, first = 0;
    for (size_t i = 0; i < adcov_layer_count(l); i++) {
        const adcov_input *in = adcov_config_source(j->in->cfg, ADCOV_ROLE_SITES, adcov_layer_source(l, i));
        types[i] = adcov_vocab_lookup(in->vocab[ADCOV_VOCAB_SITE], adcov_layer_value(l, i, SITE_TYPE));
        if (types[i] < 0 && bad++ == 0)
            first = i;
    }
    if (bad && !j->in->lenient)
        return adcov_fail(j->ctx, ADCOV_EINPUT, "%s:%lld:%s: value '%s' is not a known site type (square, park, scenic, "
                          "busstop, gate; %zu feature%s; map it under 'types:' or run with --lenient)",
                          adcov_layer_where(l, first), adcov_layer_fid(l, first), adcov_layer_field_name(l, first, SITE_TYPE),
                          adcov_layer_value(l, first, SITE_TYPE), bad, bad == 1 ? "" : "s");
    return ADCOV_OK;
}

/* ---- bus stops given one point per route (§10) ---- */

typedef struct {
    char name[ADCOV_WORD_MAX];
    double x, y;
    size_t i;
} stop_point;

static int by_name_then_x(const void *a, const void *b)
{
    const stop_point *p = a, *q = b;
    int c = strcmp(p->name, q->name);
    if (c)
        return c;
    return p->x < q->x ? -1 : p->x > q->x ? 1 : (p->i > q->i) - (p->i < q->i);
}

static size_t find_root(size_t *parent, size_t i)
{
    while (parent[i] != i)
        i = parent[i] = parent[parent[i]];
    return i;
}

/* The stop's id as its site row names it: the id field (slot id_slot), else the fid. */
static void stop_id(adcov_layer *l, size_t i, size_t id_slot, char *buf, size_t n)
{
    const char *id = adcov_layer_value(l, i, id_slot);
    if (*id)
        snprintf(buf, n, "%s", id);
    else
        snprintf(buf, n, "%lld", adcov_layer_fid(l, i));
}

/* Ids compare as numbers when both are, else as text. */
static int id_before(adcov_layer *l, size_t id_slot, size_t a, size_t b)
{
    char x[ADCOV_WORD_MAX], y[ADCOV_WORD_MAX], *ex, *ey;
    stop_id(l, a, id_slot, x, sizeof x);
    stop_id(l, b, id_slot, y, sizeof y);
    double vx = strtod(x, &ex), vy = strtod(y, &ey);
    if (*x && *y && !*ex && !*ey && vx != vy)
        return vx < vy;
    int c = strcmp(x, y);
    return c ? c < 0 : a < b;
}

/* Stop points (types[i] busstop) of one name chained within stop_merge_m are one stop, stood for by the
 * point with the smallest id: rep[i] is the feature that stands for i's stop (i itself when alone,
 * unnamed or no stop), and centre[2 r], centre[2 r + 1] the centroid of the named points r stands for
 * (NAN: not a named stop point, its own centre is taken). The sweep along x within each name compares
 * only points closer in x than the distance. */
static adcov_status merge_stops(job *j, adcov_layer *l, const int *types, int is_stop, size_t *rep, double *centre)
{
    size_t name_slot = is_stop ? STOP_NAME : SITE_NAME, id_slot = is_stop ? STOP_ID : SITE_ID;
    size_t n = adcov_layer_count(l), m = 0;
    double d = adcov_rulebook_param(j->in->rb, "stop_merge_m", j->in->phase);
    stop_point *pts = adcov_malloc((n ? n : 1) * sizeof *pts);
    size_t *count = adcov_calloc(n ? n : 1, sizeof *count);
    if (!pts || !count) {
        free(pts);
        free(count);
        return adcov_fail(j->ctx, ADCOV_ENOMEM, "bus stops: out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        rep[i] = i;
        const GEOSGeometry *g = adcov_layer_geom(l, i);
        stop_point *p = &pts[m];
        const char *name = adcov_normalize_buf(adcov_layer_value(l, i, name_slot), p->name, sizeof p->name);
        if (types[i] == ADCOV_SITE_BUSSTOP && name && *name && GEOSGeomTypeId_r(j->h, g) == GEOS_POINT &&
            GEOSGeomGetX_r(j->h, g, &p->x) &&
            GEOSGeomGetY_r(j->h, g, &p->y)) {
            p->i = i;
            m++;
        }
    }
    qsort(pts, m, sizeof *pts, by_name_then_x);
    for (size_t a = 0; a < m; a++)
        for (size_t b = a + 1; b < m && !strcmp(pts[a].name, pts[b].name) && pts[b].x - pts[a].x <= d; b++)
            if (hypot(pts[b].x - pts[a].x, pts[b].y - pts[a].y) <= d) {
                size_t ra = find_root(rep, pts[a].i), rb = find_root(rep, pts[b].i);
                if (ra != rb) /* the root is the member with the smallest id */
                    id_before(l, id_slot, ra, rb) ? (rep[rb] = ra) : (rep[ra] = rb);
            }
    for (size_t i = 0; i < n; i++) {
        rep[i] = find_root(rep, i);
        centre[2 * i] = centre[2 * i + 1] = NAN;
    }
    for (size_t a = 0; a < m; a++) {
        size_t r = rep[pts[a].i];
        if (count[r]++ == 0)
            centre[2 * r] = centre[2 * r + 1] = 0;
        centre[2 * r] += pts[a].x, centre[2 * r + 1] += pts[a].y;
    }
    for (size_t i = 0; i < n; i++)
        if (count[i])
            centre[2 * i] /= (double)count[i], centre[2 * i + 1] /= (double)count[i];
    free(pts);
    free(count);
    return ADCOV_OK;
}

static adcov_status check_layer(job *j, adcov_layer *l, int is_stop, ad_list *ads)
{
    size_t n = adcov_layer_count(l);
    int *types = adcov_malloc((n ? n : 1) * sizeof *types);
    adcov_status st = types ? ADCOV_OK : adcov_fail(j->ctx, ADCOV_ENOMEM, "sites: out of memory");
    for (size_t i = 0; !st && is_stop && i < n; i++)
        types[i] = ADCOV_SITE_BUSSTOP;
    if (!st && !is_stop)
        st = site_types(j, types);
    /* stop points given one per route, in the bus_stops layer or typed busstop among the sites (§10) */
    size_t *rep = st ? NULL : adcov_malloc((n ? n : 1) * sizeof *rep);
    double *centre = st ? NULL : adcov_malloc((n ? n : 1) * 2 * sizeof *centre);
    if (!st)
        st = rep && centre ? merge_stops(j, l, types, is_stop, rep, centre)
                           : adcov_fail(j->ctx, ADCOV_ENOMEM, "bus stops: out of memory");
    for (size_t i = 0; !st && i < n; i++) {
        if (rep[i] != i)
            continue; /* merged into the stop its smallest id stands for */
        const double *stop_at = !isnan(centre[2 * i]) ? &centre[2 * i] : NULL;
        adcov_rule_type rt = types[i] == ADCOV_SITE_BUSSTOP ? ADCOV_RULE_BUSSTOP
                             : types[i] == ADCOV_SITE_PARK   ? ADCOV_RULE_PARK
                             : types[i] == ADCOV_SITE_SQUARE ? ADCOV_RULE_SQUARE
                             : types[i] == ADCOV_SITE_SCENIC ? ADCOV_RULE_SCENIC
                                                             : ADCOV_RULE_TYPE_COUNT;
        for (int k = rule_for(j->in->rb, rt, 0); !st && k >= 0; k = rule_for(j->in->rb, rt, (size_t)k + 1)) {
            double t0 = adcov_now();
            st = check_site(j, l, i, (size_t)k, types[i], is_stop, stop_at, is_stop ? NULL : types, ads);
            if (k < 32)
                j->res->rule_s[k] += adcov_now() - t0;
        }
    }
    free(types);
    free(centre);
    if (!st) {
        j->res->stop_rep[!is_stop] = rep;
        j->res->nstop_rep[!is_stop] = n;
    } else {
        free(rep);
    }
    return st;
}

adcov_status adcov_sites_check(adcov_ctx *ctx, const adcov_sites_input *in, adcov_result *res)
{
    job j = {.ctx = ctx, .in = in, .res = res, .h = adcov_ctx_geos(ctx)};
    ad_list ads = {0};
    adcov_status st = ADCOV_OK;
    if (in->stops)
        st = check_layer(&j, in->stops, 1, &ads);
    if (!st && in->sites)
        st = check_layer(&j, in->sites, 0, &ads);
    free(ads.items);
    return st;
}
