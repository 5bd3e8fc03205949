/* campaign — the loop between runs (SPEC §13): every failure's problem id, what changed since an
 * earlier run (--previous), the scores per 责任单位 and per district, and the mock inspection.
 *
 * A *problem* is one failure a crew can fix: a gap of a stretch for one rule, a failing site (stop,
 * hoarding, carrier class), or an ad to rectify. Its id stays the same from run to run while the
 * problem stays where it is: rule and site id for a site; rule, street, class and the chainage where
 * the gap began when it was first seen, for a gap (with --previous a gap that overlaps an earlier one
 * on its street inherits that one's id); "ad/" and the ad's id (and source, when the ads come from
 * several) for an ad.
 *
 * Owns: the adcov_campaign and everything in it (adcov_campaign_free, NULL is a no-op), and the files
 * it writes: run.json, problems.csv, changes.csv, scores.csv, simulation.csv. It borrows the result
 * and the rulebook, which must outlive it; the result holds it (res->campaign) so that every writer
 * finds the ids.
 */
#ifndef ADCOV_CAMPAIGN_H
#define ADCOV_CAMPAIGN_H

#include <stdint.h>
#include "result.h"

/* The format of run.json and problems.csv; an earlier folder of another format is refused. */
#define ADCOV_CAMPAIGN_FORMAT 1

typedef enum { ADCOV_PROBLEM_GAP, ADCOV_PROBLEM_SITE, ADCOV_PROBLEM_AD } adcov_problem_kind;
typedef enum { ADCOV_CHANGE_NEW, ADCOV_CHANGE_OPEN, ADCOV_CHANGE_FIXED } adcov_change_status;

typedef struct {
    char *id;                /* owned */
    adcov_problem_kind kind;
    size_t rule;             /* rulebook index; SIZE_MAX for an ad */
    size_t item, gap;        /* gap: index in res->results and its gap; site: in res->sites; ad: in res->ads */
    const char *street;      /* gaps: the street's name (the result's); else NULL */
    int klass;               /* gaps: ADCOV_CLASS_* */
    const char *duty;        /* the result's, "" when none */
    char *place;             /* owned: "中山路 K0+350–K0+910", a site's name and id, an ad's id and street */
    char *now;               /* owned: what is wrong (the shortfall, the ad's condition) */
    double from, to;         /* gaps: chainage on the stretch; else 0 */
    double x[3], y[3];       /* analysis CRS: a gap's start, middle (by chainage) and end; else its place, thrice */
    long district;           /* index in res->districts, -1 for none */
    int in_zone;
} adcov_problem;

/* One problem of the earlier run, as its problems.csv gives it. */
typedef struct {
    char *id, *kind, *rule, *street, *klass, *place, *chainage, *duty, *now;
    double length_m;
    double x[3], y[3];       /* start, middle, end: WGS 84 lon/lat as read; the analysis CRS once the campaign
                              * is built */
} adcov_old_problem;

/* A row of changes.csv: a problem of either run. */
typedef struct {
    adcov_change_status status;
    size_t now;              /* index in problems; SIZE_MAX when fixed */
    size_t before;           /* index in old; SIZE_MAX when new */
    size_t joined;           /* an earlier gap that is now part of a larger one: the problem it is part of
                              * (status open), else SIZE_MAX */
} adcov_change;

/* Progress of one 责任单位 since the earlier run. */
typedef struct {
    const char *duty;        /* borrowed, "" when none */
    size_t fixed, open, added;
} adcov_progress;

/* Per rule and one 责任单位 or district: places checked and passed (a stretch, a site). */
typedef struct {
    const char *unit;        /* the duty unit or district name (borrowed); "" when none */
    int district;            /* 1: a district, 0: a duty unit */
    size_t *checked, *passed; /* per rule of the rulebook (owned) */
    size_t places, places_passed; /* its places checked and passed, all rules together */
    double rate;             /* its 达标率: places_passed / places; NAN when no place of it was checked */
    size_t failures;         /* its gaps and failing sites (problems of the rules) */
    size_t ads;              /* its ads to rectify */
    size_t rank;             /* 1 = best 达标率 among its kind (equal rates share a rank) */
} adcov_score;

/* A problem whose fixing raises the expected score of the mock inspection. */
typedef struct {
    size_t problem;
    double gain;
} adcov_gain;

typedef struct {
    size_t draws;            /* N (0: no simulation) */
    uint64_t seed;
    double expected;         /* the exact expected score, 0..1 */
    double mean, p5, p95;    /* of the N draws */
    double *shares;          /* per draw, per drawn rule: passing places / places drawn (owned) */
    adcov_gain top[10];
    size_t ntop;
    size_t nrules;           /* rules drawn (in the rulebook's sampling, checked, with a place to draw) */
    size_t *rules;           /* their rulebook indices (owned) */
    double *rule_expected;   /* per drawn rule: the expected share of passing places */
} adcov_simulation;

typedef struct adcov_campaign {
    adcov_problem *problems;
    size_t nproblems;
    size_t *gap_first;       /* per street result: the problem of its first gap */
    size_t *site_problem;    /* per site row: its problem, SIZE_MAX when it does not fail */
    size_t *ad_problem;      /* per ad: its problem, SIZE_MAX when it needs no crew */
    /* --previous */
    char *previous;          /* the earlier output folder, NULL when none */
    adcov_old_problem *old;
    size_t nold;
    adcov_change *changes;
    size_t nchanges;
    adcov_progress *progress; /* per duty unit, by name */
    size_t nprogress;
    size_t fixed, open, added;
    /* scores */
    adcov_score *scores;     /* duty units first, then districts, each in ranking order */
    size_t nscores;
    long *stretch_district;  /* per stretch: the district holding the larger share of it, -1 for none */
    long *site_district;     /* per site row: the district its centre lies in, -1 for none */
    size_t overlapping_districts; /* pairs of districts that overlap (each place counted in one; warned) */
    adcov_simulation sim;
} adcov_campaign;

/* What the command line asks of the campaign. */
typedef struct {
    const char *previous;    /* --previous DIR, or NULL */
    size_t simulate;         /* --simulate N, 0: none */
    uint64_t seed;           /* --seed S */
} adcov_campaign_opts;

/* Whether dir is an earlier run's folder this run can be compared with: its run.json of this format
 * and rulebook, its problems.csv there (quick: the command line asks it before the check). */
adcov_status adcov_campaign_check_previous(adcov_ctx *ctx, const char *dir, const adcov_rulebook *rb);
/* Reads the earlier run's folder (as adcov_campaign_check_previous, then its problems.csv). *out is NULL
 * when dir is NULL. */
adcov_status adcov_campaign_load_previous(adcov_ctx *ctx, const char *dir, const adcov_rulebook *rb,
                                          adcov_old_problem **out, size_t *nout);
void adcov_old_problems_free(adcov_old_problem *old, size_t n);

/* Makes the campaign of a judged result: problem ids (inheriting the earlier run's; old is taken over, also
 * on failure),
 * changes, scores and the simulation; res->campaign holds it. */
adcov_status adcov_campaign_build(adcov_ctx *ctx, adcov_result *res, const adcov_rulebook *rb, adcov_phase phase,
                                  const adcov_campaign_opts *o, adcov_old_problem *old, size_t nold);
void adcov_campaign_free(adcov_campaign *c);

/* The problem id of a gap, a site row or an ad, "" when it has none (or no campaign was made). */
const char *adcov_problem_of_gap(const adcov_result *res, size_t result, size_t gap);
const char *adcov_problem_of_site(const adcov_result *res, size_t site);
const char *adcov_problem_of_ad(const adcov_result *res, size_t ad);
/* The problem ids of a street result's gaps, joined with "; " ("" when none); caller frees, NULL when out
 * of memory. */
char *adcov_problems_of_result(const adcov_result *res, size_t result);

/* A few lines for the terminal: the problems, the progress, the lowest duty unit, the mock inspection. */
void adcov_campaign_print(const adcov_result *res, FILE *f);

/* Writes run.json and problems.csv, and changes.csv, scores.csv and simulation.csv when made, into dir. */
adcov_status adcov_campaign_write(adcov_ctx *ctx, const adcov_result *res, const adcov_rulebook *rb, adcov_phase phase,
                                  const char *dir);

/* `adcov summary DIR… -o OUT`: the scores of several runs (a province's cities) in one scores.csv and
 * ranking. */
adcov_status adcov_campaign_summary(adcov_ctx *ctx, const char *const *dirs, size_t ndirs, const char *out_dir,
                                    FILE *out);

#endif
