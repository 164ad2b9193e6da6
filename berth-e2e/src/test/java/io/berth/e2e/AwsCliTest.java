package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The user story as a shell script with Debian's aws CLI v2 (src/test/resources/cli/user-story.sh). */
class AwsCliTest {
    @Test
    void userStoryWithTheAwsCli() throws Exception {
        assertThat(Path.of("/usr/bin/aws")).as("Debian's awscli package (v2) must be installed").exists();
        try (Harness h = new Harness("cli").startServer()) {
            h.ecs().createCluster(b -> b.clusterName("cli"));
            h.startAgent(1);
            h.startAgent(2);
            File dir = new File(AwsCliTest.class.getResource("/cli/user-story.sh").toURI()).getParentFile();
            Path log = Files.createTempFile("berth-cli-story", ".log");
            ProcessBuilder pb = new ProcessBuilder("bash", "user-story.sh").directory(dir).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("BERTH_ENDPOINT", h.url());
            pb.environment().put("BERTH_CLUSTER", "cli");
            Process p = pb.start();
            boolean finished = p.waitFor(180, TimeUnit.SECONDS);
            String out = Files.readString(log, StandardCharsets.UTF_8);
            if (!finished) p.destroyForcibly();
            assertThat(finished).as("script finished; output:\n%s", out).isTrue();
            assertThat(p.exitValue()).as("script output:\n%s", out).isZero();
            assertThat(out).contains("cli user story: ok");
        }
    }
}
