/* rulebook — the rules in force, read from YAML (§1): no threshold is a constant in code.
 *
 * Owns: parsing a rulebook file (shipped name or path), checking every key and number with
 * file:line:key errors, the per-phase numbers (daily 日常 / inspection 迎检), --set
 * overrides, --only selection, and printing the rulebook with its sources.
 * The caller owns the adcov_rulebook (adcov_rulebook_free, NULL is a no-op).
 */
#ifndef ADCOV_RULEBOOK_H
#define ADCOV_RULEBOOK_H

#include <stdio.h>
#include <stddef.h>
#include "ctx.h"

typedef enum { ADCOV_DAILY = 0, ADCOV_INSPECTION = 1 } adcov_phase;

/* Limits of one rulebook: an ad keeps which rules it counted for in a 32-bit set, and a window counts
 * at most 8 quotas. A rulebook beyond them is refused, never cut short. */
#define ADCOV_RULEBOOK_MAX_RULES 32
#define ADCOV_RULEBOOK_MAX_QUOTAS 8

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
} adcov_rule;

typedef struct {
    char *name, *title, *path;
    adcov_param *params; /* analysis parameters of §4/§5: facing_half_angle … */
    size_t nparams;
    adcov_rule *rules;
    size_t nrules;
} adcov_rulebook;

/* Loads a rulebook: name_or_path is a shipped name ("default") looked up in dir, or a path to
 * a .yaml file. Fails with file:line:key on any bad key, type or number; a name that is neither
 * fails naming `named_by` (where the name came from, e.g. "city.yaml:2:rulebook"; NULL: the name). */
adcov_status adcov_rulebook_load(adcov_ctx *ctx, const char *name_or_path, const char *dir, const char *named_by,
                                 adcov_rulebook **out);
/* The same from text held in memory, named name in messages. For tests and fuzzing. */
adcov_status adcov_rulebook_parse(adcov_ctx *ctx, const char *name, const char *text, adcov_rulebook **out);
void adcov_rulebook_free(adcov_rulebook *rb);

/* Applies "rule.param=value" (or "param=value" for an analysis parameter). Both phases take
 * the value. Quota numbers are "rule.quotas.N.count" (N from 1). */
adcov_status adcov_rulebook_set(adcov_ctx *ctx, adcov_rulebook *rb, const char *assignment);
/* Keeps only the comma-separated rule ids in list; an unknown id fails. */
adcov_status adcov_rulebook_only(adcov_ctx *ctx, adcov_rulebook *rb, const char *list);

/* Value of a rule's or the rulebook's parameter in a phase; NAN when absent. */
double adcov_rule_param(const adcov_rule *r, const char *name, adcov_phase phase);
double adcov_rulebook_param(const adcov_rulebook *rb, const char *name, adcov_phase phase);
/* The 处 distance of a rule (SPEC §4, §12): its own min_separation_m, else the rulebook's. */
double adcov_rule_separation(const adcov_rulebook *rb, const adcov_rule *r, adcov_phase phase);
/* 1 when rule checks sites of the (canonical) type word. */
int adcov_rule_takes_site(const adcov_rule *r, const char *type_word);

/* Prints the rulebook in force (numbers of phase, sources) as readable text. */
void adcov_rulebook_print(const adcov_rulebook *rb, adcov_phase phase, FILE *f);

#endif
