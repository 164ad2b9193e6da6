package io.berth.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.wire.acs.AckRequest;
import io.berth.wire.acs.AcsMessage;
import io.berth.wire.acs.AcsTask;
import io.berth.wire.acs.HeartbeatAckRequest;
import io.berth.wire.acs.IAMRoleCredentialsAckRequest;
import io.berth.wire.acs.IamRoleCredentials;
import io.berth.wire.acs.TaskIdentifier;
import io.berth.wire.acs.TaskStopVerificationMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AcsFrameHandlerTest {
    private static final String INSTANCE = "arn:aws:ecs:us-east-1:000000000000:container-instance/default/0123456789abcdef";
    private final List<String> events = new ArrayList<>();
    private final List<String> running = new ArrayList<>(List.of("arn:task/a", "arn:task/b"));

    private final AcsFrameHandler.Target target = new AcsFrameHandler.Target() {
        @Override
        public void acceptTasks(List<AcsTask> tasks, Integer seqNum) {
            events.add("accept " + tasks.size() + " seq " + seqNum);
        }

        @Override
        public List<TaskIdentifier> stopCandidates(Set<String> listed) {
            return running.stream().filter(a -> !listed.contains(a)).map(a -> new TaskIdentifier(a, "arn:cluster", "STOPPED")).toList();
        }

        @Override
        public void stopTasks(List<String> arns) {
            events.add("stop " + arns);
        }

        @Override
        public void storeCredentials(String taskArn, String roleType, IamRoleCredentials c) {
            events.add("creds " + c.credentialsId());
        }
    };
    private final AcsFrameHandler handler = new AcsFrameHandler("default", INSTANCE, target);

    @Test
    void referencePayloadIsTakenThenAckedWithCredentialAcks() throws Exception {
        String frame = Files.readString(Path.of("/work/shared/reference/acs-payload-example.json"));

        List<AcsMessage> replies = handler.handle(frame).replies();

        assertThat(events).containsExactly("accept 2 seq 2", "creds cred-1234");
        assertThat(replies).containsExactly(
                new IAMRoleCredentialsAckRequest("pl-2", "2030-01-01T00:00:00Z", "cred-1234"),
                new AckRequest("arn:aws:ecs:us-east-1:000000000000:cluster/default", INSTANCE, "pl-2"));
    }

    @Test
    void heartbeatIsAcked() {
        assertThat(handler.handle("{\"type\":\"HeartbeatMessage\",\"message\":{\"healthy\":true,\"messageId\":\"hb-1\"}}").replies())
                .containsExactly(new HeartbeatAckRequest("hb-1"));
    }

    @Test
    void manifestIsAckedThenUnlistedRunningTasksAreStopCandidates() {
        List<AcsMessage> replies = handler.handle("{\"type\":\"TaskManifestMessage\",\"message\":{\"messageId\":\"tm-1\","
                + "\"timeline\":3,\"tasks\":[{\"taskArn\":\"arn:task/a\",\"desiredStatus\":\"RUNNING\"}]}}").replies();

        assertThat(replies).containsExactly(new AckRequest("default", INSTANCE, "tm-1"),
                new TaskStopVerificationMessage("tm-1", List.of(new TaskIdentifier("arn:task/b", "arn:cluster", "STOPPED"))));
    }

    @Test
    void manifestListingEverythingHasNoStopVerification() {
        List<AcsMessage> replies = handler.handle("{\"type\":\"TaskManifestMessage\",\"message\":{\"messageId\":\"tm-2\","
                + "\"tasks\":[{\"taskArn\":\"arn:task/a\"},{\"taskArn\":\"arn:task/b\"}]}}").replies();

        assertThat(replies).containsExactly(new AckRequest("default", INSTANCE, "tm-2"));
    }

    @Test
    void stopVerificationAckStopsTheListedTasks() {
        handler.handle("{\"type\":\"TaskStopVerificationAck\",\"message\":{\"messageId\":\"tm-1\",\"stopTasks\":[{\"taskArn\":\"arn:task/b\"}]}}");

        assertThat(events).containsExactly("stop [arn:task/b]");
    }

    @Test
    void inactiveInstanceErrorEndsTheSession() {
        AcsFrameHandler.Outcome o = handler.handle("{\"InactiveInstanceException\":\"gone\"}");

        assertThat(o.inactive()).isTrue();
        assertThat(o.replies()).isEmpty();
        assertThat(handler.handle("{\"BadRequestException\":\"x\"}").inactive()).isFalse();
    }

    @Test
    void credentialsMessageIsStoredAndAcked() {
        List<AcsMessage> replies = handler.handle("{\"type\":\"IAMRoleCredentialsMessage\",\"message\":{\"messageId\":\"c-1\","
                + "\"taskArn\":\"arn:task/a\",\"roleType\":\"TaskApplication\",\"roleCredentials\":{\"credentialsId\":\"id-9\","
                + "\"expiration\":\"2030-01-01T00:00:00Z\"}}}").replies();

        assertThat(events).containsExactly("creds id-9");
        assertThat(replies).containsExactly(new IAMRoleCredentialsAckRequest("c-1", "2030-01-01T00:00:00Z", "id-9"));
    }

    @Test
    void garbageAndUnknownFramesAreIgnored() {
        assertThat(handler.handle("not json").replies()).isEmpty();
        assertThat(handler.handle("{\"type\":\"SomethingNew\",\"message\":{}}").replies()).isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void urlsAreTheEndpointPlusWsWithTheEcsQuery() {
        SessionParams p = new SessionParams("default", INSTANCE, "1.105.1", "a8b3e7d3", "20.10.24+dfsg1", null, null, null, null, null);

        assertThat(AcsSession.url("http://127.0.0.1:18200", p, 1).toString()).isEqualTo("ws://127.0.0.1:18200/ws?agentHash=a8b3e7d3"
                + "&agentVersion=1.105.1&clusterArn=default&containerInstanceArn=arn%3Aaws%3Aecs%3Aus-east-1%3A000000000000"
                + "%3Acontainer-instance%2Fdefault%2F0123456789abcdef&dockerVersion=DockerVersion%3A+20.10.24%2Bdfsg1"
                + "&protocolVersion=2&sendCredentials=true&seqNum=1");
        assertThat(TcsSession.url("https://tcs.example/", p).toString()).isEqualTo("wss://tcs.example/ws?agentHash=a8b3e7d3"
                + "&agentVersion=1.105.1&cluster=default&containerInstance=arn%3Aaws%3Aecs%3Aus-east-1%3A000000000000"
                + "%3Acontainer-instance%2Fdefault%2F0123456789abcdef&dockerVersion=20.10.24%2Bdfsg1");
    }
}
