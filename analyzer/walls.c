#include "walls.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { H_HEIGHT, H_ID, H_DUTY };  /* hoardings slots */
enum { K_CLASS, K_ID };           /* carriers slots */
#define EPS 1e-9                  /* "exactly 30 % passes" must survive floating point */

typedef struct {
    adcov_ctx *ctx;
    const adcov_walls_input *in;
    adcov_result *res;
    adcov_site_rows *rows; /* the rows made */
    GEOSContextHandle_t h;
} job;

static const adcov_rule *rule_of(const job *j, size_t k) { return &j->in->rb->rules[k]; }
static size_t ad_index(const job *j, const adcov_ad *a) { return (size_t)(a - j->res->ads); }

/* ---- which ads hang on what ---- */


/* owner[i]: the feature of l nearest to ad i within reach (-1: none); ties go to the earlier feature. An
 * ad already fixed to a feature (owner <= -2, see attach_by_id) stays where it is. */
static adcov_status attach(job *j, adcov_layer *l, double reach, long *owner)
{
    double *best = adcov_malloc((j->res->nads ? j->res->nads : 1) * sizeof *best);
    adcov_ad_list near = {0};
    adcov_status st = best ? ADCOV_OK : adcov_fail(j->ctx, ADCOV_ENOMEM, "walls: out of memory");
    for (size_t i = 0; !st && i < j->res->nads; i++)
        best[i] = INFINITY;
    for (size_t f = 0; !st && f < adcov_layer_count(l); f++) {
        const GEOSGeometry *g = adcov_layer_geom(l, f);
        double x0, y0, x1, y1;
        GEOSGeom_getXMin_r(j->h, g, &x0), GEOSGeom_getYMin_r(j->h, g, &y0);
        GEOSGeom_getXMax_r(j->h, g, &x1), GEOSGeom_getYMax_r(j->h, g, &y1);
        st = adcov_ads_in_box(j->ctx, j->in->ad_index, j->res, x0 - reach, y0 - reach, x1 + reach, y1 + reach, &near);
        for (size_t k = 0; !st && k < near.n; k++) {
            size_t i = ad_index(j, near.items[k]);
            if (owner[i] <= -2)
                continue;
            GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(j->h, near.items[k]->x, near.items[k]->y);
            double d = INFINITY;
            if (pt && GEOSDistance_r(j->h, g, pt, &d) && d <= reach && d < best[i]) {
                best[i] = d;
                owner[i] = (long)f;
            }
            GEOSGeom_destroy_r(j->h, pt);
        }
    }
    free(near.items);
    free(best);
    return st;
}

/* 1 when ad a counts toward rule k (a good PSA of a medium the rule takes); marks it either way. */
static int counts_for(const job *j, size_t k, adcov_ad *a)
{
    const adcov_rule *rule = rule_of(j, k);
    a->visible_rules |= 1u << k;
    int ok = !a->bad && a->kind == ADCOV_KIND_PSA && a->condition == ADCOV_COND_GOOD && (rule->media & (1u << a->medium));
    if (!a->bad && a->medium >= 0 && (rule->media & (1u << a->medium)))
        a->medium_counts = 1;
    if (ok)
        a->counted_rules |= 1u << k;
    return ok;
}

static adcov_status new_row(job *j, size_t k, adcov_layer *l, size_t f, const char *kind, adcov_site_result **out)
{
    adcov_site_rows *rows = j->rows;
    if (adcov_grow((void **)&rows->items, &rows->cap, rows->n + 1, sizeof *rows->items))
        return adcov_fail(j->ctx, ADCOV_ENOMEM, "walls: out of memory");
    adcov_site_result *s = &rows->items[rows->n++];
    memset(s, 0, sizeof *s);
    s->rule = k;
    s->kind = kind;
    s->has_value = 1;
    s->fid = -1;
    s->feature = SIZE_MAX;
    if (l) {
        s->layer = adcov_role_name(l == j->in->hoardings ? ADCOV_ROLE_HOARDINGS : ADCOV_ROLE_CARRIERS);
        s->fid = adcov_layer_fid(l, f);
        s->feature = f;
        size_t id_slot = l == j->in->hoardings ? H_ID : K_ID;
        const char *id = adcov_layer_value(l, f, id_slot);
        s->id = *id ? adcov_strdup(id) : adcov_sprintf("%lld", s->fid);
        s->duty = adcov_strdup(l == j->in->hoardings ? adcov_layer_value(l, f, H_DUTY) : "");
        s->name = adcov_strdup(s->id ? s->id : "");
        s->wkb = GEOSGeomToWKB_buf_r(j->h, adcov_layer_geom(l, f), &s->wkb_size);
        if (!s->id || !s->duty || !s->name || !s->wkb)
            return adcov_fail(j->ctx, ADCOV_ENOMEM, "walls: out of memory");
    }
    *out = s;
    return ADCOV_OK;
}

/* ---- hoardings ---- */

/* A size field of ad i, or the config's panel size, or bad input (SPEC §10: a counted panel without a
 * size is bad input unless the config gives a default). */
static adcov_status panel_area(job *j, const adcov_ad *a, double *area)
{
    adcov_layer *l = j->in->ads;
    const char *w = adcov_layer_value(l, a->fid_index, ADCOV_AD_WIDTH), *h = adcov_layer_value(l, a->fid_index, ADCOV_AD_HEIGHT);
    double wv = 0, hv = 0;
    if (adcov_parse_number(w, &wv) != 1)
        wv = 0;
    if (adcov_parse_number(h, &hv) != 1)
        hv = 0;
    if (!(wv > 0 && hv > 0)) {
        wv = j->in->cfg->panel_width_m;
        hv = j->in->cfg->panel_height_m;
    }
    if (!(wv > 0 && hv > 0))
        return adcov_fail(j->ctx, ADCOV_EINPUT, "%s:%lld:%s: a PSA panel on a hoarding needs its width and height "
                          "(or panel_size in the config)", a->where, a->fid,
                          adcov_layer_field_name(l, a->fid_index, ADCOV_AD_WIDTH) ? adcov_layer_field_name(l, a->fid_index, ADCOV_AD_WIDTH) : "width_m");
    *area = wv * hv;
    return ADCOV_OK;
}

/* The walls of a hoarding: its lines, or its polygon's rings (SPEC §10). Borrowed from g. */
static size_t walls_of(GEOSContextHandle_t h, const GEOSGeometry *g, const GEOSGeometry **out, size_t cap)
{
    size_t n = 0;
    for (int p = 0; p < GEOSGetNumGeometries_r(h, g) && n < cap; p++) {
        const GEOSGeometry *part = GEOSGetGeometryN_r(h, g, p);
        if (GEOSGeomTypeId_r(h, part) == GEOS_POLYGON) {
            out[n++] = GEOSGetExteriorRing_r(h, part);
            for (int r = 0; r < GEOSGetNumInteriorRings_r(h, part) && n < cap; r++)
                out[n++] = GEOSGetInteriorRingN_r(h, part, r);
        } else {
            out[n++] = part;
        }
    }
    return n;
}

/* Faces of one wall (SPEC §6): runs between turns sharper than turn_deg; a ring's faces wrap around
 * its first vertex. Fills starts[] with the chainage where each face starts (ascending) and returns how
 * many; a face runs to the next start, the last one to the end (and on a ring on to the first start). */
static size_t faces_of(GEOSContextHandle_t h, const GEOSGeometry *wall, double turn_deg, double *starts, size_t cap,
                       int *ring, double *length)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, wall);
    unsigned int n = 0;
    GEOSCoordSeq_getSize_r(h, cs, &n);
    double x0, y0, xl, yl;
    GEOSCoordSeq_getXY_r(h, cs, 0, &x0, &y0);
    GEOSCoordSeq_getXY_r(h, cs, n - 1, &xl, &yl);
    *ring = n > 3 && x0 == xl && y0 == yl;
    size_t k = 0;
    double t = 0;
    starts[k++] = 0;
    for (unsigned int i = 1; i + 1 <= n - 1; i++) {
        double ax, ay, bx, by, cx, cy;
        GEOSCoordSeq_getXY_r(h, cs, i - 1, &ax, &ay);
        GEOSCoordSeq_getXY_r(h, cs, i, &bx, &by);
        t += hypot(bx - ax, by - ay);
        if (i + 1 > n - 1)
            break;
        GEOSCoordSeq_getXY_r(h, cs, i + 1, &cx, &cy);
        double ux = bx - ax, uy = by - ay, vx = cx - bx, vy = cy - by;
        double turn = acos(fmax(-1, fmin(1, (ux * vx + uy * vy) / (hypot(ux, uy) * hypot(vx, vy))))) * 180 / M_PI;
        if (turn > turn_deg && k < cap)
            starts[k++] = t;
    }
    GEOSLength_r(h, wall, length);
    if (*ring) { /* is the first vertex itself a turn? then the wrap-around face starts there */
        double ax, ay, cx, cy;
        GEOSCoordSeq_getXY_r(h, cs, n - 2, &ax, &ay);
        GEOSCoordSeq_getXY_r(h, cs, 1, &cx, &cy);
        double ux = x0 - ax, uy = y0 - ay, vx = cx - x0, vy = cy - y0;
        double turn = acos(fmax(-1, fmin(1, (ux * vx + uy * vy) / (hypot(ux, uy) * hypot(vx, vy))))) * 180 / M_PI;
        if (!(turn > turn_deg) && k > 1) { /* no: the piece before the first turn joins the last face */
            memmove(starts, starts + 1, (k - 1) * sizeof *starts);
            k--;
        }
    }
    return k;
}

/* Length of face f of a wall with the given face starts; face f covers chainage t when in_face. */
static double face_length(const double *starts, size_t k, size_t f, int ring, double len)
{
    double end = f + 1 < k ? starts[f + 1] : ring ? len + starts[0] : len;
    return end - starts[f];
}

static int in_face(const double *starts, size_t k, size_t f, int ring, double len, double t)
{
    if (ring && t < starts[0])
        t += len; /* past the closing vertex: the wrap-around face */
    double end = f + 1 < k ? starts[f + 1] : ring ? len + starts[0] : len;
    return t >= starts[f] - EPS && t <= end + EPS;
}

/* Faces of walls[] at least face_min long that no counting PSA (psa[], with point xy) stands on. */
static size_t bare_faces(job *j, size_t k, const GEOSGeometry *const *walls, size_t nwalls, const adcov_ad *const *psa,
                         size_t npsa)
{
    const adcov_rule *rule = rule_of(j, k);
    double turn = adcov_rule_param(rule, "face_turn_deg", j->in->phase), min_len = adcov_rule_param(rule, "face_min_m", j->in->phase);
    size_t bare = 0;
    for (size_t w = 0; w < nwalls; w++) {
        double starts[256], len;
        int ring;
        size_t nf = faces_of(j->h, walls[w], turn, starts, 256, &ring, &len);
        for (size_t f = 0; f < nf; f++) {
            if (face_length(starts, nf, f, ring, len) < min_len)
                continue;
            int carried = 0;
            for (size_t p = 0; p < npsa && !carried; p++) {
                GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(j->h, psa[p]->x, psa[p]->y);
                double dmin = INFINITY, d;
                size_t nearest = 0;
                for (size_t v = 0; pt && v < nwalls; v++)
                    if (GEOSDistance_r(j->h, walls[v], pt, &d) && d < dmin) {
                        dmin = d;
                        nearest = v;
                    }
                carried = pt && nearest == w && in_face(starts, nf, f, ring, len, GEOSProject_r(j->h, walls[w], pt));
                GEOSGeom_destroy_r(j->h, pt);
            }
            bare += !carried;
        }
    }
    return bare;
}

/* The ads of each feature, bucketed once: ads of feature f are list[start[f] .. start[f + 1]). */
typedef struct {
    size_t *start, *list;
} buckets;

static adcov_status bucket(job *j, const long *owner, size_t nfeatures, buckets *b)
{
    b->start = adcov_calloc(nfeatures + 2, sizeof *b->start);
    b->list = adcov_malloc((j->res->nads ? j->res->nads : 1) * sizeof *b->list);
    if (!b->start || !b->list)
        return adcov_fail(j->ctx, ADCOV_ENOMEM, "walls: out of memory");
    for (size_t i = 0; i < j->res->nads; i++)
        if (owner[i] >= 0)
            b->start[owner[i] + 2]++;
    for (size_t f = 0; f < nfeatures; f++)
        b->start[f + 2] += b->start[f + 1];
    for (size_t i = 0; i < j->res->nads; i++)
        if (owner[i] >= 0)
            b->list[b->start[owner[i] + 1]++] = i;
    return ADCOV_OK;
}

static adcov_status check_hoarding(job *j, size_t k, size_t f, const buckets *b)
{
    adcov_layer *l = j->in->hoardings;
    const adcov_rule *rule = rule_of(j, k);
    const GEOSGeometry *g = adcov_layer_geom(l, f);
    const GEOSGeometry *walls[64];
    size_t nwalls = walls_of(j->h, g, walls, 64);
    double wall_len = 0, height = adcov_rule_param(rule, "default_height_m", j->in->phase), area = 0;
    for (size_t w = 0; w < nwalls; w++) {
        double len = 0;
        GEOSLength_r(j->h, walls[w], &len);
        wall_len += len;
    }
    const char *hs = adcov_layer_value(l, f, H_HEIGHT);
    double given = 0;
    int got = adcov_parse_number(hs, &given);
    if (got < 0 || (got == 1 && !(given > 0)))
        return adcov_fail(j->ctx, ADCOV_EINPUT, "%s:%lld:%s: height '%s' is not a number above 0", adcov_layer_where(l, f),
                          adcov_layer_fid(l, f), adcov_layer_field_name(l, f, H_HEIGHT), hs);
    if (got == 1)
        height = given;
    const adcov_ad **psa = adcov_malloc((j->res->nads ? j->res->nads : 1) * sizeof *psa);
    if (!psa)
        return adcov_fail(j->ctx, ADCOV_ENOMEM, "walls: out of memory");
    size_t all = 0, npsa = 0;
    adcov_status st = ADCOV_OK;
    for (size_t n = b->start[f]; !st && n < b->start[f + 1]; n++) {
        adcov_ad *a = &j->res->ads[b->list[n]];
        all++; /* every ad, faded PSAs and banners too, is in the one-in-three denominator */
        if (!counts_for(j, k, a))
            continue;
        double panel = 0;
        if (!(st = panel_area(j, a, &panel))) {
            area += panel;
            psa[npsa++] = a;
        }
    }
    adcov_site_result *s = NULL;
    if (!st)
        st = new_row(j, k, l, f, "hoarding", &s);
    if (!st && npsa && !(s->counted = adcov_malloc(npsa * sizeof *s->counted)))
        st = adcov_fail(j->ctx, ADCOV_ENOMEM, "walls: out of memory");
    for (size_t p = 0; !st && p < npsa; p++) /* its panels, for the evidence pack (SPEC §14) */
        s->counted[s->ncounted++] = ad_index(j, psa[p]);
    int zone = st || !j->in->zones ? 0 : adcov_zones_hit(j->in->zones_ctx, j->in->zones, g);
    if (zone == ADCOV_ZONES_NOMEM)
        st = adcov_fail(j->ctx, ADCOV_ENOMEM, "hoardings: out of memory");
    else if (zone < 0)
        st = adcov_fail(j->ctx, ADCOV_EGEOS, "%s:%lld: cannot test the hoarding against the zones (%s)",
                        adcov_layer_where(l, f), adcov_layer_fid(l, f), adcov_geos_message(j->in->zones_ctx));
    if (!st) {
        double share = j->in->phase == ADCOV_INSPECTION && j->in->cfg->urban_village && zone
                           ? adcov_rule_param(rule, "urban_village_share", j->in->phase)
                           : adcov_rule_param(rule, "share", j->in->phase);
        size_t bare = bare_faces(j, k, walls, nwalls, psa, npsa);
        double ratio = adcov_rule_param(rule, "psa_ratio", j->in->phase);
        s->value = area;
        s->required = share * wall_len * height;
        int area_ok = area >= s->required - EPS, ratio_ok = npsa >= ratio * (double)all - EPS;
        s->status = area_ok && bare == 0 && ratio_ok ? ADCOV_SITE_PASS : ADCOV_SITE_FAIL;
        s->shortfall = adcov_sprintf("%s%s%s%s%s", area_ok ? "" : "公益广告面积不足",
                                     !area_ok && (bare || !ratio_ok) ? "; " : "", bare ? "有立面无公益广告" : "",
                                     bare && !ratio_ok ? "; " : "", ratio_ok ? "" : "公益广告少于三分之一");
        if (!s->shortfall)
            st = adcov_fail(j->ctx, ADCOV_ENOMEM, "walls: out of memory");
    }
    free(psa);
    return st;
}

/* ---- carriers ---- */

/* carrier_id wins over proximity (SPEC §10): an ad naming a carrier that does not exist is bad input. */
static adcov_status attach_by_id(job *j, long *owner)
{
    adcov_layer *c = j->in->carriers, *ads = j->in->ads;
    for (size_t i = 0; i < j->res->nads; i++) {
        owner[i] = -1;
        const char *cid = adcov_layer_value(ads, j->res->ads[i].fid_index, ADCOV_AD_CARRIER);
        if (!*cid)
            continue;
        for (size_t f = 0; f < adcov_layer_count(c) && owner[i] < 0; f++)
            if (!strcmp(adcov_layer_value(c, f, K_ID), cid))
                owner[i] = (long)f;
        if (owner[i] < 0)
            return adcov_fail(j->ctx, ADCOV_EINPUT, "%s:%lld:%s: no carrier has the id '%s'", j->res->ads[i].where,
                              j->res->ads[i].fid, adcov_layer_field_name(ads, j->res->ads[i].fid_index, ADCOV_AD_CARRIER),
                              cid);
        owner[i] = -2 - owner[i]; /* fixed: proximity must not move it */
    }
    return ADCOV_OK;
}

static adcov_status carrier_classes(job *j, int *cls)
{
    adcov_layer *c = j->in->carriers;
    for (size_t f = 0; f < adcov_layer_count(c); f++) {
        const adcov_input *in = adcov_config_source(j->in->cfg, ADCOV_ROLE_CARRIERS, adcov_layer_source(c, f));
        cls[f] = adcov_vocab_lookup(in->vocab[ADCOV_VOCAB_CARRIER], adcov_layer_value(c, f, K_CLASS));
        if (cls[f] < 0 && !j->in->lenient)
            return adcov_fail(j->ctx, ADCOV_EINPUT, "%s:%lld:%s: value '%s' is not a known carrier class (lane_shade, "
                              "bike_shelter, venue, hospital, other; map it under 'classes:' or run with --lenient)",
                              adcov_layer_where(c, f), adcov_layer_fid(c, f), adcov_layer_field_name(c, f, K_CLASS),
                              adcov_layer_value(c, f, K_CLASS));
    }
    return ADCOV_OK;
}

/* Shares per class over the whole city: required = ceil(share x all ads); a class with no ads is
 * unknown; every carrier takes its class's status (SPEC §10). */
static adcov_status check_carriers(job *j, size_t k, const long *owner, const int *cls)
{
    adcov_layer *c = j->in->carriers;
    size_t nc = adcov_layer_count(c), all[ADCOV_CARRIER_COUNT] = {0}, psa[ADCOV_CARRIER_COUNT] = {0};
    size_t *on_all = adcov_calloc(nc ? nc : 1, sizeof *on_all), *on_psa = adcov_calloc(nc ? nc : 1, sizeof *on_psa);
    adcov_status st = on_all && on_psa ? ADCOV_OK : adcov_fail(j->ctx, ADCOV_ENOMEM, "walls: out of memory");
    for (size_t i = 0; !st && i < j->res->nads; i++) {
        long f = owner[i] <= -2 ? -2 - owner[i] : owner[i];
        if (f < 0 || cls[f] < 0)
            continue;
        int good = counts_for(j, k, &j->res->ads[i]);
        all[cls[f]]++;
        psa[cls[f]] += (size_t)good;
        on_all[f]++;
        on_psa[f] += (size_t)good;
    }
    adcov_site_status status[ADCOV_CARRIER_COUNT];
    double required[ADCOV_CARRIER_COUNT];
    for (int cl = 0; !st && cl < ADCOV_CARRIER_COUNT; cl++) {
        char key[64];
        snprintf(key, sizeof key, "shares.%s", adcov_vocab_word(ADCOV_VOCAB_CARRIER, cl));
        double share = adcov_rule_param(rule_of(j, k), key, j->in->phase);
        required[cl] = isnan(share) ? 0 : ceil(share * (double)all[cl] - EPS);
        status[cl] = isnan(share) || all[cl] == 0 ? ADCOV_SITE_UNKNOWN
                     : (double)psa[cl] >= required[cl] ? ADCOV_SITE_PASS : ADCOV_SITE_FAIL;
        adcov_site_result *s = NULL;
        if ((st = new_row(j, k, NULL, 0, "carrier_class", &s)))
            break;
        s->id = adcov_strdup(adcov_vocab_word(ADCOV_VOCAB_CARRIER, cl));
        s->name = adcov_strdup(adcov_vocab_label(ADCOV_VOCAB_CARRIER, cl, 0)); /* the id stays the canonical word */
        s->duty = adcov_strdup("");
        s->value = (double)psa[cl];
        s->required = required[cl];
        s->status = status[cl];
        s->note = isnan(share) ? "the rulebook gives no share for this class" : all[cl] == 0 ? "no ads on this class" : NULL;
        if (!s->id || !s->name || !s->duty)
            st = adcov_fail(j->ctx, ADCOV_ENOMEM, "walls: out of memory");
    }
    for (size_t f = 0; !st && f < nc; f++) {
        adcov_site_result *s = NULL;
        if ((st = new_row(j, k, c, f, "carrier", &s)))
            break;
        /* its own PSAs, against its class's share of its own ads; the status is its class's */
        char key[64];
        snprintf(key, sizeof key, "shares.%s", cls[f] < 0 ? "" : adcov_vocab_word(ADCOV_VOCAB_CARRIER, cls[f]));
        double share = adcov_rule_param(rule_of(j, k), key, j->in->phase);
        s->value = (double)on_psa[f];
        s->required = isnan(share) ? 0 : ceil(share * (double)on_all[f] - EPS);
        s->status = cls[f] < 0 ? ADCOV_SITE_UNKNOWN : status[cls[f]];
        s->note = cls[f] < 0 ? "its class is not one the rule knows" : NULL;
        free(s->name);
        s->name = adcov_strdup(cls[f] < 0 ? adcov_layer_value(c, f, K_CLASS) : adcov_vocab_label(ADCOV_VOCAB_CARRIER, cls[f], 0));
        if (!s->name)
            st = adcov_fail(j->ctx, ADCOV_ENOMEM, "walls: out of memory");
    }
    free(on_all);
    free(on_psa);
    return st;
}

/* ---- both ---- */

adcov_status adcov_walls_check(adcov_ctx *ctx, const adcov_walls_input *in, adcov_result *res, adcov_site_rows *rows)
{
    job j = {.ctx = ctx, .in = in, .res = res, .rows = rows, .h = adcov_ctx_geos(ctx)};
    long *owner = adcov_malloc((res->nads ? res->nads : 1) * sizeof *owner);
    adcov_status st = owner ? ADCOV_OK : adcov_fail(ctx, ADCOV_ENOMEM, "walls: out of memory");
    for (size_t k = 0; !st && k < in->rb->nrules; k++) {
        const adcov_rule *rule = &in->rb->rules[k];
        if (!rule->selected)
            continue;
        double t0 = adcov_now();
        if (rule->places == ADCOV_PLACES_HOARDINGS && in->hoardings) {
            for (size_t i = 0; i < res->nads; i++)
                owner[i] = -1;
            buckets b = {0};
            st = attach(&j, in->hoardings, adcov_rule_param(rule, "attach_m", in->phase), owner);
            if (!st)
                st = bucket(&j, owner, adcov_layer_count(in->hoardings), &b);
            for (size_t f = 0; !st && f < adcov_layer_count(in->hoardings); f++)
                st = check_hoarding(&j, k, f, &b);
            free(b.start);
            free(b.list);
        } else if (rule->places == ADCOV_PLACES_CARRIERS && in->carriers) {
            size_t nc = adcov_layer_count(in->carriers);
            int *cls = adcov_malloc((nc ? nc : 1) * sizeof *cls);
            if (!cls)
                st = adcov_fail(ctx, ADCOV_ENOMEM, "walls: out of memory");
            if (!st && !(st = carrier_classes(&j, cls)) && !(st = attach_by_id(&j, owner)))
                st = attach(&j, in->carriers, adcov_rule_param(rule, "attach_m", in->phase), owner);
            if (!st)
                st = check_carriers(&j, k, owner, cls);
            free(cls);
        }
        if (k < 32)
            res->rule_s[k] += adcov_now() - t0;
    }
    free(owner);
    return st;
}
