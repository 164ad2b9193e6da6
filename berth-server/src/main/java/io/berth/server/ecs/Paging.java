package io.berth.server.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.wire.AwsException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * List pagination: {@code maxResults} (1..100, default 100) and an opaque {@code nextToken} that
 * carries the sort key of the last item returned, so pages stay right while items come and go.
 */
public final class Paging {
    /** Starts every token this code makes, so a token made up by hand is refused, not read as a key. */
    private static final String MARK = "berth-page:";

    private Paging() {}

    public record Page<T>(List<T> items, String nextToken) {}

    static <T> Page<T> page(List<T> sorted, Function<T, String> key, JsonNode in, int maxAllowed) {
        return page(sorted, key, in, maxAllowed, maxAllowed);
    }

    /** A page of {@code sorted} (ascending by {@code key}); {@code maxResults} defaults to {@code defaultMax}. */
    public static <T> Page<T> page(List<T> sorted, Function<T, String> key, JsonNode in, int defaultMax, int maxAllowed) {
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
    public static <T> Page<T> after(List<T> sorted, Function<T, String> key, Comparator<String> order, String token, int max,
                                    Supplier<AwsException> badToken) {
        int start = 0;
        if (token != null && !token.isEmpty()) {
            String after = decode(token, badToken);
            while (start < sorted.size() && order.compare(key.apply(sorted.get(start)), after) <= 0) start++;
        }
        int end = Math.min(sorted.size(), start + max);
        List<T> items = sorted.subList(start, end);
        String next = end < sorted.size() && !items.isEmpty() ? encode(key.apply(items.get(items.size() - 1))) : null;
        return new Page<>(List.copyOf(items), next);
    }

    private static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((MARK + key).getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token, Supplier<AwsException> badToken) {
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw badToken.get();
        }
        if (!decoded.startsWith(MARK)) throw badToken.get();
        return decoded.substring(MARK.length());
    }
}
