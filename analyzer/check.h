/* check — one run of the rules on a city: the pipeline. Read, group roads into streets (§5), see
 * (V(a) per stretch, geo/vis), count (the street rules' windows, the sites, walls and zones modules),
 * judge, place each failure and its duty unit, and account for every input feature.
 *
 * Owns: the run's order and its threads (buildings read, sight lines, zones and sites beside the street
 * rules). The caller owns the config, the rulebook and the result (result.h, adcov_result_free).
 */
#ifndef ADCOV_CHECK_H
#define ADCOV_CHECK_H

#include "config.h"
#include "result.h"

typedef void (*adcov_progress_fn)(void *user, const char *stage, size_t done, size_t total);

/* Runs every selected rule of rb on cfg's inputs. On failure the context holds the message and *out
 * is NULL; else the caller owns *out (adcov_result_free). */
adcov_status adcov_check(adcov_ctx *ctx, const adcov_config *cfg, const adcov_rulebook *rb, adcov_phase phase,
                         int lenient, adcov_progress_fn progress, void *user, adcov_result **out);

#endif
