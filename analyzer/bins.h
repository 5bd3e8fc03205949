/* bins — items with boxes (stretches, zones, sites) by the cells of a grid over the city that their
 * boxes meet: which of them may meet a map, found without looking at every one.
 *
 * Owns: the adcov_bins (adcov_bins_free, NULL is a no-op) and each answer's bit set (the caller frees it).
 */
#ifndef ADCOV_BINS_H
#define ADCOV_BINS_H

#include <stddef.h>
#include <stdint.h>

typedef struct adcov_bins adcov_bins;

/* The n boxes box[i] = xmin, ymin, xmax, ymax over the city's box (at most 128 x 128 cells, at least
 * 100 m); NULL when out of memory. An empty box (xmin > xmax) meets no cell. */
adcov_bins *adcov_bins_new(const double city[4], const double (*box)[4], size_t n);
void adcov_bins_free(adcov_bins *bn);
/* One bit per item: set for those in a cell that b meets (NULL when out of memory; free it). */
uint64_t *adcov_bins_query(const adcov_bins *bn, const double b[4]);
/* Bit i of bits. */
int adcov_bit(const uint64_t *bits, size_t i);
/* The first set bit at or after i (i <= n), or n when none: bits holds n / 64 + 1 words, none set from n on. */
size_t adcov_next_bit(const uint64_t *bits, size_t n, size_t i);

#endif
