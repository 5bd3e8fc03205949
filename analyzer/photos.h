/* photos — the photos of a run (SPEC §14): which feature has which photo (its photo field, relative to its
 * source file, or ID.jpg in its source's photos: folder), the checks read from each photo's header alone
 * (missing or unreadable, older than photo_max_age_months, EXIF GPS farther than photo_max_offset_m from
 * the ad), the photos the outputs show (ads to rectify, failing sites, the evidence pack) decoded once at a
 * reduced scale on two threads, and photo_issues.csv.
 *
 * Owns: the result's photo rows (res->photos, freed with the result). A photo is never read outside its
 * folder and never stops a run: what is wrong with it is an issue, listed. The caller owns the rest.
 */
#ifndef ADCOV_PHOTOS_H
#define ADCOV_PHOTOS_H

#include <stdio.h>
#include "config.h"
#include "layer.h"
#include "result.h"

/* Photos of one passing place the evidence pack shows, at most (the first 处 counted there). */
#define ADCOV_EVIDENCE_PER_PAGE 12

/* One row per feature of role whose source gives photos (a mapped photo field or photos:), while the
 * check has the role's layer open; source_base: where its sources begin in res->sources. Ads must be read
 * (their points are the GPS check's). */
adcov_status adcov_photos_collect(adcov_ctx *ctx, const adcov_config *cfg, adcov_role role, const adcov_layer *l,
                                  size_t source_base, adcov_result *res);
/* Whether a photos: folder takes a file of this name: ID.jpg, ID.JPG, ID.jpeg, ID.png. */
int adcov_photos_picture_name(const char *name);
/* Reads every photo's header and sets its issues, then decodes the photos the outputs show. */
adcov_status adcov_photos_check(adcov_ctx *ctx, adcov_result *res, const adcov_rulebook *rb, adcov_phase phase);
/* Whether some ad's source gives photos (then the run writes evidence.pdf and photo_issues.csv). */
int adcov_photos_given(const adcov_result *res);
/* The photo of a site row (its role's feature), or NULL. */
const adcov_photo_row *adcov_photos_of_site(const adcov_result *res, const adcov_site_result *s);
/* An issue's word (one bit of ADCOV_PHOTO_ISSUE_*): "old" …, or in Chinese "超过12个月" … */
const char *adcov_photo_issue_word(unsigned bit, int chinese);
/* photo_issues.csv: one row per issue of a photo. */
void adcov_photos_issue_rows(FILE *f, const adcov_result *res);
/* The run summary's line: how many photos, how many of each issue, how many shown. */
void adcov_photos_summary(const adcov_result *res, FILE *f);

#endif
