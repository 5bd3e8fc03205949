/* suggest — where to hang the posters a failing stretch lacks (§8 suggestions.geojson).
 *
 * Owns: the greedy walk that, window by window, adds a poster 10 m off the centre line for the first
 * quota still short, as far along as it can stand while still seen from that window, on a side where
 * no building hides it and no closer than min_separation_m to an ad it would merge with; then checks
 * the windows again, until every window passes. For one quota with k = 1 this is the classic
 * earliest-deadline cover and gives the fewest posters. The caller owns every array passed in and the
 * suggestions returned (free).
 */
#ifndef ADCOV_SUGGEST_H
#define ADCOV_SUGGEST_H

#include "result.h"
#include "vis.h"

typedef struct {
    const adcov_window_spec *spec;
    const adcov_rule *rule;
    const adcov_seen *seen;       /* the counting ads seen from the stretch, posters suggested before included */
    size_t nseen;
    /* 1 when a poster at (x, y) would stand closer than the separation to some ad or poster of the city,
     * seen from this stretch or not (it could merge with it where that one is counted) */
    int (*crowded)(void *user, double x, double y);
    void *user;
    const adcov_polyline *line;
    const adcov_vis *vis;         /* NULL: no buildings */
    const adcov_vis_params *vp;
    double offset_m;              /* how far off the centre line a poster stands */
    double view_m[ADCOV_MAX_QUOTAS]; /* view distance of the poster medium chosen for each quota */
    int medium[ADCOV_MAX_QUOTAS];    /* that medium (ADCOV_MEDIUM_*) */
} adcov_suggest_input;

/* Fills *out with the posters that make every window of the stretch pass. *unresolved is set when a
 * window could not be made to pass (no place for one more poster); the posters found so far are kept. */
adcov_status adcov_suggest(adcov_ctx *ctx, const adcov_suggest_input *in, adcov_suggestion **out, size_t *n,
                           int *unresolved);

#endif
