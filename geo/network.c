#define _GNU_SOURCE
#include "network.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* One straight piece of road between two nodes. A segment of a line is one edge, or several when
 * other lines' ends join it in between; u0..u1 is the edge's share of its segment. */
typedef struct {
    double x0, y0, x1, y1, len;
    size_t n0, n1; /* nodes (vertex indices that are union-find roots) */
    size_t seg;
    double u0, u1;
} edge;

typedef struct {
    size_t self;      /* its own index, the index item */
    size_t v0;        /* first vertex; the part's vertices are v0 .. v0 + nv - 1 */
    size_t nv;
    size_t seg0;      /* global index of its first segment */
    GEOSGeometry *box; /* its envelope's diagonal, for the index */
} part;

typedef struct {
    size_t edge0, nedges; /* the edges the segment was cut into, in order */
} segment;

struct adcov_network {
    double *vx, *vy;
    size_t nv, capv;
    size_t *node;     /* union-find parent per vertex; after building, each vertex's node */
    part *parts;
    size_t nparts, capparts;
    segment *segs;
    size_t nsegs;
    edge *edges;
    size_t nedges, capedges;
    size_t *adj_start, *adj; /* edges at node n: adj[adj_start[n] .. adj_start[n + 1]) */
    GEOSSTRtree *tree;       /* parts */
};

/* ---- building ---- */

static size_t find(size_t *parent, size_t v)
{
    while (parent[v] != v) {
        parent[v] = parent[parent[v]];
        v = parent[v];
    }
    return v;
}

static void join(size_t *parent, size_t a, size_t b)
{
    a = find(parent, a);
    b = find(parent, b);
    if (a != b)
        parent[a > b ? a : b] = a < b ? a : b;
}

static adcov_status add_part(adcov_ctx *ctx, adcov_network *net, const GEOSGeometry *line)
{
    GEOSContextHandle_t h = adcov_ctx_geos(ctx);
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, line);
    unsigned n = 0;
    if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &n))
        return adcov_fail(ctx, ADCOV_EGEOS, "network: cannot read a road line");
    size_t capv = net->capv; /* vx and vy grow together: capv changes only when both did */
    if (adcov_grow((void **)&net->vx, &capv, net->nv + n, sizeof *net->vx))
        return adcov_fail(ctx, ADCOV_ENOMEM, "network: out of memory");
    if (capv != net->capv) {
        double *vy = adcov_realloc(net->vy, capv * sizeof *net->vy);
        if (!vy)
            return adcov_fail(ctx, ADCOV_ENOMEM, "network: out of memory");
        net->vy = vy;
        net->capv = capv;
    }
    if (adcov_grow((void **)&net->parts, &net->capparts, net->nparts + 1, sizeof *net->parts))
        return adcov_fail(ctx, ADCOV_ENOMEM, "network: out of memory");
    size_t v0 = net->nv, k = 0;
    double xmin = DBL_MAX, ymin = DBL_MAX, xmax = -DBL_MAX, ymax = -DBL_MAX;
    for (unsigned i = 0; i < n; i++) {
        double x, y;
        GEOSCoordSeq_getXY_r(h, cs, i, &x, &y);
        if (k && net->vx[v0 + k - 1] == x && net->vy[v0 + k - 1] == y)
            continue; /* a repeated point makes no segment */
        net->vx[v0 + k] = x;
        net->vy[v0 + k] = y;
        k++;
        xmin = fmin(xmin, x), ymin = fmin(ymin, y), xmax = fmax(xmax, x), ymax = fmax(ymax, y);
    }
    if (k < 2)
        return ADCOV_OK;
    GEOSCoordSequence *d = GEOSCoordSeq_create_r(h, 2, 2);
    if (d) {
        GEOSCoordSeq_setXY_r(h, d, 0, xmin, ymin);
        GEOSCoordSeq_setXY_r(h, d, 1, xmax, ymax);
    }
    GEOSGeometry *box = d ? GEOSGeom_createLineString_r(h, d) : NULL;
    if (!box)
        return adcov_fail(ctx, ADCOV_EGEOS, "network: cannot index a road line");
    net->parts[net->nparts] = (part){.self = net->nparts, .v0 = v0, .nv = k, .seg0 = net->nsegs, .box = box};
    net->nparts++;
    net->nv += k;
    net->nsegs += k - 1;
    return ADCOV_OK;
}

static adcov_status add_line(adcov_ctx *ctx, adcov_network *net, const GEOSGeometry *g)
{
    GEOSContextHandle_t h = adcov_ctx_geos(ctx);
    int type = GEOSGeomTypeId_r(h, g);
    if (type == GEOS_LINESTRING)
        return add_part(ctx, net, g);
    if (type != GEOS_MULTILINESTRING)
        return ADCOV_OK;
    adcov_status st = ADCOV_OK;
    for (int i = 0; !st && i < GEOSGetNumGeometries_r(h, g); i++)
        st = add_part(ctx, net, GEOSGetGeometryN_r(h, g, i));
    return st;
}

static int by_xy(const void *a, const void *b, void *arg)
{
    const adcov_network *net = arg;
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    if (net->vx[i] != net->vx[j])
        return net->vx[i] < net->vx[j] ? -1 : 1;
    if (net->vy[i] != net->vy[j])
        return net->vy[i] < net->vy[j] ? -1 : 1;
    return i < j ? -1 : i > j;
}

/* Vertices at the very same place are one node: lines that share a vertex are joined there. */
static adcov_status join_shared_vertices(adcov_ctx *ctx, adcov_network *net)
{
    size_t *order = adcov_malloc((net->nv ? net->nv : 1) * sizeof *order);
    if (!order)
        return adcov_fail(ctx, ADCOV_ENOMEM, "network: out of memory");
    for (size_t i = 0; i < net->nv; i++)
        order[i] = i;
    if (net->nv)
        qsort_r(order, net->nv, sizeof *order, by_xy, net);
    for (size_t i = 1; i < net->nv; i++)
        if (net->vx[order[i]] == net->vx[order[i - 1]] && net->vy[order[i]] == net->vy[order[i - 1]])
            join(net->node, order[i], order[i - 1]);
    free(order);
    return ADCOV_OK;
}

/* Where a line's end lies within join_m of a segment of another line (or of its own, not touching
 * that end): joined at the segment's vertex when one is that close, else the segment is cut there. */
typedef struct {
    size_t seg;
    double u;
    size_t v; /* the end that joins */
} cut;

typedef struct {
    size_t *items;
    size_t n, cap;
    int failed;
} index_list;

static void collect_part(void *item, void *user)
{
    index_list *l = user;
    if (adcov_grow((void **)&l->items, &l->cap, l->n + 1, sizeof *l->items)) {
        l->failed = 1;
        return;
    }
    l->items[l->n++] = *(const size_t *)item;
}

/* Distance from (px, py) to segment a-b, and the share u of the way from a where it is nearest. */
static double seg_distance(double px, double py, double ax, double ay, double bx, double by, double *u)
{
    double dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy;
    double t = l2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / l2 : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    *u = t;
    return hypot(px - (ax + t * dx), py - (ay + t * dy));
}

static adcov_status join_end(adcov_ctx *ctx, adcov_network *net, size_t e, double join_m, index_list *near, cut **cuts,
                             size_t *ncuts, size_t *capcuts)
{
    GEOSContextHandle_t h = adcov_ctx_geos(ctx);
    double x = net->vx[e], y = net->vy[e];
    GEOSGeometry *q = GEOSGeom_createRectangle_r(h, x - join_m, y - join_m, x + join_m, y + join_m);
    if (!q)
        return adcov_fail(ctx, ADCOV_EGEOS, "network: index query failed");
    near->n = 0;
    GEOSSTRtree_query_r(h, net->tree, q, collect_part, near);
    GEOSGeom_destroy_r(h, q);
    if (near->failed)
        return adcov_fail(ctx, ADCOV_ENOMEM, "network: out of memory");
    for (size_t k = 0; k < near->n; k++) {
        const part *p = &net->parts[near->items[k]];
        for (size_t i = 0; i + 1 < p->nv; i++) {
            size_t a = p->v0 + i, b = a + 1;
            if (a == e || b == e)
                continue;
            double u, d = seg_distance(x, y, net->vx[a], net->vy[a], net->vx[b], net->vy[b], &u);
            if (d > join_m)
                continue;
            double da = hypot(net->vx[a] - x, net->vy[a] - y), db = hypot(net->vx[b] - x, net->vy[b] - y);
            if (fmin(da, db) <= join_m) {
                join(net->node, e, da <= db ? a : b);
                continue;
            }
            if (adcov_grow((void **)cuts, capcuts, *ncuts + 1, sizeof **cuts))
                return adcov_fail(ctx, ADCOV_ENOMEM, "network: out of memory");
            (*cuts)[(*ncuts)++] = (cut){p->seg0 + i, u, e};
        }
    }
    return ADCOV_OK;
}

static int by_seg_then_u(const void *a, const void *b)
{
    const cut *x = a, *y = b;
    if (x->seg != y->seg)
        return x->seg < y->seg ? -1 : 1;
    return x->u < y->u ? -1 : x->u > y->u;
}

static adcov_status add_edge(adcov_ctx *ctx, adcov_network *net, size_t seg, size_t va, double ua, size_t vb,
                             double ub, double ax, double ay, double bx, double by)
{
    if (adcov_grow((void **)&net->edges, &net->capedges, net->nedges + 1, sizeof *net->edges))
        return adcov_fail(ctx, ADCOV_ENOMEM, "network: out of memory");
    double x0 = ax + ua * (bx - ax), y0 = ay + ua * (by - ay), x1 = ax + ub * (bx - ax), y1 = ay + ub * (by - ay);
    net->edges[net->nedges++] = (edge){x0, y0, x1, y1, hypot(x1 - x0, y1 - y0), va, vb, seg, ua, ub};
    net->segs[seg].nedges++;
    return ADCOV_OK;
}

/* Cuts every segment at the ends that join it; edges keep vertex numbers until nodes are settled. */
static adcov_status make_edges(adcov_ctx *ctx, adcov_network *net, cut *cuts, size_t ncuts)
{
    if (ncuts)
        qsort(cuts, ncuts, sizeof *cuts, by_seg_then_u);
    net->segs = adcov_calloc(net->nsegs ? net->nsegs : 1, sizeof *net->segs);
    if (!net->segs)
        return adcov_fail(ctx, ADCOV_ENOMEM, "network: out of memory");
    adcov_status st = ADCOV_OK;
    size_t c = 0;
    for (size_t pi = 0; !st && pi < net->nparts; pi++) {
        const part *p = &net->parts[pi];
        for (size_t i = 0; !st && i + 1 < p->nv; i++) {
            size_t seg = p->seg0 + i, a = p->v0 + i, b = a + 1, from = a;
            double ax = net->vx[a], ay = net->vy[a], bx = net->vx[b], by = net->vy[b], u = 0;
            net->segs[seg].edge0 = net->nedges;
            for (; !st && c < ncuts && cuts[c].seg == seg; c++) {
                if (cuts[c].u <= u) { /* two ends at one point of the segment: one node */
                    join(net->node, cuts[c].v, from);
                    continue;
                }
                st = add_edge(ctx, net, seg, from, u, cuts[c].v, cuts[c].u, ax, ay, bx, by);
                from = cuts[c].v;
                u = cuts[c].u;
            }
            if (!st)
                st = add_edge(ctx, net, seg, from, u, b, 1, ax, ay, bx, by);
        }
    }
    return st;
}

static adcov_status make_adjacency(adcov_ctx *ctx, adcov_network *net)
{
    for (size_t v = 0; v < net->nv; v++)
        net->node[v] = find(net->node, v);
    net->adj_start = adcov_calloc(net->nv + 2, sizeof *net->adj_start);
    net->adj = adcov_malloc((2 * net->nedges + 1) * sizeof *net->adj);
    if (!net->adj_start || !net->adj)
        return adcov_fail(ctx, ADCOV_ENOMEM, "network: out of memory");
    for (size_t i = 0; i < net->nedges; i++) {
        edge *e = &net->edges[i];
        e->n0 = net->node[e->n0];
        e->n1 = net->node[e->n1];
        net->adj_start[e->n0 + 2]++;
        net->adj_start[e->n1 + 2]++;
    }
    for (size_t v = 0; v < net->nv; v++)
        net->adj_start[v + 2] += net->adj_start[v + 1];
    for (size_t i = 0; i < net->nedges; i++) {
        net->adj[net->adj_start[net->edges[i].n0 + 1]++] = i;
        net->adj[net->adj_start[net->edges[i].n1 + 1]++] = i;
    }
    return ADCOV_OK;
}

static adcov_status build(adcov_ctx *ctx, adcov_network *net, double join_m)
{
    GEOSContextHandle_t h = adcov_ctx_geos(ctx);
    net->node = adcov_malloc((net->nv ? net->nv : 1) * sizeof *net->node);
    net->tree = GEOSSTRtree_create_r(h, 10);
    if (!net->node || !net->tree)
        return adcov_fail(ctx, ADCOV_ENOMEM, "network: out of memory");
    for (size_t v = 0; v < net->nv; v++)
        net->node[v] = v;
    for (size_t i = 0; i < net->nparts; i++)
        GEOSSTRtree_insert_r(h, net->tree, net->parts[i].box, &net->parts[i].self);
    adcov_status st = join_shared_vertices(ctx, net);
    cut *cuts = NULL;
    size_t ncuts = 0, capcuts = 0;
    index_list near = {0};
    for (size_t i = 0; !st && i < net->nparts; i++) {
        const part *p = &net->parts[i];
        st = join_end(ctx, net, p->v0, join_m, &near, &cuts, &ncuts, &capcuts);
        if (!st)
            st = join_end(ctx, net, p->v0 + p->nv - 1, join_m, &near, &cuts, &ncuts, &capcuts);
    }
    if (!st)
        st = make_edges(ctx, net, cuts, ncuts);
    if (!st)
        st = make_adjacency(ctx, net);
    free(cuts);
    free(near.items);
    return st;
}

adcov_status adcov_network_new(adcov_ctx *ctx, const GEOSGeometry *const *lines, size_t n, double join_m,
                               adcov_network **out)
{
    *out = NULL;
    adcov_network *net = adcov_calloc(1, sizeof *net);
    if (!net)
        return adcov_fail(ctx, ADCOV_ENOMEM, "network: out of memory");
    adcov_status st = ADCOV_OK;
    for (size_t i = 0; !st && i < n; i++)
        if (lines[i])
            st = add_line(ctx, net, lines[i]);
    if (!st)
        st = build(ctx, net, join_m);
    if (st) {
        adcov_network_free(ctx, net);
        return st;
    }
    *out = net;
    return ADCOV_OK;
}

int adcov_network_usable(const adcov_network *net)
{
    return net && net->nedges > 0;
}

/* ---- walking ---- */

typedef struct {
    double x, y;
} query_point;

static int part_distance(const void *item, const void *query, double *distance, void *user)
{
    const adcov_network *net = user;
    const part *p = &net->parts[*(const size_t *)item];
    const query_point *q = query;
    double best = DBL_MAX, u;
    for (size_t i = 0; i + 1 < p->nv; i++) {
        size_t a = p->v0 + i;
        best = fmin(best, seg_distance(q->x, q->y, net->vx[a], net->vy[a], net->vx[a + 1], net->vy[a + 1], &u));
    }
    *distance = best;
    return 1;
}

/* The edge nearest (x, y) and how far along it (metres from its start) the nearest point lies. */
static adcov_status nearest_edge(adcov_ctx *ctx, const adcov_network *net, double x, double y, size_t *edge_i,
                                 double *along, double *dist)
{
    GEOSContextHandle_t h = adcov_ctx_geos(ctx);
    query_point q = {x, y};
    GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(h, x, y);
    const void *hit = pt ? GEOSSTRtree_nearest_generic_r(h, net->tree, &q, pt, part_distance, (void *)net) : NULL;
    GEOSGeom_destroy_r(h, pt);
    if (!hit)
        return adcov_fail(ctx, ADCOV_EGEOS, "network: nearest road query failed");
    const part *p = &net->parts[*(const size_t *)hit];
    double best = DBL_MAX, best_u = 0, u;
    size_t seg = p->seg0;
    for (size_t i = 0; i + 1 < p->nv; i++) {
        size_t a = p->v0 + i;
        double d = seg_distance(x, y, net->vx[a], net->vy[a], net->vx[a + 1], net->vy[a + 1], &u);
        if (d < best)
            best = d, best_u = u, seg = p->seg0 + i;
    }
    const segment *s = &net->segs[seg];
    size_t e = s->edge0;
    while (e + 1 < s->edge0 + s->nedges && net->edges[e].u1 < best_u)
        e++;
    const edge *ed = &net->edges[e];
    *edge_i = e;
    double share = (best_u - ed->u0) / (ed->u1 - ed->u0);
    *along = fmin(ed->len, fmax(0, share * ed->len));
    *dist = best;
    return ADCOV_OK;
}

void adcov_network_free(adcov_ctx *ctx, adcov_network *net)
{
    if (!net)
        return;
    GEOSContextHandle_t h = adcov_ctx_geos(ctx);
    if (net->tree)
        GEOSSTRtree_destroy_r(h, net->tree);
    for (size_t i = 0; i < net->nparts; i++)
        GEOSGeom_destroy_r(h, net->parts[i].box);
    free(net->parts);
    free(net->vx);
    free(net->vy);
    free(net->node);
    free(net->segs);
    free(net->edges);
    free(net->adj_start);
    free(net->adj);
    free(net);
}

/* A binary heap of (distance, node). */
typedef struct {
    double d;
    size_t n;
} heap_item;

typedef struct {
    heap_item *items;
    size_t n, cap;
} heap;

static int heap_push(heap *hp, double d, size_t n)
{
    if (adcov_grow((void **)&hp->items, &hp->cap, hp->n + 1, sizeof *hp->items))
        return -1;
    size_t i = hp->n++;
    while (i > 0 && hp->items[(i - 1) / 2].d > d) {
        hp->items[i] = hp->items[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    hp->items[i] = (heap_item){d, n};
    return 0;
}

static heap_item heap_pop(heap *hp)
{
    heap_item top = hp->items[0], last = hp->items[--hp->n];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= hp->n)
            break;
        if (c + 1 < hp->n && hp->items[c + 1].d < hp->items[c].d)
            c++;
        if (hp->items[c].d >= last.d)
            break;
        hp->items[i] = hp->items[c];
        i = c;
    }
    if (hp->n)
        hp->items[i] = last;
    return top;
}

/* One walk's state: distance per node (DBL_MAX: not reached within reach), the nodes reached. */
typedef struct {
    double *dist;
    size_t *reached;
    size_t nreached;
    heap hp;
} walk_state;

static adcov_status dijkstra(adcov_ctx *ctx, const adcov_network *net, walk_state *w, double reach)
{
    while (w->hp.n) {
        heap_item it = heap_pop(&w->hp);
        if (it.d > w->dist[it.n])
            continue; /* an older, longer way to a node reached since */
        for (size_t k = net->adj_start[it.n]; k < net->adj_start[it.n + 1]; k++) {
            const edge *e = &net->edges[net->adj[k]];
            size_t other = e->n0 == it.n ? e->n1 : e->n0;
            double d = it.d + e->len;
            if (d >= reach || d >= w->dist[other])
                continue;
            if (w->dist[other] == DBL_MAX)
                w->reached[w->nreached++] = other;
            w->dist[other] = d;
            if (heap_push(&w->hp, d, other))
                return adcov_fail(ctx, ADCOV_ENOMEM, "network: out of memory");
        }
    }
    return ADCOV_OK;
}

static void seed(walk_state *w, size_t node, double d, double reach)
{
    if (d >= reach || d >= w->dist[node])
        return;
    if (w->dist[node] == DBL_MAX)
        w->reached[w->nreached++] = node;
    w->dist[node] = d;
    heap_push(&w->hp, d, node); /* cannot fail: the heap was made room for two seeds */
}

/* The walked pieces of edges, each a straight segment x0, y0, x1, y1. */
typedef struct {
    double (*seg)[4];
    size_t n, cap;
    double length;
} piece_list;

static adcov_status add_piece(adcov_ctx *ctx, piece_list *pl, const edge *e, double a, double b)
{
    if (b - a <= 0)
        return ADCOV_OK;
    if (adcov_grow((void **)&pl->seg, &pl->cap, pl->n + 1, sizeof *pl->seg))
        return adcov_fail(ctx, ADCOV_ENOMEM, "network: out of memory");
    double dx = (e->x1 - e->x0) / e->len, dy = (e->y1 - e->y0) / e->len, *s = pl->seg[pl->n++];
    /* a piece reaching a node ends exactly there, so that pieces meeting at a node share the point */
    s[0] = a > 0 ? e->x0 + a * dx : e->x0, s[1] = a > 0 ? e->y0 + a * dy : e->y0;
    s[2] = b < e->len ? e->x0 + b * dx : e->x1, s[3] = b < e->len ? e->y0 + b * dy : e->y1;
    pl->length += b - a;
    return ADCOV_OK;
}

/* One end of a piece, for pairing the pieces that go straight on through a node. */
typedef struct {
    double x, y, ux, uy; /* the point; the piece's direction away from it */
    size_t end;          /* piece * 2 + (0 start, 1 end) */
} piece_end;

static int by_point(const void *a, const void *b)
{
    const piece_end *p = a, *q = b;
    return p->x != q->x ? (p->x < q->x ? -1 : 1) : p->y != q->y ? (p->y < q->y ? -1 : 1) : 0;
}

/* link[e]: the end of another piece that goes straight on from end e (e ^ 1 is the same piece's other
 * end), or SIZE_MAX. Pieces that meet end to end in one straight line are one line to buffer: the
 * same ground, without the round ends that overlap at every crossing. */
static int pair_straight(const piece_list *pl, size_t *link)
{
    piece_end *ends = adcov_malloc((2 * pl->n + 1) * sizeof *ends);
    if (!ends)
        return -1;
    for (size_t i = 0; i < 2 * pl->n; i++) {
        const double *s = pl->seg[i / 2];
        int at_end = (int)(i % 2);
        double x = s[2 * at_end], y = s[2 * at_end + 1], ox = s[2 - 2 * at_end], oy = s[3 - 2 * at_end];
        double len = hypot(ox - x, oy - y);
        ends[i] = (piece_end){x, y, (ox - x) / len, (oy - y) / len, i};
        link[i] = SIZE_MAX;
    }
    qsort(ends, 2 * pl->n, sizeof *ends, by_point);
    for (size_t g = 0, k; g < 2 * pl->n; g = k) { /* the ends at one point */
        for (k = g + 1; k < 2 * pl->n && !by_point(&ends[g], &ends[k]); k++)
            ;
        for (size_t a = g; a < k; a++)
            for (size_t b = a + 1; b < k && link[ends[a].end] == SIZE_MAX; b++)
                if (link[ends[b].end] == SIZE_MAX && ends[a].ux * ends[b].ux + ends[a].uy * ends[b].uy < -1 + 1e-12)
                    link[ends[a].end] = ends[b].end, link[ends[b].end] = ends[a].end;
    }
    free(ends);
    return 0;
}

/* Follows the line from end `enter` (piece * 2 + 0 or 1: where the line enters that piece) while it goes
 * straight on into pieces not yet used, marking them in used; xy gets the entry point and every far
 * end (room for pl->n + 1 points). The number of points. */
static unsigned follow(const piece_list *pl, const size_t *link, unsigned char *used, size_t enter, double *xy)
{
    unsigned k = 0;
    xy[0] = pl->seg[enter / 2][2 * (enter % 2)], xy[1] = pl->seg[enter / 2][2 * (enter % 2) + 1];
    for (size_t e = enter; e != SIZE_MAX && !used[e / 2]; e = link[e ^ 1]) {
        used[e / 2] = 1;
        const double *s = pl->seg[e / 2];
        size_t far = (e ^ 1) % 2;
        k++;
        xy[2 * k] = s[2 * far], xy[2 * k + 1] = s[2 * far + 1];
    }
    return k + 1;
}

/* The walked pieces as lines, those going straight on through a node joined into one. */
static adcov_status walk_lines(adcov_ctx *ctx, const piece_list *pl, GEOSGeometry **out)
{
    GEOSContextHandle_t h = adcov_ctx_geos(ctx);
    size_t *link = adcov_malloc((2 * pl->n + 1) * sizeof *link);
    unsigned char *used = adcov_calloc(pl->n + 1, 1);
    double *xy = adcov_malloc((2 * pl->n + 2) * sizeof *xy);
    GEOSGeometry **lines = adcov_calloc(pl->n + 1, sizeof *lines);
    size_t nlines = 0;
    adcov_status st = link && used && xy && lines && !pair_straight(pl, link) ? ADCOV_OK : ADCOV_ENOMEM;
    /* lines start at an end nothing goes straight on from; the rest are loops, started anywhere */
    for (int loops = 0; !st && loops < 2; loops++)
        for (size_t p = 0; !st && p < pl->n; p++) {
            size_t start = link[2 * p] == SIZE_MAX ? 2 * p : link[2 * p + 1] == SIZE_MAX ? 2 * p + 1 : SIZE_MAX;
            if (used[p] || (!loops && start == SIZE_MAX))
                continue;
            unsigned n = follow(pl, link, used, start == SIZE_MAX ? 2 * p : start, xy);
            GEOSCoordSequence *cs = GEOSCoordSeq_copyFromBuffer_r(h, xy, n, 0, 0);
            if (!cs || !(lines[nlines] = GEOSGeom_createLineString_r(h, cs)))
                st = ADCOV_ENOMEM;
            else
                nlines++;
        }
    if (!st && !(*out = GEOSGeom_createCollection_r(h, GEOS_MULTILINESTRING, lines, (unsigned)nlines)))
        st = ADCOV_EGEOS;
    if (st)
        for (size_t i = 0; i < nlines; i++)
            GEOSGeom_destroy_r(h, lines[i]);
    free(link);
    free(used);
    free(xy);
    free(lines);
    return st == ADCOV_ENOMEM ? adcov_fail(ctx, st, "network: out of memory")
           : st              ? adcov_fail(ctx, st, "network: cannot make the walk's lines")
                             : ADCOV_OK;
}

/* The part of edge e within reach: from each end reached, and around the start when the walk began on
 * it (start < 0: it did not). Up to three intervals, merged where they overlap. */
static adcov_status cover_edge(adcov_ctx *ctx, const edge *e, const walk_state *w, double reach, double start,
                               piece_list *pl)
{
    double iv[3][2];
    int n = 0;
    if (w->dist[e->n0] < reach)
        iv[n][0] = 0, iv[n][1] = fmin(e->len, reach - w->dist[e->n0]), n++;
    if (w->dist[e->n1] < reach)
        iv[n][0] = fmax(0, e->len - (reach - w->dist[e->n1])), iv[n][1] = e->len, n++;
    if (start >= 0)
        iv[n][0] = fmax(0, start - reach), iv[n][1] = fmin(e->len, start + reach), n++;
    for (int i = 1; i < n; i++) /* sort by start (at most three) */
        for (int j = i; j > 0 && iv[j][0] < iv[j - 1][0]; j--) {
            double t0 = iv[j][0], t1 = iv[j][1];
            iv[j][0] = iv[j - 1][0], iv[j][1] = iv[j - 1][1];
            iv[j - 1][0] = t0, iv[j - 1][1] = t1;
        }
    adcov_status st = ADCOV_OK;
    double a = n ? iv[0][0] : 0, b = n ? iv[0][1] : 0;
    for (int i = 1; !st && i < n; i++) {
        if (iv[i][0] <= b) {
            b = fmax(b, iv[i][1]);
            continue;
        }
        st = add_piece(ctx, pl, e, a, b);
        a = iv[i][0], b = iv[i][1];
    }
    return st || !n ? st : add_piece(ctx, pl, e, a, b);
}

static adcov_status cover(adcov_ctx *ctx, const adcov_network *net, const walk_state *w, double reach, size_t start_e,
                          double start, piece_list *pl)
{
    adcov_status st = cover_edge(ctx, &net->edges[start_e], w, reach, start, pl);
    for (size_t i = 0; !st && i < w->nreached; i++) {
        size_t n = w->reached[i];
        for (size_t k = net->adj_start[n]; !st && k < net->adj_start[n + 1]; k++) {
            size_t ei = net->adj[k];
            const edge *e = &net->edges[ei];
            size_t other = e->n0 == n ? e->n1 : e->n0;
            /* each edge once: from its lower reached node (or from its only reached one) */
            if (ei == start_e || (w->dist[other] < reach && other < n) ||
                (other == n && k > net->adj_start[n] && net->adj[k - 1] == ei))
                continue;
            st = cover_edge(ctx, e, w, reach, -1, pl);
        }
    }
    return st;
}

adcov_status adcov_network_walk(adcov_ctx *ctx, const adcov_network *net, double x, double y, double reach,
                                GEOSGeometry **walked, double *snap_m, double *length_m)
{
    *walked = NULL;
    size_t start_e = 0;
    double along = 0;
    adcov_status st = nearest_edge(ctx, net, x, y, &start_e, &along, snap_m);
    if (st)
        return st;
    walk_state w = {.dist = adcov_malloc(net->nv * sizeof *w.dist), .reached = adcov_malloc(net->nv * sizeof *w.reached)};
    piece_list pl = {0};
    if (!w.dist || !w.reached || adcov_grow((void **)&w.hp.items, &w.hp.cap, 2, sizeof *w.hp.items))
        st = adcov_fail(ctx, ADCOV_ENOMEM, "network: out of memory");
    for (size_t i = 0; !st && i < net->nv; i++)
        w.dist[i] = DBL_MAX;
    if (!st) {
        const edge *e = &net->edges[start_e];
        seed(&w, e->n0, along, reach);
        seed(&w, e->n1, e->len - along, reach);
        st = dijkstra(ctx, net, &w, reach);
    }
    if (!st)
        st = cover(ctx, net, &w, reach, start_e, along, &pl);
    if (!st)
        st = walk_lines(ctx, &pl, walked);
    *length_m = pl.length;
    free(pl.seg);
    free(w.dist);
    free(w.reached);
    free(w.hp.items);
    return st;
}

/* ---- zones ---- */

struct adcov_zones {
    GEOSGeometry **geoms;
    const GEOSPreparedGeometry **prepared;
    size_t n, cap;
    GEOSSTRtree *tree; /* built at the first question, over geoms[0 .. indexed) */
    size_t indexed;
    size_t *ids;       /* ids[i] = i: the index items */
    index_list hits;
};

adcov_status adcov_zones_new(adcov_ctx *ctx, adcov_zones **out)
{
    *out = adcov_calloc(1, sizeof **out);
    return *out ? ADCOV_OK : adcov_fail(ctx, ADCOV_ENOMEM, "zones: out of memory");
}

adcov_status adcov_zones_add(adcov_ctx *ctx, adcov_zones *z, GEOSGeometry *polygon)
{
    GEOSContextHandle_t h = adcov_ctx_geos(ctx);
    size_t cap = z->cap;
    const GEOSPreparedGeometry **prepared = NULL;
    if (adcov_grow((void **)&z->geoms, &cap, z->n + 1, sizeof *z->geoms) ||
        !(prepared = adcov_realloc(z->prepared, cap * sizeof *z->prepared))) {
        /* z stays as it was: its arrays hold n items whatever grew (a failed realloc keeps the old block) */
        GEOSGeom_destroy_r(h, polygon);
        return adcov_fail(ctx, ADCOV_ENOMEM, "zones: out of memory");
    }
    z->cap = cap;
    z->prepared = prepared;
    z->geoms[z->n] = polygon;
    z->prepared[z->n] = NULL;
    z->n++;
    return ADCOV_OK;
}

size_t adcov_zones_count(const adcov_zones *z)
{
    return z ? z->n : 0;
}

const GEOSGeometry *adcov_zones_geom(const adcov_zones *z, size_t i)
{
    return z->geoms[i];
}

static int zones_index(adcov_ctx *ctx, adcov_zones *z)
{
    GEOSContextHandle_t h = adcov_ctx_geos(ctx);
    if (z->tree && z->indexed == z->n)
        return 0;
    if (z->tree)
        GEOSSTRtree_destroy_r(h, z->tree);
    free(z->ids);
    z->tree = GEOSSTRtree_create_r(h, 10);
    z->ids = adcov_malloc(z->n * sizeof *z->ids);
    if (!z->ids)
        return ADCOV_ZONES_NOMEM;
    if (!z->tree)
        return -1;
    for (size_t i = 0; i < z->n; i++) {
        z->ids[i] = i;
        GEOSSTRtree_insert_r(h, z->tree, z->geoms[i], &z->ids[i]);
    }
    z->indexed = z->n;
    return 0;
}

int adcov_zones_hit(adcov_ctx *ctx, adcov_zones *z, const GEOSGeometry *g)
{
    if (!z || !z->n)
        return 0;
    GEOSContextHandle_t h = adcov_ctx_geos(ctx);
    int indexed = zones_index(ctx, z);
    if (indexed)
        return indexed;
    z->hits.n = 0;
    GEOSSTRtree_query_r(h, z->tree, g, collect_part, &z->hits);
    if (z->hits.failed)
        return ADCOV_ZONES_NOMEM;
    for (size_t k = 0; k < z->hits.n; k++) {
        size_t i = z->hits.items[k];
        if (!z->prepared[i] && !(z->prepared[i] = GEOSPrepare_r(h, z->geoms[i])))
            return -1;
        char r = GEOSPreparedIntersects_r(h, z->prepared[i], g);
        if (r == 2)
            return -1;
        if (r)
            return 1;
    }
    return 0;
}

void adcov_zones_free(adcov_ctx *ctx, adcov_zones *z)
{
    if (!z)
        return;
    GEOSContextHandle_t h = adcov_ctx_geos(ctx);
    if (z->tree)
        GEOSSTRtree_destroy_r(h, z->tree);
    for (size_t i = 0; i < z->n; i++) {
        if (z->prepared[i])
            GEOSPreparedGeom_destroy_r(h, z->prepared[i]);
        GEOSGeom_destroy_r(h, z->geoms[i]);
    }
    free(z->geoms);
    free(z->prepared);
    free(z->ids);
    free(z->hits.items);
    free(z);
}
