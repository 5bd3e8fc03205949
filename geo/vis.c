#include "vis.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "boxes.h"

#define EPS 1e-9

typedef struct {
    double xmin, ymin, xmax, ymax;
    size_t ring0, nrings;
} poly;

typedef struct {
    size_t v0, nv; /* vertices in xy, closing vertex included */
} ring;

struct adcov_vis {
    GEOSContextHandle_t h; /* while the footprints are copied in */
    poly *polys;
    size_t npolys, cappolys;
    ring *rings;
    size_t nrings, caprings;
    double *xy;
    size_t nxy, capxy; /* in doubles */
    adcov_boxes *index; /* of polys, by their extents */
};

/* ---- building store ---- */

static adcov_status add_ring(adcov_vis *v, const GEOSGeometry *r, poly *p)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(v->h, r);
    unsigned int n = 0;
    if (!cs || !GEOSCoordSeq_getSize_r(v->h, cs, &n))
        return ADCOV_EGEOS;
    if (n < 4)
        return ADCOV_OK; /* degenerate ring: encloses nothing */
    if (adcov_grow((void **)&v->xy, &v->capxy, v->nxy + 2 * n, sizeof *v->xy) ||
        adcov_grow((void **)&v->rings, &v->caprings, v->nrings + 1, sizeof *v->rings))
        return ADCOV_ENOMEM;
    double *xy = v->xy + v->nxy;
    if (!GEOSCoordSeq_copyToBuffer_r(v->h, cs, xy, 0, 0))
        return ADCOV_EGEOS;
    for (unsigned int i = 0; i < n; i++) {
        p->xmin = fmin(p->xmin, xy[2 * i]);
        p->xmax = fmax(p->xmax, xy[2 * i]);
        p->ymin = fmin(p->ymin, xy[2 * i + 1]);
        p->ymax = fmax(p->ymax, xy[2 * i + 1]);
    }
    v->rings[v->nrings++] = (ring){v->nxy / 2, n};
    v->nxy += 2 * n;
    p->nrings++;
    return ADCOV_OK;
}

static adcov_status add_polygon(adcov_vis *v, const GEOSGeometry *g)
{
    if (GEOSisEmpty_r(v->h, g) == 1)
        return ADCOV_OK;
    if (adcov_grow((void **)&v->polys, &v->cappolys, v->npolys + 1, sizeof *v->polys))
        return ADCOV_ENOMEM;
    poly p = {INFINITY, INFINITY, -INFINITY, -INFINITY, v->nrings, 0};
    adcov_status st = add_ring(v, GEOSGetExteriorRing_r(v->h, g), &p);
    int holes = GEOSGetNumInteriorRings_r(v->h, g);
    for (int i = 0; st == ADCOV_OK && i < holes; i++)
        st = add_ring(v, GEOSGetInteriorRingN_r(v->h, g, i), &p);
    if (st == ADCOV_OK && p.nrings > 0)
        v->polys[v->npolys++] = p;
    return st;
}

static adcov_status build_index(adcov_vis *v)
{
    double *xy = adcov_malloc((v->npolys ? v->npolys : 1) * 4 * sizeof *xy);
    for (size_t i = 0; xy && i < v->npolys; i++) {
        const poly *p = &v->polys[i];
        memcpy(xy + 4 * i, (double[4]){p->xmin, p->ymin, p->xmax, p->ymax}, 4 * sizeof *xy);
    }
    v->index = xy ? adcov_boxes_new(xy, v->npolys) : NULL;
    free(xy);
    return v->index ? ADCOV_OK : ADCOV_ENOMEM;
}

adcov_status adcov_vis_new(adcov_ctx *ctx, const GEOSGeometry *const *buildings, size_t n, adcov_vis **out)
{
    *out = NULL;
    adcov_vis *v = adcov_calloc(1, sizeof *v);
    if (!v)
        return adcov_fail(ctx, ADCOV_ENOMEM, "buildings: out of memory");
    v->h = adcov_ctx_geos(ctx);
    adcov_status st = ADCOV_OK;
    for (size_t i = 0; i < n && st == ADCOV_OK; i++) {
        if (!buildings[i])
            continue;
        int parts = GEOSGetNumGeometries_r(v->h, buildings[i]);
        for (int k = 0; k < parts && st == ADCOV_OK; k++)
            st = add_polygon(v, GEOSGetGeometryN_r(v->h, buildings[i], k));
    }
    if (st == ADCOV_OK)
        st = build_index(v);
    v->h = NULL;
    if (st != ADCOV_OK) {
        adcov_vis_free(v);
        return adcov_fail(ctx, st, "buildings: cannot index footprints (%s)",
                          st == ADCOV_ENOMEM ? "out of memory" : adcov_geos_message(ctx));
    }
    *out = v;
    return ADCOV_OK;
}

void adcov_vis_free(adcov_vis *v)
{
    if (!v)
        return;
    adcov_boxes_free(v->index);
    free(v->polys);
    free(v->rings);
    free(v->xy);
    free(v);
}

/* ---- small geometry ---- */

typedef struct { double x, y; } vec;

static inline vec sub(vec a, vec b) { return (vec){a.x - b.x, a.y - b.y}; }
static inline double cross(vec a, vec b) { return a.x * b.y - a.y * b.x; }
static inline double dot(vec a, vec b) { return a.x * b.x + a.y * b.y; }

typedef struct {
    double *w;
    size_t n, cap;
} params;

static int push_param(params *p, double w)
{
    if (adcov_grow((void **)&p->w, &p->cap, p->n + 1, sizeof *p->w))
        return -1;
    p->w[p->n++] = w;
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Parameters w in [0,1] on p + w r where it meets segment q + v s (touching and overlap
 * included). */
static int seg_params(vec p, vec r, vec q, vec s, params *out)
{
    double den = cross(r, s);
    vec qp = sub(q, p);
    double rr = dot(r, r);
    if (fabs(den) <= EPS * sqrt(rr * dot(s, s))) {
        if (fabs(cross(qp, r)) > EPS * sqrt(rr) * (1 + sqrt(dot(qp, qp))))
            return 0; /* parallel, apart */
        double w0 = dot(qp, r) / rr, w1 = dot(sub((vec){q.x + s.x, q.y + s.y}, p), r) / rr;
        if (w0 >= 0 && w0 <= 1 && push_param(out, w0))
            return -1;
        if (w1 >= 0 && w1 <= 1 && push_param(out, w1))
            return -1;
        return 0;
    }
    double w = cross(qp, s) / den, v = cross(qp, r) / den;
    if (w >= -EPS && w <= 1 + EPS && v >= -EPS && v <= 1 + EPS)
        return push_param(out, fmin(1, fmax(0, w)));
    return 0;
}

static int on_segment(vec m, vec a, vec b)
{
    vec ab = sub(b, a), am = sub(m, a);
    double len2 = dot(ab, ab);
    if (len2 == 0)
        return dot(am, am) < 1e-14;
    double u = dot(am, ab) / len2;
    if (u < -EPS || u > 1 + EPS)
        return 0;
    return fabs(cross(ab, am)) <= 1e-7 * sqrt(len2);
}

/* 1 when m is strictly inside polygon p (even-odd over its rings, boundary excluded). */
static int strictly_inside(const adcov_vis *v, const poly *p, vec m)
{
    if (m.x < p->xmin || m.x > p->xmax || m.y < p->ymin || m.y > p->ymax)
        return 0;
    int inside = 0;
    for (size_t r = p->ring0; r < p->ring0 + p->nrings; r++) {
        const double *xy = v->xy + 2 * v->rings[r].v0;
        for (size_t i = 0; i + 1 < v->rings[r].nv; i++) {
            vec a = {xy[2 * i], xy[2 * i + 1]}, b = {xy[2 * i + 2], xy[2 * i + 3]};
            if (on_segment(m, a, b))
                return 0;
            if ((a.y > m.y) != (b.y > m.y) && m.x < a.x + (m.y - a.y) * (b.x - a.x) / (b.y - a.y))
                inside = !inside;
        }
    }
    return inside;
}

/* 1 when segment a→b passes through the interior of p, 0 when not, -1 when out of memory. */
static int crosses_interior(const adcov_vis *v, const poly *p, vec a, vec b, params *scratch)
{
    if (fmax(a.x, b.x) < p->xmin || fmin(a.x, b.x) > p->xmax || fmax(a.y, b.y) < p->ymin ||
        fmin(a.y, b.y) > p->ymax)
        return 0;
    scratch->n = 0;
    if (push_param(scratch, 0) || push_param(scratch, 1))
        return -1;
    vec r = sub(b, a);
    for (size_t k = p->ring0; k < p->ring0 + p->nrings; k++) {
        const double *xy = v->xy + 2 * v->rings[k].v0;
        for (size_t i = 0; i + 1 < v->rings[k].nv; i++) {
            vec q = {xy[2 * i], xy[2 * i + 1]}, e = {xy[2 * i + 2], xy[2 * i + 3]};
            if (seg_params(a, r, q, sub(e, q), scratch))
                return -1;
        }
    }
    qsort(scratch->w, scratch->n, sizeof *scratch->w, cmp_double);
    for (size_t i = 0; i + 1 < scratch->n; i++) {
        double w0 = scratch->w[i], w1 = scratch->w[i + 1];
        if (w1 - w0 < 1e-12)
            continue;
        double w = (w0 + w1) / 2;
        if (strictly_inside(v, p, (vec){a.x + w * r.x, a.y + w * r.y}))
            return 1;
    }
    return 0;
}

/* ---- simple footprints ---- */

/* 1 when segments a-b and c-d share any point. */
static int segments_meet(vec a, vec b, vec c, vec d)
{
    double d1 = cross(sub(b, a), sub(c, a)), d2 = cross(sub(b, a), sub(d, a));
    double d3 = cross(sub(d, c), sub(a, c)), d4 = cross(sub(d, c), sub(b, c));
    if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)))
        return 1;
    return (d1 == 0 && on_segment(c, a, b)) || (d2 == 0 && on_segment(d, a, b)) || (d3 == 0 && on_segment(a, c, d)) ||
           (d4 == 0 && on_segment(b, c, d));
}

int adcov_vis_simple_footprint(adcov_ctx *ctx, const GEOSGeometry *g)
{
    GEOSContextHandle_t h = adcov_ctx_geos(ctx);
    if (GEOSGeomTypeId_r(h, g) != GEOS_POLYGON || GEOSGetNumInteriorRings_r(h, g) != 0)
        return 0;
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, GEOSGetExteriorRing_r(h, g));
    unsigned int n = 0;
    double xy[2 * 17];
    if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &n) || n < 4 || n > 17 || !GEOSCoordSeq_copyToBuffer_r(h, cs, xy, 0, 0))
        return 0;
    unsigned int m = n - 1; /* edges; vertex m repeats vertex 0 */
    if (xy[0] != xy[2 * m] || xy[1] != xy[2 * m + 1])
        return 0;
    for (unsigned int i = 0; i < m; i++) {
        vec a = {xy[2 * i], xy[2 * i + 1]}, b = {xy[2 * i + 2], xy[2 * i + 3]};
        unsigned int j = (i + 1) % m;
        vec c = {xy[2 * j + 2], xy[2 * j + 3]};
        if (a.x == b.x && a.y == b.y)
            return 0; /* a repeated vertex: let GEOS judge */
        if (cross(sub(b, a), sub(c, b)) == 0 && dot(sub(b, a), sub(c, b)) <= 0)
            return 0; /* the next edge turns back along this one */
        for (unsigned int k = i + 2; k < m; k++) {
            if (i == 0 && k == m - 1)
                continue; /* adjacent through the closing vertex */
            vec p = {xy[2 * k], xy[2 * k + 1]}, q = {xy[2 * k + 2], xy[2 * k + 3]};
            if (segments_meet(a, b, p, q))
                return 0;
        }
    }
    return 1;
}

/* ---- candidates ---- */

typedef struct {
    const poly **items;
    size_t n, cap;
    int failed;
} cand_list;

typedef struct {
    const adcov_vis *v;
    cand_list *c;
} collecting;

static void collect(size_t id, void *user)
{
    collecting *k = user;
    cand_list *c = k->c;
    if (adcov_grow((void **)&c->items, &c->cap, c->n + 1, sizeof *c->items)) {
        c->failed = 1;
        return;
    }
    c->items[c->n++] = &k->v->polys[id];
}

static int query(const adcov_vis *v, double xmin, double ymin, double xmax, double ymax, cand_list *c)
{
    c->n = 0;
    if (!v || v->npolys == 0)
        return 0;
    collecting k = {v, c};
    adcov_boxes_query(v->index, xmin, ymin, xmax, ymax, collect, &k);
    return c->failed ? -1 : 0;
}

/* 1 when the sight line from pt to the ad crosses none of the candidates, 0 when it does, -1 when out
 * of memory. */
static int clear_among(const adcov_vis *v, const cand_list *c, const adcov_vis_params *prm, vec ad, vec pt,
                       params *scratch)
{
    vec d = sub(pt, ad);
    double len = sqrt(dot(d, d));
    if (len <= prm->los_tol_m)
        return 1;
    vec q = {ad.x + d.x * prm->los_tol_m / len, ad.y + d.y * prm->los_tol_m / len};
    for (size_t i = 0; i < c->n; i++) {
        int x = crosses_interior(v, c->items[i], q, pt, scratch);
        if (x)
            return x < 0 ? -1 : 0;
    }
    return 1;
}

int adcov_vis_clear(const adcov_vis *v, const adcov_vis_params *prm, const adcov_sight *ad, double px, double py)
{
    cand_list c = {0};
    params scratch = {0};
    if (query(v, fmin(ad->x, px), fmin(ad->y, py), fmax(ad->x, px), fmax(ad->y, py), &c) < 0) {
        free(c.items);
        return -1;
    }
    int ok = clear_among(v, &c, prm, (vec){ad->x, ad->y}, (vec){px, py}, &scratch);
    free(c.items);
    free(scratch.w);
    return ok;
}

int adcov_vis_seen(const adcov_vis *v, const adcov_vis_params *prm, const adcov_sight *ad, double px, double py)
{
    double dx = px - ad->x, dy = py - ad->y, d = hypot(dx, dy);
    if (d > ad->view_m)
        return 0;
    if (ad->has_facing && d > 0) {
        double bearing = atan2(dx, dy) * 180 / M_PI; /* clockwise from grid north */
        int inside = 0;
        for (int side = 0; side < ad->sides && !inside; side++) {
            double diff = fmod(fabs(bearing - (ad->facing_deg + 180.0 * side)), 360.0);
            inside = fmin(diff, 360 - diff) < prm->half_angle_deg;
        }
        if (!inside)
            return 0;
    }
    return adcov_vis_clear(v, prm, ad, px, py);
}

/* How far along r (from a) the first building of c is met, as a fraction of r (1: none). */
static double ray_fraction(const adcov_vis *v, const cand_list *c, vec a, vec r, params *hits)
{
    double best = 1;
    for (size_t i = 0; i < c->n; i++) {
        const poly *p = c->items[i];
        if (fmax(a.x, a.x + r.x) < p->xmin || fmin(a.x, a.x + r.x) > p->xmax || fmax(a.y, a.y + r.y) < p->ymin ||
            fmin(a.y, a.y + r.y) > p->ymax)
            continue;
        for (size_t k = p->ring0; k < p->ring0 + p->nrings; k++) {
            const double *xy = v->xy + 2 * v->rings[k].v0;
            for (size_t e = 0; e + 1 < v->rings[k].nv; e++) {
                vec q = {xy[2 * e], xy[2 * e + 1]}, q2 = {xy[2 * e + 2], xy[2 * e + 3]};
                hits->n = 0;
                if (seg_params(a, r, q, sub(q2, q), hits) == 0)
                    for (size_t h = 0; h < hits->n; h++)
                        best = fmin(best, hits->w[h]);
            }
        }
    }
    return best;
}

/* Bins (of nrays) whose ray directions can meet polygon p seen from (x, y): the angles of its bbox
 * corners, all bins when (x, y) is inside the bbox. Calls add(bin) for each. */
static int for_bins(const poly *p, double x, double y, size_t nrays, int (*add)(void *, size_t, const poly *), void *user)
{
    if (x >= p->xmin && x <= p->xmax && y >= p->ymin && y <= p->ymax) {
        for (size_t b = 0; b < nrays; b++)
            if (add(user, b, p))
                return -1;
        return 0;
    }
    double cx[4] = {p->xmin, p->xmax, p->xmax, p->xmin}, cy[4] = {p->ymin, p->ymin, p->ymax, p->ymax};
    double a0 = atan2(cx[0] - x, cy[0] - y), lo = 0, hi = 0; /* angles relative to the first corner */
    for (int k = 1; k < 4; k++) {
        double d = atan2(cx[k] - x, cy[k] - y) - a0;
        d = d > M_PI ? d - 2 * M_PI : d < -M_PI ? d + 2 * M_PI : d;
        lo = fmin(lo, d);
        hi = fmax(hi, d);
    }
    double step = 2 * M_PI / (double)nrays;
    long first = (long)floor((a0 + lo) / step) - 1, last = (long)ceil((a0 + hi) / step) + 1;
    for (long b = first; b <= last; b++)
        if (add(user, (size_t)(((b % (long)nrays) + (long)nrays) % (long)nrays), p))
            return -1;
    return 0;
}

typedef struct {
    cand_list *bins;
} binning;

static int add_to_bin(void *user, size_t b, const poly *p)
{
    cand_list *c = &((binning *)user)->bins[b];
    if (c->n && c->items[c->n - 1] == p)
        return 0;
    if (adcov_grow((void **)&c->items, &c->cap, c->n + 1, sizeof *c->items))
        return -1;
    c->items[c->n++] = p;
    return 0;
}

adcov_status adcov_vis_isovist(const adcov_vis *v, double x, double y, double max_m, size_t nrays, double *out)
{
    cand_list c = {0};
    params hits = {0};
    binning bn = {adcov_calloc(nrays ? nrays : 1, sizeof(cand_list))};
    adcov_status st = bn.bins && query(v, x - max_m, y - max_m, x + max_m, y + max_m, &c) == 0 ? ADCOV_OK : ADCOV_ENOMEM;
    /* each building goes to the rays that can meet it, so a ray tests a handful, not all of them */
    for (size_t i = 0; !st && i < c.n; i++)
        if (for_bins(c.items[i], x, y, nrays, add_to_bin, &bn))
            st = ADCOV_ENOMEM;
    for (size_t i = 0; !st && i < nrays; i++) {
        double ang = 2 * M_PI * (double)i / (double)nrays, dx = sin(ang), dy = cos(ang);
        double len = max_m * ray_fraction(v, &bn.bins[i], (vec){x, y}, (vec){dx * max_m, dy * max_m}, &hits);
        out[2 * i] = x + dx * len;
        out[2 * i + 1] = y + dy * len;
    }
    for (size_t i = 0; bn.bins && i < nrays; i++)
        free(bn.bins[i].items);
    free(bn.bins);
    free(c.items);
    free(hits.w);
    return st;
}

/* ---- intervals on one segment ---- */

typedef struct { double u0, u1; } ival;

typedef struct {
    ival it[8];
    int n;
} ivals;

/* Keeps the part of each interval where lin0 + u*lin1 > 0 (open half-plane, taken closed). */
static ivals clip_halfplane(ivals in, double c0, double c1)
{
    ivals out = {.n = 0};
    for (int i = 0; i < in.n; i++) {
        double a = in.it[i].u0, b = in.it[i].u1;
        if (fabs(c1) < 1e-15) {
            if (c0 > 0)
                out.it[out.n++] = in.it[i];
            continue;
        }
        double root = -c0 / c1;
        if (c1 > 0)
            a = fmax(a, root);
        else
            b = fmin(b, root);
        if (b > a)
            out.it[out.n++] = (ival){a, b};
    }
    return out;
}

static ivals union_ivals(ivals a, ivals b)
{
    for (int i = 0; i < b.n && a.n < 8; i++)
        a.it[a.n++] = b.it[i];
    /* sort and merge */
    for (int i = 1; i < a.n; i++)
        for (int j = i; j > 0 && a.it[j].u0 < a.it[j - 1].u0; j--) {
            ival t = a.it[j];
            a.it[j] = a.it[j - 1];
            a.it[j - 1] = t;
        }
    ivals out = {.n = 0};
    for (int i = 0; i < a.n; i++) {
        if (out.n && a.it[i].u0 <= out.it[out.n - 1].u1)
            out.it[out.n - 1].u1 = fmax(out.it[out.n - 1].u1, a.it[i].u1);
        else
            out.it[out.n++] = a.it[i];
    }
    return out;
}

/* Where on segment s + u d (u in disk) the bearing from the ad lies within half of azimuth az. */
static ivals cone(ivals disk, vec f, vec d, double az_deg, double half_deg)
{
    double h = half_deg * M_PI / 180, az = az_deg * M_PI / 180;
    if (half_deg >= 180)
        return disk;
    if (half_deg <= 90) {
        /* open convex cone between bearings az-h and az+h (clockwise azimuths) */
        vec e1 = {sin(az - h), cos(az - h)}, e2 = {sin(az + h), cos(az + h)};
        /* inside: clockwise of e1 and counter-clockwise of e2 */
        ivals r = clip_halfplane(disk, cross(e1, f) * -1, cross(e1, d) * -1);
        return clip_halfplane(r, cross(e2, f), cross(e2, d));
    }
    /* wider than a half-plane: everything but the closed cone around the back */
    ivals back = cone(disk, f, d, az + 180, 180 - half_deg);
    ivals out = {.n = 0};
    double prev = disk.n ? disk.it[0].u0 : 0;
    for (int i = 0; i < disk.n; i++) {
        prev = disk.it[i].u0;
        for (int k = 0; k < back.n; k++) {
            if (back.it[k].u1 <= disk.it[i].u0 || back.it[k].u0 >= disk.it[i].u1)
                continue;
            if (back.it[k].u0 > prev)
                out.it[out.n++] = (ival){prev, back.it[k].u0};
            prev = back.it[k].u1;
        }
        if (disk.it[i].u1 > prev && out.n < 8)
            out.it[out.n++] = (ival){prev, disk.it[i].u1};
    }
    return out;
}

static ivals disk_ival(vec f, vec d, double r)
{
    ivals out = {.n = 0};
    double a = dot(d, d), b = 2 * dot(f, d), c = dot(f, f) - r * r;
    double disc = b * b - 4 * a * c;
    if (a == 0 || disc < 0)
        return out;
    double sq = sqrt(disc);
    double u0 = fmax(0, (-b - sq) / (2 * a)), u1 = fmin(1, (-b + sq) / (2 * a));
    if (u1 > u0 || (u1 == u0 && u0 >= 0 && u0 <= 1))
        out.it[out.n++] = (ival){u0, u1};
    return out;
}

static ivals facing_ivals(const adcov_sight *ad, const adcov_vis_params *prm, ivals disk, vec f, vec d)
{
    if (!ad->has_facing)
        return disk;
    ivals r = cone(disk, f, d, ad->facing_deg, prm->half_angle_deg);
    if (ad->sides == 2)
        r = union_ivals(r, cone(disk, f, d, ad->facing_deg + 180, prm->half_angle_deg));
    return r;
}

typedef struct {
    const adcov_vis *v;
    const adcov_vis_params *prm;
    vec ad;
    cand_list cands;  /* near the ad */
    cand_list local;  /* near one interval's sight triangle */
    params events, scratch;
} walker;

/* u on segment s + u d where the ray from the ad through point p meets it, or -1. */
static double ray_hit(vec ad, vec p, vec s, vec d)
{
    vec r = sub(p, ad);
    double den = cross(r, d);
    if (fabs(den) < 1e-12)
        return -1;
    vec sa = sub(s, ad);
    double u = cross(sa, r) / den;
    double k = cross(sa, d) / den;
    return k > 0 ? u : -1;
}

static int add_events(walker *w, const poly *p, vec s, vec d, ival iv)
{
    double tol = w->prm->los_tol_m;
    for (size_t k = p->ring0; k < p->ring0 + p->nrings; k++) {
        const double *xy = w->v->xy + 2 * w->v->rings[k].v0;
        for (size_t i = 0; i + 1 < w->v->rings[k].nv; i++) {
            vec a = {xy[2 * i], xy[2 * i + 1]}, b = {xy[2 * i + 2], xy[2 * i + 3]};
            double u = ray_hit(w->ad, a, s, d);
            if (u > iv.u0 && u < iv.u1 && push_param(&w->events, u))
                return -1;
            /* walker crossing the wall */
            w->scratch.n = 0;
            if (seg_params(s, d, a, sub(b, a), &w->scratch))
                return -1;
            for (size_t j = 0; j < w->scratch.n; j++)
                if (w->scratch.w[j] > iv.u0 && w->scratch.w[j] < iv.u1 && push_param(&w->events, w->scratch.w[j]))
                    return -1;
            /* wall crossing the tolerance circle: rays through those points */
            vec e = sub(b, a), fa = sub(a, w->ad);
            double qa = dot(e, e), qb = 2 * dot(fa, e), qc = dot(fa, fa) - tol * tol, disc = qb * qb - 4 * qa * qc;
            if (qa > 0 && disc >= 0) {
                for (int sgn = -1; sgn <= 1; sgn += 2) {
                    double t = (-qb + sgn * sqrt(disc)) / (2 * qa);
                    if (t < 0 || t > 1)
                        continue;
                    double uu = ray_hit(w->ad, (vec){a.x + t * e.x, a.y + t * e.y}, s, d);
                    if (uu > iv.u0 && uu < iv.u1 && push_param(&w->events, uu))
                        return -1;
                }
            }
        }
    }
    return 0;
}

static adcov_status push_span(adcov_spans *out, double t0, double t1)
{
    if (out->n && t0 <= out->items[out->n - 1].t1 + 1e-9) {
        if (t1 > out->items[out->n - 1].t1)
            out->items[out->n - 1].t1 = t1;
        return ADCOV_OK;
    }
    if (adcov_grow((void **)&out->items, &out->cap, out->n + 1, sizeof *out->items))
        return ADCOV_ENOMEM;
    out->items[out->n++] = (adcov_span){t0, t1};
    return ADCOV_OK;
}

/* Line of sight over one interval iv of segment s + u d (chainage t0 + u*len). */
static adcov_status los_interval(walker *w, vec s, vec d, ival iv, double t0, double len, adcov_spans *out)
{
    vec p0 = {s.x + iv.u0 * d.x, s.y + iv.u0 * d.y}, p1 = {s.x + iv.u1 * d.x, s.y + iv.u1 * d.y};
    double xmin = fmin(w->ad.x, fmin(p0.x, p1.x)), xmax = fmax(w->ad.x, fmax(p0.x, p1.x));
    double ymin = fmin(w->ad.y, fmin(p0.y, p1.y)), ymax = fmax(w->ad.y, fmax(p0.y, p1.y));
    w->local.n = 0;
    for (size_t i = 0; i < w->cands.n; i++) {
        const poly *p = w->cands.items[i];
        if (p->xmax < xmin || p->xmin > xmax || p->ymax < ymin || p->ymin > ymax)
            continue;
        if (adcov_grow((void **)&w->local.items, &w->local.cap, w->local.n + 1, sizeof *w->local.items))
            return ADCOV_ENOMEM;
        w->local.items[w->local.n++] = p;
    }
    w->events.n = 0;
    if (push_param(&w->events, iv.u0) || push_param(&w->events, iv.u1))
        return ADCOV_ENOMEM;
    for (size_t i = 0; i < w->local.n; i++)
        if (add_events(w, w->local.items[i], s, d, iv))
            return ADCOV_ENOMEM;
    qsort(w->events.w, w->events.n, sizeof *w->events.w, cmp_double);
    for (size_t i = 0; i + 1 < w->events.n; i++) {
        double a = w->events.w[i], b = w->events.w[i + 1];
        if (b - a <= 0)
            continue;
        double m = (a + b) / 2;
        int clear = clear_among(w->v, &w->local, w->prm, w->ad, (vec){s.x + m * d.x, s.y + m * d.y}, &w->scratch);
        if (clear < 0)
            return ADCOV_ENOMEM;
        if (!clear)
            continue;
        if (push_span(out, t0 + a * len, t0 + b * len))
            return ADCOV_ENOMEM;
    }
    if (iv.u0 == iv.u1) {
        int clear = clear_among(w->v, &w->local, w->prm, w->ad, p0, &w->scratch);
        if (clear < 0)
            return ADCOV_ENOMEM;
        if (clear)
            return push_span(out, t0 + iv.u0 * len, t0 + iv.u0 * len);
    }
    return ADCOV_OK;
}

adcov_status adcov_vis_spans(adcov_ctx *ctx, const adcov_vis *v, const adcov_vis_params *prm,
                             const adcov_sight *ad, const adcov_polyline *line, adcov_spans *out)
{
    return adcov_vis_spans_on(ctx, v, prm, ad, line, 0, line->n - 1, out);
}

adcov_status adcov_vis_spans_on(adcov_ctx *ctx, const adcov_vis *v, const adcov_vis_params *prm,
                                const adcov_sight *ad, const adcov_polyline *line, size_t seg0, size_t seg1,
                                adcov_spans *out)
{
    out->n = 0;
    walker w = {.v = v, .prm = prm, .ad = {ad->x, ad->y}};
    double r = ad->view_m;
    adcov_status st = ADCOV_OK;
    if (query(v, ad->x - r, ad->y - r, ad->x + r, ad->y + r, &w.cands) < 0)
        st = ADCOV_ENOMEM;
    for (size_t i = seg0; st == ADCOV_OK && i < seg1 && i + 1 < line->n; i++) {
        vec s = {line->x[i], line->y[i]}, e = {line->x[i + 1], line->y[i + 1]};
        vec d = sub(e, s), f = sub(s, w.ad);
        double len = line->t[i + 1] - line->t[i];
        ivals disk = disk_ival(f, d, r);
        if (disk.n == 0)
            continue; /* most segments of a stretch are out of the ad's reach */
        ivals iv = facing_ivals(ad, prm, disk, f, d);
        for (int k = 0; st == ADCOV_OK && k < iv.n; k++)
            st = los_interval(&w, s, d, iv.it[k], line->t[i], len, out);
    }
    free(w.cands.items);
    free(w.local.items);
    free(w.events.w);
    free(w.scratch.w);
    if (st != ADCOV_OK)
        return adcov_fail(ctx, st, "visibility: out of memory");
    return ADCOV_OK;
}
