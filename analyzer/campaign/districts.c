/* Which district each place and problem belongs to (SPEC §13): a stretch or a gap to the district
 * holding the larger share of its length (ties: the district listed first), a site, stop, hoarding or
 * ad to the one its point lies in (the first listed, when districts overlap there). Districts that
 * overlap are warned about, once per pair; every place is still counted once. */
#include "campaign.h"
#include "campaign_internal.h"

#include <stdlib.h>

typedef struct {
    GEOSGeometry *g;
    const GEOSPreparedGeometry *prep;
    double box[4];
} district_geom;

static void box_of(GEOSContextHandle_t h, const GEOSGeometry *g, double b[4])
{
    GEOSGeom_getXMin_r(h, g, &b[0]), GEOSGeom_getYMin_r(h, g, &b[1]);
    GEOSGeom_getXMax_r(h, g, &b[2]), GEOSGeom_getYMax_r(h, g, &b[3]);
}

static int boxes_meet(const double a[4], const double b[4])
{
    return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/* The district holding the most of line (metres of it inside), -1 when none holds any, -2 when GEOS
 * failed. */
static long larger_share(GEOSContextHandle_t h, const district_geom *d, size_t n, const GEOSGeometry *line)
{
    double lb[4], best = 0;
    long at = -1;
    box_of(h, line, lb);
    for (size_t i = 0; i < n; i++) {
        if (!boxes_meet(lb, d[i].box) || GEOSPreparedIntersects_r(h, d[i].prep, line) != 1)
            continue;
        double len = 0;
        if (GEOSPreparedContains_r(h, d[i].prep, line) == 1) {
            GEOSLength_r(h, line, &len);
        } else {
            GEOSGeometry *in = GEOSIntersection_r(h, line, d[i].g);
            if (!in)
                return -2;
            GEOSLength_r(h, in, &len);
            GEOSGeom_destroy_r(h, in);
        }
        if (len > best)
            best = len, at = (long)i;
    }
    return at;
}

static long point_in(GEOSContextHandle_t h, const district_geom *d, size_t n, double x, double y)
{
    GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(h, x, y);
    long at = -1;
    for (size_t i = 0; pt && i < n && at < 0; i++)
        if (x >= d[i].box[0] && x <= d[i].box[2] && y >= d[i].box[1] && y <= d[i].box[3] &&
            GEOSPreparedIntersects_r(h, d[i].prep, pt) == 1)
            at = (long)i;
    GEOSGeom_destroy_r(h, pt);
    return at;
}

/* Warns of every pair of districts whose insides overlap (more than a square metre; one inside the other
 * too, which GEOS's "overlaps" would not say). */
static size_t warn_overlaps(adcov_ctx *ctx, const adcov_result *res, const district_geom *d, size_t n)
{
    GEOSContextHandle_t h = adcov_ctx_geos(ctx);
    size_t pairs = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            if (!boxes_meet(d[i].box, d[j].box) || GEOSPreparedIntersects_r(h, d[i].prep, d[j].g) != 1)
                continue;
            GEOSGeometry *both = GEOSIntersection_r(h, d[i].g, d[j].g);
            double area = 0;
            if (both)
                GEOSArea_r(h, both, &area);
            GEOSGeom_destroy_r(h, both);
            if (area <= 1)
                continue;
            pairs++;
            adcov_log(ctx, ADCOV_LOG_WARN, "districts: %s (%s) and %s (%s) overlap by %.0f m2: a place there counts "
                      "once (a point for the first, a street for the one holding more of it)", res->districts[i].name, res->districts[i].id, res->districts[j].name,
                      res->districts[j].id, area);
        }
    return pairs;
}

static int place_all(adcov_ctx *ctx, const adcov_result *res, const district_geom *d, size_t n, adcov_campaign *c)
{
    GEOSContextHandle_t h = adcov_ctx_geos(ctx);
    for (size_t i = 0; i < res->nstretches; i++) {
        GEOSGeometry *line = adcov_polyline_sub(ctx, &res->stretches[i].s.line, 0, adcov_polyline_length(&res->stretches[i].s.line));
        if (!line)
            return 0;
        c->stretch_district[i] = larger_share(h, d, n, line);
        GEOSGeom_destroy_r(h, line);
        if (c->stretch_district[i] == -2)
            return 0;
    }
    for (size_t i = 0; i < res->nsites; i++)
        c->site_district[i] = point_in(h, d, n, res->sites[i].cx, res->sites[i].cy);
    for (size_t i = 0; i < c->nproblems; i++) {
        adcov_problem *p = &c->problems[i];
        if (p->kind == ADCOV_PROBLEM_GAP) {
            GEOSGeometry *line = adcov_polyline_sub(ctx, &res->stretches[res->results[p->item].stretch].s.line,
                                                    p->from, p->to);
            if (!line)
                return 0;
            p->district = larger_share(h, d, n, line);
            GEOSGeom_destroy_r(h, line);
            if (p->district == -2)
                return 0;
        } else {
            p->district = p->kind == ADCOV_PROBLEM_SITE ? c->site_district[p->item] : point_in(h, d, n, p->x[0], p->y[0]);
        }
    }
    return 1;
}

adcov_status adcov_districts_place(adcov_ctx *ctx, const adcov_result *res, adcov_campaign *c)
{
    size_t n = res->ndistricts;
    c->stretch_district = adcov_malloc((res->nstretches + 1) * sizeof *c->stretch_district);
    c->site_district = adcov_malloc((res->nsites + 1) * sizeof *c->site_district);
    district_geom *d = adcov_calloc(n + 1, sizeof *d);
    GEOSContextHandle_t h = adcov_ctx_geos(ctx);
    if (!c->stretch_district || !c->site_district || !d) {
        free(d);
        return adcov_fail(ctx, ADCOV_ENOMEM, "districts: out of memory");
    }
    int ok = 1;
    for (size_t i = 0; i < res->nstretches; i++)
        c->stretch_district[i] = -1;
    for (size_t i = 0; i < res->nsites; i++)
        c->site_district[i] = -1;
    for (size_t i = 0; ok && i < n; i++) {
        d[i].g = GEOSGeomFromWKB_buf_r(h, res->districts[i].wkb, res->districts[i].wkb_size);
        if (d[i].g && GEOSisValid_r(h, d[i].g) != 1) { /* a self-crossing outline: its area, made valid */
            GEOSGeometry *fixed = GEOSBuffer_r(h, d[i].g, 0, 8);
            GEOSGeom_destroy_r(h, d[i].g);
            d[i].g = fixed;
            if (fixed)
                adcov_log(ctx, ADCOV_LOG_WARN, "districts: %s (%s) is not a valid polygon: its area was taken as "
                          "GEOS mends it", res->districts[i].name, res->districts[i].id);
        }
        ok = d[i].g && (d[i].prep = GEOSPrepare_r(h, d[i].g));
        if (ok)
            box_of(h, d[i].g, d[i].box);
    }
    if (ok && n) {
        c->overlapping_districts = warn_overlaps(ctx, res, d, n);
        ok = place_all(ctx, res, d, n, c);
    }
    for (size_t i = 0; i < n; i++) {
        if (d[i].prep)
            GEOSPreparedGeom_destroy_r(h, d[i].prep);
        GEOSGeom_destroy_r(h, d[i].g);
    }
    free(d);
    return ok ? ADCOV_OK : adcov_fail(ctx, ADCOV_EGEOS, "districts: the geometry of a district cannot be used (%s)",
                                      adcov_geos_message(ctx));
}
