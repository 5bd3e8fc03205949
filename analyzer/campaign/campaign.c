/* The campaign of one run: made after the check, written beside the other outputs. */
#include "campaign.h"
#include "build_info.h"
#include "campaign_internal.h"
#include "out.h"
#include "vocab.h"

#include <math.h>
#include <ogr_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int move_points(OGRSpatialReferenceH crs, int to_lonlat, size_t n, double *x, double *y)
{
    OGRSpatialReferenceH wgs84 = OSRNewSpatialReference(NULL);
    if (!wgs84)
        return 0;
    int ok = OSRImportFromEPSG(wgs84, 4326) == OGRERR_NONE;
    OSRSetAxisMappingStrategy(wgs84, OAMS_TRADITIONAL_GIS_ORDER);
    OGRCoordinateTransformationH ct = ok ? OCTNewCoordinateTransformation(to_lonlat ? crs : wgs84, to_lonlat ? wgs84 : crs)
                                         : NULL;
    for (size_t i = 0; ct && ok && i < n; i += 65536) {
        size_t k = n - i < 65536 ? n - i : 65536;
        ok = OCTTransform(ct, (int)k, x + i, y + i, NULL);
    }
    ok = ok && ct;
    if (ct)
        OCTDestroyCoordinateTransformation(ct);
    OSRRelease(wgs84);
    return ok;
}

int adcov_campaign_to_lonlat(OGRSpatialReferenceH crs, size_t n, double *x, double *y) { return move_points(crs, 1, n, x, y); }
int adcov_campaign_from_lonlat(OGRSpatialReferenceH crs, size_t n, double *x, double *y) { return move_points(crs, 0, n, x, y); }

adcov_status adcov_campaign_csv_open(adcov_ctx *ctx, const char *path, const char *const *head, size_t n,
                                     adcov_textfile **t, FILE **f)
{
    adcov_status st = adcov_textfile_open(ctx, path, t);
    if (st)
        return st;
    *f = adcov_textfile_stream(*t);
    fputs("\xEF\xBB\xBF", *f); /* BOM: Excel reads UTF-8 */
    if (n)
        adcov_csv_row(*f, head, n);
    return ADCOV_OK;
}

adcov_status adcov_campaign_build(adcov_ctx *ctx, adcov_result *res, const adcov_rulebook *rb, adcov_phase phase,
                                  const adcov_campaign_opts *o, adcov_old_problem *old, size_t nold)
{
    adcov_campaign *c = adcov_calloc(1, sizeof *c);
    if (!c) {
        adcov_old_problems_free(old, nold);
        return adcov_fail(ctx, ADCOV_ENOMEM, "problems: out of memory");
    }
    c->old = old, c->nold = nold;
    res->campaign = c;
    if (o->previous && !(c->previous = adcov_strdup(o->previous)))
        return adcov_fail(ctx, ADCOV_ENOMEM, "problems: out of memory");
    adcov_status st = adcov_problems_list(ctx, res, rb, phase, c);
    if (!st)
        st = o->previous ? adcov_progress_build(ctx, res, rb, c) : adcov_problems_unique(ctx, c, NULL, NULL, 0);
    if (!st)
        st = adcov_districts_place(ctx, res, c);
    if (!st)
        st = adcov_scores_build(ctx, res, rb, c);
    if (!st && o->simulate)
        st = adcov_simulation_run(ctx, res, rb, phase, o, c);
    return st;
}

void adcov_old_problem_clear(adcov_old_problem *p)
{
    free(p->id), free(p->kind), free(p->rule), free(p->street), free(p->klass), free(p->place);
    free(p->chainage), free(p->duty), free(p->now);
    memset(p, 0, sizeof *p);
}

void adcov_old_problems_free(adcov_old_problem *old, size_t n)
{
    for (size_t i = 0; i < n; i++)
        adcov_old_problem_clear(&old[i]);
    free(old);
}

void adcov_campaign_free(adcov_campaign *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nproblems; i++) {
        free(c->problems[i].id);
        free(c->problems[i].place);
        free(c->problems[i].now);
    }
    free(c->problems);
    free(c->gap_first);
    free(c->site_problem);
    free(c->ad_problem);
    free(c->previous);
    adcov_old_problems_free(c->old, c->nold);
    free(c->changes);
    free(c->progress);
    for (size_t i = 0; i < c->nscores; i++) {
        free(c->scores[i].checked);
        free(c->scores[i].passed);
    }
    free(c->scores);
    free(c->sim.shares);
    free(c->stretch_district);
    free(c->site_district);
    free(c->sim.rules);
    free(c->sim.rule_expected);
    free(c);
}

const char *adcov_problem_of_gap(const adcov_result *res, size_t result, size_t gap)
{
    const adcov_campaign *c = res->campaign;
    return c && c->gap_first ? c->problems[c->gap_first[result] + gap].id : "";
}

const char *adcov_problem_of_site(const adcov_result *res, size_t site)
{
    const adcov_campaign *c = res->campaign;
    return c && c->site_problem && c->site_problem[site] != SIZE_MAX ? c->problems[c->site_problem[site]].id : "";
}

const char *adcov_problem_of_ad(const adcov_result *res, size_t ad)
{
    const adcov_campaign *c = res->campaign;
    return c && c->ad_problem && c->ad_problem[ad] != SIZE_MAX ? c->problems[c->ad_problem[ad]].id : "";
}

void adcov_campaign_print(const adcov_result *res, FILE *f)
{
    const adcov_campaign *c = res->campaign;
    if (!c)
        return;
    fprintf(f, "%zu problems, each with its problem_id (problems.csv)\n", c->nproblems);
    if (c->previous)
        fprintf(f, "since %s: %zu fixed, %zu still open, %zu new; fix rate %.1f %% (changes.csv)\n", c->previous,
                c->fixed, c->open, c->added, c->fixed + c->open ? 100.0 * (double)c->fixed / (double)(c->fixed + c->open) : 0.0);
    const adcov_score *last = NULL;
    size_t units = 0;
    for (size_t k = 0; k < c->nscores; k++)
        if (!c->scores[k].district && !isnan(c->scores[k].rate))
            last = &c->scores[k], units++;
    if (last && units > 1)
        fprintf(f, "%zu duty units ranked by 达标率 (scores.csv); the last: %s, %.1f %%\n", units,
                *last->unit ? last->unit : "(no duty unit)", 100 * last->rate);
    if (c->sim.draws)
        fprintf(f, "mock inspection: expected score %.1f of 100; %zu draws (seed %llu): mean %.1f, 5-95 %% %.1f-%.1f "
                "(simulation.csv)\n", 100 * c->sim.expected, c->sim.draws, (unsigned long long)c->sim.seed,
                100 * c->sim.mean, 100 * c->sim.p5, 100 * c->sim.p95);
}

char *adcov_problems_of_result(const adcov_result *res, size_t result)
{
    char *ids = adcov_strdup("");
    for (size_t g = 0; ids && g < res->results[result].windows.ngaps; g++) {
        char *next = adcov_sprintf("%s%s%s", ids, *ids ? "; " : "", adcov_problem_of_gap(res, result, g));
        free(ids);
        ids = next;
    }
    return ids;
}

/* ---- run.json: what an earlier folder must say to be compared with (its format and rulebook) ---- */

static adcov_status write_run(adcov_ctx *ctx, const adcov_result *res, const adcov_rulebook *rb, adcov_phase phase,
                              const char *path)
{
    adcov_textfile *t = NULL;
    adcov_status st = adcov_textfile_open(ctx, path, &t);
    if (st)
        return st;
    FILE *f = adcov_textfile_stream(t);
    fprintf(f, "{\n  \"adcov\": \"%s\",\n  \"format\": %d,\n  \"rulebook\": ", ADCOV_VERSION, ADCOV_CAMPAIGN_FORMAT);
    adcov_json_string(f, rb->name);
    fprintf(f, ",\n  \"phase\": \"%s\",\n  \"rules\": [", phase == ADCOV_INSPECTION ? "inspection" : "daily");
    for (size_t k = 0, n = 0; k < rb->nrules; k++)
        if (rb->rules[k].selected) {
            fputs(n++ ? ", " : "", f);
            adcov_json_string(f, rb->rules[k].id);
        }
    fprintf(f, "],\n  \"problems\": %zu\n}\n", res->campaign->nproblems);
    return adcov_textfile_commit(ctx, t);
}

/* ---- problems.csv: every problem of the run, what the next run's --previous reads ---- */

static const char *const kind_words[] = {"gap", "site", "ad"};

static adcov_status write_problems(adcov_ctx *ctx, const adcov_result *res, const adcov_rulebook *rb, const char *path)
{
    const adcov_campaign *c = res->campaign;
    size_t n = c->nproblems;
    double *x = adcov_malloc((3 * n + 1) * sizeof *x), *y = adcov_malloc((3 * n + 1) * sizeof *y);
    if (!x || !y) {
        free(x), free(y);
        return adcov_fail(ctx, ADCOV_ENOMEM, "%s: out of memory", path);
    }
    for (size_t i = 0; i < n; i++)
        for (int k = 0; k < 3; k++)
            x[3 * i + k] = c->problems[i].x[k], y[3 * i + k] = c->problems[i].y[k];
    static const char *const head[] = {"problem_id", "kind", "rule", "street", "class", "place", "chainage", "length_m",
                                       "duty", "in_zone", "now", "lon0", "lat0", "lon_mid", "lat_mid", "lon1", "lat1"};
    adcov_textfile *t = NULL;
    FILE *f = NULL;
    adcov_status st = n && !adcov_campaign_to_lonlat(res->crs, 3 * n, x, y)
                          ? adcov_fail(ctx, ADCOV_EPROJ, "%s: cannot move the places to WGS 84", path)
                          : adcov_campaign_csv_open(ctx, path, head, 17, &t, &f);
    if (!st) {
        for (size_t i = 0; i < n; i++) {
            const adcov_problem *p = &c->problems[i];
            char len[32], k0[24], k1[24], chain[64], co[6][32];
            snprintf(len, sizeof len, "%.1f", p->to - p->from);
            snprintf(chain, sizeof chain, "%s–%s", adcov_chainage_k(p->from, k0, sizeof k0), adcov_chainage_k(p->to, k1, sizeof k1));
            for (int k = 0; k < 3; k++) /* without printf: most of the file */
                adcov_fixed7(co[2 * k], x[3 * i + k]), adcov_fixed7(co[2 * k + 1], y[3 * i + k]);
            int gap = p->kind == ADCOV_PROBLEM_GAP;
            const char *cells[] = {p->id, kind_words[p->kind], p->rule == SIZE_MAX ? "" : rb->rules[p->rule].id,
                                   gap ? p->street : "", gap ? adcov_vocab_word(ADCOV_VOCAB_CLASS, p->klass) : "",
                                   p->place, gap ? chain : "", gap ? len : "", p->duty, p->in_zone ? "1" : "0", p->now,
                                   co[0], co[1], co[2], co[3], co[4], co[5]};
            /* the words of adcov (kind, rule, class), chainages and numbers go out as they are: a planner's
             * text (ids, names, places, duty units, shortfalls) through adcov_csv_field */
            static const unsigned char plain[17] = {0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1};
            for (int k = 0; k < 17; k++) {
                if (k)
                    fputc(',', f);
                if (plain[k])
                    fputs(cells[k], f);
                else
                    adcov_csv_field(f, cells[k]);
            }
            fputs("\r\n", f);
        }
        st = adcov_textfile_commit(ctx, t);
    }
    free(x), free(y);
    return st;
}

adcov_status adcov_campaign_write(adcov_ctx *ctx, const adcov_result *res, const adcov_rulebook *rb, adcov_phase phase,
                                  const char *dir)
{
    const adcov_campaign *c = res->campaign;
    if (!c)
        return ADCOV_OK;
    /* changes.csv and simulation.csv of an earlier run into this folder would be taken for this one's:
     * removed when this run makes none */
    static const char *const names[] = {"run.json", "problems.csv", "changes.csv", "scores.csv", "simulation.csv"};
    adcov_status st = ADCOV_OK;
    for (int i = 0; !st && i < 5; i++) {
        char *path = adcov_sprintf("%s/%s", dir, names[i]);
        if (!path)
            return adcov_fail(ctx, ADCOV_ENOMEM, "%s: out of memory", dir);
        switch (i) {
        case 0: st = write_run(ctx, res, rb, phase, path); break;
        case 1: st = write_problems(ctx, res, rb, path); break;
        case 2: st = c->previous ? adcov_progress_write(ctx, res, rb, c, path) : (remove(path), ADCOV_OK); break;
        case 3: st = adcov_scores_write(ctx, res, rb, c, path); break;
        default: st = c->sim.draws ? adcov_simulation_write(ctx, res, rb, c, path) : (remove(path), ADCOV_OK); break;
        }
        free(path);
    }
    return st;
}
