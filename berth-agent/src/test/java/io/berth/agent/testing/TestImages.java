package io.berth.agent.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Images the Docker tests use, built locally (there is no registry to pull from). */
public final class TestImages {
    public static final String BUSYBOX = "berth-test/busybox:latest";

    private TestImages() {}

    /** Builds {@link #BUSYBOX} from the host's static busybox unless it is there already. */
    public static synchronized String ensureBusybox() {
        if (run(List.of("docker", "image", "inspect", BUSYBOX)) == 0) return BUSYBOX;
        try {
            Path dir = Files.createTempDirectory("berth-busybox");
            Files.copy(Path.of("/bin/busybox"), dir.resolve("busybox"));
            Files.writeString(dir.resolve("Dockerfile"), """
                    FROM scratch
                    COPY busybox /bin/busybox
                    RUN ["/bin/busybox","--install","-s","/bin"]
                    CMD ["sh"]
                    """);
            if (run(List.of("docker", "build", "-q", "-t", BUSYBOX, dir.toString())) != 0) {
                throw new IllegalStateException("docker build of " + BUSYBOX + " failed");
            }
            return BUSYBOX;
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare the busybox build context", e);
        }
    }

    public static int run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Removes every container carrying {@code label=value}, running or not. */
    public static void removeLabelled(String label, String value) {
        try {
            Process p = new ProcessBuilder("docker", "ps", "-aq", "--filter", "label=" + label + "=" + value).start();
            String ids = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor(30, TimeUnit.SECONDS);
            if (!ids.isEmpty()) {
                var cmd = new java.util.ArrayList<>(List.of("docker", "rm", "-f", "-v"));
                cmd.addAll(List.of(ids.split("\\s+")));
                run(cmd);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
