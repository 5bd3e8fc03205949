/* evidence — evidence.pdf, the 网报 evidence pack (SPEC §14): per rule, one A4 page per place that passes
 * (a stretch, a site, a hoarding), with the photos of the PSAs counted there (at most
 * ADCOV_EVIDENCE_PER_PAGE, the first 处 in walk order or nearest first), each captioned 时间 (EXIF
 * DateTimeOriginal, else photo_time), 地点 (place and chainage), 主题 and 载体; in rulebook, then result
 * order; in Chinese or English. JPEG data is embedded as JPEG.
 *
 * Owns: the pack's layout and words. The caller owns the result and rulebook (borrowed); the photos must
 * have been decoded (photos.h).
 */
#ifndef ADCOV_EVIDENCE_H
#define ADCOV_EVIDENCE_H

#include "doc.h"
#include "result.h"

/* Writes path; english: the captions' words in English. */
adcov_status adcov_evidence_write(adcov_ctx *ctx, const adcov_result *res, const adcov_rulebook *rb,
                                  adcov_phase phase, adcov_lang lang, const char *path);

#endif
