#include "grid.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

typedef struct {
    int64_t ix, iy;
    size_t *ids;
    size_t n, cap;
    int used;
} cell;

struct adcov_grid {
    double size;
    cell *cells;
    size_t ncells, cap; /* cap: a power of two */
};

adcov_grid *adcov_grid_new(double cell_m)
{
    adcov_grid *g = adcov_calloc(1, sizeof *g);
    if (g && !(g->cells = adcov_calloc(64, sizeof *g->cells))) {
        free(g);
        return NULL;
    }
    if (g) {
        g->size = cell_m;
        g->cap = 64;
    }
    return g;
}

void adcov_grid_free(adcov_grid *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->cap; i++)
        free(g->cells[i].ids);
    free(g->cells);
    free(g);
}

static size_t slot_of(int64_t ix, int64_t iy, size_t cap)
{
    uint64_t h = (uint64_t)ix * 0x9E3779B97F4A7C15ull ^ (uint64_t)iy * 0xC2B2AE3D27D4EB4Full;
    return (size_t)(h ^ (h >> 29)) & (cap - 1);
}

static cell *find(const adcov_grid *g, int64_t ix, int64_t iy)
{
    size_t s = slot_of(ix, iy, g->cap);
    while (g->cells[s].used && (g->cells[s].ix != ix || g->cells[s].iy != iy))
        s = (s + 1) & (g->cap - 1);
    return &g->cells[s];
}

static int rehash(adcov_grid *g)
{
    adcov_grid bigger = {.size = g->size, .cap = g->cap * 2, .ncells = g->ncells};
    if (!(bigger.cells = adcov_calloc(bigger.cap, sizeof *bigger.cells)))
        return -1;
    for (size_t i = 0; i < g->cap; i++)
        if (g->cells[i].used)
            *find(&bigger, g->cells[i].ix, g->cells[i].iy) = g->cells[i];
    free(g->cells);
    *g = bigger;
    return 0;
}

int adcov_grid_add(adcov_grid *g, double x, double y, size_t id)
{
    if (2 * (g->ncells + 1) > g->cap && rehash(g))
        return -1;
    int64_t ix = (int64_t)floor(x / g->size), iy = (int64_t)floor(y / g->size);
    cell *c = find(g, ix, iy);
    if (!c->used) {
        *c = (cell){.ix = ix, .iy = iy, .used = 1};
        g->ncells++;
    }
    if (adcov_grow((void **)&c->ids, &c->cap, c->n + 1, sizeof *c->ids))
        return -1;
    c->ids[c->n++] = id;
    return 0;
}

void adcov_grid_query(const adcov_grid *g, double xmin, double ymin, double xmax, double ymax,
                      void (*fn)(size_t id, void *user), void *user)
{
    int64_t x0 = (int64_t)floor(xmin / g->size), x1 = (int64_t)floor(xmax / g->size);
    int64_t y0 = (int64_t)floor(ymin / g->size), y1 = (int64_t)floor(ymax / g->size);
    for (int64_t ix = x0; ix <= x1; ix++)
        for (int64_t iy = y0; iy <= y1; iy++) {
            const cell *c = find(g, ix, iy);
            for (size_t k = 0; c->used && k < c->n; k++)
                fn(c->ids[k], user);
        }
}
