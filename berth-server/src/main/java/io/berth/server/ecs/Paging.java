package io.berth.server.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.wire.AwsException;
import io.berth.wire.api.PageTokens;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * ECS list pagination: {@code maxResults} (1..100, default 100) and an opaque {@code nextToken}
 * ({@link PageTokens}: the sort key of the last item returned), so pages stay right while items come and go.
 */
public final class Paging {
    /** Starts every token this code makes, so a token made up by hand is refused, not read as a key. */
    private static final String MARK = "berth-page:";

    private Paging() {}

    static <T> PageTokens.Page<T> page(List<T> sorted, Function<T, String> key, JsonNode in, int maxAllowed) {
        return page(sorted, key, in, maxAllowed, maxAllowed);
    }

    /** A page of {@code sorted} (ascending by {@code key}); {@code maxResults} defaults to {@code defaultMax}. */
    public static <T> PageTokens.Page<T> page(List<T> sorted, Function<T, String> key, JsonNode in, int defaultMax, int maxAllowed) {
        int max = Input.integer(in, "maxResults", defaultMax);
        if (max < 1 || max > maxAllowed) {
            throw AwsException.invalidParameter("maxResults must be between 1 and " + maxAllowed + ".");
        }
        return after(sorted, key, Comparator.naturalOrder(), Input.str(in, "nextToken"), max,
                () -> AwsException.invalidParameter("The nextToken is not valid: it must come from a previous reply."));
    }

    /**
     * Up to {@code max} items of {@code sorted} (ordered by {@code key} under {@code order}) that
     * come after the key {@code token} carries (from the start when it is null or empty).
     *
     * @param badToken the error for a token this code did not make
     */
    public static <T> PageTokens.Page<T> after(List<T> sorted, Function<T, String> key, Comparator<String> order, String token, int max,
                                    Supplier<AwsException> badToken) {
        return PageTokens.after(sorted, key, order, MARK, token, max, badToken);
    }
}
