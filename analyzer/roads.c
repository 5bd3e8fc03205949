#include "roads.h"
#include "vocab.h"

#include <string.h>

/* A road's class: 商业大街 when any roads source names it under commercial_names (a street is one street
 * whichever file holds its pieces), else its value through its own source's classes. */
int adcov_road_class(const adcov_config *cfg, adcov_layer *l, size_t i)
{
    char buf[ADCOV_WORD_MAX];
    const char *name = adcov_normalize_buf(adcov_layer_value(l, i, ADCOV_ROAD_NAME), buf, sizeof buf);
    const adcov_input *in;
    for (size_t s = 0; name && *name && (in = adcov_config_source(cfg, ADCOV_ROLE_ROADS, s)); s++)
        for (size_t k = 0; k < in->ncommercial; k++)
            if (!strcmp(name, in->commercial_names[k]))
                return ADCOV_CLASS_COMMERCIAL;
    in = adcov_config_source(cfg, ADCOV_ROLE_ROADS, adcov_layer_source(l, i));
    return adcov_vocab_lookup(in->vocab[ADCOV_VOCAB_CLASS], adcov_layer_value(l, i, ADCOV_ROAD_CLASS));
}

/* A feature with neither a name nor a road_id is no street (§5): a junction link, a ramp, a service piece. */
int adcov_road_unnamed(adcov_layer *l, size_t i)
{
    char buf[ADCOV_WORD_MAX], buf2[ADCOV_WORD_MAX];
    const char *name = adcov_normalize_buf(adcov_layer_value(l, i, ADCOV_ROAD_NAME), buf, sizeof buf);
    const char *rid = adcov_normalize_buf(adcov_layer_value(l, i, ADCOV_ROAD_ID), buf2, sizeof buf2);
    return (!name || !*name) && (!rid || !*rid);
}

int adcov_rules_check_class(const adcov_rulebook *rb, int klass)
{
    for (size_t i = 0; i < rb->nrules; i++)
        if (rb->rules[i].selected && rb->rules[i].places == ADCOV_PLACES_STRETCHES && (rb->rules[i].classes & (1u << klass)))
            return 1;
    return 0;
}
