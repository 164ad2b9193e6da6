package io.berth.agent.session;

import io.berth.wire.acs.AcsCodec;
import io.berth.wire.acs.AcsMessage;
import io.berth.wire.sigv4.SigV4Signer;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ACS session: {@code GET <endpoint>/ws?agentHash&agentVersion&clusterArn&containerInstanceArn
 * &dockerVersion&protocolVersion=2&sendCredentials=true&seqNum}, kept open and re-opened, each frame
 * handled by an {@link AcsFrameHandler} and its answers sent back in order.
 */
public final class AcsSession implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AcsSession.class);

    private final ReconnectingSocket socket;
    private volatile boolean inactive;

    /**
     * @param endpoint discovers the ACS endpoint (DiscoverPollEndpoint's {@code endpoint}) before each connection
     * @param seqNum the last payload seqNum seen, sent on each connection
     */
    public AcsSession(WebSocketClient client, SigV4Signer signer, SessionParams params, Callable<String> endpoint,
            LongSupplier seqNum, AcsFrameHandler frames) {
        ReconnectingSocket.Handler handler = new ReconnectingSocket.Handler() {
            @Override
            public URI target() throws Exception {
                return url(endpoint.call(), params, seqNum.getAsLong());
            }

            @Override
            public void text(String frame, ReconnectingSocket.Sender send) {
                AcsFrameHandler.Outcome outcome = frames.handle(frame);
                for (AcsMessage reply : outcome.replies()) {
                    if (!send.send(AcsCodec.encode(reply))) log.warn("ACS connection gone; {} not sent", reply.type());
                }
                if (outcome.inactive()) {
                    log.warn("this container instance is inactive (deregistered): ACS will not reconnect");
                    inactive = true;
                    send.close("instance inactive");
                } else if (outcome.reconnect()) {
                    send.close("server asked to close");
                }
            }

            @Override
            public boolean finished() {
                return inactive;
            }
        };
        this.socket = new ReconnectingSocket("acs", client, signer, handler, params.idleTimeout(),
                params.maxConnectionAge(), params.reconnectMin(), params.reconnectMax());
    }

    static URI url(String endpoint, SessionParams p, long seqNum) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("agentHash", p.agentHash());
        q.put("agentVersion", p.agentVersion());
        q.put("clusterArn", p.cluster());
        q.put("containerInstanceArn", p.containerInstanceArn());
        q.put("dockerVersion", "DockerVersion: " + p.dockerVersion());
        q.put("protocolVersion", "2");
        q.put("sendCredentials", "true");
        q.put("seqNum", Long.toString(seqNum));
        return ReconnectingSocket.wsUri(endpoint, encode(q));
    }

    static String encode(Map<String, String> q) {
        return q.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue() == null ? "" : e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    public void start() {
        socket.start();
    }

    public boolean awaitConnected(Duration timeout) throws InterruptedException {
        return socket.awaitFirstConnection(timeout);
    }

    public boolean connected() {
        return socket.connected();
    }

    /** The server said the instance is deregistered; no further connections are made. */
    public boolean inactive() {
        return inactive;
    }

    @Override
    public void close() {
        socket.close();
    }
}
