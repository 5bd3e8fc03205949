/* rectify — the rectification list (整改清单): what each duty unit has to do.
 *
 * Owns: one row per thing to act on (an ad not in good condition or of an unknown value, a gap of a
 * street, a failing site), its duty unit, place and action; rectification.csv (UTF-8 with BOM) and
 * rectification.xlsx with one sheet per duty unit (libxlsxwriter), each written atomically. Where an ad
 * stands and whose it is were decided by the check (duty.h): an ad without a duty unit of its own takes
 * that of the nearest street within 100 m, else 未指定. It only writes. The caller owns the result and
 * rulebook (borrowed).
 */
#ifndef ADCOV_RECTIFY_H
#define ADCOV_RECTIFY_H

#include "result.h"

/* english: vocabulary words (conditions …) in English (--lang en), else in Chinese. */
adcov_status adcov_rectify_write(adcov_ctx *ctx, const adcov_result *res, const adcov_rulebook *rb, adcov_phase phase,
                                 int english, const char *dir);

#endif
