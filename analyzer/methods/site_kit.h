/* site_kit — what a counting method's judge works with at one site (SPEC §4, §6): the ads within
 * reach of a geometry or a point, those seen from a point, their 处 nearest the centre first, the
 * isovist of a centre, and a scenic area's gates.
 *
 * Owns: nothing past a call but the job's scratch list of ads (job.ads, freed by whoever made the job).
 * The caller owns the job and every argument; counted ads are marked in the result.
 */
#ifndef ADCOV_SITE_KIT_H
#define ADCOV_SITE_KIT_H

#include "config.h"
#include "layer.h"
#include "method.h"
#include "result.h"
#include "vis.h"

/* Slots of the sites role's fields (adcov_role_fields). */
enum { ADCOV_SITE_SLOT_TYPE, ADCOV_SITE_SLOT_NAME, ADCOV_SITE_SLOT_ID, ADCOV_SITE_SLOT_DUTY,
       ADCOV_SITE_SLOT_OPENS /* a gate's site_id */ };

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
