/* campaign (SPEC §13) on inline scenes, each answer worked by hand: problem ids that stay while a problem
 * stays (a gap that shrinks keeps its id, a city moved by 0.5 m keeps every id), the progress since an
 * earlier run (fixed, open, new), the scores per duty unit and per district with their ranks, districts
 * that overlap, the mock inspection (its exact expected score, 20,000 draws around it, the same seed
 * giving the same file, the gain of the top fix made good), and the summary of several runs. */
#include "scene.h"

#include <gdal.h>
#include <math.h>

/* The scene: 甲路 (0,0)-(1000,0) and 乙路 (0,300)-(600,300), both 商业大街 (street.commercial: ≥ 1 PSA
 * seen in every 500 m window); bus stop S1 at (100, -30), 30 m off 甲路 (stop.count: ≥ 2 PSAs within 20 m,
 * one of them 核心价值观). Posters are seen 50 m. Every coordinate is moved by (d, d). */
#define RULES                                                                                                 \
    SCENE_PARAMS "  - id: street.commercial\n    type: street\n    classes: [commercial]\n    window_m: 500\n"  \
                 "    quotas: [ { count: 1 } ]\n" SCENE_SOURCE                                                   \
                 "  - id: stop.count\n    type: near_point\n    sites: [busstop]\n    radius_m: 20\n"           \
                 "    quotas:\n      - { count: 2 }\n      - { count: 1, theme: 核心价值观 }\n" SCENE_SOURCE

static const char *CONFIG = "inputs:\n  roads: { path: roads.geojson, fields: { duty: 责任单位 } }\n"
                            "  ads: { path: ads.geojson }\n  bus_stops: { path: stops.geojson }\n";

typedef struct {
    char wkt[16][96];
    scene_feature f[16];
    size_t n;
} layer;

/* A line (x1, y1 given) or a point, moved by (d, d). */
static void put(layer *l, const char *fields, double d, int line, double x0, double y0, double x1, double y1)
{
    if (line)
        snprintf(l->wkt[l->n], sizeof l->wkt[0], "LINESTRING (%.3f %.3f, %.3f %.3f)", x0 + d, y0 + d, x1 + d, y1 + d);
    else
        snprintf(l->wkt[l->n], sizeof l->wkt[0], "POINT (%.3f %.3f)", x0 + d, y0 + d);
    l->f[l->n] = (scene_feature){l->wkt[l->n], fields};
    l->n++;
}

enum { POINT, LINE };

/* before: 甲路 bare (gap K0+000–K1+000); B1 on 乙路 (passes); F1 faded (an ad to rectify); S1 bare (fails).
 * after:  A1 (250, 10) on 甲路, P1 and P2 by S1 (S1 passes; 甲路 now sees [45, 299]: gap from 298.99 on,
 *         701.0 m); B1 gone (乙路 fails: a new gap K0+000–K0+600); F1 mended (fixed). */
static void campaign_scene(scene *s, const char *name, int after, double d)
{
    scene_begin(s, name);
    layer roads = {0}, ads = {0}, stops = {0};
    put(&roads, "\"name\": \"甲路\", \"class\": \"商业大街\", \"责任单位\": \"城管局\"", d, LINE, 0, 0, 1000, 0);
    put(&roads, "\"name\": \"乙路\", \"class\": \"商业大街\", \"责任单位\": \"交通局\"", d, LINE, 0, 300, 600, 300);
    put(&stops, "\"id\": \"S1\", \"name\": \"一站\"", d, POINT, 100, -30, 0, 0);
    put(&ads, after ? "\"id\": \"F1\", \"kind\": \"公益\", \"medium\": \"海报\", \"theme\": \"诚信\", \"condition\": \"完好\", "
                      "\"duty\": \"园林局\""
                    : "\"id\": \"F1\", \"kind\": \"公益\", \"medium\": \"海报\", \"theme\": \"诚信\", \"condition\": \"褪色\", "
                      "\"duty\": \"园林局\"",
        d, POINT, 600, 190, 0, 0);
    if (!after)
        put(&ads, PSA("B1", "诚信"), d, POINT, 300, 310, 0, 0);
    if (after) {
        put(&ads, PSA("A1", "诚信"), d, POINT, 250, 10, 0, 0);
        put(&ads, PSA("P1", "核心价值观"), d, POINT, 85, -30, 0, 0);
        put(&ads, PSA("P2", "核心价值观"), d, POINT, 115, -30, 0, 0);
    }
    scene_layer(s, "roads", roads.f, roads.n);
    scene_layer(s, "ads", ads.f, ads.n);
    scene_layer(s, "stops", stops.f, stops.n);
}

static const adcov_problem *problem(const adcov_campaign *c, const char *id)
{
    for (size_t i = 0; i < c->nproblems; i++)
        if (!strcmp(c->problems[i].id, id))
            return &c->problems[i];
    fail_msg("no problem %s", id);
    return NULL;
}

/* The change of the problem id (of either run); fails when none. */
static const adcov_change *change(const adcov_campaign *c, const char *id)
{
    for (size_t i = 0; i < c->nchanges; i++) {
        const adcov_change *ch = &c->changes[i];
        if (!strcmp(ch->now != SIZE_MAX ? c->problems[ch->now].id : c->old[ch->before].id, id))
            return ch;
    }
    fail_msg("no change for %s", id);
    return NULL;
}

/* Checks scene name (before or after, moved by d) and writes its campaign files into its folder. */
static void run_scene(adcov_ctx *ctx, scene *s, const char *name, int after, double d, const char *previous)
{
    campaign_scene(s, name, after, d);
    adcov_campaign_opts o = {.previous = previous};
    assert_int_equal(scene_check_campaign(ctx, s, CONFIG, RULES, NULL, ADCOV_DAILY, &o), ADCOV_OK);
    assert_int_equal(adcov_campaign_write(ctx, s->res, s->rb, ADCOV_DAILY, s->dir), ADCOV_OK);
}

/* First run: three problems, their ids made of rule, street, class and where the gap begins; of rule and
 * site id; of the ad's id. */
static void ids_name_rule_street_class_and_place(void **state)
{
    scene s;
    run_scene(*state, &s, "campaign/before", 0, 0, NULL);
    const adcov_campaign *c = s.res->campaign;
    assert_int_equal(c->nproblems, 3);
    const adcov_problem *gap = problem(c, "street.commercial/甲路/commercial/K0+000");
    ASSERT_NEAR(gap->to - gap->from, 1000, 0.01);
    assert_string_equal(gap->duty, "城管局");
    assert_int_equal(problem(c, "stop.count/S1")->kind, ADCOV_PROBLEM_SITE);
    assert_string_equal(problem(c, "ad/F1")->now, "faded");
    assert_string_equal(adcov_problem_of_site(s.res, 0), "stop.count/S1");
    scene_end(&s);
}

/* Second run against the first: 甲路's gap shrank 1000 → 701 m and keeps its id (open); 乙路's gap is new;
 * S1 and F1 are fixed. 城管局: 0 fixed, 1 open (整改率 0 %); 交通局: 1 new; the stop's (no duty unit) and
 * 园林局: 1 fixed each. */
static void progress_says_fixed_open_and_new(void **state)
{
    scene before, after;
    run_scene(*state, &before, "campaign/p_before", 0, 0, NULL);
    run_scene(*state, &after, "campaign/p_after", 1, 0, before.dir);
    const adcov_campaign *c = after.res->campaign;
    assert_int_equal(c->nchanges, 4);
    const adcov_change *g = change(c, "street.commercial/甲路/commercial/K0+000");
    assert_int_equal(g->status, ADCOV_CHANGE_OPEN);
    const adcov_problem *p = &c->problems[g->now];
    ASSERT_NEAR(p->from, 298.99, 2.0); /* 250 + sqrt(50² − 10²) = 298.99 (gap ends within 2 m, §5) */
    ASSERT_NEAR(c->old[g->before].length_m, 1000.0, 0.05);
    assert_int_equal(change(c, "street.commercial/乙路/commercial/K0+000")->status, ADCOV_CHANGE_NEW);
    assert_int_equal(change(c, "stop.count/S1")->status, ADCOV_CHANGE_FIXED);
    assert_int_equal(change(c, "ad/F1")->status, ADCOV_CHANGE_FIXED);
    assert_int_equal(c->fixed, 2);
    assert_int_equal(c->open, 1);
    assert_int_equal(c->added, 1);
    /* per duty unit, by name: "" (the stop), 交通局, 园林局, 城管局 */
    assert_int_equal(c->nprogress, 4);
    assert_string_equal(c->progress[0].duty, "");
    assert_int_equal(c->progress[0].fixed, 1);
    assert_string_equal(c->progress[1].duty, "交通局");
    assert_int_equal(c->progress[1].added, 1);
    assert_string_equal(c->progress[3].duty, "城管局");
    assert_int_equal(c->progress[3].open, 1);
    /* changes.csv says the gap shrank by 0.299 km */
    char path[700];
    snprintf(path, sizeof path, "%s/changes.csv", after.dir);
    assert_int_equal(adcov_campaign_write(*state, after.res, after.rb, ADCOV_DAILY, after.dir), ADCOV_OK);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char text[4096] = "";
    text[fread(text, 1, sizeof text - 1, f)] = '\0';
    fclose(f);
    assert_non_null(strstr(text, "street.commercial/甲路/commercial/K0+000,open,"));
    assert_non_null(strstr(text, "1.000 → 0.70"));
    assert_non_null(strstr(text, "stop.count/S1,fixed,stop.count,一站（S1）"));
    scene_end(&after);
    scene_end(&before);
}

/* The whole city moved by 0.5 m: every problem is the same (open), with the same id, and so are the
 * ids a run without --previous makes. */
static void a_city_moved_half_a_metre_keeps_every_id(void **state)
{
    scene before, moved, alone;
    run_scene(*state, &before, "campaign/m_before", 0, 0, NULL);
    run_scene(*state, &moved, "campaign/m_moved", 0, 0.5, before.dir);
    run_scene(*state, &alone, "campaign/m_alone", 0, 0.5, NULL);
    const adcov_campaign *c = moved.res->campaign;
    assert_int_equal(c->nchanges, 3);
    assert_int_equal(c->open, 3);
    for (size_t i = 0; i < 3; i++)
        assert_string_equal(before.res->campaign->problems[i].id, c->problems[i].id);
    for (size_t i = 0; i < 3; i++)
        assert_string_equal(alone.res->campaign->problems[i].id, c->problems[i].id);
    scene_end(&alone);
    scene_end(&moved);
    scene_end(&before);
}

/* A run that checks fewer rules (--only street.commercial): S1's earlier problem is not looked at (not
 * fixed), with a warning; 甲路's gap and F1 are open. */
static void a_rule_not_checked_now_fixes_nothing(void **state)
{
    scene before, now;
    run_scene(*state, &before, "campaign/o_before", 0, 0, NULL);
    campaign_scene(&now, "campaign/o_now", 0, 0);
    adcov_campaign_opts o = {.previous = before.dir};
    assert_int_equal(scene_check_campaign(*state, &now, CONFIG, RULES, "street.commercial", ADCOV_DAILY, &o), ADCOV_OK);
    const adcov_campaign *c = now.res->campaign;
    assert_int_equal(c->nchanges, 2);
    assert_int_equal(c->open, 2);
    assert_int_equal(c->fixed, 0);
    scene_end(&now);
    scene_end(&before);
}

/* A loop street (a roundabout 400 m round, no ad): its gap runs from K0+000 round to K0+400, both ends at
 * one point; the next run, moved by 0.5 m, finds the same gap and keeps its id (the earlier gap is placed
 * by its middle, at K0+200, not by its ends, which could be K0+000 or K0+400). */
static void a_loop_keeps_its_id(void **state)
{
    scene first, again;
    const scene_feature ring[] = {{"LINESTRING (0 0, 100 0, 100 100, 0 100, 0 0)", "\"name\": \"环岛\", \"class\": \"商业大街\""}};
    const scene_feature ring_moved[] = {{"LINESTRING (0.5 0.5, 100.5 0.5, 100.5 100.5, 0.5 100.5, 0.5 0.5)",
                                         "\"name\": \"环岛\", \"class\": \"商业大街\""}};
    const scene_feature far[] = {{"POINT (900 900)", PSA("Z1", "诚信")}};
    const char *config = "inputs:\n  roads: { path: roads.geojson }\n  ads: { path: ads.geojson }\n";
    scene_begin(&first, "campaign/loop1");
    scene_layer(&first, "roads", ring, 1);
    scene_layer(&first, "ads", far, 1);
    assert_int_equal(scene_check(*state, &first, config, RULES, "street.commercial", ADCOV_DAILY), ADCOV_OK);
    assert_int_equal(adcov_campaign_write(*state, first.res, first.rb, ADCOV_DAILY, first.dir), ADCOV_OK);
    assert_string_equal(first.res->campaign->problems[0].id, "street.commercial/环岛/commercial/K0+000");
    scene_begin(&again, "campaign/loop2");
    scene_layer(&again, "roads", ring_moved, 1);
    scene_layer(&again, "ads", far, 1);
    adcov_campaign_opts o = {.previous = first.dir};
    assert_int_equal(scene_check_campaign(*state, &again, config, RULES, "street.commercial", ADCOV_DAILY, &o), ADCOV_OK);
    const adcov_campaign *c = again.res->campaign;
    assert_int_equal(c->nchanges, 1);
    assert_int_equal(c->changes[0].status, ADCOV_CHANGE_OPEN);
    assert_string_equal(c->problems[0].id, "street.commercial/环岛/commercial/K0+000");
    scene_end(&again);
    scene_end(&first);
}

/* An earlier folder that is not adcov's, of another format, or of another rulebook: a clear error. */
static void a_wrong_earlier_folder_is_refused(void **state)
{
    adcov_ctx *ctx = *state;
    scene s;
    run_scene(ctx, &s, "campaign/w_before", 0, 0, NULL);
    adcov_old_problem *old = NULL;
    size_t n = 0;
    char dir[700], path[800];
    snprintf(dir, sizeof dir, "%s/roads.geojson", s.dir); /* a file, no folder */
    assert_int_equal(adcov_campaign_load_previous(ctx, dir, s.rb, &old, &n), ADCOV_EUSAGE);
    assert_non_null(strstr(adcov_ctx_message(ctx), "not the output folder of an adcov check"));
    snprintf(path, sizeof path, "%s/run.json", s.dir);
    FILE *f = fopen(path, "w");
    fputs("{\"adcov\": \"9.0\", \"format\": 99, \"rulebook\": \"scene\"}\n", f);
    fclose(f);
    adcov_ctx_clear(ctx);
    assert_int_equal(adcov_campaign_load_previous(ctx, s.dir, s.rb, &old, &n), ADCOV_EUSAGE);
    assert_non_null(strstr(adcov_ctx_message(ctx), "in format 99, and this adcov reads format 1"));
    f = fopen(path, "w");
    fputs("{\"adcov\": \"0.1.0\", \"format\": 1, \"rulebook\": \"national-2015\"}\n", f);
    fclose(f);
    adcov_ctx_clear(ctx);
    assert_int_equal(adcov_campaign_load_previous(ctx, s.dir, s.rb, &old, &n), ADCOV_EUSAGE);
    assert_non_null(strstr(adcov_ctx_message(ctx), "rulebook 'national-2015' and this one 'scene'"));
    f = fopen(path, "w");
    fputs("{\"adcov\": \"0.1.0\", \"format\": 1, \"rulebook\": \"scene\"}\n", f);
    fclose(f);
    snprintf(path, sizeof path, "%s/problems.csv", s.dir);
    f = fopen(path, "w");
    fputs("problem_id,kind\nx,gap\n", f);
    fclose(f);
    adcov_ctx_clear(ctx);
    assert_int_equal(adcov_campaign_load_previous(ctx, s.dir, s.rb, &old, &n), ADCOV_EUSAGE);
    assert_non_null(strstr(adcov_ctx_message(ctx), "problems.csv: no column 'rule'"));
    assert_null(old);
    adcov_ctx_clear(ctx);
    scene_end(&s);
}

/* ---- scores ---- */

/* The after scene checked with these two districts. */
static void check_with_districts(adcov_ctx *ctx, scene *s, const scene_feature districts[2])
{
    scene_layer(s, "districts", districts, 2);
    char config[512];
    snprintf(config, sizeof config, "%s  districts: { path: districts.geojson }\n", CONFIG);
    assert_int_equal(scene_check(ctx, s, config, RULES, NULL, ADCOV_DAILY), ADCOV_OK);
}

static const adcov_score *score(const adcov_campaign *c, const char *unit, int district)
{
    for (size_t k = 0; k < c->nscores; k++)
        if (c->scores[k].district == district && !strcmp(c->scores[k].unit, unit))
            return &c->scores[k];
    fail_msg("no score row for %s", unit);
    return NULL;
}

/* The after scene with districts 西区 (x < 400) and 东区 (x > 400): 甲路 (400 m west, 600 east) is 东区's,
 * 乙路 (400 west, 200 east) 西区's, S1 (x 100) 西区's. 甲路's gap [299, 1000]: 101 m west, 600 east → 东区;
 * 乙路's gap → 西区. 西区: 乙路 fails, S1 passes: 1 of 2 places, 50 %, rank 1; 东区: 0 of 1, rank 2. Duty
 * units: the stop's (none) 1/1, rank 1; 城管局 and 交通局 0/1 each, sharing rank 2. */
static void scores_per_duty_unit_and_district(void **state)
{
    scene s;
    campaign_scene(&s, "campaign/scores", 1, 0);
    const scene_feature districts[] = {
        {"POLYGON ((-100 -100, 400 -100, 400 400, -100 400, -100 -100))", "\"name\": \"西区\", \"code\": \"1\""},
        {"POLYGON ((400 -100, 1100 -100, 1100 400, 400 400, 400 -100))", "\"name\": \"东区\", \"code\": \"2\""}};
    check_with_districts(*state, &s, districts);
    const adcov_campaign *c = s.res->campaign;
    const adcov_score *west = score(c, "西区", 1), *east = score(c, "东区", 1);
    ASSERT_NEAR(west->rate, 0.5, 1e-12); /* 乙路 fails, S1 passes */
    assert_int_equal(west->places, 2);
    assert_int_equal(west->places_passed, 1);
    assert_int_equal(west->rank, 1);
    assert_int_equal(west->failures, 1);
    ASSERT_NEAR(east->rate, 0, 1e-12);
    assert_int_equal(east->places, 1);
    assert_int_equal(east->rank, 2);
    assert_int_equal(east->failures, 1);
    assert_int_equal(c->overlapping_districts, 0);
    assert_int_equal(score(c, "", 0)->rank, 1);
    assert_int_equal(score(c, "城管局", 0)->rank, 2);
    assert_int_equal(score(c, "交通局", 0)->rank, 2);
    assert_int_equal(score(c, "城管局", 0)->passed[0], 0);
    assert_int_equal(score(c, "城管局", 0)->checked[0], 1);
    scene_end(&s);
}

/* Two districts that overlap (x 300..400): warned, counted once: each place in one district only. */
static void overlapping_districts_count_each_place_once(void **state)
{
    scene s;
    campaign_scene(&s, "campaign/overlap", 1, 0);
    const scene_feature districts[] = {
        {"POLYGON ((-100 -100, 400 -100, 400 400, -100 400, -100 -100))", "\"name\": \"西区\""},
        {"POLYGON ((300 -100, 1100 -100, 1100 400, 300 400, 300 -100))", "\"name\": \"东区\""}};
    check_with_districts(*state, &s, districts);
    const adcov_campaign *c = s.res->campaign;
    assert_int_equal(c->overlapping_districts, 1);
    assert_int_equal(score(c, "西区", 1)->places + score(c, "东区", 1)->places, 3);
    scene_end(&s);
}

/* A self-crossing district (a bow tie inside 东区, over 甲路) is mended by GEOS, with a warning, and is
 * reported as overlapping 东区: the run goes on. 东区 (x > 400) comes first and holds 600 m of 甲路 and
 * 200 m of 乙路: both are its places. */
static void a_self_crossing_district_is_mended(void **state)
{
    scene s;
    campaign_scene(&s, "campaign/bowtie", 1, 0);
    const scene_feature districts[] = {
        {"POLYGON ((400 -100, 1100 -100, 1100 400, 400 400, 400 -100))", "\"name\": \"东区\""},
        {"POLYGON ((700 -100, 900 100, 900 -100, 700 100, 700 -100))", "\"name\": \"蝶区\""}};
    check_with_districts(*state, &s, districts);
    const adcov_campaign *c = s.res->campaign;
    assert_int_equal(score(c, "东区", 1)->places, 2); /* 甲路 and 乙路 */
    assert_int_equal(c->overlapping_districts, 1);
    scene_end(&s);
}

/* ---- the mock inspection ---- */

#define SAMPLED RULES "sampling:\n  street.commercial: { draws: 4, weight: 2 }\n  stop.count: { draws: 2, weight: 1 }\n"

/* The after scene with a second stop S2 (800, -30), bare. street.commercial: 甲路 fails from 298.99 on: the
 * centred window (W' 500) fails for t − 250 ≥ 298.99, t in [548.99, 1000] (451.01 m), and 乙路 (600 m) fails
 * everywhere: pass share 1 − (451.01 + 600) / 1600 = 0.34312. stop.count: S1 passes, S2 fails: 0.5.
 * Expected score (2 × 0.34312 + 1 × 0.5) / 3 = 0.39541. */
static void sim_scene(scene *s, const char *name, const char *extra_ads)
{
    campaign_scene(s, name, 1, 0);
    const scene_feature stops[] = {{"POINT (100 -30)", "\"id\": \"S1\", \"name\": \"一站\""},
                                   {"POINT (800 -30)", "\"id\": \"S2\", \"name\": \"二站\""}};
    scene_layer(s, "stops", stops, 2);
    if (extra_ads) { /* the after scene's ads, and these */
        char path[700];
        snprintf(path, sizeof path, "%s/ads.geojson", s->dir);
        FILE *f = fopen(path, "r+");
        assert_non_null(f);
        fseek(f, -3, SEEK_END); /* before "]}\n" */
        fprintf(f, "%s]}\n", extra_ads);
        fclose(f);
    }
}

/* Where 甲路's gap begins, as found (near 298.99; its id says K0+299 on a first run). */
static double jia_gap_from(const adcov_result *res)
{
    const adcov_campaign *c = res->campaign;
    for (size_t i = 0; i < c->nproblems; i++)
        if (c->problems[i].street && !strcmp(c->problems[i].street, "甲路"))
            return c->problems[i].from;
    fail_msg("甲路 has no gap");
    return 0;
}

static double expected_by_hand(const adcov_result *res)
{
    double from = jia_gap_from(res); /* as the gaps were found: near 298.99 */
    return (2 * (1 - ((500 - from) + 250 + 600) / 1600) + 0.5) / 3;
}

static void the_mock_inspection_matches_its_exact_expectation(void **state)
{
    scene s;
    sim_scene(&s, "campaign/sim", NULL);
    adcov_campaign_opts o = {.simulate = 20000, .seed = 7};
    assert_int_equal(scene_check_campaign(*state, &s, CONFIG, SAMPLED, NULL, ADCOV_DAILY, &o), ADCOV_OK);
    const adcov_simulation *sim = &s.res->campaign->sim;
    ASSERT_NEAR(sim->expected, 0.39541, 0.002);
    ASSERT_NEAR(sim->expected, expected_by_hand(s.res), 1e-9);
    /* the draws' mean within three standard errors of it */
    double sum = 0, sum2 = 0;
    for (size_t d = 0; d < sim->draws; d++) {
        double score = (2 * sim->shares[2 * d] + sim->shares[2 * d + 1]) / 3;
        sum += score, sum2 += score * score;
    }
    double mean = sum / 20000, sd = sqrt(sum2 / 20000 - mean * mean);
    ASSERT_NEAR(mean, sim->mean, 1e-9);
    assert_true(fabs(mean - sim->expected) <= 3 * sd / sqrt(20000.0));
    assert_true(sim->p5 <= sim->expected && sim->expected <= sim->p95);
    /* the top fix: 甲路's gap, 2/3 × 451.01/1600 = 0.18792; then 乙路's 2/3 × 600/1600 = 0.25 comes first */
    assert_int_equal(sim->ntop, 3);
    assert_string_equal(s.res->campaign->problems[sim->top[0].problem].id, "street.commercial/乙路/commercial/K0+000");
    ASSERT_NEAR(sim->top[0].gain, 0.25, 1e-9);
    ASSERT_NEAR(sim->top[1].gain, 2.0 / 3 * (500 - jia_gap_from(s.res) + 250) / 1600, 1e-9);
    ASSERT_NEAR(sim->top[2].gain, 1.0 / 3 / 2, 1e-9); /* S2: one of two stops */
    scene_end(&s);
}

static char *slurp_file(const char *dir, const char *name) { return slurp_output(dir, name, NULL); }

/* The same seed, the same simulation.csv, byte for byte; another seed, other draws. */
static void the_same_seed_gives_the_same_draws(void **state)
{
    char *text[3];
    uint64_t seeds[3] = {42, 42, 43};
    for (int k = 0; k < 3; k++) {
        scene s;
        char name[64];
        snprintf(name, sizeof name, "campaign/seed%d", k);
        sim_scene(&s, name, NULL);
        adcov_campaign_opts o = {.simulate = 500, .seed = seeds[k]};
        assert_int_equal(scene_check_campaign(*state, &s, CONFIG, SAMPLED, NULL, ADCOV_DAILY, &o), ADCOV_OK);
        assert_int_equal(adcov_campaign_write(*state, s.res, s.rb, ADCOV_DAILY, s.dir), ADCOV_OK);
        text[k] = slurp_file(s.dir, "simulation.csv");
        scene_end(&s);
    }
    assert_string_equal(text[0], text[1]);
    assert_true(strcmp(text[0], text[2]) != 0);
    assert_non_null(strstr(text[0], "draw,score,street.commercial,stop.count\r\n1,"));
    for (int k = 0; k < 3; k++)
        free(text[k]);
}

/* The suggested posters of the top problem (乙路's gap) added to the ads: the exact expected score rises
 * by the gain stated for it. */
static void the_top_fix_raises_the_score_by_its_gain(void **state)
{
    scene s;
    sim_scene(&s, "campaign/gain_before", NULL);
    adcov_campaign_opts o = {.simulate = 10, .seed = 1};
    assert_int_equal(scene_check_campaign(*state, &s, CONFIG, SAMPLED, NULL, ADCOV_DAILY, &o), ADCOV_OK);
    const adcov_campaign *c = s.res->campaign;
    const adcov_problem *top = &c->problems[c->sim.top[0].problem];
    const adcov_street_result *sr = &s.res->results[top->item];
    char extra[2048] = "";
    for (size_t i = 0; i < sr->nsuggestions; i++) { /* the posters of that stretch serving its gap */
        const adcov_suggestion *p = &sr->suggestions[i];
        if (p->chainage < top->from || p->chainage > top->to)
            continue;
        size_t n = strlen(extra);
        snprintf(extra + n, sizeof extra - n,
                 ",{\"type\": \"Feature\", \"properties\": {\"id\": \"N%zu\", \"kind\": \"公益\", \"medium\": \"海报\", "
                 "\"theme\": \"诚信\", \"condition\": \"完好\", \"facing\": %.3f}, \"geometry\": {\"type\": \"Point\", "
                 "\"coordinates\": [%.3f, %.3f]}}\n",
                 i, p->facing_deg, p->x, p->y);
    }
    double before = c->sim.expected, gain = c->sim.top[0].gain;
    assert_true(extra[0]);
    scene_end(&s);
    sim_scene(&s, "campaign/gain_after", extra);
    assert_int_equal(scene_check_campaign(*state, &s, CONFIG, SAMPLED, NULL, ADCOV_DAILY, &o), ADCOV_OK);
    ASSERT_NEAR(s.res->campaign->sim.expected - before, gain, 1e-9);
    scene_end(&s);
}

/* --simulate with a rulebook whose sampling draws nothing this run checked: a clear error. */
static void nothing_to_draw_is_an_error(void **state)
{
    scene s;
    sim_scene(&s, "campaign/nothing", NULL);
    adcov_campaign_opts o = {.simulate = 10};
    assert_int_equal(scene_check_campaign(*state, &s, CONFIG, SAMPLED, "stop.count", ADCOV_DAILY, &o), ADCOV_OK);
    scene_end(&s);
    sim_scene(&s, "campaign/nothing2", NULL);
    assert_int_equal(scene_check_campaign(*state, &s, CONFIG, RULES, NULL, ADCOV_DAILY, &o), ADCOV_EUSAGE);
    assert_non_null(strstr(adcov_ctx_message(*state), "--simulate: no rule of rulebook 'scene'"));
    adcov_ctx_clear(*state);
    scene_end(&s);
}

/* ---- many cities ---- */

/* Three runs merged: 甲市 (the before scene: 乙路 passes; 甲路 and S1 fail: 1 of 3 places) and 乙市 (after:
 * 甲路 and 乙路 fail, S1 passes: 1 of 3) share rank 1, listed by name (乙 before 甲 in UTF-8); 丙市 (the after
 * scene with a second, bare stop: 1 of 4) is 3rd. */
static void a_summary_ranks_several_runs(void **state)
{
    scene a, b, c;
    run_scene(*state, &a, "campaign/cities/甲市", 0, 0, NULL);
    run_scene(*state, &b, "campaign/cities/乙市", 1, 0, NULL);
    sim_scene(&c, "campaign/cities/丙市", NULL);
    assert_int_equal(scene_check(*state, &c, CONFIG, RULES, NULL, ADCOV_DAILY), ADCOV_OK);
    assert_int_equal(adcov_campaign_write(*state, c.res, c.rb, ADCOV_DAILY, c.dir), ADCOV_OK);
    const char *dirs[] = {c.dir, b.dir, a.dir};
    char out[700];
    snprintf(out, sizeof out, "%s/../summary", a.dir);
    assert_int_equal(adcov_campaign_summary(*state, dirs, 3, out, NULL), ADCOV_OK);
    char *text = slurp_file(out, "scores.csv");
    assert_non_null(strstr(text, "rank,city,folder,rule,checked,passed,rate_pct,failures,ads_to_rectify\r\n1,乙市,"));
    assert_non_null(strstr(text, "/乙市,all,3,1,33.3,2,0\r\n"));      /* two gaps, no ad to rectify */
    assert_non_null(strstr(text, "/乙市,street.commercial,2,0,0.0,,\r\n"));
    assert_non_null(strstr(text, "1,甲市,"));
    assert_non_null(strstr(text, "/甲市,all,3,1,33.3,2,1\r\n"));      /* F1 is faded */
    assert_non_null(strstr(text, "3,丙市,"));
    assert_non_null(strstr(text, "/丙市,all,4,1,25.0,3,0\r\n"));
    free(text);
    scene_end(&a);
    scene_end(&b);
    scene_end(&c);
}

static int setup(void **state)
{
    GDALAllRegister();
    *state = adcov_ctx_new();
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    adcov_ctx_free(*state);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ids_name_rule_street_class_and_place),
        cmocka_unit_test(progress_says_fixed_open_and_new),
        cmocka_unit_test(a_city_moved_half_a_metre_keeps_every_id),
        cmocka_unit_test(a_rule_not_checked_now_fixes_nothing),
        cmocka_unit_test(a_loop_keeps_its_id),
        cmocka_unit_test(a_wrong_earlier_folder_is_refused),
        cmocka_unit_test(scores_per_duty_unit_and_district),
        cmocka_unit_test(overlapping_districts_count_each_place_once),
        cmocka_unit_test(a_self_crossing_district_is_mended),
        cmocka_unit_test(the_mock_inspection_matches_its_exact_expectation),
        cmocka_unit_test(the_same_seed_gives_the_same_draws),
        cmocka_unit_test(the_top_fix_raises_the_score_by_its_gain),
        cmocka_unit_test(nothing_to_draw_is_an_error),
        cmocka_unit_test(a_summary_ranks_several_runs),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
