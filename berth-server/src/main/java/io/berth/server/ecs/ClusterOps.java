package io.berth.server.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.model.Arns;
import io.berth.model.TaskStatus;
import io.berth.model.ecs.Cluster;
import io.berth.model.ecs.ContainerInstance;
import io.berth.model.ecs.KeyValuePair;
import io.berth.model.ecs.Service;
import io.berth.model.ecs.Task;
import io.berth.server.state.Keys;
import io.berth.server.state.State;
import io.berth.wire.AwsException;
import io.berth.wire.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** CreateCluster, DescribeClusters, ListClusters, DeleteCluster, UpdateCluster, UpdateClusterSettings. */
final class ClusterOps implements Ops {
    private static final String NAME_PATTERN = "[a-zA-Z0-9_-]{1,255}";
    private final EcsContext ctx;

    ClusterOps(EcsContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void register(Map<String, Op> ops) {
        ops.put("CreateCluster", (in, r) -> Json.object().set("cluster", view(create(in), Set.of("TAGS", "SETTINGS", "CONFIGURATIONS"))));
        ops.put("DescribeClusters", (in, r) -> describe(in));
        ops.put("ListClusters", (in, r) -> list(in));
        ops.put("DeleteCluster", (in, r) -> Json.object().set("cluster", view(delete(in), Set.of())));
        ops.put("UpdateCluster", (in, r) -> Json.object().set("cluster", view(update(in), Set.of("SETTINGS", "CONFIGURATIONS"))));
        ops.put("UpdateClusterSettings", (in, r) -> Json.object().set("cluster", view(updateSettings(in), Set.of("SETTINGS"))));
    }

    private Cluster create(JsonNode in) {
        String name = Input.str(in, "clusterName", "default");
        if (!name.matches(NAME_PATTERN)) {
            throw AwsException.invalidParameter("Cluster name may contain only letters, numbers, hyphens and underscores, up to 255 characters.");
        }
        List<KeyValuePair> settings = settings(in.path("settings"));
        var tags = Tagging.parse(in.path("tags"));
        return ctx.committer().write(tx -> {
            var existing = tx.state().get(Keys.cluster(name), Cluster.class);
            if (existing.isPresent() && "ACTIVE".equals(existing.get().status())) return existing.get();
            Cluster c = new Cluster(ctx.arns().cluster(name), name, "ACTIVE", tags, settings,
                    in.get("configuration"), Input.strings(in, "capacityProviders"), listOf(in.path("defaultCapacityProviderStrategy")),
                    in.get("serviceConnectDefaults"));
            tx.put(Keys.cluster(name), c);
            return c;
        });
    }

    private static List<JsonNode> listOf(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    private static List<KeyValuePair> settings(JsonNode array) {
        List<KeyValuePair> out = new ArrayList<>();
        for (JsonNode s : array) {
            String name = s.path("name").asText();
            String value = s.path("value").asText();
            if (!name.equals("containerInsights")) throw AwsException.invalidParameter("Unknown cluster setting " + name + "; the only one is containerInsights.");
            if (!Set.of("enabled", "disabled", "enhanced").contains(value)) {
                throw AwsException.invalidParameter("containerInsights must be enabled, disabled or enhanced.");
            }
            out.add(new KeyValuePair(name, value));
        }
        return out;
    }

    private ObjectNode describe(JsonNode in) {
        Set<String> include = new HashSet<>(Input.strings(in, "include"));
        List<String> names = Input.strings(in, "clusters");
        if (names.isEmpty()) names = List.of("default");
        ArrayNode clusters = Json.MAPPER.createArrayNode();
        ArrayNode failures = Json.MAPPER.createArrayNode();
        for (String n : names) {
            var c = Resolve.clusterIfAny(ctx.state(), n);
            if (c.isPresent()) clusters.add(view(c.get(), include));
            else failures.add(Json.object().put("arn", n.startsWith("arn:") ? n : ctx.arns().cluster(n)).put("reason", "MISSING"));
        }
        ObjectNode out = Json.object();
        out.set("clusters", clusters);
        out.set("failures", failures);
        return out;
    }

    private ObjectNode list(JsonNode in) {
        List<Cluster> active = ctx.state().range(Keys.CLUSTERS, Cluster.class).stream()
                .filter(c -> "ACTIVE".equals(c.status())).toList();
        var page = Paging.page(active, Cluster::clusterName, in, 100);
        ObjectNode out = Json.object();
        ArrayNode arns = out.putArray("clusterArns");
        page.items().forEach(c -> arns.add(c.clusterArn()));
        if (page.nextToken() != null) out.put("nextToken", page.nextToken());
        return out;
    }

    private Cluster delete(JsonNode in) {
        String name = Arns.clusterName(Input.required(in, "cluster"));
        return ctx.committer().write(tx -> {
            Cluster c = Resolve.cluster(tx.state(), name);
            boolean instances = tx.state().range(Keys.instancesOf(name), ContainerInstance.class).stream()
                    .anyMatch(i -> !"INACTIVE".equals(i.status()) && !"DEREGISTERING".equals(i.status()));
            if (instances) {
                throw new AwsException("ClusterContainsContainerInstancesException",
                        "The Cluster cannot be deleted while Container Instances are active or draining.");
            }
            boolean services = tx.state().range(Keys.servicesOf(name), Service.class).stream().anyMatch(sv -> !"INACTIVE".equals(sv.status()));
            if (services) {
                throw new AwsException("ClusterContainsServicesException", "The Cluster cannot be deleted while Services are active.");
            }
            boolean tasks = tx.state().range(Keys.tasksOf(name), Task.class).stream().anyMatch(t -> t.last() != TaskStatus.STOPPED);
            if (tasks) {
                throw new AwsException("ClusterContainsTasksException", "The Cluster cannot be deleted while Tasks are active.");
            }
            Cluster inactive = c.withStatus("INACTIVE");
            tx.put(Keys.cluster(name), inactive);
            return inactive;
        });
    }

    private Cluster update(JsonNode in) {
        String name = Arns.clusterName(Input.required(in, "cluster"));
        List<KeyValuePair> settings = in.has("settings") ? settings(in.path("settings")) : null;
        return ctx.committer().write(tx -> {
            Cluster c = Resolve.cluster(tx.state(), name);
            Cluster next = settings == null ? c : c.withSettings(merge(c.settings(), settings));
            if (in.has("configuration") || in.has("serviceConnectDefaults")) {
                next = next.withConfiguration(in.has("configuration") ? in.get("configuration") : c.configuration(),
                        in.has("serviceConnectDefaults") ? in.get("serviceConnectDefaults") : c.serviceConnectDefaults());
            }
            tx.put(Keys.cluster(name), next);
            return next;
        });
    }

    private Cluster updateSettings(JsonNode in) {
        String name = Arns.clusterName(Input.required(in, "cluster"));
        if (!in.has("settings")) throw AwsException.invalidParameter("settings must not be null.");
        List<KeyValuePair> settings = settings(in.path("settings"));
        return ctx.committer().write(tx -> {
            Cluster c = Resolve.cluster(tx.state(), name);
            Cluster next = c.withSettings(merge(c.settings(), settings));
            tx.put(Keys.cluster(name), next);
            return next;
        });
    }

    private static List<KeyValuePair> merge(List<KeyValuePair> old, List<KeyValuePair> changes) {
        List<KeyValuePair> out = new ArrayList<>(old == null ? List.of() : old);
        for (KeyValuePair s : changes) {
            out.removeIf(o -> o.name().equals(s.name()));
            out.add(s);
        }
        return out;
    }

    /** The ECS Cluster shape, with counters derived now and optional parts as {@code include} asks. */
    ObjectNode view(Cluster c, Set<String> include) {
        State st = ctx.state();
        ObjectNode o = Json.object();
        o.put("clusterArn", c.clusterArn());
        o.put("clusterName", c.clusterName());
        o.put("status", c.status());
        long registered = st.range(Keys.instancesOf(c.clusterName()), ContainerInstance.class).stream()
                .filter(i -> "ACTIVE".equals(i.status()) || "DRAINING".equals(i.status())).count();
        int running = st.usage().clusterRunning(c.clusterArn());
        int pending = st.usage().clusterPending(c.clusterArn());
        o.put("registeredContainerInstancesCount", registered);
        o.put("runningTasksCount", running);
        o.put("pendingTasksCount", pending);
        List<Service> services = st.range(Keys.servicesOf(c.clusterName()), Service.class);
        long active = services.stream().filter(sv -> "ACTIVE".equals(sv.status())).count();
        long draining = services.stream().filter(sv -> "DRAINING".equals(sv.status())).count();
        o.put("activeServicesCount", active);
        if (include.contains("STATISTICS")) {
            ArrayNode stats = o.putArray("statistics");
            stat(stats, "runningEC2TasksCount", running);
            stat(stats, "runningFargateTasksCount", 0);
            stat(stats, "pendingEC2TasksCount", pending);
            stat(stats, "pendingFargateTasksCount", 0);
            stat(stats, "activeEC2ServiceCount", active);
            stat(stats, "activeFargateServiceCount", 0);
            stat(stats, "drainingEC2ServiceCount", draining);
            stat(stats, "drainingFargateServiceCount", 0);
        }
        if (include.contains("TAGS")) o.set("tags", Json.tree(c.tags() == null ? List.of() : c.tags()));
        if (include.contains("SETTINGS")) {
            List<KeyValuePair> s = c.settings() == null || c.settings().isEmpty()
                    ? List.of(new KeyValuePair("containerInsights", "disabled")) : c.settings();
            o.set("settings", Json.tree(s));
        }
        if (include.contains("CONFIGURATIONS") && c.configuration() != null) o.set("configuration", c.configuration());
        o.set("capacityProviders", Json.tree(c.capacityProviders() == null ? List.of() : c.capacityProviders()));
        o.set("defaultCapacityProviderStrategy", Json.tree(c.defaultCapacityProviderStrategy() == null ? List.of() : c.defaultCapacityProviderStrategy()));
        if (c.serviceConnectDefaults() != null) o.set("serviceConnectDefaults", c.serviceConnectDefaults());
        return o;
    }

    private static void stat(ArrayNode stats, String name, long value) {
        stats.add(Json.object().put("name", name).put("value", String.valueOf(value)));
    }
}
