/* Fault injection (STYLE habit 14): a whole check of a small scene, with allocation N failing (and every
 * one after it), for every N until the run no longer allocates that much. Each run must end cleanly:
 * ADCOV_OK when the failure came too late to matter, ADCOV_ENOMEM with a message otherwise; never a
 * crash, and (under ASan/LSan) never a leak. */
#include "testing.h"
#include "cli.h"

#include <gdal.h>
#include <stdlib.h>

static void fail_each_allocation(adcov_ctx *ctx, const char *scene, int campaign)
{
    char cfg[512], out[512], earlier[512];
    fixture(cfg, sizeof cfg, scene, "city.yaml");
    outdir(out, sizeof out, "alloc_faults");
    adcov_check_opts o = {.config = cfg, .output = out, .lenient = 1};
    if (campaign) { /* against its own earlier run (made first, whole), with mock inspections */
        int failed = 0;
        outdir(earlier, sizeof earlier, "alloc_faults_earlier");
        o.output = earlier;
        assert_int_equal(adcov_run_check(ctx, &o, NULL, &failed), ADCOV_OK);
        o.previous = earlier;
        o.output = out;
        o.simulate = "50";
        o.seed = "3";
    }
    long n;
    size_t nomem = 0;
    adcov_ctx_set_logger(ctx, NULL, NULL, ADCOV_LOG_ERROR); /* the scenes' config warnings, once per run: not here */
    /* ADCOV_ALLOC_STEP=k fails every k-th allocation index only, the offset turning with the scene: the
     * sanitizer stage of scripts/test.sh, where each run costs ten times as much, uses it */
    const char *step_env = getenv("ADCOV_ALLOC_STEP");
    long step = step_env && atol(step_env) > 0 ? atol(step_env) : 1;
    static long turn = 0;
    for (n = 1 + turn++ % step; n < 100000; n += step) {
        int failed = 0;
        adcov_ctx_clear(ctx);
        adcov_alloc_fail_after(n);
        adcov_status st = adcov_run_check(ctx, &o, NULL, &failed);
        adcov_alloc_fail_after(-1);
        if (st == ADCOV_OK)
            break;
        if (st != ADCOV_ENOMEM)
            fail_msg("allocation %ld failing gave status %d: %s", n, st, adcov_ctx_message(ctx));
        if (!*adcov_ctx_message(ctx)) /* never a bare "adcov: error:" */
            fail_msg("%s: allocation %ld failing gave no message", scene, n);
        nomem++;
    }
    assert_true(n < 100000);
    assert_true(nomem * (size_t)step > 100); /* the run does allocate through the wrapper */
}

/* Buildings and sight lines; a branched street with a skipped stretch; a CSV; unknown values (lenient);
 * junction gaps joined, another carriageway, bus stops merged; inspection zones, hoardings, carriers,
 * parks, squares (isovists), scenic gates and a city's own rules (schools, communities), photos (read,
 * checked, decoded, in the evidence pack), each with its reports. */
static void every_allocation_may_fail(void **state)
{
    const char *scenes[] = {"hidden_behind_building", "branched_street", "csv_ads", "unknown_medium", "five_quota",
                            "junction_gaps", "dual_carriageway", "stops_per_route", "zone_walks", "hoarding_faces",
                            "carrier_classes", "park_edges", "square_l_shape", "scenic_two_gates", "city_rules",
                            "photo_evidence"};
    for (size_t i = 0; i < sizeof scenes / sizeof scenes[0]; i++)
        fail_each_allocation(*state, scenes[i], 0);
    fail_each_allocation(*state, "five_quota", 1); /* the campaign: --previous and --simulate */
}

int main(void)
{
    GDALAllRegister();
    const struct CMUnitTest tests[] = {cmocka_unit_test_setup_teardown(every_allocation_may_fail, setup_ctx, teardown_ctx)};
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    GDALDestroyDriverManager();
    return rc;
}
