package io.despacho.pipeline;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.despacho.shared.UnmappableException;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/** What a consumer needs of a record taken from an inbound topic: the headers the ingress wrote, and where it was. */
public record InboundRecord(String eventId, String eventType, String key, Instant receivedAt, String payload,
        String topic, int partition, long offset) {

    public static InboundRecord of(Message<String> message) {
        @SuppressWarnings("unchecked")
        IncomingKafkaRecordMetadata<String, String> kafka = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalStateException("not a Kafka record"));
        Headers headers = kafka.getHeaders();
        String receivedAt = header(headers, InboundEvent.HEADER_RECEIVED_AT).orElse(null);
        return new InboundRecord(
                header(headers, InboundEvent.HEADER_EVENT_ID).orElse(kafka.getTopic() + "-" + kafka.getPartition() + "-"
                        + kafka.getOffset()),
                header(headers, InboundEvent.HEADER_EVENT_TYPE).orElse("unknown"),
                kafka.getKey() == null ? "" : kafka.getKey(),
                receivedAt == null ? kafka.getTimestamp() : Instant.parse(receivedAt),
                message.getPayload(),
                kafka.getTopic(), kafka.getPartition(), kafka.getOffset());
    }

    /** The Kafka key of a message, without reading the rest. */
    public static String keyOf(Message<String> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getKey() == null ? "" : m.getKey().toString()).orElse("");
    }

    private static Optional<String> header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? Optional.empty() : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    /** The payload as a JSON object; anything else can never be processed. */
    public JsonNode jsonObject(ObjectMapper mapper) {
        try {
            JsonNode node = mapper.readTree(payload);
            if (node == null || !node.isObject()) {
                throw new UnmappableException("the inbound record is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new UnmappableException("the inbound record is not JSON");
        }
    }

    /** For log lines: provider event id, key and position, never the payload. */
    public String describe() {
        return "event " + eventId + " (type " + eventType + ", key " + key + ", " + topic + "-" + partition + "@" + offset
                + ")";
    }
}
