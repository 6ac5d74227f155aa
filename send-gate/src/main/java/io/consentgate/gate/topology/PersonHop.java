package io.consentgate.gate.topology;

import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.ContactState;
import io.consentgate.avro.SendRequest;
import io.consentgate.schemas.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What travels between one person's identities (docs/identity.md), on the gate's internal topics
 * {@value GateTopology#TO_PERSON} (keyed by the person) and {@value GateTopology#IDENTITY_VISITS} (keyed by
 * the identity whose fence a request must pass). Exactly one of its parts is set.
 *
 * @param event   a contact event of an alias, its contact rewritten to the person
 * @param merge   the facts an alias had when it was linked, to be merged into the person (null content: none)
 * @param alias   the alias the merge comes from
 * @param request a request on its way to be decided as the person's
 * @param person  the key of the person a request is decided for
 */
record PersonHop(ContactEvent event, ContactState merge, String alias, PendingRequest request, String person) {

    private static final byte EVENT = 1;
    private static final byte MERGE = 2;
    private static final byte REQUEST = 3;

    static PersonHop event(ContactEvent event) {
        return new PersonHop(event, null, null, null, null);
    }

    static PersonHop merge(String alias, ContactState facts) {
        return new PersonHop(null, facts, alias, null, null);
    }

    static PersonHop request(PendingRequest request, String person) {
        return new PersonHop(null, null, null, request, person);
    }

    boolean isEvent() {
        return event != null;
    }

    boolean isRequest() {
        return request != null;
    }

    /**
     * A tag byte, then: an event in the contract's wire format; or the alias (length, UTF-8) and its facts (may be
     * absent) as {@code ContactState}; or the person (length, UTF-8) and the request as {@link PendingRequest#serde}.
     */
    static Serde<PersonHop> serde(Serde<ContactEvent> events, Serde<ContactState> states, Serde<SendRequest> requests) {
        Serde<PendingRequest> pending = PendingRequest.serde(requests);
        String eventTopic = Topics.CONTACT_EVENTS.name();
        String stateTopic = Topics.CONSENT_STATE.name();
        Serializer<PersonHop> serializer = (topic, hop) -> {
            if (hop.event() != null) {
                return tagged(EVENT, null, events.serializer().serialize(eventTopic, hop.event()));
            }
            if (hop.request() != null) {
                return tagged(REQUEST, hop.person(), pending.serializer().serialize(topic, hop.request()));
            }
            return tagged(MERGE, hop.alias(), hop.merge() == null ? new byte[0] : states.serializer().serialize(stateTopic, hop.merge()));
        };
        Deserializer<PersonHop> deserializer = (topic, bytes) -> {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            byte tag = buffer.get();
            String name = null;
            if (tag != EVENT) {
                byte[] text = new byte[buffer.getInt()];
                buffer.get(text);
                name = new String(text, StandardCharsets.UTF_8);
            }
            byte[] rest = new byte[buffer.remaining()];
            buffer.get(rest);
            return switch (tag) {
                case EVENT -> event(events.deserializer().deserialize(eventTopic, rest));
                case REQUEST -> request(pending.deserializer().deserialize(topic, rest), name);
                case MERGE -> merge(name, rest.length == 0 ? null : states.deserializer().deserialize(stateTopic, rest));
                default -> throw new IllegalArgumentException("unknown person hop tag " + tag);
            };
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }

    private static byte[] tagged(byte tag, String name, byte[] body) {
        byte[] text = name == null ? null : name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(1 + (text == null ? 0 : Integer.BYTES + text.length) + body.length).put(tag);
        if (text != null) {
            buffer.putInt(text.length).put(text);
        }
        return buffer.put(body).array();
    }
}
