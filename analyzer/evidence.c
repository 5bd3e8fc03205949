#include "evidence.h"
#include "build_info.h"
#include "font.h"
#include "out.h"
#include "pdf.h"
#include "photo.h"
#include "photos.h"
#include "vocab.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_W ADCOV_A4_W
#define PAGE_H ADCOV_A4_H
#define MARGIN 36.0
#define COLS 3
#define ROWS 4
#define GAP 10.0
#define CELL_W ((PAGE_W - 2 * MARGIN - (COLS - 1) * GAP) / COLS)
#define PHOTO_H (CELL_W * 0.68)
#define TOP 112.0 /* where the photos begin */
#define CELL_H ((PAGE_H - MARGIN - TOP) / ROWS)

enum { W_TITLE, W_RULE, W_PLACE, W_TIME, W_WHERE, W_THEME, W_MEDIUM, W_EXIF, W_FIELD, W_NONE, W_NO_PHOTO,
       W_COUNTED, W_MORE, W_COVER, W_PAGES, W_HOARDING, W_ISSUE, W_RUN, W_DAILY, W_INSPECTION, W_COLON, W_AND, W_OPEN, W_CLOSE, W_COUNT };

static const char *const words[W_COUNT][2] = {
    [W_TITLE] = {"公益广告实景图片（网报材料）", "PSA photos for the online declaration"},
    [W_RULE] = {"规则", "Rule"},
    [W_PLACE] = {"点位", "Place"},
    [W_TIME] = {"时间", "Time"},
    [W_WHERE] = {"地点", "Place"},
    [W_THEME] = {"主题", "Theme"},
    [W_MEDIUM] = {"载体", "Medium"},
    [W_EXIF] = {"（照片EXIF）", " (photo EXIF)"},
    [W_FIELD] = {"（台账填写）", " (inventory)"},
    [W_NONE] = {"无", "none"},
    [W_NO_PHOTO] = {"无照片", "no photo"},
    [W_COUNTED] = {"计入的公益广告：%zu 处", "PSAs counted: %zu places"},
    [W_MORE] = {"；本页列出前 %d 处", "; the first %d are shown"},
    [W_COVER] = {"每个达标点位一页，附计入该点位的公益广告照片及说明（时间、地点、主题、载体）。",
                 "One page per place that passes, with the photos of the PSAs counted there and their captions "
                 "(time, place, theme, medium)."},
    [W_PAGES] = {"%s：%zu 页", "%s: pages %zu"},
    [W_HOARDING] = {"围挡", "hoarding"},
    [W_ISSUE] = {"照片问题：", "Photo issue: "},
    [W_COLON] = {"：", ": "},
    [W_AND] = {"、", ", "},
    [W_OPEN] = {"（", " ("},
    [W_CLOSE] = {"）", ")"},
    [W_RUN] = {"检查日期 %04d-%02d-%02d；规则库 %s（%s）", "Checked on %04d-%02d-%02d; rulebook %s (%s)"},
    [W_DAILY] = {"日常", "daily"},
    [W_INSPECTION] = {"迎检", "inspection"},
};

typedef struct {
    cairo_t *cr;
    PangoLayout *layout;
    const adcov_result *res;
    const adcov_rulebook *rb;
    adcov_phase phase;
    int en;
} pack;

static const char *W(const pack *p, int k) { return words[k][p->en]; }

static void text_at(pack *p, const char *text, double x, double y, double width, double size, int bold,
                    unsigned rgb, int lines)
{
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, ADCOV_FONT_FAMILY);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(p->layout, fd);
    pango_font_description_free(fd);
    char *clean = adcov_utf8_clean(text ? text : "");
    pango_layout_set_text(p->layout, clean ? clean : "?", -1);
    free(clean);
    pango_layout_set_width(p->layout, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(p->layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_height(p->layout, lines > 0 ? -lines : -1000);
    pango_layout_set_ellipsize(p->layout, lines > 0 ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
    cairo_set_source_rgb(p->cr, (rgb >> 16 & 255) / 255.0, (rgb >> 8 & 255) / 255.0, (rgb & 255) / 255.0);
    cairo_move_to(p->cr, x, y);
    pango_cairo_show_layout(p->cr, p->layout);
}

/* One place that passes: a stretch of a street rule, or a site row. */
typedef struct {
    const adcov_rule *rule;
    const adcov_stretch_info *si; /* or */
    const adcov_site_result *site;
    const size_t *counted;
    size_t ncounted;
} place;

static void place_name(const pack *p, const place *pl, char *buf, size_t size)
{
    if (pl->si) {
        char a[24], b[24];
        snprintf(buf, size, "%s%s%s%s%s%s–%s", pl->si->street, W(p, W_OPEN), pl->si->id, W(p, W_CLOSE),
                 p->en ? " " : "", adcov_chainage_k(0, a, sizeof a), adcov_chainage_k(adcov_polyline_length(&pl->si->s.line), b, sizeof b));
    } else {
        const adcov_site_result *s = pl->site;
        snprintf(buf, size, "%s%s%s%s%s%s", s->name && *s->name ? s->name : s->id, W(p, W_OPEN),
                 s->kind ? W(p, W_HOARDING) : "", s->kind ? " " : "", s->id, W(p, W_CLOSE));
    }
}

/* The caption's 地点: the place, and on a street the ad's chainage. */
static void ad_where(const pack *p, const place *pl, const adcov_ad *a, char *buf, size_t size)
{
    if (pl->si) {
        char k[24];
        double d;
        adcov_chainage_k(adcov_polyline_project(&pl->si->s.line, a->x, a->y, &d), k, sizeof k);
        snprintf(buf, size, "%s %s", pl->si->street, k);
    } else {
        snprintf(buf, size, "%s", pl->site->name && *pl->site->name ? pl->site->name : pl->site->id);
    }
    (void)p;
}

static void caption(pack *p, const adcov_photo_row *ph, const char *where, const char *theme, const char *medium,
                    double x, double y)
{
    char line[4][768];
    const char *time = ph && ph->has_date ? ph->taken : W(p, W_NONE);
    const char *whence = ph && ph->has_date ? W(p, ph->from_exif ? W_EXIF : W_FIELD) : "";
    const char *colon = W(p, W_COLON);
    snprintf(line[0], sizeof line[0], "%s%s%s%s", W(p, W_TIME), colon, time, whence);
    snprintf(line[1], sizeof line[1], "%s%s%s", W(p, W_WHERE), colon, where);
    snprintf(line[2], sizeof line[2], "%s%s%s", W(p, W_THEME), colon, theme);
    snprintf(line[3], sizeof line[3], "%s%s%s", W(p, W_MEDIUM), colon, medium);
    for (int i = 0; i < 4; i++) /* one line each: a long theme is cut short, never into the next photo */
        text_at(p, line[i], x, y + 10 * i, CELL_W, 7, 0, 0x222222, 1);
    if (ph && ph->issues) {
        char issue[256] = "";
        size_t k = 0;
        for (unsigned bit = 1; bit < 1u << ADCOV_PHOTO_ISSUE_KINDS; bit <<= 1)
            if (ph->issues & bit && k < sizeof issue)
                k += (size_t)snprintf(issue + k, sizeof issue - k, "%s%s", k ? W(p, W_AND) : W(p, W_ISSUE),
                                      adcov_photo_issue_word(bit, !p->en));
        text_at(p, issue, x, y + 40, CELL_W, 7, 1, 0xC62828, 1);
    }
}

/* The grey box's words when a photo has no picture. */
static void no_picture(pack *p, const adcov_photo_row *ph, double x, double y)
{
    const char *why = W(p, W_NO_PHOTO);
    if (ph && ph->issues & ADCOV_PHOTO_ISSUE_UNREADABLE)
        why = adcov_photo_issue_word(ADCOV_PHOTO_ISSUE_UNREADABLE, !p->en);
    else if (ph && ph->issues & ADCOV_PHOTO_ISSUE_OUTSIDE)
        why = adcov_photo_issue_word(ADCOV_PHOTO_ISSUE_OUTSIDE, !p->en);
    text_at(p, why, x + 6, y + PHOTO_H / 2 - 6, CELL_W - 12, 8, 0, 0x777777, 1);
}

static void photo_cell(pack *p, const place *pl, const adcov_photo_row *ph, const adcov_ad *a, int k)
{
    double x = MARGIN + (k % COLS) * (CELL_W + GAP), y = TOP + (k / COLS) * CELL_H;
    adcov_pdf_draw_photo(p->cr, ph, 1, x, y, CELL_W, PHOTO_H);
    if (!ph || !ph->large)
        no_picture(p, ph, x, y);
    char where[512], medium[256];
    if (a) {
        ad_where(p, pl, a, where, sizeof where);
        snprintf(medium, sizeof medium, "%s%s%s%s",
                 a->medium >= 0 ? adcov_vocab_label(ADCOV_VOCAB_MEDIUM, a->medium, p->en) : "?", W(p, W_OPEN), a->id,
                 W(p, W_CLOSE));
        caption(p, ph, where, a->theme, medium, x, y + PHOTO_H + 3);
    } else { /* a hoarding's own photo */
        place_name(p, pl, where, sizeof where);
        caption(p, ph, where, "", W(p, W_HOARDING), x, y + PHOTO_H + 3);
    }
}

static void place_page(pack *p, const place *pl)
{
    cairo_show_page(p->cr); /* the page before: the cover or the last place's */
    char head[1024], name[768];
    place_name(p, pl, name, sizeof name);
    snprintf(head, sizeof head, "%s %s  %s", W(p, W_RULE), pl->rule->id, p->en ? "" : pl->rule->title ? pl->rule->title : "");
    text_at(p, head, MARGIN, MARGIN, PAGE_W - 2 * MARGIN, 12, 1, 0x222222, 2);
    snprintf(head, sizeof head, "%s%s%s", W(p, W_PLACE), W(p, W_COLON), name);
    text_at(p, head, MARGIN, MARGIN + 34, PAGE_W - 2 * MARGIN, 10, 0, 0x222222, 2);
    int n = snprintf(head, sizeof head, W(p, W_COUNTED), pl->ncounted);
    if (pl->ncounted > ADCOV_EVIDENCE_PER_PAGE && n > 0 && (size_t)n < sizeof head)
        snprintf(head + n, sizeof head - (size_t)n, W(p, W_MORE), ADCOV_EVIDENCE_PER_PAGE);
    text_at(p, head, MARGIN, MARGIN + 56, PAGE_W - 2 * MARGIN, 9, 0, 0x555555, 1);
    const adcov_result *res = p->res;
    int k = 0;
    const adcov_photo_row *own = pl->site && pl->site->kind ? adcov_photos_of_site(res, pl->site) : NULL;
    if (own) /* a hoarding's own photo first, then its panels' */
        photo_cell(p, pl, own, NULL, k++);
    for (size_t i = 0; i < pl->ncounted && k < ADCOV_EVIDENCE_PER_PAGE; i++, k++) {
        const adcov_ad *a = &res->ads[pl->counted[i]];
        photo_cell(p, pl, adcov_result_photo(res, ADCOV_ROLE_ADS, a->fid_index), a, k);
    }
}

/* Calls fn for every place of rule r that passes, in result order; returns how many. */
static size_t each_place(pack *p, size_t r, void (*fn)(pack *, const place *))
{
    const adcov_result *res = p->res;
    const adcov_rule *rule = &p->rb->rules[r];
    size_t n = 0;
    for (size_t i = 0; i < res->nresults; i++) {
        const adcov_street_result *sr = &res->results[i];
        if (sr->rule != r || !sr->pass)
            continue;
        place pl = {rule, &res->stretches[sr->stretch], NULL, sr->counted, sr->ncounted};
        if (fn)
            fn(p, &pl);
        n++;
    }
    for (size_t i = 0; i < res->nsites; i++) {
        const adcov_site_result *s = &res->sites[i];
        if (s->rule != r || s->status != ADCOV_SITE_PASS || (s->kind && strcmp(s->kind, "hoarding")))
            continue;
        place pl = {rule, NULL, s, s->counted, s->ncounted};
        if (fn)
            fn(p, &pl);
        n++;
    }
    return n;
}

static void cover(pack *p)
{
    text_at(p, W(p, W_TITLE), MARGIN, MARGIN, PAGE_W - 2 * MARGIN, 18, 1, 0x222222, 2);
    text_at(p, W(p, W_COVER), MARGIN, MARGIN + 36, PAGE_W - 2 * MARGIN, 10, 0, 0x222222, 4);
    int yy, mm, dd;
    adcov_civil_from_days(p->res->today, &yy, &mm, &dd);
    char run[512];
    snprintf(run, sizeof run, W(p, W_RUN), yy, mm, dd, p->rb->name ? p->rb->name : "",
             W(p, p->phase == ADCOV_INSPECTION ? W_INSPECTION : W_DAILY));
    text_at(p, run, MARGIN, MARGIN + 62, PAGE_W - 2 * MARGIN, 10, 0, 0x222222, 2);
    double y = MARGIN + 100;
    for (size_t r = 0; r < p->rb->nrules; r++) {
        if (!p->rb->rules[r].selected)
            continue;
        char line[512];
        snprintf(line, sizeof line, W(p, W_PAGES), p->rb->rules[r].id, each_place(p, r, NULL));
        text_at(p, line, MARGIN, y, PAGE_W - 2 * MARGIN, 10, 0, 0x222222, 1);
        y += 16;
        if (y > PAGE_H - MARGIN - 16) {
            cairo_show_page(p->cr);
            y = MARGIN;
        }
    }
    char line[128];
    snprintf(line, sizeof line, "adcov %s", ADCOV_VERSION);
    text_at(p, line, MARGIN, PAGE_H - MARGIN - 10, PAGE_W - 2 * MARGIN, 8, 0, 0x777777, 1);
}

adcov_status adcov_evidence_write(adcov_ctx *ctx, const adcov_result *res, const adcov_rulebook *rb,
                                  adcov_phase phase, adcov_lang lang, const char *path)
{
    adcov_pdf_canvas c;
    adcov_status st = adcov_pdf_open(ctx, path, words[W_TITLE][lang == ADCOV_LANG_EN], &c);
    if (st)
        return st;
    pack p = {.cr = c.cr, .layout = pango_layout_new(c.pc), .res = res, .rb = rb, .phase = phase,
              .en = lang == ADCOV_LANG_EN};
    cover(&p);
    for (size_t r = 0; r < rb->nrules; r++)
        if (rb->rules[r].selected)
            each_place(&p, r, place_page);
    g_object_unref(p.layout);
    return adcov_pdf_close(ctx, path, &c, ADCOV_OK);
}
