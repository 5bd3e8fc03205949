#include "vocab.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    char *word; /* normalised */
    int code;
} entry;

struct adcov_vocab {
    adcov_vocab_type type;
    entry *items;
    size_t n, cap;
    char **open;    /* site types a config named that no shipped word is (SPEC §12), normalised; */
    size_t nopen;   /* their codes follow the shipped words' */
};

static const char *const kind_words[] = {"psa", "commercial", NULL};
static const char *const medium_words[] = {"poster", "screen", "board", "pole_flag", "sculpture",
                                           "slogan", "hoarding", "banner", NULL};
static const char *const condition_words[] = {"good", "faded", "damaged", "covered", "outdated", NULL};
static const char *const class_words[] = {"commercial", "main", "secondary", NULL};
static const char *const site_words[] = {"square", "park", "scenic", "busstop", "gate", NULL};
static const char *const carrier_words[] = {"lane_shade", "bike_shelter", "venue", "hospital", "other", NULL};

static const char *const *words_of(adcov_vocab_type t)
{
    switch (t) {
    case ADCOV_VOCAB_KIND: return kind_words;
    case ADCOV_VOCAB_MEDIUM: return medium_words;
    case ADCOV_VOCAB_CONDITION: return condition_words;
    case ADCOV_VOCAB_SITE: return site_words;
    case ADCOV_VOCAB_CARRIER: return carrier_words;
    default: return class_words;
    }
}

/* canonical word, then synonyms, each list ending in NULL; lists end with a NULL list */
static const char *const kind_syn[][4] = {{"psa", "公益", "公益广告", NULL}, {"commercial", "商业", "商业广告", NULL}};
static const char *const medium_syn[][7] = {
    {"poster", "平面", "海报", "广告牌", "灯箱", "宣传画", NULL},
    {"screen", "电子屏", "led", "电子显示屏", NULL},
    {"board", "宣传栏", "橱窗", "展板", NULL},
    {"pole_flag", "灯杆旗", "道旗", NULL},
    {"sculpture", "景观小品", "景观造型", "公益小品", NULL},
    {"slogan", "标语", NULL},
    {"hoarding", "围挡", NULL},
    {"banner", "横幅", "易拉宝", "临时张贴", NULL}};
static const char *const condition_syn[][6] = {
    {"good", "完好", "正常", "", NULL},
    {"faded", "褪色", "发黄", NULL},
    {"damaged", "破损", "污损", "脱落", NULL},
    {"covered", "被覆盖", "被小广告占用", NULL},
    {"outdated", "过时", "内容过时", "内容错误", "商业植入"}};
static const char *const site_syn[][5] = {
    {"square", "广场", "市民广场", NULL},
    {"park", "公园", NULL},
    {"scenic", "景区", "风景区", "旅游景区", NULL},
    {"busstop", "公交站", "公交站台", "公交车站", NULL},
    {"gate", "大门", "出入口", "景区大门", NULL}};
static const char *const carrier_syn[][6] = {
    {"lane_shade", "非机动车道遮阳棚", "遮阳棚", NULL},
    {"bike_shelter", "公共自行车雨棚", "自行车雨棚", NULL},
    {"venue", "公共文体活动场所", "文体活动场所", NULL},
    {"hospital", "医院", NULL},
    {"other", "报刊亭", "阅报栏", "电话亭", "其他", NULL}};
static const char *const class_syn[][4] = {
    {"commercial", "商业大街", "商业街", NULL}, {"main", "主干道", "主干路", NULL}, {"secondary", "次干道", "次干路", NULL}};

/* The Chinese word of each canonical word, in the order of words_of(). */
static const char *const kind_zh[] = {"公益广告", "商业广告", NULL};
static const char *const medium_zh[] = {"海报", "电子屏", "宣传栏", "灯杆旗", "景观小品", "标语", "围挡", "横幅", NULL};
static const char *const condition_zh[] = {"完好", "褪色", "破损", "被覆盖", "内容过时", NULL};
static const char *const class_zh[] = {"商业大街", "主干道", "次干道", NULL};
static const char *const site_zh[] = {"广场", "公园", "景区", "公交站", "景区大门", NULL};
static const char *const carrier_zh[] = {"非机动车道遮阳棚", "公共自行车雨棚", "公共文体活动场所", "医院", "其他载体", NULL};

const char *adcov_vocab_label(adcov_vocab_type type, int code, int english)
{
    static const char *const *const zh[ADCOV_VOCAB_COUNT] = {kind_zh, medium_zh, condition_zh, class_zh, site_zh,
                                                             carrier_zh};
    if (english || (unsigned)type >= ADCOV_VOCAB_COUNT)
        return adcov_vocab_word(type, code);
    for (int i = 0; zh[type][i]; i++)
        if (i == code)
            return zh[type][i];
    return "?";
}

const char *adcov_vocab_word(adcov_vocab_type type, int code)
{
    const char *const *w = words_of(type);
    for (int i = 0; w[i]; i++)
        if (i == code)
            return w[i];
    return "?";
}

int adcov_vocab_code(adcov_vocab_type type, const char *word)
{
    const char *const *w = words_of(type);
    for (int i = 0; w[i]; i++)
        if (!strcmp(w[i], word))
            return i;
    return -1;
}

/* Decodes one UTF-8 sequence at s (length in *len); returns the code point or -1. */
static long utf8_next(const unsigned char *s, int *len)
{
    if (s[0] < 0x80) {
        *len = 1;
        return s[0];
    }
    int n = (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
    if (!n)
        return *len = 1, -1;
    long cp = s[0] & (0x7F >> n);
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return *len = 1, -1;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    *len = n;
    return cp;
}

/* Normalises s into out, which has room for strlen(s) + 1 bytes: folding never lengthens a value
 * (a full-width character is 3 bytes, its half-width form 1). */
static void normalize_into(const char *s, char *out)
{
    size_t k = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int len;
        long cp = utf8_next(p, &len);
        if (cp >= 0xFF01 && cp <= 0xFF5E)
            cp -= 0xFEE0; /* full-width ASCII */
        else if (cp == 0x3000)
            cp = ' ';
        if (cp >= 0 && cp < 0x80) {
            out[k++] = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
        } else {
            memcpy(out + k, p, (size_t)len);
            k += (size_t)len;
        }
        p += len;
    }
    out[k] = '\0';
    size_t b = 0;
    while (out[b] == ' ' || out[b] == '\t' || out[b] == '\r' || out[b] == '\n')
        b++;
    while (k > b && (out[k - 1] == ' ' || out[k - 1] == '\t' || out[k - 1] == '\r' || out[k - 1] == '\n'))
        k--;
    memmove(out, out + b, k - b);
    out[k - b] = '\0';
}

char *adcov_normalize(const char *s)
{
    char *out = adcov_malloc(strlen(s) + 1);
    if (out)
        normalize_into(s, out);
    return out;
}

const char *adcov_normalize_buf(const char *s, char *buf, size_t size)
{
    if (strlen(s) + 1 > size)
        return NULL;
    normalize_into(s, buf);
    return buf;
}

static adcov_status add_word(adcov_vocab *v, const char *word, int code)
{
    char *w = adcov_normalize(word);
    if (!w || adcov_grow((void **)&v->items, &v->cap, v->n + 1, sizeof *v->items)) {
        free(w);
        return ADCOV_ENOMEM;
    }
    v->items[v->n++] = (entry){w, code};
    return ADCOV_OK;
}

static adcov_status add_lists(adcov_vocab *v, const char *const *lists, size_t stride, size_t nlists)
{
    for (size_t i = 0; i < nlists; i++) {
        const char *const *syn = lists + i * stride;
        int code = adcov_vocab_code(v->type, syn[0]);
        for (size_t k = 0; k < stride && syn[k]; k++)
            if (add_word(v, syn[k], code))
                return ADCOV_ENOMEM;
    }
    return ADCOV_OK;
}

adcov_vocab *adcov_vocab_new(adcov_vocab_type type)
{
    adcov_vocab *v = adcov_calloc(1, sizeof *v);
    if (!v)
        return NULL;
    v->type = type;
    adcov_status st;
    switch (type) {
    case ADCOV_VOCAB_KIND: st = add_lists(v, kind_syn[0], 4, 2); break;
    case ADCOV_VOCAB_MEDIUM: st = add_lists(v, medium_syn[0], 7, 8); break;
    case ADCOV_VOCAB_CONDITION: st = add_lists(v, condition_syn[0], 6, 5); break;
    case ADCOV_VOCAB_SITE: st = add_lists(v, site_syn[0], 5, 5); break;
    case ADCOV_VOCAB_CARRIER: st = add_lists(v, carrier_syn[0], 6, 5); break;
    default: st = add_lists(v, class_syn[0], 4, 3); break;
    }
    if (st != ADCOV_OK) {
        adcov_vocab_free(v);
        return NULL;
    }
    return v;
}

int adcov_vocab_find_in(const adcov_vocab *v, const char *text)
{
    char *t = adcov_normalize(text);
    int code = -1;
    size_t best = 0;
    for (size_t i = 0; t && i < v->n; i++) {
        size_t len = strlen(v->items[i].word);
        if (len > best && strstr(t, v->items[i].word))
            best = len, code = v->items[i].code;
    }
    free(t);
    return code;
}

void adcov_vocab_free(adcov_vocab *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->n; i++)
        free(v->items[i].word);
    free(v->items);
    for (size_t i = 0; i < v->nopen; i++)
        free(v->open[i]);
    free(v->open);
    free(v);
}

static int shipped_count(adcov_vocab_type t)
{
    const char *const *w = words_of(t);
    int n = 0;
    while (w[n])
        n++;
    return n;
}

/* A site type no shipped word names: a new canonical word of v (site types are open, SPEC §12). */
static int open_word(adcov_vocab *v, const char *canon)
{
    char *w = adcov_normalize(canon);
    char **grown = w ? adcov_realloc(v->open, (v->nopen + 1) * sizeof *grown) : NULL;
    if (!grown) {
        free(w);
        return -2;
    }
    v->open = grown;
    int code = shipped_count(v->type) + (int)v->nopen;
    v->open[v->nopen++] = w;
    return add_word(v, canon, code) ? -2 : code;
}

adcov_status adcov_vocab_add(adcov_vocab *v, const char *synonym, const char *canon)
{
    int code = adcov_vocab_code(v->type, canon);
    if (code < 0 && v->type == ADCOV_VOCAB_SITE) {
        char buf[ADCOV_WORD_MAX];
        const char *w = adcov_normalize_buf(canon, buf, sizeof buf);
        if (!w || !*w)
            return ADCOV_EINPUT;
        code = adcov_vocab_lookup(v, w);
        if (code < 0 && (code = open_word(v, w)) == -2)
            return ADCOV_ENOMEM;
    }
    if (code < 0)
        return ADCOV_EINPUT;
    return add_word(v, synonym, code);
}

const char *adcov_vocab_canon(const adcov_vocab *v, const char *raw, char *buf, size_t size)
{
    int code = adcov_vocab_lookup(v, raw);
    int shipped = shipped_count(v->type);
    if (code >= 0 && code < shipped)
        return adcov_vocab_word(v->type, code);
    if (code >= shipped && (size_t)(code - shipped) < v->nopen)
        return v->open[code - shipped];
    return adcov_normalize_buf(raw, buf, size);
}

int adcov_vocab_lookup(const adcov_vocab *v, const char *raw)
{
    char buf[ADCOV_WORD_MAX];
    const char *w = adcov_normalize_buf(raw, buf, sizeof buf);
    if (!w)
        return -1; /* longer than any word of a vocabulary */
    int code = -1;
    for (size_t i = v->n; i-- > 0;) /* later synonyms (the config's) win */
        if (!strcmp(v->items[i].word, w)) {
            code = v->items[i].code;
            break;
        }
    return code;
}

int adcov_theme_has(const char *themes, const char *needle)
{
    /* A substring match cannot cross a separator unless the needle holds one; separators are never part
     * of a theme word, so matching the whole field is the same as matching each theme. */
    return !needle || !*needle || strstr(themes, needle) != NULL;
}
