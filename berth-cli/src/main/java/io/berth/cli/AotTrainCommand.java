package io.berth.cli;

import io.berth.server.BerthServer;
import io.berth.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berth aot-train}: runs a server on a loopback port the system picks and a temporary
 * directory it deletes afterwards, drives it with {@link AotTraining} from a second JVM, and exits.
 * The launcher runs it once per build under {@code -XX:AOTCacheOutput}, so this JVM, which ran only
 * the server, writes the AOT cache when it exits.
 */
@Command(name = "aot-train", hidden = true, mixinStandardHelpOptions = true,
        description = "Exercise a throwaway server (for recording the JVM's AOT cache).")
final class AotTrainCommand implements Callable<Integer> {
    @Option(names = "--rounds", description = "Image pushes and pulls (default ${DEFAULT-VALUE}).")
    int rounds = 1;

    @Option(names = "--layer-mib", description = "Size of each of an image's four layers, in MiB (default ${DEFAULT-VALUE}).")
    int layerMib = 16;

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("berth-aot-train");
        BerthServer server = null;
        Process client = null;
        // Ctrl-C or a kill ends the JVM without running the finally below
        Thread cleanUp = new Thread(() -> deleteQuietly(dir));
        Runtime.getRuntime().addShutdownHook(cleanUp);
        try {
            server = Launch.server(new ServerConfig("127.0.0.1", 0, null, dir.resolve("server"), null, null));
            String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            client = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), AotTraining.class.getName(),
                    server.url(), Integer.toString(rounds), Integer.toString(layerMib * 1024 * 1024))).inheritIO().start();
            if (!client.waitFor(3, TimeUnit.MINUTES)) {
                System.err.println("aot-train: the workload did not finish within 3 minutes");
                return 1;
            }
            if (client.exitValue() != 0) System.err.println("aot-train: the workload failed (exit " + client.exitValue() + ")");
            return client.exitValue() == 0 ? 0 : 1;
        } finally {
            if (client != null) client.destroyForcibly();
            if (server != null) server.close();
            deleteQuietly(dir);
            Runtime.getRuntime().removeShutdownHook(cleanUp);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            delete(dir);
        } catch (IOException | UncheckedIOException e) {
            System.err.println("aot-train: could not delete " + dir + ": " + e.getMessage());
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
