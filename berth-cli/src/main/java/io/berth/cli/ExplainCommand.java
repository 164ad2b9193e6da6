package io.berth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.agent.api.EcsApiClient;
import io.berth.wire.sigv4.SigV4Signer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth explain}: how RunTask would place a task now, instance by instance, without placing it. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Show which rule accepts or rejects each instance for a task, and each strategy's score.")
final class ExplainCommand implements Callable<Integer> {
    @Option(names = "--endpoint", description = "The control plane (default ${DEFAULT-VALUE}).")
    URI endpoint = URI.create("http://127.0.0.1:4566");

    @Option(names = "--cluster", description = "Cluster (default ${DEFAULT-VALUE}).")
    String cluster = "default";

    @Option(names = "--task-definition", required = true, description = "family, family:revision or ARN.")
    String taskDefinition;

    @Option(names = "--group", description = "Task group (default family:<name>).")
    String group;

    @Option(names = "--constraint", description = "distinctInstance, or memberOf=<expression> (repeatable).")
    List<String> constraints = new ArrayList<>();

    @Option(names = "--strategy", description = "random, binpack=cpu|memory, spread=<field> (repeatable, in order).")
    List<String> strategies = new ArrayList<>();

    @Option(names = "--limit", description = "Instances to list (default ${DEFAULT-VALUE}).")
    int limit = 20;

    @Option(names = "--json", description = "Print the raw reply.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ObjectMapper m = new ObjectMapper();
        ObjectNode req = m.createObjectNode().put("cluster", cluster).put("taskDefinition", taskDefinition).put("limit", limit);
        if (group != null) req.put("group", group);
        ArrayNode cs = req.putArray("placementConstraints");
        for (String c : constraints) {
            if (c.startsWith("memberOf=")) cs.addObject().put("type", "memberOf").put("expression", c.substring(9));
            else cs.addObject().put("type", c);
        }
        ArrayNode ss = req.putArray("placementStrategy");
        for (String s : strategies) {
            int eq = s.indexOf('=');
            ObjectNode o = ss.addObject().put("type", eq < 0 ? s : s.substring(0, eq));
            if (eq >= 0) o.put("field", s.substring(eq + 1));
        }
        EcsApiClient api = new EcsApiClient(endpoint, new SigV4Signer("berth", "berth", "us-east-1", "ecs"), Duration.ofSeconds(30));
        JsonNode r = api.call("ExplainPlacement", req);
        if (json) {
            System.out.println(m.writerWithDefaultPrettyPrinter().writeValueAsString(r));
            return 0;
        }
        System.out.printf("%d instances, %d scanned, %d feasible; chosen: %s%n", r.path("instances").asInt(), r.path("scanned").asInt(),
                r.path("feasible").asInt(), r.path("chosen").asText("none"));
        System.out.println("rejected: " + r.path("rejected"));
        System.out.println("scores (lower is better): " + r.path("strategies"));
        for (JsonNode v : r.path("verdicts")) {
            String mark = v.path("chosen").asBoolean() ? "*" : " ";
            String what = v.path("accepted").asBoolean() ? "ok     " + v.path("scores") : "reject " + v.path("reason").asText() + " (" + v.path("detail").asText() + ")";
            System.out.printf("%s %s  %s%n", mark, v.path("arn").asText(), what);
        }
        if (r.has("truncated")) System.out.println("… and " + r.path("truncated").asInt() + " more (--limit)");
        return 0;
    }
}
