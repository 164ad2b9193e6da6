package io.berth.registry.lifecycle;

import io.berth.registry.meta.Wildcard;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies a lifecycle policy to a repository's images, purely, by ECR's evaluation rules. Rules run
 * in priority order. Each rule identifies every image its selection matches, including images a
 * higher-priority rule matched or already expired ("as if they haven't been expired"), so those
 * count towards its imageCountMoreThan; but it only expires images no higher-priority rule matched
 * (an image that matches a higher-priority rule cannot be expired by a lower one, and each image is
 * expired by at most one rule). With several prefixes or patterns, an image needs a tag for each,
 * as in ECR. Within a rule, imageCountMoreThan keeps the newest {@code countNumber} images;
 * sinceImagePushed expires those pushed more than that many days ago.
 */
public final class LifecycleEvaluator {
    private LifecycleEvaluator() {}

    /** An image as the policy sees it. */
    public record Candidate(String digest, List<String> tags, Instant pushedAt) {}

    /** An image the policy expires, and the rule that did it. */
    public record Expiry(Candidate image, int rulePriority) {}

    public static List<Expiry> evaluate(LifecyclePolicy policy, List<Candidate> images, Instant now) {
        Set<String> claimed = new HashSet<>();
        List<Expiry> out = new ArrayList<>();
        for (LifecyclePolicy.Rule rule : policy.rules()) {
            List<Candidate> matched = new ArrayList<>();
            for (Candidate c : images) {
                if (selects(rule, c)) matched.add(c);
            }
            matched.sort(Comparator.comparing(Candidate::pushedAt).reversed().thenComparing(Candidate::digest));
            List<Candidate> beyond = switch (rule.countType()) {
                case IMAGE_COUNT_MORE_THAN -> matched.subList(Math.min(rule.countNumber(), matched.size()), matched.size());
                case SINCE_IMAGE_PUSHED -> {
                    Instant cutoff = now.minus(Duration.ofDays(rule.countNumber()));
                    yield matched.stream().filter(c -> c.pushedAt().isBefore(cutoff)).toList();
                }
            };
            for (Candidate c : beyond) {
                if (!claimed.contains(c.digest())) out.add(new Expiry(c, rule.priority()));
            }
            matched.forEach(c -> claimed.add(c.digest()));
        }
        return out;
    }

    static boolean selects(LifecyclePolicy.Rule rule, Candidate c) {
        return switch (rule.tagStatus()) {
            case ANY -> true;
            case UNTAGGED -> c.tags().isEmpty();
            case TAGGED -> !c.tags().isEmpty()
                    && rule.tagPrefixes().stream().allMatch(p -> c.tags().stream().anyMatch(t -> t.startsWith(p)))
                    && rule.tagPatterns().stream().allMatch(p -> c.tags().stream().anyMatch(t -> Wildcard.matches(p, t)));
        };
    }
}
