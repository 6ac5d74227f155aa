package io.consentgate.gate.topology;

import static io.consentgate.gate.Samples.messagingLimit;
import static io.consentgate.gate.Samples.optIn;
import static io.consentgate.gate.Samples.spanishMobile;
import static io.consentgate.gate.Samples.template;
import static io.consentgate.gate.Samples.templateStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.avro.ApprovedSend;
import io.consentgate.avro.ConsentCategory;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.MessagingTier;
import io.consentgate.avro.RejectionReason;
import io.consentgate.avro.SendRejection;
import io.consentgate.avro.SendRequest;
import io.consentgate.avro.TemplateStatus;
import io.consentgate.domain.quota.BusinessQuota;
import io.consentgate.schemas.ContactKey;
import io.consentgate.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stage 2's store (issue 17): one small record per counted contact, expiry, the k-th oldest, and the old one-value format migrated. */
class BusinessQuotaStoreTest {

    private static final String BUSINESS = "acme-retail";
    private static final String QUOTA_REQUESTS = "send-gate-test-" + GateTopology.QUOTA_REPARTITION + "-repartition";

    private final GateDriver gate = GateDriver.onTmpfs();

    @AfterEach
    void close() {
        gate.close();
    }

    @Test
    void shouldKeepEveryChangelogRecordSmallWhileABigBusinessCountsPastWhereOneValueWouldExceedOneMegabyte() {
        // Given a TIER_100K business (in one value, its count passed the 1 MB record limit at about 47,000 contacts), and
        // one approval of it decided by stage 1, on its way to the quota
        approveTemplate();
        gate.business(messagingLimit(BUSINESS, MessagingTier.TIER_100K, earlier(120)));
        gate.event(optIn(contact(0), ConsentCategory.UTILITY, earlier(60)));
        gate.request(request(0, "r-0"));
        ApprovedSend decidedByStage1 = gate.driver.createOutputTopic(QUOTA_REQUESTS, new StringDeserializer(),
                gate.serdes.value(Topics.APPROVED_SENDS).deserializer()).readValue();
        int contacts = Integer.getInteger("consentgate.quota-test-contacts", 48_000);

        // When stage 2 receives the approvals of 48,000 contacts (in one value: 48,000 × 22 bytes + 5, over 1 MiB; each
        // like the first; stage 1 is left out, as the driver commits after every record, and both stages take minutes)
        TestInputTopic<String, ApprovedSend> toQuota = gate.driver.createInputTopic(QUOTA_REQUESTS, new StringSerializer(),
                gate.serdes.value(Topics.APPROVED_SENDS).serializer());
        for (int i = 1; i < contacts; i++) {
            String contact = spanishMobile(i);
            toQuota.pipeInput(BUSINESS, ApprovedSend.newBuilder(decidedByStage1).setContact(contact)
                    .setRequest(SendRequest.newBuilder(decidedByStage1.getRequest()).setContact(contact).setRequestId("r-" + i).build()).build());
        }

        // Then every one is counted, and no record of the quota's changelog grows with the count
        assertThat(gate.approved.readValuesToList()).hasSize(contacts).allSatisfy(send -> assertThat(send.getCountedTowardLimit()).isTrue());
        assertThat(gate.rejected.isEmpty()).isTrue();
        assertThat(gate.observer.quotaUsed).containsEntry(BUSINESS, contacts);
        List<TestRecord<byte[], byte[]>> changelog = quotaChangelog();
        int largest = changelog.stream().mapToInt(record -> record.key().length + (record.value() == null ? 0 : record.value().length)).max().orElseThrow();
        System.out.printf("quota changelog: %d records for %d counted contacts, the largest %d bytes (key + value)%n", changelog.size(), contacts, largest);
        assertThat(largest).as("every quota changelog record, key and value").isLessThan(1024);
    }

    @Test
    void shouldFreeCapacityAsCountedContactsLeaveTheMoving24Hours() {
        // Given a TIER_50 business: 30 contacts counted now, 20 twelve hours later
        approveTemplate();
        gate.business(messagingLimit(BUSINESS, MessagingTier.TIER_50, earlier(120)));
        IntStream.range(0, 52).forEach(i -> gate.event(optIn(contact(i), ConsentCategory.UTILITY, earlier(60))));
        Instant first = gate.clock.instant();
        IntStream.range(0, 30).forEach(i -> gate.request(request(i, "r-" + i)));
        gate.clock.advance(Duration.ofHours(12));
        Instant second = gate.clock.instant();
        IntStream.range(30, 50).forEach(i -> gate.request(request(i, "r-" + i)));
        gate.request(request(50, "r-refused"));
        assertThat(gate.approved.readValuesToList()).hasSize(50);
        assertThat(onlyRejection().getRetryAfter()).isEqualTo(first.plus(BusinessQuota.MOVING_WINDOW));

        // When the first 30 leave the window
        gate.clock.advance(Duration.ofHours(12));
        gate.request(request(50, "r-after"));

        // Then only they are forgotten: 30 fit again, and the next waits for the second group
        assertThat(gate.approved.readValuesToList()).singleElement().satisfies(send -> assertThat(send.getCountedTowardLimit()).isTrue());
        assertThat(gate.observer.quotaUsed).containsEntry(BUSINESS, 21);
        gate.request(request(30, "r-still-counted"));
        assertThat(gate.approved.readValuesToList()).singleElement().satisfies(send -> assertThat(send.getCountedTowardLimit()).isFalse());
        assertThat(gate.observer.quotaUsed).containsEntry(BUSINESS, 21);
        IntStream.range(0, 29).forEach(i -> gate.request(request(i, "r-again-" + i)));
        gate.request(request(51, "r-full"));
        assertThat(gate.approved.readValuesToList()).hasSize(29);
        assertThat(onlyRejection().getRetryAfter()).isEqualTo(second.plus(BusinessQuota.MOVING_WINDOW));
    }

    @Test
    void shouldSayWhenCapacityFreesAfterADowngradeBelowTheCount() {
        // Given 60 contacts counted under TIER_250, one a minute
        approveTemplate();
        gate.business(messagingLimit(BUSINESS, MessagingTier.TIER_250, earlier(120)));
        IntStream.range(0, 61).forEach(i -> gate.event(optIn(contact(i), ConsentCategory.UTILITY, earlier(60))));
        Instant first = gate.clock.instant();
        for (int i = 0; i < 60; i++) {
            gate.request(request(i, "r-" + i));
            gate.clock.advance(Duration.ofMinutes(1));
        }
        assertThat(gate.approved.readValuesToList()).hasSize(60);

        // When the business drops to TIER_50
        gate.business(messagingLimit(BUSINESS, MessagingTier.TIER_50, gate.clock.instant()));
        gate.request(request(60, "r-after-downgrade"));

        // Then 11 must leave before one more fits: the 11th oldest was counted at minute 10
        assertThat(onlyRejection().getRetryAfter()).isEqualTo(first.plus(BusinessQuota.MOVING_WINDOW).plus(Duration.ofMinutes(10)));

        // And still once the 6 oldest (minutes 0 to 5) have left: the same contact is the one to wait for
        gate.clock.advance(Duration.ofHours(24).minus(Duration.ofMinutes(60)).plus(Duration.ofMinutes(5)));
        gate.request(request(60, "r-later"));
        assertThat(onlyRejection().getRetryAfter()).isEqualTo(first.plus(BusinessQuota.MOVING_WINDOW).plus(Duration.ofMinutes(10)));
        assertThat(gate.observer.quotaUsed).containsEntry(BUSINESS, 54);

        // And after one more is counted under TIER_250 again, back at TIER_50 the 6th oldest (minute 11) is the one
        gate.business(messagingLimit(BUSINESS, MessagingTier.TIER_250, gate.clock.instant()));
        gate.request(request(60, "r-upgraded"));
        assertThat(gate.approved.readValuesToList()).singleElement().satisfies(send -> assertThat(send.getCountedTowardLimit()).isTrue());
        gate.business(messagingLimit(BUSINESS, MessagingTier.TIER_50, gate.clock.instant()));
        gate.request(request(0, "r-downgraded-again"));
        assertThat(onlyRejection().getRetryAfter()).isEqualTo(first.plus(BusinessQuota.MOVING_WINDOW).plus(Duration.ofMinutes(11)));
    }

    @Test
    void shouldCountTheContactsOfAStoreInTheOldOneValueFormat() {
        // Given the store of a gate before issue 17: 50 contacts of a TIER_50 business in one value under the business id
        approveTemplate();
        gate.business(messagingLimit(BUSINESS, MessagingTier.TIER_50, earlier(120)));
        IntStream.range(0, 51).forEach(i -> gate.event(optIn(contact(i), ConsentCategory.UTILITY, earlier(60))));
        BusinessQuota before = BusinessQuota.empty();
        Instant oldest = earlier(600);
        IntStream.range(0, 50).forEach(i -> before.admit(spanishMobile(i), MessagingTier.TIER_50, oldest.plusSeconds(60L * i)));
        KeyValueStore<Bytes, byte[]> store = gate.driver.getKeyValueStore(GateTopology.QUOTA_STORE);
        Bytes oldKey = Bytes.wrap(BUSINESS.getBytes(StandardCharsets.UTF_8));
        store.put(oldKey, before.toBytes());

        // When a contact it counted and a new one are messaged
        gate.request(request(7, "r-counted"));
        gate.request(request(50, "r-new"));

        // Then the first is not counted again, the second is refused at the limit as before, and the old value is gone
        assertThat(gate.approved.readValuesToList()).singleElement().satisfies(send -> assertThat(send.getCountedTowardLimit()).isFalse());
        SendRejection refused = onlyRejection();
        assertThat(refused.getReason()).isEqualTo(RejectionReason.TIER_LIMIT_REACHED);
        assertThat(refused.getRetryAfter()).isEqualTo(oldest.plus(BusinessQuota.MOVING_WINDOW));
        assertThat(gate.observer.quotaUsed).containsEntry(BUSINESS, 50);
        assertThat(store.get(oldKey)).isNull();
    }

    @Test
    void shouldKeepTheLaterTimeOfAContactCountedInBothFormats() {
        // Given a contact counted in the new layout an hour ago, and in an old value (written by an older gate) just now
        approveTemplate();
        gate.business(messagingLimit(BUSINESS, MessagingTier.TIER_50, earlier(120)));
        IntStream.range(0, 50).forEach(i -> gate.event(optIn(contact(i), ConsentCategory.UTILITY, earlier(60))));
        gate.request(request(0, "r-0"));
        gate.approved.readValuesToList();
        gate.clock.advance(Duration.ofHours(1));
        BusinessQuota older = BusinessQuota.empty();
        older.admit(spanishMobile(0), MessagingTier.TIER_50, gate.clock.instant());
        IntStream.range(1, 49).forEach(i -> older.admit(spanishMobile(i), MessagingTier.TIER_50, gate.clock.instant()));
        gate.driver.<Bytes, byte[]>getKeyValueStore(GateTopology.QUOTA_STORE).put(Bytes.wrap(BUSINESS.getBytes(StandardCharsets.UTF_8)), older.toBytes());

        // When the 50th contact fills the quota, and 23 h later one more is asked for
        gate.request(request(49, "r-49"));
        gate.clock.advance(Duration.ofHours(23).plusMinutes(30));
        gate.request(request(0, "r-0-again"));

        // Then contact 0 still counts from the later time, and 49 were taken over (contact 0 once): 50 with contact 49
        assertThat(gate.approved.readValuesToList()).extracting(ApprovedSend::getCountedTowardLimit).containsExactly(true, false);
        assertThat(gate.observer.quotaUsed).containsEntry(BUSINESS, 50);
    }

    private void approveTemplate() {
        gate.business(templateStatus(BUSINESS, "order_update", MessageCategory.UTILITY, TemplateStatus.APPROVED, earlier(120)));
    }

    private Instant earlier(int minutes) {
        return gate.clock.instant().minus(Duration.ofMinutes(minutes));
    }

    private static ContactKey contact(int index) {
        return new ContactKey(BUSINESS, spanishMobile(index));
    }

    private SendRequest request(int contact, String requestId) {
        return template(contact(contact), requestId, "order_update", MessageCategory.UTILITY, gate.clock.instant());
    }

    private SendRejection onlyRejection() {
        List<SendRejection> rejections = gate.rejected.readValuesToList();
        assertThat(rejections).hasSize(1);
        return rejections.getFirst();
    }

    private List<TestRecord<byte[], byte[]>> quotaChangelog() {
        return gate.driver.createOutputTopic(GateDriver.QUOTA_CHANGELOG, new ByteArrayDeserializer(), new ByteArrayDeserializer()).readRecordsToList();
    }
}
