package io.berth.cli;

import io.berth.server.BerthServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code berth server}: the control plane alone, on the embedded store. */
@Command(name = "server", mixinStandardHelpOptions = true, description = "Run the control plane only.")
final class ServerCommand implements Callable<Integer> {
    @Mixin
    ServerOptions options = new ServerOptions();

    @Override
    public Integer call() throws Exception {
        BerthServer server = Launch.server(options.config());
        System.out.println("Berth control plane on " + server.url());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }
}
