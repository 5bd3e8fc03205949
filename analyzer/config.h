/* config — the city's YAML config (§9): inputs by role, field names, road classes.
 *
 * Owns: parsing and checking the config (every unknown key, bad value or missing input is a
 * file:line:key error), resolving input paths relative to the config file, and the road-class
 * and ad vocabularies with the config's synonyms. The caller owns the adcov_config
 * (adcov_config_free, NULL is a no-op).
 */
#ifndef ADCOV_CONFIG_H
#define ADCOV_CONFIG_H

#include <stddef.h>
#include "ctx.h"
#include "datum.h"
#include "rulebook.h"
#include "vocab.h"

typedef enum {
    ADCOV_ROLE_ROADS, ADCOV_ROLE_ADS, ADCOV_ROLE_BUILDINGS, ADCOV_ROLE_SITES, ADCOV_ROLE_GATES,
    ADCOV_ROLE_BUS_STOPS, ADCOV_ROLE_HOARDINGS, ADCOV_ROLE_CARRIERS, ADCOV_ROLE_INSPECTION_POINTS,
    ADCOV_ROLE_ZONES, ADCOV_ROLE_DISTRICTS, ADCOV_ROLE_COUNT
} adcov_role;

/* Attribute slots of each role, in the order of adcov_role_fields(). */
enum { ADCOV_ROAD_NAME, ADCOV_ROAD_CLASS, ADCOV_ROAD_ID, ADCOV_ROAD_DUTY };
enum { ADCOV_GATE_SITE_ID, ADCOV_GATE_ID };
enum { ADCOV_DISTRICT_NAME, ADCOV_DISTRICT_CODE, ADCOV_DISTRICT_ID };
enum {
    ADCOV_AD_ID, ADCOV_AD_KIND, ADCOV_AD_MEDIUM, ADCOV_AD_THEME, ADCOV_AD_CONDITION, ADCOV_AD_FACING,
    ADCOV_AD_SIDES, ADCOV_AD_WIDTH, ADCOV_AD_HEIGHT, ADCOV_AD_VIEW, ADCOV_AD_CARRIER, ADCOV_AD_PHOTO, ADCOV_AD_DUTY,
    ADCOV_AD_PHOTO_TIME
};

#define ADCOV_MAX_FIELDS 14

/* A word the config maps (classes:, types:, synonyms:), kept to say when no feature of its source has it. */
typedef struct {
    char *word;           /* normalised */
    char *where;          /* "config.yaml:LINE:inputs.roads.classes.0999", for the warning */
    adcov_vocab_type vocab;
} adcov_config_word;

/* One source of a role (SPEC §9, §11): a role given as a list has one per entry, chained by next. */
typedef struct adcov_input {
    int present;
    char *path;         /* resolved against the config's folder */
    char *path_written; /* as the config says, for messages */
    char *layer, *crs, *datum, *encoding, *x, *y;
    char *photos;       /* photos: DIR, resolved against the config's folder (ID.jpg per feature), or NULL */
    char *photos_written; /* … as the config says, for messages */
    adcov_datum datum_code; /* from datum: (default wgs84) */
    char *fields[ADCOV_MAX_FIELDS]; /* source field name per slot; NULL when not mapped (or set) */
    char *set[ADCOV_MAX_FIELDS];    /* set: the value every feature of the source takes per slot, or NULL */
    int explicit_field[ADCOV_MAX_FIELDS]; /* 1 when the config named it (then it must exist) */
    adcov_vocab *vocab[ADCOV_VOCAB_COUNT]; /* by adcov_vocab_type: roads CLASS, ads KIND/MEDIUM/CONDITION,
                                              sites SITE */
    adcov_config_word *words; /* every key of its classes:, types:, synonyms: */
    size_t nwords, capwords;
    char **commercial_names; /* normalised */
    size_t ncommercial;
    struct adcov_input *next; /* the role's next source (list form), or NULL */
} adcov_input;

typedef struct {
    char *path;
    char *rulebook;     /* name or resolved path */
    int rulebook_line;  /* where the config names it (0: it does not) */
    int inputs_line;    /* line of the inputs mapping, for messages about it */
    adcov_phase phase;
    char *analysis_crs; /* NULL: auto */
    char *output;       /* resolved */
    int lenient;
    int urban_village;  /* urban_village: true: hoardings in inspection zones use urban_village_share */
    long today;         /* the run's date in days since 1970-01-01 (--date, for the photos' ages); 0: the clock's */
    double panel_width_m, panel_height_m; /* size of a hoarding panel that gives none (0: none given) */
    adcov_input inputs[ADCOV_ROLE_COUNT]; /* each role's first source; further ones follow its next */
} adcov_config;

adcov_status adcov_config_load(adcov_ctx *ctx, const char *path, adcov_config **out);
/* The same from text held in memory (path names it and anchors relative paths; nothing is read from
 * it). For tests and fuzzing. */
adcov_status adcov_config_parse(adcov_ctx *ctx, const char *path, const char *text, adcov_config **out);
void adcov_config_free(adcov_config *cfg);

/* The k-th source of role (0: cfg->inputs[role]); NULL past the last. */
const adcov_input *adcov_config_source(const adcov_config *cfg, adcov_role role, size_t k);
/* How many sources role has (0 when it is not given). */
size_t adcov_config_nsources(const adcov_config *cfg, adcov_role role);

const char *adcov_role_name(adcov_role role);
/* Canonical field names of a role (NULL-terminated); slots index this list. */
const char *const *adcov_role_fields(adcov_role role);
/* The slot of a role's photo field (*time_slot: its photo_time's, when not NULL), or -1 for a role
 * without photos (SPEC §14). */
int adcov_role_photo_slot(adcov_role role, int *time_slot);
/* 1 when slot f of role must be present in the data. */
int adcov_role_field_required(adcov_role role, size_t f);
/* The geometry kinds (layer.h ADCOV_GEOM_*) a role's features may have. */
int adcov_role_geometries(adcov_role role);

#endif
