/* libFuzzer: the city config parser on arbitrary text. Every input must end in ADCOV_OK or a clean
 * error, never a crash or a leak (built with ASan + UBSan). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gdal.h>
#include "config.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    GDALAllRegister();
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
    if (adcov_config_parse(ctx, "/fuzz/city.yaml", text, &cfg) == ADCOV_OK && !cfg)
        abort(); /* success must give a config */
    adcov_config_free(cfg);
    adcov_ctx_free(ctx);
    free(text);
    return 0;
}
