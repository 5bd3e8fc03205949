#include "window.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const adcov_seen *ad;
    double key;  /* first chainage in the window where it is visible */
    size_t rank; /* place of its id in text order: ties in key go by id */
} walk_item;

static int by_walk(const void *a, const void *b)
{
    const walk_item *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->rank < y->rank ? -1 : x->rank > y->rank;
}

/* First chainage of V(a) in [s, e], or NAN. */
static double first_seen(const adcov_seen *a, double s, double e)
{
    for (size_t i = 0; i < a->nspans; i++) {
        if (a->spans[i].t1 < s)
            continue;
        return a->spans[i].t0 <= e ? fmax(a->spans[i].t0, s) : NAN;
    }
    return NAN;
}

int adcov_places(const adcov_seen *const *ordered, size_t n, unsigned bit, double sep, double need,
                 const adcov_seen **counted)
{
    int k = 0;
    double sep2 = sep * sep;
    for (size_t i = 0; i < n && k < need; i++) {
        const adcov_seen *a = ordered[i];
        if (!(a->quotas & bit))
            continue;
        int absorbed = 0;
        for (int c = 0; c < k && !absorbed; c++) {
            double dx = a->x - counted[c]->x, dy = a->y - counted[c]->y;
            absorbed = dx * dx + dy * dy < sep2;
        }
        if (!absorbed)
            counted[k++] = a;
    }
    return k;
}

static int walk_order(const void *a, const void *b)
{
    const adcov_seen *x = *(const adcov_seen *const *)a, *y = *(const adcov_seen *const *)b;
    if (x->spans[0].t0 != y->spans[0].t0)
        return x->spans[0].t0 < y->spans[0].t0 ? -1 : 1;
    return strcmp(x->id, y->id);
}

long adcov_walk_counted(const adcov_window_spec *spec, const adcov_seen *seen, size_t n, size_t *out)
{
    const adcov_seen **order = adcov_malloc((n ? n : 1) * sizeof *order);
    const adcov_seen **counted = adcov_malloc((n ? n : 1) * sizeof *counted);
    unsigned char *taken = adcov_calloc(n ? n : 1, 1);
    long k = order && counted && taken ? 0 : -1;
    for (size_t i = 0; k == 0 && i < n; i++)
        order[i] = &seen[i];
    if (k == 0 && n)
        qsort(order, n, sizeof *order, walk_order);
    for (size_t q = 0; k == 0 && q < spec->nquotas; q++) {
        int c = adcov_places(order, n, 1u << q, spec->separation, INFINITY, counted);
        while (c-- > 0)
            taken[counted[c] - seen] = 1;
    }
    for (size_t i = 0; k >= 0 && i < n; i++)
        if (taken[order[i] - seen])
            out[k++] = (size_t)(order[i] - seen);
    free(order);
    free(counted);
    free(taken);
    return k;
}

/* The seen ads ordered by the start of their first span, so a window only looks at the ads whose
 * spans can reach it: those starting in [s - reach, e], reach being the longest V(a) extent. */
typedef struct {
    const adcov_seen **by_start;
    const adcov_seen **ordered; /* one window's ads in walk order */
    size_t *rank_of;  /* by_start[i]'s rank in id order */
    size_t n;
    double reach;
    walk_item *items;
    const adcov_seen **counted;
} sweep;

static int by_first_start(const void *a, const void *b)
{
    const adcov_seen *x = *(const adcov_seen *const *)a, *y = *(const adcov_seen *const *)b;
    double p = x->spans[0].t0, q = y->spans[0].t0;
    return p < q ? -1 : p > q;
}

static int by_id(const void *a, const void *b)
{
    return strcmp((*(const adcov_seen *const *)a)->id, (*(const adcov_seen *const *)b)->id);
}

static void sweep_free(sweep *w)
{
    free(w->rank_of);
    free(w->ordered);
    free(w->by_start);
    free(w->items);
    free(w->counted);
}

static adcov_status sweep_init(sweep *w, const adcov_seen *ads, size_t n)
{
    memset(w, 0, sizeof *w);
    w->by_start = adcov_malloc((n ? n : 1) * sizeof *w->by_start);
    w->items = adcov_malloc((n ? n : 1) * sizeof *w->items);
    w->counted = adcov_malloc((n ? n : 1) * sizeof *w->counted);
    w->rank_of = adcov_malloc((n ? n : 1) * sizeof *w->rank_of);
    w->ordered = adcov_malloc((n ? n : 1) * sizeof *w->ordered);
    if (!w->by_start || !w->items || !w->counted || !w->rank_of || !w->ordered) {
        sweep_free(w);
        return ADCOV_ENOMEM;
    }
    w->n = n;
    for (size_t i = 0; i < n; i++) {
        w->by_start[i] = &ads[i];
        double extent = ads[i].spans[ads[i].nspans - 1].t1 - ads[i].spans[0].t0;
        if (extent > w->reach)
            w->reach = extent;
    }
    /* ranks in id order, found once per stretch instead of comparing text in every window */
    if (n)
        qsort(w->by_start, n, sizeof *w->by_start, by_id);
    for (size_t i = 0; i < n; i++)
        w->counted[i] = w->by_start[i];
    if (n)
        qsort(w->by_start, n, sizeof *w->by_start, by_first_start);
    for (size_t i = 0; i < n; i++) {
        const adcov_seen **hit = bsearch(&w->by_start[i], w->counted, n, sizeof *w->counted, by_id);
        w->rank_of[i] = (size_t)(hit - w->counted);
    }
    return ADCOV_OK;
}

static void sweep_count(sweep *w, const adcov_window_spec *spec, double s, double e, int counts[ADCOV_MAX_QUOTAS])
{
    size_t lo = 0, hi = w->n;
    double from = s - w->reach;
    while (lo < hi) { /* first ad whose spans start at or after s - reach */
        size_t mid = (lo + hi) / 2;
        if (w->by_start[mid]->spans[0].t0 < from)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t m = 0;
    for (size_t i = lo; i < w->n && w->by_start[i]->spans[0].t0 <= e; i++) {
        double key = first_seen(w->by_start[i], s, e);
        if (!isnan(key))
            w->items[m++] = (walk_item){w->by_start[i], key, w->rank_of[i]};
    }
    qsort(w->items, m, sizeof *w->items, by_walk);
    for (size_t i = 0; i < m; i++)
        w->ordered[i] = w->items[i].ad;
    for (size_t q = 0; q < spec->nquotas; q++)
        counts[q] = adcov_places(w->ordered, m, 1u << q, spec->separation, spec->need[q], w->counted);
}

/* The ads of ads[0, n) seen somewhere in [s, e], copied into *sub (grown as needed), in their order;
 * -1 when out of memory. A window in [s, e] counts the same among them as among all: the ads it sees
 * are there, and ties go by id either way. */
static long meeting(const adcov_seen *ads, size_t n, double s, double e, adcov_seen **sub, size_t *cap)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (ads[i].spans[ads[i].nspans - 1].t1 < s || ads[i].spans[0].t0 > e || isnan(first_seen(&ads[i], s, e)))
            continue;
        if (adcov_grow((void **)sub, cap, m + 1, sizeof **sub))
            return -1;
        (*sub)[m++] = ads[i];
    }
    return (long)m;
}

adcov_status adcov_window_count(const adcov_window_spec *spec, const adcov_seen *ads, size_t n, double s, double e,
                                int counts[ADCOV_MAX_QUOTAS])
{
    adcov_seen *sub = NULL;
    size_t cap = 0;
    long m = meeting(ads, n, s, e, &sub, &cap);
    sweep w;
    if (m < 0 || sweep_init(&w, sub, (size_t)m)) {
        free(sub);
        return ADCOV_ENOMEM;
    }
    sweep_count(&w, spec, s, e, counts);
    sweep_free(&w);
    free(sub);
    return ADCOV_OK;
}

static int passes(const adcov_window_spec *spec, const int *counts)
{
    for (size_t q = 0; q < spec->nquotas; q++)
        if (counts[q] < spec->need[q])
            return 0;
    return 1;
}

static adcov_status push_gap(adcov_window_result *r, double from, double to, const int *worst)
{
    if (adcov_grow((void **)&r->gaps, &r->cap, r->ngaps + 1, sizeof *r->gaps))
        return ADCOV_ENOMEM;
    adcov_gap *g = &r->gaps[r->ngaps++];
    g->from = from;
    g->to = to;
    memcpy(g->worst, worst, sizeof g->worst);
    return ADCOV_OK;
}

/* Open run of failures being built. */
typedef struct {
    int open;
    double start, end;
    int worst[ADCOV_MAX_QUOTAS];
} run;

static void run_add(run *r, const adcov_window_spec *spec, double start, double end, const int *counts)
{
    if (!r->open) {
        r->open = 1;
        r->start = start;
        for (size_t q = 0; q < ADCOV_MAX_QUOTAS; q++)
            r->worst[q] = q < spec->nquotas ? counts[q] : 0;
    }
    r->end = end;
    for (size_t q = 0; q < spec->nquotas; q++)
        if (counts[q] < r->worst[q])
            r->worst[q] = counts[q];
}

/* The windows starting in [lo, hi]. first_only: stop at the first failing window (its gap is then the
 * first window alone). */
static adcov_status check_fixed(const adcov_window_spec *spec, sweep *sw, double w, double lo, double hi,
                                int first_only, adcov_window_result *out)
{
    run r = {0};
    adcov_status st = ADCOV_OK;
    for (double s = 0; st == ADCOV_OK && s < spec->length - 1e-9 && s <= hi; s += w) { /* s as the whole check has it */
        if (s < lo)
            continue;
        double e = fmin(s + w, spec->length);
        int counts[ADCOV_MAX_QUOTAS] = {0};
        sweep_count(sw, spec, s, e, counts);
        if (!passes(spec, counts)) {
            run_add(&r, spec, s, e, counts);
            out->windows_failed++;
            if (first_only)
                break;
        } else if (r.open) {
            st = push_gap(out, r.start, r.end, r.worst);
            r.open = 0;
        }
    }
    if (st == ADCOV_OK && r.open)
        st = push_gap(out, r.start, r.end, r.worst);
    return st;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Window starts in [lo, hi] where the count can change: ends of each V(a), and those minus the window;
 * lo and hi themselves. */
static double *event_starts(const adcov_seen *ads, size_t n, double w, double lo, double hi, size_t *count)
{
    size_t cap = 2;
    for (size_t i = 0; i < n; i++)
        cap += 4 * ads[i].nspans;
    double *ev = adcov_malloc(cap * sizeof *ev);
    if (!ev)
        return NULL;
    size_t k = 0;
    ev[k++] = lo;
    ev[k++] = hi;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < ads[i].nspans; j++) {
            double c[4] = {ads[i].spans[j].t0, ads[i].spans[j].t1, ads[i].spans[j].t0 - w, ads[i].spans[j].t1 - w};
            for (int m = 0; m < 4; m++)
                if (c[m] > lo && c[m] < hi)
                    ev[k++] = c[m];
        }
    qsort(ev, k, sizeof *ev, cmp_double);
    size_t u = 0;
    for (size_t i = 0; i < k; i++)
        if (u == 0 || ev[i] - ev[u - 1] > 1e-9)
            ev[u++] = ev[i];
    *count = u;
    return ev;
}

static size_t whole_metres(double a, double b) { return b < a ? 0 : (size_t)(floor(b) - ceil(a) + 1); }

/* The windows starting in [lo, hi] (hi at most length - w). */
static adcov_status check_sliding(const adcov_window_spec *spec, const adcov_seen *ads, size_t n, sweep *sw,
                                  double w, double lo, double hi, int first_only, adcov_window_result *out)
{
    size_t ne = 0;
    double *ev = event_starts(ads, n, w, lo, hi, &ne);
    if (!ev)
        return ADCOV_ENOMEM;
    run r = {0};
    adcov_status st = ADCOV_OK;
    /* samples: ev[0], mid(ev[0],ev[1]), ev[1], …, ev[ne-1] */
    for (size_t i = 0; st == ADCOV_OK && i < 2 * ne - 1; i++) {
        size_t k = i / 2;
        int at_event = (i % 2) == 0;
        double s = at_event ? ev[k] : (ev[k] + ev[k + 1]) / 2;
        int counts[ADCOV_MAX_QUOTAS] = {0};
        sweep_count(sw, spec, s, s + w, counts);
        if (!passes(spec, counts)) {
            run_add(&r, spec, at_event ? s : ev[k], at_event ? s : ev[k + 1], counts);
            if (first_only)
                break;
        } else if (r.open) {
            out->windows_failed += whole_metres(r.start, r.end);
            st = push_gap(out, r.start, r.end + w, r.worst);
            r.open = 0;
        }
    }
    if (st == ADCOV_OK && r.open) {
        out->windows_failed += whole_metres(r.start, r.end);
        st = push_gap(out, r.start, r.end + w, r.worst);
    }
    free(ev);
    return st;
}

/* The windows starting in [lo, hi]. */
static adcov_status check(const adcov_window_spec *spec, const adcov_seen *ads, size_t n, double lo, double hi,
                          int first_only, adcov_window_result *out)
{
    out->ngaps = 0;
    out->windows_failed = 0;
    double w = fmin(spec->window, spec->length);
    sweep sw;
    if (sweep_init(&sw, ads, n))
        return ADCOV_ENOMEM;
    adcov_status st = spec->fixed ? check_fixed(spec, &sw, w, lo, hi, first_only, out)
                                  : check_sliding(spec, ads, n, &sw, w, lo, hi, first_only, out);
    sweep_free(&sw);
    return st;
}

adcov_status adcov_windows_check(const adcov_window_spec *spec, const adcov_seen *ads, size_t n,
                                 adcov_window_result *out)
{
    double w = fmin(spec->window, spec->length);
    return check(spec, ads, n, 0, spec->fixed ? spec->length : spec->length - w, 0, out);
}

/* Looks at the window starts a stretch of CHUNK windows at a time, each time among the ads seen from
 * them: the cost of a question is that of the part of the stretch it walks, not of the stretch. A
 * chunk that passes whole passes up to its end, so the next one may start there. */
#define CHUNK 4

adcov_status adcov_windows_next_gap(const adcov_window_spec *spec, const adcov_seen *ads, size_t n, double from,
                                    double *gap)
{
    double w = fmin(spec->window, spec->length), end = spec->fixed ? spec->length : spec->length - w;
    adcov_window_result r = {0};
    adcov_seen *sub = NULL;
    size_t cap = 0;
    adcov_status st = ADCOV_OK;
    *gap = -1;
    for (double lo = from; !st && *gap < 0; lo += CHUNK * w) {
        double hi = fmin(lo + CHUNK * w, end);
        long m = meeting(ads, n, lo, hi + w, &sub, &cap);
        st = m < 0 ? ADCOV_ENOMEM : check(spec, sub, (size_t)m, lo, hi, 1, &r);
        if (!st && r.ngaps)
            *gap = r.gaps[0].from;
        if (hi >= end || !(w > 0))
            break;
    }
    adcov_window_result_free(&r);
    free(sub);
    return st;
}

void adcov_window_result_free(adcov_window_result *r)
{
    free(r->gaps);
    memset(r, 0, sizeof *r);
}
