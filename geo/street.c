#include "street.h"
#include "boxes.h"

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

/* Where on segment i (0 at its start, 1 at its end) the point nearest (x, y) lies. */
static double segment_u(const adcov_polyline *p, size_t i, double x, double y)
{
    double dx = p->x[i + 1] - p->x[i], dy = p->y[i + 1] - p->y[i], len2 = dx * dx + dy * dy;
    double u = len2 > 0 ? ((x - p->x[i]) * dx + (y - p->y[i]) * dy) / len2 : 0;
    return u < 0 ? 0 : u > 1 ? 1 : u;
}

static double segment_distance(const adcov_polyline *p, size_t i, double x, double y)
{
    double u = segment_u(p, i, x, y);
    return hypot(p->x[i] + u * (p->x[i + 1] - p->x[i]) - x, p->y[i] + u * (p->y[i + 1] - p->y[i]) - y);
}

double adcov_polyline_distance(const adcov_polyline *p, double x, double y)
{
    double best = INFINITY;
    for (size_t i = 0; i + 1 < p->n; i++)
        best = fmin(best, segment_distance(p, i, x, y));
    return best;
}

double adcov_polyline_project(const adcov_polyline *p, double x, double y, double *dist)
{
    double best = INFINITY, at = 0;
    for (size_t i = 0; i + 1 < p->n; i++) {
        double u = segment_u(p, i, x, y);
        double ex = p->x[i] + u * (p->x[i + 1] - p->x[i]) - x, ey = p->y[i] + u * (p->y[i + 1] - p->y[i]) - y;
        double d2 = ex * ex + ey * ey;
        if (d2 < best)
            best = d2, at = p->t[i] + u * (p->t[i + 1] - p->t[i]);
    }
    *dist = sqrt(best);
    return at;
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

/* ---- merging, junction gaps, dual carriageways (§5) ---- */

#define MEET_M 1e-6     /* line ends this close meet */
#define TURN_DEG 45.0   /* a junction gap is joined when the walk turns less than this */
#define DIR_M 20.0      /* the direction at a line end is taken over this much of the line */
#define DUAL_DEG 30.0   /* a dual carriageway runs along its line within this bearing */
#define DUAL_STEP_M 0.5 /* a dual candidate is tested at points at most this far apart */

static const double DEG = 3.14159265358979323846 / 180;

typedef struct {
    adcov_stretch *items;
    size_t n, cap;
} stretch_list;

typedef struct {
    size_t *ids;
    size_t n, cap;
    int failed;
} id_list;

static void collect_id(size_t id, void *user)
{
    id_list *l = user;
    if (l->failed || adcov_grow((void **)&l->ids, &l->cap, l->n + 1, sizeof *l->ids)) {
        l->failed = 1;
        return;
    }
    l->ids[l->n++] = id;
}

static int by_start(const void *a, const void *b)
{
    const adcov_stretch *sa = a, *sb = b;
    if (sa->street != sb->street)
        return sa->street < sb->street ? -1 : 1;
    if (sa->line.x[0] != sb->line.x[0])
        return sa->line.x[0] < sb->line.x[0] ? -1 : 1;
    if (sa->line.y[0] != sb->line.y[0])
        return sa->line.y[0] < sb->line.y[0] ? -1 : 1;
    double la = adcov_polyline_length(&sa->line), lb = adcov_polyline_length(&sb->line);
    return la < lb ? -1 : la > lb;
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
    for (size_t k = 0; k < s->nfeatures; k++)
        if (s->features[k] == feature)
            return ADCOV_OK; /* another part of the same feature */
    size_t *f = adcov_realloc(s->features, (s->nfeatures + 1) * sizeof *f);
    if (!f)
        return ADCOV_ENOMEM;
    s->features = f;
    s->features[s->nfeatures++] = feature;
    return ADCOV_OK;
}

/* The component lines of one street's roads, then its joints (x0 y0 x1 y1 each), as new geometries in
 * *out; ADCOV_ENOMEM or ADCOV_EGEOS (nothing kept) on failure. */
static adcov_status street_parts(GEOSContextHandle_t h, const adcov_road *roads, size_t n, const double *joints,
                                 size_t njoints, GEOSGeometry ***out, size_t *nparts)
{
    size_t np = njoints, k = 0;
    for (size_t i = 0; i < n; i++)
        np += (size_t)GEOSGetNumGeometries_r(h, roads[i].geom);
    GEOSGeometry **parts = adcov_calloc(np ? np : 1, sizeof *parts);
    if (!parts)
        return ADCOV_ENOMEM;
    int ok = 1;
    for (size_t i = 0; ok && i < n; i++)
        for (int j = 0; ok && j < GEOSGetNumGeometries_r(h, roads[i].geom); j++)
            ok = (parts[k++] = GEOSGeom_clone_r(h, GEOSGetGeometryN_r(h, roads[i].geom, j))) != NULL;
    for (size_t i = 0; ok && i < njoints; i++) {
        GEOSCoordSequence *cs = GEOSCoordSeq_create_r(h, 2, 2);
        ok = cs && GEOSCoordSeq_setXY_r(h, cs, 0, joints[4 * i], joints[4 * i + 1]) &&
             GEOSCoordSeq_setXY_r(h, cs, 1, joints[4 * i + 2], joints[4 * i + 3]);
        if (!ok && cs)
            GEOSCoordSeq_destroy_r(h, cs);
        ok = ok && (parts[k++] = GEOSGeom_createLineString_r(h, cs)) != NULL;
    }
    if (!ok) {
        for (size_t m = 0; m < k; m++)
            GEOSGeom_destroy_r(h, parts[m]);
        free(parts);
        return ADCOV_EGEOS;
    }
    *out = parts;
    *nparts = np;
    return ADCOV_OK;
}

/* Merges one street's roads[0..n) and its joints, and appends its lines: a degenerate line (fewer than
 * two distinct points) still gets a slot, with line.n = 0, so features map onto lines 1:1. */
static adcov_status merge_street(adcov_ctx *ctx, const adcov_road *roads, size_t n, const double *joints,
                                 size_t njoints, stretch_list *out)
{
    GEOSContextHandle_t h = adcov_ctx_geos(ctx);
    adcov_status st = ADCOV_OK;
    size_t nparts = 0, first = out->n, nlines = 0;
    GEOSGeometry **parts = NULL, *coll = NULL, *merged = NULL, **lines = NULL;
    adcov_status ps = street_parts(h, roads, n, joints, njoints, &parts, &nparts);
    if (ps == ADCOV_ENOMEM)
        return ps;
    if (ps)
        return adcov_fail(ctx, ADCOV_EGEOS, "streets: %s", adcov_geos_message(ctx));
    adcov_geos_reset(ctx);
    coll = GEOSGeom_createCollection_r(h, GEOS_MULTILINESTRING, parts, (unsigned)nparts);
    free(parts);
    merged = coll ? GEOSLineMerge_r(h, coll) : NULL;
    if (!merged) {
        st = adcov_fail(ctx, ADCOV_EGEOS, "streets: line merge failed: %s", adcov_geos_message(ctx));
        goto cleanup;
    }
    nlines = (size_t)GEOSGetNumGeometries_r(h, merged);
    lines = adcov_calloc(nlines ? nlines : 1, sizeof *lines);
    if (!lines || adcov_grow((void **)&out->items, &out->cap, out->n + nlines, sizeof *out->items)) {
        st = ADCOV_ENOMEM;
        goto cleanup;
    }
    for (size_t i = 0; i < nlines; i++) {
        lines[i] = (GEOSGeometry *)GEOSGetGeometryN_r(h, merged, (int)i);
        adcov_stretch *s = &out->items[out->n];
        memset(s, 0, sizeof *s);
        s->street = roads[0].street;
        s->dual_of = ADCOV_WALKED;
        adcov_status pl = adcov_polyline_from_geos(ctx, lines[i], &s->line);
        if (pl == ADCOV_ENOMEM) {
            st = pl;
            goto cleanup;
        }
        out->n++;
        if (pl != ADCOV_OK)
            s->line.n = 0;
    }
    for (size_t r = 0; r < n && st == ADCOV_OK && nlines > 0; r++)
        for (int j = 0; st == ADCOV_OK && j < GEOSGetNumGeometries_r(h, roads[r].geom); j++) {
            const GEOSGeometry *part = GEOSGetGeometryN_r(h, roads[r].geom, j);
            st = add_feature(&out->items[first + owner_of(h, part, lines, nlines)], roads[r].feature);
        }
    for (size_t j = 0; j < njoints && nlines > 0; j++)
        out->items[first + owner_of(h, GEOSGetGeometryN_r(h, coll, (int)(nparts - njoints + j)), lines, nlines)].njoints++;
cleanup:
    free(lines);
    GEOSGeom_destroy_r(h, merged);
    GEOSGeom_destroy_r(h, coll);
    return st;
}

/* ---- junction gaps (§5 step 2) ---- */

static void line_box(const adcov_polyline *p, double *box)
{
    box[0] = box[2] = p->x[0];
    box[1] = box[3] = p->y[0];
    for (size_t i = 1; i < p->n; i++) {
        box[0] = fmin(box[0], p->x[i]), box[2] = fmax(box[2], p->x[i]);
        box[1] = fmin(box[1], p->y[i]), box[3] = fmax(box[3], p->y[i]);
    }
}

/* The lines' boxes (*boxes, 4 per line; a degenerate line gets an empty one far away) and their index. */
static adcov_boxes *index_lines(const adcov_stretch *s, size_t n, double **boxes)
{
    *boxes = adcov_malloc((n ? n : 1) * 4 * sizeof **boxes);
    if (!*boxes)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (s[i].line.n >= 2)
            line_box(&s[i].line, &(*boxes)[4 * i]);
        else
            (*boxes)[4 * i] = (*boxes)[4 * i + 1] = (*boxes)[4 * i + 2] = (*boxes)[4 * i + 3] = -INFINITY;
    }
    return adcov_boxes_new(*boxes, n);
}



typedef struct {
    double x, y;
    size_t line; /* index in the merged lines */
    int at_end;  /* 0: the line's chainage 0, 1: its chainage L */
} line_end;

typedef struct {
    double d;
    size_t a, b;   /* ends; a is the one with the smaller x, then y */
    double xy[4];  /* a's x, y, then b's: the tie-breaks */
} end_pair;

/* End e lies on another line of its street (within MEET_M of it, an end or not). */
static int touches_another(const stretch_list *l, const adcov_boxes *lines, const line_end *e, id_list *hits)
{
    hits->n = 0;
    adcov_boxes_query(lines, e->x - MEET_M, e->y - MEET_M, e->x + MEET_M, e->y + MEET_M, collect_id, hits);
    for (size_t k = 0; k < hits->n; k++) {
        const adcov_stretch *o = &l->items[hits->ids[k]];
        if (hits->ids[k] != e->line && o->street == l->items[e->line].street &&
            adcov_polyline_distance(&o->line, e->x, e->y) <= MEET_M)
            return 1;
    }
    return 0;
}

/* The direction leaving an end into its line: to the point DIR_M into it, or its other end if shorter. */
static void leaving(const adcov_polyline *p, int at_end, double *dx, double *dy)
{
    double len = adcov_polyline_length(p), x, y;
    size_t k = at_end ? p->n - 1 : 0;
    adcov_polyline_at(p, at_end ? fmax(len - DIR_M, 0) : fmin(DIR_M, len), &x, &y);
    *dx = x - p->x[k];
    *dy = y - p->y[k];
}

/* The walk arriving at end a (against the direction leaving it) and leaving end b turns less than
 * TURN_DEG. */
static int goes_straight_on(const stretch_list *l, const line_end *a, const line_end *b)
{
    double ax, ay, bx, by;
    leaving(&l->items[a->line].line, a->at_end, &ax, &ay);
    leaving(&l->items[b->line].line, b->at_end, &bx, &by);
    double na = hypot(ax, ay), nb = hypot(bx, by);
    if (na == 0 || nb == 0)
        return 0;
    double c = -(ax * bx + ay * by) / (na * nb);
    return acos(c > 1 ? 1 : c < -1 ? -1 : c) < TURN_DEG * DEG;
}

static int end_before(const line_end *a, const line_end *b)
{
    return a->x < b->x || (a->x == b->x && a->y < b->y);
}

static int by_distance(const void *pa, const void *pb)
{
    const end_pair *p = pa, *q = pb;
    if (p->d != q->d)
        return p->d < q->d ? -1 : 1;
    for (int k = 0; k < 4; k++)
        if (p->xy[k] != q->xy[k])
            return p->xy[k] < q->xy[k] ? -1 : 1;
    return 0;
}

static end_pair make_pair(double d, const line_end *ends, size_t i, size_t j)
{
    if (end_before(&ends[j], &ends[i])) {
        size_t t = i;
        i = j, j = t;
    }
    return (end_pair){d, i, j, {ends[i].x, ends[i].y, ends[j].x, ends[j].y}};
}

/* Every end of every line; free[i]: end i meets no other line end of its street. */
static adcov_status find_free_ends(const stretch_list *l, line_end *ends, size_t *nends, adcov_boxes **index,
                                   char *free_end)
{
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++) {
        const adcov_polyline *p = &l->items[i].line;
        if (p->n < 2)
            continue;
        ends[n++] = (line_end){p->x[0], p->y[0], i, 0};
        ends[n++] = (line_end){p->x[p->n - 1], p->y[p->n - 1], i, 1};
    }
    double *xy = adcov_malloc((n ? n : 1) * 4 * sizeof *xy);
    if (!xy)
        return ADCOV_ENOMEM;
    for (size_t i = 0; i < n; i++)
        xy[4 * i] = xy[4 * i + 2] = ends[i].x, xy[4 * i + 1] = xy[4 * i + 3] = ends[i].y;
    *index = adcov_boxes_new(xy, n);
    free(xy);
    double *boxes = NULL;
    adcov_boxes *lines = *index ? index_lines(l->items, l->n, &boxes) : NULL;
    id_list hits = {0};
    hits.failed = !lines;
    for (size_t i = 0; i < n && !hits.failed; i++) {
        hits.n = 0;
        adcov_boxes_query(*index, ends[i].x - MEET_M, ends[i].y - MEET_M, ends[i].x + MEET_M, ends[i].y + MEET_M,
                          collect_id, &hits);
        free_end[i] = 1;
        for (size_t k = 0; k < hits.n; k++) {
            const line_end *o = &ends[hits.ids[k]];
            if (hits.ids[k] != i && l->items[o->line].street == l->items[ends[i].line].street &&
                hypot(o->x - ends[i].x, o->y - ends[i].y) <= MEET_M)
                free_end[i] = 0; /* it meets another end: a closed line's, or where three or more meet */
        }
        if (free_end[i] && touches_another(l, lines, &ends[i], &hits))
            free_end[i] = 0; /* it ends on another line of its street */
    }
    free(hits.ids);
    free(boxes);
    adcov_boxes_free(lines);
    *nends = n;
    return hits.failed ? ADCOV_ENOMEM : ADCOV_OK;
}

/* The candidate pairs of free ends, nearest first, each end taken at most once: the joints. */
static adcov_status pick_pairs(const stretch_list *l, const line_end *ends, size_t nends, const adcov_boxes *index,
                               const char *free_end, double join_m, end_pair **out, size_t *nout)
{
    end_pair *pairs = NULL;
    size_t n = 0, cap = 0;
    id_list hits = {0};
    for (size_t i = 0; i < nends && !hits.failed; i++) {
        if (!free_end[i])
            continue;
        hits.n = 0;
        adcov_boxes_query(index, ends[i].x - join_m, ends[i].y - join_m, ends[i].x + join_m, ends[i].y + join_m,
                          collect_id, &hits);
        for (size_t k = 0; k < hits.n && !hits.failed; k++) {
            size_t j = hits.ids[k];
            const line_end *a = &ends[i], *b = &ends[j];
            double d = hypot(a->x - b->x, a->y - b->y);
            if (j <= i || !free_end[j] || a->line == b->line || d > join_m ||
                l->items[a->line].street != l->items[b->line].street || !goes_straight_on(l, a, b))
                continue;
            if (adcov_grow((void **)&pairs, &cap, n + 1, sizeof *pairs))
                hits.failed = 1;
            else
                pairs[n++] = make_pair(d, ends, i, j);
        }
    }
    free(hits.ids);
    if (hits.failed) {
        free(pairs);
        return ADCOV_ENOMEM;
    }
    if (n > 1)
        qsort(pairs, n, sizeof *pairs, by_distance);
    char *used = adcov_calloc(nends ? nends : 1, 1);
    if (!used) {
        free(pairs);
        return ADCOV_ENOMEM;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!used[pairs[i].a] && !used[pairs[i].b]) {
            used[pairs[i].a] = used[pairs[i].b] = 1;
            pairs[k++] = pairs[i];
        }
    free(used);
    *out = pairs;
    *nout = k;
    return ADCOV_OK;
}

/* The joints of each street, as segments x0 y0 x1 y1 in joints[4 * (first[s] .. first[s + 1])). */
typedef struct {
    double *xy;
    size_t *first; /* per street group, nstreets + 1 entries */
} street_joints;

static adcov_status junction_joints(const stretch_list *l, double join_m, size_t nstreets, street_joints *out)
{
    line_end *ends = adcov_malloc((2 * l->n + 1) * sizeof *ends);
    char *free_end = adcov_malloc(2 * l->n + 1);
    adcov_boxes *index = NULL;
    end_pair *pairs = NULL;
    size_t nends = 0, npairs = 0;
    out->first = adcov_calloc(nstreets + 2, sizeof *out->first);
    adcov_status st = ends && free_end && out->first ? ADCOV_OK : ADCOV_ENOMEM;
    if (!st)
        st = find_free_ends(l, ends, &nends, &index, free_end);
    if (!st && join_m > 0)
        st = pick_pairs(l, ends, nends, index, free_end, join_m, &pairs, &npairs);
    if (!st && !(out->xy = adcov_malloc((npairs ? npairs : 1) * 4 * sizeof *out->xy)))
        st = ADCOV_ENOMEM;
    for (size_t i = 0; !st && i < npairs; i++)
        out->first[l->items[ends[pairs[i].a].line].street + 1]++;
    for (size_t s = 0; !st && s < nstreets; s++)
        out->first[s + 1] += out->first[s];
    size_t *fill = st ? NULL : adcov_calloc(nstreets + 1, sizeof *fill);
    if (!st && !fill)
        st = ADCOV_ENOMEM;
    for (size_t i = 0; !st && i < npairs; i++) {
        const line_end *a = &ends[pairs[i].a], *b = &ends[pairs[i].b];
        size_t s = l->items[a->line].street, k = out->first[s] + fill[s]++;
        out->xy[4 * k] = a->x, out->xy[4 * k + 1] = a->y, out->xy[4 * k + 2] = b->x, out->xy[4 * k + 3] = b->y;
    }
    free(fill);
    free(pairs);
    adcov_boxes_free(index);
    free(ends);
    free(free_end);
    return st;
}

/* ---- dual carriageways (§5 step 3) ---- */

static int is_closed(const adcov_polyline *p)
{
    return hypot(p->x[p->n - 1] - p->x[0], p->y[p->n - 1] - p->y[0]) <= MEET_M;
}

/* b is walked rather than a: longer, or as long and starting at the smaller x, then y. */
static int walked_over(const adcov_stretch *b, const adcov_stretch *a)
{
    double lb = adcov_polyline_length(&b->line), la = adcov_polyline_length(&a->line);
    if (lb != la)
        return lb > la;
    if (b->line.x[0] != a->line.x[0])
        return b->line.x[0] < a->line.x[0];
    return b->line.y[0] < a->line.y[0];
}

/* The bearings from start to end of the two lines differ by less than DUAL_DEG, either way round. */
static int runs_along(const adcov_polyline *a, const adcov_polyline *b)
{
    double ta = atan2(a->y[a->n - 1] - a->y[0], a->x[a->n - 1] - a->x[0]);
    double tb = atan2(b->y[b->n - 1] - b->y[0], b->x[b->n - 1] - b->x[0]);
    double d = fmod(fabs(ta - tb), 180 * DEG);
    return fmin(d, 180 * DEG - d) < DUAL_DEG * DEG;
}

/* Some segment of b lies within d of (x, y); the search starts at the segment that answered last. */
static int near_line(const adcov_polyline *b, double x, double y, double d, size_t *hint)
{
    size_t nseg = b->n - 1;
    for (size_t o = 0; o < nseg; o++) {
        size_t up = *hint + o, down = *hint >= o ? *hint - o : nseg;
        if (up < nseg && segment_distance(b, up, x, y) <= d)
            return *hint = up, 1;
        if (down < nseg && segment_distance(b, down, x, y) <= d)
            return *hint = down, 1;
        if (up >= nseg && down >= nseg)
            break;
    }
    return 0;
}

/* No point of a lies farther than d from b (a's vertices and points at most DUAL_STEP_M apart). */
static int lies_within(const adcov_polyline *a, const adcov_polyline *b, double d)
{
    size_t hint = 0;
    for (size_t i = 0; i + 1 < a->n; i++) {
        double seg = a->t[i + 1] - a->t[i];
        size_t steps = (size_t)ceil(seg / DUAL_STEP_M);
        for (size_t k = 0; k < steps; k++) {
            double u = (double)k / (double)steps;
            if (!near_line(b, a->x[i] + u * (a->x[i + 1] - a->x[i]), a->y[i] + u * (a->y[i + 1] - a->y[i]), d, &hint))
                return 0;
        }
    }
    return near_line(b, a->x[a->n - 1], a->y[a->n - 1], d, &hint);
}

/* The line b that a is the other carriageway of, or ADCOV_WALKED: of all that qualify, the one walked
 * over every other. */
static size_t carriageway_of(const adcov_stretch *s, const double *boxes, const adcov_boxes *index, size_t a,
                             double dual_m, id_list *hits)
{
    const double *ba = &boxes[4 * a];
    size_t best = ADCOV_WALKED;
    hits->n = 0;
    adcov_boxes_query(index, ba[0] - dual_m, ba[1] - dual_m, ba[2] + dual_m, ba[3] + dual_m, collect_id, hits);
    for (size_t k = 0; k < hits->n && !hits->failed; k++) {
        size_t b = hits->ids[k];
        const double *bb = &boxes[4 * b];
        if (b == a || s[b].street != s[a].street || is_closed(&s[b].line) || !walked_over(&s[b], &s[a]) ||
            ba[0] < bb[0] - dual_m || ba[1] < bb[1] - dual_m || ba[2] > bb[2] + dual_m || ba[3] > bb[3] + dual_m ||
            (best != ADCOV_WALKED && !walked_over(&s[b], &s[best])) || !runs_along(&s[a].line, &s[b].line) ||
            !lies_within(&s[a].line, &s[b].line, dual_m))
            continue;
        best = b;
    }
    return best;
}

/* Marks every line lying along a longer one of its street as that line's other carriageway; a chain of
 * such lines belongs to the walked line at its end. */
static adcov_status mark_duals(adcov_stretch *s, size_t n, double dual_m)
{
    double *boxes = NULL;
    adcov_boxes *index = index_lines(s, n, &boxes);
    id_list hits = {0};
    hits.failed = !index;
    for (size_t i = 0; i < n && !hits.failed && dual_m > 0; i++)
        if (!is_closed(&s[i].line))
            s[i].dual_of = carriageway_of(s, boxes, index, i, dual_m, &hits);
    for (size_t i = 0; i < n && !hits.failed; i++) {
        size_t r = s[i].dual_of;
        while (r != ADCOV_WALKED && s[r].dual_of != ADCOV_WALKED)
            r = s[r].dual_of; /* each step goes to a line walked over the last: no cycle */
        s[i].dual_of = r;
    }
    free(hits.ids);
    adcov_boxes_free(index);
    free(boxes);
    return hits.failed ? ADCOV_ENOMEM : ADCOV_OK;
}

/* ---- the whole build ---- */

/* Merges every street of sorted[0..n) (sorted by street) into list, with each street's joints when
 * given. */
static adcov_status merge_all(adcov_ctx *ctx, const adcov_road *sorted, size_t n, const street_joints *j,
                              stretch_list *before, stretch_list *list)
{
    adcov_status st = ADCOV_OK;
    size_t b = 0; /* the next line of before */
    for (size_t i = 0, s = 0; i < n && st == ADCOV_OK; s++) {
        size_t k = i;
        while (k < n && sorted[k].street == sorted[i].street)
            k++;
        size_t j0 = j ? j->first[s] : 0, nj = j ? j->first[s + 1] - j0 : 0;
        if (before && nj == 0) { /* no joint: the lines of the first merge stand, moved over */
            for (; b < before->n && before->items[b].street == s && !st; b++) {
                st = adcov_grow((void **)&list->items, &list->cap, list->n + 1, sizeof *list->items);
                if (!st) {
                    list->items[list->n++] = before->items[b];
                    memset(&before->items[b], 0, sizeof before->items[b]);
                }
            }
        } else {
            while (before && b < before->n && before->items[b].street == s)
                b++;
            st = merge_street(ctx, sorted + i, k - i, j ? j->xy + 4 * j0 : NULL, nj, list);
        }
        i = k;
    }
    return st;
}

static void drop_degenerate(stretch_list *list)
{
    size_t k = 0;
    for (size_t i = 0; i < list->n; i++) {
        if (list->items[i].line.n >= 2)
            list->items[k++] = list->items[i];
        else
            free(list->items[i].features);
    }
    list->n = k;
}

adcov_status adcov_streets_build(adcov_ctx *ctx, const adcov_road *roads, size_t nroads, const adcov_walk *walk,
                                 adcov_stretch **out, size_t *nout)
{
    *out = NULL;
    *nout = 0;
    stretch_list first = {0}, list = {0};
    street_joints joints = {0};
    adcov_road *sorted = adcov_malloc((nroads ? nroads : 1) * sizeof *sorted);
    if (!sorted)
        return adcov_fail(ctx, ADCOV_ENOMEM, "streets: out of memory");
    if (nroads)
        memcpy(sorted, roads, nroads * sizeof *sorted);
    qsort(sorted, nroads, sizeof *sorted, by_street);
    /* street groups renumbered 0.. in sorted order, so joints can be kept per group */
    size_t nstreets = 0;
    size_t *group = adcov_malloc((nroads ? nroads : 1) * sizeof *group); /* caller's number of each */
    adcov_status st = group ? ADCOV_OK : ADCOV_ENOMEM;
    for (size_t i = 0; !st && i < nroads; i++) {
        if (i == 0 || sorted[i].street != group[nstreets - 1])
            group[nstreets++] = sorted[i].street;
        sorted[i].street = nstreets - 1;
    }
    if (!st)
        st = merge_all(ctx, sorted, nroads, NULL, NULL, &first);
    if (!st)
        st = junction_joints(&first, walk->join_m, nstreets, &joints);
    if (!st) /* merged again where joints were added */
        st = merge_all(ctx, sorted, nroads, &joints, &first, &list);
    adcov_stretches_free(first.items, first.n);
    drop_degenerate(&list);
    for (size_t i = 0; !st && i < list.n; i++) /* back to the caller's group numbers (same order) */
        list.items[i].street = group[list.items[i].street];
    free(joints.xy);
    free(joints.first);
    if (!st && list.n) {
        qsort(list.items, list.n, sizeof *list.items, by_start);
        st = mark_duals(list.items, list.n, walk->dual_m);
    }
    free(sorted);
    free(group);
    if (st != ADCOV_OK) {
        adcov_stretches_free(list.items, list.n);
        if (st == ADCOV_ENOMEM)
            adcov_fail(ctx, st, "streets: out of memory");
        return st;
    }
    *out = list.items;
    *nout = list.n;
    return ADCOV_OK;
}
