/* roads — what one road feature is to the rules: its street class (a config's commercial_names first,
 * then its class value through the source's vocabulary) and whether it names a street at all.
 *
 * Owns: nothing. The caller owns the config, the layer and the rulebook (borrowed for the call).
 */
#ifndef ADCOV_ROADS_H
#define ADCOV_ROADS_H

#include "config.h"
#include "layer.h"
#include "rule.h"

/* The street class (ADCOV_CLASS_*) of road feature i of l, or -1 when its class maps to none. */
int adcov_road_class(const adcov_config *cfg, adcov_layer *l, size_t i);
/* 1 when road feature i has neither a name nor a road_id: it is no street (§5). */
int adcov_road_unnamed(adcov_layer *l, size_t i);
/* 1 when some selected street rule of rb checks streets of class klass. */
int adcov_rules_check_class(const adcov_rulebook *rb, int klass);

#endif
