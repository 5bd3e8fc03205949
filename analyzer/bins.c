#include "bins.h"
#include "ctx.h"

#include <math.h>
#include <stdlib.h>

/* Items with boxes (stretches, zones, sites), by the cells of a grid over the city their boxes meet:
 * which of them may meet a map, found without looking at every one. */
struct adcov_bins {
    double x0, y0, cell;
    size_t nx, ny, n;  /* cells across and down; items */
    size_t *start;     /* the items of cell c are items[start[c] .. start[c + 1]) */
    size_t *items;
};

/* The cells b's box meets: [c[0], c[2]] across, [c[1], c[3]] down; 0 when it meets none. */
static int cells_of(const adcov_bins *bn, const double b[4], size_t c[4])
{
    if (!(b[0] <= b[2]) || !(b[1] <= b[3]))
        return 0;
    for (int k = 0; k < 4; k++) {
        double v = floor(((k & 1 ? b[k] - bn->y0 : b[k] - bn->x0)) / bn->cell);
        double hi = (double)((k & 1 ? bn->ny : bn->nx) - 1);
        c[k] = (size_t)fmin(fmax(v, 0), hi);
    }
    return 1;
}

adcov_bins *adcov_bins_new(const double city[4], const double (*box)[4], size_t n)
{
    adcov_bins *bn = adcov_calloc(1, sizeof *bn);
    if (!bn)
        return NULL;
    double w = city[2] - city[0], h = city[3] - city[1];
    bn->cell = fmax(100, fmax(w, h) / 128); /* at most 128 x 128 cells, at least 100 m */
    bn->x0 = city[0], bn->y0 = city[1], bn->n = n;
    bn->nx = (size_t)(w / bn->cell) + 1, bn->ny = (size_t)(h / bn->cell) + 1;
    bn->start = adcov_calloc(bn->nx * bn->ny + 1, sizeof *bn->start);
    size_t total = 0, c[4];
    for (int pass = 0; bn->start && pass < 2; pass++) { /* count, then place */
        if (pass && !(bn->items = adcov_malloc((total ? total : 1) * sizeof *bn->items)))
            break;
        for (size_t i = 0; i < n; i++) {
            if (!cells_of(bn, box[i], c))
                continue;
            for (size_t y = c[1]; y <= c[3]; y++)
                for (size_t x = c[0]; x <= c[2]; x++)
                    if (pass)
                        bn->items[bn->start[y * bn->nx + x]++] = i;
                    else
                        bn->start[y * bn->nx + x + 1]++, total++;
        }
        for (size_t k = 0; !pass && k < bn->nx * bn->ny; k++) /* counts to starts */
            bn->start[k + 1] += bn->start[k];
        for (size_t k = bn->nx * bn->ny; pass && k > 0; k--) /* placing moved each start to the next */
            bn->start[k] = bn->start[k - 1];
        if (pass)
            bn->start[0] = 0;
    }
    if (!bn->start || !bn->items) {
        free(bn->start);
        free(bn);
        return NULL;
    }
    return bn;
}

void adcov_bins_free(adcov_bins *bn)
{
    if (bn) {
        free(bn->start);
        free(bn->items);
        free(bn);
    }
}

/* One bit per item: set for those in a cell that b meets (NULL when out of memory). */
uint64_t *adcov_bins_query(const adcov_bins *bn, const double b[4])
{
    uint64_t *bits = adcov_calloc(bn->n / 64 + 1, sizeof *bits);
    size_t c[4];
    if (!bits || !cells_of(bn, b, c))
        return bits;
    for (size_t y = c[1]; y <= c[3]; y++)
        for (size_t k = bn->start[y * bn->nx + c[0]]; k < bn->start[y * bn->nx + c[2] + 1]; k++)
            bits[bn->items[k] / 64] |= (uint64_t)1 << (bn->items[k] % 64);
    return bits;
}

int adcov_bit(const uint64_t *bits, size_t i) { return (int)(bits[i / 64] >> (i % 64) & 1); }

/* The first set bit at or after i (i <= n), or n when none: bits holds n / 64 + 1 words, none set
 * from n on. */
size_t adcov_next_bit(const uint64_t *bits, size_t n, size_t i)
{
    for (size_t w = i / 64; w <= n / 64; w++) {
        uint64_t word = bits[w] & (w == i / 64 ? ~(uint64_t)0 << (i % 64) : ~(uint64_t)0);
        if (word)
            return w * 64 + (size_t)__builtin_ctzll(word);
    }
    return n;
}
