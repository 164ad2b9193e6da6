package io.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.store.Await;
import io.berth.wire.AwsException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OCI distribution endpoints over HTTP: uploads, reads, manifests, lists and every refusal leaving nothing behind. */
class DataPlaneTest {
    private RegistryFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new RegistryFixture();
        f.createRepo("team/app");
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    private static <T> T unchecked(Call<T> c) {
        try {
            return c.call();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A PATCH to {@code loc} on a raw socket, left open after {@code bytes} bytes of its body. */
    private java.net.Socket partialPatch(String loc, String headers, int bytes) throws java.io.IOException {
        return raw("PATCH", loc, headers, bytes);
    }

    /** Sends {@code method loc} with {@code headers} as written (so they may contradict each other) and {@code bytes} zeros. */
    private java.net.Socket raw(String method, String loc, String headers, int bytes) throws java.io.IOException {
        java.net.URI uri = java.net.URI.create(f.base);
        java.net.Socket s = new java.net.Socket(uri.getHost(), uri.getPort());
        String head = method + " " + loc + " HTTP/1.1\r\nHost: " + uri.getAuthority() + "\r\nAuthorization: " + f.auth + "\r\n" + headers + "\r\n\r\n";
        s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().write(new byte[bytes]);
        s.getOutputStream().flush();
        return s;
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void unauthenticatedRequestsGetABasicChallengeAndBadTokensAreRefused() throws Exception {
        var anon = f.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(f.base + "/v2/")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(anon.statusCode()).isEqualTo(401);
        assertThat(anon.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Basic realm=");
        assertThat(anon.body()).contains("\"code\":\"UNAUTHORIZED\"");
        String forged = java.util.Base64.getEncoder().encodeToString("AWS:v1.000000000000.99999999999.AAAA".getBytes());
        var bad = f.send("GET", "/v2/", null, "Authorization", "Basic " + forged);
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(f.send("GET", "/v2/", null).statusCode()).isEqualTo(200);
    }

    @Test
    void chunkedUploadInOrderThenStatusThenClose() throws Exception {
        byte[] blob = random(300_000, 1);
        var start = f.send("POST", "/v2/team/app/blobs/uploads/", null);
        assertThat(start.statusCode()).isEqualTo(202);
        String loc = start.headers().firstValue("Location").orElseThrow();
        assertThat(start.headers().firstValue("Range")).contains("0-0");
        var p1 = f.send("PATCH", loc, Arrays.copyOfRange(blob, 0, 100_000), "Content-Range", "0-99999", "Content-Type", "application/octet-stream");
        assertThat(p1.statusCode()).isEqualTo(202);
        assertThat(p1.headers().firstValue("Range")).contains("0-99999");
        var status = f.send("GET", loc, null);
        assertThat(status.statusCode()).isEqualTo(204);
        assertThat(status.headers().firstValue("Range")).contains("0-99999");
        var p2 = f.send("PATCH", loc, Arrays.copyOfRange(blob, 100_000, 250_000), "Content-Range", "100000-249999");
        assertThat(p2.statusCode()).isEqualTo(202);
        var done = f.send("PUT", loc + "?digest=" + Digest.of(blob), Arrays.copyOfRange(blob, 250_000, 300_000),
                "Content-Range", "250000-299999");
        assertThat(done.statusCode()).as(RegistryFixture.text(done)).isEqualTo(201);
        assertThat(done.headers().firstValue("Docker-Content-Digest")).contains(Digest.of(blob).toString());
        var get = f.send("GET", "/v2/team/app/blobs/" + Digest.of(blob), null);
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo(blob);
        assertThat(f.uploadFiles()).isZero();
    }

    @Test
    void blobsLargerThanTheWritebackStepAreStoredIntactWhetherChunkedOrWhole() throws Exception {
        byte[] blob = random(20 * 1024 * 1024 + 123, 7);
        String loc = f.send("POST", "/v2/team/app/blobs/uploads/", null).headers().firstValue("Location").orElseThrow();
        var p1 = f.send("PATCH", loc, Arrays.copyOfRange(blob, 0, 9_000_000), "Content-Range", "0-8999999");
        assertThat(p1.statusCode()).isEqualTo(202);
        var done = f.send("PUT", loc + "?digest=" + Digest.of(blob), Arrays.copyOfRange(blob, 9_000_000, blob.length),
                "Content-Range", "9000000-" + (blob.length - 1));
        assertThat(done.statusCode()).as(RegistryFixture.text(done)).isEqualTo(201);
        assertThat(f.send("GET", "/v2/team/app/blobs/" + Digest.of(blob), null).body()).isEqualTo(blob);

        byte[] whole = random(17 * 1024 * 1024, 8);
        var put = f.send("POST", "/v2/team/app/blobs/uploads/?digest=" + Digest.of(whole), whole);
        assertThat(put.statusCode()).as(RegistryFixture.text(put)).isEqualTo(201);
        assertThat(f.send("GET", "/v2/team/app/blobs/" + Digest.of(whole), null).body()).isEqualTo(whole);
        assertThat(f.uploadFiles()).isZero();
    }

    @Test
    void outOfOrderChunkIsRefusedWith416AndTheUploadIsUnchanged() throws Exception {
        String loc = f.send("POST", "/v2/team/app/blobs/uploads/", null).headers().firstValue("Location").orElseThrow();
        f.send("PATCH", loc, new byte[10], "Content-Range", "0-9");
        var skip = f.send("PATCH", loc, new byte[10], "Content-Range", "20-29");
        assertThat(skip.statusCode()).isEqualTo(416);
        assertThat(RegistryFixture.text(skip)).contains("BLOB_UPLOAD_INVALID");
        assertThat(f.send("GET", loc, null).headers().firstValue("Range")).contains("0-9");
        var resume = f.send("PATCH", loc, new byte[10], "Content-Range", "10-19");
        assertThat(resume.headers().firstValue("Range")).contains("0-19");
        assertThat(f.send("PUT", loc + "?digest=" + Digest.of(new byte[20]), null).statusCode()).isEqualTo(201);
    }

    @Test
    void wrongDigestIsRefusedAndNothingIsStored() throws Exception {
        long before = f.blobFiles();
        byte[] blob = "hello".getBytes(StandardCharsets.UTF_8);
        var mono = f.send("POST", "/v2/team/app/blobs/uploads/?digest=" + Digest.of("other".getBytes()), blob);
        assertThat(mono.statusCode()).isEqualTo(400);
        assertThat(RegistryFixture.text(mono)).contains("\"code\":\"DIGEST_INVALID\"");
        String loc = f.send("POST", "/v2/team/app/blobs/uploads/", null).headers().firstValue("Location").orElseThrow();
        f.send("PATCH", loc, blob);
        var close = f.send("PUT", loc + "?digest=" + Digest.of("other".getBytes()), null);
        assertThat(close.statusCode()).isEqualTo(400);
        assertThat(RegistryFixture.text(close)).contains("DIGEST_INVALID");
        assertThat(f.blobFiles()).isEqualTo(before);
        assertThat(f.uploadFiles()).isZero();
        assertThat(f.send("HEAD", "/v2/team/app/blobs/" + Digest.of(blob), null).statusCode()).isEqualTo(404);
        assertThat(f.send("GET", loc, null).statusCode()).isEqualTo(404);
    }

    @Test
    void truncatedChunkIsRolledBack() throws Exception {
        String loc = f.send("POST", "/v2/team/app/blobs/uploads/", null).headers().firstValue("Location").orElseThrow();
        f.send("PATCH", loc, new byte[10], "Content-Range", "0-9");
        // the range claims 20 bytes but only 10 arrive: a truncated chunk
        var shortChunk = f.send("PATCH", loc, new byte[10], "Content-Range", "10-29");
        assertThat(shortChunk.statusCode()).isEqualTo(400);
        assertThat(RegistryFixture.text(shortChunk)).contains("BLOB_UPLOAD_INVALID");
        assertThat(f.send("GET", loc, null).headers().firstValue("Range")).contains("0-9");
    }

    @Test
    void aContentLengthThatContradictsTheContentRangeIsRefusedBeforeTheBodyOnPatchAndPut() throws Exception {
        String loc = f.send("POST", "/v2/team/app/blobs/uploads/", null).headers().firstValue("Location").orElseThrow();
        f.send("PATCH", loc, new byte[10], "Content-Range", "0-9");
        String closing = loc + "?digest=" + Digest.of(new byte[20]);
        for (String target : List.of(loc, closing)) {
            String method = target.equals(loc) ? "PATCH" : "PUT";
            try (java.net.Socket s = raw(method, target, "Content-Range: 10-19\r\nContent-Length: 5\r\nConnection: close", 5)) {
                String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(answer).as(method).startsWith("HTTP/1.1 400").contains("BLOB_UPLOAD_INVALID")
                        .contains("Content-Length 5 does not match Content-Range 10-19");
            }
            assertThat(f.send("GET", loc, null).headers().firstValue("Range")).as(method).contains("0-9");
        }
        assertThat(f.send("PUT", loc + "?digest=" + Digest.of(new byte[10]), null).statusCode()).isEqualTo(201);
    }

    @Test
    void uploadsOfADeletedRepositoryDoNotCarryOverIntoOneCreatedUnderItsNameEvenAcrossARestart() throws Exception {
        String live = f.send("POST", "/v2/team/app/blobs/uploads/", null).headers().firstValue("Location").orElseThrow();
        assertThat(f.send("PATCH", live, new byte[10], "Content-Range", "0-9").statusCode()).isEqualTo(202);
        String onDisk = f.send("POST", "/v2/team/app/blobs/uploads/", null).headers().firstValue("Location").orElseThrow();
        assertThat(f.send("PATCH", onDisk, new byte[10], "Content-Range", "0-9").statusCode()).isEqualTo(202);
        f = f.restart();
        live = java.net.URI.create(live).getRawPath();
        onDisk = java.net.URI.create(onDisk).getRawPath();
        assertThat(f.send("GET", live, null).statusCode()).isEqualTo(204); // recovered into memory; onDisk stays on disk only
        f.ecr("DeleteRepository", Map.of("repositoryName", "team/app", "force", true));
        f.createRepo("team/app");
        for (String loc : List.of(live, onDisk)) {
            var status = f.send("GET", loc, null);
            assertThat(status.statusCode()).as(loc).isEqualTo(404);
            assertThat(RegistryFixture.text(status)).contains("BLOB_UPLOAD_UNKNOWN");
            var put = f.send("PUT", loc + "?digest=" + Digest.of(new byte[10]), null);
            assertThat(put.statusCode()).as(loc).isEqualTo(404);
        }
        assertThat(f.send("HEAD", "/v2/team/app/blobs/" + Digest.of(new byte[10]), null).statusCode()).isEqualTo(404);
    }

    @Test
    void aChunkInFlightWhenItsRepositoryIsDeletedFailsAndTheSessionIsGoneEvenAfterARestart() throws Exception {
        String loc = f.send("POST", "/v2/team/app/blobs/uploads/", null).headers().firstValue("Location").orElseThrow();
        String path = java.net.URI.create(loc).getRawPath();
        String id = path.substring(path.lastIndexOf('/') + 1);
        java.nio.file.Path uploads = f.dir.resolve("registry").resolve("uploads");
        try (java.net.Socket s = partialPatch(path, "Content-Range: 0-999999\r\nContent-Length: 1000000\r\nConnection: close", 300_000)) {
            // the PATCH holds the session while its body is still coming
            Await.until(Duration.ofSeconds(10), "the session to take the chunk's first bytes",
                    () -> unchecked(() -> java.nio.file.Files.size(uploads.resolve(id))) > 0);
            f.ecr("DeleteRepository", Map.of("repositoryName", "team/app", "force", true));
            f.createRepo("team/app");
            s.getOutputStream().write(new byte[700_000]);
            s.getOutputStream().flush();
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 404").contains("BLOB_UPLOAD_UNKNOWN").contains("repository was deleted");
        }
        try (var left = java.nio.file.Files.list(uploads)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(id));
        }
        f = f.restart();
        assertThat(f.send("GET", path, null).statusCode()).isEqualTo(404);
        assertThat(f.send("PATCH", path, new byte[10], "Content-Range", "0-9").statusCode()).isEqualTo(404);
    }

    @Test
    void aConnectionDroppedMidChunkLeavesTheUploadWhereItWasAndFreeToResume() throws Exception {
        String loc = f.send("POST", "/v2/team/app/blobs/uploads/", null).headers().firstValue("Location").orElseThrow();
        f.send("PATCH", loc, new byte[10], "Content-Range", "0-9");
        try (java.net.Socket dropped = partialPatch(loc, "Content-Range: 10-1000009\r\nContent-Length: 1000000", 300_000)) {
            // closed with 700,000 of the declared bytes unsent
        }
        // the server sees the body end early; the session must come back at 10 bytes, unlocked
        Await.until(Duration.ofSeconds(10), "the session to take a chunk again",
                () -> unchecked(() -> f.send("PATCH", loc, new byte[5], "Content-Range", "10-14")).statusCode() == 202);
        assertThat(f.send("GET", loc, null).headers().firstValue("Range")).contains("0-14");
        assertThat(f.send("PUT", loc + "?digest=" + Digest.of(new byte[15]), null).statusCode()).isEqualTo(201);
    }

    @Test
    void anUploadSessionOutlivesARestartOfTheRegistry() throws Exception {
        byte[] blob = random(400_000, 11);
        String loc = f.send("POST", "/v2/team/app/blobs/uploads/", null).headers().firstValue("Location").orElseThrow();
        assertThat(f.send("PATCH", loc, Arrays.copyOfRange(blob, 0, 250_000), "Content-Range", "0-249999").statusCode()).isEqualTo(202);
        f = f.restart();
        String path = java.net.URI.create(loc).getRawPath();
        var status = f.send("GET", path, null);
        assertThat(status.statusCode()).as(RegistryFixture.text(status)).isEqualTo(204);
        assertThat(status.headers().firstValue("Range")).contains("0-249999");
        assertThat(f.send("PATCH", path, Arrays.copyOfRange(blob, 250_000, 400_000), "Content-Range", "250000-399999").statusCode())
                .isEqualTo(202);
        var done = f.send("PUT", path + "?digest=" + Digest.of(blob), null);
        assertThat(done.statusCode()).as(RegistryFixture.text(done)).isEqualTo(201);
        assertThat(f.send("GET", "/v2/team/app/blobs/" + Digest.of(blob), null).body()).isEqualTo(blob);
    }

    @Test
    void garbageCollectionSweepsASessionLeftIdleAcrossARestartButNotOneInUse() throws Exception {
        String idle = f.send("POST", "/v2/team/app/blobs/uploads/", null).headers().firstValue("Location").orElseThrow();
        String used = f.send("POST", "/v2/team/app/blobs/uploads/", null).headers().firstValue("Location").orElseThrow();
        f.send("PATCH", idle, new byte[10], "Content-Range", "0-9");
        f.send("PATCH", used, new byte[10], "Content-Range", "0-9");
        f = f.restart();
        // both sessions' files look idle: the one a client uses again is kept by being in memory, record included
        var old = java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(Duration.ofHours(2)));
        for (String loc : new String[] {idle, used}) {
            String id = loc.substring(loc.lastIndexOf('/') + 1);
            for (String name : new String[] {id, id + ".session"}) {
                java.nio.file.Files.setLastModifiedTime(f.dir.resolve("registry/uploads").resolve(name), old);
            }
        }
        assertThat(f.send("GET", used, null).statusCode()).isEqualTo(204);
        f.registry.collectGarbage(Duration.ofHours(1));
        assertThat(RegistryFixture.text(f.send("GET", idle, null))).contains("BLOB_UPLOAD_UNKNOWN");
        assertThat(f.uploadFiles()).isEqualTo(2);
        assertThat(f.send("PUT", used + "?digest=" + Digest.of(new byte[10]), null).statusCode()).isEqualTo(201);
    }

    @Test
    void anUploadToARepositoryDeletedMeanwhileIsNameUnknownAndStoresNothing() throws Exception {
        byte[] blob = random(1000, 12);
        String loc = f.send("POST", "/v2/team/app/blobs/uploads/", null).headers().firstValue("Location").orElseThrow();
        f.send("PATCH", loc, Arrays.copyOfRange(blob, 0, 500), "Content-Range", "0-499");
        f.ecr("DeleteRepository", Map.of("repositoryName", "team/app", "force", true));
        long blobsBefore = f.blobFiles();
        assertThat(RegistryFixture.text(f.send("GET", loc, null))).contains("NAME_UNKNOWN");
        assertThat(RegistryFixture.text(f.send("PATCH", loc, Arrays.copyOfRange(blob, 500, 1000), "Content-Range", "500-999")))
                .contains("NAME_UNKNOWN");
        var put = f.send("PUT", loc + "?digest=" + Digest.of(Arrays.copyOfRange(blob, 0, 500)), null);
        assertThat(put.statusCode()).isEqualTo(404);
        assertThat(RegistryFixture.text(put)).contains("NAME_UNKNOWN");
        assertThat(f.blobFiles()).isEqualTo(blobsBefore);
        assertThat(RegistryFixture.text(f.send("DELETE", loc, null))).contains("NAME_UNKNOWN");
    }

    @Test
    void aChunkedBodyTricklingInIsStoredWhole() throws Exception {
        byte[] blob = random(3 * 1024 * 1024 + 17, 9);
        String loc = f.send("POST", "/v2/team/app/blobs/uploads/", null).headers().firstValue("Location").orElseThrow();
        // no length: the client sends Transfer-Encoding: chunked in small pieces, as docker does
        var body = java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.FilterInputStream(new java.io.ByteArrayInputStream(blob)) {
            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                return super.read(b, off, Math.min(len, 4093));
            }
        });
        var patch = f.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(f.base + loc)).method("PATCH", body)
                .header("Authorization", f.auth).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(patch.statusCode()).as(patch.body()).isEqualTo(202);
        assertThat(patch.headers().firstValue("Range")).contains("0-" + (blob.length - 1));
        assertThat(f.send("PUT", loc + "?digest=" + Digest.of(blob), null).statusCode()).isEqualTo(201);
        assertThat(f.send("GET", "/v2/team/app/blobs/" + Digest.of(blob), null).body()).isEqualTo(blob);
    }

    @Test
    void blobsLargerThanOneMappedWindowAreServedWholeAndByRange() throws Exception {
        byte[] blob = random(64 * 1024 * 1024 + 100_000, 10);
        String d = f.pushBlob("team/app", blob);
        assertThat(f.send("GET", "/v2/team/app/blobs/" + d, null).body()).isEqualTo(blob);
        int from = 64 * 1024 * 1024 - 10;
        var tail = f.send("GET", "/v2/team/app/blobs/" + d, null, "Range", "bytes=" + from + "-");
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(blob, from, blob.length));
    }

    @Test
    void rangeReadsAndUnknownBlobs() throws Exception {
        byte[] blob = random(1000, 2);
        String d = f.pushBlob("team/app", blob);
        var part = f.send("GET", "/v2/team/app/blobs/" + d, null, "Range", "bytes=100-199");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("Content-Range")).contains("bytes 100-199/1000");
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(blob, 100, 200));
        var tail = f.send("GET", "/v2/team/app/blobs/" + d, null, "Range", "bytes=-10");
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(blob, 990, 1000));
        assertThat(f.send("GET", "/v2/team/app/blobs/" + d, null, "Range", "bytes=5000-").statusCode()).isEqualTo(416);
        var head = f.send("HEAD", "/v2/team/app/blobs/" + d, null);
        assertThat(head.headers().firstValue("Content-Length")).contains("1000");
        var unknown = f.send("GET", "/v2/team/app/blobs/" + Digest.of(new byte[1]), null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(RegistryFixture.text(unknown)).contains("BLOB_UNKNOWN");
        assertThat(RegistryFixture.text(f.send("GET", "/v2/team/app/blobs/sha256:xyz", null))).contains("DIGEST_INVALID");
    }

    @Test
    void pushToAMissingRepositoryIsNameUnknown() throws Exception {
        var r = f.send("POST", "/v2/nope/blobs/uploads/", null);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(RegistryFixture.text(r)).contains("NAME_UNKNOWN");
    }

    @Test
    void blobsAreVisibleOnlyInRepositoriesThatGotThemAndMountLinksThem() throws Exception {
        f.createRepo("other");
        String d = f.pushBlob("team/app", random(100, 3));
        assertThat(f.send("HEAD", "/v2/other/blobs/" + d, null).statusCode()).isEqualTo(404);
        var mount = f.send("POST", "/v2/other/blobs/uploads/?mount=" + d + "&from=team/app", null);
        assertThat(mount.statusCode()).isEqualTo(201);
        assertThat(f.send("HEAD", "/v2/other/blobs/" + d, null).statusCode()).isEqualTo(200);
        var noSource = f.send("POST", "/v2/other/blobs/uploads/?mount=" + Digest.of(new byte[7]) + "&from=team/app", null);
        assertThat(noSource.statusCode()).as("falls back to a new upload").isEqualTo(202);
    }

    @Test
    void manifestsByTagAndDigestWithContentTypeAndDigestHeaders() throws Exception {
        String cfg = f.pushBlob("team/app", "{}".getBytes());
        String layer = f.pushBlob("team/app", random(50, 4));
        byte[] m = RegistryFixture.manifest(cfg, 2, layer).getBytes();
        var put = f.send("PUT", "/v2/team/app/manifests/v1", m, "Content-Type", "application/vnd.oci.image.manifest.v1+json");
        assertThat(put.statusCode()).as(RegistryFixture.text(put)).isEqualTo(201);
        String digest = Digest.of(m).toString();
        assertThat(put.headers().firstValue("Docker-Content-Digest")).contains(digest);
        for (String ref : new String[] {"v1", digest}) {
            var get = f.send("GET", "/v2/team/app/manifests/" + ref, null);
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.headers().firstValue("Content-Type")).contains("application/vnd.oci.image.manifest.v1+json");
            assertThat(get.headers().firstValue("Docker-Content-Digest")).contains(digest);
            assertThat(get.body()).isEqualTo(m);
        }
        assertThat(f.send("HEAD", "/v2/team/app/manifests/v1", null).statusCode()).isEqualTo(200);
        byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + digest + "\",\"size\":" + m.length + "}]}").getBytes();
        assertThat(f.send("PUT", "/v2/team/app/manifests/multi", index, "Content-Type", "application/vnd.oci.image.index.v1+json")
                .statusCode()).isEqualTo(201);
        assertThat(f.send("DELETE", "/v2/team/app/manifests/v1", null).statusCode()).isEqualTo(202);
        assertThat(RegistryFixture.text(f.send("GET", "/v2/team/app/manifests/v1", null))).contains("MANIFEST_UNKNOWN");
        assertThat(f.send("GET", "/v2/team/app/manifests/" + digest, null).statusCode()).isEqualTo(200);
        var referenced = f.send("DELETE", "/v2/team/app/manifests/" + digest, null);
        assertThat(referenced.statusCode()).isEqualTo(409);
        assertThat(RegistryFixture.text(referenced)).contains("DENIED", "referenced by an image index");
        assertThat(f.send("GET", "/v2/team/app/manifests/" + digest, null).statusCode()).isEqualTo(200);
        assertThat(f.send("DELETE", "/v2/team/app/manifests/" + Digest.of(index), null).statusCode()).isEqualTo(202);
        assertThat(f.send("DELETE", "/v2/team/app/manifests/" + digest, null).statusCode()).isEqualTo(202);
        assertThat(f.send("GET", "/v2/team/app/manifests/" + digest, null).statusCode()).isEqualTo(404);
    }

    @Test
    void badManifestsAreRefusedAndNothingIsStored() throws Exception {
        String cfg = f.pushBlob("team/app", "{}".getBytes());
        long blobsBefore = f.blobFiles();
        String missing = Digest.of("never uploaded".getBytes()).toString();
        byte[] m = RegistryFixture.manifest(cfg, 2, missing).getBytes();
        var unknown = f.send("PUT", "/v2/team/app/manifests/v1", m, "Content-Type", "application/vnd.oci.image.manifest.v1+json");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(RegistryFixture.text(unknown)).contains("MANIFEST_BLOB_UNKNOWN").contains(missing);
        var garbage = f.send("PUT", "/v2/team/app/manifests/v1", "not json".getBytes(), "Content-Type", "application/vnd.oci.image.manifest.v1+json");
        assertThat(RegistryFixture.text(garbage)).contains("MANIFEST_INVALID");
        byte[] good = RegistryFixture.manifest(cfg, 2).getBytes();
        var wrongDigest = f.send("PUT", "/v2/team/app/manifests/" + Digest.of("x".getBytes()), good,
                "Content-Type", "application/vnd.oci.image.manifest.v1+json");
        assertThat(RegistryFixture.text(wrongDigest)).contains("DIGEST_INVALID");
        byte[] huge = new byte[ImageService.MAX_MANIFEST_BYTES + 10];
        Arrays.fill(huge, (byte) ' ');
        var big = f.send("PUT", "/v2/team/app/manifests/big", huge, "Content-Type", "application/vnd.oci.image.manifest.v1+json");
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(RegistryFixture.text(f.send("PUT", "/v2/team/app/manifests/bad%20tag!", good,
                "Content-Type", "application/vnd.oci.image.manifest.v1+json"))).contains("TAG_INVALID");
        assertThat(f.blobFiles()).isEqualTo(blobsBefore);
        assertThat(f.registry.api().call("ListImages", io.berth.wire.Json.tree(Map.of("repositoryName", "team/app")), null).toString())
                .doesNotContain("sha256");
    }

    @Test
    void tagsAndCatalogPaginateWithLinkHeaders() throws Exception {
        String cfg = f.pushBlob("team/app", "{}".getBytes());
        byte[] m = RegistryFixture.manifest(cfg, 2).getBytes();
        for (String t : new String[] {"a", "b", "c"}) {
            f.send("PUT", "/v2/team/app/manifests/" + t, m, "Content-Type", "application/vnd.oci.image.manifest.v1+json");
        }
        var p1 = f.send("GET", "/v2/team/app/tags/list?n=2", null);
        assertThat(RegistryFixture.text(p1)).isEqualTo("{\"name\":\"team/app\",\"tags\":[\"a\",\"b\"]}");
        assertThat(p1.headers().firstValue("Link")).contains("</v2/team/app/tags/list?n=2&last=b>; rel=\"next\"");
        var p2 = f.send("GET", "/v2/team/app/tags/list?n=2&last=b", null);
        assertThat(RegistryFixture.text(p2)).contains("[\"c\"]");
        assertThat(p2.headers().firstValue("Link")).isEmpty();
        f.createRepo("zeta");
        assertThat(RegistryFixture.text(f.send("GET", "/v2/_catalog?n=1", null))).isEqualTo("{\"repositories\":[\"team/app\"]}");
        assertThat(RegistryFixture.text(f.send("GET", "/v2/_catalog?last=team/app", null))).contains("zeta");
        var head = f.send("HEAD", "/v2/team/app/tags/list?n=2", null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Link")).contains("</v2/team/app/tags/list?n=2&last=b>; rel=\"next\"");
        assertThat(head.body()).isEmpty();
    }

    @Test
    void aMethodAPathDoesNotTakeIs405WithTheMethodsItDoesTake() throws Exception {
        String digest = f.pushBlob("team/app", "{}".getBytes());
        var blobDelete = f.send("DELETE", "/v2/team/app/blobs/" + digest, null);
        assertThat(blobDelete.statusCode()).isEqualTo(405);
        assertThat(RegistryFixture.text(blobDelete)).contains("UNSUPPORTED");
        assertThat(blobDelete.headers().firstValue("Allow")).contains("GET, HEAD");
        assertThat(f.send("POST", "/v2/team/app/manifests/v1", null).headers().firstValue("Allow")).contains("GET, HEAD, PUT, DELETE");
        assertThat(f.send("PUT", "/v2/_catalog", null).headers().firstValue("Allow")).contains("GET, HEAD");
    }

    @Test
    void immutableTagsRefuseAMovingTag() throws Exception {
        f.ecr("PutImageTagMutability", Map.of("repositoryName", "team/app", "imageTagMutability", "IMMUTABLE"));
        String cfg = f.pushBlob("team/app", "{}".getBytes());
        String l1 = f.pushBlob("team/app", random(10, 5));
        byte[] m1 = RegistryFixture.manifest(cfg, 2).getBytes();
        byte[] m2 = RegistryFixture.manifest(cfg, 2, l1).getBytes();
        String ct = "application/vnd.oci.image.manifest.v1+json";
        assertThat(f.send("PUT", "/v2/team/app/manifests/v1", m1, "Content-Type", ct).statusCode()).isEqualTo(201);
        assertThat(f.send("PUT", "/v2/team/app/manifests/v1", m1, "Content-Type", ct).statusCode()).as("same digest again").isEqualTo(201);
        var moved = f.send("PUT", "/v2/team/app/manifests/v1", m2, "Content-Type", ct);
        assertThat(moved.statusCode()).isEqualTo(400);
        assertThat(RegistryFixture.text(moved)).contains("TAG_INVALID").contains("immutable");
        assertThatThrownBy(() -> f.ecr("PutImage", Map.of("repositoryName", "team/app", "imageTag", "v1",
                "imageManifest", new String(m2), "imageManifestMediaType", ct)))
                .isInstanceOf(AwsException.class).extracting(e -> ((AwsException) e).code()).isEqualTo("ImageTagAlreadyExistsException");
    }

    @Test
    void garbageCollectionKeepsReferencedBlobsAndDropsTheRest() throws Exception {
        String cfg = f.pushBlob("team/app", "{}".getBytes());
        String kept = f.pushBlob("team/app", random(10, 6));
        String dropped = f.pushBlob("team/app", random(10, 7));
        byte[] m = RegistryFixture.manifest(cfg, 2, kept).getBytes();
        f.send("PUT", "/v2/team/app/manifests/v1", m, "Content-Type", "application/vnd.oci.image.manifest.v1+json");
        var r = f.registry.collectGarbage(Duration.ofMillis(-1));
        assertThat(r.blobsDeleted()).isEqualTo(1);
        assertThat(f.send("HEAD", "/v2/team/app/blobs/" + kept, null).statusCode()).isEqualTo(200);
        assertThat(f.send("HEAD", "/v2/team/app/blobs/" + dropped, null).statusCode()).isEqualTo(404);
        assertThat(f.send("GET", "/v2/team/app/manifests/v1", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aQueryThatIsNotUtf8IsABadRequestAndLeavesTheUploadAlone() throws Exception {
        String loc = f.send("POST", "/v2/team/app/blobs/uploads/", null).headers().firstValue("Location").orElseThrow();
        f.send("PATCH", loc, new byte[10], "Content-Range", "0-9");
        for (String path : new String[] {"/v2/team/app/tags/list?last=%ff", "/v2/_catalog?n=%c3%28", loc + "?digest=%ff"}) {
            String method = path.contains("digest") ? "PUT" : "GET";
            var r = f.send(method, path, null);
            assertThat(r.statusCode()).as(path).isEqualTo(400);
            assertThat(RegistryFixture.text(r)).contains("\"code\":\"UNSUPPORTED\"").contains("query").doesNotContain("Exception");
        }
        assertThat(f.send("GET", loc, null).headers().firstValue("Range")).contains("0-9");
        var anon = f.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(f.base + "/v2/?X-Berth-Token=%ff")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(anon.statusCode()).as("no credentials: challenged, whatever the query").isEqualTo(401);
    }

    @Test
    void aMountWithAMalformedDigestFallsBackToANewUpload() throws Exception {
        f.createRepo("other");
        f.pushBlob("team/app", random(100, 3));
        for (String mount : new String[] {"bad", "", "sha256:xyz", "sha512:" + "a".repeat(128), "SHA256:" + "A".repeat(64)}) {
            var r = f.send("POST", "/v2/other/blobs/uploads/?mount=" + mount + "&from=team/app", null);
            assertThat(r.statusCode()).as(mount + ": " + RegistryFixture.text(r)).isEqualTo(202);
            assertThat(r.headers().firstValue("Location")).get().asString().startsWith("/v2/other/blobs/uploads/");
        }
    }

    @Test
    void digestsWithAMalformedAlgorithmAreInvalidNotUnsupported() throws Exception {
        String hex = "a".repeat(64);
        for (String d : new String[] {":" + hex, "SHA256:" + hex, "sha-:" + hex, "sha256::" + hex}) {
            var r = f.send("GET", "/v2/team/app/blobs/" + d, null);
            assertThat(r.statusCode()).as(d).isEqualTo(400);
            assertThat(RegistryFixture.text(r)).as(d).contains("DIGEST_INVALID");
        }
        var sha512 = f.send("GET", "/v2/team/app/blobs/sha512:" + "a".repeat(128), null);
        assertThat(RegistryFixture.text(sha512)).contains("UNSUPPORTED");
    }

    @Test
    void aRangeInAnotherUnitOrOfSeveralPartsGetsTheWholeBlob() throws Exception {
        byte[] blob = random(1000, 12);
        String d = f.pushBlob("team/app", blob);
        for (String range : new String[] {"items=0-9", "bytes=0-9,20-29"}) {
            var r = f.send("GET", "/v2/team/app/blobs/" + d, null, "Range", range);
            assertThat(r.statusCode()).as(range).isEqualTo(200);
            assertThat(r.body()).isEqualTo(blob);
        }
        var huge = f.send("GET", "/v2/team/app/blobs/" + d, null, "Range", "bytes=990-99999999999999999999999");
        assertThat(huge.statusCode()).isEqualTo(206);
        assertThat(huge.body()).isEqualTo(Arrays.copyOfRange(blob, 990, 1000));
        assertThat(f.send("GET", "/v2/team/app/blobs/" + d, null, "Range", "bytes=abc").statusCode()).isEqualTo(416);
    }

    @Test
    void manifestsThatAreNotOneJsonValueWithIntegerSizesAreRefusedWithoutNamingTheParser() throws Exception {
        String cfg = f.pushBlob("team/app", "{}".getBytes());
        String good = RegistryFixture.manifest(cfg, 2);
        long blobsBefore = f.blobFiles();
        Map<String, String> bad = Map.of(
                "trailing", good + " {}",
                "deep", "[".repeat(1500) + "]".repeat(1500),
                "long number", "{\"schemaVersion\":2" + "0".repeat(1500) + "}",
                "fractional size", good.replace("\"size\":2", "\"size\":2.5"),
                "overflowing sizes", RegistryFixture.manifest(cfg, Long.MAX_VALUE, cfg));
        for (var e : bad.entrySet()) {
            var r = f.send("PUT", "/v2/team/app/manifests/" + e.getKey().replace(' ', '-'), e.getValue().getBytes(),
                    "Content-Type", "application/vnd.oci.image.manifest.v1+json");
            assertThat(r.statusCode()).as(e.getKey()).isEqualTo(400);
            assertThat(RegistryFixture.text(r)).as(e.getKey()).contains("MANIFEST_INVALID")
                    .doesNotContain("jackson", "Jackson", "StreamRead", "`", "Source:");
        }
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        Map<String, byte[]> notUtf8 = Map.of(
                "utf-8-bom", java.nio.ByteBuffer.allocate(bom.length + good.length()).put(bom).put(good.getBytes()).array(),
                "utf-16le", good.getBytes(StandardCharsets.UTF_16LE),
                "utf-16-bom", good.getBytes(StandardCharsets.UTF_16));
        for (var e : notUtf8.entrySet()) {
            var r = f.send("PUT", "/v2/team/app/manifests/" + e.getKey(), e.getValue(), "Content-Type", "application/vnd.oci.image.manifest.v1+json");
            assertThat(r.statusCode()).as(e.getKey()).isEqualTo(400);
            assertThat(RegistryFixture.text(r)).as(e.getKey()).contains("MANIFEST_INVALID", "UTF-8");
        }
        assertThat(f.blobFiles()).isEqualTo(blobsBefore);
        assertThat(RegistryFixture.text(f.send("GET", "/v2/team/app/tags/list", null))).contains("\"tags\":[]");
    }

    @Test
    void cancellingAnUploadAnotherRequestIsWritingIsRefusedAtOnceNotWaitedFor() throws Exception {
        String loc = f.send("POST", "/v2/team/app/blobs/uploads/", null).headers().firstValue("Location").orElseThrow();
        try (java.net.Socket stalled = partialPatch(loc, "Content-Length: 1000", 10)) {
            // the stalled PATCH holds the session once its 10 bytes are in the session's file. Watched
            // there, not by PATCHing: a probe that got the session first would have the stalled PATCH refused
            java.nio.file.Path bytes = f.dir.resolve("registry/uploads").resolve(loc.substring(loc.lastIndexOf('/') + 1));
            Await.until(Duration.ofSeconds(10), "the PATCH to hold the session", () -> unchecked(() -> java.nio.file.Files.size(bytes)) == 10);
            assertThat(f.send("PATCH", loc, new byte[1]).statusCode()).isEqualTo(416);
            // a DELETE must not sit behind it either
            var cancel = f.http.sendAsync(java.net.http.HttpRequest.newBuilder(java.net.URI.create(f.base + loc)).DELETE()
                    .header("Authorization", f.auth).build(), java.net.http.HttpResponse.BodyHandlers.ofString())
                    .get(5, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(cancel.statusCode()).isEqualTo(416);
            assertThat(cancel.body()).contains("BLOB_UPLOAD_INVALID");
        }
        Await.until(Duration.ofSeconds(10), "the cancel to go through once the PATCH is gone",
                () -> unchecked(() -> f.send("DELETE", loc, null)).statusCode() == 204);
        assertThat(f.send("GET", loc, null).statusCode()).isEqualTo(404);
        assertThat(f.uploadFiles()).isZero();
    }
}
