/* grid — a growing point index: points can be added after queries (a GEOS STRtree cannot).
 *
 * Owns: square cells of a fixed size in a hash table, each with the ids of its points. The caller
 * owns the grid (adcov_grid_free, NULL is a no-op) and what the ids stand for.
 */
#ifndef ADCOV_GRID_H
#define ADCOV_GRID_H

#include <stddef.h>
#include "ctx.h"

typedef struct adcov_grid adcov_grid;

adcov_grid *adcov_grid_new(double cell_m); /* NULL when out of memory */
void adcov_grid_free(adcov_grid *g);
/* 0, or -1 when out of memory. */
int adcov_grid_add(adcov_grid *g, double x, double y, size_t id);
/* Calls fn for every point whose cell meets the box (points a little outside it may come too). */
void adcov_grid_query(const adcov_grid *g, double xmin, double ymin, double xmax, double ymax,
                      void (*fn)(size_t id, void *user), void *user);

#endif
