#include "boxes.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "ctx.h"

#define NODE 16      /* children per node */
#define MAX_LEVELS 24 /* 16^17 > SIZE_MAX */

struct adcov_boxes {
    size_t nlevels;
    size_t start[MAX_LEVELS], count[MAX_LEVELS]; /* level k: entries start[k] .. start[k] + count[k] */
    double *box; /* 4 doubles per entry, the leaves (level 0) first; entry j of level k+1 covers
                  * entries j*NODE .. j*NODE + NODE - 1 of level k */
    size_t *ids; /* the caller's id of each leaf */
};

/* Distance along the Hilbert curve filling 65,536 x 65,536 cells of the cell (x, y). */
static uint64_t hilbert(uint32_t x, uint32_t y)
{
    const uint32_t n = 1u << 16;
    uint64_t d = 0;
    for (uint32_t s = n / 2; s > 0; s /= 2) {
        uint32_t rx = (x & s) > 0, ry = (y & s) > 0;
        d += (uint64_t)s * s * ((3 * rx) ^ ry);
        if (ry == 0) {
            if (rx == 1) {
                x = n - 1 - x;
                y = n - 1 - y;
            }
            uint32_t t = x;
            x = y;
            y = t;
        }
    }
    return d;
}

typedef struct {
    uint64_t h;
    size_t id;
} keyed;

static int by_key(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->h != y->h)
        return x->h < y->h ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* The boxes' ids in Hilbert order of their centres; NULL when out of memory. */
static keyed *hilbert_order(const double *xy, size_t n)
{
    keyed *k = adcov_malloc(n * sizeof *k);
    if (!k)
        return NULL;
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        double cx = (xy[4 * i] + xy[4 * i + 2]) / 2, cy = (xy[4 * i + 1] + xy[4 * i + 3]) / 2;
        x0 = fmin(x0, cx), y0 = fmin(y0, cy), x1 = fmax(x1, cx), y1 = fmax(y1, cy);
    }
    double sx = x1 > x0 ? 65535 / (x1 - x0) : 0, sy = y1 > y0 ? 65535 / (y1 - y0) : 0;
    for (size_t i = 0; i < n; i++) {
        double cx = (xy[4 * i] + xy[4 * i + 2]) / 2, cy = (xy[4 * i + 1] + xy[4 * i + 3]) / 2;
        k[i] = (keyed){hilbert((uint32_t)((cx - x0) * sx), (uint32_t)((cy - y0) * sy)), i};
    }
    qsort(k, n, sizeof *k, by_key);
    return k;
}

/* Entry j of level k+1: the union of its children on level k. */
static void cover(adcov_boxes *b, size_t k, size_t j)
{
    double *out = b->box + 4 * (b->start[k + 1] + j);
    out[0] = out[1] = INFINITY;
    out[2] = out[3] = -INFINITY;
    size_t end = (j + 1) * NODE < b->count[k] ? (j + 1) * NODE : b->count[k];
    for (size_t c = j * NODE; c < end; c++) {
        const double *in = b->box + 4 * (b->start[k] + c);
        out[0] = fmin(out[0], in[0]), out[1] = fmin(out[1], in[1]);
        out[2] = fmax(out[2], in[2]), out[3] = fmax(out[3], in[3]);
    }
}

adcov_boxes *adcov_boxes_new(const double *xy, size_t n)
{
    adcov_boxes *b = adcov_calloc(1, sizeof *b);
    if (!b || n == 0)
        return b;
    size_t total = 0;
    for (size_t c = n;; c = (c + NODE - 1) / NODE) {
        b->start[b->nlevels] = total;
        b->count[b->nlevels++] = c;
        total += c;
        if (c == 1)
            break;
    }
    keyed *order = hilbert_order(xy, n);
    b->box = adcov_malloc(4 * total * sizeof *b->box);
    b->ids = adcov_malloc(n * sizeof *b->ids);
    if (!order || !b->box || !b->ids) {
        free(order);
        adcov_boxes_free(b);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        b->ids[i] = order[i].id;
        for (int c = 0; c < 4; c++)
            b->box[4 * i + c] = xy[4 * order[i].id + c];
    }
    free(order);
    for (size_t k = 0; k + 1 < b->nlevels; k++)
        for (size_t j = 0; j < b->count[k + 1]; j++)
            cover(b, k, j);
    return b;
}

void adcov_boxes_free(adcov_boxes *b)
{
    if (!b)
        return;
    free(b->box);
    free(b->ids);
    free(b);
}

static int meets(const double *e, double xmin, double ymin, double xmax, double ymax)
{
    return e[0] <= xmax && e[2] >= xmin && e[1] <= ymax && e[3] >= ymin;
}

void adcov_boxes_query(const adcov_boxes *b, double xmin, double ymin, double xmax, double ymax,
                       void (*fn)(size_t id, void *user), void *user)
{
    if (!b || b->nlevels == 0)
        return;
    typedef struct {
        size_t level, entry;
    } node;
    node stack[NODE * MAX_LEVELS];
    size_t top = 0, root = b->nlevels - 1;
    if (meets(b->box + 4 * b->start[root], xmin, ymin, xmax, ymax))
        stack[top++] = (node){root, 0};
    while (top) {
        size_t k = stack[--top].level, j = stack[top].entry;
        if (k == 0) {
            fn(b->ids[j], user);
            continue;
        }
        size_t end = (j + 1) * NODE < b->count[k - 1] ? (j + 1) * NODE : b->count[k - 1];
        for (size_t c = j * NODE; c < end; c++)
            if (meets(b->box + 4 * (b->start[k - 1] + c), xmin, ymin, xmax, ymax))
                stack[top++] = (node){k - 1, c};
    }
}
