#include "zones.h"

#include <stdlib.h>
#include <string.h>

enum { P_NAME, P_ID };

static adcov_status add_row(adcov_ctx *ctx, adcov_result *res, const char *source, adcov_layer *l, size_t i,
                            const GEOSGeometry *g, double snap_m, double walk_m)
{
    GEOSContextHandle_t h = adcov_ctx_geos(ctx);
    if (adcov_grow((void **)&res->zones, &res->capzones, res->nzones + 1, sizeof *res->zones))
        return adcov_fail(ctx, ADCOV_ENOMEM, "zones: out of memory");
    adcov_zone_row *z = &res->zones[res->nzones++];
    memset(z, 0, sizeof *z);
    z->source = source;
    z->fid = adcov_layer_fid(l, i);
    z->feature = i;
    const char *id = adcov_layer_value(l, i, P_ID);
    z->id = *id ? adcov_strdup(id) : adcov_sprintf("%lld", z->fid);
    z->name = adcov_strdup(adcov_layer_value(l, i, P_NAME));
    z->snap_m = snap_m;
    z->walk_m = walk_m;
    GEOSArea_r(h, g, &z->area_m2);
    z->wkb = GEOSGeomToWKB_buf_r(h, g, &z->wkb_size);
    if (!z->id || !z->name || !z->wkb)
        return adcov_fail(ctx, ADCOV_ENOMEM, "zones: out of memory");
    return ADCOV_OK;
}

static adcov_status make_network(adcov_ctx *ctx, const adcov_zones_input *in, adcov_network **net)
{
    size_t n = adcov_layer_count(in->roads);
    const GEOSGeometry **lines = adcov_calloc(n ? n : 1, sizeof *lines);
    if (!lines)
        return adcov_fail(ctx, ADCOV_ENOMEM, "zones: out of memory");
    for (size_t i = 0; i < n; i++)
        lines[i] = adcov_layer_geom(in->roads, i);
    adcov_status st = adcov_network_new(ctx, lines, n, adcov_rulebook_param(in->rb, "network_join_m", in->phase), net);
    free(lines);
    if (!st && !adcov_network_usable(*net))
        st = adcov_fail(ctx, ADCOV_EINPUT, "%s::: inspection points need roads to walk on, and this layer has none",
                        adcov_layer_where(in->roads, 0));
    return st;
}

/* One zone per inspection point: the walk from the nearest network location, buffered. */
static adcov_status walk_zones(adcov_ctx *ctx, const adcov_zones_input *in, adcov_result *res, adcov_zones *zs)
{
    GEOSContextHandle_t h = adcov_ctx_geos(ctx);
    if (!in->roads)
        return adcov_fail(ctx, ADCOV_EINPUT, "%s::: inspection points need a roads layer to walk on (inputs.roads)",
                          adcov_layer_where(in->points, 0));
    adcov_network *net = NULL;
    adcov_status st = make_network(ctx, in, &net);
    double reach = adcov_rulebook_param(in->rb, "zone_walk_m", in->phase);
    double buffer = adcov_rulebook_param(in->rb, "zone_buffer_m", in->phase);
    for (size_t i = 0; !st && i < adcov_layer_count(in->points); i++) {
        double x, y, snap = 0, walked = 0;
        GEOSGeomGetX_r(h, adcov_layer_geom(in->points, i), &x);
        GEOSGeomGetY_r(h, adcov_layer_geom(in->points, i), &y);
        GEOSGeometry *walk = NULL;
        if ((st = adcov_network_walk(ctx, net, x, y, reach, &walk, &snap, &walked)))
            break;
        GEOSGeometry *zone = GEOSBuffer_r(h, walk, buffer, 8);
        GEOSGeom_destroy_r(h, walk);
        if (!zone)
            st = adcov_fail(ctx, ADCOV_EGEOS, "%s:%lld: cannot buffer the walk", adcov_layer_where(in->points, i),
                            adcov_layer_fid(in->points, i));
        if (!st)
            st = add_row(ctx, res, "inspection_point", in->points, i, zone, snap, walked);
        if (!st)
            st = adcov_zones_add(ctx, zs, zone);
        else
            GEOSGeom_destroy_r(h, zone);
    }
    adcov_network_free(ctx, net);
    return st;
}

static adcov_status drawn_zones(adcov_ctx *ctx, const adcov_zones_input *in, adcov_result *res, adcov_zones *zs)
{
    GEOSContextHandle_t h = adcov_ctx_geos(ctx);
    adcov_status st = ADCOV_OK;
    for (size_t i = 0; !st && i < adcov_layer_count(in->drawn); i++) {
        const GEOSGeometry *g = adcov_layer_geom(in->drawn, i);
        GEOSGeometry *copy = GEOSGeom_clone_r(h, g);
        if (!copy)
            return adcov_fail(ctx, ADCOV_ENOMEM, "zones: out of memory");
        if ((st = add_row(ctx, res, "drawn", in->drawn, i, g, 0, 0)))
            GEOSGeom_destroy_r(h, copy);
        else
            st = adcov_zones_add(ctx, zs, copy);
    }
    return st;
}

adcov_status adcov_zones_build(adcov_ctx *ctx, const adcov_zones_input *in, adcov_result *res, adcov_zones **out)
{
    adcov_status st = adcov_zones_new(ctx, out);
    if (!st && in->points)
        st = walk_zones(ctx, in, res, *out);
    if (!st && in->drawn)
        st = drawn_zones(ctx, in, res, *out);
    return st;
}

static int hit_wkb(adcov_ctx *ctx, adcov_zones *z, const unsigned char *wkb, size_t size)
{
    GEOSContextHandle_t h = adcov_ctx_geos(ctx);
    GEOSGeometry *g = GEOSGeomFromWKB_buf_r(h, wkb, size);
    int hit = g ? adcov_zones_hit(ctx, z, g) : -1;
    GEOSGeom_destroy_r(h, g);
    return hit;
}

/* A failed zone test: out of memory, or GEOS failing on what. */
static adcov_status hit_failed(adcov_ctx *ctx, int hit, const char *what)
{
    if (hit == ADCOV_ZONES_NOMEM)
        return adcov_fail(ctx, ADCOV_ENOMEM, "zones: out of memory");
    return adcov_fail(ctx, ADCOV_EGEOS, "zones: cannot test %s against the zones (%s)", what, adcov_geos_message(ctx));
}

adcov_status adcov_zones_areas(adcov_ctx *ctx, adcov_zones *z, adcov_areas **out)
{
    *out = NULL;
    size_t n = adcov_zones_count(z);
    if (!n)
        return ADCOV_OK;
    const GEOSGeometry **geoms = adcov_malloc(n * sizeof *geoms);
    if (!geoms)
        return adcov_fail(ctx, ADCOV_ENOMEM, "zones: out of memory");
    for (size_t i = 0; i < n; i++)
        geoms[i] = adcov_zones_geom(z, i);
    adcov_status st = adcov_areas_new(ctx, geoms, n, out);
    free(geoms);
    return st;
}

void adcov_zones_mark_ads(const adcov_areas *zones, adcov_result *res, size_t from, size_t to)
{
    for (size_t i = from; zones && i < to && i < res->nads; i++)
        res->ads[i].in_zone = adcov_areas_hit(zones, res->ads[i].x, res->ads[i].y);
}

adcov_status adcov_zones_mark(adcov_ctx *ctx, adcov_zones *z, adcov_result *res)
{
    GEOSContextHandle_t h = adcov_ctx_geos(ctx);
    for (size_t i = 0; i < res->nresults; i++) {
        adcov_street_result *sr = &res->results[i];
        const adcov_polyline *line = &res->stretches[sr->stretch].s.line;
        sr->gap_in_zone = adcov_calloc(sr->windows.ngaps ? sr->windows.ngaps : 1, 1);
        if (!sr->gap_in_zone)
            return adcov_fail(ctx, ADCOV_ENOMEM, "zones: out of memory");
        for (size_t k = 0; adcov_zones_count(z) && k < sr->windows.ngaps; k++) {
            GEOSGeometry *piece = adcov_polyline_sub(ctx, line, sr->windows.gaps[k].from, sr->windows.gaps[k].to);
            int hit = piece ? adcov_zones_hit(ctx, z, piece) : -1;
            GEOSGeom_destroy_r(h, piece);
            if (hit < 0)
                return hit_failed(ctx, hit, "a gap");
            sr->gap_in_zone[k] = (unsigned char)hit;
        }
    }
    for (size_t i = 0; adcov_zones_count(z) && i < res->nresults; i++)
        for (size_t k = 0; k < res->results[i].nsuggestions; k++) {
            adcov_suggestion *p = &res->results[i].suggestions[k];
            GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(h, p->x, p->y);
            int hit = pt ? adcov_zones_hit(ctx, z, pt) : -1;
            GEOSGeom_destroy_r(h, pt);
            if (hit < 0)
                return hit_failed(ctx, hit, "a suggestion");
            p->in_zone = hit;
        }
    for (size_t i = 0; adcov_zones_count(z) && i < res->nsites; i++) {
        adcov_site_result *s = &res->sites[i];
        if (!s->wkb)
            continue;
        int hit = hit_wkb(ctx, z, s->wkb, s->wkb_size);
        if (hit < 0)
            return hit_failed(ctx, hit, "a site");
        s->in_zone = hit;
    }
    return ADCOV_OK;
}
