package io.berth.cli;

import io.berth.model.Arns;
import io.berth.server.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Options shared by {@code up} and {@code server}. */
final class ServerOptions {
    @Option(names = "--port", description = "HTTP port for every API and the agent websockets (default ${DEFAULT-VALUE}).")
    int port = ServerConfig.DEFAULT_PORT;

    @Option(names = "--bind", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String bind = "127.0.0.1";

    @Option(names = "--advertise-url", description = "Base URL agents should use, when it differs from http://<bind>:<port>.")
    String advertiseUrl;

    @Option(names = "--data-dir", description = "Where Berth keeps its state (default ${DEFAULT-VALUE}).")
    Path dataDir = Path.of(".berth");

    @Option(names = "--region", description = "Region in ARNs (default ${DEFAULT-VALUE}).")
    String region = Arns.DEFAULT_REGION;

    @Option(names = "--account", description = "Account id in ARNs (default ${DEFAULT-VALUE}).")
    String account = Arns.DEFAULT_ACCOUNT;

    ServerConfig config() {
        return new ServerConfig(bind, port, advertiseUrl, dataDir.resolve("server"), new Arns(region, account), Duration.ofSeconds(20));
    }
}
