/* libFuzzer: the rulebook parser, and --set on what it parsed, on arbitrary text. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rulebook.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    adcov_ctx *ctx = adcov_ctx_new();
    adcov_rulebook *rb = NULL;
    if (adcov_rulebook_parse(ctx, "fuzz.yaml", text, &rb) == ADCOV_OK) {
        adcov_rulebook_set(ctx, rb, "street.main.window_m=300");
        adcov_rulebook_set(ctx, rb, "facing_half_angle=45");
        adcov_rulebook_only(ctx, rb, "street.main");
    }
    adcov_rulebook_free(rb);
    adcov_ctx_free(ctx);
    free(text);
    return 0;
}
