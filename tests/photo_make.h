/* Photos made by the tests themselves: a JPEG of four coloured quarters (encoded with geo/photo's own
 * encoder) carrying an EXIF block written byte by byte (so that a test can also make it lie), and a PNG
 * written with libpng. Shared by test_photo.c and the fuzz harness's seed corpus. */
#ifndef ADCOV_TEST_PHOTO_MAKE_H
#define ADCOV_TEST_PHOTO_MAKE_H

#include "photo.h"

#include <png.h>
#include <zlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *time;    /* "2026:06:01 10:00:00", or NULL for none */
    int orientation;     /* 0: none */
    int gps;             /* write lon, lat */
    double lon, lat;
    unsigned lie;        /* an offset to put where the EXIF IFD's offset belongs (0: the true one) */
} exif_spec;

typedef struct {
    unsigned char b[1024];
    size_t n;
} tiff_buf;

static void put16(tiff_buf *t, size_t at, unsigned v) { t->b[at] = v & 255, t->b[at + 1] = v >> 8 & 255; }
static void put32(tiff_buf *t, size_t at, unsigned long v)
{
    for (int i = 0; i < 4; i++)
        t->b[at + i] = v >> (8 * i) & 255;
}

/* An IFD entry at *at: tag, type, count, value (or offset). */
static void entry(tiff_buf *t, size_t *at, unsigned tag, unsigned type, unsigned long count, unsigned long value)
{
    put16(t, *at, tag), put16(t, *at + 2, type), put32(t, *at + 4, count), put32(t, *at + 8, value);
    *at += 12;
}

/* Degrees as three rationals (d/1, m/1, s*10000/10000) at off. */
static void dms(tiff_buf *t, size_t off, double deg)
{
    unsigned d = (unsigned)deg;
    unsigned m = (unsigned)((deg - d) * 60);
    double s = (deg - d - m / 60.0) * 3600;
    put32(t, off, d), put32(t, off + 4, 1), put32(t, off + 8, m), put32(t, off + 12, 1);
    put32(t, off + 16, (unsigned long)(s * 10000 + 0.5)), put32(t, off + 20, 10000);
}

/* "Exif\0\0" and a little-endian TIFF: IFD0 (orientation, the EXIF and GPS IFDs), the EXIF IFD
 * (DateTimeOriginal) and the GPS IFD (latitude and longitude with their N/S, E/W). */
static size_t exif_block(const exif_spec *e, unsigned char *out)
{
    tiff_buf t = {{0}, 0};
    memcpy(t.b, "II*\0", 4);
    put32(&t, 4, 8);
    size_t ifd0 = 8, n0 = 1 + (e->time ? 1 : 0) + (e->gps ? 1 : 0);
    size_t exif = ifd0 + 2 + 12 * n0 + 4, time_at = exif + 2 + 12 + 4;
    size_t gps = e->time ? time_at + 20 : exif, lat_at = gps + 2 + 4 * 12 + 4, lon_at = lat_at + 24;
    size_t at = ifd0 + 2;
    put16(&t, ifd0, (unsigned)n0);
    entry(&t, &at, 0x0112, 3, 1, (unsigned long)(e->orientation ? e->orientation : 1));
    if (e->time)
        entry(&t, &at, 0x8769, 4, 1, e->lie ? e->lie : exif);
    if (e->gps)
        entry(&t, &at, 0x8825, 4, 1, gps);
    put32(&t, at, 0);
    if (e->time) {
        at = exif + 2;
        put16(&t, exif, 1);
        entry(&t, &at, 0x9003, 2, 20, time_at);
        put32(&t, at, 0);
        memcpy(t.b + time_at, e->time, 19);
    }
    if (e->gps) {
        at = gps + 2;
        put16(&t, gps, 4);
        entry(&t, &at, 1, 2, 2, e->lat >= 0 ? 'N' : 'S');
        entry(&t, &at, 2, 5, 3, lat_at);
        entry(&t, &at, 3, 2, 2, e->lon >= 0 ? 'E' : 'W');
        entry(&t, &at, 4, 5, 3, lon_at);
        put32(&t, at, 0);
        dms(&t, lat_at, e->lat < 0 ? -e->lat : e->lat);
        dms(&t, lon_at, e->lon < 0 ? -e->lon : e->lon);
    }
    t.n = e->gps ? lon_at + 24 : e->time ? time_at + 20 : exif;
    memcpy(out, "Exif\0\0", 6);
    memcpy(out + 6, t.b, t.n);
    return t.n + 6;
}

/* Quarters: top left red, top right green, bottom left blue, bottom right white. */
static void quarters(adcov_image *img, unsigned w, unsigned h)
{
    static const unsigned char c[4][3] = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 255}};
    img->w = w, img->h = h;
    img->rgb = malloc((size_t)w * h * 3);
    for (unsigned y = 0; y < h; y++)
        for (unsigned x = 0; x < w; x++)
            memcpy(img->rgb + ((size_t)y * w + x) * 3, c[(y >= h / 2) * 2 + (x >= w / 2)], 3);
}

/* A JPEG of w × h quarters with the EXIF of e (NULL: none); *n its size; the caller frees it. */
static unsigned char *make_jpeg(unsigned w, unsigned h, const exif_spec *e, size_t *n)
{
    adcov_image img;
    quarters(&img, w, h);
    unsigned char *jpeg = NULL, app1[1100];
    size_t len = 0, k = e ? exif_block(e, app1) : 0;
    if (adcov_image_jpeg(&img, 90, &jpeg, &len))
        abort();
    free(img.rgb);
    unsigned char *out = malloc(len + k + 4);
    memcpy(out, jpeg, 2); /* SOI */
    size_t at = 2;
    if (k) {
        out[2] = 0xFF, out[3] = 0xE1, out[4] = (unsigned char)((k + 2) >> 8), out[5] = (unsigned char)((k + 2) & 255);
        memcpy(out + 6, app1, k);
        at = 6 + k;
    }
    memcpy(out + at, jpeg + 2, len - 2);
    *n = at + len - 2;
    free(jpeg);
    return out;
}

static void write_file(const char *path, const unsigned char *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, n, f) != n)
        abort();
    fclose(f);
}

static void save_jpeg(const char *path, unsigned w, unsigned h, const exif_spec *e)
{
    size_t n;
    unsigned char *j = make_jpeg(w, h, e, &n);
    write_file(path, j, n);
    free(j);
}

/* A PNG of w × h: rgba per pixel from fn (x, y). */
static void save_png(const char *path, unsigned w, unsigned h, void (*fn)(unsigned x, unsigned y, unsigned char *rgba))
{
    FILE *f = fopen(path, "wb");
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    if (!f || !png || !info || setjmp(png_jmpbuf(png)))
        abort();
    png_init_io(png, f);
    png_set_IHDR(png, info, w, h, 8, PNG_COLOR_TYPE_RGBA, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    unsigned char *row = malloc((size_t)w * 4);
    for (unsigned y = 0; y < h; y++) {
        for (unsigned x = 0; x < w; x++)
            fn(x, y, row + 4 * (size_t)x);
        png_write_row(png, row);
    }
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    free(row);
    fclose(f);
}

/* A PNG "bomb": a valid signature and IHDR declaring w × h, then one empty IDAT and IEND. */
static void save_png_bomb(const char *path, unsigned long w, unsigned long h)
{
    unsigned char b[8 + 25 + 12 + 12] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    for (int i = 0; i < 4; i++)
        b[16 + i] = (unsigned char)(w >> (24 - 8 * i)), b[20 + i] = (unsigned char)(h >> (24 - 8 * i));
    b[24] = 8, b[25] = 2; /* 8 bits, RGB */
    unsigned long crc = crc32(0, b + 12, 17);
    for (int i = 0; i < 4; i++)
        b[29 + i] = (unsigned char)(crc >> (24 - 8 * i));
    memcpy(b + 33, "\0\0\0\0IDAT\x35\xaf\x06\x1e", 12);
    memcpy(b + 45, "\0\0\0\0IEND\xae\x42\x60\x82", 12);
    write_file(path, b, sizeof b);
}

#endif
