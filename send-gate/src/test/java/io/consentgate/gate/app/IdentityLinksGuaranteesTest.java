package io.consentgate.gate.app;

import static io.consentgate.gate.Samples.SENDER;
import static io.consentgate.gate.Samples.TEMPLATE_LANGUAGE;
import static io.consentgate.gate.Samples.inbound;
import static io.consentgate.gate.Samples.optIn;
import static io.consentgate.gate.Samples.optOut;
import static io.consentgate.gate.Samples.reply;
import static io.consentgate.gate.Samples.spanishMobile;
import static io.consentgate.gate.Samples.template;
import static io.consentgate.gate.Samples.templateStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.consentgate.avro.ApprovedSend;
import io.consentgate.avro.ConsentCategory;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.IdentityLinked;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.RejectionReason;
import io.consentgate.avro.SendRejection;
import io.consentgate.avro.TemplateStatus;
import io.consentgate.schemas.ContactKey;
import io.consentgate.schemas.Topics;
import io.consentgate.support.streams.HomePartitions;
import io.consentgate.testing.SharedKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * One person under two identities (docs/identity.md), on the real broker and registry through the running gate: once
 * an event carried both a phone number and a BSUID, what was recorded under either governs requests to either. Each
 * pair's phone number and BSUID live on different partitions, and each step is acknowledged before the next is
 * produced, as the ordering guarantee reads.
 */
class IdentityLinksGuaranteesTest extends RunningGateTest {

    private static final Duration DECISIONS_ARRIVE = RunningGate.DECISIONS_ARRIVE;
    private static final int PAIRS = 60;

    @Test
    void shouldRefuseARequestToThePhoneNumberAfterAnOptOutUnderTheBsuidOnly() throws Exception {
        // Given: each person opted in to marketing under the phone number, then an event carried both identities
        String business = business();
        List<Person> people = people(business);
        for (Person person : people) {
            send(optIn(person.phone(), ConsentCategory.MARKETING, Instant.now().minusSeconds(60)));
            link(person);
        }

        // When: an opt-out under the BSUID only, acknowledged before the request to the phone number is produced
        for (Person person : people) {
            send(optOut(person.bsuid(), Instant.now()));
            kafka.requests().send(new ProducerRecord<>(Topics.OUTBOUND_REQUESTS.name(), person.phone().toString(),
                    template(person.phone(), "r-" + person.index(), "black_friday", MessageCategory.MARKETING, Instant.now()))).get();
        }

        // Then
        Decisions decisions = Decisions.of(business, people.size());
        assertThat(decisions.approvals()).isEmpty();
        assertThat(decisions.rejections()).hasSize(people.size())
                .allSatisfy(rejection -> assertThat(rejection.getReason()).isEqualTo(RejectionReason.OPTED_OUT));
    }

    @Test
    void shouldApproveAReplyToThePhoneNumberAfterAnInboundMessageUnderTheBsuidOnly() throws Exception {
        // Given
        String business = business();
        List<Person> people = people(business);
        for (Person person : people) {
            link(person);
        }

        // When: the person writes under the BSUID only, acknowledged before the reply to the phone number is produced
        for (Person person : people) {
            send(inbound(person.bsuid(), Instant.now()));
            kafka.requests().send(new ProducerRecord<>(Topics.OUTBOUND_REQUESTS.name(), person.phone().toString(),
                    reply(person.phone(), "r-" + person.index(), Instant.now()))).get();
        }

        // Then
        Decisions decisions = Decisions.of(business, people.size());
        assertThat(decisions.rejections()).isEmpty();
        assertThat(decisions.approvals()).hasSize(people.size())
                .allSatisfy(approved -> assertThat(approved.getRequest().getContact()).startsWith("+34"));
    }

    @Test
    void shouldRefuseARequestToTheBsuidAfterAnOptOutUnderThePhoneNumberOnly() throws Exception {
        // Given
        String business = business();
        List<Person> people = people(business);
        for (Person person : people) {
            send(optIn(person.bsuid(), ConsentCategory.MARKETING, Instant.now().minusSeconds(60)));
            link(person);
        }

        // When
        for (Person person : people) {
            send(optOut(person.phone(), Instant.now()));
            kafka.requests().send(new ProducerRecord<>(Topics.OUTBOUND_REQUESTS.name(), person.bsuid().toString(),
                    template(person.bsuid(), "r-" + person.index(), "black_friday", MessageCategory.MARKETING, Instant.now()))).get();
        }

        // Then
        Decisions decisions = Decisions.of(business, people.size());
        assertThat(decisions.approvals()).isEmpty();
        assertThat(decisions.rejections()).hasSize(people.size())
                .allSatisfy(rejection -> assertThat(rejection.getReason()).isEqualTo(RejectionReason.OPTED_OUT));
    }

    @Test
    void shouldCountAPersonOnceInTheMessagingLimitWhicheverIdentityARequestNames() throws Exception {
        // Given: each person opted in to UTILITY under the phone number, then linked; the business's UTILITY template approved
        String business = business();
        List<Person> people = people(business);
        for (Person person : people) {
            send(optIn(person.phone(), ConsentCategory.UTILITY, Instant.now().minusSeconds(60)));
            link(person);
        }
        kafka.businessEvents().send(new ProducerRecord<>(Topics.BUSINESS_EVENTS.name(), business,
                templateStatus(business, "order_update", MessageCategory.UTILITY, TemplateStatus.APPROVED, Instant.now().minusSeconds(60)))).get();
        // Business events reach the gate apart from requests: wait until it knows the template, asking as support would,
        // by the phone number (explained with the person's facts, on the BSUID's partition)
        Person first = people.getFirst();
        await("the template and the link in the gate's state").atMost(DECISIONS_ARRIVE).untilAsserted(() -> assertThat(RunningGate.explain(port, """
                {"requestId": "explain-1", "businessId": "%s", "senderId": "%s", "contact": "%s", "kind": "TEMPLATE",
                 "template": {"name": "order_update", "language": "%s", "category": "UTILITY"}}"""
                .formatted(business, SENDER, first.phone().contact(), TEMPLATE_LANGUAGE)).path("outcome").asString()).isEqualTo("APPROVED"));

        // When: a UTILITY template to each person's phone number, then one to the BSUID
        for (Person person : people) {
            for (ContactKey to : List.of(person.phone(), person.bsuid())) {
                kafka.requests().send(new ProducerRecord<>(Topics.OUTBOUND_REQUESTS.name(), to.toString(),
                        template(to, to.contact() + "-update", "order_update", MessageCategory.UTILITY, Instant.now()))).get();
            }
        }

        // Then: every one approved, and each person used one unique contact of the limit, not two
        Decisions decisions = Decisions.of(business, 2 * people.size());
        assertThat(decisions.rejections()).isEmpty();
        assertThat(decisions.approvals()).hasSize(2 * people.size());
        for (Person person : people) {
            assertThat(decisions.approvals().stream()
                    .filter(approved -> approved.getRequest().getContact().equals(person.phone().contact())
                            || approved.getRequest().getContact().equals(person.bsuid().contact()))
                    .filter(ApprovedSend::getCountedTowardLimit))
                    .as("person %d counted toward the limit", person.index()).hasSize(1);
        }
    }

    private record Person(int index, ContactKey phone, ContactKey bsuid) {
    }

    /** Phone numbers and BSUIDs whose keys live on different partitions, so that every link crosses partitions. */
    private static List<Person> people(String business) {
        int partitions = SharedKafka.partitions();
        List<Person> people = new ArrayList<>();
        for (int i = 0; people.size() < PAIRS; i++) {
            Person person = new Person(i, new ContactKey(business, spanishMobile(i)), new ContactKey(business, "ES.%016d".formatted(1_000_000L + i)));
            if (partitions == 1 || HomePartitions.of(person.phone().toString(), partitions) != HomePartitions.of(person.bsuid().toString(), partitions)) {
                people.add(person);
            }
        }
        return people;
    }

    /** What the intake publishes for an event that carries both identities: the link under each. */
    private static void link(Person person) throws Exception {
        for (ContactKey key : List.of(person.phone(), person.bsuid())) {
            Instant now = Instant.now();
            send(ContactEvent.newBuilder().setEventId("link-" + UUID.randomUUID()).setBusinessId(key.businessId()).setContact(key.contact())
                    .setOccurredAt(now).setRecordedAt(now).setSource("test")
                    .setPayload(new IdentityLinked(person.phone().contact(), person.bsuid().contact())).build());
        }
    }

    private static void send(ContactEvent event) throws Exception {
        kafka.contactEvents().send(new ProducerRecord<>(Topics.CONTACT_EVENTS.name(), new ContactKey(event.getBusinessId(), event.getContact()).toString(), event)).get();
    }

    private static String business() {
        return RunningGate.business();
    }

    private record Decisions(List<ApprovedSend> approvals, List<SendRejection> rejections) {

        static Decisions of(String business, int expected) {
            List<ApprovedSend> approvals = new ArrayList<>();
            List<SendRejection> rejections = new ArrayList<>();
            try (Consumer<String, ApprovedSend> approved = SharedKafka.consumer(Topics.APPROVED_SENDS);
                 Consumer<String, SendRejection> rejected = SharedKafka.consumer(Topics.SEND_REJECTIONS)) {
                await("%d decisions for %s".formatted(expected, business)).atMost(DECISIONS_ARRIVE).pollInterval(Duration.ofMillis(50)).until(() -> {
                    poll(business, approved, rejected, approvals, rejections);
                    return approvals.size() + rejections.size() >= expected;
                });
                for (int i = 0; i < 5; i++) { // a duplicate decision would come within a few commits
                    poll(business, approved, rejected, approvals, rejections);
                }
            }
            return new Decisions(approvals, rejections);
        }

        private static void poll(String business, Consumer<String, ApprovedSend> approved, Consumer<String, SendRejection> rejected,
                                 List<ApprovedSend> approvals, List<SendRejection> rejections) {
            approved.poll(Duration.ofMillis(100)).forEach(r -> {
                if (r.value().getRequest().getBusinessId().equals(business)) {
                    approvals.add(r.value());
                }
            });
            rejected.poll(Duration.ofMillis(100)).forEach(r -> {
                if (r.value().getRequest().getBusinessId().equals(business)) {
                    rejections.add(r.value());
                }
            });
        }
    }
}
