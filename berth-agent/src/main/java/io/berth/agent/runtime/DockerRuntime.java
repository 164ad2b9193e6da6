package io.berth.agent.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ContainerRuntime} on a Docker Engine through docker-java's zero-dependency transport.
 * docker-java blocks in native socket calls, so every call runs on this runtime's platform threads:
 * a small pool for quick calls, and an elastic one for pulls and stops, which can take minutes and
 * must not hold up creates and starts.
 */
public final class DockerRuntime implements ContainerRuntime {
    private static final Logger log = LoggerFactory.getLogger(DockerRuntime.class);
    private static final String NEVER_STARTED = "0001-01-01T00:00:00Z";
    private static final String HEALTH_STATUS = "health_status";

    private final DockerClient docker;
    private final ExecutorService quick = Executors.newFixedThreadPool(4, Thread.ofPlatform().daemon().name("docker-", 0).factory());
    private final ExecutorService slow = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("docker-slow-", 0).factory());

    public DockerRuntime(URI dockerHost) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(dockerHost.toString()).build();
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).maxConnections(64).connectionTimeout(Duration.ofSeconds(10)).build();
        this.docker = DockerClientImpl.getInstance(config, http);
    }

    @Override
    public String version() {
        return call(quick, () -> docker.versionCmd().exec().getVersion());
    }

    @Override
    public boolean imagePresent(String image) {
        return call(quick, () -> {
            try {
                docker.inspectImageCmd(image).exec();
                return true;
            } catch (NotFoundException e) {
                return false;
            }
        });
    }

    @Override
    public void pullImage(String image) {
        pullImage(image, null);
    }

    @Override
    public void pullImage(String image, RegistryAuth auth) {
        call(slow, () -> {
            ImageName name = ImageName.parse(image);
            var cmd = docker.pullImageCmd(name.repository());
            if (name.tag() != null) cmd.withTag(name.tag());
            if (auth != null) {
                cmd.withAuthConfig(new AuthConfig().withUsername(auth.username()).withPassword(auth.password())
                        .withRegistryAddress(auth.serverAddress()));
            }
            cmd.exec(new PullImageResultCallback()).awaitCompletion();
            return null;
        });
    }

    @Override
    public String create(ContainerSpec spec) {
        return call(quick, () -> DockerSpecs.createCommand(docker, spec).exec().getId());
    }

    @Override
    public void start(String id) {
        call(quick, () -> {
            try {
                docker.startContainerCmd(id).exec();
            } catch (NotModifiedException alreadyRunning) {
                // idempotent by contract
            }
            return null;
        });
    }

    @Override
    public void stop(String id, Duration timeout) {
        call(slow, () -> {
            try {
                docker.stopContainerCmd(id).withTimeout((int) Math.max(0, timeout.toSeconds())).exec();
            } catch (NotModifiedException | NotFoundException notRunning) {
                // idempotent by contract
            }
            return null;
        });
    }

    @Override
    public void remove(String id) {
        call(quick, () -> {
            try {
                docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            } catch (NotFoundException gone) {
                // idempotent by contract
            }
            return null;
        });
    }

    @Override
    public Optional<ContainerState> inspect(String id) {
        return call(quick, () -> {
            try {
                return Optional.of(state(docker.inspectContainerCmd(id).exec()));
            } catch (NotFoundException e) {
                return Optional.empty();
            }
        });
    }

    @Override
    public List<ContainerState> listByLabel(String key, String value) {
        List<Container> list = call(quick, () -> docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(key, value)).exec());
        List<ContainerState> out = new ArrayList<>();
        for (Container c : list) inspect(c.getId()).ifPresent(out::add);
        return out;
    }

    @Override
    public AutoCloseable subscribeExits(String key, String value, Consumer<RuntimeEvent> listener) {
        ExitStream stream = new ExitStream(key, value, listener);
        stream.open(false);
        return stream::close;
    }

    @Override
    public void close() {
        quick.shutdownNow();
        slow.shutdownNow();
        try {
            docker.close();
        } catch (Exception e) {
            log.debug("closing docker client", e);
        }
    }

    /**
     * One `docker events` stream for die, oom and health_status of labelled containers, reopened when it
     * breaks. Docker matches the filter {@code health_status} against {@code health_status: healthy} etc.
     */
    private final class ExitStream {
        private final String key;
        private final String value;
        private final Consumer<RuntimeEvent> listener;
        private final AtomicBoolean closed = new AtomicBoolean();
        private volatile ResultCallback.Adapter<Event> callback;

        ExitStream(String key, String value, Consumer<RuntimeEvent> listener) {
            this.key = key;
            this.value = value;
            this.listener = listener;
        }

        void open(boolean reopened) {
            if (closed.get()) return;
            ResultCallback.Adapter<Event> cb = new ResultCallback.Adapter<>() {
                @Override
                public void onNext(Event e) {
                    String action = e.getAction() != null ? e.getAction() : e.getStatus();
                    if (e.getId() == null || action == null) return;
                    if (action.equals("die") || action.equals("oom")) {
                        listener.accept(new RuntimeEvent.ContainerExited(e.getId(), action.equals("oom")));
                    } else if (action.startsWith(HEALTH_STATUS)) {
                        HealthStatus h = HealthStatus.fromDocker(action.substring(action.indexOf(':') + 1));
                        if (h != null) listener.accept(new RuntimeEvent.HealthChanged(e.getId(), h));
                    }
                }

                @Override
                public void onError(Throwable t) {
                    if (!closed.get()) log.warn("docker event stream failed: {}", t.toString());
                    reopenLater();
                }

                @Override
                public void onComplete() {
                    reopenLater();
                }
            };
            callback = cb;
            try {
                docker.eventsCmd().withEventTypeFilter(EventType.CONTAINER).withEventFilter("die", "oom", HEALTH_STATUS)
                        .withLabelFilter(Map.of(key, value)).exec(cb).awaitStarted();
                if (reopened) listener.accept(new RuntimeEvent.StreamRestarted());
            } catch (RuntimeException | InterruptedException e) {
                if (!closed.get()) log.warn("cannot open docker event stream: {}", e.toString());
                reopenLater();
            }
        }

        private void reopenLater() {
            if (closed.get()) return;
            Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                slow.execute(() -> open(true));
            });
        }

        void close() throws Exception {
            closed.set(true);
            ResultCallback.Adapter<Event> cb = callback;
            if (cb != null) cb.close();
        }
    }

    private static ContainerState state(InspectContainerResponse r) {
        var s = r.getState();
        boolean running = Boolean.TRUE.equals(s.getRunning());
        boolean started = s.getStartedAt() != null && !s.getStartedAt().startsWith(NEVER_STARTED);
        Long exit = s.getExitCodeLong();
        List<NetworkBinding> bindings = new ArrayList<>();
        if (r.getNetworkSettings() != null && r.getNetworkSettings().getPorts() != null) {
            for (Map.Entry<ExposedPort, Ports.Binding[]> e : r.getNetworkSettings().getPorts().getBindings().entrySet()) {
                if (e.getValue() == null) continue;
                for (Ports.Binding b : e.getValue()) {
                    if (b.getHostPortSpec() == null || b.getHostPortSpec().isEmpty()) continue;
                    bindings.add(new NetworkBinding(b.getHostIp(), e.getKey().getPort(),
                            Integer.parseInt(b.getHostPortSpec()), e.getKey().getProtocol().toString()));
                }
            }
        }
        String name = r.getName() != null && r.getName().startsWith("/") ? r.getName().substring(1) : r.getName();
        Map<String, String> labels = r.getConfig() != null && r.getConfig().getLabels() != null ? r.getConfig().getLabels() : Map.of();
        return new ContainerState(r.getId(), name, labels, running, started,
                running || !started || exit == null ? null : exit.intValue(), Boolean.TRUE.equals(s.getOOMKilled()),
                s.getError() == null || s.getError().isEmpty() ? null : s.getError(), bindings,
                s.getHealth() == null ? null : HealthStatus.fromDocker(s.getHealth().getStatus()));
    }

    /** Runs a docker-java call on a platform thread and waits; the caller may be a virtual thread. */
    private static <T> T call(ExecutorService pool, Callable<T> body) {
        Future<T> f;
        try {
            f = pool.submit(body);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new RuntimeFailure("docker runtime is closed");
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new RuntimeFailure("interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof NotFoundException nf) throw new RuntimeFailure.NotFound(DockerMessages.of(nf));
            if (cause instanceof DockerException de) throw new RuntimeFailure(DockerMessages.of(de), de);
            if (cause instanceof RuntimeFailure rf) throw rf;
            throw new RuntimeFailure(String.valueOf(cause.getMessage()), cause);
        }
    }
}
