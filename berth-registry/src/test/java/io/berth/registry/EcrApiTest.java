package io.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.wire.AwsException;
import io.berth.wire.Json;
import java.util.Map;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ECR API's input rules and reply shapes, checked against the ECR service model and API reference. */
class EcrApiTest {
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private RegistryFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new RegistryFixture();
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    private JsonNode call(String op, Map<String, ?> input) {
        return Json.MAPPER.valueToTree(f.ecr(op, input));
    }

    /** The ECR exception code {@code op} fails with. */
    private AbstractStringAssert<?> refusal(String op, Map<String, ?> input) {
        try {
            f.ecr(op, input);
        } catch (AwsException e) {
            return assertThat(e.code()).as(e.getMessage());
        }
        throw new AssertionError(op + " succeeded");
    }

    @Test
    void repositoryNamesFollowTheModelsPatternWhichAllowsDoubleUnderscoresAndRunsOfHyphens() throws Exception {
        for (String ok : new String[] {"team/my--app", "a__b", "web.app/v-1_x", "x---y/z"}) {
            assertThat(call("CreateRepository", Map.of("repositoryName", ok)).path("repository").path("repositoryName").asText())
                    .isEqualTo(ok);
        }
        for (String bad : new String[] {"a___b", "-ab", "ab-", "a//b", "Upper", "a_.b"}) {
            refusal("CreateRepository", Map.of("repositoryName", bad)).isEqualTo("InvalidParameterException");
        }
        String cfg = f.pushBlob("team/my--app", "{}".getBytes());
        var put = f.send("PUT", "/v2/team/my--app/manifests/v1", RegistryFixture.manifest(cfg, 2).getBytes(), "Content-Type", OCI_MANIFEST);
        assertThat(put.statusCode()).as(RegistryFixture.text(put)).isEqualTo(201);
    }

    @Test
    void everyRepositoryNameIsCheckedAgainstTheModelBeforeItIsLookedUp() {
        refusal("DescribeImages", Map.of("repositoryName", "Team/App")).isEqualTo("InvalidParameterException");
        refusal("DescribeImages", Map.of("repositoryName", "team/app")).isEqualTo("RepositoryNotFoundException");
    }
}
