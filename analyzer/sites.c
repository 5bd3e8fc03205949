#include "sites.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vocab.h"

/* Slots of the sites and bus_stops roles (adcov_role_fields). */
enum { STOP_ID, STOP_NAME };

typedef adcov_site_job job;

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

/* ---- the sites ---- */

static adcov_status new_site(job *j, size_t rule_i, const char *type, int is_stop, adcov_site_result **out)
{
    adcov_result *res = j->res;
    adcov_layer *l = j->layer;
    size_t i = j->feature, name_slot = is_stop ? STOP_NAME : ADCOV_SITE_SLOT_NAME, id_slot = is_stop ? STOP_ID : ADCOV_SITE_SLOT_ID;
    if (adcov_grow((void **)&res->sites, &res->capsites, res->nsites + 1, sizeof *res->sites))
        return adcov_fail(j->ctx, ADCOV_ENOMEM, "sites: out of memory");
    adcov_site_result *s = &res->sites[res->nsites++];
    memset(s, 0, sizeof *s);
    const adcov_rule *rule = &j->in->rb->rules[rule_i];
    s->layer = adcov_role_name(is_stop ? ADCOV_ROLE_BUS_STOPS : ADCOV_ROLE_SITES);
    s->fid = adcov_layer_fid(l, i);
    s->feature = i;
    s->rule = rule_i;
    s->nquotas = rule->nquotas < ADCOV_MAX_QUOTAS ? rule->nquotas : ADCOV_MAX_QUOTAS;
    for (size_t q = 0; q < s->nquotas; q++)
        s->need[q] = rule->quotas[q].count[j->in->phase];
    const char *id = adcov_layer_value(l, i, id_slot);
    s->id = *id ? adcov_strdup(id) : adcov_sprintf("%lld", s->fid);
    s->name = adcov_strdup(adcov_layer_value(l, i, name_slot));
    s->duty = adcov_strdup(is_stop ? "" : adcov_layer_value(l, i, ADCOV_SITE_SLOT_DUTY));
    s->type = adcov_strdup(type);
    const GEOSGeometry *g = adcov_layer_geom(l, i);
    s->area = GEOSGeomTypeId_r(j->h, g) == GEOS_POLYGON || GEOSGeomTypeId_r(j->h, g) == GEOS_MULTIPOLYGON;
    s->wkb = GEOSGeomToWKB_buf_r(j->h, g, &s->wkb_size);
    if (!s->id || !s->name || !s->duty || !s->type || !s->wkb)
        return adcov_fail(j->ctx, ADCOV_ENOMEM, "sites: out of memory");
    if (!centre_of(j->h, g, &s->cx, &s->cy))
        return adcov_fail(j->ctx, ADCOV_EGEOS, "%s:%lld:geometry: no centre can be found (%s)", adcov_layer_where(l, i),
                          s->fid, adcov_geos_message(j->ctx));
    *out = s;
    return ADCOV_OK;
}

/* One site checked by one rule: its row, counted from where it stands (a bus stop of several points:
 * their centroid), then judged by the rule's method. */
static adcov_status check_site(job *j, size_t rule_i, const char *type, int is_stop, const double *stop_at)
{
    const adcov_rule *rule = &j->in->rb->rules[rule_i];
    adcov_site_result *s = NULL;
    adcov_status st = new_site(j, rule_i, type, is_stop, &s);
    if (st)
        return st;
    if (stop_at && (stop_at[0] != s->cx || stop_at[1] != s->cy)) {
        GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(j->h, stop_at[0], stop_at[1]);
        free(s->wkb);
        s->wkb = pt ? GEOSGeomToWKB_buf_r(j->h, pt, &s->wkb_size) : NULL;
        GEOSGeom_destroy_r(j->h, pt);
        if (!s->wkb)
            return adcov_fail(j->ctx, ADCOV_ENOMEM, "bus stops: out of memory");
        s->cx = stop_at[0], s->cy = stop_at[1];
    }
    return rule->method->judge(j, rule_i, s);
}

/* The site types of the sites layer, each a canonical word (the config's types: applied) kept once in
 * words; a feature without a type stops the run unless it is lenient (then it is not checked). */
static adcov_status site_types(job *j, const char **type_of, char ***words, size_t *nwords)
{
    adcov_layer *l = j->in->sites;
    size_t bad = 0, first = 0, cap = 0;
    adcov_status st = ADCOV_OK;
    for (size_t i = 0; !st && i < adcov_layer_count(l); i++) {
        const adcov_input *in = adcov_config_source(j->in->cfg, ADCOV_ROLE_SITES, adcov_layer_source(l, i));
        char buf[ADCOV_WORD_MAX];
        const char *w = adcov_vocab_canon(in->vocab[ADCOV_VOCAB_SITE], adcov_layer_value(l, i, ADCOV_SITE_SLOT_TYPE), buf, sizeof buf);
        type_of[i] = NULL;
        if (!w || !*w) {
            if (bad++ == 0)
                first = i;
            continue;
        }
        size_t k = 0;
        while (k < *nwords && strcmp((*words)[k], w))
            k++;
        if (k == *nwords) {
            if (adcov_grow((void **)words, &cap, k + 1, sizeof **words) || !((*words)[k] = adcov_strdup(w))) {
                st = adcov_fail(j->ctx, ADCOV_ENOMEM, "sites: out of memory");
                break;
            }
            (*nwords)++;
        }
        type_of[i] = (*words)[k];
    }
    if (!st && bad && !j->in->lenient)
        st = adcov_fail(j->ctx, ADCOV_EINPUT, "%s:%lld:%s: %s (%zu feature%s; give every site a type, or run with "
                        "--lenient to leave them out)", adcov_layer_where(l, first), adcov_layer_fid(l, first),
                        adcov_layer_field_name(l, first, ADCOV_SITE_SLOT_TYPE),
                        *adcov_layer_value(l, first, ADCOV_SITE_SLOT_TYPE) ? "the site type is too long to be a word" : "no site type",
                        bad, bad == 1 ? "" : "s");
    return st;
}

/* Warns of each selected rule whose sites: words no site carries: the city may have none, but a
 * misspelt word would leave the rule checking nothing. */
static void warn_unused_words(job *j, char **words, size_t nwords, int has_stops)
{
    const adcov_rulebook *rb = j->in->rb;
    for (size_t k = 0; k < rb->nrules; k++) {
        const adcov_rule *r = &rb->rules[k];
        int found = 0;
        for (size_t w = 0; !found && w < r->nsites; w++) {
            found = has_stops && !strcmp(r->sites[w], "busstop");
            for (size_t i = 0; !found && i < nwords; i++)
                found = !strcmp(words[i], r->sites[w]);
        }
        if (r->selected && r->nsites && !found)
            adcov_log(j->ctx, ADCOV_LOG_WARN, "%s:%d:%s.sites: no site is of type %s%s: the rule checks none", rb->path,
                      r->line, r->id, r->sites[0], r->nsites > 1 ? " or its other words" : "");
    }
}

/* Warns of each site type that no rule of the rulebook checks (a typo in the type column, or a type the
 * rulebook has no rule for; --only leaving a rule out is no surprise): those sites are listed as
 * not_checked, and the warning says so once per type. Gates serve the gate walks. */
static void warn_unchecked_types(job *j, char **words, size_t nwords)
{
    const adcov_rulebook *rb = j->in->rb;
    adcov_layer *l = j->in->sites;
    for (size_t w = 0; w < nwords; w++) {
        int checked = !strcmp(words[w], "gate");
        for (size_t k = 0; !checked && k < rb->nrules; k++)
            checked = rb->rules[k].places == ADCOV_PLACES_SITES && adcov_rule_takes_site(&rb->rules[k], words[w]);
        size_t n = 0, first = 0;
        for (size_t i = 0; !checked && i < adcov_layer_count(l); i++)
            if (j->type_of[i] == words[w] && n++ == 0)
                first = i;
        if (n)
            adcov_log(j->ctx, ADCOV_LOG_WARN, "%s:%lld:%s: %zu site%s of type '%s' (this one the first): no rule of the "
                      "rulebook checks that type (accounting.csv: not_checked)", adcov_layer_where(l, first),
                      adcov_layer_fid(l, first), adcov_layer_field_name(l, first, ADCOV_SITE_SLOT_TYPE), n,
                      n == 1 ? "" : "s", words[w]);
    }
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

/* Stop points (every bus_stops feature, sites of type busstop) of one name chained within stop_merge_m are one stop, stood for by the
 * point with the smallest id: rep[i] is the feature that stands for i's stop (i itself when alone,
 * unnamed or no stop), and centre[2 r], centre[2 r + 1] the centroid of the named points r stands for
 * (NAN: not a named stop point, its own centre is taken). The sweep along x within each name compares
 * only points closer in x than the distance. */
static adcov_status merge_stops(job *j, adcov_layer *l, const char **type_of, int is_stop, size_t *rep, double *centre)
{
    size_t name_slot = is_stop ? STOP_NAME : ADCOV_SITE_SLOT_NAME, id_slot = is_stop ? STOP_ID : ADCOV_SITE_SLOT_ID;
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
        if ((!type_of || (type_of[i] && !strcmp(type_of[i], "busstop"))) && name && *name && GEOSGeomTypeId_r(j->h, g) == GEOS_POINT &&
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

static adcov_status check_features(job *j, adcov_layer *l, int is_stop, const size_t *rep, const double *centre)
{
    const adcov_rulebook *rb = j->in->rb;
    adcov_status st = ADCOV_OK;
    j->layer = l;
    for (size_t i = 0; !st && i < adcov_layer_count(l); i++) {
        const char *type = is_stop ? "busstop" : j->type_of[i];
        if (rep[i] != i || !type)
            continue; /* merged into the stop its smallest id stands for, or no type (lenient) */
        j->feature = i;
        const double *stop_at = !isnan(centre[2 * i]) ? &centre[2 * i] : NULL;
        for (size_t k = 0; !st && k < rb->nrules; k++) {
            const adcov_rule *rule = &rb->rules[k];
            if (!rule->selected || rule->places != ADCOV_PLACES_SITES || !adcov_rule_takes_site(rule, type))
                continue;
            double t0 = adcov_now();
            st = check_site(j, k, type, is_stop, stop_at);
            if (k < 32)
                j->res->rule_s[k] += adcov_now() - t0;
        }
    }
    return st;
}

static adcov_status check_layer(job *j, adcov_layer *l, int is_stop)
{
    size_t n = adcov_layer_count(l);
    /* stop points given one per route, in the bus_stops layer or typed busstop among the sites (§10) */
    size_t *rep = adcov_malloc((n ? n : 1) * sizeof *rep);
    double *centre = adcov_malloc((n ? n : 1) * 2 * sizeof *centre);
    adcov_status st = rep && centre ? merge_stops(j, l, is_stop ? NULL : j->type_of, is_stop, rep, centre)
                                    : adcov_fail(j->ctx, ADCOV_ENOMEM, "bus stops: out of memory");
    if (!st)
        st = check_features(j, l, is_stop, rep, centre);
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
    size_t n = in->sites ? adcov_layer_count(in->sites) : 0, nwords = 0;
    const char **type_of = adcov_malloc((n ? n : 1) * sizeof *type_of);
    char **words = NULL;
    adcov_status st = type_of ? ADCOV_OK : adcov_fail(ctx, ADCOV_ENOMEM, "sites: out of memory");
    if (!st && in->sites)
        st = site_types(&j, type_of, &words, &nwords);
    j.type_of = in->sites ? type_of : NULL;
    if (!st && (in->sites || in->stops)) /* a city that gave no sites is told so by the summary */
        warn_unused_words(&j, words, nwords, in->stops && adcov_layer_count(in->stops) > 0);
    if (!st && in->sites)
        warn_unchecked_types(&j, words, nwords);
    if (!st && in->stops)
        st = check_layer(&j, in->stops, 1);
    if (!st && in->sites)
        st = check_layer(&j, in->sites, 0);
    free(j.ads.items);
    for (size_t i = 0; i < nwords; i++)
        free(words[i]);
    free(words);
    free(type_of);
    return st;
}
