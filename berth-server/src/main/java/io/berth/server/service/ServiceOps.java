package io.berth.server.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.model.Arns;
import io.berth.model.TaskStatus;
import io.berth.model.ecs.Cluster;
import io.berth.model.ecs.Deployment;
import io.berth.model.ecs.Service;
import io.berth.model.ecs.Task;
import io.berth.model.ecs.TaskDefinition;
import io.berth.server.ecs.EcsContext;
import io.berth.server.ecs.Ops;
import io.berth.server.ecs.Paging;
import io.berth.server.ecs.Lookup;
import io.berth.server.state.Keys;
import io.berth.server.state.State;
import io.berth.wire.AwsException;
import io.berth.wire.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** CreateService, UpdateService, DeleteService, DescribeServices, ListServices, ListServicesByNamespace. */
public final class ServiceOps implements Ops {
    private static final String NAME = "[a-zA-Z0-9_-]{1,255}";
    private static final String IN_PROGRESS = "ECS deployment in progress.";
    private final EcsContext ctx;

    public ServiceOps(EcsContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void register(Map<String, Op> ops) {
        ops.put("CreateService", (in, r) -> Json.object().set("service", view(create(in), Set.of("TAGS"))));
        ops.put("UpdateService", (in, r) -> Json.object().set("service", view(update(in), Set.of())));
        ops.put("DeleteService", (in, r) -> Json.object().set("service", view(delete(in), Set.of())));
        ops.put("DescribeServices", (in, r) -> describe(in));
        ops.put("ListServices", (in, r) -> list(in));
        ops.put("ListServicesByNamespace", (in, r) -> {
            if (in.path("namespace").asText("").isEmpty()) throw AwsException.invalidParameter("namespace must not be empty.");
            // Service Connect namespaces (Cloud Map) are not part of Berth yet, so no service is in one.
            return Json.object().set("serviceArns", Json.MAPPER.createArrayNode());
        });
    }

    private static void checkConfiguration(JsonNode dc, boolean daemon) {
        if (dc == null || dc.isNull()) return;
        if (dc.has("minimumHealthyPercent")) {
            int min = dc.get("minimumHealthyPercent").asInt();
            if (min < 0 || min > 100) throw AwsException.invalidParameter("minimumHealthyPercent must be between 0 and 100.");
        }
        if (dc.has("maximumPercent")) {
            int max = dc.get("maximumPercent").asInt();
            if (daemon && max != 100) throw AwsException.invalidParameter("The maximumPercent of a DAEMON service must be 100.");
            if (!daemon && max < 100) throw AwsException.invalidParameter("maximumPercent must be at least 100.");
        }
        if (dc.has("strategy") && !"ROLLING".equals(dc.path("strategy").asText("ROLLING"))) {
            throw new AwsException("UnsupportedFeatureException", "Only the ROLLING deployment strategy is supported by Berth yet.");
        }
    }

    private static void checkUnsupported(JsonNode in) {
        if (!in.path("loadBalancers").isEmpty()) {
            throw new AwsException("UnsupportedFeatureException", "Load balancers for services are not supported by Berth yet.");
        }
        if (!in.path("serviceRegistries").isEmpty() || in.has("serviceConnectConfiguration")) {
            throw new AwsException("UnsupportedFeatureException", "Service discovery and Service Connect are not supported by Berth yet.");
        }
        if (!in.path("capacityProviderStrategy").isEmpty()) {
            throw new AwsException("UnsupportedFeatureException", "Capacity provider strategies are not supported by Berth yet; use launchType EC2.");
        }
        String controller = in.path("deploymentController").path("type").asText("ECS");
        if (!"ECS".equals(controller)) {
            throw new AwsException("UnsupportedFeatureException", "Only the ECS deployment controller is supported by Berth yet.");
        }
        String lt = in.path("launchType").asText("EC2");
        if (!"EC2".equals(lt)) throw AwsException.invalidParameter("Berth's container instances are EC2 instances; launchType " + lt + " has none. Use EC2.");
    }

    private static TaskDefinition runnable(State st, String ref) {
        TaskDefinition def = Lookup.taskDefinition(st, ref);
        if (!def.isActive()) throw AwsException.client("TaskDefinition is inactive: " + def.arn() + ".");
        if ("awsvpc".equals(def.networkMode())) {
            throw AwsException.invalidParameter("Services with networkMode awsvpc cannot run on Berth yet; use bridge or host.");
        }
        return def;
    }

    private Service create(JsonNode in) {
        String name = in.path("serviceName").asText("");
        if (!name.matches(NAME)) throw AwsException.invalidParameter("Service name may contain only letters, numbers, hyphens and underscores, up to 255 characters.");
        String strategy = in.path("schedulingStrategy").asText("REPLICA");
        boolean daemon = "DAEMON".equals(strategy);
        if (!daemon && !in.hasNonNull("desiredCount")) throw AwsException.invalidParameter("desiredCount is required for a REPLICA service.");
        int desired = in.path("desiredCount").asInt(0);
        if (desired < 0) throw AwsException.invalidParameter("desiredCount must not be negative.");
        if (daemon && !in.path("placementStrategy").isEmpty()) throw AwsException.invalidParameter("Placement strategies are not supported with the DAEMON scheduling strategy.");
        if (!in.hasNonNull("taskDefinition")) throw AwsException.invalidParameter("taskDefinition is required.");
        checkConfiguration(in.get("deploymentConfiguration"), daemon);
        checkUnsupported(in);
        var tags = Lookup.tags(in.path("tags"));
        Instant now = ctx.clock().instant();
        return ctx.committer().write(tx -> {
            State st = tx.state();
            Cluster cluster = Lookup.cluster(st, in.path("cluster").asText("default"));
            TaskDefinition def = runnable(st, in.get("taskDefinition").asText());
            ServicePlacement.check(in.get("placementConstraints"), in.get("placementStrategy"), def);
            var existing = st.get(Keys.service(cluster.clusterName(), name), Service.class);
            if (existing.isPresent() && !"INACTIVE".equals(existing.get().status())) {
                String token = in.path("clientToken").asText(null);
                if (token != null && token.equals(existing.get().clientToken())) return existing.get();
                throw AwsException.invalidParameter("Creation of service was not idempotent.");
            }
            Deployment d = Deployment.start(ServiceReconciler.newDeploymentId(), def.arn(), desired, "EC2", IN_PROGRESS, now);
            Service.Builder b = new Service.Builder();
            b.serviceArn = ctx.arns().service(cluster.clusterName(), name);
            b.serviceName = name;
            b.clusterArn = cluster.clusterArn();
            b.status = "ACTIVE";
            b.desiredCount = desired;
            b.launchType = "EC2";
            b.schedulingStrategy = strategy;
            b.taskDefinition = def.arn();
            b.deploymentConfiguration = defaults(in.get("deploymentConfiguration"), daemon);
            b.deployments = List.of(d);
            b.events = List.of();
            b.placementConstraints = in.has("placementConstraints") ? in.get("placementConstraints") : Json.MAPPER.createArrayNode();
            b.placementStrategy = in.has("placementStrategy") ? in.get("placementStrategy") : Json.MAPPER.createArrayNode();
            b.loadBalancers = Json.MAPPER.createArrayNode();
            b.healthCheckGracePeriodSeconds = in.hasNonNull("healthCheckGracePeriodSeconds") ? in.get("healthCheckGracePeriodSeconds").asInt() : null;
            b.createdAt = now;
            b.createdBy = "arn:aws:iam::" + ctx.arns().account() + ":root";
            b.tags = tags;
            b.enableECSManagedTags = in.path("enableECSManagedTags").asBoolean(false);
            b.propagateTags = in.path("propagateTags").asText("NONE");
            b.enableExecuteCommand = in.path("enableExecuteCommand").asBoolean(false);
            b.clientToken = in.path("clientToken").asText(null);
            Service s = b.build();
            tx.put(Keys.service(cluster.clusterName(), name), s);
            DeploymentHistory.sync(tx, null, s, now);
            return s;
        });
    }

    /** The deployment configuration with ECS's defaults filled in. */
    private static JsonNode defaults(JsonNode given, boolean daemon) {
        ObjectNode dc = given instanceof ObjectNode o ? o.deepCopy() : Json.object();
        if (!dc.has("maximumPercent")) dc.put("maximumPercent", daemon ? 100 : 200);
        if (!dc.has("minimumHealthyPercent")) dc.put("minimumHealthyPercent", daemon ? 0 : 100);
        if (!dc.has("deploymentCircuitBreaker")) dc.set("deploymentCircuitBreaker", Json.object().put("enable", false).put("rollback", false));
        return dc;
    }

    private Service update(JsonNode in) {
        String ref = in.path("service").asText();
        Instant now = ctx.clock().instant();
        checkUnsupported(in);
        return ctx.committer().write(tx -> {
            State st = tx.state();
            Cluster cluster = Lookup.cluster(st, in.path("cluster").asText("default"));
            Service svc = find(st, cluster, ref);
            if (!"ACTIVE".equals(svc.status())) throw new AwsException("ServiceNotActiveException", "Service was not ACTIVE.");
            Service.Builder b = svc.toBuilder();
            if (in.hasNonNull("desiredCount")) {
                if (in.get("desiredCount").asInt() < 0) throw AwsException.invalidParameter("desiredCount must not be negative.");
                if (!svc.daemon()) b.desiredCount = in.get("desiredCount").asInt();
            }
            if (in.has("deploymentConfiguration")) {
                checkConfiguration(in.get("deploymentConfiguration"), svc.daemon());
                ObjectNode merged = ((ObjectNode) svc.deploymentConfiguration()).deepCopy();
                in.get("deploymentConfiguration").fields().forEachRemaining(e -> merged.set(e.getKey(), e.getValue()));
                b.deploymentConfiguration = merged;
            }
            if (in.has("placementConstraints")) b.placementConstraints = in.get("placementConstraints");
            if (in.has("placementStrategy")) b.placementStrategy = in.get("placementStrategy");
            if (in.has("enableExecuteCommand")) b.enableExecuteCommand = in.get("enableExecuteCommand").asBoolean();
            if (in.has("healthCheckGracePeriodSeconds")) b.healthCheckGracePeriodSeconds = in.get("healthCheckGracePeriodSeconds").asInt();
            String td = svc.taskDefinition();
            if (in.hasNonNull("taskDefinition")) td = runnable(st, in.get("taskDefinition").asText()).arn();
            ServicePlacement.check(b.placementConstraints, b.placementStrategy, Lookup.taskDefinition(st, td));
            boolean newDeployment = !td.equals(svc.taskDefinition()) || in.path("forceNewDeployment").asBoolean(false);
            List<Deployment> deployments = new ArrayList<>();
            for (Deployment d : svc.deployments()) {
                deployments.add(d.primary() ? (newDeployment ? d.withStatus("ACTIVE", now) : d.withDesired(b.desiredCount, now)) : d);
            }
            if (newDeployment) {
                deployments.add(0, Deployment.start(ServiceReconciler.newDeploymentId(), td, b.desiredCount, "EC2", IN_PROGRESS, now));
                b.taskDefinition = td;
            }
            b.deployments = deployments;
            Service next = b.build();
            tx.put(Keys.service(cluster.clusterName(), svc.serviceName()), next);
            DeploymentHistory.sync(tx, svc, next, now);
            return next;
        });
    }

    private Service delete(JsonNode in) {
        String ref = in.path("service").asText();
        boolean force = in.path("force").asBoolean(false);
        return ctx.committer().write(tx -> {
            State st = tx.state();
            Cluster cluster = Lookup.cluster(st, in.path("cluster").asText("default"));
            Service svc = find(st, cluster, ref);
            if (!"ACTIVE".equals(svc.status())) throw new AwsException("ServiceNotActiveException", "Service was not ACTIVE.");
            if (!svc.daemon() && svc.desiredCount() > 0 && !force) {
                throw AwsException.invalidParameter("The service cannot be stopped while it is scaled above 0. Update desiredCount to 0 first, or delete with force.");
            }
            Service.Builder b = svc.toBuilder();
            b.status = "DRAINING";
            b.desiredCount = 0;
            Service next = b.build();
            tx.put(Keys.service(cluster.clusterName(), svc.serviceName()), next);
            return next;
        });
    }

    static Service find(State st, Cluster cluster, String ref) {
        String name = ref.startsWith("arn:") ? Arns.lastSegment(ref) : ref;
        return st.get(Keys.service(cluster.clusterName(), name), Service.class)
                .orElseThrow(() -> new AwsException("ServiceNotFoundException", "Service not found."));
    }

    private ObjectNode describe(JsonNode in) {
        State st = ctx.state();
        Cluster cluster = Lookup.cluster(st, in.path("cluster").asText("default"));
        List<String> refs = new ArrayList<>();
        in.path("services").forEach(s -> refs.add(s.asText()));
        if (refs.isEmpty() || refs.size() > 10) throw AwsException.invalidParameter("services must name 1 to 10 services.");
        Set<String> include = new java.util.HashSet<>();
        in.path("include").forEach(i -> include.add(i.asText()));
        ObjectNode out = Json.object();
        ArrayNode services = out.putArray("services");
        ArrayNode failures = out.putArray("failures");
        for (String ref : refs) {
            String name = ref.startsWith("arn:") ? Arns.lastSegment(ref) : ref;
            var svc = st.get(Keys.service(cluster.clusterName(), name), Service.class);
            if (svc.isPresent()) services.add(view(svc.get(), include));
            else failures.add(Json.object().put("arn", ref.startsWith("arn:") ? ref : ctx.arns().service(cluster.clusterName(), ref)).put("reason", "MISSING"));
        }
        return out;
    }

    private ObjectNode list(JsonNode in) {
        State st = ctx.state();
        Cluster cluster = Lookup.cluster(st, in.path("cluster").asText("default"));
        String strategy = in.path("schedulingStrategy").asText(null);
        List<Service> all = st.range(Keys.servicesOf(cluster.clusterName()), Service.class).stream()
                .filter(s -> !"INACTIVE".equals(s.status()))
                .filter(s -> strategy == null || strategy.equals(s.schedulingStrategy()))
                .toList();
        // ListServices returns 10 per page unless asked for more (up to 100)
        var page = Paging.page(all, Service::serviceName, in, 10, 100);
        ObjectNode out = Json.object();
        ArrayNode arns = out.putArray("serviceArns");
        page.items().forEach(s -> arns.add(s.serviceArn()));
        if (page.nextToken() != null) out.put("nextToken", page.nextToken());
        return out;
    }

    /** The ECS Service shape with counts derived from the tasks now. */
    ObjectNode view(Service s, Set<String> include) {
        List<Task> tasks = new ArrayList<>();
        for (Task t : ctx.state().range(Keys.tasksOf(Arns.clusterName(s.clusterArn())), Task.class)) {
            if (s.group().equals(t.group())) tasks.add(t);
        }
        ObjectNode o = (ObjectNode) Json.tree(s);
        o.remove("clientToken");
        if (!include.contains("TAGS")) o.remove("tags");
        o.put("runningCount", tasks.stream().filter(t -> ServiceTasks.live(t) && t.last() == TaskStatus.RUNNING).count());
        o.put("pendingCount", tasks.stream().filter(t -> ServiceTasks.live(t) && t.last().compareTo(TaskStatus.RUNNING) < 0).count());
        o.putArray("taskSets");
        o.putObject("deploymentController").put("type", "ECS");
        ArrayNode deployments = o.putArray("deployments");
        ArrayNode revisions = o.putArray("currentServiceRevisions");
        for (Deployment d : s.deployments()) {
            long running = tasks.stream().filter(t -> d.id().equals(t.startedBy()) && ServiceTasks.live(t) && t.last() == TaskStatus.RUNNING).count();
            long pending = tasks.stream().filter(t -> d.id().equals(t.startedBy()) && ServiceTasks.live(t) && t.last().compareTo(TaskStatus.RUNNING) < 0).count();
            ObjectNode dn = (ObjectNode) Json.tree(d);
            dn.put("runningCount", running);
            dn.put("pendingCount", pending);
            dn.put("failedTasks", tasks.stream().filter(t -> d.id().equals(t.startedBy()) && ServiceTasks.failedLaunch(t)).count());
            deployments.add(dn);
            if (d.primary()) o.put("currentServiceDeployment", DeploymentHistory.deploymentArn(s, d.id()));
            revisions.addObject().put("arn", DeploymentHistory.revisionArn(s, d.id()))
                    .put("requestedTaskCount", d.desiredCount()).put("runningTaskCount", running).put("pendingTaskCount", pending);
        }
        return o;
    }
}
