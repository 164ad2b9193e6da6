package io.berth.agent.session;

import java.time.Duration;

/**
 * What both websocket sessions need to know about the agent, and their timings.
 *
 * @param idleTimeout drop the ACS connection when no frame arrived for this long
 * @param maxConnectionAge renew a connection after about this long
 */
public record SessionParams(
        String cluster,
        String containerInstanceArn,
        String agentVersion,
        String agentHash,
        String dockerVersion,
        Duration idleTimeout,
        Duration maxConnectionAge,
        Duration reconnectMin,
        Duration reconnectMax,
        Duration metricsInterval) {}
