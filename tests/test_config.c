/* config: a city config is read and checked, and its faults name file:line:key (SPEC §9). */
#include "testing.h"
#include "config.h"

static void demo_config_reads(void **state)
{
    adcov_ctx *ctx = *state;
    adcov_config *cfg = NULL;
    assert_int_equal(adcov_config_load(ctx, ADCOV_SOURCE_DIR_FOR_TESTS "/examples/demo/city.yaml", &cfg), ADCOV_OK);
    const adcov_input *roads = &cfg->inputs[ADCOV_ROLE_ROADS];
    assert_true(roads->present);
    assert_string_equal(roads->fields[ADCOV_ROAD_NAME], "道路名称");
    assert_true(roads->explicit_field[ADCOV_ROAD_CLASS]);
    assert_int_equal(adcov_vocab_lookup(roads->vocab[ADCOV_VOCAB_CLASS], "主干道"), ADCOV_CLASS_MAIN);
    assert_string_equal(cfg->inputs[ADCOV_ROLE_ADS].fields[ADCOV_AD_FACING], "朝向");
    assert_string_equal(cfg->output, ADCOV_SOURCE_DIR_FOR_TESTS "/examples/demo/out");
    assert_null(cfg->analysis_crs);
    adcov_config_free(cfg);
}

static void typo_names_line_and_key(void **state)
{
    adcov_ctx *ctx = *state;
    char path[512];
    adcov_config *cfg = NULL;
    assert_int_equal(adcov_config_load(ctx, fixture(path, sizeof path, "config_typo", "city.yaml"), &cfg), ADCOV_ECONFIG);
    assert_null(cfg);
    char expect[600];
    snprintf(expect, sizeof expect, "%s:3:inptus: unknown key 'inptus'", path);
    assert_string_equal(adcov_ctx_message(ctx), expect);
}

/* A config text with one fault, named name.yaml in messages. */
static void bad_config(adcov_ctx *ctx, const char *name, const char *text, const char *message)
{
    char path[512];
    snprintf(path, sizeof path, "%s.yaml", name);
    adcov_config *cfg = NULL;
    adcov_ctx_clear(ctx);
    assert_int_equal(adcov_config_parse(ctx, path, text, &cfg), ADCOV_ECONFIG);
    assert_null(cfg);
    char expect[1024];
    snprintf(expect, sizeof expect, "%s:%s", path, message);
    assert_string_equal(adcov_ctx_message(ctx), expect);
}

static void faults_name_their_place(void **state)
{
    adcov_ctx *ctx = *state;
    bad_config(ctx, "cfg_bad_phase", "phase: weekly\ninputs:\n  ads: { path: a.csv }\n",
               "1:phase: 'weekly' is neither daily nor inspection");
    bad_config(ctx, "cfg_field_typo", "inputs:\n  ads:\n    path: a.csv\n    fields: { medum: 载体 }\n",
               "4:inputs.ads.fields.medum: unknown key 'medum'");
    bad_config(ctx, "cfg_no_ads", "inputs:\n  roads: { path: r.shp }\n",
               "2:inputs.ads: missing (every rule needs the ads)");
    bad_config(ctx, "cfg_bad_class", "inputs:\n  ads: { path: a.csv }\n  roads:\n    path: r.shp\n    classes: { 快速路: express }\n",
               "5:inputs.roads.classes.快速路: 'express' is not a canonical road class (commercial, main, secondary)");
    bad_config(ctx, "cfg_bad_datum", "inputs:\n  ads: { path: a.csv, datum: gcj }\n",
               "2:inputs.ads.datum: 'gcj' is not wgs84, gcj02 or bd09");
    bad_config(ctx, "cfg_half_xy", "inputs:\n  ads: { path: a.csv, x: lng }\n",
               "2:inputs.ads: give both x and y coordinate columns");
    bad_config(ctx, "cfg_classes_on_ads", "inputs:\n  ads: { path: a.csv, classes: { a: main } }\n",
               "2:inputs.ads.classes: only the roads input takes this key");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(demo_config_reads, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(typo_names_line_and_key, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(faults_name_their_place, setup_ctx, teardown_ctx)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
