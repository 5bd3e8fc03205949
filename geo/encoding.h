/* encoding — which encoding a file's text is in when the file does not say, or says wrong (SPEC §3).
 *
 * Chinese desktop GIS writes .dbf files in GBK while their code page byte says "ANSI" (0x57) or
 * nothing; Excel on Chinese Windows saves CSV in GBK without a BOM; KML and GPX may declare GB2312,
 * which GDAL's XML reader does not take. This module judges bytes (GBK Chinese, UTF-8 or Latin-1) and
 * recodes a file to UTF-8 in GDAL's memory files, so that every text reaches the outputs as it was meant.
 * Owns nothing beyond a call, except the memory files it makes (adcov_vsimem_free removes one).
 */
#ifndef ADCOV_ENCODING_H
#define ADCOV_ENCODING_H

#include <stddef.h>
#include "ctx.h"

typedef enum {
    ADCOV_TEXT_ASCII,  /* nothing but ASCII: every encoding reads it alike */
    ADCOV_TEXT_UTF8,
    ADCOV_TEXT_GBK,    /* GBK (CP936) Chinese */
    ADCOV_TEXT_LATIN,  /* a Western single-byte page (Latin-1 / Windows-1252) */
    ADCOV_TEXT_UNSURE  /* none of them reads it plausibly: the user must say */
} adcov_text_kind;

/* Judges the text in buf[0..n). Each reading that decodes the bytes is scored by how plausible its
 * characters are (common hanzi of GB2312 level 1 score highest; Latin letters score inside Latin words,
 * not alone between other symbols); UTF-8 wins ties, since random GBK or Latin-1 text is rarely valid
 * UTF-8. Latin is the verdict for text that is neither UTF-8 nor plausible Chinese. */
adcov_text_kind adcov_text_guess(const unsigned char *buf, size_t n);

/* The encoding GDAL should read a Shapefile's .dbf with (path: the .shp or .dbf): forced when the config
 * forces one; else NULL when GDAL can be trusted (a .cpg naming UTF-8 or a Chinese page, a Chinese code
 * page byte, pure ASCII text, Latin text under a Western page); "CP936" or "UTF-8" when the bytes say so
 * against a missing or Western declaration. Fails (naming the file, its field and the `encoding:` key)
 * when the text cannot be told. NULL also for a path that is no Shapefile. *out is forced or static. */
adcov_status adcov_dbf_encoding(adcov_ctx *ctx, const char *path, const char *shown, const char *forced,
                                const char **out);

/* For a CSV, KML or GPX file whose text is not UTF-8 (a GBK CSV without BOM, an XML file declaring
 * GB2312/GBK/GB18030), or when forced names an encoding: the file recoded to UTF-8 as a GDAL memory
 * file, whose name *out receives (caller frees it with adcov_vsimem_free). *out is NULL when the file
 * can be opened as it is. shown names the file in messages. */
adcov_status adcov_recode_text_file(adcov_ctx *ctx, const char *path, const char *shown, const char *forced,
                                    char **out);
void adcov_vsimem_free(char *name);

#endif
