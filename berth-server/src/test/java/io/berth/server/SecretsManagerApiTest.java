package io.berth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import io.berth.store.sqlite.SqliteStateStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.*;

/** Secrets Manager through the AWS SDK for Java v2: values, versions and labels, deletion, listing, tags, bad input, restarts. */
class SecretsManagerApiTest {
    static ServerFixture fx;
    static SecretsManagerClient sm;

    @BeforeAll
    static void start() throws Exception {
        fx = new ServerFixture();
        sm = client(fx.server.url());
    }

    @AfterAll
    static void stop() {
        sm.close();
        fx.close();
    }

    static SecretsManagerClient client(String url) {
        return ServerFixture.client(SecretsManagerClient.builder(), url);
    }

    @Test
    void createdSecretIsReadByNameFullArnAndPartialArn() {
        CreateSecretResponse created = sm.createSecret(b -> b.name("team/db-creds").description("database login")
                .secretString("{\"username\":\"app\",\"password\":\"pw\"}").tags(Tag.builder().key("team").value("a").build()));
        assertThat(created.arn()).matches("arn:aws:secretsmanager:us-east-1:000000000000:secret:team/db-creds-[A-Za-z0-9]{6}");
        assertThat(created.versionId()).isNotBlank();
        String partial = created.arn().substring(0, created.arn().length() - 7);
        for (String id : List.of("team/db-creds", created.arn(), partial)) {
            GetSecretValueResponse v = sm.getSecretValue(b -> b.secretId(id));
            assertThat(v.secretString()).as(id).isEqualTo("{\"username\":\"app\",\"password\":\"pw\"}");
            assertThat(v.arn()).isEqualTo(created.arn());
            assertThat(v.name()).isEqualTo("team/db-creds");
            assertThat(v.versionId()).isEqualTo(created.versionId());
            assertThat(v.versionStages()).containsExactly("AWSCURRENT");
        }
        DescribeSecretResponse d = sm.describeSecret(b -> b.secretId(created.arn()));
        assertThat(d.description()).isEqualTo("database login");
        assertThat(d.tags()).extracting(Tag::key, Tag::value).containsExactly(org.assertj.core.groups.Tuple.tuple("team", "a"));
        assertThat(d.versionIdsToStages()).containsExactly(Map.entry(created.versionId(), List.of("AWSCURRENT")));
        assertThat(d.createdDate()).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
        assertThat(d.lastAccessedDate()).isNotNull();
        assertThat(d.deletedDate()).isNull();

        assertThatThrownBy(() -> sm.getSecretValue(b -> b.secretId("team/nope")))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("Secrets Manager can't find the specified secret.");
        assertThatThrownBy(() -> sm.getSecretValue(b -> b.secretId(created.arn().replace("us-east-1", "eu-west-1"))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> sm.getSecretValue(b -> b.secretId(partial + "-zzzzzz"))).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void newValuesMoveCurrentAndPreviousAndOldVersionsStayReadableById() {
        String v1 = sm.createSecret(b -> b.name("rotating").secretString("one")).versionId();
        PutSecretValueResponse put = sm.putSecretValue(b -> b.secretId("rotating").secretString("two"));
        assertThat(put.versionStages()).containsExactly("AWSCURRENT");
        String v2 = put.versionId();
        assertThat(sm.getSecretValue(b -> b.secretId("rotating")).secretString()).isEqualTo("two");
        assertThat(sm.getSecretValue(b -> b.secretId("rotating").versionStage("AWSPREVIOUS")).secretString()).isEqualTo("one");

        String v3 = sm.updateSecret(b -> b.secretId("rotating").secretString("three")).versionId();
        assertThat(v3).isNotIn(v1, v2);
        var stages = sm.describeSecret(b -> b.secretId("rotating")).versionIdsToStages();
        assertThat(stages).containsOnly(Map.entry(v3, List.of("AWSCURRENT")), Map.entry(v2, List.of("AWSPREVIOUS")));
        GetSecretValueResponse old = sm.getSecretValue(b -> b.secretId("rotating").versionId(v1));
        assertThat(old.secretString()).isEqualTo("one");
        assertThat(old.versionStages()).isEmpty();
        assertThat(sm.getSecretValue(b -> b.secretId("rotating").versionId(v2).versionStage("AWSPREVIOUS")).secretString()).isEqualTo("two");
        assertThatThrownBy(() -> sm.getSecretValue(b -> b.secretId("rotating").versionId(v2).versionStage("AWSCURRENT")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> sm.getSecretValue(b -> b.secretId("rotating").versionStage("AWSPENDING")))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("staging label: AWSPENDING");

        // a custom label moves without touching AWSCURRENT
        String pending = sm.putSecretValue(b -> b.secretId("rotating").secretString("four").versionStages("AWSPENDING")).versionId();
        assertThat(sm.getSecretValue(b -> b.secretId("rotating")).secretString()).isEqualTo("three");
        assertThat(sm.getSecretValue(b -> b.secretId("rotating").versionStage("AWSPENDING")).versionId()).isEqualTo(pending);

        UpdateSecretResponse described = sm.updateSecret(b -> b.secretId("rotating").description("now described"));
        assertThat(described.versionId()).isNull();
        assertThat(sm.describeSecret(b -> b.secretId("rotating")).description()).isEqualTo("now described");
    }

    @Test
    void clientRequestTokenMakesRetriesIdempotent() {
        String token = "11111111-2222-3333-4444-555555555555";
        CreateSecretResponse first = sm.createSecret(b -> b.name("retried").secretString("v").clientRequestToken(token));
        CreateSecretResponse again = sm.createSecret(b -> b.name("retried").secretString("v").clientRequestToken(token));
        assertThat(again.arn()).isEqualTo(first.arn());
        assertThat(again.versionId()).isEqualTo(token);
        assertThatThrownBy(() -> sm.createSecret(b -> b.name("retried").secretString("other").clientRequestToken(token)))
                .isInstanceOf(ResourceExistsException.class);
        assertThatThrownBy(() -> sm.createSecret(b -> b.name("retried").secretString("v")))
                .isInstanceOf(ResourceExistsException.class).hasMessageContaining("retried already exists");

        String putToken = "66666666-7777-8888-9999-000000000000";
        sm.putSecretValue(b -> b.secretId("retried").secretString("w").clientRequestToken(putToken));
        sm.putSecretValue(b -> b.secretId("retried").secretString("w").clientRequestToken(putToken));
        assertThat(sm.describeSecret(b -> b.secretId("retried")).versionIdsToStages())
                .containsOnlyKeys(putToken, token);
        assertThatThrownBy(() -> sm.putSecretValue(b -> b.secretId("retried").secretString("x").clientRequestToken(putToken)))
                .isInstanceOf(ResourceExistsException.class);
    }

    @Test
    void binarySecretsRoundTripAndASecretWithoutValueHasNoCurrentVersion() {
        byte[] bytes = {0, 1, 2, (byte) 0xff, 42};
        sm.createSecret(b -> b.name("blob").secretBinary(SdkBytes.fromByteArray(bytes)));
        GetSecretValueResponse v = sm.getSecretValue(b -> b.secretId("blob"));
        assertThat(v.secretBinary().asByteArray()).containsExactly(bytes);
        assertThat(v.secretString()).isNull();

        CreateSecretResponse empty = sm.createSecret(b -> b.name("empty"));
        assertThat(empty.versionId()).isNull();
        assertThatThrownBy(() -> sm.getSecretValue(b -> b.secretId("empty")))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("staging label: AWSCURRENT");
        sm.putSecretValue(b -> b.secretId("empty").secretString("filled"));
        assertThat(sm.getSecretValue(b -> b.secretId("empty")).secretString()).isEqualTo("filled");
    }

    @Test
    void deletedSecretCannotBeReadUntilRestoredAndForcedDeletionFreesTheName() {
        String arn = sm.createSecret(b -> b.name("doomed").secretString("x")).arn();
        DeleteSecretResponse del = sm.deleteSecret(b -> b.secretId("doomed").recoveryWindowInDays(7L));
        assertThat(del.arn()).isEqualTo(arn);
        assertThat(del.deletionDate()).isCloseTo(Instant.now().plus(7, ChronoUnit.DAYS), within(1, ChronoUnit.MINUTES));
        assertThatThrownBy(() -> sm.getSecretValue(b -> b.secretId("doomed")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("marked for deletion");
        assertThatThrownBy(() -> sm.putSecretValue(b -> b.secretId("doomed").secretString("y"))).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> sm.tagResource(b -> b.secretId("doomed").tags(Tag.builder().key("k").value("v").build())))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> sm.createSecret(b -> b.name("doomed").secretString("x"))).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> sm.deleteSecret(b -> b.secretId("doomed"))).isInstanceOf(InvalidRequestException.class);
        assertThat(sm.describeSecret(b -> b.secretId("doomed")).deletedDate()).isNotNull();
        assertThat(names(sm.listSecrets(b -> b.filters(Filter.builder().key(FilterNameStringType.NAME).values("doomed").build()))))
                .isEmpty();
        assertThat(names(sm.listSecrets(b -> b.includePlannedDeletion(true)
                .filters(Filter.builder().key(FilterNameStringType.NAME).values("doomed").build())))).containsExactly("doomed");

        assertThat(sm.restoreSecret(b -> b.secretId(arn)).arn()).isEqualTo(arn);
        assertThat(sm.getSecretValue(b -> b.secretId("doomed")).secretString()).isEqualTo("x");
        assertThat(sm.describeSecret(b -> b.secretId("doomed")).deletedDate()).isNull();

        sm.deleteSecret(b -> b.secretId("doomed").forceDeleteWithoutRecovery(true));
        assertThatThrownBy(() -> sm.describeSecret(b -> b.secretId("doomed"))).isInstanceOf(ResourceNotFoundException.class);
        String again = sm.createSecret(b -> b.name("doomed").secretString("new")).arn();
        assertThat(again).isNotEqualTo(arn);
        assertThatThrownBy(() -> sm.getSecretValue(b -> b.secretId(arn))).isInstanceOf(ResourceNotFoundException.class);
        assertThat(sm.deleteSecret(b -> b.secretId("never-was").forceDeleteWithoutRecovery(true)).name()).isEqualTo("never-was");

        assertThatThrownBy(() -> sm.deleteSecret(b -> b.secretId("doomed").forceDeleteWithoutRecovery(true).recoveryWindowInDays(7L)))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> sm.deleteSecret(b -> b.secretId("doomed").recoveryWindowInDays(3L)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("between 7 and 30");
        assertThatThrownBy(() -> sm.deleteSecret(b -> b.secretId("never-was"))).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void listSecretsPagesFiltersAndSorts() {
        for (int i = 0; i < 7; i++) {
            int n = i;
            sm.createSecret(b -> b.name("page/" + n).secretString("s").description(n % 2 == 0 ? "Even one" : "odd one")
                    .tags(Tag.builder().key(n % 2 == 0 ? "even" : "odd").value("v" + n).build()));
        }
        Filter page = Filter.builder().key(FilterNameStringType.NAME).values("page/").build();
        ListSecretsResponse first = sm.listSecrets(b -> b.maxResults(3).filters(page));
        assertThat(first.secretList()).hasSize(3);
        assertThat(first.nextToken()).isNotNull();
        List<String> all = sm.listSecretsPaginator(b -> b.maxResults(3).filters(page)).stream()
                .flatMap(r -> r.secretList().stream()).map(SecretListEntry::name).toList();
        assertThat(all).containsExactly("page/0", "page/1", "page/2", "page/3", "page/4", "page/5", "page/6");
        List<String> desc = sm.listSecretsPaginator(b -> b.maxResults(2).filters(page).sortOrder(SortOrderType.DESC)).stream()
                .flatMap(r -> r.secretList().stream()).map(SecretListEntry::name).toList();
        assertThat(desc).containsExactly("page/6", "page/5", "page/4", "page/3", "page/2", "page/1", "page/0");
        SecretListEntry e = first.secretList().get(0);
        assertThat(e.secretVersionsToStages()).hasSize(1);
        assertThat(e.tags()).hasSize(1);

        assertThat(names(sm.listSecrets(b -> b.filters(page, Filter.builder().key(FilterNameStringType.TAG_KEY).values("even").build()))))
                .containsExactly("page/0", "page/2", "page/4", "page/6");
        assertThat(names(sm.listSecrets(b -> b.filters(page, Filter.builder().key(FilterNameStringType.DESCRIPTION).values("even").build()))))
                .hasSize(4);
        assertThat(names(sm.listSecrets(b -> b.filters(page, Filter.builder().key(FilterNameStringType.TAG_VALUE).values("!v1", "!v3", "!v5").build()))))
                .containsExactly("page/0", "page/2", "page/4", "page/6");
        assertThat(names(sm.listSecrets(b -> b.filters(Filter.builder().key(FilterNameStringType.ALL).values("odd").build()))))
                .containsExactly("page/1", "page/3", "page/5");
        assertThatThrownBy(() -> sm.listSecrets(b -> b.nextToken("not base64 at all!"))).isInstanceOf(InvalidNextTokenException.class);
    }

    @Test
    void tagsAreAddedReplacedAndRemoved() {
        sm.createSecret(b -> b.name("tagged").secretString("x").tags(Tag.builder().key("a").value("1").build()));
        sm.tagResource(b -> b.secretId("tagged").tags(Tag.builder().key("a").value("2").build(), Tag.builder().key("b").value("3").build()));
        assertThat(sm.describeSecret(b -> b.secretId("tagged")).tags()).extracting(Tag::key, Tag::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "2"), org.assertj.core.groups.Tuple.tuple("b", "3"));
        sm.untagResource(b -> b.secretId("tagged").tagKeys("a"));
        assertThat(sm.describeSecret(b -> b.secretId("tagged")).tags()).extracting(Tag::key).containsExactly("b");
        assertThatThrownBy(() -> sm.tagResource(b -> b.secretId("tagged").tags(Tag.builder().key("aws:x").value("v").build())))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> sm.untagResource(b -> b.secretId("untagged-nothing").tagKeys("a"))).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void badInputIsRefusedWithSecretsManagersErrors() throws Exception {
        assertThatThrownBy(() -> sm.createSecret(b -> b.name("bad name!").secretString("x")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("Invalid name");
        assertThatThrownBy(() -> sm.createSecret(b -> b.name("both").secretString("x").secretBinary(SdkBytes.fromUtf8String("y"))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("both");
        assertThatThrownBy(() -> sm.createSecret(b -> b.name("short-token").secretString("x").clientRequestToken("too-short")))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("ClientRequestToken");
        assertThatThrownBy(() -> sm.createSecret(b -> b.name("x".repeat(513)))).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> sm.putSecretValue(b -> b.secretId("nothing-to-put"))).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> sm.listSecrets(b -> b.maxResults(500))).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> sm.rotateSecret(b -> b.secretId("anything")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("RotateSecret");

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> missing = http.send(raw("GetSecretValue", "{}"), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("InvalidParameterException").contains("SecretId");
        HttpResponse<String> unknown = http.send(raw("StealSecrets", "{}"), HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("UnknownOperationException");
        HttpResponse<String> garbage = http.send(raw("CreateSecret", "{\"Name\":"), HttpResponse.BodyHandlers.ofString());
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(garbage.body()).contains("SerializationException");
        HttpResponse<String> wrongType = http.send(raw("CreateSecret", "{\"Name\":\"typed\",\"SecretString\":7}"), HttpResponse.BodyHandlers.ofString());
        assertThat(wrongType.body()).contains("InvalidParameterException");
        assertThatThrownBy(() -> sm.describeSecret(b -> b.secretId("typed"))).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void secretsSurviveARestartOfTheServer() throws Exception {
        Path dir = Files.createTempDirectory("berth-secrets");
        ServerConfig cfg = new ServerConfig("127.0.0.1", 0, null, dir, null, Duration.ofSeconds(5));
        String arn;
        String v2;
        Instant deleted;
        try (BerthServer s = new BerthServer(cfg, SqliteStateStore.open(dir)).start(); SecretsManagerClient c = client(s.url())) {
            arn = c.createSecret(b -> b.name("durable").secretString("one").tags(Tag.builder().key("k").value("v").build())).arn();
            v2 = c.putSecretValue(b -> b.secretId("durable").secretString("two")).versionId();
            c.createSecret(b -> b.name("durable-doomed").secretString("x"));
            c.deleteSecret(b -> b.secretId("durable-doomed").recoveryWindowInDays(10L));
            deleted = c.describeSecret(b -> b.secretId("durable-doomed")).deletedDate();
        }
        try (BerthServer s = new BerthServer(cfg, SqliteStateStore.open(dir)).start(); SecretsManagerClient c = client(s.url())) {
            GetSecretValueResponse v = c.getSecretValue(b -> b.secretId(arn));
            assertThat(v.secretString()).isEqualTo("two");
            assertThat(v.versionId()).isEqualTo(v2);
            assertThat(c.getSecretValue(b -> b.secretId("durable").versionStage("AWSPREVIOUS")).secretString()).isEqualTo("one");
            assertThat(c.describeSecret(b -> b.secretId("durable")).tags()).extracting(Tag::key).containsExactly("k");
            assertThat(c.describeSecret(b -> b.secretId("durable-doomed")).deletedDate()).isEqualTo(deleted);
            assertThatThrownBy(() -> c.getSecretValue(b -> b.secretId("durable-doomed"))).isInstanceOf(InvalidRequestException.class);
            c.restoreSecret(b -> b.secretId("durable-doomed"));
            assertThat(c.getSecretValue(b -> b.secretId("durable-doomed")).secretString()).isEqualTo("x");
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static HttpRequest raw(String op, String body) {
        return HttpRequest.newBuilder(URI.create(fx.server.url() + "/")).header("X-Amz-Target", "secretsmanager." + op)
                .header("Content-Type", "application/x-amz-json-1.1").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static List<String> names(ListSecretsResponse r) {
        return r.secretList().stream().map(SecretListEntry::name).toList();
    }
}
