/* street: walking windows along the stretches of the rule's road classes (SPEC §5). The windows are
 * counted by the check (check.c, window.c); this row says what a street rule takes. */
#include "method.h"

static const char *const needs[] = {"window_m", NULL};
static const char *const may[] = {NULL};

static const char *invalid(const adcov_rule *r, const char **why)
{
    if (!(adcov_rule_param(r, "window_m", ADCOV_DAILY) > 0) || !(adcov_rule_param(r, "window_m", ADCOV_INSPECTION) > 0))
        return *why = "must be above 0", "window_m";
    if (!r->classes)
        return *why = "missing", "classes";
    return NULL;
}

const adcov_method adcov_method_street = {
    .name = "street",
    .places = ADCOV_PLACES_STRETCHES,
    .keys = ADCOV_KEY_QUOTAS | ADCOV_KEY_CLASSES,
    .needs = needs,
    .may = may,
    .invalid = invalid,
};
