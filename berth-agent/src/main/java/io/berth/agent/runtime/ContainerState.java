package io.berth.agent.runtime;

import java.util.List;
import java.util.Map;

/**
 * A container as the runtime sees it now.
 *
 * @param exitCode set once the container has run and exited; null while running or never started
 * @param health the health check's current verdict; null when the container has no health check
 */
public record ContainerState(
        String id,
        String name,
        Map<String, String> labels,
        boolean running,
        boolean everStarted,
        Integer exitCode,
        boolean oomKilled,
        String error,
        List<NetworkBinding> bindings,
        HealthStatus health) {

    public ContainerState {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        bindings = bindings == null ? List.of() : List.copyOf(bindings);
    }

    /** A container without a health check. */
    public ContainerState(String id, String name, Map<String, String> labels, boolean running, boolean everStarted,
            Integer exitCode, boolean oomKilled, String error, List<NetworkBinding> bindings) {
        this(id, name, labels, running, everStarted, exitCode, oomKilled, error, bindings, null);
    }
}
