#include "rulebook.h"
#include "method.h"
#include "vocab.h"
#include "yamlx.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const analysis_nums[] = {"min_visual_angle", "facing_half_angle", "los_tolerance_m",
                                            "min_separation_m", "max_view_m", "min_stretch_m", "outlier_m", NULL};
/* Inspection zones (SPEC §7), suggested posters (§8), junction gaps and dual carriageways (§5), bus
 * stops given per route (§10) and the photo checks (§14); a rulebook may leave them out and gets the
 * spec's numbers. */
static const char *const zone_nums[] = {"zone_walk_m", "zone_buffer_m", "network_join_m", "suggest_offset_m",
                                        "join_m", "dual_m", "stop_merge_m", "photo_max_age_months",
                                        "photo_max_offset_m", NULL};
static const double zone_defaults[] = {400, 30, 0.5, 10, 30, 50, 10, 12, 50};


/* ---- parsing ---- */

typedef struct {
    adcov_ctx *ctx;
    adcov_yaml y;
    adcov_vocab *site_words; /* the shipped site types, to fold a rule's sites: words (公园 is park) */
} parser;

static adcov_status nomem(parser *p) { return adcov_fail(p->ctx, ADCOV_ENOMEM, "%s: out of memory", p->y.path); }

static adcov_status dup_str(parser *p, yaml_node_t *n, const char *key, char **out)
{
    const char *s = adcov_yaml_str(n);
    if (!s)
        return adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:%s: expected text", p->y.path, adcov_yaml_line(n), key);
    *out = adcov_strdup(s);
    return *out ? ADCOV_OK : nomem(p);
}

/* A number, or {daily: x, inspection: y}; must be >= 0. */
static adcov_status phase_number(parser *p, yaml_node_t *n, const char *key, double v[2])
{
    adcov_status st;
    if (adcov_yaml_is_map(n)) {
        static const char *const keys[] = {"daily", "inspection", NULL};
        if ((st = adcov_yaml_check_keys(p->ctx, &p->y, n, key, keys)))
            return st;
        yaml_node_t *d = adcov_yaml_get(&p->y, n, "daily"), *i = adcov_yaml_get(&p->y, n, "inspection");
        if (!d)
            return adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:%s.daily: missing", p->y.path, adcov_yaml_line(n), key);
        if ((st = adcov_yaml_number(p->ctx, &p->y, d, key, &v[0])))
            return st;
        v[1] = v[0];
        if (i && (st = adcov_yaml_number(p->ctx, &p->y, i, key, &v[1])))
            return st;
    } else {
        if ((st = adcov_yaml_number(p->ctx, &p->y, n, key, &v[0])))
            return st;
        v[1] = v[0];
    }
    if (v[0] < 0 || v[1] < 0)
        return adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:%s: must not be negative", p->y.path, adcov_yaml_line(n), key);
    return ADCOV_OK;
}

static adcov_status push_param(parser *p, adcov_param **ps, size_t *n, const char *name, const double v[2])
{
    adcov_param *np = adcov_realloc(*ps, (*n + 1) * sizeof *np);
    if (!np)
        return nomem(p);
    *ps = np;
    np[*n].name = adcov_strdup(name);
    if (!np[*n].name)
        return nomem(p);
    np[*n].v[0] = v[0];
    np[*n].v[1] = v[1];
    (*n)++;
    return ADCOV_OK;
}

static int in_list(const char *k, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(k, *list))
            return 1;
    return 0;
}

/* A map of number-valued keys (names in allowed, or any name when allowed is NULL), each stored
 * as prefix + key. */
static adcov_status number_map(parser *p, yaml_node_t *map, const char *key, const char *prefix,
                               const char *const *allowed, adcov_param **ps, size_t *n)
{
    adcov_status st = adcov_yaml_expect(p->ctx, &p->y, map, key, YAML_MAPPING_NODE);
    for (size_t i = 0; st == ADCOV_OK && i < adcov_yaml_len(map); i++) {
        yaml_node_t *kn = adcov_yaml_key(&p->y, map, i);
        const char *k = adcov_yaml_str(kn);
        char name[128];
        adcov_keyf(name, sizeof name, "%s%s", prefix, k ? k : "");
        if (!k || (allowed && !in_list(k, allowed)))
            return adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:%s.%s: unknown key", p->y.path, adcov_yaml_line(kn),
                              key, k ? k : "?");
        double v[2];
        char full[192];
        adcov_keyf(full, sizeof full, "%s.%s", key, k);
        if ((st = phase_number(p, adcov_yaml_value(&p->y, map, i), full, v)) == ADCOV_OK)
            st = push_param(p, ps, n, name, v);
    }
    return st;
}

static adcov_status media_list(parser *p, yaml_node_t *n, const char *key, unsigned *out)
{
    adcov_status st = adcov_yaml_expect(p->ctx, &p->y, n, key, YAML_SEQUENCE_NODE);
    *out = 0;
    for (size_t i = 0; st == ADCOV_OK && i < adcov_yaml_len(n); i++) {
        yaml_node_t *it = adcov_yaml_item(&p->y, n, i);
        const char *w = adcov_yaml_str(it);
        int code = w ? adcov_vocab_code(ADCOV_VOCAB_MEDIUM, w) : -1;
        if (w && !strcmp(w, "flat"))
            *out |= ADCOV_MEDIA_FLAT;
        else if (code >= 0)
            *out |= 1u << code;
        else
            st = adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:%s: '%s' is not a medium (%s)", p->y.path,
                            adcov_yaml_line(it), key, w ? w : "?",
                            "poster, screen, board, pole_flag, sculpture, slogan, hoarding, banner, flat");
    }
    return st;
}

static adcov_status class_list(parser *p, yaml_node_t *n, const char *key, unsigned *out)
{
    adcov_status st = adcov_yaml_expect(p->ctx, &p->y, n, key, YAML_SEQUENCE_NODE);
    *out = 0;
    for (size_t i = 0; st == ADCOV_OK && i < adcov_yaml_len(n); i++) {
        yaml_node_t *it = adcov_yaml_item(&p->y, n, i);
        const char *w = adcov_yaml_str(it);
        int code = w ? adcov_vocab_code(ADCOV_VOCAB_CLASS, w) : -1;
        if (code < 0)
            st = adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:%s: '%s' is not a road class (commercial, main, secondary)",
                            p->y.path, adcov_yaml_line(it), key, w ? w : "?");
        else
            *out |= 1u << code;
    }
    return st;
}

static adcov_status themes_of(parser *p, yaml_node_t *n, const char *key, adcov_quota *q)
{
    size_t count = adcov_yaml_is_seq(n) ? adcov_yaml_len(n) : 1;
    q->themes = adcov_calloc(count, sizeof *q->themes);
    if (!q->themes)
        return nomem(p);
    for (size_t i = 0; i < count; i++) {
        yaml_node_t *it = adcov_yaml_is_seq(n) ? adcov_yaml_item(&p->y, n, i) : n;
        const char *s = adcov_yaml_str(it);
        if (!s || !*s)
            return adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:%s: expected a theme", p->y.path, adcov_yaml_line(it), key);
        if (!(q->themes[q->nthemes++] = adcov_normalize(s)))
            return nomem(p);
    }
    return ADCOV_OK;
}

static adcov_status parse_quota(parser *p, yaml_node_t *n, const char *key, unsigned rule_media, adcov_quota *q)
{
    static const char *const keys[] = {"count", "theme", "media", "label", NULL};
    adcov_status st = adcov_yaml_expect(p->ctx, &p->y, n, key, YAML_MAPPING_NODE);
    if (!st)
        st = adcov_yaml_check_keys(p->ctx, &p->y, n, key, keys);
    if (st)
        return st;
    char sub[160];
    yaml_node_t *count = adcov_yaml_get(&p->y, n, "count");
    adcov_keyf(sub, sizeof sub, "%s.count", key);
    if (!count)
        return adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:%s: missing", p->y.path, adcov_yaml_line(n), sub);
    if ((st = phase_number(p, count, sub, q->count)))
        return st;
    q->media = rule_media;
    yaml_node_t *m = adcov_yaml_get(&p->y, n, "media"), *t = adcov_yaml_get(&p->y, n, "theme"),
                *l = adcov_yaml_get(&p->y, n, "label");
    adcov_keyf(sub, sizeof sub, "%s.media", key);
    if (m && (st = media_list(p, m, sub, &q->media)))
        return st;
    adcov_keyf(sub, sizeof sub, "%s.theme", key);
    if (t && (st = themes_of(p, t, sub, q)))
        return st;
    adcov_keyf(sub, sizeof sub, "%s.label", key);
    if (l)
        return dup_str(p, l, sub, &q->label);
    const char *deflabel = q->nthemes ? adcov_yaml_str(adcov_yaml_is_seq(t) ? adcov_yaml_item(&p->y, t, 0) : t) : "公益广告";
    q->label = adcov_strdup(deflabel);
    return q->label ? ADCOV_OK : nomem(p);
}

static adcov_status parse_quotas(parser *p, yaml_node_t *n, const char *key, adcov_rule *r)
{
    adcov_status st = adcov_yaml_expect(p->ctx, &p->y, n, key, YAML_SEQUENCE_NODE);
    if (st)
        return st;
    size_t count = adcov_yaml_len(n);
    if (!count)
        return adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:%s: needs at least one quota", p->y.path, adcov_yaml_line(n), key);
    if (count > ADCOV_RULEBOOK_MAX_QUOTAS)
        return adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:%s: at most %d quotas", p->y.path, adcov_yaml_line(n), key,
                          ADCOV_RULEBOOK_MAX_QUOTAS);
    r->quotas = adcov_calloc(count, sizeof *r->quotas);
    if (!r->quotas)
        return nomem(p);
    for (size_t i = 0; i < count && st == ADCOV_OK; i++) {
        char sub[160];
        adcov_keyf(sub, sizeof sub, "%s.%zu", key, i + 1);
        r->nquotas++;
        st = parse_quota(p, adcov_yaml_item(&p->y, n, i), sub, r->media, &r->quotas[i]);
    }
    return st;
}

static adcov_status rule_type(parser *p, yaml_node_t *n, const char *key, adcov_rule *r, const char **old_sites)
{
    const char *w = adcov_yaml_str(n);
    if ((r->method = adcov_method_named(w, old_sites))) {
        r->places = r->method->places;
        return ADCOV_OK;
    }
    return adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:%s.type: '%s' is not a counting method (%s; or the older square, "
                      "park, busstop, scenic)", p->y.path, adcov_yaml_line(n), key, w ? w : "?", adcov_method_list());
}

/* The keys a rule of its method takes: every rule's, then those of its method. */
static adcov_status method_keys(parser *p, yaml_node_t *n, const char *key, const adcov_method *m)
{
    static const char *const common[] = {"id", "type", "title", "source", "edition", "level", "verified", "media",
                                         "min_separation_m", NULL};
    static const struct { unsigned flag; const char *key; } flagged[] = {
        {ADCOV_KEY_QUOTAS, "quotas"}, {ADCOV_KEY_CLASSES, "classes"}, {ADCOV_KEY_CLASSES, "windows"},
        {ADCOV_KEY_SITES, "sites"}, {ADCOV_KEY_SHARES, "shares"}};
    for (size_t i = 0; i < adcov_yaml_len(n); i++) {
        yaml_node_t *kn = adcov_yaml_key(&p->y, n, i);
        const char *k = adcov_yaml_str(kn);
        int ok = k && (in_list(k, common) || in_list(k, m->needs) || in_list(k, m->may));
        for (size_t f = 0; k && !ok && f < sizeof flagged / sizeof *flagged; f++)
            ok = (m->keys & flagged[f].flag) && !strcmp(k, flagged[f].key);
        if (!ok)
            return adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:%s.%s: unknown key '%s' (not a key of a %s rule; see "
                              "docs/methods.md)", p->y.path, adcov_yaml_line(kn), key, k ? k : "?", k ? k : "?", m->name);
    }
    return ADCOV_OK;
}

/* sites: one word or a list of them, each folded to its canonical site type. */
static adcov_status site_list(parser *p, yaml_node_t *n, const char *key, adcov_rule *r)
{
    size_t count = adcov_yaml_is_seq(n) ? adcov_yaml_len(n) : 1;
    if (!count)
        return adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:%s: needs at least one site type", p->y.path, adcov_yaml_line(n), key);
    if (!(r->sites = adcov_calloc(count, sizeof *r->sites)))
        return nomem(p);
    for (size_t i = 0; i < count; i++) {
        yaml_node_t *it = adcov_yaml_is_seq(n) ? adcov_yaml_item(&p->y, n, i) : n;
        char buf[ADCOV_WORD_MAX];
        const char *s = adcov_yaml_str(it), *w = s ? adcov_vocab_canon(p->site_words, s, buf, sizeof buf) : NULL;
        if (!w || !*w)
            return adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:%s: expected a site type word", p->y.path, adcov_yaml_line(it), key);
        if (!(r->sites[r->nsites++] = adcov_strdup(w)))
            return nomem(p);
    }
    return ADCOV_OK;
}

static adcov_status require(parser *p, yaml_node_t *map, const char *key, const char *name, yaml_node_t **out)
{
    *out = adcov_yaml_get(&p->y, map, name);
    if (*out)
        return ADCOV_OK;
    return adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:%s.%s: missing", p->y.path, adcov_yaml_line(map), key, name);
}

static adcov_status rule_texts(parser *p, yaml_node_t *n, const char *key, adcov_rule *r)
{
    yaml_node_t *v;
    char sub[160];
    adcov_status st = require(p, n, key, "source", &v);
    if (!st && !(st = dup_str(p, v, "source", &r->source)) && !(st = require(p, n, key, "edition", &v)) &&
        !(st = dup_str(p, v, "edition", &r->edition)) && !(st = require(p, n, key, "level", &v)) &&
        !(st = dup_str(p, v, "level", &r->level)) && !(st = require(p, n, key, "verified", &v))) {
        adcov_keyf(sub, sizeof sub, "%s.verified", key);
        st = adcov_yaml_bool(p->ctx, &p->y, v, sub, &r->verified);
    }
    if (!st && (v = adcov_yaml_get(&p->y, n, "title")))
        st = dup_str(p, v, "title", &r->title);
    return st;
}

static adcov_status rule_numbers(parser *p, yaml_node_t *n, const char *key, adcov_rule *r)
{
    const char *const *nums = r->method->needs;
    adcov_status st = ADCOV_OK;
    for (size_t i = 0; st == ADCOV_OK && nums[i]; i++) {
        yaml_node_t *v = adcov_yaml_get(&p->y, n, nums[i]);
        char sub[160];
        adcov_keyf(sub, sizeof sub, "%s.%s", key, nums[i]);
        double val[2];
        if (!v)
            st = adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:%s: missing", p->y.path, adcov_yaml_line(n), sub);
        else if ((st = phase_number(p, v, sub, val)) == ADCOV_OK)
            st = push_param(p, &r->params, &r->nparams, nums[i], val);
    }
    const char *const *may = r->method->may;
    static const char *const every[] = {"min_separation_m", NULL}; /* any rule's own 处 distance (§12) */
    for (int list = 0; list < 2; list++)
        for (size_t i = 0; st == ADCOV_OK && (list ? every : may)[i]; i++) {
            const char *name = (list ? every : may)[i];
            yaml_node_t *v = adcov_yaml_get(&p->y, n, name);
            char sub[160];
            adcov_keyf(sub, sizeof sub, "%s.%s", key, name);
            double val[2];
            if (v && (st = phase_number(p, v, sub, val)) == ADCOV_OK)
                st = push_param(p, &r->params, &r->nparams, name, val);
        }
    yaml_node_t *shares = adcov_yaml_get(&p->y, n, "shares");
    if (!st && shares) {
        char sub[160];
        adcov_keyf(sub, sizeof sub, "%s.shares", key);
        st = number_map(p, shares, sub, "shares.", NULL, &r->params, &r->nparams);
    }
    return st;
}

static adcov_status check_rule(parser *p, yaml_node_t *n, const char *key, adcov_rule *r)
{
    const char *why = NULL, *bad = r->method->invalid ? r->method->invalid(r, &why) : NULL;
    if (bad)
        return adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:%s.%s: %s", p->y.path, adcov_yaml_line(n), key, bad, why);
    for (size_t i = 0; i < r->nparams; i++)
        if ((!strncmp(r->params[i].name, "share", 5) || strstr(r->params[i].name, "_share")) &&
            (r->params[i].v[0] > 1 || r->params[i].v[1] > 1))
            return adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:%s.%s: a share is at most 1", p->y.path, adcov_yaml_line(n),
                              key, r->params[i].name);
    return ADCOV_OK;
}

/* id, type (its method), then the keys that method takes. */
static adcov_status rule_head(parser *p, yaml_node_t *n, char *key, size_t keysize, adcov_rule *r, const char **old_sites)
{
    yaml_node_t *v;
    adcov_status st;
    if ((st = require(p, n, key, "id", &v)) || (st = dup_str(p, v, "id", &r->id)))
        return st;
    adcov_keyf(key, keysize, "%s", r->id);
    if ((st = require(p, n, key, "type", &v)) || (st = rule_type(p, v, key, r, old_sites)) ||
        (st = method_keys(p, n, key, r->method)) || (st = rule_texts(p, n, key, r)))
        return st;
    v = adcov_yaml_get(&p->y, n, "sites");
    char sub[192];
    adcov_keyf(sub, sizeof sub, "%s.sites", key);
    if (v) {
        r->line = adcov_yaml_line(v);
        return site_list(p, v, sub, r);
    }
    if ((r->method->keys & ADCOV_KEY_SITES) && !*old_sites)
        return adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:%s: missing (which site types this %s rule checks)", p->y.path,
                          adcov_yaml_line(n), sub, r->method->name);
    if (*old_sites) { /* square, park, busstop, scenic: the method on the sites of that type */
        r->sites = adcov_calloc(1, sizeof *r->sites);
        if (!r->sites || !(r->sites[r->nsites++] = adcov_strdup(*old_sites)))
            return nomem(p);
    }
    return ADCOV_OK;
}

static adcov_status parse_rule(parser *p, yaml_node_t *n, size_t index, adcov_rule *r)
{
    char key[160];
    adcov_keyf(key, sizeof key, "rules.%zu", index + 1);
    adcov_status st = adcov_yaml_expect(p->ctx, &p->y, n, key, YAML_MAPPING_NODE);
    const char *old_sites = NULL;
    yaml_node_t *v;
    r->selected = 1;
    r->line = adcov_yaml_line(n);
    r->media = ((1u << ADCOV_MEDIUM_COUNT) - 1) & ~(1u << ADCOV_MEDIUM_BANNER);
    if (st || (st = rule_head(p, n, key, sizeof key, r, &old_sites)))
        return st;
    char sub[192];
    if ((v = adcov_yaml_get(&p->y, n, "media")) && (adcov_keyf(sub, sizeof sub, "%s.media", key), st = media_list(p, v, sub, &r->media)))
        return st;
    if ((v = adcov_yaml_get(&p->y, n, "classes")) && (adcov_keyf(sub, sizeof sub, "%s.classes", key), st = class_list(p, v, sub, &r->classes)))
        return st;
    if ((v = adcov_yaml_get(&p->y, n, "windows"))) {
        const char *w = adcov_yaml_str(v);
        if (!w || (strcmp(w, "fixed") && strcmp(w, "sliding")))
            return adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:%s.windows: '%s' is neither sliding nor fixed", p->y.path,
                              adcov_yaml_line(v), key, w ? w : "?");
        r->fixed_windows = !strcmp(w, "fixed");
    }
    adcov_keyf(sub, sizeof sub, "%s.quotas", key);
    if ((r->method->keys & ADCOV_KEY_QUOTAS) && (st = require(p, n, key, "quotas", &v)))
        return st;
    if ((v = adcov_yaml_get(&p->y, n, "quotas")) && (st = parse_quotas(p, v, sub, r)))
        return st;
    if ((st = rule_numbers(p, n, key, r)))
        return st;
    return check_rule(p, n, key, r);
}

static adcov_status parse_params(parser *p, yaml_node_t *n, adcov_rulebook *rb)
{
    adcov_status st = adcov_yaml_expect(p->ctx, &p->y, n, "params", YAML_MAPPING_NODE);
    for (size_t i = 0; st == ADCOV_OK && analysis_nums[i]; i++) {
        yaml_node_t *v = adcov_yaml_get(&p->y, n, analysis_nums[i]);
        char sub[96];
        adcov_keyf(sub, sizeof sub, "params.%s", analysis_nums[i]);
        double val[2];
        if (!v)
            st = adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:%s: missing", p->y.path, adcov_yaml_line(n), sub);
        else if ((st = phase_number(p, v, sub, val)) == ADCOV_OK)
            st = push_param(p, &rb->params, &rb->nparams, analysis_nums[i], val);
    }
    for (size_t i = 0; st == ADCOV_OK && zone_nums[i]; i++) {
        yaml_node_t *v = adcov_yaml_get(&p->y, n, zone_nums[i]);
        char sub[96];
        adcov_keyf(sub, sizeof sub, "params.%s", zone_nums[i]);
        double val[2] = {zone_defaults[i], zone_defaults[i]};
        if (!v || (st = phase_number(p, v, sub, val)) == ADCOV_OK)
            st = push_param(p, &rb->params, &rb->nparams, zone_nums[i], val);
    }
    for (size_t i = 0; st == ADCOV_OK && i < adcov_yaml_len(n); i++) {
        yaml_node_t *kn = adcov_yaml_key(&p->y, n, i);
        const char *k = adcov_yaml_str(kn);
        if (!k || (!in_list(k, analysis_nums) && !in_list(k, zone_nums) && strcmp(k, "view_m")))
            st = adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:params.%s: unknown key", p->y.path, adcov_yaml_line(kn), k ? k : "?");
    }
    yaml_node_t *view = adcov_yaml_get(&p->y, n, "view_m");
    if (!st && !view)
        st = adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:params.view_m: missing", p->y.path, adcov_yaml_line(n));
    if (!st)
        st = number_map(p, view, "params.view_m", "view_m.", (const char *const[]){"poster", "screen", "board",
                        "pole_flag", "sculpture", "slogan", "hoarding", "banner", NULL}, &rb->params, &rb->nparams);
    for (int m = 0; !st && m < ADCOV_MEDIUM_COUNT; m++) {
        char name[64];
        adcov_keyf(name, sizeof name, "view_m.%s", adcov_vocab_word(ADCOV_VOCAB_MEDIUM, m));
        if (!(adcov_rulebook_param(rb, name, ADCOV_DAILY) > 0))
            st = adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:params.%s: missing or 0", p->y.path, adcov_yaml_line(view), name);
    }
    return st;
}

/* sampling: { RULE: { draws: N, weight: W, verified: false } … } (SPEC §13), after the rules. */
static adcov_status parse_sampling(parser *p, yaml_node_t *n, adcov_rulebook *rb)
{
    static const char *const keys[] = {"draws", "weight", "verified", NULL};
    adcov_status st = adcov_yaml_expect(p->ctx, &p->y, n, "sampling", YAML_MAPPING_NODE);
    for (size_t i = 0; !st && i < adcov_yaml_len(n); i++) {
        yaml_node_t *kn = adcov_yaml_key(&p->y, n, i), *v = adcov_yaml_value(&p->y, n, i), *x;
        const char *k = adcov_yaml_str(kn);
        char sub[160];
        adcov_keyf(sub, sizeof sub, "sampling.%s", k ? k : "?");
        adcov_rule *r = NULL;
        for (size_t j = 0; k && j < rb->nrules && !r; j++)
            r = !strcmp(rb->rules[j].id, k) ? &rb->rules[j] : NULL;
        if (!r) {
            st = adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:%s: no rule of this rulebook has that id", p->y.path,
                            adcov_yaml_line(kn), sub);
            break;
        }
        double draws = 0, weight = 1;
        if ((st = adcov_yaml_expect(p->ctx, &p->y, v, sub, YAML_MAPPING_NODE)) ||
            (st = adcov_yaml_check_keys(p->ctx, &p->y, v, sub, keys)) || (st = require(p, v, sub, "draws", &x)) ||
            (st = adcov_yaml_number(p->ctx, &p->y, x, sub, &draws)))
            break;
        if (draws < 1 || draws > 1e6 || draws != (double)(size_t)draws)
            st = adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:%s.draws: %g is not a whole number of places from 1 up",
                            p->y.path, adcov_yaml_line(x), sub, draws);
        if (!st && (x = adcov_yaml_get(&p->y, v, "weight")) && !(st = adcov_yaml_number(p->ctx, &p->y, x, sub, &weight)) &&
            !(weight > 0 && weight < 1e9))
            st = adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:%s.weight: %g is not above 0", p->y.path, adcov_yaml_line(x), sub, weight);
        r->sampling_verified = 0;
        if (!st && (x = adcov_yaml_get(&p->y, v, "verified")))
            st = adcov_yaml_bool(p->ctx, &p->y, x, sub, &r->sampling_verified);
        r->sampled = 1, r->draws = (size_t)draws, r->weight = weight;
    }
    return st;
}

static adcov_status parse_book(parser *p, adcov_rulebook *rb)
{
    static const char *const keys[] = {"name", "title", "params", "rules", "sampling", NULL};
    yaml_node_t *root = adcov_yaml_root(&p->y), *v;
    adcov_status st = adcov_yaml_expect(p->ctx, &p->y, root, "(top)", YAML_MAPPING_NODE);
    if (st || (st = adcov_yaml_check_keys(p->ctx, &p->y, root, "", keys)) || (st = require(p, root, "(top)", "name", &v)) ||
        (st = dup_str(p, v, "name", &rb->name)) || (st = require(p, root, "(top)", "title", &v)) ||
        (st = dup_str(p, v, "title", &rb->title)) || (st = require(p, root, "(top)", "params", &v)) ||
        (st = parse_params(p, v, rb)) || (st = require(p, root, "(top)", "rules", &v)) ||
        (st = adcov_yaml_expect(p->ctx, &p->y, v, "rules", YAML_SEQUENCE_NODE)))
        return st;
    size_t n = adcov_yaml_len(v);
    if (n > ADCOV_RULEBOOK_MAX_RULES)
        return adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:rules: at most %d rules in one rulebook", p->y.path,
                          adcov_yaml_line(v), ADCOV_RULEBOOK_MAX_RULES);
    rb->rules = adcov_calloc(n, sizeof *rb->rules);
    if (!rb->rules)
        return nomem(p);
    for (size_t i = 0; i < n && st == ADCOV_OK; i++) {
        rb->nrules++;
        st = parse_rule(p, adcov_yaml_item(&p->y, v, i), i, &rb->rules[i]);
        for (size_t k = 0; st == ADCOV_OK && k < i; k++)
            if (!strcmp(rb->rules[k].id, rb->rules[i].id))
                st = adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:%s: rule id used twice", p->y.path,
                                adcov_yaml_line(adcov_yaml_item(&p->y, v, i)), rb->rules[i].id);
    }
    if (!st && (v = adcov_yaml_get(&p->y, root, "sampling")))
        st = parse_sampling(p, v, rb);
    return st;
}

/* Parses path (or text, named path) into rb, which takes path over. */
static adcov_status parse_into(adcov_ctx *ctx, char *path, const char *text, adcov_rulebook *rb)
{
    rb->path = path;
    parser p = {.ctx = ctx, .site_words = adcov_vocab_new(ADCOV_VOCAB_SITE)};
    if (!p.site_words)
        return adcov_fail(ctx, ADCOV_ENOMEM, "%s: out of memory", path);
    adcov_status st = adcov_yaml_load(ctx, path, text, &p.y);
    if (st == ADCOV_OK)
        st = parse_book(&p, rb);
    adcov_yaml_free(&p.y);
    adcov_vocab_free(p.site_words);
    return st;
}

static char *resolve(const char *name_or_path, const char *dir)
{
    struct stat sb;
    if (strchr(name_or_path, '/') || strstr(name_or_path, ".yaml") || strstr(name_or_path, ".yml") ||
        stat(name_or_path, &sb) == 0)
        return adcov_strdup(name_or_path);
    return adcov_sprintf("%s/%s.yaml", dir, name_or_path);
}

adcov_status adcov_rulebook_load(adcov_ctx *ctx, const char *name_or_path, const char *dir, const char *named_by,
                                 adcov_rulebook **out)
{
    *out = NULL;
    char *path = resolve(name_or_path, dir);
    adcov_rulebook *rb = adcov_calloc(1, sizeof *rb);
    if (!path || !rb) {
        free(path);
        free(rb);
        return adcov_fail(ctx, ADCOV_ENOMEM, "rulebook: out of memory");
    }
    struct stat sb;
    if (!strchr(name_or_path, '/') && stat(path, &sb) != 0 && stat(name_or_path, &sb) != 0) {
        adcov_status st = adcov_fail(ctx, ADCOV_ECONFIG,
                                     "%s: no rulebook '%s' (shipped: default, national-2015, scenic-2020; or a .yaml file)",
                                     named_by ? named_by : name_or_path, name_or_path);
        free(path);
        free(rb);
        return st;
    }
    adcov_status st = parse_into(ctx, path, NULL, rb);
    if (st != ADCOV_OK) {
        adcov_rulebook_free(rb);
        return st;
    }
    *out = rb;
    return ADCOV_OK;
}

adcov_status adcov_rulebook_parse(adcov_ctx *ctx, const char *name, const char *text, adcov_rulebook **out)
{
    *out = NULL;
    adcov_rulebook *rb = adcov_calloc(1, sizeof *rb);
    char *path = adcov_strdup(name);
    if (!rb || !path) {
        free(rb);
        free(path);
        return adcov_fail(ctx, ADCOV_ENOMEM, "rulebook: out of memory");
    }
    adcov_status st = parse_into(ctx, path, text, rb);
    if (st != ADCOV_OK) {
        adcov_rulebook_free(rb);
        return st;
    }
    *out = rb;
    return ADCOV_OK;
}

/* ---- overrides ---- */

static adcov_param *param_named(adcov_param *p, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(p[i].name, name))
            return &p[i];
    return NULL;
}

static adcov_rule *rule_prefix(adcov_rulebook *rb, const char *key, const char **rest)
{
    adcov_rule *best = NULL;
    size_t bestlen = 0;
    for (size_t i = 0; i < rb->nrules; i++) {
        size_t len = strlen(rb->rules[i].id);
        if (!strncmp(key, rb->rules[i].id, len) && key[len] == '.' && len > bestlen) {
            best = &rb->rules[i];
            bestlen = len;
        }
    }
    *rest = best ? key + bestlen + 1 : key;
    return best;
}

static adcov_status set_in_rule(adcov_ctx *ctx, adcov_rule *r, const char *param, const char *value, double v)
{
    if (!strcmp(param, "windows")) {
        if (strcmp(value, "fixed") && strcmp(value, "sliding"))
            return adcov_fail(ctx, ADCOV_EUSAGE, "--set:%s.windows: '%s' is neither sliding nor fixed", r->id, value);
        r->fixed_windows = !strcmp(value, "fixed");
        return ADCOV_OK;
    }
    double *slot = NULL;
    unsigned qi;
    int used = 0;
    if (sscanf(param, "quotas.%u.count%n", &qi, &used) == 1 && param[used] == '\0' && qi >= 1 && qi <= r->nquotas) {
        slot = r->quotas[qi - 1].count;
    } else {
        adcov_param *p = param_named(r->params, r->nparams, param);
        if (!p && (!strcmp(param, "min_separation_m") || in_list(param, r->method->may)) && !isnan(v) && v >= 0) {
            adcov_param *grown = adcov_realloc(r->params, (r->nparams + 1) * sizeof *grown); /* a number it may give */
            char *name = grown ? adcov_strdup(param) : NULL;
            if (grown)
                r->params = grown;
            if (!name)
                return adcov_fail(ctx, ADCOV_ENOMEM, "--set:%s.%s: out of memory", r->id, param);
            p = &r->params[r->nparams++];
            *p = (adcov_param){.name = name};
        }
        slot = p ? p->v : NULL;
    }
    if (!slot)
        return adcov_fail(ctx, ADCOV_EUSAGE, "--set:%s.%s: the rule has no such number", r->id, param);
    if (isnan(v) || v < 0 || (!strcmp(param, "window_m") && v <= 0))
        return adcov_fail(ctx, ADCOV_EUSAGE, "--set:%s.%s: '%s' is not an allowed value", r->id, param, value);
    slot[0] = slot[1] = v;
    return ADCOV_OK;
}

adcov_status adcov_rulebook_set(adcov_ctx *ctx, adcov_rulebook *rb, const char *assignment)
{
    const char *eq = strchr(assignment, '=');
    if (!eq || eq == assignment)
        return adcov_fail(ctx, ADCOV_EUSAGE, "--set:%s: expected rule.param=value", assignment);
    char key[256];
    adcov_keyf(key, sizeof key, "%.*s", (int)(eq - assignment), assignment);
    const char *value = eq + 1;
    char *end = NULL;
    double v = *value ? strtod(value, &end) : NAN;
    if (end && *end)
        v = NAN;
    const char *rest;
    adcov_rule *r = rule_prefix(rb, key, &rest);
    if (r)
        return set_in_rule(ctx, r, rest, value, v);
    if (!strncmp(key, "params.", 7))
        rest = key + 7;
    adcov_param *p = param_named(rb->params, rb->nparams, rest);
    if (!p)
        return adcov_fail(ctx, ADCOV_EUSAGE, "--set:%s: no rule or parameter of that name", key);
    if (isnan(v) || v < 0)
        return adcov_fail(ctx, ADCOV_EUSAGE, "--set:%s: '%s' is not an allowed value", key, value);
    p->v[0] = p->v[1] = v;
    return ADCOV_OK;
}

adcov_status adcov_rulebook_only(adcov_ctx *ctx, adcov_rulebook *rb, const char *list)
{
    for (size_t i = 0; i < rb->nrules; i++)
        rb->rules[i].selected = 0;
    const char *s = list;
    while (*s) {
        size_t len = strcspn(s, ",");
        int found = 0;
        for (size_t i = 0; i < rb->nrules; i++)
            if (strlen(rb->rules[i].id) == len && !strncmp(rb->rules[i].id, s, len))
                rb->rules[i].selected = found = 1;
        if (!found && len)
            return adcov_fail(ctx, ADCOV_EUSAGE, "--only:%.*s: no rule of that id in rulebook '%s'", (int)len, s, rb->name);
        s += len + (s[len] == ',');
    }
    return ADCOV_OK;
}

/* ---- printing ---- */

static void print_media(unsigned media, FILE *f)
{
    const char *sep = "";
    for (int m = 0; m < ADCOV_MEDIUM_COUNT; m++)
        if (media & (1u << m)) {
            fprintf(f, "%s%s", sep, adcov_vocab_word(ADCOV_VOCAB_MEDIUM, m));
            sep = ",";
        }
}

static void print_rule(const adcov_rule *r, adcov_phase ph, FILE *f)
{
    fprintf(f, "\n%s  [%s]%s%s\n", r->id, r->method->name, r->title ? "  " : "", r->title ? r->title : "");
    if (r->nsites) {
        fprintf(f, "  sites:");
        for (size_t i = 0; i < r->nsites; i++)
            fprintf(f, " %s", r->sites[i]);
        fprintf(f, "\n");
    }
    if (r->method->keys & ADCOV_KEY_CLASSES) {
        fprintf(f, "  classes: ");
        for (int c = 0; c < ADCOV_CLASS_COUNT; c++)
            if (r->classes & (1u << c))
                fprintf(f, "%s ", adcov_vocab_word(ADCOV_VOCAB_CLASS, c));
        fprintf(f, "  windows: %s\n", r->fixed_windows ? "fixed" : "sliding");
    }
    for (size_t i = 0; i < r->nparams; i++)
        fprintf(f, "  %s: %g\n", r->params[i].name, r->params[i].v[ph]);
    for (size_t q = 0; q < r->nquotas; q++) {
        fprintf(f, "  quota %zu: >= %g 处 %s (media: ", q + 1, r->quotas[q].count[ph], r->quotas[q].label);
        print_media(r->quotas[q].media, f);
        fprintf(f, ")\n");
    }
    fprintf(f, "  source: %s (%s), level: %s, verified: %s\n", r->source, r->edition, r->level,
            r->verified ? "yes" : "no");
    if (r->sampled)
        fprintf(f, "  mock inspection: %zu places a draw, weight %g, verified: %s\n", r->draws, r->weight,
                r->sampling_verified ? "yes" : "no");
}

void adcov_rulebook_print(const adcov_rulebook *rb, adcov_phase phase, FILE *f)
{
    fprintf(f, "rulebook %s — %s\nfile: %s\nphase: %s\n\nanalysis parameters:\n", rb->name, rb->title, rb->path,
            phase == ADCOV_INSPECTION ? "inspection (迎检)" : "daily (日常)");
    for (size_t i = 0; i < rb->nparams; i++)
        fprintf(f, "  %s: %g\n", rb->params[i].name, rb->params[i].v[phase]);
    for (size_t i = 0; i < rb->nrules; i++)
        if (rb->rules[i].selected)
            print_rule(&rb->rules[i], phase, f);
}
