/* What the campaign's files share among themselves (not part of its public API). */
#ifndef ADCOV_CAMPAIGN_INTERNAL_H
#define ADCOV_CAMPAIGN_INTERNAL_H

#include "campaign.h"
#include "out.h"

/* problems.c: the run's problems with their first-seen ids (c->problems and the lookups). */
adcov_status adcov_problems_list(adcov_ctx *ctx, const adcov_result *res, const adcov_rulebook *rb, adcov_phase phase,
                                 adcov_campaign *c);
/* Makes every id unique: a repeated one takes "-2", "-3" …; keep (per problem, may be NULL) marks ids
 * inherited from the earlier run, which keep theirs, and reserved ids are taken by no other problem. */
adcov_status adcov_problems_unique(adcov_ctx *ctx, adcov_campaign *c, const unsigned char *keep,
                                   const char *const *reserved, size_t nreserved);

/* Frees what one earlier problem holds (not the problem itself). */
void adcov_old_problem_clear(adcov_old_problem *p);

/* previous.c: matches the problems with the earlier run's (ids inherited) and makes the changes and
 * the progress per duty unit. */
adcov_status adcov_progress_build(adcov_ctx *ctx, const adcov_result *res, const adcov_rulebook *rb,
                                  adcov_campaign *c);
adcov_status adcov_progress_write(adcov_ctx *ctx, const adcov_result *res, const adcov_rulebook *rb,
                                  const adcov_campaign *c, const char *path);

/* districts.c: the district of every stretch, site row and problem (c->stretch_district …); warns of
 * districts that overlap. */
adcov_status adcov_districts_place(adcov_ctx *ctx, const adcov_result *res, adcov_campaign *c);

/* scores.c */
adcov_status adcov_scores_build(adcov_ctx *ctx, const adcov_result *res, const adcov_rulebook *rb, adcov_campaign *c);
adcov_status adcov_scores_write(adcov_ctx *ctx, const adcov_result *res, const adcov_rulebook *rb,
                                const adcov_campaign *c, const char *path);

/* simulate.c */
adcov_status adcov_simulation_run(adcov_ctx *ctx, const adcov_result *res, const adcov_rulebook *rb, adcov_phase phase,
                                  const adcov_campaign_opts *o, adcov_campaign *c);
adcov_status adcov_simulation_write(adcov_ctx *ctx, const adcov_result *res, const adcov_rulebook *rb,
                                    const adcov_campaign *c, const char *path);

/* Points between the analysis CRS and WGS 84 lon/lat, in place; 0 when they cannot be moved. */
int adcov_campaign_to_lonlat(OGRSpatialReferenceH crs, size_t n, double *x, double *y);
int adcov_campaign_from_lonlat(OGRSpatialReferenceH crs, size_t n, double *x, double *y);

/* Starts a CSV file for Excel (a BOM, then the n cells of head as its first row; n = 0: none). */
adcov_status adcov_campaign_csv_open(adcov_ctx *ctx, const char *path, const char *const *head, size_t n,
                                     adcov_textfile **t, FILE **f);

#endif
