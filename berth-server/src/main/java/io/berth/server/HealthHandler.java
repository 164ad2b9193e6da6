package io.berth.server;

import io.berth.server.state.Committer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** {@code GET /}: 200 while the control plane can write, 503 once its committer has stopped. */
final class HealthHandler extends Handler.Abstract {
    private final Committer committer;

    HealthHandler(Committer committer) {
        this.committer = committer;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        boolean ok = committer.healthy();
        response.setStatus(ok ? 200 : 503);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        String body = "{\"service\":\"berth\",\"status\":\"" + (ok ? "ok" : "failed") + "\"}";
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}
