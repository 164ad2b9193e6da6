package io.berth.registry.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.wire.AwsException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** ECR's nextToken/maxResults over an ordered list: the token is the offset, opaque to clients. */
record Paging<T>(List<T> page, String nextToken) {
    /**
     * ECR's rule that maxResults (and so paging) cannot be combined with an explicit list such as
     * repositoryNames or imageIds: such a request is refused rather than silently cut short.
     */
    static void refuseWithList(JsonNode input, String listMember) {
        if (input.has(listMember) && input.has("maxResults")) {
            throw AwsException.invalidParameter("Invalid parameter: maxResults cannot be used together with " + listMember);
        }
    }

    static <T> Paging<T> of(List<T> all, JsonNode input, int defaultMax) {
        int max = input.path("maxResults").asInt(defaultMax);
        int from = 0;
        String token = input.path("nextToken").asText(null);
        if (token != null) {
            try {
                from = Integer.parseInt(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw AwsException.invalidParameter("Invalid parameter at 'nextToken': the token is not one Berth issued");
            }
        }
        if (from < 0 || from > all.size()) throw AwsException.invalidParameter("Invalid parameter at 'nextToken': out of range");
        int to = Math.min(all.size(), from + max);
        String next = to < all.size() ? Base64.getUrlEncoder().withoutPadding().encodeToString(String.valueOf(to).getBytes(StandardCharsets.UTF_8)) : null;
        return new Paging<>(all.subList(from, to), next);
    }
}
