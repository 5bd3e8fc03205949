#define _GNU_SOURCE /* strcasestr */
#include "encoding.h"

#include <cpl_vsi.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* ---- judging bytes ---- */

/* How plausible one GBK character is in a place name: the 3,755 common hanzi of GB2312 level 1 (rows
 * B0-D7) score 1, level 2 (D8-F7) 0.6, GB2312 symbols and full-width forms (A1-A9) 0.5, GBK's
 * extensions 0.1 (they hold the byte pairs Latin-1 text makes: ü followed by a letter). */
static double gbk_char_score(unsigned char lead, unsigned char trail)
{
    if (trail < 0xA1)
        return 0.1;
    if (lead >= 0xB0 && lead <= 0xD7)
        return 1.0;
    if (lead >= 0xD8 && lead <= 0xF7)
        return 0.6;
    if (lead >= 0xA1 && lead <= 0xA9)
        return 0.5;
    return 0.1;
}

/* Mean plausibility of the non-ASCII characters of buf read as GBK; -1 when it is no GBK. */
static double gbk_score(const unsigned char *b, size_t n)
{
    double sum = 0;
    size_t chars = 0;
    for (size_t i = 0; i < n; i++) {
        if (b[i] < 0x80)
            continue;
        if (b[i] == 0x80 || b[i] == 0xFF || i + 1 >= n || b[i + 1] < 0x40 || b[i + 1] == 0x7F || b[i + 1] == 0xFF)
            return -1;
        sum += gbk_char_score(b[i], b[i + 1]);
        chars++;
        i++;
    }
    return chars ? sum / (double)chars : 0;
}

/* Decodes one UTF-8 sequence at b (n bytes left) into *cp; its length, or 0 when it is not UTF-8. */
static size_t utf8_decode(const unsigned char *b, size_t n, unsigned *cp)
{
    size_t len = b[0] < 0x80 ? 1 : b[0] >= 0xC2 && b[0] <= 0xDF ? 2 : (b[0] & 0xF0) == 0xE0 ? 3
               : b[0] >= 0xF0 && b[0] <= 0xF4 ? 4 : 0;
    if (!len || len > n)
        return 0;
    unsigned c = len == 1 ? b[0] : b[0] & (0x7F >> len);
    for (size_t k = 1; k < len; k++) {
        if ((b[k] & 0xC0) != 0x80)
            return 0;
        c = c << 6 | (b[k] & 0x3F);
    }
    static const unsigned min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < min[len] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

static int ascii_letter(unsigned c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
static int latin_letter(unsigned c) { return c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7; }

/* How plausible a hanzi is: its GB2312 row, found by recoding it to GBK, whose two-byte codes are GB2312's
 * for every character GB2312 has (cd: UTF-8 to GBK; glibc's GB2312 module would pull in libGB.so through a
 * $ORIGIN runpath, which valgrind's ld.so reads trip over). */
static double hanzi_score(iconv_t cd, const unsigned char *b, size_t len)
{
    char in[4], out[8];
    memcpy(in, b, len);
    char *ip = in, *op = out;
    size_t il = len, ol = sizeof out;
    iconv(cd, NULL, NULL, NULL, NULL);
    if (cd == (iconv_t)-1 || iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 || op - out != 2)
        return 0.2; /* a hanzi GBK does not have: rare */
    unsigned char lead = (unsigned char)out[0], trail = (unsigned char)out[1];
    if (lead < 0xA1 || lead > 0xF7 || trail < 0xA1)
        return 0.2; /* in GBK's extension, not in GB2312: rare */
    return gbk_char_score(lead, trail);
}

/* Mean plausibility of the non-ASCII characters of buf read as UTF-8; -1 when it is no UTF-8. */
static double utf8_score(const unsigned char *b, size_t n)
{
    iconv_t cd = iconv_open("GBK", "UTF-8");
    double sum = 0;
    size_t chars = 0;
    unsigned prev = 0, cp = 0, next = 0;
    for (size_t i = 0; i < n;) {
        size_t len = utf8_decode(b + i, n - i, &cp);
        if (!len) {
            sum = -1;
            break;
        }
        if (len > 1) {
            if (i + len >= n || !utf8_decode(b + i + len, n - i - len, &next))
                next = 0;
            if (cp >= 0x4E00 && cp <= 0x9FFF)
                sum += hanzi_score(cd, b + i, len);
            else if ((cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFFEF))
                sum += 0.5;
            else if (latin_letter(cp))
                sum += ascii_letter(prev) || latin_letter(prev) || ascii_letter(next) || latin_letter(next) ? 1.0 : 0.3;
            chars++;
        }
        prev = cp;
        i += len;
    }
    if (cd != (iconv_t)-1)
        iconv_close(cd);
    return sum < 0 ? -1 : chars ? sum / (double)chars : 0;
}

adcov_text_kind adcov_text_guess(const unsigned char *buf, size_t n)
{
    size_t i = 0;
    while (i < n && buf[i] < 0x80)
        i++;
    if (i == n)
        return ADCOV_TEXT_ASCII;
    double u = utf8_score(buf, n), g = gbk_score(buf, n);
    if (u >= 0 && u >= g)
        return ADCOV_TEXT_UTF8;
    if (g >= 0.7)
        return ADCOV_TEXT_GBK;
    if (u < 0 && g < 0.3)
        return ADCOV_TEXT_LATIN;
    return ADCOV_TEXT_UNSURE;
}

/* ---- Shapefiles ---- */

static char *sibling(const char *path, const char *ext)
{
    size_t len = strlen(path);
    char *out = adcov_malloc(len + 1);
    if (!out)
        return NULL;
    memcpy(out, path, len - 4);
    for (int upper = 0; upper < 2; upper++) {
        for (int k = 0; k < 4; k++)
            out[len - 4 + k] = upper && k ? (char)(ext[k] - 32) : ext[k];
        out[len] = '\0';
        if (access(out, F_OK) == 0)
            return out;
    }
    free(out);
    return NULL;
}

/* A .cpg that names a Western page (or "ANSI", which on Chinese Windows meant GBK) is no answer. */
static int cpg_trusted(const char *cpg_path)
{
    FILE *f = fopen(cpg_path, "rb");
    char text[64] = "";
    size_t n = f ? fread(text, 1, sizeof text - 1, f) : 0;
    if (f)
        fclose(f);
    text[n] = '\0';
    static const char *const western[] = {"ansi", "1252", "8859", "latin", "ascii", NULL};
    for (int i = 0; western[i]; i++)
        if (strcasestr(text, western[i]))
            return 0;
    return 1;
}

/* Code page bytes (dBASE language driver ids) of Western single-byte pages, and 0 (none said). */
static int western_ldid(unsigned char id)
{
    static const unsigned char ids[] = {0x00, 0x01, 0x02, 0x03, 0x57, 0x58, 0x59, 0x64, 0x65, 0x66, 0x67, 0x6A, 0xC8};
    for (size_t i = 0; i < sizeof ids; i++)
        if (ids[i] == id)
            return 1;
    return 0;
}

typedef struct {
    unsigned char *text; /* the character fields' bytes, values apart by spaces */
    size_t n;
    char first_field[12]; /* the first character field holding a byte beyond ASCII */
} dbf_text;

/* Gathers the bytes of a .dbf's character fields (at most 4 MB of records). */
static int read_dbf_text(FILE *f, dbf_text *t)
{
    unsigned char head[32];
    if (fread(head, 1, 32, f) != 32)
        return -1;
    size_t nrec = head[4] | head[5] << 8 | head[6] << 16 | (size_t)head[7] << 24;
    size_t hlen = head[8] | head[9] << 8, rlen = head[10] | head[11] << 8;
    size_t nf = hlen > 33 ? (hlen - 33) / 32 : 0;
    unsigned char desc[32];
    size_t off[256], len[256], nc = 0, pos = 1;
    char names[256][12];
    for (size_t k = 0; k < nf && k < 256 && fread(desc, 1, 32, f) == 32 && desc[0] != 0x0D; k++) {
        if (desc[11] == 'C') {
            off[nc] = pos;
            len[nc] = desc[16];
            memcpy(names[nc], desc, 11);
            names[nc][11] = '\0';
            nc++;
        }
        pos += desc[16];
    }
    if (rlen == 0 || fseek(f, (long)hlen, SEEK_SET))
        return -1;
    size_t max = nrec < (4u << 20) / rlen ? nrec : (4u << 20) / rlen;
    unsigned char *rec = adcov_malloc(rlen);
    t->text = adcov_malloc(max * (rlen + nc) + 1);
    if (!rec || !t->text) {
        free(rec);
        return -1;
    }
    for (size_t r = 0; r < max && fread(rec, 1, rlen, f) == rlen; r++)
        for (size_t c = 0; c < nc && off[c] + len[c] <= rlen; c++) {
            for (size_t k = 0; k < len[c]; k++) {
                if (rec[off[c] + k] >= 0x80 && !t->first_field[0])
                    memcpy(t->first_field, names[c], 12);
                t->text[t->n++] = rec[off[c] + k];
            }
            t->text[t->n++] = ' ';
        }
    free(rec);
    return 0;
}

static int ends_with(const char *s, const char *ext)
{
    size_t n = strlen(s), k = strlen(ext);
    return n >= k && !strcasecmp(s + n - k, ext);
}

adcov_status adcov_dbf_encoding(adcov_ctx *ctx, const char *path, const char *shown, const char *forced,
                                const char **out)
{
    *out = NULL;
    if (!ends_with(path, ".shp") && !ends_with(path, ".dbf"))
        return ADCOV_OK;
    if (forced) {
        *out = forced;
        return ADCOV_OK;
    }
    char *cpg = sibling(path, ".cpg"), *dbf = sibling(path, ".dbf");
    int trusted = cpg && cpg_trusted(cpg);
    FILE *f = dbf && !trusted ? fopen(dbf, "rb") : NULL;
    free(cpg);
    free(dbf);
    unsigned char ldid = 0;
    if (!f || fseek(f, 29, SEEK_SET) || fread(&ldid, 1, 1, f) != 1 || !western_ldid(ldid) || fseek(f, 0, SEEK_SET)) {
        if (f)
            fclose(f);
        return ADCOV_OK; /* GDAL reads what the file says, or reports what it cannot read */
    }
    dbf_text t = {0};
    int bad = read_dbf_text(f, &t);
    fclose(f);
    adcov_text_kind kind = bad ? ADCOV_TEXT_ASCII : adcov_text_guess(t.text, t.n);
    free(t.text);
    if (kind == ADCOV_TEXT_GBK)
        *out = "CP936";
    else if (kind == ADCOV_TEXT_UTF8)
        *out = "UTF-8";
    else if (kind == ADCOV_TEXT_UNSURE)
        return adcov_fail(ctx, ADCOV_EINPUT, "%s:::%s: the text is neither clearly GBK Chinese, UTF-8 nor Latin-1; "
                          "say which with 'encoding:' (GBK, UTF-8 or CP1252) on this input", shown, t.first_field);
    return ADCOV_OK;
}

/* ---- CSV, KML, GPX ---- */

void adcov_vsimem_free(char *name)
{
    if (name)
        VSIUnlink(name);
    free(name);
}

/* The encoding an XML declaration at the start of text names, when it is a Chinese one. */
static const char *xml_chinese_encoding(const char *text, size_t n, size_t *decl_end)
{
    if (n < 6 || strncmp(text, "<?xml", 5))
        return NULL;
    const char *end = memchr(text, '>', n < 300 ? n : 300);
    if (!end)
        return NULL;
    *decl_end = (size_t)(end - text) + 1;
    char decl[320];
    memcpy(decl, text, *decl_end);
    decl[*decl_end] = '\0';
    const char *e = strcasestr(decl, "encoding");
    return e && (strcasestr(e, "gb2312") || strcasestr(e, "gbk") || strcasestr(e, "gb18030") || strcasestr(e, "cp936"))
               ? "GB18030"
               : NULL;
}

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long size = -1;
    if (f && !fseek(f, 0, SEEK_END) && (size = ftell(f)) >= 0 && !fseek(f, 0, SEEK_SET) &&
        (buf = adcov_malloc((size_t)size + 1)) && fread(buf, 1, (size_t)size, f) != (size_t)size) {
        free(buf);
        buf = NULL;
    }
    if (f)
        fclose(f);
    if (buf)
        buf[size] = '\0';
    *n = buf ? (size_t)size : 0;
    return buf;
}

/* in[0..n) recoded from `from` to UTF-8 (caller frees); NULL when iconv cannot. */
static char *recode(const char *in, size_t n, const char *from, size_t *out_n)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1)
        return NULL;
    size_t cap = n * 3 + 16, ol = cap, il = n;
    char *out = adcov_malloc(cap), *op = out, *ip = (char *)in;
    if (out && iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) {
        free(out);
        out = NULL;
    }
    iconv_close(cd);
    *out_n = out ? cap - ol : 0;
    return out;
}

adcov_status adcov_recode_text_file(adcov_ctx *ctx, const char *path, const char *shown, const char *forced, char **out)
{
    *out = NULL;
    int csv = ends_with(path, ".csv") || ends_with(path, ".txt"), xml = ends_with(path, ".kml") || ends_with(path, ".gpx");
    if (!csv && !xml)
        return ADCOV_OK;
    size_t n = 0, decl_end = 0;
    char *text = slurp(path, &n);
    if (!text)
        return ADCOV_OK; /* opening it will say why */
    const char *from = forced;
    if (!from && xml)
        from = xml_chinese_encoding(text, n, &decl_end);
    if (!from && csv && !(n >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))) {
        adcov_text_kind kind = adcov_text_guess((const unsigned char *)text, n);
        if (kind == ADCOV_TEXT_UNSURE) {
            free(text);
            return adcov_fail(ctx, ADCOV_EINPUT, "%s:::: the text is neither clearly GBK Chinese, UTF-8 nor Latin-1; "
                              "say which with 'encoding:' (GBK, UTF-8 or CP1252) on this input", shown);
        }
        from = kind == ADCOV_TEXT_GBK ? "GB18030" : kind == ADCOV_TEXT_LATIN ? "CP1252" : NULL;
    }
    if (!from || !strcasecmp(from, "UTF-8") || !strcasecmp(from, "UTF8")) {
        free(text);
        return ADCOV_OK;
    }
    if (!strcasecmp(from, "GBK") || !strcasecmp(from, "GB2312") || !strcasecmp(from, "CP936"))
        from = "GB18030"; /* the superset: every GBK file is GB18030 */
    size_t rn = 0;
    char *utf8 = recode(text, n, from, &rn);
    free(text);
    if (!utf8)
        return adcov_fail(ctx, ADCOV_EINPUT, "%s:::: cannot be read as %s (a byte that is no %s character); check "
                          "'encoding:'", shown, from, from);
    size_t skip = 0;
    char *decl = NULL;
    if (xml && xml_chinese_encoding(utf8, rn, &skip)) /* the declaration now says what the text is */
        decl = adcov_strdup("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    static unsigned serial; /* a folder per recoding, the file keeps its name (a CSV's layer is named after it) */
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    char *name = adcov_sprintf("/vsimem/adcov_recoded/%u/%s", __atomic_fetch_add(&serial, 1, __ATOMIC_RELAXED), base);
    VSILFILE *vf = name ? VSIFOpenL(name, "wb") : NULL;
    int ok = vf && (!decl || VSIFWriteL(decl, 1, strlen(decl), vf) == strlen(decl)) &&
             VSIFWriteL(utf8 + skip, 1, rn - skip, vf) == rn - skip;
    if (vf)
        VSIFCloseL(vf);
    free(utf8);
    free(decl);
    if (!ok) {
        adcov_vsimem_free(name);
        return adcov_fail(ctx, ADCOV_ENOMEM, "%s:::: out of memory", shown);
    }
    *out = name;
    return ADCOV_OK;
}
