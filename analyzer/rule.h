/* rule — the rules in force, as the check and every writer read them: a rule's counting method, its
 * sites, quotas and numbers per phase (daily 日常 / inspection 迎检), and the rulebook that holds them.
 *
 * Owns: nothing beyond what adcov_rulebook_free releases; a rulebook is made by rulebook.h's reader.
 * Looked-up values are copies; strings are the rulebook's.
 */
#ifndef ADCOV_RULE_H
#define ADCOV_RULE_H

#include <stddef.h>
#include "ctx.h"

typedef enum { ADCOV_DAILY = 0, ADCOV_INSPECTION = 1 } adcov_phase;

/* Limits of one rulebook: an ad keeps which rules it counted for in a 32-bit set, and a window counts
 * at most 8 quotas. A rulebook beyond them is refused, never cut short. */
#define ADCOV_RULEBOOK_MAX_RULES 32
#define ADCOV_RULEBOOK_MAX_QUOTAS 8

/* What a method judges; the check hands each kind of place to the module that knows it. */
typedef enum {
    ADCOV_PLACES_STRETCHES, /* the street rules' walking windows (check, window) */
    ADCOV_PLACES_SITES,     /* one site at a time (sites): the method's judge */
    ADCOV_PLACES_HOARDINGS, /* walls */
    ADCOV_PLACES_CARRIERS   /* walls */
} adcov_place_kind;

/* How a rule counts (SPEC §12): a row of the methods table (methods/method.h), static. */
typedef struct adcov_method adcov_method;

/* A number with a value per phase. */
typedef struct {
    char *name;
    double v[2];
} adcov_param;

typedef struct {
    double count[2];   /* k 处 per phase */
    char **themes;     /* normalised; any one matches; NULL/0: any theme */
    size_t nthemes;
    unsigned media;    /* media that count for this quota (bit per ADCOV_MEDIUM_*) */
    char *label;       /* words for the shortfall ("讲文明树新风") */
} adcov_quota;

typedef struct {
    char *id;
    const adcov_method *method; /* its `type` */
    adcov_place_kind places;    /* what its method judges (the method's, copied by the reader) */
    char *title;
    char *source, *edition, *level;
    int verified;
    unsigned classes;  /* street rules: road classes (bit per ADCOV_CLASS_*) */
    int fixed_windows; /* street rules: windows: fixed */
    unsigned media;    /* media that count (bit per ADCOV_MEDIUM_*) */
    adcov_quota *quotas;
    size_t nquotas;
    adcov_param *params; /* window_m, radius_m, share … */
    size_t nparams;
    char **sites;      /* site methods: the site types it checks, normalised canonical words */
    size_t nsites;
    int line;          /* where the rule's sites: (else the rule) begins in the rulebook file */
    int selected;      /* 1 unless --only leaves it out */
    /* the mock inspection (§13): the rulebook's sampling gives it draws places a draw, of this weight */
    int sampled;       /* 1 when the sampling section names it (else it is not drawn) */
    size_t draws;
    double weight;
    int sampling_verified; /* the numbers were read in a primary text */
} adcov_rule;

typedef struct {
    char *name, *title, *path;
    adcov_param *params; /* analysis parameters of §4/§5: facing_half_angle … */
    size_t nparams;
    adcov_rule *rules;
    size_t nrules;
} adcov_rulebook;

void adcov_rulebook_free(adcov_rulebook *rb);

/* Value of a rule's or the rulebook's parameter in a phase; NAN when absent. */
double adcov_rule_param(const adcov_rule *r, const char *name, adcov_phase phase);
double adcov_rulebook_param(const adcov_rulebook *rb, const char *name, adcov_phase phase);
/* The 处 distance of a rule (SPEC §4, §12): its own min_separation_m, else the rulebook's. */
double adcov_rule_separation(const adcov_rulebook *rb, const adcov_rule *r, adcov_phase phase);
/* 1 when rule checks sites of the (canonical) type word. */
int adcov_rule_takes_site(const adcov_rule *r, const char *type_word);

#endif
