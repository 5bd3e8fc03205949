/* Scenes written inline for the module tests: each layer a list of WKT geometries with their fields,
 * in UTM 50N metres (EPSG:32650, x from 500000, y from 3540000), written as GeoJSON into a fresh folder,
 * then checked by the pipeline (adcov_check) with a config and, when given, a rulebook held as text. The
 * tests then read the adcov_result itself. */
#ifndef ADCOV_TEST_SCENE_H
#define ADCOV_TEST_SCENE_H

#include "testing.h"
#include "campaign.h"
#include "check.h"
#include "config.h"
#include "rulebook.h"

#include <errno.h>
#include <cpl_conv.h>
#include <ogr_api.h>
#include <sys/stat.h>

typedef struct {
    const char *wkt;    /* offsets from (500000, 3540000): scene_wkt adds them */
    const char *fields; /* JSON members, "\"id\": \"A1\", \"kind\": \"公益\"" */
} scene_feature;

typedef struct {
    char dir[512];
    adcov_config *cfg;
    adcov_rulebook *rb;
    adcov_result *res;
} scene;

/* Moves every point of g from the scene's origin to where it lies in UTM 50N. */
static inline void scene_shift(OGRGeometryH g)
{
    int n = OGR_G_GetGeometryCount(g);
    for (int i = 0; i < n; i++)
        scene_shift(OGR_G_GetGeometryRef(g, i));
    for (int p = 0; !n && p < OGR_G_GetPointCount(g); p++)
        OGR_G_SetPoint_2D(g, p, OGR_G_GetX(g, p) + 500000, OGR_G_GetY(g, p) + 3540000);
}

/* Writes dir/name.geojson holding the n features. Their WKT is in metres from the scene's origin. */
static inline void scene_layer(const scene *s, const char *name, const scene_feature *f, size_t n)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s.geojson", s->dir, name);
    FILE *out = fopen(path, "w");
    assert_non_null(out);
    fputs("{\"type\": \"FeatureCollection\", \"crs\": {\"type\": \"name\", \"properties\": {\"name\": "
          "\"urn:ogc:def:crs:EPSG::32650\"}}, \"features\": [\n", out);
    for (size_t i = 0; i < n; i++) {
        OGRGeometryH g = NULL;
        char *wkt = (char *)f[i].wkt;
        assert_int_equal(OGR_G_CreateFromWkt(&wkt, NULL, &g), OGRERR_NONE);
        scene_shift(g);
        char *json = OGR_G_ExportToJson(g);
        fprintf(out, "%s{\"type\": \"Feature\", \"properties\": {%s}, \"geometry\": %s}\n", i ? "," : "", f[i].fields,
                json);
        CPLFree(json);
        OGR_G_DestroyGeometry(g);
    }
    fputs("]}\n", out);
    fclose(out);
}

/* A fresh scene folder under the test output folder. */
static inline void scene_begin(scene *s, const char *name)
{
    memset(s, 0, sizeof *s);
    outdir(s->dir, sizeof s->dir, name);
    char path[600];
    snprintf(path, sizeof path, "%s", s->dir);
    for (char *p = path + 1; *p; p++) /* every folder above it (test-out-vg under valgrind, too) */
        if (*p == '/') {
            *p = '\0';
            mkdir(path, 0777);
            *p = '/';
        }
    assert_true(mkdir(s->dir, 0777) == 0 || errno == EEXIST);
}

/* Checks the scene: config_text is the config (its paths relative to the scene folder), rulebook_text
 * the rulebook (NULL: the shipped default), only a comma-separated list of rules (NULL: all); then makes
 * its campaign as the command line does, with the earlier run and the draws of o (NULL: none). */
static inline adcov_status scene_check_campaign(adcov_ctx *ctx, scene *s, const char *config_text,
                                                const char *rulebook_text, const char *only, adcov_phase phase,
                                                const adcov_campaign_opts *o)
{
    char path[600];
    snprintf(path, sizeof path, "%s/city.yaml", s->dir);
    adcov_ctx_clear(ctx);
    assert_int_equal(adcov_config_parse(ctx, path, config_text, &s->cfg), ADCOV_OK);
    if (rulebook_text)
        assert_int_equal(adcov_rulebook_parse(ctx, "scene-rules.yaml", rulebook_text, &s->rb), ADCOV_OK);
    else
        assert_int_equal(adcov_rulebook_load(ctx, "default", ADCOV_SOURCE_DIR_FOR_TESTS "/analyzer/rulebooks", NULL, &s->rb),
                         ADCOV_OK);
    if (only)
        assert_int_equal(adcov_rulebook_only(ctx, s->rb, only), ADCOV_OK);
    adcov_campaign_opts none = {0};
    o = o ? o : &none;
    adcov_old_problem *old = NULL;
    size_t nold = 0;
    adcov_status st = adcov_campaign_load_previous(ctx, o->previous, s->rb, &old, &nold);
    if (st)
        return st;
    st = adcov_check(ctx, s->cfg, s->rb, phase, 0, NULL, NULL, &s->res);
    if (st) {
        adcov_old_problems_free(old, nold);
        return st;
    }
    return adcov_campaign_build(ctx, s->res, s->rb, phase, o, old, nold);
}

static inline adcov_status scene_check(adcov_ctx *ctx, scene *s, const char *config_text, const char *rulebook_text,
                                       const char *only, adcov_phase phase)
{
    return scene_check_campaign(ctx, s, config_text, rulebook_text, only, phase, NULL);
}

static inline void scene_end(scene *s)
{
    adcov_result_free(s->res);
    adcov_rulebook_free(s->rb);
    adcov_config_free(s->cfg);
    memset(s, 0, sizeof *s);
}

/* The row of rule id for the site (or hoarding, carrier class) whose id is site_id; fails when none. */
static inline const adcov_site_result *scene_site(const scene *s, const char *rule, const char *site_id)
{
    for (size_t i = 0; i < s->res->nsites; i++) {
        const adcov_site_result *r = &s->res->sites[i];
        if (!strcmp(r->id, site_id) && !strcmp(s->rb->rules[r->rule].id, rule))
            return r;
    }
    fail_msg("no row of %s for %s", rule, site_id);
    return NULL;
}

/* The ad whose id is id; fails when none. */
static inline const adcov_ad *scene_ad(const scene *s, const char *id)
{
    for (size_t i = 0; i < s->res->nads; i++)
        if (!strcmp(s->res->ads[i].id, id))
            return &s->res->ads[i];
    fail_msg("no ad %s", id);
    return NULL;
}

/* A rulebook text with the shipped analysis parameters and the rules given. */
#define SCENE_PARAMS                                                                                        \
    "name: scene\ntitle: scene\nparams:\n  min_visual_angle: 1.5\n  facing_half_angle: 60\n"                \
    "  los_tolerance_m: 1.0\n  min_separation_m: 20\n  max_view_m: 300\n  min_stretch_m: 50\n"              \
    "  outlier_m: 10000\n  view_m: { poster: 50, screen: 150, board: 30, pole_flag: 50, sculpture: 50,\n"    \
    "    slogan: 50, hoarding: 50, banner: 30 }\nrules:\n"
#define SCENE_SOURCE "    source: s\n    edition: e\n    level: l\n    verified: false\n"

/* A PSA poster of theme t, good condition, facing no way in particular. */
#define PSA(id, t) "\"id\": \"" id "\", \"kind\": \"公益\", \"medium\": \"海报\", \"theme\": \"" t "\", \"condition\": \"完好\""

#endif
