package io.consentgate.gate.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.avro.MessagingTier;
import io.consentgate.domain.quota.BusinessQuota;
import io.consentgate.domain.quota.QuotaOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The quota over the gate's RocksDB store answers as it does in memory (the domain's tests' implementation). */
class StoredCountedContactsTest {

    private static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");
    private static final List<MessagingTier> TIERS = List.of(MessagingTier.TIER_50, MessagingTier.TIER_250, MessagingTier.TIER_1K,
            MessagingTier.TIER_50, MessagingTier.TIER_UNLIMITED);
    /** Two businesses whose ids would run into each other without the keys' length prefix. */
    private static final List<String> BUSINESSES = List.of("a", "a\u0000\u0000\u0000\u0001\u00ffx");

    private final KeyValueStore<Bytes, byte[]> store = rocksDb();

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void shouldAnswerEveryAttemptAsTheQuotaInMemoryDoes() {
        Random random = new Random(17);
        int refused = 0;
        int refusedAboveTheLimit = 0;
        for (int round = 0; round < 20; round++) {
            List<BusinessQuota> inMemory = List.of(BusinessQuota.empty(), BusinessQuota.empty());
            Instant now = T0.plus(Duration.ofDays(30L * round));
            MessagingTier tier = MessagingTier.TIER_250;
            for (int attempt = 0; attempt < 2_000; attempt++) {
                now = now.plus(Duration.ofMinutes(random.nextInt(3)));
                if (random.nextInt(50) == 0) {
                    tier = TIERS.get(random.nextInt(TIERS.size())); // a downgrade, an upgrade, or no limit
                }
                int business = random.nextInt(2);
                String contact = "+3460000" + random.nextInt(1_500);

                QuotaOutcome stored = BusinessQuota.over(StoredCountedContacts.of(store, BUSINESSES.get(business))).admit(contact, tier, now);
                QuotaOutcome expected = inMemory.get(business).admit(contact, tier, now);

                assertThat(stored).as("round %d, attempt %d", round, attempt).isEqualTo(expected);
                if (expected instanceof QuotaOutcome.Refused(int limit, Instant freesAt)) {
                    refused++;
                    refusedAboveTheLimit += inMemory.get(business).countedContacts() > limit ? 1 : 0;
                }
                assertThat(StoredCountedContacts.of(store, BUSINESSES.get(business)).size()).isEqualTo(inMemory.get(business).countedContacts());
            }
        }
        assertThat(refused).as("refusals compared").isGreaterThan(100);
        assertThat(refusedAboveTheLimit).as("refusals after a downgrade (the k-th oldest, k > 0) compared").isGreaterThan(10);
    }

    private static KeyValueStore<Bytes, byte[]> rocksDb() {
        try {
            Properties config = new Properties();
            config.put(StreamsConfig.APPLICATION_ID_CONFIG, "quota-store-test");
            config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            MockProcessorContext<Object, Object> context = new MockProcessorContext<>(config, new TaskId(0, 0),
                    Files.createTempDirectory("quota-store").toFile());
            KeyValueStore<Bytes, byte[]> store = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(GateTopology.QUOTA_STORE),
                    Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled().build();
            store.init(context.getStateStoreContext(), store);
            return store;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
