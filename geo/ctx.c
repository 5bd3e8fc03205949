#include "ctx.h"

#include <cpl_error.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MSG_MAX 1024

struct adcov_ctx {
    GEOSContextHandle_t geos;
    adcov_status status;
    char message[MSG_MAX];
    char geos_message[MSG_MAX];
    adcov_log_fn log_fn;
    void *log_user;
    adcov_log_level log_max;
};

static _Atomic long alloc_countdown = -1; /* atomic: a run has two threads at times */

void adcov_alloc_fail_after(long n) { atomic_store(&alloc_countdown, n); }

static int alloc_should_fail(void)
{
    long c = atomic_load_explicit(&alloc_countdown, memory_order_relaxed);
    while (c > 0 && !atomic_compare_exchange_weak_explicit(&alloc_countdown, &c, c - 1, memory_order_relaxed,
                                                           memory_order_relaxed))
        ;
    return c == 0 || c == 1; /* it was the n-th, or one after it */
}

void *adcov_malloc(size_t n) { return alloc_should_fail() ? NULL : malloc(n ? n : 1); }
void *adcov_calloc(size_t c, size_t s) { return alloc_should_fail() ? NULL : calloc(c ? c : 1, s ? s : 1); }
void *adcov_realloc(void *p, size_t n) { return alloc_should_fail() ? NULL : realloc(p, n ? n : 1); }

char *adcov_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = adcov_malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

double adcov_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

char *adcov_sprintf(const char *fmt, ...)
{
    char small[256]; /* most texts fit: formatted once, not measured first */
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *s = adcov_malloc((size_t)n + 1);
    if (!s)
        return NULL;
    if ((size_t)n < sizeof small)
        return memcpy(s, small, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

adcov_status adcov_grow(void **items, size_t *cap, size_t need, size_t sz)
{
    if (need <= *cap)
        return ADCOV_OK;
    size_t ncap = *cap ? *cap * 2 : 16;
    while (ncap < need)
        ncap *= 2;
    void *p = adcov_realloc(*items, ncap * sz);
    if (!p)
        return ADCOV_ENOMEM;
    *items = p;
    *cap = ncap;
    return ADCOV_OK;
}

static void stderr_logger(void *user, adcov_log_level level, const char *line)
{
    (void)user;
    static const char *names[] = {"error", "warning", "info", "debug"};
    fprintf(stderr, "adcov: %s: %s\n", names[level], line);
}

static void geos_handler(const char *msg, void *user)
{
    adcov_ctx *ctx = user;
    snprintf(ctx->geos_message, MSG_MAX, "%s", msg);
}

adcov_ctx *adcov_ctx_new(void)
{
    adcov_ctx *ctx = calloc(1, sizeof *ctx);
    if (!ctx)
        return NULL;
    ctx->geos = GEOS_init_r();
    if (!ctx->geos) {
        free(ctx);
        return NULL;
    }
    GEOSContext_setErrorMessageHandler_r(ctx->geos, geos_handler, ctx);
    GEOSContext_setNoticeMessageHandler_r(ctx->geos, geos_handler, ctx);
    ctx->log_fn = stderr_logger;
    ctx->log_max = ADCOV_LOG_WARN;
    return ctx;
}

void adcov_ctx_free(adcov_ctx *ctx)
{
    if (!ctx)
        return;
    GEOS_finish_r(ctx->geos);
    free(ctx);
}

GEOSContextHandle_t adcov_ctx_geos(adcov_ctx *ctx) { return ctx->geos; }

void adcov_ctx_set_logger(adcov_ctx *ctx, adcov_log_fn fn, void *user, adcov_log_level max)
{
    ctx->log_fn = fn;
    ctx->log_user = user;
    ctx->log_max = max;
}

static void vlog(adcov_ctx *ctx, adcov_log_level level, const char *fmt, va_list ap)
{
    if (!ctx->log_fn || level > ctx->log_max)
        return;
    char line[MSG_MAX];
    vsnprintf(line, sizeof line, fmt, ap);
    ctx->log_fn(ctx->log_user, level, line);
}

void adcov_log(adcov_ctx *ctx, adcov_log_level level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog(ctx, level, fmt, ap);
    va_end(ap);
}

adcov_status adcov_fail(adcov_ctx *ctx, adcov_status st, const char *fmt, ...)
{
    if (ctx->status != ADCOV_OK)
        return ctx->status;
    ctx->status = st;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ctx->message, MSG_MAX, fmt, ap);
    va_end(ap);
    return st;
}

adcov_ctx *adcov_ctx_new_for_thread(const adcov_ctx *parent)
{
    adcov_ctx *ctx = adcov_ctx_new();
    if (ctx)
        adcov_ctx_set_logger(ctx, parent->log_fn, parent->log_user, parent->log_max);
    return ctx;
}

adcov_status adcov_ctx_status(const adcov_ctx *ctx) { return ctx->status; }
const char *adcov_ctx_message(const adcov_ctx *ctx) { return ctx->message; }

adcov_status adcov_ctx_take_failure(adcov_ctx *ctx, adcov_status st, const adcov_ctx *from)
{
    adcov_ctx_clear(ctx);
    return adcov_fail(ctx, st, "%s", adcov_ctx_message(from));
}

void adcov_ctx_clear(adcov_ctx *ctx)
{
    ctx->status = ADCOV_OK;
    ctx->message[0] = '\0';
}

void adcov_geos_reset(adcov_ctx *ctx) { ctx->geos_message[0] = '\0'; }
const char *adcov_geos_message(const adcov_ctx *ctx) { return ctx->geos_message; }

static void CPL_STDCALL gdal_handler(CPLErr cls, CPLErrorNum num, const char *msg)
{
    (void)num;
    adcov_ctx *ctx = CPLGetErrorHandlerUserData();
    if (!ctx)
        return;
    /* failures are reported by the caller, with their place; here they are only traced */
    (void)cls;
    adcov_log(ctx, ADCOV_LOG_DEBUG, "GDAL: %s", msg);
}

void adcov_ctx_push_gdal(adcov_ctx *ctx) { CPLPushErrorHandlerEx(gdal_handler, ctx); }
void adcov_ctx_pop_gdal(adcov_ctx *ctx)
{
    (void)ctx;
    CPLPopErrorHandler();
}

const char *adcov_gdal_message(void) { return CPLGetLastErrorMsg(); }

void adcov_latch_say(adcov_latch *l, int state)
{
    pthread_mutex_lock(&l->lock);
    l->state = state;
    pthread_cond_broadcast(&l->said);
    pthread_mutex_unlock(&l->lock);
}

int adcov_latch_wait(adcov_latch *l)
{
    pthread_mutex_lock(&l->lock);
    while (!l->state)
        pthread_cond_wait(&l->said, &l->lock);
    int state = l->state;
    pthread_mutex_unlock(&l->lock);
    return state;
}

void adcov_latch_destroy(adcov_latch *l)
{
    pthread_mutex_destroy(&l->lock);
    pthread_cond_destroy(&l->said);
}
