package io.consentgate.events.publisher;

import io.consentgate.avro.BusinessEvent;
import io.consentgate.avro.ContactEvent;
import io.consentgate.domain.identity.Contact;
import io.consentgate.domain.identity.ContactIdentity;
import io.consentgate.schemas.Topics;
import io.consentgate.schemas.serde.AvroSerde;
import io.consentgate.schemas.serde.SchemaRegistryClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The one path to Kafka for contact and business facts, for the intake service and for upstream
 * Java systems alike: normalises the contact with the domain's identity rules, builds the
 * {@code ContactEvent} or {@code BusinessEvent} with its canonical key, and sends it with the
 * contract's serde. No Spring, no knowledge of wire details needed by the caller:
 *
 * <pre>{@code
 * try (ConsentEventPublisher publisher = ConsentEventPublisher.create(
 *         Map.of("bootstrap.servers", "kafka:9092"), new RestSchemaRegistryClient(SchemaRegistrySettings.of(registryUrl)))) {
 *     publisher.publish(new ContactFact(EventIds.random(), "acme-retail", "+34 612 34 56 78", capturedAt, "web-signup", optIn))
 *              .join();   // acknowledged by every in-sync replica
 * }
 * }</pre>
 *
 * <p>An invalid fact (a contact that is no phone number or BSUID, a missing field) is refused at once
 * with an {@link IllegalArgumentException} that says why; a Kafka or registry failure completes the
 * returned future exceptionally.
 */
public final class ConsentEventPublisher implements AutoCloseable {

    private final Producer<byte[], byte[]> producer;
    private final Serializer<ContactEvent> contactEvents;
    private final Serializer<BusinessEvent> businessEvents;
    private final Function<String, String> defaultRegionOf;
    private final Clock clock;

    /**
     * @param producer        a producer of bytes; it must be idempotent with acks=all, as {@link #create} makes it
     * @param defaultRegionOf businessId → the region for national number formats (e.g. {@code ES}), or null
     *                        when only international formats are acceptable for that business
     */
    public ConsentEventPublisher(Producer<byte[], byte[]> producer, Serializer<ContactEvent> contactEvents,
                                 Serializer<BusinessEvent> businessEvents, Function<String, String> defaultRegionOf, Clock clock) {
        this.producer = producer;
        this.contactEvents = contactEvents;
        this.businessEvents = businessEvents;
        this.defaultRegionOf = defaultRegionOf;
        this.clock = clock;
    }

    /**
     * A publisher with its own producer: acks=all and idempotence are enforced whatever
     * {@code kafkaConfigs} says, because an event the caller was told is written must be written once.
     * National number formats are refused (no default region).
     */
    public static ConsentEventPublisher create(Map<String, Object> kafkaConfigs, SchemaRegistryClient registry) {
        return new ConsentEventPublisher(new KafkaProducer<>(reliable(kafkaConfigs), new ByteArraySerializer(), new ByteArraySerializer()),
                AvroSerde.forTopic(Topics.CONTACT_EVENTS, registry).serializer(),
                AvroSerde.forTopic(Topics.BUSINESS_EVENTS, registry).serializer(),
                businessId -> null, Clock.systemUTC());
    }

    /** The producer settings every writer of the contract's topics must have. */
    public static Map<String, Object> reliable(Map<String, Object> kafkaConfigs) {
        Map<String, Object> configs = new HashMap<>(kafkaConfigs);
        configs.put(ProducerConfig.ACKS_CONFIG, "all");
        configs.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        configs.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        configs.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return configs;
    }

    /**
     * Builds the event this fact makes, with the canonical contact, without sending it.
     *
     * @throws io.consentgate.domain.identity.InvalidContactException when the contact is neither a valid number nor a BSUID
     */
    public ContactEvent eventOf(ContactFact fact) {
        return eventOf(fact, contactOf(fact));
    }

    private Contact contactOf(ContactFact fact) {
        return ContactIdentity.parse(fact.contact(), defaultRegionOf.apply(fact.businessId()));
    }

    private ContactEvent eventOf(ContactFact fact, Contact contact) {
        return ContactEvent.newBuilder()
                .setEventId(fact.eventId())
                .setBusinessId(fact.businessId())
                .setContact(contact.canonical())
                .setOccurredAt(fact.occurredAt())
                .setRecordedAt(clock.instant())
                .setSource(fact.source())
                .setPayload(fact.payload())
                .build();
    }

    public BusinessEvent eventOf(BusinessFact fact) {
        return BusinessEvent.newBuilder()
                .setEventId(fact.eventId())
                .setBusinessId(fact.businessId())
                .setOccurredAt(fact.occurredAt())
                .setRecordedAt(clock.instant())
                .setSource(fact.source())
                .setPayload(fact.payload())
                .build();
    }

    /** Sends the fact to {@code contact-events}, keyed {@code businessId|canonical contact}. */
    public CompletableFuture<Published> publish(ContactFact fact) {
        Contact contact = contactOf(fact);
        ContactEvent event = eventOf(fact, contact);
        String key = contact.keyAt(fact.businessId()).toString();
        return send(Topics.CONTACT_EVENTS.name(), key, event.getEventId(), fact.type(),
                () -> contactEvents.serialize(Topics.CONTACT_EVENTS.name(), event));
    }

    /** Sends the fact to {@code business-events}, keyed by the businessId. */
    public CompletableFuture<Published> publish(BusinessFact fact) {
        BusinessEvent event = eventOf(fact);
        return send(Topics.BUSINESS_EVENTS.name(), event.getBusinessId(), event.getEventId(), fact.type(),
                () -> businessEvents.serialize(Topics.BUSINESS_EVENTS.name(), event));
    }

    private CompletableFuture<Published> send(String topic, String key, String eventId, String type, ValueBytes value) {
        CompletableFuture<Published> published = new CompletableFuture<>();
        try {
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value.get());
            producer.send(record, (metadata, failure) -> {
                if (failure != null) {
                    published.completeExceptionally(failure);
                } else {
                    published.complete(new Published(eventId, type, topic, key, metadata.partition(), metadata.offset()));
                }
            });
        } catch (RuntimeException e) {
            // The registry being down, or the producer refusing at once: the same failure path as a failed send.
            published.completeExceptionally(e);
        }
        return published;
    }

    @Override
    public void close() {
        producer.close();
    }

    @FunctionalInterface
    private interface ValueBytes {
        byte[] get();
    }
}
