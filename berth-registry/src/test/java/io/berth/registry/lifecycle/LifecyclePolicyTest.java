package io.berth.registry.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.registry.lifecycle.LifecycleEvaluator.Candidate;
import io.berth.registry.lifecycle.LifecycleEvaluator.Expiry;
import io.berth.wire.AwsException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lifecycle policies as ECR's user guide describes them: validation, and the evaluation rules with its examples. */
class LifecyclePolicyTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private static Candidate image(String name, int daysAgo, String... tags) {
        return new Candidate(name, List.of(tags), NOW.minus(Duration.ofDays(daysAgo)));
    }

    private static String rule(int priority, String selection) {
        return "{\"rulePriority\":" + priority + ",\"selection\":{" + selection + "},\"action\":{\"type\":\"expire\"}}";
    }

    private static LifecyclePolicy policy(String... rules) {
        return LifecyclePolicy.parse("{\"rules\":[" + String.join(",", rules) + "]}");
    }

    private static List<String> expired(LifecyclePolicy p, Candidate... images) {
        return LifecycleEvaluator.evaluate(p, List.of(images), NOW).stream().map(e -> e.image().digest() + "@" + e.rulePriority()).sorted().toList();
    }

    @Test
    void anImageMatchedByAHigherPriorityRuleIsNotExpiredByALowerOne() {
        // the user guide's "Filtering on multiple rules", example A
        LifecyclePolicy p = policy(
                rule(1, "\"tagStatus\":\"tagged\",\"tagPrefixList\":[\"prod\"],\"countType\":\"imageCountMoreThan\",\"countNumber\":1"),
                rule(2, "\"tagStatus\":\"tagged\",\"tagPrefixList\":[\"beta\"],\"countType\":\"imageCountMoreThan\",\"countNumber\":1"));
        assertThat(expired(p, image("A", 10, "beta-1", "prod-1"), image("B", 9, "beta-2", "prod-2"), image("C", 8, "beta-3")))
                .containsExactly("A@1");
    }

    @Test
    void aLowerPriorityRuleStillCountsImagesAHigherOneExpired() {
        // "Rules can never mark images that are marked by higher priority rules, but can still identify
        // them as if they haven't been expired": the any-rule keeps two images counting tmp-1, which
        // rule 1 expires, so the oldest untagged image goes too.
        LifecyclePolicy p = policy(
                rule(1, "\"tagStatus\":\"tagged\",\"tagPrefixList\":[\"tmp\"],\"countType\":\"sinceImagePushed\",\"countUnit\":\"days\",\"countNumber\":1"),
                rule(2, "\"tagStatus\":\"any\",\"countType\":\"imageCountMoreThan\",\"countNumber\":2"));
        assertThat(expired(p, image("A", 2, "tmp-1"), image("B", 3), image("C", 4))).containsExactly("A@1", "C@2");
    }

    @Test
    void eachImageIsExpiredByOneRuleAtMost() {
        LifecyclePolicy p = policy(
                rule(1, "\"tagStatus\":\"untagged\",\"countType\":\"imageCountMoreThan\",\"countNumber\":1"),
                rule(2, "\"tagStatus\":\"any\",\"countType\":\"sinceImagePushed\",\"countUnit\":\"days\",\"countNumber\":5"));
        List<Expiry> out = LifecycleEvaluator.evaluate(p, List.of(image("A", 9), image("B", 8), image("C", 7, "v1")), NOW);
        assertThat(out).extracting(e -> e.image().digest() + "@" + e.rulePriority()).containsExactlyInAnyOrder("A@1", "C@2");
    }

    @Test
    void onlyOneRuleMaySelectUntaggedImages() {
        assertThatThrownBy(() -> policy(
                rule(1, "\"tagStatus\":\"untagged\",\"countType\":\"imageCountMoreThan\",\"countNumber\":1"),
                rule(2, "\"tagStatus\":\"untagged\",\"countType\":\"sinceImagePushed\",\"countUnit\":\"days\",\"countNumber\":3")))
                .isInstanceOf(AwsException.class).hasMessageContaining("untagged")
                .extracting(e -> ((AwsException) e).code()).isEqualTo("InvalidParameterException");
    }

    @Test
    void aTagPatternHasAtMostFourWildcards() {
        policy(rule(1, "\"tagStatus\":\"tagged\",\"tagPatternList\":[\"*test*1*2*3\",\"test*1*2*3*\"],\"countType\":\"imageCountMoreThan\",\"countNumber\":1"));
        assertThatThrownBy(() -> policy(
                rule(1, "\"tagStatus\":\"tagged\",\"tagPatternList\":[\"test*1*2*3*4*5*6\"],\"countType\":\"imageCountMoreThan\",\"countNumber\":1")))
                .isInstanceOf(AwsException.class).hasMessageContaining("wildcards");
    }
}
