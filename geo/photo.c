#include "photo.h"
#include "ctx.h"

#include <ctype.h>
#include <math.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jpeglib.h>
#include <jerror.h>
#include <libexif/exif-data.h>
#include <png.h>

static adcov_photo_why say(char *detail, size_t size, adcov_photo_why why, const char *text)
{
    if (detail && size)
        snprintf(detail, size, "%s", text);
    return why;
}

/* ---- opening, never outside the folder ---- */

static adcov_photo_why why_not(int dir, const char *name, int err)
{
    struct stat st;
    if (!fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) && S_ISLNK(st.st_mode))
        return ADCOV_PHOTO_LINK;
    if (err == ENOENT)
        return ADCOV_PHOTO_MISSING;
    if (err == ENOMEM)
        return ADCOV_PHOTO_NOMEM;
    return err == ENOTDIR || err == EISDIR ? ADCOV_PHOTO_NOT_FILE : ADCOV_PHOTO_UNREADABLE;
}

int adcov_photo_open(const char *folder, const char *rel, adcov_photo_why *why)
{
    *why = ADCOV_PHOTO_MISSING;
    if (!rel || !*rel)
        return -1;
    char *path = adcov_strdup(rel);
    if (!path)
        return *why = ADCOV_PHOTO_NOMEM, -1;
    for (char *c = path; *c; c++)
        if (*c == '\\') /* written on Windows */
            *c = '/';
    if (path[0] == '/' || (isalpha((unsigned char)path[0]) && path[1] == ':')) {
        free(path);
        return *why = ADCOV_PHOTO_OUTSIDE, -1;
    }
    int dir = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC), fd = -1;
    if (dir < 0)
        *why = errno == ENOENT ? ADCOV_PHOTO_MISSING : ADCOV_PHOTO_UNREADABLE;
    char *save = NULL, *name = dir < 0 ? NULL : strtok_r(path, "/", &save);
    while (name) {
        char *next = strtok_r(NULL, "/", &save);
        if (!strcmp(name, "..")) {
            *why = ADCOV_PHOTO_OUTSIDE;
            break;
        }
        if (!strcmp(name, ".")) {
            name = next;
            continue;
        }
        int flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | (next ? O_DIRECTORY : O_NONBLOCK);
        int f = openat(dir, name, flags);
        if (f < 0) {
            *why = why_not(dir, name, errno);
            break;
        }
        if (next) {
            close(dir);
            dir = f;
            name = next;
            continue;
        }
        struct stat st;
        if (fstat(f, &st) || !S_ISREG(st.st_mode)) {
            close(f);
            *why = ADCOV_PHOTO_NOT_FILE;
        } else {
            fd = f;
            *why = ADCOV_PHOTO_OK;
        }
        break;
    }
    if (dir >= 0)
        close(dir);
    free(path);
    return fd;
}

/* ---- the header: read through a window on a file or a buffer ---- */

typedef struct {
    const unsigned char *mem; /* or */
    int fd;
    size_t size;              /* of the file or buffer */
} source;

/* Reads len bytes at off into buf: 1 when all were there. */
static int get(const source *s, size_t off, void *buf, size_t len)
{
    if (off > s->size || len > s->size - off)
        return 0;
    if (s->mem) {
        memcpy(buf, s->mem + off, len);
        return 1;
    }
    size_t got = 0;
    while (got < len) {
        ssize_t k = pread(s->fd, (char *)buf + got, len - got, (off_t)(off + got));
        if (k <= 0)
            return 0;
        got += (size_t)k;
    }
    return 1;
}

static unsigned be16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }
static unsigned long be32(const unsigned char *p)
{
    return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

static int two_digits(const char *s, int *v)
{
    if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]))
        return 0;
    *v = (s[0] - '0') * 10 + (s[1] - '0');
    return 1;
}

static int days_in_month(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && ((y % 4 == 0 && y % 100) || y % 400 == 0) ? 29 : d[m - 1];
}

/* "YYYY:MM:DD HH:MM:SS" */
static void exif_time(const ExifEntry *e, adcov_photo_info *info)
{
    if (!e || e->format != EXIF_FORMAT_ASCII || e->size < 19 || !e->data)
        return;
    const char *s = (const char *)e->data;
    int c1, c2, m, d, h, mi, se;
    if (!two_digits(s, &c1) || !two_digits(s + 2, &c2) || s[4] != ':' || !two_digits(s + 5, &m) || s[7] != ':' ||
        !two_digits(s + 8, &d) || s[10] != ' ' || !two_digits(s + 11, &h) || s[13] != ':' || !two_digits(s + 14, &mi) ||
        s[16] != ':' || !two_digits(s + 17, &se))
        return;
    int y = c1 * 100 + c2;
    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m) || h > 23 || mi > 59 || se > 60)
        return;
    *info = (adcov_photo_info){.format = info->format, .width = info->width, .height = info->height,
                               .orientation = info->orientation, .has_gps = info->has_gps, .lon = info->lon,
                               .lat = info->lat, .has_time = 1, .year = y, .month = m, .day = d, .hour = h,
                               .minute = mi, .second = se};
}

/* Degrees from three rationals and a reference letter (N/S, E/W); 0 when they are not sound. */
static int exif_degrees(ExifContent *gps, ExifTag tag, ExifTag ref, ExifByteOrder o, const char *negative, double *out)
{
    ExifEntry *e = exif_content_get_entry(gps, tag), *r = exif_content_get_entry(gps, ref);
    if (!e || !r || e->format != EXIF_FORMAT_RATIONAL || e->components < 3 || e->size < 24 || !e->data ||
        r->format != EXIF_FORMAT_ASCII || r->size < 1 || !r->data)
        return 0;
    double v = 0, scale = 1;
    for (int i = 0; i < 3; i++, scale *= 60) {
        ExifRational q = exif_get_rational(e->data + 8 * i, o);
        if (!q.denominator)
            return 0;
        v += (double)q.numerator / q.denominator / scale;
    }
    if (r->data[0] == (unsigned char)negative[0])
        v = -v;
    else if (r->data[0] != (unsigned char)negative[1])
        return 0;
    *out = v;
    return 1;
}

/* The EXIF block (starting "Exif\0\0"): time, GPS, orientation. A block libexif cannot read is no EXIF. */
static void exif_fill(const unsigned char *p, size_t n, adcov_photo_info *info)
{
    ExifData *ed = exif_data_new();
    if (!ed)
        return;
    exif_data_unset_option(ed, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION); /* read it as it is */
    exif_data_load_data(ed, p, (unsigned)n);
    ExifByteOrder o = exif_data_get_byte_order(ed);
    exif_time(exif_content_get_entry(ed->ifd[EXIF_IFD_EXIF], EXIF_TAG_DATE_TIME_ORIGINAL), info);
    ExifEntry *e = exif_content_get_entry(ed->ifd[EXIF_IFD_0], EXIF_TAG_ORIENTATION);
    if (e && e->format == EXIF_FORMAT_SHORT && e->size >= 2 && e->data) {
        int v = exif_get_short(e->data, o);
        info->orientation = v >= 1 && v <= 8 ? v : 1;
    }
    double lat, lon;
    ExifContent *gps = ed->ifd[EXIF_IFD_GPS];
    if (exif_degrees(gps, (ExifTag)EXIF_TAG_GPS_LATITUDE, (ExifTag)EXIF_TAG_GPS_LATITUDE_REF, o, "SN", &lat) &&
        exif_degrees(gps, (ExifTag)EXIF_TAG_GPS_LONGITUDE, (ExifTag)EXIF_TAG_GPS_LONGITUDE_REF, o, "WE", &lon) &&
        fabs(lat) <= 90 && fabs(lon) <= 180 && (lat != 0 || lon != 0)) { /* 0, 0: a phone without a fix */
        info->has_gps = 1;
        info->lat = lat;
        info->lon = lon;
    }
    exif_data_unref(ed);
}

/* Reads the EXIF block of len bytes at off into info. */
static adcov_photo_why exif_at(const source *s, size_t off, size_t len, adcov_photo_info *info)
{
    unsigned char *buf = adcov_malloc(len ? len : 1);
    if (!buf)
        return ADCOV_PHOTO_NOMEM;
    if (get(s, off, buf, len))
        exif_fill(buf, len, info);
    free(buf);
    return ADCOV_PHOTO_OK;
}

static int is_frame_header(unsigned m) { return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC; }

/* JPEG markers from SOI to the first frame header (SOFn): its size, and the first APP1 "Exif" block. */
static adcov_photo_why jpeg_info(const source *s, adcov_photo_info *info, char *detail, size_t size)
{
    size_t pos = 2;
    int have_exif = 0;
    for (int guard = 0; guard < 4096; guard++) {
        unsigned char m[4];
        if (!get(s, pos, m, 2))
            return say(detail, size, ADCOV_PHOTO_UNREADABLE, "truncated before its frame header");
        if (m[0] != 0xFF)
            return say(detail, size, ADCOV_PHOTO_UNREADABLE, "damaged: a marker was expected");
        if (m[1] == 0xFF) { /* fill byte */
            pos++;
            continue;
        }
        if (m[1] == 0x01 || (m[1] >= 0xD0 && m[1] <= 0xD8)) {
            pos += 2;
            continue;
        }
        if (m[1] == 0xD9 || m[1] == 0xDA)
            return say(detail, size, ADCOV_PHOTO_UNREADABLE, "damaged: no frame header");
        if (!get(s, pos + 2, m + 2, 2))
            return say(detail, size, ADCOV_PHOTO_UNREADABLE, "truncated before its frame header");
        size_t len = be16(m + 2);
        if (len < 2)
            return say(detail, size, ADCOV_PHOTO_UNREADABLE, "damaged: a segment length under 2");
        if (is_frame_header(m[1])) {
            unsigned char f[5];
            if (len < 7 || !get(s, pos + 4, f, 5))
                return say(detail, size, ADCOV_PHOTO_UNREADABLE, "truncated frame header");
            info->height = be16(f + 1);
            info->width = be16(f + 3);
            if (!info->width || !info->height)
                return say(detail, size, ADCOV_PHOTO_UNREADABLE, "a frame of no size");
            return ADCOV_PHOTO_OK;
        }
        unsigned char tag[6];
        if (m[1] == 0xE1 && !have_exif && len >= 8 && get(s, pos + 4, tag, 6) && !memcmp(tag, "Exif\0\0", 6)) {
            have_exif = 1;
            if (exif_at(s, pos + 4, len - 2, info) == ADCOV_PHOTO_NOMEM)
                return ADCOV_PHOTO_NOMEM;
        }
        pos += 2 + len;
    }
    return say(detail, size, ADCOV_PHOTO_UNREADABLE, "damaged: too many segments");
}

/* PNG chunks from IHDR to the first IDAT: its size, and an eXIf chunk. */
static adcov_photo_why png_header(const source *s, adcov_photo_info *info, char *detail, size_t size)
{
    unsigned char h[8 + 13];
    if (!get(s, 8, h, sizeof h) || memcmp(h + 4, "IHDR", 4) || be32(h) != 13)
        return say(detail, size, ADCOV_PHOTO_UNREADABLE, "damaged: no IHDR chunk");
    unsigned long w = be32(h + 8), ht = be32(h + 12);
    if (!w || !ht || w > 0x7fffffffUL || ht > 0x7fffffffUL)
        return say(detail, size, ADCOV_PHOTO_UNREADABLE, "damaged: a size of 0 or over 2^31");
    info->width = (unsigned)w, info->height = (unsigned)ht;
    size_t pos = 8 + 8 + 13 + 4;
    for (int guard = 0; guard < 4096; guard++) {
        unsigned char c[8];
        if (!get(s, pos, c, 8))
            return ADCOV_PHOTO_OK; /* the pixels are checked when decoded */
        size_t len = be32(c);
        if (!memcmp(c + 4, "IDAT", 4) || !memcmp(c + 4, "IEND", 4) || len > 0x7fffffffUL)
            return ADCOV_PHOTO_OK;
        if (!memcmp(c + 4, "eXIf", 4) && len >= 8 && len <= (1u << 20)) {
            unsigned char *buf = adcov_malloc(len + 6);
            if (!buf)
                return ADCOV_PHOTO_NOMEM;
            memcpy(buf, "Exif\0\0", 6);
            if (get(s, pos + 8, buf + 6, len))
                exif_fill(buf, len + 6, info);
            free(buf);
            return ADCOV_PHOTO_OK;
        }
        pos += 12 + len;
    }
    return ADCOV_PHOTO_OK;
}

static adcov_photo_why info_of(const source *s, adcov_photo_info *info, char *detail, size_t size)
{
    *info = (adcov_photo_info){.orientation = 1};
    unsigned char sig[8];
    if (!get(s, 0, sig, s->size < 8 ? s->size : 8) || s->size < 3)
        return say(detail, size, ADCOV_PHOTO_UNREADABLE, s->size ? "too short to be a photo" : "an empty file");
    if (sig[0] == 0xFF && sig[1] == 0xD8 && sig[2] == 0xFF) {
        info->format = ADCOV_PHOTO_JPEG;
        return jpeg_info(s, info, detail, size);
    }
    if (s->size >= 8 && !memcmp(sig, "\x89PNG\r\n\x1a\n", 8)) {
        info->format = ADCOV_PHOTO_PNG;
        return png_header(s, info, detail, size);
    }
    return say(detail, size, ADCOV_PHOTO_UNREADABLE, "neither a JPEG nor a PNG");
}

adcov_photo_why adcov_photo_read_info(int fd, adcov_photo_info *info, char *detail, size_t size)
{
    struct stat st;
    if (fstat(fd, &st))
        return say(detail, size, ADCOV_PHOTO_UNREADABLE, strerror(errno));
    source s = {.fd = fd, .size = (size_t)st.st_size};
    return info_of(&s, info, detail, size);
}

adcov_photo_why adcov_photo_parse_info(const unsigned char *head, size_t n, adcov_photo_info *info, char *detail,
                                       size_t size)
{
    source s = {.mem = head ? head : (const unsigned char *)"", .size = head ? n : 0};
    return info_of(&s, info, detail, size);
}

adcov_photo_why adcov_photo_load(int fd, unsigned char **data, size_t *n, char *detail, size_t size)
{
    struct stat st;
    *data = NULL;
    *n = 0;
    if (fstat(fd, &st))
        return say(detail, size, ADCOV_PHOTO_UNREADABLE, strerror(errno));
    if ((unsigned long long)st.st_size > ADCOV_PHOTO_MAX_BYTES)
        return say(detail, size, ADCOV_PHOTO_UNREADABLE, "larger than 64 MB");
    size_t len = (size_t)st.st_size;
    unsigned char *buf = adcov_malloc(len ? len : 1);
    if (!buf)
        return ADCOV_PHOTO_NOMEM;
    source s = {.fd = fd, .size = len};
    if (!get(&s, 0, buf, len)) {
        free(buf);
        return say(detail, size, ADCOV_PHOTO_UNREADABLE, "cannot be read");
    }
    *data = buf;
    *n = len;
    return ADCOV_PHOTO_OK;
}

/* ---- decoding ---- */

void adcov_image_free(adcov_image *img)
{
    if (img) {
        free(img->rgb);
        *img = (adcov_image){0};
    }
}

static int image_new(adcov_image *img, unsigned w, unsigned h)
{
    img->w = w, img->h = h;
    size_t n = (size_t)w * h * 3;
    img->rgb = adcov_malloc(n ? n : 1);
    return img->rgb ? 0 : -1;
}

/* Where the pixel (x, y) of the upright picture lies in the stored one (EXIF orientation o). */
static void upright(int o, unsigned W, unsigned H, unsigned x, unsigned y, unsigned *sx, unsigned *sy)
{
    switch (o) {
    case 2: *sx = W - 1 - x, *sy = y; break;
    case 3: *sx = W - 1 - x, *sy = H - 1 - y; break;
    case 4: *sx = x, *sy = H - 1 - y; break;
    case 5: *sx = y, *sy = x; break;
    case 6: *sx = y, *sy = H - 1 - x; break;
    case 7: *sx = W - 1 - y, *sy = H - 1 - x; break;
    case 8: *sx = W - 1 - y, *sy = x; break;
    default: *sx = x, *sy = y;
    }
}

static int turn(adcov_image *img, int o)
{
    if (o <= 1 || o > 8)
        return 0;
    adcov_image t;
    unsigned W = img->w, H = img->h;
    if (image_new(&t, o >= 5 ? H : W, o >= 5 ? W : H))
        return -1;
    for (unsigned y = 0; y < t.h; y++)
        for (unsigned x = 0; x < t.w; x++) {
            unsigned sx, sy;
            upright(o, W, H, x, y, &sx, &sy);
            memcpy(t.rgb + ((size_t)y * t.w + x) * 3, img->rgb + ((size_t)sy * W + sx) * 3, 3);
        }
    adcov_image_free(img);
    *img = t;
    return 0;
}

int adcov_image_fit(const adcov_image *in, unsigned max_side, adcov_image *out)
{
    unsigned big = in->w > in->h ? in->w : in->h;
    unsigned w = in->w, h = in->h;
    if (max_side && big > max_side) {
        w = (unsigned)((double)in->w * max_side / big + 0.5);
        h = (unsigned)((double)in->h * max_side / big + 0.5);
        w = w ? w : 1, h = h ? h : 1;
    }
    if (image_new(out, w, h))
        return -1;
    for (unsigned y = 0; y < h; y++) {
        size_t y0 = (size_t)y * in->h / h, y1 = (size_t)(y + 1) * in->h / h;
        y1 = y1 > y0 ? y1 : y0 + 1;
        for (unsigned x = 0; x < w; x++) {
            size_t x0 = (size_t)x * in->w / w, x1 = (size_t)(x + 1) * in->w / w;
            x1 = x1 > x0 ? x1 : x0 + 1;
            unsigned long sum[3] = {0, 0, 0};
            for (size_t yy = y0; yy < y1; yy++)
                for (size_t xx = x0; xx < x1; xx++)
                    for (int c = 0; c < 3; c++)
                        sum[c] += in->rgb[(yy * in->w + xx) * 3 + c];
            unsigned long k = (unsigned long)((y1 - y0) * (x1 - x0));
            for (int c = 0; c < 3; c++)
                out->rgb[((size_t)y * w + x) * 3 + c] = (unsigned char)((sum[c] + k / 2) / k);
        }
    }
    return 0;
}

typedef struct {
    struct jpeg_error_mgr pub;
    jmp_buf jump;
    int truncated;
    int nomem;
    char msg[JMSG_LENGTH_MAX];
} jpeg_err;

static void jpeg_fail(j_common_ptr c)
{
    jpeg_err *e = (jpeg_err *)c->err;
    e->nomem = c->err->msg_code == JERR_OUT_OF_MEMORY;
    c->err->format_message(c, e->msg);
    longjmp(e->jump, 1);
}

static void jpeg_note(j_common_ptr c, int level)
{
    jpeg_err *e = (jpeg_err *)c->err;
    if (level < 0 && c->err->msg_code == JWRN_JPEG_EOF)
        e->truncated = 1;
}

static void jpeg_quiet(j_common_ptr c) { (void)c; }

static unsigned scale_for(unsigned w, unsigned h, unsigned min_side)
{
    unsigned big = w > h ? w : h, d = 8;
    while (d > 1 && (big + d - 1) / d < min_side)
        d /= 2;
    return d;
}

static adcov_photo_why decode_jpeg(const unsigned char *data, size_t n, unsigned min_side, adcov_image *out,
                                   char *detail, size_t size)
{
    struct jpeg_decompress_struct ci;
    jpeg_err e = {0};
    ci.err = jpeg_std_error(&e.pub);
    e.pub.error_exit = jpeg_fail;
    e.pub.emit_message = jpeg_note;
    e.pub.output_message = jpeg_quiet;
    unsigned char *volatile rgb = NULL;
    unsigned char *volatile row = NULL;
    if (setjmp(e.jump)) {
        jpeg_destroy_decompress(&ci);
        free(rgb);
        free(row);
        return e.nomem ? ADCOV_PHOTO_NOMEM : say(detail, size, ADCOV_PHOTO_UNREADABLE, e.msg);
    }
    jpeg_create_decompress(&ci);
    jpeg_mem_src(&ci, data, (unsigned long)n);
    jpeg_read_header(&ci, TRUE);
    if ((double)ci.image_width * ci.image_height > ADCOV_PHOTO_MAX_PIXELS) {
        jpeg_destroy_decompress(&ci);
        return say(detail, size, ADCOV_PHOTO_UNREADABLE, "declares more than 120 million pixels");
    }
    int cmyk = ci.jpeg_color_space == JCS_CMYK || ci.jpeg_color_space == JCS_YCCK;
    ci.out_color_space = cmyk ? JCS_CMYK : JCS_RGB;
    ci.scale_num = 1;
    ci.scale_denom = scale_for(ci.image_width, ci.image_height, min_side);
    ci.mem->max_memory_to_use = 256L << 20;
    jpeg_start_decompress(&ci);
    unsigned w = ci.output_width, h = ci.output_height;
    size_t bytes = (size_t)w * h * 3, rowbytes = (size_t)w * 4;
    rgb = adcov_malloc(bytes ? bytes : 1);
    row = adcov_malloc(rowbytes ? rowbytes : 1);
    if (!rgb || !row) {
        jpeg_destroy_decompress(&ci);
        free(rgb);
        free(row);
        return ADCOV_PHOTO_NOMEM;
    }
    while (ci.output_scanline < h && !e.truncated) {
        JSAMPROW r = row;
        unsigned y = ci.output_scanline;
        if (jpeg_read_scanlines(&ci, &r, 1) != 1)
            break;
        for (unsigned x = 0; x < w; x++) {
            unsigned char *px = rgb + ((size_t)y * w + x) * 3;
            if (cmyk) { /* Adobe's inverted CMYK */
                unsigned k = row[4 * x + 3];
                for (int c = 0; c < 3; c++)
                    px[c] = (unsigned char)(row[4 * x + c] * k / 255);
            } else {
                memcpy(px, row + 3 * x, 3);
            }
        }
    }
    if (!e.truncated && ci.output_scanline == h)
        jpeg_finish_decompress(&ci);
    int cut = e.truncated || ci.output_scanline < h;
    jpeg_destroy_decompress(&ci);
    free(row);
    if (cut) {
        free(rgb);
        return say(detail, size, ADCOV_PHOTO_UNREADABLE, "truncated: the picture data ends early");
    }
    out->w = w, out->h = h, out->rgb = rgb;
    return ADCOV_PHOTO_OK;
}

typedef struct {
    const unsigned char *data;
    size_t n, pos;
    char msg[128];
} png_reader;

static void png_from_memory(png_structp png, png_bytep out, png_size_t len)
{
    png_reader *r = png_get_io_ptr(png);
    if (len > r->n - r->pos)
        png_error(png, "truncated: the picture data ends early");
    memcpy(out, r->data + r->pos, len);
    r->pos += len;
}

static void png_fail(png_structp png, png_const_charp msg)
{
    png_reader *r = png_get_error_ptr(png);
    snprintf(r->msg, sizeof r->msg, "%s", msg);
    png_longjmp(png, 1);
}

static void png_quiet(png_structp png, png_const_charp msg) { (void)png, (void)msg; }

/* Averages blocks of f × f pixels of an RGBA row stream on white into out (made by the caller). */
static void png_take_row(const unsigned char *row, unsigned w, unsigned f, unsigned long *acc)
{
    for (unsigned x = 0; x < w; x++) {
        const unsigned char *p = row + 4 * (size_t)x;
        unsigned a = p[3];
        for (int c = 0; c < 3; c++)
            acc[(x / f) * 4 + c] += (p[c] * a + 255 * (255 - a)) / 255;
        acc[(x / f) * 4 + 3]++;
    }
}

static void png_put_row(unsigned long *acc, unsigned ow, unsigned char *dst)
{
    for (unsigned x = 0; x < ow; x++) {
        unsigned long k = acc[4 * x + 3] ? acc[4 * x + 3] : 1;
        for (int c = 0; c < 3; c++)
            dst[3 * x + c] = (unsigned char)((acc[4 * x + c] + k / 2) / k);
    }
    memset(acc, 0, (size_t)ow * 4 * sizeof *acc);
}

static adcov_photo_why decode_png(const unsigned char *data, size_t n, unsigned min_side, adcov_image *out,
                                  char *detail, size_t size)
{
    png_reader r = {.data = data, .n = n};
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &r, png_fail, png_quiet);
    png_infop pi = png ? png_create_info_struct(png) : NULL;
    if (!png || !pi) {
        png_destroy_read_struct(png ? &png : NULL, NULL, NULL);
        return ADCOV_PHOTO_NOMEM;
    }
    unsigned char *volatile rgb = NULL, *volatile row = NULL, *volatile full = NULL;
    unsigned long *volatile acc = NULL;
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &pi, NULL);
        free(rgb), free(row), free(full), free(acc);
        return say(detail, size, ADCOV_PHOTO_UNREADABLE, r.msg);
    }
    png_set_user_limits(png, 1u << 24, 1u << 24); /* the pixel count is checked below */
    png_set_chunk_malloc_max(png, 8u << 20);
    png_set_read_fn(png, &r, png_from_memory);
    png_read_info(png, pi);
    unsigned w = png_get_image_width(png, pi), h = png_get_image_height(png, pi);
    int interlaced = png_get_interlace_type(png, pi) != PNG_INTERLACE_NONE;
    if ((double)w * h > ADCOV_PHOTO_MAX_PIXELS || (interlaced && (double)w * h > 30e6)) {
        png_destroy_read_struct(&png, &pi, NULL);
        return say(detail, size, ADCOV_PHOTO_UNREADABLE, "declares too many pixels to decode");
    }
    png_set_expand(png);
    png_set_strip_16(png);
    png_set_gray_to_rgb(png);
    png_set_filler(png, 0xFF, PNG_FILLER_AFTER);
    int passes = png_set_interlace_handling(png);
    png_read_update_info(png, pi);
    unsigned big = w > h ? w : h, f = big / (min_side ? min_side : 1);
    f = f ? f : 1;
    unsigned ow = (w + f - 1) / f, oh = (h + f - 1) / f;
    rgb = adcov_malloc((size_t)ow * oh * 3);
    row = adcov_malloc((size_t)w * 4);
    acc = adcov_calloc((size_t)ow * 4, sizeof *acc);
    full = passes > 1 ? adcov_malloc((size_t)w * h * 4) : NULL;
    if (!rgb || !row || !acc || (passes > 1 && !full)) {
        png_destroy_read_struct(&png, &pi, NULL);
        free(rgb), free(row), free(full), free(acc);
        return ADCOV_PHOTO_NOMEM;
    }
    for (int p = 0; p < passes - 1; p++) /* the earlier passes of an interlaced PNG, into the whole picture */
        for (unsigned y = 0; y < h; y++)
            png_read_row(png, full + (size_t)y * w * 4, NULL);
    for (unsigned y = 0; y < h; y++) {
        unsigned char *dst = full ? full + (size_t)y * w * 4 : row;
        png_read_row(png, dst, NULL);
        png_take_row(dst, w, f, acc);
        if ((y + 1) % f == 0 || y + 1 == h)
            png_put_row(acc, ow, rgb + (size_t)(y / f) * ow * 3);
    }
    png_destroy_read_struct(&png, &pi, NULL);
    free(row), free(full), free(acc);
    out->w = ow, out->h = oh, out->rgb = rgb;
    return ADCOV_PHOTO_OK;
}

adcov_photo_why adcov_photo_decode(const unsigned char *data, size_t n, unsigned min_side, unsigned max_side,
                                   adcov_image *out, char *detail, size_t size)
{
    *out = (adcov_image){0};
    adcov_photo_info info;
    adcov_photo_why why = adcov_photo_parse_info(data, n, &info, detail, size);
    if (why)
        return why;
    adcov_image img = {0};
    why = info.format == ADCOV_PHOTO_JPEG ? decode_jpeg(data, n, min_side, &img, detail, size)
                                          : decode_png(data, n, min_side, &img, detail, size);
    if (!why && turn(&img, info.orientation))
        why = ADCOV_PHOTO_NOMEM;
    if (!why && adcov_image_fit(&img, max_side, out))
        why = ADCOV_PHOTO_NOMEM;
    adcov_image_free(&img);
    return why;
}

int adcov_image_jpeg(const adcov_image *in, int quality, unsigned char **jpeg, size_t *n)
{
    struct jpeg_compress_struct c;
    jpeg_err e = {0};
    c.err = jpeg_std_error(&e.pub);
    e.pub.error_exit = jpeg_fail;
    e.pub.output_message = jpeg_quiet;
    unsigned char *volatile buf = NULL;
    unsigned long len = 0;
    *jpeg = NULL;
    *n = 0;
    if (setjmp(e.jump)) {
        jpeg_destroy_compress(&c);
        free(buf);
        return -1;
    }
    jpeg_create_compress(&c);
    unsigned char *b = NULL;
    jpeg_mem_dest(&c, &b, &len);
    c.image_width = in->w;
    c.image_height = in->h;
    c.input_components = 3;
    c.in_color_space = JCS_RGB;
    jpeg_set_defaults(&c);
    jpeg_set_quality(&c, quality, TRUE);
    jpeg_start_compress(&c, TRUE);
    while (c.next_scanline < c.image_height) {
        JSAMPROW r = in->rgb + (size_t)c.next_scanline * in->w * 3;
        jpeg_write_scanlines(&c, &r, 1);
    }
    jpeg_finish_compress(&c);
    buf = b;
    jpeg_destroy_compress(&c);
    *jpeg = buf;
    *n = len;
    return 0;
}

/* ---- dates ---- */

long adcov_days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void adcov_civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static const char *digits(const char *s, int max, int *v)
{
    int k = 0;
    *v = 0;
    while (k < max && isdigit((unsigned char)s[k]))
        *v = *v * 10 + (s[k++] - '0');
    return k ? s + k : NULL;
}

static const char *separator(const char *s, const char *cjk)
{
    if (*s == '-' || *s == '/' || *s == '.' || *s == ':')
        return s + 1;
    size_t n = strlen(cjk);
    return n && !strncmp(s, cjk, n) ? s + n : NULL;
}

int adcov_parse_date(const char *s, int *y, int *m, int *d)
{
    while (s && (*s == ' ' || *s == '\t'))
        s++;
    const char *p = s ? digits(s, 4, y) : NULL;
    if (!p || p - s != 4)
        return 0;
    if (isdigit((unsigned char)*p)) { /* 20250601 */
        const char *q = digits(p, 2, m);
        q = q && q - p == 2 ? digits(q, 2, d) : NULL;
        p = q;
    } else {
        p = separator(p, "年");
        p = p ? digits(p, 2, m) : NULL;
        p = p ? separator(p, "月") : NULL;
        p = p ? digits(p, 2, d) : NULL;
        if (p && !strncmp(p, "日", strlen("日")))
            p += strlen("日");
    }
    if (!p || (*p && *p != ' ' && *p != 'T' && *p != '\t'))
        return 0;
    return *y >= 1900 && *m >= 1 && *m <= 12 && *d >= 1 && *d <= days_in_month(*y, *m);
}
