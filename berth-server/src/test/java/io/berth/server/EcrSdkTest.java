package io.berth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.InvalidLayerPartException;

/** ECR through the AWS SDK for Java: what its generated exception classes read from Berth's error replies. */
class EcrSdkTest {
    static ServerFixture fx;
    static EcrClient ecr;

    @BeforeAll
    static void start() throws Exception {
        fx = new ServerFixture();
        ecr = ServerFixture.client(EcrClient.builder(), fx.server.url());
    }

    @AfterAll
    static void stop() {
        ecr.close();
        fx.close();
    }

    @Test
    void aPartOutOfOrderTellsTheClientWhereItsUploadStands() {
        ecr.createRepository(b -> b.repositoryName("parts"));
        String id = ecr.initiateLayerUpload(b -> b.repositoryName("parts")).uploadId();
        ecr.uploadLayerPart(b -> b.repositoryName("parts").uploadId(id).partFirstByte(0L).partLastByte(3L)
                .layerPartBlob(SdkBytes.fromUtf8String("abcd")));
        InvalidLayerPartException e = catchThrowableOfType(InvalidLayerPartException.class, () -> ecr.uploadLayerPart(b -> b
                .repositoryName("parts").uploadId(id).partFirstByte(8L).partLastByte(11L).layerPartBlob(SdkBytes.fromUtf8String("ijkl"))));
        assertThat(e.lastValidByteReceived()).isEqualTo(3L);
        assertThat(e.uploadId()).isEqualTo(id);
        assertThat(e.repositoryName()).isEqualTo("parts");
        assertThat(e.registryId()).matches("\\d{12}");
        assertThat(e.awsErrorDetails().errorMessage()).contains("starts at 8");
    }
}
