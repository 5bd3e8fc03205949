/* yamlx — a YAML file as a tree of libyaml nodes, with the place of every node.
 *
 * Owns: loading one file (libyaml document API), key lookup, scalar conversion, and error
 * messages that name file:line:key. The caller owns the adcov_yaml (adcov_yaml_free);
 * nodes and strings returned are borrowed from it.
 */
#ifndef ADCOV_YAMLX_H
#define ADCOV_YAMLX_H

#include <stddef.h>
#include <yaml.h>
#include "ctx.h"

typedef struct {
    yaml_document_t doc;
    char *path; /* for messages */
    int loaded;
} adcov_yaml;

/* Loads path; a syntax error fails with "path:line: …" (ADCOV_ECONFIG). Text may be given
 * instead of a file (text != NULL), path then only names it. */
adcov_status adcov_yaml_load(adcov_ctx *ctx, const char *path, const char *text, adcov_yaml *y);
void adcov_yaml_free(adcov_yaml *y);

yaml_node_t *adcov_yaml_root(adcov_yaml *y);
int adcov_yaml_line(const yaml_node_t *n);
int adcov_yaml_is_map(const yaml_node_t *n);
int adcov_yaml_is_seq(const yaml_node_t *n);
/* Scalar text or NULL when n is not a scalar. A null/"~"/empty scalar gives "". */
const char *adcov_yaml_str(const yaml_node_t *n);

/* Mapping value for key, NULL when absent or map is not a mapping. */
yaml_node_t *adcov_yaml_get(adcov_yaml *y, yaml_node_t *map, const char *key);
size_t adcov_yaml_len(const yaml_node_t *n); /* pairs of a map, items of a sequence, else 0 */
yaml_node_t *adcov_yaml_item(adcov_yaml *y, yaml_node_t *seq, size_t i);
yaml_node_t *adcov_yaml_key(adcov_yaml *y, yaml_node_t *map, size_t i);
yaml_node_t *adcov_yaml_value(adcov_yaml *y, yaml_node_t *map, size_t i);

/* Fails naming path:line:key for the first key of map not in allowed (NULL-terminated);
 * ctxkey prefixes the key in the message ("inputs.roads"). */
adcov_status adcov_yaml_check_keys(adcov_ctx *ctx, adcov_yaml *y, yaml_node_t *map, const char *ctxkey,
                                   const char *const *allowed);
/* Fails naming path:line:key unless n is a finite number. */
adcov_status adcov_yaml_number(adcov_ctx *ctx, adcov_yaml *y, yaml_node_t *n, const char *key, double *out);
adcov_status adcov_yaml_bool(adcov_ctx *ctx, adcov_yaml *y, yaml_node_t *n, const char *key, int *out);
adcov_status adcov_yaml_expect(adcov_ctx *ctx, adcov_yaml *y, yaml_node_t *n, const char *key, yaml_node_type_t type);

/* snprintf for dotted key paths ("rules.2.quotas.1.count"): cut silently when too long. */
void adcov_keyf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
