package io.consentgate.faults;

import io.consentgate.avro.ApprovedSend;
import io.consentgate.avro.ConsentCategory;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.MessageKind;
import io.consentgate.avro.RejectionReason;
import io.consentgate.avro.SendRejection;
import io.consentgate.avro.SendRequest;
import io.consentgate.avro.TemplateRef;
import io.consentgate.schemas.Topic;
import io.consentgate.schemas.Topics;
import io.consentgate.schemas.serde.AvroSerde;
import io.consentgate.schemas.serde.SchemaRegistryClient;
import io.consentgate.testing.contract.ContactEvents;
import io.consentgate.testing.contract.SendRequests;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;

/**
 * What a hostile or broken producer can put on a topic, built from the topic's real serde so that the framing is
 * real where a kind says it is: the Confluent wire format is magic byte 0, a 4-byte schema id, the Avro body.
 * Also the valid records of every contract topic the scenario needs (opt-ins, send requests, decisions; the business
 * facts are {@link HealthyBusiness}'s).
 */
final class PoisonRecords {

    static final String UTILITY_TEMPLATE = "faults_order_update";
    static final String LANGUAGE = HealthyBusiness.LANGUAGE;
    /** A record a little under the broker's 1 MB limit, so that the dead letter (the same bytes plus headers) fits too. */
    private static final int OVERSIZED_BYTES = 900 * 1024;
    /** A string length no JVM of the stack could allocate: a 10-byte record that claims 1.5 GB. */
    private static final long BOMB_LENGTH = 1_500_000_000L;

    /** The kinds of poison; each topic gets every one. */
    enum Kind {
        /** Bytes that are not the wire format at all (first byte never 0). */
        RANDOM_BYTES,
        /** The wire format with a schema id the registry never gave out, then a valid body. */
        UNKNOWN_SCHEMA_ID,
        /** A valid record of the topic cut in the middle of its Avro body. */
        TRUNCATED_AVRO,
        /** A valid frame of another topic's record type (e.g. a SendRequest on contact-events). */
        WRONG_RECORD_TYPE,
        /** The topic's own schema id followed by ~900 KB of junk. */
        OVERSIZED,
        /** The topic's own schema id, then a first string field that claims to be 1.5 GB long. */
        LENGTH_BOMB
    }

    private PoisonRecords() {
    }

    /** The value bytes of {@code kind} for {@code topic}; {@code sample} is a valid record of the topic, {@code other} one of another type. */
    static <V extends SpecificRecord> byte[] poison(Kind kind, Topic<V> topic, V sample, OtherType<?> other,
                                                    SchemaRegistryClient registry, Random random) {
        byte[] valid = serialize(topic, sample, registry);
        return switch (kind) {
            case RANDOM_BYTES -> {
                byte[] bytes = new byte[16 + random.nextInt(200)];
                random.nextBytes(bytes);
                bytes[0] = (byte) (1 + random.nextInt(255));
                yield bytes;
            }
            case UNKNOWN_SCHEMA_ID -> {
                byte[] bytes = valid.clone();
                int unknownId = 1_900_000_000 + random.nextInt(100_000_000);
                ByteBuffer.wrap(bytes, 1, 4).putInt(unknownId);
                yield bytes;
            }
            case TRUNCATED_AVRO -> Arrays.copyOf(valid, 5 + (valid.length - 5) / 2);
            case WRONG_RECORD_TYPE -> other.serialize(registry);
            case OVERSIZED -> {
                byte[] bytes = new byte[OVERSIZED_BYTES];
                random.nextBytes(bytes);
                System.arraycopy(valid, 0, bytes, 0, 5);
                yield bytes;
            }
            case LENGTH_BOMB -> {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                bytes.write(valid, 0, 5);
                // Avro's long: zig-zag, then 7 bits a byte, low bits first.
                long zigzag = BOMB_LENGTH << 1;
                while ((zigzag & ~0x7FL) != 0) {
                    bytes.write((int) ((zigzag & 0x7F) | 0x80));
                    zigzag >>>= 7;
                }
                bytes.write((int) zigzag);
                bytes.write(valid, 5, Math.min(16, valid.length - 5));
                yield bytes.toByteArray();
            }
        };
    }

    /** A valid record of another topic, written with that topic's serde. */
    record OtherType<V extends SpecificRecord>(Topic<V> topic, V record) {
        byte[] serialize(SchemaRegistryClient registry) {
            return PoisonRecords.serialize(topic, record, registry);
        }
    }

    static <V extends SpecificRecord> byte[] serialize(Topic<V> topic, V record, SchemaRegistryClient registry) {
        return AvroSerde.forTopic(topic, registry).serializer().serialize(topic.name(), record);
    }

    static ContactEvent optIn(String eventId, String contact, Instant at) {
        return ContactEvents.event(FaultStack.BUSINESS, contact, eventId, at, at, "faults",
                ContactEvents.webFormOptIn("cns-" + eventId, "Faults Retail", ContactEvents.scopes(ConsentCategory.ALL), "form/" + eventId).build());
    }

    /** A UTILITY template to {@code contact}: approved when the contact opted in, NO_CONSENT when not. */
    static SendRequest utilityTemplate(String requestId, String contact, String template, Instant at) {
        return SendRequests.to(FaultStack.BUSINESS, contact, FaultStack.SENDER, requestId, at).setKind(MessageKind.TEMPLATE)
                .setTemplate(new TemplateRef(template, LANGUAGE, MessageCategory.UTILITY))
                .build();
    }

    static ApprovedSend approvedSend(SendRequest request, Instant at) {
        return SendRequests.approvedOnConsent(request, at, "cns-sample", MessageCategory.UTILITY).build();
    }

    static SendRejection sendRejection(SendRequest request, Instant at) {
        return SendRejection.newBuilder().setRequest(request).setDecidedAt(at).setReason(RejectionReason.NO_CONSENT)
                .setDetail("sample").build();
    }

    /** A valid record of each input topic, and a valid record of another type to put on it. */
    static Sample<?> sampleFor(Topic<?> topic, String contact, Instant at) {
        SendRequest request = utilityTemplate("req-sample", contact, UTILITY_TEMPLATE, at);
        ContactEvent event = optIn("evt-sample", contact, at);
        if (topic == Topics.CONTACT_EVENTS) {
            return new Sample<>(Topics.CONTACT_EVENTS, event, new OtherType<>(Topics.OUTBOUND_REQUESTS, request));
        }
        if (topic == Topics.BUSINESS_EVENTS) {
            return new Sample<>(Topics.BUSINESS_EVENTS, HealthyBusiness.templateApproved(UTILITY_TEMPLATE, at), new OtherType<>(Topics.CONTACT_EVENTS, event));
        }
        if (topic == Topics.OUTBOUND_REQUESTS) {
            return new Sample<>(Topics.OUTBOUND_REQUESTS, request, new OtherType<>(Topics.CONTACT_EVENTS, event));
        }
        if (topic == Topics.APPROVED_SENDS) {
            return new Sample<>(Topics.APPROVED_SENDS, approvedSend(request, at), new OtherType<>(Topics.SEND_REJECTIONS, sendRejection(request, at)));
        }
        if (topic == Topics.SEND_REJECTIONS) {
            return new Sample<>(Topics.SEND_REJECTIONS, sendRejection(request, at), new OtherType<>(Topics.APPROVED_SENDS, approvedSend(request, at)));
        }
        throw new IllegalArgumentException("no sample for " + topic.name());
    }

    record Sample<V extends SpecificRecord>(Topic<V> topic, V record, OtherType<?> other) {
        byte[] poison(Kind kind, SchemaRegistryClient registry, Random random) {
            return PoisonRecords.poison(kind, topic, record, other, registry, random);
        }
    }
}
