/* sites — the rules inspectors apply at one place (SPEC §6, §12): every rule whose counting method
 * judges sites (seen_from_center, inside_or_near, near_point, gate_walk …) on the sites its `sites:`
 * words pick, and the bus stops.
 *
 * Owns: each site's type word (the config's `types:` applied; any word is a type), which features are
 * one bus stop (§10), where each site is counted from, and the toolkit a method's judge uses (the ads
 * within reach of a geometry, those seen from a point, the 处 nearest the centre first, a scenic area's
 * gates). The caller owns every argument; results are appended to res->sites, and the ads that counted
 * are marked in res->ads.
 */
#ifndef ADCOV_SITES_H
#define ADCOV_SITES_H

#include "check.h"
#include "layer.h"
#include "method.h"
#include "vis.h"

typedef struct {
    const adcov_rulebook *rb;
    adcov_phase phase;
    const adcov_config *cfg;
    int lenient;
    adcov_layer *sites;   /* may be NULL */
    adcov_layer *stops;   /* may be NULL */
    adcov_layer *gates;   /* may be NULL */
    const adcov_boxes *ad_index; /* ids: indexes into res->ads */
    const adcov_vis *vis; /* NULL: no buildings */
    adcov_vis_params vp;
    double max_view;      /* the largest view distance of any ad */
} adcov_sites_input;

adcov_status adcov_sites_check(adcov_ctx *ctx, const adcov_sites_input *in, adcov_result *res);

/* ---- the toolkit of a method's judge (methods/method.h) ---- */

/* What a judge works with: read its fields, fill ads through the functions below. */
struct adcov_site_job {
    adcov_ctx *ctx;
    const adcov_sites_input *in;
    adcov_result *res;
    GEOSContextHandle_t h;
    adcov_layer *layer;     /* the layer of the site being judged, and its feature */
    size_t feature;
    const char **type_of;   /* sites layer: each feature's type word (borrowed), or NULL */
    adcov_ad_list ads;      /* the ads the last call below found (the job's scratch) */
};

/* The ads within reach metres of g (inside it, for a polygon), limits inclusive (SPEC §4). */
adcov_status adcov_site_ads_within(adcov_site_job *j, const GEOSGeometry *g, double reach);
/* The ads within reach metres of (x, y). */
adcov_status adcov_site_ads_near(adcov_site_job *j, double x, double y, double reach);
/* The ads seen (SPEC §4) from (x, y). */
adcov_status adcov_site_ads_seen(adcov_site_job *j, double x, double y);
/* Counts the 处 of each quota of rule among j->ads, nearest to s's centre first (separation: the
 * rule's), sets s's counts and status, and marks the ads. */
adcov_status adcov_site_count(adcov_site_job *j, size_t rule, adcov_site_result *s);
/* Marks ad a seen by rule (visible_rules, medium_counts, counted_rules) and returns its quota bits. */
unsigned adcov_site_mark(const adcov_rule *rule, size_t rule_i, adcov_ad *a);
/* The isovist of s's centre (squares' isovists.geojson): 360 rays out to the largest view distance. */
adcov_status adcov_site_isovist(adcov_site_job *j, adcov_site_result *s);
/* The gates of site s checked by rule: gates-layer points whose site_id is its id, and sites typed gate
 * whose site_id names it or, without one, that lie nearest to it among the rule's sites. *xy (owned by
 * the caller) holds n x, y pairs. */
adcov_status adcov_site_gates(adcov_site_job *j, const adcov_rule *rule, const adcov_site_result *s, double **xy,
                              size_t *n);

#endif
