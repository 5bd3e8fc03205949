/* boxes — a fixed set of boxes, indexed once, then asked which of them meet a box.
 *
 * Owns: the boxes sorted along a Hilbert curve and packed into a tree of 16-wide nodes. After
 * adcov_boxes_new nothing in it changes: any number of threads may query it at once (a GEOS STRtree
 * needs a GEOS context per query and builds itself at the first one). Points are boxes of no size.
 * The caller owns the adcov_boxes (adcov_boxes_free, NULL is a no-op) and what the ids stand for.
 */
#ifndef ADCOV_BOXES_H
#define ADCOV_BOXES_H

#include <stddef.h>

typedef struct adcov_boxes adcov_boxes;

/* Indexes n boxes, box i being xy[4i..4i+3] = xmin, ymin, xmax, ymax; its id is i. NULL when out of
 * memory. */
adcov_boxes *adcov_boxes_new(const double *xy, size_t n);
void adcov_boxes_free(adcov_boxes *b);

/* Calls fn(id, user) for every box that meets [xmin, xmax] x [ymin, ymax] (edges included), each once,
 * in an order fixed by the boxes alone. */
void adcov_boxes_query(const adcov_boxes *b, double xmin, double ymin, double xmax, double ymax,
                       void (*fn)(size_t id, void *user), void *user);

#endif
