#include "check.h"
#include "accounting.h"
#include "roads.h"
#include "duty.h"
#include "sites.h"
#include "walls.h"
#include "zones.h"
#include "suggest.h"
#include "photos.h"
#include "layer.h"
#include "vis.h"
#include "grid.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    adcov_ctx *ctx;
    const adcov_config *cfg;
    const adcov_rulebook *rb;
    adcov_phase phase;
    int lenient;
    adcov_progress_fn progress;
    void *user;
    adcov_layer *layers[ADCOV_ROLE_COUNT];
    size_t source_base[ADCOV_ROLE_COUNT]; /* where each role's sources begin in res->sources */
    adcov_vis *vis;
    adcov_vis_params vp;
    adcov_result *res;
    adcov_boxes *ad_index; /* the ads' points, ids: indexes into res->ads */
    adcov_zones *zones;
    adcov_ctx *second_ctx;      /* the second thread's context (sight lines, zones, maybe the site rules);
                                 * the zones' geometries belong to it */
    struct stretch_sight *sight; /* per stretch (res->nstretches), computed before the rules */
    atomic_size_t next_sight;   /* the next stretch whose sight lines no thread has taken */
    atomic_int sight_failed;
    adcov_status sight_st;      /* the second thread's part */
    adcov_ctx *read_ctx;        /* the buildings' reading thread's context; their geometries belong to it */
    OGRSpatialReferenceH read_crs; /* its own copy of the analysis CRS */
    pthread_t read_thread;
    int read_started;
    adcov_status read_st;
    adcov_status vis_st;        /* the reading thread's sight index */
    adcov_status index_st, streets_st; /* the ads' index and the streets, made while the buildings are read */
    char early_msg[512];        /* the failure of those, told in its turn */
    pthread_t zones_thread;
    int zones_started;          /* a thread builds them (else they were built in place) */
    adcov_status zones_st;
    int sites_wanted;           /* the site rules are to run, by whichever thread is free first */
    atomic_int sites_taken;
    adcov_status sites_st;      /* theirs, when the second thread ran them */
    adcov_areas *zone_areas;    /* the zones for questions about points, once areas says AREAS_READY */
    adcov_latch areas;          /* AREAS_READY or AREAS_FAILED (zones_st says why) */
    atomic_size_t next_ad;      /* the next ad whose in_zone no thread has taken to mark */
    atomic_int drop_taken;      /* a thread has taken the freeing of the buildings' footprints */
    adcov_site_rows wall_rows;  /* the hoarding and carrier rules' rows, made by the zones' thread */
    adcov_status walls_st;
    adcov_grid *poster_grid;    /* posters suggested so far, by index in posters */
    adcov_suggestion *posters;  /* copies, with the theme each carries */
    const char **poster_theme;
    size_t nposters, capposters;
    double max_view;
    double crowd_sep;        /* the separation of the rule whose posters are being suggested */
    GEOSGeometry **repaired; /* per building: its repaired footprint, or NULL when it was valid */
    char **repair_reason;    /* per building: why it was invalid */
} run;

/* ---- bookkeeping ---- */

/* ---- reading ---- */

static int street_rules_selected(const adcov_rulebook *rb)
{
    for (size_t i = 0; i < rb->nrules; i++)
        if (rb->rules[i].selected && rb->rules[i].places == ADCOV_PLACES_STRETCHES)
            return 1;
    return 0;
}

/* Opens role's sources as one layer. Roles read from one file, the same way, share its GDAL dataset;
 * never the buildings, which a thread of their own reads. */
static adcov_status open_role(run *r, adcov_role role)
{
    const char *const *names = adcov_role_fields(role);
    size_t nfields = 0, nsrcs = adcov_config_nsources(r->cfg, role), nshare = 0;
    while (names[nfields])
        nfields++;
    adcov_source *srcs = adcov_calloc(nsrcs, sizeof *srcs);
    int (*required)[ADCOV_MAX_FIELDS] = adcov_calloc(nsrcs, sizeof *required);
    const adcov_layer *share[ADCOV_ROLE_COUNT];
    for (int k = 0; role != ADCOV_ROLE_BUILDINGS && k < ADCOV_ROLE_COUNT; k++)
        if (k != ADCOV_ROLE_BUILDINGS && r->layers[k])
            share[nshare++] = r->layers[k];
    adcov_status st = srcs && required ? ADCOV_OK : adcov_fail(r->ctx, ADCOV_ENOMEM, "out of memory");
    for (size_t k = 0; !st && k < nsrcs; k++) {
        const adcov_input *in = adcov_config_source(r->cfg, role, k);
        for (size_t f = 0; f < nfields; f++)
            required[k][f] = in->explicit_field[f] || adcov_role_field_required(role, f);
        srcs[k] = (adcov_source){.role = adcov_role_name(role), .path = in->path_written, .open_path = in->path,
                                 .layer = in->layer, .crs = in->crs, .x = in->x, .y = in->y, .encoding = in->encoding,
                                 .datum = in->datum_code, .fields = (const char *const *)in->fields,
                                 .required = required[k], .set = (const char *const *)in->set};
    }
    if (!st)
        st = adcov_layer_open(r->ctx, srcs, nsrcs, names, nfields, share, nshare, &r->layers[role]);
    free(srcs);
    free(required);
    return st;
}

/* Keeps the names of role's sources in the result, for every output that names a feature's source. */
static adcov_status keep_sources(run *r, adcov_role role)
{
    adcov_result *res = r->res;
    const adcov_layer *l = r->layers[role];
    size_t n = adcov_layer_nsources(l), cap = res->nsources;
    r->source_base[role] = res->nsources;
    if (adcov_grow((void **)&res->sources, &cap, res->nsources + n, sizeof *res->sources))
        return adcov_fail(r->ctx, ADCOV_ENOMEM, "out of memory");
    for (size_t k = 0; k < n; k++)
        if (!(res->sources[res->nsources++] = adcov_strdup(adcov_layer_source_where(l, k))))
            return adcov_fail(r->ctx, ADCOV_ENOMEM, "out of memory");
    return ADCOV_OK;
}

/* The slot a vocabulary's words are read from, in the role that has it. */
static const size_t vocab_slot[ADCOV_VOCAB_COUNT] = {
    [ADCOV_VOCAB_KIND] = ADCOV_AD_KIND, [ADCOV_VOCAB_MEDIUM] = ADCOV_AD_MEDIUM,
    [ADCOV_VOCAB_CONDITION] = ADCOV_AD_CONDITION, [ADCOV_VOCAB_CLASS] = ADCOV_ROAD_CLASS,
    [ADCOV_VOCAB_SITE] = 0 /* sites: type */, [ADCOV_VOCAB_CARRIER] = 0 /* carriers: class */};

typedef struct {
    char value[ADCOV_WORD_MAX];
    size_t n;
} tally;

/* Up to ntal distinct values of slot among the features of source k, with their counts. */
static size_t tally_values(adcov_layer *l, size_t k, size_t slot, tally *tal, size_t ntal)
{
    size_t used = 0;
    for (size_t i = 0; i < adcov_layer_count(l); i++) {
        if (adcov_layer_source(l, i) != k)
            continue;
        const char *v = adcov_layer_value(l, i, slot);
        size_t t = 0;
        while (t < used && strcmp(tal[t].value, v))
            t++;
        if (t == used && used < ntal)
            snprintf(tal[used++].value, sizeof tal->value, "%s", v);
        if (t < used)
            tal[t].n++;
    }
    return used;
}

/* found[w]: some feature of source k carries source k's config word w. One pass over the features, the
 * value a vocabulary is read from normalised once per feature. */
static void mark_found(adcov_layer *l, size_t k, const adcov_input *in, char *found)
{
    char buf[ADCOV_VOCAB_COUNT][ADCOV_WORD_MAX];
    for (size_t i = 0; i < adcov_layer_count(l); i++) {
        if (adcov_layer_source(l, i) != k)
            continue;
        const char *v[ADCOV_VOCAB_COUNT];
        int done[ADCOV_VOCAB_COUNT] = {0};
        for (size_t w = 0; w < in->nwords; w++) {
            adcov_vocab_type t = in->words[w].vocab;
            if (found[w])
                continue;
            if (!done[t]++)
                v[t] = adcov_normalize_buf(adcov_layer_value(l, i, vocab_slot[t]), buf[t], sizeof buf[t]);
            found[w] = v[t] && !strcmp(v[t], in->words[w].word);
        }
    }
}

/* A word the config maps that no feature of its source carries: a warning naming the key and the values
 * that do occur (a typo such as 0999 for 999 would otherwise pass without a word). Out of memory: no
 * warnings (they change nothing). */
static void warn_unmatched_words(run *r, adcov_role role)
{
    adcov_layer *l = r->layers[role];
    for (size_t k = 0; l && k < adcov_layer_nsources(l); k++) {
        const adcov_input *in = adcov_config_source(r->cfg, role, k);
        char *found = in->nwords ? adcov_calloc(in->nwords, 1) : NULL;
        if (found)
            mark_found(l, k, in, found);
        for (size_t w = 0; found && w < in->nwords; w++) {
            if (found[w])
                continue;
            const adcov_config_word *cw = &in->words[w];
            tally tal[8];
            memset(tal, 0, sizeof tal);
            size_t nt = tally_values(l, k, vocab_slot[cw->vocab], tal, 8);
            char list[1024] = "";
            for (size_t t = 0, len = 0; t < nt && len < sizeof list; t++)
                len += (size_t)snprintf(list + len, sizeof list - len, "%s'%s' (%zu)", t ? ", " : "", tal[t].value,
                                        tal[t].n);
            adcov_log(r->ctx, ADCOV_LOG_WARN, "%s: no feature of %s has this value (its values: %s%s)", cw->where,
                      adcov_layer_source_where(l, k), nt ? list : "none", nt == 8 ? ", …" : "");
        }
        free(found);
    }
}

static adcov_status open_inputs(run *r)
{
    adcov_status st = ADCOV_OK;
    for (int role = 0; st == ADCOV_OK && role < ADCOV_ROLE_COUNT; role++) {
        if (!r->cfg->inputs[role].present)
            continue;
        if (!(st = open_role(r, (adcov_role)role)))
            st = keep_sources(r, (adcov_role)role);
    }
    if (st == ADCOV_OK && street_rules_selected(r->rb) && !r->layers[ADCOV_ROLE_ROADS])
        st = adcov_fail(r->ctx, ADCOV_ECONFIG, "%s:%d:inputs.roads: missing, and the street rules need it",
                        r->cfg->path, r->cfg->inputs_line);
    return st;
}

static adcov_status choose_crs(run *r)
{
    adcov_layer *base = r->layers[ADCOV_ROLE_ROADS] ? r->layers[ADCOV_ROLE_ROADS] : r->layers[ADCOV_ROLE_ADS];
    OGRSpatialReferenceH own = adcov_layer_srs(base);
    double lon = 0, lat = 0;
    adcov_status st = ADCOV_OK;
    int projected = OSRIsProjected(own);
    if (!r->cfg->analysis_crs && !projected)
        st = adcov_layer_center(r->ctx, base, &lon, &lat);
    if (st == ADCOV_OK)
        st = adcov_crs_choose(r->ctx, r->cfg->analysis_crs, projected ? own : NULL, lon, lat, &r->res->crs);
    return st;
}

/* After reading: the config's words that match no feature (only warnings, never an error). */
static adcov_status warn_config_words(run *r)
{
    for (int role = 0; role < ADCOV_ROLE_COUNT; role++)
        if (adcov_role_geometries(role))
            warn_unmatched_words(r, (adcov_role)role);
    return ADCOV_OK;
}

/* Reads the layers of roles [from, to) but the buildings. */
static adcov_status read_roles(run *r, int from, int to)
{
    adcov_status st = ADCOV_OK;
    for (int role = from; st == ADCOV_OK && role < to; role++)
        if (r->layers[role] && adcov_role_geometries(role) && role != ADCOV_ROLE_BUILDINGS) {
            if (r->progress)
                r->progress(r->user, adcov_role_name((adcov_role)role), 0, 0);
            st = adcov_layer_read(r->ctx, r->layers[role], r->res->crs, adcov_role_geometries(role));
        }
    return st;
}

/* The polygonal part of a made-valid geometry (which may also hold lines and points), or NULL when it
 * encloses nothing. */
static GEOSGeometry *polygonal_part(GEOSContextHandle_t h, GEOSGeometry *g)
{
    int type = GEOSGeomTypeId_r(h, g);
    if (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON)
        return g;
    int n = type == GEOS_GEOMETRYCOLLECTION ? GEOSGetNumGeometries_r(h, g) : 0, k = 0;
    GEOSGeometry **parts = adcov_calloc((size_t)(n ? n : 1), sizeof *parts);
    for (int i = 0; parts && i < n; i++) {
        const GEOSGeometry *p = GEOSGetGeometryN_r(h, g, i);
        if (GEOSGeomTypeId_r(h, p) == GEOS_POLYGON)
            parts[k++] = GEOSGeom_clone_r(h, p);
    }
    GEOSGeometry *out = parts && k ? GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, parts, (unsigned)k) : NULL;
    free(parts);
    GEOSGeom_destroy_r(h, g);
    return out;
}

/* Invalid footprints (self-intersecting rings, bow-ties …) are repaired with GEOS make-valid, counted
 * and listed: a sight line test on an invalid polygon has no meaning. */
static adcov_status repair_buildings(run *r, adcov_ctx *ctx, adcov_layer *b)
{
    GEOSContextHandle_t h = adcov_ctx_geos(ctx);
    size_t n = adcov_layer_count(b);
    r->repaired = adcov_calloc(n ? n : 1, sizeof *r->repaired);
    r->repair_reason = adcov_calloc(n ? n : 1, sizeof *r->repair_reason);
    if (!r->repaired || !r->repair_reason)
        return adcov_fail(ctx, ADCOV_ENOMEM, "buildings: out of memory");
    for (size_t i = 0; i < n; i++) {
        const GEOSGeometry *g = adcov_layer_geom(b, i);
        if (adcov_vis_simple_footprint(ctx, g) || GEOSisValid_r(h, g) == 1)
            continue;
        char *why = GEOSisValidReason_r(h, g);
        r->repair_reason[i] = adcov_strdup(why ? why : "invalid");
        GEOSFree_r(h, why);
        GEOSGeometry *fixed = GEOSMakeValid_r(h, g);
        r->repaired[i] = fixed ? polygonal_part(h, fixed) : NULL;
        if (!r->repair_reason[i])
            return adcov_fail(ctx, ADCOV_ENOMEM, "buildings: out of memory");
        r->res->repaired_buildings++;
    }
    return ADCOV_OK;
}

/* The footprints (repaired where invalid) copied into the sight index, with ctx, the buildings' reading
 * context: by their reading thread, beside the other layers. */
static adcov_status make_vis(run *r, adcov_ctx *ctx)
{
    adcov_layer *b = r->layers[ADCOV_ROLE_BUILDINGS];
    size_t n = adcov_layer_count(b);
    adcov_status st = repair_buildings(r, ctx, b);
    const GEOSGeometry **geoms = st ? NULL : adcov_calloc(n ? n : 1, sizeof *geoms);
    if (!geoms)
        return st ? st : adcov_fail(ctx, ADCOV_ENOMEM, "buildings: out of memory");
    for (size_t i = 0; i < n; i++)
        geoms[i] = r->repair_reason[i] ? r->repaired[i] : adcov_layer_geom(b, i);
    st = adcov_vis_new(ctx, geoms, n, &r->vis);
    free(geoms);
    r->res->nbuildings = n;
    return st;
}

/* The sight parameters, and the buildings' sight index once their thread is done (its failure, if any,
 * told here: where one step at a time would meet it). */
static adcov_status vis_ready(run *r)
{
    r->vp.half_angle_deg = adcov_rulebook_param(r->rb, "facing_half_angle", r->phase);
    r->vp.los_tol_m = adcov_rulebook_param(r->rb, "los_tolerance_m", r->phase);
    r->res->has_buildings = r->layers[ADCOV_ROLE_BUILDINGS] != NULL;
    return r->vis_st ? adcov_ctx_take_failure(r->ctx, r->vis_st, r->read_ctx) : ADCOV_OK;
}

/* The buildings, the biggest layer, are read by a thread of their own (own context, own copy of the
 * analysis CRS, own GDAL dataset) while this one reads the rest; the same thread then builds their
 * sight index. */
static void *read_thread(void *arg)
{
    run *r = arg;
    adcov_ctx_push_gdal(r->read_ctx); /* GDAL's handler is per thread: this one's messages reach the log */
    r->read_st = adcov_layer_read(r->read_ctx, r->layers[ADCOV_ROLE_BUILDINGS], r->read_crs,
                                  adcov_role_geometries(ADCOV_ROLE_BUILDINGS));
    if (!r->read_st)
        r->vis_st = make_vis(r, r->read_ctx);
    adcov_ctx_pop_gdal(r->read_ctx);
    return NULL;
}

static adcov_status read_start(run *r)
{
    if (!r->layers[ADCOV_ROLE_BUILDINGS])
        return ADCOV_OK;
    if (!(r->read_ctx = adcov_ctx_new_for_thread(r->ctx)) || !(r->read_crs = OSRClone(r->res->crs)))
        return adcov_fail(r->ctx, ADCOV_ENOMEM, "out of memory");
    if (r->progress)
        r->progress(r->user, adcov_role_name(ADCOV_ROLE_BUILDINGS), 0, 0);
    r->read_started = !pthread_create(&r->read_thread, NULL, read_thread, r);
    if (!r->read_started)
        read_thread(r);
    return ADCOV_OK;
}

/* Waits for the buildings. Their failure becomes the run's unless the run failed before, one step at
 * a time, it would have read them (before: the status after the roles ahead of the buildings). */
static adcov_status read_finish(run *r, adcov_status before, adcov_status st)
{
    if (r->read_started)
        pthread_join(r->read_thread, NULL);
    r->read_started = 0;
    if (r->read_crs)
        OSRRelease(r->read_crs);
    r->read_crs = NULL;
    if (!r->read_st || before)
        return st;
    return adcov_ctx_take_failure(r->ctx, r->read_st, r->read_ctx);
}

/* ---- ads ---- */

static adcov_status number_field(run *r, size_t i, size_t slot, double *out, int *present)
{
    adcov_layer *l = r->layers[ADCOV_ROLE_ADS];
    const char *s = adcov_layer_value(l, i, slot);
    int got = adcov_parse_number(s, out);
    *present = got == 1;
    if (got < 0)
        return adcov_fail(r->ctx, ADCOV_EINPUT, "%s:%lld:%s: '%s' is not a number", adcov_layer_where(l, i),
                          adcov_layer_fid(l, i), adcov_layer_field_name(l, i, slot), s);
    return ADCOV_OK;
}

static double view_distance(run *r, const adcov_ad *a, double view, int has_view, double w, double h)
{
    if (has_view && view > 0)
        return view;
    if (w > 0 && h > 0) {
        double angle = adcov_rulebook_param(r->rb, "min_visual_angle", r->phase) * M_PI / 180;
        double d = fmax(w, h) / (2 * tan(angle / 2));
        return fmin(d, adcov_rulebook_param(r->rb, "max_view_m", r->phase));
    }
    char name[64];
    snprintf(name, sizeof name, "view_m.%s", adcov_vocab_word(ADCOV_VOCAB_MEDIUM, a->medium >= 0 ? a->medium : 0));
    return adcov_rulebook_param(r->rb, name, r->phase);
}

static adcov_status ad_geometry(run *r, size_t i, adcov_ad *a)
{
    adcov_layer *l = r->layers[ADCOV_ROLE_ADS];
    double view = 0, w = 0, h = 0, facing = 0, sides = 1;
    int has_view, has_w, has_h, has_facing, has_sides;
    adcov_status st;
    if ((st = number_field(r, i, ADCOV_AD_VIEW, &view, &has_view)) ||
        (st = number_field(r, i, ADCOV_AD_WIDTH, &w, &has_w)) || (st = number_field(r, i, ADCOV_AD_HEIGHT, &h, &has_h)) ||
        (st = number_field(r, i, ADCOV_AD_FACING, &facing, &has_facing)) ||
        (st = number_field(r, i, ADCOV_AD_SIDES, &sides, &has_sides)))
        return st;
    if (has_sides && sides != 1 && sides != 2)
        return adcov_fail(r->ctx, ADCOV_EINPUT, "%s:%lld:%s: sides must be 1 or 2, not %g", a->where,
                          a->fid, adcov_layer_field_name(l, i, ADCOV_AD_SIDES), sides);
    if ((has_view && view < 0) || (has_w && w < 0) || (has_h && h < 0))
        return adcov_fail(r->ctx, ADCOV_EINPUT, "%s:%lld:%s: a size or view distance cannot be negative",
                          a->where, a->fid,
                          adcov_layer_field_name(l, i, has_view && view < 0 ? ADCOV_AD_VIEW : has_w && w < 0 ? ADCOV_AD_WIDTH : ADCOV_AD_HEIGHT));
    GEOSContextHandle_t gh = adcov_ctx_geos(r->ctx);
    const GEOSGeometry *g = adcov_layer_geom(l, i);
    if (GEOSGeomTypeId_r(gh, g) != GEOS_POINT)
        return adcov_fail(r->ctx, ADCOV_EINPUT, "%s:%lld:geometry: an ad must be a single point", a->where, a->fid);
    GEOSGeomGetX_r(gh, g, &a->x);
    GEOSGeomGetY_r(gh, g, &a->y);
    a->sight = (adcov_sight){.x = a->x, .y = a->y, .view_m = view_distance(r, a, view, has_view, w, h),
                             .has_facing = has_facing, .facing_deg = fmod(facing, 360.0), .sides = (int)sides};
    if (a->sight.view_m > r->max_view)
        r->max_view = a->sight.view_m;
    return ADCOV_OK;
}

/* Vocabulary values; counts features per unknown value for the error message. */
typedef struct {
    const char *field;
    const char *value;
    size_t count;
    long long first_fid;
} unknown;

static adcov_status check_vocab(run *r, size_t slot, adcov_vocab_type type, const char *noun, int *codes)
{
    adcov_layer *l = r->layers[ADCOV_ROLE_ADS];
    unknown first = {0};
    size_t first_i = 0;
    for (size_t i = 0; i < adcov_layer_count(l); i++) {
        const char *val = adcov_layer_value(l, i, slot);
        const adcov_input *in = adcov_config_source(r->cfg, ADCOV_ROLE_ADS, adcov_layer_source(l, i));
        codes[i] = adcov_vocab_lookup(in->vocab[type], val);
        if (codes[i] >= 0)
            continue;
        if (!first.count) {
            first = (unknown){adcov_layer_field_name(l, i, slot), val, 0, adcov_layer_fid(l, i)};
            first_i = i;
        }
        if (!strcmp(val, first.value))
            first.count++;
    }
    if (first.count && !r->lenient)
        return adcov_fail(r->ctx, ADCOV_EINPUT,
                          "%s:%lld:%s: value '%s' is not a known %s (%zu feature%s; add a synonym in the config or run with --lenient)",
                          adcov_layer_where(l, first_i), first.first_fid, first.field, first.value, noun, first.count,
                          first.count == 1 ? " carries it" : "s carry it");
    return ADCOV_OK;
}

static adcov_status read_ads(run *r)
{
    adcov_layer *l = r->layers[ADCOV_ROLE_ADS];
    size_t n = adcov_layer_count(l);
    adcov_result *res = r->res;
    res->ads = adcov_calloc(n, sizeof *res->ads);
    int *codes = adcov_malloc((n ? n : 1) * 3 * sizeof *codes);
    adcov_status st = (res->ads && codes) ? ADCOV_OK : adcov_fail(r->ctx, ADCOV_ENOMEM, "ads: out of memory");
    if (!st && !(st = check_vocab(r, ADCOV_AD_KIND, ADCOV_VOCAB_KIND, "kind", codes)) &&
        !(st = check_vocab(r, ADCOV_AD_MEDIUM, ADCOV_VOCAB_MEDIUM, "medium", codes + n)))
        st = check_vocab(r, ADCOV_AD_CONDITION, ADCOV_VOCAB_CONDITION, "condition", codes + 2 * n);
    for (size_t i = 0; !st && i < n; i++) {
        adcov_ad *a = &res->ads[res->nads++];
        a->fid_index = i;
        a->fid = adcov_layer_fid(l, i);
        a->source = adcov_layer_source(l, i);
        a->where = r->res->sources[r->source_base[ADCOV_ROLE_ADS] + adcov_layer_source(r->layers[ADCOV_ROLE_ADS], i)];
        const char *id = adcov_layer_value(l, i, ADCOV_AD_ID);
        a->id = *id ? adcov_strdup(id) : adcov_sprintf("%lld", a->fid);
        a->kind = codes[i];
        a->medium = codes[n + i];
        a->condition = codes[2 * n + i];
        a->theme = adcov_strdup(adcov_layer_value(l, i, ADCOV_AD_THEME));
        a->duty = adcov_strdup(adcov_layer_value(l, i, ADCOV_AD_DUTY));
        a->theme_norm = adcov_normalize(adcov_layer_value(l, i, ADCOV_AD_THEME));
        if (!a->id || !a->theme || !a->theme_norm || !a->duty)
            st = adcov_fail(r->ctx, ADCOV_ENOMEM, "ads: out of memory");
        else if (a->kind < 0 || a->medium < 0 || a->condition < 0) {
            size_t slot = a->kind < 0 ? ADCOV_AD_KIND : a->medium < 0 ? ADCOV_AD_MEDIUM : ADCOV_AD_CONDITION;
            a->bad = adcov_sprintf("'%s' (%s)", adcov_layer_value(l, i, slot), adcov_layer_field_name(l, i, slot));
            res->unknown_values++;
            if (!a->bad)
                st = adcov_fail(r->ctx, ADCOV_ENOMEM, "ads: out of memory");
        }
        if (!st)
            st = ad_geometry(r, i, a);
    }
    free(codes);
    return st;
}

static int by_id_then_fid(const void *a, const void *b)
{
    const adcov_ad *x = *(const adcov_ad *const *)a, *y = *(const adcov_ad *const *)b;
    int c = x->source < y->source ? -1 : x->source > y->source;
    if (!c)
        c = strcmp(x->id, y->id);
    return c ? c : (x->fid < y->fid ? -1 : x->fid > y->fid);
}

/* Two ads of one source with one id would make the walk order and every output ambiguous: bad input.
 * Two sources may share ids (two departments both number from 1). */
static adcov_status check_ids(run *r)
{
    adcov_layer *l = r->layers[ADCOV_ROLE_ADS];
    size_t n = r->res->nads;
    if (n < 2)
        return ADCOV_OK;
    const adcov_ad **by_id = adcov_malloc(n * sizeof *by_id);
    if (!by_id)
        return adcov_fail(r->ctx, ADCOV_ENOMEM, "ads: out of memory");
    for (size_t i = 0; i < n; i++)
        by_id[i] = &r->res->ads[i];
    qsort(by_id, n, sizeof *by_id, by_id_then_fid);
    adcov_status st = ADCOV_OK;
    for (size_t i = 1; i < n && !st; i++)
        if (by_id[i]->source == by_id[i - 1]->source && !strcmp(by_id[i]->id, by_id[i - 1]->id))
            st = adcov_fail(r->ctx, ADCOV_EINPUT, "%s:%lld:%s: id '%s' is also the id of feature %lld",
                            adcov_layer_where(l, by_id[i]->fid_index), by_id[i]->fid,
                            adcov_layer_field_name(l, by_id[i]->fid_index, ADCOV_AD_ID), by_id[i]->id, by_id[i - 1]->fid);
    free(by_id);
    return st;
}

/* Extent of every feature of a layer, grown into *box (xmin, ymin, xmax, ymax). */
static void grow_extent(GEOSContextHandle_t h, const adcov_layer *l, double box[4])
{
    for (size_t i = 0; l && i < adcov_layer_count(l); i++) {
        double v;
        const GEOSGeometry *g = adcov_layer_geom(l, i);
        if (GEOSGeom_getXMin_r(h, g, &v)) box[0] = fmin(box[0], v);
        if (GEOSGeom_getYMin_r(h, g, &v)) box[1] = fmin(box[1], v);
        if (GEOSGeom_getXMax_r(h, g, &v)) box[2] = fmax(box[2], v);
        if (GEOSGeom_getYMax_r(h, g, &v)) box[3] = fmax(box[3], v);
    }
}

/* An ad far outside everything else (SPEC §3: more than outlier_m beyond the other layers' extent) is
 * a typo, swapped coordinates or a wrong CRS, never a real ad. */
static adcov_status check_outliers(run *r)
{
    double box[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY}, limit = adcov_rulebook_param(r->rb, "outlier_m", r->phase);
    GEOSContextHandle_t h = adcov_ctx_geos(r->ctx);
    for (int role = 0; role < ADCOV_ROLE_COUNT; role++)
        if (role != ADCOV_ROLE_ADS && role != ADCOV_ROLE_DISTRICTS) /* not among §3's layers */
            grow_extent(h, r->layers[role], box);
    if (!(box[0] <= box[2]))
        return ADCOV_OK; /* no other layer to compare with */
    for (size_t i = 0; i < r->res->nads; i++) {
        const adcov_ad *a = &r->res->ads[i];
        double dx = fmax(0, fmax(box[0] - a->x, a->x - box[2])), dy = fmax(0, fmax(box[1] - a->y, a->y - box[3]));
        if (hypot(dx, dy) > limit)
            return adcov_fail(r->ctx, ADCOV_EINPUT, "%s:%lld:geometry: the ad lies %.1f km outside the other layers "
                              "(a typo, swapped coordinates or a wrong CRS?)", a->where,
                              a->fid, hypot(dx, dy) / 1000);
    }
    return ADCOV_OK;
}

static adcov_status index_ads(run *r)
{
    double *xy = adcov_malloc((r->res->nads ? r->res->nads : 1) * 4 * sizeof *xy);
    for (size_t i = 0; xy && i < r->res->nads; i++)
        memcpy(xy + 4 * i, (double[4]){r->res->ads[i].x, r->res->ads[i].y, r->res->ads[i].x, r->res->ads[i].y},
               4 * sizeof *xy);
    r->ad_index = xy ? adcov_boxes_new(xy, r->res->nads) : NULL;
    free(xy);
    return r->ad_index ? ADCOV_OK : adcov_fail(r->ctx, ADCOV_ENOMEM, "ads: out of memory");
}

/* ---- streets ---- */

typedef struct {
    char *key;   /* grouping key */
    size_t feature;
    int klass;   /* -1: not mapped */
} road_key;

static int by_key(const void *a, const void *b)
{
    const road_key *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->feature < y->feature ? -1 : x->feature > y->feature);
}

/* Streets are the features with the same road_id and class, else the same name and class (compared
 * as vocabulary values are: trimmed, full-width folded); a feature with neither is no street (key ""). */
static char *group_key(adcov_layer *l, size_t i, int klass)
{
    char *rid = adcov_normalize(adcov_layer_value(l, i, ADCOV_ROAD_ID));
    char *name = adcov_normalize(adcov_layer_value(l, i, ADCOV_ROAD_NAME));
    char *key = NULL;
    if (rid && name)
        key = *rid ? adcov_sprintf("i:%s|%d", rid, klass) : *name ? adcov_sprintf("n:%s|%d", name, klass) : adcov_strdup("");
    free(rid);
    free(name);
    return key;
}

static char *street_label(adcov_layer *l, size_t i)
{
    const char *name = adcov_layer_value(l, i, ADCOV_ROAD_NAME);
    return adcov_strdup(*name ? name : adcov_layer_value(l, i, ADCOV_ROAD_ID));
}

static char *join_duties(adcov_layer *l, const adcov_stretch *s)
{
    char *out = adcov_strdup("");
    for (size_t k = 0; out && k < s->nfeatures; k++) {
        const char *d = adcov_layer_value(l, s->features[k], ADCOV_ROAD_DUTY);
        if (!*d || strstr(out, d))
            continue;
        char *next = adcov_sprintf("%s%s%s", out, *out ? "、" : "", d);
        free(out);
        out = next;
    }
    return out;
}

static adcov_status describe_stretches(run *r, const road_key *keys, const size_t *group_of_feature)
{
    adcov_layer *l = r->layers[ADCOV_ROLE_ROADS];
    adcov_result *res = r->res;
    double min_len = adcov_rulebook_param(r->rb, "min_stretch_m", r->phase);
    size_t k = 0;
    /* the walked lines are numbered along their street; another carriageway takes its walked line's id */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < res->nstretches; i++) {
            adcov_stretch_info *si = &res->stretches[i];
            size_t f0 = si->s.features[0];
            if (i == 0 || res->stretches[i - 1].s.street != si->s.street)
                k = 0;
            if ((si->s.dual_of != ADCOV_WALKED) != pass)
                continue;
            k++;
            si->klass = keys[group_of_feature[f0]].klass;
            si->street = street_label(l, f0);
            const char *rid = adcov_layer_value(l, f0, ADCOV_ROAD_ID);
            si->id = pass ? adcov_strdup(res->stretches[si->s.dual_of].id)
                          : adcov_sprintf("%s%s%s%s[%s]#%zu", si->street, *rid ? "{" : "", rid, *rid ? "}" : "",
                                          adcov_vocab_word(ADCOV_VOCAB_CLASS, si->klass), k);
            si->duty = join_duties(l, &si->s);
            si->skipped = !pass && adcov_polyline_length(&si->s.line) < min_len;
            si->dual = pass;
            if (!si->street || !si->id || !si->duty)
                return adcov_fail(r->ctx, ADCOV_ENOMEM, "streets: out of memory");
        }
    return ADCOV_OK;
}

static adcov_status build_streets(run *r)
{
    adcov_layer *l = r->layers[ADCOV_ROLE_ROADS];
    size_t n = adcov_layer_count(l), nroads = 0, group = 0;
    road_key *keys = adcov_calloc(n, sizeof *keys);
    adcov_road *roads = adcov_calloc(n, sizeof *roads);
    size_t *group_of = adcov_calloc(n, sizeof *group_of);
    adcov_stretch *st_out = NULL;
    size_t nst = 0;
    adcov_status st = keys && roads && group_of ? ADCOV_OK : adcov_fail(r->ctx, ADCOV_ENOMEM, "roads: out of memory");
    for (size_t i = 0; !st && i < n; i++) {
        keys[i].feature = i;
        keys[i].klass = adcov_road_class(r->cfg, l, i);
        keys[i].key = group_key(l, i, keys[i].klass);
        if (!keys[i].key)
            st = adcov_fail(r->ctx, ADCOV_ENOMEM, "roads: out of memory");
    }
    if (!st)
        qsort(keys, n, sizeof *keys, by_key);
    for (size_t i = 0; !st && i < n; i++) {
        if (i > 0 && strcmp(keys[i].key, keys[i - 1].key))
            group++;
        group_of[keys[i].feature] = i; /* index into keys, for the class */
        if (keys[i].klass < 0 || !*keys[i].key || !adcov_rules_check_class(r->rb, keys[i].klass))
            continue;
        roads[nroads++] = (adcov_road){adcov_layer_geom(l, keys[i].feature), group, keys[i].feature};
    }
    adcov_walk walk = {adcov_rulebook_param(r->rb, "join_m", r->phase), adcov_rulebook_param(r->rb, "dual_m", r->phase)};
    if (!st)
        st = adcov_streets_build(r->ctx, roads, nroads, &walk, &st_out, &nst);
    if (!st) {
        r->res->stretches = adcov_calloc(nst ? nst : 1, sizeof *r->res->stretches);
        if (!r->res->stretches)
            st = adcov_fail(r->ctx, ADCOV_ENOMEM, "streets: out of memory");
        for (size_t i = 0; !st && i < nst; i++)
            r->res->stretches[i].s = st_out[i];
        if (!st) {
            r->res->nstretches = nst;
            free(st_out);
        } else {
            adcov_stretches_free(st_out, nst);
        }
    }
    if (!st)
        st = describe_stretches(r, keys, group_of);
    for (size_t i = 0; keys && i < n; i++)
        free(keys[i].key);
    free(keys);
    free(roads);
    free(group_of);
    return st;
}

/* The ads' index and the streets, done while the buildings are still being read; a failure is kept and
 * told in its turn (early_told), after the checks that one step at a time would make first. */
static void early_steps(run *r)
{
    r->index_st = index_ads(r);
    if (!r->index_st && r->layers[ADCOV_ROLE_ROADS])
        r->streets_st = build_streets(r);
    if (r->index_st || r->streets_st)
        snprintf(r->early_msg, sizeof r->early_msg, "%s", adcov_ctx_message(r->ctx));
}

static adcov_status early_told(run *r, adcov_status st)
{
    adcov_ctx_clear(r->ctx);
    return adcov_fail(r->ctx, st, "%s", r->early_msg);
}

/* Every input layer and the ads' values: the buildings are read beside the rest. */
static adcov_status read_inputs(run *r)
{
    adcov_status st = read_start(r);
    if (st)
        return st;
    st = read_roles(r, 0, ADCOV_ROLE_BUILDINGS);
    adcov_status before = st;
    if (!st)
        st = read_roles(r, ADCOV_ROLE_BUILDINGS + 1, ADCOV_ROLE_COUNT);
    if (!st)
        st = read_ads(r);
    if (!st)
        st = check_ids(r);
    for (int role = 0; !st && role < ADCOV_ROLE_COUNT; role++) /* which feature has which photo (§14) */
        st = adcov_photos_collect(r->ctx, r->cfg, (adcov_role)role, r->layers[role], r->source_base[role], r->res);
    if (!st) /* while the buildings' thread works: what needs neither them nor the checks between */
        early_steps(r);
    return read_finish(r, before, st);
}

/* ---- rules on stretches ---- */

/* An ad near a stretch, and the segments [seg0, seg1) within its reach. */
typedef struct {
    adcov_ad *ad;
    size_t seg0, seg1;
} near_ad;

typedef struct {
    near_ad *items;
    size_t n, cap;
    int failed;
    adcov_ad *ads;           /* res->ads, what the index's ids point into */
    size_t seg;              /* segment being queried */
    double sx0, sy0, sx1, sy1; /* its bounding box */
} ad_list;

static void collect_ad(size_t id, void *user)
{
    ad_list *c = user;
    adcov_ad *a = &c->ads[id];
    double dx = fmax(0, fmax(c->sx0 - a->x, a->x - c->sx1)), dy = fmax(0, fmax(c->sy0 - a->y, a->y - c->sy1));
    if (dx * dx + dy * dy > a->sight.view_m * a->sight.view_m)
        return; /* the segment is beyond this ad's view */
    if (adcov_grow((void **)&c->items, &c->cap, c->n + 1, sizeof *c->items)) {
        c->failed = 1;
        return;
    }
    c->items[c->n++] = (near_ad){a, c->seg, c->seg + 1};
}

static int by_ad_then_segment(const void *a, const void *b)
{
    const near_ad *x = a, *y = b;
    if (x->ad->fid_index != y->ad->fid_index)
        return x->ad->fid_index < y->ad->fid_index ? -1 : 1;
    return x->seg0 < y->seg0 ? -1 : x->seg0 > y->seg0;
}

/* The ads that can see some segment of p, each with the range of segments it can see, in feature
 * order (deterministic). One index query per segment keeps long streets linear in their length. */
static adcov_status near_ads(run *r, adcov_ctx *ctx, const adcov_polyline *p, ad_list *out)
{
    double m = r->max_view;
    out->n = 0;
    out->ads = r->res->ads;
    for (size_t i = 0; i + 1 < p->n; i++) {
        out->seg = i;
        out->sx0 = fmin(p->x[i], p->x[i + 1]);
        out->sx1 = fmax(p->x[i], p->x[i + 1]);
        out->sy0 = fmin(p->y[i], p->y[i + 1]);
        out->sy1 = fmax(p->y[i], p->y[i + 1]);
        adcov_boxes_query(r->ad_index, out->sx0 - m, out->sy0 - m, out->sx1 + m, out->sy1 + m, collect_ad, out);
        if (out->failed)
            return adcov_fail(ctx, ADCOV_ENOMEM, "ads: out of memory");
    }
    if (out->n)
        qsort(out->items, out->n, sizeof *out->items, by_ad_then_segment);
    size_t k = 0;
    for (size_t i = 0; i < out->n; i++) {
        if (k && out->items[k - 1].ad == out->items[i].ad)
            out->items[k - 1].seg1 = out->items[i].seg1;
        else
            out->items[k++] = out->items[i];
    }
    out->n = k;
    return ADCOV_OK;
}

/* What the ads near a stretch see of it. */
typedef struct stretch_sight {
    ad_list near;
    adcov_spans *spans; /* per near ad */
} stretch_sight;

static void sight_free(stretch_sight *s)
{
    for (size_t i = 0; s->spans && i < s->near.n; i++)
        free(s->spans[i].items);
    free(s->spans);
    free(s->near.items);
    *s = (stretch_sight){0};
}

typedef struct {
    adcov_seen *seen;
    size_t *ad;                  /* per seen: its index in res->ads */
    size_t cap;
} stretch_scratch;

/* The 处 of a passing stretch, in walk order (SPEC §4): for each quota, and each ad once (the evidence
 * pack shows their photos). */
static adcov_status record_counted(run *r, const adcov_window_spec *spec, stretch_scratch *sc, size_t nseen,
                                   adcov_street_result *out)
{
    if (!nseen)
        return ADCOV_OK;
    size_t *idx = adcov_malloc(nseen * sizeof *idx);
    long k = idx ? adcov_walk_counted(spec, sc->seen, nseen, idx) : -1;
    out->counted = k >= 0 ? adcov_malloc((size_t)(k ? k : 1) * sizeof *out->counted) : NULL;
    for (long i = 0; out->counted && i < k; i++)
        out->counted[out->ncounted++] = sc->ad[idx[i]];
    free(idx);
    return out->counted ? ADCOV_OK : adcov_fail(r->ctx, ADCOV_ENOMEM, "rules: out of memory");
}

/* The medium a suggested poster for quota q has: a poster when the quota takes posters, else the first
 * medium it takes. */
static int poster_medium(const adcov_quota *q)
{
    if (q->media & (1u << ADCOV_MEDIUM_POSTER))
        return ADCOV_MEDIUM_POSTER;
    for (int m = 0; m < ADCOV_MEDIUM_COUNT; m++)
        if (q->media & (1u << m))
            return m;
    return ADCOV_MEDIUM_POSTER;
}

typedef struct {
    run *r;
    double x, y, sep;
    int hit;
    size_t *ids;
    size_t n, cap;
    int failed;
} near_posters;

static void poster_near(size_t id, void *user)
{
    near_posters *np = user;
    const adcov_suggestion *p = &np->r->posters[id];
    if (hypot(p->x - np->x, p->y - np->y) < np->sep)
        np->hit = 1;
    if (adcov_grow((void **)&np->ids, &np->cap, np->n + 1, sizeof *np->ids))
        np->failed = 1;
    else
        np->ids[np->n++] = id;
}

static void psa_near(size_t id, void *user)
{
    near_posters *np = user;
    const adcov_ad *a = &np->r->res->ads[id];
    if (!a->bad && a->kind == ADCOV_KIND_PSA && hypot(a->x - np->x, a->y - np->y) < np->sep)
        np->hit = 1;
}

/* A suggested poster keeps the separation from every PSA and every poster suggested before, seen from its
 * stretch or not: where another street counts that one, the two would be one 处. */
static int crowded(void *user, double x, double y)
{
    run *r = user;
    near_posters np = {.r = r, .x = x, .y = y, .sep = r->crowd_sep + 0.01};
    adcov_grid_query(r->poster_grid, x - np.sep, y - np.sep, x + np.sep, y + np.sep, poster_near, &np);
    free(np.ids);
    if (!np.hit)
        adcov_boxes_query(r->ad_index, x - np.sep, y - np.sep, x + np.sep, y + np.sep, psa_near, &np);
    return np.hit || np.failed;
}

/* The ads seen from the stretch, then the posters suggested for other stretches that it sees (in the
 * city they will stand there too, and count). Spans of those posters are kept in extra. */
static adcov_status with_earlier_posters(run *r, const adcov_rule *rule, const adcov_polyline *line, adcov_seen **seen,
                                         size_t *nseen, adcov_spans **extra, size_t *nextra)
{
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY, m = r->max_view;
    for (size_t i = 0; i < line->n; i++)
        x0 = fmin(x0, line->x[i]), y0 = fmin(y0, line->y[i]), x1 = fmax(x1, line->x[i]), y1 = fmax(y1, line->y[i]);
    near_posters np = {.r = r, .sep = 0};
    adcov_grid_query(r->poster_grid, x0 - m, y0 - m, x1 + m, y1 + m, poster_near, &np);
    *extra = np.n ? adcov_calloc(np.n, sizeof **extra) : NULL;
    adcov_seen *grown = np.n ? adcov_realloc(*seen, (*nseen + np.n) * sizeof *grown) : *seen;
    if (np.failed || (np.n && (!*extra || !grown))) {
        free(np.ids);
        return adcov_fail(r->ctx, ADCOV_ENOMEM, "suggestions: out of memory");
    }
    *seen = grown;
    adcov_status st = ADCOV_OK;
    for (size_t k = 0; !st && k < np.n; k++) {
        const adcov_suggestion *p = &r->posters[np.ids[k]];
        adcov_ad a = {.kind = ADCOV_KIND_PSA, .condition = ADCOV_COND_GOOD, .medium = p->medium,
                      .theme_norm = (char *)r->poster_theme[np.ids[k]]};
        int medium_ok;
        unsigned bits = adcov_ad_quota_bits(rule, &a, &medium_ok);
        adcov_sight sight = {.x = p->x, .y = p->y, .view_m = view_distance(r, &a, 0, 0, 0, 0), .has_facing = 1,
                             .facing_deg = p->facing_deg, .sides = 1};
        if (bits && !(st = adcov_vis_spans(r->ctx, r->vis, &r->vp, &sight, line, &(*extra)[*nextra])) &&
            (*extra)[*nextra].n) {
            (*seen)[(*nseen)++] = (adcov_seen){(*extra)[*nextra].items, (*extra)[*nextra].n, p->x, p->y, "~", bits};
            (*nextra)++;
        }
    }
    if (*nextra < np.n) /* the last span buffer, tried and unused */
        free((*extra)[*nextra].items);
    free(np.ids);
    return st;
}

static adcov_status keep_posters(run *r, const adcov_rule *rule, const adcov_street_result *out)
{
    for (size_t k = 0; k < out->nsuggestions; k++) {
        const adcov_suggestion *p = &out->suggestions[k];
        const adcov_quota *q = &rule->quotas[p->quota];
        size_t cap = r->capposters;
        if (adcov_grow((void **)&r->posters, &r->capposters, r->nposters + 1, sizeof *r->posters))
            return adcov_fail(r->ctx, ADCOV_ENOMEM, "suggestions: out of memory");
        const char **themes = cap == r->capposters ? r->poster_theme
                                                   : adcov_realloc(r->poster_theme, r->capposters * sizeof *themes);
        if (themes)
            r->poster_theme = themes;
        if (!themes || adcov_grid_add(r->poster_grid, p->x, p->y, r->nposters))
            return adcov_fail(r->ctx, ADCOV_ENOMEM, "suggestions: out of memory");
        r->posters[r->nposters] = *p;
        r->poster_theme[r->nposters++] = q->nthemes ? q->themes[0] : "";
    }
    return ADCOV_OK;
}

static adcov_status suggest(run *r, const adcov_rule *rule, const adcov_window_spec *spec, const adcov_polyline *line,
                            const adcov_seen *seen, size_t nseen, adcov_street_result *out)
{
    if (!r->poster_grid && !(r->poster_grid = adcov_grid_new(64)))
        return adcov_fail(r->ctx, ADCOV_ENOMEM, "suggestions: out of memory");
    adcov_seen *all = adcov_malloc((nseen ? nseen : 1) * sizeof *all);
    if (!all)
        return adcov_fail(r->ctx, ADCOV_ENOMEM, "suggestions: out of memory");
    if (nseen)
        memcpy(all, seen, nseen * sizeof *all);
    adcov_spans *extra = NULL;
    size_t nall = nseen, nextra = 0;
    adcov_status st = with_earlier_posters(r, rule, line, &all, &nall, &extra, &nextra);
    r->crowd_sep = spec->separation;
    adcov_suggest_input in = {.spec = spec, .rule = rule, .seen = all, .nseen = nall, .line = line, .vis = r->vis,
                              .vp = &r->vp, .offset_m = adcov_rulebook_param(r->rb, "suggest_offset_m", r->phase),
                              .crowded = crowded, .user = r};
    for (size_t q = 0; q < spec->nquotas; q++) {
        adcov_ad a = {.medium = poster_medium(&rule->quotas[q])};
        in.medium[q] = a.medium;
        in.view_m[q] = view_distance(r, &a, 0, 0, 0, 0);
    }
    if (!st)
        st = adcov_suggest(r->ctx, &in, &out->suggestions, &out->nsuggestions, &out->suggestions_unresolved);
    if (!st)
        st = keep_posters(r, rule, out);
    for (size_t i = 0; i < nextra; i++)
        free(extra[i].items);
    free(extra);
    free(all);
    return st;
}

static adcov_status check_rule_on(run *r, size_t rule_i, size_t stretch_i, const stretch_sight *sight,
                                  stretch_scratch *sc)
{
    const adcov_rule *rule = &r->rb->rules[rule_i];
    const adcov_stretch_info *si = &r->res->stretches[stretch_i];
    adcov_window_spec spec = {.length = adcov_polyline_length(&si->s.line),
                              .window = adcov_rule_param(rule, "window_m", r->phase),
                              .fixed = rule->fixed_windows,
                              .separation = adcov_rule_separation(r->rb, rule, r->phase),
                              .nquotas = rule->nquotas < ADCOV_MAX_QUOTAS ? rule->nquotas : ADCOV_MAX_QUOTAS};
    for (size_t q = 0; q < spec.nquotas; q++)
        spec.need[q] = rule->quotas[q].count[r->phase];
    size_t nseen = 0;
    for (size_t i = 0; i < sight->near.n; i++) {
        const adcov_spans *sp = &sight->spans[i];
        if (sp->n == 0)
            continue;
        adcov_ad *a = sight->near.items[i].ad;
        a->visible_rules |= 1u << rule_i;
        int medium_ok;
        unsigned bits = adcov_ad_quota_bits(rule, a, &medium_ok);
        a->medium_counts |= medium_ok;
        if (!bits)
            continue;
        a->counted_rules |= 1u << rule_i;
        sc->ad[nseen] = (size_t)(a - r->res->ads);
        sc->seen[nseen++] = (adcov_seen){sp->items, sp->n, a->x, a->y, a->id, bits};
    }
    adcov_result *res = r->res;
    if (adcov_grow((void **)&res->results, &res->capresults, res->nresults + 1, sizeof *res->results))
        return adcov_fail(r->ctx, ADCOV_ENOMEM, "rules: out of memory");
    adcov_street_result *out = &res->results[res->nresults++];
    memset(out, 0, sizeof *out);
    out->rule = rule_i;
    out->stretch = stretch_i;
    out->ads_seen = nseen;
    if (adcov_windows_check(&spec, sc->seen, nseen, &out->windows))
        return adcov_fail(r->ctx, ADCOV_ENOMEM, "windows: out of memory");
    out->pass = out->windows.ngaps == 0;
    if (out->pass)
        return record_counted(r, &spec, sc, nseen, out);
    double t0 = adcov_now();
    adcov_status st = suggest(r, rule, &spec, &si->s.line, sc->seen, nseen, out);
    r->res->suggest_s += adcov_now() - t0;
    return st;
}

/* Sight lines of stretch i: the ads near it and what each sees of it. ctx: the calling thread's. */
static adcov_status stretch_sight_lines(run *r, adcov_ctx *ctx, size_t i)
{
    const adcov_polyline *line = &r->res->stretches[i].s.line;
    stretch_sight *s = &r->sight[i];
    adcov_status st = near_ads(r, ctx, line, &s->near);
    if (!st && s->near.n && !(s->spans = adcov_calloc(s->near.n, sizeof *s->spans)))
        st = adcov_fail(ctx, ADCOV_ENOMEM, "visibility: out of memory");
    for (size_t k = 0; !st && k < s->near.n; k++)
        st = adcov_vis_spans_on(ctx, r->vis, &r->vp, &s->near.items[k].ad->sight, line, s->near.items[k].seg0,
                                s->near.items[k].seg1, &s->spans[k]);
    return st;
}

/* Takes stretches one at a time until none is left or a thread failed. */
static adcov_status sight_worker(run *r, adcov_ctx *ctx)
{
    adcov_status st = ADCOV_OK;
    for (size_t i; !st && !atomic_load(&r->sight_failed) && (i = atomic_fetch_add(&r->next_sight, 1)) < r->res->nstretches;)
        if (adcov_stretch_walked(&r->res->stretches[i]))
            st = stretch_sight_lines(r, ctx, i);
    if (st)
        atomic_store(&r->sight_failed, 1);
    return st;
}

static void *sight_thread(void *arg)
{
    run *r = arg;
    adcov_ctx_push_gdal(r->second_ctx);
    r->sight_st = sight_worker(r, r->second_ctx);
    adcov_ctx_pop_gdal(r->second_ctx);
    return NULL;
}

/* The sight lines of every stretch, by this thread and a second one (each stretch's are computed
 * alone, from the ads and the buildings, which nothing changes meanwhile), before any rule. */
static adcov_status sight_lines(run *r)
{
    double t0 = adcov_now();
    size_t n = r->res->nstretches;
    if (!(r->second_ctx = adcov_ctx_new_for_thread(r->ctx)) || !(r->sight = adcov_calloc(n ? n : 1, sizeof *r->sight)))
        return adcov_fail(r->ctx, ADCOV_ENOMEM, "out of memory");
    pthread_t t;
    int started = !pthread_create(&t, NULL, sight_thread, r);
    adcov_status st = sight_worker(r, r->ctx); /* alone, when no thread could be started */
    if (started)
        pthread_join(t, NULL);
    if (!st && r->sight_st)
        st = adcov_ctx_take_failure(r->ctx, r->sight_st, r->second_ctx);
    adcov_ctx_clear(r->second_ctx);
    r->res->sightlines_s = adcov_now() - t0;
    return st;
}

static adcov_status check_stretch(run *r, size_t stretch_i, stretch_scratch *sc)
{
    adcov_stretch_info *si = &r->res->stretches[stretch_i];
    stretch_sight *sight = &r->sight[stretch_i];
    if (sight->near.n > sc->cap) {
        size_t n = sight->near.n;
        adcov_seen *se = adcov_realloc(sc->seen, n * sizeof *se);
        sc->seen = se ? se : sc->seen;
        size_t *ad = adcov_realloc(sc->ad, n * sizeof *ad);
        sc->ad = ad ? ad : sc->ad;
        if (!se || !ad)
            return adcov_fail(r->ctx, ADCOV_ENOMEM, "visibility: out of memory");
        sc->cap = n;
    }
    adcov_status st = ADCOV_OK;
    for (size_t k = 0; !st && k < r->rb->nrules; k++) {
        const adcov_rule *rule = &r->rb->rules[k];
        if (!(rule->selected && rule->places == ADCOV_PLACES_STRETCHES && (rule->classes & (1u << si->klass))))
            continue;
        double t0 = adcov_now();
        st = check_rule_on(r, k, stretch_i, sight, sc);
        if (k < 32)
            r->res->rule_s[k] += adcov_now() - t0;
    }
    sight_free(sight);
    return st;
}

static adcov_status check_streets(run *r)
{
    stretch_scratch sc = {0};
    adcov_status st = ADCOV_OK;
    size_t n = r->res->nstretches;
    for (size_t i = 0; !st && i < n; i++) {
        if (r->progress && (i % 64 == 0 || i + 1 == n))
            r->progress(r->user, "stretches", i + 1, n);
        if (adcov_stretch_walked(&r->res->stretches[i]))
            st = check_stretch(r, i, &sc);
    }
    free(sc.seen);
    free(sc.ad);
    return st;
}

/* The hoarding and carrier rules, on the zones' thread (they ask the zones), into their own rows. */
static adcov_status check_walls(run *r)
{
    adcov_walls_input in = {.rb = r->rb, .phase = r->phase, .cfg = r->cfg, .lenient = r->lenient,
                            .hoardings = r->layers[ADCOV_ROLE_HOARDINGS], .carriers = r->layers[ADCOV_ROLE_CARRIERS],
                            .zones = r->zones, .zones_ctx = r->second_ctx, .ads = r->layers[ADCOV_ROLE_ADS],
                            .ad_index = r->ad_index};
    return adcov_walls_check(r->second_ctx, &in, r->res, &r->wall_rows);
}

static adcov_status check_sites(run *r, adcov_ctx *ctx)
{
    adcov_sites_input in = {.rb = r->rb, .phase = r->phase, .cfg = r->cfg, .lenient = r->lenient,
                            .sites = r->layers[ADCOV_ROLE_SITES], .stops = r->layers[ADCOV_ROLE_BUS_STOPS],
                            .gates = r->layers[ADCOV_ROLE_GATES], .ad_index = r->ad_index, .vis = r->vis, .vp = r->vp,
                            .max_view = r->max_view};
    return adcov_sites_check(ctx, &in, r->res);
}

/* 1 for the one thread that gets to run the site rules. */
static int take_sites(run *r) { return r->sites_wanted && !atomic_exchange(&r->sites_taken, 1); }

enum { AREAS_READY = 1, AREAS_FAILED };

#define AD_CHUNK 4096

/* The last steps before the threads join, taken by both as each finishes its rules: the buildings'
 * footprints freed (no longer needed: the sight index has its own copy; by whichever thread comes first,
 * with their reading context, idle), then the ads' in_zone flags, a chunk at a time, from the zones'
 * copy for points (the rules beside read no ad's in_zone); no flags when the zones failed (the run fails
 * with their message). */
static void finish_share(run *r)
{
    if (!atomic_exchange(&r->drop_taken, 1))
        adcov_layer_drop_geoms(r->layers[ADCOV_ROLE_BUILDINGS]);
    if (adcov_latch_wait(&r->areas) != AREAS_READY)
        return;
    for (size_t from; (from = atomic_fetch_add(&r->next_ad, AD_CHUNK)) < r->res->nads;)
        adcov_zones_mark_ads(r->zone_areas, r->res, from, from + AD_CHUNK);
}

/* The inspection zones are worked out by a second thread with its own context while this one runs the
 * street rules, and then the hoarding and carrier rules, which ask the zones; the site rules by whichever
 * of the two threads is free first; the ads' in_zone flags by this one once the zones are copied for it
 * (none needs another: the zones only write res->zones, the site rules res->sites, the hoarding and
 * carrier rules their own rows, each their own bits of the ads' rule masks, atomically; none reads an
 * ad's in_zone). */
static void *zones_thread(void *arg)
{
    run *r = arg;
    double t0 = adcov_now();
    adcov_ctx_push_gdal(r->second_ctx);
    adcov_zones_input in = {.rb = r->rb, .phase = r->phase, .roads = r->layers[ADCOV_ROLE_ROADS],
                            .points = r->layers[ADCOV_ROLE_INSPECTION_POINTS], .drawn = r->layers[ADCOV_ROLE_ZONES]};
    r->zones_st = adcov_zones_build(r->second_ctx, &in, r->res, &r->zones);
    if (!r->zones_st)
        r->zones_st = adcov_zones_areas(r->second_ctx, r->zones, &r->zone_areas);
    adcov_latch_say(&r->areas, r->zones_st ? AREAS_FAILED : AREAS_READY);
    r->res->zones_s = adcov_now() - t0;
    if (!r->zones_st && r->sites_wanted)
        r->walls_st = check_walls(r);
    if (!r->zones_st && take_sites(r))
        r->sites_st = check_sites(r, r->second_ctx);
    finish_share(r);
    adcov_ctx_pop_gdal(r->second_ctx);
    return NULL;
}

static adcov_status zones_start(run *r)
{
    if (!r->second_ctx && !(r->second_ctx = adcov_ctx_new_for_thread(r->ctx)))
        return adcov_fail(r->ctx, ADCOV_ENOMEM, "out of memory");
    r->zones_started = !pthread_create(&r->zones_thread, NULL, zones_thread, r);
    if (!r->zones_started)
        zones_thread(r);
    return ADCOV_OK;
}

/* Waits for the zones, the site rules and the hoarding and carrier rules, whose rows then follow the site
 * rules'. The failure reported is the one a run of one step at a time would meet first: the zones', then
 * the street rules' (st), then the site rules' (in st when this thread ran them), then the hoarding and
 * carrier rules'. */
static adcov_status zones_finish(run *r, adcov_status st)
{
    if (r->zones_started)
        pthread_join(r->zones_thread, NULL);
    r->zones_started = 0;
    adcov_areas_free(r->zone_areas); /* every ad is marked */
    r->zone_areas = NULL;
    if (r->zones_st)
        return adcov_ctx_take_failure(r->ctx, r->zones_st, r->second_ctx);
    if (!st && r->sites_st)
        return adcov_ctx_take_failure(r->ctx, r->sites_st, r->second_ctx);
    if (!st && r->walls_st)
        return adcov_ctx_take_failure(r->ctx, r->walls_st, r->second_ctx);
    return st ? st : adcov_result_add_sites(r->ctx, r->res, &r->wall_rows);
}

/* The in_zone flags of gaps, posters and sites, once the zones' thread is done, on a thread of their own
 * beside the ads' duty units and the accounting (which read none of those flags): the zones' context made
 * the zones, and it alone queries them. */
static void *mark_thread(void *arg)
{
    run *r = arg;
    adcov_ctx_push_gdal(r->second_ctx);
    r->zones_st = adcov_zones_mark(r->second_ctx, r->zones, r->res);
    adcov_ctx_pop_gdal(r->second_ctx);
    return NULL;
}

static void mark_start(run *r)
{
    r->zones_started = !pthread_create(&r->zones_thread, NULL, mark_thread, r);
    if (!r->zones_started)
        mark_thread(r);
}

/* Waits for the in_zone flags; their failure comes first, as it would one step at a time. */
static adcov_status mark_finish(run *r, adcov_status st)
{
    if (r->zones_started)
        pthread_join(r->zones_thread, NULL);
    r->zones_started = 0;
    return r->zones_st ? adcov_ctx_take_failure(r->ctx, r->zones_st, r->second_ctx) : st;
}

/* The districts (§13 scores), kept in the result: the campaign places every failure in one. */
static adcov_status take_districts(run *r)
{
    adcov_layer *l = r->layers[ADCOV_ROLE_DISTRICTS];
    size_t n = l ? adcov_layer_count(l) : 0;
    GEOSContextHandle_t h = adcov_ctx_geos(r->ctx);
    if (n && !(r->res->districts = adcov_calloc(n, sizeof *r->res->districts)))
        return adcov_fail(r->ctx, ADCOV_ENOMEM, "districts: out of memory");
    for (size_t i = 0; i < n; i++) {
        adcov_district *d = &r->res->districts[r->res->ndistricts++];
        const char *id = adcov_layer_value(l, i, ADCOV_DISTRICT_ID), *name = adcov_layer_value(l, i, ADCOV_DISTRICT_NAME);
        d->fid = adcov_layer_fid(l, i), d->feature = i;
        d->id = *id ? adcov_strdup(id) : adcov_sprintf("%lld", d->fid);
        d->name = adcov_strdup(*name ? name : d->id ? d->id : "");
        d->code = adcov_strdup(adcov_layer_value(l, i, ADCOV_DISTRICT_CODE));
        d->wkb = GEOSGeomToWKB_buf_r(h, adcov_layer_geom(l, i), &d->wkb_size);
        if (!d->id || !d->name || !d->code || !d->wkb)
            return adcov_fail(r->ctx, ADCOV_ENOMEM, "districts: out of memory");
    }
    return ADCOV_OK;
}

/* Frees what the check read and built for its own use, but the zones and their context (which their
 * thread may still be using); again later does nothing. */
static void release_inputs(run *r)
{
    adcov_boxes_free(r->ad_index);
    r->ad_index = NULL;
    for (size_t i = 0; r->sight && i < r->res->nstretches; i++)
        sight_free(&r->sight[i]);
    free(r->sight);
    r->sight = NULL;
    adcov_vis_free(r->vis);
    r->vis = NULL;
    adcov_grid_free(r->poster_grid);
    r->poster_grid = NULL;
    free(r->posters);
    free(r->poster_theme);
    r->posters = NULL;
    r->poster_theme = NULL;
    for (size_t i = 0; r->repaired && r->repair_reason && i < adcov_layer_count(r->layers[ADCOV_ROLE_BUILDINGS]); i++) {
        GEOSGeom_destroy_r(adcov_ctx_geos(r->read_ctx), r->repaired[i]); /* made with it */
        free(r->repair_reason[i]);
    }
    free(r->repaired);
    free(r->repair_reason);
    r->repaired = NULL;
    r->repair_reason = NULL;
    for (int i = 0; i < ADCOV_ROLE_COUNT; i++) {
        adcov_layer_free(r->layers[i]);
        r->layers[i] = NULL;
    }
    adcov_ctx_free(r->read_ctx); /* after the buildings: they were made with it */
    r->read_ctx = NULL;
}

/* Each ad's duty unit and every input feature's account, beside the in_zone flags; then, while these
 * may still be marked, the input is freed. */
static adcov_status place_and_account(run *r)
{
    mark_start(r);
    adcov_status st = adcov_duty_place_ads(r->ctx, r->res);
    if (!st) {
        double t0 = adcov_now();
        adcov_accounting_input in = {.rb = r->rb, .phase = r->phase, .cfg = r->cfg, .layers = r->layers,
                                     .source_base = r->source_base, .repaired = r->repaired,
                                     .repair_reason = r->repair_reason};
        st = adcov_account_all(r->ctx, &in, r->res);
        r->res->account_s = adcov_now() - t0;
    }
    release_inputs(r);
    return mark_finish(r, st);
}

/* The run's date by the local clock, in days since 1970-01-01. */
static long today(void)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    return adcov_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

adcov_status adcov_check(adcov_ctx *ctx, const adcov_config *cfg, const adcov_rulebook *rb, adcov_phase phase,
                         int lenient, adcov_progress_fn progress, void *user, adcov_result **out)
{
    *out = NULL;
    run r = {.ctx = ctx, .cfg = cfg, .rb = rb, .phase = phase, .lenient = lenient, .progress = progress, .user = user,
             .areas = ADCOV_LATCH_INIT};
    r.res = adcov_calloc(1, sizeof *r.res);
    if (!r.res)
        return adcov_fail(ctx, ADCOV_ENOMEM, "out of memory");
    adcov_status st;
    double t0 = adcov_now();
    if (!(st = open_inputs(&r)) && !(st = choose_crs(&r)) && !(st = read_inputs(&r)) &&
        !(st = warn_config_words(&r)) && !(st = check_outliers(&r)) && !(st = take_districts(&r)) && !(st = r.index_st ? early_told(&r, r.index_st) : ADCOV_OK) &&
        !(st = vis_ready(&r)) && !(st = r.streets_st ? early_told(&r, r.streets_st) : ADCOV_OK)) {
        r.res->read_s = adcov_now() - t0;
        adcov_status sight = sight_lines(&r);
        r.sites_wanted = !sight;
        if (!(st = zones_start(&r))) {
            st = sight ? sight : check_streets(&r);
            if (!st && take_sites(&r))
                st = check_sites(&r, ctx);
            finish_share(&r);
            st = zones_finish(&r, st);
        }
        if (!st && !(st = place_and_account(&r)))
            st = adcov_result_tally(ctx, r.res, rb);
        r.res->today = cfg->today ? cfg->today : today();
        if (!st)
            st = adcov_photos_check(ctx, r.res, rb, phase);
    }
    release_inputs(&r);
    adcov_site_rows_free(&r.wall_rows); /* rows not appended: the run failed */
    adcov_areas_free(r.zone_areas);
    adcov_latch_destroy(&r.areas);
    adcov_zones_free(r.second_ctx, r.zones); /* the context that made them */
    adcov_ctx_free(r.second_ctx);
    if (st) {
        adcov_result_free(r.res);
        return st;
    }
    *out = r.res;
    return ADCOV_OK;
}
