package io.consentgate.faults;

import io.consentgate.support.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Bytes in, bytes out: a producer that writes keys and values exactly as given (poison must reach the broker as it
 * was built), and the dead letters of a topic as they are on the wire, with their headers.
 */
final class DeadLetterReader {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private DeadLetterReader() {
    }

    /** One dead letter: where it says the original was, why, which service parked it, and the bytes it carries. */
    record DeadLetter(String service, String topic, int partition, long offset, String reason, byte[] key, byte[] value) {
    }

    /** Idempotent, acks=all, as any producer of the contract; large enough for a record just under the broker's 1 MB. */
    static Producer<byte[], byte[]> rawProducer(String bootstrapServers) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_048_576),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    static List<DeadLetter> deadLetters(String bootstrapServers, String deadLetterTopic) {
        return TopicReader.readAllRaw(bootstrapServers, deadLetterTopic, READ_TIMEOUT).stream()
                .map(record -> new DeadLetter(header(record, DeadLetters.SERVICE_HEADER), header(record, DeadLetters.TOPIC_HEADER),
                        parseInt(header(record, DeadLetters.PARTITION_HEADER)), parseLong(header(record, DeadLetters.OFFSET_HEADER)),
                        header(record, DeadLetters.REASON_HEADER), record.key(), record.value()))
                .toList();
    }

    /** The last value of a header as UTF-8, or null. */
    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static int parseInt(String text) {
        try {
            return text == null ? -1 : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long parseLong(String text) {
        try {
            return text == null ? -1 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
