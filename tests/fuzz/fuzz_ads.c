/* libFuzzer: an ad inventory (GeoJSON; CSV with -DFUZZ_CSV; an Excel workbook read as a table with
 * -DFUZZ_XLSX) of arbitrary bytes checked
 * against a fixed street scene with a building: reading, vocabularies, visibility and windows all run on
 * whatever the bytes hold. Every input must end in ADCOV_OK or a clean error. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cpl_vsi.h>
#include <gdal.h>
#include "check.h"
#include "config.h"
#include "rulebook.h"
#include "test_paths.h"

#if defined(FUZZ_CSV)
#define ADS "/vsimem/fuzz_ads.csv"
#define ADS_KEYS ", x: x, y: y, crs: 'EPSG:32650'"
#elif defined(FUZZ_XLSX)
#define ADS "/vsimem/fuzz_ads.xlsx"
#define ADS_KEYS ", layer: 公益广告, x: x, y: y, crs: 'EPSG:32650'"
#else
#define ADS "/vsimem/fuzz_ads.geojson"
#define ADS_KEYS ""
#endif

static adcov_rulebook *rulebook;
static const char *config_text =
    "inputs:\n"
    "  roads: { path: " ADCOV_FIXTURES_DIR "/hidden_behind_building/roads.geojson }\n"
    "  buildings: { path: " ADCOV_FIXTURES_DIR "/hidden_behind_building/buildings.geojson }\n"
    "  ads: { path: " ADS ADS_KEYS " }\n";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    GDALAllRegister();
    CPLSetErrorHandler(CPLQuietErrorHandler);
    adcov_ctx *ctx = adcov_ctx_new();
    if (adcov_rulebook_load(ctx, "default", ADCOV_SOURCE_DIR_FOR_TESTS "/analyzer/rulebooks", NULL, &rulebook))
        abort();
    adcov_rulebook_only(ctx, rulebook, "street.commercial,street.main");
    adcov_ctx_free(ctx);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    VSILFILE *f = VSIFileFromMemBuffer(ADS, (GByte *)data, (vsi_l_offset)size, FALSE);
    if (!f)
        return 0;
    VSIFCloseL(f);
    adcov_ctx *ctx = adcov_ctx_new();
    adcov_config *cfg = NULL;
    adcov_result *res = NULL;
    if (adcov_config_parse(ctx, "/fuzz/city.yaml", config_text, &cfg))
        abort();
    adcov_check(ctx, cfg, rulebook, ADCOV_DAILY, 1, NULL, NULL, &res);
    adcov_result_free(res);
    adcov_config_free(cfg);
    adcov_ctx_free(ctx);
    VSIUnlink(ADS);
    return 0;
}
