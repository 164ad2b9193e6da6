package io.berth.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * Base of the SDK tests whose hosts {@link FakeAgents} plays at the wire level: a fresh server on
 * the memory store per test, its SDK client, and the {@code default} cluster. Subclasses' own
 * {@code @BeforeEach} methods run after this one.
 */
abstract class FakeAgentsApiTest {
    protected ServerFixture fx;
    protected EcsClient ecs;
    protected FakeAgents agents;

    @BeforeEach
    void startServer() throws Exception {
        fx = new ServerFixture();
        ecs = fx.ecs;
        agents = fx.agents();
        ecs.createCluster(b -> b.clusterName("default"));
    }

    @AfterEach
    void stopServer() throws Exception {
        fx.close();
    }
}
