package io.berth.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.scheduler.query.Query;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The checked rules of one placement: constraints (binding) and strategies (best effort, in order).
 * Built from the ECS request shapes {@code PlacementConstraint}, {@code PlacementStrategy} and
 * {@code TaskDefinitionPlacementConstraint}, with ECS's limits: at most 10 constraints counting the
 * task definition's, at most 5 strategies, expressions of at most 2,000 characters.
 */
public record PlacementSpec(List<Constraint> constraints, List<Strategy> strategies) {
    public static final int MAX_CONSTRAINTS = 10;
    public static final int MAX_STRATEGIES = 5;

    /** RunTask without a strategy places at random, as ECS does for standalone tasks. */
    public static final List<Strategy> RUN_TASK_DEFAULT = List.of(new Strategy.Random());

    /** Services without a strategy spread over Availability Zones, then over the instances in each. */
    public static final List<Strategy> SERVICE_DEFAULT = List.of(
            new Strategy.Spread(new SpreadField("ecs.availability-zone")), new Strategy.Spread(SpreadField.INSTANCE));

    public static final PlacementSpec NONE = new PlacementSpec(List.of(), List.of());

    public PlacementSpec {
        constraints = List.copyOf(constraints);
        strategies = List.copyOf(strategies);
    }

    /**
     * Checks and combines the request's and the task definition's rules; {@code defaults} apply when
     * the request names no strategy. Throws {@link PlacementInputException} on any invalid entry.
     */
    public static PlacementSpec of(JsonNode requestConstraints, JsonNode taskDefinitionConstraints, JsonNode requestStrategies,
                                   List<Strategy> defaults) {
        List<Constraint> constraints = new ArrayList<>();
        for (JsonNode c : array(requestConstraints, "placementConstraints")) constraints.add(constraint(c, false));
        for (JsonNode c : array(taskDefinitionConstraints, "placementConstraints")) constraints.add(constraint(c, true));
        if (constraints.size() > MAX_CONSTRAINTS) {
            throw new PlacementInputException("A task can have at most " + MAX_CONSTRAINTS
                    + " placement constraints, counting those of its task definition; it has " + constraints.size() + ".");
        }
        List<Strategy> strategies = new ArrayList<>();
        for (JsonNode s : array(requestStrategies, "placementStrategy")) strategies.add(strategy(s));
        if (strategies.size() > MAX_STRATEGIES) {
            throw new PlacementInputException("A task can have at most " + MAX_STRATEGIES + " placement strategies; "
                    + strategies.size() + " were given.");
        }
        return new PlacementSpec(constraints, strategies.isEmpty() ? defaults : strategies);
    }

    /** Checks task-definition constraints when a task definition is registered. */
    public static List<Constraint> taskDefinitionConstraints(JsonNode constraints) {
        List<Constraint> out = new ArrayList<>();
        for (JsonNode c : array(constraints, "placementConstraints")) out.add(constraint(c, true));
        if (out.size() > MAX_CONSTRAINTS) throw new PlacementInputException("A task definition can have at most " + MAX_CONSTRAINTS + " placement constraints.");
        return out;
    }

    public static Constraint constraint(JsonNode c, boolean inTaskDefinition) {
        String type = text(c, "type");
        String expression = text(c, "expression");
        if (type == null) throw new PlacementInputException("A placement constraint needs a type: memberOf" + (inTaskDefinition ? "" : " or distinctInstance") + ".");
        switch (type) {
            case "distinctInstance" -> {
                if (inTaskDefinition) throw new PlacementInputException("Task definitions take only memberOf placement constraints; distinctInstance belongs in RunTask or CreateService.");
                if (expression != null && !expression.isEmpty()) throw new PlacementInputException("A distinctInstance placement constraint takes no expression.");
                return new Constraint.DistinctInstance();
            }
            case "memberOf" -> {
                if (expression == null || expression.isBlank()) throw new PlacementInputException("A memberOf placement constraint needs an expression.");
                return new Constraint.MemberOf(Query.parse(expression));
            }
            default -> throw new PlacementInputException("Unknown placement constraint type '" + type + "'; use memberOf"
                    + (inTaskDefinition ? "" : " or distinctInstance") + ".");
        }
    }

    public static Strategy strategy(JsonNode s) {
        String type = text(s, "type");
        String field = text(s, "field");
        if (field != null && field.length() > 255) throw new PlacementInputException("A placement strategy field is at most 255 characters.");
        if (type == null) throw new PlacementInputException("A placement strategy needs a type: random, spread or binpack.");
        return switch (type) {
            case "random" -> new Strategy.Random();
            case "binpack" -> {
                String f = field == null ? "" : field.toLowerCase(Locale.ROOT);
                if (!f.equals("cpu") && !f.equals("memory")) {
                    throw new PlacementInputException("The binpack placement strategy's field must be cpu or memory, not '" + field + "'.");
                }
                yield new Strategy.Binpack(f.equals("cpu") ? Strategy.Resource.CPU : Strategy.Resource.MEMORY);
            }
            case "spread" -> {
                if (field == null || field.isEmpty()) {
                    throw new PlacementInputException("The spread placement strategy needs a field: instanceId, host or attribute:<name>.");
                }
                if (field.equalsIgnoreCase("instanceId") || field.equalsIgnoreCase("host")) yield new Strategy.Spread(SpreadField.INSTANCE);
                if (field.startsWith("attribute:") && field.length() > "attribute:".length()) {
                    yield new Strategy.Spread(new SpreadField(field.substring("attribute:".length())));
                }
                throw new PlacementInputException("The spread placement strategy's field must be instanceId, host or attribute:<name>, not '" + field + "'.");
            }
            default -> throw new PlacementInputException("Unknown placement strategy type '" + type + "'; use random, spread or binpack.");
        };
    }

    private static Iterable<JsonNode> array(JsonNode n, String member) {
        if (n == null || n.isNull() || n.isMissingNode()) return List.of();
        if (!n.isArray()) throw new PlacementInputException(member + " must be a list.");
        return n;
    }

    private static String text(JsonNode n, String member) {
        JsonNode v = n.get(member);
        return v == null || v.isNull() ? null : v.asText();
    }

    @Override
    public String toString() {
        return "constraints " + constraints + ", strategies " + strategies;
    }
}
