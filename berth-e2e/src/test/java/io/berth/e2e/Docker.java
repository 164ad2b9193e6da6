package io.berth.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The docker CLI, for what tests check behind Berth's back and for the locally built test image. */
final class Docker {
    static final String BUSYBOX = "berth-test/busybox:latest";

    private Docker() {}

    /** Runs a docker command; returns its stdout, failing the test on a non-zero exit. */
    static String run(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("docker");
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + cmd);
            }
            if (p.exitValue() != 0) throw new IllegalStateException(cmd + " failed: " + out);
            return out.strip();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run docker", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Builds {@link #BUSYBOX} from Debian's static busybox unless it exists: no pulls from anywhere. */
    static synchronized String ensureBusybox() {
        try {
            run("image", "inspect", BUSYBOX);
            return BUSYBOX;
        } catch (IllegalStateException missing) {
            try {
                Path dir = Files.createTempDirectory("berth-busybox");
                Files.copy(Path.of("/bin/busybox"), dir.resolve("busybox"));
                Files.writeString(dir.resolve("Dockerfile"),
                        "FROM scratch\nCOPY busybox /bin/busybox\nRUN [\"/bin/busybox\",\"--install\",\"-s\",\"/bin\"]\nCMD [\"sh\"]\n");
                run("build", "-q", "-t", BUSYBOX, dir.toString());
                return BUSYBOX;
            } catch (IOException e) {
                throw new IllegalStateException("cannot build " + BUSYBOX + " (is busybox-static installed?)", e);
            }
        }
    }

    /** Ids of containers (running or not) with {@code label=value}. */
    static List<String> containers(String label, String value, boolean all) {
        String out = all ? run("ps", "-aq", "--filter", "label=" + label + "=" + value)
                : run("ps", "-q", "--filter", "label=" + label + "=" + value);
        return out.isEmpty() ? List.of() : List.of(out.split("\\s+"));
    }

    static void removeAll(String label, String value) {
        List<String> ids = containers(label, value, true);
        if (ids.isEmpty()) return;
        List<String> args = new ArrayList<>(List.of("rm", "-f", "-v"));
        args.addAll(ids);
        run(args.toArray(String[]::new));
    }
}
