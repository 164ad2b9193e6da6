package io.berth.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.model.TaskStatus;
import io.berth.model.ecs.Task;
import org.junit.jupiter.api.Test;

/** Scenarios for the service scheduler, checked against ECS's percentages after every step. */
class ServiceReconcilerTest {

    @Test
    void scalesUpToDesiredThenReportsSteadyStateOnce() {
        World w = new World().instance("a", 10).instance("b", 10).service("REPLICA", 4, 100, 200, false, false);
        w.settle(10);
        assertThat(w.running("td:1")).isEqualTo(4);
        assertThat(w.primary().rolloutState()).isEqualTo("COMPLETED");
        assertThat(w.events()).filteredOn(e -> e.endsWith("has reached a steady state.")).hasSize(1);
        w.settle(5);
        assertThat(w.events()).filteredOn(e -> e.endsWith("has reached a steady state.")).hasSize(1);
        w.scale(1).settle(10);
        assertThat(w.count(ServiceTasks::live)).isEqualTo(1);
        assertThat(w.events().get(0)).isEqualTo("(service web) has reached a steady state.");
    }

    @Test
    void rollingUpdate100200NeverDropsBelowDesired() {
        World w = new World().instance("a", 10).instance("b", 10).service("REPLICA", 4, 100, 200, false, false);
        w.settle(10);
        w.checkFloor = true;
        w.deploy("td:2").settle(20);
        assertThat(w.running("td:2")).isEqualTo(4);
        assertThat(w.running("td:1")).isZero();
        assertThat(w.minHealthySeen).isGreaterThanOrEqualTo(4);
        assertThat(w.maxOccupying).isLessThanOrEqualTo(8);
        assertThat(w.service.deployments()).hasSize(1);
        assertThat(w.primary().rolloutState()).isEqualTo("COMPLETED");
    }

    @Test
    void rollingUpdate50100OnAFullClusterStopsFirst() {
        // room for exactly 4 tasks: the update can only proceed by stopping old tasks first
        World w = new World().instance("a", 2).instance("b", 2).service("REPLICA", 4, 50, 100, false, false);
        w.settle(10);
        w.checkFloor = true;
        w.deploy("td:2").settle(20);
        assertThat(w.running("td:2")).isEqualTo(4);
        assertThat(w.minHealthySeen).isEqualTo(2);
        assertThat(w.maxOccupying).isEqualTo(4);
    }

    @Test
    void aDeploymentConfigurationThatAllowsNoMoveSaysSoOnce() {
        // 100/100: no old task may stop (floor 4) and no new one may start (ceiling 4)
        World w = new World().instance("a", 10).instance("b", 10).service("REPLICA", 4, 100, 100, false, false);
        w.settle(10);
        String stuck = "(service web) was unable to stop or start tasks during a deployment because of the service deployment configuration."
                + " Update the minimumHealthyPercent or maximumPercent value and try again.";
        assertThat(w.events()).doesNotContain(stuck);
        w.deploy("td:2").settle(10);
        assertThat(w.running("td:1")).isEqualTo(4);
        assertThat(w.running("td:2")).isZero();
        assertThat(w.events()).filteredOn(stuck::equals).hasSize(1);
    }

    @Test
    void theOldDeploymentsDesiredCountFollowsItsTasksDown() {
        World w = new World().instance("a", 2).instance("b", 2).service("REPLICA", 4, 50, 100, false, false);
        w.settle(10);
        w.deploy("td:2").step(); // full cluster, floor 2: two old tasks stop first
        assertThat(w.service.deployments()).filteredOn(d -> !d.primary()).singleElement()
                .satisfies(d -> assertThat(d.desiredCount()).isEqualTo(2));
        assertThat(w.primary().desiredCount()).isEqualTo(4);
    }

    @Test
    void aTaskThatDiesIsReplaced() {
        World w = new World().instance("a", 10).service("REPLICA", 2, 100, 200, false, false);
        w.settle(10);
        Task victim = w.tasks.values().stream().filter(ServiceTasks::live).findFirst().orElseThrow();
        Task.Builder b = victim.toBuilder();
        b.moveTo(TaskStatus.STOPPED);
        b.desiredStatus = "STOPPED";
        b.stopCode = "EssentialContainerExited";
        b.stoppedAt = w.now;
        w.tasks.put(victim.taskArn(), b.build());
        w.step();
        assertThat(w.count(ServiceTasks::live)).isEqualTo(2);
    }

    @Test
    void circuitBreakerTripsAndRollsBack() {
        World w = new World().instance("a", 20).service("REPLICA", 4, 100, 200, true, true);
        w.settle(10);
        w.failing.add("td:2");
        w.deploy("td:2");
        String failedId = w.primary().id();
        // failures back off exponentially; walk the clock forward until the breaker decides
        for (int i = 0; i < 400 && w.primary().id().equals(failedId); i++) w.step();
        assertThat(w.events()).anyMatch(e -> e.equals("(service web) (deployment " + failedId + ") deployment failed: tasks failed to start."));
        assertThat(w.primary().taskDefinition()).isEqualTo("td:1");
        assertThat(w.service.taskDefinition()).isEqualTo("td:1");
        long failures = w.count(t -> t.taskDefinitionArn().equals("td:2") && ServiceTasks.failedLaunch(t));
        assertThat(failures).isBetween((long) ServiceReconciler.threshold(4), (long) ServiceReconciler.threshold(4) + 4);
        w.settle(20);
        assertThat(w.running("td:1")).isEqualTo(4);
        assertThat(w.service.deployments()).hasSize(1);
    }

    @Test
    void tasksFailingHealthChecksTripTheBreakerAndRollBack() {
        World w = new World().instance("a", 20).service("REPLICA", 2, 100, 200, true, true);
        w.settle(10);
        w.checkFloor = true;
        w.unhealthy.add("td:2");
        w.deploy("td:2");
        String failedId = w.primary().id();
        for (int i = 0; i < 400 && w.primary().id().equals(failedId); i++) w.step();
        assertThat(w.events()).contains("(service web) (deployment " + failedId + ") deployment failed: tasks failed to start.");
        assertThat(w.primary().taskDefinition()).isEqualTo("td:1");
        long failures = w.count(t -> t.taskDefinitionArn().equals("td:2") && ServiceTasks.failedLaunch(t));
        assertThat(failures).isBetween((long) ServiceReconciler.threshold(2), (long) ServiceReconciler.threshold(2) + 2);
        w.settle(20);
        assertThat(w.running("td:1")).isEqualTo(2);
        assertThat(w.minHealthySeen).isGreaterThanOrEqualTo(2);
    }

    @Test
    void tasksThatFailHealthChecksAfterRunningAreNotThrottled() {
        // ECS's service-throttle-logic: only tasks that never reach RUNNING engage the throttle
        World w = new World().instance("a", 20).service("REPLICA", 1, 100, 200, false, false);
        w.unhealthy.add("td:1");
        for (int i = 0; i < 60; i++) w.step();
        assertThat(w.count(t -> true)).isGreaterThan(15);
        assertThat(w.events()).noneMatch(e -> e.endsWith(LaunchThrottle.MESSAGE));
    }

    @Test
    void unhealthyTasksAreLeftAloneDuringTheHealthCheckGracePeriod() {
        World w = new World().instance("a", 20).service("REPLICA", 1, 100, 200, false, false).gracePeriod(30);
        w.unhealthy.add("td:1");
        w.step(); // launched; RUNNING
        Task first = w.tasks.values().iterator().next();
        w.step(); // reported UNHEALTHY
        while (w.now.isBefore(first.createdAt().plusSeconds(29))) {
            assertThat(w.step().stops()).isEmpty();
        }
        for (int i = 0; i < 3; i++) w.step();
        assertThat(w.tasks.get(first.taskArn()).stoppedReason()).isEqualTo(ServiceTasks.HEALTH_FAILURE);
    }

    @Test
    void breakerRollsBackAfterTheOldTasksHaveDrained() {
        // 0/100: the old tasks go first, so the completed deployment leaves the list before the new one fails
        World w = new World().instance("a", 20).service("REPLICA", 2, 0, 100, true, true);
        w.settle(10);
        w.checkFloor = true;
        w.failing.add("td:2");
        w.deploy("td:2");
        String failedId = w.primary().id();
        for (int i = 0; i < 400 && w.primary().id().equals(failedId); i++) w.step();
        assertThat(w.primary().taskDefinition()).isEqualTo("td:1");
        assertThat(w.primary().rolloutStateReason()).isEqualTo("ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/1.");
        w.settle(20);
        assertThat(w.running("td:1")).isEqualTo(2);
        assertThat(w.primary().rolloutState()).isEqualTo("COMPLETED");
    }

    @Test
    void aRollbackThatFailsTooIsNotRolledBackAgain() {
        World w = new World().instance("a", 40).service("REPLICA", 2, 0, 100, true, true);
        w.settle(10);
        w.failing.add("td:1"); // td:1's image is gone now too
        w.failing.add("td:2");
        w.deploy("td:2");
        for (int i = 0; i < 600; i++) w.step();
        assertThat(w.primary().taskDefinition()).isEqualTo("td:1");
        assertThat(w.primary().rolloutState()).isEqualTo("FAILED");
        assertThat(w.events()).filteredOn(e -> e.contains("rolling back to deployment")).hasSize(1);
    }

    @Test
    void aFirstDeploymentThatFailsHasNothingToRollBackTo() {
        World w = new World().instance("a", 20).service("REPLICA", 2, 100, 200, true, true);
        w.failing.add("td:1");
        for (int i = 0; i < 300; i++) w.step();
        assertThat(w.service.deployments()).singleElement().satisfies(d -> assertThat(d.rolloutState()).isEqualTo("FAILED"));
    }

    @Test
    void breakerWithoutRollbackStopsLaunching() {
        World w = new World().instance("a", 20).service("REPLICA", 2, 100, 200, true, false);
        w.failing.add("td:1");
        for (int i = 0; i < 300; i++) w.step();
        assertThat(w.primary().rolloutState()).isEqualTo("FAILED");
        long launched = w.count(t -> true);
        for (int i = 0; i < 50; i++) w.step();
        assertThat(w.count(t -> true)).isEqualTo(launched);
    }

    @Test
    void failingTasksAreRelaunchedWithBackoff() {
        World w = new World().instance("a", 20).service("REPLICA", 1, 100, 200, false, false);
        w.failing.add("td:1");
        for (int i = 0; i < 60; i++) w.step();
        // without backoff a launch every second would make ~60 tasks; exponential backoff from 10 s allows a handful
        assertThat(w.count(t -> true)).isBetween(3L, 6L);
        assertThat(w.events()).contains("(service web) is unable to consistently start tasks successfully.");
        assertThat(w.events()).filteredOn(e -> e.endsWith(LaunchThrottle.MESSAGE)).hasSizeLessThanOrEqualTo((int) w.count(t -> true));
    }

    @Test
    void daemonRunsOneTaskPerActiveInstanceIncludingNewOnesAndLeavesDrainingOnes() {
        World w = new World().instance("a", 5).instance("b", 5).service("DAEMON", 0, 0, 100, false, false);
        w.settle(10);
        assertThat(w.count(ServiceTasks::live)).isEqualTo(2);
        w.instance("c", 5).settle(10);
        assertThat(w.count(ServiceTasks::live)).isEqualTo(3);
        assertThat(w.service.desiredCount()).isEqualTo(3);
        w.setInstanceStatus("a", "DRAINING").settle(10);
        assertThat(w.count(ServiceTasks::live)).isEqualTo(2);
        assertThat(w.tasks.values().stream().filter(ServiceTasks::live).map(Task::containerInstanceArn)).noneMatch(a -> a.endsWith("/a"));
        w.deploy("td:2").settle(20);
        assertThat(w.running("td:2")).isEqualTo(2);
        assertThat(w.running("td:1")).isZero();
    }

    @Test
    void drainingMovesReplicaTasksWhileKeepingTheFloor() {
        World w = new World().instance("a", 4).instance("b", 4).service("REPLICA", 4, 50, 200, false, false);
        w.settle(10);
        w.checkFloor = true;
        w.setInstanceStatus("a", "DRAINING").settle(20);
        assertThat(w.count(ServiceTasks::live)).isEqualTo(4);
        assertThat(w.tasks.values().stream().filter(ServiceTasks::live).map(Task::containerInstanceArn)).allMatch(a -> a.endsWith("/b"));
        assertThat(w.minHealthySeen).isGreaterThanOrEqualTo(2);
    }

    @Test
    void protectedTasksSurviveScaleIn() {
        World w = new World().instance("a", 10).service("REPLICA", 3, 100, 200, false, false);
        w.settle(10);
        w.tasks.values().stream().filter(ServiceTasks::live).forEach(t -> w.protectedTasks.add(t.taskArn()));
        w.scale(1).settle(10);
        assertThat(w.count(ServiceTasks::live)).isEqualTo(3);
        w.protectedTasks.clear();
        w.settle(10);
        assertThat(w.count(ServiceTasks::live)).isEqualTo(1);
    }

    @Test
    void scaleInKeepsTheZonesBalanced() {
        World w = new World().instance("a1", 3, "us-east-1a").instance("a2", 3, "us-east-1a").instance("b1", 6, "us-east-1b")
                .service("REPLICA", 6, 100, 200, false, false);
        w.settle(10); // the world's placer fills a1, a2 (zone a) before b1
        assertThat(w.count(t -> ServiceTasks.live(t) && t.containerInstanceArn().endsWith("/b1"))).isZero();
        w.scale(2).settle(10);
        var left = w.tasks.values().stream().filter(ServiceTasks::live).map(Task::containerInstanceArn).toList();
        assertThat(left).hasSize(2).anyMatch(a -> a.endsWith("/a1")).anyMatch(a -> a.endsWith("/a2"));
    }

    @Test
    void binpackScaleInEmptiesTheLeastPackedInstance() {
        World w = new World().instance("a", 2).instance("b", 2).service("REPLICA", 2, 100, 200, false, false)
                .placementStrategy("[{\"type\":\"binpack\",\"field\":\"cpu\"}]");
        w.otherCpu.put(w.instances.get(1).containerInstanceArn(), 500); // b is busier with other work
        w.settle(10);             // a: 2 (older)
        w.scale(4).settle(10);    // b: 2 (newer)
        w.scale(2).settle(10);
        // a has the most CPU free afterwards: both of its tasks go, though b's are the newer ones
        assertThat(w.tasks.values().stream().filter(ServiceTasks::live).map(Task::containerInstanceArn)).hasSize(2).allMatch(a -> a.endsWith("/b"));
        Task kept = w.tasks.values().stream().filter(ServiceTasks::live).findFirst().orElseThrow();
        w.protectedTasks.add(kept.taskArn());
        w.scale(0).settle(10);
        assertThat(w.tasks.values().stream().filter(ServiceTasks::live)).singleElement().satisfies(t -> assertThat(t.taskArn()).isEqualTo(kept.taskArn()));
    }

    @Test
    void spreadByZoneAloneScaleInIgnoresTheInstances() {
        World w = new World().instance("a1", 3, "us-east-1a").service("REPLICA", 3, 100, 200, false, false)
                .placementStrategy("[{\"type\":\"spread\",\"field\":\"attribute:ecs.availability-zone\"}]");
        w.settle(10);                                          // a1: 3
        w.instance("a2", 1, "us-east-1a").scale(4).settle(10); // a2: 1 (newer)
        w.instance("b1", 4, "us-east-1b").scale(8).settle(10); // b1: 4 (newest)
        w.scale(6).settle(10);
        // one from each zone, the newest in each: b1's and a2's (the default would also balance instances, keeping a2's)
        var left = w.tasks.values().stream().filter(ServiceTasks::live).map(Task::containerInstanceArn).toList();
        assertThat(left).filteredOn(a -> a.endsWith("/a2")).isEmpty();
        assertThat(left).filteredOn(a -> a.endsWith("/a1")).hasSize(3);
        assertThat(left).filteredOn(a -> a.endsWith("/b1")).hasSize(3);
    }

    @Test
    void thresholdIsHalfTheDesiredCountClamped() {
        assertThat(ServiceReconciler.threshold(1)).isEqualTo(3);
        assertThat(ServiceReconciler.threshold(10)).isEqualTo(5);
        assertThat(ServiceReconciler.threshold(11)).isEqualTo(6);
        assertThat(ServiceReconciler.threshold(1000)).isEqualTo(200);
    }

    @Test
    void deploymentIdsLookLikeEcs() {
        assertThat(ServiceReconciler.newDeploymentId()).matches("ecs-svc/\\d{19}");
    }
}
