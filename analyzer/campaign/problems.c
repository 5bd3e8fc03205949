#define _GNU_SOURCE /* qsort_r */
/* The problems of a run and their ids (SPEC §13): one per gap, failing site row and ad to rectify. */
#include "campaign.h"
#include "campaign_internal.h"
#include "duty.h"
#include "vocab.h"

#include <stdlib.h>
#include <string.h>

static adcov_status nomem(adcov_ctx *ctx) { return adcov_fail(ctx, ADCOV_ENOMEM, "problems: out of memory"); }

static adcov_status push(adcov_ctx *ctx, adcov_campaign *c, size_t *cap, adcov_problem p)
{
    if (!p.id || !p.place || !p.now || adcov_grow((void **)&c->problems, cap, c->nproblems + 1, sizeof *c->problems)) {
        free(p.id), free(p.place), free(p.now);
        return nomem(ctx);
    }
    c->problems[c->nproblems++] = p;
    return ADCOV_OK;
}

/* A gap's id when first seen: rule, street, class and the chainage where it begins. */
static char *gap_id(const adcov_rule *rule, const adcov_stretch_info *si, double from)
{
    char k[24];
    return adcov_sprintf("%s/%s/%s/%s", rule->id, si->street, adcov_vocab_word(ADCOV_VOCAB_CLASS, si->klass),
                         adcov_chainage_k(from, k, sizeof k));
}

static adcov_status gap_problems(adcov_ctx *ctx, const adcov_result *res, const adcov_rulebook *rb, adcov_phase phase,
                                 adcov_campaign *c, size_t *cap)
{
    adcov_status st = ADCOV_OK;
    for (size_t i = 0; !st && i < res->nresults; i++) {
        const adcov_street_result *sr = &res->results[i];
        const adcov_stretch_info *si = &res->stretches[sr->stretch];
        const adcov_rule *rule = &rb->rules[sr->rule];
        c->gap_first[i] = c->nproblems;
        for (size_t g = 0; !st && g < sr->windows.ngaps; g++) {
            const adcov_gap *gap = &sr->windows.gaps[g];
            char a[24], b[24];
            adcov_problem p = {.kind = ADCOV_PROBLEM_GAP, .rule = sr->rule, .item = i, .gap = g, .street = si->street,
                               .klass = si->klass, .duty = si->duty, .from = gap->from, .to = gap->to, .district = -1,
                               .in_zone = sr->gap_in_zone && sr->gap_in_zone[g]};
            p.id = gap_id(rule, si, gap->from);
            p.place = adcov_sprintf("%s %s–%s", si->street, adcov_chainage_k(gap->from, a, sizeof a),
                                    adcov_chainage_k(gap->to, b, sizeof b));
            p.now = adcov_shortfall(rule, gap->worst, NULL, rule->nquotas, phase);
            for (int k = 0; k < 3; k++)
                adcov_polyline_at(&si->s.line, gap->from + k * (gap->to - gap->from) / 2, &p.x[k], &p.y[k]);
            st = push(ctx, c, cap, p);
        }
    }
    return st;
}

/* What a failing site row lacks: its own words, the square metres or shares, or the quotas short. */
static char *site_now(const adcov_site_result *s, const adcov_rule *rule, adcov_phase phase)
{
    if (s->has_value)
        return adcov_sprintf("%.10g/%.10g%s%s", s->value, s->required, s->shortfall && *s->shortfall ? "; " : "",
                             s->shortfall ? s->shortfall : "");
    return adcov_shortfall(rule, s->counts, s->need, s->nquotas, phase);
}

/* A carrier's row is part of its class's problem (the status is the class's, §10): the class row of the
 * same rule and name, which comes before it. */
static size_t class_problem(const adcov_result *res, const adcov_campaign *c, size_t i)
{
    const adcov_site_result *s = &res->sites[i];
    for (size_t k = 0; k < i; k++) {
        const adcov_site_result *t = &res->sites[k];
        if (t->rule == s->rule && t->kind && !strcmp(t->kind, "carrier_class") && !strcmp(t->name, s->name))
            return c->site_problem[k];
    }
    return SIZE_MAX;
}

static adcov_status site_problems(adcov_ctx *ctx, const adcov_result *res, const adcov_rulebook *rb,
                                  adcov_phase phase, adcov_campaign *c, size_t *cap)
{
    adcov_status st = ADCOV_OK;
    for (size_t i = 0; !st && i < res->nsites; i++) {
        const adcov_site_result *s = &res->sites[i];
        c->site_problem[i] = SIZE_MAX;
        if (s->status != ADCOV_SITE_FAIL)
            continue;
        if (s->kind && !strcmp(s->kind, "carrier")) {
            c->site_problem[i] = class_problem(res, c, i);
            continue;
        }
        const adcov_rule *rule = &rb->rules[s->rule];
        adcov_problem p = {.kind = ADCOV_PROBLEM_SITE, .rule = s->rule, .item = i, .duty = s->duty ? s->duty : "",
                           .x = {s->cx, s->cx, s->cx}, .y = {s->cy, s->cy, s->cy}, .district = -1, .in_zone = s->in_zone};
        p.id = adcov_sprintf("%s/%s", rule->id, s->id);
        p.place = s->name && *s->name && strcmp(s->name, s->id) ? adcov_sprintf("%s（%s）", s->name, s->id)
                                                                : adcov_strdup(s->id);
        p.now = site_now(s, rule, phase);
        c->site_problem[i] = c->nproblems;
        st = push(ctx, c, cap, p);
    }
    return st;
}

/* The file name of a source "path:layer", with its layer. */
static const char *base_name(const char *where)
{
    const char *slash = strrchr(where, '/');
    return slash ? slash + 1 : where;
}

static int ads_by_id(const void *a, const void *b, void *arg)
{
    const adcov_ad *ads = arg;
    return strcmp(ads[*(const size_t *)a].id, ads[*(const size_t *)b].id);
}

static int needs_crew(const adcov_ad *a) { return a->bad || a->condition != ADCOV_COND_GOOD; }

/* Per ad, 1 when another ad to rectify (of another source: one source may not repeat an id) has its id;
 * none when the ads come from one source. */
static unsigned char *repeated_ids(const adcov_result *res)
{
    size_t n = res->nads, *order = adcov_malloc((n + 1) * sizeof *order), m = 0;
    unsigned char *rep = adcov_calloc(n + 1, 1);
    if (!order || !rep) {
        free(order), free(rep);
        return NULL;
    }
    int several = 0;
    for (size_t i = 1; i < n && !several; i++)
        several = res->ads[i].source != res->ads[0].source;
    for (size_t i = 0; several && i < n; i++)
        if (needs_crew(&res->ads[i]))
            order[m++] = i;
    qsort_r(order, m, sizeof *order, ads_by_id, res->ads);
    n = m;
    for (size_t i = 1; i < n; i++)
        if (!strcmp(res->ads[order[i]].id, res->ads[order[i - 1]].id))
            rep[order[i]] = rep[order[i - 1]] = 1;
    free(order);
    return rep;
}

/* An ad's id is "ad/" and its id; when two ads to rectify from two sources have the same id (two
 * departments both numbering from 1), those ads' ids also name their source file: "ad/城管局台账.xlsx:公益广告/17". A source renamed from
 * week to week (台账_1203.xlsx) keeps every other ad's id. */
static adcov_status ad_problems(adcov_ctx *ctx, const adcov_result *res, adcov_campaign *c, size_t *cap)
{
    unsigned char *rep = repeated_ids(res);
    adcov_status st = rep ? ADCOV_OK : nomem(ctx);
    for (size_t i = 0; !st && i < res->nads; i++) {
        const adcov_ad *a = &res->ads[i];
        c->ad_problem[i] = SIZE_MAX;
        if (!needs_crew(a))
            continue;
        adcov_problem p = {.kind = ADCOV_PROBLEM_AD, .rule = SIZE_MAX, .item = i, .duty = adcov_duty_of_ad(res, a),
                           .x = {a->x, a->x, a->x}, .y = {a->y, a->y, a->y}, .district = -1, .in_zone = a->in_zone};
        p.id = rep[i] ? adcov_sprintf("ad/%s/%s", base_name(a->where), a->id) : adcov_sprintf("ad/%s", a->id);
        long k = a->near_stretch;
        p.place = k >= 0 ? adcov_sprintf("%s %s", res->stretches[k].street, a->id) : adcov_strdup(a->id);
        p.now = a->bad ? adcov_sprintf("%s", a->bad) : adcov_strdup(adcov_vocab_word(ADCOV_VOCAB_CONDITION, a->condition));
        c->ad_problem[i] = c->nproblems;
        st = push(ctx, c, cap, p);
    }
    free(rep);
    return st;
}

adcov_status adcov_problems_list(adcov_ctx *ctx, const adcov_result *res, const adcov_rulebook *rb, adcov_phase phase,
                                 adcov_campaign *c)
{
    size_t cap = 0;
    c->gap_first = adcov_calloc(res->nresults + 1, sizeof *c->gap_first);
    c->site_problem = adcov_calloc(res->nsites + 1, sizeof *c->site_problem);
    c->ad_problem = adcov_calloc(res->nads + 1, sizeof *c->ad_problem);
    if (!c->gap_first || !c->site_problem || !c->ad_problem)
        return nomem(ctx);
    adcov_status st = gap_problems(ctx, res, rb, phase, c, &cap);
    if (!st)
        st = site_problems(ctx, res, rb, phase, c, &cap);
    if (!st)
        st = ad_problems(ctx, res, c, &cap);
    return st;
}

/* ---- unique ids: a repeated id (two stretches of one street with a gap at the same chainage, two
 * sources numbering their sites alike) takes "-2", "-3" … in the order of the problems; an id the
 * earlier run gave (reserved) is never taken by another problem ---- */

typedef struct {
    const char *id;
    int rank;       /* 0 reserved, 1 an inherited id, 2 a fresh one: the first of a run keeps its id */
    size_t problem; /* SIZE_MAX: reserved */
} id_entry;

static int by_id(const void *a, const void *b)
{
    const id_entry *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    if (!c)
        c = x->rank - y->rank;
    return c ? c : x->problem < y->problem ? -1 : x->problem > y->problem;
}

/* One pass: the new names of the repeated ids into fresh (per problem); 1 when some was renamed. */
static int rename_repeats(id_entry *e, size_t n, char **fresh, int *failed)
{
    int renamed = 0;
    qsort(e, n, sizeof *e, by_id);
    for (size_t i = 1, run = 1; i < n; i++) {
        run = strcmp(e[i].id, e[i - 1].id) ? 1 : run + 1;
        if (run == 1 || e[i].rank < 2)
            continue;
        if (!(fresh[e[i].problem] = adcov_sprintf("%s-%zu", e[i].id, run)))
            *failed = 1;
        renamed = 1;
    }
    return renamed;
}

adcov_status adcov_problems_unique(adcov_ctx *ctx, adcov_campaign *c, const unsigned char *keep, const char *const *reserved,
                                   size_t nreserved)
{
    size_t n = c->nproblems + nreserved;
    id_entry *e = adcov_malloc((n ? n : 1) * sizeof *e);
    char **fresh = adcov_calloc(c->nproblems + 1, sizeof *fresh);
    int failed = !e || !fresh;
    for (int round = 0, renamed = 1; !failed && renamed && round < 8; round++) {
        for (size_t i = 0; i < c->nproblems; i++)
            e[i] = (id_entry){c->problems[i].id, keep && keep[i] ? 1 : 2, i};
        for (size_t i = 0; i < nreserved; i++)
            e[c->nproblems + i] = (id_entry){reserved[i], 0, SIZE_MAX};
        renamed = rename_repeats(e, n, fresh, &failed);
        for (size_t i = 0; i < c->nproblems; i++)
            if (fresh[i]) {
                free(c->problems[i].id);
                c->problems[i].id = fresh[i];
                fresh[i] = NULL;
            }
    }
    free(e);
    free(fresh);
    return failed ? nomem(ctx) : ADCOV_OK;
}
