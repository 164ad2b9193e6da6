package io.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.server.BerthServer;
import io.berth.server.ServerConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The AOT training workload runs through against a real server, and fails loudly when the server answers otherwise. */
class AotTrainingTest {
    @TempDir
    Path dir;
    BerthServer server;

    @BeforeEach
    void start() throws Exception {
        server = Launch.server(new ServerConfig("127.0.0.1", 0, null, dir.resolve("server"), null, null));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void pushesAndPullsEveryLayerOfEachRound() throws Exception {
        AotTraining.Report r = AotTraining.run(URI.create(server.url()), 2, 300_000);
        // 2 rounds x 4 layers, each read back whole with its digest checked
        assertThat(r.bytesPushed()).isEqualTo(2 * 4 * 300_000L);
        assertThat(r.bytesPulled()).isEqualTo(r.bytesPushed());
        assertThat(r.calls()).isGreaterThan(2 * 30);
    }

    @Test
    void theCommandRunsTheWorkloadInASecondJvmAndLeavesNothingBehind() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Set<Path> before = trainingDirs(tmp);
        int exit = new CommandLine(new Main()).execute("aot-train", "--layer-mib", "1");
        assertThat(exit).isZero();
        assertThat(trainingDirs(tmp)).isEqualTo(before);
    }

    private static Set<Path> trainingDirs(Path tmp) throws IOException {
        try (Stream<Path> all = Files.list(tmp)) {
            return all.filter(p -> p.getFileName().toString().startsWith("berth-aot-train")).collect(Collectors.toSet());
        }
    }

    @Test
    void anAnswerOtherThanTheExpectedOneStopsTheRun() throws Exception {
        AotTraining.run(URI.create(server.url()), 1, 1000);
        // the repository exists now, so a second run's CreateRepository is refused
        assertThatThrownBy(() -> AotTraining.run(URI.create(server.url()), 1, 1000))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CreateRepository").hasMessageContaining("answered 400, expected 200")
                .hasMessageContaining("RepositoryAlreadyExistsException");
    }
}
