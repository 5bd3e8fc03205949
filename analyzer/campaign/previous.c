#define _GNU_SOURCE /* qsort_r */
/* Progress since an earlier run (SPEC §13): its problems read back, matched with this run's, and
 * changes.csv. A site or an ad is the same problem when its id is; a gap is the one of the earlier
 * gaps of its rule, street and class that lies along its stretch (both ends within MATCH_M of it) and
 * overlaps it most, each earlier gap given to one gap of this run, the largest overlaps first. The
 * problems of one street result are consecutive (problems.c), so each earlier gap is placed along a
 * stretch once. */
#include "campaign.h"
#include "campaign_internal.h"
#include "out.h"
#include "vocab.h"
#include "yamlx.h"

#include <gdal.h>
#include <math.h>
#include <ogr_api.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MATCH_M 10.0 /* an earlier gap's ends lie this near the stretch: it was on that stretch */

/* ---- reading the earlier folder ---- */

static adcov_status check_run(adcov_ctx *ctx, const char *dir, const adcov_rulebook *rb)
{
    char *path = adcov_sprintf("%s/run.json", dir);
    if (!path)
        return adcov_fail(ctx, ADCOV_ENOMEM, "--previous: out of memory");
    adcov_yaml y = {0};
    adcov_status st = ADCOV_OK;
    if (access(path, R_OK) != 0)
        st = adcov_fail(ctx, ADCOV_EUSAGE, "--previous %s: not the output folder of an adcov check (no run.json in it)", dir);
    else if ((st = adcov_yaml_load(ctx, path, NULL, &y)) == ADCOV_OK) {
        yaml_node_t *root = adcov_yaml_root(&y);
        const char *format = adcov_yaml_str(adcov_yaml_get(&y, root, "format"));
        const char *book = adcov_yaml_str(adcov_yaml_get(&y, root, "rulebook"));
        const char *version = adcov_yaml_str(adcov_yaml_get(&y, root, "adcov"));
        char want[16];
        snprintf(want, sizeof want, "%d", ADCOV_CAMPAIGN_FORMAT);
        if (!format || !book || !version)
            st = adcov_fail(ctx, ADCOV_EUSAGE, "%s: not a run.json written by adcov (it lacks format, rulebook or adcov)", path);
        else if (strcmp(format, want))
            st = adcov_fail(ctx, ADCOV_EUSAGE, "%s: written by adcov %s in format %s, and this adcov reads format %s: "
                            "check the earlier data again with this adcov to compare with it", path, version, format, want);
        else if (strcmp(book, rb->name))
            st = adcov_fail(ctx, ADCOV_EUSAGE, "%s: the earlier run used rulebook '%s' and this one '%s': problems of two "
                            "rulebooks cannot be compared", path, book, rb->name);
    } else if (st == ADCOV_ECONFIG) { /* a run.json that is not JSON: say so, keeping the syntax error's place */
        char msg[512];
        snprintf(msg, sizeof msg, "%s", adcov_ctx_message(ctx));
        adcov_ctx_clear(ctx);
        st = adcov_fail(ctx, ADCOV_EUSAGE, "--previous %s: its run.json is broken (%s)", dir, msg);
    }
    adcov_yaml_free(&y); /* also what a failed load holds */
    free(path);
    return st;
}

static const char *const columns[] = {"problem_id", "kind", "rule", "street", "class", "place", "chainage",
                                      "length_m", "duty", "now", "lon0", "lat0", "lon_mid", "lat_mid", "lon1", "lat1"};
enum { C_ID, C_KIND, C_RULE, C_STREET, C_CLASS, C_PLACE, C_CHAINAGE, C_LENGTH, C_DUTY, C_NOW, C_LON0, C_COUNT = C_LON0 + 6 };

/* A cell as it was before adcov_csv_field guarded it against Excel's formulas (the leading '). */
static char *cell(OGRFeatureH f, int field)
{
    const char *s = OGR_F_GetFieldAsString(f, field);
    return adcov_strdup(s[0] == '\'' && s[1] && strchr("=+-@\t\r", s[1]) ? s + 1 : s);
}

static adcov_status read_row(adcov_ctx *ctx, const char *path, OGRFeatureH f, const int *at, adcov_old_problem *p)
{
    char **text[] = {&p->id, &p->kind, &p->rule, &p->street, &p->klass, &p->place, &p->chainage, NULL, &p->duty, &p->now};
    for (int k = 0; k <= C_NOW; k++)
        if (text[k] && !(*text[k] = cell(f, at[k])))
            return adcov_fail(ctx, ADCOV_ENOMEM, "--previous: out of memory");
    double *num[] = {&p->length_m, &p->x[0], &p->y[0], &p->x[1], &p->y[1], &p->x[2], &p->y[2]};
    int cols[] = {C_LENGTH, C_LON0, C_LON0 + 1, C_LON0 + 2, C_LON0 + 3, C_LON0 + 4, C_LON0 + 5};
    for (int k = 0; k < 7; k++) {
        const char *s = OGR_F_GetFieldAsString(f, at[cols[k]]);
        char *end;
        *num[k] = strtod(s, &end);
        if ((*s && *end) || (k && (!*s || !isfinite(*num[k]))))
            return adcov_fail(ctx, ADCOV_EUSAGE, "%s:%lld:%s: '%s' is not a number (is this an adcov problems.csv?)",
                              path, (long long)OGR_F_GetFID(f), columns[cols[k]], s);
    }
    if (!*p->id || (strcmp(p->kind, "gap") && strcmp(p->kind, "site") && strcmp(p->kind, "ad")))
        return adcov_fail(ctx, ADCOV_EUSAGE, "%s:%lld:kind: '%s' is no problem kind (gap, site, ad), or the id is empty",
                          path, (long long)OGR_F_GetFID(f), p->kind);
    return ADCOV_OK;
}

static adcov_status read_problems(adcov_ctx *ctx, const char *path, adcov_old_problem **out, size_t *nout)
{
    static const char *const drivers[] = {"CSV", NULL};
    static const char *const options[] = {"AUTODETECT_TYPE=NO", "EMPTY_STRING_AS_NULL=NO", NULL};
    CPLErrorReset();
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, options, NULL);
    OGRLayerH l = ds ? GDALDatasetGetLayer(ds, 0) : NULL;
    if (!l) {
        if (ds)
            GDALClose(ds);
        return adcov_fail(ctx, ADCOV_EUSAGE, "%s: cannot be read as the problems of an adcov run", path);
    }
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l);
    int at[C_COUNT];
    adcov_status st = ADCOV_OK;
    for (int k = 0; !st && k < C_COUNT; k++)
        if ((at[k] = OGR_FD_GetFieldIndex(defn, columns[k])) < 0)
            st = adcov_fail(ctx, ADCOV_EUSAGE, "%s: no column '%s' (not written by this version of adcov?)", path, columns[k]);
    size_t cap = 0;
    OGRFeatureH f;
    while (!st && (f = OGR_L_GetNextFeature(l))) {
        if (adcov_grow((void **)out, &cap, *nout + 1, sizeof **out))
            st = adcov_fail(ctx, ADCOV_ENOMEM, "--previous: out of memory");
        else {
            memset(&(*out)[*nout], 0, sizeof **out);
            st = read_row(ctx, path, f, at, &(*out)[(*nout)++]);
        }
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    return st;
}

static adcov_status problems_path(adcov_ctx *ctx, const char *dir, char **path)
{
    if (!(*path = adcov_sprintf("%s/problems.csv", dir)))
        return adcov_fail(ctx, ADCOV_ENOMEM, "--previous: out of memory");
    if (access(*path, R_OK) != 0)
        return adcov_fail(ctx, ADCOV_EUSAGE, "--previous %s: no problems.csv in it (a run that stopped half way?)", dir);
    return ADCOV_OK;
}

adcov_status adcov_campaign_check_previous(adcov_ctx *ctx, const char *dir, const adcov_rulebook *rb)
{
    char *path = NULL;
    adcov_status st = check_run(ctx, dir, rb);
    if (!st)
        st = problems_path(ctx, dir, &path);
    free(path);
    return st;
}

adcov_status adcov_campaign_load_previous(adcov_ctx *ctx, const char *dir, const adcov_rulebook *rb,
                                          adcov_old_problem **out, size_t *nout)
{
    *out = NULL, *nout = 0;
    if (!dir)
        return ADCOV_OK;
    char *path = NULL;
    adcov_status st = check_run(ctx, dir, rb);
    if (!st)
        st = problems_path(ctx, dir, &path);
    if (!st)
        st = read_problems(ctx, path, out, nout);
    free(path);
    if (st) {
        adcov_old_problems_free(*out, *nout);
        *out = NULL, *nout = 0;
    }
    return st;
}

/* ---- matching ---- */

/* The earlier problems' places, from lon/lat into the analysis CRS. */
static adcov_status move_old(adcov_ctx *ctx, const adcov_result *res, adcov_campaign *c)
{
    double *x = adcov_malloc((3 * c->nold + 1) * sizeof *x), *y = adcov_malloc((3 * c->nold + 1) * sizeof *y);
    adcov_status st = x && y ? ADCOV_OK : adcov_fail(ctx, ADCOV_ENOMEM, "--previous: out of memory");
    for (size_t i = 0; !st && i < c->nold; i++)
        memcpy(x + 3 * i, c->old[i].x, sizeof c->old[i].x), memcpy(y + 3 * i, c->old[i].y, sizeof c->old[i].y);
    if (!st && c->nold && !adcov_campaign_from_lonlat(res->crs, 3 * c->nold, x, y))
        st = adcov_fail(ctx, ADCOV_EPROJ, "--previous %s: the earlier places cannot be moved into the analysis CRS",
                        c->previous);
    for (size_t i = 0; !st && i < c->nold; i++)
        memcpy(c->old[i].x, x + 3 * i, sizeof c->old[i].x), memcpy(c->old[i].y, y + 3 * i, sizeof c->old[i].y);
    free(x), free(y);
    return st;
}

typedef struct {
    size_t now, before;
    double overlap;
} pair;

typedef struct {
    pair *items;
    size_t n, cap;
} pairs;

static int by_overlap(const void *a, const void *b)
{
    const pair *x = a, *y = b;
    if (x->overlap != y->overlap)
        return x->overlap > y->overlap ? -1 : 1;
    return x->now != y->now ? (x->now < y->now ? -1 : 1) : x->before < y->before ? -1 : x->before > y->before;
}

/* Where the earlier gap o lies along line, [*lo, *hi] in its chainage: its length about where its middle
 * falls (the ends alone cannot tell on a loop, where both may fall at chainage 0); 0 when it does not lie
 * along the line (its start, middle or end farther than MATCH_M from it). */
static int along(const adcov_polyline *line, const double box[4], const adcov_old_problem *o, double *lo, double *hi)
{
    double mid = 0;
    for (int k = 0; k < 3; k++) {
        double x = o->x[k], y = o->y[k], d;
        if (x < box[0] - MATCH_M || x > box[2] + MATCH_M || y < box[1] - MATCH_M || y > box[3] + MATCH_M)
            return 0; /* outside the line's box grown by MATCH_M */
        double at = adcov_polyline_project(line, x, y, &d);
        if (d > MATCH_M)
            return 0;
        mid = k == 1 ? at : mid;
    }
    *lo = mid - o->length_m / 2, *hi = mid + o->length_m / 2;
    return 1;
}

static void line_box(const adcov_polyline *p, double box[4])
{
    box[0] = box[2] = p->x[0], box[1] = box[3] = p->y[0];
    for (size_t i = 1; i < p->n; i++)
        box[0] = fmin(box[0], p->x[i]), box[1] = fmin(box[1], p->y[i]), box[2] = fmax(box[2], p->x[i]),
        box[3] = fmax(box[3], p->y[i]);
}

/* Earlier gaps are grouped by rule, street and class: only a gap of the same three can be the same. */
static int key_cmp(const char *rule, const char *street, const char *klass, const adcov_old_problem *o)
{
    int c = strcmp(rule, o->rule);
    if (!c)
        c = strcmp(street, o->street);
    return c ? c : strcmp(klass, o->klass);
}

static int gaps_by_key(const void *a, const void *b, void *arg)
{
    const adcov_old_problem *o = arg, *x = &o[*(const size_t *)a], *y = &o[*(const size_t *)b];
    int c = key_cmp(x->rule, x->street, x->klass, y);
    return c ? c : *(const size_t *)a < *(const size_t *)b ? -1 : *(const size_t *)a > *(const size_t *)b;
}

/* The first of the sorted earlier gaps whose key is not below p's. */
static size_t first_of_key(const adcov_campaign *c, const size_t *gaps, size_t n, const char *rule, const adcov_problem *p)
{
    const char *klass = adcov_vocab_word(ADCOV_VOCAB_CLASS, p->klass);
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (key_cmp(rule, p->street, klass, &c->old[gaps[mid]]) > 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int add_pair(pairs *ps, size_t now, size_t before, double overlap)
{
    if (adcov_grow((void **)&ps->items, &ps->cap, ps->n + 1, sizeof *ps->items))
        return 0;
    ps->items[ps->n++] = (pair){now, before, overlap};
    return 1;
}

/* Old problems sorted by id, for the sites' and ads' lookups and the gaps' groups. */
static int old_by_id(const void *a, const void *b, void *arg)
{
    const adcov_old_problem *o = arg;
    return strcmp(o[*(const size_t *)a].id, o[*(const size_t *)b].id);
}

static size_t find_old(const adcov_campaign *c, const size_t *order, const char *id, const char *kind)
{
    size_t lo = 0, hi = c->nold;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int cmp = strcmp(c->old[order[mid]].id, id);
        if (!cmp)
            return strcmp(c->old[order[mid]].kind, kind) ? SIZE_MAX : order[mid];
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return SIZE_MAX;
}

/* Every (gap, earlier gap) that overlap, and every site or ad whose id the earlier run had. */
static int candidate_pairs(const adcov_result *res, const adcov_rulebook *rb, const adcov_campaign *c,
                           const size_t *order, pairs *ps)
{
    size_t *gaps = adcov_malloc((c->nold + 1) * sizeof *gaps), ngaps = 0;
    if (!gaps)
        return 0;
    for (size_t i = 0; i < c->nold; i++)
        if (!strcmp(c->old[i].kind, "gap"))
            gaps[ngaps++] = i;
    qsort_r(gaps, ngaps, sizeof *gaps, gaps_by_key, c->old);
    int ok = 1;
    for (size_t i = 0; ok && i < c->nproblems;) {
        const adcov_problem *p = &c->problems[i];
        if (p->kind != ADCOV_PROBLEM_GAP) {
            size_t o = find_old(c, order, p->id, p->kind == ADCOV_PROBLEM_SITE ? "site" : "ad");
            ok = o == SIZE_MAX || add_pair(ps, i, o, INFINITY);
            i++;
            continue;
        }
        /* the gaps of one street result follow each other: each earlier gap of their key is placed along
         * their stretch once, then compared with each of them */
        size_t end = i;
        while (end < c->nproblems && c->problems[end].kind == ADCOV_PROBLEM_GAP && c->problems[end].item == p->item)
            end++;
        const adcov_polyline *line = &res->stretches[res->results[p->item].stretch].s.line;
        const char *rule = rb->rules[p->rule].id, *klass = adcov_vocab_word(ADCOV_VOCAB_CLASS, p->klass);
        double box[4], lo, hi;
        line_box(line, box);
        for (size_t k = first_of_key(c, gaps, ngaps, rule, p);
             ok && k < ngaps && !key_cmp(rule, p->street, klass, &c->old[gaps[k]]); k++) {
            if (!along(line, box, &c->old[gaps[k]], &lo, &hi))
                continue;
            for (size_t j = i; ok && j < end; j++) {
                double m = fmin(hi, c->problems[j].to) - fmax(lo, c->problems[j].from);
                ok = m <= 0 || add_pair(ps, j, gaps[k], m);
            }
        }
        i = end;
    }
    free(gaps);
    return ok;
}

/* Takes the pairs, largest overlap first, each problem of either run at most once: the earlier id
 * goes to this run's problem. An earlier gap left over that overlaps a gap now is part of it (open). */
static adcov_status assign(adcov_ctx *ctx, adcov_campaign *c, pairs *ps, size_t *match_now, size_t *match_before,
                           size_t *joined)
{
    qsort(ps->items, ps->n, sizeof *ps->items, by_overlap);
    for (size_t k = 0; k < ps->n; k++) {
        pair *q = &ps->items[k];
        if (joined[q->before] == SIZE_MAX)
            joined[q->before] = q->now;
        if (match_now[q->now] != SIZE_MAX || match_before[q->before] != SIZE_MAX)
            continue;
        match_now[q->now] = q->before;
        match_before[q->before] = q->now;
        char *id = adcov_strdup(c->old[q->before].id);
        if (!id)
            return adcov_fail(ctx, ADCOV_ENOMEM, "--previous: out of memory");
        free(c->problems[q->now].id);
        c->problems[q->now].id = id;
    }
    return ADCOV_OK;
}

static int progress_by_duty(const void *a, const void *b)
{
    return strcmp(((const adcov_progress *)a)->duty, ((const adcov_progress *)b)->duty);
}

/* The changes, one per problem of either run, and their counts per duty unit. */
static adcov_status count_changes(adcov_ctx *ctx, adcov_campaign *c, const size_t *match_now,
                                  const size_t *match_before, const size_t *joined)
{
    c->changes = adcov_calloc(c->nproblems + c->nold + 1, sizeof *c->changes);
    c->progress = adcov_calloc(c->nproblems + c->nold + 1, sizeof *c->progress);
    if (!c->changes || !c->progress)
        return adcov_fail(ctx, ADCOV_ENOMEM, "--previous: out of memory");
    for (size_t i = 0; i < c->nproblems; i++)
        c->changes[c->nchanges++] = (adcov_change){match_now[i] == SIZE_MAX ? ADCOV_CHANGE_NEW : ADCOV_CHANGE_OPEN, i,
                                                   match_now[i], SIZE_MAX};
    for (size_t i = 0; i < c->nold; i++)
        if (match_before[i] == SIZE_MAX)
            c->changes[c->nchanges++] = (adcov_change){joined[i] == SIZE_MAX ? ADCOV_CHANGE_FIXED : ADCOV_CHANGE_OPEN,
                                                       SIZE_MAX, i, joined[i]};
    for (size_t i = 0; i < c->nchanges; i++) {
        const adcov_change *ch = &c->changes[i];
        const char *duty = ch->now != SIZE_MAX ? c->problems[ch->now].duty : c->old[ch->before].duty;
        size_t k = 0;
        while (k < c->nprogress && strcmp(c->progress[k].duty, duty))
            k++;
        if (k == c->nprogress)
            c->progress[c->nprogress++] = (adcov_progress){duty, 0, 0, 0};
        size_t *n = ch->status == ADCOV_CHANGE_NEW ? &c->progress[k].added
                    : ch->status == ADCOV_CHANGE_OPEN ? &c->progress[k].open : &c->progress[k].fixed;
        ++*n;
        ch->status == ADCOV_CHANGE_NEW ? c->added++ : ch->status == ADCOV_CHANGE_OPEN ? c->open++ : c->fixed++;
    }
    qsort(c->progress, c->nprogress, sizeof *c->progress, progress_by_duty);
    return ADCOV_OK;
}

/* Leaves out the earlier problems of rules this run does not check (--only): they are neither fixed nor
 * open, only not looked at; a warning says how many. */
static void unchecked_rules_out(adcov_ctx *ctx, const adcov_rulebook *rb, adcov_campaign *c)
{
    size_t kept = 0;
    for (size_t i = 0; i < c->nold; i++) {
        adcov_old_problem *o = &c->old[i];
        int checked = !strcmp(o->kind, "ad");
        for (size_t k = 0; !checked && k < rb->nrules; k++)
            checked = rb->rules[k].selected && !strcmp(rb->rules[k].id, o->rule);
        if (checked)
            c->old[kept++] = *o;
        else
            adcov_old_problem_clear(o);
    }
    if (kept < c->nold)
        adcov_log(ctx, ADCOV_LOG_WARN, "--previous %s: %zu earlier problems are of rules this run does not check: "
                  "they are left out of changes.csv", c->previous, c->nold - kept);
    c->nold = kept;
}

adcov_status adcov_progress_build(adcov_ctx *ctx, const adcov_result *res, const adcov_rulebook *rb, adcov_campaign *c)
{
    unchecked_rules_out(ctx, rb, c);
    size_t n = c->nproblems, m = c->nold;
    size_t *order = adcov_malloc((m + 1) * sizeof *order), *match_now = adcov_malloc((n + 1) * sizeof *match_now);
    size_t *match_before = adcov_malloc((m + 1) * sizeof *match_before), *joined = adcov_malloc((m + 1) * sizeof *joined);
    unsigned char *keep = adcov_calloc(n + 1, 1);
    const char **reserved = adcov_malloc((m + 1) * sizeof *reserved);
    pairs ps = {0};
    adcov_status st = move_old(ctx, res, c);
    if (!st)
        st = order && match_now && match_before && joined && keep && reserved
                          ? ADCOV_OK : adcov_fail(ctx, ADCOV_ENOMEM, "--previous: out of memory");
    if (!st) {
        for (size_t i = 0; i < m; i++)
            order[i] = i, match_before[i] = joined[i] = SIZE_MAX, reserved[i] = c->old[i].id;
        for (size_t i = 0; i < n; i++)
            match_now[i] = SIZE_MAX;
        qsort_r(order, m, sizeof *order, old_by_id, c->old);
        if (!candidate_pairs(res, rb, c, order, &ps))
            st = adcov_fail(ctx, ADCOV_ENOMEM, "--previous: out of memory");
    }
    if (!st)
        st = assign(ctx, c, &ps, match_now, match_before, joined);
    for (size_t i = 0; !st && i < n; i++)
        keep[i] = match_now[i] != SIZE_MAX;
    if (!st)
        st = adcov_problems_unique(ctx, c, keep, reserved, m);
    if (!st)
        st = count_changes(ctx, c, match_now, match_before, joined);
    free(order), free(match_now), free(match_before), free(joined), free(keep), free(reserved), free(ps.items);
    return st;
}

/* ---- changes.csv ---- */

static const char *const status_words[] = {"new", "open", "fixed"};

/* "0.850 → 0.730 km" for a gap of either run, "" otherwise. */
static void km_change(const adcov_campaign *c, const adcov_change *ch, char *buf, size_t size)
{
    const adcov_problem *p = ch->now != SIZE_MAX ? &c->problems[ch->now] : NULL;
    const adcov_old_problem *o = ch->before != SIZE_MAX ? &c->old[ch->before] : NULL;
    int pg = p && p->kind == ADCOV_PROBLEM_GAP, og = o && !strcmp(o->kind, "gap");
    double now = pg ? round((p->to - p->from) * 10) / 10 : 0; /* to the 0.1 m problems.csv keeps */
    if (pg && og)
        snprintf(buf, size, "%.3f → %.3f km (%+.3f)", o->length_m / 1000, now / 1000, (now - o->length_m) / 1000);
    else if (pg || og)
        snprintf(buf, size, "%.3f → %.3f km", og ? o->length_m / 1000 : 0, now / 1000);
    else
        buf[0] = '\0';
}

adcov_status adcov_progress_write(adcov_ctx *ctx, const adcov_result *res, const adcov_rulebook *rb,
                                  const adcov_campaign *c, const char *path)
{
    (void)res;
    static const char *const head[] = {"problem_id", "status", "rule", "place", "chainage_before", "chainage_now",
                                       "duty", "before", "now", "km", "note"};
    adcov_textfile *t = NULL;
    FILE *f = NULL;
    adcov_status st = adcov_campaign_csv_open(ctx, path, head, 11, &t, &f);
    if (st)
        return st;
    for (size_t i = 0; i < c->nchanges; i++) {
        const adcov_change *ch = &c->changes[i];
        const adcov_problem *p = ch->now != SIZE_MAX ? &c->problems[ch->now] : NULL;
        const adcov_old_problem *o = ch->before != SIZE_MAX ? &c->old[ch->before] : NULL;
        char km[96], chain[64], k0[24], k1[24], *note = NULL;
        km_change(c, ch, km, sizeof km);
        if (p && p->kind == ADCOV_PROBLEM_GAP)
            snprintf(chain, sizeof chain, "%s–%s", adcov_chainage_k(p->from, k0, sizeof k0), adcov_chainage_k(p->to, k1, sizeof k1));
        else
            chain[0] = '\0';
        if (ch->joined != SIZE_MAX && !(note = adcov_sprintf("part of %s now", c->problems[ch->joined].id))) {
            adcov_textfile_abort(t);
            return adcov_fail(ctx, ADCOV_ENOMEM, "%s: out of memory", path);
        }
        const char *cells[] = {p ? p->id : o->id, status_words[ch->status],
                               p ? (p->rule == SIZE_MAX ? "" : rb->rules[p->rule].id) : o->rule,
                               p ? p->place : o->place, o ? o->chainage : "", chain, p ? p->duty : o->duty,
                               o ? o->now : "", p ? p->now : "", km, note ? note : ""};
        adcov_csv_row(f, cells, 11);
        free(note);
    }
    return adcov_textfile_commit(ctx, t);
}
