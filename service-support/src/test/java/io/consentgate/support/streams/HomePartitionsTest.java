package io.consentgate.support.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class HomePartitionsTest {

    @Test
    void shouldPickThePartitionJavasProducerPicksForAKey() {
        // Given keys of contacts, and the Java producer's own partitioner for a keyed record
        List<String> keys = IntStream.range(0, 500).mapToObj(i -> "acme-retail|+346" + String.format("%08d", i)).toList();

        // When / Then
        for (int partitions : new int[] {1, 3, 12}) {
            for (String key : keys) {
                assertThat(HomePartitions.of(key, partitions))
                        .isEqualTo(BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), partitions));
            }
        }
    }

    @Test
    void shouldRefuseATopicWithoutPartitions() {
        assertThatThrownBy(() -> HomePartitions.of("acme-retail|+34612345678", 0)).hasMessageContaining("at least one partition");
    }

    @Test
    void shouldCountEachMisroutedRecordFromZeroAndLogOncePerPartitionAndMinute() {
        // Given
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicLong now = new AtomicLong(1_000_000);
        MisroutedRecords misrouted = new MisroutedRecords(registry, "send-gate", List.of("contact-events", "outbound-requests"), now::get);
        assertThat(count(registry, "outbound-requests")).isZero();

        // When
        misrouted.rerouted("contact-events", 2, 10, 1);
        misrouted.rerouted("contact-events", 2, 11, 0);
        now.addAndGet(MisroutedRecords.LOG_EVERY.toMillis());
        misrouted.rerouted("contact-events", 2, 12, 1);

        // Then
        assertThat(count(registry, "contact-events")).isEqualTo(3);
        assertThat(count(registry, "outbound-requests")).isZero();
    }

    private static double count(SimpleMeterRegistry registry, String topic) {
        return registry.get(MisroutedRecords.METRIC).tags("topic", topic, "service", "send-gate").counter().count();
    }
}
