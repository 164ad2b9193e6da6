package io.berth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The user story with real clients other than the Java SDK: Debian's aws CLI v2 (cli/user-story.sh) and boto3 (boto3/smoke.py). */
class ClientScriptsTest {
    @Test
    void userStoryWithTheAwsCli() throws Exception {
        assertThat(Path.of("/usr/bin/aws")).as("Debian's awscli package (v2) must be installed").exists();
        assertThat(runScript("cli", "/cli/user-story.sh", "bash", "user-story.sh")).contains("cli user story: ok");
    }

    @Test
    void userStoryWithBoto3() throws Exception {
        assertThat(runScript("py", "/boto3/smoke.py", "/usr/bin/python3", "smoke.py")).contains("boto3 smoke: ok");
    }

    /** Runs a client script against a fresh Berth with two local hosts; returns its output, failing on a non-zero exit. */
    private static String runScript(String cluster, String resource, String... command) throws Exception {
        try (Harness h = new Harness(cluster).startServer()) {
            h.ecs().createCluster(b -> b.clusterName(cluster));
            h.startAgent(1);
            h.startAgent(2);
            File dir = new File(ClientScriptsTest.class.getResource(resource).toURI()).getParentFile();
            Path log = Files.createTempFile("berth-client-script", ".log");
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("BERTH_ENDPOINT", h.url());
            pb.environment().put("BERTH_CLUSTER", cluster);
            Process p = pb.start();
            boolean finished = p.waitFor(180, TimeUnit.SECONDS);
            String out = Files.readString(log, StandardCharsets.UTF_8);
            if (!finished) p.destroyForcibly();
            assertThat(finished).as("script finished; output:\n%s", out).isTrue();
            assertThat(p.exitValue()).as("script output:\n%s", out).isZero();
            return out;
        }
    }
}
