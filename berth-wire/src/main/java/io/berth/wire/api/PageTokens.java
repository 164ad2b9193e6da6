package io.berth.wire.api;

import io.berth.wire.AwsException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * List pagination whose opaque token carries the sort key of the last item a page returned, so the
 * next page starts after that item however the list changed in between: nothing is skipped when
 * earlier items are deleted, and nothing runs out of range. A token also carries a mark naming what
 * it pages (a service, and where that matters an operation and its scope), so a token made by hand
 * or for another list is refused rather than read as a key.
 */
public final class PageTokens {
    private PageTokens() {}

    /** One page of items, and the token of the next page (null on the last). */
    public record Page<T>(List<T> items, String nextToken) {}

    /**
     * Up to {@code max} items of {@code sorted} (ordered by {@code key} under {@code order}, keys
     * unique) that come after the key {@code token} carries (from the start when it is null or
     * empty).
     *
     * @param mark     what this list's tokens start with; a token that does not is refused
     * @param badToken the error for a token this list did not make
     */
    public static <T> Page<T> after(List<T> sorted, Function<T, String> key, Comparator<String> order, String mark, String token,
                                    int max, Supplier<AwsException> badToken) {
        int start = 0;
        if (token != null && !token.isEmpty()) {
            String after = decode(mark, token, badToken);
            while (start < sorted.size() && order.compare(key.apply(sorted.get(start)), after) <= 0) start++;
        }
        int end = Math.min(sorted.size(), start + max);
        List<T> items = sorted.subList(start, end);
        String next = end < sorted.size() && !items.isEmpty() ? encode(mark, key.apply(items.get(items.size() - 1))) : null;
        return new Page<>(List.copyOf(items), next);
    }

    private static String encode(String mark, String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((mark + key).getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String mark, String token, Supplier<AwsException> badToken) {
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw badToken.get();
        }
        if (!decoded.startsWith(mark)) throw badToken.get();
        return decoded.substring(mark.length());
    }
}
