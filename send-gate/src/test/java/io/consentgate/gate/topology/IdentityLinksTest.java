package io.consentgate.gate.topology;

import static io.consentgate.gate.Samples.inbound;
import static io.consentgate.gate.Samples.optOut;
import static io.consentgate.gate.Samples.reply;
import static io.consentgate.gate.Samples.template;
import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.ContactState;
import io.consentgate.avro.IdentityLinked;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.RejectionReason;
import io.consentgate.avro.SendRejection;
import io.consentgate.domain.decision.Decision;
import io.consentgate.schemas.ContactKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One person under two identities, in the gate's topology: what a link sends on to the person, and how requests to either are decided. */
class IdentityLinksTest {

    private static final String BUSINESS = "acme-retail";
    private static final ContactKey PHONE = new ContactKey(BUSINESS, "+34612345678");
    private static final ContactKey BSUID = new ContactKey(BUSINESS, "ES.1410018717833190");

    private final GateDriver gate = new GateDriver();

    @AfterEach
    void close() {
        gate.close();
    }

    @Test
    void shouldRefuseARequestToThePhoneNumberAfterAnOptOutUnderTheBsuidOnly() {
        // Given
        link(earlier(30));
        gate.event(optOut(BSUID, earlier(20)));

        // When
        decide(marketing(PHONE));

        // Then
        SendRejection rejection = onlyRejection();
        assertThat(rejection.getReason()).isEqualTo(RejectionReason.OPTED_OUT);
        assertThat(rejection.getRequest().getContact()).isEqualTo(PHONE.contact());
    }

    @Test
    void shouldApproveAReplyToThePhoneNumberInsideAWindowTheBsuidOpened() {
        // Given
        link(earlier(30));
        gate.event(inbound(BSUID, earlier(10)));

        // When
        decide(reply(PHONE, "req-1", gate.clock.instant()));

        // Then
        assertThat(gate.rejected.isEmpty()).isTrue();
        assertThat(gate.approved.readKeyValuesToList()).singleElement().satisfies(approved -> assertThat(approved.key).isEqualTo(PHONE.toString()));
    }

    @Test
    void shouldSendThePhoneNumbersFactsAndLaterEventsOnToTheBsuidAndListTheAlias() {
        // Given
        gate.event(optOut(PHONE, earlier(60)));

        // When
        link(earlier(30));
        gate.event(inbound(PHONE, earlier(10)));

        // Then
        KeyValueStore<String, ContactState> states = gate.driver.getKeyValueStore(GateTopology.CONTACT_STATE_STORE);
        ContactState person = states.get(BSUID.toString());
        assertThat(person.getAliases()).containsExactly(PHONE.contact());
        assertThat(person.getScopes()).singleElement().satisfies(scope -> assertThat(scope.getSince()).isEqualTo(earlier(60)));
        assertThat(person.getSenders()).singleElement().satisfies(sender -> assertThat(sender.getLastInboundAt()).isEqualTo(earlier(10)));
        ContactState alias = states.get(PHONE.toString());
        assertThat(alias.getLinkedTo()).isEqualTo(BSUID.contact());
        assertThat(alias.getSenders()).as("the number's later events are the person's, not its own").isEmpty();
    }

    @Test
    void shouldRefuseARequestToTheBsuidAfterAnOptOutUnderThePhoneNumber() {
        // Given
        link(earlier(30));
        gate.event(inbound(BSUID, earlier(25)));
        gate.event(optOut(PHONE, earlier(20)));

        // When
        decide(marketing(BSUID));

        // Then
        assertThat(onlyRejection().getReason()).isEqualTo(RejectionReason.OPTED_OUT);
    }

    @Test
    void shouldTakeARetryUnderTheOtherIdentityForADuplicate() {
        // Given
        link(earlier(30));
        gate.event(inbound(BSUID, earlier(10)));
        decide(reply(PHONE, "req-1", gate.clock.instant()));

        // When
        decide(reply(BSUID, "req-1", gate.clock.instant()));

        // Then
        assertThat(gate.approved.readValuesToList()).hasSize(1);
        assertThat(onlyRejection().getReason()).isEqualTo(RejectionReason.DUPLICATE_REQUEST);
    }

    @Test
    void shouldChangeNothingWhenTheSameLinkComesAgain() {
        // Given
        link(earlier(30));
        gate.event(optOut(BSUID, earlier(20)));

        // When
        link(earlier(5));

        // Then
        ContactState person = gate.driver.<String, ContactState>getKeyValueStore(GateTopology.CONTACT_STATE_STORE).get(BSUID.toString());
        assertThat(person.getAliases()).containsExactly(PHONE.contact());
        assertThat(person.getScopes()).hasSize(1);
    }

    @Test
    void shouldExplainARequestToTheLinkedNumberAsThePersonsDecision() {
        // Given an opt-out under the BSUID only
        link(earlier(30));
        gate.event(optOut(BSUID, earlier(20)));

        // When support asks why a request to the phone number would be refused
        DecisionExplainer.Explanation explained = gate.explain(marketing(PHONE));

        // Then the explanation reads the person's facts, as the stream does
        assertThat(explained.decision()).isInstanceOfSatisfying(Decision.Rejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo(RejectionReason.OPTED_OUT));
        decide(marketing(PHONE));
        assertThat(onlyRejection().getReason()).isEqualTo(RejectionReason.OPTED_OUT);
    }

    @Test
    void shouldRefuseAndExplainARequestToOneOfSeveralNumbersOfOnePerson() {
        // Given a person with two phone numbers and a window open
        ContactKey otherPhone = new ContactKey(BUSINESS, "+34612345679");
        link(earlier(30));
        gate.event(linkUnder(otherPhone, BSUID, earlier(29)));
        gate.event(linkUnder(BSUID, otherPhone, earlier(29)));
        gate.event(inbound(BSUID, earlier(10)));

        // When / Then: refused (the other number's events are not waited for), and explained the same way
        io.consentgate.avro.SendRequest reply = reply(PHONE, "req-1", gate.clock.instant());
        assertThat(gate.explain(reply).decision()).isInstanceOfSatisfying(Decision.Rejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo(RejectionReason.INVALID_REQUEST));
        decide(reply);
        assertThat(onlyRejection().getReason()).isEqualTo(RejectionReason.INVALID_REQUEST);
    }

    /** As the intake publishes it: the same link under each identity. */
    private void link(Instant at) {
        gate.event(linkUnder(PHONE, at));
        gate.event(linkUnder(BSUID, at));
    }

    private static ContactEvent linkUnder(ContactKey key, Instant at) {
        return linkUnder(key, key.equals(PHONE) ? BSUID : PHONE, at);
    }

    /** The link of a phone number and a BSUID, under {@code key}, one of the two. */
    private static ContactEvent linkUnder(ContactKey key, ContactKey other, Instant at) {
        ContactKey phone = key.contact().startsWith("+") ? key : other;
        ContactKey bsuid = phone == key ? other : key;
        return ContactEvent.newBuilder().setEventId("link-" + key.contact() + "-" + at.toEpochMilli()).setBusinessId(BUSINESS)
                .setContact(key.contact()).setOccurredAt(at).setRecordedAt(at).setSource("test")
                .setPayload(new IdentityLinked(phone.contact(), bsuid.contact())).build();
    }

    /** Parks the request and lets the fences run until it passed every identity's fence on its way to the person. */
    private void decide(io.consentgate.avro.SendRequest request) {
        gate.request(request);
        gate.pollFences();
        gate.pollFences();
    }

    /** Refused under an opt-out of everything whatever else holds: the first rule. */
    private io.consentgate.avro.SendRequest marketing(ContactKey to) {
        return template(to, "req-m", "black_friday", MessageCategory.MARKETING, gate.clock.instant());
    }

    private Instant earlier(int minutes) {
        return GateDriver.START.minus(Duration.ofMinutes(minutes));
    }

    private SendRejection onlyRejection() {
        List<SendRejection> rejections = gate.rejected.readValuesToList();
        assertThat(rejections).hasSize(1);
        return rejections.getFirst();
    }
}
