package io.berth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.wire.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The largest input a service model allows gets through the AWS JSON handler (ECR's 20 MiB layer
 * part), and a larger body is refused without being read whole.
 */
class LargestRequestTest {
    private static final String ECR = "AmazonEC2ContainerRegistry_V20150921.";
    private static final int MAX_PART = 20 * 1024 * 1024;
    static ServerFixture fx;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        fx = new ServerFixture();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    private HttpResponse<String> call(String op, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(fx.server.url() + "/"))
                .header("X-Amz-Target", ECR + op).header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String part(String uploadId, byte[] bytes) {
        return "{\"repositoryName\":\"big\",\"uploadId\":\"" + uploadId + "\",\"partFirstByte\":0,\"partLastByte\":" + (bytes.length - 1)
                + ",\"layerPartBlob\":\"" + Base64.getEncoder().encodeToString(bytes) + "\"}";
    }

    @Test
    void aChunkedBodyPastTheCapIsNotReadToItsEnd() throws Exception {
        long offered = 256L * 1024 * 1024;
        AtomicLong sent = new AtomicLong();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return read(new byte[1], 0, 1) < 0 ? -1 : 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (sent.get() >= offered) return -1;
                int n = (int) Math.min(len, offered - sent.get());
                java.util.Arrays.fill(b, off, off + n, (byte) ' ');
                sent.addAndGet(n);
                return n;
            }
        };
        // no length given, so the body goes chunked: only reading it tells the server how big it is
        HttpRequest request = HttpRequest.newBuilder(URI.create(fx.server.url() + "/"))
                .header("X-Amz-Target", ECR + "DescribeRepositories").header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> endless)).build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("SerializationException", "larger than");
        } catch (IOException closedOnUs) {
            // the server may answer and close before the client has finished sending: also a refusal
        }
        assertThat(sent.get()).as("bytes the client got to send").isLessThan(offered / 2);
        assertThat(call("DescribeRepositories", "{}").statusCode()).isEqualTo(200);
    }

    @Test
    void aTwentyMebibytePartIsTakenAndOneByteMoreIsAValidationError() throws Exception {
        assertThat(call("CreateRepository", "{\"repositoryName\":\"big\"}").statusCode()).isEqualTo(200);
        String uploadId = Json.MAPPER.readTree(call("InitiateLayerUpload", "{\"repositoryName\":\"big\"}").body()).path("uploadId").asText();
        byte[] tooBig = new byte[MAX_PART + 1];
        new Random(5).nextBytes(tooBig);

        HttpResponse<String> refused = call("UploadLayerPart", part(uploadId, tooBig));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("InvalidParameterException", "layerPartBlob", "less than or equal to " + MAX_PART);

        byte[] largest = java.util.Arrays.copyOf(tooBig, MAX_PART);
        HttpResponse<String> taken = call("UploadLayerPart", part(uploadId, largest));
        assertThat(taken.statusCode()).as(taken.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(taken.body()).path("lastByteReceived").asLong()).isEqualTo(MAX_PART - 1);
        String digest = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(largest));
        JsonNode done = Json.MAPPER.readTree(call("CompleteLayerUpload",
                "{\"repositoryName\":\"big\",\"uploadId\":\"" + uploadId + "\",\"layerDigests\":[\"" + digest + "\"]}").body());
        assertThat(done.path("layerDigest").asText()).isEqualTo(digest);
    }
}
