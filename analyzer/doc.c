#include "doc.h"
#include "grid.h"
#include "result.h"
#include "vocab.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const texts[T_COUNT][2] = {
    [T_TITLE] = {"公益广告设置检查报告", "Public-service advertising check"},
    [T_GENERATED] = {"生成", "Generated"},
    [T_RUN] = {"本次检查", "This run"},
    [T_CONFIG] = {"配置文件", "Config"},
    [T_RULEBOOK] = {"规则集", "Rulebook"},
    [T_PHASE] = {"阶段", "Phase"},
    [T_PHASE_DAILY] = {"日常", "daily"},
    [T_PHASE_INSPECTION] = {"迎检", "inspection"},
    [T_CRS] = {"分析坐标系", "Analysis CRS"},
    [T_INPUTS] = {"输入数据", "Inputs"},
    [T_ROLE] = {"用途", "Role"},
    [T_PATH] = {"文件", "File"},
    [T_LAYER] = {"图层", "Layer"},
    [T_NO_BUILDINGS] = {"未提供建筑物图层：所有视线均按无遮挡计算。", "No buildings layer: every sight line was taken as clear."},
    [T_RULES] = {"规则与结果", "Rules and results"},
    [T_RULE] = {"规则", "Rule"},
    [T_SOURCE] = {"依据", "Source"},
    [T_EDITION] = {"版本", "Edition"},
    [T_LEVEL] = {"适用", "Level"},
    [T_VERIFIED] = {"已核对原文", "verified"},
    [T_YES] = {"是", "yes"},
    [T_NO] = {"否", "no"},
    [T_CHECKED] = {"检查", "checked"},
    [T_PASSED] = {"达标", "passed"},
    [T_FAILED] = {"不达标", "failed"},
    [T_UNKNOWN] = {"无法判定", "unknown"},
    [T_PASS_RATE] = {"达标率", "pass rate"},
    [T_GAP_KM] = {"缺口 km", "km of gaps"},
    [T_CITY_MAP] = {"全市总图", "City map"},
    [T_LEGEND_PASS] = {"达标道路", "street passes"},
    [T_LEGEND_FAIL] = {"不达标道路", "street fails"},
    [T_LEGEND_GAP] = {"缺口", "gap"},
    [T_LEGEND_AD_COUNTED] = {"计入的公益广告", "ad that counts"},
    [T_LEGEND_AD_OTHER] = {"未计入的广告", "ad that does not count"},
    [T_LEGEND_ZONE] = {"迎检区域", "inspection zone"},
    [T_LEGEND_SUGGESTION] = {"建议增设", "poster to add"},
    [T_DUTY] = {"责任单位", "Duty unit"},
    [T_DUTIES] = {"各责任单位问题数", "Failures per duty unit"},
    [T_FAILURES] = {"问题清单（迎检区域内优先）", "Failures (in inspection zones first)"},
    [T_IN_ZONE] = {"迎检区内", "In zone"},
    [T_PLACE] = {"位置", "Place"},
    [T_CHAINAGE] = {"桩号", "Chainage"},
    [T_SHORTFALL] = {"缺少", "Shortfall"},
    [T_NO_FAILURES] = {"没有不达标项。", "Nothing fails."},
    [T_ZONES] = {"迎检区域", "Inspection zones"},
    [T_SUGGESTED] = {"建议增设公益广告（处）", "Posters to add"},
    [T_NONE_ASSIGNED] = {"未指定责任单位", "no duty unit"},
    [T_ALL_PASS] = {"全部达标", "Every rule passes"},
    [T_SOME_FAIL] = {"存在不达标项", "Some rules fail"},
    [T_MORE_MAPS] = {"另有 %zu 幅小图见 report.html。", "%zu more small maps are in report.html."},
    [T_NUMBERS] = {"问题编号", "Failures (#)"},
    [T_LEGEND_SITE_PASS] = {"达标站点/点位", "stop or site passes"},
    [T_LEGEND_SITE_FAIL] = {"不达标站点/点位", "stop or site fails"},
    [T_LEGEND_SITE_UNKNOWN] = {"无法判定", "cannot be judged"},
};

const char *adcov_doc_text(adcov_lang lang, adcov_text key)
{
    return key < T_COUNT ? texts[key][lang == ADCOV_LANG_EN] : "";
}

const adcov_ink_style adcov_inks[ADCOV_INK_COUNT] = {
    [ADCOV_INK_STREET_PASS] = {0x2E7D32, 0.30, 0},  [ADCOV_INK_STREET_FAIL] = {0x9E9E9E, 0.30, 0},
    [ADCOV_INK_GAP] = {0xD32F2F, 0.60, 0},          [ADCOV_INK_AD_COUNTED] = {0x1565C0, 0, 1},
    [ADCOV_INK_AD_OTHER] = {0xBDBDBD, 0, 1},        [ADCOV_INK_ZONE] = {0xF9A825, 0.10, 0.18},
    [ADCOV_INK_SITE_PASS] = {0x2E7D32, 0.20, 0.25}, [ADCOV_INK_SITE_FAIL] = {0xD32F2F, 0.20, 0.25},
    [ADCOV_INK_SITE_UNKNOWN] = {0x757575, 0.20, 0.2}, [ADCOV_INK_SUGGESTION] = {0x6A1B9A, 0, 1},
};

/* ---- building ---- */

#define CITY_THIN_M 2500.0 /* a city map wider than this draws its lines thinner, down to a quarter */

static void box_add(double b[4], double x, double y)
{
    b[0] = fmin(b[0], x), b[1] = fmin(b[1], y), b[2] = fmax(b[2], x), b[3] = fmax(b[3], y);
}

static void box_empty(double b[4])
{
    b[0] = b[1] = INFINITY;
    b[2] = b[3] = -INFINITY;
}

static void polyline_box(const adcov_polyline *p, double from, double to, double b[4])
{
    double x, y;
    adcov_polyline_at(p, from, &x, &y);
    box_add(b, x, y);
    adcov_polyline_at(p, to, &x, &y);
    box_add(b, x, y);
    for (size_t i = 0; i < p->n; i++)
        if (p->t[i] > from && p->t[i] < to)
            box_add(b, p->x[i], p->y[i]);
}

/* Items with boxes (stretches, zones, sites), by the cells of a grid over the city their boxes meet:
 * which of them may meet a map, found without looking at every one. */
enum { BINS_STRETCHES, BINS_ZONES, BINS_SITES };
struct adcov_doc_bins {
    double x0, y0, cell;
    size_t nx, ny, n;  /* cells across and down; items */
    size_t *start;     /* the items of cell c are items[start[c] .. start[c + 1]) */
    size_t *items;
};
typedef struct adcov_doc_bins bins;

/* The cells b's box meets: [c[0], c[2]] across, [c[1], c[3]] down; 0 when it meets none. */
static int cells_of(const bins *bn, const double b[4], size_t c[4])
{
    if (!(b[0] <= b[2]) || !(b[1] <= b[3]))
        return 0;
    for (int k = 0; k < 4; k++) {
        double v = floor(((k & 1 ? b[k] - bn->y0 : b[k] - bn->x0)) / bn->cell);
        double hi = (double)((k & 1 ? bn->ny : bn->nx) - 1);
        c[k] = (size_t)fmin(fmax(v, 0), hi);
    }
    return 1;
}

static bins *bins_new(const double city[4], const double (*box)[4], size_t n)
{
    bins *bn = adcov_calloc(1, sizeof *bn);
    if (!bn)
        return NULL;
    double w = city[2] - city[0], h = city[3] - city[1];
    bn->cell = fmax(100, fmax(w, h) / 128); /* at most 128 x 128 cells, at least 100 m */
    bn->x0 = city[0], bn->y0 = city[1], bn->n = n;
    bn->nx = (size_t)(w / bn->cell) + 1, bn->ny = (size_t)(h / bn->cell) + 1;
    bn->start = adcov_calloc(bn->nx * bn->ny + 1, sizeof *bn->start);
    size_t total = 0, c[4];
    for (int pass = 0; bn->start && pass < 2; pass++) { /* count, then place */
        if (pass && !(bn->items = adcov_malloc((total ? total : 1) * sizeof *bn->items)))
            break;
        for (size_t i = 0; i < n; i++) {
            if (!cells_of(bn, box[i], c))
                continue;
            for (size_t y = c[1]; y <= c[3]; y++)
                for (size_t x = c[0]; x <= c[2]; x++)
                    if (pass)
                        bn->items[bn->start[y * bn->nx + x]++] = i;
                    else
                        bn->start[y * bn->nx + x + 1]++, total++;
        }
        for (size_t k = 0; !pass && k < bn->nx * bn->ny; k++) /* counts to starts */
            bn->start[k + 1] += bn->start[k];
        for (size_t k = bn->nx * bn->ny; pass && k > 0; k--) /* placing moved each start to the next */
            bn->start[k] = bn->start[k - 1];
        if (pass)
            bn->start[0] = 0;
    }
    if (!bn->start || !bn->items) {
        free(bn->start);
        free(bn);
        return NULL;
    }
    return bn;
}

static void bins_free(bins *bn)
{
    if (bn) {
        free(bn->start);
        free(bn->items);
        free(bn);
    }
}

/* One bit per item: set for those in a cell that b meets (NULL when out of memory). */
static uint64_t *bins_query(const bins *bn, const double b[4])
{
    uint64_t *bits = adcov_calloc(bn->n / 64 + 1, sizeof *bits);
    size_t c[4];
    if (!bits || !cells_of(bn, b, c))
        return bits;
    for (size_t y = c[1]; y <= c[3]; y++)
        for (size_t k = bn->start[y * bn->nx + c[0]]; k < bn->start[y * bn->nx + c[2] + 1]; k++)
            bits[bn->items[k] / 64] |= (uint64_t)1 << (bn->items[k] % 64);
    return bits;
}

static int bit(const uint64_t *bits, size_t i) { return (int)(bits[i / 64] >> (i % 64) & 1); }

/* The first set bit at or after i (i <= n), or n when none: bits holds n / 64 + 1 words, none set
 * from n on. */
static size_t next_bit(const uint64_t *bits, size_t n, size_t i)
{
    for (size_t w = i / 64; w <= n / 64; w++) {
        uint64_t word = bits[w] & (w == i / 64 ? ~(uint64_t)0 << (i % 64) : ~(uint64_t)0);
        if (word)
            return w * 64 + (size_t)__builtin_ctzll(word);
    }
    return n;
}

static adcov_status add_failure(adcov_ctx *ctx, adcov_doc *d, size_t *cap, adcov_doc_failure f)
{
    if (!f.shortfall || adcov_grow((void **)&d->failures, cap, d->nfailures + 1, sizeof *d->failures)) {
        free(f.shortfall);
        free(f.own_place);
        return adcov_fail(ctx, ADCOV_ENOMEM, "report: out of memory");
    }
    d->failures[d->nfailures++] = f;
    return ADCOV_OK;
}

static adcov_status street_failures(adcov_ctx *ctx, adcov_doc *d, size_t *cap)
{
    const adcov_result *res = d->res;
    adcov_status st = ADCOV_OK;
    for (size_t i = 0; !st && i < res->nresults; i++) {
        const adcov_street_result *sr = &res->results[i];
        const adcov_stretch_info *si = &res->stretches[sr->stretch];
        const adcov_rule *rule = &d->rb->rules[sr->rule];
        for (size_t g = 0; !st && g < sr->windows.ngaps; g++) {
            const adcov_gap *gap = &sr->windows.gaps[g];
            adcov_doc_failure f = {.rule = rule, .place = si->street, .duty = si->duty ? si->duty : "",
                                   .in_zone = sr->gap_in_zone && sr->gap_in_zone[g], .result = i};
            char a[24], b[24];
            snprintf(f.chainage, sizeof f.chainage, "%s–%s", adcov_chainage_k(gap->from, a, sizeof a),
                     adcov_chainage_k(gap->to, b, sizeof b));
            f.shortfall = adcov_shortfall(rule, gap->worst, NULL, rule->nquotas, d->phase);
            box_empty(f.box);
            polyline_box(&si->s.line, gap->from, gap->to, f.box);
            st = add_failure(ctx, d, cap, f);
        }
    }
    return st;
}

/* Failing site rows; their boxes come from drawing_geometry, which runs first. */
static adcov_status site_failures(adcov_ctx *ctx, adcov_doc *d, size_t *cap)
{
    const adcov_result *res = d->res;
    adcov_status st = ADCOV_OK;
    for (size_t i = 0; !st && i < res->nsites; i++) {
        const adcov_site_result *s = &res->sites[i];
        if (s->status != ADCOV_SITE_FAIL)
            continue;
        const adcov_rule *rule = &d->rb->rules[s->rule];
        /* named with its id: two platforms of one stop, two carriers of one class, are told apart */
        char *place = *s->name && strcmp(s->name, s->id) ? adcov_sprintf("%s（%s）", s->name, s->id) : adcov_strdup(s->id);
        if (!place)
            return adcov_fail(ctx, ADCOV_ENOMEM, "report: out of memory");
        adcov_doc_failure f = {.rule = rule, .place = place, .own_place = place, .duty = s->duty ? s->duty : "",
                               .in_zone = s->in_zone, .result = i, .is_site = 1};
        f.shortfall = s->shortfall ? adcov_strdup(s->shortfall)
                      : s->has_value ? adcov_sprintf("%.10g/%.10g", s->value, s->required)
                                     : adcov_shortfall(rule, s->counts, s->need, s->nquotas, d->phase);
        memcpy(f.box, d->site_box[i], sizeof f.box);
        st = add_failure(ctx, d, cap, f);
    }
    return st;
}

static int by_importance(const void *a, const void *b)
{
    const adcov_doc_failure *x = a, *y = b;
    if (x->in_zone != y->in_zone)
        return y->in_zone - x->in_zone;
    if (x->rule != y->rule)
        return x->rule < y->rule ? -1 : 1;
    int c = strcmp(x->place, y->place);
    if (c)
        return c;
    if (x->is_site != y->is_site)
        return x->is_site - y->is_site;
    if (x->result != y->result)
        return x->result < y->result ? -1 : 1;
    return strcmp(x->chainage, y->chainage);
}

static void rule_numbers(adcov_doc *d)
{
    for (size_t k = 0; k < d->rb->nrules; k++) {
        if (!d->rb->rules[k].selected)
            continue;
        adcov_doc_rule *r = &d->rules[d->nrules++];
        r->rule = &d->rb->rules[k];
        adcov_rule_tally(d->res, d->rb, k, &r->t);
    }
}

/* The numbers of a duty unit's failures as ranges, "1–4, 7, 9–12"; past DUTY_RANGES ranges the rest is a
 * count ("… 共 312 项"), so that no cell runs over a page. */
#define DUTY_RANGES 12
static char *number_ranges(const size_t *nums, size_t n, adcov_lang lang)
{
    char *out = adcov_strdup("");
    size_t ranges = 0;
    for (size_t i = 0; out && i < n;) {
        size_t j = i;
        while (j + 1 < n && nums[j + 1] == nums[j] + 1)
            j++;
        char *next = ranges == DUTY_RANGES
                         ? adcov_sprintf(lang == ADCOV_LANG_EN ? "%s, … (%zu in all)" : "%s，…（共 %zu 项）", out, n)
                     : j > i ? adcov_sprintf("%s%s%zu–%zu", out, *out ? ", " : "", nums[i], nums[j])
                             : adcov_sprintf("%s%s%zu", out, *out ? ", " : "", nums[i]);
        free(out);
        out = next;
        if (ranges++ == DUTY_RANGES)
            break;
        i = j + 1;
    }
    return out;
}

static adcov_status duty_numbers(adcov_ctx *ctx, adcov_doc *d)
{
    d->duties = adcov_calloc(d->nfailures ? d->nfailures : 1, sizeof *d->duties);
    size_t *duty_of = adcov_calloc(d->nfailures ? d->nfailures : 1, sizeof *duty_of);
    size_t *nums = adcov_calloc(d->nfailures ? d->nfailures : 1, sizeof *nums);
    adcov_status st = d->duties && duty_of && nums ? ADCOV_OK : adcov_fail(ctx, ADCOV_ENOMEM, "report: out of memory");
    for (size_t i = 0; !st && i < d->nfailures; i++) {
        const adcov_doc_failure *f = &d->failures[i];
        size_t k = 0;
        while (k < d->nduties && strcmp(d->duties[k].duty, f->duty))
            k++;
        if (k == d->nduties)
            d->duties[d->nduties++].duty = f->duty;
        d->duties[k].failures++;
        d->duties[k].in_zone += f->in_zone;
        duty_of[i] = k;
    }
    /* each unit's numbers, in order, one unit after another in nums (a counting sort by unit) */
    size_t *start = st ? NULL : adcov_calloc(d->nduties + 1, sizeof *start);
    size_t *fill = st ? NULL : adcov_calloc(d->nduties + 1, sizeof *fill);
    if (!st && (!start || !fill))
        st = adcov_fail(ctx, ADCOV_ENOMEM, "report: out of memory");
    for (size_t k = 0; !st && k < d->nduties; k++)
        fill[k + 1] = start[k + 1] = start[k] + d->duties[k].failures;
    for (size_t i = 0; !st && i < d->nfailures; i++)
        nums[fill[duty_of[i]]++] = i + 1;
    for (size_t k = 0; !st && k < d->nduties; k++)
        if (!(d->duties[k].numbers = number_ranges(nums + start[k], d->duties[k].failures, d->lang)))
            st = adcov_fail(ctx, ADCOV_ENOMEM, "report: out of memory");
    free(start);
    free(fill);
    free(duty_of);
    free(nums);
    return st;
}

static adcov_status small_maps(adcov_ctx *ctx, adcov_doc *d)
{
    const adcov_result *res = d->res;
    d->maps = adcov_calloc(d->nfailures ? d->nfailures : 1, sizeof *d->maps);
    size_t *map_of[2] = {adcov_calloc(res->nresults + 1, sizeof(size_t)), /* per result, per site: */
                         adcov_calloc(res->nsites + 1, sizeof(size_t))};  /* its map + 1, or 0 */
    if (!d->maps || !map_of[0] || !map_of[1]) {
        free(map_of[0]);
        free(map_of[1]);
        return adcov_fail(ctx, ADCOV_ENOMEM, "report: out of memory");
    }
    for (size_t i = 0; i < d->nfailures; i++) {
        const adcov_doc_failure *f = &d->failures[i];
        size_t *of = &map_of[f->is_site][f->result];
        if (!*of) {
            d->maps[d->nmaps].first = i;
            box_empty(d->maps[d->nmaps++].box);
            *of = d->nmaps;
        }
        size_t k = *of - 1;
        double *b = d->maps[k].box;
        if (isfinite(f->box[0])) {
            box_add(b, f->box[0], f->box[1]);
            box_add(b, f->box[2], f->box[3]);
        }
    }
    for (size_t k = 0; k < d->nmaps; k++) { /* 20 % and at least 60 m around what failed */
        double *b = d->maps[k].box, m = fmax(60, 0.2 * fmax(b[2] - b[0], b[3] - b[1]));
        b[0] -= m, b[1] -= m, b[2] += m, b[3] += m;
    }
    free(map_of[0]);
    free(map_of[1]);
    return ADCOV_OK;
}

static void city_box(adcov_doc *d)
{
    const adcov_result *res = d->res;
    box_empty(d->box);
    for (size_t i = 0; i < res->nstretches; i++)
        polyline_box(&res->stretches[i].s.line, 0, adcov_polyline_length(&res->stretches[i].s.line), d->box);
    for (size_t i = 0; i < res->nads; i++)
        box_add(d->box, res->ads[i].x, res->ads[i].y);
    if (!isfinite(d->box[0])) {
        d->box[0] = d->box[1] = 0;
        d->box[2] = d->box[3] = 1;
    }
    double m = 0.04 * fmax(d->box[2] - d->box[0], d->box[3] - d->box[1]) + 30; /* zones reach 30 m out */
    d->box[0] -= m, d->box[1] -= m, d->box[2] += m, d->box[3] += m;
    /* a district's streets lie closer on the map than a town's: thinner lines keep them apart */
    d->city_thin = fmax(0.25, fmin(1, CITY_THIN_M / fmax(d->box[2] - d->box[0], d->box[3] - d->box[1])));
}

/* Appends the points of line or ring g to shape sh as one part of the given kind; -1 when out of memory. */
static int shape_part(GEOSContextHandle_t h, const GEOSGeometry *g, adcov_part_kind kind, adcov_doc_shape *sh,
                      double box[4])
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, g);
    unsigned n = 0;
    size_t at = sh->nparts ? sh->parts[sh->nparts - 1].end : 0;
    if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &n) || !n)
        return 0;
    if (adcov_grow((void **)&sh->xy, &sh->cap, 2 * (at + n), sizeof *sh->xy) ||
        adcov_grow((void **)&sh->parts, &sh->capparts, sh->nparts + 1, sizeof *sh->parts))
        return -1;
    for (unsigned i = 0; i < n; i++) {
        GEOSCoordSeq_getXY_r(h, cs, i, &sh->xy[2 * (at + i)], &sh->xy[2 * (at + i) + 1]);
        box_add(box, sh->xy[2 * (at + i)], sh->xy[2 * (at + i) + 1]);
    }
    sh->parts[sh->nparts++] = (adcov_doc_part){at + n, kind};
    return 0;
}

/* Every point, line and polygon ring of g into shape sh; -1 when out of memory. */
static int shape_add(GEOSContextHandle_t h, const GEOSGeometry *g, adcov_doc_shape *sh, double box[4])
{
    int type = GEOSGeomTypeId_r(h, g);
    if (type == GEOS_POINT || type == GEOS_LINESTRING || type == GEOS_LINEARRING)
        return shape_part(h, g, type == GEOS_POINT ? ADCOV_PART_POINT : ADCOV_PART_LINE, sh, box);
    if (type == GEOS_POLYGON) {
        int holes = GEOSGetNumInteriorRings_r(h, g), fail = 0;
        for (int i = -1; !fail && i < holes; i++)
            fail = shape_part(h, i < 0 ? GEOSGetExteriorRing_r(h, g) : GEOSGetInteriorRingN_r(h, g, i),
                              i < 0 ? ADCOV_PART_SHELL : ADCOV_PART_HOLE, sh, box);
        return fail;
    }
    int fail = 0;
    for (int i = 0; !fail && i < GEOSGetNumGeometries_r(h, g); i++)
        fail = shape_add(h, GEOSGetGeometryN_r(h, g, i), sh, box);
    return fail;
}

/* Each geometry of wkb[i] (a stride apart in rows) made a shape, with its box. */
static adcov_status shapes(adcov_ctx *ctx, const void *rows, size_t n, size_t stride, size_t wkb_at, size_t size_at,
                           adcov_doc_shape **shape, double (**box)[4])
{
    GEOSContextHandle_t h = adcov_ctx_geos(ctx);
    *shape = adcov_calloc(n ? n : 1, sizeof **shape);
    *box = adcov_calloc(n ? n : 1, sizeof **box);
    if (!*shape || !*box)
        return adcov_fail(ctx, ADCOV_ENOMEM, "report: out of memory");
    for (size_t i = 0; i < n; i++) {
        const char *row = (const char *)rows + i * stride;
        const unsigned char *wkb = *(unsigned char *const *)(row + wkb_at);
        size_t size = *(const size_t *)(row + size_at);
        box_empty((*box)[i]);
        GEOSGeometry *g = wkb ? GEOSGeomFromWKB_buf_r(h, wkb, size) : NULL;
        if (wkb && !g)
            return adcov_fail(ctx, ADCOV_EGEOS, "report: a geometry cannot be read for the maps");
        int fail = g ? shape_add(h, g, &(*shape)[i], (*box)[i]) : 0;
        GEOSGeom_destroy_r(h, g);
        if (fail)
            return adcov_fail(ctx, ADCOV_ENOMEM, "report: out of memory");
    }
    return ADCOV_OK;
}

static void shapes_free(adcov_doc_shape *shape, size_t n)
{
    for (size_t i = 0; shape && i < n; i++) {
        free(shape[i].xy);
        free(shape[i].parts);
    }
    free(shape);
}

/* Each zone's and site's shape and box, made once for every map. */
static adcov_status drawing_geometry(adcov_ctx *ctx, adcov_doc *d)
{
    const adcov_result *res = d->res;
    adcov_status st = shapes(ctx, res->zones, res->nzones, sizeof *res->zones, offsetof(adcov_zone_row, wkb),
                             offsetof(adcov_zone_row, wkb_size), &d->zone_shape, &d->zone_box);
    if (!st)
        st = shapes(ctx, res->sites, res->nsites, sizeof *res->sites, offsetof(adcov_site_result, wkb),
                    offsetof(adcov_site_result, wkb_size), &d->site_shape, &d->site_box);
    d->stretch_box = st ? NULL : adcov_calloc(res->nstretches ? res->nstretches : 1, sizeof *d->stretch_box);
    d->ad_grid = d->stretch_box ? adcov_grid_new(200) : NULL;
    if (!st && !d->ad_grid)
        return adcov_fail(ctx, ADCOV_ENOMEM, "report: out of memory");
    for (size_t i = 0; !st && i < res->nstretches; i++) {
        box_empty(d->stretch_box[i]);
        polyline_box(&res->stretches[i].s.line, 0, adcov_polyline_length(&res->stretches[i].s.line), d->stretch_box[i]);
    }
    for (size_t i = 0; !st && i < res->nads; i++)
        if (adcov_grid_add(d->ad_grid, res->ads[i].x, res->ads[i].y, i))
            st = adcov_fail(ctx, ADCOV_ENOMEM, "report: out of memory");
    return st;
}

adcov_status adcov_doc_build(adcov_ctx *ctx, const adcov_result *res, const adcov_rulebook *rb, const adcov_config *cfg,
                             adcov_phase phase, adcov_lang lang, adcov_doc **out)
{
    adcov_doc *d = *out = adcov_calloc(1, sizeof *d);
    if (!d)
        return adcov_fail(ctx, ADCOV_ENOMEM, "report: out of memory");
    *d = (adcov_doc){.lang = lang, .res = res, .rb = rb, .cfg = cfg, .phase = phase};
    const char *crs = res->crs ? OSRGetName(res->crs) : NULL;
    snprintf(d->crs_name, sizeof d->crs_name, "%s", crs ? crs : "");
    time_t now = time(NULL);
    struct tm local;
    if (localtime_r(&now, &local))
        strftime(d->when, sizeof d->when, "%Y-%m-%d %H:%M", &local);
    d->rules = adcov_calloc(rb->nrules ? rb->nrules : 1, sizeof *d->rules);
    d->stretch_ink = adcov_calloc(res->nstretches ? res->nstretches : 1, 1);
    if (!d->rules || !d->stretch_ink)
        return adcov_fail(ctx, ADCOV_ENOMEM, "report: out of memory");
    for (size_t i = 0; i < res->nresults; i++) {
        unsigned char *ink = &d->stretch_ink[res->results[i].stretch];
        *ink = res->results[i].pass ? (*ink ? *ink : 1) : 2;
        d->posters += res->results[i].nsuggestions;
    }
    for (size_t i = 0; i < res->nstretches; i++) /* another carriageway shows as its walked stretch does */
        if (res->stretches[i].dual)
            d->stretch_ink[i] = d->stretch_ink[res->stretches[i].s.dual_of];
    size_t cap = 0;
    adcov_status st = drawing_geometry(ctx, d);
    if (!st)
        st = street_failures(ctx, d, &cap);
    if (!st)
        st = site_failures(ctx, d, &cap);
    if (st)
        return st;
    if (d->nfailures)
        qsort(d->failures, d->nfailures, sizeof *d->failures, by_importance);
    rule_numbers(d);
    city_box(d);
    const double(*boxes[3])[4] = {d->stretch_box, d->zone_box, d->site_box};
    size_t counts[3] = {res->nstretches, res->nzones, res->nsites};
    for (int k = 0; k < 3; k++)
        if (!(d->bins[k] = bins_new(d->box, boxes[k], counts[k])))
            return adcov_fail(ctx, ADCOV_ENOMEM, "report: out of memory");
    if (!(st = duty_numbers(ctx, d)))
        st = small_maps(ctx, d);
    return st;
}

void adcov_doc_free(adcov_doc *d)
{
    if (!d)
        return;
    shapes_free(d->site_shape, d->res->nsites);
    free(d->site_box);
    shapes_free(d->zone_shape, d->res->nzones);
    free(d->zone_box);
    free(d->stretch_box);
    adcov_grid_free(d->ad_grid);
    for (int k = 0; k < 3; k++)
        bins_free(d->bins[k]);
    for (size_t i = 0; i < d->nfailures; i++) {
        free(d->failures[i].shortfall);
        free(d->failures[i].own_place);
    }
    free(d->failures);
    free(d->rules);
    for (size_t i = 0; i < d->nduties; i++)
        free(d->duties[i].numbers);
    free(d->duties);
    free(d->maps);
    free(d->stretch_ink);
    free(d);
}

/* ---- maps ---- */

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

/* Drops the points of xy[from, n) closer than half a map unit to the one kept before (they change nothing
 * one can see, and a city's zones have thousands of them); the last point stays. The new end. */
static size_t thin(map *m, size_t from, size_t n)
{
    size_t k = from + 1;
    for (size_t i = from + 1; i < n; i++) {
        double dx = m->xy[2 * i] - m->xy[2 * (k - 1)], dy = m->xy[2 * i + 1] - m->xy[2 * (k - 1) + 1];
        if (i + 1 < n && dx * dx + dy * dy < 0.25)
            continue;
        m->xy[2 * k] = m->xy[2 * i];
        m->xy[2 * k + 1] = m->xy[2 * i + 1];
        k++;
    }
    return n > from ? k : from;
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
    for (size_t i = next_bit(near, d->res->nzones, 0); i < d->res->nzones; i = next_bit(near, d->res->nzones, i + 1))
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
        for (size_t i = next_bit(near, res->nstretches, 0); i < res->nstretches;
             i = next_bit(near, res->nstretches, i + 1))
            if (d->stretch_ink[i] == k && meets(m, d->stretch_box[i]))
                draw_polyline(m, &res->stretches[i].s.line, 0, adcov_polyline_length(&res->stretches[i].s.line),
                              k == 2 ? ADCOV_INK_STREET_FAIL : ADCOV_INK_STREET_PASS);
    for (size_t i = 0; i < res->nresults; i++)
        for (size_t g = 0; (!about || i == focus) && bit(near, res->results[i].stretch) &&
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
        for (size_t i = next_bit(near, res->nstretches, 0); i < res->nstretches && n < MAP_LABELS;
             i = next_bit(near, res->nstretches, i + 1)) {
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
             .box = {cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2}, .frame = {-2, -2, width + 2, height + 2}};
    double r = fmax(width / 400, fmin(width / 150, 3 * m.scale)); /* a dot: 3 m, but visible */
    double max_dots = floor(ADCOV_MAP_DOT_COVER * width * height / (M_PI * r * r));
    int detail = m.box[2] - m.box[0] <= detail_m;
    uint64_t *near[3]; /* per stretch, zone and site: may it meet the map */
    for (int k = 0; k < 3; k++)
        near[k] = bins_query(d->bins[k], m.box);
    if (!near[0] || !near[1] || !near[2]) {
        for (int k = 0; k < 3; k++)
            free(near[k]);
        return adcov_fail(ctx, ADCOV_ENOMEM, "report: out of memory drawing a map");
    }
    adcov_status st = ADCOV_OK;
    *left = detail ? 0 : ADCOV_MAP_LEFT_DETAIL;
    if (detail)
        draw_zones(&m, d, near[BINS_ZONES]);
    draw_streets(&m, d, near[BINS_STRETCHES], about, focus);
    const uint64_t *near_site = near[BINS_SITES];
    static const adcov_ink site_ink[] = {ADCOV_INK_SITE_PASS, ADCOV_INK_SITE_FAIL, ADCOV_INK_SITE_UNKNOWN};
    found ads = {.m = &m, .res = res}; /* the ads in the map, by the grid (none shown without detail) */
    if (detail)
        adcov_grid_query(d->ad_grid, m.box[0], m.box[1], m.box[2], m.box[3], ad_found, &ads);
    if (ads.failed)
        st = adcov_fail(ctx, ADCOV_ENOMEM, "report: out of memory drawing a map");
    size_t dots = ads.n; /* ads and point sites in the map */
    size_t ns = res->nsites;
    for (size_t i = next_bit(near_site, ns, 0); detail && i < ns && (double)dots <= max_dots;
         i = next_bit(near_site, ns, i + 1))
        dots += d->site_shape[i].nparts && d->site_box[i][0] == d->site_box[i][2] && meets(&m, d->site_box[i]);
    /* the city map draws what matters for it: failures; ads only while they stay apart */
    int dots_drawn = detail && (double)dots <= max_dots && (small || ads.n <= ADCOV_CITY_MAP_ADS);
    if (detail && !dots_drawn)
        *left |= ads.n ? ADCOV_MAP_LEFT_ADS | ADCOV_MAP_LEFT_SITES : ADCOV_MAP_LEFT_SITES;
    for (size_t i = next_bit(near_site, ns, 0); !st && detail && i < ns; i = next_bit(near_site, ns, i + 1)) {
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
        draw_labels(&m, d, near[BINS_STRETCHES], focus);
    free(m.xy);
    free(m.ends);
    free(m.cut[0]);
    free(m.cut[1]);
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
