/* rulebook: shipped rulebooks load, numbers per phase, --set and --only, bad rulebooks name file:line:key. */
#include "testing.h"
#include "build_info.h"
#include "rulebook.h"
#include "method.h"
#include "vocab.h"

#include <math.h>

static adcov_rulebook *load(adcov_ctx *ctx, const char *name)
{
    adcov_rulebook *rb = NULL;
    assert_int_equal(adcov_rulebook_load(ctx, name, ADCOV_RULEBOOK_DIR, NULL, &rb), ADCOV_OK);
    return rb;
}

static const adcov_rule *rule(const adcov_rulebook *rb, const char *id)
{
    for (size_t i = 0; i < rb->nrules; i++)
        if (!strcmp(rb->rules[i].id, id))
            return &rb->rules[i];
    fail_msg("no rule %s", id);
    return NULL;
}

static void default_numbers(void **state)
{
    adcov_rulebook *rb = load(*state, "default");
    const adcov_rule *main_ = rule(rb, "street.main");
    assert_string_equal(main_->method->name, "street");
    assert_true(main_->classes == ((1u << ADCOV_CLASS_MAIN) | (1u << ADCOV_CLASS_SECONDARY)));
    assert_true(adcov_rule_param(main_, "window_m", ADCOV_DAILY) == 500);
    assert_true(main_->quotas[0].count[ADCOV_DAILY] == 5);
    assert_string_equal(main_->quotas[0].themes[0], "讲文明树新风");
    /* the mock inspection's sampling (§13): street.main 10 places a draw, weight 2, unverified; carrier.ratio
     * is a city-wide share, not drawn */
    assert_true(main_->sampled && main_->draws == 10 && main_->weight == 2 && !main_->sampling_verified);
    assert_false(rule(rb, "carrier.ratio")->sampled);
    const adcov_rule *h = rule(rb, "hoarding.area");
    assert_true(adcov_rule_param(h, "share", ADCOV_DAILY) == 0.30);
    assert_true(adcov_rule_param(h, "share", ADCOV_INSPECTION) == 0.50);
    const adcov_rule *c = rule(rb, "carrier.ratio");
    assert_true(adcov_rule_param(c, "shares.bike_shelter", ADCOV_DAILY) == 0.50);
    assert_true(adcov_rule_param(c, "shares.hospital", ADCOV_INSPECTION) == 0.30);
    assert_true(adcov_rulebook_param(rb, "view_m.screen", ADCOV_DAILY) == 150);
    assert_true(adcov_rulebook_param(rb, "facing_half_angle", ADCOV_DAILY) == 60);
    for (size_t i = 0; i < rb->nrules; i++)
        assert_non_null(rb->rules[i].source);
    adcov_rulebook_free(rb);
}

#define PARAMS                                                                                                  \
    "params: { min_visual_angle: 1.5, facing_half_angle: 60, los_tolerance_m: 1, min_separation_m: 20,\n"       \
    "  max_view_m: 300, min_stretch_m: 50, outlier_m: 10000, view_m: { poster: 50, screen: 150, board: 30, pole_flag: 50,\n"      \
    "  sculpture: 50, slogan: 50, hoarding: 50, banner: 30 } }\n"

/* SPEC §12: the older type names are the methods on their own sites; market.count ships; sites: words
 * fold to canonical site types; a rule's own 处 distance wins over the rulebook's. */
static void methods_and_site_words(void **state)
{
    adcov_rulebook *rb = load(*state, "default");
    static const char *const old[][3] = {{"square.center", "seen_from_center", "square"},
                                         {"park.count", "inside_or_near", "park"},
                                         {"busstop.count", "near_point", "busstop"},
                                         {"scenic.gate", "gate_walk", "scenic"}};
    for (size_t i = 0; i < 4; i++) {
        const adcov_rule *r = rule(rb, old[i][0]);
        assert_string_equal(r->method->name, old[i][1]);
        assert_int_equal(r->nsites, 1);
        assert_string_equal(r->sites[0], old[i][2]);
        assert_true(r->method->places == ADCOV_PLACES_SITES && r->method->judge && r->method->action);
    }
    const adcov_rule *m = rule(rb, "market.count");
    assert_string_equal(m->method->name, "inside_or_near");
    assert_int_equal(m->nsites, 2);
    assert_string_equal(m->sites[0], "market");
    assert_string_equal(m->sites[1], "农贸市场");
    assert_true(adcov_rule_takes_site(m, "农贸市场") && !adcov_rule_takes_site(m, "park"));
    assert_int_equal(m->nquotas, 4);
    assert_true(adcov_rule_param(m, "edge_m", ADCOV_DAILY) == 10);
    /* its own 处 distance 10 m; park.count has none and takes the rulebook's 20 m */
    assert_true(adcov_rule_separation(rb, m, ADCOV_INSPECTION) == 10);
    assert_true(adcov_rule_separation(rb, rule(rb, "park.count"), ADCOV_INSPECTION) == 20);
    /* --set gives a rule a 处 distance, or a number its method may take, that it did not have */
    assert_int_equal(adcov_rulebook_set(*state, rb, "park.count.min_separation_m=15"), ADCOV_OK);
    assert_true(adcov_rule_separation(rb, rule(rb, "park.count"), ADCOV_DAILY) == 15);
    assert_int_equal(adcov_rulebook_set(*state, rb, "park.count.radius_m=30"), ADCOV_OK);
    assert_true(adcov_rule_param(rule(rb, "park.count"), "radius_m", ADCOV_INSPECTION) == 30);
    assert_int_equal(adcov_rulebook_set(*state, rb, "busstop.count.walk_m=30"), ADCOV_EUSAGE);
    adcov_ctx_clear(*state);
    assert_string_equal(rule(rb, "hoarding.area")->method->name, "hoarding");
    assert_int_equal(rule(rb, "hoarding.area")->nsites, 0);
    adcov_rulebook_free(rb);

    adcov_ctx *ctx = *state;
    const char *text = "name: x\ntitle: x\n" PARAMS "rules:\n  - id: c\n    type: inside_or_near\n"
                       "    sites: [ 公园, 社区, ＣＯＭＭＵＮＩＴＹ ]\n    edge_m: 0\n    quotas: [ { count: 1 } ]\n"
                       "    source: s\n    edition: e\n    level: l\n    verified: false\n";
    assert_int_equal(adcov_rulebook_parse(ctx, "words.yaml", text, &rb), ADCOV_OK);
    const adcov_rule *c = &rb->rules[0];
    assert_int_equal(c->nsites, 3); /* 公园 is the shipped park; full-width letters fold */
    assert_string_equal(c->sites[0], "park");
    assert_string_equal(c->sites[1], "社区");
    assert_string_equal(c->sites[2], "community");
    assert_int_equal(c->line, 9);
    adcov_rulebook_free(rb);
}

static void national_and_scenic(void **state)
{
    adcov_rulebook *rb = load(*state, "national-2015");
    assert_true(adcov_rule_param(rule(rb, "street.main"), "window_m", ADCOV_DAILY) == 300);
    assert_true(adcov_rule_param(rule(rb, "street.commercial"), "window_m", ADCOV_DAILY) == 100);
    assert_true(rule(rb, "street.secondary")->quotas[0].count[0] == 5);
    adcov_rulebook_free(rb);
    rb = load(*state, "scenic-2020");
    assert_true(adcov_rule_param(rule(rb, "scenic.gate"), "walk_m", ADCOV_DAILY) == 200);
    assert_int_equal(rule(rb, "scenic.gate")->nquotas, 3);
    adcov_rulebook_free(rb);
}

static void set_and_only(void **state)
{
    adcov_ctx *ctx = *state;
    adcov_rulebook *rb = load(ctx, "default");
    assert_int_equal(adcov_rulebook_set(ctx, rb, "street.commercial.window_m=300"), ADCOV_OK);
    assert_true(adcov_rule_param(rule(rb, "street.commercial"), "window_m", ADCOV_INSPECTION) == 300);
    assert_int_equal(adcov_rulebook_set(ctx, rb, "street.main.quotas.1.count=3"), ADCOV_OK);
    assert_true(rule(rb, "street.main")->quotas[0].count[ADCOV_DAILY] == 3);
    assert_int_equal(adcov_rulebook_set(ctx, rb, "facing_half_angle=45"), ADCOV_OK);
    assert_true(adcov_rulebook_param(rb, "facing_half_angle", ADCOV_DAILY) == 45);
    assert_int_equal(adcov_rulebook_set(ctx, rb, "street.main.windows=fixed"), ADCOV_OK);
    assert_true(rule(rb, "street.main")->fixed_windows);
    assert_int_equal(adcov_rulebook_set(ctx, rb, "street.main.window_m=-5"), ADCOV_EUSAGE);
    assert_string_equal(adcov_ctx_message(ctx), "--set:street.main.window_m: '-5' is not an allowed value");
    adcov_ctx_clear(ctx);
    assert_int_equal(adcov_rulebook_set(ctx, rb, "street.main.widow_m=5"), ADCOV_EUSAGE);
    assert_string_equal(adcov_ctx_message(ctx), "--set:street.main.widow_m: the rule has no such number");
    adcov_ctx_clear(ctx);
    assert_int_equal(adcov_rulebook_only(ctx, rb, "street.main,square.center"), ADCOV_OK);
    assert_true(rule(rb, "street.main")->selected);
    assert_false(rule(rb, "street.commercial")->selected);
    assert_int_equal(adcov_rulebook_only(ctx, rb, "street.mian"), ADCOV_EUSAGE);
    adcov_rulebook_free(rb);
}

/* A rulebook text with one fault, named name.yaml in messages. */
static void bad_rulebook(adcov_ctx *ctx, const char *name, const char *text, const char *message)
{
    char path[512];
    snprintf(path, sizeof path, "%s.yaml", name);
    adcov_rulebook *rb = NULL;
    adcov_ctx_clear(ctx);
    assert_int_equal(adcov_rulebook_parse(ctx, path, text, &rb), ADCOV_ECONFIG);
    assert_null(rb);
    char expect[1024];
    snprintf(expect, sizeof expect, "%s:%s", path, message);
    assert_string_equal(adcov_ctx_message(ctx), expect);
}

static void bad_rulebooks_name_their_place(void **state)
{
    adcov_ctx *ctx = *state;
    /* §13: a sampling entry naming a rule the rulebook lacks, draws that are no whole number, a weight of 0 */
#define ONE_RULE "rules:\n  - id: street.x\n    type: street\n    classes: [main]\n    window_m: 500\n" \
                 "    quotas: [ { count: 1 } ]\n    source: s\n    edition: e\n    level: l\n    verified: false\n"
    bad_rulebook(ctx, "rb_sampling_unknown", "name: x\ntitle: x\n" PARAMS ONE_RULE "sampling:\n  street.y: { draws: 2 }\n",
                 "17:sampling.street.y: no rule of this rulebook has that id");
    bad_rulebook(ctx, "rb_sampling_draws", "name: x\ntitle: x\n" PARAMS ONE_RULE "sampling:\n  street.x: { draws: 2.5 }\n",
                 "17:sampling.street.x.draws: 2.5 is not a whole number of places from 1 up");
    bad_rulebook(ctx, "rb_sampling_weight",
                 "name: x\ntitle: x\n" PARAMS ONE_RULE "sampling:\n  street.x: { draws: 2, weight: 0 }\n",
                 "17:sampling.street.x.weight: 0 is not above 0");
    bad_rulebook(ctx, "rb_negative_threshold",
                 "name: x\ntitle: x\n" PARAMS "rules:\n  - id: street.x\n    type: street\n    classes: [main]\n"
                 "    window_m: 500\n    quotas: [ { count: -1 } ]\n    source: s\n    edition: e\n    level: l\n"
                 "    verified: false\n",
                 "11:street.x.quotas.1.count: must not be negative");
    /* the walking numbers of §5 and §10: negative or not a number, named by rulebook, line and key */
    bad_rulebook(ctx, "rb_join_negative",
                 "name: x\ntitle: x\nparams: { min_visual_angle: 1.5, facing_half_angle: 60, los_tolerance_m: 1,\n"
                 "  min_separation_m: 20, max_view_m: 300, min_stretch_m: 50, outlier_m: 10000,\n  join_m: -30 }\nrules: []\n",
                 "5:params.join_m: must not be negative");
    bad_rulebook(ctx, "rb_dual_text",
                 "name: x\ntitle: x\nparams: { min_visual_angle: 1.5, facing_half_angle: 60, los_tolerance_m: 1,\n"
                 "  min_separation_m: 20, max_view_m: 300, min_stretch_m: 50, outlier_m: 10000,\n  dual_m: wide }\nrules: []\n",
                 "5:params.dual_m: 'wide' is not a number");
    bad_rulebook(ctx, "rb_stop_merge_negative",
                 "name: x\ntitle: x\nparams: { min_visual_angle: 1.5, facing_half_angle: 60, los_tolerance_m: 1,\n"
                 "  min_separation_m: 20, max_view_m: 300, min_stretch_m: 50, outlier_m: 10000,\n"
                 "  stop_merge_m: { daily: 10, inspection: -1 } }\nrules: []\n",
                 "5:params.stop_merge_m: must not be negative");
    bad_rulebook(ctx, "rb_unknown_key",
                 "name: x\ntitle: x\n" PARAMS "rules:\n  - id: street.x\n    type: street\n    windw_m: 500\n",
                 "9:street.x.windw_m: unknown key 'windw_m' (not a key of a street rule; see docs/methods.md)");
    /* SPEC §12: a number of another method, a negative 处 distance, a site method without its sites */
    bad_rulebook(ctx, "rb_walk_for_stop",
                 "name: x\ntitle: x\n" PARAMS "rules:\n  - id: school.gate\n    type: near_point\n    sites: [school]\n"
                 "    radius_m: 50\n    walk_m: 100\n",
                 "11:school.gate.walk_m: unknown key 'walk_m' (not a key of a near_point rule; see docs/methods.md)");
    bad_rulebook(ctx, "rb_separation_negative",
                 "name: x\ntitle: x\n" PARAMS "rules:\n  - id: m\n    type: inside_or_near\n    sites: market\n"
                 "    edge_m: 10\n    min_separation_m: -10\n    quotas: [ { count: 5 } ]\n    source: s\n    edition: e\n"
                 "    level: l\n    verified: false\n",
                 "11:m.min_separation_m: must not be negative");
    bad_rulebook(ctx, "rb_no_sites",
                 "name: x\ntitle: x\n" PARAMS "rules:\n  - id: c\n    type: inside_or_near\n    edge_m: 10\n"
                 "    quotas: [ { count: 5 } ]\n    source: s\n    edition: e\n    level: l\n    verified: false\n",
                 "7:c.sites: missing (which site types this inside_or_near rule checks)");
    bad_rulebook(ctx, "rb_sites_on_street",
                 "name: x\ntitle: x\n" PARAMS "rules:\n  - id: s\n    type: street\n    sites: [park]\n",
                 "9:s.sites: unknown key 'sites' (not a key of a street rule; see docs/methods.md)");
    bad_rulebook(ctx, "rb_missing_source",
                 "name: x\ntitle: x\n" PARAMS "rules:\n  - id: street.x\n    type: street\n    classes: [main]\n"
                 "    window_m: 500\n    quotas: [ { count: 1 } ]\n",
                 "7:street.x.source: missing");
    bad_rulebook(ctx, "rb_bad_type", "name: x\ntitle: x\n" PARAMS "rules:\n  - id: a\n    type: plaza\n",
                 "8:a.type: 'plaza' is not a counting method (street, seen_from_center, inside_or_near, near_point, "
                 "gate_walk, hoarding, carrier; or the older square, park, busstop, scenic)");
    bad_rulebook(ctx, "rb_share_above_one",
                 "name: x\ntitle: x\n" PARAMS "rules:\n  - id: h\n    type: hoarding\n    attach_m: 3\n"
                 "    default_height_m: 2.5\n    share: 1.5\n    urban_village_share: 0.4\n    face_turn_deg: 30\n"
                 "    face_min_m: 10\n    psa_ratio: 0.33\n    source: s\n    edition: e\n    level: l\n    verified: true\n",
                 "7:h.share: a share is at most 1");
    bad_rulebook(ctx, "rb_nine_quotas",
                 "name: x\ntitle: x\n" PARAMS "rules:\n  - id: s\n    type: street\n    classes: [main]\n"
                 "    window_m: 500\n    source: s\n    edition: e\n    level: l\n    verified: false\n"
                 "    quotas: [ {count: 1}, {count: 1}, {count: 1}, {count: 1}, {count: 1},\n"
                 "              {count: 1}, {count: 1}, {count: 1}, {count: 1} ]\n",
                 "15:s.quotas: at most 8 quotas");
    bad_rulebook(ctx, "rb_syntax", "name: x\nrules: [\n", "3: YAML syntax error: did not find expected node content while parsing a flow node");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(default_numbers, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(methods_and_site_words, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(national_and_scenic, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(set_and_only, setup_ctx, teardown_ctx),
        cmocka_unit_test_setup_teardown(bad_rulebooks_name_their_place, setup_ctx, teardown_ctx)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
