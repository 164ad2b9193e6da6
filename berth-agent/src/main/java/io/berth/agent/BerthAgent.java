package io.berth.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.agent.api.EcsApiClient;
import io.berth.agent.api.EcsApiException;
import io.berth.agent.api.RegistrationRequest;
import io.berth.agent.api.RegistryCredentials;
import io.berth.agent.api.ReportQueue;
import io.berth.agent.api.StateChangeRequests;
import io.berth.agent.engine.ImagePuller;
import io.berth.agent.engine.StateChange;
import io.berth.agent.engine.TaskEngine;
import io.berth.agent.engine.TaskRecord;
import io.berth.agent.introspection.IntrospectionServer;
import io.berth.agent.runtime.ContainerRuntime;
import io.berth.agent.runtime.ContainerState;
import io.berth.agent.runtime.DockerRuntime;
import io.berth.agent.session.AcsFrameHandler;
import io.berth.agent.session.AcsSession;
import io.berth.agent.session.SessionParams;
import io.berth.agent.session.TcsSession;
import io.berth.agent.state.AgentState;
import io.berth.agent.state.StateFile;
import io.berth.agent.state.StateWriter;
import io.berth.model.Labels;
import io.berth.model.TaskStatus;
import io.berth.wire.acs.AcsTask;
import io.berth.wire.acs.IamRoleCredentials;
import io.berth.wire.acs.TaskIdentifier;
import io.berth.wire.sigv4.SigV4Signer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Berth's host agent. {@link #start()} registers the host with the control plane, takes back the
 * tasks a previous run left (adopting their containers), and opens the ACS and TCS sessions;
 * {@link #close()} ends all that but leaves task containers running for the next start to adopt.
 *
 * <pre>
 *  RegisterContainerInstance ─▶ containerInstanceArn ─▶ TaskEngine ◀─ docker die/oom events
 *  DiscoverPollEndpoint ─▶ ACS ws ─▶ AcsFrameHandler ─▶ engine.accept / stop / manifest
 *  engine ─▶ ReportQueue ─▶ Submit{Task,Container}StateChange ─▶ (STOPPED acked) forget + cleanup
 *  engine ─▶ health changes ─▶ TCS PublishHealthRequest (also every metrics interval)
 *  engine ─▶ StateWriter ─▶ dataDir/agent-state.json
 * </pre>
 */
public final class BerthAgent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BerthAgent.class);
    public static final String AGENT_VERSION = "1.105.1";
    public static final String AGENT_HASH = "berth001";
    public static final String BERTH_VERSION = "Berth Agent v0.1.0 (ECS agent protocol " + AGENT_VERSION + ")";

    private final AgentConfig config;
    private final ContainerRuntime runtime;
    private final boolean ownsRuntime;
    private final AgentClients clients;
    private final boolean ownsClients;
    private final SigV4Signer signer;
    private final EcsApiClient api;
    private final StateFile stateFile;
    private final AtomicLong seqNum = new AtomicLong(1);
    private final CredentialsStore credentials = new CredentialsStore();
    private final Set<Thread> cleanups = ConcurrentHashMap.newKeySet();
    private volatile String containerInstanceArn;
    private volatile TaskEngine engine;
    private StateWriter writer;
    private volatile ImagePuller puller;
    private ReportQueue reports;
    private AcsSession acs;
    private volatile TcsSession tcs;
    private IntrospectionServer introspection;
    private String dockerVersion;
    private volatile boolean closed;

    /** An agent on the Docker engine at {@link AgentConfig#dockerHost()}. */
    public BerthAgent(AgentConfig config) {
        this(config, new DockerRuntime(config.dockerHost()), true, null);
    }

    /** An agent on another runtime (e.g. a simulated one); the caller closes the runtime. */
    public BerthAgent(AgentConfig config, ContainerRuntime runtime) {
        this(config, runtime, false, null);
    }

    /**
     * An agent on another runtime that talks through {@code clients}, which other agents in this JVM
     * may share; the caller closes the runtime and the clients (after every agent using them).
     */
    public BerthAgent(AgentConfig config, ContainerRuntime runtime, AgentClients clients) {
        this(config, runtime, false, java.util.Objects.requireNonNull(clients, "clients"));
    }

    private BerthAgent(AgentConfig config, ContainerRuntime runtime, boolean ownsRuntime, AgentClients shared) {
        this.config = config;
        this.runtime = runtime;
        this.ownsRuntime = ownsRuntime;
        this.ownsClients = shared == null;
        this.clients = shared == null ? AgentClients.start() : shared;
        this.signer = new SigV4Signer(config.accessKeyId(), config.secretAccessKey(), config.region(), "ecs");
        this.api = new EcsApiClient(config.endpoint(), signer, Duration.ofSeconds(30), clients.http(), clients.callsInFlight());
        this.stateFile = new StateFile(config.dataDir());
    }

    /**
     * Registers, restores saved tasks, and connects. Returns once the ACS session is up.
     *
     * @throws IllegalStateException if the state file belongs to another cluster, or ACS cannot be reached in time
     */
    public synchronized void start() throws EcsApiException, InterruptedException {
        AgentState saved = stateFile.load().orElse(AgentState.empty(config.cluster()));
        if (saved.containerInstanceArn() != null && !config.cluster().equals(saved.cluster())) {
            throw new IllegalStateException("state in " + stateFile.path() + " is for cluster " + saved.cluster()
                    + ", not " + config.cluster() + "; use another data directory");
        }
        dockerVersion = runtime.version();
        RegistrationRequest.Input input = new RegistrationRequest.Input(config.cluster(), saved.containerInstanceArn(),
                config.cpu(), config.memoryMiB(), config.reservedPorts(), List.of(), config.attributes(),
                config.hostAddress(), AGENT_VERSION, AGENT_HASH, dockerVersion, Registration.newClientToken());
        containerInstanceArn = Registration.register(api, input, config.startTimeout());
        log.info("registered as {}", containerInstanceArn);

        List<TaskRecord> savedTasks = saved.tasks();
        if (saved.containerInstanceArn() != null && !saved.containerInstanceArn().equals(containerInstanceArn)) {
            log.warn("the server gave a new instance ARN (was {}); the old instance's containers are removed",
                    saved.containerInstanceArn());
            runtime.listByLabel(Labels.CONTAINER_INSTANCE_ARN, saved.containerInstanceArn()).forEach(c -> runtime.remove(c.id()));
            savedTasks = List.of();
        } else {
            seqNum.set(saved.seqNum());
        }

        writer = new StateWriter(stateFile, this::snapshot);
        reports = new ReportQueue(this::send, this::delivered, Duration.ofMillis(200), Duration.ofSeconds(30));
        engine = new TaskEngine(runtime, reports, writer::requestSave, config.cluster(), containerInstanceArn,
                config.hostAddress(), config.containerStopTimeout(), config.containerStartTimeout(), this::healthChanged);
        puller = new ImagePuller(runtime, config.imagePullBehavior(),
                new RegistryCredentials(config.endpoint(), config.accessKeyId(), config.secretAccessKey(), config.region(),
                        clients.http()), saved.pulledImages(), writer::requestSave);
        engine.usePuller(puller);
        engine.rememberFinished(saved.finishedTasks());
        engine.start();
        List<ContainerState> own = runtime.listByLabel(Labels.CONTAINER_INSTANCE_ARN, containerInstanceArn);
        engine.restore(savedTasks, own);
        for (ContainerState stranger : engine.strangers(own)) {
            log.info("removing container {} ({}): labelled with this instance but unknown to its state", stranger.id(), stranger.name());
            runtime.remove(stranger.id());
        }
        writer.saveNow();

        startIntrospection();
        startSessions();
        if (!acs.awaitConnected(config.startTimeout())) {
            throw new IllegalStateException("no ACS connection within " + config.startTimeout());
        }
    }

    private void startIntrospection() {
        if (config.introspectionPort() < 0) return;
        introspection = new IntrospectionServer(config.hostAddress(), config.introspectionPort(), config.cluster(),
                this::containerInstanceArn, BERTH_VERSION, () -> engine.tasks());
        try {
            introspection.start();
        } catch (Exception e) {
            log.warn("introspection endpoint on {}:{} could not start: {}", config.hostAddress(), config.introspectionPort(), e.toString());
            introspection = null;
        }
    }

    private void startSessions() throws InterruptedException {
        WebSocketClient wsClient = clients.websockets();
        SessionParams params = new SessionParams(config.cluster(), containerInstanceArn, AGENT_VERSION, AGENT_HASH,
                dockerVersion, config.heartbeatTimeout(), config.maxConnectionAge(), config.reconnectMin(),
                config.reconnectMax(), config.metricsInterval());
        AcsFrameHandler frames = new AcsFrameHandler(config.cluster(), containerInstanceArn, new SessionTarget());
        acs = new AcsSession(wsClient, signer, params, () -> discover().path("endpoint").asText(), seqNum::get, frames);
        tcs = new TcsSession(wsClient, signer, params, () -> discover().path("telemetryEndpoint").asText(),
                () -> engine.tasks().stream().noneMatch(TaskRecord::isActive), () -> engine.tasks());
        acs.start();
        tcs.start();
    }

    /** Container health goes to the control plane only over TCS, as with the ECS agent. */
    private void healthChanged(TaskRecord task) {
        TcsSession t = tcs;
        if (t != null) t.publishHealth(task);
    }

    private JsonNode discover() throws EcsApiException, InterruptedException {
        JsonNode r = api.call("DiscoverPollEndpoint",
                Map.of("cluster", config.cluster(), "containerInstance", containerInstanceArn, "zoneId", ""));
        if (!r.hasNonNull("endpoint")) throw new EcsApiException("ServerException", "no endpoint in DiscoverPollEndpoint", 200, null);
        return r;
    }

    /** Effects of ACS frames. */
    private final class SessionTarget implements AcsFrameHandler.Target {
        @Override
        public void acceptTasks(List<AcsTask> tasks, Integer seq) {
            engine.accept(tasks);
            if (seq != null) seqNum.accumulateAndGet(seq, Math::max);
            writer.saveNow();
        }

        @Override
        public List<TaskIdentifier> stopCandidates(Set<String> manifestTaskArns) {
            return engine.stopCandidates(manifestTaskArns);
        }

        @Override
        public void stopTasks(List<String> taskArns) {
            engine.stop(taskArns);
        }

        @Override
        public void storeCredentials(String taskArn, String roleType, IamRoleCredentials c) {
            credentials.put(taskArn, roleType, c);
        }
    }

    private void send(StateChange change) throws EcsApiException, InterruptedException {
        api.call(StateChangeRequests.operation(change), StateChangeRequests.body(config.cluster(), change));
    }

    private void delivered(StateChange change) {
        if (!(change instanceof StateChange.TaskChanged t) || t.task().known() != TaskStatus.STOPPED) return;
        List<String> ids = engine.forget(change.taskArn());
        credentials.removeTask(change.taskArn());
        if (ids.isEmpty()) return;
        Thread cleanup = Thread.ofVirtual().unstarted(() -> {
            try {
                Thread.sleep(config.taskCleanupWait());
                for (String id : ids) runtime.remove(id);
            } catch (InterruptedException e) {
                // agent closing: a restarted agent removes these as strangers
            } catch (RuntimeException e) {
                log.warn("removing containers of {} failed: {}", change.taskArn(), e.getMessage());
            } finally {
                cleanups.remove(Thread.currentThread());
            }
        });
        cleanups.add(cleanup);
        cleanup.start();
    }

    private AgentState snapshot() {
        TaskEngine e = engine;
        ImagePuller p = puller;
        return new AgentState(AgentState.CURRENT_VERSION, config.cluster(), containerInstanceArn, seqNum.get(),
                e == null ? List.of() : e.tasks(), e == null ? List.of() : e.recentlyFinished(), p == null ? List.of() : p.pulled());
    }

    public String containerInstanceArn() {
        return containerInstanceArn;
    }

    public AgentConfig config() {
        return config;
    }

    /** The tasks this agent knows now (not yet reported STOPPED). */
    public List<TaskRecord> tasks() {
        TaskEngine e = engine;
        return e == null ? List.of() : e.tasks();
    }

    public Optional<TaskRecord> task(String arn) {
        TaskEngine e = engine;
        return e == null ? Optional.empty() : e.task(arn);
    }

    /** The introspection endpoint's port, or -1 when it is not running. */
    public int introspectionPort() {
        return introspection == null ? -1 : introspection.port();
    }

    public boolean acsConnected() {
        return acs != null && acs.connected();
    }

    /** The server said this instance was deregistered; the agent no longer reconnects. */
    public boolean inactive() {
        return acs != null && acs.inactive();
    }

    public Optional<CredentialsStore.Entry> credentials(String credentialsId) {
        return credentials.get(credentialsId);
    }

    /** Stops the agent; task containers keep running and are adopted by the next start. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        List<AutoCloseable> parts = new ArrayList<>();
        if (acs != null) parts.add(acs);
        if (tcs != null) parts.add(tcs);
        if (introspection != null) parts.add(introspection);
        if (engine != null) parts.add(engine);
        if (reports != null) parts.add(reports);
        if (writer != null) parts.add(writer);
        for (AutoCloseable p : parts) {
            try {
                p.close();
            } catch (Exception e) {
                log.warn("closing {}", p.getClass().getSimpleName(), e);
            }
        }
        cleanups.forEach(Thread::interrupt);
        if (ownsClients) clients.close();
        if (ownsRuntime) runtime.close();
    }
}
