/* pdf — report.pdf: the same report as report.html, on A4 pages, drawn with cairo and pango (text in
 * the embedded Noto Sans CJK font, maps as vectors).
 *
 * Owns: page layout and the cairo canvas of the maps. The caller owns the doc (borrowed).
 */
#ifndef ADCOV_PDF_H
#define ADCOV_PDF_H

#include <cairo.h>
#include <pango/pangocairo.h>
#include "doc.h"
#include "out.h"

adcov_status adcov_pdf_write(adcov_ctx *ctx, const adcov_doc *d, const char *path);

/* An A4 PDF being written (report.pdf, evidence.pdf): atomically into its path, with a font map of its own
 * (PDFs are written beside each other on two threads). */
typedef struct {
    adcov_textfile *t;
    cairo_surface_t *s;
    cairo_t *cr;
    PangoFontMap *fonts;
    PangoContext *pc;
} adcov_pdf_canvas;

#define ADCOV_A4_W 595.28 /* points */
#define ADCOV_A4_H 841.89

adcov_status adcov_pdf_open(adcov_ctx *ctx, const char *path, const char *title, adcov_pdf_canvas *c);
/* Ends the last page and commits the file when st is ADCOV_OK and cairo wrote it all, else removes it;
 * returns the first failure. */
adcov_status adcov_pdf_close(adcov_ctx *ctx, const char *path, adcov_pdf_canvas *c, adcov_status st);

/* A photo's decoded picture (large: the evidence pack's, else the thumbnail) as a cairo surface that a PDF
 * embeds as the JPEG it is (the same photo once however often it is drawn); NULL when it has none or
 * memory ran out. The caller destroys it; the photo row must outlive the PDF surface it is drawn on. */
cairo_surface_t *adcov_pdf_photo(const adcov_photo_row *p, int large);
/* Draws photo p fitted into the box (x, y, w, h), centred; a grey box with why when it has no picture. */
void adcov_pdf_draw_photo(cairo_t *cr, const adcov_photo_row *p, int large, double x, double y, double w, double h);

#endif
