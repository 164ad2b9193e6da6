package io.berth.model.ecs;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A container of a task, as DescribeTasks shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Container(
        String containerArn,
        String taskArn,
        String name,
        String image,
        String imageDigest,
        String runtimeId,
        String lastStatus,
        Integer exitCode,
        String reason,
        List<NetworkBinding> networkBindings,
        String healthStatus,
        String cpu,
        String memory,
        String memoryReservation) {

    public Container {
        networkBindings = networkBindings == null ? List.of() : List.copyOf(networkBindings);
    }

    public Container withHealth(String health) {
        return new Container(containerArn, taskArn, name, image, imageDigest, runtimeId, lastStatus, exitCode, reason,
                networkBindings, health, cpu, memory, memoryReservation);
    }

    /** This container after the agent reported on it; absent members keep their values. */
    public Container reported(String status, String runtime, Integer exit, String why, List<NetworkBinding> bindings) {
        return new Container(containerArn, taskArn, name, image, imageDigest,
                runtime != null ? runtime : runtimeId,
                status != null ? status : lastStatus,
                exit != null ? exit : exitCode,
                why != null && !why.isEmpty() ? why : reason,
                bindings != null && !bindings.isEmpty() ? bindings : networkBindings,
                healthStatus, cpu, memory, memoryReservation);
    }
}
