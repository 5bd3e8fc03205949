/* duty — where each ad the rectification list names stands and which duty unit must act on it,
 * decided once by the check (the writers only write; SPEC §8).
 *
 * Owns: the stretch nearest such an ad (within ADCOV_DUTY_REACH_M), through an index of the
 * stretches' boxes. The caller owns the result, whose ads it sets (adcov_ad.near_stretch).
 */
#ifndef ADCOV_DUTY_H
#define ADCOV_DUTY_H

#include "result.h"

#define ADCOV_DUTY_REACH_M 100.0 /* an ad takes the duty unit of a street this near when it has none */

/* Sets near_stretch of every ad the rectification list names (an unknown value or a condition other
 * than good): the stretch nearest it within ADCOV_DUTY_REACH_M (ties: the first), else -1; -1 for
 * the other ads. Fails only when out of memory. */
adcov_status adcov_duty_place_ads(adcov_ctx *ctx, adcov_result *res);

/* The duty unit that must act on ad a: its own, else its nearest stretch's, else "". */
const char *adcov_duty_of_ad(const adcov_result *res, const adcov_ad *a);

#endif
