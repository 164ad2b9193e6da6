package io.berth.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.agent.runtime.ContainerRuntime;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The pull decision of each ECS_IMAGE_PULL_BEHAVIOR, over a runtime that only knows which images it holds. */
class ImagePullerTest {
    private final Set<String> present = ConcurrentHashMap.newKeySet();
    private final AtomicInteger pulls = new AtomicInteger();
    /** A runtime whose only parts are an image set and a pull counter; nothing else is called by the puller. */
    private final ContainerRuntime runtime = (ContainerRuntime) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {ContainerRuntime.class}, (proxy, method, args) -> switch (method.getName()) {
                case "imagePresent" -> present.contains((String) args[0]);
                case "pullImage" -> {
                    pulls.incrementAndGet();
                    present.add((String) args[0]);
                    yield null;
                }
                default -> throw new UnsupportedOperationException(method.getName());
            });

    @Test
    void onceStaysOnceAcrossARestartUnlessTheImageIsGone() {
        AtomicInteger saves = new AtomicInteger();
        ImagePuller first = new ImagePuller(runtime, PullBehavior.ONCE, null, List.of(), saves::incrementAndGet);
        assertThat(first.pull("app:1", null)).isTrue();
        assertThat(first.pull("app:1", null)).isFalse();
        assertThat(pulls).hasValue(1);
        assertThat(saves).as("a newly pulled image asks for a save").hasValue(1);
        assertThat(first.pulled()).containsExactly("app:1");

        ImagePuller restarted = new ImagePuller(runtime, PullBehavior.ONCE, null, first.pulled(), () -> { });
        assertThat(restarted.pull("app:1", null)).as("pulled before the restart").isFalse();
        assertThat(pulls).hasValue(1);
        present.remove("app:1");
        assertThat(restarted.pull("app:1", null)).as("removed by image cleanup").isTrue();
        assertThat(pulls).hasValue(2);
    }

    @Test
    void onceStillPullsAnImageThatWasPresentButNeverPulledHere() {
        present.add("app:1");
        assertThat(new ImagePuller(runtime, PullBehavior.ONCE, null).pull("app:1", null)).isTrue();
        assertThat(new ImagePuller(runtime, PullBehavior.PREFER_CACHED, null).pull("app:1", null)).isFalse();
        assertThat(new ImagePuller(runtime, PullBehavior.ALWAYS, null).pull("app:1", null)).isTrue();
        assertThat(pulls).hasValue(2);
    }
}
