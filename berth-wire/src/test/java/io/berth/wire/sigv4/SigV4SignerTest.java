package io.berth.wire.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expected values are the ones AWS publishes: the SigV4 test suite and the S3 header-auth example. */
class SigV4SignerTest {
    private static final Instant SUITE_TIME = Instant.parse("2015-08-30T12:36:00Z");
    private final SigV4Signer suite =
            new SigV4Signer("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "us-east-1", "service");

    @Test
    void getVanillaFromTheTestSuite() {
        Map<String, String> out = suite.sign("GET", "/", "", Map.of("Host", "example.amazonaws.com"),
                SigV4Signer.EMPTY_PAYLOAD_SHA256, SUITE_TIME);

        assertThat(out).containsEntry("X-Amz-Date", "20150830T123600Z");
        assertThat(out.get("Authorization")).isEqualTo("AWS4-HMAC-SHA256 "
                + "Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, "
                + "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    }

    @Test
    void getWithQueryFromTheTestSuite() {
        Map<String, String> out = suite.sign("GET", "/", "Param1=value1", Map.of("host", "example.amazonaws.com"),
                SigV4Signer.EMPTY_PAYLOAD_SHA256, SUITE_TIME);

        assertThat(out.get("Authorization"))
                .endsWith("Signature=a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb");
    }

    @Test
    void s3GetObjectExampleFromTheS3Documentation() {
        SigV4Signer s3 = new SigV4Signer("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                "us-east-1", "s3");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", "examplebucket.s3.amazonaws.com");
        headers.put("Range", "bytes=0-9");
        headers.put("x-amz-content-sha256", SigV4Signer.EMPTY_PAYLOAD_SHA256);

        Map<String, String> out = s3.sign("GET", "/test.txt", null, headers, SigV4Signer.EMPTY_PAYLOAD_SHA256,
                Instant.parse("2013-05-24T00:00:00Z"));

        assertThat(out.get("Authorization")).isEqualTo("AWS4-HMAC-SHA256 "
                + "Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
    }

    @Test
    void queryIsReEncodedAndSorted() {
        assertThat(SigV4Signer.canonicalQuery("b=2&a=x%3Ay&a=1&c"))
                .isEqualTo("a=1&a=x%3Ay&b=2&c=");
        assertThat(SigV4Signer.canonicalQuery("dockerVersion=DockerVersion%3A+20.10"))
                .isEqualTo("dockerVersion=DockerVersion%3A%2020.10");
    }

    @Test
    void sessionTokenIsSignedAndReturned() {
        SigV4Signer withToken = new SigV4Signer("AKID", "secret", "tok", "us-east-1", "ecs");
        Map<String, String> out = withToken.sign("POST", "/", "", Map.of("host", "h"),
                SigV4Signer.sha256Hex("{}"), SUITE_TIME);
        assertThat(out).containsEntry("X-Amz-Security-Token", "tok");
        assertThat(out.get("Authorization")).contains("SignedHeaders=host;x-amz-date;x-amz-security-token");
    }

    @Test
    void refusesToSignWithoutHost() {
        assertThatThrownBy(() -> suite.sign("GET", "/", "", Map.of(), SigV4Signer.EMPTY_PAYLOAD_SHA256, SUITE_TIME))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
