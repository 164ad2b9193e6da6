package io.berth.server.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.server.ecs.Ops;
import io.berth.server.ecs.Paging;
import io.berth.server.state.Keys;
import io.berth.wire.AwsException;
import io.berth.wire.Json;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * ListSecrets: filters, IncludePlannedDeletion, SortBy (created-date by default) and SortOrder, and
 * pages of MaxResults (default and most 100). NextToken carries the sort key of the last secret
 * returned, so pages stay right while secrets come and go.
 */
final class ListSecretsOp implements Ops {
    private static final int MAX = 100;
    private final SecretsContext ctx;

    ListSecretsOp(SecretsContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void register(Map<String, Op> ops) {
        ops.put("ListSecrets", (in, r) -> list(in));
    }

    private ObjectNode list(JsonNode in) {
        boolean deleted = in.path("IncludePlannedDeletion").asBoolean(false);
        List<SecretFilter> filters = SecretFilter.of(in.path("Filters"));
        Function<Secret, String> key = sortKey(in.path("SortBy").asText("created-date"));
        Comparator<String> order = "desc".equals(in.path("SortOrder").asText("asc")) ? Comparator.reverseOrder() : Comparator.naturalOrder();
        List<Secret> matching = ctx.state().range(Keys.SECRETS, Secret.class).stream()
                .filter(s -> deleted || !s.deleted())
                .filter(s -> filters.stream().allMatch(f -> f.matches(s)))
                .sorted(Comparator.comparing(key, order))
                .toList();
        var page = Paging.after(matching, key, order, in.path("NextToken").asText(null), in.path("MaxResults").asInt(MAX),
                () -> new AwsException("InvalidNextTokenException", "The NextToken value is invalid: pass the NextToken of a previous ListSecrets reply."));
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("SecretList");
        page.items().forEach(s -> list.add(SecretViews.listEntry(s)));
        if (page.nextToken() != null) out.put("NextToken", page.nextToken());
        return out;
    }

    /** A string that sorts secrets as SortBy asks; the name breaks ties, so keys are unique. */
    private static Function<Secret, String> sortKey(String sortBy) {
        return switch (sortBy) {
            case "name" -> Secret::name;
            case "last-changed-date" -> s -> millis(s.lastChangedDate()) + s.name();
            case "last-accessed-date" -> s -> millis(s.lastAccessedDate()) + s.name();
            default -> s -> millis(s.createdDate()) + s.name();
        };
    }

    private static String millis(Instant t) {
        return String.format("%019d/", t == null ? 0 : t.toEpochMilli());
    }
}
