/* report — what a run writes (§8): gap map, stretches, ads, sites, zones, suggestions, results.csv,
 * accounting.csv, report.html and report.pdf, QGIS styles, the GeoPackage, and the terminal summary.
 *
 * Owns: the output file names, their property names (an interface: QGIS styles are built
 * on them) and their formats. Every file is written atomically (geo/out). The caller owns
 * the result and rulebook (borrowed).
 */
#ifndef ADCOV_REPORT_H
#define ADCOV_REPORT_H

#include <stdio.h>
#include "result.h"
#include "config.h"
#include "doc.h"

typedef struct {
    adcov_lang lang;  /* of report.html and report.pdf */
    int gpkg;         /* also write every layer into adcov.gpkg */
    /* in, may be NULL: work done on the calling thread before any output is written (the campaign's
     * problem ids, which every output names), while the PDF's thread begins the reports' content, which
     * needs none of it until it is done; its failure is the run's, and no output is then written */
    adcov_status (*before)(adcov_ctx *ctx, void *arg);
    void *before_arg;
    /* out, seconds: making what the reports say, writing report.html, and writing report.pdf (on a
     * thread of its own, beside the other outputs) */
    double doc_s, html_s, pdf_s;
} adcov_report_opts;

/* Writes every output of the run into dir (created when missing). */
adcov_status adcov_report_write(adcov_ctx *ctx, const adcov_result *res, const adcov_rulebook *rb,
                                const adcov_config *cfg, adcov_phase phase, const char *dir,
                                adcov_report_opts *opts);
/* Per rule: stretches checked, passed, failed, km of gaps. */
void adcov_report_summary(const adcov_result *res, const adcov_rulebook *rb, FILE *f);
#endif
