#include "init.h"
#include "config.h"
#include "layer.h"
#include "out.h"
#include "photos.h"
#include "vocab.h"

#include <dirent.h>
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- what the names say ---- */

/* Words in a file's or layer's name that give its role; the first role with a word found wins. */
static const struct {
    adcov_role role;
    const char *words[7];
} role_words[] = {
    {ADCOV_ROLE_BUILDINGS, {"建筑", "房屋", "building", NULL}},
    {ADCOV_ROLE_BUS_STOPS, {"公交", "站点", "站台", "stop", NULL}},
    {ADCOV_ROLE_GATES, {"大门", "出入口", "gate", NULL}},
    {ADCOV_ROLE_HOARDINGS, {"围挡", "hoarding", NULL}},
    {ADCOV_ROLE_CARRIERS, {"报刊亭", "雨棚", "遮阳棚", "carrier", NULL}},
    {ADCOV_ROLE_INSPECTION_POINTS, {"点位", "实地", "inspection", NULL}},
    {ADCOV_ROLE_ZONES, {"迎检区", "zone", NULL}},
    {ADCOV_ROLE_DISTRICTS, {"行政区", "区划", "区县", "districts", NULL}},
    {ADCOV_ROLE_ADS, {"广告", "台账", "公益", "ads", "poster", NULL}},
    {ADCOV_ROLE_ROADS, {"道路", "路网", "road", "street", NULL}},
    {ADCOV_ROLE_SITES, {"景区", "广场", "公园", "site", "square", "park", NULL}},
};

/* Column names planners use for each field (compared after normalisation), most specific first. */
static const struct {
    const char *field;
    const char *names[8];
} field_names[] = {
    {"name", {"道路名称", "名称", "路名", "站名", "区划名称", "name", NULL}},
    {"class", {"道路等级", "等级", "类别", "class", "highway", NULL}},
    {"road_id", {"道路编码", "道路编号", "road_id", NULL}},
    {"duty", {"责任单位", "施工单位", "duty", NULL}},
    {"id", {"编号", "id", NULL}},
    {"kind", {"类型", "kind", NULL}},
    {"type", {"类型", "type", NULL}},
    {"medium", {"载体", "形式", "载体形式", "medium", NULL}},
    {"theme", {"主题", "theme", NULL}},
    {"condition", {"状况", "现状", "condition", NULL}},
    {"facing", {"朝向", "facing", NULL}},
    {"sides", {"面数", "sides", NULL}},
    {"width_m", {"宽", "宽度", "width", "width_m", NULL}},
    {"height_m", {"高", "高度", "height", "height_m", NULL}},
    {"view_m", {"可视距离", "view_m", NULL}},
    {"carrier_id", {"载体编号", "carrier_id", NULL}},
    {"photo", {"照片", "照片路径", "照片文件", "photo", NULL}},
    {"photo_time", {"拍摄时间", "照片时间", "拍摄日期", "photo_time", NULL}},
    {"site_id", {"景区编号", "site_id", NULL}},
    {"code", {"区划代码", "行政区划代码", "代码", "code", "adcode", NULL}},
};

static const char *const x_names[] = {"经度", "lng", "lon", "longitude", "x", "东坐标", "x坐标", NULL};
static const char *const y_names[] = {"纬度", "lat", "latitude", "y", "北坐标", "y坐标", NULL};

/* The vocabulary of each role's class-like field: its slot, or -1. */
static int vocab_slot(adcov_role role, adcov_vocab_type *type)
{
    switch (role) {
    case ADCOV_ROLE_ROADS: *type = ADCOV_VOCAB_CLASS; return ADCOV_ROAD_CLASS;
    case ADCOV_ROLE_SITES: *type = ADCOV_VOCAB_SITE; return 0;
    case ADCOV_ROLE_CARRIERS: *type = ADCOV_VOCAB_CARRIER; return 0;
    default: return -1;
    }
}


/* ---- one drafted source ---- */

typedef struct {
    char *path;                 /* as the config will say it */
    char *open;                 /* as opened from here */
    const adcov_layer_info *info;
    int several_layers;         /* the file has more than one: name it */
    int role;                   /* adcov_role, or -1 when undecided */
    const char *fields[ADCOV_MAX_FIELDS]; /* column per slot, borrowed from info */
    const char *x, *y;
    int epsg;                   /* guessed CRS, 0: none needed or none found */
    int set_word;               /* no column for the role's class (roads, carriers) or type (sites): the word
                                 * the file or layer name gives, or -1 */
    char *photos;               /* ads without a photo column: a folder of pictures beside the file, as the
                                 * config will say it, or NULL */
    size_t npictures;
} draft;

typedef struct {
    adcov_ctx *ctx;
    adcov_init_report *undecided;
    char *base;                 /* the config's folder, absolute */
    adcov_layer_info **infos;   /* per file */
    size_t *ninfos;
    draft *drafts;
    size_t n, cap, nfiles, capfiles;
} job;

static adcov_status say(job *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static adcov_status say(job *j, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char buf[1024];
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    adcov_init_report *u = j->undecided;
    char *line = adcov_strdup(buf);
    if (!line || adcov_grow((void **)&u->items, &u->cap, u->n + 1, sizeof *u->items)) {
        free(line);
        return adcov_fail(j->ctx, ADCOV_ENOMEM, "init: out of memory");
    }
    u->items[u->n++] = line;
    return ADCOV_OK;
}

static int same_word(const char *column, const char *name)
{
    char a[ADCOV_WORD_MAX], b[ADCOV_WORD_MAX];
    return adcov_normalize_buf(column, a, sizeof a) && adcov_normalize_buf(name, b, sizeof b) && !strcmp(a, b);
}

/* The first column named by one of names, or NULL. */
static const char *column_named(const adcov_layer_info *info, const char *const *names)
{
    for (size_t k = 0; names[k]; k++)
        for (size_t c = 0; c < info->ncolumns; c++)
            if (same_word(info->columns[c], names[k]))
                return info->columns[c];
    return NULL;
}

static int column_index(const adcov_layer_info *info, const char *name)
{
    for (size_t c = 0; name && c < info->ncolumns; c++)
        if (info->columns[c] == name)
            return (int)c;
    return -1;
}

static void map_fields(draft *d)
{
    const char *const *slots = adcov_role_fields((adcov_role)d->role);
    for (size_t f = 0; slots[f]; f++)
        for (size_t k = 0; k < sizeof field_names / sizeof field_names[0]; k++)
            if (!strcmp(field_names[k].field, slots[f]))
                d->fields[f] = column_named(d->info, field_names[k].names);
}

/* The role one name gives, or -1. */
static int role_from_name(const char *name)
{
    char *norm = adcov_normalize(name);
    int role = -1;
    for (size_t i = 0; norm && role < 0 && i < sizeof role_words / sizeof role_words[0]; i++)
        for (size_t k = 0; role < 0 && role_words[i].words[k]; k++)
            if (strstr(norm, role_words[i].words[k]))
                role = (int)role_words[i].role;
    free(norm);
    return role;
}

/* The role the names give: the layer's when the file has several (one GeoPackage of many roles), else
 * the file's, then the layer's; -1 when none does. */
static int role_from_names(const char *file, const char *layer, int several_layers)
{
    const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
    int role = role_from_name(several_layers ? layer : base);
    return role >= 0 ? role : role_from_name(several_layers ? base : layer);
}

/* The role of d: its names', when its geometry fits; else lines are roads and points with ad columns ads.
 * -1 when nothing tells (a polygon layer named for nothing may be a study area: taken for buildings it
 * would block every sight line). */
static int choose_role(draft *d)
{
    int kinds = d->info->kinds ? d->info->kinds : (d->x ? ADCOV_GEOM_POINT : 0);
    int role = role_from_names(d->open, d->info->name, d->several_layers);
    if (role >= 0 && kinds && !(kinds & ~adcov_role_geometries(role)))
        return role;
    if (kinds == ADCOV_GEOM_LINE)
        return ADCOV_ROLE_ROADS;
    if (kinds == ADCOV_GEOM_POINT) {
        d->role = ADCOV_ROLE_ADS;
        map_fields(d);
        int ad_columns = !!d->fields[ADCOV_AD_KIND] + !!d->fields[ADCOV_AD_MEDIUM] + !!d->fields[ADCOV_AD_THEME];
        memset(d->fields, 0, sizeof d->fields);
        return ad_columns >= 2 ? ADCOV_ROLE_ADS : -1;
    }
    return -1;
}

/* A CRS for a source that has none: guessed from its coordinates. */
static void guess_crs(draft *d)
{
    OGREnvelope e = d->info->extent;
    if (d->x) {
        int cx = column_index(d->info, d->x), cy = column_index(d->info, d->y);
        e = (OGREnvelope){d->info->min[cx], d->info->max[cx], d->info->min[cy], d->info->max[cy]};
    }
    d->epsg = d->info->has_crs ? 0 : adcov_crs_guess(&e);
}

/* "path" or "path:layer" when the file has several layers, for what init says. */
static const char *where(const draft *d)
{
    static _Thread_local char buf[1024];
    snprintf(buf, sizeof buf, "%s%s%s", d->path, d->several_layers ? ":" : "", d->several_layers ? d->info->name : "");
    return buf;
}

static adcov_status decide(job *j, draft *d)
{
    if (d->info->count == 0)
        return say(j, "%s: no features (left out)", where(d));
    if (!d->info->kinds) { /* a table: its coordinate columns */
        d->x = column_named(d->info, x_names);
        d->y = column_named(d->info, y_names);
        if (!d->x || !d->y)
            return say(j, "%s: a table without columns named 经度/纬度 (lng/lat, x/y): which are its coordinates? "
                       "(left out)", where(d));
    }
    d->role = choose_role(d);
    if (d->role < 0)
        return say(j, "%s: cannot tell what it holds (left out; add it under the role it is)", where(d));
    map_fields(d);
    guess_crs(d);
    adcov_status st = ADCOV_OK;
    adcov_vocab_type vt;
    int slot = vocab_slot((adcov_role)d->role, &vt);
    if (slot >= 0 && !d->fields[slot]) { /* the word the names give: 路网_主干道.shp, squares */
        adcov_vocab *v = adcov_vocab_new(vt);
        char names[1024];
        snprintf(names, sizeof names, "%s %s", d->path, d->info->name);
        if (!v)
            return adcov_fail(j->ctx, ADCOV_ENOMEM, "init: out of memory");
        d->set_word = adcov_vocab_find_in(v, names);
        adcov_vocab_free(v);
        if (d->set_word < 0 && d->role == ADCOV_ROLE_ROADS)
            st = say(j, "%s: roads without a class column, and the file name names no class: drafted as set: { class: "
                       "unclassified } (not checked); write main, secondary or commercial if they should be", where(d));
        else if (d->set_word < 0)
            st = say(j, "%s: no %s column, and the names give none: write set: { %s: … } on it", where(d),
                     adcov_role_fields((adcov_role)d->role)[slot], adcov_role_fields((adcov_role)d->role)[slot]);
    }
    if (!st && !d->info->has_crs && !d->epsg)
        st = say(j, "%s: no CRS in the file and none guessed from its coordinates (x %g to %g): give crs:", where(d),
                   d->x ? d->info->min[column_index(d->info, d->x)] : d->info->extent.MinX,
                   d->x ? d->info->max[column_index(d->info, d->x)] : d->info->extent.MaxX);
    return st;
}

/* ---- finding the files ---- */

static int readable_kind(const char *name)
{
    static const char *const ext[] = {".shp", ".gpkg", ".geojson", ".json", ".csv", ".xlsx", ".xls", ".ods", ".kml",
                                      ".gpx", ".tab", ".mif", NULL};
    size_t n = strlen(name);
    for (int i = 0; ext[i]; i++)
        if (n > strlen(ext[i]) && !strcasecmp(name + n - strlen(ext[i]), ext[i]))
            return 1;
    return 0;
}

/* The path the config gives for open: relative to the config's folder when it lies inside it. */
static char *config_path(const job *j, const char *open)
{
    char real[PATH_MAX];
    if (!realpath(open, real))
        return adcov_strdup(open);
    size_t n = strlen(j->base);
    if (!strncmp(real, j->base, n) && real[n] == '/')
        return adcov_strdup(real + n + 1);
    return adcov_strdup(real);
}

/* Folders of photos as survey crews name them. */
static const char *const photo_folders[] = {"photos", "Photos", "PHOTOS", "照片", "现场照片", "实景照片", NULL};

static size_t pictures_in(const char *dir)
{
    DIR *dh = opendir(dir);
    size_t n = 0;
    for (struct dirent *e; dh && (e = readdir(dh));)
        n += adcov_photos_picture_name(e->d_name) != 0;
    if (dh)
        closedir(dh);
    return n;
}

/* An ads file without a photo column, beside a folder of pictures: that folder is its photos: (SPEC §14). */
static adcov_status find_photos(job *j, draft *d)
{
    if (d->role != ADCOV_ROLE_ADS || d->fields[ADCOV_AD_PHOTO])
        return ADCOV_OK;
    char *copy = adcov_strdup(d->open);
    if (!copy)
        return adcov_fail(j->ctx, ADCOV_ENOMEM, "init: out of memory");
    const char *dir = dirname(copy);
    adcov_status st = ADCOV_OK;
    for (size_t i = 0; !st && !d->photos && photo_folders[i]; i++) {
        char *folder = adcov_sprintf("%s/%s", dir, photo_folders[i]);
        size_t n = folder ? pictures_in(folder) : 0;
        if (!folder || (n && !(d->photos = config_path(j, folder))))
            st = adcov_fail(j->ctx, ADCOV_ENOMEM, "init: out of memory");
        else if (n)
            d->npictures = n;
        free(folder);
    }
    free(copy);
    if (!st && d->photos)
        st = say(j, "%s: the photos in %s/ are taken as its ads' photos, each named after its ad's id (ID.jpg)",
                 where(d), d->photos);
    return st;
}

static adcov_status add_file(job *j, const char *open)
{
    adcov_layer_info *info = NULL;
    size_t n = 0;
    char *shown = config_path(j, open);
    if (!shown)
        return adcov_fail(j->ctx, ADCOV_ENOMEM, "init: out of memory");
    adcov_status st = adcov_layer_peek(j->ctx, open, shown, &info, &n);
    if (st == ADCOV_EINPUT) { /* a file adcov cannot read is said, not fatal */
        st = say(j, "%s: %s (left out)", shown, adcov_ctx_message(j->ctx));
        adcov_ctx_clear(j->ctx);
        free(shown);
        return st;
    }
    size_t cap = j->capfiles; /* infos and ninfos grow together: capfiles changes only when both did */
    if (!st && adcov_grow((void **)&j->infos, &cap, j->nfiles + 1, sizeof *j->infos))
        st = adcov_fail(j->ctx, ADCOV_ENOMEM, "init: out of memory");
    if (!st && cap != j->capfiles) {
        size_t *ninfos = adcov_realloc(j->ninfos, cap * sizeof *j->ninfos);
        if (ninfos)
            j->ninfos = ninfos, j->capfiles = cap;
        else
            st = adcov_fail(j->ctx, ADCOV_ENOMEM, "init: out of memory");
    }
    if (st) {
        adcov_layer_info_free(info, n);
        free(shown);
        return st;
    }
    j->infos[j->nfiles] = info;
    j->ninfos[j->nfiles++] = n;
    for (size_t k = 0; !st && k < n; k++) {
        if (adcov_grow((void **)&j->drafts, &j->cap, j->n + 1, sizeof *j->drafts))
            return adcov_fail(j->ctx, ADCOV_ENOMEM, "init: out of memory");
        draft *d = &j->drafts[j->n++];
        *d = (draft){.path = adcov_strdup(shown), .open = adcov_strdup(open), .info = &info[k], .several_layers = n > 1,
                     .role = -1, .set_word = -1};
        st = d->path && d->open ? decide(j, d) : adcov_fail(j->ctx, ADCOV_ENOMEM, "init: out of memory");
        if (!st)
            st = find_photos(j, d);
    }
    free(shown);
    return st;
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Files of a folder, sorted, two levels deep (a folder per department is common). */
static adcov_status add_folder(job *j, const char *dir, int depth)
{
    DIR *dh = opendir(dir);
    if (!dh)
        return adcov_fail(j->ctx, ADCOV_EUSAGE, "%s: cannot read this folder", dir);
    char **names = NULL;
    size_t n = 0, cap = 0;
    adcov_status st = ADCOV_OK;
    struct dirent *e;
    while (!st && (e = readdir(dh)))
        if (e->d_name[0] != '.' && !adcov_grow((void **)&names, &cap, n + 1, sizeof *names))
            st = (names[n] = adcov_sprintf("%s/%s", dir, e->d_name)) ? (n++, ADCOV_OK) : ADCOV_ENOMEM;
    closedir(dh);
    if (names && n)
        qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; !st && i < n; i++) {
        struct stat sb;
        if (stat(names[i], &sb))
            continue;
        if (S_ISDIR(sb.st_mode) && depth < 2 && !strstr(names[i], ".gdb"))
            st = add_folder(j, names[i], depth + 1);
        else if (S_ISREG(sb.st_mode) && readable_kind(names[i]))
            st = add_file(j, names[i]);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return st == ADCOV_ENOMEM ? adcov_fail(j->ctx, st, "init: out of memory") : st;
}

/* ---- the values of the class and vocabulary fields ---- */

typedef struct {
    char *value; /* normalised, as values are matched (trimmed, full-width folded, lower case) */
    long count;
} tally_row;

/* A field's distinct values; past TALLY_MAX of them (a column of ids taken for a class) the rest are only
 * counted, so that the tally stays linear. */
#define TALLY_MAX 64
typedef struct {
    tally_row *rows;
    size_t n, cap;
    long others; /* features whose value came after the first TALLY_MAX */
} tally;

static void tally_free(tally *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->rows[i].value);
    free(t->rows);
}

static adcov_status tally_add(tally *t, const char *raw)
{
    char *v = adcov_normalize(raw);
    if (!v)
        return ADCOV_ENOMEM;
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->rows[i].value, v)) {
            t->rows[i].count++;
            free(v);
            return ADCOV_OK;
        }
    if (t->n == TALLY_MAX) {
        t->others++;
        free(v);
        return ADCOV_OK;
    }
    if (adcov_grow((void **)&t->rows, &t->cap, t->n + 1, sizeof *t->rows)) {
        free(v);
        return ADCOV_ENOMEM;
    }
    t->rows[t->n++] = (tally_row){v, 1};
    return ADCOV_OK;
}

/* The slots whose values init lists for a role, with their vocabularies; their number. */
static size_t listed_slots(adcov_role role, size_t *slots, adcov_vocab_type *types)
{
    if (role == ADCOV_ROLE_ADS) {
        slots[0] = ADCOV_AD_KIND, slots[1] = ADCOV_AD_MEDIUM, slots[2] = ADCOV_AD_CONDITION;
        types[0] = ADCOV_VOCAB_KIND, types[1] = ADCOV_VOCAB_MEDIUM, types[2] = ADCOV_VOCAB_CONDITION;
        return 3;
    }
    int s = vocab_slot(role, &types[0]);
    slots[0] = (size_t)s;
    return s >= 0;
}

/* Reads d as a check would and tallies the values of its listed slots. */
static adcov_status count_values(job *j, const draft *d, tally *tallies, size_t nslots, const size_t *slots)
{
    const char *const *names = adcov_role_fields((adcov_role)d->role);
    size_t nfields = 0;
    while (names[nfields])
        nfields++;
    char crs[32];
    snprintf(crs, sizeof crs, "EPSG:%d", d->epsg);
    adcov_source src = {.role = adcov_role_name((adcov_role)d->role), .path = d->path, .open_path = d->open,
                        .layer = d->info->name, .crs = d->epsg ? crs : NULL, .x = d->x, .y = d->y,
                        .fields = d->fields};
    int required[ADCOV_MAX_FIELDS] = {0};
    src.required = required;
    adcov_layer *l = NULL;
    adcov_status st = adcov_layer_open(j->ctx, &src, 1, names, nfields, NULL, 0, &l);
    if (!st)
        st = adcov_layer_read(j->ctx, l, adcov_layer_srs(l), adcov_role_geometries(d->role));
    for (size_t i = 0; !st && i < adcov_layer_count(l); i++)
        for (size_t k = 0; !st && k < nslots; k++)
            if (d->fields[slots[k]])
                st = tally_add(&tallies[k], adcov_layer_value(l, i, slots[k])) ? ADCOV_ENOMEM : ADCOV_OK;
    adcov_layer_free(l);
    if (st == ADCOV_EINPUT || st == ADCOV_EPROJ) { /* the check will say it again; the draft goes on */
        st = say(j, "%s: %s", where(d), adcov_ctx_message(j->ctx));
        adcov_ctx_clear(j->ctx);
    }
    return st == ADCOV_ENOMEM ? adcov_fail(j->ctx, st, "init: out of memory") : st;
}

/* ---- writing the YAML ---- */

/* s as a double-quoted YAML scalar. */
static void q(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p < 0x20 || *p == 0x7F)
            fprintf(f, "\\x%02x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

/* The values of one listed slot: known ones as `"value": canonical` entries of key (when write_known),
 * unknown ones as comments, and said. */
static adcov_status write_values(job *j, FILE *f, const char *ind, const draft *d, const char *key, const char *field,
                                 adcov_vocab_type type, const tally *t, int write_known)
{
    adcov_vocab *v = adcov_vocab_new(type);
    if (!v)
        return adcov_fail(j->ctx, ADCOV_ENOMEM, "init: out of memory");
    adcov_status st = ADCOV_OK;
    size_t known = 0;
    for (size_t i = 0; i < t->n; i++)
        known += adcov_vocab_lookup(v, t->rows[i].value) >= 0;
    if (write_known && known)
        fprintf(f, "%s%s:\n", ind, key);
    for (size_t i = 0; i < t->n; i++) { /* known values: entries of key, or comments (adcov knows them) */
        int code = adcov_vocab_lookup(v, t->rows[i].value);
        if (code < 0)
            continue;
        if (write_known) {
            fprintf(f, "%s  ", ind);
            q(f, t->rows[i].value);
            fprintf(f, ": %s    # %ld\n", adcov_vocab_word(type, code), t->rows[i].count);
        } else {
            fprintf(f, "%s# %s ", ind, field);
            q(f, t->rows[i].value);
            fprintf(f, " (%ld) → %s\n", t->rows[i].count, adcov_vocab_word(type, code));
        }
    }
    for (size_t i = 0; !st && i < t->n; i++) {
        if (adcov_vocab_lookup(v, t->rows[i].value) >= 0)
            continue;
        fprintf(f, "%s# %s ", ind, field);
        if (type == ADCOV_VOCAB_SITE) { /* any word is a site type (SPEC §12): checked by the rules that name it */
            q(f, t->rows[i].value);
            fprintf(f, " (%ld): a site type of its own — checked by the rules whose sites: name it\n", t->rows[i].count);
            continue;
        }
        q(f, t->rows[i].value);
        fprintf(f, " (%ld): unknown — %s\n", t->rows[i].count,
                type == ADCOV_VOCAB_CLASS ? "map it to main, secondary or commercial under classes:, or leave it unchecked"
                                          : "map it or add a synonym");
        st = say(j, "%s: %s '%s' (%ld feature%s) is no word adcov knows: %s", where(d), field, t->rows[i].value,
                 t->rows[i].count, t->rows[i].count == 1 ? "" : "s",
                 type == ADCOV_VOCAB_CLASS ? "those roads are not checked unless you map it under classes:"
                                           : "map it (classes:, types: or synonyms:) or the check stops on it");
    }
    if (!st && t->others) {
        fprintf(f, "%s# %s: %ld more features with other values (over %d distinct values: is it the right column?)\n",
                ind, field, t->others, TALLY_MAX);
        st = say(j, "%s: %s has more than %d distinct values: check that it is the right column", where(d), field,
                 TALLY_MAX);
    }
    adcov_vocab_free(v);
    return st;
}

static void write_fields(FILE *f, const char *ind, const draft *d)
{
    const char *const *slots = adcov_role_fields((adcov_role)d->role);
    int any = 0;
    for (size_t k = 0; slots[k]; k++) {
        if (!d->fields[k])
            continue;
        if (any)
            fprintf(f, ", %s: ", slots[k]);
        else
            fprintf(f, "%sfields: { %s: ", ind, slots[k]);
        q(f, d->fields[k]);
        any = 1;
    }
    if (any)
        fputs(" }\n", f);
}

/* The role's class or type, when the source has no column for it: from its names, else a placeholder. */
static void write_set(FILE *f, const char *ind, const draft *d)
{
    adcov_vocab_type vt;
    int slot = vocab_slot((adcov_role)d->role, &vt);
    if (slot < 0 || d->fields[slot])
        return;
    const char *field = adcov_role_fields((adcov_role)d->role)[slot];
    if (d->set_word >= 0)
        fprintf(f, "%sset: { %s: %s }    # from the names\n", ind, field, adcov_vocab_word(vt, d->set_word));
    else if (d->role == ADCOV_ROLE_ROADS)
        fprintf(f, "%sset: { class: unclassified }    # unknown — main, secondary or commercial? As it is, these roads "
                   "are not checked\n", ind);
    else
        fprintf(f, "%s# set: { %s: … }    # unknown — no column and no name says it\n", ind, field);
}

/* One source: its keys at indentation ind (the first line after first). */
static adcov_status write_source(job *j, FILE *f, const char *first, const char *ind, const draft *d)
{
    fprintf(f, "%spath: ", first);
    q(f, d->path);
    fputc('\n', f);
    if (d->several_layers) {
        fprintf(f, "%slayer: ", ind);
        q(f, d->info->name);
        fputc('\n', f);
    }
    if (d->x) {
        fprintf(f, "%sx: ", ind);
        q(f, d->x);
        fprintf(f, "\n%sy: ", ind);
        q(f, d->y);
        fputc('\n', f);
    }
    if (d->epsg)
        fprintf(f, "%scrs: \"EPSG:%d\"    # guessed from the coordinates — check (CGCS2000 is EPSG:4490)\n", ind, d->epsg);
    if (!d->info->has_crs && !d->epsg)
        fprintf(f, "%s# crs: \"EPSG:…\"    # unknown — the file says none and the coordinates tell none\n", ind);
    if (d->epsg == 4326)
        fprintf(f, "%s# datum: gcj02    # if the positions were picked in Amap or Tencent maps (bd09: Baidu)\n", ind);
    write_fields(f, ind, d);
    if (d->photos) {
        fprintf(f, "%sphotos: ", ind);
        q(f, d->photos);
        fprintf(f, "    # found beside the file: %zu pictures, each named after its ad's id (ID.jpg)\n", d->npictures);
    }
    write_set(f, ind, d);
    size_t slots[3];
    adcov_vocab_type types[3];
    size_t ns = listed_slots((adcov_role)d->role, slots, types);
    tally tallies[3] = {{0}};
    adcov_status st = d->info->has_crs || d->epsg ? count_values(j, d, tallies, ns, slots) : ADCOV_OK;
    static const char *const keys[ADCOV_ROLE_COUNT] = {[ADCOV_ROLE_ROADS] = "classes", [ADCOV_ROLE_SITES] = "types",
                                                       [ADCOV_ROLE_CARRIERS] = "classes"};
    for (size_t k = 0; !st && k < ns; k++)
        st = write_values(j, f, ind, d, keys[d->role] ? keys[d->role] : "synonyms",
                          adcov_role_fields((adcov_role)d->role)[slots[k]], types[k], &tallies[k],
                          d->role == ADCOV_ROLE_ROADS);
    for (size_t k = 0; k < ns; k++)
        tally_free(&tallies[k]);
    return st;
}

static adcov_status write_role(job *j, FILE *f, adcov_role role)
{
    size_t n = 0;
    for (size_t i = 0; i < j->n; i++)
        n += j->drafts[i].role == (int)role;
    if (!n)
        return ADCOV_OK;
    fprintf(f, "  %s:\n", adcov_role_name(role));
    adcov_status st = ADCOV_OK;
    for (size_t i = 0; !st && i < j->n; i++)
        if (j->drafts[i].role == (int)role)
            st = n == 1 ? write_source(j, f, "    ", "    ", &j->drafts[i])
                        : write_source(j, f, "    - ", "      ", &j->drafts[i]);
    return st;
}

static adcov_status write_config(job *j, FILE *f, const adcov_init_opts *o)
{
    fputs("# Drafted by adcov init from:", f);
    for (size_t i = 0; i < o->npaths; i++)
        fprintf(f, " %s", o->paths[i]);
    fputs("\n# Check every line marked \"guessed\" or \"unknown\", then run: adcov check -c THIS_FILE\n"
          "rulebook: default            # or national-2015, or your own rulebook file\n"
          "phase: daily                 # daily 日常 | inspection 迎检\n"
          "output: out                  # the results, in a folder beside this file\n", f);
    int hoardings = 0, ads = 0;
    for (size_t i = 0; i < j->n; i++) {
        hoardings |= j->drafts[i].role == ADCOV_ROLE_HOARDINGS;
        ads |= j->drafts[i].role == ADCOV_ROLE_ADS;
    }
    adcov_status st = ADCOV_OK;
    if (hoardings && ads) {
        fputs("panel_size: { width_m: 2, height_m: 1 }   # guessed: the size of a PSA panel on a hoarding that gives "
              "none — measure and check\n", f);
        st = say(j, "panel_size: a PSA panel on a hoarding without its size is taken as 2 m × 1 m (guessed)");
    }
    fputs("inputs:\n", f);
    for (int r = 0; !st && r < ADCOV_ROLE_COUNT; r++)
        st = write_role(j, f, (adcov_role)r);
    return st;
}

/* ---- the command ---- */

static void job_free(job *j)
{
    for (size_t i = 0; i < j->n; i++) {
        free(j->drafts[i].path);
        free(j->drafts[i].open);
        free(j->drafts[i].photos);
    }
    free(j->drafts);
    for (size_t i = 0; i < j->nfiles; i++)
        adcov_layer_info_free(j->infos[i], j->ninfos[i]);
    free(j->infos);
    free(j->ninfos);
    free(j->base);
}

static adcov_status add_paths(job *j, const adcov_init_opts *o)
{
    adcov_status st = ADCOV_OK;
    for (size_t i = 0; !st && i < o->npaths; i++) {
        struct stat sb;
        if (stat(o->paths[i], &sb))
            st = adcov_fail(j->ctx, ADCOV_EUSAGE, "%s: no such file or folder", o->paths[i]);
        else
            st = S_ISDIR(sb.st_mode) ? add_folder(j, o->paths[i], 0) : add_file(j, o->paths[i]);
    }
    size_t used = 0;
    for (size_t i = 0; i < j->n; i++)
        used += j->drafts[i].role >= 0;
    if (!st && !used)
        st = adcov_fail(j->ctx, ADCOV_EINPUT, "init: none of the files given holds roads, ads or sites adcov can use");
    return st;
}

adcov_status adcov_init(adcov_ctx *ctx, const adcov_init_opts *o, adcov_init_report *undecided)
{
    *undecided = (adcov_init_report){0};
    if (!o->npaths)
        return adcov_fail(ctx, ADCOV_EUSAGE, "init: give the files or folders of your city's data");
    if (access(o->config, F_OK) == 0)
        return adcov_fail(ctx, ADCOV_EUSAGE, "%s: already exists; adcov init never overwrites a config", o->config);
    job j = {.ctx = ctx, .undecided = undecided};
    char *copy = adcov_strdup(o->config), real[PATH_MAX];
    if (!copy)
        return adcov_fail(ctx, ADCOV_ENOMEM, "init: out of memory");
    const char *dir = dirname(copy);
    j.base = adcov_strdup(realpath(dir, real) ? real : dir);
    free(copy);
    adcov_status st = j.base ? add_paths(&j, o) : adcov_fail(ctx, ADCOV_ENOMEM, "init: out of memory");
    adcov_textfile *t = NULL;
    if (!st)
        st = adcov_textfile_open(ctx, o->config, &t);
    if (!st)
        st = write_config(&j, adcov_textfile_stream(t), o);
    if (t && st)
        adcov_textfile_abort(t);
    else if (t)
        st = adcov_textfile_commit(ctx, t);
    job_free(&j);
    return st;
}

void adcov_init_free(adcov_init_report *undecided)
{
    for (size_t i = 0; i < undecided->n; i++)
        free(undecided->items[i]);
    free(undecided->items);
    *undecided = (adcov_init_report){0};
}
