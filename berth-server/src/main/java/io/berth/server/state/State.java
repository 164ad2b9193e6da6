package io.berth.server.state;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.model.Arns;
import io.berth.model.ecs.ContainerInstance;
import io.berth.model.ecs.Task;
import io.berth.model.ecs.TaskDefinition;
import io.berth.scheduler.TaskDemand;
import io.berth.store.KeyValue;
import io.berth.wire.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The in-memory image of the store: every record by its key, plus the {@link Usage} derived from
 * tasks. Only the committer thread writes it (through {@link Tx}); API threads read it at any time.
 * A reader may see the writes of a batch shortly before that batch is durable; nothing is
 * acknowledged to a client before it is.
 */
public final class State implements Usage.TaskLookup {
    private final ConcurrentSkipListMap<String, Object> records = new ConcurrentSkipListMap<>();
    private final Map<String, String> instanceKeys = new ConcurrentHashMap<>(); // instance ARN -> key
    private final Map<String, String> taskKeys = new ConcurrentHashMap<>(); // task ARN -> key
    private final Map<String, String> taskDefinitionKeys = new ConcurrentHashMap<>(); // task definition ARN -> key
    private final Map<String, TaskDemand> demandCache = new ConcurrentHashMap<>();
    private final Usage usage = new Usage();
    private final java.util.concurrent.atomic.AtomicLong instanceWrites = new java.util.concurrent.atomic.AtomicLong();
    private final Map<String, InstanceList> instanceLists = new ConcurrentHashMap<>(); // cluster name -> its instances

    /** A cluster's instances, and the ACTIVE ones among them, as they were after {@code writes} instance writes. */
    private record InstanceList(long writes, List<ContainerInstance> instances, List<ContainerInstance> active) {}

    /** Loads every record from a store range, in key order. */
    public void load(List<KeyValue> kvs) {
        List<Task> tasks = new ArrayList<>();
        for (KeyValue kv : kvs) {
            Object v = Json.read(kv.value(), Keys.typeOf(kv.key()));
            if (v instanceof Task t) tasks.add(t);
            put(kv.key(), v, false);
        }
        for (Task t : tasks) usage.account(null, t, this);
    }

    public Usage usage() {
        return usage;
    }

    public <T> Optional<T> get(String key, Class<T> type) {
        Object v = records.get(key);
        return type.isInstance(v) ? Optional.of(type.cast(v)) : Optional.empty();
    }

    /** Every record of {@code type} under {@code prefix}, in key order. */
    public <T> List<T> range(String prefix, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Object v : records.subMap(prefix, prefix + Character.MAX_VALUE).values()) {
            if (type.isInstance(v)) out.add(type.cast(v));
        }
        return out;
    }

    /** The last (highest) record under {@code prefix}. */
    public <T> Optional<T> last(String prefix, Class<T> type) {
        var tail = records.subMap(prefix, prefix + Character.MAX_VALUE);
        return tail.isEmpty() ? Optional.empty() : Optional.of(type.cast(tail.lastEntry().getValue()));
    }

    /**
     * Every container instance of the cluster, in key order, as an immutable list that is rebuilt
     * only after an instance record changed (placement asks for it on every RunTask; instances
     * change far less often than tasks). Any thread; a list read while the committer writes an
     * instance may miss that write, and is then not kept.
     */
    public List<ContainerInstance> instancesOf(String clusterName) {
        return instanceList(clusterName).instances();
    }

    /** The ACTIVE ones of {@link #instancesOf}, cached the same way: the instances RunTask may place on. */
    public List<ContainerInstance> activeInstancesOf(String clusterName) {
        return instanceList(clusterName).active();
    }

    private InstanceList instanceList(String clusterName) {
        long writes = instanceWrites.get();
        InstanceList cached = instanceLists.get(clusterName);
        if (cached != null && cached.writes() == writes) return cached;
        List<ContainerInstance> list = List.copyOf(range(Keys.instancesOf(clusterName), ContainerInstance.class));
        InstanceList fresh = new InstanceList(writes, list, list.stream().filter(i -> "ACTIVE".equals(i.status())).toList());
        instanceLists.put(clusterName, fresh);
        return fresh;
    }

    public Optional<Task> taskByArn(String arn) {
        String key = taskKeys.get(arn);
        return key == null ? Optional.empty() : get(key, Task.class);
    }

    public Optional<ContainerInstance> instanceByArn(String arn) {
        String key = instanceKeys.get(arn);
        return key == null ? Optional.empty() : get(key, ContainerInstance.class);
    }

    public Optional<TaskDefinition> taskDefinitionByArn(String arn) {
        String key = taskDefinitionKeys.get(arn); // every task names its definition's stored ARN: skip parsing it
        if (key != null) return get(key, TaskDefinition.class);
        return Arns.resource(arn, "task-definition").flatMap(fr -> {
            int colon = fr.lastIndexOf(':');
            if (colon < 0) return Optional.empty();
            try {
                return get(Keys.taskDefinition(fr.substring(0, colon), Integer.parseInt(fr.substring(colon + 1))), TaskDefinition.class);
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    @Override
    public TaskDemand demand(Task task) {
        JsonNode overrides = task.overrides();
        boolean plain = overrides == null || overrides.isEmpty()
                || (overrides.path("containerOverrides").isEmpty() && !overrides.has("cpu") && !overrides.has("memory"));
        TaskDefinition def = taskDefinitionByArn(task.taskDefinitionArn())
                .orElseThrow(() -> new IllegalStateException("task " + task.taskArn() + " names missing " + task.taskDefinitionArn()));
        if (!plain) return TaskDemand.of(def, overrides);
        return demandCache.computeIfAbsent(def.arn(), a -> TaskDemand.of(def, null));
    }

    @Override
    public ContainerInstance instance(String arn) {
        return instanceByArn(arn).orElse(null);
    }

    /** Sets or (value null) removes one record, keeping indexes and usage in step; returns the old value. */
    Object put(String key, Object value, boolean account) {
        Object old = value == null ? records.remove(key) : records.put(key, value);
        index(old, false, key);
        index(value, true, key);
        if (old instanceof ContainerInstance || value instanceof ContainerInstance) instanceWrites.incrementAndGet(); // after the write: see instancesOf
        if (account && (old instanceof Task || value instanceof Task)) usage.account((Task) old, (Task) value, this);
        return old;
    }

    private void index(Object v, boolean add, String key) {
        if (v instanceof Task t) {
            if (add) taskKeys.put(t.taskArn(), key); else taskKeys.remove(t.taskArn());
        } else if (v instanceof ContainerInstance i) {
            if (add) instanceKeys.put(i.containerInstanceArn(), key); else instanceKeys.remove(i.containerInstanceArn());
        } else if (v instanceof TaskDefinition d && !d.arn().isEmpty()) {
            if (add) taskDefinitionKeys.put(d.arn(), key); else taskDefinitionKeys.remove(d.arn());
        }
    }
}
