/* window — walking windows along one stretch, and the gaps where they fail (§5, §10).
 *
 * Owns: the sliding and fixed window checks, 处 counting in walk order with the separation
 * rule, and turning failing window starts into gaps. Pure arithmetic on chainages: the
 * caller computes each ad's V(a) (geo/vis) and owns every array passed in; the result's
 * gap array is owned by the caller (adcov_window_result_free).
 *
 * Sliding windows are checked exactly: the count of 处 changes only where some window end
 * crosses an end of some V(a), so every such start and every midpoint between two of them
 * is checked, and failing runs are cut at those starts.
 */
#ifndef ADCOV_WINDOW_H
#define ADCOV_WINDOW_H

#include <stddef.h>
#include "ctx.h"
#include "vis.h"

#define ADCOV_MAX_QUOTAS 8 /* = ADCOV_RULEBOOK_MAX_QUOTAS */

typedef struct {
    const adcov_span *spans; /* V(a) on this stretch, sorted, disjoint; nspans > 0 */
    size_t nspans;
    double x, y;             /* the ad's position, for the separation rule */
    const char *id;          /* ties in walk order are broken by id as text */
    unsigned quotas;         /* bit q: the ad counts for quota q */
} adcov_seen;

typedef struct {
    double length;           /* L of the stretch */
    double window;           /* W */
    int fixed;               /* 1: consecutive blocks instead of sliding */
    double separation;       /* min_separation_m */
    size_t nquotas;          /* <= ADCOV_MAX_QUOTAS */
    double need[ADCOV_MAX_QUOTAS]; /* k per quota */
} adcov_window_spec;

typedef struct {
    double from, to;                 /* chainage of the failing piece */
    int worst[ADCOV_MAX_QUOTAS];     /* fewest 处 found in any failing window of the gap, per quota
                                        (a quota that held everywhere there shows its need) */
} adcov_gap;

typedef struct {
    adcov_gap *gaps;
    size_t ngaps, cap;
    size_t windows_failed;  /* fixed: failing blocks; sliding: failing starts counted per whole metre */
} adcov_window_result;

/* Checks every window of the stretch; result replaced. */
adcov_status adcov_windows_check(const adcov_window_spec *spec, const adcov_seen *ads, size_t n,
                                 adcov_window_result *out);
/* Where the first gap adcov_windows_check would find at or after from begins (*gap), or -1 when no
 * window starting there fails. from is 0, or an earlier answer for fewer of these ads (ads only
 * added since, none nearer to a counted one than the separation): the caller mends one window at a
 * time, walking along the stretch, and each question costs what it walks, not the whole stretch. */
adcov_status adcov_windows_next_gap(const adcov_window_spec *spec, const adcov_seen *ads, size_t n, double from,
                                    double *gap);
void adcov_window_result_free(adcov_window_result *r);

/* 处 (SPEC §4) among ordered[0..n) that match quota bit: each ad closer than separation to one already
 * counted is absorbed (absorbed ads absorb nothing); counting stops at need. counted is scratch room for
 * n pointers. The caller decides the order: walk order on streets, nearest first from a point. */
int adcov_places(const adcov_seen *const *ordered, size_t n, unsigned bit, double separation, double need,
                 const adcov_seen **counted);

/* The 处 of a whole walk (a passing stretch, a gate's walk), for the evidence pack (SPEC §14): for each quota
 * of spec, the places among seen[0..n) in walk order (where each is first seen, ties by id), each ad once;
 * their indexes in seen go to out (room for n), in walk order. Returns how many, or -1 when out of memory. */
long adcov_walk_counted(const adcov_window_spec *spec, const adcov_seen *seen, size_t n, size_t *out);

/* 处 per quota seen from window [s, e], each counted up to the quota's need (a count that reaches it
 * needs no more). Exposed for tests and site rules. */
adcov_status adcov_window_count(const adcov_window_spec *spec, const adcov_seen *ads, size_t n, double s, double e,
                                int counts[ADCOV_MAX_QUOTAS]);

#endif
