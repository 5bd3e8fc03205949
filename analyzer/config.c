#include "config.h"
#include "yamlx.h"
#include "layer.h"

#include <libgen.h>
#include <stdlib.h>
#include <string.h>

static const char *const role_names[] = {"roads", "ads", "buildings", "sites", "gates", "bus_stops",
                                         "hoardings", "carriers", "inspection_points", "zones", "districts", NULL};
static const char *const road_fields[] = {"name", "class", "road_id", "duty", NULL};
static const char *const ad_fields[] = {"id", "kind", "medium", "theme", "condition", "facing", "sides",
                                        "width_m", "height_m", "view_m", "carrier_id", "photo", "duty", "photo_time", NULL};
static const char *const site_fields[] = {"type", "name", "id", "duty", "site_id", "photo", "photo_time", NULL};
static const char *const gate_fields[] = {"site_id", "id", NULL};
static const char *const stop_fields[] = {"id", "name", "photo", "photo_time", NULL};
static const char *const hoarding_fields[] = {"height_m", "id", "duty", "photo", "photo_time", NULL};
static const char *const carrier_fields[] = {"class", "id", NULL};
static const char *const point_fields[] = {"name", "id", NULL};
static const char *const district_fields[] = {"name", "code", "id", NULL};
static const char *const no_fields[] = {NULL};

const char *adcov_role_name(adcov_role role) { return role < ADCOV_ROLE_COUNT ? role_names[role] : "?"; }

const char *const *adcov_role_fields(adcov_role role)
{
    switch (role) {
    case ADCOV_ROLE_ROADS: return road_fields;
    case ADCOV_ROLE_ADS: return ad_fields;
    case ADCOV_ROLE_SITES: return site_fields;
    case ADCOV_ROLE_GATES: return gate_fields;
    case ADCOV_ROLE_BUS_STOPS: return stop_fields;
    case ADCOV_ROLE_HOARDINGS: return hoarding_fields;
    case ADCOV_ROLE_CARRIERS: return carrier_fields;
    case ADCOV_ROLE_INSPECTION_POINTS: case ADCOV_ROLE_ZONES: return point_fields;
    case ADCOV_ROLE_DISTRICTS: return district_fields;
    default: return no_fields;
    }
}

int adcov_role_photo_slot(adcov_role role, int *time_slot)
{
    static const struct { adcov_role role; int photo, time; } slots[] = {
        {ADCOV_ROLE_ADS, ADCOV_AD_PHOTO, ADCOV_AD_PHOTO_TIME}, {ADCOV_ROLE_SITES, 5, 6}, {ADCOV_ROLE_BUS_STOPS, 2, 3},
        {ADCOV_ROLE_HOARDINGS, 3, 4}};
    for (size_t i = 0; i < sizeof slots / sizeof slots[0]; i++)
        if (slots[i].role == role) {
            if (time_slot)
                *time_slot = slots[i].time;
            return slots[i].photo;
        }
    return -1;
}

int adcov_role_field_required(adcov_role role, size_t f)
{
    if (role == ADCOV_ROLE_ROADS)
        return f == ADCOV_ROAD_CLASS;
    if (role == ADCOV_ROLE_ADS)
        return f == ADCOV_AD_KIND || f == ADCOV_AD_MEDIUM || f == ADCOV_AD_THEME || f == ADCOV_AD_CONDITION;
    if (role == ADCOV_ROLE_SITES || role == ADCOV_ROLE_CARRIERS)
        return f == 0; /* type, class */
    return 0;
}

int adcov_role_geometries(adcov_role role)
{
    static const int geoms[ADCOV_ROLE_COUNT] = {
        [ADCOV_ROLE_ROADS] = ADCOV_GEOM_LINE, [ADCOV_ROLE_ADS] = ADCOV_GEOM_POINT,
        [ADCOV_ROLE_BUILDINGS] = ADCOV_GEOM_POLYGON, [ADCOV_ROLE_SITES] = ADCOV_GEOM_POINT | ADCOV_GEOM_POLYGON,
        [ADCOV_ROLE_BUS_STOPS] = ADCOV_GEOM_POINT, [ADCOV_ROLE_GATES] = ADCOV_GEOM_POINT,
        [ADCOV_ROLE_HOARDINGS] = ADCOV_GEOM_LINE | ADCOV_GEOM_POLYGON, [ADCOV_ROLE_CARRIERS] = ADCOV_GEOM_POINT,
        [ADCOV_ROLE_ZONES] = ADCOV_GEOM_POLYGON, [ADCOV_ROLE_INSPECTION_POINTS] = ADCOV_GEOM_POINT,
        [ADCOV_ROLE_DISTRICTS] = ADCOV_GEOM_POLYGON};
    return (unsigned)role < ADCOV_ROLE_COUNT ? geoms[role] : 0;
}

static void free_input(adcov_input *in)
{
    while (in->next) { /* the further sources, freed one by one */
        adcov_input *next = in->next;
        in->next = next->next;
        next->next = NULL;
        free_input(next);
        free(next);
    }
    for (size_t i = 0; i < in->nwords; i++)
        free(in->words[i].word), free(in->words[i].where);
    free(in->words);
    free(in->path);
    free(in->path_written);
    free(in->layer);
    free(in->crs);
    free(in->datum);
    free(in->encoding);
    free(in->photos);
    free(in->photos_written);
    free(in->x);
    free(in->y);
    for (int f = 0; f < ADCOV_MAX_FIELDS; f++) {
        free(in->fields[f]);
        free(in->set[f]);
    }
    for (int v = 0; v < ADCOV_VOCAB_COUNT; v++)
        adcov_vocab_free(in->vocab[v]);
    for (size_t i = 0; i < in->ncommercial; i++)
        free(in->commercial_names[i]);
    free(in->commercial_names);
}

void adcov_config_free(adcov_config *cfg)
{
    if (!cfg)
        return;
    for (int r = 0; r < ADCOV_ROLE_COUNT; r++)
        free_input(&cfg->inputs[r]);
    free(cfg->path);
    free(cfg->rulebook);
    free(cfg->analysis_crs);
    free(cfg->output);
    free(cfg);
}

typedef struct {
    adcov_ctx *ctx;
    adcov_yaml y;
    char *dir;
} parser;

static adcov_status nomem(parser *p) { return adcov_fail(p->ctx, ADCOV_ENOMEM, "%s: out of memory", p->y.path); }

static adcov_status text(parser *p, yaml_node_t *n, const char *key, char **out)
{
    const char *s = adcov_yaml_str(n);
    if (!s || !*s)
        return adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:%s: expected text", p->y.path, adcov_yaml_line(n), key);
    free(*out);
    *out = adcov_strdup(s);
    return *out ? ADCOV_OK : nomem(p);
}

static char *resolve(parser *p, const char *path)
{
    if (path[0] == '/' || !strcmp(p->dir, "."))
        return adcov_strdup(path);
    return adcov_sprintf("%s/%s", p->dir, path);
}

/* fields: { name: 道路名称 } (is_set 0) or set: { class: main, duty: 城管局 } (is_set 1): per slot of the role,
 * the source's field name, or the value every feature of the source takes for a field it lacks. */
static adcov_status parse_slots(parser *p, yaml_node_t *n, const char *key, adcov_role role, adcov_input *in, int is_set)
{
    const char *const *names = adcov_role_fields(role);
    adcov_status st = adcov_yaml_expect(p->ctx, &p->y, n, key, YAML_MAPPING_NODE);
    if (!st)
        st = adcov_yaml_check_keys(p->ctx, &p->y, n, key, names);
    for (size_t f = 0; !st && names[f]; f++) {
        yaml_node_t *v = adcov_yaml_get(&p->y, n, names[f]);
        char sub[96];
        adcov_keyf(sub, sizeof sub, "%s.%s", key, names[f]);
        if (v && is_set && in->explicit_field[f])
            return adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:%s: the source also maps this field in 'fields'; give one "
                              "or the other", p->y.path, adcov_yaml_line(v), sub);
        if (!v || (st = text(p, v, sub, is_set ? &in->set[f] : &in->fields[f])))
            continue;
        in->explicit_field[f] = !is_set;
        if (is_set) { /* a set value is not looked for in the data */
            free(in->fields[f]);
            in->fields[f] = NULL;
        }
    }
    return st;
}

static adcov_status parse_synonyms(parser *p, yaml_node_t *n, const char *key, adcov_input *in,
                                   adcov_vocab_type type)
{
    adcov_status st = adcov_yaml_expect(p->ctx, &p->y, n, key, YAML_MAPPING_NODE);
    for (size_t i = 0; !st && i < adcov_yaml_len(n); i++) {
        yaml_node_t *kn = adcov_yaml_key(&p->y, n, i), *vn = adcov_yaml_value(&p->y, n, i);
        const char *k = adcov_yaml_str(kn), *v = adcov_yaml_str(vn);
        if (!k || !v)
            return adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:%s: expected 'word: canonical'", p->y.path,
                              adcov_yaml_line(kn), key);
        st = adcov_vocab_add(in->vocab[type], k, v);
        if (st == ADCOV_EINPUT)
            return adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:%s.%s: '%s' is not a canonical %s", p->y.path,
                              adcov_yaml_line(vn), key, k, v,
                              type == ADCOV_VOCAB_CLASS     ? "road class (commercial, main, secondary)"
                              : type == ADCOV_VOCAB_SITE    ? "site type (a word)"
                              : type == ADCOV_VOCAB_CARRIER ? "carrier class (lane_shade, bike_shelter, venue, hospital, other)"
                                                            : "word");
        if (st || adcov_grow((void **)&in->words, &in->capwords, in->nwords + 1, sizeof *in->words))
            return nomem(p);
        adcov_config_word *w = &in->words[in->nwords];
        w->vocab = type;
        w->word = adcov_normalize(k);
        w->where = adcov_sprintf("%s:%d:%s.%s", p->y.path, adcov_yaml_line(kn), key, k);
        in->nwords++;
        if (!w->word || !w->where)
            return nomem(p);
    }
    return st;
}

static adcov_status parse_names(parser *p, yaml_node_t *n, const char *key, adcov_input *in)
{
    adcov_status st = adcov_yaml_expect(p->ctx, &p->y, n, key, YAML_SEQUENCE_NODE);
    size_t count = adcov_yaml_len(n);
    if (st)
        return st;
    in->commercial_names = adcov_calloc(count, sizeof *in->commercial_names);
    if (!in->commercial_names)
        return nomem(p);
    for (size_t i = 0; i < count; i++) {
        const char *s = adcov_yaml_str(adcov_yaml_item(&p->y, n, i));
        if (!s)
            return adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:%s: expected a street name", p->y.path,
                              adcov_yaml_line(adcov_yaml_item(&p->y, n, i)), key);
        if (!(in->commercial_names[in->ncommercial++] = adcov_normalize(s)))
            return nomem(p);
    }
    return ADCOV_OK;
}

static adcov_status parse_ad_synonyms(parser *p, yaml_node_t *n, const char *key, adcov_input *in)
{
    static const char *const keys[] = {"kind", "medium", "condition", NULL};
    adcov_status st = adcov_yaml_expect(p->ctx, &p->y, n, key, YAML_MAPPING_NODE);
    if (!st)
        st = adcov_yaml_check_keys(p->ctx, &p->y, n, key, keys);
    const adcov_vocab_type types[] = {ADCOV_VOCAB_KIND, ADCOV_VOCAB_MEDIUM, ADCOV_VOCAB_CONDITION};
    for (int i = 0; !st && keys[i]; i++) {
        yaml_node_t *v = adcov_yaml_get(&p->y, n, keys[i]);
        char sub[96];
        adcov_keyf(sub, sizeof sub, "%s.%s", key, keys[i]);
        if (v)
            st = parse_synonyms(p, v, sub, in, types[i]);
    }
    return st;
}

static adcov_status make_vocabs(parser *p, adcov_input *in)
{
    for (int t = 0; t < ADCOV_VOCAB_COUNT; t++)
        if (!(in->vocab[t] = adcov_vocab_new((adcov_vocab_type)t)))
            return nomem(p);
    return ADCOV_OK;
}

static adcov_status input_texts(parser *p, yaml_node_t *n, const char *key, adcov_input *in)
{
    struct { const char *name; char **slot; } t[] = {{"layer", &in->layer}, {"crs", &in->crs}, {"datum", &in->datum},
                                                     {"encoding", &in->encoding}, {"x", &in->x}, {"y", &in->y}};
    adcov_status st = ADCOV_OK;
    for (size_t i = 0; !st && i < sizeof t / sizeof t[0]; i++) {
        yaml_node_t *v = adcov_yaml_get(&p->y, n, t[i].name);
        char sub[96];
        adcov_keyf(sub, sizeof sub, "%s.%s", key, t[i].name);
        if (v)
            st = text(p, v, sub, t[i].slot);
    }
    if (!st && in->datum && adcov_datum_parse(in->datum, &in->datum_code))
        st = adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:%s.datum: '%s' is not wgs84, gcj02 or bd09", p->y.path,
                        adcov_yaml_line(adcov_yaml_get(&p->y, n, "datum")), key, in->datum);
    if (!st && (!in->x) != (!in->y))
        st = adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:%s: give both x and y coordinate columns", p->y.path,
                        adcov_yaml_line(n), key);
    return st;
}

/* photos: DIR, for a role whose features may have photos (SPEC §14): resolved like path. */
static adcov_status photos_folder(parser *p, yaml_node_t *n, const char *key, adcov_role role, adcov_input *in)
{
    yaml_node_t *v = adcov_yaml_get(&p->y, n, "photos");
    if (!v)
        return ADCOV_OK;
    char sub[96];
    adcov_keyf(sub, sizeof sub, "%s.photos", key);
    if (adcov_role_photo_slot(role, NULL) < 0)
        return adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:%s: only ads, sites, bus_stops and hoardings have photos",
                          p->y.path, adcov_yaml_line(v), sub);
    adcov_status st = text(p, v, sub, &in->photos_written);
    if (!st && !(in->photos = resolve(p, in->photos_written)))
        st = nomem(p);
    return st;
}

static adcov_status parse_input(parser *p, yaml_node_t *n, const char *key, adcov_role role, adcov_input *in)
{
    static const char *const keys[] = {"path", "layer", "crs", "datum", "encoding", "x", "y", "fields", "set",
                                       "classes", "commercial_names", "synonyms", "types", "photos", NULL};
    adcov_status st = adcov_yaml_expect(p->ctx, &p->y, n, key, YAML_MAPPING_NODE);
    if (st || (st = adcov_yaml_check_keys(p->ctx, &p->y, n, key, keys)) || (st = make_vocabs(p, in)))
        return st;
    in->present = 1;
    yaml_node_t *v = adcov_yaml_get(&p->y, n, "path");
    char sub[96];
    adcov_keyf(sub, sizeof sub, "%s.path", key);
    if (!v)
        return adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:%s: missing", p->y.path, adcov_yaml_line(n), sub);
    if ((st = text(p, v, sub, &in->path_written)))
        return st;
    if (!(in->path = resolve(p, in->path_written)))
        return nomem(p);
    if ((st = input_texts(p, n, key, in)) || (st = photos_folder(p, n, key, role, in)))
        return st;
    const char *const *names = adcov_role_fields(role);
    for (size_t f = 0; names[f]; f++)
        if (!(in->fields[f] = adcov_strdup(names[f])))
            return nomem(p);
    struct { const char *name; int ok_for, or_for; } extra[] = {
        {"classes", ADCOV_ROLE_ROADS, ADCOV_ROLE_CARRIERS}, {"commercial_names", ADCOV_ROLE_ROADS, -1},
        {"synonyms", ADCOV_ROLE_ADS, -1}, {"types", ADCOV_ROLE_SITES, -1}};
    for (size_t i = 0; i < 4; i++)
        if (adcov_yaml_get(&p->y, n, extra[i].name) && (int)role != extra[i].ok_for && (int)role != extra[i].or_for)
            return adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:%s.%s: only the %s input takes this key", p->y.path,
                              adcov_yaml_line(adcov_yaml_get(&p->y, n, extra[i].name)), key, extra[i].name,
                              role_names[extra[i].ok_for]);
    adcov_keyf(sub, sizeof sub, "%s.fields", key);
    if ((v = adcov_yaml_get(&p->y, n, "fields")) && (st = parse_slots(p, v, sub, role, in, 0)))
        return st;
    adcov_keyf(sub, sizeof sub, "%s.set", key);
    if ((v = adcov_yaml_get(&p->y, n, "set")) && (st = parse_slots(p, v, sub, role, in, 1)))
        return st;
    adcov_keyf(sub, sizeof sub, "%s.classes", key);
    if ((v = adcov_yaml_get(&p->y, n, "classes")) &&
        (st = parse_synonyms(p, v, sub, in, role == ADCOV_ROLE_CARRIERS ? ADCOV_VOCAB_CARRIER : ADCOV_VOCAB_CLASS)))
        return st;
    adcov_keyf(sub, sizeof sub, "%s.commercial_names", key);
    if ((v = adcov_yaml_get(&p->y, n, "commercial_names")) && (st = parse_names(p, v, sub, in)))
        return st;
    adcov_keyf(sub, sizeof sub, "%s.synonyms", key);
    if ((v = adcov_yaml_get(&p->y, n, "synonyms")) && (st = parse_ad_synonyms(p, v, sub, in)))
        return st;
    adcov_keyf(sub, sizeof sub, "%s.types", key);
    if ((v = adcov_yaml_get(&p->y, n, "types")) && (st = parse_synonyms(p, v, sub, in, ADCOV_VOCAB_SITE)))
        return st;
    return ADCOV_OK;
}

/* A role's sources: one mapping, or a list of them (SPEC §11), chained from first. */
static adcov_status parse_sources(parser *p, yaml_node_t *n, adcov_role role, adcov_input *first)
{
    char key[64];
    adcov_keyf(key, sizeof key, "inputs.%s", role_names[role]);
    if (n->type != YAML_SEQUENCE_NODE)
        return parse_input(p, n, key, role, first);
    if (adcov_yaml_len(n) == 0)
        return adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:%s: an empty list; give at least one source", p->y.path,
                          adcov_yaml_line(n), key);
    adcov_input *in = first;
    adcov_status st = ADCOV_OK;
    for (size_t i = 0; !st && i < adcov_yaml_len(n); i++) {
        if (i && !(in = in->next = adcov_calloc(1, sizeof *in)))
            return nomem(p);
        adcov_keyf(key, sizeof key, "inputs.%s[%zu]", role_names[role], i);
        st = parse_input(p, adcov_yaml_item(&p->y, n, i), key, role, in);
    }
    return st;
}

const adcov_input *adcov_config_source(const adcov_config *cfg, adcov_role role, size_t k)
{
    const adcov_input *in = role < ADCOV_ROLE_COUNT && cfg->inputs[role].present ? &cfg->inputs[role] : NULL;
    while (in && k--)
        in = in->next;
    return in;
}

size_t adcov_config_nsources(const adcov_config *cfg, adcov_role role)
{
    size_t n = 0;
    while (adcov_config_source(cfg, role, n))
        n++;
    return n;
}

static adcov_status parse_inputs(parser *p, yaml_node_t *n, adcov_config *cfg)
{
    adcov_status st = adcov_yaml_expect(p->ctx, &p->y, n, "inputs", YAML_MAPPING_NODE);
    if (!st)
        st = adcov_yaml_check_keys(p->ctx, &p->y, n, "inputs", role_names);
    for (int r = 0; !st && r < ADCOV_ROLE_COUNT; r++) {
        yaml_node_t *v = adcov_yaml_get(&p->y, n, role_names[r]);
        if (v)
            st = parse_sources(p, v, (adcov_role)r, &cfg->inputs[r]);
    }
    if (!st && !cfg->inputs[ADCOV_ROLE_ADS].present)
        st = adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:inputs.ads: missing (every rule needs the ads)", p->y.path,
                        adcov_yaml_line(n));
    return st;
}

/* panel_size: { width_m: 2, height_m: 1 }: the size of a hoarding panel that gives none. */
static adcov_status parse_panel_size(parser *p, yaml_node_t *n, adcov_config *cfg)
{
    static const char *const keys[] = {"width_m", "height_m", NULL};
    adcov_status st = adcov_yaml_expect(p->ctx, &p->y, n, "panel_size", YAML_MAPPING_NODE);
    if (!st)
        st = adcov_yaml_check_keys(p->ctx, &p->y, n, "panel_size", keys);
    yaml_node_t *w = adcov_yaml_get(&p->y, n, "width_m"), *h = adcov_yaml_get(&p->y, n, "height_m");
    if (!st && (!w || !h))
        st = adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:panel_size: give width_m and height_m", p->y.path,
                        adcov_yaml_line(n));
    if (!st && !(st = adcov_yaml_number(p->ctx, &p->y, w, "panel_size.width_m", &cfg->panel_width_m)))
        st = adcov_yaml_number(p->ctx, &p->y, h, "panel_size.height_m", &cfg->panel_height_m);
    if (!st && !(cfg->panel_width_m > 0 && cfg->panel_height_m > 0))
        st = adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:panel_size: both sizes must be above 0", p->y.path,
                        adcov_yaml_line(n));
    return st;
}

/* The analysis CRS must be one GDAL knows, and metric (SPEC §3: distances are planar metres). */
static adcov_status check_analysis_crs(parser *p, yaml_node_t *v, const char *text)
{
    char where[600];
    adcov_keyf(where, sizeof where, "%s:%d:analysis_crs", p->y.path, adcov_yaml_line(v));
    OGRSpatialReferenceH srs = adcov_crs_from_text(p->ctx, where, text);
    if (!srs)
        return adcov_ctx_status(p->ctx);
    int projected = OSRIsProjected(srs);
    OSRRelease(srs);
    if (!projected)
        return adcov_fail(p->ctx, ADCOV_ECONFIG, "%s: '%s' is not a projected (metric) CRS", where, text);
    return ADCOV_OK;
}

static adcov_status parse_top(parser *p, adcov_config *cfg)
{
    static const char *const keys[] = {"rulebook", "phase", "analysis_crs", "output", "lenient", "urban_village",
                                       "panel_size", "inputs", NULL};
    yaml_node_t *root = adcov_yaml_root(&p->y), *v;
    adcov_status st = adcov_yaml_expect(p->ctx, &p->y, root, "(top)", YAML_MAPPING_NODE);
    if (st || (st = adcov_yaml_check_keys(p->ctx, &p->y, root, "", keys)))
        return st;
    if ((v = adcov_yaml_get(&p->y, root, "rulebook")) && (st = text(p, v, "rulebook", &cfg->rulebook)))
        return st;
    cfg->rulebook_line = adcov_yaml_line(v);
    if (cfg->rulebook && (strchr(cfg->rulebook, '/') || strstr(cfg->rulebook, ".yaml"))) {
        char *r = resolve(p, cfg->rulebook);
        if (!r)
            return nomem(p);
        free(cfg->rulebook);
        cfg->rulebook = r;
    }
    if ((v = adcov_yaml_get(&p->y, root, "phase"))) {
        const char *s = adcov_yaml_str(v);
        if (!s || (strcmp(s, "daily") && strcmp(s, "inspection")))
            return adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:phase: '%s' is neither daily nor inspection", p->y.path,
                              adcov_yaml_line(v), s ? s : "?");
        cfg->phase = strcmp(s, "daily") ? ADCOV_INSPECTION : ADCOV_DAILY;
    }
    if ((v = adcov_yaml_get(&p->y, root, "analysis_crs")) && (st = text(p, v, "analysis_crs", &cfg->analysis_crs)))
        return st;
    if (cfg->analysis_crs && !strcmp(cfg->analysis_crs, "auto")) {
        free(cfg->analysis_crs);
        cfg->analysis_crs = NULL;
    }
    if (cfg->analysis_crs && (st = check_analysis_crs(p, v, cfg->analysis_crs)))
        return st;
    if ((v = adcov_yaml_get(&p->y, root, "lenient")) && (st = adcov_yaml_bool(p->ctx, &p->y, v, "lenient", &cfg->lenient)))
        return st;
    if ((v = adcov_yaml_get(&p->y, root, "urban_village")) &&
        (st = adcov_yaml_bool(p->ctx, &p->y, v, "urban_village", &cfg->urban_village)))
        return st;
    if ((v = adcov_yaml_get(&p->y, root, "panel_size")) && (st = parse_panel_size(p, v, cfg)))
        return st;
    char *out = NULL;
    if ((v = adcov_yaml_get(&p->y, root, "output")) && (st = text(p, v, "output", &out)))
        return st;
    cfg->output = resolve(p, out ? out : "out");
    free(out);
    if (!cfg->output)
        return nomem(p);
    v = adcov_yaml_get(&p->y, root, "inputs");
    if (!v)
        return adcov_fail(p->ctx, ADCOV_ECONFIG, "%s:%d:inputs: missing", p->y.path, adcov_yaml_line(root));
    cfg->inputs_line = adcov_yaml_line(adcov_yaml_key(&p->y, root, 0)) ? adcov_yaml_line(v) : 0;
    return parse_inputs(p, v, cfg);
}

adcov_status adcov_config_load(adcov_ctx *ctx, const char *path, adcov_config **out)
{
    return adcov_config_parse(ctx, path, NULL, out);
}

adcov_status adcov_config_parse(adcov_ctx *ctx, const char *path, const char *text, adcov_config **out)
{
    *out = NULL;
    adcov_config *cfg = adcov_calloc(1, sizeof *cfg);
    char *copy = adcov_strdup(path);
    parser p = {.ctx = ctx};
    if (!cfg || !copy) {
        free(cfg);
        free(copy);
        return adcov_fail(ctx, ADCOV_ENOMEM, "%s: out of memory", path);
    }
    p.dir = dirname(copy);
    cfg->path = adcov_strdup(path);
    adcov_status st = adcov_yaml_load(ctx, path, text, &p.y);
    if (!st)
        st = parse_top(&p, cfg);
    adcov_yaml_free(&p.y);
    free(copy);
    if (st) {
        adcov_config_free(cfg);
        return st;
    }
    *out = cfg;
    return ADCOV_OK;
}
