package io.berth.server;

import io.berth.model.Arns;
import io.berth.server.service.ServiceReconciler;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How a control plane runs.
 *
 * @param bindAddress   the address the HTTP port listens on
 * @param port          the one HTTP port for every API, the registry and the agent websockets (0 = any free)
 * @param advertisedUrl the base URL agents are told to reach (null: http://bindAddress:port)
 * @param dataDir       where the embedded store keeps its files
 * @param heartbeat     how often ACS sessions get a HeartbeatMessage (agents drop a silent connection after about a minute)
 */
public record ServerConfig(String bindAddress, int port, String advertisedUrl, Path dataDir, Arns arns, Duration heartbeat,
                           ServiceReconciler.Settings services, Duration serviceTick, Duration stoppedTaskRetention) {
    public static final int DEFAULT_PORT = 4566;

    public ServerConfig {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535");
        if (heartbeat == null) heartbeat = Duration.ofSeconds(20);
        if (arns == null) arns = Arns.defaults();
        if (bindAddress == null) bindAddress = "127.0.0.1";
        if (services == null) services = ServiceReconciler.Settings.defaults();
        if (serviceTick == null) serviceTick = Duration.ofSeconds(1);
        if (stoppedTaskRetention == null) stoppedTaskRetention = Duration.ofHours(1);
    }

    public ServerConfig(String bindAddress, int port, String advertisedUrl, Path dataDir, Arns arns, Duration heartbeat) {
        this(bindAddress, port, advertisedUrl, dataDir, arns, heartbeat, null, null, null);
    }

    /** The same, with service scheduler timings (tests shorten the launch backoff and the tick). */
    public ServerConfig withServices(ServiceReconciler.Settings s, Duration tick) {
        return new ServerConfig(bindAddress, port, advertisedUrl, dataDir, arns, heartbeat, s, tick, stoppedTaskRetention);
    }

    public static ServerConfig defaults(Path dataDir) {
        return new ServerConfig("127.0.0.1", DEFAULT_PORT, null, dataDir, Arns.defaults(), Duration.ofSeconds(20));
    }

    public ServerConfig withPort(int p) {
        return new ServerConfig(bindAddress, p, advertisedUrl, dataDir, arns, heartbeat, services, serviceTick, stoppedTaskRetention);
    }

    /** The same, keeping stopped tasks visible for {@code retention} (ECS: about an hour). */
    public ServerConfig withStoppedTaskRetention(Duration retention) {
        return new ServerConfig(bindAddress, port, advertisedUrl, dataDir, arns, heartbeat, services, serviceTick, retention);
    }
}
