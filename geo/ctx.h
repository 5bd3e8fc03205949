/* ctx — the run context every adcov call takes first.
 *
 * Owns: one reentrant GEOS handle, the error slot (status + one message line naming
 * file:layer:feature:field), the logger and the GDAL error-handler redirection.
 * The caller owns the context: create one per thread with adcov_ctx_new(), destroy it
 * with adcov_ctx_free() (NULL is a no-op). No globals: two contexts never share state.
 */
#ifndef ADCOV_CTX_H
#define ADCOV_CTX_H

#include <pthread.h>
#include <stdarg.h>
#include <geos_c.h>

typedef enum {
    ADCOV_OK = 0,
    ADCOV_EUSAGE,   /* bad command line */
    ADCOV_ECONFIG,  /* bad config or rulebook */
    ADCOV_EINPUT,   /* bad input data */
    ADCOV_EGEOS,    /* a GEOS call failed */
    ADCOV_EPROJ,    /* a CRS could not be built or transformed */
    ADCOV_EIO,      /* an output could not be written */
    ADCOV_ENOMEM
} adcov_status;

typedef enum { ADCOV_LOG_ERROR, ADCOV_LOG_WARN, ADCOV_LOG_INFO, ADCOV_LOG_DEBUG } adcov_log_level;

/* A log sink: receives one line without newline. */
typedef void (*adcov_log_fn)(void *user, adcov_log_level level, const char *line);

typedef struct adcov_ctx adcov_ctx;

/* New context with a GEOS handle; logs go to stderr at WARN and above until
 * adcov_ctx_set_logger(). Returns NULL only when out of memory. */
adcov_ctx *adcov_ctx_new(void);
/* New context for another thread of parent's run: its own GEOS handle and failure, parent's logger.
 * The thread pushes its GDAL handler (adcov_ctx_push_gdal) first thing and pops it last. */
adcov_ctx *adcov_ctx_new_for_thread(const adcov_ctx *parent);
void adcov_ctx_free(adcov_ctx *ctx);

/* Borrowed GEOS handle; valid as long as ctx. */
GEOSContextHandle_t adcov_ctx_geos(adcov_ctx *ctx);

void adcov_ctx_set_logger(adcov_ctx *ctx, adcov_log_fn fn, void *user, adcov_log_level max);
void adcov_log(adcov_ctx *ctx, adcov_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Records the first failure of the run and returns its status. A later failure does
 * not overwrite the first. The message is one line, place first:
 * "roads.shp:roads:17:class: value '快速路' is not a known road class". */
adcov_status adcov_fail(adcov_ctx *ctx, adcov_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
adcov_status adcov_ctx_status(const adcov_ctx *ctx);
/* Makes failure st of another thread, with the message recorded in its context from, ctx's, replacing
 * any ctx had: for the one failure a run tells when two threads failed. Returns st. */
adcov_status adcov_ctx_take_failure(adcov_ctx *ctx, adcov_status st, const adcov_ctx *from);
const char *adcov_ctx_message(const adcov_ctx *ctx); /* "" when none */
void adcov_ctx_clear(adcov_ctx *ctx);

/* The last GEOS error or notice text of this context ("" when none); cleared before each
 * call that checks it with adcov_geos_reset(). */
void adcov_geos_reset(adcov_ctx *ctx);
const char *adcov_geos_message(const adcov_ctx *ctx);

/* Routes GDAL/CPL messages to ctx's logger while pushed (stack discipline). */
void adcov_ctx_push_gdal(adcov_ctx *ctx);
void adcov_ctx_pop_gdal(adcov_ctx *ctx);
/* Last CPL error message, "" when none. */
const char *adcov_gdal_message(void);

/* Allocation wrappers that tests can make fail on the Nth call (fault injection).
 * adcov_alloc_fail_after(n): the n-th allocation from now returns NULL; n < 0 disables. */
void *adcov_malloc(size_t n);
void *adcov_calloc(size_t count, size_t size);
void *adcov_realloc(void *p, size_t n);
char *adcov_strdup(const char *s);
void adcov_alloc_fail_after(long n);

/* Seconds on a monotonic clock, for timing the parts of a run. */
double adcov_now(void);

/* printf into a new string (caller frees); NULL when out of memory. */
char *adcov_sprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grows *items to hold at least need elements of size sz; capacity in *cap.
 * Returns ADCOV_OK or ADCOV_ENOMEM (then *items is unchanged). */
adcov_status adcov_grow(void **items, size_t *cap, size_t need, size_t sz);

/* A latch: one thread says once how something it makes turned out (a state other than 0), others wait
 * for that word. Initialise with ADCOV_LATCH_INIT; the owner destroys it once no thread uses it. */
typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t said;
    int state; /* 0 until said */
} adcov_latch;
#define ADCOV_LATCH_INIT {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0}
void adcov_latch_say(adcov_latch *l, int state);
/* The state said, once it is. */
int adcov_latch_wait(adcov_latch *l);
void adcov_latch_destroy(adcov_latch *l);

#endif
