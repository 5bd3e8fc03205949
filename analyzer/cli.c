#include "cli.h"
#include "build_info.h"
#include "campaign.h"
#include "photo.h"
#include "check.h"
#include "config.h"
#include "convert.h"
#include "init.h"
#include "report.h"
#include "rulebook.h"

#include <errno.h>
#include <gdal.h>
#include <getopt.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char usage_text[] =
    "usage: adcov check -c CONFIG [-o DIR] [--phase daily|inspection] [--rulebook NAME|FILE]\n"
    "                   [--set RULE.PARAM=VALUE]... [--only RULE[,RULE...]] [--lenient] [--timings]\n"
    "                   [--lang zh|en] [--format geojson|gpkg] [--previous DIR] [--simulate N [--seed S]]\n"
    "                   [--date YYYY-MM-DD]\n"
    "       adcov rules [--rulebook NAME|FILE] [-c CONFIG] [--phase daily|inspection] [--set ...] [--only ...]\n"
    "       adcov convert --from gcj02|bd09|wgs84 --to wgs84|gcj02|bd09 [--x COL --y COL] IN OUT\n"
    "       adcov init [-o CONFIG] PATH...\n"
    "       adcov summary [-o DIR] RUN_DIR...\n"
    "       adcov --help | --version\n"
    "\n"
    "check   checks where public-service ads stand against the rules and writes into the output folder\n"
    "        the gap map, stretches, ads, sites, inspection zones and suggested posters (GeoJSON, with\n"
    "        QGIS styles), results.csv, accounting.csv, the rectification list, report.html and report.pdf;\n"
    "        --format gpkg also puts every layer into adcov.gpkg; --lang en writes the reports in English.\n"
    "        Every failure has a problem_id that stays while the problem stays where it is; scores.csv gives\n"
    "        checked, passed and 达标率 per 责任单位 (and per district, with a districts input), ranked.\n"
    "        --previous DIR compares with an earlier run's output folder: changes.csv says per problem\n"
    "        whether it is new, still open or fixed. --simulate N makes N mock inspections (模拟测评) drawn as\n"
    "        the rulebook's sampling says (--seed S, default 1, repeats them exactly): simulation.csv.\n"
    "rules   prints the rulebook in force, with the source of every rule.\n"
    "summary merges the scores.csv of several runs' output folders (a province's cities) into one ranking\n"
    "        in DIR (default summary): scores.csv.\n"
    "init    drafts a config (default city.yaml, never overwritten) from your files and folders: each file's\n"
    "        role, its columns, coordinate columns and CRS, the values of its class and vocabulary fields;\n"
    "        it prints what it could not decide.\n"
    "convert moves a whole file between WGS 84 and the offsets of Amap/Tencent (gcj02) or Baidu (bd09);\n"
    "        OUT's extension picks its format (.gpkg .geojson .shp .csv .kml).\n"
    "\n"
    "\n"
    "-o DIR is relative to the folder you run adcov in; the config's output: (default out) is relative to\n"
    "the config file's folder, as are its input paths. -o wins over output:.\n"
    "\n"
    "exit status: 0 every rule passes, 1 some rule fails, 2 bad input or usage.\n";

/* Where the shipped rulebooks are: $ADCOV_RULEBOOK_DIR; else share/adcov/rulebooks beside the bin/ folder
 * the program was installed in (cmake --install); else the source tree it was built from. */
static const char *rulebook_dir(void)
{
    static char installed[4096];
    const char *env = getenv("ADCOV_RULEBOOK_DIR");
    if (env && *env)
        return env;
    ssize_t n = readlink("/proc/self/exe", installed, sizeof installed - 64);
    if (n > 0) {
        installed[n] = '\0';
        char *slash = strrchr(installed, '/');
        if (slash) {
            strcpy(slash, "/../share/adcov/rulebooks/default.yaml");
            if (access(installed, R_OK) == 0) {
                strrchr(installed, '/')[0] = '\0';
                return installed;
            }
        }
    }
    return ADCOV_RULEBOOK_DIR;
}

static adcov_status phase_of(adcov_ctx *ctx, const char *s, adcov_phase *out)
{
    if (!strcmp(s, "daily"))
        *out = ADCOV_DAILY;
    else if (!strcmp(s, "inspection"))
        *out = ADCOV_INSPECTION;
    else
        return adcov_fail(ctx, ADCOV_EUSAGE, "--phase: '%s' is neither daily nor inspection", s);
    return ADCOV_OK;
}

/* Loads the rulebook named by the options, else the config's, else default, and applies
 * --set and --only. */
static adcov_status load_rules(adcov_ctx *ctx, const adcov_check_opts *o, const adcov_config *cfg, adcov_rulebook **rb)
{
    const char *name = o->rulebook ? o->rulebook : cfg && cfg->rulebook ? cfg->rulebook : "default";
    char named_by[600];
    if (o->rulebook)
        snprintf(named_by, sizeof named_by, "--rulebook");
    else
        snprintf(named_by, sizeof named_by, "%.500s:%d:rulebook", cfg ? cfg->path : "", cfg ? cfg->rulebook_line : 0);
    adcov_status st = adcov_rulebook_load(ctx, name, rulebook_dir(), named_by, rb);
    for (size_t i = 0; !st && i < o->nsets; i++)
        st = adcov_rulebook_set(ctx, *rb, o->sets[i]);
    if (!st && o->only)
        st = adcov_rulebook_only(ctx, *rb, o->only);
    return st;
}

/* The progress line: shown on a terminal only, and only once the run has lasted a second. */
typedef struct {
    struct timespec start;
    double start_s; /* adcov_now() at the start, for --timings */
    int shown;
} progress_state;

static void show_progress(void *user, const char *stage, size_t done, size_t total)
{
    progress_state *p = user;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if ((double)(now.tv_sec - p->start.tv_sec) + (now.tv_nsec - p->start.tv_nsec) / 1e9 < 1.0)
        return;
    p->shown = 1;
    if (total)
        fprintf(stderr, "\radcov: %s %zu/%zu   ", stage, done, total);
    else
        fprintf(stderr, "\radcov: reading %s            ", stage);
    fflush(stderr);
}

/* Where the time of a run went: reading, the sight lines the street rules share, each rule, the
 * accounting and the writing, in seconds and as shares of the whole run. */
static void print_timings(const adcov_result *res, const adcov_rulebook *rb, double written,
                          const adcov_report_opts *r, double total, FILE *f)
{
    fprintf(f, "time: %.3f s in all\n", total);
    fprintf(f, "  %-22s %8.3f s %5.1f %%\n", "reading and indexing", res->read_s, 100 * res->read_s / total);
    fprintf(f, "  %-22s %8.3f s %5.1f %%  (second thread, beside the street rules)\n",
            "inspection zones", res->zones_s, 100 * res->zones_s / total);
    fprintf(f, "  %-22s %8.3f s %5.1f %%  (both threads, before the rules)\n", "street sight lines", res->sightlines_s,
            100 * res->sightlines_s / total);
    for (size_t k = 0; k < rb->nrules && k < 32; k++)
        if (rb->rules[k].selected)
            fprintf(f, "  %-22s %8.3f s %5.1f %%\n", rb->rules[k].id, res->rule_s[k], 100 * res->rule_s[k] / total);
    fprintf(f, "  %-22s %8.3f s %5.1f %%\n", "  of which suggestions", res->suggest_s, 100 * res->suggest_s / total);
    fprintf(f, "  %-22s %8.3f s %5.1f %%\n", "accounting", res->account_s, 100 * res->account_s / total);
    if (res->nphotos) {
        fprintf(f, "  %-22s %8.3f s %5.1f %%  (%zu photos, both threads)\n", "photo headers", res->photo_headers_s,
                100 * res->photo_headers_s / total, res->nphotos);
        fprintf(f, "  %-22s %8.3f s %5.1f %%  (%zu photos, both threads: %.3f CPU s, %.1f photos/s per core)\n",
                "photo decoding", res->photo_decode_s, 100 * res->photo_decode_s / total, res->photos_decoded,
                res->photo_decode_cpu_s,
                res->photo_decode_cpu_s > 0 ? (double)res->photos_decoded / res->photo_decode_cpu_s : 0.0);
    }
    fprintf(f, "  %-22s %8.3f s %5.1f %%\n", "writing the outputs", written, 100 * written / total);
    fprintf(f, "  %-22s %8.3f s %5.1f %%\n", "  the reports' contents", r->doc_s, 100 * r->doc_s / total);
    fprintf(f, "  %-22s %8.3f s %5.1f %%\n", "  report.html", r->html_s, 100 * r->html_s / total);
    fprintf(f, "  %-22s %8.3f s %5.1f %%  (its own thread, beside the rest)\n", "  report.pdf", r->pdf_s,
            100 * r->pdf_s / total);
}

/* --date YYYY-MM-DD (or as adcov_parse_date reads dates). */
static adcov_status date_of(adcov_ctx *ctx, const char *text, long *days)
{
    int y, m, d;
    if (!adcov_parse_date(text, &y, &m, &d))
        return adcov_fail(ctx, ADCOV_EUSAGE, "--date: '%s' is not a date (write it 2026-12-03)", text);
    *days = adcov_days_from_civil(y, m, d);
    return ADCOV_OK;
}

/* --simulate N (1 to 1,000,000: each draw is a row of simulation.csv) and --seed S (0 up), as whole numbers. */
static adcov_status campaign_opts(adcov_ctx *ctx, const adcov_check_opts *o, adcov_campaign_opts *c)
{
    c->previous = o->previous;
    c->seed = 1;
    char *end;
    if (o->simulate) {
        errno = 0;
        long long n = strtoll(o->simulate, &end, 10);
        if (errno || *end || end == o->simulate || n < 1 || n > 1000000)
            return adcov_fail(ctx, ADCOV_EUSAGE, "--simulate: '%s' is not a number of draws from 1 to 1000000",
                              o->simulate);
        c->simulate = (size_t)n;
    }
    if (o->seed) {
        errno = 0;
        unsigned long long s = strtoull(o->seed, &end, 10);
        if (errno || *end || end == o->seed || o->seed[strspn(o->seed, " ")] == '-')
            return adcov_fail(ctx, ADCOV_EUSAGE, "--seed: '%s' is not a whole number from 0 up", o->seed);
        if (!o->simulate)
            return adcov_fail(ctx, ADCOV_EUSAGE, "--seed: give --simulate N too (the seed is for its draws)");
        c->seed = s;
    }
    return ADCOV_OK;
}

/* The earlier run's problems, read on a thread of its own beside the check (its folder was checked first:
 * a wrong one fails at once). */
typedef struct {
    adcov_ctx *ctx;
    const char *dir;
    const adcov_rulebook *rb;
    adcov_old_problem *old;
    size_t nold;
    adcov_status st;
    pthread_t thread;
    int started;
} previous_job;

static void *read_previous(void *arg)
{
    previous_job *j = arg;
    adcov_ctx_push_gdal(j->ctx);
    j->st = adcov_campaign_load_previous(j->ctx, j->dir, j->rb, &j->old, &j->nold);
    adcov_ctx_pop_gdal(j->ctx);
    return NULL;
}

static adcov_status previous_start(adcov_ctx *ctx, previous_job *j)
{
    adcov_status st = adcov_campaign_check_previous(ctx, j->dir, j->rb);
    if (!st && !(j->ctx = adcov_ctx_new_for_thread(ctx)))
        st = adcov_fail(ctx, ADCOV_ENOMEM, "--previous: out of memory");
    if (!st && !(j->started = !pthread_create(&j->thread, NULL, read_previous, j)))
        read_previous(j); /* no thread: here and now */
    return st;
}

/* Waits for the earlier problems; their failure becomes the run's unless st is one already. */
static adcov_status previous_finish(adcov_ctx *ctx, previous_job *j, adcov_status st)
{
    if (j->started)
        pthread_join(j->thread, NULL);
    j->started = 0;
    if (j->ctx && j->st && !st)
        st = adcov_ctx_take_failure(ctx, j->st, j->ctx);
    adcov_ctx_free(j->ctx);
    j->ctx = NULL;
    return st;
}

/* The campaign of a run, made by the report's writer before the outputs (report.h's before). */
typedef struct {
    adcov_result *res;
    const adcov_rulebook *rb;
    adcov_phase phase;
    const adcov_campaign_opts *opts;
    adcov_old_problem *old; /* taken over by the campaign */
    size_t nold;
} campaign_job;

static adcov_status make_campaign(adcov_ctx *ctx, void *arg)
{
    campaign_job *j = arg;
    adcov_old_problem *old = j->old;
    size_t n = j->nold;
    j->old = NULL, j->nold = 0;
    return adcov_campaign_build(ctx, j->res, j->rb, j->phase, j->opts, old, n);
}

static adcov_status report_opts(adcov_ctx *ctx, const adcov_check_opts *o, adcov_report_opts *r)
{
    if (o->lang && strcmp(o->lang, "zh") && strcmp(o->lang, "en"))
        return adcov_fail(ctx, ADCOV_EUSAGE, "--lang: '%s' is neither zh nor en", o->lang);
    if (o->format && strcmp(o->format, "geojson") && strcmp(o->format, "gpkg"))
        return adcov_fail(ctx, ADCOV_EUSAGE, "--format: '%s' is neither geojson nor gpkg", o->format);
    r->lang = o->lang && !strcmp(o->lang, "en") ? ADCOV_LANG_EN : ADCOV_LANG_ZH;
    r->gpkg = o->format && !strcmp(o->format, "gpkg");
    return ADCOV_OK;
}

adcov_status adcov_run_check(adcov_ctx *ctx, const adcov_check_opts *o, FILE *out, int *failed)
{
    adcov_config *cfg = NULL;
    adcov_rulebook *rb = NULL;
    adcov_result *res = NULL;
    progress_state progress = {.shown = 0, .start_s = adcov_now()};
    clock_gettime(CLOCK_MONOTONIC, &progress.start);
    *failed = 0;
    adcov_status st = o->config ? adcov_config_load(ctx, o->config, &cfg)
                                : adcov_fail(ctx, ADCOV_EUSAGE, "check: give the config with -c CONFIG");
    adcov_phase phase = cfg ? cfg->phase : ADCOV_DAILY;
    if (!st && o->phase)
        st = phase_of(ctx, o->phase, &phase);
    if (!st)
        st = load_rules(ctx, o, cfg, &rb);
    if (!st && o->date)
        st = date_of(ctx, o->date, &cfg->today);
    adcov_campaign_opts copts = {0};
    if (!st)
        st = campaign_opts(ctx, o, &copts);
    previous_job prev = {.dir = copts.previous, .rb = rb};
    if (!st && copts.previous)
        st = previous_start(ctx, &prev);
    if (!st)
        st = adcov_check(ctx, cfg, rb, phase, o->lenient || cfg->lenient, o->progress ? show_progress : NULL,
                         &progress, &res);
    st = previous_finish(ctx, &prev, st);
    campaign_job job = {res, rb, phase, &copts, prev.old, prev.nold};
    if (progress.shown)
        fprintf(stderr, "\r%60s\r", "");
    double written = adcov_now();
    adcov_report_opts ropts = {0};
    if (!st)
        st = report_opts(ctx, o, &ropts);
    ropts.before = make_campaign, ropts.before_arg = &job; /* beside the reports' content */
    if (!st)
        st = adcov_report_write(ctx, res, rb, cfg, phase, o->output ? o->output : cfg->output, &ropts);
    adcov_old_problems_free(job.old, job.nold); /* when the report did not come to it */
    written = adcov_now() - written;
    if (!st) {
        *failed = adcov_result_failed(res);
        if (out) {
            fprintf(out, "adcov %s: rulebook %s, phase %s, results in %s\n", ADCOV_VERSION, rb->name,
                    phase == ADCOV_INSPECTION ? "inspection" : "daily", o->output ? o->output : cfg->output);
            adcov_report_summary(res, rb, out);
            adcov_campaign_print(res, out);
            if (o->timings)
                print_timings(res, rb, written, &ropts, adcov_now() - progress.start_s, out);
        }
    }
    adcov_result_free(res);
    adcov_rulebook_free(rb);
    adcov_config_free(cfg);
    return st;
}

adcov_status adcov_run_rules(adcov_ctx *ctx, const adcov_check_opts *o, FILE *out)
{
    adcov_config *cfg = NULL;
    adcov_rulebook *rb = NULL;
    adcov_phase phase = ADCOV_DAILY;
    adcov_status st = o->config ? adcov_config_load(ctx, o->config, &cfg) : ADCOV_OK;
    if (!st && cfg)
        phase = cfg->phase;
    if (!st && o->phase)
        st = phase_of(ctx, o->phase, &phase);
    if (!st)
        st = load_rules(ctx, o, cfg, &rb);
    if (!st)
        adcov_rulebook_print(rb, phase, out);
    adcov_rulebook_free(rb);
    adcov_config_free(cfg);
    return st;
}

enum { OPT_PHASE = 256, OPT_RULEBOOK, OPT_SET, OPT_ONLY, OPT_LENIENT, OPT_HELP, OPT_VERSION, OPT_TIMINGS, OPT_LANG,
       OPT_FORMAT, OPT_PREVIOUS, OPT_SIMULATE, OPT_SEED, OPT_DATE };

static adcov_status parse_args(adcov_ctx *ctx, int argc, char **argv, adcov_check_opts *o)
{
    static const struct option longs[] = {
        {"config", required_argument, NULL, 'c'}, {"output", required_argument, NULL, 'o'},
        {"phase", required_argument, NULL, OPT_PHASE}, {"rulebook", required_argument, NULL, OPT_RULEBOOK},
        {"set", required_argument, NULL, OPT_SET}, {"only", required_argument, NULL, OPT_ONLY},
        {"lenient", no_argument, NULL, OPT_LENIENT}, {"help", no_argument, NULL, 'h'},
        {"timings", no_argument, NULL, OPT_TIMINGS}, {"lang", required_argument, NULL, OPT_LANG},
        {"format", required_argument, NULL, OPT_FORMAT}, {"previous", required_argument, NULL, OPT_PREVIOUS},
        {"simulate", required_argument, NULL, OPT_SIMULATE}, {"seed", required_argument, NULL, OPT_SEED},
        {"date", required_argument, NULL, OPT_DATE}, {NULL, 0, NULL, 0}};
    optind = 0; /* GNU: reinitialise, so tests may call adcov_main repeatedly */
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "+c:o:h", longs, NULL)) != -1) {
        switch (c) {
        case 'h': o->help = 1; break;
        case 'c': o->config = optarg; break;
        case 'o': o->output = optarg; break;
        case OPT_PHASE: o->phase = optarg; break;
        case OPT_RULEBOOK: o->rulebook = optarg; break;
        case OPT_ONLY: o->only = optarg; break;
        case OPT_LENIENT: o->lenient = 1; break;
        case OPT_TIMINGS: o->timings = 1; break;
        case OPT_LANG: o->lang = optarg; break;
        case OPT_FORMAT: o->format = optarg; break;
        case OPT_PREVIOUS: o->previous = optarg; break;
        case OPT_SIMULATE: o->simulate = optarg; break;
        case OPT_SEED: o->seed = optarg; break;
        case OPT_DATE: o->date = optarg; break;
        case OPT_SET:
            if (o->nsets == sizeof o->sets / sizeof o->sets[0])
                return adcov_fail(ctx, ADCOV_EUSAGE, "--set: at most 32 overrides");
            o->sets[o->nsets++] = optarg;
            break;
        default:
            return adcov_fail(ctx, ADCOV_EUSAGE, "%s: unknown option or missing value (see adcov --help)",
                              argv[optind - 1]);
        }
    }
    if (optind < argc)
        return adcov_fail(ctx, ADCOV_EUSAGE, "%s: unexpected argument (see adcov --help)", argv[optind]);
    return ADCOV_OK;
}

static adcov_status parse_datum(adcov_ctx *ctx, const char *opt, const char *v, adcov_datum *out)
{
    if (adcov_datum_parse(v, out))
        return adcov_fail(ctx, ADCOV_EUSAGE, "%s: '%s' is not wgs84, gcj02 or bd09", opt, v);
    return ADCOV_OK;
}

static adcov_status run_convert(adcov_ctx *ctx, int argc, char **argv, int *help)
{
    static const struct option longs[] = {{"from", required_argument, NULL, 'f'}, {"to", required_argument, NULL, 't'},
                                          {"x", required_argument, NULL, 'x'}, {"y", required_argument, NULL, 'y'},
                                          {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    adcov_convert_opts o = {0};
    const char *from = NULL, *to = NULL;
    optind = 0;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "+h", longs, NULL)) != -1) {
        switch (c) {
        case 'f': from = optarg; break;
        case 't': to = optarg; break;
        case 'x': o.x = optarg; break;
        case 'y': o.y = optarg; break;
        case 'h': *help = 1; return ADCOV_OK;
        default: return adcov_fail(ctx, ADCOV_EUSAGE, "%s: unknown option or missing value (see adcov --help)", argv[optind - 1]);
        }
    }
    if (!from || !to || argc - optind != 2 || (!o.x) != (!o.y))
        return adcov_fail(ctx, ADCOV_EUSAGE, "convert: give --from, --to, IN and OUT (and --x with --y for a CSV)");
    adcov_status st = parse_datum(ctx, "--from", from, &o.from);
    if (!st)
        st = parse_datum(ctx, "--to", to, &o.to);
    o.in = argv[optind];
    o.out = argv[optind + 1];
    long long n = 0;
    if (!st)
        st = adcov_convert(ctx, &o, &n);
    if (!st)
        printf("adcov: %lld features moved from %s to %s into %s\n", n, from, to, o.out);
    return st;
}

static adcov_status run_init(adcov_ctx *ctx, int argc, char **argv, int *help)
{
    static const struct option longs[] = {{"output", required_argument, NULL, 'o'}, {"help", no_argument, NULL, 'h'},
                                          {NULL, 0, NULL, 0}};
    adcov_init_opts o = {.config = "city.yaml"};
    optind = 0;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "+ho:", longs, NULL)) != -1) {
        switch (c) {
        case 'o': o.config = optarg; break;
        case 'h': *help = 1; return ADCOV_OK;
        default: return adcov_fail(ctx, ADCOV_EUSAGE, "%s: unknown option or missing value (see adcov --help)", argv[optind - 1]);
        }
    }
    o.paths = (const char *const *)argv + optind;
    o.npaths = (size_t)(argc - optind);
    adcov_init_report undecided;
    adcov_status st = adcov_init(ctx, &o, &undecided);
    if (!st) {
        printf("adcov: drafted %s\n", o.config);
        if (undecided.n)
            printf("Not decided — check these in %s:\n", o.config);
        for (size_t i = 0; i < undecided.n; i++)
            printf("  - %s\n", undecided.items[i]);
    }
    adcov_init_free(&undecided);
    return st;
}

static adcov_status run_summary(adcov_ctx *ctx, int argc, char **argv, int *help)
{
    static const struct option longs[] = {{"output", required_argument, NULL, 'o'}, {"help", no_argument, NULL, 'h'},
                                          {NULL, 0, NULL, 0}};
    const char *out = "summary";
    optind = 0;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "+ho:", longs, NULL)) != -1) {
        switch (c) {
        case 'o': out = optarg; break;
        case 'h': *help = 1; return ADCOV_OK;
        default: return adcov_fail(ctx, ADCOV_EUSAGE, "%s: unknown option or missing value (see adcov --help)", argv[optind - 1]);
        }
    }
    adcov_status st = adcov_campaign_summary(ctx, (const char *const *)argv + optind, (size_t)(argc - optind), out, stdout);
    if (!st)
        printf("adcov: %d runs merged into %s/scores.csv\n", argc - optind, out);
    return st;
}

static int run_command(adcov_ctx *ctx, int argc, char **argv)
{
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        fputs(usage_text, stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
        printf("adcov %s (GDAL %s, GEOS %s)\n", ADCOV_VERSION, GDALVersionInfo("RELEASE_NAME"), GEOSversion());
        return 0;
    }
    adcov_check_opts o = {.progress = isatty(STDERR_FILENO)};
    int failed = 0;
    adcov_status st;
    if (!strcmp(cmd, "convert") || !strcmp(cmd, "init") || !strcmp(cmd, "summary")) {
        st = (!strcmp(cmd, "init") ? run_init : !strcmp(cmd, "summary") ? run_summary : run_convert)(ctx, argc - 1, argv + 1, &o.help);
        if (o.help)
            fputs(usage_text, stdout);
    } else if (strcmp(cmd, "check") && strcmp(cmd, "rules"))
        st = adcov_fail(ctx, ADCOV_EUSAGE, "%s: unknown command (check, rules, convert, init, summary; see adcov --help)", cmd);
    else if (!(st = parse_args(ctx, argc - 1, argv + 1, &o)) && o.help) {
        fputs(usage_text, stdout);
        return 0;
    } else if (!st)
        st = !strcmp(cmd, "check") ? adcov_run_check(ctx, &o, stdout, &failed) : adcov_run_rules(ctx, &o, stdout);
    if (st) {
        fprintf(stderr, "adcov: error: %s\n", adcov_ctx_message(ctx));
        return 2;
    }
    return failed ? 1 : 0;
}

int adcov_main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_text, stderr);
        return 2;
    }
    GDALAllRegister();
    adcov_ctx *ctx = adcov_ctx_new();
    if (!ctx) {
        fputs("adcov: error: out of memory\n", stderr);
        return 2;
    }
    adcov_ctx_push_gdal(ctx);
    int rc = run_command(ctx, argc, argv);
    adcov_ctx_pop_gdal(ctx);
    adcov_ctx_free(ctx);
    return rc;
}
