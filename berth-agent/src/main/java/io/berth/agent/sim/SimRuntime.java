package io.berth.agent.sim;

import io.berth.agent.runtime.ContainerRuntime;
import io.berth.agent.runtime.ContainerSpec;
import io.berth.agent.runtime.ContainerState;
import io.berth.agent.runtime.NetworkBinding;
import io.berth.agent.runtime.RuntimeEvent;
import io.berth.agent.runtime.RuntimeFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A container engine with no containers behind it, for hollow hosts: images are always present,
 * containers "run" as soon as they start (or after {@code startDelay}), and exit when stopped,
 * when told to ({@link #exit}), or on their own when their spec asks for it with the environment
 * variables {@code BERTH_SIM_EXIT_CODE} and {@code BERTH_SIM_RUN_MILLIS}.
 *
 * <p>Thread-safe. Timed exits run on the shared {@code timer}, which the caller owns, so thousands
 * of simulated hosts share one platform thread instead of each bringing its own.
 */
public final class SimRuntime implements ContainerRuntime {
    public static final String EXIT_CODE_ENV = "BERTH_SIM_EXIT_CODE";
    public static final String RUN_MILLIS_ENV = "BERTH_SIM_RUN_MILLIS";

    private final Duration startDelay;
    private final ScheduledExecutorService timer;
    private final Map<String, Box> boxes = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger dynamicPorts = new AtomicInteger(32768);
    private final String prefix;

    /** One simulated container; fields change under its own lock. */
    private static final class Box {
        final String id;
        final ContainerSpec spec;
        boolean running;
        boolean started;
        Integer exitCode;
        List<NetworkBinding> bindings = List.of();

        Box(String id, ContainerSpec spec) {
            this.id = id;
            this.spec = spec;
        }

        synchronized ContainerState state() {
            return new ContainerState(id, spec.name(), spec.labels(), running, started, exitCode, false, null, bindings);
        }
    }

    private record Listener(String key, String value, java.util.function.Consumer<RuntimeEvent> consumer) {}

    /**
     * @param hostId     distinguishes container ids across simulated hosts
     * @param startDelay how long {@link #start} takes (zero: instant)
     * @param timer      runs timed exits; shared by many runtimes, owned by the caller
     */
    public SimRuntime(String hostId, Duration startDelay, ScheduledExecutorService timer) {
        this.prefix = hostId;
        this.startDelay = startDelay;
        this.timer = timer;
    }

    @Override
    public String version() {
        return "berth-sim-1";
    }

    @Override
    public boolean imagePresent(String image) {
        return true;
    }

    @Override
    public void pullImage(String image) {}

    @Override
    public String create(ContainerSpec spec) {
        String id = prefix + "-" + ids.incrementAndGet();
        boxes.put(id, new Box(id, spec));
        return id;
    }

    @Override
    public void start(String id) {
        Box b = get(id);
        if (!startDelay.isZero()) {
            try {
                Thread.sleep(startDelay); // the engine's actor runs on a virtual thread: this parks, it pins nothing
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RuntimeFailure("interrupted while starting " + id);
            }
        }
        synchronized (b) {
            if (b.running) return;
            List<NetworkBinding> bound = new ArrayList<>();
            for (ContainerSpec.PortSpec p : b.spec.ports()) {
                int hostPort = p.hostPort() == 0 ? dynamicPorts.getAndIncrement() : p.hostPort();
                bound.add(new NetworkBinding(p.hostIp(), p.containerPort(), hostPort, p.protocol()));
            }
            b.bindings = bound;
            b.started = true;
            b.running = true;
        }
        String code = b.spec.env().get(EXIT_CODE_ENV);
        if (code != null) {
            long after = Long.parseLong(b.spec.env().getOrDefault(RUN_MILLIS_ENV, "0"));
            timer.schedule(() -> exit(id, Integer.parseInt(code)), after, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void stop(String id, Duration timeout) {
        Box b = boxes.get(id);
        if (b != null) exit(id, 143); // as if SIGTERM was honoured at once
    }

    @Override
    public void remove(String id) {
        boxes.remove(id);
    }

    @Override
    public Optional<ContainerState> inspect(String id) {
        Box b = boxes.get(id);
        return b == null ? Optional.empty() : Optional.of(b.state());
    }

    @Override
    public List<ContainerState> listByLabel(String key, String value) {
        List<ContainerState> out = new ArrayList<>();
        for (Box b : boxes.values()) if (value.equals(b.spec.labels().get(key))) out.add(b.state());
        return out;
    }

    @Override
    public AutoCloseable subscribeExits(String key, String value, java.util.function.Consumer<RuntimeEvent> consumer) {
        Listener l = new Listener(key, value, consumer);
        listeners.add(l);
        return () -> listeners.remove(l);
    }

    /** The container's process ends with {@code code}, if it runs; subscribers hear of it. */
    public void exit(String id, int code) {
        Box b = boxes.get(id);
        if (b == null) return;
        synchronized (b) {
            if (!b.running) return;
            b.running = false;
            b.exitCode = code;
        }
        for (Listener l : listeners) {
            if (l.value().equals(b.spec.labels().get(l.key()))) l.consumer().accept(new RuntimeEvent.ContainerExited(id, false));
        }
    }

    /** Every container that runs now. */
    public List<String> running() {
        List<String> out = new ArrayList<>();
        for (Box b : boxes.values()) {
            synchronized (b) {
                if (b.running) out.add(b.id);
            }
        }
        return out;
    }

    @Override
    public void close() {
        listeners.clear();
    }

    private Box get(String id) {
        Box b = boxes.get(id);
        if (b == null) throw new RuntimeFailure.NotFound("No such container: " + id);
        return b;
    }
}
