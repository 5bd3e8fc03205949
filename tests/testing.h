/* Shared helpers for adcov's cmocka tests: a context per test, fixture paths, reading outputs. */
#ifndef ADCOV_TESTING_H
#define ADCOV_TESTING_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctx.h"
#include "test_paths.h"

#define ASSERT_NEAR(a, b, tol) assert_true(fabs((double)(a) - (double)(b)) <= (tol))

static inline int setup_ctx(void **state)
{
    *state = adcov_ctx_new();
    return *state ? 0 : -1;
}

static inline int teardown_ctx(void **state)
{
    adcov_ctx_free(*state);
    return 0;
}

/* fixtures/<name>/<file> into buf */
static inline const char *fixture(char *buf, size_t n, const char *name, const char *file)
{
    snprintf(buf, n, "%s/%s/%s", ADCOV_FIXTURES_DIR, name, file);
    return buf;
}

/* A fresh output folder for one test (suffix from ADCOV_TEST_OUT_SUFFIX keeps valgrind twins apart). */
static inline const char *outdir(char *buf, size_t n, const char *name)
{
    const char *sfx = getenv("ADCOV_TEST_OUT_SUFFIX");
    snprintf(buf, n, "%s%s/%s", ADCOV_TEST_OUT_DIR, sfx ? sfx : "", name);
    return buf;
}

/* dir/name read whole, NUL-ended; *len (when not NULL) its length (a PDF holds NUL bytes). */
static inline char *slurp_output(const char *dir, const char *name, size_t *len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = calloc(1, (size_t)n + 1);
    assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    if (len)
        *len = (size_t)n;
    return text;
}

#endif
