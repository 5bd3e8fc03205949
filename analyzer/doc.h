/* doc — what report.html and report.pdf say, built once, and the maps both draw (§8 report).
 *
 * Owns: the report's words in Chinese and English, its numbers (per rule, per duty unit), the list
 * of failures in the order inspectors care about (in-zone first), and the map drawing: features in
 * map units handed to a canvas (SVG text for the HTML, cairo for the PDF). The caller owns the result,
 * rulebook and config (borrowed, they must outlive the doc) and the doc (adcov_doc_free).
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
    T_LEGEND_SITE_UNKNOWN, T_COUNT
} adcov_text;

const char *adcov_doc_text(adcov_lang lang, adcov_text key);

/* One failure: a gap of a stretch, or a failing site row. */
typedef struct {
    const adcov_rule *rule;
    const char *place;        /* street name (borrowed), or site name with its id (own_place) */
    char *own_place;          /* owned, or NULL */
    const char *duty;         /* borrowed, "" when none */
    char chainage[64];        /* "K0+350–K0+910", or "" for a site */
    char *shortfall;          /* owned */
    int in_zone;
    size_t result;            /* street: index in results; site: index in sites */
    int is_site;
    double box[4];            /* xmin, ymin, xmax, ymax of what failed, analysis CRS */
} adcov_doc_failure;

typedef struct {
    const adcov_rule *rule;
    adcov_tally t;            /* what it found */
} adcov_doc_rule;

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
    adcov_doc_failure *failures; /* in-zone first, then by rule, place and chainage */
    size_t nfailures;
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
    struct adcov_doc_bins *bins[3]; /* stretches, zones and sites by the cells of a grid their boxes meet */
    double box[4];               /* the city's extent */
} adcov_doc;

adcov_status adcov_doc_build(adcov_ctx *ctx, const adcov_result *res, const adcov_rulebook *rb, const adcov_config *cfg,
                             adcov_phase phase, adcov_lang lang, adcov_doc **out);
void adcov_doc_free(adcov_doc *d);

/* ---- maps ---- */

typedef enum {
    ADCOV_INK_STREET_PASS, ADCOV_INK_STREET_FAIL, ADCOV_INK_GAP, ADCOV_INK_AD_COUNTED, ADCOV_INK_AD_OTHER,
    ADCOV_INK_ZONE, ADCOV_INK_SITE_PASS, ADCOV_INK_SITE_FAIL, ADCOV_INK_SITE_UNKNOWN, ADCOV_INK_SUGGESTION,
    ADCOV_INK_COUNT
} adcov_ink;

/* Colours (0xRRGGBB), line widths (map units per 100 of the map's width) and fill opacity of each ink. */
typedef struct {
    unsigned rgb;
    double width, fill_alpha;
} adcov_ink_style;
extern const adcov_ink_style adcov_inks[ADCOV_INK_COUNT];

/* Where a map is drawn: coordinates are in map units, x right, y down, (0,0) top-left. A path is one or
 * more runs of points (xy[2*i], xy[2*i+1]); run r ends before point ends[r]. Closed paths are the rings
 * of polygons, shells counter-clockwise and holes clockwise on the map, filled non-zero (holes stay
 * empty, overlaps are filled once); open paths are lines. */
typedef struct {
    void *user;
    void (*path)(void *user, adcov_ink ink, const double *xy, const size_t *ends, size_t nruns, int closed);
    void (*dot)(void *user, adcov_ink ink, double x, double y, double r);
    /* a street's name centred at (x, y), along deg degrees (anticlockwise on the map); NULL: no names */
    void (*label)(void *user, double x, double y, double deg, const char *text);
} adcov_canvas;

/* Draws the city map (small NULL) or a small map onto a map width x height units: zones, streets by
 * result, gaps, sites, ads by status, suggested posters, in the map's box (analysis CRS; widened to the
 * map's proportions). A small map is about its stretch or site: of the gaps and posters to add it shows
 * only its stretch's (other streets keep their pass/fail colour), so that what it is about stands out.
 * Ads and point sites are drawn as dots when their dots would cover at most ADCOV_MAP_DOT_COVER of the
 * map (more is a smear), and a small map wider than ADCOV_SMALL_MAP_DETAIL_M (a long street) leaves out
 * zones, sites and ads (the city map has them). The city map draws what matters for it: streets, gaps,
 * areas and failing sites always; ads only up to ADCOV_CITY_MAP_ADS, posters to add up to
 * ADCOV_CITY_MAP_POSTERS. A small map names its streets (c->label). *left says what was not drawn
 * (ADCOV_MAP_LEFT_*; adcov_map_left_text words it). Fails only when out of memory. */
adcov_status adcov_map_draw(adcov_ctx *ctx, const adcov_doc *d, const adcov_doc_map *small, double width,
                            double height, const adcov_canvas *c, unsigned *left);

enum { ADCOV_MAP_LEFT_ADS = 1, ADCOV_MAP_LEFT_SITES = 2, ADCOV_MAP_LEFT_POSTERS = 4, ADCOV_MAP_LEFT_DETAIL = 8 };
/* What a map left out, as a sentence to print under it ("" when nothing); NULL when out of memory. */
char *adcov_map_left_text(const adcov_doc *d, unsigned left);

#define ADCOV_MAP_DOT_COVER 0.25 /* the share of a map that dots may cover at most */
#define ADCOV_SMALL_MAP_DETAIL_M 3000.0 /* a small map wider than this shows streets, gaps and posters */
#define ADCOV_PDF_MAPS 60         /* small maps in report.pdf (the first, in-zone first; report.html has all) */
#define ADCOV_CITY_MAP_ADS 1500   /* the city map draws ads only up to this many */
#define ADCOV_CITY_MAP_POSTERS 600 /* … and posters to add */

#endif
