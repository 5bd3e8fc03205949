#include "html.h"
#include "campaign.h"
#include "photos.h"
#include "map.h"
#include "build_info.h"
#include "font.h"
#include "out.h"
#include "vocab.h"

#include <math.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>

#define CITY_W 1000.0 /* map units of the city map */
#define CITY_H 700.0
#define SMALL_W 400.0
#define SMALL_H 260.0

/* Text from an input, safe in HTML text and in quoted attributes. Invalid UTF-8 is replaced (out of
 * memory: written as it is). */
static const char *const html_escapes[256] = {['<'] = "&lt;", ['>'] = "&gt;", ['&'] = "&amp;", ['"'] = "&quot;",
                                              ['\''] = "&#39;"};

static void esc(FILE *f, const char *s) { adcov_utf8_write(f, s, html_escapes); }

static const char *T(const adcov_doc *d, adcov_text k) { return adcov_doc_text(d->lang, k); }

/* ---- maps as SVG ---- */

/* A map's canvas. The dots of one ink and size in a row are one path of round-capped points ("M x y h0":
 * a zero-length piece with round caps is drawn as a dot), a fraction of the bytes of a circle each. */
typedef struct {
    FILE *f;
    int dot_ink;   /* the ink of the dots being written, or -1 */
    double dot_r;
} svg;

/* Ends the path of dots being written. */
static void end_dots(svg *s)
{
    if (s->dot_ink >= 0)
        fputs("\"/>", s->f);
    s->dot_ink = -1;
}

/* v with one decimal (maps have thousands of numbers; printf's float formatting is the slow part). */
static void num(FILE *f, double v)
{
    long t = lround(v * 10);
    if (t < 0) {
        fputc('-', f);
        t = -t;
    }
    char buf[24];
    int k = sizeof buf;
    buf[--k] = (char)('0' + t % 10);
    buf[--k] = '.';
    t /= 10;
    do
        buf[--k] = (char)('0' + t % 10);
    while ((t /= 10) > 0);
    fwrite(buf + k, 1, sizeof buf - (size_t)k, f);
}

static void svg_path(void *user, adcov_ink ink, const double *xy, const size_t *ends, size_t nruns, int closed)
{
    svg *s = user;
    end_dots(s);
    fprintf(s->f, "<path class=\"k%d\" d=\"", (int)ink);
    for (size_t r = 0, i = 0; r < nruns; r++) {
        for (size_t first = i; i < ends[r]; i++) {
            fputs(i == first ? (r ? " M" : "M") : " L", s->f);
            num(s->f, xy[2 * i]);
            fputc(' ', s->f);
            num(s->f, xy[2 * i + 1]);
        }
        if (closed)
            fputc('Z', s->f);
    }
    fputs("\"/>", s->f);
}

static void svg_dot(void *user, adcov_ink ink, double x, double y, double r)
{
    svg *s = user;
    if (s->dot_ink != (int)ink || s->dot_r != r) {
        end_dots(s);
        fprintf(s->f, "<path class=\"d%d\" stroke-width=\"", (int)ink);
        num(s->f, 2 * r);
        fputs("\" d=\"", s->f);
        s->dot_ink = (int)ink;
        s->dot_r = r;
    }
    fputc('M', s->f);
    num(s->f, x);
    fputc(' ', s->f);
    num(s->f, y);
    fputs("h0", s->f);
}

static void svg_label(void *user, double x, double y, double deg, const char *text)
{
    svg *s = user;
    end_dots(s);
    fputs("<text class=\"lbl\" x=\"", s->f);
    num(s->f, x);
    fputs("\" y=\"", s->f);
    num(s->f, y);
    fputs("\" transform=\"rotate(", s->f);
    num(s->f, -deg);
    fputc(' ', s->f);
    num(s->f, x);
    fputc(' ', s->f);
    num(s->f, y);
    fputs(")\">", s->f);
    esc(s->f, text);
    fputs("</text>", s->f);
}

/* The city map (small NULL) or a small map, as inline SVG. */
static adcov_status map_svg(adcov_ctx *ctx, FILE *f, const adcov_doc *d, const adcov_doc_map *small, double w,
                            double h, unsigned *left)
{
    const char *cls = small ? "small" : "city";
    fprintf(f, "<svg class=\"%s\" viewBox=\"0 0 %.0f %.0f\" xmlns=\"http://www.w3.org/2000/svg\">"
               "<rect width=\"%.0f\" height=\"%.0f\" class=\"bg\"/>",
            cls, w, h, w, h);
    svg s = {f, -1, 0};
    adcov_canvas c = {&s, svg_path, svg_dot, svg_label};
    adcov_status st = adcov_map_draw(ctx, d, small, w, h, &c, left);
    end_dots(&s);
    fputs("</svg>\n", f);
    return st;
}

/* ---- page ---- */

static void base64(FILE *f, const unsigned char *p, size_t n)
{
    static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
        fputc(t[v >> 18 & 63], f);
        fputc(t[v >> 12 & 63], f);
        fputc(i + 1 < n ? t[v >> 6 & 63] : '=', f);
        fputc(i + 2 < n ? t[v & 63] : '=', f);
    }
}

/* The style sheet: the font (cut down to the page's characters) and the inks of the maps. */
static void css(FILE *f, const adcov_doc *d, const unsigned char *font, size_t font_size)
{
    fputs("<style>\n@font-face{font-family:'adcov-cjk';src:url(data:font/otf;base64,", f);
    base64(f, font, font_size);
    fputs(") format('opentype');}\n"
          "body{font-family:'adcov-cjk','Noto Sans CJK SC',sans-serif;margin:2em auto;max-width:62em;color:#222;"
          "line-height:1.5;padding:0 1em}\n"
          "h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;border-bottom:2px solid #c62828;"
          "padding-bottom:.2em;margin-top:1.6em}\n"
          "table{border-collapse:collapse;width:100%;margin:.6em 0;font-size:.92em}"
          "th,td{border:1px solid #ccc;padding:.25em .45em;text-align:left;vertical-align:top}"
          "th{background:#f3f3f3;white-space:nowrap}td.n,td.w{text-align:right;white-space:nowrap}td.w{text-align:left}\n"
          ".lbl{font-size:9px;fill:#111;stroke:#fff;stroke-width:2.5px;paint-order:stroke;text-anchor:middle;"
          "dominant-baseline:middle}\n"
          ".verdict{font-size:1.1em;font-weight:bold}.fail{color:#c62828}.pass{color:#2e7d32}\n"
          ".zone{background:#fff3cd}\n"
          "td.ph{width:124px}td.ph img{display:block;max-width:120px;height:auto}\n"
          ".shade{background:#eeeeee}\n"
          "svg{display:block;width:100%;height:auto;border:1px solid #ccc}.bg{fill:#fafafa}\n"
          ".maps{display:grid;grid-template-columns:repeat(auto-fill,minmax(18em,1fr));gap:1em}"
          "figure{margin:0;break-inside:avoid}figcaption{font-size:.85em}\n"
          ".legend span{display:inline-block;margin-right:1.2em;font-size:.85em}"
          ".legend i{display:inline-block;width:1.4em;height:.7em;margin-right:.3em;vertical-align:middle}\n"
          "@media print{@page{size:A4;margin:14mm}body{margin:0;max-width:none;font-size:10pt}"
          "h2{break-after:avoid}svg.city{break-inside:avoid;max-height:160mm}tr,figure{break-inside:avoid}"
          "th{white-space:normal}.rules td:nth-child(-n+2){min-width:9em}"
          "thead{display:table-header-group}}\n",
          f);
    for (int k = 0; k < ADCOV_INK_COUNT; k++) {
        const adcov_ink_style *s = &adcov_inks[k];
        fprintf(f, ".d%d{stroke:#%06X;stroke-linecap:round;fill:none}\n", k, s->rgb); /* its dots */
        if (s->width <= 0) {
            fprintf(f, ".k%d{fill:#%06X;stroke:none}\n", k, s->rgb);
            continue;
        }
        fprintf(f, ".k%d{stroke:#%06X;stroke-linecap:round;stroke-linejoin:round;", k, s->rgb);
        if (s->fill_alpha > 0)
            fprintf(f, "fill:#%06X;fill-opacity:%.2f}\n", s->rgb, s->fill_alpha);
        else
            fputs("fill:none}\n", f);
        fprintf(f, ".city .k%d{stroke-width:%.2f}.small .k%d{stroke-width:%.2f}\n", k,
                s->width * CITY_W / 100 * d->city_thin, k, s->width * SMALL_W / 100);
    }
    fputs("</style>\n", f);
}

static void run_section(FILE *f, const adcov_doc *d)
{
    const adcov_config *cfg = d->cfg;
    fprintf(f, "<h2 class=\"first\">%s</h2>\n<table>\n", T(d, T_RUN));
    fprintf(f, "<tr><th>%s</th><td>", T(d, T_CONFIG));
    esc(f, cfg->path);
    fprintf(f, "</td></tr>\n<tr><th>%s</th><td>", T(d, T_RULEBOOK));
    esc(f, d->rb->name);
    fputs(" — ", f);
    esc(f, d->rb->title);
    fprintf(f, "</td></tr>\n<tr><th>%s</th><td>%s</td></tr>\n", T(d, T_PHASE),
            T(d, d->phase == ADCOV_INSPECTION ? T_PHASE_INSPECTION : T_PHASE_DAILY));
    fprintf(f, "<tr><th>%s</th><td>", T(d, T_CRS));
    esc(f, d->crs_name);
    fputs("</td></tr>\n</table>\n", f);
    fprintf(f, "<table><thead><tr><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n", T(d, T_ROLE), T(d, T_PATH),
            T(d, T_LAYER));
    for (int r = 0; r < ADCOV_ROLE_COUNT; r++)
        for (const adcov_input *in = adcov_config_source(cfg, (adcov_role)r, 0); in; in = in->next) {
            fprintf(f, "<tr><td>%s</td><td>", adcov_role_name((adcov_role)r));
            esc(f, in->path_written);
            fputs("</td><td>", f);
            esc(f, in->layer ? in->layer : "");
            fputs("</td></tr>\n", f);
        }
    fputs("</table>\n", f);
    if (!d->res->has_buildings)
        fprintf(f, "<p>%s</p>\n", T(d, T_NO_BUILDINGS));
}

/* One row of the rules table. There is no total row: the rules count different things (stretches,
 * stops, square metres), and a sum of them means nothing. */
static void rule_row(FILE *f, const adcov_doc *d, const adcov_doc_rule *r)
{
    fputs("<tr><td>", f);
    esc(f, r->rule->id);
    fputs("<br><small>", f);
    esc(f, r->rule->title);
    fputs("</small></td><td>", f);
    esc(f, r->rule->source);
    fputs("</td><td>", f);
    esc(f, r->rule->edition);
    fputs("</td><td>", f);
    esc(f, r->rule->level);
    fprintf(f, "</td><td>%s", T(d, r->rule->verified ? T_YES : T_NO));
    fprintf(f, "</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td>"
               "<td class=\"n\">%zu</td><td class=\"n\">",
            r->t.checked, r->t.passed, r->t.failed, r->t.unknown);
    if (r->t.passed + r->t.failed)
        fprintf(f, "%.1f%%", 100.0 * (double)r->t.passed / (double)(r->t.passed + r->t.failed));
    fputs("</td><td class=\"n\">", f);
    if (r->rule->places == ADCOV_PLACES_STRETCHES)
        fprintf(f, "%.2f", r->t.gap_km);
    fputs("</td></tr>\n", f);
}

static void rules_section(FILE *f, const adcov_doc *d)
{
    fprintf(f, "<h2>%s</h2>\n<table class=\"rules\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
               "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n",
            T(d, T_RULES), T(d, T_RULE), T(d, T_SOURCE), T(d, T_EDITION), T(d, T_LEVEL), T(d, T_VERIFIED),
            T(d, T_CHECKED), T(d, T_PASSED), T(d, T_FAILED), T(d, T_UNKNOWN), T(d, T_PASS_RATE), T(d, T_GAP_KM));
    for (size_t k = 0; k < d->nrules; k++)
        rule_row(f, d, &d->rules[k]);
    fputs("</table>\n", f);
}

static void legend(FILE *f, const adcov_doc *d)
{
    static const struct { adcov_ink ink; adcov_text text; } items[] = {
        {ADCOV_INK_STREET_PASS, T_LEGEND_PASS}, {ADCOV_INK_STREET_FAIL, T_LEGEND_FAIL},
        {ADCOV_INK_GAP, T_LEGEND_GAP},          {ADCOV_INK_AD_COUNTED, T_LEGEND_AD_COUNTED},
        {ADCOV_INK_AD_OTHER, T_LEGEND_AD_OTHER}, {ADCOV_INK_ZONE, T_LEGEND_ZONE},
        {ADCOV_INK_SUGGESTION, T_LEGEND_SUGGESTION}, {ADCOV_INK_SITE_PASS, T_LEGEND_SITE_PASS},
        {ADCOV_INK_SITE_FAIL, T_LEGEND_SITE_FAIL}, {ADCOV_INK_SITE_UNKNOWN, T_LEGEND_SITE_UNKNOWN}};
    fputs("<p class=\"legend\">", f);
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++)
        fprintf(f, "<span><i style=\"background:#%06X\"></i>%s</span>", adcov_inks[items[i].ink].rgb,
                T(d, items[i].text));
    fputs("</p>\n", f);
}

static void duty_section(FILE *f, const adcov_doc *d)
{
    fprintf(f, "<h2>%s</h2>\n<table><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n",
            T(d, T_DUTIES), T(d, T_DUTY), T(d, T_FAILED), T(d, T_IN_ZONE), T(d, T_NUMBERS));
    for (size_t i = 0; i < d->nduties; i++) {
        fputs("<tr><td class=\"w\">", f);
        esc(f, *d->duties[i].duty ? d->duties[i].duty : T(d, T_NONE_ASSIGNED));
        fprintf(f, "</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td><td><small>%s</small></td></tr>\n",
                d->duties[i].failures, d->duties[i].in_zone, d->duties[i].numbers ? d->duties[i].numbers : "");
    }
    fputs("</table>\n", f);
}

/* A photo's cell: the thumbnail embedded (while the budget lasts: ADCOV_HTML_PHOTO_BYTES), and what is
 * wrong with the photo, in red. */
static void photo_cell(FILE *f, const adcov_doc *d, const adcov_photo_row *p, size_t *used)
{
    fputs("<td class=\"ph\">", f);
    size_t bytes = p && p->thumb ? 4 * ((p->nthumb + 2) / 3) : 0; /* as base64 */
    if (p && p->thumb && *used + bytes <= ADCOV_HTML_PHOTO_BYTES) {
        *used += bytes;
        fprintf(f, "<img alt=\"\" width=\"%u\" height=\"%u\" src=\"data:image/jpeg;base64,", p->thumb_w, p->thumb_h);
        base64(f, p->thumb, p->nthumb);
        fputs("\">", f);
    } else if (p && p->thumb) {
        esc(f, p->file);
        esc(f, T(d, T_PHOTOS_OVER));
    }
    for (unsigned bit = 1; p && bit < 1u << ADCOV_PHOTO_ISSUE_KINDS; bit <<= 1)
        if (p->issues & bit) {
            fputs("<br><small class=\"fail\">", f);
            esc(f, adcov_photo_issue_word(bit, d->lang == ADCOV_LANG_ZH));
            fputs("</small>", f);
        }
    fputs("</td>", f);
}

/* A list row's last cells: its duty unit, its problem id, and its photo when the list has a photo column. */
static void row_end(FILE *f, const adcov_doc *d, const char *duty, const char *problem_id, int photos,
                    const adcov_photo_row *ph, size_t *used)
{
    fputs("</td><td>", f);
    esc(f, *duty ? duty : T(d, T_NONE_ASSIGNED));
    fputs("</td><td><small>", f);
    esc(f, problem_id);
    fputs("</small></td>", f);
    if (photos)
        photo_cell(f, d, ph, used);
    fputs("</tr>\n", f);
}

static void ads_section(FILE *f, const adcov_doc *d, size_t *used)
{
    if (!d->nads || !adcov_photos_given(d->res)) /* without photos the rectification list says it all */
        return;
    fprintf(f, "<h2>%s</h2>\n<p>%s</p>\n", T(d, T_ADS_TO_RECTIFY), T(d, T_ADS_NOTE));
    fprintf(f, "<table><thead><tr><th>#</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
               "</tr></thead>\n",
            T(d, T_IN_ZONE), T(d, T_AD), T(d, T_PLACE), T(d, T_PROBLEM), T(d, T_DUTY), T(d, T_PROBLEM_ID), T(d, T_PHOTO));
    for (size_t i = 0; i < d->nads; i++) {
        const adcov_doc_ad *x = &d->ads[i];
        fprintf(f, "<tr%s><td class=\"n\">%zu</td><td>%s</td><td>", x->ad->in_zone ? " class=\"zone\"" : "", i + 1,
                T(d, x->ad->in_zone ? T_YES : T_NO));
        esc(f, x->ad->id);
        fputs("</td><td>", f);
        esc(f, x->place);
        fputs("</td><td>", f);
        esc(f, x->problem);
        row_end(f, d, x->duty, adcov_problem_of_ad(d->res, (size_t)(x->ad - d->res->ads)), 1, x->photo, used);
    }
    fputs("</table>\n", f);
}

static void photo_issues_section(FILE *f, const adcov_doc *d)
{
    if (!d->res->nphotos)
        return;
    fprintf(f, "<h2>%s</h2>\n", T(d, T_PHOTO_ISSUES));
    size_t any = 0;
    for (int k = 0; k < ADCOV_PHOTO_ISSUE_KINDS; k++)
        any += d->photo_issues[k];
    if (!any) {
        fprintf(f, "<p>%s</p>\n", T(d, T_NO_PHOTO_ISSUES));
        return;
    }
    fprintf(f, "<p>%s</p>\n<table>", T(d, T_PHOTO_ISSUES_NOTE));
    for (int k = 0; k < ADCOV_PHOTO_ISSUE_KINDS; k++)
        if (d->photo_issues[k])
            fprintf(f, "<tr><th>%s</th><td class=\"n\">%zu</td></tr>", adcov_photo_issue_word(1u << k, d->lang == ADCOV_LANG_ZH),
                    d->photo_issues[k]);
    fputs("</table>\n", f);
}

static void failures_section(FILE *f, const adcov_doc *d, size_t *used)
{
    fprintf(f, "<h2>%s</h2>\n", T(d, T_FAILURES));
    if (!d->nfailures) {
        fprintf(f, "<p>%s</p>\n", T(d, T_NO_FAILURES));
        return;
    }
    int photos = 0;
    for (size_t i = 0; i < d->nfailures && !photos; i++)
        photos = d->failures[i].photo != NULL;
    fprintf(f, "<table><thead><tr><th>#</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
               "<th>%s</th>%s%s%s</tr></thead>\n",
            T(d, T_IN_ZONE), T(d, T_RULE), T(d, T_PLACE), T(d, T_CHAINAGE), T(d, T_SHORTFALL), T(d, T_DUTY),
            T(d, T_PROBLEM_ID), photos ? "<th>" : "", photos ? T(d, T_PHOTO) : "", photos ? "</th>" : "");
    for (size_t i = 0; i < d->nfailures; i++) {
        const adcov_doc_failure *x = &d->failures[i];
        fprintf(f, "<tr%s><td class=\"n\">%zu</td><td>%s</td><td>", x->in_zone ? " class=\"zone\"" : "", i + 1,
                T(d, x->in_zone ? T_YES : T_NO));
        esc(f, x->rule->id);
        fputs("</td><td>", f);
        esc(f, x->place);
        fputs("</td><td>", f);
        esc(f, x->chainage);
        fputs("</td><td>", f);
        esc(f, x->shortfall);
        row_end(f, d, x->duty, adcov_doc_problem(d, x), photos, x->photo, used);
    }
    fputs("</table>\n", f);
}

/* A table of the campaign (doc.h): numbers right-aligned, the shaded rows (the 黑榜, a total) grey. */
static void campaign_table(FILE *f, const adcov_doc_table *t)
{
    fputs("<h2>", f);
    esc(f, t->title);
    fputs("</h2>\n", f);
    if (*t->note) {
        fputs("<p>", f);
        esc(f, t->note);
        fputs("</p>\n", f);
    }
    fputs("<table><thead>", f);
    for (size_t r = 0; r < t->nrows; r++) {
        fputs(r == 0 ? "<tr>" : t->shade && t->shade[r] ? "<tr class=\"shade\">" : "<tr>", f);
        for (size_t c = 0; c < t->ncols; c++) {
            fputs(r == 0 ? "<th>" : c >= t->numeric_from ? "<td class=\"n\">" : "<td>", f);
            esc(f, t->cells[r * t->ncols + c]);
            fputs(r == 0 ? "</th>" : "</td>", f);
        }
        fputs(r == 0 ? "</tr></thead>\n" : "</tr>\n", f);
    }
    fputs("</table>\n", f);
}

static adcov_status maps_section(adcov_ctx *ctx, FILE *f, const adcov_doc *d)
{
    adcov_status st = ADCOV_OK;
    if (!d->nmaps)
        return st;
    size_t n = d->nmaps < ADCOV_HTML_MAPS ? d->nmaps : ADCOV_HTML_MAPS; /* a city's thousands: QGIS */
    fputs("<div class=\"maps\">\n", f);
    for (size_t k = 0; !st && k < n; k++) {
        const adcov_doc_failure *x = &d->failures[d->maps[k].first];
        fputs("<figure>", f);
        unsigned left = 0;
        st = map_svg(ctx, f, d, &d->maps[k], SMALL_W, SMALL_H, &left);
        fprintf(f, "<figcaption>#%zu ", d->maps[k].first + 1);
        esc(f, x->place);
        fputs(" · ", f);
        esc(f, x->rule->id);
        if (*x->chainage) {
            fputs(" · ", f);
            esc(f, x->chainage);
        }
        char *note = adcov_map_left_text(d, left);
        if (!note)
            st = adcov_fail(ctx, ADCOV_ENOMEM, "report.html: out of memory");
        esc(f, note ? note : "");
        free(note);
        fputs("</figcaption></figure>\n", f);
    }
    fputs("</div>\n", f);
    if (n < d->nmaps) {
        fputs("<p class=\"note\">", f);
        fprintf(f, T(d, T_MORE_MAPS_GIS), d->nmaps - n);
        fputs("</p>\n", f);
    }
    return st;
}

/* The body of the page, into f. */
static adcov_status body(adcov_ctx *ctx, FILE *f, const adcov_doc *d)
{
    int failed = d->nfailures > 0;
    fprintf(f, "<h1>%s</h1>\n<p>adcov %s · %s <span id=\"when\">", T(d, T_TITLE), ADCOV_VERSION, T(d, T_GENERATED));
    fprintf(f, "%s</span></p>\n<p class=\"verdict %s\">%s</p>\n", d->when, failed ? "fail" : "pass",
            T(d, failed ? T_SOME_FAIL : T_ALL_PASS));
    for (size_t i = 0; i < d->ntop; i++)
        campaign_table(f, &d->tables[i]);
    run_section(f, d);
    rules_section(f, d);
    for (size_t i = d->ntop; i < d->ntables; i++)
        campaign_table(f, &d->tables[i]);
    fprintf(f, "<h2>%s</h2>\n", T(d, T_CITY_MAP));
    legend(f, d);
    unsigned left = 0;
    adcov_status st = map_svg(ctx, f, d, NULL, CITY_W, CITY_H, &left);
    char *note = st ? NULL : adcov_map_left_text(d, left);
    if (!st && !note)
        st = adcov_fail(ctx, ADCOV_ENOMEM, "report.html: out of memory");
    if (!st) {
        fprintf(f, "<p>%s: %zu · %s: %zu", T(d, T_ZONES), d->res->nzones, T(d, T_SUGGESTED), d->posters);
        esc(f, note);
        fputs("</p>\n", f);
        size_t used = 0; /* photo bytes embedded */
        duty_section(f, d);
        failures_section(f, d, &used);
        ads_section(f, d, &used);
        photo_issues_section(f, d);
        st = maps_section(ctx, f, d);
    }
    free(note);
    return st;
}

adcov_status adcov_html_write(adcov_ctx *ctx, const adcov_doc *d, const char *path)
{
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (!mem)
        return adcov_fail(ctx, ADCOV_ENOMEM, "%s: out of memory", path);
    __fsetlocking(mem, FSETLOCKING_BYCALLER); /* this thread alone writes it */
    adcov_status st = body(ctx, mem, d);
    fclose(mem);
    unsigned char *font = NULL;
    size_t font_size = 0;
    if (!st && !text)
        st = adcov_fail(ctx, ADCOV_ENOMEM, "%s: out of memory", path);
    if (!st) /* the font holds the characters of the page and of its style sheet's fallbacks */
        st = adcov_font_subset(ctx, text, len, &font, &font_size);
    adcov_textfile *t = NULL;
    if (!st)
        st = adcov_textfile_open(ctx, path, &t);
    if (!st) {
        FILE *f = adcov_textfile_stream(t);
        fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>%s</title>\n",
                d->lang == ADCOV_LANG_EN ? "en" : "zh-CN", adcov_doc_text(d->lang, T_TITLE));
        css(f, d, font, font_size);
        fputs("</head>\n<body>\n", f);
        fwrite(text, 1, len, f);
        fputs("</body>\n</html>\n", f);
        st = adcov_textfile_commit(ctx, t);
    }
    free(font);
    free(text);
    return st;
}
