/* libFuzzer: a config of arbitrary text whose roles may be lists of sources (SPEC §11), read from
 * fixtures/fuzz/sources/ (two road shapefiles' worth of GeoJSON, two ad tables: a CSV and an .xlsx) and
 * checked when it parses: set values, per-source CRS, datum, fields and classes, tables, ids per source.
 * Every input must end in ADCOV_OK or a clean error. Paths anchor in that folder. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_error.h>
#include <gdal.h>
#include "check.h"
#include "config.h"
#include "rulebook.h"
#include "test_paths.h"

static adcov_rulebook *rulebook;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    GDALAllRegister();
    CPLSetErrorHandler(CPLQuietErrorHandler);
    adcov_ctx *ctx = adcov_ctx_new();
    if (adcov_rulebook_load(ctx, "default", ADCOV_SOURCE_DIR_FOR_TESTS "/analyzer/rulebooks", NULL, &rulebook))
        abort();
    adcov_rulebook_only(ctx, rulebook, "street.commercial,street.main,busstop.count");
    adcov_ctx_free(ctx);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    adcov_ctx *ctx = adcov_ctx_new();
    adcov_config *cfg = NULL;
    adcov_result *res = NULL;
    if (adcov_config_parse(ctx, ADCOV_FIXTURES_DIR "/fuzz/sources/city.yaml", text, &cfg) == ADCOV_OK)
        adcov_check(ctx, cfg, rulebook, ADCOV_DAILY, 1, NULL, NULL, &res);
    adcov_result_free(res);
    adcov_config_free(cfg);
    adcov_ctx_free(ctx);
    free(text);
    return 0;
}
