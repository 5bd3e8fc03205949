#include "street.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void adcov_polyline_free(adcov_polyline *p)
{
    free(p->x);
    free(p->y);
    free(p->t);
    memset(p, 0, sizeof *p);
}

void adcov_stretches_free(adcov_stretch *s, size_t n)
{
    for (size_t i = 0; s && i < n; i++) {
        adcov_polyline_free(&s[i].line);
        free(s[i].features);
    }
    free(s);
}

static void reverse(double *a, size_t n)
{
    for (size_t i = 0, j = n - 1; i < j; i++, j--) {
        double tmp = a[i];
        a[i] = a[j];
        a[j] = tmp;
    }
}

adcov_status adcov_polyline_from_geos(adcov_ctx *ctx, const GEOSGeometry *line, adcov_polyline *p)
{
    GEOSContextHandle_t h = adcov_ctx_geos(ctx);
    memset(p, 0, sizeof *p);
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, line);
    unsigned int n = 0;
    if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &n) || n < 2)
        return ADCOV_EINPUT;
    double *xy = adcov_malloc(2 * sizeof(double) * n);
    p->x = adcov_malloc(sizeof(double) * n);
    p->y = adcov_malloc(sizeof(double) * n);
    p->t = adcov_malloc(sizeof(double) * n);
    if (!xy || !p->x || !p->y || !p->t || !GEOSCoordSeq_copyToBuffer_r(h, cs, xy, 0, 0)) {
        free(xy);
        adcov_polyline_free(p);
        return ADCOV_ENOMEM;
    }
    size_t k = 0;
    for (unsigned int i = 0; i < n; i++) {
        double x = xy[2 * i], y = xy[2 * i + 1];
        if (k > 0 && x == p->x[k - 1] && y == p->y[k - 1])
            continue; /* repeated vertex adds no length */
        p->x[k] = x;
        p->y[k] = y;
        k++;
    }
    free(xy);
    p->n = k;
    if (k < 2) {
        adcov_polyline_free(p);
        return ADCOV_EINPUT;
    }
    int flip = p->x[k - 1] < p->x[0] || (p->x[k - 1] == p->x[0] && p->y[k - 1] < p->y[0]);
    if (flip) {
        reverse(p->x, k);
        reverse(p->y, k);
    }
    p->t[0] = 0;
    for (size_t i = 1; i < k; i++)
        p->t[i] = p->t[i - 1] + hypot(p->x[i] - p->x[i - 1], p->y[i] - p->y[i - 1]);
    return ADCOV_OK;
}

/* Index of the segment holding chainage t. */
static size_t segment_at(const adcov_polyline *p, double t)
{
    size_t lo = 0, hi = p->n - 1;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (p->t[mid] <= t)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

double adcov_polyline_distance(const adcov_polyline *p, double x, double y)
{
    double best = INFINITY;
    for (size_t i = 0; i + 1 < p->n; i++) {
        double dx = p->x[i + 1] - p->x[i], dy = p->y[i + 1] - p->y[i], len2 = dx * dx + dy * dy;
        double u = len2 > 0 ? ((x - p->x[i]) * dx + (y - p->y[i]) * dy) / len2 : 0;
        u = u < 0 ? 0 : u > 1 ? 1 : u;
        best = fmin(best, hypot(p->x[i] + u * dx - x, p->y[i] + u * dy - y));
    }
    return best;
}

void adcov_polyline_at(const adcov_polyline *p, double t, double *x, double *y)
{
    double len = adcov_polyline_length(p);
    t = t < 0 ? 0 : t > len ? len : t;
    size_t i = segment_at(p, t);
    double seg = p->t[i + 1] - p->t[i];
    double u = seg > 0 ? (t - p->t[i]) / seg : 0;
    *x = p->x[i] + u * (p->x[i + 1] - p->x[i]);
    *y = p->y[i] + u * (p->y[i + 1] - p->y[i]);
}

GEOSGeometry *adcov_polyline_sub(adcov_ctx *ctx, const adcov_polyline *p, double t0, double t1)
{
    GEOSContextHandle_t h = adcov_ctx_geos(ctx);
    size_t i0 = segment_at(p, t0), i1 = segment_at(p, t1);
    size_t n = 2 + (i1 > i0 ? i1 - i0 : 0);
    GEOSCoordSequence *cs = GEOSCoordSeq_create_r(h, (unsigned)n, 2);
    if (!cs)
        return NULL;
    double x, y;
    adcov_polyline_at(p, t0, &x, &y);
    GEOSCoordSeq_setXY_r(h, cs, 0, x, y);
    unsigned k = 1;
    for (size_t i = i0 + 1; i <= i1; i++, k++)
        GEOSCoordSeq_setXY_r(h, cs, k, p->x[i], p->y[i]);
    adcov_polyline_at(p, t1, &x, &y);
    GEOSCoordSeq_setXY_r(h, cs, k, x, y);
    return GEOSGeom_createLineString_r(h, cs);
}

/* ---- merging ---- */

typedef struct {
    adcov_stretch *items;
    size_t n, cap;
} stretch_list;

static int by_start(const void *a, const void *b)
{
    const adcov_stretch *sa = a, *sb = b;
    if (sa->street != sb->street)
        return sa->street < sb->street ? -1 : 1;
    if (sa->line.x[0] != sb->line.x[0])
        return sa->line.x[0] < sb->line.x[0] ? -1 : 1;
    if (sa->line.y[0] != sb->line.y[0])
        return sa->line.y[0] < sb->line.y[0] ? -1 : 1;
    return sa->line.t[sa->line.n - 1] < sb->line.t[sb->line.n - 1] ? -1 : 1;
}

static int by_street(const void *a, const void *b)
{
    const adcov_road *ra = a, *rb = b;
    if (ra->street != rb->street)
        return ra->street < rb->street ? -1 : 1;
    return ra->feature < rb->feature ? -1 : ra->feature > rb->feature;
}

/* Which merged line does one component line lie on: the one nearest its first vertex pair's middle. */
static size_t owner_of(GEOSContextHandle_t h, const GEOSGeometry *part, GEOSGeometry **lines, size_t nlines)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, part);
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    GEOSCoordSeq_getXY_r(h, cs, 0, &x0, &y0);
    GEOSCoordSeq_getXY_r(h, cs, 1, &x1, &y1);
    GEOSGeometry *mid = GEOSGeom_createPointFromXY_r(h, (x0 + x1) / 2, (y0 + y1) / 2);
    size_t best = 0;
    double bestd = INFINITY;
    for (size_t i = 0; mid && i < nlines; i++) {
        double d;
        if (GEOSDistance_r(h, mid, lines[i], &d) && d < bestd) {
            bestd = d;
            best = i;
        }
    }
    GEOSGeom_destroy_r(h, mid);
    return best;
}

static adcov_status add_feature(adcov_stretch *s, size_t feature)
{
    if (s->nfeatures && s->features[s->nfeatures - 1] == feature)
        return ADCOV_OK; /* another part of the same feature */
    size_t *f = adcov_realloc(s->features, (s->nfeatures + 1) * sizeof *f);
    if (!f)
        return ADCOV_ENOMEM;
    s->features = f;
    s->features[s->nfeatures++] = feature;
    return ADCOV_OK;
}

/* Merges one street's roads[0..n) and appends its stretches. */
static adcov_status merge_street(adcov_ctx *ctx, const adcov_road *roads, size_t n, stretch_list *out)
{
    GEOSContextHandle_t h = adcov_ctx_geos(ctx);
    adcov_status st = ADCOV_OK;
    size_t nparts = 0;
    for (size_t i = 0; i < n; i++)
        nparts += (size_t)GEOSGetNumGeometries_r(h, roads[i].geom);
    GEOSGeometry **parts = adcov_calloc(nparts, sizeof *parts);
    GEOSGeometry *coll = NULL, *merged = NULL, **lines = NULL;
    size_t first = out->n, nlines = 0, k = 0;
    if (!parts)
        return ADCOV_ENOMEM;
    /* every component line of every feature, so multi-part features merge like the rest */
    for (size_t i = 0; i < n; i++)
        for (int j = 0; j < GEOSGetNumGeometries_r(h, roads[i].geom); j++)
            if (!(parts[k++] = GEOSGeom_clone_r(h, GEOSGetGeometryN_r(h, roads[i].geom, j)))) {
                for (size_t m = 0; m + 1 < k; m++)
                    GEOSGeom_destroy_r(h, parts[m]);
                free(parts);
                return adcov_fail(ctx, ADCOV_EGEOS, "streets: %s", adcov_geos_message(ctx));
            }
    adcov_geos_reset(ctx);
    coll = GEOSGeom_createCollection_r(h, GEOS_MULTILINESTRING, parts, (unsigned)nparts);
    free(parts);
    merged = coll ? GEOSLineMerge_r(h, coll) : NULL;
    if (!merged) {
        st = adcov_fail(ctx, ADCOV_EGEOS, "streets: line merge failed: %s", adcov_geos_message(ctx));
        goto cleanup;
    }
    nlines = (size_t)GEOSGetNumGeometries_r(h, merged);
    lines = adcov_calloc(nlines, sizeof *lines);
    if (!lines || adcov_grow((void **)&out->items, &out->cap, out->n + nlines, sizeof *out->items)) {
        st = ADCOV_ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < nlines; i++) {
        lines[i] = (GEOSGeometry *)GEOSGetGeometryN_r(h, merged, (int)i);
        adcov_stretch *s = &out->items[out->n];
        memset(s, 0, sizeof *s);
        s->street = roads[0].street;
        adcov_status ps = adcov_polyline_from_geos(ctx, lines[i], &s->line);
        if (ps == ADCOV_ENOMEM) {
            st = ps;
            goto cleanup;
        }
        out->n++; /* a degenerate line still gets a (zero-length) slot so features map 1:1 */
        if (ps != ADCOV_OK) {
            s->line.n = 0;
        }
    }
    for (size_t r = 0; r < n && st == ADCOV_OK && nlines > 0; r++)
        for (int j = 0; st == ADCOV_OK && j < GEOSGetNumGeometries_r(h, roads[r].geom); j++) {
            const GEOSGeometry *part = GEOSGetGeometryN_r(h, roads[r].geom, j);
            st = add_feature(&out->items[first + owner_of(h, part, lines, nlines)], roads[r].feature);
        }
cleanup:
    free(lines);
    GEOSGeom_destroy_r(h, merged);
    GEOSGeom_destroy_r(h, coll);
    return st;
}

adcov_status adcov_streets_build(adcov_ctx *ctx, const adcov_road *roads, size_t nroads,
                                 adcov_stretch **out, size_t *nout)
{
    *out = NULL;
    *nout = 0;
    stretch_list list = {0};
    adcov_road *sorted = adcov_malloc((nroads ? nroads : 1) * sizeof *sorted);
    if (!sorted)
        return adcov_fail(ctx, ADCOV_ENOMEM, "streets: out of memory");
    if (nroads)
        memcpy(sorted, roads, nroads * sizeof *sorted);
    qsort(sorted, nroads, sizeof *sorted, by_street);
    adcov_status st = ADCOV_OK;
    for (size_t i = 0; i < nroads && st == ADCOV_OK;) {
        size_t j = i;
        while (j < nroads && sorted[j].street == sorted[i].street)
            j++;
        st = merge_street(ctx, sorted + i, j - i, &list);
        i = j;
    }
    free(sorted);
    /* Drop degenerate lines (fewer than two distinct points): their features stay unassigned. */
    size_t k = 0;
    for (size_t i = 0; i < list.n; i++) {
        if (list.items[i].line.n >= 2)
            list.items[k++] = list.items[i];
        else
            free(list.items[i].features);
    }
    list.n = k;
    if (st != ADCOV_OK) {
        adcov_stretches_free(list.items, list.n);
        if (st == ADCOV_ENOMEM)
            adcov_fail(ctx, st, "streets: out of memory");
        return st;
    }
    if (list.n)
        qsort(list.items, list.n, sizeof *list.items, by_start);
    *out = list.items;
    *nout = list.n;
    return ADCOV_OK;
}
