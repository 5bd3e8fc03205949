#include "yamlx.h"

#include <errno.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

adcov_status adcov_yaml_load(adcov_ctx *ctx, const char *path, const char *text, adcov_yaml *y)
{
    memset(y, 0, sizeof *y);
    y->path = adcov_strdup(path);
    if (!y->path)
        return adcov_fail(ctx, ADCOV_ENOMEM, "%s: out of memory", path);
    FILE *f = NULL;
    if (!text && !(f = fopen(path, "rb")))
        return adcov_fail(ctx, ADCOV_ECONFIG, "%s:0: cannot open: %s", path, strerror(errno));
    yaml_parser_t parser;
    yaml_parser_initialize(&parser);
    if (f)
        yaml_parser_set_input_file(&parser, f);
    else
        yaml_parser_set_input_string(&parser, (const unsigned char *)text, strlen(text));
    adcov_status st = ADCOV_OK;
    if (!yaml_parser_load(&parser, &y->doc)) {
        st = adcov_fail(ctx, ADCOV_ECONFIG, "%s:%zu: YAML syntax error: %s%s%s", path,
                        parser.problem_mark.line + 1, parser.problem ? parser.problem : "unreadable",
                        parser.context ? " " : "", parser.context ? parser.context : "");
    } else {
        y->loaded = 1;
        if (!yaml_document_get_root_node(&y->doc))
            st = adcov_fail(ctx, ADCOV_ECONFIG, "%s:1: the file is empty", path);
    }
    yaml_parser_delete(&parser);
    if (f)
        fclose(f);
    return st;
}

void adcov_yaml_free(adcov_yaml *y)
{
    if (y->loaded)
        yaml_document_delete(&y->doc);
    free(y->path);
    memset(y, 0, sizeof *y);
}

yaml_node_t *adcov_yaml_root(adcov_yaml *y) { return y->loaded ? yaml_document_get_root_node(&y->doc) : NULL; }
int adcov_yaml_line(const yaml_node_t *n) { return n ? (int)n->start_mark.line + 1 : 0; }
int adcov_yaml_is_map(const yaml_node_t *n) { return n && n->type == YAML_MAPPING_NODE; }
int adcov_yaml_is_seq(const yaml_node_t *n) { return n && n->type == YAML_SEQUENCE_NODE; }

const char *adcov_yaml_str(const yaml_node_t *n)
{
    if (!n || n->type != YAML_SCALAR_NODE)
        return NULL;
    const char *s = (const char *)n->data.scalar.value;
    if (n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && (!strcmp(s, "~") || !strcmp(s, "null")))
        return "";
    return s;
}

size_t adcov_yaml_len(const yaml_node_t *n)
{
    if (adcov_yaml_is_map(n))
        return (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
    if (adcov_yaml_is_seq(n))
        return (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    return 0;
}

yaml_node_t *adcov_yaml_item(adcov_yaml *y, yaml_node_t *seq, size_t i)
{
    return i < adcov_yaml_len(seq) && adcov_yaml_is_seq(seq)
               ? yaml_document_get_node(&y->doc, seq->data.sequence.items.start[i])
               : NULL;
}

yaml_node_t *adcov_yaml_key(adcov_yaml *y, yaml_node_t *map, size_t i)
{
    return adcov_yaml_is_map(map) && i < adcov_yaml_len(map)
               ? yaml_document_get_node(&y->doc, map->data.mapping.pairs.start[i].key)
               : NULL;
}

yaml_node_t *adcov_yaml_value(adcov_yaml *y, yaml_node_t *map, size_t i)
{
    return adcov_yaml_is_map(map) && i < adcov_yaml_len(map)
               ? yaml_document_get_node(&y->doc, map->data.mapping.pairs.start[i].value)
               : NULL;
}

yaml_node_t *adcov_yaml_get(adcov_yaml *y, yaml_node_t *map, const char *key)
{
    for (size_t i = 0; i < adcov_yaml_len(map) && adcov_yaml_is_map(map); i++) {
        const char *k = adcov_yaml_str(adcov_yaml_key(y, map, i));
        if (k && !strcmp(k, key))
            return adcov_yaml_value(y, map, i);
    }
    return NULL;
}

static int allowed_key(const char *k, const char *const *allowed)
{
    for (; *allowed; allowed++)
        if (!strcmp(k, *allowed))
            return 1;
    return 0;
}

adcov_status adcov_yaml_check_keys(adcov_ctx *ctx, adcov_yaml *y, yaml_node_t *map, const char *ctxkey,
                                   const char *const *allowed)
{
    for (size_t i = 0; i < adcov_yaml_len(map); i++) {
        yaml_node_t *kn = adcov_yaml_key(y, map, i);
        const char *k = adcov_yaml_str(kn);
        if (!k)
            return adcov_fail(ctx, ADCOV_ECONFIG, "%s:%d:%s: a key must be plain text", y->path,
                              adcov_yaml_line(kn), ctxkey);
        if (!allowed_key(k, allowed))
            return adcov_fail(ctx, ADCOV_ECONFIG, "%s:%d:%s%s%s: unknown key '%s'", y->path, adcov_yaml_line(kn),
                              ctxkey, *ctxkey ? "." : "", k, k);
    }
    return ADCOV_OK;
}

adcov_status adcov_yaml_expect(adcov_ctx *ctx, adcov_yaml *y, yaml_node_t *n, const char *key, yaml_node_type_t type)
{
    static const char *names[] = {"nothing", "a value", "a list", "a mapping"};
    if (n && n->type == type)
        return ADCOV_OK;
    return adcov_fail(ctx, ADCOV_ECONFIG, "%s:%d:%s: expected %s", y->path, adcov_yaml_line(n), key,
                      names[type < 4 ? type : 0]);
}

adcov_status adcov_yaml_number(adcov_ctx *ctx, adcov_yaml *y, yaml_node_t *n, const char *key, double *out)
{
    const char *s = adcov_yaml_str(n);
    char *end = NULL;
    double v = s && *s ? strtod(s, &end) : NAN;
    if (!s || !*s || *end || !isfinite(v))
        return adcov_fail(ctx, ADCOV_ECONFIG, "%s:%d:%s: '%s' is not a number", y->path, adcov_yaml_line(n), key,
                          s ? s : "(not a scalar)");
    *out = v;
    return ADCOV_OK;
}

adcov_status adcov_yaml_bool(adcov_ctx *ctx, adcov_yaml *y, yaml_node_t *n, const char *key, int *out)
{
    const char *s = adcov_yaml_str(n);
    if (s && (!strcmp(s, "true") || !strcmp(s, "yes") || !strcmp(s, "on")))
        *out = 1;
    else if (s && (!strcmp(s, "false") || !strcmp(s, "no") || !strcmp(s, "off")))
        *out = 0;
    else
        return adcov_fail(ctx, ADCOV_ECONFIG, "%s:%d:%s: '%s' is not true or false", y->path, adcov_yaml_line(n),
                          key, s ? s : "(not a scalar)");
    return ADCOV_OK;
}

void adcov_keyf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, size, fmt, ap);
    va_end(ap);
}
