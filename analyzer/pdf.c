#include "pdf.h"
#include "campaign.h"
#include "photos.h"
#include "map.h"
#include "build_info.h"
#include "font.h"
#include "out.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_W ADCOV_A4_W
#define PAGE_H ADCOV_A4_H
#define MARGIN 42.0
#define TEXT_W (PAGE_W - 2 * MARGIN)

#define MAX_CELLS 10
#define KEPT_CELLS 32 /* laid-out texts kept per column: tables repeat rules, duty units, yes and no */

/* A cell's text laid out once at a width, drawn again wherever the column repeats it (laying text
 * out is half the cost of the failure table). */
typedef struct {
    char *text;
    int width;
    PangoLayout *layout;
    double h;
} kept_cell;

typedef struct {
    cairo_t *cr;
    PangoLayout *layout;
    double y;              /* where the next block starts */
    const adcov_doc *d;
    PangoContext *pc;
    PangoLayout *cells[2][MAX_CELLS]; /* table cells, plain and bold, made once and reused row after row */
    kept_cell kept[MAX_CELLS][KEPT_CELLS]; /* plain cells laid out once */
    size_t nkept[MAX_CELLS];
} page;

static const char *T(const page *p, adcov_text k) { return adcov_doc_text(p->d->lang, k); }

static void new_page(page *p)
{
    cairo_show_page(p->cr);
    p->y = MARGIN;
}

static void set_font(PangoLayout *l, double size, int bold)
{
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, ADCOV_FONT_FAMILY);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
}

/* Sets layout l to text wrapped at width; its height. */
static double fill_layout(PangoLayout *l, const char *text, double width)
{
    char *clean = adcov_utf8_clean(text ? text : "");
    pango_layout_set_text(l, clean ? clean : "?", -1); /* pango needs valid UTF-8 */
    free(clean);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    int w, h;
    pango_layout_get_size(l, &w, &h);
    return (double)h / PANGO_SCALE;
}

/* Sets the page's layout to text in the font at size (points), bold or not, wrapped at width; its height. */
static double set_text(page *p, const char *text, double size, int bold, double width)
{
    set_font(p->layout, size, bold);
    return fill_layout(p->layout, text, width);
}

static void draw_text_at(page *p, double x, double y, unsigned rgb)
{
    cairo_set_source_rgb(p->cr, (rgb >> 16 & 255) / 255.0, (rgb >> 8 & 255) / 255.0, (rgb & 255) / 255.0);
    cairo_move_to(p->cr, x, y);
    pango_cairo_show_layout(p->cr, p->layout);
}

/* A paragraph across the text width; a new page first when it does not fit. */
static void para(page *p, const char *text, double size, int bold, unsigned rgb, double after)
{
    double h = set_text(p, text, size, bold, TEXT_W);
    if (p->y + h > PAGE_H - MARGIN)
        new_page(p);
    draw_text_at(p, MARGIN, p->y, rgb);
    p->y += h + after;
}

static void heading(page *p, const char *text)
{
    if (p->y > PAGE_H - MARGIN - 130) /* a heading keeps room for a line, a table's header and a row */
        new_page(p);
    p->y += 8;
    para(p, text, 13, 1, 0x222222, 2);
    cairo_set_source_rgb(p->cr, 0.78, 0.16, 0.16);
    cairo_set_line_width(p->cr, 1.2);
    cairo_move_to(p->cr, MARGIN, p->y);
    cairo_line_to(p->cr, PAGE_W - MARGIN, p->y);
    cairo_stroke(p->cr);
    p->y += 6;
}

/* Column i's text laid out at width (points): kept from an earlier row of the column, or laid out now
 * (and kept while there is room); *h its height. */
static PangoLayout *cell_layout(page *p, size_t i, const char *text, double width, int header, double *h)
{
    int w = (int)(width * PANGO_SCALE);
    for (size_t k = 0; !header && k < p->nkept[i]; k++)
        if (p->kept[i][k].width == w && !strcmp(p->kept[i][k].text, text)) {
            *h = p->kept[i][k].h;
            return p->kept[i][k].layout;
        }
    if (header || p->nkept[i] == KEPT_CELLS) {
        *h = fill_layout(p->cells[header][i], text, width);
        return p->cells[header][i];
    }
    kept_cell *c = &p->kept[i][p->nkept[i]];
    if (!(c->text = adcov_strdup(text))) {
        *h = fill_layout(p->cells[0][i], text, width);
        return p->cells[0][i];
    }
    c->width = w;
    c->layout = pango_layout_new(p->pc);
    set_font(c->layout, 8, 0);
    c->h = *h = fill_layout(c->layout, text, width);
    p->nkept[i]++;
    return c->layout;
}

#define PHOTO_H 39.0 /* a photo in a table row, points (4:3 in a 52-point column) */

/* One table row: cells in columns of the given widths; a header row is bold on grey. photo_col: the last
 * column holds photo ph (a grey box when NULL) above its cell's text. */
static void row_with(page *p, const char *const *cells, const double *widths, size_t n, int header, int shade,
                     int photo_col, const adcov_photo_row *ph)
{
    double h = 0;
    PangoLayout *laid[MAX_CELLS];
    for (size_t i = 0; i < n && i < MAX_CELLS; i++) {
        double ch;
        laid[i] = cell_layout(p, i, cells[i] ? cells[i] : "", widths[i] - 6, header, &ch);
        if (photo_col && !header && i + 1 == n)
            ch += PHOTO_H + 2;
        h = ch > h ? ch : h;
    }
    h += 5;
    if (p->y + h + (header ? 45 : 0) > PAGE_H - MARGIN) /* a header row keeps room for a row under it */
        new_page(p);
    if (header || shade) { /* shade 1: yellow (in an inspection zone); 2: grey (the 黑榜) */
        if (header || shade == 2)
            cairo_set_source_rgb(p->cr, 0.95, 0.95, 0.95);
        else
            cairo_set_source_rgb(p->cr, 1.0, 0.95, 0.80);
        cairo_rectangle(p->cr, MARGIN, p->y + 0.25, TEXT_W, h - 0.25); /* below the line above */
        cairo_fill(p->cr);
    }
    double x = MARGIN;
    for (size_t i = 0; i < n && i < MAX_CELLS; i++) {
        double below = 0;
        if (photo_col && !header && i + 1 == n) {
            if (ph && ph->thumb)
                adcov_pdf_draw_photo(p->cr, ph, 0, x + 3, p->y + 2.5, widths[i] - 6, PHOTO_H);
            below = ph && ph->thumb ? PHOTO_H + 2 : 0;
        }
        cairo_set_source_rgb(p->cr, 0x22 / 255.0, 0x22 / 255.0, 0x22 / 255.0);
        cairo_move_to(p->cr, x + 3, p->y + 2.5 + below);
        pango_cairo_show_layout(p->cr, laid[i]);
        x += widths[i];
    }
    cairo_set_source_rgb(p->cr, 0.8, 0.8, 0.8);
    cairo_set_line_width(p->cr, 0.5);
    cairo_move_to(p->cr, MARGIN, p->y + h);
    cairo_line_to(p->cr, PAGE_W - MARGIN, p->y + h);
    cairo_stroke(p->cr);
    p->y += h;
}

static void row(page *p, const char *const *cells, const double *widths, size_t n, int header, int shade)
{
    row_with(p, cells, widths, n, header, shade, 0, NULL);
}

/* What is wrong with a photo, in words, one issue a line ("" when nothing is). */
static void photo_words(const page *p, const adcov_photo_row *ph, char *buf, size_t size)
{
    size_t k = 0;
    buf[0] = 0;
    for (unsigned bit = 1; ph && bit < 1u << ADCOV_PHOTO_ISSUE_KINDS; bit <<= 1)
        if (ph->issues & bit && k < size)
            k += (size_t)snprintf(buf + k, size - k, "%s%s", k ? "\n" : "", adcov_photo_issue_word(bit, p->d->lang == ADCOV_LANG_ZH));
}

/* ---- maps on cairo ---- */

/* A map's canvas. Lines of one ink in a row are gathered into one path and stroked once, dots of one
 * ink into one path filled once: a city map has tens of thousands of them, and each cairo operation
 * costs more in a PDF than the points it draws. */
typedef struct {
    cairo_t *cr;
    double width;  /* map units of the map's width */
    double thin;   /* line widths are multiplied by this (the city map of a wide city: thinner) */
    int gathering; /* the ink of the path being gathered, or -1 */
    int dots;      /* it gathers dots (filled), not lines (stroked) */
    double r;
} pdf_map;

static void ink(cairo_t *cr, adcov_ink k, double alpha)
{
    unsigned c = adcov_inks[k].rgb;
    cairo_set_source_rgba(cr, (c >> 16 & 255) / 255.0, (c >> 8 & 255) / 255.0, (c & 255) / 255.0, alpha);
}

static void stroke(pdf_map *m, adcov_ink k)
{
    ink(m->cr, k, 1);
    cairo_set_line_width(m->cr, adcov_inks[k].width * m->width / 100 * m->thin);
    cairo_set_line_cap(m->cr, CAIRO_LINE_CAP_ROUND);
    cairo_set_line_join(m->cr, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke(m->cr);
}

/* Draws what was gathered. */
static void draw_gathered(pdf_map *m)
{
    if (m->gathering < 0)
        return;
    if (m->dots) {
        ink(m->cr, (adcov_ink)m->gathering, 1);
        cairo_set_line_width(m->cr, 2 * m->r);
        cairo_set_line_cap(m->cr, CAIRO_LINE_CAP_ROUND);
        cairo_stroke(m->cr);
    } else {
        stroke(m, (adcov_ink)m->gathering);
    }
    m->gathering = -1;
}

/* Starts gathering ink k (lines or dots) unless it is what is being gathered. */
static void gather(pdf_map *m, adcov_ink k, int dots)
{
    if (m->gathering == (int)k && m->dots == dots)
        return;
    draw_gathered(m);
    cairo_new_path(m->cr);
    m->gathering = (int)k;
    m->dots = dots;
}

static void map_path(void *user, adcov_ink k, const double *xy, const size_t *ends, size_t nruns, int closed)
{
    pdf_map *m = user;
    if (closed) {
        draw_gathered(m);
        cairo_new_path(m->cr);
    } else {
        gather(m, k, 0);
    }
    for (size_t r = 0, i = 0; r < nruns; r++) {
        cairo_new_sub_path(m->cr);
        for (; i < ends[r]; i++)
            cairo_line_to(m->cr, xy[2 * i], xy[2 * i + 1]);
        if (closed)
            cairo_close_path(m->cr);
    }
    if (!closed)
        return;
    if (adcov_inks[k].fill_alpha > 0) { /* see-through fills made opaque over the map's paper:
                                            a PDF of many translucent shapes is slow to write */
        unsigned c = adcov_inks[k].rgb;
        double a = adcov_inks[k].fill_alpha, paper = 0.98;
        cairo_set_fill_rule(m->cr, CAIRO_FILL_RULE_WINDING);
        cairo_set_source_rgb(m->cr, a * (c >> 16 & 255) / 255.0 + (1 - a) * paper,
                             a * (c >> 8 & 255) / 255.0 + (1 - a) * paper, a * (c & 255) / 255.0 + (1 - a) * paper);
        cairo_fill_preserve(m->cr);
    }
    stroke(m, k);
}

static void map_dot(void *user, adcov_ink k, double x, double y, double r)
{
    pdf_map *m = user;
    gather(m, k, 1);
    cairo_move_to(m->cr, x, y);
    cairo_line_to(m->cr, x, y);
    m->r = r;
}

/* A street's name, haloed in white so that it reads over the lines. */
static void map_label(void *user, double x, double y, double deg, const char *text)
{
    pdf_map *m = user;
    draw_gathered(m);
    PangoLayout *l = pango_cairo_create_layout(m->cr);
    if (!l)
        return;
    set_font(l, 6, 0);
    char *clean = adcov_utf8_clean(text);
    pango_layout_set_text(l, clean ? clean : "?", -1);
    free(clean);
    int tw, th;
    pango_layout_get_pixel_size(l, &tw, &th);
    cairo_save(m->cr);
    cairo_translate(m->cr, x, y);
    cairo_rotate(m->cr, -deg * M_PI / 180);
    cairo_set_source_rgb(m->cr, 1, 1, 1); /* the halo: the text in white, shifted all round (the glyphs'
                                              outlines as paths made each map page three times longer) */
    for (int k = 0; k < 8; k++) {
        double a = k * M_PI / 4;
        cairo_move_to(m->cr, -tw / 2.0 + 0.7 * cos(a), -th / 2.0 + 0.7 * sin(a));
        pango_cairo_show_layout(m->cr, l);
    }
    cairo_move_to(m->cr, -tw / 2.0, -th / 2.0);
    cairo_set_source_rgb(m->cr, 0.07, 0.07, 0.07);
    pango_cairo_show_layout(m->cr, l);
    cairo_restore(m->cr);
    g_object_unref(l);
}

/* The city map (small NULL) or a small map, w x h points at (x, y), clipped to its frame. */
static adcov_status map_at(adcov_ctx *ctx, page *p, const adcov_doc_map *small, double x, double y, double w,
                           double h, unsigned *left)
{
    cairo_save(p->cr);
    cairo_rectangle(p->cr, x, y, w, h);
    cairo_set_source_rgb(p->cr, 0.98, 0.98, 0.98);
    cairo_fill_preserve(p->cr);
    cairo_clip(p->cr);
    cairo_translate(p->cr, x, y);
    pdf_map m = {p->cr, w, small ? 1 : p->d->city_thin, -1, 0, 0};
    adcov_canvas c = {&m, map_path, map_dot, map_label};
    adcov_status st = adcov_map_draw(ctx, p->d, small, w, h, &c, left);
    draw_gathered(&m);
    cairo_restore(p->cr);
    cairo_set_source_rgb(p->cr, 0.8, 0.8, 0.8);
    cairo_set_line_width(p->cr, 0.5);
    cairo_rectangle(p->cr, x, y, w, h);
    cairo_stroke(p->cr);
    return st;
}

/* ---- sections ---- */

static void run_section(page *p)
{
    const adcov_doc *d = p->d;
    char *line;
    heading(p, T(p, T_RUN));
    line = adcov_sprintf("%s: %s\n%s: %s — %s\n%s: %s\n%s: %s", T(p, T_CONFIG), d->cfg->path, T(p, T_RULEBOOK),
                         d->rb->name, d->rb->title, T(p, T_PHASE),
                         T(p, d->phase == ADCOV_INSPECTION ? T_PHASE_INSPECTION : T_PHASE_DAILY), T(p, T_CRS),
                         d->crs_name);
    para(p, line, 9, 0, 0x222222, 4);
    free(line);
    static const double w[] = {110, 300, TEXT_W - 410};
    const char *head[] = {T(p, T_ROLE), T(p, T_PATH), T(p, T_LAYER)};
    row(p, head, w, 3, 1, 0);
    for (int r = 0; r < ADCOV_ROLE_COUNT; r++)
        for (const adcov_input *in = adcov_config_source(d->cfg, (adcov_role)r, 0); in; in = in->next) {
            const char *cells[] = {adcov_role_name((adcov_role)r), in->path_written, in->layer ? in->layer : ""};
            row(p, cells, w, 3, 0, 0);
        }
    p->y += 4;
    if (!d->res->has_buildings)
        para(p, T(p, T_NO_BUILDINGS), 9, 0, 0x222222, 4);
}

static void rules_section(page *p)
{
    const adcov_doc *d = p->d;
    heading(p, T(p, T_RULES));
    static const double w[] = {95, 130, 38, 38, 40, 32, 32, 34, 36, TEXT_W - 475};
    const char *head[] = {T(p, T_RULE),    T(p, T_SOURCE), T(p, T_EDITION), T(p, T_LEVEL),     T(p, T_VERIFIED),
                          T(p, T_CHECKED), T(p, T_PASSED), T(p, T_FAILED),  T(p, T_PASS_RATE), T(p, T_GAP_KM)};
    row(p, head, w, 10, 1, 0);
    for (size_t k = 0; k < d->nrules; k++) { /* no total: the rules count different things */
        const adcov_doc_rule *r = &d->rules[k];
        char checked[24], passed[24], failed[24], rate[24] = "", km[24] = "";
        snprintf(checked, sizeof checked, "%zu", r->t.checked);
        snprintf(passed, sizeof passed, "%zu", r->t.passed);
        snprintf(failed, sizeof failed, "%zu", r->t.failed);
        if (r->t.passed + r->t.failed)
            snprintf(rate, sizeof rate, "%.1f%%", 100.0 * (double)r->t.passed / (double)(r->t.passed + r->t.failed));
        if (r->rule->places == ADCOV_PLACES_STRETCHES)
            snprintf(km, sizeof km, "%.2f", r->t.gap_km);
        char *name = adcov_sprintf("%s\n%s", r->rule->id, r->rule->title);
        const char *cells[] = {name ? name : "", r->rule->source, r->rule->edition, r->rule->level,
                               T(p, r->rule->verified ? T_YES : T_NO), checked, passed, failed, rate, km};
        row(p, cells, w, 10, 0, 0);
        free(name);
    }
}

static adcov_status city_section(adcov_ctx *ctx, page *p)
{
    const adcov_doc *d = p->d;
    double h = TEXT_W * 0.7;
    if (p->y + h + 70 > PAGE_H - MARGIN) /* the heading goes with its map */
        new_page(p);
    heading(p, T(p, T_CITY_MAP));
    unsigned left = 0;
    adcov_status st = map_at(ctx, p, NULL, MARGIN, p->y, TEXT_W, h, &left);
    p->y += h + 6;
    char *note = adcov_map_left_text(d, left);
    char *legend = note ? adcov_sprintf("%s: %zu · %s: %zu%s", T(p, T_ZONES), d->res->nzones, T(p, T_SUGGESTED),
                                        d->posters, note)
                        : NULL;
    if (!legend && !st)
        st = adcov_fail(ctx, ADCOV_ENOMEM, "report.pdf: out of memory");
    para(p, legend ? legend : "", 9, 0, 0x222222, 4);
    free(legend);
    free(note);
    static const struct { adcov_ink ink; adcov_text text; } items[] = {
        {ADCOV_INK_STREET_PASS, T_LEGEND_PASS}, {ADCOV_INK_STREET_FAIL, T_LEGEND_FAIL},
        {ADCOV_INK_GAP, T_LEGEND_GAP},          {ADCOV_INK_AD_COUNTED, T_LEGEND_AD_COUNTED},
        {ADCOV_INK_AD_OTHER, T_LEGEND_AD_OTHER}, {ADCOV_INK_ZONE, T_LEGEND_ZONE},
        {ADCOV_INK_SUGGESTION, T_LEGEND_SUGGESTION}, {ADCOV_INK_SITE_PASS, T_LEGEND_SITE_PASS},
        {ADCOV_INK_SITE_FAIL, T_LEGEND_SITE_FAIL}, {ADCOV_INK_SITE_UNKNOWN, T_LEGEND_SITE_UNKNOWN}};
    double x = MARGIN;
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
        set_text(p, T(p, items[i].text), 8, 0, 120);
        int iw, ih;
        pango_layout_get_pixel_size(p->layout, &iw, &ih);
        if (x + 15 + iw > MARGIN + TEXT_W) { /* the legend wraps */
            x = MARGIN;
            p->y += 13;
        }
        ink(p->cr, items[i].ink, 1);
        cairo_rectangle(p->cr, x, p->y + 3, 12, 6);
        cairo_fill(p->cr);
        int tw, th;
        set_text(p, T(p, items[i].text), 8, 0, 120);
        pango_layout_get_pixel_size(p->layout, &tw, &th);
        draw_text_at(p, x + 15, p->y, 0x222222);
        x += 15 + tw + 10;
    }
    p->y += 16;
    return st;
}

static void duty_section(page *p)
{
    const adcov_doc *d = p->d;
    heading(p, T(p, T_DUTIES));
    static const double w[] = {150, 50, 50, TEXT_W - 250};
    const char *head[] = {T(p, T_DUTY), T(p, T_FAILED), T(p, T_IN_ZONE), T(p, T_NUMBERS)};
    row(p, head, w, 4, 1, 0);
    for (size_t i = 0; i < d->nduties; i++) {
        char n[24], z[24];
        snprintf(n, sizeof n, "%zu", d->duties[i].failures);
        snprintf(z, sizeof z, "%zu", d->duties[i].in_zone);
        const char *cells[] = {*d->duties[i].duty ? d->duties[i].duty : T(p, T_NONE_ASSIGNED), n, z,
                               d->duties[i].numbers ? d->duties[i].numbers : ""};
        row(p, cells, w, 4, 0, 0);
    }
}

static void failures_section(page *p)
{
    const adcov_doc *d = p->d;
    heading(p, T(p, T_FAILURES));
    if (!d->nfailures) {
        para(p, T(p, T_NO_FAILURES), 9, 0, 0x222222, 4);
        return;
    }
    /* the problem id stands for the rule (it begins with it) and, for a gap, for the street (it names it): a
     * site's name follows its id */
    int photos = 0;
    for (size_t i = 0; i < d->nfailures && !photos; i++)
        photos = d->failures[i].photo != NULL;
    static const double w[] = {24, 34, 200, 90, 85, TEXT_W - 433};
    static const double wp[] = {24, 34, 150, 84, 80, TEXT_W - 430, 58};
    const double *widths = photos ? wp : w;
    size_t ncols = photos ? 7 : 6;
    const char *head[] = {"#", T(p, T_IN_ZONE), T(p, T_PROBLEM_PLACE), T(p, T_CHAINAGE), T(p, T_SHORTFALL), T(p, T_DUTY),
                          T(p, T_PHOTO)};
    row(p, head, widths, ncols, 1, 0);
    size_t shown = d->nfailures < ADCOV_PDF_FAILURES ? d->nfailures : ADCOV_PDF_FAILURES; /* in-zone first */
    for (size_t i = 0; i < shown; i++) {
        const adcov_doc_failure *x = &d->failures[i];
        char n[24];
        snprintf(n, sizeof n, "%zu", i + 1);
        const char *problem = adcov_doc_problem(d, x);
        char *site = x->is_site || !*problem ? adcov_sprintf("%s\n%s", *problem ? problem : x->rule->id, x->place) : NULL;
        char words[256];
        photo_words(p, x->photo, words, sizeof words);
        const char *cells[] = {n, T(p, x->in_zone ? T_YES : T_NO), site ? site : problem, x->chainage, x->shortfall,
                               *x->duty ? x->duty : T(p, T_NONE_ASSIGNED), words};
        if (p->y > PAGE_H - MARGIN - 30) {
            new_page(p);
            row(p, head, widths, ncols, 1, 0);
        }
        row_with(p, cells, widths, ncols, 0, x->in_zone, photos, x->photo);
        free(site);
    }
    if (shown < d->nfailures) {
        char *more = adcov_sprintf(T(p, T_MORE_FAILURES), d->nfailures - shown);
        para(p, more ? more : "", 9, 0, 0x555555, 4);
        free(more);
    }
}

/* Ads to rectify with their photos: the first ADCOV_PDF_ADS (in inspection zones first). */
static void ads_section(page *p)
{
    const adcov_doc *d = p->d;
    if (!d->nads || !adcov_photos_given(d->res)) /* without photos the rectification list says it all */
        return;
    heading(p, T(p, T_ADS_TO_RECTIFY));
    para(p, T(p, T_ADS_NOTE), 9, 0, 0x555555, 4);
    static const double widths[] = {24, 34, 110, 95, 90, TEXT_W - 411, 58};
    const size_t ncols = 7;
    const char *head[] = {"#", T(p, T_IN_ZONE), T(p, T_AD), T(p, T_PLACE), T(p, T_PROBLEM), T(p, T_DUTY), T(p, T_PHOTO)};
    row(p, head, widths, ncols, 1, 0);
    size_t shown = d->nads < ADCOV_PDF_ADS ? d->nads : ADCOV_PDF_ADS;
    for (size_t i = 0; i < shown; i++) {
        const adcov_doc_ad *x = &d->ads[i];
        char n[24], words[256];
        snprintf(n, sizeof n, "%zu", i + 1);
        photo_words(p, x->photo, words, sizeof words);
        char *id = adcov_sprintf("%s\n%s", x->ad->id, adcov_problem_of_ad(d->res, (size_t)(x->ad - d->res->ads)));
        const char *cells[] = {n, T(p, x->ad->in_zone ? T_YES : T_NO), id ? id : x->ad->id, x->place, x->problem,
                               *x->duty ? x->duty : T(p, T_NONE_ASSIGNED), words};
        if (p->y > PAGE_H - MARGIN - 50) {
            new_page(p);
            row(p, head, widths, ncols, 1, 0);
        }
        row_with(p, cells, widths, ncols, 0, x->ad->in_zone, 1, x->photo);
        free(id);
    }
    if (shown < d->nads) {
        char *more = adcov_sprintf(T(p, T_MORE_ADS), d->nads - shown);
        para(p, more ? more : "", 9, 0, 0x555555, 4);
        free(more);
    }
}

static void photo_issues_section(page *p)
{
    const adcov_doc *d = p->d;
    if (!d->res->nphotos)
        return;
    heading(p, T(p, T_PHOTO_ISSUES));
    size_t any = 0;
    for (int k = 0; k < ADCOV_PHOTO_ISSUE_KINDS; k++)
        any += d->photo_issues[k];
    para(p, T(p, any ? T_PHOTO_ISSUES_NOTE : T_NO_PHOTO_ISSUES), 9, 0, 0x555555, 4);
    static const double w[] = {200, 80};
    for (int k = 0; k < ADCOV_PHOTO_ISSUE_KINDS; k++) {
        if (!d->photo_issues[k])
            continue;
        char n[32];
        snprintf(n, sizeof n, "%zu", d->photo_issues[k]);
        const char *cells[] = {adcov_photo_issue_word(1u << k, d->lang == ADCOV_LANG_ZH), n};
        row(p, cells, w, 2, 0, 0);
    }
}

static adcov_status maps_section(adcov_ctx *ctx, page *p)
{
    const adcov_doc *d = p->d;
    adcov_status st = ADCOV_OK;
    double w = (TEXT_W - 12) / 2, h = w * 0.65, cap_h = 0;
    size_t n = d->nmaps < ADCOV_PDF_MAPS ? d->nmaps : ADCOV_PDF_MAPS;
    for (size_t k = 0; !st && k < n; k++) {
        int col = (int)(k % 2);
        if (col == 0 && p->y + h + 30 > PAGE_H - MARGIN) /* a map and two lines of caption */
            new_page(p);
        double x = MARGIN + col * (w + 12);
        unsigned left = 0;
        st = map_at(ctx, p, &d->maps[k], x, p->y, w, h, &left);
        const adcov_doc_failure *f = &d->failures[d->maps[k].first];
        char *note = adcov_map_left_text(d, left);
        char *cap = note ? adcov_sprintf("#%zu %s · %s%s%s%s", d->maps[k].first + 1, f->place, f->rule->id,
                                         *f->chainage ? " · " : "", f->chainage, note)
                         : NULL;
        free(note);
        if (!cap && !st)
            st = adcov_fail(ctx, ADCOV_ENOMEM, "report.pdf: out of memory");
        double ch = set_text(p, cap ? cap : "", 7.5, 0, w);
        cap_h = col == 0 || ch > cap_h ? ch : cap_h; /* the row's longest caption */
        free(cap);
        draw_text_at(p, x, p->y + h + 2, 0x222222);
        if (col == 1 || k + 1 == n)
            p->y += h + cap_h + 10;
    }
    size_t in_html = d->nmaps < ADCOV_HTML_MAPS ? d->nmaps : ADCOV_HTML_MAPS;
    for (int k = 0; k < 2; k++) { /* those report.html draws, then those only QGIS shows */
        size_t more = k == 0 ? (in_html > n ? in_html - n : 0) : d->nmaps - (in_html > n ? in_html : n);
        char *text = more ? adcov_sprintf(T(p, k == 0 ? T_MORE_MAPS : T_MORE_MAPS_GIS), more) : NULL;
        if (more)
            para(p, text ? text : "", 9, 0, 0x555555, 4);
        free(text);
    }
    return st;
}

/* A table of the campaign (doc.h), its header repeated on each new page. */
static void campaign_table(page *p, const adcov_doc_table *t)
{
    heading(p, t->title);
    if (*t->note)
        para(p, t->note, 9, 0, 0x222222, 4);
    double w[8];
    for (size_t c = 0; c < t->ncols && c < 8; c++)
        w[c] = t->widths[c] * TEXT_W;
    const char *const *head = (const char *const *)t->cells;
    row(p, head, w, t->ncols, 1, 0);
    for (size_t r = 1; r < t->nrows; r++) {
        if (p->y > PAGE_H - MARGIN - 30) {
            new_page(p);
            row(p, head, w, t->ncols, 1, 0);
        }
        row(p, (const char *const *)&t->cells[r * t->ncols], w, t->ncols, 0, t->shade && t->shade[r] ? 2 : 0);
    }
    p->y += 4;
}

static adcov_status pages(adcov_ctx *ctx, page *p)
{
    const adcov_doc *d = p->d;
    char *line;
    para(p, T(p, T_TITLE), 18, 1, 0x222222, 4);
    line = adcov_sprintf("adcov %s · %s %s", ADCOV_VERSION, T(p, T_GENERATED), d->when);
    para(p, line, 9, 0, 0x555555, 4);
    free(line);
    int failed = d->nfailures > 0;
    para(p, T(p, failed ? T_SOME_FAIL : T_ALL_PASS), 11, 1, failed ? 0xC62828 : 0x2E7D32, 6);
    for (size_t i = 0; i < d->ntop; i++)
        campaign_table(p, &d->tables[i]);
    run_section(p);
    rules_section(p);
    for (size_t i = d->ntop; i < d->ntables; i++)
        campaign_table(p, &d->tables[i]);
    adcov_status st = city_section(ctx, p);
    if (!st) {
        duty_section(p);
        failures_section(p);
        ads_section(p);
        photo_issues_section(p);
        st = maps_section(ctx, p);
    }
    return st;
}

cairo_surface_t *adcov_pdf_photo(const adcov_photo_row *p, int large)
{
    const unsigned char *jpeg = large ? p->large : p->thumb;
    size_t n = large ? p->nlarge : p->nthumb;
    adcov_image img = {0};
    if (!jpeg || adcov_photo_decode(jpeg, n, 1u << 20, 1u << 20, &img, NULL, 0))
        return NULL;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)img.w, (int)img.h);
    if (cairo_surface_status(s)) {
        adcov_image_free(&img);
        cairo_surface_destroy(s);
        return NULL;
    }
    cairo_surface_flush(s);
    unsigned char *px = cairo_image_surface_get_data(s);
    int stride = cairo_image_surface_get_stride(s);
    for (unsigned y = 0; y < img.h; y++)
        for (unsigned x = 0; x < img.w; x++) {
            const unsigned char *c = img.rgb + ((size_t)y * img.w + x) * 3;
            ((uint32_t *)(px + (size_t)y * stride))[x] = (uint32_t)c[0] << 16 | (uint32_t)c[1] << 8 | c[2];
        }
    cairo_surface_mark_dirty(s);
    adcov_image_free(&img);
    char *id = adcov_sprintf("adcov-photo-%p-%d", (const void *)p, large);
    cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, jpeg, n, NULL, NULL);
    if (id)
        cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_UNIQUE_ID, (const unsigned char *)id, strlen(id), free, id);
    return s;
}

void adcov_pdf_draw_photo(cairo_t *cr, const adcov_photo_row *p, int large, double x, double y, double w, double h)
{
    cairo_surface_t *s = p ? adcov_pdf_photo(p, large) : NULL;
    cairo_save(cr);
    if (!s) {
        cairo_set_source_rgb(cr, 0.92, 0.92, 0.92);
        cairo_rectangle(cr, x, y, w, h);
        cairo_fill(cr);
        cairo_restore(cr);
        return;
    }
    double iw = cairo_image_surface_get_width(s), ih = cairo_image_surface_get_height(s);
    double k = fmin(w / iw, h / ih);
    cairo_translate(cr, x + (w - iw * k) / 2, y + (h - ih * k) / 2);
    cairo_scale(cr, k, k);
    cairo_set_source_surface(cr, s, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
    cairo_paint(cr);
    cairo_restore(cr);
    cairo_surface_destroy(s);
}

static cairo_status_t to_file(void *closure, const unsigned char *data, unsigned int length)
{
    return fwrite(data, 1, length, closure) == length ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

adcov_status adcov_pdf_open(adcov_ctx *ctx, const char *path, const char *title, adcov_pdf_canvas *c)
{
    *c = (adcov_pdf_canvas){0};
    adcov_status st = adcov_textfile_open(ctx, path, &c->t);
    if (st)
        return st;
    c->s = cairo_pdf_surface_create_for_stream(to_file, adcov_textfile_stream(c->t), PAGE_W, PAGE_H);
    cairo_pdf_surface_set_metadata(c->s, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata(c->s, CAIRO_PDF_METADATA_CREATOR, "adcov " ADCOV_VERSION);
    c->cr = cairo_create(c->s);
    c->fonts = pango_cairo_font_map_new();
    c->pc = pango_font_map_create_context(c->fonts);
    pango_cairo_update_context(c->cr, c->pc);
    return ADCOV_OK;
}

adcov_status adcov_pdf_close(adcov_ctx *ctx, const char *path, adcov_pdf_canvas *c, adcov_status st)
{
    cairo_show_page(c->cr);
    g_object_unref(c->pc);
    g_object_unref(c->fonts);
    cairo_destroy(c->cr);
    cairo_surface_finish(c->s);
    cairo_status_t cs = cairo_surface_status(c->s);
    cairo_surface_destroy(c->s);
    if (!st && cs != CAIRO_STATUS_SUCCESS)
        st = adcov_fail(ctx, cs == CAIRO_STATUS_NO_MEMORY ? ADCOV_ENOMEM : ADCOV_EIO, "%s: cannot write the PDF: %s",
                        path, cairo_status_to_string(cs));
    if (st) {
        adcov_textfile_abort(c->t);
        return st;
    }
    return adcov_textfile_commit(ctx, c->t);
}

adcov_status adcov_pdf_write(adcov_ctx *ctx, const adcov_doc *d, const char *path)
{
    adcov_pdf_canvas c;
    adcov_status st = adcov_pdf_open(ctx, path, adcov_doc_text(d->lang, T_TITLE), &c);
    if (st)
        return st;
    page p = {.cr = c.cr, .layout = pango_layout_new(c.pc), .y = MARGIN, .d = d, .pc = c.pc};
    for (int b = 0; b < 2; b++)
        for (int i = 0; i < MAX_CELLS; i++) {
            p.cells[b][i] = pango_layout_new(c.pc);
            set_font(p.cells[b][i], 8, b);
        }
    st = pages(ctx, &p);
    for (int b = 0; b < 2; b++)
        for (int i = 0; i < MAX_CELLS; i++)
            g_object_unref(p.cells[b][i]);
    for (int i = 0; i < MAX_CELLS; i++)
        for (size_t k = 0; k < p.nkept[i]; k++) {
            free(p.kept[i][k].text);
            g_object_unref(p.kept[i][k].layout);
        }
    g_object_unref(p.layout);
    return adcov_pdf_close(ctx, path, &c, st);
}
