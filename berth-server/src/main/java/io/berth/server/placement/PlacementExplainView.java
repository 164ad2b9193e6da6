package io.berth.server.placement;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.scheduler.Explanation;
import io.berth.wire.Json;

/**
 * ExplainPlacement's reply: the strategies (naming the score columns), counts of instances per
 * rejection reason, the chosen instance, and up to {@code limit} instances, the chosen one and the
 * best-scored first, each with the rule that rejected it or its scores.
 */
public final class PlacementExplainView {
    private PlacementExplainView() {}

    public static ObjectNode json(Explanation e, int limit) {
        ObjectNode o = Json.object();
        ArrayNode strategies = o.putArray("strategies");
        e.strategies().forEach(strategies::add);
        if (e.chosen() != null) o.put("chosen", e.chosen());
        o.put("instances", e.total());
        o.put("scanned", e.scanned());
        o.put("feasible", e.feasible());
        ObjectNode rejected = o.putObject("rejected");
        e.rejected().forEach(rejected::put);
        ArrayNode list = o.putArray("verdicts");
        e.verdicts().stream()
                .sorted((a, b) -> {
                    if (a.chosen() != b.chosen()) return a.chosen() ? -1 : 1;
                    if (a.accepted() != b.accepted()) return a.accepted() ? -1 : 1;
                    for (int i = 0; i < Math.min(a.scores().size(), b.scores().size()); i++) {
                        int c = Long.compare(a.scores().get(i), b.scores().get(i));
                        if (c != 0) return c;
                    }
                    return a.arn().compareTo(b.arn());
                })
                .limit(limit)
                .forEach(v -> {
                    ObjectNode x = list.addObject();
                    x.put("arn", v.arn());
                    x.put("accepted", v.accepted());
                    if (v.chosen()) x.put("chosen", true);
                    if (v.veto() != null) {
                        x.put("rule", v.veto().rule());
                        x.put("reason", v.veto().reason());
                        x.put("detail", v.veto().detail());
                    } else {
                        ArrayNode scores = x.putArray("scores");
                        v.scores().forEach(scores::add);
                    }
                });
        if (e.verdicts().size() > limit) o.put("truncated", e.verdicts().size() - limit);
        return o;
    }
}
