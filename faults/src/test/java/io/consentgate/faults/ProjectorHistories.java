package io.consentgate.faults;

import io.consentgate.avro.Channel;
import io.consentgate.avro.ConsentCategory;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.OptIn;
import io.consentgate.avro.OptOut;
import io.consentgate.avro.OptOutMethod;
import io.consentgate.schemas.ContactKey;
import io.consentgate.schemas.Topics;
import io.consentgate.schemas.serde.SchemaRegistryClient;
import io.consentgate.testing.TopicClients;
import io.consentgate.testing.contract.ContactEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Many contacts' histories on {@code contact-events}, as consent-events would have written them over weeks: each
 * contact opted in (scope ALL); some opted out later, some of those opted in again; about half wrote to the business
 * in the last hours (an open customer service window that stays open for the whole scenario). Written as fast as one
 * producer goes. Knows where each contact stands for MARKETING afterwards.
 */
final class ProjectorHistories {

    private static final String BUSINESS_NAME = "Faults Retail";

    private final int contacts;
    private final long seed;

    ProjectorHistories(int contacts, long seed) {
        this.contacts = contacts;
        this.seed = seed;
    }

    int contacts() {
        return contacts;
    }

    /** The i-th contact (0-based): a Spanish mobile number, canonical E.164. */
    static String contact(int i) {
        return String.format("+346%08d", 20_000_000 + i);
    }

    /** Where contact i stands for MARKETING once its whole history is folded: its last consent fact decides. */
    String expectedMarketingStanding(int i) {
        Object lastConsentFact = history(i, Instant.now()).stream().map(ContactEvent::getPayload)
                .filter(payload -> payload instanceof OptIn || payload instanceof OptOut).reduce((first, second) -> second).orElseThrow();
        return lastConsentFact instanceof OptOut ? "OPTED_OUT" : "OPTED_IN";
    }

    /** Produces every contact's history; returns how many events were written. */
    long produce(String bootstrapServers, SchemaRegistryClient registry) {
        Instant now = Instant.now();
        AtomicLong written = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (Producer<String, ContactEvent> producer = TopicClients.producer(bootstrapServers, Topics.CONTACT_EVENTS, registry,
                Map.of(ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024))) {
            for (int i = 0; i < contacts; i++) {
                String key = new ContactKey(FaultStack.BUSINESS, contact(i)).toString();
                for (ContactEvent event : history(i, now)) {
                    producer.send(new ProducerRecord<>(Topics.CONTACT_EVENTS.name(), key, event), (metadata, error) -> {
                        if (error == null) {
                            written.incrementAndGet();
                        } else {
                            failure.compareAndSet(null, error);
                        }
                    });
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("could not write the histories", failure.get());
        }
        return written.get();
    }

    /** Contact i's events, oldest first; the same every time (seeded per contact), times relative to {@code now}. */
    List<ContactEvent> history(int i, Instant now) {
        Random random = new Random(seed * 1_000_003L + i);
        String contact = contact(i);
        List<ContactEvent> events = new ArrayList<>();
        Instant optedInAt = now.minus(Duration.ofDays(10 + random.nextInt(20))).minusSeconds(random.nextInt(86_400));
        events.add(event(contact, "optin-" + i, optedInAt, optIn("cns-" + i)));
        double roll = random.nextDouble();
        if (roll < 0.35) {
            Instant optedOutAt = optedInAt.plus(Duration.ofDays(1 + random.nextInt(5)));
            events.add(event(contact, "optout-" + i, optedOutAt,
                    ContactEvents.optOutOfAll(Channel.SMS, OptOutMethod.REQUEST).setEvidenceRef("sms/" + i).build()));
            if (roll < 0.10) {
                events.add(event(contact, "optin-again-" + i, optedOutAt.plus(Duration.ofDays(2)), optIn("cns-again-" + i)));
            }
        }
        if (random.nextBoolean()) {
            // Within the last 1 to 12 hours: the 24 h window stays open (with a wide margin) for the whole scenario.
            Instant wroteAt = now.minus(Duration.ofHours(1)).minusSeconds(random.nextInt(11 * 3_600));
            events.add(event(contact, "inbound-" + i, wroteAt,
                    ContactEvents.inboundText("wamid.faults." + i, FaultStack.SENDER).setPhone(contact).build()));
        }
        return events;
    }

    private static OptIn optIn(String consentId) {
        return ContactEvents.webFormOptIn(consentId, BUSINESS_NAME, ContactEvents.scopes(ConsentCategory.ALL), "form/" + consentId).build();
    }

    private static ContactEvent event(String contact, String eventId, Instant at, Object payload) {
        return ContactEvents.event(FaultStack.BUSINESS, contact, eventId, at, at, "faults-history", payload);
    }
}
