/* doc — what report.html and report.pdf say, built once (§8 report).
 *
 * Owns: the report's words in Chinese and English, its numbers (per rule, per duty unit), the list
 * of failures in the order inspectors care about (in-zone first), the small maps' frames, and the
 * geometry the maps draw, made once (shapes, boxes, bins). Drawing is map.h's. The caller owns the
 * result, rulebook and config (borrowed, they must outlive the doc) and the doc (adcov_doc_free).
 */
#ifndef ADCOV_DOC_H
#define ADCOV_DOC_H

#include "result.h"
#include "config.h"

typedef enum { ADCOV_LANG_ZH, ADCOV_LANG_EN } adcov_lang;

/* Every sentence the reports print, by key. */
typedef enum {
    T_TITLE, T_GENERATED, T_RUN, T_CONFIG, T_RULEBOOK, T_PHASE, T_PHASE_DAILY, T_PHASE_INSPECTION, T_CRS, T_INPUTS,
    T_ROLE, T_PATH, T_LAYER, T_NO_BUILDINGS, T_RULES, T_RULE, T_SOURCE, T_EDITION, T_LEVEL, T_VERIFIED, T_YES, T_NO,
    T_CHECKED, T_PASSED, T_FAILED, T_UNKNOWN, T_PASS_RATE, T_GAP_KM, T_CITY_MAP, T_LEGEND_PASS, T_LEGEND_FAIL,
    T_LEGEND_GAP, T_LEGEND_AD_COUNTED, T_LEGEND_AD_OTHER, T_LEGEND_ZONE, T_LEGEND_SUGGESTION, T_DUTY, T_DUTIES,
    T_FAILURES, T_IN_ZONE, T_PLACE, T_CHAINAGE, T_SHORTFALL, T_NO_FAILURES, T_ZONES, T_SUGGESTED, T_NONE_ASSIGNED,
    T_ALL_PASS, T_SOME_FAIL, T_MORE_MAPS, T_NUMBERS, T_LEGEND_SITE_PASS, T_LEGEND_SITE_FAIL,
    T_LEGEND_SITE_UNKNOWN, T_MORE_MAPS_GIS, T_MORE_FAILURES, T_PROBLEM_ID, T_PROBLEM_PLACE, T_PHOTO, T_ADS_TO_RECTIFY,
    T_ADS_NOTE, T_AD, T_PROBLEM, T_PHOTO_ISSUES, T_PHOTO_ISSUES_NOTE, T_NO_PHOTO_ISSUES, T_PHOTOS_OVER, T_MORE_ADS,
    T_COUNT
} adcov_text;

const char *adcov_doc_text(adcov_lang lang, adcov_text key);

/* One failure: a gap of a stretch, or a failing site row. */
typedef struct {
    const adcov_rule *rule;
    const char *place;        /* street name (borrowed), or site name with its id (own_place) */
    char *own_place;          /* owned, or NULL */
    const char *duty;         /* borrowed, "" when none */
    size_t gap;               /* street: the gap's index in its result */
    char chainage[64];        /* "K0+350–K0+910", or "" for a site */
    char *shortfall;          /* owned */
    int in_zone;
    size_t result;            /* street: index in results; site: index in sites */
    int is_site;
    double box[4];            /* xmin, ymin, xmax, ymax of what failed, analysis CRS */
    const adcov_photo_row *photo; /* a failing site's photo, or NULL */
} adcov_doc_failure;

/* One ad to rectify (an ad not in good condition, or of a value outside the vocabulary), with its photo. */
typedef struct {
    const adcov_ad *ad;
    char *place;              /* owned: "经7路附近" or "" */
    char *problem;            /* owned */
    const char *duty;         /* borrowed */
    const adcov_photo_row *photo; /* or NULL */
} adcov_doc_ad;

typedef struct {
    const adcov_rule *rule;
    adcov_tally t;            /* what it found */
} adcov_doc_rule;

/* A table of the campaign (progress, scores and ranking, the mock inspection): a heading, a sentence
 * under it, and rows of text, the header first. Both reports print it as it is. */
typedef struct {
    char *title, *note;       /* owned; note may be "" */
    size_t ncols, nrows;      /* nrows counts the header */
    char **cells;             /* owned: nrows × ncols */
    double widths[8];         /* each column's share of the width (they add up to 1) */
    unsigned char *shade;     /* owned, per row: 1 to shade it grey (the 黑榜, a total) */
    size_t numeric_from;      /* columns from this one on hold numbers (right-aligned in HTML) */
} adcov_doc_table;

typedef struct {
    const char *duty;         /* borrowed; "" when none */
    size_t failures, in_zone;
    char *numbers;            /* owned: its failures' numbers in the list, "1, 4, 7" */
} adcov_doc_duty;

/* One small map: a failing stretch (for one rule) or site, with every failure of it. */
typedef struct {
    size_t first;             /* its first failure in failures */
    double box[4];            /* what failed, with a margin */
} adcov_doc_map;

/* A geometry as the maps draw it, in the analysis CRS: its points in parts, each part a point, a line,
 * or a ring of a polygon (shell or hole). Plain memory, so that both reports can draw at once. */
typedef enum { ADCOV_PART_POINT, ADCOV_PART_LINE, ADCOV_PART_SHELL, ADCOV_PART_HOLE } adcov_part_kind;
typedef struct {
    size_t end;               /* the part ends before this point */
    adcov_part_kind kind;
} adcov_doc_part;
typedef struct {
    double *xy;               /* x, y of every point */
    adcov_doc_part *parts;
    size_t nparts, cap, capparts;
} adcov_doc_shape;

enum { ADCOV_BINS_STRETCHES, ADCOV_BINS_ZONES, ADCOV_BINS_SITES };

typedef struct {
    adcov_lang lang;
    const adcov_result *res;
    const adcov_rulebook *rb;
    const adcov_config *cfg;
    adcov_phase phase;
    adcov_doc_rule *rules;
    size_t nrules;
    adcov_doc_duty *duties;
    size_t nduties;
    adcov_doc_table *tables;     /* the campaign's: the first ntop at the top of the reports (progress), the
                                  * rest after the rules (scores, ranking, the mock inspection) */
    size_t ntables, ntop;
    adcov_doc_failure *failures; /* in-zone first, then by rule, place and chainage */
    size_t nfailures;
    adcov_doc_ad *ads;           /* ads to rectify: in inspection zones first, then in the ads' order */
    size_t nads;
    size_t photo_issues[ADCOV_PHOTO_ISSUE_KINDS]; /* photos with each issue (bit k) */
    adcov_doc_map *maps;         /* one per failing stretch or site, in the order of their first failure */
    size_t nmaps;
    size_t posters;              /* suggested in all */
    unsigned char *stretch_ink;  /* per stretch: 0 not checked, 1 passes every rule, 2 fails one */
    double city_thin;            /* the city map's line widths are multiplied by this (wide cities: thinner) */
    char crs_name[128];          /* the analysis CRS, "" when unknown */
    char when[32];               /* when the reports were made, local time */
    /* for drawing, made once: each zone's and site's shape and box (a site without geometry has no
     * parts and an empty box) */
    adcov_doc_shape *zone_shape; /* per zone */
    double (*zone_box)[4];
    adcov_doc_shape *site_shape; /* per site row */
    double (*site_box)[4];
    double (*stretch_box)[4];
    struct adcov_grid *ad_grid;  /* ads by position (index in res->ads) */
    struct adcov_bins *bins[3];  /* ADCOV_BINS_*: stretches, zones and sites by the grid cells their boxes meet */
    double box[4];               /* the city's extent */
} adcov_doc;

adcov_status adcov_doc_build(adcov_ctx *ctx, const adcov_result *res, const adcov_rulebook *rb, const adcov_config *cfg,
                             adcov_phase phase, adcov_lang lang, adcov_doc **out);
void adcov_doc_free(adcov_doc *d);

/* The campaign's tables of res in lang (campaign/tables.c), into d->tables: once res holds its campaign,
 * which may be made while adcov_doc_build runs (it reads no problem id). */
adcov_status adcov_doc_campaign_tables(adcov_ctx *ctx, adcov_doc *d);
/* A failure's problem id, "" when none (the result's campaign must be made by then). */
const char *adcov_doc_problem(const adcov_doc *d, const adcov_doc_failure *x);

#define ADCOV_PDF_MAPS 60         /* small maps in report.pdf (the first, in-zone first) */
#define ADCOV_HTML_MAPS 400       /* … and in report.html (past them: the GeoJSON maps in QGIS) */
#define ADCOV_PDF_FAILURES 1000   /* failure rows in report.pdf (report.html and the lists have all) */
#define ADCOV_PDF_ADS 300         /* ads to rectify, with their photos, in report.pdf */
#define ADCOV_HTML_PHOTO_BYTES (24u << 20) /* photos embedded in report.html, at most (their base64 bytes;
                                            * past them a row names its photo: rectification.xlsx shows it) */

#endif
