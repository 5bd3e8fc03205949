/* map — drawing the city map and the small maps of a report onto any canvas (the HTML's SVG, the PDF's
 * cairo): zones, streets by result, gaps, sites, ads and posters to add, each in its ink.
 *
 * Owns: the inks, and the scratch of one drawing (freed before it returns). It reads the report's content
 * and its drawing geometry (doc.h); the caller owns the doc and the canvas.
 */
#ifndef ADCOV_MAP_H
#define ADCOV_MAP_H

#include "doc.h"

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
#define ADCOV_CITY_MAP_ADS 1500   /* the city map draws ads only up to this many */
#define ADCOV_CITY_MAP_POSTERS 600 /* … and posters to add */

#endif
