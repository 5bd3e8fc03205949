/* pdf — report.pdf: the same report as report.html, on A4 pages, drawn with cairo and pango (text in
 * the embedded Noto Sans CJK font, maps as vectors).
 *
 * Owns: page layout and the cairo canvas of the maps. The caller owns the doc (borrowed).
 */
#ifndef ADCOV_PDF_H
#define ADCOV_PDF_H

#include "doc.h"

adcov_status adcov_pdf_write(adcov_ctx *ctx, const adcov_doc *d, const char *path);

#endif
