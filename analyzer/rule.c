#include "rule.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void free_params(adcov_param *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(p[i].name);
    free(p);
}

static void free_rule(adcov_rule *r)
{
    free(r->id);
    free(r->title);
    free(r->source);
    free(r->edition);
    free(r->level);
    for (size_t q = 0; q < r->nquotas; q++) {
        for (size_t t = 0; t < r->quotas[q].nthemes; t++)
            free(r->quotas[q].themes[t]);
        free(r->quotas[q].themes);
        free(r->quotas[q].label);
    }
    free(r->quotas);
    free_params(r->params, r->nparams);
    for (size_t i = 0; i < r->nsites; i++)
        free(r->sites[i]);
    free(r->sites);
}

void adcov_rulebook_free(adcov_rulebook *rb)
{
    if (!rb)
        return;
    for (size_t i = 0; i < rb->nrules; i++)
        free_rule(&rb->rules[i]);
    free(rb->rules);
    free_params(rb->params, rb->nparams);
    free(rb->name);
    free(rb->title);
    free(rb->path);
    free(rb);
}

static double find_param(const adcov_param *p, size_t n, const char *name, adcov_phase phase)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(p[i].name, name))
            return p[i].v[phase];
    return NAN;
}

double adcov_rule_param(const adcov_rule *r, const char *name, adcov_phase phase)
{
    return find_param(r->params, r->nparams, name, phase);
}

double adcov_rulebook_param(const adcov_rulebook *rb, const char *name, adcov_phase phase)
{
    return find_param(rb->params, rb->nparams, name, phase);
}

double adcov_rule_separation(const adcov_rulebook *rb, const adcov_rule *r, adcov_phase phase)
{
    double own = adcov_rule_param(r, "min_separation_m", phase);
    return isnan(own) ? adcov_rulebook_param(rb, "min_separation_m", phase) : own;
}

int adcov_rule_takes_site(const adcov_rule *r, const char *type_word)
{
    for (size_t i = 0; i < r->nsites; i++)
        if (!strcmp(r->sites[i], type_word))
            return 1;
    return 0;
}
