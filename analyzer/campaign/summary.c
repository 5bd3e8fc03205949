/* `adcov summary`: the scores of several runs (a province's cities, each checked on its own, side by side
 * with GNU parallel or a Slurm job array) in one scores.csv and ranking. A run is named by its output
 * folder's name; its figures per rule are the sums of its scores.csv's duty-unit rows (each place is in
 * exactly one), its 达标率 its places passed over its places checked, as a duty unit's. */
#include "campaign.h"
#include "campaign_internal.h"
#include "yamlx.h"

#include <gdal.h>
#include <math.h>
#include <ogr_api.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    char *name, *dir, *book;
    char **rules;            /* rule ids met in its scores.csv, in order */
    size_t *checked, *passed;
    size_t nrules;
    size_t places, places_passed, failures, ads, rank;
    double rate;             /* its 达标率, as a duty unit's: places_passed / places (NAN: none) */
} city;

static void city_free(city *c)
{
    for (size_t i = 0; i < c->nrules; i++)
        free(c->rules[i]);
    free(c->rules), free(c->checked), free(c->passed), free(c->name), free(c->dir), free(c->book);
}

static size_t rule_index(city *c, const char *rule);

/* The rulebook a run used and its rules, in the rulebook's order (its run.json must be of this format). */
static adcov_status run_book(adcov_ctx *ctx, const char *dir, city *c)
{
    char **book = &c->book;
    char *path = adcov_sprintf("%s/run.json", dir);
    if (!path)
        return adcov_fail(ctx, ADCOV_ENOMEM, "summary: out of memory");
    adcov_yaml y = {0};
    adcov_status st = access(path, R_OK) ? adcov_fail(ctx, ADCOV_EUSAGE, "%s: not the output folder of an adcov check "
                                                      "(no run.json in it)", dir)
                                         : adcov_yaml_load(ctx, path, NULL, &y);
    if (!st) {
        yaml_node_t *root = adcov_yaml_root(&y);
        const char *format = adcov_yaml_str(adcov_yaml_get(&y, root, "format"));
        const char *name = adcov_yaml_str(adcov_yaml_get(&y, root, "rulebook"));
        if (!format || !name || atoi(format) != ADCOV_CAMPAIGN_FORMAT)
            st = adcov_fail(ctx, ADCOV_EUSAGE, "%s: not written by this version of adcov (format %s, this one reads %d): "
                            "check that city again", path, format ? format : "none", ADCOV_CAMPAIGN_FORMAT);
        else if (!(*book = adcov_strdup(name)))
            st = adcov_fail(ctx, ADCOV_ENOMEM, "summary: out of memory");
        yaml_node_t *rules = adcov_yaml_get(&y, root, "rules");
        for (size_t i = 0; !st && i < adcov_yaml_len(rules) && adcov_yaml_is_seq(rules); i++) {
            const char *id = adcov_yaml_str(adcov_yaml_item(&y, rules, i));
            if (id && rule_index(c, id) == SIZE_MAX)
                st = adcov_fail(ctx, ADCOV_ENOMEM, "summary: out of memory");
        }
    }
    adcov_yaml_free(&y); /* also what a failed load holds */
    free(path);
    return st;
}

static size_t rule_index(city *c, const char *rule)
{
    for (size_t i = 0; i < c->nrules; i++)
        if (!strcmp(c->rules[i], rule))
            return i;
    size_t n = c->nrules + 1;
    char **r = realloc(c->rules, n * sizeof *r);
    if (r)
        c->rules = r;
    size_t *k = r ? realloc(c->checked, n * sizeof *k) : NULL;
    if (k)
        c->checked = k;
    size_t *p = k ? realloc(c->passed, n * sizeof *p) : NULL;
    if (p)
        c->passed = p;
    if (!p || !(c->rules[c->nrules] = adcov_strdup(rule)))
        return SIZE_MAX;
    c->checked[c->nrules] = c->passed[c->nrules] = 0;
    return c->nrules++;
}

static int count_of(const char *s, size_t *out)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    *out = (size_t)v;
    return *s && !*end && *s != '-';
}

static adcov_status read_scores(adcov_ctx *ctx, city *c)
{
    static const char *const drivers[] = {"CSV", NULL};
    static const char *const options[] = {"AUTODETECT_TYPE=NO", NULL};
    static const char *const cols[] = {"level", "rule", "checked", "passed", "failures", "ads_to_rectify"};
    char *path = adcov_sprintf("%s/scores.csv", c->dir);
    if (!path)
        return adcov_fail(ctx, ADCOV_ENOMEM, "summary: out of memory");
    GDALDatasetH ds = access(path, R_OK) ? NULL : GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, options, NULL);
    OGRLayerH l = ds ? GDALDatasetGetLayer(ds, 0) : NULL;
    adcov_status st = l ? ADCOV_OK : adcov_fail(ctx, ADCOV_EUSAGE, "%s: missing or unreadable", path);
    int at[6];
    for (int k = 0; !st && k < 6; k++)
        if ((at[k] = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(l), cols[k])) < 0)
            st = adcov_fail(ctx, ADCOV_EUSAGE, "%s: no column '%s' (not written by this version of adcov?)", path, cols[k]);
    OGRFeatureH f;
    while (!st && (f = OGR_L_GetNextFeature(l))) {
        const char *level = OGR_F_GetFieldAsString(f, at[0]), *rule = OGR_F_GetFieldAsString(f, at[1]);
        size_t v[4];
        int ok = 1;
        for (int k = 0; k < 4; k++) /* a rule's row gives no failures or ads: the unit's all row does */
            ok &= count_of(OGR_F_GetFieldAsString(f, at[2 + k]), &v[k]) || (k >= 2 && strcmp(rule, "all"));
        if (!ok)
            st = adcov_fail(ctx, ADCOV_EUSAGE, "%s:%lld: a count is not a whole number", path, (long long)OGR_F_GetFID(f));
        else if (!strcmp(level, "duty") && !strcmp(rule, "all")) {
            c->places += v[0], c->places_passed += v[1], c->failures += v[2], c->ads += v[3];
        } else if (!strcmp(level, "duty")) {
            size_t r = rule_index(c, rule);
            if (r == SIZE_MAX)
                st = adcov_fail(ctx, ADCOV_ENOMEM, "summary: out of memory");
            else
                c->checked[r] += v[0], c->passed[r] += v[1];
        }
        OGR_F_Destroy(f);
    }
    if (ds)
        GDALClose(ds);
    free(path);
    return st;
}

static double rate(const city *c) { return isnan(c->rate) ? -1 : c->rate; }

static int by_rank(const void *a, const void *b)
{
    const city *x = a, *y = b;
    double rx = rate(x), ry = rate(y);
    if (rx != ry)
        return rx > ry ? -1 : 1;
    return strcmp(x->name, y->name);
}

static adcov_status write_summary(adcov_ctx *ctx, city *cities, size_t n, const char *out_dir)
{
    static const char *const head[] = {"rank", "city", "folder", "rule", "checked", "passed", "rate_pct", "failures",
                                       "ads_to_rectify"};
    char *path = adcov_sprintf("%s/scores.csv", out_dir);
    adcov_textfile *t = NULL;
    FILE *f = NULL;
    adcov_status st = !path ? adcov_fail(ctx, ADCOV_ENOMEM, "summary: out of memory") : adcov_mkdir_p(ctx, out_dir);
    if (!st)
        st = adcov_campaign_csv_open(ctx, path, head, 9, &t, &f);
    for (size_t i = 0; !st && i < n; i++) {
        const city *c = &cities[i];
        for (size_t r = 0; r <= c->nrules; r++) {
            if (r && !c->checked[r - 1])
                continue; /* a rule that checked nothing in this city */
            size_t checked = r ? c->checked[r - 1] : c->places, passed = r ? c->passed[r - 1] : c->places_passed;
            char rank[24], nc[24], np[24], pc[24], nf[24], na[24];
            snprintf(rank, sizeof rank, "%zu", c->rank), snprintf(nc, sizeof nc, "%zu", checked);
            snprintf(np, sizeof np, "%zu", passed), snprintf(nf, sizeof nf, "%zu", c->failures);
            snprintf(na, sizeof na, "%zu", c->ads);
            double v = checked ? (double)passed / (double)checked : NAN;
            snprintf(pc, sizeof pc, "%.1f", 100 * v);
            const char *cells[] = {rank, c->name, c->dir, r ? c->rules[r - 1] : "all", nc, np, isnan(v) ? "" : pc,
                                   r ? "" : nf, r ? "" : na};
            adcov_csv_row(f, cells, 9);
        }
    }
    if (!st)
        st = adcov_textfile_commit(ctx, t);
    free(path);
    return st;
}

adcov_status adcov_campaign_summary(adcov_ctx *ctx, const char *const *dirs, size_t ndirs, const char *out_dir,
                                    FILE *out)
{
    if (!ndirs)
        return adcov_fail(ctx, ADCOV_EUSAGE, "summary: give the output folders of the runs to merge");
    city *cities = adcov_calloc(ndirs, sizeof *cities);
    adcov_status st = cities ? ADCOV_OK : adcov_fail(ctx, ADCOV_ENOMEM, "summary: out of memory");
    for (size_t i = 0; !st && i < ndirs; i++) {
        city *c = &cities[i];
        char *copy = adcov_strdup(dirs[i]);
        size_t len = copy ? strlen(copy) : 0;
        while (len > 1 && copy[len - 1] == '/')
            copy[--len] = '\0';
        c->dir = copy;
        const char *slash = copy ? strrchr(copy, '/') : NULL;
        c->name = copy ? adcov_strdup(slash ? slash + 1 : copy) : NULL;
        if (!c->dir || !c->name)
            st = adcov_fail(ctx, ADCOV_ENOMEM, "summary: out of memory");
        if (!st)
            st = run_book(ctx, c->dir, c);
        if (!st && i && strcmp(c->book, cities[0].book))
            st = adcov_fail(ctx, ADCOV_EUSAGE, "%s: checked with rulebook '%s', and %s with '%s': cities are compared "
                            "under one rulebook", c->dir, c->book, cities[0].dir, cities[0].book);
        if (!st)
            st = read_scores(ctx, c);
    }
    if (!st) {
        for (size_t i = 0; i < ndirs; i++)
            cities[i].rate = cities[i].places ? (double)cities[i].places_passed / (double)cities[i].places : NAN;
        qsort(cities, ndirs, sizeof *cities, by_rank);
        for (size_t i = 0; i < ndirs; i++) /* equal 达标率 share a rank */
            cities[i].rank = i && rate(&cities[i]) == rate(&cities[i - 1]) ? cities[i - 1].rank : i + 1;
        st = write_summary(ctx, cities, ndirs, out_dir);
    }
    for (size_t i = 0; !st && out && i < ndirs; i++)
        fprintf(out, "%3zu  %-24s %6.1f %%  (%zu of %zu places pass; %zu failures, %zu ads to rectify)\n",
                cities[i].rank, cities[i].name, 100 * cities[i].rate, cities[i].places_passed, cities[i].places,
                cities[i].failures, cities[i].ads);
    for (size_t i = 0; cities && i < ndirs; i++)
        city_free(&cities[i]);
    free(cities);
    return st;
}
