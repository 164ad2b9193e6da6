package io.berth.server.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.model.Arns;
import io.berth.model.TaskStatus;
import io.berth.model.ecs.Container;
import io.berth.model.ecs.ContainerDefinitionView;
import io.berth.model.ecs.Task;
import io.berth.model.ecs.TaskDefinition;
import io.berth.server.state.Committer;
import io.berth.server.state.Keys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Container health as agents report it over TCS ({@code PublishHealthRequest}), recorded on the
 * tasks: each container's {@code healthStatus}, and the task's, which follows its essential
 * containers only — UNHEALTHY if any of them is, HEALTHY once all of them with a check are.
 */
public final class HealthReports implements Consumer<JsonNode> {
    private static final Set<String> STATUSES = Set.of("HEALTHY", "UNHEALTHY", "UNKNOWN");
    private final Committer committer;

    public HealthReports(Committer committer) {
        this.committer = committer;
    }

    /** Takes one TCS frame's JSON; frames of other types are ignored. Called on websocket threads. */
    @Override
    public void accept(JsonNode frame) {
        if (!"PublishHealthRequest".equals(frame.path("type").asText())) return;
        JsonNode tasks = frame.path("message").path("tasks");
        if (tasks.isEmpty()) return;
        committer.submit(tx -> {
            for (JsonNode th : tasks) {
                Task t = tx.state().taskByArn(th.path("taskArn").asText()).orElse(null);
                if (t == null || t.last() == TaskStatus.STOPPED) continue;
                Map<String, String> reported = new java.util.HashMap<>();
                for (JsonNode c : th.path("containers")) {
                    String h = c.path("healthStatus").asText();
                    if (STATUSES.contains(h)) reported.put(c.path("containerName").asText(), h);
                }
                List<Container> containers = new ArrayList<>();
                for (Container c : t.containers()) containers.add(reported.containsKey(c.name()) ? c.withHealth(reported.get(c.name())) : c);
                TaskDefinition def = tx.state().taskDefinitionByArn(t.taskDefinitionArn()).orElse(null);
                Task.Builder b = t.toBuilder();
                b.containers = containers;
                b.healthStatus = taskHealth(containers, def);
                if (!containers.equals(t.containers()) || !b.healthStatus.equals(t.healthStatus())) {
                    tx.put(Keys.task(Arns.clusterName(t.clusterArn()), Arns.lastSegment(t.taskArn())), b.build());
                }
            }
            return null;
        });
    }

    static String taskHealth(List<Container> containers, TaskDefinition def) {
        Set<String> essential = def == null ? Set.of()
                : def.containers().stream().filter(ContainerDefinitionView::essential).map(ContainerDefinitionView::name).collect(Collectors.toSet());
        List<String> checked = containers.stream().filter(c -> essential.contains(c.name()) && c.healthStatus() != null)
                .map(Container::healthStatus).toList();
        if (checked.contains("UNHEALTHY")) return "UNHEALTHY";
        if (!checked.isEmpty() && checked.stream().allMatch("HEALTHY"::equals)) return "HEALTHY";
        return "UNKNOWN";
    }
}
