package io.berth.agent.testing;

import io.berth.agent.runtime.ContainerRuntime;
import io.berth.agent.runtime.ContainerSpec;
import io.berth.agent.runtime.ContainerState;
import io.berth.agent.runtime.HealthStatus;
import io.berth.agent.runtime.NetworkBinding;
import io.berth.agent.runtime.RuntimeEvent;
import io.berth.agent.runtime.RuntimeFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** An in-memory container engine: instant, deterministic, and inspectable by tests. */
public final class FakeRuntime implements ContainerRuntime {
    public final Set<String> images = ConcurrentHashMap.newKeySet();
    /** image → message for images whose pull fails. */
    public final Map<String, String> unpullable = new ConcurrentHashMap<>();
    public final Map<String, Fake> containers = new ConcurrentHashMap<>();
    public final List<String> pulls = new CopyOnWriteArrayList<>();
    /** Ids of containers in the order {@link #stop} was called on them while they ran. */
    public final List<String> stops = new CopyOnWriteArrayList<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger ports = new AtomicInteger(32768);

    public static final class Fake {
        public final String id;
        public final ContainerSpec spec;
        public volatile boolean running;
        public volatile boolean started;
        public volatile Integer exitCode;
        public volatile List<NetworkBinding> bindings = List.of();
        /** Exit code when stopped by signal; 143 = honoured SIGTERM. */
        public volatile int stopExitCode = 143;
        /** Docker's verdict; null without a health check, UNKNOWN ("starting") until {@link #health}. */
        public volatile HealthStatus health;

        Fake(String id, ContainerSpec spec) {
            this.id = id;
            this.spec = spec;
        }
    }

    private record Listener(String key, String value, Consumer<RuntimeEvent> consumer) {}

    @Override
    public String version() {
        return "fake-1.0";
    }

    @Override
    public boolean imagePresent(String image) {
        return images.contains(image);
    }

    @Override
    public void pullImage(String image) {
        pulls.add(image);
        String failure = unpullable.get(image);
        if (failure != null) throw new RuntimeFailure(failure);
        images.add(image);
    }

    @Override
    public String create(ContainerSpec spec) {
        if (!images.contains(spec.image())) throw new RuntimeFailure.NotFound("No such image: " + spec.image());
        String id = String.format("%064d", ids.incrementAndGet());
        Fake f = new Fake(id, spec);
        if (spec.healthCheck() != null && !spec.healthCheck().test().isEmpty()
                && !"NONE".equals(spec.healthCheck().test().getFirst())) {
            f.health = HealthStatus.UNKNOWN;
        }
        containers.put(id, f);
        return id;
    }

    @Override
    public void start(String id) {
        Fake f = get(id);
        if (f.running) return;
        List<NetworkBinding> b = new ArrayList<>();
        for (ContainerSpec.PortSpec p : f.spec.ports()) {
            int hostPort = p.hostPort() == 0 ? ports.getAndIncrement() : p.hostPort();
            b.add(new NetworkBinding(p.hostIp(), p.containerPort(), hostPort, p.protocol()));
        }
        f.bindings = b;
        f.started = true;
        f.running = true;
    }

    @Override
    public void stop(String id, Duration timeout) {
        Fake f = containers.get(id);
        if (f == null || !f.running) return;
        stops.add(id);
        exit(id, f.stopExitCode);
    }

    @Override
    public void remove(String id) {
        containers.remove(id);
    }

    @Override
    public Optional<ContainerState> inspect(String id) {
        Fake f = containers.get(id);
        return Optional.ofNullable(f).map(FakeRuntime::state);
    }

    @Override
    public List<ContainerState> listByLabel(String key, String value) {
        return containers.values().stream().filter(f -> value.equals(f.spec.labels().get(key))).map(FakeRuntime::state).toList();
    }

    @Override
    public AutoCloseable subscribeExits(String key, String value, Consumer<RuntimeEvent> consumer) {
        Listener l = new Listener(key, value, consumer);
        listeners.add(l);
        return () -> listeners.remove(l);
    }

    /** The container's process ends with this code; subscribers hear a die event. */
    public void exit(String id, int code) {
        Fake f = get(id);
        f.running = false;
        f.exitCode = code;
        for (Listener l : listeners) {
            if (l.value.equals(f.spec.labels().get(l.key))) l.consumer.accept(new RuntimeEvent.ContainerExited(id, false));
        }
    }

    /** The container's health check reaches a verdict; subscribers hear a health_status event. */
    public void health(String id, HealthStatus status) {
        Fake f = get(id);
        f.health = status;
        for (Listener l : listeners) {
            if (l.value.equals(f.spec.labels().get(l.key))) l.consumer.accept(new RuntimeEvent.HealthChanged(id, status));
        }
    }

    /** Adds a running container as if another process had made it. */
    public String addRunning(ContainerSpec spec) {
        images.add(spec.image());
        String id = create(spec);
        start(id);
        return id;
    }

    public List<Fake> withLabel(String key, String value) {
        return containers.values().stream().filter(f -> value.equals(f.spec.labels().get(key))).toList();
    }

    @Override
    public void close() {}

    private Fake get(String id) {
        Fake f = containers.get(id);
        if (f == null) throw new RuntimeFailure.NotFound("No such container: " + id);
        return f;
    }

    private static ContainerState state(Fake f) {
        return new ContainerState(f.id, f.spec.name(), f.spec.labels(), f.running, f.started,
                f.running ? null : f.exitCode, false, null, f.bindings, f.health);
    }
}
