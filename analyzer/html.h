/* html — report.html: one self-contained page (font and maps inside, nothing fetched), screen and A4 print.
 *
 * Owns: the HTML and its inline SVG maps, escaping every string that came from an input. The caller
 * owns the doc (borrowed).
 */
#ifndef ADCOV_HTML_H
#define ADCOV_HTML_H

#include "doc.h"

adcov_status adcov_html_write(adcov_ctx *ctx, const adcov_doc *d, const char *path);

#endif
