/* font — the CJK font both reports write in, from Debian's fonts-noto-cjk.
 *
 * Owns: finding the font's file with fontconfig, and cutting it down with HarfBuzz to the characters
 * a document uses, so that report.html carries its font inside at a small size. The caller owns
 * the bytes returned (free).
 */
#ifndef ADCOV_FONT_H
#define ADCOV_FONT_H

#include <stddef.h>
#include "ctx.h"

#define ADCOV_FONT_FAMILY "Noto Sans CJK SC"

/* The font cut down to the characters of text (UTF-8), as an OpenType file in memory. */
adcov_status adcov_font_subset(adcov_ctx *ctx, const char *text, size_t len, unsigned char **data, size_t *size);

#endif
