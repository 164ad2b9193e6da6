package io.berth.agent.introspection;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.berth.agent.engine.ContainerRecord;
import io.berth.agent.engine.TaskRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The ECS agent's introspection API on {@code <hostAddress>:51678}: {@code GET /v1/metadata} and
 * {@code GET /v1/tasks} (optionally {@code ?taskarn=} or {@code ?dockerid=} for one task).
 */
public final class IntrospectionServer implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Server server;
    private final ServerConnector connector;

    public IntrospectionServer(String host, int port, String cluster, Supplier<String> containerInstanceArn,
            String version, Supplier<List<TaskRecord>> tasks) {
        QueuedThreadPool pool = new QueuedThreadPool(8, 1);
        pool.setName("introspection");
        server = new Server(pool);
        connector = new ServerConnector(server, 1, 1);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String path = request.getHttpURI().getPath();
                if (!"GET".equals(request.getMethod())) return reply(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, error("method not allowed"));
                Fields query = Request.extractQueryParameters(request);
                return switch (path) {
                    case "/v1/metadata" -> reply(response, callback, 200, MAPPER.createObjectNode()
                            .put("Cluster", cluster).put("ContainerInstanceArn", containerInstanceArn.get()).put("Version", version));
                    case "/v1/tasks" -> tasksReply(response, callback, tasks.get(), query);
                    default -> reply(response, callback, 404, error("not found"));
                };
            }
        });
    }

    public void start() throws Exception {
        server.start();
    }

    public int port() {
        return connector.getLocalPort();
    }

    private static boolean tasksReply(Response response, Callback callback, List<TaskRecord> tasks, Fields query) {
        String taskArn = query.getValue("taskarn");
        String dockerId = query.getValue("dockerid");
        if (taskArn != null || dockerId != null) {
            Optional<TaskRecord> one = tasks.stream().filter(t -> taskArn != null ? t.arn().equals(taskArn)
                    : t.containers().stream().anyMatch(c -> c.dockerId() != null && c.dockerId().startsWith(dockerId))).findFirst();
            return one.map(t -> reply(response, callback, 200, task(t)))
                    .orElseGet(() -> reply(response, callback, 404, error("no such task")));
        }
        ObjectNode body = MAPPER.createObjectNode();
        ArrayNode list = body.putArray("Tasks");
        tasks.forEach(t -> list.add(task(t)));
        return reply(response, callback, 200, body);
    }

    static ObjectNode task(TaskRecord t) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("Arn", t.arn());
        o.put("DesiredStatus", t.desired().name());
        o.put("KnownStatus", t.known().name());
        o.put("Family", t.definition().family());
        o.put("Version", t.definition().version());
        ArrayNode cs = o.putArray("Containers");
        for (ContainerRecord c : t.containers()) {
            cs.addObject().put("DockerId", c.dockerId()).put("DockerName", c.dockerName()).put("Name", c.name());
        }
        return o;
    }

    private static ObjectNode error(String message) {
        return MAPPER.createObjectNode().put("error", message);
    }

    private static boolean reply(Response response, Callback callback, int status, ObjectNode body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, java.nio.ByteBuffer.wrap(body.toString().getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
