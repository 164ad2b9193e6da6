package io.berth.wire.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.wire.AwsException;
import io.berth.wire.Json;
import org.junit.jupiter.api.Test;

/** Request checks driven by the ECS service model. */
class InputValidatorTest {
    private final ServiceModel ecs = ServiceModel.load("ecs");
    private final InputValidator v = new InputValidator(ecs);

    private AwsException fails(String op, String json) throws Exception {
        try {
            v.validate(op, Json.MAPPER.readTree(json));
        } catch (AwsException e) {
            assertThat(e.code()).isEqualTo("InvalidParameterException");
            assertThat(e.status()).isEqualTo(400);
            return e;
        }
        throw new AssertionError("expected a validation error for " + json);
    }

    @Test
    void theModelIsTheNewestOne() {
        int n = 0;
        for (String ignored : ecs.operationNames()) n++;
        assertThat(n).isEqualTo(77);
        assertThat(ecs.targetPrefix()).isEqualTo("AmazonEC2ContainerServiceV20141113");
    }

    @Test
    void acceptsAWellFormedRequest() throws Exception {
        v.validate("RunTask", Json.MAPPER.readTree("{\"taskDefinition\":\"web\",\"count\":2,\"launchType\":\"EC2\",\"overrides\":{\"containerOverrides\":[{\"name\":\"a\",\"command\":[\"x\"]}]}}"));
    }

    @Test
    void missingRequiredMember() throws Exception {
        assertThat(fails("RunTask", "{}").getMessage()).contains("'taskDefinition'").contains("must not be null");
    }

    @Test
    void wrongTypes() throws Exception {
        assertThat(fails("RunTask", "{\"taskDefinition\":\"x\",\"count\":\"two\"}").getMessage()).contains("'count'").contains("integer");
        assertThat(fails("RunTask", "{\"taskDefinition\":\"x\",\"overrides\":[]}").getMessage()).contains("'overrides'");
        assertThat(fails("RegisterTaskDefinition", "{\"family\":\"f\",\"containerDefinitions\":[{\"name\":\"a\",\"essential\":\"yes\"}]}").getMessage())
                .contains("'containerDefinitions.1.essential'").contains("boolean");
    }

    @Test
    void enumsAndSeveralErrorsAtOnce() throws Exception {
        String m = fails("RunTask", "{\"taskDefinition\":\"x\",\"launchType\":\"MOON\",\"propagateTags\":\"NOPE\"}").getMessage();
        assertThat(m).startsWith("2 validation errors detected").contains("MOON").contains("[EC2, FARGATE, EXTERNAL, MANAGED_INSTANCES]");
    }

    @Test
    void stringsMustMatchTheModelsPatternWhole() throws Exception {
        InputValidator ecr = new InputValidator(ServiceModel.load("ecr"));
        ecr.validate("DescribeImages", Json.MAPPER.readTree("{\"repositoryName\":\"team/my--app\"}"));
        for (String bad : new String[] {"Team/App", "app!", "a/"}) {
            try {
                ecr.validate("DescribeImages", Json.MAPPER.readTree("{\"repositoryName\":\"" + bad + "\"}"));
                throw new AssertionError(bad + " passed");
            } catch (AwsException e) {
                assertThat(e.code()).isEqualTo("InvalidParameterException");
                assertThat(e.getMessage()).contains("Value '" + bad + "' at 'repositoryName'")
                        .contains("Member must satisfy regular expression pattern: [a-z0-9]+");
            }
        }
        assertThatThrownBy(() -> ecr.validate("DescribeRepositories", Json.MAPPER.readTree("{\"registryId\":\"12345\"}")))
                .hasMessageContaining("'registryId'");
    }

    @Test
    void aStringOfTheWrongLengthIsNamedInTheMessageAsAwsNamesIt() throws Exception {
        InputValidator ecr = new InputValidator(ServiceModel.load("ecr"));
        assertThatThrownBy(() -> ecr.validate("CreateRepository", Json.MAPPER.readTree("{\"repositoryName\":\"a\"}")))
                .hasMessage("1 validation error detected: Value 'a' at 'repositoryName' failed to satisfy constraint: "
                        + "Member must have length greater than or equal to 2");
        String huge = "a".repeat(300);
        assertThatThrownBy(() -> ecr.validate("CreateRepository", Json.MAPPER.readTree("{\"repositoryName\":\"" + huge + "\"}")))
                .hasMessageContaining("Value at 'repositoryName' failed to satisfy constraint: Member must have length less than or equal to 256")
                .hasMessageNotContaining(huge);
        InputValidator secrets = new InputValidator(ServiceModel.load("secretsmanager"));
        assertThatThrownBy(() -> secrets.validate("PutSecretValue", Json.MAPPER.readTree(
                "{\"SecretId\":\"db\",\"SecretString\":\"x\",\"RotationToken\":\"short-secret\"}")))
                .hasMessageContaining("Value at 'RotationToken' failed to satisfy constraint: Member must have length greater than or equal to 36")
                .hasMessageNotContaining("short-secret");
    }

    @Test
    void blobsAreHeldToTheModelsLengthInDecodedBytes() throws Exception {
        InputValidator ecr = new InputValidator(ServiceModel.load("ecr"));
        String part = "{\"repositoryName\":\"app\",\"uploadId\":\"0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0\",\"partFirstByte\":0,\"partLastByte\":0,\"layerPartBlob\":\"%s\"}";
        ecr.validate("UploadLayerPart", Json.MAPPER.readTree(part.formatted(java.util.Base64.getEncoder().encodeToString(new byte[20971520]))));
        assertThatThrownBy(() -> ecr.validate("UploadLayerPart",
                Json.MAPPER.readTree(part.formatted(java.util.Base64.getEncoder().encodeToString(new byte[20971521])))))
                .hasMessageContaining("'layerPartBlob'").hasMessageContaining("Member must have length less than or equal to 20971520");
        assertThat(InputValidator.decodedLength("")).isZero();
        assertThat(InputValidator.decodedLength("YQ==")).isEqualTo(1);
        assertThat(InputValidator.decodedLength("YWI=")).isEqualTo(2);
        assertThat(InputValidator.decodedLength("YWJj")).isEqualTo(3);
    }

    @Test
    void unknownMembersAreIgnored() throws Exception {
        v.validate("ListClusters", Json.MAPPER.readTree("{\"surprise\":1}"));
    }
}
