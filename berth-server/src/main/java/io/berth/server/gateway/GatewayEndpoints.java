package io.berth.server.gateway;

import java.time.Duration;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The websocket routes agents use: ACS at {@code /acs/ws} and TCS at {@code /tcs/ws} (the
 * endpoints DiscoverPollEndpoint hands out, with the agent's {@code /ws} appended), and plain
 * {@code /ws}, told apart by the query the agent sends (ACS carries {@code clusterArn}, TCS
 * {@code cluster}).
 */
public final class GatewayEndpoints {
    private GatewayEndpoints() {}

    public static WebSocketUpgradeHandler wrap(Server server, Gateway gateway, Handler next) {
        WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(server, container -> {
            container.setIdleTimeout(Duration.ofMinutes(5));
            container.setMaxTextMessageSize(16 * 1024 * 1024);
            container.addMapping("/acs/ws", (rq, rs, cb) -> acs(gateway, rq));
            container.addMapping("/tcs/ws", (rq, rs, cb) -> tcs(gateway, rq));
            container.addMapping("/ws", (rq, rs, cb) -> {
                Fields q = Request.extractQueryParameters(rq);
                return q.get("clusterArn") != null ? acs(gateway, rq) : tcs(gateway, rq);
            });
        });
        ws.setHandler(next);
        return ws;
    }

    private static Object acs(Gateway gateway, ServerUpgradeRequest rq) {
        Fields q = Request.extractQueryParameters(rq);
        String instance = q.getValue("containerInstanceArn");
        String cluster = q.getValue("clusterArn");
        if (instance == null || cluster == null) return null;
        int seq = 0;
        try {
            seq = Integer.parseInt(q.getValue("seqNum") == null ? "0" : q.getValue("seqNum"));
        } catch (NumberFormatException ignored) {
            // a missing or odd seqNum only means the agent has seen nothing yet
        }
        return gateway.newAcsSession(cluster.startsWith("arn:") ? cluster : clusterArnOf(instance, cluster), instance, seq);
    }

    private static String clusterArnOf(String instanceArn, String cluster) {
        int idx = instanceArn.indexOf(":container-instance/");
        return idx < 0 ? cluster : instanceArn.substring(0, idx) + ":cluster/" + cluster;
    }

    private static Object tcs(Gateway gateway, ServerUpgradeRequest rq) {
        Fields q = Request.extractQueryParameters(rq);
        return gateway.newTcsSession(q.getValue("containerInstance"));
    }
}
