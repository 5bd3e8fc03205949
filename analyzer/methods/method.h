/* method — how an inspector counts (SPEC §12): one row per counting method, in one table that the
 * rulebook reader, the check, the reports and the rectification list all read.
 *
 * A method says which keys a rule of it takes and must give, what places it judges (stretches, sites,
 * hoardings or carriers), how it judges one site (site methods: which ads belong, then their 处), and
 * what to do when a place fails. A new method is one file in this folder, one row in table.c and its
 * words in docs/methods.md.
 *
 * Owns: the table and its rows (static, never freed). The caller owns every argument.
 */
#ifndef ADCOV_METHOD_H
#define ADCOV_METHOD_H

#include "rule.h"


/* Keys besides the numbers that a rule of the method takes. */
enum {
    ADCOV_KEY_QUOTAS = 1,  /* quotas: (and a rule must give them) */
    ADCOV_KEY_CLASSES = 2, /* classes:, windows: */
    ADCOV_KEY_SITES = 4,   /* sites: (a rule of the new name must give them) */
    ADCOV_KEY_SHARES = 8   /* shares: */
};

typedef struct adcov_site_job adcov_site_job; /* sites.h */
typedef struct adcov_site_result adcov_site_result;

struct adcov_method {
    const char *name;          /* as a rulebook's `type` writes it */
    const char *old_name;      /* the older type name meaning this method on its own sites, or NULL */
    const char *old_sites;     /* … the site type that name implies */
    adcov_place_kind places;
    unsigned keys;             /* ADCOV_KEY_* */
    const char *const *needs;  /* numbers a rule must give (NULL-ended) */
    const char *const *may;    /* numbers a rule may give (NULL-ended) */
    /* Further checks of a parsed rule: NULL when it is sound, else the key at fault (*why the words). */
    const char *(*invalid)(const adcov_rule *r, const char **why);
    /* Site methods: judges site s (its centre, geometry and quotas set) by rule number rule, setting
     * its status and counts; other methods: NULL. */
    adcov_status (*judge)(adcov_site_job *j, size_t rule, adcov_site_result *s);
    /* What the rectification list asks for at failing place s of rule r, named in words by label
     * ("在公园内或边缘5米内增设公益广告，各处相距不少于20米"); separation is the rule's 处 distance. Writes
     * at most size bytes into buf and returns buf. NULL for street rules (their gaps say it). */
    const char *(*action)(const adcov_rule *r, adcov_phase phase, double separation, const adcov_site_result *s,
                          const char *label, char *buf, size_t size);
};

/* The action of a site method: where, then "增设" the rule's media and the separation. */
const char *adcov_method_more_ads(const adcov_rule *r, double separation, const char *where, char *buf, size_t size);

/* The method a rulebook's type word names (the older names included), or NULL; *old_sites is the site
 * type an older name implies (NULL for the new names). */
const adcov_method *adcov_method_named(const char *word, const char **old_sites);
/* The methods' names in table order, comma-separated (for messages). */
const char *adcov_method_list(void);

#endif
