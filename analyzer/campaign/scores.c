/* Scores per 责任单位 and per district (SPEC §13): per rule, the places checked (a walked stretch, a
 * site, a hoarding, a carrier class) and those that pass; 达标率 = passed / checked; the ranking (红黑榜)
 * by 达标率 over all rules. A stretch belongs to the district that holds the larger share of it, a
 * site to the one its centre lies in; a failure (problem) likewise, a gap by the larger share. */
#include "campaign.h"
#include "campaign_internal.h"
#include "out.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    adcov_score *s;
    size_t n, cap;
    size_t nrules;
} table;

/* The score row of unit (a duty unit or a district), made when missing. */
static adcov_score *row_of(table *t, const char *unit, int district)
{
    for (size_t i = 0; i < t->n; i++)
        if (t->s[i].district == district && !strcmp(t->s[i].unit, unit))
            return &t->s[i];
    if (adcov_grow((void **)&t->s, &t->cap, t->n + 1, sizeof *t->s))
        return NULL;
    adcov_score *s = &t->s[t->n];
    *s = (adcov_score){.unit = unit, .district = district};
    s->checked = adcov_calloc(t->nrules + 1, sizeof *s->checked);
    s->passed = adcov_calloc(t->nrules + 1, sizeof *s->passed);
    if (!s->checked || !s->passed) {
        free(s->checked), free(s->passed);
        return NULL;
    }
    t->n++;
    return s;
}

static int count(table *t, const char *unit, int district, size_t rule, int pass)
{
    adcov_score *s = row_of(t, unit, district);
    if (!s)
        return 0;
    s->checked[rule]++, s->places++;
    s->passed[rule] += (size_t)pass, s->places_passed += (size_t)pass;
    return 1;
}

static const char *district_name(const adcov_result *res, long d) { return d >= 0 ? res->districts[d].name : ""; }

/* Every place judged, into the rows of its duty unit and of its district (when there are districts). */
static int count_places(const adcov_result *res, const adcov_campaign *c, table *t)
{
    int ok = 1, districts = res->ndistricts > 0;
    for (size_t i = 0; ok && i < res->nresults; i++) {
        const adcov_street_result *sr = &res->results[i];
        const adcov_stretch_info *si = &res->stretches[sr->stretch];
        ok = count(t, si->duty, 0, sr->rule, sr->pass) &&
             (!districts || count(t, district_name(res, c->stretch_district[sr->stretch]), 1, sr->rule, sr->pass));
    }
    for (size_t i = 0; ok && i < res->nsites; i++) {
        const adcov_site_result *s = &res->sites[i];
        if (s->status == ADCOV_SITE_UNKNOWN || (s->kind && !strcmp(s->kind, "carrier")))
            continue; /* unknown is not judged; a carrier takes its class's status, which is counted */
        int pass = s->status == ADCOV_SITE_PASS;
        ok = count(t, s->duty ? s->duty : "", 0, s->rule, pass) &&
             (!districts || count(t, district_name(res, c->site_district[i]), 1, s->rule, pass));
    }
    return ok;
}

static double rate(const adcov_score *s) { return isnan(s->rate) ? -1 : s->rate; } /* none checked: last */

/* Duty units first, then districts; each by 达标率 (higher first), then name. */
static int by_rank(const void *a, const void *b)
{
    const adcov_score *x = a, *y = b;
    if (x->district != y->district)
        return x->district - y->district;
    double rx = rate(x), ry = rate(y);
    if (rx != ry)
        return rx > ry ? -1 : 1;
    return strcmp(x->unit, y->unit);
}

adcov_status adcov_scores_build(adcov_ctx *ctx, const adcov_result *res, const adcov_rulebook *rb, adcov_campaign *c)
{
    table t = {.nrules = rb->nrules};
    int ok = count_places(res, c, &t);
    for (size_t i = 0; ok && i < c->nproblems; i++) { /* a unit with failures only (ads) is listed too */
        const adcov_problem *p = &c->problems[i];
        adcov_score *s = row_of(&t, p->duty, 0);
        if (s)
            *(p->kind == ADCOV_PROBLEM_AD ? &s->ads : &s->failures) += 1;
        if (s && p->district >= 0 && (s = row_of(&t, res->districts[p->district].name, 1)))
            *(p->kind == ADCOV_PROBLEM_AD ? &s->ads : &s->failures) += 1;
        ok = s != NULL;
    }
    c->scores = t.s, c->nscores = t.n;
    if (!ok)
        return adcov_fail(ctx, ADCOV_ENOMEM, "scores: out of memory");
    for (size_t k = 0; k < c->nscores; k++)
        c->scores[k].rate = c->scores[k].places ? (double)c->scores[k].places_passed / (double)c->scores[k].places : NAN;
    qsort(c->scores, c->nscores, sizeof *c->scores, by_rank);
    for (size_t k = 0, start = 0; k < c->nscores; k++) { /* equal 达标率 share a rank: 1, 1, 3 */
        adcov_score *s = &c->scores[k], *prev = k ? &c->scores[k - 1] : NULL;
        if (!prev || prev->district != s->district)
            start = k;
        s->rank = prev && k > start && rate(prev) == rate(s) ? prev->rank : k - start + 1;
    }
    return ADCOV_OK;
}

adcov_status adcov_scores_write(adcov_ctx *ctx, const adcov_result *res, const adcov_rulebook *rb,
                                const adcov_campaign *c, const char *path)
{
    (void)res;
    static const char *const head[] = {"level", "unit", "rank", "rule", "checked", "passed", "rate_pct", "failures", "ads_to_rectify"};
    adcov_textfile *t = NULL;
    FILE *f = NULL;
    adcov_status st = adcov_campaign_csv_open(ctx, path, head, 9, &t, &f);
    if (st)
        return st;
    for (size_t k = 0; k < c->nscores; k++) {
        const adcov_score *s = &c->scores[k];
        for (size_t r = 0; r <= rb->nrules; r++) { /* all rules first, then each rule that checked something */
            size_t checked = r ? s->checked[r - 1] : s->places, passed = r ? s->passed[r - 1] : s->places_passed;
            if (r && !checked)
                continue;
            char rank[32], nc[32], np[32], pct[32], nf[32], na[32];
            snprintf(rank, sizeof rank, "%zu", s->rank);
            snprintf(nc, sizeof nc, "%zu", checked);
            snprintf(np, sizeof np, "%zu", passed);
            double v = checked ? (double)passed / (double)checked : NAN;
            snprintf(pct, sizeof pct, "%.1f", 100 * v);
            snprintf(nf, sizeof nf, "%zu", s->failures);
            snprintf(na, sizeof na, "%zu", s->ads);
            const char *cells[] = {s->district ? "district" : "duty", s->unit, rank, r ? rb->rules[r - 1].id : "all",
                                   nc, np, isnan(v) ? "" : pct, r ? "" : nf, r ? "" : na};
            adcov_csv_row(f, cells, 9);
        }
    }
    return adcov_textfile_commit(ctx, t);
}
