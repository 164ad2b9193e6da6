package io.berth.server.gateway;

import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent's telemetry connection. Frames are signed header lines, a blank line, then JSON
 * ({@code PublishMetricsRequest}, {@code PublishInstanceStatusRequest}, {@code PublishHealthRequest});
 * they are accepted and counted. Metrics storage comes with the metrics issue.
 */
public final class TcsSession implements Session.Listener.AutoDemanding {
    private static final Logger log = LoggerFactory.getLogger(TcsSession.class);
    private final Gateway gateway;
    private final String instance;

    TcsSession(Gateway gateway, String instance) {
        this.gateway = gateway;
        this.instance = instance;
    }

    @Override
    public void onWebSocketText(String text) {
        int body = text.indexOf("\n\n");
        int crlf = text.indexOf("\r\n\r\n");
        String json = crlf >= 0 ? text.substring(crlf + 4) : body >= 0 ? text.substring(body + 2) : text;
        gateway.telemetryReceived(instance, json);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        log.debug("TCS session error for {}: {}", instance, cause.toString());
    }
}
