package io.berth.server.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.model.Arns;
import io.berth.model.TaskStatus;
import io.berth.model.ecs.Cluster;
import io.berth.model.ecs.Deployment;
import io.berth.model.ecs.Service;
import io.berth.model.ecs.ServiceDeploymentRecord;
import io.berth.model.ecs.ServiceRevisionRecord;
import io.berth.model.ecs.Task;
import io.berth.server.ecs.EcsContext;
import io.berth.server.ecs.Lookup;
import io.berth.server.ecs.Ops;
import io.berth.server.state.Keys;
import io.berth.server.state.State;
import io.berth.wire.AwsException;
import io.berth.wire.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** DescribeServiceDeployments, ListServiceDeployments, DescribeServiceRevisions, StopServiceDeployment. */
public final class DeploymentOps implements Ops {
    private final EcsContext ctx;

    public DeploymentOps(EcsContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void register(Map<String, Op> ops) {
        ops.put("DescribeServiceDeployments", (in, r) -> describeDeployments(in));
        ops.put("ListServiceDeployments", (in, r) -> listDeployments(in));
        ops.put("DescribeServiceRevisions", (in, r) -> describeRevisions(in));
        ops.put("StopServiceDeployment", (in, r) -> stop(in));
    }

    /** cluster/service/id from a service-deployment or service-revision ARN. */
    private static Optional<String[]> parts(String arn, String type) {
        return Arns.resource(arn, type).map(r -> r.split("/")).filter(p -> p.length == 3);
    }

    private ObjectNode describeDeployments(JsonNode in) {
        ObjectNode out = Json.object();
        ArrayNode found = out.putArray("serviceDeployments");
        ArrayNode failures = out.putArray("failures");
        for (JsonNode a : in.path("serviceDeploymentArns")) {
            String arn = a.asText();
            var r = parts(arn, "service-deployment").flatMap(p -> ctx.state().get(Keys.serviceDeployment(p[0], p[1], p[2]), ServiceDeploymentRecord.class));
            if (r.isPresent()) found.add(view(r.get()));
            else failures.add(Json.object().put("arn", arn).put("reason", "MISSING"));
        }
        return out;
    }

    private ObjectNode listDeployments(JsonNode in) {
        State st = ctx.state();
        Cluster cluster = Lookup.cluster(st, in.path("cluster").asText("default"));
        String ref = in.path("service").asText();
        Service svc = ServiceOps.find(st, cluster, ref);
        List<String> statuses = new ArrayList<>();
        in.path("status").forEach(s -> statuses.add(s.asText()));
        Instant before = in.path("createdAt").has("before") ? Json.convert(in.path("createdAt").get("before"), Instant.class) : null;
        Instant after = in.path("createdAt").has("after") ? Json.convert(in.path("createdAt").get("after"), Instant.class) : null;
        List<ServiceDeploymentRecord> all = new ArrayList<>(st.range(Keys.SERVICE_DEPLOYMENTS + cluster.clusterName() + "/" + svc.serviceName() + "/",
                ServiceDeploymentRecord.class));
        all.removeIf(r -> (!statuses.isEmpty() && !statuses.contains(r.status())) || (before != null && !r.createdAt().isBefore(before))
                || (after != null && !r.createdAt().isAfter(after)));
        all.sort(Comparator.comparing(ServiceDeploymentRecord::createdAt).reversed().thenComparing(ServiceDeploymentRecord::serviceDeploymentArn));
        int max = in.path("maxResults").asInt(20);
        if (max < 1 || max > 100) throw AwsException.invalidParameter("maxResults must be between 1 and 100.");
        int start = 0;
        if (in.hasNonNull("nextToken")) {
            String last = new String(java.util.Base64.getUrlDecoder().decode(in.get("nextToken").asText()), java.nio.charset.StandardCharsets.UTF_8);
            for (int i = 0; i < all.size(); i++) if (all.get(i).serviceDeploymentArn().equals(last)) start = i + 1;
        }
        int end = Math.min(all.size(), start + max);
        ObjectNode out = Json.object();
        ArrayNode briefs = out.putArray("serviceDeployments");
        for (ServiceDeploymentRecord r : all.subList(start, end)) {
            ObjectNode b = briefs.addObject().put("serviceDeploymentArn", r.serviceDeploymentArn()).put("serviceArn", r.serviceArn())
                    .put("clusterArn", r.clusterArn()).put("targetServiceRevisionArn", r.targetRevisionArn()).put("status", r.status());
            b.set("createdAt", Json.tree(r.createdAt()));
            b.set("startedAt", Json.tree(r.startedAt()));
            if (r.finishedAt() != null) b.set("finishedAt", Json.tree(r.finishedAt()));
            if (r.statusReason() != null) b.put("statusReason", r.statusReason());
        }
        if (end < all.size()) {
            out.put("nextToken", java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                    all.get(end - 1).serviceDeploymentArn().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return out;
    }

    private ObjectNode describeRevisions(JsonNode in) {
        ObjectNode out = Json.object();
        ArrayNode found = out.putArray("serviceRevisions");
        ArrayNode failures = out.putArray("failures");
        for (JsonNode a : in.path("serviceRevisionArns")) {
            String arn = a.asText();
            var r = parts(arn, "service-revision").flatMap(p -> ctx.state().get(Keys.serviceRevision(p[0], p[1], p[2]), ServiceRevisionRecord.class));
            if (r.isEmpty()) {
                failures.add(Json.object().put("arn", arn).put("reason", "MISSING"));
                continue;
            }
            ObjectNode o = (ObjectNode) Json.tree(r.get());
            o.putArray("loadBalancers");
            o.putArray("serviceRegistries");
            found.add(o);
        }
        return out;
    }

    private ObjectNode stop(JsonNode in) {
        String arn = in.path("serviceDeploymentArn").asText();
        String type = in.path("stopType").asText("ROLLBACK");
        if (!"ROLLBACK".equals(type)) {
            throw new AwsException("UnsupportedFeatureException", "Berth stops service deployments by rolling back (stopType ROLLBACK); ABORT is not supported yet.");
        }
        String[] p = parts(arn, "service-deployment").orElseThrow(() -> AwsException.invalidParameter("Not a service deployment ARN: " + arn));
        Instant now = ctx.clock().instant();
        ctx.committer().write(tx -> {
            ServiceDeploymentRecord r = tx.state().get(Keys.serviceDeployment(p[0], p[1], p[2]), ServiceDeploymentRecord.class)
                    .orElseThrow(() -> new AwsException("ServiceDeploymentNotFoundException", "The service deployment does not exist."));
            Service svc = tx.state().get(Keys.service(p[0], p[1]), Service.class).orElseThrow();
            Deployment primary = svc.primary().orElse(null);
            if (primary == null || !primary.id().equals(r.deploymentId()) || !"IN_PROGRESS".equals(primary.rolloutState())) {
                throw new AwsException("ConflictException", "Only the service's deployment that is in progress can be stopped; this one is " + r.status() + ".");
            }
            if (r.sourceRevisions().isEmpty()) {
                throw new AwsException("ConflictException", "The deployment has no earlier revision to roll back to.");
            }
            String[] src = parts(r.sourceRevisions().get(0), "service-revision").orElseThrow();
            ServiceRevisionRecord source = tx.state().get(Keys.serviceRevision(src[0], src[1], src[2]), ServiceRevisionRecord.class).orElseThrow();
            String reason = "Service deployment stopped: rolling back to " + source.serviceRevisionArn() + ".";
            Service.Builder b = svc.toBuilder();
            List<Deployment> ds = new ArrayList<>();
            ds.add(Deployment.start(ServiceReconciler.newDeploymentId(), source.taskDefinition(), svc.desiredCount(), primary.launchType(), reason, now));
            for (Deployment d : svc.deployments()) ds.add(d.id().equals(primary.id()) ? d.withRollout("FAILED", reason, now).withStatus("ACTIVE", now) : d);
            b.deployments = ds;
            b.taskDefinition = source.taskDefinition();
            Service next = b.build();
            tx.put(Keys.service(p[0], p[1]), next);
            DeploymentHistory.sync(tx, svc, next, now);
            return null;
        });
        return Json.object().put("serviceDeploymentArn", arn);
    }

    private ObjectNode view(ServiceDeploymentRecord r) {
        ObjectNode o = Json.object();
        o.put("serviceDeploymentArn", r.serviceDeploymentArn()).put("serviceArn", r.serviceArn()).put("clusterArn", r.clusterArn());
        for (var e : Map.of("createdAt", Optional.ofNullable(r.createdAt()), "startedAt", Optional.ofNullable(r.startedAt()),
                "finishedAt", Optional.ofNullable(r.finishedAt()), "stoppedAt", Optional.ofNullable(r.stoppedAt()),
                "updatedAt", Optional.ofNullable(r.updatedAt())).entrySet()) {
            e.getValue().ifPresent(t -> o.set(e.getKey(), Json.tree(t)));
        }
        String[] p = parts(r.serviceDeploymentArn(), "service-deployment").orElseThrow();
        List<Task> tasks = ctx.state().range(Keys.tasksOf(p[0]), Task.class).stream().filter(t -> ("service:" + p[1]).equals(t.group())).toList();
        ArrayNode sources = o.putArray("sourceServiceRevisions");
        for (String src : r.sourceRevisions()) sources.add(summary(src, tasks, 0));
        Service svc = ctx.state().get(Keys.service(p[0], p[1]), Service.class).orElse(null);
        int requested = svc == null ? 0 : svc.desiredCount();
        o.set("targetServiceRevision", summary(r.targetRevisionArn(), tasks, requested));
        o.put("status", r.status());
        if (r.statusReason() != null) o.put("statusReason", r.statusReason());
        if (r.deploymentConfiguration() != null) o.set("deploymentConfiguration", r.deploymentConfiguration());
        if (r.rollbackReason() != null) {
            ObjectNode rb = o.putObject("rollback").put("reason", r.rollbackReason()).put("serviceRevisionArn", r.rollbackRevisionArn());
            rb.set("startedAt", Json.tree(r.rollbackStartedAt()));
        }
        boolean breaker = r.deploymentConfiguration() != null && r.deploymentConfiguration().path("deploymentCircuitBreaker").path("enable").asBoolean();
        long failures = tasks.stream().filter(t -> r.deploymentId().equals(t.startedBy()) && ServiceTasks.failedLaunch(t)).count();
        ObjectNode cb = o.putObject("deploymentCircuitBreaker");
        cb.put("status", !breaker ? "DISABLED" : r.rollbackReason() != null ? "TRIGGERED" : "IN_PROGRESS".equals(r.status()) ? "MONITORING" : "MONITORING_COMPLETE");
        cb.put("failureCount", failures).put("threshold", ServiceReconciler.threshold(requested));
        return o;
    }

    /** A revision with the counts of the tasks its deployment started. */
    private static ObjectNode summary(String revisionArn, List<Task> tasks, int requested) {
        String id = revisionArn.substring(revisionArn.lastIndexOf('/') + 1);
        String deploymentId = "ecs-svc/" + id;
        ObjectNode s = Json.object().put("arn", revisionArn).put("requestedTaskCount", requested);
        s.put("runningTaskCount", tasks.stream().filter(t -> deploymentId.equals(t.startedBy()) && ServiceTasks.live(t) && t.last() == TaskStatus.RUNNING).count());
        s.put("pendingTaskCount", tasks.stream().filter(t -> deploymentId.equals(t.startedBy()) && ServiceTasks.live(t) && t.last().compareTo(TaskStatus.RUNNING) < 0).count());
        return s;
    }
}
