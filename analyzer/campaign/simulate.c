#define _GNU_SOURCE /* qsort_r */
/* The mock inspection (模拟测评, SPEC §13). A draw takes, per sampled rule, `draws` places: for a street
 * rule, windows centred on points drawn uniformly along its checked stretches (each independent); for a
 * site rule, sites that pass or fail, without replacement. Its score is Σ weight × passing / drawn over
 * Σ weight. The exact expected score follows in closed form: a site rule's expected share is passed /
 * judged (each site is as likely to be drawn); a street rule's is the share of the stretches' length
 * whose centred window passes. The random numbers are our own (xoshiro256**, seeded by splitmix64), so
 * that one seed gives the same draws on every machine. */
#include "campaign.h"
#include "campaign_internal.h"
#include "out.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- random numbers ---- */

typedef struct {
    uint64_t s[4];
} rng;

static uint64_t splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static void rng_seed(rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix(&seed);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t rng_next(rng *r)
{
    uint64_t *s = r->s, out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0], s[3] ^= s[1], s[1] ^= s[2], s[0] ^= s[3], s[2] ^= t, s[3] = rotl(s[3], 45);
    return out;
}

static double rng_unit(rng *r) { return (double)(rng_next(r) >> 11) * 0x1.0p-53; } /* [0, 1) */

static size_t rng_below(rng *r, size_t n) /* uniform in [0, n), without modulo bias */
{
    uint64_t limit = UINT64_MAX - UINT64_MAX % n, x;
    while ((x = rng_next(r)) >= limit)
        ;
    return (size_t)(x % n);
}

/* ---- the places of one rule ---- */

typedef struct {
    size_t result;           /* index in res->results */
    double length, start;    /* L, and where it starts along all of the rule's stretches */
    double window;           /* W' = min(W, L) */
    int fixed;
} stretch_place;

typedef struct {
    size_t rule;
    double weight;
    size_t draws;
    int street;
    stretch_place *stretches; /* street rules */
    size_t nstretches;
    double length;           /* of all of them */
    unsigned char *site_pass; /* site rules: per site judged, 1 when it passes */
    size_t *site_row;        /* … and its row in res->sites */
    size_t nsites;
    double expected;         /* the exact expected share of passing places */
} sampled_rule;

/* The chainages t of a stretch from which the centred window fails, as a length: a failing run of
 * starts [a, b] is reached from t in [a, b] + W'/2, and from [0, W'/2] when a = 0, from [L − W'/2, L]
 * when b = L − W'. Fixed windows: the block that holds t is drawn, so the gaps' own length. */
static double fail_length(const stretch_place *sp, const adcov_gap *g)
{
    if (sp->fixed)
        return g->to - g->from;
    double span = sp->length - sp->window, a = g->from, b = g->to - sp->window;
    if (span <= 1e-9)
        return sp->length; /* one window only */
    double m = fmax(0, fmin(b, span) - fmax(a, 0));
    return m + (a <= 1e-9 ? sp->window / 2 : 0) + (b >= span - 1e-9 ? sp->window / 2 : 0);
}

/* Whether the window drawn at t of the stretch fails. */
static int window_fails(const adcov_result *res, const stretch_place *sp, double t)
{
    const adcov_window_result *w = &res->results[sp->result].windows;
    double span = sp->length - sp->window;
    if (span <= 1e-9)
        return w->ngaps > 0;
    double s = sp->fixed ? t : fmin(fmax(t - sp->window / 2, 0), span);
    for (size_t g = 0; g < w->ngaps; g++) {
        double a = w->gaps[g].from, b = sp->fixed ? w->gaps[g].to : w->gaps[g].to - sp->window;
        if (s >= a - 1e-9 && (sp->fixed ? s < b : s <= b + 1e-9))
            return 1;
    }
    return 0;
}

static int street_places(const adcov_result *res, const adcov_rule *rule, adcov_phase phase, sampled_rule *sr)
{
    double w = adcov_rule_param(rule, "window_m", phase), failing = 0;
    size_t n = 0;
    for (size_t i = 0; i < res->nresults; i++)
        n += res->results[i].rule == sr->rule;
    if (!(sr->stretches = adcov_malloc((n + 1) * sizeof *sr->stretches)))
        return 0;
    for (size_t i = 0; i < res->nresults; i++) {
        if (res->results[i].rule != sr->rule)
            continue;
        double len = adcov_polyline_length(&res->stretches[res->results[i].stretch].s.line);
        stretch_place *sp = &sr->stretches[sr->nstretches++];
        *sp = (stretch_place){i, len, sr->length, fmin(w, len), rule->fixed_windows};
        sr->length += len;
        for (size_t g = 0; g < res->results[i].windows.ngaps; g++)
            failing += fail_length(sp, &res->results[i].windows.gaps[g]);
    }
    sr->expected = sr->length > 0 ? 1 - failing / sr->length : 0;
    return 1;
}

/* A site rule's places: its rows that pass or fail (a carrier is judged with its class: the class). */
static int site_places(const adcov_result *res, sampled_rule *sr)
{
    size_t passed = 0;
    sr->site_pass = adcov_malloc(res->nsites + 1);
    sr->site_row = adcov_malloc((res->nsites + 1) * sizeof *sr->site_row);
    if (!sr->site_pass || !sr->site_row)
        return 0;
    for (size_t i = 0; i < res->nsites; i++) {
        const adcov_site_result *s = &res->sites[i];
        if (s->rule != sr->rule || s->status == ADCOV_SITE_UNKNOWN || (s->kind && !strcmp(s->kind, "carrier")))
            continue;
        sr->site_row[sr->nsites] = i;
        passed += (sr->site_pass[sr->nsites++] = s->status == ADCOV_SITE_PASS);
    }
    sr->expected = sr->nsites ? (double)passed / (double)sr->nsites : 0;
    return 1;
}

static void rules_free(sampled_rule *rules, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(rules[i].stretches);
        free(rules[i].site_pass);
        free(rules[i].site_row);
    }
    free(rules);
}

/* The sampled rules that were checked and have a place to draw. */
static adcov_status sampled_rules(adcov_ctx *ctx, const adcov_result *res, const adcov_rulebook *rb, adcov_phase phase,
                                  sampled_rule **out, size_t *nout)
{
    sampled_rule *rules = adcov_calloc(rb->nrules + 1, sizeof *rules);
    size_t n = 0;
    if (!rules)
        return adcov_fail(ctx, ADCOV_ENOMEM, "simulation: out of memory");
    for (size_t k = 0; k < rb->nrules; k++) {
        const adcov_rule *rule = &rb->rules[k];
        if (!rule->sampled || !rule->selected)
            continue;
        sampled_rule *sr = &rules[n++];
        *sr = (sampled_rule){.rule = k, .weight = rule->weight, .draws = rule->draws,
                             .street = rule->places == ADCOV_PLACES_STRETCHES};
        if (!(sr->street ? street_places(res, rule, phase, sr) : site_places(res, sr))) {
            rules_free(rules, n);
            return adcov_fail(ctx, ADCOV_ENOMEM, "simulation: out of memory");
        }
        if (sr->street ? !(sr->length > 0) : !sr->nsites)
            free(sr->stretches), free(sr->site_pass), free(sr->site_row), n--; /* nothing to draw */
    }
    *out = rules, *nout = n;
    return ADCOV_OK;
}

/* ---- one draw ---- */

static double draw_street(const adcov_result *res, const sampled_rule *sr, rng *r)
{
    size_t passed = 0;
    for (size_t d = 0; d < sr->draws; d++) {
        double t = rng_unit(r) * sr->length;
        size_t lo = 0, hi = sr->nstretches - 1; /* the last stretch starting at or before t */
        while (lo < hi) {
            size_t mid = (lo + hi + 1) / 2;
            if (sr->stretches[mid].start <= t)
                lo = mid;
            else
                hi = mid - 1;
        }
        const stretch_place *sp = &sr->stretches[lo];
        passed += !window_fails(res, sp, fmin(t - sp->start, sp->length));
    }
    return (double)passed / (double)sr->draws;
}

/* k of the n sites without replacement (a partial Fisher-Yates shuffle of order, which it keeps). */
static double draw_sites(const sampled_rule *sr, size_t *order, rng *r, size_t *drawn)
{
    size_t n = sr->nsites, k = sr->draws < n ? sr->draws : n, passed = 0;
    for (size_t i = 0; i < k; i++) {
        size_t j = i + rng_below(r, n - i), t = order[i];
        order[i] = order[j], order[j] = t;
        passed += sr->site_pass[order[i]];
    }
    *drawn = k;
    return (double)passed / (double)k;
}

/* ---- the gains: what fixing one problem adds to the expected score ---- */

static double problem_gain(const adcov_result *res, const adcov_problem *p, const sampled_rule *rules, size_t n,
                           double weights)
{
    for (size_t i = 0; i < n; i++) {
        const sampled_rule *sr = &rules[i];
        if (p->kind == ADCOV_PROBLEM_AD || p->rule != sr->rule)
            continue;
        if (p->kind == ADCOV_PROBLEM_SITE)
            return sr->weight / weights / (double)sr->nsites;
        for (size_t k = 0; k < sr->nstretches; k++)
            if (sr->stretches[k].result == p->item)
                return sr->weight / weights * fail_length(&sr->stretches[k], &res->results[p->item].windows.gaps[p->gap]) /
                       sr->length;
    }
    return 0;
}

static int by_gain(const void *a, const void *b, void *arg)
{
    const adcov_gain *x = a, *y = b;
    const adcov_campaign *c = arg;
    if (x->gain != y->gain)
        return x->gain > y->gain ? -1 : 1;
    return strcmp(c->problems[x->problem].id, c->problems[y->problem].id);
}

static adcov_status top_gains(adcov_ctx *ctx, const adcov_result *res, const sampled_rule *rules, size_t n,
                              double weights, adcov_campaign *c)
{
    adcov_gain *all = adcov_malloc((c->nproblems + 1) * sizeof *all);
    if (!all)
        return adcov_fail(ctx, ADCOV_ENOMEM, "simulation: out of memory");
    size_t k = 0;
    for (size_t i = 0; i < c->nproblems; i++) {
        double g = problem_gain(res, &c->problems[i], rules, n, weights);
        if (g > 0)
            all[k++] = (adcov_gain){i, g};
    }
    qsort_r(all, k, sizeof *all, by_gain, c);
    c->sim.ntop = k < 10 ? k : 10;
    memcpy(c->sim.top, all, c->sim.ntop * sizeof *all);
    free(all);
    return ADCOV_OK;
}

/* ---- the run ---- */

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The nearest-rank percentile of the sorted values: the ⌈q·N⌉-th. */
static double percentile(const double *sorted, size_t n, double q)
{
    size_t k = (size_t)ceil(q * (double)n);
    return sorted[k ? k - 1 : 0];
}

static adcov_status draw_all(adcov_ctx *ctx, const adcov_result *res, const sampled_rule *rules, size_t n,
                             double weights, adcov_simulation *sim)
{
    size_t all = 1, *first = adcov_malloc((n + 1) * sizeof *first); /* each site rule's own order */
    for (size_t i = 0; first && i < n; i++)
        first[i] = all - 1, all += rules[i].nsites;
    size_t *order = adcov_malloc(all * sizeof *order);
    double *sorted = adcov_malloc(sim->draws * sizeof *sorted);
    sim->shares = adcov_malloc(sim->draws * n * sizeof *sim->shares + sizeof *sim->shares);
    if (!first || !order || !sorted || !sim->shares) {
        free(first), free(order), free(sorted);
        return adcov_fail(ctx, ADCOV_ENOMEM, "simulation: out of memory");
    }
    for (size_t i = 0; i < n; i++) /* any order of a rule's sites: each draw shuffles the first k of it afresh */
        for (size_t k = 0; k < rules[i].nsites; k++)
            order[first[i] + k] = k;
    rng r;
    rng_seed(&r, sim->seed);
    double sum = 0;
    for (size_t d = 0; d < sim->draws; d++) {
        double score = 0;
        for (size_t i = 0; i < n; i++) {
            const sampled_rule *sr = &rules[i];
            size_t drawn = sr->draws;
            double share = sr->street ? draw_street(res, sr, &r) : draw_sites(sr, order + first[i], &r, &drawn);
            sim->shares[d * n + i] = share;
            score += sr->weight * share;
        }
        sorted[d] = score / weights;
        sum += sorted[d];
    }
    sim->mean = sum / (double)sim->draws;
    qsort(sorted, sim->draws, sizeof *sorted, by_value);
    sim->p5 = percentile(sorted, sim->draws, 0.05);
    sim->p95 = percentile(sorted, sim->draws, 0.95);
    free(first);
    free(order);
    free(sorted);
    return ADCOV_OK;
}

adcov_status adcov_simulation_run(adcov_ctx *ctx, const adcov_result *res, const adcov_rulebook *rb, adcov_phase phase,
                                  const adcov_campaign_opts *o, adcov_campaign *c)
{
    adcov_simulation *sim = &c->sim;
    sampled_rule *rules = NULL;
    size_t n = 0;
    adcov_status st = sampled_rules(ctx, res, rb, phase, &rules, &n);
    if (st)
        return st;
    if (!n) {
        rules_free(rules, n);
        return adcov_fail(ctx, ADCOV_EUSAGE, "--simulate: no rule of rulebook '%s' is both in its sampling section and "
                          "checked with a place to draw (add a sampling: section, or check its rules)", rb->name);
    }
    double weights = 0;
    sim->draws = o->simulate, sim->seed = o->seed, sim->nrules = n;
    sim->rules = adcov_malloc(n * sizeof *sim->rules);
    sim->rule_expected = adcov_malloc(n * sizeof *sim->rule_expected);
    if (!sim->rules || !sim->rule_expected)
        st = adcov_fail(ctx, ADCOV_ENOMEM, "simulation: out of memory");
    for (size_t i = 0; !st && i < n; i++) {
        sim->rules[i] = rules[i].rule;
        sim->rule_expected[i] = rules[i].expected;
        weights += rules[i].weight;
        sim->expected += rules[i].weight * rules[i].expected;
    }
    sim->expected /= weights;
    if (!st)
        st = draw_all(ctx, res, rules, n, weights, sim);
    if (!st)
        st = top_gains(ctx, res, rules, n, weights, c);
    rules_free(rules, n);
    return st;
}

/* simulation.csv: one row per draw, its score and each rule's passing / drawn share. */
adcov_status adcov_simulation_write(adcov_ctx *ctx, const adcov_result *res, const adcov_rulebook *rb,
                                    const adcov_campaign *c, const char *path)
{
    (void)res;
    const adcov_simulation *sim = &c->sim;
    adcov_textfile *t = NULL;
    FILE *f = NULL;
    adcov_status st = adcov_campaign_csv_open(ctx, path, (const char *const[]){"draw", "score"}, 0, &t, &f);
    if (st)
        return st;
    fprintf(f, "draw,score");
    for (size_t i = 0; i < sim->nrules; i++) {
        fputc(',', f);
        adcov_csv_field(f, rb->rules[sim->rules[i]].id);
    }
    fputs("\r\n", f);
    double weights = 0;
    for (size_t i = 0; i < sim->nrules; i++)
        weights += rb->rules[sim->rules[i]].weight;
    for (size_t d = 0; d < sim->draws; d++) {
        double score = 0;
        for (size_t i = 0; i < sim->nrules; i++)
            score += rb->rules[sim->rules[i]].weight * sim->shares[d * sim->nrules + i];
        fprintf(f, "%zu,%.6f", d + 1, score / weights);
        for (size_t i = 0; i < sim->nrules; i++)
            fprintf(f, ",%.6f", sim->shares[d * sim->nrules + i]);
        fputs("\r\n", f);
    }
    return adcov_textfile_commit(ctx, t);
}
