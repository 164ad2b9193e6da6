package io.berth.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs client command lines (docker with its own config dir, the aws CLI) for the registry tests. */
final class Shell {
    private final Map<String, String> env;

    /** @param dockerConfig a private DOCKER_CONFIG, so logins never touch the user's */
    Shell(String endpoint, Path dockerConfig) {
        this.env = Map.of("DOCKER_CONFIG", dockerConfig.toString(), "AWS_ACCESS_KEY_ID", "berth", "AWS_SECRET_ACCESS_KEY", "berth",
                "AWS_DEFAULT_REGION", "us-east-1", "BERTH_ENDPOINT", endpoint, "AWS_PAGER", "");
    }

    /**
     * @param out    what the command printed, standard output then standard error (for messages)
     * @param stdout standard output alone (for values, e.g. a password a CLI prints)
     */
    record Result(int exit, String out, String stdout) {}

    Result run(String... cmd) {
        return withInput(null, cmd);
    }

    /** Runs {@code cmd} with {@code stdin} (may be null); never throws for a non-zero exit. */
    Result withInput(String stdin, String... cmd) {
        try {
            ProcessBuilder pb = new ProcessBuilder(List.of(cmd));
            pb.environment().putAll(env);
            pb.environment().remove("AWS_CA_BUNDLE");
            Process p = pb.start();
            if (stdin != null) p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            var err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()), Thread::startVirtualThread);
            String out = read(p.getInputStream());
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + List.of(cmd));
            }
            return new Result(p.exitValue(), (out + "\n" + err.join()).strip(), out.strip());
        } catch (IOException e) {
            throw new AssertionError("cannot run " + List.of(cmd), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code cmd}, failing the test on a non-zero exit; returns its standard output. */
    String ok(String... cmd) {
        Result r = run(cmd);
        if (r.exit() != 0) throw new AssertionError(List.of(cmd) + " exited " + r.exit() + ":\n" + r.out());
        return r.stdout();
    }

    /** An aws ecr command against Berth, with JSON output. */
    String ecr(String... args) {
        String[] cmd = new String[args.length + 6];
        cmd[0] = "/usr/bin/aws"; // Debian's aws CLI v2; a v1 may come first on PATH
        cmd[1] = "ecr";
        System.arraycopy(args, 0, cmd, 2, args.length);
        cmd[args.length + 2] = "--endpoint-url";
        cmd[args.length + 3] = env.get("BERTH_ENDPOINT");
        cmd[args.length + 4] = "--output";
        cmd[args.length + 5] = "json";
        return ok(cmd);
    }
}
