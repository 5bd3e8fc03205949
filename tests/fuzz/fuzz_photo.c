/* libFuzzer: the photo reader on arbitrary bytes, as a phone or a contractor may hand them in: the header
 * and EXIF parse (libexif on whatever APP1 or eXIf block the bytes hold), the decode at a reduced scale
 * (libjpeg-turbo, libpng, the EXIF orientation turn), the fit and the JPEG a report embeds. Every input
 * must end in a photo or a reason, never a crash, a leak or a sanitizer error (built with ASan + UBSan). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "photo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    adcov_photo_info info;
    char detail[160];
    adcov_photo_why why = adcov_photo_parse_info(data, size, &info, detail, sizeof detail);
    if (why == ADCOV_PHOTO_OK && (info.orientation < 1 || info.orientation > 8))
        abort(); /* the header reader hands back an orientation the turn understands */
    adcov_image img = {0};
    why = adcov_photo_decode(data, size, 24, 64, &img, detail, sizeof detail);
    if (why == ADCOV_PHOTO_OK) {
        if (!img.rgb || !img.w || !img.h || img.w > 64 || img.h > 64)
            abort(); /* a decoded photo fits the size asked for */
        unsigned char *jpeg = NULL;
        size_t n = 0;
        if (adcov_image_jpeg(&img, 70, &jpeg, &n) == 0 && (!jpeg || n < 4))
            abort();
        free(jpeg);
    } else if (img.rgb) {
        abort(); /* a failed decode hands nothing back */
    }
    adcov_image_free(&img);
    return 0;
}
