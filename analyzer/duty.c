#include "duty.h"
#include "boxes.h"
#include "vocab.h"

#include <math.h>
#include <stdlib.h>

typedef struct {
    const adcov_result *res;
    const adcov_ad *ad;
    long best;
    double best_d;
} nearest;

static void consider(size_t id, void *user)
{
    nearest *n = user;
    double d = adcov_polyline_distance(&n->res->stretches[id].s.line, n->ad->x, n->ad->y);
    if (d < n->best_d || (d == n->best_d && (n->best < 0 || (long)id < n->best))) {
        n->best_d = d;
        n->best = (long)id;
    }
}

/* The boxes of every stretch's line. */
static adcov_boxes *stretch_boxes(const adcov_result *res)
{
    double *xy = adcov_malloc((res->nstretches ? res->nstretches : 1) * 4 * sizeof *xy);
    for (size_t i = 0; xy && i < res->nstretches; i++) {
        const adcov_polyline *p = &res->stretches[i].s.line;
        double *b = &xy[4 * i];
        b[0] = b[2] = p->x[0], b[1] = b[3] = p->y[0];
        for (size_t k = 1; k < p->n; k++)
            b[0] = fmin(b[0], p->x[k]), b[1] = fmin(b[1], p->y[k]), b[2] = fmax(b[2], p->x[k]), b[3] = fmax(b[3], p->y[k]);
    }
    adcov_boxes *boxes = xy ? adcov_boxes_new(xy, res->nstretches) : NULL;
    free(xy);
    return boxes;
}

adcov_status adcov_duty_place_ads(adcov_ctx *ctx, adcov_result *res)
{
    adcov_boxes *boxes = NULL;
    for (size_t i = 0; i < res->nads; i++) {
        adcov_ad *a = &res->ads[i];
        a->near_stretch = -1;
        if (!a->bad && a->condition == ADCOV_COND_GOOD)
            continue;
        if (!boxes && !(boxes = stretch_boxes(res)))
            return adcov_fail(ctx, ADCOV_ENOMEM, "duty units: out of memory");
        nearest n = {res, a, -1, ADCOV_DUTY_REACH_M};
        adcov_boxes_query(boxes, a->x - ADCOV_DUTY_REACH_M, a->y - ADCOV_DUTY_REACH_M, a->x + ADCOV_DUTY_REACH_M,
                          a->y + ADCOV_DUTY_REACH_M, consider, &n);
        a->near_stretch = n.best;
    }
    adcov_boxes_free(boxes);
    return ADCOV_OK;
}

const char *adcov_duty_of_ad(const adcov_result *res, const adcov_ad *a)
{
    if (*a->duty)
        return a->duty;
    return a->near_stretch >= 0 ? res->stretches[a->near_stretch].duty : "";
}
