/* cli — the adcov command line: options into an object, one call per subcommand.
 *
 * Owns: parsing argv (adcov check / adcov rules / --help / --version), the progress line,
 * the summary, and mapping a run's status to the exit code: 0 every rule passes, 1 some
 * rule fails, 2 bad input or usage. Tests call adcov_main() or the adcov_run_* calls.
 */
#ifndef ADCOV_CLI_H
#define ADCOV_CLI_H

#include <stdio.h>
#include "ctx.h"

typedef struct {
    const char *config;      /* -c */
    const char *output;      /* -o, overrides the config's */
    const char *phase;       /* --phase */
    const char *rulebook;    /* --rulebook, overrides the config's */
    const char *only;        /* --only */
    const char *sets[32];    /* --set */
    size_t nsets;
    int lenient;             /* --lenient */
    int progress;            /* 1: show a progress line on stderr */
    int help;                /* --help after the command */
    int timings;             /* --timings: where the time went, after the summary */
    const char *lang;        /* --lang zh|en: the language of report.html and report.pdf */
    const char *format;      /* --format geojson|gpkg */
    const char *previous;    /* --previous DIR: an earlier run's output folder to compare with */
    const char *simulate;    /* --simulate N: draws of the mock inspection (as given, checked by the run) */
    const char *seed;        /* --seed S */
    const char *date;        /* --date YYYY-MM-DD: the run's date for the photos' ages (default today) */
} adcov_check_opts;

/* Runs a check; *failed is set when some rule fails. Summary goes to out (may be NULL). */
adcov_status adcov_run_check(adcov_ctx *ctx, const adcov_check_opts *o, FILE *out, int *failed);
/* Prints the rulebook in force. */
adcov_status adcov_run_rules(adcov_ctx *ctx, const adcov_check_opts *o, FILE *out);

/* The whole program: returns the exit status. */
int adcov_main(int argc, char **argv);

#endif
