package io.berth.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.server.state.Committer;
import io.berth.server.state.Keys;
import io.berth.server.state.State;
import io.berth.store.memory.MemoryStateStore;
import io.berth.wire.Json;
import io.berth.wire.api.RequestContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Secrets past their recovery window are removed for good; others stay. */
class SecretPurgerTest {
    @Test
    void onlySecretsWhoseRecoveryWindowEndedArePurged() throws Exception {
        State state = new State();
        try (Committer committer = new Committer(new MemoryStateStore(), state)) {
            SecretsApi api = new SecretsApi(new SecretsContext(state, committer, new SecretArns("us-east-1", "000000000000"), Clock.systemUTC()));
            for (String name : new String[] {"week", "month", "kept"}) call(api, "CreateSecret", "{\"Name\":\"" + name + "\",\"SecretString\":\"x\"}");
            call(api, "DeleteSecret", "{\"SecretId\":\"week\",\"RecoveryWindowInDays\":7}");
            call(api, "DeleteSecret", "{\"SecretId\":\"month\"}");
            Instant now = Instant.now();

            assertThat(sweep(committer, now.plus(Duration.ofDays(6)))).isZero();
            assertThat(sweep(committer, now.plus(Duration.ofDays(8)))).isEqualTo(1);
            assertThat(state.get(Keys.secret("week"), Secret.class)).isEmpty();
            assertThat(state.get(Keys.secret("month"), Secret.class)).isPresent();
            assertThat(sweep(committer, now.plus(Duration.ofDays(31)))).isEqualTo(1);
            assertThat(state.range(Keys.SECRETS, Secret.class)).extracting(Secret::name).containsExactly("kept");
        }
    }

    private static int sweep(Committer committer, Instant at) {
        return committer.write(tx -> SecretPurger.sweep(tx, at));
    }

    private static JsonNode call(SecretsApi api, String op, String body) throws Exception {
        return Json.tree(api.call(op, Json.MAPPER.readTree(body), new RequestContext("test", Optional.empty())));
    }
}
