#define _GNU_SOURCE /* qsort_r */
/* The campaign's tables in the reports (doc.h adcov_doc_table), in Chinese and English: the progress
 * since the earlier run (at the top), the ranking of duty units and of districts (红黑榜), and the mock
 * inspection with the ten fixes worth most. The words of these tables are this file's. */
#include "campaign.h"
#include "doc.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

enum {
    W_PROGRESS, W_PROGRESS_NOTE, W_DUTY, W_FIXED, W_OPEN, W_NEW, W_FIX_RATE, W_TOTAL, W_NONE, W_RANKING,
    W_RANKING_NOTE, W_DISTRICTS, W_DISTRICTS_NOTE, W_OVERLAP_NOTE, W_RANK, W_DISTRICT, W_LIST, W_RED, W_BLACK,
    W_RATE, W_PASSED_OF, W_FAILURES, W_ADS, W_SIM, W_SIM_NOTE, W_RULE, W_DRAWS, W_WEIGHT, W_EXPECTED,
    W_VERIFIED, W_YES, W_NO, W_GAINS, W_GAINS_NOTE, W_PROBLEM, W_PLACE, W_GAIN, W_NO_GAINS, W_CHANGED,
    W_CHANGED_NOTE, W_BEFORE_NOW, W_PER_RULE, W_LISTS_NOTE, W_NO_DISTRICT, W_COUNT
};

static const char *const words[W_COUNT][2] = {
    [W_PROGRESS] = {"整改进展（与上次检查相比）", "Progress since the earlier run"},
    [W_PROGRESS_NOTE] = {"上次检查：%s。已整改 %zu 项，仍未整改 %zu 项，新发现 %zu 项；整改率 = 已整改 /（已整改 + 未整改）= %s。"
                         "每个问题的变化见 changes.csv。",
                         "Earlier run: %s. %zu problems fixed, %zu still open, %zu new; fix rate = fixed / (fixed + "
                         "open) = %s. Each problem's change is in changes.csv."},
    [W_DUTY] = {"责任单位", "Duty unit"},
    [W_FIXED] = {"已整改", "fixed"},
    [W_OPEN] = {"未整改", "open"},
    [W_NEW] = {"新发现", "new"},
    [W_FIX_RATE] = {"整改率", "fix rate"},
    [W_TOTAL] = {"全部责任单位", "All duty units"},
    [W_NONE] = {"未指定责任单位", "no duty unit"},
    [W_NO_DISTRICT] = {"不在任何区划内", "in no district"},
    [W_RANKING] = {"责任单位达标率排名（红黑榜）", "Duty units ranked by pass rate (red and black lists)"},
    [W_RANKING_NOTE] = {"达标率 = 达标点位 / 检查点位，各项规则的点位一并计算（道路按路段，站点、点位、围挡按个，"
                        "载体按类别）；达标率相同者名次相同。%s各规则的达标情况见右栏和 scores.csv。",
                        "Pass rate = places that pass / places checked, the places of every rule together (a stretch "
                        "of street, a stop, a site, a hoarding, a carrier class); equal rates share a rank. %sEach "
                        "rule's figures are in the column on the right and in scores.csv."},
    [W_LISTS_NOTE] = {"前三名为红榜，后三名为黑榜（灰底）。", "The first three are the red list, the last three (grey) the black list."},
    [W_PER_RULE] = {"各规则（达标/检查）", "each rule (passed/checked)"},
    [W_DISTRICTS] = {"各区县（街道）达标率排名", "Districts ranked by pass rate"},
    [W_DISTRICTS_NOTE] = {"达标率算法同上。路段和缺口计入其长度较多所在的区划，站点和点位计入其中心所在的区划。%s",
                          "Pass rates as above. A stretch or a gap counts for the district holding more of its "
                          "length, a site for the one its centre lies in. %s"},
    [W_OVERLAP_NOTE] = {"注意：有 %zu 对区划相互重叠，重叠处的点位只计入排在前面的区划。",
                        "Note: %zu pairs of districts overlap; a place in both counts for the first only."},
    [W_RANK] = {"名次", "Rank"},
    [W_DISTRICT] = {"区划", "District"},
    [W_LIST] = {"榜", "List"},
    [W_RED] = {"红榜", "red"},
    [W_BLACK] = {"黑榜", "black"},
    [W_RATE] = {"达标率", "pass rate"},
    [W_PASSED_OF] = {"达标/检查", "passed/checked"},
    [W_FAILURES] = {"问题", "failures"},
    [W_ADS] = {"待整改广告", "ads to fix"},
    [W_SIM] = {"模拟测评", "Mock inspection"},
    [W_SIM_NOTE] = {"按规则集的抽样方案（sampling）模拟测评 %zu 次（随机种子 %llu）：期望得分 %.1f 分（精确计算，满分 100），"
                    "%zu 次模拟的平均 %.1f 分，5%%–95%% 分位 %.1f–%.1f 分。每次的得分见 simulation.csv。",
                    "%zu mock inspections drawn as the rulebook's sampling says (seed %llu): expected score %.1f of "
                    "100 (computed exactly); the mean of the %zu draws %.1f, their 5th–95th percentiles %.1f–%.1f. "
                    "Each draw is in simulation.csv."},
    [W_RULE] = {"规则", "Rule"},
    [W_DRAWS] = {"每次抽取（处）", "places per draw"},
    [W_WEIGHT] = {"权重", "weight"},
    [W_EXPECTED] = {"期望达标比例", "expected share passing"},
    [W_VERIFIED] = {"抽样数已核对原文", "numbers verified"},
    [W_YES] = {"是", "yes"},
    [W_NO] = {"否", "no"},
    [W_GAINS] = {"整改后得分提高最多的问题", "The fixes that raise the expected score most"},
    [W_GAINS_NOTE] = {"整改一个问题（增设其建议的公益广告，或使该点位达标）后期望得分提高的分数。",
                      "How many points of 100 the expected score gains when the problem is fixed (its suggested "
                      "posters added, or the site made to pass)."},
    [W_PROBLEM] = {"问题编号", "Problem id"},
    [W_PLACE] = {"位置", "Place"},
    [W_GAIN] = {"得分提高", "gain"},
    [W_NO_GAINS] = {"没有可提高得分的问题。", "No fix would raise the score."},
    [W_CHANGED] = {"长度变化的缺口", "Gaps that shrank or grew"},
    [W_CHANGED_NOTE] = {"仍未整改、但长度有变化的街道缺口（变化最大的前 %zu 个）。",
                        "Gaps still open whose length changed (the %zu largest changes)."},
    [W_BEFORE_NOW] = {"长度（上次 → 本次）", "length (before → now)"},
};

static const char *W(const adcov_doc *d, int k) { return words[k][d->lang == ADCOV_LANG_EN]; }

/* ---- building a table row by row ---- */

typedef struct {
    adcov_doc_table *t;
    size_t cap;
    int failed;
} builder;

static adcov_doc_table *begin(adcov_doc *d, builder *b, char *title, char *note, size_t ncols, const double *widths,
                              size_t numeric_from)
{
    adcov_doc_table *t = &d->tables[d->ntables++];
    *t = (adcov_doc_table){.title = title, .note = note, .ncols = ncols, .numeric_from = numeric_from};
    memcpy(t->widths, widths, ncols * sizeof *widths);
    *b = (builder){t, 0, !title || !note};
    return t;
}

/* Appends a row of ncols texts (copied); shade marks it. */
static void add_row(builder *b, int shade, ...)
{
    adcov_doc_table *t = b->t;
    size_t n = t->nrows + 1;
    if (b->failed || adcov_grow((void **)&t->cells, &b->cap, n * t->ncols, sizeof *t->cells)) {
        b->failed = 1;
        return;
    }
    unsigned char *sh = realloc(t->shade, n);
    if (!sh) {
        b->failed = 1;
        return;
    }
    t->shade = sh;
    t->shade[t->nrows] = (unsigned char)shade;
    va_list ap;
    va_start(ap, shade);
    for (size_t c = 0; c < t->ncols; c++) {
        const char *s = va_arg(ap, const char *);
        if (!(t->cells[t->nrows * t->ncols + c] = adcov_strdup(s ? s : "")))
            b->failed = 1;
    }
    va_end(ap);
    t->nrows = n;
}

static void pct(char *buf, size_t size, size_t num, size_t den)
{
    if (den)
        snprintf(buf, size, "%.1f%%", 100.0 * (double)num / (double)den);
    else
        snprintf(buf, size, "—");
}

/* ---- progress ---- */

static int progress_table(adcov_doc *d, const adcov_campaign *c)
{
    char rate[32], nf[32], no[32], nn[32];
    pct(rate, sizeof rate, c->fixed, c->fixed + c->open);
    builder b;
    static const double w[] = {0.40, 0.15, 0.15, 0.15, 0.15};
    begin(d, &b, adcov_strdup(W(d, W_PROGRESS)),
          adcov_sprintf(W(d, W_PROGRESS_NOTE), c->previous, c->fixed, c->open, c->added, rate), 5, w, 1);
    add_row(&b, 0, W(d, W_DUTY), W(d, W_FIXED), W(d, W_OPEN), W(d, W_NEW), W(d, W_FIX_RATE));
    for (size_t i = 0; i <= c->nprogress; i++) {
        const adcov_progress *p = i < c->nprogress ? &c->progress[i] : NULL;
        size_t f = p ? p->fixed : c->fixed, o = p ? p->open : c->open, a = p ? p->added : c->added;
        snprintf(nf, sizeof nf, "%zu", f), snprintf(no, sizeof no, "%zu", o), snprintf(nn, sizeof nn, "%zu", a);
        pct(rate, sizeof rate, f, f + o);
        add_row(&b, !p, !p ? W(d, W_TOTAL) : *p->duty ? p->duty : W(d, W_NONE), nf, no, nn, rate);
    }
    return !b.failed;
}

/* Open gaps whose length changed by 1 m or more, the largest changes first (at most MAX_CHANGED). */
#define MAX_CHANGED 30

static double change_m(const adcov_campaign *c, const adcov_change *ch)
{
    const adcov_problem *p = &c->problems[ch->now];
    return round((p->to - p->from) * 10) / 10 - c->old[ch->before].length_m;
}

static int by_change(const void *a, const void *b, void *arg)
{
    double dx = fabs(change_m(arg, a)), dy = fabs(change_m(arg, b));
    return dx > dy ? -1 : dx < dy;
}

static int changed_table(adcov_doc *d, const adcov_campaign *c)
{
    adcov_change *open = adcov_malloc((c->nchanges + 1) * sizeof *open);
    size_t n = 0;
    if (!open)
        return 0;
    for (size_t i = 0; i < c->nchanges; i++) {
        const adcov_change *ch = &c->changes[i];
        if (ch->now != SIZE_MAX && ch->before != SIZE_MAX && c->problems[ch->now].kind == ADCOV_PROBLEM_GAP &&
            fabs(change_m(c, ch)) >= 1)
            open[n++] = *ch;
    }
    builder b = {.failed = 0};
    if (n) {
        qsort_r(open, n, sizeof *open, by_change, (void *)c);
        n = n < MAX_CHANGED ? n : MAX_CHANGED;
        static const double w[] = {0.34, 0.26, 0.20, 0.20};
        begin(d, &b, adcov_strdup(W(d, W_CHANGED)), adcov_sprintf(W(d, W_CHANGED_NOTE), n), 4, w, 3);
        add_row(&b, 0, W(d, W_PROBLEM), W(d, W_PLACE), W(d, W_DUTY), W(d, W_BEFORE_NOW));
        for (size_t i = 0; i < n; i++) {
            const adcov_problem *p = &c->problems[open[i].now];
            char km[64];
            snprintf(km, sizeof km, "%.3f → %.3f km", c->old[open[i].before].length_m / 1000,
                     round((p->to - p->from) * 10) / 10 / 1000);
            add_row(&b, 0, p->id, p->place, *p->duty ? p->duty : W(d, W_NONE), km);
        }
    }
    free(open);
    return !b.failed;
}

/* ---- scores ---- */

/* "street.main 3/4; busstop.count 2/45": each rule's places passed of checked. */
static char *per_rule(const adcov_doc *d, const adcov_score *s)
{
    char *text = adcov_strdup("");
    for (size_t r = 0; text && r < d->rb->nrules; r++) {
        if (!s->checked[r])
            continue;
        char *next = adcov_sprintf("%s%s%s %zu/%zu", text, *text ? "; " : "", d->rb->rules[r].id, s->passed[r], s->checked[r]);
        free(text);
        text = next;
    }
    return text;
}

/* The ranking of duty units (district 0) or districts (1): the first three are the 红榜 and the last
 * three the 黑榜 (shaded), when there are six or more; a unit tied with one of them is on its list too. */
static int ranking_table(adcov_doc *d, const adcov_campaign *c, int district)
{
    size_t n = 0, first = SIZE_MAX;
    for (size_t k = 0; k < c->nscores; k++)
        if (c->scores[k].district == district)
            first = first == SIZE_MAX ? k : first, n++;
    if (!n)
        return 1;
    builder b;
    char overlap[256] = "";
    if (district && c->overlapping_districts)
        snprintf(overlap, sizeof overlap, W(d, W_OVERLAP_NOTE), c->overlapping_districts);
    const char *lists = n >= 6 ? W(d, W_LISTS_NOTE) : "";
    char *note = district ? adcov_sprintf(W(d, W_DISTRICTS_NOTE), overlap) : adcov_sprintf(W(d, W_RANKING_NOTE), lists);
    static const double w[] = {0.06, 0.20, 0.06, 0.09, 0.09, 0.32, 0.07, 0.11};
    begin(d, &b, adcov_strdup(W(d, district ? W_DISTRICTS : W_RANKING)), note, 8, w, 6);
    add_row(&b, 0, W(d, W_RANK), W(d, district ? W_DISTRICT : W_DUTY), W(d, W_LIST), W(d, W_PASSED_OF), W(d, W_RATE),
            W(d, W_PER_RULE), W(d, W_FAILURES), W(d, W_ADS));
    for (size_t i = 0; i < n; i++) {
        const adcov_score *s = &c->scores[first + i];
        char rank[24], rate[24], nf[24], na[24], of[48];
        snprintf(rank, sizeof rank, "%zu", s->rank), snprintf(nf, sizeof nf, "%zu", s->failures);
        snprintf(of, sizeof of, "%zu/%zu", s->places_passed, s->places);
        snprintf(na, sizeof na, "%zu", s->ads);
        if (isnan(s->rate))
            snprintf(rate, sizeof rate, "—");
        else
            snprintf(rate, sizeof rate, "%.1f%%", 100 * s->rate);
        int red = 0, black = 0;
        if (n >= 6) {
            size_t third = c->scores[first + 2].rank, last3 = c->scores[first + n - 3].rank;
            red = s->rank <= third && !isnan(s->rate);
            black = !red && (isnan(s->rate) || s->rank >= last3);
        }
        char *rules = per_rule(d, s);
        if (!rules)
            b.failed = 1;
        add_row(&b, black, rank, *s->unit ? s->unit : W(d, district ? W_NO_DISTRICT : W_NONE),
                red ? W(d, W_RED) : black ? W(d, W_BLACK) : "", of, rate, rules, nf, na);
        free(rules);
    }
    return !b.failed;
}

/* ---- the mock inspection ---- */

static int simulation_tables(adcov_doc *d, const adcov_campaign *c)
{
    const adcov_simulation *sim = &c->sim;
    builder b;
    static const double w1[] = {0.34, 0.17, 0.12, 0.19, 0.18};
    begin(d, &b, adcov_strdup(W(d, W_SIM)),
          adcov_sprintf(W(d, W_SIM_NOTE), sim->draws, (unsigned long long)sim->seed, 100 * sim->expected, sim->draws,
                        100 * sim->mean, 100 * sim->p5, 100 * sim->p95), 5, w1, 1);
    add_row(&b, 0, W(d, W_RULE), W(d, W_DRAWS), W(d, W_WEIGHT), W(d, W_EXPECTED), W(d, W_VERIFIED));
    for (size_t i = 0; i < sim->nrules; i++) {
        const adcov_rule *r = &d->rb->rules[sim->rules[i]];
        char nd[24], wt[24], ex[24];
        snprintf(nd, sizeof nd, "%zu", r->draws), snprintf(wt, sizeof wt, "%g", r->weight);
        snprintf(ex, sizeof ex, "%.1f%%", 100 * sim->rule_expected[i]);
        add_row(&b, 0, r->id, nd, wt, ex, W(d, r->sampling_verified ? W_YES : W_NO));
    }
    if (b.failed)
        return 0;
    static const double w2[] = {0.06, 0.34, 0.26, 0.20, 0.14};
    begin(d, &b, adcov_strdup(W(d, W_GAINS)), adcov_strdup(W(d, sim->ntop ? W_GAINS_NOTE : W_NO_GAINS)), 5, w2, 4);
    add_row(&b, 0, "#", W(d, W_PROBLEM), W(d, W_PLACE), W(d, W_DUTY), W(d, W_GAIN));
    for (size_t i = 0; i < sim->ntop; i++) {
        const adcov_problem *p = &c->problems[sim->top[i].problem];
        char n[24], gain[32];
        snprintf(n, sizeof n, "%zu", i + 1), snprintf(gain, sizeof gain, "+%.2f", 100 * sim->top[i].gain);
        add_row(&b, 0, n, p->id, p->place, *p->duty ? p->duty : W(d, W_NONE), gain);
    }
    return !b.failed;
}

adcov_status adcov_doc_campaign_tables(adcov_ctx *ctx, adcov_doc *d)
{
    const adcov_campaign *c = d->res->campaign;
    if (!c)
        return ADCOV_OK;
    if (!(d->tables = adcov_calloc(7, sizeof *d->tables)))
        return adcov_fail(ctx, ADCOV_ENOMEM, "report: out of memory");
    int ok = 1;
    if (c->previous) {
        ok = progress_table(d, c) && changed_table(d, c);
        d->ntop = d->ntables;
    }
    ok = ok && ranking_table(d, c, 0) && ranking_table(d, c, 1);
    if (ok && c->sim.draws)
        ok = simulation_tables(d, c);
    return ok ? ADCOV_OK : adcov_fail(ctx, ADCOV_ENOMEM, "report: out of memory");
}
