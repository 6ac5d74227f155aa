package io.consentgate.projector.topology;

import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.ContactState;
import io.consentgate.schemas.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What a phone number linked to a BSUID sends on to the person (docs/identity.md), on the projector's internal topic
 * {@value ProjectorTopology#TO_PERSON}, keyed by the person: either one of its later events (its contact rewritten to
 * the person), or, once, the facts it had when it was linked, to be merged.
 */
record ProjectorHop(ContactEvent event, String alias, ContactState merge) {

    static Serde<ProjectorHop> serde(Serde<ContactEvent> events, Serde<ContactState> states) {
        String eventTopic = Topics.CONTACT_EVENTS.name();
        String stateTopic = Topics.CONSENT_STATE.name();
        Serializer<ProjectorHop> serializer = (topic, hop) -> {
            if (hop.event() != null) {
                byte[] event = events.serializer().serialize(eventTopic, hop.event());
                return ByteBuffer.allocate(1 + event.length).put((byte) 1).put(event).array();
            }
            byte[] alias = hop.alias().getBytes(StandardCharsets.UTF_8);
            byte[] state = hop.merge() == null ? new byte[0] : states.serializer().serialize(stateTopic, hop.merge());
            return ByteBuffer.allocate(1 + Integer.BYTES + alias.length + state.length).put((byte) 2).putInt(alias.length).put(alias).put(state).array();
        };
        Deserializer<ProjectorHop> deserializer = (topic, bytes) -> {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            byte tag = buffer.get();
            if (tag == 1) {
                byte[] event = new byte[buffer.remaining()];
                buffer.get(event);
                return new ProjectorHop(events.deserializer().deserialize(eventTopic, event), null, null);
            }
            byte[] alias = new byte[buffer.getInt()];
            buffer.get(alias);
            byte[] state = new byte[buffer.remaining()];
            buffer.get(state);
            return new ProjectorHop(null, new String(alias, StandardCharsets.UTF_8),
                    state.length == 0 ? null : states.deserializer().deserialize(stateTopic, state));
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
