package io.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.wire.AwsException;
import io.berth.wire.Json;
import java.util.List;
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
    void aManifestAnIndexListsIsNotDeletedByDigestOrLastTagUntilTheIndexIsGone() throws Exception {
        call("CreateRepository", Map.of("repositoryName", "app"));
        String cfg = f.pushBlob("app", "{}".getBytes());
        String m = RegistryFixture.manifest(cfg, 2);
        String digest = Digest.of(m.getBytes()).toString();
        String index = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{\"mediaType\":\""
                + OCI_MANIFEST + "\",\"digest\":\"" + digest + "\",\"size\":" + m.length() + "}]}";
        refusal("PutImage", Map.of("repositoryName", "app", "imageTag", "multi", "imageManifest", index))
                .isEqualTo("ReferencedImagesNotFoundException");
        call("PutImage", Map.of("repositoryName", "app", "imageTag", "v1", "imageManifest", m));
        call("PutImage", Map.of("repositoryName", "app", "imageTag", "multi", "imageManifest", index));

        for (Map<String, String> id : List.of(Map.of("imageDigest", digest), Map.of("imageTag", "v1"))) {
            JsonNode r = call("BatchDeleteImage", Map.of("repositoryName", "app", "imageIds", List.of(id)));
            assertThat(r.path("failures").path(0).path("failureCode").asText()).as("%s", id).isEqualTo("ImageReferencedByManifestList");
            assertThat(r.path("imageIds")).isEmpty();
        }
        assertThat(call("DescribeImages", Map.of("repositoryName", "app")).path("imageDetails")).hasSize(2);
        call("BatchDeleteImage", Map.of("repositoryName", "app", "imageIds", List.of(Map.of("imageTag", "multi"))));
        JsonNode r = call("BatchDeleteImage", Map.of("repositoryName", "app", "imageIds", List.of(Map.of("imageDigest", digest))));
        assertThat(r.path("imageIds").path(0).path("imageDigest").asText()).isEqualTo(digest);
        assertThat(call("DescribeImages", Map.of("repositoryName", "app")).path("imageDetails")).isEmpty();
    }

    @Test
    void everyRepositoryNameIsCheckedAgainstTheModelBeforeItIsLookedUp() {
        refusal("DescribeImages", Map.of("repositoryName", "Team/App")).isEqualTo("InvalidParameterException");
        refusal("DescribeImages", Map.of("repositoryName", "team/app")).isEqualTo("RepositoryNotFoundException");
    }

    /** Pushes an untagged image with one layer of {@code content} over the OCI API; returns its digest. */
    private String pushUntagged(String repo, String content) throws Exception {
        String cfg = f.pushBlob(repo, "{}".getBytes());
        String layer = f.pushBlob(repo, content.getBytes());
        byte[] m = RegistryFixture.manifest(cfg, 2, layer).replace("\"size\":1}", "\"size\":" + content.length() + "}").getBytes();
        String digest = Digest.of(m).toString();
        var put = f.send("PUT", "/v2/" + repo + "/manifests/" + digest, m, "Content-Type", OCI_MANIFEST);
        assertThat(put.statusCode()).as(RegistryFixture.text(put)).isEqualTo(201);
        return digest;
    }

    @Test
    void maxResultsCannotBeCombinedWithAnExplicitList() throws Exception {
        f.createRepo("app");
        String d = pushUntagged("app", "one");
        refusal("DescribeRepositories", Map.of("repositoryNames", java.util.List.of("app"), "maxResults", 5))
                .isEqualTo("InvalidParameterException");
        refusal("DescribeImages", Map.of("repositoryName", "app", "imageIds", java.util.List.of(Map.of("imageDigest", d)), "maxResults", 5))
                .isEqualTo("InvalidParameterException");
        assertThat(call("DescribeImages", Map.of("repositoryName", "app", "imageIds", java.util.List.of(Map.of("imageDigest", d))))
                .path("imageDetails")).hasSize(1);
    }

    @Test
    void pagingThroughImagesWhileDeletingEachPageSkipsNoneAndATokenPagesOnlyItsOwnList() throws Exception {
        f.createRepo("app");
        f.createRepo("other");
        java.util.Set<String> pushed = new java.util.HashSet<>();
        for (int i = 0; i < 7; i++) pushed.add(pushUntagged("app", "image " + i));
        for (String op : java.util.List.of("ListImages", "DescribeImages")) {
            String member = op.equals("ListImages") ? "imageIds" : "imageDetails";
            java.util.Set<String> seen = new java.util.HashSet<>();
            String token = null;
            do {
                Map<String, Object> in = new java.util.HashMap<>(Map.of("repositoryName", "app", "maxResults", 2));
                if (token != null) in.put("nextToken", token);
                JsonNode page = call(op, in);
                java.util.List<Map<String, String>> ids = new java.util.ArrayList<>();
                page.path(member).forEach(id -> {
                    assertThat(seen.add(id.path("imageDigest").asText())).as(op + " listed an image twice").isTrue();
                    ids.add(Map.of("imageDigest", id.path("imageDigest").asText()));
                });
                assertThat(ids).as(op).hasSizeBetween(1, 2);
                token = page.path("nextToken").asText(null);
                if (token != null) {
                    // a token pages its own operation and repository only
                    refusal(op, Map.of("repositoryName", "other", "nextToken", token)).isEqualTo("InvalidParameterException");
                    refusal("DescribeRepositories", Map.of("nextToken", token)).isEqualTo("InvalidParameterException");
                }
                call("BatchDeleteImage", Map.of("repositoryName", "app", "imageIds", ids));
            } while (token != null);
            assertThat(seen).as(op).isEqualTo(pushed);
            if (op.equals("ListImages")) {
                pushed.clear();
                for (int i = 0; i < 7; i++) pushed.add(pushUntagged("app", "again " + i));
            }
        }
        refusal("DescribeImages", Map.of("repositoryName", "app", "imageIds", java.util.List.of(Map.of("imageDigest", pushed.iterator().next())),
                "nextToken", "x")).isEqualTo("InvalidParameterException");

        // one image under three tags: a page may end between two of its tags
        String tagged = pushUntagged("other", "tagged three times");
        String manifest = call("BatchGetImage", Map.of("repositoryName", "other", "imageIds", java.util.List.of(Map.of("imageDigest", tagged))))
                .path("images").get(0).path("imageManifest").asText();
        for (String tag : java.util.List.of("a", "b", "c")) call("PutImage", Map.of("repositoryName", "other", "imageManifest", manifest, "imageTag", tag));
        java.util.List<String> tags = new java.util.ArrayList<>();
        String token = null;
        do {
            Map<String, Object> in = new java.util.HashMap<>(Map.of("repositoryName", "other", "maxResults", 2));
            if (token != null) in.put("nextToken", token);
            JsonNode page = call("ListImages", in);
            page.path("imageIds").forEach(id -> tags.add(id.path("imageTag").asText()));
            token = page.path("nextToken").asText(null);
        } while (token != null);
        assertThat(tags).containsExactly("a", "b", "c");
    }

    @Test
    void tagsAreCheckedAsAwsChecksThemAndARefusalChangesNothing() {
        String arn = "arn:aws:ecr:us-east-1:000000000000:repository/";
        call("CreateRepository", Map.of("repositoryName", "app", "tags", java.util.List.of(Map.of("Key", "team", "Value", "a"),
                Map.of("Key", "team", "Value", "b"))));
        assertThat(call("ListTagsForResource", Map.of("resourceArn", arn + "app")).path("tags").toString())
                .isEqualTo("[{\"Key\":\"team\",\"Value\":\"b\"}]");
        for (Map<String, String> bad : java.util.List.of(Map.of("Key", "aws:owner", "Value", "x"), Map.of("Key", "AWS:owner", "Value", "x"),
                Map.of("Key", "k".repeat(129), "Value", "x"), Map.of("Key", "", "Value", "x"), Map.of("Key", "k", "Value", "v".repeat(257)))) {
            refusal("TagResource", Map.of("resourceArn", arn + "app", "tags", java.util.List.of(Map.of("Key", "fine", "Value", "1"), bad)))
                    .isEqualTo("InvalidTagParameterException");
            refusal("CreateRepository", Map.of("repositoryName", "other", "tags", java.util.List.of(bad)))
                    .isEqualTo("InvalidTagParameterException");
        }
        java.util.List<Map<String, String>> many = new java.util.ArrayList<>();
        for (int i = 0; i < 51; i++) many.add(Map.of("Key", "k" + i, "Value", "v"));
        refusal("CreateRepository", Map.of("repositoryName", "other", "tags", many)).isEqualTo("TooManyTagsException");
        refusal("DescribeRepositories", Map.of("repositoryNames", java.util.List.of("other"))).isEqualTo("RepositoryNotFoundException");
        assertThat(call("ListTagsForResource", Map.of("resourceArn", arn + "app")).path("tags")).hasSize(1);
        call("TagResource", Map.of("resourceArn", arn + "app", "tags", many.subList(0, 49)));
        call("TagResource", Map.of("resourceArn", arn + "app", "tags", java.util.List.of(Map.of("Key", "k0", "Value", "again"))));
        refusal("TagResource", Map.of("resourceArn", arn + "app", "tags", many.subList(49, 50))).isEqualTo("TooManyTagsException");
        assertThat(call("ListTagsForResource", Map.of("resourceArn", arn + "app")).path("tags")).hasSize(50);
    }

    @Test
    void completingALayerUploadWithNoPartsIsAnEmptyUploadAndTheUploadStaysOpen() throws Exception {
        f.createRepo("app");
        String id = call("InitiateLayerUpload", Map.of("repositoryName", "app")).path("uploadId").asText();
        String digest = Digest.of("layer".getBytes()).toString();
        refusal("CompleteLayerUpload", Map.of("repositoryName", "app", "uploadId", id, "layerDigests", java.util.List.of(digest)))
                .isEqualTo("EmptyUploadException");
        call("UploadLayerPart", Map.of("repositoryName", "app", "uploadId", id, "partFirstByte", 0, "partLastByte", 4,
                "layerPartBlob", java.util.Base64.getEncoder().encodeToString("layer".getBytes())));
        assertThat(call("CompleteLayerUpload", Map.of("repositoryName", "app", "uploadId", id, "layerDigests", java.util.List.of(digest)))
                .path("layerDigest").asText()).isEqualTo(digest);
    }

    @Test
    void anUploadOfAForceDeletedRepositoryIsUnknownInTheRepositoryCreatedAgainUnderItsName() {
        f.createRepo("app");
        String id = call("InitiateLayerUpload", Map.of("repositoryName", "app")).path("uploadId").asText();
        String part = java.util.Base64.getEncoder().encodeToString("abcd".getBytes());
        call("UploadLayerPart", Map.of("repositoryName", "app", "uploadId", id, "partFirstByte", 0, "partLastByte", 3, "layerPartBlob", part));
        call("DeleteRepository", Map.of("repositoryName", "app", "force", true));
        f.createRepo("app");
        refusal("UploadLayerPart", Map.of("repositoryName", "app", "uploadId", id, "partFirstByte", 4, "partLastByte", 7, "layerPartBlob", part))
                .isEqualTo("UploadNotFoundException");
        refusal("CompleteLayerUpload", Map.of("repositoryName", "app", "uploadId", id,
                "layerDigests", java.util.List.of(Digest.of("abcd".getBytes()).toString()))).isEqualTo("UploadNotFoundException");
    }

    @Test
    void repositoryPoliciesMustBeIamPoliciesAndARefusedOneLeavesTheOldInPlace() {
        f.createRepo("app");
        String good = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"pull\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":[\"arn:aws:iam::000000000000:root\"]},\"Action\":[\"ecr:BatchGetImage\",\"ecr:GetDownloadUrlForLayer\"]}]}";
        call("SetRepositoryPolicy", Map.of("repositoryName", "app", "policyText", good));
        Map<String, String> bad = Map.of(
                "not json", "the text is not a JSON document",
                "{}", "needs a Statement",
                "{\"Version\":\"2020-01-01\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"ecr:*\"}}", "Version must be",
                "{\"Statement\":[{\"Effect\":\"Maybe\",\"Principal\":\"*\",\"Action\":\"ecr:*\"}]}", "Statement 1 has Effect 'Maybe'",
                "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ecr:*\"}]}", "needs a Principal",
                "{\"Statement\":{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":[1]}}", "Action that is not a string");
        bad.forEach((text, problem) -> {
            try {
                f.ecr("SetRepositoryPolicy", Map.of("repositoryName", "app", "policyText", text));
                throw new AssertionError("accepted " + text);
            } catch (AwsException e) {
                assertThat(e.code()).as(text).isEqualTo("InvalidParameterException");
                assertThat(e.getMessage()).as(text).contains("Invalid repository policy provided", problem);
            }
        });
        assertThat(call("GetRepositoryPolicy", Map.of("repositoryName", "app")).path("policyText").asText()).isEqualTo(good);
        call("DeleteRepositoryPolicy", Map.of("repositoryName", "app"));
        refusal("GetRepositoryPolicy", Map.of("repositoryName", "app")).isEqualTo("RepositoryPolicyNotFoundException");
    }

    @Test
    void aLifecyclePolicyThatIsNotJsonIsRefusedWithWhereTheJsonBreaksAndNotTheParsersSettings() {
        f.createRepo("app");
        try {
            f.ecr("PutLifecyclePolicy", Map.of("repositoryName", "app", "lifecyclePolicyText", "{\"rules\": [ {\"rulePriority\": 1,, } ] }" + " ".repeat(80)));
            throw new AssertionError("accepted");
        } catch (AwsException e) {
            assertThat(e.code()).isEqualTo("InvalidParameterException");
            assertThat(e.getMessage()).contains("not valid JSON (line 1, column").doesNotContain("StreamReadFeature");
        }
        refusal("GetLifecyclePolicy", Map.of("repositoryName", "app")).isEqualTo("LifecyclePolicyNotFoundException");
    }

    @Test
    void aTagOnAnotherImageThanTheDigestIsTheSameFailureToBatchGetAndBatchDeleteAndNothingIsDeleted() throws Exception {
        f.createRepo("app");
        String one = pushUntagged("app", "one");
        String two = pushUntagged("app", "two");
        String manifest = call("BatchGetImage", Map.of("repositoryName", "app", "imageIds", java.util.List.of(Map.of("imageDigest", one))))
                .path("images").get(0).path("imageManifest").asText();
        call("PutImage", Map.of("repositoryName", "app", "imageManifest", manifest, "imageTag", "v1"));
        var mismatch = java.util.List.of(Map.of("imageDigest", two, "imageTag", "v1"));
        for (String op : java.util.List.of("BatchGetImage", "BatchDeleteImage")) {
            JsonNode out = call(op, Map.of("repositoryName", "app", "imageIds", mismatch));
            assertThat(out.path("failures").get(0).path("failureCode").asText()).as(op).isEqualTo("ImageTagDoesNotMatchDigest");
            assertThat(out.path(op.equals("BatchGetImage") ? "images" : "imageIds")).as(op).isEmpty();
        }
        assertThat(call("ListImages", Map.of("repositoryName", "app")).path("imageIds")).hasSize(2);
    }

    @Test
    void scanFindingsAreNotFoundForAnImageSinceBerthDoesNotScanAndTheImageMustExist() throws Exception {
        f.createRepo("app");
        String one = pushUntagged("app", "one");
        refusal("DescribeImageScanFindings", Map.of("repositoryName", "app", "imageId", Map.of("imageDigest", one)))
                .isEqualTo("ScanNotFoundException");
        refusal("DescribeImageScanFindings", Map.of("repositoryName", "app", "imageId", Map.of("imageTag", "nope")))
                .isEqualTo("ImageNotFoundException");
        refusal("DescribeImageScanFindings", Map.of("repositoryName", "gone", "imageId", Map.of("imageTag", "nope")))
                .isEqualTo("RepositoryNotFoundException");
    }

    @Test
    void lifecyclePreviewResultsArePagedAndFiltered() throws Exception {
        f.createRepo("app");
        String oldest = pushUntagged("app", "one");
        Thread.sleep(5);
        String middle = pushUntagged("app", "two");
        Thread.sleep(5);
        pushUntagged("app", "three");
        String policy = "{\"rules\":[{\"rulePriority\":1,\"description\":\"keep one untagged image\",\"selection\":{\"tagStatus\":"
                + "\"untagged\",\"countType\":\"imageCountMoreThan\",\"countNumber\":1},\"action\":{\"type\":\"expire\"}}]}";
        call("StartLifecyclePolicyPreview", Map.of("repositoryName", "app", "lifecyclePolicyText", policy));

        JsonNode all = call("GetLifecyclePolicyPreview", Map.of("repositoryName", "app"));
        assertThat(all.path("previewResults")).hasSize(2);
        assertThat(all.path("summary").path("expiringImageTotalCount").asInt()).isEqualTo(2);
        assertThat(all.has("nextToken")).isFalse();

        JsonNode p1 = call("GetLifecyclePolicyPreview", Map.of("repositoryName", "app", "maxResults", 1));
        assertThat(p1.path("previewResults")).hasSize(1);
        JsonNode p2 = call("GetLifecyclePolicyPreview", Map.of("repositoryName", "app", "maxResults", 1,
                "nextToken", p1.path("nextToken").asText()));
        assertThat(p2.path("previewResults")).hasSize(1);
        assertThat(p2.has("nextToken")).isFalse();
        assertThat(java.util.Set.of(p1.path("previewResults").get(0).path("imageDigest").asText(),
                p2.path("previewResults").get(0).path("imageDigest").asText())).containsExactlyInAnyOrder(oldest, middle);

        assertThat(call("GetLifecyclePolicyPreview", Map.of("repositoryName", "app", "filter", Map.of("tagStatus", "TAGGED")))
                .path("previewResults")).isEmpty();
        JsonNode one = call("GetLifecyclePolicyPreview", Map.of("repositoryName", "app",
                "imageIds", java.util.List.of(Map.of("imageDigest", middle))));
        assertThat(one.path("previewResults")).hasSize(1);
        assertThat(one.path("previewResults").get(0).path("imageDigest").asText()).isEqualTo(middle);
        // a token pages the preview it came from: once a new preview starts, it is refused
        call("StartLifecyclePolicyPreview", Map.of("repositoryName", "app", "lifecyclePolicyText", policy));
        refusal("GetLifecyclePolicyPreview", Map.of("repositoryName", "app", "maxResults", 1, "nextToken", p1.path("nextToken").asText()))
                .isEqualTo("InvalidParameterException");
        refusal("GetLifecyclePolicyPreview", Map.of("repositoryName", "app", "maxResults", 1,
                "imageIds", java.util.List.of(Map.of("imageDigest", middle)))).isEqualTo("InvalidParameterException");
    }

    @Test
    void aManifestListsImageSizeIsThatOfItsLargestManifest() throws Exception {
        f.createRepo("multi");
        String small = pushUntagged("multi", "s");
        String large = pushUntagged("multi", "a larger layer");
        String index = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                + "{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\"" + small + "\",\"size\":1},"
                + "{\"mediaType\":\"" + OCI_MANIFEST + "\",\"digest\":\"" + large + "\",\"size\":1}]}";
        var put = f.send("PUT", "/v2/multi/manifests/latest", index.getBytes(), "Content-Type", "application/vnd.oci.image.index.v1+json");
        assertThat(put.statusCode()).as(RegistryFixture.text(put)).isEqualTo(201);
        java.util.Map<String, Long> sizes = new java.util.HashMap<>();
        for (JsonNode d : call("DescribeImages", Map.of("repositoryName", "multi")).path("imageDetails")) {
            sizes.put(d.path("imageDigest").asText(), d.path("imageSizeInBytes").asLong());
        }
        assertThat(sizes.get(large)).isGreaterThan(sizes.get(small));
        assertThat(sizes.get(Digest.of(index.getBytes()).toString())).isEqualTo(sizes.get(large));
    }

    @Test
    void createRepositoryChecksTagMutabilityExclusionsAsPutImageTagMutabilityDoes() {
        refusal("CreateRepository", Map.of("repositoryName", "excl", "imageTagMutability", "IMMUTABLE_WITH_EXCLUSION"))
                .isEqualTo("InvalidParameterException");
        refusal("PutImageTagMutability", Map.of("repositoryName", "excl", "imageTagMutability", "IMMUTABLE_WITH_EXCLUSION"))
                .isEqualTo("RepositoryNotFoundException");
        JsonNode repo = call("CreateRepository", Map.of("repositoryName", "excl", "imageTagMutability", "IMMUTABLE_WITH_EXCLUSION",
                "imageTagMutabilityExclusionFilters", java.util.List.of(Map.of("filterType", "WILDCARD", "filter", "latest"))))
                .path("repository");
        assertThat(repo.path("imageTagMutabilityExclusionFilters").get(0).path("filter").asText()).isEqualTo("latest");
    }

    @Test
    void putImageRefusesAManifestWithContentAfterItsJsonAndStoresNothing() throws Exception {
        call("CreateRepository", Map.of("repositoryName", "app"));
        String cfg = f.pushBlob("app", "{}".getBytes());
        String m = RegistryFixture.manifest(cfg, 2);
        refusal("PutImage", Map.of("repositoryName", "app", "imageTag", "v1", "imageManifest", m + " garbage"))
                .isEqualTo("InvalidParameterException");
        // manifests Berth does not take are bad parameters too: PutImage lists no UnsupportedImageTypeException
        refusal("PutImage", Map.of("repositoryName", "app", "imageTag", "v1", "imageManifest", "{\"schemaVersion\":1,\"name\":\"app\"}"))
                .isEqualTo("InvalidParameterException");
        refusal("PutImage", Map.of("repositoryName", "app", "imageTag", "v1", "imageManifest",
                m.replace("application/vnd.oci.image.manifest.v1+json", "application/x-unknown"))).isEqualTo("InvalidParameterException");
        assertThat(call("ListImages", Map.of("repositoryName", "app")).path("imageIds")).isEmpty();
    }

    @Test
    void malformedLayerDigestsAreInvalidParametersAndTheUploadStaysOpen() throws Exception {
        call("CreateRepository", Map.of("repositoryName", "app"));
        String id = call("InitiateLayerUpload", Map.of("repositoryName", "app")).path("uploadId").asText();
        call("UploadLayerPart", Map.of("repositoryName", "app", "uploadId", id, "partFirstByte", 0, "partLastByte", 2,
                "layerPartBlob", java.util.Base64.getEncoder().encodeToString("abc".getBytes())));
        for (String d : new String[] {"sha512:" + "a".repeat(128), "sha256:" + "A".repeat(64), "SHA256:" + "a".repeat(64)}) {
            refusal("CompleteLayerUpload", Map.of("repositoryName", "app", "uploadId", id, "layerDigests", java.util.List.of(d)))
                    .isEqualTo("InvalidParameterException");
            refusal("GetDownloadUrlForLayer", Map.of("repositoryName", "app", "layerDigest", d)).isEqualTo("InvalidParameterException");
        }
        String abc = Digest.of("abc".getBytes()).toString();
        assertThat(call("CompleteLayerUpload", Map.of("repositoryName", "app", "uploadId", id, "layerDigests", java.util.List.of(abc)))
                .path("layerDigest").asText()).isEqualTo(abc);
    }

    @Test
    void batchGetImageReportsAnImageIdWithNeitherDigestNorTagAsMissingDigestAndTag() throws Exception {
        call("CreateRepository", Map.of("repositoryName", "app"));
        JsonNode out = call("BatchGetImage", Map.of("repositoryName", "app", "imageIds",
                java.util.List.of(Map.of(), Map.of("imageDigest", "sha256:zz"))));
        assertThat(out.path("failures").get(0).path("failureCode").asText()).isEqualTo("MissingDigestAndTag");
        assertThat(out.path("failures").get(1).path("failureCode").asText()).isEqualTo("InvalidImageDigest");
    }
}
