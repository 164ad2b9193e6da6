package io.berth.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.scheduler.query.QueryException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Checking placement input as RunTask and RegisterTaskDefinition receive it. */
class PlacementSpecTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s.replace('\'', '"'));
    }

    private static PlacementSpec spec(String constraints, String taskDef, String strategies) throws Exception {
        return PlacementSpec.of(json(constraints), json(taskDef), json(strategies), PlacementSpec.RUN_TASK_DEFAULT);
    }

    @Test
    void combinesRequestAndTaskDefinitionRulesAndDefaultsToRandom() throws Exception {
        PlacementSpec s = spec("[{'type':'distinctInstance'}]", "[{'type':'memberOf','expression':'attribute:tier == gold'}]", "[]");
        assertThat(s.constraints()).hasSize(2).first().isInstanceOf(Constraint.DistinctInstance.class);
        assertThat(s.strategies()).containsExactly(new Strategy.Random());
        PlacementSpec chained = spec("[]", "[]", "[{'type':'spread','field':'attribute:ecs.availability-zone'},{'type':'binpack','field':'memory'},"
                + "{'type':'spread','field':'host'},{'type':'random','field':'ignored'}]");
        assertThat(chained.strategies()).containsExactly(new Strategy.Spread(new SpreadField("ecs.availability-zone")),
                new Strategy.Binpack(Strategy.Resource.MEMORY), new Strategy.Spread(SpreadField.INSTANCE), new Strategy.Random());
        assertThat(PlacementSpec.of(null, null, null, PlacementSpec.SERVICE_DEFAULT).strategies()).isEqualTo(PlacementSpec.SERVICE_DEFAULT);
    }

    @Test
    void refusesInvalidRules() {
        assertBad("[{'type':'memberOf'}]", "[]", "[]", "needs an expression");
        assertBad("[{'type':'distinctInstance','expression':'x'}]", "[]", "[]", "takes no expression");
        assertBad("[{'type':'sameZone'}]", "[]", "[]", "Unknown placement constraint type 'sameZone'");
        assertBad("[{}]", "[]", "[]", "needs a type");
        assertBad("[]", "[{'type':'distinctInstance'}]", "[]", "only memberOf");
        assertBad("[]", "[]", "[{'type':'binpack','field':'disk'}]", "cpu or memory");
        assertBad("[]", "[]", "[{'type':'binpack'}]", "cpu or memory");
        assertBad("[]", "[]", "[{'type':'spread'}]", "needs a field");
        assertBad("[]", "[]", "[{'type':'spread','field':'zone'}]", "instanceId, host or attribute:<name>");
        assertBad("[]", "[]", "[{'type':'pack'}]", "Unknown placement strategy type 'pack'");
        assertBad("[]", "[]", "[" + "{'type':'random'},".repeat(5) + "{'type':'random'}]", "at most 5");
        assertBad("[" + "{'type':'distinctInstance'},".repeat(5) + "{'type':'distinctInstance'}]",
                "[" + "{'type':'memberOf','expression':'agentConnected == true'},".repeat(4) + "{'type':'memberOf','expression':'agentConnected == true'}]",
                "[]", "at most 10");
        assertBad("{}", "[]", "[]", "must be a list");
        assertThatThrownBy(() -> spec("[{'type':'memberOf','expression':'attribute:x === y'}]", "[]", "[]"))
                .isInstanceOf(QueryException.class).hasMessageContaining("position 12");
    }

    private static void assertBad(String constraints, String taskDef, String strategies, String message) {
        assertThatThrownBy(() -> spec(constraints, taskDef, strategies)).isInstanceOf(PlacementInputException.class)
                .hasMessageContaining(message);
    }

    @Test
    void taskDefinitionConstraintsAreCheckedAlone() throws Exception {
        assertThat(PlacementSpec.taskDefinitionConstraints(json("[{'type':'memberOf','expression':'attribute:a exists'}]"))).hasSize(1);
        assertThat(PlacementSpec.taskDefinitionConstraints(null)).isEmpty();
        assertThat(List.of()).isEmpty();
    }
}
