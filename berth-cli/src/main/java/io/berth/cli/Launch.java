package io.berth.cli;

import io.berth.agent.AgentConfig;
import io.berth.agent.BerthAgent;
import io.berth.server.BerthServer;
import io.berth.server.ServerConfig;
import io.berth.store.StateStore;
import io.berth.store.sqlite.SqliteStateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Starts the pieces the commands run. */
final class Launch {
    private Launch() {}

    static BerthServer server(ServerConfig config) throws Exception {
        Files.createDirectories(config.dataDir());
        StateStore store = SqliteStateStore.open(config.dataDir());
        try {
            return new BerthServer(config, store).start();
        } catch (Exception e) {
            store.close();
            throw e;
        }
    }

    static BerthAgent agent(AgentConfig config) throws Exception {
        BerthAgent agent = new BerthAgent(config);
        agent.start();
        return agent;
    }

    /** The id of this machine, so local hosts on it share host-mode ports; falls back to the host name. */
    static String machineId() {
        for (Path p : new Path[] {Path.of("/etc/machine-id"), Path.of("/var/lib/dbus/machine-id")}) {
            try {
                String id = Files.readString(p).strip();
                if (!id.isEmpty()) return id;
            } catch (IOException ignored) {
                // try the next place
            }
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
