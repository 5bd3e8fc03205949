/* rulebook — reading the rules in force from YAML (§1): no threshold is a constant in code.
 *
 * Owns: parsing a rulebook file (shipped name or path), checking every key and number with
 * file:line:key errors (the keys each counting method takes come from methods/method.h), --set
 * overrides, --only selection, and printing the rulebook with its sources. The rules themselves are
 * rule.h's. The caller owns the adcov_rulebook (adcov_rulebook_free, NULL is a no-op).
 */
#ifndef ADCOV_RULEBOOK_H
#define ADCOV_RULEBOOK_H

#include <stdio.h>
#include "rule.h"

/* Loads a rulebook: name_or_path is a shipped name ("default") looked up in dir, or a path to
 * a .yaml file. Fails with file:line:key on any bad key, type or number; a name that is neither
 * fails naming `named_by` (where the name came from, e.g. "city.yaml:2:rulebook"; NULL: the name). */
adcov_status adcov_rulebook_load(adcov_ctx *ctx, const char *name_or_path, const char *dir, const char *named_by,
                                 adcov_rulebook **out);
/* The same from text held in memory, named name in messages. For tests and fuzzing. */
adcov_status adcov_rulebook_parse(adcov_ctx *ctx, const char *name, const char *text, adcov_rulebook **out);

/* Applies "rule.param=value" (or "param=value" for an analysis parameter). Both phases take
 * the value. Quota numbers are "rule.quotas.N.count" (N from 1). */
adcov_status adcov_rulebook_set(adcov_ctx *ctx, adcov_rulebook *rb, const char *assignment);
/* Keeps only the comma-separated rule ids in list; an unknown id fails. */
adcov_status adcov_rulebook_only(adcov_ctx *ctx, adcov_rulebook *rb, const char *list);

/* Prints the rulebook in force (numbers of phase, sources) as readable text. */
void adcov_rulebook_print(const adcov_rulebook *rb, adcov_phase phase, FILE *f);

#endif
