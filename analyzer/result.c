#include "result.h"
#include "campaign.h"
#include "vocab.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct adcov_pool_block {
    adcov_pool_block *next;
    size_t used, cap;
    char text[];
};

const char *adcov_result_keep(adcov_result *res, const char *s)
{
    size_t n = strlen(s) + 1;
    adcov_pool_block *b = res->pool;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > 65536 ? n : 65536;
        if (!(b = adcov_malloc(sizeof *b + cap)))
            return NULL;
        b->next = res->pool, b->used = 0, b->cap = cap;
        res->pool = b;
    }
    char *out = memcpy(b->text + b->used, s, n);
    b->used += n;
    return out;
}

void adcov_site_rows_free(adcov_site_rows *rows)
{
    for (size_t i = 0; i < rows->n; i++) {
        adcov_site_result *s = &rows->items[i];
        free(s->id);
        free(s->name);
        free(s->duty);
        free(s->type);
        free(s->wkb);
        free(s->isovist_wkb);
        free(s->shortfall);
        free(s->counted);
    }
    free(rows->items);
    *rows = (adcov_site_rows){0};
}

adcov_status adcov_result_add_sites(adcov_ctx *ctx, adcov_result *res, adcov_site_rows *rows)
{
    if (!rows->n)
        return ADCOV_OK;
    if (adcov_grow((void **)&res->sites, &res->capsites, res->nsites + rows->n, sizeof *res->sites))
        return adcov_fail(ctx, ADCOV_ENOMEM, "sites: out of memory");
    memcpy(res->sites + res->nsites, rows->items, rows->n * sizeof *rows->items);
    res->nsites += rows->n;
    free(rows->items);
    *rows = (adcov_site_rows){0};
    return ADCOV_OK;
}

static int by_feature(const void *key, const void *item)
{
    const adcov_photo_row *k = key, *p = item;
    if (k->role != p->role)
        return k->role < p->role ? -1 : 1;
    return k->feature < p->feature ? -1 : k->feature > p->feature;
}

const adcov_photo_row *adcov_result_photo(const adcov_result *res, int role, size_t feature)
{
    adcov_photo_row key = {.role = role, .feature = feature};
    return res->nphotos ? bsearch(&key, res->photos, res->nphotos, sizeof key, by_feature) : NULL;
}

void adcov_result_free(adcov_result *res)
{
    if (!res)
        return;
    for (size_t i = 0; i < res->nads; i++) {
        free(res->ads[i].id);
        free(res->ads[i].bad);
        free(res->ads[i].theme);
        free(res->ads[i].theme_norm);
        free(res->ads[i].duty);
    }
    free(res->ads);
    free(res->stop_rep[0]);
    free(res->stop_rep[1]);
    for (size_t i = 0; i < res->nstretches; i++) {
        free(res->stretches[i].id);
        free(res->stretches[i].street);
        free(res->stretches[i].duty);
        adcov_polyline_free(&res->stretches[i].s.line);
        free(res->stretches[i].s.features);
    }
    free(res->stretches);
    for (size_t i = 0; i < res->nresults; i++) {
        adcov_window_result_free(&res->results[i].windows);
        free(res->results[i].gap_in_zone);
        free(res->results[i].suggestions);
        free(res->results[i].counted);
    }
    free(res->results);
    for (size_t i = 0; i < res->nphotos; i++) {
        adcov_photo_row *p = &res->photos[i];
        free(p->id), free(p->folder), free(p->file), free(p->time_text), free(p->thumb), free(p->large);
    }
    free(res->photos);
    free(res->accounts);
    for (adcov_pool_block *b = res->pool, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    for (size_t i = 0; i < res->nsources; i++)
        free(res->sources[i]);
    free(res->sources);
    adcov_site_rows all = {res->sites, res->nsites, res->capsites};
    adcov_site_rows_free(&all);
    for (size_t i = 0; i < res->nzones; i++) {
        free(res->zones[i].id);
        free(res->zones[i].name);
        free(res->zones[i].wkb);
    }
    free(res->zones);
    for (size_t i = 0; i < res->ndistricts; i++) {
        free(res->districts[i].id);
        free(res->districts[i].name);
        free(res->districts[i].code);
        free(res->districts[i].wkb);
    }
    free(res->districts);
    adcov_campaign_free(res->campaign);
    free(res->tallies);
    if (res->crs)
        OSRRelease(res->crs);
    free(res);
}

typedef struct {
    adcov_ad_list *list;
    adcov_result *res;
    int failed;
} box_query;

static void collect_in_box(size_t id, void *user)
{
    box_query *q = user;
    adcov_ad_list *l = q->list;
    if (adcov_grow((void **)&l->items, &l->cap, l->n + 1, sizeof *l->items)) {
        q->failed = 1;
        return;
    }
    l->items[l->n++] = &q->res->ads[id];
}

static int by_address(const void *a, const void *b)
{
    const adcov_ad *x = *(const adcov_ad *const *)a, *y = *(const adcov_ad *const *)b;
    return x < y ? -1 : x > y;
}


adcov_status adcov_ads_in_box(adcov_ctx *ctx, const adcov_boxes *index, adcov_result *res, double xmin, double ymin,
                              double xmax, double ymax, adcov_ad_list *out)
{
    box_query q = {out, res, 0};
    out->n = 0;
    adcov_boxes_query(index, xmin, ymin, xmax, ymax, collect_in_box, &q);
    if (q.failed)
        return adcov_fail(ctx, ADCOV_ENOMEM, "ads: out of memory");
    if (out->n > 1)
        qsort(out->items, out->n, sizeof *out->items, by_address);
    return ADCOV_OK;
}

unsigned adcov_ad_quota_bits(const adcov_rule *rule, const adcov_ad *a, int *medium_ok)
{
    *medium_ok = 0;
    if (a->bad || a->kind != ADCOV_KIND_PSA || a->condition != ADCOV_COND_GOOD)
        return 0;
    unsigned bits = 0;
    for (size_t q = 0; q < rule->nquotas && q < ADCOV_MAX_QUOTAS; q++) {
        const adcov_quota *qu = &rule->quotas[q];
        if (!(qu->media & (1u << a->medium)))
            continue;
        *medium_ok = 1;
        int theme_ok = qu->nthemes == 0;
        for (size_t t = 0; !theme_ok && t < qu->nthemes; t++)
            theme_ok = adcov_theme_has(a->theme_norm, qu->themes[t]);
        if (theme_ok)
            bits |= 1u << q;
    }
    return bits;
}

const char *adcov_ad_excluded(const adcov_ad *a)
{
    if (a->counted_rules)
        return "";
    if (a->bad)
        return "unknown_value";
    if (a->kind != ADCOV_KIND_PSA)
        return "kind";
    if (a->condition != ADCOV_COND_GOOD)
        return "condition";
    if (a->medium == ADCOV_MEDIUM_BANNER)
        return "medium";
    if (a->visible_rules)
        return a->medium_counts ? "theme" : "medium";
    return "not_visible";
}

/* ---- words and numbers several writers need ---- */

const char *adcov_chainage_k(double m, char *buf, size_t size)
{
    long v = lround(m);
    snprintf(buf, size, "K%ld+%03ld", v / 1000, v % 1000);
    return buf;
}

int adcov_result_failed(const adcov_result *res)
{
    for (size_t i = 0; i < res->nresults; i++)
        if (!res->results[i].pass)
            return 1;
    for (size_t i = 0; i < res->nsites; i++) /* unknown does not fail the run (SPEC §10) */
        if (res->sites[i].status == ADCOV_SITE_FAIL)
            return 1;
    return 0;
}

char *adcov_shortfall(const adcov_rule *rule, const int *found, const double *need, size_t n, adcov_phase phase)
{
    char *out = adcov_strdup("");
    for (size_t q = 0; out && q < n && q < rule->nquotas && q < ADCOV_MAX_QUOTAS; q++) {
        double k = need ? need[q] : rule->quotas[q].count[phase];
        if (found[q] >= k)
            continue;
        char *next = adcov_sprintf("%s%s%s %d/%g", out, *out ? "; " : "", rule->quotas[q].label, found[q], k);
        free(out);
        out = next;
    }
    return out;
}

/* Metres of the stretch inside some gap: gaps of one stretch may overlap (two failing runs closer
 * than a window), and a metre of street is counted once. Gaps come in increasing order of start. */
double adcov_gap_metres(const adcov_street_result *sr)
{
    double m = 0, end = -INFINITY;
    for (size_t g = 0; g < sr->windows.ngaps; g++) {
        double from = fmax(sr->windows.gaps[g].from, end), to = sr->windows.gaps[g].to;
        if (to > from)
            m += to - from;
        end = fmax(end, to);
    }
    return m;
}

static void rule_tally(const adcov_result *res, const adcov_rulebook *rb, size_t k, adcov_tally *t)
{
    const adcov_rule *rule = &rb->rules[k];
    memset(t, 0, sizeof *t);
    if (rule->places == ADCOV_PLACES_STRETCHES) {
        for (size_t i = 0; i < res->nresults; i++)
            if (res->results[i].rule == k) {
                t->checked++;
                t->passed += res->results[i].pass;
                t->failed += !res->results[i].pass;
                t->gap_km += adcov_gap_metres(&res->results[i]) / 1000;
            }
        return;
    }
    int carrier = rule->places == ADCOV_PLACES_CARRIERS;
    for (size_t i = 0; i < res->nsites; i++) {
        const adcov_site_result *s = &res->sites[i];
        if (s->rule != k || (carrier && s->kind && strcmp(s->kind, "carrier_class")))
            continue;
        t->checked++;
        t->passed += s->status == ADCOV_SITE_PASS;
        t->failed += s->status == ADCOV_SITE_FAIL;
        t->unknown += s->status == ADCOV_SITE_UNKNOWN;
    }
}

adcov_status adcov_result_tally(adcov_ctx *ctx, adcov_result *res, const adcov_rulebook *rb)
{
    free(res->tallies);
    if (!(res->tallies = adcov_calloc(rb->nrules ? rb->nrules : 1, sizeof *res->tallies)))
        return adcov_fail(ctx, ADCOV_ENOMEM, "out of memory");
    for (size_t k = 0; k < rb->nrules; k++)
        rule_tally(res, rb, k, &res->tallies[k]);
    return ADCOV_OK;
}
