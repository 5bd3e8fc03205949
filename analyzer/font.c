#include "font.h"

#include <fontconfig/fontconfig.h>
#include <hb-subset.h>
#include <hb.h>
#include <stdlib.h>
#include <string.h>

/* The file and face index of ADCOV_FONT_FAMILY, when fontconfig has it under that very family; *oom is
 * set when it was found but could not be copied. */
static char *find_font(int *index, int *oom)
{
    FcPattern *pat = FcNameParse((const FcChar8 *)ADCOV_FONT_FAMILY);
    char *path = NULL;
    *oom = 0;
    FcResult result;
    if (pat && FcConfigSubstitute(NULL, pat, FcMatchPattern)) {
        FcDefaultSubstitute(pat);
        FcPattern *match = FcFontMatch(NULL, pat, &result);
        FcChar8 *file = NULL, *family = NULL;
        if (match && FcPatternGetString(match, FC_FAMILY, 0, &family) == FcResultMatch &&
            !strcmp((const char *)family, ADCOV_FONT_FAMILY) &&
            FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch &&
            FcPatternGetInteger(match, FC_INDEX, 0, index) == FcResultMatch)
            *oom = !(path = adcov_strdup((const char *)file));
        if (match)
            FcPatternDestroy(match);
    }
    if (pat)
        FcPatternDestroy(pat);
    return path;
}

/* The code points of s into set; the set is asked once per code point of the Basic Multilingual Plane,
 * not once per character of a report of millions. */
static void add_codepoints(hb_set_t *set, const char *s, size_t len)
{
    unsigned char seen[0x10000 / 8] = {0};
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    while (p < end) {
        unsigned c = *p, n = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
        c = n == 0 ? c : n == 1 ? c & 0x1F : n == 2 ? c & 0x0F : c & 0x07;
        p++;
        for (unsigned k = 0; k < n && p < end; k++, p++)
            c = (c << 6) | (*p & 0x3F);
        if (c < 0x10000 && (seen[c >> 3] & (1u << (c & 7))))
            continue;
        if (c < 0x10000)
            seen[c >> 3] |= (unsigned char)(1u << (c & 7));
        hb_set_add(set, c);
    }
}

adcov_status adcov_font_subset(adcov_ctx *ctx, const char *text, size_t len, unsigned char **data, size_t *size)
{
    *data = NULL;
    *size = 0;
    int index = 0, oom = 0;
    char *path = find_font(&index, &oom);
    if (oom)
        return adcov_fail(ctx, ADCOV_ENOMEM, "report: out of memory");
    if (!path)
        return adcov_fail(ctx, ADCOV_EIO, "report: the font '%s' is not installed (Debian package fonts-noto-cjk)",
                          ADCOV_FONT_FAMILY);
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
    free(path);
    hb_face_t *face = blob ? hb_face_create(blob, (unsigned)index) : NULL;
    hb_subset_input_t *in = face ? hb_subset_input_create_or_fail() : NULL;
    hb_face_t *cut = NULL;
    if (in) {
        add_codepoints(hb_subset_input_unicode_set(in), text, len);
        cut = hb_subset_or_fail(face, in);
    }
    hb_blob_t *out = cut ? hb_face_reference_blob(cut) : NULL;
    unsigned n = 0;
    const char *bytes = out ? hb_blob_get_data(out, &n) : NULL;
    if (bytes && n && (*data = adcov_malloc(n))) {
        memcpy(*data, bytes, n);
        *size = n;
    }
    oom = bytes && n && !*data;
    hb_blob_destroy(out);
    hb_face_destroy(cut);
    hb_subset_input_destroy(in);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    if (oom)
        return adcov_fail(ctx, ADCOV_ENOMEM, "report: out of memory");
    return *data ? ADCOV_OK : adcov_fail(ctx, ADCOV_EIO, "report: cannot cut the font '%s' down", ADCOV_FONT_FAMILY);
}
