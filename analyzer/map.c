#include "map.h"
#include "bins.h"
#include "grid.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const adcov_ink_style adcov_inks[ADCOV_INK_COUNT] = {
    [ADCOV_INK_STREET_PASS] = {0x2E7D32, 0.30, 0},  [ADCOV_INK_STREET_FAIL] = {0x9E9E9E, 0.30, 0},
    [ADCOV_INK_GAP] = {0xD32F2F, 0.60, 0},          [ADCOV_INK_AD_COUNTED] = {0x1565C0, 0, 1},
    [ADCOV_INK_AD_OTHER] = {0xBDBDBD, 0, 1},        [ADCOV_INK_ZONE] = {0xF9A825, 0.10, 0.18},
    [ADCOV_INK_SITE_PASS] = {0x2E7D32, 0.20, 0.25}, [ADCOV_INK_SITE_FAIL] = {0xD32F2F, 0.20, 0.25},
    [ADCOV_INK_SITE_UNKNOWN] = {0x757575, 0.20, 0.2}, [ADCOV_INK_SUGGESTION] = {0x6A1B9A, 0, 1},
};

/* How far (map units: an SVG pixel, a PDF point) a point dropped in thinning may lie from the line drawn
 * in its place: on a small map, and on the city map (a sheet of the whole city, where a zone's every
 * street end made the zones nine tenths of the drawing of a large city). */
#define ADCOV_MAP_THIN 0.2
#define ADCOV_CITY_MAP_THIN 1.0
/* Holes smaller than this (map units) are filled: on the city map of a large city the blocks inside each
 * inspection zone would be thousands of specks a millimetre wide, and most of the map's bytes. */
#define ADCOV_MAP_HOLE 3.0

typedef struct {
    double x0, y1, scale;   /* map x = (X - x0) * scale, map y = (y1 - Y) * scale */
    double box[4];          /* what the map shows, analysis CRS */
    const adcov_canvas *c;
    double *xy;             /* scratch for paths */
    size_t cap;
    size_t *ends;           /* where each run of a path ends */
    size_t capends;
    double *cut[2];         /* scratch for cutting rings at the frame */
    size_t capcut[2];
    double frame[4];        /* the frame, a little beyond the map (map units) */
    double thin;            /* thinning tolerance (map units) */
    unsigned char *keep;    /* scratch for thinning: which points stay */
    size_t capkeep;
    size_t *stack;          /* scratch for thinning: the pieces left to look at */
    size_t capstack;
    int failed;
} map;

static int meets(const map *m, const double b[4])
{
    return b[0] <= m->box[2] && b[2] >= m->box[0] && b[1] <= m->box[3] && b[3] >= m->box[1];
}

static int inside(const map *m, double x, double y)
{
    return x >= m->box[0] && x <= m->box[2] && y >= m->box[1] && y <= m->box[3];
}

static int room(map *m, size_t n)
{
    if (adcov_grow((void **)&m->xy, &m->cap, 2 * n, sizeof *m->xy))
        m->failed = 1;
    return !m->failed;
}

static void put(map *m, size_t i, double x, double y)
{
    m->xy[2 * i] = (x - m->x0) * m->scale;
    m->xy[2 * i + 1] = (m->y1 - y) * m->scale;
}

/* Distance squared from point i of xy to the segment from point a to point b (map units). */
static double off_line2(const double *xy, size_t a, size_t b, size_t i)
{
    double ax = xy[2 * a], ay = xy[2 * a + 1], dx = xy[2 * b] - ax, dy = xy[2 * b + 1] - ay;
    double px = xy[2 * i] - ax, py = xy[2 * i + 1] - ay, l2 = dx * dx + dy * dy;
    double t = l2 > 0 ? fmax(0, fmin(1, (px * dx + py * dy) / l2)) : 0;
    px -= t * dx, py -= t * dy;
    return px * px + py * py;
}

/* Douglas–Peucker on xy[from, n): marks in m->keep the points that stay, each dropped point lying
 * within m->thin of the line kept in its place (a street of a hundred points a metre apart
 * draws as the two it looks like). An explicit stack: a ring of a million points recurses nowhere. */
static int mark_kept(map *m, size_t from, size_t n)
{
    if (adcov_grow((void **)&m->keep, &m->capkeep, n, 1) || adcov_grow((void **)&m->stack, &m->capstack, 2 * n, sizeof *m->stack)) {
        m->failed = 1;
        return 0;
    }
    memset(m->keep + from, 0, n - from);
    m->keep[from] = m->keep[n - 1] = 1;
    size_t top = 0;
    m->stack[top++] = from, m->stack[top++] = n - 1;
    while (top) {
        size_t b = m->stack[--top], a = m->stack[--top], far = a;
        double worst = m->thin * m->thin;
        for (size_t i = a + 1; i < b; i++) {
            double d2 = off_line2(m->xy, a, b, i);
            if (d2 > worst)
                worst = d2, far = i;
        }
        if (far == a)
            continue;
        m->keep[far] = 1;
        m->stack[top++] = a, m->stack[top++] = far; /* at most one pair per kept point: 2n in all */
        m->stack[top++] = far, m->stack[top++] = b;
    }
    return 1;
}

/* Thins xy[from, n) to the points one can see: first those closer than half a map unit to the one kept
 * before (a city's zones have thousands of them), then those Douglas–Peucker finds on the line of their
 * neighbours; the first and last points stay. The new end. */
static size_t thin(map *m, size_t from, size_t n)
{
    if (n <= from)
        return from;
    size_t k = from + 1;
    for (size_t i = from + 1; i < n; i++) {
        double dx = m->xy[2 * i] - m->xy[2 * (k - 1)], dy = m->xy[2 * i + 1] - m->xy[2 * (k - 1) + 1];
        if (i + 1 < n && dx * dx + dy * dy < 0.25)
            continue;
        m->xy[2 * k] = m->xy[2 * i];
        m->xy[2 * k + 1] = m->xy[2 * i + 1];
        k++;
    }
    if (k - from < 3 || !mark_kept(m, from, k))
        return k;
    size_t end = from;
    for (size_t i = from; i < k; i++)
        if (m->keep[i]) {
            m->xy[2 * end] = m->xy[2 * i];
            m->xy[2 * end + 1] = m->xy[2 * i + 1];
            end++;
        }
    return end;
}

/* One open line of n points to the canvas. */
static void emit(map *m, adcov_ink ink, size_t n)
{
    size_t end = thin(m, 0, n);
    if (end > 1)
        m->c->path(m->c->user, ink, m->xy, &end, 1, 0);
}

/* The piece of polyline p from chainage from to to, cut into the runs of segments that meet the map. */
static void draw_polyline(map *m, const adcov_polyline *p, double from, double to, adcov_ink ink)
{
    if (!room(m, p->n + 2))
        return;
    size_t n = 0, i = 1;
    while (i + 1 < p->n && p->t[i] <= from)
        i++;
    double px, py;
    adcov_polyline_at(p, from, &px, &py);
    for (; i < p->n && p->t[i - 1] < to; i++) {
        double x = p->x[i], y = p->y[i];
        if (p->t[i] > to)
            adcov_polyline_at(p, to, &x, &y);
        double b[4] = {fmin(px, x), fmin(py, y), fmax(px, x), fmax(py, y)};
        if (meets(m, b)) {
            if (!n)
                put(m, n++, px, py);
            put(m, n++, x, y);
        } else if (n) {
            emit(m, ink, n);
            n = 0;
        }
        px = x, py = y;
    }
    emit(m, ink, n);
}

static void draw_dot(map *m, double x, double y, double r, adcov_ink ink)
{
    if (!inside(m, x, y))
        return;
    m->c->dot(m->c->user, ink, (x - m->x0) * m->scale, (m->y1 - y) * m->scale, r);
}

/* Appends points [from, to) of shape sh after xy[0, at), in map units; the new end, thinned. */
static size_t add_coords(map *m, const adcov_doc_shape *sh, size_t from, size_t to, size_t at)
{
    if (!room(m, at + to - from))
        return at;
    for (size_t i = from; i < to; i++)
        put(m, at + i - from, sh->xy[2 * i], sh->xy[2 * i + 1]);
    return thin(m, at, at + to - from);
}

/* Turns xy[from, to) round when its orientation is not the one wanted (shell: counter-clockwise on the
 * map, hole: clockwise), so that non-zero filling leaves holes empty and fills overlaps once. */
static void orient(map *m, size_t from, size_t to, int shell)
{
    double a = 0;
    for (size_t i = from; i < to; i++) {
        size_t j = i + 1 < to ? i + 1 : from;
        a += m->xy[2 * i] * m->xy[2 * j + 1] - m->xy[2 * j] * m->xy[2 * i + 1];
    }
    if ((a > 0) == (shell != 0))
        return;
    for (size_t i = from, j = to - 1; i < j; i++, j--)
        for (int c = 0; c < 2; c++) {
            double t = m->xy[2 * i + c];
            m->xy[2 * i + c] = m->xy[2 * j + c];
            m->xy[2 * j + c] = t;
        }
}

/* One step of cutting a ring at the frame (Sutherland–Hodgman): keeps the side of the line where
 * coordinate c (0 x, 1 y) is v on which sign * (p[c] - v) >= 0. Writes at most 2n points to out. */
static size_t cut_side(const double *in, size_t n, double *out, int c, double v, double sign)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const double *p = &in[2 * i], *q = &in[2 * ((i + 1) % n)];
        double dp = sign * (p[c] - v), dq = sign * (q[c] - v);
        if (dp >= 0) {
            out[2 * k] = p[0], out[2 * k + 1] = p[1];
            k++;
        }
        if ((dp >= 0) != (dq >= 0)) {
            double t = dp / (dp - dq);
            out[2 * k] = p[0] + t * (q[0] - p[0]), out[2 * k + 1] = p[1] + t * (q[1] - p[1]);
            k++;
        }
    }
    return k;
}

/* Cuts the ring xy[from, to) (map units) at the frame, a little beyond the map, so that a zone far
 * bigger than a small map adds only what shows; the pieces along the frame are outside the map. The
 * new end. */
static size_t cut_ring(map *m, size_t from, size_t to)
{
    size_t n = to - from;
    const double *in = m->xy + 2 * from;
    for (int side = 0, b = 0; side < 4 && n; side++, b ^= 1) {
        if (adcov_grow((void **)&m->cut[b], &m->capcut[b], 4 * n, sizeof *m->cut[b])) {
            m->failed = 1;
            return from;
        }
        n = cut_side(in, n, m->cut[b], side & 1, m->frame[side], side < 2 ? 1 : -1);
        in = m->cut[b];
    }
    if (!room(m, from + n))
        return from;
    memcpy(m->xy + 2 * from, in, 2 * n * sizeof *in);
    return from + n;
}

/* 1 when the points xy[from, to) fit in a square of ADCOV_MAP_HOLE map units. */
static int too_small_a_hole(const map *m, size_t from, size_t to)
{
    double b[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    for (size_t i = from; i < to; i++) {
        b[0] = fmin(b[0], m->xy[2 * i]), b[1] = fmin(b[1], m->xy[2 * i + 1]);
        b[2] = fmax(b[2], m->xy[2 * i]), b[3] = fmax(b[3], m->xy[2 * i + 1]);
    }
    return b[2] - b[0] < ADCOV_MAP_HOLE && b[3] - b[1] < ADCOV_MAP_HOLE;
}

/* The polygon rings of sh after the runs already in m (nruns of them, ending at *at); rings are cut at
 * the frame when sh reaches beyond it (box: sh's box). */
static void add_rings(map *m, const adcov_doc_shape *sh, const double box[4], size_t *at, size_t *nruns)
{
    int cut = !(box[0] >= m->box[0] && box[2] <= m->box[2] && box[1] >= m->box[1] && box[3] <= m->box[3]);
    for (size_t p = 0, from = 0; p < sh->nparts; from = sh->parts[p++].end) {
        adcov_part_kind kind = sh->parts[p].kind;
        if (kind != ADCOV_PART_SHELL && kind != ADCOV_PART_HOLE)
            continue;
        size_t end = add_coords(m, sh, from, sh->parts[p].end, *at);
        if (kind == ADCOV_PART_HOLE && too_small_a_hole(m, *at, end))
            continue;
        if (cut)
            end = cut_ring(m, *at, end);
        if (end < *at + 3)
            continue; /* a ring thinner than the map can show */
        orient(m, *at, end, kind == ADCOV_PART_SHELL);
        if (adcov_grow((void **)&m->ends, &m->capends, *nruns + 1, sizeof *m->ends)) {
            m->failed = 1;
            return;
        }
        m->ends[(*nruns)++] = *at = end;
    }
}

/* A shape: its points as dots, its lines as paths (whole: the canvas cuts them at the frame), all its
 * polygons as one path of rings. */
static void draw_shape(map *m, const adcov_doc_shape *sh, const double box[4], adcov_ink ink, double r)
{
    size_t at = 0, nruns = 0;
    for (size_t p = 0, from = 0; p < sh->nparts; from = sh->parts[p++].end) {
        if (sh->parts[p].kind == ADCOV_PART_POINT) {
            draw_dot(m, sh->xy[2 * from], sh->xy[2 * from + 1], r, ink);
        } else if (sh->parts[p].kind == ADCOV_PART_LINE) {
            size_t end = add_coords(m, sh, from, sh->parts[p].end, 0);
            if (end > 1)
                m->c->path(m->c->user, ink, m->xy, &end, 1, 0);
        }
    }
    add_rings(m, sh, box, &at, &nruns);
    if (nruns)
        m->c->path(m->c->user, ink, m->xy, m->ends, nruns, 1);
}

/* Every zone in the map as one path (one fill: overlaps are not darker, and a PDF has one operation). */
static void draw_zones(map *m, const adcov_doc *d, const uint64_t *near)
{
    size_t at = 0, nruns = 0;
    for (size_t i = adcov_next_bit(near, d->res->nzones, 0); i < d->res->nzones; i = adcov_next_bit(near, d->res->nzones, i + 1))
        if (meets(m, d->zone_box[i]))
            add_rings(m, &d->zone_shape[i], d->zone_box[i], &at, &nruns);
    if (nruns)
        m->c->path(m->c->user, ADCOV_INK_ZONE, m->xy, m->ends, nruns, 1);
}

/* near: a bit per stretch, set for those that may meet the map; the gaps of every result on the city
 * map (about NULL), of result focus only on a small map (none for a site's). */
static void draw_streets(map *m, const adcov_doc *d, const uint64_t *near, const adcov_doc_failure *about,
                         size_t focus)
{
    const adcov_result *res = d->res;
    for (unsigned char k = 1; k <= 2; k++) /* passing streets, then failing ones: one ink after another */
        for (size_t i = adcov_next_bit(near, res->nstretches, 0); i < res->nstretches;
             i = adcov_next_bit(near, res->nstretches, i + 1))
            if (d->stretch_ink[i] == k && meets(m, d->stretch_box[i]))
                draw_polyline(m, &res->stretches[i].s.line, 0, adcov_polyline_length(&res->stretches[i].s.line),
                              k == 2 ? ADCOV_INK_STREET_FAIL : ADCOV_INK_STREET_PASS);
    for (size_t i = 0; i < res->nresults; i++)
        for (size_t g = 0; (!about || i == focus) && adcov_bit(near, res->results[i].stretch) &&
                           meets(m, d->stretch_box[res->results[i].stretch]) && g < res->results[i].windows.ngaps;
             g++)
            draw_polyline(m, &res->stretches[res->results[i].stretch].s.line, res->results[i].windows.gaps[g].from,
                          res->results[i].windows.gaps[g].to, ADCOV_INK_GAP);
}

typedef struct {
    const map *m;
    const adcov_result *res;
    size_t *items, n, cap;
    int failed;
} found;

static void ad_found(size_t id, void *user)
{
    found *f = user;
    if (!inside(f->m, f->res->ads[id].x, f->res->ads[id].y))
        return;
    if (adcov_grow((void **)&f->items, &f->cap, f->n + 1, sizeof *f->items))
        f->failed = 1;
    else
        f->items[f->n++] = id;
}

/* The place on stretch p nearest the map's centre that lies inside the map, with the direction of the
 * line there (degrees on the map, kept upright); 0 when no point of it is inside. */
static int label_place(const map *m, const adcov_polyline *p, double *x, double *y, double *deg)
{
    double step = (m->box[2] - m->box[0]) / 40, len = adcov_polyline_length(p), best = INFINITY;
    double cx = (m->box[0] + m->box[2]) / 2, cy = (m->box[1] + m->box[3]) / 2, inset = step * 3;
    for (double t = 0; t <= len; t += step) {
        double px, py, qx, qy;
        adcov_polyline_at(p, t, &px, &py);
        if (px < m->box[0] + inset || px > m->box[2] - inset || py < m->box[1] + inset || py > m->box[3] - inset)
            continue;
        double dist = hypot(px - cx, py - cy);
        if (dist >= best)
            continue;
        best = dist;
        adcov_polyline_at(p, fmin(t + step, len), &qx, &qy);
        double a = atan2(-(qy - py), qx - px) * 180 / M_PI; /* map y runs down */
        *deg = a > 90 ? a - 180 : a < -90 ? a + 180 : a;
        *x = (px - m->x0) * m->scale, *y = (m->y1 - py) * m->scale;
    }
    return isfinite(best);
}

/* Street names on a small map: each name once, at the stretch's place nearest the centre, at most
 * MAP_LABELS of them, the stretch the map is about first. */
#define MAP_LABELS 8
static void draw_labels(map *m, const adcov_doc *d, const uint64_t *near, size_t focus)
{
    const adcov_result *res = d->res;
    const char *done[MAP_LABELS];
    double at[MAP_LABELS][2], apart = 0.2 * (m->frame[2] - m->frame[0]); /* names stay this far apart */
    size_t n = 0, first = focus < res->nresults ? res->results[focus].stretch : SIZE_MAX;
    for (size_t pass = 0; pass < 2; pass++)
        for (size_t i = adcov_next_bit(near, res->nstretches, 0); i < res->nstretches && n < MAP_LABELS;
             i = adcov_next_bit(near, res->nstretches, i + 1)) {
            const adcov_stretch_info *si = &res->stretches[i];
            if ((pass == 0) != (i == first) || !adcov_stretch_walked(si) || !meets(m, d->stretch_box[i]))
                continue;
            size_t k = 0;
            while (k < n && strcmp(done[k], si->street))
                k++;
            double x = 0, y = 0, deg = 0;
            if (k < n || !label_place(m, &si->s.line, &x, &y, &deg))
                continue;
            for (k = 0; k < n && hypot(at[k][0] - x, at[k][1] - y) >= apart; k++)
                ;
            if (k < n)
                continue; /* it would lie on a name already there */
            at[n][0] = x, at[n][1] = y;
            done[n++] = si->street;
            m->c->label(m->c->user, x, y, deg, si->street);
        }
}

adcov_status adcov_map_draw(adcov_ctx *ctx, const adcov_doc *d, const adcov_doc_map *small, double width,
                            double height, const adcov_canvas *c, unsigned *left)
{
    const adcov_result *res = d->res;
    const double *box = small ? small->box : d->box;
    double detail_m = small ? ADCOV_SMALL_MAP_DETAIL_M : INFINITY;
    const adcov_doc_failure *about = small ? &d->failures[small->first] : NULL;
    size_t focus = about && !about->is_site ? about->result : SIZE_MAX; /* the result whose gaps show */
    double w = fmax(box[2] - box[0], 1), h = fmax(box[3] - box[1], 1), cx = (box[0] + box[2]) / 2,
           cy = (box[1] + box[3]) / 2;
    if (w / h < width / height) /* widen to the map's proportions */
        w = h * width / height;
    else
        h = w * height / width;
    map m = {.x0 = cx - w / 2, .y1 = cy + h / 2, .scale = width / w, .c = c,
             .box = {cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2}, .frame = {-2, -2, width + 2, height + 2},
             .thin = small ? ADCOV_MAP_THIN : ADCOV_CITY_MAP_THIN};
    double r = fmax(width / 400, fmin(width / 150, 3 * m.scale)); /* a dot: 3 m, but visible */
    double max_dots = floor(ADCOV_MAP_DOT_COVER * width * height / (M_PI * r * r));
    int detail = m.box[2] - m.box[0] <= detail_m;
    uint64_t *near[3]; /* per stretch, zone and site: may it meet the map */
    for (int k = 0; k < 3; k++)
        near[k] = adcov_bins_query(d->bins[k], m.box);
    if (!near[0] || !near[1] || !near[2]) {
        for (int k = 0; k < 3; k++)
            free(near[k]);
        return adcov_fail(ctx, ADCOV_ENOMEM, "report: out of memory drawing a map");
    }
    adcov_status st = ADCOV_OK;
    *left = detail ? 0 : ADCOV_MAP_LEFT_DETAIL;
    if (detail)
        draw_zones(&m, d, near[ADCOV_BINS_ZONES]);
    draw_streets(&m, d, near[ADCOV_BINS_STRETCHES], about, focus);
    const uint64_t *near_site = near[ADCOV_BINS_SITES];
    static const adcov_ink site_ink[] = {ADCOV_INK_SITE_PASS, ADCOV_INK_SITE_FAIL, ADCOV_INK_SITE_UNKNOWN};
    found ads = {.m = &m, .res = res}; /* the ads in the map, by the grid (none shown without detail) */
    if (detail)
        adcov_grid_query(d->ad_grid, m.box[0], m.box[1], m.box[2], m.box[3], ad_found, &ads);
    if (ads.failed)
        st = adcov_fail(ctx, ADCOV_ENOMEM, "report: out of memory drawing a map");
    size_t dots = ads.n; /* ads and point sites in the map */
    size_t ns = res->nsites;
    for (size_t i = adcov_next_bit(near_site, ns, 0); detail && i < ns && (double)dots <= max_dots;
         i = adcov_next_bit(near_site, ns, i + 1))
        dots += d->site_shape[i].nparts && d->site_box[i][0] == d->site_box[i][2] && meets(&m, d->site_box[i]);
    /* the city map draws what matters for it: failures; ads only while they stay apart */
    int dots_drawn = detail && (double)dots <= max_dots && (small || ads.n <= ADCOV_CITY_MAP_ADS);
    if (detail && !dots_drawn)
        *left |= ads.n ? ADCOV_MAP_LEFT_ADS | ADCOV_MAP_LEFT_SITES : ADCOV_MAP_LEFT_SITES;
    for (size_t i = adcov_next_bit(near_site, ns, 0); !st && detail && i < ns; i = adcov_next_bit(near_site, ns, i + 1)) {
        int point = d->site_box[i][0] == d->site_box[i][2] && d->site_box[i][1] == d->site_box[i][3];
        int fails = res->sites[i].status == ADCOV_SITE_FAIL; /* a failing stop shows on the city map */
        if (d->site_shape[i].nparts && meets(&m, d->site_box[i]) && (dots_drawn || !point || (!small && fails)))
            draw_shape(&m, &d->site_shape[i], d->site_box[i], site_ink[res->sites[i].status], 1.6 * r);
    }
    for (int counted = 0; counted < 2; counted++) /* ads of one ink after another (a canvas joins them), */
        for (size_t k = 0; !st && dots_drawn && k < ads.n; k++) { /* the counted ones on top */
            const adcov_ad *a = &res->ads[ads.items[k]];
            if ((a->counted_rules != 0) == counted)
                draw_dot(&m, a->x, a->y, r, counted ? ADCOV_INK_AD_COUNTED : ADCOV_INK_AD_OTHER);
        }
    free(ads.items);
    int posters = small || d->posters <= ADCOV_CITY_MAP_POSTERS;
    if (!posters)
        *left |= ADCOV_MAP_LEFT_POSTERS;
    for (size_t i = 0; !st && posters && i < res->nresults; i++)
        for (size_t k = 0; (!about || i == focus) && k < res->results[i].nsuggestions; k++)
            draw_dot(&m, res->results[i].suggestions[k].x, res->results[i].suggestions[k].y, 1.3 * r,
                     ADCOV_INK_SUGGESTION);
    if (small && c->label)
        draw_labels(&m, d, near[ADCOV_BINS_STRETCHES], focus);
    free(m.xy);
    free(m.ends);
    free(m.cut[0]);
    free(m.cut[1]);
    free(m.keep);
    free(m.stack);
    for (int k = 0; k < 3; k++)
        free(near[k]);
    if (!st && m.failed)
        st = adcov_fail(ctx, ADCOV_ENOMEM, "report: out of memory drawing a map");
    return st;
}

char *adcov_map_left_text(const adcov_doc *d, unsigned left)
{
    int en = d->lang == ADCOV_LANG_EN;
    if (!left)
        return adcov_strdup("");
    if (left & ADCOV_MAP_LEFT_DETAIL)
        return adcov_strdup(en ? " (a long street: only streets, gaps and posters to add are drawn; the city map and "
                                 "ads.geojson have the rest)"
                               : "（道路较长，图中只画道路、缺口和建议增设，其余见全市总图和 ads.geojson）");
    char *out = adcov_strdup(en ? " Not drawn here, too many to tell apart:" : "（点位过多会糊成一片，图中未画出：");
    const char *sep = "";
    if (out && left & ADCOV_MAP_LEFT_ADS) {
        char *n = adcov_sprintf(en ? "%s%s %zu ads" : "%s%s%zu 处广告", out, sep, d->res->nads);
        free(out), out = n, sep = en ? "," : "、";
    }
    if (out && left & ADCOV_MAP_LEFT_SITES) {
        char *n = adcov_sprintf(en ? "%s%s stops and sites that pass" : "%s%s达标的站点和点位", out, sep);
        free(out), out = n, sep = en ? "," : "、";
    }
    if (out && left & ADCOV_MAP_LEFT_POSTERS) {
        char *n = adcov_sprintf(en ? "%s%s %zu posters to add" : "%s%s%zu 处建议增设", out, sep, d->posters);
        free(out), out = n;
    }
    char *n = out ? adcov_sprintf(en ? "%s (see the small maps and the GeoJSON files)."
                                     : "%s；见各小图和 GeoJSON 文件）", out)
                  : NULL;
    free(out);
    return n;
}
