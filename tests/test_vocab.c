/* vocab: folding of what planners type (SPEC §2). */
#include "testing.h"
#include "vocab.h"

static void full_width_and_case_fold(void **state)
{
    (void)state;
    adcov_vocab *m = adcov_vocab_new(ADCOV_VOCAB_MEDIUM);
    assert_non_null(m);
    /* ＬＥＤ (full-width), led and LED are one word: screen */
    assert_int_equal(adcov_vocab_lookup(m, "ＬＥＤ"), ADCOV_MEDIUM_SCREEN);
    assert_int_equal(adcov_vocab_lookup(m, "led"), ADCOV_MEDIUM_SCREEN);
    assert_int_equal(adcov_vocab_lookup(m, "  LED\t"), ADCOV_MEDIUM_SCREEN);
    assert_int_equal(adcov_vocab_lookup(m, "灯杆旗"), ADCOV_MEDIUM_POLE_FLAG);
    assert_int_equal(adcov_vocab_lookup(m, "易拉宝"), ADCOV_MEDIUM_BANNER);
    assert_int_equal(adcov_vocab_lookup(m, "喷绘"), -1);
    assert_int_equal(adcov_vocab_add(m, "喷绘", "poster"), ADCOV_OK);
    assert_int_equal(adcov_vocab_lookup(m, "喷绘"), ADCOV_MEDIUM_POSTER);
    assert_int_equal(adcov_vocab_add(m, "x", "nonsense"), ADCOV_EINPUT);
    adcov_vocab_free(m);
}

static void empty_condition_is_good(void **state)
{
    (void)state;
    adcov_vocab *c = adcov_vocab_new(ADCOV_VOCAB_CONDITION);
    assert_int_equal(adcov_vocab_lookup(c, ""), ADCOV_COND_GOOD);
    assert_int_equal(adcov_vocab_lookup(c, "被小广告占用"), ADCOV_COND_COVERED);
    assert_int_equal(adcov_vocab_lookup(c, "商业植入"), ADCOV_COND_OUTDATED);
    adcov_vocab_free(c);
}

static void themes_match_as_substrings(void **state)
{
    (void)state;
    assert_true(adcov_theme_has("社会主义核心价值观", "核心价值观"));
    assert_true(adcov_theme_has("中国梦；讲文明树新风", "讲文明树新风"));
    assert_false(adcov_theme_has("讲文明", "讲文明树新风"));
    assert_true(adcov_theme_has("", ""));
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(full_width_and_case_fold),
                                       cmocka_unit_test(empty_condition_is_good),
                                       cmocka_unit_test(themes_match_as_substrings)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
