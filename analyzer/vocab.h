/* vocab — the words planners type, folded to the canonical words of §2.
 *
 * Owns: value normalisation (trim, full-width to half-width, Latin lower case), the
 * shipped vocabularies (kind, medium, condition, road class) with their Chinese synonyms,
 * synonyms a config adds, and theme splitting/matching. A vocabulary is owned by its
 * caller (adcov_vocab_free); looked-up names are static strings.
 */
#ifndef ADCOV_VOCAB_H
#define ADCOV_VOCAB_H

#include <stddef.h>
#include "ctx.h"

enum { ADCOV_KIND_PSA, ADCOV_KIND_COMMERCIAL, ADCOV_KIND_COUNT };
enum {
    ADCOV_MEDIUM_POSTER, ADCOV_MEDIUM_SCREEN, ADCOV_MEDIUM_BOARD, ADCOV_MEDIUM_POLE_FLAG,
    ADCOV_MEDIUM_SCULPTURE, ADCOV_MEDIUM_SLOGAN, ADCOV_MEDIUM_HOARDING, ADCOV_MEDIUM_BANNER,
    ADCOV_MEDIUM_COUNT
};
enum {
    ADCOV_COND_GOOD, ADCOV_COND_FADED, ADCOV_COND_DAMAGED, ADCOV_COND_COVERED, ADCOV_COND_OUTDATED,
    ADCOV_COND_COUNT
};
enum { ADCOV_CLASS_COMMERCIAL, ADCOV_CLASS_MAIN, ADCOV_CLASS_SECONDARY, ADCOV_CLASS_COUNT };
enum {
    ADCOV_CARRIER_LANE_SHADE, ADCOV_CARRIER_BIKE_SHELTER, ADCOV_CARRIER_VENUE, ADCOV_CARRIER_HOSPITAL,
    ADCOV_CARRIER_OTHER, ADCOV_CARRIER_COUNT
};

typedef enum {
    ADCOV_VOCAB_KIND, ADCOV_VOCAB_MEDIUM, ADCOV_VOCAB_CONDITION, ADCOV_VOCAB_CLASS, ADCOV_VOCAB_SITE,
    ADCOV_VOCAB_CARRIER, ADCOV_VOCAB_COUNT
} adcov_vocab_type;

typedef struct adcov_vocab adcov_vocab;

/* The shipped vocabulary of one type; NULL when out of memory. */
adcov_vocab *adcov_vocab_new(adcov_vocab_type type);
void adcov_vocab_free(adcov_vocab *v);
/* Adds a synonym for the canonical word canon; ADCOV_EINPUT when canon is not a word of v. Site types
 * are open (SPEC §12): any canon word a site vocabulary does not know becomes one of its words. */
adcov_status adcov_vocab_add(adcov_vocab *v, const char *synonym, const char *canon);
/* Values longer than this (in bytes, with the terminator) are never vocabulary words. */
#define ADCOV_WORD_MAX 256

/* Code of raw after normalisation, or -1 when it is not in the vocabulary. Allocates nothing. */
int adcov_vocab_lookup(const adcov_vocab *v, const char *raw);
/* The canonical word of raw: the word its code stands for (static, or owned by v), else raw normalised
 * into buf (a site type v does not know is still a site type). NULL when raw does not fit buf. */
const char *adcov_vocab_canon(const adcov_vocab *v, const char *raw, char *buf, size_t size);
/* Code of the longest word of v that occurs inside text (after normalisation: "路网_主干道.shp" holds
 * 主干道), or -1 when none does. */
int adcov_vocab_find_in(const adcov_vocab *v, const char *text);
/* Canonical word of a code ("poster"), or "?" when out of range. */
const char *adcov_vocab_word(adcov_vocab_type type, int code);
/* The word a report in Chinese writes for a code (褪色 for faded), or the canonical word when english. */
const char *adcov_vocab_label(adcov_vocab_type type, int code, int english);
/* Code of a canonical word, or -1. */
int adcov_vocab_code(adcov_vocab_type type, const char *word);

/* New normalised copy of s (trimmed, full-width folded, ASCII lower-cased); NULL on ENOMEM. */
char *adcov_normalize(const char *s);
/* The same into buf; NULL (and buf untouched) when s needs more than size bytes. */
const char *adcov_normalize_buf(const char *s, char *buf, size_t size);

/* 1 when one of the themes in the free-text field themes (split on ; ； 、 , ，) contains needle as a
 * substring. Both must be normalised already (adcov_normalize). */
int adcov_theme_has(const char *themes, const char *needle);

/* Media that count as 平面类 (flat): poster, screen, board, pole_flag, slogan, hoarding. */
#define ADCOV_MEDIA_FLAT                                                                              \
    ((1u << ADCOV_MEDIUM_POSTER) | (1u << ADCOV_MEDIUM_SCREEN) | (1u << ADCOV_MEDIUM_BOARD) |         \
     (1u << ADCOV_MEDIUM_POLE_FLAG) | (1u << ADCOV_MEDIUM_SLOGAN) | (1u << ADCOV_MEDIUM_HOARDING))

#endif
