package io.berth.server.service;

import io.berth.model.Arns;
import io.berth.model.ecs.ContainerDefinitionView;
import io.berth.model.ecs.Deployment;
import io.berth.model.ecs.Service;
import io.berth.model.ecs.ServiceDeploymentRecord;
import io.berth.model.ecs.ServiceRevisionRecord;
import io.berth.model.ecs.TaskDefinition;
import io.berth.server.state.Keys;
import io.berth.server.state.State;
import io.berth.server.state.Tx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Keeps the service deployment and revision records in step with a service's deployments: a new
 * deployment gets a revision and an IN_PROGRESS record; a completed one becomes SUCCESSFUL; one
 * the circuit breaker failed becomes ROLLBACK_IN_PROGRESS (then ROLLBACK_SUCCESSFUL when its
 * rollback completes) or STOPPED; one replaced before it finished becomes STOPPED.
 */
final class DeploymentHistory {
    private DeploymentHistory() {}

    static String numericId(String deploymentId) {
        return deploymentId.substring(deploymentId.indexOf('/') + 1);
    }

    static String deploymentArn(Service s, String deploymentId) {
        String prefix = s.serviceArn().substring(0, s.serviceArn().indexOf(":service/"));
        return prefix + ":service-deployment/" + Arns.clusterName(s.clusterArn()) + "/" + s.serviceName() + "/" + numericId(deploymentId);
    }

    static String revisionArn(Service s, String deploymentId) {
        String prefix = s.serviceArn().substring(0, s.serviceArn().indexOf(":service/"));
        return prefix + ":service-revision/" + Arns.clusterName(s.clusterArn()) + "/" + s.serviceName() + "/" + numericId(deploymentId);
    }

    /** The service's newest deployment that completed (SUCCESSFUL in its history), or null. */
    static ServiceReconciler.Completed lastCompleted(State st, Service svc) {
        String cluster = Arns.clusterName(svc.clusterArn());
        ServiceDeploymentRecord newest = null;
        for (ServiceDeploymentRecord r : st.range(Keys.SERVICE_DEPLOYMENTS + cluster + "/" + svc.serviceName() + "/", ServiceDeploymentRecord.class)) {
            // a service re-created under the same name does not inherit the old one's history
            if (!"SUCCESSFUL".equals(r.status()) || r.finishedAt() == null || r.createdAt().isBefore(svc.createdAt())) continue;
            if (newest == null || r.finishedAt().isAfter(newest.finishedAt())) newest = r;
        }
        if (newest == null) return null;
        String id = newest.deploymentId();
        return st.get(Keys.serviceRevision(cluster, svc.serviceName(), numericId(id)), ServiceRevisionRecord.class)
                .map(rev -> new ServiceReconciler.Completed(id, rev.taskDefinition())).orElse(null);
    }

    /** Writes what changed between {@code before} (null for a new service) and {@code after}. */
    static void sync(Tx tx, Service before, Service after, Instant now) {
        String cluster = Arns.clusterName(after.clusterArn());
        List<Deployment> old = before == null ? List.of() : before.deployments();
        for (Deployment d : after.deployments()) {
            Deployment prev = old.stream().filter(o -> o.id().equals(d.id())).findFirst().orElse(null);
            String key = Keys.serviceDeployment(cluster, after.serviceName(), numericId(d.id()));
            if (prev == null) {
                TaskDefinition def = tx.state().taskDefinitionByArn(d.taskDefinition()).orElse(null);
                List<ServiceRevisionRecord.ContainerImage> images = new ArrayList<>();
                if (def != null) for (ContainerDefinitionView c : def.containers()) images.add(new ServiceRevisionRecord.ContainerImage(c.name(), c.image()));
                tx.put(Keys.serviceRevision(cluster, after.serviceName(), numericId(d.id())), new ServiceRevisionRecord(revisionArn(after, d.id()),
                        after.serviceArn(), after.clusterArn(), d.taskDefinition(), d.launchType(), images, now));
                List<String> sources = old.stream().filter(o -> !o.id().equals(d.id())).map(o -> revisionArn(after, o.id())).toList();
                tx.put(key, new ServiceDeploymentRecord(deploymentArn(after, d.id()), after.serviceArn(), after.clusterArn(), d.id(),
                        revisionArn(after, d.id()), sources, now, now, null, null, now, "IN_PROGRESS", null,
                        after.deploymentConfiguration(), null, null, null));
                continue;
            }
            if (Objects.equals(prev.rolloutState(), d.rolloutState())) continue;
            ServiceDeploymentRecord r = tx.state().get(key, ServiceDeploymentRecord.class).orElse(null);
            if (r == null) continue;
            if ("COMPLETED".equals(d.rolloutState())) {
                tx.put(key, r.withStatus("SUCCESSFUL", d.rolloutStateReason(), now, true));
                // a completed rollback settles the deployment it rolled back from
                for (ServiceDeploymentRecord other : tx.state().range(Keys.SERVICE_DEPLOYMENTS + cluster + "/" + after.serviceName() + "/", ServiceDeploymentRecord.class)) {
                    if ("ROLLBACK_IN_PROGRESS".equals(other.status()) && revisionArn(after, d.id()).equals(other.rollbackRevisionArn())) {
                        tx.put(Keys.serviceDeployment(cluster, after.serviceName(), numericId(other.deploymentId())),
                                other.withStatus("ROLLBACK_SUCCESSFUL", other.statusReason(), now, true));
                    }
                }
            } else if ("FAILED".equals(d.rolloutState())) {
                Deployment rollback = after.primary().filter(p -> !p.id().equals(d.id())).orElse(null);
                if (rollback != null) {
                    tx.put(key, r.withStatus("ROLLBACK_IN_PROGRESS", d.rolloutStateReason(), now, false)
                            .withRollback(d.rolloutStateReason(), now, revisionArn(after, rollback.id())));
                } else {
                    tx.put(key, r.withStatus("STOPPED", d.rolloutStateReason(), now, true));
                }
            }
        }
        // deployments that left the list before finishing were superseded
        for (Deployment d : old) {
            if (after.deployments().stream().anyMatch(x -> x.id().equals(d.id())) || !"IN_PROGRESS".equals(d.rolloutState())) continue;
            String key = Keys.serviceDeployment(cluster, after.serviceName(), numericId(d.id()));
            tx.state().get(key, ServiceDeploymentRecord.class).filter(r -> "IN_PROGRESS".equals(r.status()))
                    .ifPresent(r -> tx.put(key, r.withStatus("STOPPED", "Superseded by a newer deployment.", now, true)));
        }
    }
}
