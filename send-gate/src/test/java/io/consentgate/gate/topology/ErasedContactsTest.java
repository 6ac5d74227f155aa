package io.consentgate.gate.topology;

import static io.consentgate.gate.Samples.erasure;
import static io.consentgate.gate.Samples.optIn;
import static io.consentgate.gate.Samples.optOut;
import static io.consentgate.gate.Samples.template;
import static io.consentgate.gate.Samples.templateStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.avro.ConsentCategory;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.ContactState;
import io.consentgate.avro.IdentityLinked;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.RejectionReason;
import io.consentgate.avro.SendRequest;
import io.consentgate.avro.TemplateStatus;
import io.consentgate.domain.identity.ContactIdentity;
import io.consentgate.domain.state.ContactFacts;
import io.consentgate.domain.state.ContactFactsAvro;
import io.consentgate.domain.state.ErasureHasher;
import io.consentgate.schemas.ContactKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An erased contact's opt-outs are found under its erased key although a task looks there only when its erased keys
 * ({@link ErasedContactKeys}) say the store holds it: after a restart on the restored store, through an erasure, a
 * return and another erasure, and whichever of the task's processors wrote the key.
 */
class ErasedContactsTest {

    private static final String BUSINESS = "acme-retail";
    private static final ContactKey CONTACT = new ContactKey(BUSINESS, "+34612345678");
    private static final ContactKey BSUID = new ContactKey(BUSINESS, "ES.1410018717833190");

    private final List<GateDriver> gates = new ArrayList<>(List.of(new GateDriver()));

    @AfterEach
    void close() {
        gates.forEach(GateDriver::close);
    }

    private GateDriver gate() {
        return gates.getLast();
    }

    private GateDriver restart() {
        gates.add(gate().restarted());
        return gate();
    }

    @Test
    void shouldKeepHonouringAnErasedContactsOptOutAfterARestartOnTheRestoredStore() {
        // Given
        gate().event(optIn(CONTACT, ConsentCategory.ALL, earlier(60)));
        gate().event(optOut(CONTACT, earlier(30)));
        gate().event(erasure(CONTACT, earlier(10)));
        assertThat(contactStates().get(CONTACT.toString())).as("nothing left under the number").isNull();

        // When
        restart();

        // Then
        assertThat(decide(marketing(CONTACT, "r-1"))).isEqualTo(RejectionReason.OPTED_OUT.name());
    }

    @Test
    void shouldFollowAContactThroughErasureReturnAndErasureAgain() {
        // Given: erased, with the opt-out kept
        gate().event(optIn(CONTACT, ConsentCategory.ALL, earlier(60)));
        gate().event(optOut(CONTACT, earlier(50)));
        gate().event(erasure(CONTACT, earlier(40)));
        assertThat(decide(marketing(CONTACT, "r-1"))).isEqualTo(RejectionReason.OPTED_OUT.name());

        // When the person comes back and opts in again: known again under the number, the erased key deleted
        gate().event(optIn(CONTACT, ConsentCategory.ALL, earlier(30)));

        // Then
        assertThat(decide(marketing(CONTACT, "r-2"))).isEqualTo("approved");
        assertThat(erasedKeysIn(contactStates())).isEmpty();

        // When erased again
        gate().event(erasure(CONTACT, earlier(20)));

        // Then: the opt-out the return lifted is kept again, also after a restart
        assertThat(decide(marketing(CONTACT, "r-3"))).isEqualTo(RejectionReason.OPTED_OUT.name());
        assertThat(erasedKeysIn(contactStates())).containsExactly(GateDriver.HASHER.erasedKey(BUSINESS, CONTACT.contact()).toString());
        restart();
        assertThat(decide(marketing(CONTACT, "r-4"))).isEqualTo(RejectionReason.OPTED_OUT.name());
    }

    @Test
    void shouldFindAnErasedKeyTheTasksPersonProcessorWroteWhenDecidingARequest() {
        // Given: the request processor has looked under an erased key before (its task's erased keys were read then:
        // none), for a contact it holds nothing for
        gate().event(link(CONTACT, earlier(60)));
        gate().event(link(BSUID, earlier(60)));
        gate().event(optOut(BSUID, earlier(50)));
        assertThat(decide(marketing(new ContactKey(BUSINESS, "+34699999999"), "r-0"))).isNotEqualTo("approved");
        assertThat(decide(marketing(BSUID, "r-1"))).isEqualTo(RejectionReason.OPTED_OUT.name());

        // When: erased under the number, which the person's processor folds into the BSUID's state, now under its erased key
        gate().event(erasure(CONTACT, earlier(40)));
        assertThat(contactStates().get(BSUID.toString())).isNull();

        // Then
        assertThat(decide(marketing(BSUID, "r-2"))).isEqualTo(RejectionReason.OPTED_OUT.name());
    }

    @Test
    void shouldReadEveryErasedKeyOfTheStoreAndNoOtherKey() {
        // Given: businesses whose ids are prefixes of one another or sort next to the separator, each with a number, a
        // BSUID, and erased keys whose hashes start with each hex digit
        KeyValueStore<String, ContactState> store = contactStates();
        Set<String> erased = new HashSet<>();
        for (String business : List.of("a", "acme", "acme2", "acm", "acme-retail", "b}c", "b", "b{", "zz", "Z")) {
            put(store, new ContactKey(business, "+34612345678"));
            put(store, new ContactKey(business, "ES.1410018717833190"));
            for (int i = 0; i < 40; i++) {
                ContactKey key = GateDriver.HASHER.erasedKey(business, "+3461234" + String.format("%04d", i));
                put(store, key);
                erased.add(key.toString());
            }
            for (String edge : List.of("0".repeat(64), "9".repeat(64), "a".repeat(64), "f".repeat(64))) {
                ContactKey key = new ContactKey(business, edge);
                put(store, key);
                erased.add(key.toString());
            }
        }
        assertThat(erased.stream().map(key -> ContactKey.parse(key).contact().charAt(0)).collect(Collectors.toSet()))
                .as("hashes starting with every hex digit").hasSize(16);

        // When
        Map<String, Set<String>> read = ErasedContactKeys.read(store);

        // Then
        assertThat(read.values().stream().flatMap(Set::stream).collect(Collectors.toSet())).isEqualTo(erased).isEqualTo(erasedKeysIn(store));
        read.forEach((business, keys) -> assertThat(keys).allSatisfy(key -> assertThat(ContactKey.parse(key).businessId()).isEqualTo(business)));
    }

    private static void put(KeyValueStore<String, ContactState> store, ContactKey key) {
        String contact = ErasureHasher.isHash(key.contact()) ? "+34600000000" : key.contact();
        store.put(key.toString(), ContactFactsAvro.toAvro(ContactFacts.empty(key.businessId(), ContactIdentity.ofCanonical(contact))));
    }

    /** Every key of the store whose contact is a keyed hash, by a scan of the whole store. */
    private static Set<String> erasedKeysIn(KeyValueStore<String, ContactState> store) {
        Set<String> keys = new HashSet<>();
        try (KeyValueIterator<String, ContactState> all = store.all()) {
            all.forEachRemaining(entry -> {
                if (ErasureHasher.isHash(ContactKey.parse(entry.key).contact())) {
                    keys.add(entry.key);
                }
            });
        }
        return keys;
    }

    private KeyValueStore<String, ContactState> contactStates() {
        return gate().driver.getKeyValueStore(GateTopology.CONTACT_STATE_STORE);
    }

    /** "approved", or the reason of the rejection: the one decision the request got. */
    private String decide(SendRequest request) {
        gate().business(templateStatus(BUSINESS, "black_friday", MessageCategory.MARKETING, TemplateStatus.APPROVED, earlier(120)));
        gate().request(request);
        gate().pollFences();
        gate().pollFences();
        List<String> decisions = new ArrayList<>();
        gate().approved.readValuesToList().forEach(approved -> decisions.add("approved"));
        gate().rejected.readValuesToList().forEach(rejected -> decisions.add(rejected.getReason().name()));
        assertThat(decisions).hasSize(1);
        return decisions.getFirst();
    }

    private SendRequest marketing(ContactKey to, String requestId) {
        return template(to, requestId, "black_friday", MessageCategory.MARKETING, gate().clock.instant());
    }

    /** The link of the number and the BSUID, under {@code key}: the intake publishes it under each. */
    private static ContactEvent link(ContactKey key, Instant at) {
        return ContactEvent.newBuilder().setEventId("link-" + key.contact()).setBusinessId(BUSINESS).setContact(key.contact())
                .setOccurredAt(at).setRecordedAt(at).setSource("test").setPayload(new IdentityLinked(CONTACT.contact(), BSUID.contact())).build();
    }

    private static Instant earlier(int minutes) {
        return GateDriver.START.minus(Duration.ofMinutes(minutes));
    }
}
