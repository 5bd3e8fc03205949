#include "report.h"
#include "campaign.h"
#include "out.h"
#include "rectify.h"
#include "font.h"
#include "gis.h"
#include "html.h"
#include "pdf.h"
#include "evidence.h"
#include "photos.h"
#include "vocab.h"

#include <dirent.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Commits a GeoJSON writer after its rows, or drops it when writing them failed. */
static adcov_status finish(adcov_ctx *ctx, adcov_geojson *w, adcov_status st)
{
    if (st) {
        adcov_geojson_abort(w);
        return st;
    }
    return adcov_geojson_commit(ctx, w);
}

static const char *const site_status[] = {"pass", "fail", "unknown"};

/* The three site files (§8), one geometry type each, as QGIS opens a file as one layer of one type. */
typedef enum {
    SITES_POINTS, /* sites.geojson: every row as a point (a polygon at its centre, a hoarding at its middle) */
    SITES_AREAS,  /* site_areas.geojson: the polygon sites */
    SITES_WALLS   /* hoardings.geojson: the hoardings' walls as lines (a polygon hoarding by its rings) */
} sites_file;

/* Row s's geometry for one of the site files: a new geometry, NULL with *skip set when the row has no
 * place in that file (or no geometry: a carrier class, on the points), NULL alone on failure. */
static GEOSGeometry *site_geometry(GEOSContextHandle_t h, const adcov_site_result *s, sites_file file, int *skip)
{
    int hoarding = s->kind && !strcmp(s->kind, "hoarding");
    GEOSGeometry *g = s->wkb ? GEOSGeomFromWKB_buf_r(h, s->wkb, s->wkb_size) : NULL, *out = NULL;
    int type = g ? GEOSGeomTypeId_r(h, g) : -1, area = type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON;
    *skip = 0;
    if (file == SITES_AREAS && (hoarding || !area))
        *skip = 1;
    else if (file == SITES_WALLS && !hoarding)
        *skip = 1;
    if (*skip || !g) /* !g on the points: a carrier class, a row without geometry */
        return GEOSGeom_destroy_r(h, g), NULL;
    if (file == SITES_AREAS)
        return g;
    if (file == SITES_WALLS) {
        out = area ? GEOSBoundary_r(h, g) : GEOSGeom_clone_r(h, g);
    } else if (hoarding) {
        GEOSGeometry *line = area ? GEOSBoundary_r(h, g) : GEOSGeom_clone_r(h, g);
        GEOSGeometry *first = line ? GEOSGeom_clone_r(h, GEOSGetGeometryN_r(h, line, 0)) : NULL;
        out = first ? GEOSInterpolateNormalized_r(h, first, 0.5) : NULL;
        GEOSGeom_destroy_r(h, first);
        GEOSGeom_destroy_r(h, line);
    } else {
        out = type == GEOS_POINT ? GEOSGeom_clone_r(h, g) : GEOSGeom_createPointFromXY_r(h, s->cx, s->cy);
    }
    GEOSGeom_destroy_r(h, g);
    return out;
}

/* A site file: every site judged, with its count and what is required (the first quota's; the
 * shortfall names every quota that falls short). */
static adcov_status write_sites(adcov_ctx *ctx, const adcov_result *res, const adcov_rulebook *rb, adcov_phase phase,
                               sites_file file, const char *path)
{
    static const adcov_prop props[] = {
        {"id", ADCOV_PROP_STR}, {"name", ADCOV_PROP_STR}, {"type", ADCOV_PROP_STR}, {"rule", ADCOV_PROP_STR},
        {"status", ADCOV_PROP_STR}, {"count", ADCOV_PROP_REAL}, {"required", ADCOV_PROP_REAL},
        {"shortfall", ADCOV_PROP_STR}, {"note", ADCOV_PROP_STR}, {"duty", ADCOV_PROP_STR}, {"in_zone", ADCOV_PROP_BOOL},
        {"problem_id", ADCOV_PROP_STR}};
    adcov_geojson *w = NULL;
    adcov_status st = adcov_geojson_open(ctx, path, res->crs, props, 12, &w);
    GEOSContextHandle_t h = adcov_ctx_geos(ctx);
    for (size_t i = 0; !st && i < res->nsites; i++) {
        const adcov_site_result *s = &res->sites[i];
        const adcov_rule *rule = &rb->rules[s->rule];
        int skip = 0;
        GEOSGeometry *g = site_geometry(h, s, file, &skip);
        if (skip)
            continue;
        char count[32], need[32];
        snprintf(count, sizeof count, "%.10g", s->has_value ? s->value : s->status == ADCOV_SITE_UNKNOWN ? 0 : s->counts[0]);
        snprintf(need, sizeof need, "%.10g", s->has_value ? s->required : s->nquotas ? s->need[0] : 0);
        char *sf = s->shortfall                     ? adcov_strdup(s->shortfall)
                   : s->status == ADCOV_SITE_UNKNOWN ? adcov_strdup("")
                                                     : adcov_shortfall(rule, s->counts, s->need, s->nquotas, phase);
        const char *vals[] = {s->id, s->name, s->kind ? s->kind : s->type ? s->type : "", rule->id,
                              site_status[s->status],
                              s->status == ADCOV_SITE_UNKNOWN ? "" : count, need, sf, s->note ? s->note : "", s->duty, s->in_zone ? "1" : "0",
                              adcov_problem_of_site(res, i)};
        st = sf && (g || (!s->wkb && file == SITES_POINTS)) ? adcov_geojson_add(ctx, w, g, vals)
                                  : adcov_fail(ctx, ADCOV_ENOMEM, "%s: out of memory", path);
        GEOSGeom_destroy_r(h, g);
        free(sf);
    }
    return finish(ctx, w, st);
}

static adcov_status write_gaps(adcov_ctx *ctx, const adcov_result *res, const adcov_rulebook *rb, adcov_phase phase,
                               const char *path)
{
    static const adcov_prop props[] = {
        {"rule", ADCOV_PROP_STR}, {"street", ADCOV_PROP_STR}, {"class", ADCOV_PROP_STR}, {"stretch", ADCOV_PROP_STR},
        {"from_m", ADCOV_PROP_REAL}, {"to_m", ADCOV_PROP_REAL}, {"from_k", ADCOV_PROP_STR}, {"to_k", ADCOV_PROP_STR},
        {"length_m", ADCOV_PROP_REAL}, {"shortfall", ADCOV_PROP_STR}, {"duty", ADCOV_PROP_STR}, {"in_zone", ADCOV_PROP_BOOL},
        {"problem_id", ADCOV_PROP_STR}};
    adcov_geojson *w = NULL;
    adcov_status st = adcov_geojson_open(ctx, path, res->crs, props, 13, &w);
    GEOSContextHandle_t h = adcov_ctx_geos(ctx);
    for (size_t i = 0; !st && i < res->nresults; i++) {
        const adcov_street_result *sr = &res->results[i];
        const adcov_stretch_info *si = &res->stretches[sr->stretch];
        const adcov_rule *rule = &rb->rules[sr->rule];
        for (size_t g = 0; !st && g < sr->windows.ngaps; g++) {
            const adcov_gap *gap = &sr->windows.gaps[g];
            char from[32], to[32], len[32], fk[24], tk[24];
            snprintf(from, sizeof from, "%.1f", gap->from);
            snprintf(to, sizeof to, "%.1f", gap->to);
            snprintf(len, sizeof len, "%.1f", gap->to - gap->from);
            char *sf = adcov_shortfall(rule, gap->worst, NULL, rule->nquotas, phase);
            GEOSGeometry *line = adcov_polyline_sub(ctx, &si->s.line, gap->from, gap->to);
            const char *vals[] = {rule->id, si->street, adcov_vocab_word(ADCOV_VOCAB_CLASS, si->klass), si->id, from, to,
                                  adcov_chainage_k(gap->from, fk, sizeof fk), adcov_chainage_k(gap->to, tk, sizeof tk),
                                  len, sf, si->duty, sr->gap_in_zone && sr->gap_in_zone[g] ? "1" : "0",
                                  adcov_problem_of_gap(res, i, g)};
            st = sf && line ? adcov_geojson_add(ctx, w, line, vals) : adcov_fail(ctx, ADCOV_ENOMEM, "%s: out of memory", path);
            GEOSGeom_destroy_r(h, line);
            free(sf);
        }
    }
    return finish(ctx, w, st);
}

static adcov_status stretch_row(adcov_ctx *ctx, adcov_geojson *w, const adcov_stretch_info *si, const char *rule,
                                const char *status, size_t failed, size_t seen, const adcov_street_result *sr,
                                const char *ids)
{
    char len[32], nf[32], ns[32], np[32];
    snprintf(np, sizeof np, "%zu", sr ? sr->nsuggestions : 0);
    snprintf(len, sizeof len, "%.1f", adcov_polyline_length(&si->s.line));
    snprintf(nf, sizeof nf, "%zu", failed);
    snprintf(ns, sizeof ns, "%zu", seen);
    GEOSGeometry *line = adcov_polyline_sub(ctx, &si->s.line, 0, adcov_polyline_length(&si->s.line));
    int in_zone = 0;
    for (size_t g = 0; sr && sr->gap_in_zone && g < sr->windows.ngaps; g++)
        in_zone |= sr->gap_in_zone[g];
    const char *vals[] = {rule, si->street, adcov_vocab_word(ADCOV_VOCAB_CLASS, si->klass), si->id, len, status, nf, ns,
                          si->duty, np, sr && sr->suggestions_unresolved ? "1" : "0", in_zone ? "1" : "0", ids};
    adcov_status st = line ? adcov_geojson_add(ctx, w, line, vals) : adcov_fail(ctx, ADCOV_EGEOS, "stretch geometry");
    GEOSGeom_destroy_r(adcov_ctx_geos(ctx), line);
    return st;
}

static adcov_status write_stretches(adcov_ctx *ctx, const adcov_result *res, const adcov_rulebook *rb, const char *path)
{
    static const adcov_prop props[] = {
        {"rule", ADCOV_PROP_STR}, {"street", ADCOV_PROP_STR}, {"class", ADCOV_PROP_STR}, {"stretch", ADCOV_PROP_STR},
        {"length_m", ADCOV_PROP_REAL}, {"status", ADCOV_PROP_STR}, {"windows_failed", ADCOV_PROP_INT},
        {"ads_seen", ADCOV_PROP_INT}, {"duty", ADCOV_PROP_STR}, {"posters_to_add", ADCOV_PROP_INT},
        {"no_room", ADCOV_PROP_BOOL}, {"in_zone", ADCOV_PROP_BOOL}, {"problem_ids", ADCOV_PROP_STR}};
    adcov_geojson *w = NULL;
    adcov_status st = adcov_geojson_open(ctx, path, res->crs, props, 13, &w);
    for (size_t i = 0; !st && i < res->nresults; i++) {
        const adcov_street_result *sr = &res->results[i];
        char *ids = adcov_problems_of_result(res, i);
        st = ids ? stretch_row(ctx, w, &res->stretches[sr->stretch], rb->rules[sr->rule].id, sr->pass ? "pass" : "fail",
                               sr->windows.windows_failed, sr->ads_seen, sr, ids)
                 : adcov_fail(ctx, ADCOV_ENOMEM, "%s: out of memory", path);
        free(ids);
    }
    for (size_t i = 0; !st && i < res->nstretches; i++)
        if (!adcov_stretch_walked(&res->stretches[i]))
            st = stretch_row(ctx, w, &res->stretches[i], "", res->stretches[i].dual ? "dual" : "skipped", 0, 0, NULL, "");
    return finish(ctx, w, st);
}

static char *rule_list(const adcov_rulebook *rb, unsigned bits)
{
    char *out = adcov_strdup("");
    for (size_t k = 0; out && k < rb->nrules; k++)
        if (bits & (1u << k)) {
            char *next = adcov_sprintf("%s%s%s", out, *out ? "," : "", rb->rules[k].id);
            free(out);
            out = next;
        }
    return out;
}

static adcov_status write_ads(adcov_ctx *ctx, const adcov_result *res, const adcov_rulebook *rb, const char *path)
{
    static const adcov_prop props[] = {{"id", ADCOV_PROP_STR}, {"counted_for", ADCOV_PROP_STR},
                                       {"excluded", ADCOV_PROP_STR}, {"kind", ADCOV_PROP_STR},
                                       {"medium", ADCOV_PROP_STR}, {"theme", ADCOV_PROP_STR},
                                       {"condition", ADCOV_PROP_STR}, {"view_m", ADCOV_PROP_REAL},
                                       {"in_zone", ADCOV_PROP_BOOL}, {"problem_id", ADCOV_PROP_STR}};
    adcov_geojson *w = NULL;
    adcov_status st = adcov_geojson_open(ctx, path, res->crs, props, 10, &w);
    size_t n = res->nads;
    double *lon = st ? NULL : adcov_malloc((n ? n : 1) * sizeof *lon), *lat = lon ? adcov_malloc((n ? n : 1) * sizeof *lat) : NULL;
    if (!st && !lat)
        st = adcov_fail(ctx, ADCOV_ENOMEM, "%s: out of memory", path);
    for (size_t i = 0; !st && i < n; i++)
        lon[i] = res->ads[i].x, lat[i] = res->ads[i].y;
    if (!st && !adcov_geojson_to_lonlat(w, n, lon, lat)) /* all at once: a call per ad was most of the file */
        st = adcov_fail(ctx, ADCOV_EIO, "%s: cannot move the ads to WGS 84 (%s)", path, adcov_gdal_message());
    for (size_t i = 0; !st && i < n; i++) {
        const adcov_ad *a = &res->ads[i];
        char *counted = rule_list(rb, a->counted_rules), view[32];
        snprintf(view, sizeof view, "%.1f", a->sight.view_m);
        const char *vals[] = {a->id, counted, adcov_ad_excluded(a),
                              a->kind >= 0 ? adcov_vocab_word(ADCOV_VOCAB_KIND, a->kind) : "",
                              a->medium >= 0 ? adcov_vocab_word(ADCOV_VOCAB_MEDIUM, a->medium) : "", a->theme,
                              a->condition >= 0 ? adcov_vocab_word(ADCOV_VOCAB_CONDITION, a->condition) : "", view,
                              a->in_zone ? "1" : "0", adcov_problem_of_ad(res, i)};
        st = counted ? adcov_geojson_add_lonlat(ctx, w, lon[i], lat[i], vals)
                     : adcov_fail(ctx, ADCOV_ENOMEM, "%s: out of memory", path);
        free(counted);
    }
    free(lon);
    free(lat);
    return finish(ctx, w, st);
}

/* suggestions.geojson: the posters each failing stretch needs, written so that they can be added to the
 * ads layer as they are (kind, medium, theme, condition and facing in adcov's own words). */
static adcov_status write_suggestions(adcov_ctx *ctx, const adcov_result *res, const adcov_rulebook *rb, const char *path)
{
    static const adcov_prop props[] = {
        {"id", ADCOV_PROP_STR},        {"rule", ADCOV_PROP_STR},     {"street", ADCOV_PROP_STR},
        {"stretch", ADCOV_PROP_STR},   {"chainage_m", ADCOV_PROP_REAL}, {"chainage_k", ADCOV_PROP_STR},
        {"side", ADCOV_PROP_STR},      {"facing", ADCOV_PROP_REAL},  {"theme", ADCOV_PROP_STR},
        {"quota", ADCOV_PROP_STR},     {"kind", ADCOV_PROP_STR},     {"medium", ADCOV_PROP_STR},
        {"condition", ADCOV_PROP_STR}, {"duty", ADCOV_PROP_STR},     {"in_zone", ADCOV_PROP_BOOL}};
    adcov_geojson *w = NULL;
    adcov_status st = adcov_geojson_open(ctx, path, res->crs, props, 15, &w);
    GEOSContextHandle_t h = adcov_ctx_geos(ctx);
    for (size_t i = 0; !st && i < res->nresults; i++) {
        const adcov_street_result *sr = &res->results[i];
        const adcov_stretch_info *si = &res->stretches[sr->stretch];
        const adcov_rule *rule = &rb->rules[sr->rule];
        for (size_t k = 0; !st && k < sr->nsuggestions; k++) {
            const adcov_suggestion *p = &sr->suggestions[k];
            const adcov_quota *q = &rule->quotas[p->quota];
            char id[64], ch[32], ck[24], facing[32];
            snprintf(id, sizeof id, "S%zu-%zu", i + 1, k + 1);
            snprintf(ch, sizeof ch, "%.1f", p->chainage);
            snprintf(facing, sizeof facing, "%.2f", p->facing_deg);
            GEOSGeometry *g = GEOSGeom_createPointFromXY_r(h, p->x, p->y);
            const char *vals[] = {id, rule->id, si->street, si->id, ch, adcov_chainage_k(p->chainage, ck, sizeof ck),
                                  p->side > 0 ? "left" : "right", facing, q->nthemes ? q->themes[0] : "", q->label,
                                  "psa", adcov_vocab_word(ADCOV_VOCAB_MEDIUM, p->medium), "good", si->duty,
                                  p->in_zone ? "1" : "0"};
            st = g ? adcov_geojson_add(ctx, w, g, vals) : adcov_fail(ctx, ADCOV_ENOMEM, "%s: out of memory", path);
            GEOSGeom_destroy_r(h, g);
        }
    }
    return finish(ctx, w, st);
}

/* zones.geojson: every inspection zone, walked or drawn. */
static adcov_status write_zones(adcov_ctx *ctx, const adcov_result *res, const char *path)
{
    static const adcov_prop props[] = {{"id", ADCOV_PROP_STR},     {"name", ADCOV_PROP_STR},
                                       {"source", ADCOV_PROP_STR}, {"snap_m", ADCOV_PROP_REAL},
                                       {"walk_m", ADCOV_PROP_REAL}, {"area_m2", ADCOV_PROP_REAL}};
    adcov_geojson *w = NULL;
    adcov_status st = adcov_geojson_open(ctx, path, res->crs, props, 6, &w);
    GEOSContextHandle_t h = adcov_ctx_geos(ctx);
    for (size_t i = 0; !st && i < res->nzones; i++) {
        const adcov_zone_row *z = &res->zones[i];
        char snap[32], walk[32], area[32];
        snprintf(snap, sizeof snap, "%.1f", z->snap_m);
        snprintf(walk, sizeof walk, "%.1f", z->walk_m);
        snprintf(area, sizeof area, "%.0f", z->area_m2);
        int walked = !strcmp(z->source, "inspection_point");
        GEOSGeometry *g = GEOSGeomFromWKB_buf_r(h, z->wkb, z->wkb_size);
        const char *vals[] = {z->id, z->name, z->source, walked ? snap : "", walked ? walk : "", area};
        st = g ? adcov_geojson_add(ctx, w, g, vals) : adcov_fail(ctx, ADCOV_ENOMEM, "%s: out of memory", path);
        GEOSGeom_destroy_r(h, g);
    }
    return finish(ctx, w, st);
}

/* isovists.geojson: for every square, the polygon its centre sees, cut by buildings. */
static adcov_status write_isovists(adcov_ctx *ctx, const adcov_result *res, const adcov_rulebook *rb, const char *path)
{
    static const adcov_prop props[] = {{"id", ADCOV_PROP_STR}, {"name", ADCOV_PROP_STR}, {"rule", ADCOV_PROP_STR}};
    adcov_geojson *w = NULL;
    adcov_status st = adcov_geojson_open(ctx, path, res->crs, props, 3, &w);
    GEOSContextHandle_t h = adcov_ctx_geos(ctx);
    for (size_t i = 0; !st && i < res->nsites; i++) {
        const adcov_site_result *s = &res->sites[i];
        if (!s->isovist_wkb)
            continue;
        GEOSGeometry *g = GEOSGeomFromWKB_buf_r(h, s->isovist_wkb, s->isovist_size);
        const char *vals[] = {s->id, s->name, rb->rules[s->rule].id};
        st = g ? adcov_geojson_add(ctx, w, g, vals) : adcov_fail(ctx, ADCOV_ENOMEM, "%s: out of memory", path);
        GEOSGeom_destroy_r(h, g);
    }
    return finish(ctx, w, st);
}

static void results_rows(FILE *f, const adcov_result *res, const adcov_rulebook *rb, adcov_phase phase)
{
    static const char *const head[] = {"rule", "street", "class", "stretch", "length_m", "status", "windows_failed",
                                       "ads_seen", "gaps", "gap_m", "gap_chainages", "shortfall", "duty", "in_zone", "source",
                                       "problem_ids"};
    adcov_csv_row(f, head, 16);
    for (size_t i = 0; i < res->nresults; i++) {
        const adcov_street_result *sr = &res->results[i];
        const adcov_stretch_info *si = &res->stretches[sr->stretch];
        const adcov_rule *rule = &rb->rules[sr->rule];
        char len[32], nf[32], ns[32], ng[32], gm[32];
        snprintf(len, sizeof len, "%.1f", adcov_polyline_length(&si->s.line));
        snprintf(nf, sizeof nf, "%zu", sr->windows.windows_failed);
        snprintf(ns, sizeof ns, "%zu", sr->ads_seen);
        snprintf(ng, sizeof ng, "%zu", sr->windows.ngaps);
        snprintf(gm, sizeof gm, "%.1f", adcov_gap_metres(sr));
        char *ks = adcov_strdup(""), *sf = adcov_strdup(""), *ids = adcov_problems_of_result(res, i);
        int in_zone = 0;
        for (size_t g = 0; ks && sf && ids && g < sr->windows.ngaps; g++) {
            in_zone |= sr->gap_in_zone && sr->gap_in_zone[g];
            char a[24], b[24];
            char *s1 = adcov_shortfall(rule, sr->windows.gaps[g].worst, NULL, rule->nquotas, phase);
            char *nk = adcov_sprintf("%s%s%s–%s", ks, *ks ? "; " : "", adcov_chainage_k(sr->windows.gaps[g].from, a, sizeof a),
                                     adcov_chainage_k(sr->windows.gaps[g].to, b, sizeof b));
            char *nsf = s1 ? adcov_sprintf("%s%s%s", sf, *sf ? " | " : "", s1) : NULL;
            free(s1);
            free(ks);
            free(sf);
            ks = nk;
            sf = nsf;
        }
        const char *cells[] = {rule->id, si->street, adcov_vocab_word(ADCOV_VOCAB_CLASS, si->klass), si->id, len,
                               sr->pass ? "pass" : "fail", nf, ns, ng, gm, ks ? ks : "", sf ? sf : "", si->duty, in_zone ? "1" : "0", rule->source,
                               ids ? ids : ""};
        adcov_csv_row(f, cells, 16);
        free(ids);
        free(ks);
        free(sf);
    }
}

static void accounting_rows(FILE *f, const adcov_result *res)
{
    static const char *const head[] = {"layer", "source", "fid", "id", "status", "detail"};
    adcov_csv_row(f, head, 6);
    for (size_t i = 0; i < res->naccounts; i++) {
        const adcov_account *a = &res->accounts[i];
        char fid[32];
        snprintf(fid, sizeof fid, "%lld", a->fid);
        const char *cells[] = {a->layer, a->source, fid, a->id, a->status, a->detail};
        adcov_csv_row(f, cells, 6);
    }
}

typedef void (*csv_writer)(FILE *f, const adcov_result *res, const adcov_rulebook *rb, adcov_phase phase);

static void accounting_writer(FILE *f, const adcov_result *res, const adcov_rulebook *rb, adcov_phase phase)
{
    (void)rb;
    (void)phase;
    accounting_rows(f, res);
}

static void photo_issue_rows(FILE *f, const adcov_result *res, const adcov_rulebook *rb, adcov_phase phase)
{
    (void)rb;
    (void)phase;
    adcov_photos_issue_rows(f, res);
}

static adcov_status write_csv(adcov_ctx *ctx, const char *path, csv_writer fn, const adcov_result *res,
                              const adcov_rulebook *rb, adcov_phase phase)
{
    adcov_textfile *t = NULL;
    adcov_status st = adcov_textfile_open(ctx, path, &t);
    if (st)
        return st;
    FILE *f = adcov_textfile_stream(t);
    fputs("\xEF\xBB\xBF", f); /* BOM: Excel reads UTF-8 */
    fn(f, res, rb, phase);
    return adcov_textfile_commit(ctx, t);
}

static const char *const output_names[] = {"gaps.geojson", "stretches.geojson", "ads.geojson", "results.csv",
                                           "accounting.csv", "sites.geojson", "isovists.geojson", "rectification.csv",
                                           "rectification.xlsx", "zones.geojson", "suggestions.geojson", "report.html",
                                           "report.pdf", "site_areas.geojson", "hoardings.geojson", "gaps.qml",
                                           "sites.qml", "zones.qml", "site_areas.qml", "hoardings.qml", "adcov.gpkg",
                                           "run.json", "problems.csv", "changes.csv", "scores.csv", "simulation.csv",
                                           "evidence.pdf", "photo_issues.csv", NULL};

enum { NP_EVIDENCE = 26, NP_PHOTO_ISSUES = 27, NP = 28 }; /* in output_names */

/* A run killed while writing leaves ".NAME.tmpPID" beside its outputs (the outputs themselves are
 * whole): the next run removes those of our own names, nothing else. */
static void remove_stale_temporaries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        for (int i = 0; output_names[i]; i++) {
            size_t n = strlen(output_names[i]);
            if (e->d_name[0] == '.' && !strncmp(e->d_name + 1, output_names[i], n) &&
                !strncmp(e->d_name + 1 + n, ".tmp", 4)) {
                char *path = adcov_sprintf("%s/%s", dir, e->d_name);
                if (path)
                    remove(path);
                free(path);
            }
        }
    }
    if (d)
        closedir(d);
}

/* report.pdf, written by a thread of its own (with its own context) while the other outputs are. */
/* ---- the writers: every output but the PDF and the GeoPackage is one task; the thread that writes the
 * PDF joins the others when it is done, each taking the next task, the longest first ---- */

enum { /* report.html needs the doc, which the PDF's thread builds first: it comes after two others */
    W_EVIDENCE, W_RECTIFY, W_ADS, W_HTML, W_ZONES, W_ACCOUNTING, W_SITES, W_CAMPAIGN, W_ISOVISTS, W_AREAS, W_WALLS,
    W_SUGGESTIONS, W_GAPS, W_RESULTS, W_STRETCHES, W_PHOTOS, W_STYLES, W_COUNT
};

typedef struct {
    const adcov_result *res;
    const adcov_rulebook *rb;
    adcov_phase phase;
    const adcov_doc *d;  /* once doc says DOC_READY */
    adcov_latch doc;     /* DOC_READY or DOC_FAILED (the PDF's thread says why) */
    adcov_latch before;  /* DOC_READY once the work before the outputs is done, DOC_FAILED when it failed */
    char *const *p;      /* the output paths, by output_names */
    const char *dir;
    int english;
    atomic_int next;     /* the next task no thread has taken; W_COUNT once one failed */
    adcov_status st[W_COUNT];
    char msg[W_COUNT][512]; /* each failure's message, from the context of the thread that met it */
    double html_s;
} writers;

enum { DOC_READY = 1, DOC_FAILED };

static adcov_status write_task(adcov_ctx *ctx, writers *w, int task)
{
    const adcov_result *res = w->res;
    const adcov_rulebook *rb = w->rb;
    char *const *p = w->p;
    switch (task) {
    case W_HTML: {
        if (adcov_latch_wait(&w->doc) != DOC_READY)
            return ADCOV_OK; /* the doc's failure is the run's */
        double t0 = adcov_now();
        adcov_status st = adcov_html_write(ctx, w->d, p[11]);
        w->html_s = adcov_now() - t0;
        return st;
    }
    case W_RECTIFY: return adcov_rectify_write(ctx, res, rb, w->phase, w->english, w->dir);
    case W_ADS: return write_ads(ctx, res, rb, p[2]);
    case W_ZONES: return write_zones(ctx, res, p[9]);
    case W_ACCOUNTING: return write_csv(ctx, p[4], accounting_writer, res, rb, w->phase);
    case W_SITES: return write_sites(ctx, res, rb, w->phase, SITES_POINTS, p[5]);
    case W_ISOVISTS: return write_isovists(ctx, res, rb, p[6]);
    case W_AREAS: return write_sites(ctx, res, rb, w->phase, SITES_AREAS, p[13]);
    case W_WALLS: return write_sites(ctx, res, rb, w->phase, SITES_WALLS, p[14]);
    case W_SUGGESTIONS: return write_suggestions(ctx, res, rb, p[10]);
    case W_GAPS: return write_gaps(ctx, res, rb, w->phase, p[0]);
    case W_RESULTS: return write_csv(ctx, p[3], results_rows, res, rb, w->phase);
    case W_STRETCHES: return write_stretches(ctx, res, rb, p[1]);
    case W_CAMPAIGN: return adcov_campaign_write(ctx, res, rb, w->phase, w->dir);
    case W_EVIDENCE: /* only when the ads have photos; a leftover one is removed */
        if (!adcov_photos_given(res))
            return remove(p[NP_EVIDENCE]), ADCOV_OK;
        return adcov_evidence_write(ctx, res, rb, w->phase, w->english ? ADCOV_LANG_EN : ADCOV_LANG_ZH, p[NP_EVIDENCE]);
    case W_PHOTOS:
        if (!res->nphotos)
            return remove(p[NP_PHOTO_ISSUES]), ADCOV_OK;
        return write_csv(ctx, p[NP_PHOTO_ISSUES], photo_issue_rows, res, rb, w->phase);
    default: return adcov_gis_styles(ctx, w->dir);
    }
}

/* Takes tasks until none is left; a failure ends the taking for both threads. */
static void take_tasks(adcov_ctx *ctx, writers *w)
{
    for (int t; (t = atomic_fetch_add(&w->next, 1)) < W_COUNT;) {
        adcov_ctx_clear(ctx);
        if ((w->st[t] = write_task(ctx, w, t))) {
            snprintf(w->msg[t], sizeof w->msg[t], "%s", adcov_ctx_message(ctx));
            atomic_store(&w->next, W_COUNT);
        }
    }
}

/* The failure of the first task, in the table's order, that failed; ADCOV_OK when none did. */
static adcov_status first_failure(adcov_ctx *ctx, const writers *w)
{
    for (int t = 0; t < W_COUNT; t++)
        if (w->st[t]) {
            adcov_ctx_clear(ctx);
            return adcov_fail(ctx, w->st[t], "%s", w->msg[t]);
        }
    return ADCOV_OK;
}

typedef struct {
    adcov_ctx *ctx;
    adcov_doc *d;        /* the reports' content, built by the job first */
    const adcov_config *cfg;
    adcov_lang lang;
    const char *path;
    adcov_status st;
    double doc_s, seconds;
    pthread_t thread;
    int started;
    writers *w;          /* the tasks it joins once the PDF is written */
} pdf_job;

static void *pdf_thread(void *arg)
{
    pdf_job *j = arg;
    writers *w = j->w;
    double t0 = adcov_now();
    adcov_ctx_push_gdal(j->ctx);
    j->st = adcov_doc_build(j->ctx, w->res, w->rb, j->cfg, w->phase, j->lang, &j->d);
    int before = adcov_latch_wait(&w->before); /* the campaign's tables need it */
    if (!j->st && before == DOC_READY)
        j->st = adcov_doc_campaign_tables(j->ctx, j->d);
    w->d = j->d;
    adcov_latch_say(&w->doc, j->st || before != DOC_READY ? DOC_FAILED : DOC_READY);
    if (!j->st && before != DOC_READY) { /* the run has failed before (its failure is told) */
        adcov_ctx_pop_gdal(j->ctx);
        return NULL;
    }
    j->doc_s = adcov_now() - t0;
    t0 = adcov_now();
    if (!j->st)
        j->st = adcov_pdf_write(j->ctx, j->d, j->path);
    j->seconds = adcov_now() - t0;
    if (j->st)
        atomic_store(&j->w->next, W_COUNT); /* the run has failed: no more outputs */
    else
        take_tasks(j->ctx, j->w);
    adcov_ctx_pop_gdal(j->ctx);
    return NULL;
}

/* Starts writing the PDF on a thread of its own; when none can be had, report_write writes it in place
 * (once the work before the outputs is done: the job waits for it). */
static adcov_status pdf_start(adcov_ctx *ctx, pdf_job *j)
{
    if (!(j->ctx = adcov_ctx_new_for_thread(ctx)))
        return adcov_fail(ctx, ADCOV_ENOMEM, "%s: out of memory", j->path);
    j->started = !pthread_create(&j->thread, NULL, pdf_thread, j);
    return ADCOV_OK;
}

/* Waits for the PDF. Its failure becomes the run's unless the run failed before it would have been
 * written one step at a time (the layers and report.html come before it, the rest after). */
/* Waits for the PDF's thread; the failure told is the first task's in the table's order, else the PDF's. */
static adcov_status pdf_finish(adcov_ctx *ctx, pdf_job *j)
{
    if (j->started)
        pthread_join(j->thread, NULL);
    adcov_status st = first_failure(ctx, j->w);
    if (!st && j->st)
        st = adcov_ctx_take_failure(ctx, j->st, j->ctx);
    adcov_ctx_free(j->ctx);
    return st;
}

/* Every output but the reports. */

adcov_status adcov_report_write(adcov_ctx *ctx, const adcov_result *res, const adcov_rulebook *rb,
                                const adcov_config *cfg, adcov_phase phase, const char *dir,
                                adcov_report_opts *opts)
{
    adcov_status st = adcov_mkdir_p(ctx, dir);
    if (!st)
        remove_stale_temporaries(dir);
    char *p[NP];
    for (int i = 0; i < NP; i++)
        p[i] = adcov_sprintf("%s/%s", dir, output_names[i]);
    for (int i = 0; !st && i < NP; i++)
        if (!p[i])
            st = adcov_fail(ctx, ADCOV_ENOMEM, "%s: out of memory", dir);
    /* the PDF is the slowest output: its own thread builds the reports' content, writes the PDF from
     * it, then helps with the rest, which this thread has begun meanwhile */
    writers w = {.res = res, .rb = rb, .phase = phase, .p = p, .dir = dir, .english = opts->lang == ADCOV_LANG_EN,
                 .doc = ADCOV_LATCH_INIT, .before = ADCOV_LATCH_INIT};
    pdf_job pdf = {.path = p[12], .w = &w, .cfg = cfg, .lang = opts->lang};
    if (!st)
        st = pdf_start(ctx, &pdf);
    if (pdf.ctx) {
        adcov_status before = opts->before ? opts->before(ctx, opts->before_arg) : ADCOV_OK;
        adcov_latch_say(&w.before, before ? DOC_FAILED : DOC_READY);
        if (!pdf.started)
            pdf_thread(&pdf);
        if (!before)
            take_tasks(ctx, &w);
        st = pdf_finish(ctx, &pdf);
        st = before ? before : st;
    } else {
        adcov_latch_say(&w.before, DOC_FAILED); /* no thread waits for it */
    }
    if (!st && opts->gpkg) /* from the GeoJSON files just written */
        st = adcov_gis_geopackage(ctx, dir);
    opts->doc_s = pdf.doc_s;
    opts->html_s = w.html_s;
    opts->pdf_s = pdf.seconds;
    adcov_doc_free(pdf.d);
    adcov_latch_destroy(&w.doc);
    adcov_latch_destroy(&w.before);
    for (int i = 0; i < NP; i++)
        free(p[i]);
    return st;
}

void adcov_report_summary(const adcov_result *res, const adcov_rulebook *rb, FILE *f)
{
    for (size_t k = 0; k < rb->nrules; k++) {
        const adcov_rule *rule = &rb->rules[k];
        if (!rule->selected)
            continue;
        adcov_tally t = res->tallies[k];
        if (rule->places == ADCOV_PLACES_STRETCHES) {
            fprintf(f, "%-20s %zu stretches checked, %zu passed, %zu failed, %.2f km of gaps\n", rule->id, t.checked,
                    t.passed, t.failed, t.gap_km);
            continue;
        }
        /* carriers are judged per class: the classes are what passes or fails */
        const char *noun = rule->places == ADCOV_PLACES_CARRIERS    ? "carrier classes"
                           : rule->places == ADCOV_PLACES_HOARDINGS ? "hoardings"
                                                                            : "sites";
        fprintf(f, "%-20s %zu %s checked, %zu passed, %zu failed, %zu unknown\n", rule->id, t.checked, noun, t.passed,
                t.failed, t.unknown);
    }
    size_t posters = 0, no_room = 0;
    for (size_t i = 0; i < res->nresults; i++)
        posters += res->results[i].nsuggestions, no_room += res->results[i].suggestions_unresolved;
    if (posters)
        fprintf(f, "%zu posters suggested for the failing stretches (suggestions.geojson)\n", posters);
    adcov_photos_summary(res, f);
    if (no_room)
        fprintf(f, "%zu failing stretches have no room for enough posters 10 m off the line (stretches.geojson: no_room)\n",
                no_room);
    size_t skipped = 0, unchecked = 0;
    for (size_t i = 0; i < res->nstretches; i++)
        skipped += res->stretches[i].skipped;
    if (skipped)
        fprintf(f, "%zu stretches shorter than the minimum were skipped (listed in stretches.geojson and accounting.csv)\n",
                skipped);
    static const char *const why[ADCOV_ROAD_WHY_COUNT] = {"unnamed", "another carriageway (dual)", "too short",
                                                          "class not mapped", "class checked by no selected rule",
                                                          "degenerate line"};
    for (int k = 0; k < ADCOV_ROAD_WHY_COUNT; k++)
        unchecked += res->roads_unchecked[k];
    if (unchecked) {
        fprintf(f, "%zu road features no street rule checked:", unchecked);
        for (int k = 0, first = 1; k < ADCOV_ROAD_WHY_COUNT; k++)
            if (res->roads_unchecked[k])
                fprintf(f, "%s %zu %s", first ? "" : ",", res->roads_unchecked[k], why[k]), first = 0;
        fprintf(f, " (accounting.csv)\n");
    }
    if (!res->has_buildings)
        fprintf(f, "no buildings layer: every sight line was taken as clear\n");
    if (res->repaired_buildings)
        fprintf(f, "%zu building footprints were invalid and were repaired (accounting.csv: status repaired)\n",
                res->repaired_buildings);
    if (res->unknown_values)
        fprintf(f, "%zu ads carry values outside the vocabulary and counted for nothing (--lenient; see ads.geojson)\n",
                res->unknown_values);
}
