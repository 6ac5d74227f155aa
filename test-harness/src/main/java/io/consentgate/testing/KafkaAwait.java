package io.consentgate.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Waits for records to arrive. Tests share the topics of the shared broker, so they pick their own
 * records out by key (every test uses keys of its own).
 */
public final class KafkaAwait {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    /** Polls until {@code count} records with {@code key} have arrived and returns them in offset order. */
    public static <V> List<ConsumerRecord<String, V>> recordsWithKey(Consumer<String, V> consumer, String key, int count) {
        List<ConsumerRecord<String, V>> found = new ArrayList<>();
        await("%d record(s) with key %s".formatted(count, key))
                .atMost(DEFAULT_TIMEOUT)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(10))
                .until(() -> {
                    consumer.poll(Duration.ofMillis(100)).forEach(record -> {
                        if (key.equals(record.key())) {
                            found.add(record);
                        }
                    });
                    return found.size() >= count;
                });
        return found;
    }

    /** The one record with {@code key}. */
    public static <V> ConsumerRecord<String, V> recordWithKey(Consumer<String, V> consumer, String key) {
        return recordsWithKey(consumer, key, 1).getFirst();
    }

    private KafkaAwait() {
    }
}
