package io.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.registry.meta.ImageRecord;
import io.berth.store.Await;
import io.berth.wire.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** lastRecordedPullTime: set by a manifest GET, refreshed at most once per step, as ECR's "at least once every 24 hours" allows. */
class PullRecordTest {
    private static final Instant T0 = Instant.parse("2026-11-24T08:00:00Z");

    private static ImageRecord pulledAt(Instant t) {
        return new ImageRecord("sha256:" + "a".repeat(64), "application/vnd.oci.image.manifest.v1+json", null, 10, 10, T0,
                List.of(), List.of(), null, t);
    }

    @Test
    void aPullIsRecordedWhenNeverRecordedOrRecordedAStepAgo() {
        assertThat(ImageService.pullRecordDue(pulledAt(null), T0)).isTrue();
        assertThat(ImageService.pullRecordDue(pulledAt(T0), T0.plusSeconds(60))).isFalse();
        assertThat(ImageService.pullRecordDue(pulledAt(T0), T0.plus(ImageService.PULL_RECORD_STEP).minusSeconds(1))).isFalse();
        assertThat(ImageService.pullRecordDue(pulledAt(T0), T0.plus(ImageService.PULL_RECORD_STEP))).isTrue();
    }

    @Test
    void aManifestGetRecordsThePullTimeThatDescribeImagesShowsAndAHeadDoesNot() throws Exception {
        MovableClock clock = new MovableClock(T0);
        try (RegistryFixture f = new RegistryFixture(clock)) {
            f.createRepo("app");
            String cfg = f.pushBlob("app", "{}".getBytes());
            byte[] m = RegistryFixture.manifest(cfg, 2).getBytes();
            assertThat(f.send("PUT", "/v2/app/manifests/v1", m, "Content-Type", "application/vnd.oci.image.manifest.v1+json").statusCode())
                    .isEqualTo(201);
            assertThat(f.send("HEAD", "/v2/app/manifests/v1", null).statusCode()).isEqualTo(200);
            assertThat(image(f).has("lastRecordedPullTime")).as("a HEAD is not a pull").isFalse();

            clock.advance(Duration.ofMinutes(5));
            assertThat(f.send("GET", "/v2/app/manifests/v1", null).statusCode()).isEqualTo(200);
            Await.until(Duration.ofSeconds(10), "the pull to be recorded", () -> image(f).has("lastRecordedPullTime"));
            assertThat(Json.MAPPER.convertValue(image(f).get("lastRecordedPullTime"), Instant.class)).isEqualTo(T0.plus(Duration.ofMinutes(5)));

            clock.advance(ImageService.PULL_RECORD_STEP);
            assertThat(f.send("GET", "/v2/app/manifests/v1", null).statusCode()).isEqualTo(200);
            Instant later = T0.plus(Duration.ofMinutes(5)).plus(ImageService.PULL_RECORD_STEP);
            Await.until(Duration.ofSeconds(10), "the pull a step later to be recorded",
                    () -> later.equals(Json.MAPPER.convertValue(image(f).get("lastRecordedPullTime"), Instant.class)));
        }
    }

    private static JsonNode image(RegistryFixture f) {
        JsonNode r = Json.tree(f.ecr("DescribeImages", Map.of("repositoryName", "app")));
        return r.get("imageDetails").get(0);
    }
}
