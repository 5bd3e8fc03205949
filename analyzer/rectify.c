#include "rectify.h"
#include "campaign.h"
#include "duty.h"
#include "method.h"
#include "out.h"
#include "photos.h"
#include "result.h"
#include "vocab.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#define NO_DUTY "未指定责任单位"

typedef struct {
    const char *duty;  /* borrowed */
    const char *item;  /* static: 公益广告 / 街道缺口 / 点位 */
    const char *problem_id; /* its problem id (the result's campaign) */
    const adcov_photo_row *photo; /* its photo (ads and sites whose source gives photos), or NULL */
    char *id, *place, *problem, *action;
    int in_zone;       /* in an inspection zone: listed first within its duty unit */
    size_t seq;        /* order of addition, the last tie-break */
} row;

typedef struct {
    row *items;
    size_t n, cap;
    int ncols;         /* NCOLS when some source gives photos (the 照片 column), else one fewer */
} rows;

static void rows_free(rows *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->items[i].id);
        free(r->items[i].place);
        free(r->items[i].problem);
        free(r->items[i].action);
    }
    free(r->items);
}

/* Appends a row; takes id, place, problem and action over (also on failure). */
static adcov_status add(adcov_ctx *ctx, rows *r, const char *duty, const char *item, const char *problem_id, int in_zone,
                        char *id, char *place, char *problem, char *action, const adcov_photo_row *photo)
{
    if (!id || !place || !problem || !action || adcov_grow((void **)&r->items, &r->cap, r->n + 1, sizeof *r->items)) {
        free(id), free(place), free(problem), free(action);
        return adcov_fail(ctx, ADCOV_ENOMEM, "rectification: out of memory");
    }
    r->items[r->n] = (row){*duty ? duty : NO_DUTY, item, problem_id, photo, id, place, problem, action, in_zone, r->n};
    r->n++;
    return ADCOV_OK;
}

/* ---- ads ---- */

static const char *action_for(const adcov_ad *a)
{
    if (a->bad)
        return "核实并改正属性值";
    switch (a->condition) {
    case ADCOV_COND_FADED: return "更换褪色画面";
    case ADCOV_COND_DAMAGED: return "修复或更换破损画面";
    case ADCOV_COND_COVERED: return "清除覆盖物和小广告";
    default: return "更新过时或错误内容";
    }
}

/* Ads whose value or condition needs a crew, placed and given a duty unit by the check (duty.h). */
static adcov_status ad_rows(adcov_ctx *ctx, const adcov_result *res, int english, rows *out)
{
    adcov_status st = ADCOV_OK;
    for (size_t i = 0; !st && i < res->nads; i++) {
        const adcov_ad *a = &res->ads[i];
        if (!a->bad && a->condition == ADCOV_COND_GOOD)
            continue;
        char *problem = a->bad ? adcov_sprintf(english ? "unknown value %s" : "属性值不在词表中：%s", a->bad)
                               : english ? adcov_sprintf("condition: %s", adcov_vocab_word(ADCOV_VOCAB_CONDITION, a->condition))
                                       : adcov_sprintf("状况：%s", adcov_vocab_label(ADCOV_VOCAB_CONDITION, a->condition, 0));
        long k = a->near_stretch;
        char *place = k >= 0 ? adcov_sprintf("%s附近（要素 %lld）", res->stretches[k].street, a->fid)
                             : adcov_sprintf("要素 %lld", a->fid);
        st = add(ctx, out, adcov_duty_of_ad(res, a), "公益广告", adcov_problem_of_ad(res, i), a->in_zone, adcov_strdup(a->id), place, problem,
                 adcov_strdup(action_for(a)), adcov_result_photo(res, ADCOV_ROLE_ADS, a->fid_index));
    }
    return st;
}

/* ---- streets and sites ---- */

static adcov_status gap_rows(adcov_ctx *ctx, const adcov_result *res, const adcov_rulebook *rb, adcov_phase phase,
                             rows *out)
{
    adcov_status st = ADCOV_OK;
    for (size_t i = 0; !st && i < res->nresults; i++) {
        const adcov_street_result *sr = &res->results[i];
        const adcov_stretch_info *si = &res->stretches[sr->stretch];
        const adcov_rule *rule = &rb->rules[sr->rule];
        for (size_t g = 0; !st && g < sr->windows.ngaps; g++) {
            char a[24], b[24];
            const adcov_gap *gap = &sr->windows.gaps[g];
            adcov_chainage_k(gap->from, a, sizeof a);
            adcov_chainage_k(gap->to, b, sizeof b);
            char *sf = adcov_shortfall(rule, gap->worst, NULL, rule->nquotas, phase);
            st = add(ctx, out, si->duty, "街道缺口", adcov_problem_of_gap(res, i, g), sr->gap_in_zone && sr->gap_in_zone[g], adcov_strdup(si->id), adcov_sprintf("%s %s–%s", si->street, a, b),
                     adcov_sprintf("%s：步行%.0f米可见不足（%s）", rule->id, adcov_rule_param(rule, "window_m", phase), sf ? sf : ""),
                     adcov_sprintf("在%s至%s之间增设公益广告，各处相距不少于%g米", a, b, adcov_rule_separation(rb, rule, phase)),
                     NULL);
            free(sf);
        }
    }
    return st;
}

/* The words for a site type: 公园 for park; a city's own word in Chinese when its rule lists one (学校
 * for school in sites: [school, 学校]), else as it is. */
static const char *site_label(const char *type, const adcov_rule *rule)
{
    int code = type ? adcov_vocab_code(ADCOV_VOCAB_SITE, type) : -1;
    if (code >= 0)
        return adcov_vocab_label(ADCOV_VOCAB_SITE, code, 0);
    for (size_t i = 0; i < rule->nsites; i++)
        if ((unsigned char)rule->sites[i][0] >= 0x80)
            return rule->sites[i];
    return type ? type : "该点位";
}

static adcov_status site_rows(adcov_ctx *ctx, const adcov_result *res, const adcov_rulebook *rb, adcov_phase phase,
                              rows *out)
{
    adcov_status st = ADCOV_OK;
    for (size_t i = 0; !st && i < res->nsites; i++) {
        const adcov_site_result *s = &res->sites[i];
        if (s->status != ADCOV_SITE_FAIL)
            continue;
        const adcov_rule *rule = &rb->rules[s->rule];
        char *sf = s->has_value ? NULL : adcov_shortfall(rule, s->counts, s->need, s->nquotas, phase);
        char *problem = s->has_value ? adcov_sprintf("%s：%.10g/%.10g%s%s", rule->id, s->value, s->required,
                                                     s->shortfall && *s->shortfall ? "，" : "", s->shortfall ? s->shortfall : "")
                        : sf ? adcov_sprintf("%s：%s", rule->id, sf) : NULL;
        free(sf);
        char action[512];
        rule->method->action(rule, phase, adcov_rule_separation(rb, rule, phase), s, site_label(s->type, rule), action,
                             sizeof action);
        st = add(ctx, out, s->duty ? s->duty : "", "点位", adcov_problem_of_site(res, i), s->in_zone, adcov_strdup(s->id), adcov_strdup(s->name ? s->name : ""),
                 problem, adcov_strdup(action), adcov_photos_of_site(res, s));
    }
    return st;
}

/* ---- files ---- */

static int by_duty(const void *a, const void *b)
{
    const row *x = a, *y = b;
    int c = strcmp(x->duty, y->duty);
    if (!c)
        c = y->in_zone - x->in_zone;
    if (!c)
        c = strcmp(x->item, y->item);
    return c ? c : x->seq < y->seq ? -1 : x->seq > y->seq;
}

#define NCOLS 9
static const char *const head[NCOLS] = {"责任单位", "类别", "编号", "位置", "迎检区内", "问题", "整改要求", "问题编号", "照片"};

/* The photo column: its file as written (the xlsx shows the picture too), or what is wrong with it. */
static const char *photo_text(const row *x)
{
    if (!x->photo)
        return "";
    if (!*x->photo->file)
        return adcov_photo_issue_word(ADCOV_PHOTO_ISSUE_MISSING, 1);
    return x->photo->file;
}

static adcov_status write_csv(adcov_ctx *ctx, const rows *r, const char *path)
{
    adcov_textfile *t = NULL;
    adcov_status st = adcov_textfile_open(ctx, path, &t);
    if (st)
        return st;
    FILE *f = adcov_textfile_stream(t);
    fputs("\xEF\xBB\xBF", f);
    for (size_t i = 0; i <= r->n; i++) {
        const row *x = i ? &r->items[i - 1] : NULL;
        const char *zone = x ? (x->in_zone ? "是" : "否") : head[4];
        const char *cells[NCOLS] = {x ? x->duty : head[0], x ? x->item : head[1], x ? x->id : head[2],
                                    x ? x->place : head[3], zone, x ? x->problem : head[5], x ? x->action : head[6],
                                    x ? x->problem_id : head[7], x ? photo_text(x) : head[8]};
        adcov_csv_row(f, cells, (size_t)r->ncols);
    }
    return adcov_textfile_commit(ctx, t);
}

/* A sheet name Excel accepts: at most 31 characters, none of []:*?/\, unique (n is the sheet's number). */
static char *sheet_name(const char *duty, size_t n)
{
    char *clean = adcov_utf8_clean(duty);
    if (!clean)
        return NULL;
    for (char *p = clean; *p; p++)
        if (strchr("[]:*?/\\", *p))
            *p = '_';
    /* cut at 20 characters, leaving room for a number */
    size_t chars = 0, k = 0;
    while (clean[k] && chars < 20) {
        k++;
        while ((clean[k] & 0xC0) == 0x80)
            k++;
        chars++;
    }
    char *out = adcov_sprintf("%zu %.*s", n, (int)k, clean);
    free(clean);
    return out;
}

#define PHOTO_PX 64.0        /* a photo's height in its row, pixels */
#define PHOTO_COL_CHARS 14.0 /* its column's width, characters */

/* The photo in the last column of its row (the row made tall enough first). */
static int photo_in_row(lxw_worksheet *ws, lxw_row_t at, const adcov_photo_row *p)
{
    double k = PHOTO_PX / (p->thumb_h > p->thumb_w ? p->thumb_h : p->thumb_w);
    lxw_image_options opt = {.x_offset = 2, .y_offset = 2, .x_scale = k, .y_scale = k,
                             .object_position = LXW_OBJECT_MOVE_AND_SIZE};
    worksheet_set_row(ws, at, (PHOTO_PX + 4) * 0.75, NULL);
    return worksheet_insert_image_buffer_opt(ws, at, NCOLS - 1, p->thumb, p->nthumb, &opt) != LXW_NO_ERROR;
}

static adcov_status write_sheet(adcov_ctx *ctx, lxw_workbook *wb, const rows *r, size_t from, size_t to, size_t n)
{
    char *name = sheet_name(r->items[from].duty, n);
    if (!name)
        return adcov_fail(ctx, ADCOV_ENOMEM, "rectification: out of memory");
    lxw_worksheet *ws = workbook_add_worksheet(wb, name);
    free(name);
    if (!ws)
        return adcov_fail(ctx, ADCOV_EIO, "rectification.xlsx: cannot add a sheet");
    for (int c = 0; c < r->ncols; c++)
        worksheet_write_string(ws, 0, (lxw_col_t)c, head[c], NULL);
    worksheet_set_column(ws, 0, NCOLS - 2, 24, NULL);
    if (r->ncols == NCOLS)
        worksheet_set_column(ws, NCOLS - 1, NCOLS - 1, PHOTO_COL_CHARS, NULL);
    for (size_t i = from; i < to; i++) {
        const row *x = &r->items[i];
        lxw_row_t at = (lxw_row_t)(i - from + 1);
        const char *cells[NCOLS] = {x->duty, x->item, x->id, x->place, x->in_zone ? "是" : "否", x->problem, x->action,
                                    x->problem_id, x->photo && x->photo->thumb ? "" : photo_text(x)};
        if (x->photo && x->photo->thumb && photo_in_row(ws, at, x->photo))
            return adcov_fail(ctx, ADCOV_EIO, "rectification.xlsx: cannot add the photo of %s", x->id);
        for (int c = 0; c < r->ncols; c++) {
            char *clean = adcov_utf8_clean(cells[c]);
            if (!clean)
                return adcov_fail(ctx, ADCOV_ENOMEM, "rectification: out of memory");
            worksheet_write_string(ws, (lxw_row_t)(i - from + 1), (lxw_col_t)c, clean, NULL);
            free(clean);
        }
    }
    return ADCOV_OK;
}

static adcov_status write_xlsx(adcov_ctx *ctx, const rows *r, const char *dir, const char *path)
{
    char *tmp = adcov_out_temp_name(path);
    if (!tmp)
        return adcov_fail(ctx, ADCOV_ENOMEM, "%s: out of memory", path);
    /* rows go out as they are written, through a scratch file in the output folder, and texts inline:
     * faster than the shared string table for a list of tens of thousands of rows, and no smaller */
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = (char *)dir};
    lxw_workbook *wb = workbook_new_opt(tmp, &opt);
    adcov_status st = wb ? ADCOV_OK : adcov_fail(ctx, ADCOV_EIO, "%s: cannot write", path);
    size_t sheets = 0;
    for (size_t i = 0; !st && i < r->n;) {
        size_t j = i;
        while (j < r->n && !strcmp(r->items[j].duty, r->items[i].duty))
            j++;
        st = write_sheet(ctx, wb, r, i, j, ++sheets);
        i = j;
    }
    if (!st && sheets == 0) { /* nothing to do: say so rather than leave an empty workbook */
        lxw_worksheet *ws = workbook_add_worksheet(wb, "无整改");
        if (ws)
            worksheet_write_string(ws, 0, 0, "没有需要整改的项目", NULL);
    }
    if (wb && workbook_close(wb) != LXW_NO_ERROR && !st)
        st = adcov_fail(ctx, ADCOV_EIO, "%s: cannot write", path);
    if (!st)
        st = adcov_out_commit(ctx, tmp, path);
    else if (tmp)
        remove(tmp);
    free(tmp);
    return st;
}

adcov_status adcov_rectify_write(adcov_ctx *ctx, const adcov_result *res, const adcov_rulebook *rb, adcov_phase phase,
                                 int english, const char *dir)
{
    rows r = {.ncols = res->nphotos ? NCOLS : NCOLS - 1};
    adcov_status st = ad_rows(ctx, res, english, &r);
    if (!st)
        st = gap_rows(ctx, res, rb, phase, &r);
    if (!st)
        st = site_rows(ctx, res, rb, phase, &r);
    if (!st && r.n)
        qsort(r.items, r.n, sizeof *r.items, by_duty);
    char *csv = adcov_sprintf("%s/rectification.csv", dir), *xlsx = adcov_sprintf("%s/rectification.xlsx", dir);
    if (!st && (!csv || !xlsx))
        st = adcov_fail(ctx, ADCOV_ENOMEM, "rectification: out of memory");
    if (!st)
        st = write_csv(ctx, &r, csv);
    if (!st)
        st = write_xlsx(ctx, &r, dir, xlsx);
    free(csv);
    free(xlsx);
    rows_free(&r);
    return st;
}
