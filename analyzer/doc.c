#include "doc.h"
#include "duty.h"
#include "photos.h"
#include "campaign.h"
#include "bins.h"
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
    [T_MORE_MAPS_GIS] = {"另有 %zu 幅小图未画出：在 QGIS 中打开 gaps.geojson 与 sites.geojson 可逐处查看。",
                         "%zu more small maps are not drawn: open gaps.geojson and sites.geojson in QGIS to see each."},
    [T_PROBLEM_ID] = {"问题编号", "Problem id"},
    [T_PROBLEM_PLACE] = {"问题编号与位置", "Problem id and place"},
    [T_PHOTO] = {"照片", "Photo"},
    [T_ADS_TO_RECTIFY] = {"需整改的广告（附照片）", "Ads to rectify (with their photos)"},
    [T_ADS_NOTE] = {"画面状况不完好或属性值不在词表中的广告，按迎检区内优先排列。",
                    "Ads not in good condition, or with a value outside the vocabulary; those in inspection zones first."},
    [T_AD] = {"广告编号", "Ad"},
    [T_PROBLEM] = {"问题", "Problem"},
    [T_PHOTO_ISSUES] = {"照片问题", "Photo issues"},
    [T_PHOTO_ISSUES_NOTE] = {"逐张列于 photo_issues.csv。网报材料要求照片为近期实景、注明时间地点。",
                             "Each one is listed in photo_issues.csv. The online declaration wants recent photos of "
                             "the real place, with their time and place."},
    [T_NO_PHOTO_ISSUES] = {"照片均无问题。", "No photo has an issue."},
    [T_PHOTOS_OVER] = {"（照片过多，未嵌入：见 rectification.xlsx）", "(too many photos to embed: see rectification.xlsx)"},
    [T_MORE_ADS] = {"另有 %zu 条需整改的广告未在此列出：全部见 report.html 与 rectification.xlsx。",
                    "%zu more ads to rectify are not listed here: every one is in report.html and rectification.xlsx."},
    [T_MORE_FAILURES] = {"另有 %zu 项问题未在此列出：全部问题见 report.html、results.csv 与 rectification.xlsx。",
                         "%zu more failures are not listed here: every one is in report.html, results.csv and "
                         "rectification.xlsx."},
};

const char *adcov_doc_text(adcov_lang lang, adcov_text key)
{
    return key < T_COUNT ? texts[key][lang == ADCOV_LANG_EN] : "";
}


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
                                   .in_zone = sr->gap_in_zone && sr->gap_in_zone[g], .result = i, .gap = g};
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
        f.photo = adcov_photos_of_site(res, s);
        st = add_failure(ctx, d, cap, f);
    }
    return st;
}

/* Ads to rectify, in inspection zones first (a stable order: the ads' own after that). */
static adcov_status ads_to_rectify(adcov_ctx *ctx, adcov_doc *d)
{
    const adcov_result *res = d->res;
    int en = d->lang == ADCOV_LANG_EN;
    d->ads = adcov_calloc(res->nads ? res->nads : 1, sizeof *d->ads);
    if (!d->ads)
        return adcov_fail(ctx, ADCOV_ENOMEM, "report: out of memory");
    for (int zone = 1; zone >= 0; zone--)
        for (size_t i = 0; i < res->nads; i++) {
            const adcov_ad *a = &res->ads[i];
            if ((!a->bad && a->condition == ADCOV_COND_GOOD) || a->in_zone != zone)
                continue;
            adcov_doc_ad *x = &d->ads[d->nads++];
            x->ad = a;
            x->duty = adcov_duty_of_ad(res, a);
            x->photo = adcov_result_photo(res, ADCOV_ROLE_ADS, a->fid_index);
            x->place = a->near_stretch >= 0 ? adcov_strdup(res->stretches[a->near_stretch].street) : adcov_strdup("");
            x->problem = a->bad ? adcov_strdup(a->bad) : adcov_strdup(adcov_vocab_label(ADCOV_VOCAB_CONDITION, a->condition, en));
            if (!x->place || !x->problem)
                return adcov_fail(ctx, ADCOV_ENOMEM, "report: out of memory");
        }
    for (size_t i = 0; i < res->nphotos; i++)
        for (int k = 0; k < ADCOV_PHOTO_ISSUE_KINDS; k++)
            d->photo_issues[k] += (res->photos[i].issues >> k) & 1;
    return ADCOV_OK;
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
        r->t = d->res->tallies[k];
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
    if (!st)
        st = ads_to_rectify(ctx, d);
    if (st)
        return st;
    if (d->nfailures)
        qsort(d->failures, d->nfailures, sizeof *d->failures, by_importance);
    rule_numbers(d);
    city_box(d);
    const double(*boxes[3])[4] = {d->stretch_box, d->zone_box, d->site_box};
    size_t counts[3] = {res->nstretches, res->nzones, res->nsites};
    for (int k = 0; k < 3; k++)
        if (!(d->bins[k] = adcov_bins_new(d->box, boxes[k], counts[k])))
            return adcov_fail(ctx, ADCOV_ENOMEM, "report: out of memory");
    if (!(st = duty_numbers(ctx, d)))
        st = small_maps(ctx, d);
    return st;
}

const char *adcov_doc_problem(const adcov_doc *d, const adcov_doc_failure *x)
{
    return x->is_site ? adcov_problem_of_site(d->res, x->result) : adcov_problem_of_gap(d->res, x->result, x->gap);
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
        adcov_bins_free(d->bins[k]);
    for (size_t i = 0; i < d->nads; i++) {
        free(d->ads[i].place);
        free(d->ads[i].problem);
    }
    free(d->ads);
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
    for (size_t i = 0; i < d->ntables; i++) {
        adcov_doc_table *t = &d->tables[i];
        free(t->title), free(t->note), free(t->shade);
        for (size_t k = 0; t->cells && k < t->nrows * t->ncols; k++)
            free(t->cells[k]);
        free(t->cells);
    }
    free(d->tables);
    free(d);
}

