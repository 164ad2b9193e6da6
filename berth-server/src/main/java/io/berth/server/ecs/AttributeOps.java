package io.berth.server.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.model.Arns;
import io.berth.model.ecs.Attribute;
import io.berth.model.ecs.Cluster;
import io.berth.model.ecs.ContainerInstance;
import io.berth.server.state.Keys;
import io.berth.server.state.Tx;
import io.berth.wire.AwsException;
import io.berth.wire.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** PutAttributes, DeleteAttributes, ListAttributes: custom attributes on container instances. */
final class AttributeOps implements Ops {
    private static final String NAME = "[a-zA-Z0-9_.\\-/]{1,128}";
    private static final String VALUE = "[a-zA-Z0-9_.\\-/: @]{0,128}";
    private static final int MAX_PER_CALL = 10;
    private final EcsContext ctx;

    AttributeOps(EcsContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void register(Map<String, Op> ops) {
        ops.put("PutAttributes", (in, r) -> change(in, true));
        ops.put("DeleteAttributes", (in, r) -> change(in, false));
        ops.put("ListAttributes", (in, r) -> list(in));
    }

    private ObjectNode change(JsonNode in, boolean put) {
        String clusterRef = Input.cluster(in);
        List<Attribute> attrs = new ArrayList<>();
        for (JsonNode a : in.path("attributes")) attrs.add(Json.convert(a, Attribute.class));
        if (attrs.isEmpty() || attrs.size() > MAX_PER_CALL) {
            throw AwsException.invalidParameter("attributes must hold 1 to " + MAX_PER_CALL + " attributes.");
        }
        for (Attribute a : attrs) {
            if (a.name() == null || !a.name().matches(NAME)) {
                throw AwsException.invalidParameter("Attribute name '" + a.name() + "' is invalid: up to 128 letters, numbers, hyphens, underscores, periods and slashes.");
            }
            if (put && a.value() != null && !a.value().matches(VALUE)) {
                throw AwsException.invalidParameter("Attribute value for '" + a.name() + "' is invalid: up to 128 letters, numbers, spaces and - _ . / : @.");
            }
            if (a.targetType() != null && !"container-instance".equals(a.targetType())) {
                throw AwsException.invalidParameter("targetType must be container-instance.");
            }
            if (a.targetId() == null || a.targetId().isEmpty()) {
                throw AwsException.invalidParameter("Attribute '" + a.name() + "' needs a targetId: the container instance's id or ARN.");
            }
        }
        ctx.committer().write((Tx tx) -> {
            Cluster cluster = Resolve.cluster(tx.state(), clusterRef);
            for (Attribute a : attrs) {
                ContainerInstance inst = Resolve.instance(tx.state(), cluster, a.targetId())
                        .filter(i -> !"INACTIVE".equals(i.status()))
                        .orElseThrow(() -> new AwsException("TargetNotFoundException", "Could not find the container instance " + a.targetId() + " in cluster " + cluster.clusterName() + "."));
                List<Attribute> next = new ArrayList<>(inst.attributes());
                if (put) {
                    next.removeIf(x -> x.name().equals(a.name()));
                    next.add(a.bare());
                } else if (!next.removeIf(x -> x.name().equals(a.name()) && (a.value() == null || a.value().equals(x.value())))) {
                    throw new AwsException("TargetNotFoundException", "Attribute " + a.name() + " is not set on " + a.targetId() + ".");
                }
                ContainerInstance updated = inst.withAttributes(next);
                tx.put(Keys.instance(cluster.clusterName(), Arns.lastSegment(inst.containerInstanceArn())), updated);
            }
            return null;
        });
        ObjectNode out = Json.object();
        ArrayNode arr = out.putArray("attributes");
        for (Attribute a : attrs) {
            ObjectNode o = arr.addObject().put("name", a.name());
            if (a.value() != null) o.put("value", a.value());
            o.put("targetType", "container-instance").put("targetId", a.targetId());
        }
        return out;
    }

    private ObjectNode list(JsonNode in) {
        Cluster cluster = Resolve.cluster(ctx.state(), Input.cluster(in));
        if (!"container-instance".equals(Input.str(in, "targetType"))) throw AwsException.invalidParameter("targetType must be container-instance.");
        String name = Input.str(in, "attributeName");
        String value = Input.str(in, "attributeValue");
        if (value != null && name == null) throw AwsException.invalidParameter("attributeValue needs attributeName.");
        List<Attribute> all = new ArrayList<>();
        for (ContainerInstance i : ctx.state().range(Keys.instancesOf(cluster.clusterName()), ContainerInstance.class)) {
            if ("INACTIVE".equals(i.status())) continue;
            for (Attribute a : i.attributes()) {
                if (name != null && !name.equals(a.name())) continue;
                if (value != null && !value.equals(a.value())) continue;
                all.add(new Attribute(a.name(), a.value(), "container-instance", i.containerInstanceArn()));
            }
        }
        all.sort(java.util.Comparator.comparing(a -> a.targetId() + "\u0000" + a.name()));
        var page = Paging.page(all, a -> a.targetId() + "\u0000" + a.name(), in, 100);
        ObjectNode out = Json.object();
        out.set("attributes", Json.tree(page.items()));
        if (page.nextToken() != null) out.put("nextToken", page.nextToken());
        return out;
    }
}
