#include "accounting.h"
#include "roads.h"
#include "vocab.h"

#include <stdlib.h>
#include <string.h>

/* What the accounting reads: the input, and the result it appends its rows to. */
typedef struct {
    adcov_ctx *ctx;
    adcov_result *res;
    const adcov_rulebook *rb;
    adcov_phase phase;
    const adcov_config *cfg;
    adcov_layer *const *layers;
    const size_t *source_base;
    GEOSGeometry *const *repaired;
    char *const *repair_reason;
} acct;

/* One row of accounting.csv; layer and status must be static strings, source one of the result's. */
static adcov_status account(acct *r, const char *layer, const char *source, long long fid, const char *id,
                            const char *status, const char *detail)
{
    adcov_result *res = r->res;
    if (adcov_grow((void **)&res->accounts, &res->capaccounts, res->naccounts + 1, sizeof *res->accounts))
        return adcov_fail(r->ctx, ADCOV_ENOMEM, "accounting: out of memory");
    adcov_account *a = &res->accounts[res->naccounts];
    a->layer = layer;
    a->fid = fid;
    a->id = adcov_result_keep(res, id ? id : "");
    a->source = source;
    a->status = status;
    a->detail = adcov_result_keep(res, detail ? detail : "");
    res->naccounts++;
    if (!a->id || !a->detail)
        return adcov_fail(r->ctx, ADCOV_ENOMEM, "accounting: out of memory");
    return ADCOV_OK;
}

/* "path:layer" of feature i of role, as the result keeps it. */
static const char *source_of(const acct *r, adcov_role role, size_t i)
{
    return r->res->sources[r->source_base[role] + adcov_layer_source(r->layers[role], i)];
}


static adcov_status account_roads(acct *r)
{
    adcov_layer *l = r->layers[ADCOV_ROLE_ROADS];
    if (!l)
        return ADCOV_OK;
    size_t n = adcov_layer_count(l);
    const adcov_stretch_info **in = adcov_calloc(n ? n : 1, sizeof *in); /* its first stretch */
    char **names = adcov_calloc(n ? n : 1, sizeof *names);                /* all its stretches */
    char *several = adcov_calloc(n ? n : 1, 1);                           /* 0, 1, 2: more than one */
    adcov_status st = in && names && several ? ADCOV_OK : adcov_fail(r->ctx, ADCOV_ENOMEM, "accounting: out of memory");
    for (size_t i = 0; !st && i < r->res->nstretches; i++)
        for (size_t k = 0; !st && k < r->res->stretches[i].s.nfeatures; k++) {
            size_t f = r->res->stretches[i].s.features[k];
            if (!in[f] || (in[f]->dual && !r->res->stretches[i].dual)) /* a walked stretch first */
                in[f] = &r->res->stretches[i];
            if (r->res->stretches[i].dual)
                continue;
            several[f] += several[f] < 2;
            char *joined = adcov_sprintf("%s%s%s", names[f] ? names[f] : "", names[f] ? ", " : "",
                                         r->res->stretches[i].id);
            if (!joined)
                st = adcov_fail(r->ctx, ADCOV_ENOMEM, "accounting: out of memory");
            free(names[f]);
            names[f] = joined;
        }
    for (size_t i = 0; !st && i < n; i++) {
        const char *cls = adcov_layer_value(l, i, ADCOV_ROAD_CLASS);
        int klass = adcov_road_class(r->cfg, l, i);
        char *detail = NULL;
        const char *status;
        int why = -1; /* the reason no street rule checked it (adcov_result.roads_unchecked) */
        if (in[i] && in[i]->dual) {
            status = "dual", why = ADCOV_ROAD_DUAL;
            detail = adcov_sprintf("another carriageway of stretch %s, within %g m of it and walked with it", in[i]->id,
                                   adcov_rulebook_param(r->rb, "dual_m", r->phase));
        } else if (in[i] && in[i]->skipped) {
            status = "skipped", why = ADCOV_ROAD_SHORT;
            detail = adcov_sprintf("stretch %s is %.1f m, shorter than %g m", in[i]->id,
                                   adcov_polyline_length(&in[i]->s.line), adcov_rulebook_param(r->rb, "min_stretch_m", r->phase));
        } else if (in[i]) {
            status = "checked";
            detail = adcov_sprintf("%s %s", several[i] > 1 ? "stretches" : "stretch", names[i]);
        } else if (klass < 0) {
            status = "not_checked", why = ADCOV_ROAD_UNMAPPED;
            detail = adcov_sprintf("class '%s' is not mapped to a street class", cls);
        } else if (adcov_road_unnamed(l, i)) {
            status = "unnamed", why = ADCOV_ROAD_UNNAMED;
            detail = adcov_strdup("neither a name nor a road_id: no street (a junction link, ramp or service piece); it "
                                  "still carries inspection zones");
        } else if (!adcov_rules_check_class(r->rb, klass)) {
            status = "not_checked", why = ADCOV_ROAD_NO_RULE;
            detail = adcov_sprintf("no selected rule checks class %s", adcov_vocab_word(ADCOV_VOCAB_CLASS, klass));
        } else {
            status = "not_checked", why = ADCOV_ROAD_DEGENERATE;
            detail = adcov_strdup("degenerate line (fewer than two distinct points)");
        }
        if (why >= 0)
            r->res->roads_unchecked[why]++;
        st = detail ? account(r, "roads", source_of(r, ADCOV_ROLE_ROADS, i), adcov_layer_fid(l, i), adcov_layer_value(l, i, ADCOV_ROAD_ID), status, detail)
                    : adcov_fail(r->ctx, ADCOV_ENOMEM, "accounting: out of memory");
        free(detail);
    }
    for (size_t i = 0; names && i < n; i++)
        free(names[i]);
    free(names);
    free(several);
    free(in);
    return st;
}

static adcov_status account_ads(acct *r)
{
    adcov_status st = ADCOV_OK;
    for (size_t i = 0; !st && i < r->res->nads; i++) {
        const adcov_ad *a = &r->res->ads[i];
        if (a->counted_rules) {
            char *list = adcov_strdup("");
            for (size_t k = 0; list && k < r->rb->nrules; k++)
                if (a->counted_rules & (1u << k)) {
                    char *next = adcov_sprintf("%s%s%s", list, *list ? "," : "", r->rb->rules[k].id);
                    free(list);
                    list = next;
                }
            st = list ? account(r, "ads", a->where, a->fid, a->id, "counted", list) : adcov_fail(r->ctx, ADCOV_ENOMEM, "out of memory");
            free(list);
        } else {
            st = account(r, "ads", a->where, a->fid, a->id, "excluded", adcov_ad_excluded(a));
        }
    }
    return st;
}

static adcov_status account_others(acct *r)
{
    adcov_status st = ADCOV_OK;
    adcov_layer *b = r->layers[ADCOV_ROLE_BUILDINGS];
    for (size_t i = 0; b && !st && i < adcov_layer_count(b); i++) {
        char *detail = r->repair_reason && r->repair_reason[i]
                           ? adcov_sprintf("line of sight; repaired (%s)%s", r->repair_reason[i],
                                           r->repaired[i] ? "" : ": it encloses no area and blocks nothing")
                           : NULL;
        if (r->repair_reason && r->repair_reason[i] && !detail)
            return adcov_fail(r->ctx, ADCOV_ENOMEM, "accounting: out of memory");
        st = account(r, "buildings", source_of(r, ADCOV_ROLE_BUILDINGS, i), adcov_layer_fid(b, i), "", detail ? "repaired" : "used",
                     detail ? detail : "line of sight");
        free(detail);
    }
    return st;
}

/* Roles this version reads but does not evaluate: every feature is still listed. */
static int by_feature(const void *a, const void *b)
{
    const adcov_site_result *x = *(const adcov_site_result *const *)a, *y = *(const adcov_site_result *const *)b;
    if (x->feature != y->feature)
        return x->feature < y->feature ? -1 : 1;
    return x->rule < y->rule ? -1 : x->rule > y->rule;
}

/* The site rows of one role, sorted by feature (rows keep their rules' order within a feature). */
static const adcov_site_result **rows_of(acct *r, adcov_role role, size_t *n)
{
    const adcov_site_result **rows = adcov_malloc((r->res->nsites ? r->res->nsites : 1) * sizeof *rows);
    *n = 0;
    for (size_t k = 0; rows && k < r->res->nsites; k++)
        if (r->res->sites[k].layer && !strcmp(r->res->sites[k].layer, adcov_role_name(role)))
            rows[(*n)++] = &r->res->sites[k];
    if (rows && *n)
        qsort(rows, *n, sizeof *rows, by_feature);
    return rows;
}

/* The first of rows (sorted by feature) of this feature, n when none. */
static size_t first_row(const adcov_site_result **rows, size_t n, size_t feature)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (rows[mid]->feature < feature)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Sites, stops, hoardings, carriers: what each one's rules found, or why it was not checked. */
static adcov_status account_sites(acct *r, adcov_role role)
{
    adcov_layer *l = r->layers[role];
    if (!l)
        return ADCOV_OK;
    size_t n = 0;
    const adcov_site_result **rows = rows_of(r, role, &n);
    adcov_status st = rows ? ADCOV_OK : adcov_fail(r->ctx, ADCOV_ENOMEM, "accounting: out of memory");
    static const char *const status[] = {"pass", "fail", "unknown"};
    for (size_t i = 0; !st && i < adcov_layer_count(l); i++) {
        long long fid = adcov_layer_fid(l, i);
        size_t lo = first_row(rows, n, i);
        char *detail = adcov_strdup("");
        for (size_t k = lo; detail && k < n && rows[k]->feature == i; k++) {
            char *next = adcov_sprintf("%s%s%s: %s", detail, *detail ? "; " : "", r->rb->rules[rows[k]->rule].id,
                                       status[rows[k]->status]);
            free(detail);
            detail = next;
        }
        if (!detail) {
            st = adcov_fail(r->ctx, ADCOV_ENOMEM, "accounting: out of memory");
            break;
        }
        int which = role == ADCOV_ROLE_SITES; /* which layer's merging: bus_stops 0, sites 1 */
        const size_t *rep = role == ADCOV_ROLE_BUS_STOPS || role == ADCOV_ROLE_SITES ? r->res->stop_rep[which] : NULL;
        const size_t *merged = rep && i < r->res->nstop_rep[which] && rep[i] != i ? &rep[i] : NULL;
        if (merged) {
            free(detail);
            size_t k = first_row(rows, n, *merged);
            detail = adcov_sprintf("merged into stop %s (fid %lld): the same name within %g m of another of its points, "
                                   "judged once from their centroid", k < n && rows[k]->feature == *merged ? rows[k]->id : "?",
                                   adcov_layer_fid(l, *merged), adcov_rulebook_param(r->rb, "stop_merge_m", r->phase));
            st = detail ? account(r, adcov_role_name(role), source_of(r, role, i), fid, "", "merged", detail)
                        : adcov_fail(r->ctx, ADCOV_ENOMEM, "accounting: out of memory");
        } else if (*detail) {
            st = account(r, adcov_role_name(role), source_of(r, role, i), fid, "", "checked", detail);
        } else {
            st = account(r, adcov_role_name(role), source_of(r, role, i), fid, "", "not_checked",
                         "no selected rule checks this kind of site");
        }
        free(detail);
    }
    free(rows);
    return st;
}

static adcov_status account_zones(acct *r, adcov_role role)
{
    adcov_status st = ADCOV_OK;
    const char *source = role == ADCOV_ROLE_ZONES ? "drawn" : "inspection_point";
    for (size_t i = 0; !st && i < r->res->nzones; i++) {
        const adcov_zone_row *z = &r->res->zones[i];
        if (strcmp(z->source, source))
            continue;
        char *detail = role == ADCOV_ROLE_ZONES
                           ? adcov_strdup("an inspection zone drawn by hand")
                           : adcov_sprintf("zone %s: walked %.1f m of road from %.1f m off the nearest road", z->id,
                                           z->walk_m, z->snap_m);
        st = detail ? account(r, adcov_role_name(role), source_of(r, role, z->feature), z->fid, z->id,
                              "used", detail)
                    : adcov_fail(r->ctx, ADCOV_ENOMEM, "accounting: out of memory");
        free(detail);
    }
    return st;
}

/* Table rows that are no features (titles above the header, empty rows), skipped and listed. */
static adcov_status account_skipped(acct *r)
{
    adcov_status st = ADCOV_OK;
    for (int role = 0; role < ADCOV_ROLE_COUNT; role++)
        for (size_t k = 0; !st && r->layers[role] && k < adcov_layer_nskipped(r->layers[role]); k++) {
            size_t source;
            long long row;
            const char *why;
            adcov_layer_skipped(r->layers[role], k, &source, &row, &why);
            st = account(r, adcov_role_name((adcov_role)role), r->res->sources[r->source_base[role] + source], row, "",
                         "skipped", why);
        }
    return st;
}

static adcov_status account_unread(acct *r)
{
    adcov_status st = account_sites(r, ADCOV_ROLE_SITES);
    if (!st)
        st = account_sites(r, ADCOV_ROLE_BUS_STOPS);
    if (!st)
        st = account_sites(r, ADCOV_ROLE_HOARDINGS);
    if (!st)
        st = account_sites(r, ADCOV_ROLE_CARRIERS);
    for (int role = ADCOV_ROLE_SITES; !st && role < ADCOV_ROLE_COUNT; role++) {
        adcov_layer *l = r->layers[role];
        if (!l || role == ADCOV_ROLE_SITES || role == ADCOV_ROLE_BUS_STOPS || role == ADCOV_ROLE_HOARDINGS ||
            role == ADCOV_ROLE_CARRIERS)
            continue;
        if (role == ADCOV_ROLE_ZONES || role == ADCOV_ROLE_INSPECTION_POINTS) {
            st = account_zones(r, role);
            continue;
        }
        if (role == ADCOV_ROLE_DISTRICTS) {
            for (size_t i = 0; !st && i < r->res->ndistricts; i++) {
                const adcov_district *d = &r->res->districts[i];
                char *detail = adcov_sprintf("district %s%s%s%s: its places are scored together", d->name,
                                             *d->code ? " (" : "", d->code, *d->code ? ")" : "");
                st = detail ? account(r, "districts", source_of(r, ADCOV_ROLE_DISTRICTS, d->feature), d->fid, d->id,
                                      "used", detail)
                            : adcov_fail(r->ctx, ADCOV_ENOMEM, "accounting: out of memory");
                free(detail);
            }
            continue;
        }
        if (role == ADCOV_ROLE_GATES) {
            for (size_t i = 0; !st && i < adcov_layer_count(l); i++)
                st = account(r, "gates", source_of(r, ADCOV_ROLE_GATES, i), adcov_layer_fid(l, i),
                             adcov_layer_value(l, i, ADCOV_GATE_ID), "used",
                             "a gate of the scenic area named in its site_id");
            continue;
        }
        if ((st = adcov_layer_read(r->ctx, l, r->res->crs, ADCOV_GEOM_POINT | ADCOV_GEOM_LINE | ADCOV_GEOM_POLYGON)))
            break;
        for (size_t i = 0; !st && i < adcov_layer_count(l); i++)
            st = account(r, adcov_role_name((adcov_role)role), source_of(r, (adcov_role)role, i), adcov_layer_fid(l, i), "",
                         "not_used",
                         "this role's rules are not evaluated in this version");
    }
    return st;
}

adcov_status adcov_account_all(adcov_ctx *ctx, const adcov_accounting_input *in, adcov_result *res)
{
    acct a = {ctx, res, in->rb, in->phase, in->cfg, in->layers, in->source_base, in->repaired, in->repair_reason};
    adcov_status st;
    if (!(st = account_roads(&a)) && !(st = account_ads(&a)) && !(st = account_others(&a)) && !(st = account_unread(&a)))
        st = account_skipped(&a);
    return st;
}
