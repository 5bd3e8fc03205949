/* The table of counting methods (SPEC §12): one row per file of this folder. */
#include "method.h"
#include "vocab.h"

#include <stdio.h>
#include <string.h>

extern const adcov_method adcov_method_street, adcov_method_seen_from_center, adcov_method_inside_or_near,
    adcov_method_near_point, adcov_method_gate_walk, adcov_method_hoarding, adcov_method_carrier;

static const adcov_method *const table[] = {&adcov_method_street,      &adcov_method_seen_from_center,
                                            &adcov_method_inside_or_near, &adcov_method_near_point,
                                            &adcov_method_gate_walk,   &adcov_method_hoarding,
                                            &adcov_method_carrier};
#define NMETHODS (sizeof table / sizeof *table)

const adcov_method *adcov_method_named(const char *word, const char **old_sites)
{
    *old_sites = NULL;
    for (size_t i = 0; word && i < NMETHODS; i++) {
        if (!strcmp(word, table[i]->name))
            return table[i];
        if (table[i]->old_name && !strcmp(word, table[i]->old_name)) {
            *old_sites = table[i]->old_sites;
            return table[i];
        }
    }
    return NULL;
}

const char *adcov_method_list(void)
{
    static char list[256];
    if (!*list)
        for (size_t i = 0; i < NMETHODS; i++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "", table[i]->name);
    return list;
}

const char *adcov_method_more_ads(const adcov_rule *r, double separation, const char *where, char *buf, size_t size)
{
    snprintf(buf, size, "%s增设%s公益广告，各处相距不少于%g米", where, r->media == ADCOV_MEDIA_FLAT ? "平面类" : "",
             separation);
    return buf;
}
