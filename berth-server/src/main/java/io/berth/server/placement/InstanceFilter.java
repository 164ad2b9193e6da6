package io.berth.server.placement;

import io.berth.scheduler.query.Query;
import io.berth.scheduler.query.QueryException;
import io.berth.wire.AwsException;

/** ListContainerInstances' {@code filter}: the whole cluster query language, errors as ECS reports them. */
public final class InstanceFilter {
    private InstanceFilter() {}

    public static Query parse(String expression) {
        try {
            return Query.parse(expression);
        } catch (QueryException e) {
            throw AwsException.invalidParameter(e.getMessage());
        }
    }
}
