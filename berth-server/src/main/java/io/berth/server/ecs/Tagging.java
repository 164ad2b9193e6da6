package io.berth.server.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.model.Arns;
import io.berth.model.ecs.Cluster;
import io.berth.model.ecs.ContainerInstance;
import io.berth.model.ecs.Tag;
import io.berth.model.ecs.Task;
import io.berth.model.ecs.TaskDefinition;
import io.berth.server.state.Keys;
import io.berth.server.state.Tx;
import io.berth.wire.AwsException;
import io.berth.wire.Json;
import io.berth.wire.api.TagRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** TagResource, UntagResource, ListTagsForResource on clusters, task definitions, instances and tasks. */
final class Tagging implements Ops {
    private final EcsContext ctx;

    Tagging(EcsContext ctx) {
        this.ctx = ctx;
    }

    /** Tags from a request, checked as ECS checks them. */
    static List<Tag> parse(JsonNode array) {
        List<Tag> tags = new ArrayList<>();
        for (JsonNode t : array) {
            String key = t.path("key").asText("");
            String value = t.path("value").asText("");
            String problem = TagRules.problem(key, value);
            if (problem != null) throw AwsException.invalidParameter(problem);
            tags.add(new Tag(key, value));
        }
        String tooMany = TagRules.tooMany(tags.size());
        if (tooMany != null) throw AwsException.invalidParameter(tooMany);
        return tags;
    }

    @Override
    public void register(Map<String, Op> ops) {
        ops.put("TagResource", (in, r) -> {
            List<Tag> add = parse(in.path("tags"));
            change(Input.required(in, "resourceArn"), tags -> {
                Map<String, String> m = asMap(tags);
                add.forEach(t -> m.put(t.key(), t.value()));
                return fromMap(m);
            });
            return Json.object();
        });
        ops.put("UntagResource", (in, r) -> {
            List<String> keys = Input.strings(in, "tagKeys");
            change(Input.required(in, "resourceArn"), tags -> {
                Map<String, String> m = asMap(tags);
                keys.forEach(m::remove);
                return fromMap(m);
            });
            return Json.object();
        });
        ops.put("ListTagsForResource", (in, r) -> {
            List<Tag> tags = read(Input.required(in, "resourceArn"));
            ObjectNode out = Json.object();
            out.set("tags", Json.tree(tags));
            return out;
        });
    }

    private static Map<String, String> asMap(List<Tag> tags) {
        Map<String, String> m = new LinkedHashMap<>();
        if (tags != null) tags.forEach(t -> m.put(t.key(), t.value()));
        return m;
    }

    private static List<Tag> fromMap(Map<String, String> m) {
        String tooMany = TagRules.tooMany(m.size());
        if (tooMany != null) throw AwsException.invalidParameter(tooMany);
        List<Tag> out = new ArrayList<>();
        m.forEach((k, v) -> out.add(new Tag(k, v)));
        return out;
    }

    private List<Tag> read(String arn) {
        var st = ctx.state();
        if (Arns.resource(arn, "cluster").isPresent()) return Resolve.cluster(st, arn).tags();
        if (Arns.resource(arn, "task-definition").isPresent()) {
            return st.taskDefinitionByArn(arn).map(TaskDefinition::tags).orElseThrow(() -> notFound(arn));
        }
        if (Arns.resource(arn, "container-instance").isPresent()) {
            return st.instanceByArn(arn).map(ContainerInstance::tags).orElseThrow(() -> notFound(arn));
        }
        if (Arns.resource(arn, "task").isPresent()) return st.taskByArn(arn).map(Task::tags).orElseThrow(() -> notFound(arn));
        throw AwsException.invalidParameter("The resourceArn is not an ECS resource ARN that takes tags: " + arn);
    }

    private void change(String arn, UnaryOperator<List<Tag>> edit) {
        ctx.committer().write((Tx tx) -> {
            var st = tx.state();
            if (Arns.resource(arn, "cluster").isPresent()) {
                Cluster c = Resolve.cluster(st, arn);
                tx.put(Keys.cluster(c.clusterName()), c.withTags(edit.apply(c.tags())));
            } else if (Arns.resource(arn, "task-definition").isPresent()) {
                TaskDefinition d = st.taskDefinitionByArn(arn).orElseThrow(() -> notFound(arn));
                tx.put(Keys.taskDefinition(d.family(), d.revision()), d.with("tags", Json.tree(edit.apply(d.tags()))));
            } else if (Arns.resource(arn, "container-instance").isPresent()) {
                ContainerInstance i = st.instanceByArn(arn).orElseThrow(() -> notFound(arn));
                tx.put(Keys.instance(Arns.clusterName(i.clusterArn()), Arns.lastSegment(arn)), i.withTags(edit.apply(i.tags())));
            } else if (Arns.resource(arn, "task").isPresent()) {
                Task t = st.taskByArn(arn).orElseThrow(() -> notFound(arn));
                var b = t.toBuilder();
                b.tags = edit.apply(t.tags());
                tx.put(Keys.task(Arns.clusterName(t.clusterArn()), Arns.lastSegment(arn)), b.build());
            } else {
                throw AwsException.invalidParameter("The resourceArn is not an ECS resource ARN that takes tags: " + arn);
            }
            return null;
        });
    }

    private static AwsException notFound(String arn) {
        return new AwsException("ResourceNotFoundException", "The specified resource could not be found: " + arn);
    }
}
