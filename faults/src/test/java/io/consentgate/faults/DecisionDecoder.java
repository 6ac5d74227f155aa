package io.consentgate.faults;

import io.consentgate.avro.ApprovedSend;
import io.consentgate.avro.SendRejection;
import io.consentgate.faults.DecisionLog.Decided;
import io.consentgate.schemas.Topics;
import io.consentgate.schemas.serde.AvroSerde;
import io.consentgate.schemas.serde.SchemaRegistryClient;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A record of the gate's two output topics as one {@link Decided}: each topic's values decoded with its own serde.
 * Throws on bytes that do not decode.
 */
final class DecisionDecoder {

    /** The gate's decisions: an approval or a rejection per request. */
    static final List<String> TOPICS = List.of(Topics.APPROVED_SENDS.name(), Topics.SEND_REJECTIONS.name());

    private final Deserializer<ApprovedSend> approvals;
    private final Deserializer<SendRejection> rejections;

    DecisionDecoder(SchemaRegistryClient registry) {
        approvals = AvroSerde.forTopic(Topics.APPROVED_SENDS, registry).deserializer();
        rejections = AvroSerde.forTopic(Topics.SEND_REJECTIONS, registry).deserializer();
    }

    /** The decision, stamped with the wall clock now (when it was read). */
    Decided decode(ConsumerRecord<byte[], byte[]> record) {
        long now = System.currentTimeMillis();
        if (record.topic().equals(Topics.APPROVED_SENDS.name())) {
            ApprovedSend approved = approvals.deserialize(record.topic(), record.value());
            return new Decided(approved.getRequest().getRequestId(), true, null, approved.getBasis(), approved.getConsentId(),
                    approved.getDecidedAt(), now);
        }
        SendRejection rejected = rejections.deserialize(record.topic(), record.value());
        return new Decided(rejected.getRequest().getRequestId(), false, rejected.getReason(), null, rejected.getConsentId(),
                rejected.getDecidedAt(), now);
    }
}
