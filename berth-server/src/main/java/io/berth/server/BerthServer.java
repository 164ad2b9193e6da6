package io.berth.server;

import io.berth.registry.Registry;
import io.berth.registry.meta.Keys;
import io.berth.server.api.AwsJsonHandler;
import io.berth.server.ecs.EcsApi;
import io.berth.server.ecs.EcsContext;
import io.berth.server.gateway.Gateway;
import io.berth.server.gateway.GatewayEndpoints;
import io.berth.server.secrets.SecretArns;
import io.berth.server.secrets.SecretPurger;
import io.berth.server.secrets.SecretsApi;
import io.berth.server.secrets.SecretsContext;
import io.berth.server.service.ServiceController;
import io.berth.server.state.Committer;
import io.berth.server.state.State;
import io.berth.server.state.StoppedTaskJanitor;
import java.time.Duration;
import io.berth.store.StateStore;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane on one HTTP port: AWS JSON APIs, the agent websockets, and a health page. It
 * loads the whole store into memory at start and writes through the single {@link Committer}.
 */
public final class BerthServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BerthServer.class);

    private final ServerConfig config;
    private final StateStore store;
    private final State state = new State();
    private final Committer committer;
    private final Gateway gateway;
    private final Server jetty;
    private final Registry registry;
    private volatile String baseUrl;
    private ServiceController services;
    private StoppedTaskJanitor janitor;
    private SecretPurger secretPurger;

    public BerthServer(ServerConfig config, StateStore store) {
        this.config = config;
        this.store = store;
        state.load(store.range("").stream().filter(kv -> !kv.key().startsWith(Keys.PREFIX)).toList());
        this.committer = new Committer(store, state);
        this.gateway = new Gateway(state, config.arns().account(), config.heartbeat());
        this.registry = new Registry(config.dataDir(), store, config.arns().account(), config.arns().region(), Clock.systemUTC(), this::url);
        committer.addEagerListener(gateway);
        gateway.onTelemetry(new io.berth.server.ecs.HealthReports(committer));

        QueuedThreadPool pool = new QueuedThreadPool(64, 4);
        pool.setName("berth-http");
        pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        jetty = new Server(pool);
        ServerConnector connector = new ServerConnector(jetty);
        // image layers arrive as one long request body: read the socket in 64 KiB steps, not 8 KiB
        connector.getConnectionFactory(org.eclipse.jetty.server.HttpConnectionFactory.class).setInputBufferSize(64 * 1024);
        connector.setHost(config.bindAddress());
        connector.setPort(config.port());
        jetty.addConnector(connector);
    }

    /** Starts listening; returns once the port is bound. */
    public BerthServer start() throws Exception {
        EcsContext ctx = new EcsContext(state, committer, config.arns(), Clock.systemUTC(), gateway::connected, this::url);
        services = new ServiceController(ctx, config.services(), config.serviceTick());
        janitor = new StoppedTaskJanitor(committer, ctx.clock(), config.stoppedTaskRetention(),
                config.stoppedTaskRetention().compareTo(Duration.ofMinutes(1)) < 0 ? config.stoppedTaskRetention() : Duration.ofMinutes(1));
        committer.addListener(services);
        EcsApi ecs = new EcsApi(ctx);
        SecretsApi secrets = new SecretsApi(new SecretsContext(state, committer,
                new SecretArns(config.arns().region(), config.arns().account()), Clock.systemUTC()));
        secretPurger = new SecretPurger(committer, Clock.systemUTC(), Duration.ofMinutes(10));
        AwsJsonHandler api = new AwsJsonHandler(Map.of(ecs.targetPrefix(), ecs, registry.api().targetPrefix(), registry.api(),
                secrets.targetPrefix(), secrets),
                registry.handler(new HealthHandler(committer)));
        jetty.setHandler(GatewayEndpoints.wrap(jetty, gateway, api));
        jetty.start();
        int port = ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
        baseUrl = config.advertisedUrl() != null ? config.advertisedUrl() : "http://" + config.bindAddress() + ":" + port;
        log.info("Berth control plane listening on {}", baseUrl);
        return this;
    }

    public int port() {
        return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    }

    /** The base URL clients and agents use, e.g. http://127.0.0.1:4566. */
    public String url() {
        return baseUrl;
    }

    public State state() {
        return state;
    }

    public Committer committer() {
        return committer;
    }

    public Gateway gateway() {
        return gateway;
    }

    public Registry registry() {
        return registry;
    }

    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            log.warn("stopping HTTP server", e);
        }
        if (services != null) services.close();
        if (janitor != null) janitor.close();
        if (secretPurger != null) secretPurger.close();
        gateway.close();
        registry.close();
        committer.close();
        store.close();
    }
}
