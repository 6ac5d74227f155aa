package io.consentgate.gate.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.avro.MessagingTier;
import io.consentgate.domain.quota.BusinessQuota;
import io.consentgate.domain.quota.QuotaOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Arrays;
import java.util.Properties;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Measures, does not assert, the cost of one admission in the quota's RocksDB store, before issue 17 (the whole count
 * in one value) and after (a few records per contact), with 1,000 and 50,000 contacts counted. The store has no
 * changelog here (a MockProcessorContext has none): in the gate, the changelog adds what each admission writes
 * (printed) once more, to the producer. Run:
 * {@code ./mvnw -o -q -pl send-gate -am test -Dtest=QuotaAdmissionCostTest -Dconsentgate.quota-cost=true -Dsurefire.failIfNoSpecifiedTests=false}
 */
@EnabledIfSystemProperty(named = "consentgate.quota-cost", matches = "true")
class QuotaAdmissionCostTest {

    private static final String BUSINESS = "acme-retail";
    private static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");
    private static final int WARM_UP = 200;
    private static final int MEASURED = 500;

    @ParameterizedTest(name = "{0} with {1} counted")
    @CsvSource({"one value, 1000", "one value, 50000", "per contact, 1000", "per contact, 50000"})
    void shouldPrintTheCostOfOneAdmission(String layout, int counted) throws IOException {
        KeyValueStore<Bytes, byte[]> store = rocksDb();
        try {
            Admission admission = layout.equals("one value") ? new OneValue(store) : new PerContact(store);
            admission.fill(counted);
            int next = counted;
            for (int i = 0; i < WARM_UP; i++) {
                admission.admit(next++);
            }
            long[] nanos = new long[MEASURED];
            for (int i = 0; i < MEASURED; i++) {
                long start = System.nanoTime();
                QuotaOutcome outcome = admission.admit(next++);
                nanos[i] = System.nanoTime() - start;
                assertThat(outcome).isEqualTo(new QuotaOutcome.Admitted(true));
            }
            Arrays.sort(nanos);
            System.out.printf("quota admission cost, %s, %d counted: median %.1f µs, p90 %.1f µs; bytes the last admission wrote: %d%n",
                    layout, counted, nanos[MEASURED / 2] / 1000.0, nanos[MEASURED * 9 / 10] / 1000.0, admission.bytesWritten());
        } finally {
            store.close();
        }
    }

    @ParameterizedTest(name = "{0} expiring at once")
    @CsvSource({"1000", "50000"})
    void shouldPrintTheCostOfTheAdmissionThatForgetsAQuietDay(int counted) throws IOException {
        KeyValueStore<Bytes, byte[]> store = rocksDb();
        try {
            PerContact admission = new PerContact(store);
            admission.fill(counted);
            Instant dayLater = T0.plus(BusinessQuota.MOVING_WINDOW).plusMillis(counted);
            long start = System.nanoTime();
            QuotaOutcome outcome = BusinessQuota.over(StoredCountedContacts.of(store, BUSINESS)).admit(contact(counted), MessagingTier.TIER_100K, dayLater);
            long nanos = System.nanoTime() - start;
            assertThat(outcome).isEqualTo(new QuotaOutcome.Admitted(true));
            assertThat(StoredCountedContacts.of(store, BUSINESS).size()).isEqualTo(1);
            System.out.printf("quota admission cost, per contact, %d counted a day before, all forgotten by one admission: %.1f ms%n", counted, nanos / 1e6);
        } finally {
            store.close();
        }
    }

    private static KeyValueStore<Bytes, byte[]> rocksDb() throws IOException {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>(config(), new TaskId(0, 0), Files.createTempDirectory("quota-cost").toFile());
        KeyValueStore<Bytes, byte[]> store = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(GateTopology.QUOTA_STORE),
                org.apache.kafka.common.serialization.Serdes.Bytes(), org.apache.kafka.common.serialization.Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    /** Admits contact number {@code index}, counted at T0 + index ms (nothing leaves the 24 h while measuring). */
    private interface Admission {
        QuotaOutcome admit(int index);

        void fill(int counted);

        int bytesWritten();
    }

    private record OneValue(KeyValueStore<Bytes, byte[]> store) implements Admission {
        private static final Bytes KEY = Bytes.wrap(BUSINESS.getBytes(java.nio.charset.StandardCharsets.UTF_8));

        @Override
        public void fill(int counted) {
            BusinessQuota quota = BusinessQuota.empty();
            for (int i = 0; i < counted; i++) {
                quota.admit(contact(i), MessagingTier.TIER_100K, T0.plusMillis(i));
            }
            store.put(KEY, quota.toBytes());
        }

        /** What the gate's processor did before issue 17: read, decode, admit, encode, write. */
        @Override
        public QuotaOutcome admit(int index) {
            byte[] stored = store.get(KEY);
            BusinessQuota quota = stored == null ? BusinessQuota.empty() : BusinessQuota.fromBytes(stored);
            QuotaOutcome outcome = quota.admit(contact(index), MessagingTier.TIER_100K, T0.plusMillis(index));
            if (outcome instanceof QuotaOutcome.Admitted admitted && admitted.counted()) {
                store.put(KEY, quota.toBytes());
            }
            return outcome;
        }

        @Override
        public int bytesWritten() {
            return KEY.get().length + store.get(KEY).length;
        }
    }

    private record PerContact(KeyValueStore<Bytes, byte[]> store) implements Admission {

        @Override
        public void fill(int counted) {
            for (int i = 0; i < counted; i++) {
                admit(i);
            }
        }

        /** What the gate's processor does now. */
        @Override
        public QuotaOutcome admit(int index) {
            return BusinessQuota.over(StoredCountedContacts.of(store, BUSINESS)).admit(contact(index), MessagingTier.TIER_100K, T0.plusMillis(index));
        }

        /** A counted contact: its record, its time-index record, the summary. */
        @Override
        public int bytesWritten() {
            QuotaStoreKeys keys = new QuotaStoreKeys(BUSINESS);
            return keys.contact(contact(0)).get().length + Long.BYTES + keys.byTime(0, contact(0)).get().length
                    + keys.summary().get().length + store.get(keys.summary()).length;
        }
    }

    private static String contact(int index) {
        return String.format("+346%08d", index);
    }

    private static Properties config() {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "quota-cost");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return config;
    }
}
