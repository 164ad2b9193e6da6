package io.berth.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs client command lines (docker with its own config dir, the aws CLI) for the registry tests. */
final class Shell {
    private final Map<String, String> env;

    /** @param dockerConfig a private DOCKER_CONFIG, so logins never touch the user's */
    Shell(String endpoint, Path dockerConfig) {
        this.env = Map.of("DOCKER_CONFIG", dockerConfig.toString(), "AWS_ACCESS_KEY_ID", "berth", "AWS_SECRET_ACCESS_KEY", "berth",
                "AWS_DEFAULT_REGION", "us-east-1", "BERTH_ENDPOINT", endpoint, "AWS_PAGER", "");
    }

    record Result(int exit, String out) {}

    Result run(String... cmd) {
        return withInput(null, cmd);
    }

    /** Runs {@code cmd} with {@code stdin} (may be null); never throws for a non-zero exit. */
    Result withInput(String stdin, String... cmd) {
        try {
            ProcessBuilder pb = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true);
            pb.environment().putAll(env);
            pb.environment().remove("AWS_CA_BUNDLE");
            Process p = pb.start();
            if (stdin != null) p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + List.of(cmd));
            }
            return new Result(p.exitValue(), out.strip());
        } catch (IOException e) {
            throw new AssertionError("cannot run " + List.of(cmd), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Runs {@code cmd}, failing the test on a non-zero exit; returns its output. */
    String ok(String... cmd) {
        Result r = run(cmd);
        if (r.exit() != 0) throw new AssertionError(List.of(cmd) + " exited " + r.exit() + ":\n" + r.out());
        return r.out();
    }

    /** An aws ecr command against Berth, with JSON output. */
    String ecr(String... args) {
        String[] cmd = new String[args.length + 6];
        cmd[0] = "aws";
        cmd[1] = "ecr";
        System.arraycopy(args, 0, cmd, 2, args.length);
        cmd[args.length + 2] = "--endpoint-url";
        cmd[args.length + 3] = env.get("BERTH_ENDPOINT");
        cmd[args.length + 4] = "--output";
        cmd[args.length + 5] = "json";
        return ok(cmd);
    }
}
