/* photo — the photos of an inventory (SPEC §14), read as untrusted files: opened only below their folder,
 * their header (size, EXIF time, GPS, orientation) read without decoding, and, for the photos a run
 * shows, decoded once at a reduced scale (JPEG with libjpeg-turbo, PNG with libpng, EXIF with libexif).
 *
 * Owns: nothing past a call. The caller owns every buffer handed back (adcov_image_free, free) and the
 * file descriptors it opens. Nothing here stops a run: each function says what is wrong with a photo in
 * an adcov_photo_why and a line of detail, and the caller lists it.
 */
#ifndef ADCOV_PHOTO_H
#define ADCOV_PHOTO_H

#include <stddef.h>

typedef enum {
    ADCOV_PHOTO_OK,
    ADCOV_PHOTO_MISSING,    /* no such file */
    ADCOV_PHOTO_OUTSIDE,    /* an absolute path, or one that climbs out of the inventory's folder */
    ADCOV_PHOTO_LINK,       /* a symbolic link on the way (never followed) */
    ADCOV_PHOTO_NOT_FILE,   /* a folder, a device, a pipe … */
    ADCOV_PHOTO_UNREADABLE, /* not a JPEG or PNG, truncated, damaged, or too large to decode */
    ADCOV_PHOTO_NOMEM       /* out of memory: the run's failure, not the photo's */
} adcov_photo_why;

enum { ADCOV_PHOTO_JPEG = 1, ADCOV_PHOTO_PNG };

/* Photos larger than this are not decoded (a PNG or JPEG "bomb" declares a huge size). */
#define ADCOV_PHOTO_MAX_PIXELS 120000000.0
#define ADCOV_PHOTO_MAX_BYTES (64u << 20)

typedef struct {
    int format;                /* ADCOV_PHOTO_JPEG or _PNG */
    unsigned width, height;    /* as the file declares them */
    int orientation;           /* EXIF Orientation 1–8 (1 when none) */
    int has_time;              /* EXIF DateTimeOriginal, a valid date and time */
    int year, month, day, hour, minute, second;
    int has_gps;               /* EXIF GPS latitude and longitude (WGS 84) */
    double lon, lat;
} adcov_photo_info;

typedef struct {
    unsigned w, h;
    unsigned char *rgb;        /* w × h × 3, top row first */
} adcov_image;

/* Opens rel (a relative path, '/' or '\\' between names) below folder for reading, following no symbolic
 * link below folder and refusing '..', absolute paths and anything but a regular file. Returns the
 * descriptor, or -1 and *why. */
int adcov_photo_open(const char *folder, const char *rel, adcov_photo_why *why);

/* The header of an open photo: format, size and EXIF. Reads only as far as the first frame header. */
adcov_photo_why adcov_photo_read_info(int fd, adcov_photo_info *info, char *detail, size_t size);
/* The same from the first n bytes of a file (for tests and fuzzing). */
adcov_photo_why adcov_photo_parse_info(const unsigned char *head, size_t n, adcov_photo_info *info, char *detail,
                                       size_t size);

/* The whole file, up to ADCOV_PHOTO_MAX_BYTES (*data: the caller frees it). */
adcov_photo_why adcov_photo_load(int fd, unsigned char **data, size_t *n, char *detail, size_t size);

/* Decodes a JPEG or PNG held in memory to RGB, at the smallest scale whose longer side is still at least
 * min_side (a JPEG is decoded straight at 1/2, 1/4 or 1/8 of its size; a PNG is averaged down row by
 * row), turned upright by its EXIF orientation, and shrunk to fit max_side. */
adcov_photo_why adcov_photo_decode(const unsigned char *data, size_t n, unsigned min_side, unsigned max_side,
                                   adcov_image *out, char *detail, size_t size);

/* in shrunk (area average) so that its longer side is at most max_side; a copy when it already fits. */
int adcov_image_fit(const adcov_image *in, unsigned max_side, adcov_image *out);
/* in as a JPEG of the given quality (*jpeg: the caller frees it); 0, or -1 when out of memory. */
int adcov_image_jpeg(const adcov_image *in, int quality, unsigned char **jpeg, size_t *n);
void adcov_image_free(adcov_image *img);

/* Days since 1970-01-01 of a calendar date (proleptic Gregorian); for comparing dates. */
long adcov_days_from_civil(int y, int m, int d);
/* … and back: the calendar date of day z. */
void adcov_civil_from_days(long z, int *y, int *m, int *d);
/* Reads a date written as planners do: 2025-06-01, 2025/6/1, 2025.6.1, 2025年6月1日, 2025:06:01 (EXIF),
 * 20250601, each optionally followed by a time. 1 and *y *m *d when it is one, else 0. */
int adcov_parse_date(const char *s, int *y, int *m, int *d);

#endif
