#include "suggest.h"
#include "vocab.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define STEP_M 0.5   /* candidate places along the stretch, from the furthest back */
#define MARGIN_M 0.25 /* a poster must be seen this far inside its window: coordinates written to GeoJSON
                         and read back move by a centimetre, and the window must still see it */
#define MAX_POSTERS 100000

#define BLOCK 32 /* segments of the stretch per box, for finding those a place can see */

typedef struct {
    adcov_seen *all;     /* the ads seen, then the posters added */
    adcov_spans *spans;  /* per poster added: its V */
    size_t n, cap, nseen;
    adcov_suggestion *posters;
    size_t nposters, capposters;
    double (*box)[4];    /* per BLOCK segments of the stretch: their bounding box */
    size_t nbox;
} scene;

static void scene_free(scene *s)
{
    for (size_t i = 0; i < s->nposters; i++)
        free(s->spans[i].items);
    free(s->spans);
    free(s->all);
    free(s->box);
}

/* The boxes of the stretch's segments, BLOCK at a time. */
static int make_boxes(scene *s, const adcov_polyline *p)
{
    size_t nseg = p->n > 1 ? p->n - 1 : 0;
    s->nbox = (nseg + BLOCK - 1) / BLOCK;
    if (!(s->box = adcov_malloc((s->nbox ? s->nbox : 1) * sizeof *s->box)))
        return -1;
    for (size_t b = 0; b < s->nbox; b++) {
        double *x = s->box[b];
        x[0] = x[1] = INFINITY, x[2] = x[3] = -INFINITY;
        for (size_t i = b * BLOCK; i <= (b + 1) * BLOCK && i < p->n; i++) { /* the block's segments' ends */
            x[0] = fmin(x[0], p->x[i]), x[1] = fmin(x[1], p->y[i]);
            x[2] = fmax(x[2], p->x[i]), x[3] = fmax(x[3], p->y[i]);
        }
    }
    return 0;
}

/* The segments [*seg0, *seg1) of the stretch among which lie all those within r of (x, y) (the spans
 * computed on them are those of the whole stretch: the others are out of reach); 0 when none is. */
static int segments_near(const scene *s, const adcov_polyline *p, double x, double y, double r, size_t *seg0,
                         size_t *seg1)
{
    *seg0 = SIZE_MAX, *seg1 = 0;
    for (size_t b = 0; b < s->nbox; b++) {
        const double *bx = s->box[b];
        double dx = fmax(0, fmax(bx[0] - x, x - bx[2])), dy = fmax(0, fmax(bx[1] - y, y - bx[3]));
        if (dx * dx + dy * dy > r * r)
            continue;
        *seg0 = *seg0 < b * BLOCK ? *seg0 : b * BLOCK;
        *seg1 = (b + 1) * BLOCK < p->n - 1 ? (b + 1) * BLOCK : p->n - 1;
    }
    return *seg0 < *seg1;
}

/* The tangent of the stretch at chainage t (unit vector). */
static void tangent(const adcov_polyline *p, double t, double *dx, double *dy)
{
    size_t i = 0;
    while (i + 2 < p->n && p->t[i + 1] < t)
        i++;
    double len = p->t[i + 1] - p->t[i];
    *dx = (p->x[i + 1] - p->x[i]) / len;
    *dy = (p->y[i + 1] - p->y[i]) / len;
}

/* 1 when (x, y) is at least the separation from every ad that would merge with a poster for quota q. */
static int apart(const adcov_suggest_input *in, const scene *s, unsigned bits, double x, double y)
{
    double sep = in->spec->separation + 0.01;
    for (size_t i = 0; i < s->n; i++) {
        double dx = s->all[i].x - x, dy = s->all[i].y - y;
        if ((s->all[i].quotas & bits) && fabs(dx) < sep && fabs(dy) < sep && hypot(dx, dy) < sep)
            return 0; /* (hypot is at least |dx| and |dy|: the first tests only skip what it would) */
    }
    return !in->crowded || !in->crowded(in->user, x, y);
}

static int meets(const adcov_spans *v, double s0, double e0)
{
    double m = fmin(MARGIN_M, (e0 - s0) / 4);
    for (size_t i = 0; i < v->n; i++)
        if (v->items[i].t1 > s0 + m && v->items[i].t0 < e0 - m)
            return 1;
    return 0;
}

/* The quotas a poster for quota q counts for (its theme and medium may serve others too). */
static unsigned poster_bits(const adcov_suggest_input *in, size_t q)
{
    adcov_ad a = {.kind = ADCOV_KIND_PSA, .condition = ADCOV_COND_GOOD, .medium = in->medium[q],
                  .theme_norm = in->rule->quotas[q].nthemes ? in->rule->quotas[q].themes[0] : ""};
    int medium_ok;
    return adcov_ad_quota_bits(in->rule, &a, &medium_ok) | (1u << q);
}

static int grow_spans(scene *s)
{
    adcov_spans *sp = adcov_realloc(s->spans, s->cap * sizeof *sp);
    if (!sp)
        return -1;
    s->spans = sp;
    return 0;
}

/* Adds a poster for quota q seen from window [s0, e0], as far along as it can be; 0 when none fits. */
static adcov_status place(adcov_ctx *ctx, const adcov_suggest_input *in, scene *s, size_t q, double s0, double e0,
                          int *placed)
{
    double L = adcov_polyline_length(in->line), off = in->offset_m, view = in->view_m[q];
    double reach = fmin(off * tan(in->vp->half_angle_deg * M_PI / 180), sqrt(fmax(0, view * view - off * off)));
    unsigned bits = poster_bits(in, q);
    adcov_spans v = {0};
    *placed = 0;
    for (double c = fmin(L, e0 + reach); !*placed && c >= fmax(0, s0 - reach) - 1e-9; c -= STEP_M) {
        double px, py, dx, dy;
        adcov_polyline_at(in->line, c, &px, &py);
        tangent(in->line, c, &dx, &dy);
        for (int side = 1; !*placed && side >= -1; side -= 2) {
            double x = px - side * off * dy, y = py + side * off * dx;
            if (!apart(in, s, bits, x, y))
                continue;
            double facing = fmod(atan2(px - x, py - y) * 180 / M_PI + 360, 360);
            adcov_sight sight = {.x = x, .y = y, .view_m = view, .has_facing = 1, .facing_deg = facing, .sides = 1};
            size_t seg0, seg1;
            v.n = 0;
            adcov_status st = segments_near(s, in->line, x, y, view, &seg0, &seg1)
                                  ? adcov_vis_spans_on(ctx, in->vis, in->vp, &sight, in->line, seg0, seg1, &v)
                                  : ADCOV_OK;
            if (st) {
                free(v.items);
                return st;
            }
            if (!meets(&v, s0, e0))
                continue;
            if (adcov_grow((void **)&s->posters, &s->capposters, s->nposters + 1, sizeof *s->posters) ||
                adcov_grow((void **)&s->all, &s->cap, s->n + 1, sizeof *s->all) || grow_spans(s)) {
                free(v.items);
                return adcov_fail(ctx, ADCOV_ENOMEM, "suggestions: out of memory");
            }
            s->posters[s->nposters] = (adcov_suggestion){x, y, facing, c, side, q, in->medium[q], 0};
            s->spans[s->nposters] = v;
            s->nposters++;
            s->n++;
            *placed = 1;
        }
    }
    if (!*placed)
        free(v.items);
    return ADCOV_OK;
}

/* The seen list with the posters: their V and ids point into the scene, rebuilt after each addition
 * (the spans array may move). Posters take ids after every real one ("~" sorts after digits and letters). */
static void relink(scene *s)
{
    for (size_t i = 0; i < s->nposters; i++)
        s->all[s->nseen + i] = (adcov_seen){s->spans[i].items, s->spans[i].n, s->posters[i].x, s->posters[i].y, "~",
                                            0};
}

adcov_status adcov_suggest(adcov_ctx *ctx, const adcov_suggest_input *in, adcov_suggestion **out, size_t *n,
                           int *unresolved)
{
    *out = NULL;
    *n = 0;
    *unresolved = 0;
    scene s = {.all = adcov_malloc((in->nseen + 1) * sizeof *s.all), .cap = in->nseen + 1, .n = in->nseen,
               .nseen = in->nseen};
    s.spans = adcov_calloc(s.cap, sizeof *s.spans);
    if (!s.all || !s.spans || make_boxes(&s, in->line)) {
        scene_free(&s);
        return adcov_fail(ctx, ADCOV_ENOMEM, "suggestions: out of memory");
    }
    if (in->nseen)
        memcpy(s.all, in->seen, in->nseen * sizeof *s.all);
    adcov_status st = ADCOV_OK;
    double L = adcov_polyline_length(in->line), W = fmin(in->spec->window, L), last = -1, s0 = 0;
    size_t here = 0, enough = 4; /* posters added for one window: more than its quotas need means stuck */
    for (size_t q = 0; q < in->spec->nquotas; q++)
        enough += (size_t)in->spec->need[q];
    while (!st) {
        relink(&s);
        for (size_t i = 0; i < s.nposters; i++)
            s.all[s.nseen + i].quotas = poster_bits(in, s.posters[i].quota);
        /* the windows before the last gap passed, and a poster only adds: look from there on */
        if (adcov_windows_next_gap(in->spec, s.all, s.n, s0, &s0)) {
            st = adcov_fail(ctx, ADCOV_ENOMEM, "suggestions: out of memory");
            break;
        }
        if (s0 < 0)
            break;
        double e0 = fmin(s0 + W, L);
        here = s0 == last ? here + 1 : 0;
        last = s0;
        if (here > enough || s.nposters >= MAX_POSTERS) {
            *unresolved = 1;
            break;
        }
        int counts[ADCOV_MAX_QUOTAS] = {0};
        if (adcov_window_count(in->spec, s.all, s.n, s0, e0, counts)) {
            st = adcov_fail(ctx, ADCOV_ENOMEM, "suggestions: out of memory");
            break;
        }
        size_t q = 0;
        while (q + 1 < in->spec->nquotas && counts[q] >= in->spec->need[q])
            q++;
        int placed = 0;
        st = place(ctx, in, &s, q, s0, e0, &placed);
        if (!st && !placed) {
            *unresolved = 1;
            break;
        }
    }
    if (!st) {
        *out = s.posters;
        *n = s.nposters;
        s.posters = NULL;
    }
    free(s.posters);
    scene_free(&s);
    return st;
}
