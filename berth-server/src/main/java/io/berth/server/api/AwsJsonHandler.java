package io.berth.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.berth.wire.AwsException;
import io.berth.wire.Json;
import io.berth.wire.api.JsonService;
import io.berth.wire.api.RequestContext;
import io.berth.wire.sigv4.AuthorizationHeader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AWS JSON 1.1 over HTTP: {@code POST /} with {@code X-Amz-Target: <prefix>.<Operation>} and a JSON
 * body. Replies with the operation's output, or with {@code {"__type":..., "message":...}} and the
 * error's status. Never lets an exception or stack trace reach the client.
 */
public final class AwsJsonHandler extends Handler.Abstract {
    private static final Logger log = LoggerFactory.getLogger(AwsJsonHandler.class);
    /** Room for the largest input a model allows: ECR's UploadLayerPart carries up to 20 MiB, ~27 MB in base64. */
    private static final int MAX_BODY = 32 * 1024 * 1024;

    private final Map<String, JsonService> services;
    private final Handler next;

    /** @param next where requests without an {@code X-Amz-Target} go (may be null: 404) */
    public AwsJsonHandler(Map<String, JsonService> services, Handler next) {
        this.services = Map.copyOf(services);
        this.next = next;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String target = request.getHeaders().get("X-Amz-Target");
        if (target == null) {
            if (next != null) return next.handle(request, response, callback);
            return false;
        }
        String requestId = UUID.randomUUID().toString();
        response.getHeaders().put("x-amzn-RequestId", requestId);
        int status = 200;
        Object body;
        try {
            body = dispatch(target, request, requestId);
        } catch (AwsException e) {
            status = e.status();
            body = error(e.code(), e.getMessage(), e.members(), response);
        } catch (RuntimeException e) {
            log.error("internal error on {}", target, e);
            status = 500;
            body = error("ServerException", "Internal error (request " + requestId + "); see the server log.", Map.of(), response);
        }
        byte[] bytes = body instanceof byte[] b ? b : Json.bytes(body);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/x-amz-json-1.1");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
        return true;
    }

    private Object dispatch(String target, Request request, String requestId) throws Exception {
        int dot = target.lastIndexOf('.');
        JsonService service = dot < 0 ? null : services.get(target.substring(0, dot));
        if (service == null) {
            throw new AwsException("UnknownOperationException", "Unknown target " + target);
        }
        if (!"POST".equals(request.getMethod())) {
            throw new AwsException("UnknownOperationException", "AWS JSON 1.1 operations take POST, not " + request.getMethod(), 405);
        }
        long length = request.getLength();
        if (length > MAX_BODY) throw tooLarge();
        String text = body(request);
        JsonNode input;
        try {
            input = text.isBlank() ? Json.object() : Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw AwsException.serialization("Malformed JSON: " + Json.problem(e));
        }
        if (input == null || !input.isObject()) throw AwsException.serialization("The request body must be a JSON object");
        var auth = AuthorizationHeader.parse(request.getHeaders().get(HttpHeader.AUTHORIZATION));
        return service.call(target.substring(dot + 1), input, new RequestContext(requestId, auth));
    }

    /** The body as text, read no further than the cap: a chunked body declares no length up front. */
    private static String body(Request request) throws IOException {
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) throw tooLarge();
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static AwsException tooLarge() {
        return AwsException.serialization("Request body larger than " + MAX_BODY + " bytes");
    }

    private static Object error(String code, String message, Map<String, Object> members, Response response) {
        response.getHeaders().put("x-amzn-ErrorType", code);
        var node = Json.object();
        node.put("__type", code);
        node.put("message", message);
        members.forEach((name, value) -> node.set(name, Json.tree(value)));
        return node;
    }
}
