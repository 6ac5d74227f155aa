package io.consentgate.gate.topology;

import static io.consentgate.gate.Samples.inbound;
import static io.consentgate.gate.Samples.optIn;
import static io.consentgate.gate.Samples.optOut;
import static io.consentgate.gate.Samples.reply;
import static io.consentgate.gate.Samples.spanishMobile;
import static io.consentgate.gate.Samples.template;
import static io.consentgate.gate.Samples.templateStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.avro.ApprovalBasis;
import io.consentgate.avro.ApprovedSend;
import io.consentgate.avro.ConsentCategory;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.RejectionReason;
import io.consentgate.avro.SendRejection;
import io.consentgate.avro.TemplateStatus;
import io.consentgate.schemas.ContactKey;
import io.consentgate.schemas.Topics;
import io.consentgate.support.streams.HomePartitions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Records on a partition that is not their key's: the driver reads everything on partition 0 of topics the gate
 * takes to have 4 partitions, so a contact whose key maps elsewhere stands for one whose producer partitioned
 * with another hash (librdkafka's CRC32). Its events and requests are rerouted to its home partition and decided
 * there as a well-partitioned contact's are.
 */
class MisroutedRecordsTest {

    private static final String BUSINESS = "acme-retail";
    private static final int PARTITIONS = 4;
    /** A contact whose home is another partition than the one the driver reads: every record of it is misrouted. */
    private static final ContactKey MISROUTED = contact(home -> home != 0);
    /** A contact whose home is partition 0: nothing of it is misrouted. */
    private static final ContactKey AT_HOME = contact(home -> home == 0);

    private final GateDriver gate = new GateDriver(PARTITIONS);

    @AfterEach
    void close() {
        gate.close();
    }

    private static ContactKey contact(java.util.function.IntPredicate home) {
        return IntStream.range(0, 1000).mapToObj(i -> new ContactKey(BUSINESS, spanishMobile(i)))
                .filter(key -> home.test(HomePartitions.of(key.toString(), PARTITIONS))).findFirst().orElseThrow();
    }

    private Instant earlier(int minutes) {
        return gate.clock.instant().minus(Duration.ofMinutes(minutes));
    }

    @Test
    void shouldDecideAMisroutedRequestOnTheStateOfMisroutedEvents() {
        // Given an opt-in and an inbound message, both read off their home partition
        gate.business(templateStatus(BUSINESS, "black_friday", MessageCategory.MARKETING, TemplateStatus.APPROVED, earlier(120)));
        gate.event(optIn(MISROUTED, ConsentCategory.ALL, earlier(60)));
        gate.event(inbound(MISROUTED, earlier(5)));

        // When a reply and a marketing template for the contact arrive off their home partition too
        gate.request(reply(MISROUTED, "r-1", gate.clock.instant()));
        gate.request(template(MISROUTED, "r-2", "black_friday", MessageCategory.MARKETING, gate.clock.instant()));

        // Then both are approved: the inbound opened the window, the opt-in covers marketing
        List<ApprovedSend> approved = gate.approved.readValuesToList();
        assertThat(approved).extracting(send -> send.getRequest().getRequestId()).containsExactly("r-1", "r-2");
        assertThat(approved.getFirst().getBasis()).isEqualTo(ApprovalBasis.CUSTOMER_SERVICE_WINDOW);
        assertThat(gate.rejected.isEmpty()).isTrue();

        // And every record was counted as misrouted, by topic, partition and offset, never by key
        int home = HomePartitions.of(MISROUTED.toString(), PARTITIONS);
        assertThat(gate.observer.misrouted).containsExactly(
                Topics.CONTACT_EVENTS.name() + "-0@0->" + home, Topics.CONTACT_EVENTS.name() + "-0@1->" + home,
                Topics.OUTBOUND_REQUESTS.name() + "-0@0->" + home, Topics.OUTBOUND_REQUESTS.name() + "-0@1->" + home);
    }

    @Test
    void shouldRefuseMarketingAfterAMisroutedOptOut() {
        // Given
        gate.business(templateStatus(BUSINESS, "black_friday", MessageCategory.MARKETING, TemplateStatus.APPROVED, earlier(120)));
        gate.event(optIn(MISROUTED, ConsentCategory.ALL, earlier(60)));
        gate.event(optOut(MISROUTED, earlier(1)));

        // When
        gate.request(template(MISROUTED, "r-1", "black_friday", MessageCategory.MARKETING, gate.clock.instant()));

        // Then
        assertThat(gate.approved.isEmpty()).isTrue();
        List<SendRejection> rejections = gate.rejected.readValuesToList();
        assertThat(rejections).extracting(SendRejection::getReason).containsExactly(RejectionReason.OPTED_OUT);
    }

    @Test
    void shouldSeeADuplicateOfAMisroutedRequest() {
        // Given
        gate.event(inbound(MISROUTED, earlier(5)));

        // When the same request arrives twice off its home partition
        gate.request(reply(MISROUTED, "r-1", gate.clock.instant()));
        gate.request(reply(MISROUTED, "r-1", gate.clock.instant()));

        // Then
        assertThat(gate.approved.readValuesToList()).hasSize(1);
        assertThat(gate.rejected.readValuesToList()).extracting(SendRejection::getReason).containsExactly(RejectionReason.DUPLICATE_REQUEST);
    }

    @Test
    void shouldCountNothingForRecordsOnTheirHomePartition() {
        // Given
        gate.event(inbound(AT_HOME, earlier(5)));

        // When
        gate.request(reply(AT_HOME, "r-1", gate.clock.instant()));

        // Then
        assertThat(gate.approved.readValuesToList()).hasSize(1);
        assertThat(gate.observer.misrouted).isEmpty();
    }
}
