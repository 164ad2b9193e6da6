package io.berth.wire.acs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.wire.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ACS frames as the captured agent session shows them. */
class AcsCodecTest {
    @Test
    void decodesACapturedPayload() {
        String frame = "{\"type\":\"PayloadMessage\",\"message\":{\"messageId\":\"pl-1\",\"clusterArn\":\"arn:aws:ecs:us-east-1:000000000000:cluster/default\","
                + "\"containerInstanceArn\":\"arn:aws:ecs:us-east-1:000000000000:container-instance/default/0123456789abcdef\",\"generatedAt\":1795492100000,"
                + "\"seqNum\":1,\"tasks\":[{\"arn\":\"arn:aws:ecs:us-east-1:000000000000:task/default/1111\",\"family\":\"probe\",\"version\":\"1\","
                + "\"desiredStatus\":\"RUNNING\",\"networkMode\":\"bridge\",\"launchType\":\"EXTERNAL\",\"containers\":[{\"name\":\"app\","
                + "\"image\":\"agentprobe/sleep:probe\",\"command\":[\"sleep\",\"600\"],\"cpu\":10,\"memory\":32,\"essential\":true,"
                + "\"portMappings\":[{\"containerPort\":8080,\"hostPort\":0,\"protocol\":\"tcp\"}],\"environment\":{\"FOO\":\"bar\"}}]}]}}";
        PayloadMessage p = (PayloadMessage) AcsCodec.decode(frame).orElseThrow();
        assertThat(p.messageId()).isEqualTo("pl-1");
        assertThat(p.seqNum()).isEqualTo(1);
        AcsContainer c = p.tasks().get(0).containers().get(0);
        assertThat(c.environment()).containsEntry("FOO", "bar");
        assertThat(c.portMappings().get(0).containerPort()).isEqualTo(8080);
        assertThat(c.command()).containsExactly("sleep", "600");
    }

    @Test
    void encodesWithTypeAndMessage() throws Exception {
        String text = AcsCodec.encode(new AckRequest("c", "i", "m1"));
        var node = Json.MAPPER.readTree(text);
        assertThat(node.path("type").asText()).isEqualTo("AckRequest");
        assertThat(node.path("message").path("messageId").asText()).isEqualTo("m1");
        assertThat(AcsCodec.decode(text)).contains(new AckRequest("c", "i", "m1"));
        var ack = new TaskStopVerificationAck("tm-1", 5L, List.of(new TaskIdentifier("t", "c", "STOPPED")));
        assertThat(AcsCodec.decode(AcsCodec.encode(ack))).contains(ack);
    }

    @Test
    void encodesAPayloadAsItsTreeWould() throws Exception {
        String frame = "{\"type\":\"PayloadMessage\",\"message\":{\"messageId\":\"pl-1\",\"clusterArn\":\"arn:c\",\"containerInstanceArn\":\"arn:i\","
                + "\"generatedAt\":1795492100000,\"seqNum\":1,\"tasks\":[{\"arn\":\"arn:t\",\"family\":\"probe\",\"version\":\"1\",\"desiredStatus\":\"RUNNING\","
                + "\"containers\":[{\"name\":\"app\",\"image\":\"i\",\"command\":[\"sleep\",\"600\"],\"cpu\":10,\"memory\":32,\"essential\":true,"
                + "\"environment\":{\"FOO\":\"b\\\"ar\"}}]}]}}";
        PayloadMessage p = (PayloadMessage) AcsCodec.decode(frame).orElseThrow();
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper(); // as the codec's, which only reads more leniently
        var tree = mapper.createObjectNode().put("type", "PayloadMessage");
        tree.set("message", mapper.valueToTree(p));
        assertThat(AcsCodec.encode(p)).isEqualTo(tree.toString());
    }

    @Test
    void errorFramesAndGarbage() {
        assertThatThrownBy(() -> AcsCodec.decode("{\"InactiveInstanceException\":\"gone\"}"))
                .isInstanceOf(AcsCodec.AcsError.class).hasMessageContaining("gone");
        assertThat(AcsCodec.decode("{\"type\":\"SomethingNew\",\"message\":{}}")).isEmpty();
        assertThatThrownBy(() -> AcsCodec.decode("not json")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AcsCodec.decode("[1]")).isInstanceOf(IllegalArgumentException.class);
    }
}
