/* result — what a run found: every ad, stretch, street and site result, inspection zone and
 * accounting row, each rule's tally (worked out once, by the check), and the helpers several writers
 * need (chainage as K0+350, the shortfall words, gap metres).
 *
 * Owns: the adcov_result and everything in it (adcov_result_free, NULL is a no-op). The check fills it;
 * the writers (reports, rectification, GIS files) only read it. Strings handed out are the result's.
 */
#ifndef ADCOV_RESULT_H
#define ADCOV_RESULT_H

#include <stddef.h>
#include <stdio.h>
#include <ogr_srs_api.h>
#include "boxes.h"
#include "photo.h"
#include "rule.h"
#include "street.h"
#include "window.h"

typedef struct {
    size_t fid_index;   /* feature index in the ads layer */
    long long fid;      /* within its source */
    size_t source;      /* which source of the ads (0 for the first) */
    const char *where;  /* its source, "path:layer" (named in messages and outputs; the result's) */
    char *id;
    double x, y;
    int kind, medium, condition; /* codes, -1 when the value is not in the vocabulary (lenient) */
    char *theme;                 /* as written */
    char *duty;                  /* its own 责任单位 (a department's 台账 sets it), "" when none */
    char *theme_norm;            /* normalised, for matching */
    char *bad;                   /* lenient: the value outside the vocabulary and its field, "'x' (载体)"; else NULL */
    adcov_sight sight;
    /* Atomic: the street rules and the site rules set them from two threads at once. */
    _Atomic unsigned counted_rules; /* bit r: visible from a stretch of rule r and matching one of its quotas */
    _Atomic unsigned visible_rules; /* bit r: visible from a stretch checked by rule r */
    _Atomic int medium_counts;      /* its medium counts for some quota of a rule it is visible for */
    int in_zone;                 /* it stands in an inspection zone */
    long near_stretch;           /* listed for rectification: the stretch nearest it within 100 m, else -1 */
} adcov_ad;

typedef struct {
    char *id;         /* unique in the run */
    char *street;     /* display name */
    int klass;        /* ADCOV_CLASS_* */
    char *duty;       /* duty units of its roads, joined with "、" */
    adcov_stretch s;  /* geometry and source features */
    int skipped;      /* shorter than min_stretch_m */
    int dual;         /* another carriageway (§5): id is the stretch walked in its place, s.dual_of */
} adcov_stretch_info;

/* The street rules check it: neither skipped nor another carriageway. */
static inline int adcov_stretch_walked(const adcov_stretch_info *si) { return !si->skipped && !si->dual; }

/* Why a road feature was checked by no street rule (accounting.csv says it per feature). */
enum {
    ADCOV_ROAD_UNNAMED,    /* neither a name nor a road_id: no street */
    ADCOV_ROAD_DUAL,       /* another carriageway, walked with its stretch */
    ADCOV_ROAD_SHORT,      /* its stretch is shorter than min_stretch_m */
    ADCOV_ROAD_UNMAPPED,   /* its class maps to no street class */
    ADCOV_ROAD_NO_RULE,    /* no selected rule checks its class */
    ADCOV_ROAD_DEGENERATE, /* fewer than two distinct points */
    ADCOV_ROAD_WHY_COUNT
};

/* A poster to add (§8): where, which way it faces, what it must carry. */
typedef struct {
    double x, y;       /* analysis CRS */
    double facing_deg; /* toward the centre line */
    double chainage;   /* where on the stretch it stands beside */
    int side;          /* 1: left of the walking direction, -1: right */
    size_t quota;      /* the quota it serves (its theme and medium) */
    int medium;        /* ADCOV_MEDIUM_* */
    int in_zone;
} adcov_suggestion;

typedef struct {
    size_t rule;      /* index in the rulebook */
    size_t stretch;   /* index in stretches */
    int pass;
    size_t ads_seen;  /* counting ads with V(a) on the stretch */
    adcov_window_result windows;
    unsigned char *gap_in_zone;  /* per gap: 1 when it lies (partly) in an inspection zone; owned */
    adcov_suggestion *suggestions; /* failing stretches: the posters that make it pass; owned */
    size_t nsuggestions;
    int suggestions_unresolved;    /* some window could not be made to pass by adding posters */
    size_t *counted;               /* passing stretches: the ads (index in ads) counted as its 处, in walk
                                    * order; owned (the evidence pack shows their photos) */
    size_t ncounted;
} adcov_street_result;

typedef struct {
    const char *layer;  /* role (a static string) */
    const char *source; /* its source, "path:layer" (the result's) */
    long long fid;      /* within its source */
    const char *id;     /* in the result's string pool */
    const char *status; /* used, counted, excluded, not_checked, skipped … (a static string) */
    const char *detail; /* in the result's string pool */
} adcov_account;

/* Blocks of strings freed together with the result (a city's accounting has a million rows: one
 * allocation each was a fifth of the accounting's time, and as much again to free). */
typedef struct adcov_pool_block adcov_pool_block;

typedef enum { ADCOV_SITE_PASS, ADCOV_SITE_FAIL, ADCOV_SITE_UNKNOWN } adcov_site_status;

/* One site (a bus stop, a park …) judged by one rule. */
typedef struct adcov_site_result {
    const char *layer;            /* the role it came from (static) */
    long long fid;                /* within its source; -1 for a carrier class */
    size_t feature;               /* its index in the role's layer (SIZE_MAX for a carrier class) */
    char *id, *name, *duty;
    char *type;                   /* its site type, a canonical word (SPEC §12); NULL for hoardings and carriers */
    unsigned char *wkb;           /* owned: its point or polygon in the analysis CRS, as WKB */
    size_t wkb_size;
    double cx, cy;                /* where the inspector stands or counts from */
    int area;                     /* given as a polygon (else a point, or a line for a hoarding) */
    unsigned char *isovist_wkb;   /* squares: the polygon seen from the centre (owned WKB), else NULL */
    size_t isovist_size;
    size_t gates;                 /* scenic areas: how many gates were walked */
    size_t rule;                  /* index in the rulebook */
    adcov_site_status status;
    size_t nquotas;
    int counts[ADCOV_MAX_QUOTAS]; /* 处 found per quota */
    double need[ADCOV_MAX_QUOTAS];
    const char *note;             /* why unknown (static), or NULL */
    const char *kind;             /* hoarding, carrier, carrier_class (static); NULL: a site of type `type` */
    double value, required;       /* hoardings: PSA panel m2 and required m2; carriers: PSAs and required */
    int has_value;                /* value/required are set (else count/required come from the quotas) */
    char *shortfall;              /* owned; when the rule words its own shortfall, else NULL */
    int in_zone;                  /* its geometry meets an inspection zone */
    size_t *counted;              /* the ads (index in ads) counted as its 处, nearest first (a scenic area:
                                   * its worst gate's walk, in walk order; a hoarding: its PSA panels); owned */
    size_t ncounted;
} adcov_site_result;

/* What is wrong with a photo (SPEC §14), as bits: a photo may be old and far at once. */
enum {
    ADCOV_PHOTO_ISSUE_MISSING = 1,    /* none given, or no such file */
    ADCOV_PHOTO_ISSUE_UNREADABLE = 2, /* not a JPEG or PNG, damaged, truncated, too large, not a file */
    ADCOV_PHOTO_ISSUE_OUTSIDE = 4,    /* outside the inventory's folder, or through a symbolic link */
    ADCOV_PHOTO_ISSUE_OLD = 8,        /* taken more than photo_max_age_months before the run */
    ADCOV_PHOTO_ISSUE_NO_TIME = 16,   /* neither EXIF DateTimeOriginal nor a photo_time that is a date */
    ADCOV_PHOTO_ISSUE_FAR = 32,       /* EXIF GPS more than photo_max_offset_m from the ad */
    ADCOV_PHOTO_ISSUE_KINDS = 6
};

/* The photo of one input feature whose source gives photos (a photo field or a photos folder), what its
 * header says and what the checks found; and, for a photo a report shows, its pictures. */
typedef struct {
    int role;                 /* adcov_role of its feature */
    size_t feature;           /* index in the role's layer (an ad's fid_index) */
    long long fid;
    const char *where;        /* its source, "path:layer" (the result's) */
    char *id;                 /* the feature's id (owned) */
    char *folder;             /* owned: the folder it is read below (its source file's, or photos:) */
    char *file;               /* owned: as written below folder; "" when none is given */
    char *time_text;          /* owned: photo_time as written, "" when none */
    double x, y;              /* the feature's point (ads), analysis CRS */
    unsigned issues;          /* ADCOV_PHOTO_ISSUE_* */
    char detail[96];          /* why it is unreadable, or where it points */
    adcov_photo_info info;    /* its header, when it could be read */
    int has_date, from_exif;  /* when it was taken: EXIF DateTimeOriginal, else photo_time */
    char taken[32];           /* "2025-06-01 10:20:00" or "2025-06-01" */
    double offset_m;          /* EXIF GPS to the ad, metres; -1 when not known */
    int shown;                /* a report, the rectification list or the evidence pack shows it */
    unsigned char *thumb;     /* shown and decoded: a JPEG at most ADCOV_THUMB_PX on its longer side */
    size_t nthumb;
    unsigned thumb_w, thumb_h;
    unsigned char *large;     /* … and one at most ADCOV_LARGE_PX, for the evidence pack */
    size_t nlarge;
    unsigned large_w, large_h;
} adcov_photo_row;

#define ADCOV_THUMB_PX 120
#define ADCOV_LARGE_PX 400

/* Site rows made apart from res->sites (by a rule run beside the site rules), appended to it later. */
typedef struct {
    adcov_site_result *items;
    size_t n, cap;
} adcov_site_rows;

/* One inspection zone (§7): walked from an inspection point, or drawn by hand. */
typedef struct {
    const char *source;           /* "inspection_point" or "drawn" (static) */
    long long fid;
    size_t feature;               /* its index in the role's layer */
    char *id, *name;
    double snap_m;                /* inspection points: from the point to where the walk began */
    double walk_m;                /* inspection points: road length within the walk */
    double area_m2;
    unsigned char *wkb;           /* owned: its polygon in the analysis CRS */
    size_t wkb_size;
} adcov_zone_row;

/* One district (§13 scores): a 区县 or 街道 of the districts role. */
typedef struct {
    long long fid;
    size_t feature;               /* its index in the role's layer */
    char *id, *name, *code;
    unsigned char *wkb;           /* owned: its polygon in the analysis CRS */
    size_t wkb_size;
} adcov_district;

/* What one rule found: a street rule's stretches (gap_km: their gaps), another's site rows (a carrier
 * rule's classes, not each carrier). */
typedef struct {
    size_t checked, passed, failed, unknown;
    double gap_km;
} adcov_tally;
typedef struct {
    OGRSpatialReferenceH crs;     /* analysis CRS */
    char **sources;               /* every input source, "path:layer", in the config's order (owned) */
    size_t nsources;
    adcov_ad *ads;
    size_t nads;
    adcov_stretch_info *stretches;
    size_t nstretches;
    adcov_street_result *results;
    size_t nresults, capresults;
    adcov_account *accounts;
    size_t naccounts, capaccounts;
    adcov_pool_block *pool;       /* the accounts' strings (adcov_result_keep) */
    adcov_site_result *sites;
    size_t nsites, capsites;
    adcov_zone_row *zones;
    size_t nzones, capzones;
    adcov_district *districts;    /* the districts role's polygons, for the scores */
    size_t ndistricts;
    adcov_photo_row *photos;      /* by role, then feature (adcov_result_photo finds one); NULL when no source
                                   * gives photos */
    size_t nphotos, capphotos;
    long today;                   /* the run's date, days since 1970-01-01 (photo ages) */
    struct adcov_campaign *campaign; /* problem ids, progress, scores, mock inspection (campaign.h), made after
                                      * the check; NULL before */
    size_t nbuildings;            /* 0 and no layer: sight lines were all clear */
    int has_buildings;
    size_t unknown_values;        /* lenient: ads counted for nothing */
    size_t roads_unchecked[ADCOV_ROAD_WHY_COUNT]; /* road features no street rule checked, by reason */
    size_t *stop_rep[2];          /* per feature of bus_stops [0] and sites [1]: the one whose stop it was
                                   * merged into (§10), itself when not merged; NULL when not checked (owned) */
    size_t nstop_rep[2];
    size_t repaired_buildings;    /* invalid footprints repaired with make-valid */
    adcov_tally *tallies;         /* per rule of the rulebook: what it found (adcov_result_tally) */
    /* where the time went, in seconds: reading (and indexing), the inspection zones, the sight lines
     * shared by the street rules, the suggestions (within the street rules' time), each rule (by rulebook
     * index, up to 32), and the bookkeeping of accounting.csv */
    double read_s, sightlines_s, zones_s, suggest_s, rule_s[32], account_s;
    /* the photos: their headers read and checked, the shown ones decoded (wall seconds, and the CPU
     * seconds of the decoding threads together), how many were decoded */
    double photo_headers_s, photo_decode_s, photo_decode_cpu_s;
    size_t photos_decoded;
} adcov_result;

void adcov_result_free(adcov_result *r);
/* The photo of feature of role, or NULL when its source gives none. */
const adcov_photo_row *adcov_result_photo(const adcov_result *res, int role, size_t feature);

/* Appends rows to res->sites (the rows' strings go with them) and empties rows; out of memory leaves
 * both as they were. */
adcov_status adcov_result_add_sites(adcov_ctx *ctx, adcov_result *res, adcov_site_rows *rows);
/* Frees rows and what their items own. */
void adcov_site_rows_free(adcov_site_rows *rows);

/* A copy of s in res's string pool, freed with res; NULL when out of memory. */
const char *adcov_result_keep(adcov_result *res, const char *s);

/* A list of ads (borrowed from a result); the caller frees items. */
typedef struct {
    adcov_ad **items;
    size_t n, cap;
} adcov_ad_list;

/* Replaces out's content with the ads of res in the box (edges included), in res's order; index holds
 * their points (ids: indexes into res->ads). */
adcov_status adcov_ads_in_box(adcov_ctx *ctx, const adcov_boxes *index, adcov_result *res, double xmin, double ymin,
                              double xmax, double ymax, adcov_ad_list *out);

/* Quota bits of rule for ad a (bit q: it counts for quota q; 0 when it cannot count). *medium_ok tells
 * whether its medium counts for some quota, so that a 0 can be put down to the theme. */
unsigned adcov_ad_quota_bits(const adcov_rule *rule, const adcov_ad *a, int *medium_ok);

/* Why an ad counted for no rule: "" when it counted; else unknown_value, kind, condition,
 * medium (banners; or seen, but no quota takes its medium), theme (seen, a quota takes its medium but
 * not its theme) or not_visible. */
const char *adcov_ad_excluded(const adcov_ad *a);

/* 1 when some checked rule failed somewhere. */
int adcov_result_failed(const adcov_result *res);
/* "讲文明树新风 2/5" for each of the first n quotas of rule where found[q] falls short of need[q] (need
 * NULL: the quota's number in phase), joined with "; "; "" when none does. Caller frees; NULL when out
 * of memory. */
char *adcov_shortfall(const adcov_rule *rule, const int *found, const double *need, size_t n, adcov_phase phase);
/* Metres of the stretch inside some gap of sr, each metre once (gaps may overlap). */
double adcov_gap_metres(const adcov_street_result *sr);
/* "K1+250" for 1250.4 m into buf (at least 24 bytes). */
const char *adcov_chainage_k(double m, char *buf, size_t size);

/* Works out res->tallies, once, when everything is judged; ADCOV_ENOMEM when out of memory. */
adcov_status adcov_result_tally(adcov_ctx *ctx, adcov_result *res, const adcov_rulebook *rb);

#endif
