#include "areas.h"
#include "boxes.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#define EDGES_PER_BAND 4 /* a polygon of n edges is cut into about n / 4 bands */
#define MAX_BANDS 4096

typedef struct {
    double box[4];      /* xmin, ymin, xmax, ymax */
    size_t edge0, nedge; /* its edges: edge[edge0 .. edge0 + nedge) */
    size_t band0, nband; /* its bands: band_start[band0 .. band0 + nband) and the next entry */
    double band_h;
} poly;

struct adcov_areas {
    double (*edge)[4]; /* x0, y0, x1, y1 */
    size_t nedge, capedge;
    poly *poly;
    size_t npoly, cappoly;
    size_t *band_start; /* per band of every polygon: where its edges begin in band_edge (and one more
                         * entry, the end of the last band) */
    uint32_t *band_edge; /* edges crossing each band, numbered within their polygon */
    adcov_boxes *index;  /* the polygons' boxes */
};

static size_t band_of(const poly *p, double y)
{
    double b = floor((y - p->box[1]) / p->band_h);
    return b <= 0 ? 0 : b >= (double)(p->nband - 1) ? p->nband - 1 : (size_t)b;
}

static int add_ring(adcov_areas *a, GEOSContextHandle_t h, const GEOSGeometry *ring, poly *p)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, ring);
    unsigned n = 0;
    if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &n))
        return -1;
    double px = 0, py = 0;
    for (unsigned i = 0; i < n; i++) {
        double x, y;
        if (!GEOSCoordSeq_getXY_r(h, cs, i, &x, &y))
            return -1;
        p->box[0] = fmin(p->box[0], x), p->box[1] = fmin(p->box[1], y);
        p->box[2] = fmax(p->box[2], x), p->box[3] = fmax(p->box[3], y);
        if (i) {
            if (adcov_grow((void **)&a->edge, &a->capedge, a->nedge + 1, sizeof *a->edge))
                return -2;
            double *e = a->edge[a->nedge++];
            e[0] = px, e[1] = py, e[2] = x, e[3] = y;
        }
        px = x, py = y;
    }
    return 0;
}

/* One Polygon: its rings' edges; 0, -1 (GEOS failed) or -2 (out of memory). */
static int add_polygon(adcov_areas *a, GEOSContextHandle_t h, const GEOSGeometry *g)
{
    if (adcov_grow((void **)&a->poly, &a->cappoly, a->npoly + 1, sizeof *a->poly))
        return -2;
    poly *p = &a->poly[a->npoly];
    *p = (poly){.box = {INFINITY, INFINITY, -INFINITY, -INFINITY}, .edge0 = a->nedge};
    const GEOSGeometry *shell = GEOSGetExteriorRing_r(h, g);
    int rc = shell ? add_ring(a, h, shell, p) : -1;
    int holes = GEOSGetNumInteriorRings_r(h, g);
    for (int i = 0; !rc && i < holes; i++) {
        const GEOSGeometry *hole = GEOSGetInteriorRingN_r(h, g, i);
        rc = hole ? add_ring(a, h, hole, p) : -1;
    }
    p->nedge = a->nedge - p->edge0;
    if (!rc && p->nedge > UINT32_MAX) /* edges are numbered within their polygon in 32 bits */
        rc = -2;
    if (!rc && p->nedge)
        a->npoly++;
    return rc;
}

/* The bands [*b0, *b1] of polygon p that edge e meets. */
static void bands_of(const poly *p, const double *e, size_t *b0, size_t *b1)
{
    *b0 = band_of(p, fmin(e[1], e[3]));
    *b1 = band_of(p, fmax(e[1], e[3]));
}

/* Cuts every polygon into bands and lists the edges meeting each: counted, summed, then filled. */
static int make_bands(adcov_areas *a)
{
    size_t nbands = 0;
    for (size_t i = 0; i < a->npoly; i++) {
        poly *p = &a->poly[i];
        size_t nb = p->nedge / EDGES_PER_BAND;
        p->nband = nb < 1 ? 1 : nb > MAX_BANDS ? MAX_BANDS : nb;
        p->band_h = p->box[3] > p->box[1] ? (p->box[3] - p->box[1]) / (double)p->nband : 1;
        p->band0 = nbands;
        nbands += p->nband;
    }
    if (!(a->band_start = adcov_calloc(nbands + 1, sizeof *a->band_start)))
        return -2;
    for (size_t i = 0; i < a->npoly; i++)
        for (size_t k = 0; k < a->poly[i].nedge; k++) {
            size_t b0, b1;
            bands_of(&a->poly[i], a->edge[a->poly[i].edge0 + k], &b0, &b1);
            for (size_t b = b0; b <= b1; b++)
                a->band_start[a->poly[i].band0 + b + 1]++;
        }
    for (size_t g = 0; g < nbands; g++)
        a->band_start[g + 1] += a->band_start[g];
    size_t *cursor = adcov_malloc((nbands ? nbands : 1) * sizeof *cursor);
    a->band_edge = adcov_malloc((a->band_start[nbands] ? a->band_start[nbands] : 1) * sizeof *a->band_edge);
    if (!cursor || !a->band_edge) {
        free(cursor);
        return -2;
    }
    for (size_t g = 0; g < nbands; g++)
        cursor[g] = a->band_start[g];
    for (size_t i = 0; i < a->npoly; i++)
        for (size_t k = 0; k < a->poly[i].nedge; k++) {
            size_t b0, b1;
            bands_of(&a->poly[i], a->edge[a->poly[i].edge0 + k], &b0, &b1);
            for (size_t b = b0; b <= b1; b++)
                a->band_edge[cursor[a->poly[i].band0 + b]++] = (uint32_t)k;
        }
    free(cursor);
    return 0;
}

adcov_status adcov_areas_new(adcov_ctx *ctx, const GEOSGeometry *const *geoms, size_t n, adcov_areas **out)
{
    GEOSContextHandle_t h = adcov_ctx_geos(ctx);
    adcov_areas *a = *out = adcov_calloc(1, sizeof *a);
    int rc = a ? 0 : -2;
    for (size_t i = 0; !rc && i < n; i++) {
        int type = geoms[i] ? GEOSGeomTypeId_r(h, geoms[i]) : -1;
        if (type == GEOS_POLYGON)
            rc = add_polygon(a, h, geoms[i]);
        for (int k = 0; !rc && type == GEOS_MULTIPOLYGON && k < GEOSGetNumGeometries_r(h, geoms[i]); k++)
            rc = add_polygon(a, h, GEOSGetGeometryN_r(h, geoms[i], k));
    }
    if (!rc)
        rc = make_bands(a);
    double *boxes = rc ? NULL : adcov_malloc((a->npoly ? a->npoly : 1) * 4 * sizeof *boxes);
    for (size_t i = 0; boxes && i < a->npoly; i++)
        for (int c = 0; c < 4; c++)
            boxes[4 * i + c] = a->poly[i].box[c];
    if (!rc && !(boxes && (a->index = adcov_boxes_new(boxes, a->npoly))))
        rc = -2;
    free(boxes);
    if (!rc)
        return ADCOV_OK;
    adcov_areas_free(a);
    *out = NULL;
    if (rc == -2)
        return adcov_fail(ctx, ADCOV_ENOMEM, "zones: out of memory");
    return adcov_fail(ctx, ADCOV_EGEOS, "zones: cannot read a zone's rings (%s)", adcov_geos_message(ctx));
}

void adcov_areas_free(adcov_areas *a)
{
    if (!a)
        return;
    free(a->edge);
    free(a->poly);
    free(a->band_start);
    free(a->band_edge);
    adcov_boxes_free(a->index);
    free(a);
}

/* 1 when (x, y) lies in polygon p: on an edge of its band, or inside an odd number of its rings. */
static int in_polygon(const adcov_areas *a, const poly *p, double x, double y)
{
    size_t g = p->band0 + band_of(p, y);
    int inside = 0;
    for (size_t k = a->band_start[g]; k < a->band_start[g + 1]; k++) {
        const double *e = a->edge[p->edge0 + a->band_edge[k]];
        double x0 = e[0], y0 = e[1], x1 = e[2], y1 = e[3];
        if (y < fmin(y0, y1) || y > fmax(y0, y1))
            continue;
        if (x >= fmin(x0, x1) && x <= fmax(x0, x1) && (x1 - x0) * (y - y0) == (y1 - y0) * (x - x0))
            return 1; /* on the ring */
        if ((y0 > y) != (y1 > y) && x < x0 + (y - y0) * (x1 - x0) / (y1 - y0))
            inside ^= 1;
    }
    return inside;
}

typedef struct {
    const adcov_areas *a;
    double x, y;
    int hit;
} question;

static void ask(size_t id, void *user)
{
    question *q = user;
    if (!q->hit)
        q->hit = in_polygon(q->a, &q->a->poly[id], q->x, q->y);
}

int adcov_areas_hit(const adcov_areas *a, double x, double y)
{
    if (!a || !a->npoly)
        return 0;
    question q = {a, x, y, 0};
    adcov_boxes_query(a->index, x, y, x, y, ask, &q);
    return q.hit;
}
