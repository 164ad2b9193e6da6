package io.berth.scheduler.query;

import io.berth.scheduler.Candidate;
import java.util.Map;

/**
 * A cluster query language expression, as {@code memberOf} constraints and ListContainerInstances'
 * {@code filter} use it. Immutable and thread-safe once parsed.
 */
public record Query(String text, Expr expr) {
    /** Parses an expression; throws {@link QueryException} with the offset of the first fault. */
    public static Query parse(String text) {
        if (text == null) throw new QueryException("", 0, "the expression is missing");
        return new Query(text, new QueryParser(text).parse());
    }

    public boolean test(Candidate c) {
        return expr.test(c, Map.of());
    }

    public boolean test(Candidate c, Map<String, Integer> extraGroups) {
        return expr.test(c, extraGroups);
    }

    @Override
    public String toString() {
        return text;
    }
}
