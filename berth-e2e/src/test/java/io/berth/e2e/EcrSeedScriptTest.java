package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The seed commands (aws ecr create-repository, get-login-password | docker login, tag, push, pull) as ecr/seed.sh. */
class EcrSeedScriptTest {
    @Test
    void seedWorkflowWithTheAwsCliAndDocker() throws Exception {
        assertThat(Path.of("/usr/bin/aws")).as("Debian's awscli package (v2) must be installed").exists();
        Path dockerConfig = Files.createTempDirectory("berth-docker-config");
        try (Harness h = new Harness("seed").startServer()) {
            File dir = new File(EcrSeedScriptTest.class.getResource("/ecr/seed.sh").toURI()).getParentFile();
            Path log = Files.createTempFile("berth-ecr-seed", ".log");
            ProcessBuilder pb = new ProcessBuilder("bash", "seed.sh").directory(dir).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("BERTH_ENDPOINT", h.url());
            pb.environment().put("DOCKER_CONFIG", dockerConfig.toString());
            Process p = pb.start();
            boolean finished = p.waitFor(180, TimeUnit.SECONDS);
            String out = Files.readString(log);
            if (!finished) p.destroyForcibly();
            assertThat(finished).as("script finished; output:\n%s", out).isTrue();
            assertThat(p.exitValue()).as("script output:\n%s", out).isZero();
            assertThat(out).contains("Login Succeeded").contains("ecr seed: ok");
        } finally {
            try (var files = Files.walk(dockerConfig)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
