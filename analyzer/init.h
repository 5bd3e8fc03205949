/* init — `adcov init`: a config drafted from a city's files (SPEC §11), for a planner who has never
 * written YAML.
 *
 * Owns: finding the vector files and spreadsheets among the paths given (folders are searched), each
 * layer's role from its geometry and its file, layer and column names, its field mapping from the
 * column names, its coordinate columns and CRS (guessed from the coordinates when the file has none),
 * the distinct values of its class and vocabulary fields with the canonical word each maps to, the list
 * form with `set: {class: …}` from the file names when one role comes in several files, and writing the
 * commented YAML (never over an existing file). What it cannot decide is listed for the caller to print.
 * The caller owns the options and the list of undecided things (adcov_init_free).
 */
#ifndef ADCOV_INIT_H
#define ADCOV_INIT_H

#include <stddef.h>
#include "ctx.h"

typedef struct {
    const char *config;        /* the file to write (-o; default city.yaml) */
    const char *const *paths;  /* files and folders */
    size_t npaths;
} adcov_init_opts;

typedef struct {
    char **items; /* one line each: what could not be decided, and where */
    size_t n, cap;
} adcov_init_report;

/* Drafts the config. Fails (writing nothing) when o->config exists or no input can be read. */
adcov_status adcov_init(adcov_ctx *ctx, const adcov_init_opts *o, adcov_init_report *undecided);
void adcov_init_free(adcov_init_report *undecided);

#endif
