/* accounting — what became of every input feature (SPEC §8, accounting.csv): each road, ad, building,
 * site, stop, hoarding, carrier, gate, inspection point and zone, and each table row that was no feature,
 * with its status (checked, counted, excluded, dual, merged, not_checked, skipped …) and the reason.
 *
 * Owns: the rows it appends to res->accounts. It reads the layers of the roles no rule evaluates (they
 * are listed all the same). The caller owns the input (borrowed) and the result.
 */
#ifndef ADCOV_ACCOUNTING_H
#define ADCOV_ACCOUNTING_H

#include "config.h"
#include "layer.h"
#include "result.h"

typedef struct {
    const adcov_rulebook *rb;
    adcov_phase phase;
    const adcov_config *cfg;
    adcov_layer *const *layers;     /* per role (ADCOV_ROLE_COUNT), NULL when not given */
    const size_t *source_base;      /* per role: where its sources begin in res->sources */
    GEOSGeometry *const *repaired;  /* per building: its repaired footprint, or NULL (NULL: none repaired) */
    char *const *repair_reason;     /* per building: why it was invalid, or NULL (NULL: none) */
} adcov_accounting_input;

/* Appends every row, after the check has judged everything. Fails only when out of memory or when an
 * unevaluated role cannot be read. */
adcov_status adcov_account_all(adcov_ctx *ctx, const adcov_accounting_input *in, adcov_result *res);

#endif
