#include "photos.h"
#include "out.h"
#include "photo.h"

#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <math.h>
#include <ogr_srs_api.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

/* ---- which feature has which photo ---- */

/* A photos: folder's pictures by the id they are named after (ID.jpg, ID.JPG, ID.jpeg, ID.png). */
typedef struct {
    char **names; /* file names, sorted by their id part */
    size_t n;
} folder_list;

static size_t stem_len(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot ? (size_t)(dot - name) : strlen(name);
}

int adcov_photos_picture_name(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot && dot != name && (!strcasecmp(dot, ".jpg") || !strcasecmp(dot, ".jpeg") || !strcasecmp(dot, ".png"));
}

static int by_stem(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    size_t nx = stem_len(x), ny = stem_len(y);
    int c = strncmp(x, y, nx < ny ? nx : ny);
    return c ? c : (nx < ny ? -1 : nx > ny ? 1 : strcmp(x, y));
}

static void folder_free(folder_list *f)
{
    for (size_t i = 0; i < f->n; i++)
        free(f->names[i]);
    free(f->names);
    *f = (folder_list){0};
}

/* Lists the folder once. A folder that cannot be read is bad input: a mistyped name would otherwise list
 * every photo of the source as missing. */
static adcov_status folder_read(adcov_ctx *ctx, const adcov_input *in, adcov_role role, folder_list *out)
{
    *out = (folder_list){0};
    const char *dir = in->photos;
    DIR *d = opendir(dir);
    if (!d)
        return errno == ENOMEM ? adcov_fail(ctx, ADCOV_ENOMEM, "%s: out of memory", dir)
                               : adcov_fail(ctx, ADCOV_EINPUT, "%s:::: the photos folder of the %s source %s cannot be "
                                            "read: %s", in->photos_written, adcov_role_name(role), in->path_written,
                                            strerror(errno));
    size_t cap = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (!adcov_photos_picture_name(e->d_name))
            continue;
        if (adcov_grow((void **)&out->names, &cap, out->n + 1, sizeof *out->names) ||
            !(out->names[out->n] = adcov_strdup(e->d_name))) {
            closedir(d);
            folder_free(out);
            return adcov_fail(ctx, ADCOV_ENOMEM, "%s: out of memory", dir);
        }
        out->n++;
    }
    closedir(d);
    if (out->n)
        qsort(out->names, out->n, sizeof *out->names, by_stem);
    return ADCOV_OK;
}

/* The file named after id ("" when none). */
static const char *folder_find(const folder_list *f, const char *id)
{
    size_t lo = 0, hi = f->n, n = strlen(id);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const char *name = f->names[mid];
        size_t k = stem_len(name);
        int c = strncmp(name, id, k < n ? k : n);
        c = c ? c : (k < n ? -1 : k > n);
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < f->n && stem_len(f->names[lo]) == n && !strncmp(f->names[lo], id, n) ? f->names[lo] : "";
}

static int id_slot(adcov_role role)
{
    switch (role) {
    case ADCOV_ROLE_ADS: return ADCOV_AD_ID;
    case ADCOV_ROLE_SITES: return 2;
    case ADCOV_ROLE_BUS_STOPS: return 0;
    case ADCOV_ROLE_HOARDINGS: return 1;
    default: return -1;
    }
}

static char *folder_of(const char *path)
{
    char *copy = adcov_strdup(path);
    char *dir = copy ? adcov_strdup(dirname(copy)) : NULL;
    free(copy);
    return dir;
}

static adcov_status add_row(adcov_ctx *ctx, adcov_result *res, adcov_photo_row *p)
{
    if (!p->id || !p->folder || !p->file || !p->time_text ||
        adcov_grow((void **)&res->photos, &res->capphotos, res->nphotos + 1, sizeof *res->photos)) {
        free(p->id), free(p->folder), free(p->file), free(p->time_text);
        return adcov_fail(ctx, ADCOV_ENOMEM, "photos: out of memory");
    }
    res->photos[res->nphotos++] = *p;
    return ADCOV_OK;
}

static adcov_status collect_source(adcov_ctx *ctx, const adcov_input *in, adcov_role role, const adcov_layer *l,
                                   size_t k, size_t source_base, adcov_result *res)
{
    int time_slot, slot = adcov_role_photo_slot(role, &time_slot);
    folder_list listed = {0};
    adcov_status st = in->photos ? folder_read(ctx, in, role, &listed) : ADCOV_OK;
    char *own = st ? NULL : folder_of(in->path);
    if (!st && !own)
        st = adcov_fail(ctx, ADCOV_ENOMEM, "photos: out of memory");
    for (size_t i = 0; !st && i < adcov_layer_count(l); i++) {
        if (adcov_layer_source(l, i) != k)
            continue;
        const char *id = adcov_layer_value(l, i, (size_t)id_slot(role)), *file = adcov_layer_value(l, i, (size_t)slot);
        long long fid = adcov_layer_fid(l, i);
        char fidtext[32];
        snprintf(fidtext, sizeof fidtext, "%lld", fid);
        const char *found = *file || !in->photos ? "" : folder_find(&listed, *id ? id : fidtext);
        adcov_photo_row p = {.role = role, .feature = i, .fid = fid, .where = res->sources[source_base + k],
                             .id = adcov_strdup(*id ? id : fidtext), .offset_m = -1,
                             .folder = adcov_strdup(*file || !in->photos ? own : in->photos),
                             .file = adcov_strdup(*file ? file : found),
                             .time_text = adcov_strdup(adcov_layer_value(l, i, (size_t)time_slot))};
        if (role == ADCOV_ROLE_ADS) {
            p.x = res->ads[i].x;
            p.y = res->ads[i].y;
        }
        st = add_row(ctx, res, &p);
    }
    free(own);
    folder_free(&listed);
    return st;
}

adcov_status adcov_photos_collect(adcov_ctx *ctx, const adcov_config *cfg, adcov_role role, const adcov_layer *l,
                                  size_t source_base, adcov_result *res)
{
    int slot = adcov_role_photo_slot(role, NULL);
    adcov_status st = ADCOV_OK;
    for (size_t k = 0; !st && slot >= 0 && l && k < adcov_layer_nsources(l); k++) {
        const adcov_input *in = adcov_config_source(cfg, role, k);
        size_t first = 0;
        while (first < adcov_layer_count(l) && adcov_layer_source(l, first) != k)
            first++;
        int field = first < adcov_layer_count(l) && adcov_layer_field_name(l, first, (size_t)slot);
        if (in && (in->photos || field))
            st = collect_source(ctx, in, role, l, k, source_base, res);
    }
    return st;
}

int adcov_photos_given(const adcov_result *res)
{
    return res->nphotos && res->photos[0].role == ADCOV_ROLE_ADS;
}

const adcov_photo_row *adcov_photos_of_site(const adcov_result *res, const adcov_site_result *s)
{
    static const struct { const char *name; int role; } roles[] = {
        {"sites", ADCOV_ROLE_SITES}, {"bus_stops", ADCOV_ROLE_BUS_STOPS}, {"hoardings", ADCOV_ROLE_HOARDINGS}};
    for (size_t i = 0; s->layer && s->feature != SIZE_MAX && i < sizeof roles / sizeof roles[0]; i++)
        if (!strcmp(s->layer, roles[i].name))
            return adcov_result_photo(res, roles[i].role, s->feature);
    return NULL;
}

/* ---- the checks, from each photo's header ---- */

/* The first day that is not older than months before today (day clamped to the month's length). */
static long cutoff_day(long today, int months)
{
    int y, m, d;
    adcov_civil_from_days(today, &y, &m, &d);
    int total = y * 12 + (m - 1) - months;
    int cy = total / 12, cm = total % 12 + 1;
    long first_next = adcov_days_from_civil(cm == 12 ? cy + 1 : cy, cm == 12 ? 1 : cm + 1, 1);
    long last = first_next - 1, want = adcov_days_from_civil(cy, cm, 1) + d - 1;
    return want < last ? want : last;
}

typedef struct {
    adcov_result *res;
    long cutoff;            /* days: a photo taken before it is old */
    atomic_size_t next;
    atomic_int nomem;
    size_t *shown;          /* the decoding: rows to decode */
    size_t nshown;
    atomic_llong cpu_ns;    /* CPU time of the decoding threads */
} job;

static void set_time(adcov_photo_row *p, long cutoff)
{
    int y, m, d;
    if (p->info.has_time) {
        y = p->info.year, m = p->info.month, d = p->info.day;
        p->from_exif = 1;
        snprintf(p->taken, sizeof p->taken, "%04d-%02d-%02d %02d:%02d:%02d", y, m, d, p->info.hour % 100,
                 p->info.minute % 100, p->info.second % 100);
    } else if (adcov_parse_date(p->time_text, &y, &m, &d)) {
        snprintf(p->taken, sizeof p->taken, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
    } else {
        p->issues |= ADCOV_PHOTO_ISSUE_NO_TIME;
        return;
    }
    p->has_date = 1;
    if (adcov_days_from_civil(y, m, d) < cutoff)
        p->issues |= ADCOV_PHOTO_ISSUE_OLD;
}

static unsigned issue_of(adcov_photo_why why)
{
    switch (why) {
    case ADCOV_PHOTO_OK: return 0;
    case ADCOV_PHOTO_MISSING: return ADCOV_PHOTO_ISSUE_MISSING;
    case ADCOV_PHOTO_OUTSIDE: case ADCOV_PHOTO_LINK: return ADCOV_PHOTO_ISSUE_OUTSIDE;
    default: return ADCOV_PHOTO_ISSUE_UNREADABLE;
    }
}

static const char *why_words(adcov_photo_why why)
{
    switch (why) {
    case ADCOV_PHOTO_MISSING: return "no such file";
    case ADCOV_PHOTO_OUTSIDE: return "outside the inventory's folder (write the path from that folder)";
    case ADCOV_PHOTO_LINK: return "a symbolic link (not followed)";
    case ADCOV_PHOTO_NOT_FILE: return "not a file";
    default: return "cannot be read";
    }
}

static void check_one(job *j, adcov_photo_row *p)
{
    if (!*p->file) {
        p->issues |= ADCOV_PHOTO_ISSUE_MISSING;
        snprintf(p->detail, sizeof p->detail, "no photo given");
    } else {
        adcov_photo_why why;
        int fd = adcov_photo_open(p->folder, p->file, &why);
        if (fd >= 0) {
            why = adcov_photo_read_info(fd, &p->info, p->detail, sizeof p->detail);
            close(fd);
        } else {
            snprintf(p->detail, sizeof p->detail, "%s", why_words(why));
        }
        if (why == ADCOV_PHOTO_NOMEM)
            atomic_store(&j->nomem, 1);
        p->issues |= issue_of(why);
    }
    if (!(p->issues & (ADCOV_PHOTO_ISSUE_MISSING | ADCOV_PHOTO_ISSUE_OUTSIDE | ADCOV_PHOTO_ISSUE_UNREADABLE)))
        set_time(p, j->cutoff);
}

static void *check_worker(void *arg)
{
    job *j = arg;
    for (size_t i; (i = atomic_fetch_add(&j->next, 64)) < j->res->nphotos;)
        for (size_t k = i; k < i + 64 && k < j->res->nphotos; k++)
            check_one(j, &j->res->photos[k]);
    return NULL;
}

static void *decode_worker(void *arg);

/* Runs fn on this thread and one more (or on this one alone when no thread can be had). */
static void both_threads(job *j, void *(*fn)(void *))
{
    pthread_t t;
    int started = !pthread_create(&t, NULL, fn, j);
    fn(j);
    if (started)
        pthread_join(t, NULL);
}

/* EXIF GPS against the ad's point, in the analysis CRS (SPEC §3: planar metres). */
static adcov_status gps_offsets(adcov_ctx *ctx, adcov_result *res, double limit)
{
    size_t n = 0;
    for (size_t i = 0; i < res->nphotos; i++)
        n += res->photos[i].role == ADCOV_ROLE_ADS && res->photos[i].info.has_gps;
    if (!n)
        return ADCOV_OK;
    double *x = adcov_malloc(n * sizeof *x), *y = adcov_malloc(n * sizeof *y);
    int *ok = adcov_malloc(n * sizeof *ok);
    OGRSpatialReferenceH wgs = OSRNewSpatialReference(NULL);
    OGRCoordinateTransformationH ct = NULL;
    if (wgs && OSRImportFromEPSG(wgs, 4326) == OGRERR_NONE) {
        OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);
        ct = OCTNewCoordinateTransformation(wgs, res->crs);
    }
    adcov_status st = x && y && ok ? ADCOV_OK : adcov_fail(ctx, ADCOV_ENOMEM, "photos: out of memory");
    if (!st && !ct)
        st = adcov_fail(ctx, ADCOV_EINPUT, "photos: no transformation from WGS 84 to the analysis CRS (%s)",
                        adcov_gdal_message());
    size_t k = 0;
    for (size_t i = 0; !st && i < res->nphotos; i++)
        if (res->photos[i].role == ADCOV_ROLE_ADS && res->photos[i].info.has_gps)
            x[k] = res->photos[i].info.lon, y[k++] = res->photos[i].info.lat;
    if (!st)
        OCTTransformEx(ct, (int)n, x, y, NULL, ok);
    k = 0;
    for (size_t i = 0; !st && i < res->nphotos; i++) {
        adcov_photo_row *p = &res->photos[i];
        if (p->role != ADCOV_ROLE_ADS || !p->info.has_gps)
            continue;
        if (ok[k]) {
            p->offset_m = hypot(x[k] - p->x, y[k] - p->y);
            if (p->offset_m > limit)
                p->issues |= ADCOV_PHOTO_ISSUE_FAR;
        }
        k++;
    }
    if (ct)
        OCTDestroyCoordinateTransformation(ct);
    if (wgs)
        OSRRelease(wgs);
    free(x), free(y), free(ok);
    return st;
}

/* ---- the photos the outputs show, decoded ---- */

static void show(adcov_result *res, int role, size_t feature)
{
    adcov_photo_row *p = (adcov_photo_row *)adcov_result_photo(res, role, feature);
    if (p)
        p->shown = 1;
}

static void mark_counted(adcov_result *res, const size_t *counted, size_t n)
{
    for (size_t i = 0; i < n && i < ADCOV_EVIDENCE_PER_PAGE; i++)
        show(res, ADCOV_ROLE_ADS, res->ads[counted[i]].fid_index);
}

/* Ads to rectify, failing sites (both reports and the list), and what counted at passing places (the
 * evidence pack, when the ads have photos). */
static void mark_shown(adcov_result *res)
{
    for (size_t i = 0; i < res->nads; i++)
        if (res->ads[i].bad || res->ads[i].condition != ADCOV_COND_GOOD)
            show(res, ADCOV_ROLE_ADS, res->ads[i].fid_index);
    int evidence = adcov_photos_given(res);
    for (size_t i = 0; i < res->nsites; i++) {
        const adcov_site_result *s = &res->sites[i];
        const adcov_photo_row *p = adcov_photos_of_site(res, s);
        if (p && (s->status == ADCOV_SITE_FAIL || (evidence && s->status == ADCOV_SITE_PASS)))
            ((adcov_photo_row *)p)->shown = 1;
        if (evidence && s->status == ADCOV_SITE_PASS)
            mark_counted(res, s->counted, s->ncounted);
    }
    for (size_t i = 0; evidence && i < res->nresults; i++)
        if (res->results[i].pass)
            mark_counted(res, res->results[i].counted, res->results[i].ncounted);
}

#define QUALITY_THUMB 70
#define QUALITY_LARGE 75

static adcov_photo_why pictures(adcov_photo_row *p, const adcov_image *img)
{
    adcov_image small = {0};
    if (adcov_image_jpeg(img, QUALITY_LARGE, &p->large, &p->nlarge) || adcov_image_fit(img, ADCOV_THUMB_PX, &small) ||
        adcov_image_jpeg(&small, QUALITY_THUMB, &p->thumb, &p->nthumb)) {
        adcov_image_free(&small);
        free(p->large), free(p->thumb);
        p->large = p->thumb = NULL;
        return ADCOV_PHOTO_NOMEM;
    }
    p->large_w = img->w, p->large_h = img->h;
    p->thumb_w = small.w, p->thumb_h = small.h;
    adcov_image_free(&small);
    return ADCOV_PHOTO_OK;
}

static void decode_one(job *j, adcov_photo_row *p)
{
    adcov_photo_why why;
    int fd = adcov_photo_open(p->folder, p->file, &why);
    unsigned char *data = NULL;
    size_t n = 0;
    if (fd >= 0) {
        why = adcov_photo_load(fd, &data, &n, p->detail, sizeof p->detail);
        close(fd);
    } else {
        snprintf(p->detail, sizeof p->detail, "%s", why_words(why));
    }
    adcov_image img = {0};
    if (!why)
        why = adcov_photo_decode(data, n, ADCOV_LARGE_PX, ADCOV_LARGE_PX, &img, p->detail, sizeof p->detail);
    free(data);
    if (!why)
        why = pictures(p, &img);
    adcov_image_free(&img);
    if (why == ADCOV_PHOTO_NOMEM)
        atomic_store(&j->nomem, 1);
    else
        p->issues |= issue_of(why);
}

static long long thread_cpu_ns(void)
{
    struct timespec t;
    return clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t) ? 0 : (long long)t.tv_sec * 1000000000 + t.tv_nsec;
}

static void *decode_worker(void *arg)
{
    job *j = arg;
    long long start = thread_cpu_ns();
    for (size_t i; (i = atomic_fetch_add(&j->next, 1)) < j->nshown;)
        decode_one(j, &j->res->photos[j->shown[i]]);
    atomic_fetch_add(&j->cpu_ns, thread_cpu_ns() - start);
    return NULL;
}

static const unsigned not_decodable = ADCOV_PHOTO_ISSUE_MISSING | ADCOV_PHOTO_ISSUE_OUTSIDE | ADCOV_PHOTO_ISSUE_UNREADABLE;

adcov_status adcov_photos_check(adcov_ctx *ctx, adcov_result *res, const adcov_rulebook *rb, adcov_phase phase)
{
    if (!res->nphotos)
        return ADCOV_OK;
    double months = adcov_rulebook_param(rb, "photo_max_age_months", phase);
    job j = {.res = res, .cutoff = cutoff_day(res->today, (int)fmin(months, 12000))};
    double start = adcov_now();
    both_threads(&j, check_worker);
    adcov_status st = atomic_load(&j.nomem) ? adcov_fail(ctx, ADCOV_ENOMEM, "photos: out of memory") : ADCOV_OK;
    if (!st)
        st = gps_offsets(ctx, res, adcov_rulebook_param(rb, "photo_max_offset_m", phase));
    res->photo_headers_s = adcov_now() - start;
    if (st)
        return st;
    start = adcov_now();
    mark_shown(res);
    j.shown = adcov_malloc(res->nphotos * sizeof *j.shown);
    if (!j.shown)
        return adcov_fail(ctx, ADCOV_ENOMEM, "photos: out of memory");
    for (size_t i = 0; i < res->nphotos; i++)
        if (res->photos[i].shown && !(res->photos[i].issues & not_decodable))
            j.shown[j.nshown++] = i;
    atomic_store(&j.next, 0);
    both_threads(&j, decode_worker);
    free(j.shown);
    res->photos_decoded = j.nshown;
    res->photo_decode_s = adcov_now() - start;
    res->photo_decode_cpu_s = (double)atomic_load(&j.cpu_ns) / 1e9;
    return atomic_load(&j.nomem) ? adcov_fail(ctx, ADCOV_ENOMEM, "photos: out of memory") : ADCOV_OK;
}

/* ---- the list ---- */

const char *adcov_photo_issue_word(unsigned bit, int chinese)
{
    switch (bit) {
    case ADCOV_PHOTO_ISSUE_MISSING: return chinese ? "缺少照片" : "missing";
    case ADCOV_PHOTO_ISSUE_UNREADABLE: return chinese ? "照片无法读取" : "unreadable";
    case ADCOV_PHOTO_ISSUE_OUTSIDE: return chinese ? "照片路径越出台账文件夹" : "outside";
    case ADCOV_PHOTO_ISSUE_OLD: return chinese ? "拍摄时间过久" : "old";
    case ADCOV_PHOTO_ISSUE_NO_TIME: return chinese ? "无拍摄时间" : "no_time";
    case ADCOV_PHOTO_ISSUE_FAR: return chinese ? "拍摄位置偏离" : "far";
    default: return "?";
    }
}

void adcov_photos_summary(const adcov_result *res, FILE *f)
{
    static const char *const said[ADCOV_PHOTO_ISSUE_KINDS] = {"missing", "unreadable", "outside their folder",
                                                               "old", "without a time", "taken away from their ad"};
    size_t n[ADCOV_PHOTO_ISSUE_KINDS] = {0}, shown = 0;
    for (size_t i = 0; i < res->nphotos; i++) {
        for (int k = 0; k < ADCOV_PHOTO_ISSUE_KINDS; k++)
            n[k] += (res->photos[i].issues >> k) & 1u;
        shown += res->photos[i].thumb != NULL;
    }
    if (!res->nphotos)
        return;
    fprintf(f, "%zu photos", res->nphotos);
    const char *sep = ": ";
    for (int k = 0; k < ADCOV_PHOTO_ISSUE_KINDS; k++)
        if (n[k]) {
            fprintf(f, "%s%zu %s", sep, n[k], said[k]);
            sep = ", ";
        }
    fprintf(f, "%s; %zu shown beside the results%s\n", *sep == ',' ? " (photo_issues.csv)" : ", none with an issue",
            shown, adcov_photos_given(res) ? " and in evidence.pdf" : "");
}

void adcov_photos_issue_rows(FILE *f, const adcov_result *res)
{
    static const char *const head[] = {"issue", "layer", "source", "fid", "id", "photo", "taken", "offset_m", "detail"};
    adcov_csv_row(f, head, 9);
    for (size_t i = 0; i < res->nphotos; i++) {
        const adcov_photo_row *p = &res->photos[i];
        char fid[32], off[32] = "";
        snprintf(fid, sizeof fid, "%lld", p->fid);
        if (p->offset_m >= 0)
            snprintf(off, sizeof off, "%.1f", p->offset_m);
        for (unsigned bit = 1; bit < 1u << ADCOV_PHOTO_ISSUE_KINDS; bit <<= 1) {
            if (!(p->issues & bit))
                continue;
            const char *cells[] = {adcov_photo_issue_word(bit, 0), adcov_role_name((adcov_role)p->role), p->where, fid,
                                   p->id, p->file, p->taken, off,
                                   bit & (ADCOV_PHOTO_ISSUE_MISSING | ADCOV_PHOTO_ISSUE_UNREADABLE | ADCOV_PHOTO_ISSUE_OUTSIDE)
                                       ? p->detail : ""};
            adcov_csv_row(f, cells, 9);
        }
    }
}
