package io.berth.server.service;

import io.berth.model.Arns;
import io.berth.model.ecs.ServiceEvent;
import io.berth.scheduler.Placement;
import java.util.List;

/** Service events for tasks that could not be placed, in ECS's words. */
final class PlacementMessages {
    private PlacementMessages() {}

    /**
     * Whether {@code message} is already among the newest run of placement failures in
     * {@code events} (newest first), so a pass that fails the same way again adds nothing, also
     * when a DAEMON service fails on several instances each pass.
     */
    static boolean repeated(List<ServiceEvent> events, String message) {
        for (ServiceEvent e : events) {
            if (e.message().equals(message)) return true;
            if (!e.message().contains(") was unable to place a task")) return false;
        }
        return false;
    }

    static String unableToPlace(String service, List<Placement.Failure> failures) {
        String head = "(service " + service + ") was unable to place a task because no container instance met all of its requirements.";
        if (failures.isEmpty()) return head;
        Placement.Failure f = failures.get(0);
        if (f.arn() == null) return head + " Reason: " + f.reason();
        String closest = " The closest matching (container-instance " + Arns.lastSegment(f.arn()) + ")";
        String why = switch (f.reason()) {
            case "RESOURCE:MEMORY" -> " has insufficient memory available.";
            case "RESOURCE:CPU" -> " has insufficient CPU units available.";
            case "RESOURCE:PORTS" -> " is already using a port required by your task.";
            case "AGENT" -> " encountered error \"AGENT\".";
            case "MemberOf" -> " is missing an attribute required by your task.";
            default -> " was rejected: " + f.reason() + ".";
        };
        return head + closest + why + " For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.";
    }
}
