package io.berth.registry.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.wire.AwsException;
import io.berth.wire.api.PageTokens;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * ECR's nextToken/maxResults over a list. The token ({@link PageTokens}) carries the key of the last
 * item returned and names the operation and repository it pages, so paging through images while
 * deleting them skips none, and a token is refused by any other list.
 */
record Paging<T>(List<T> page, String nextToken) {
    /**
     * ECR's rule that paging cannot be combined with an explicit list such as repositoryNames or
     * imageIds: such a request is refused rather than silently cut short.
     */
    static void refuseWithList(JsonNode input, String listMember) {
        if (!input.has(listMember)) return;
        for (String paging : List.of("maxResults", "nextToken")) {
            if (input.has(paging)) {
                throw AwsException.invalidParameter("Invalid parameter: " + paging + " cannot be used together with " + listMember);
            }
        }
    }

    /**
     * A page of {@code all}, which this sorts by {@code key} (unique per item), as {@code operation}
     * on {@code repository} (empty for a list of repositories) returns it.
     */
    static <T> Paging<T> of(List<T> all, Function<T, String> key, String operation, String repository, JsonNode input, int defaultMax) {
        // each item's key made once, not in every comparison
        List<Keyed<T>> sorted = all.stream().map(t -> new Keyed<>(key.apply(t), t)).sorted(Comparator.comparing(Keyed::key)).toList();
        var p = PageTokens.after(sorted, Keyed::key, Comparator.naturalOrder(), "berth-ecr:" + operation + "/" + repository + "\n",
                input.path("nextToken").asText(null), input.path("maxResults").asInt(defaultMax),
                () -> AwsException.invalidParameter("Invalid parameter at 'nextToken': pass the nextToken of a previous "
                        + operation + " reply" + (repository.isEmpty() ? "" : " for repository '" + repository + "'") + "."));
        return new Paging<>(p.items().stream().map(Keyed::item).toList(), p.nextToken());
    }

    private record Keyed<T>(String key, T item) {}

    /** An explicit list (repositoryNames, imageIds): returned whole, in the order asked. */
    static <T> Paging<T> whole(List<T> asked) {
        return new Paging<>(asked, null);
    }
}
