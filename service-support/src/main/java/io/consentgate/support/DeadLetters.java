package io.consentgate.support;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds the dead-letter record of a record that could not be read: the original key and value
 * bytes untouched, on {@code <topic>-dlt}, with headers that say where it came from and why.
 * Counts each one as {@code consentgate_dead_letters_total{topic, service}}, from zero for the topics a service
 * reads ({@link #countFromZero}), so that a dashboard shows 0 rather than nothing and the first dead letter is an
 * increase.
 */
public final class DeadLetters {

    public static final String TOPIC_HEADER = "dlt.topic";
    public static final String PARTITION_HEADER = "dlt.partition";
    public static final String OFFSET_HEADER = "dlt.offset";
    public static final String REASON_HEADER = "dlt.reason";
    public static final String EXCEPTION_HEADER = "dlt.exception";
    public static final String SERVICE_HEADER = "dlt.service";
    public static final String METRIC = "consentgate.dead.letters";

    private static final int MAX_REASON_LENGTH = 2_000;

    private DeadLetters() {
    }

    /**
     * @param original the record's own headers, kept so that tracing and correlation survive
     */
    public static ProducerRecord<byte[], byte[]> of(String topic, int partition, long offset, byte[] key, byte[] value,
                                                    Headers original, Throwable reason, String service) {
        RecordHeaders headers = new RecordHeaders();
        if (original != null) {
            original.forEach(headers::add);
        }
        headers.add(TOPIC_HEADER, utf8(topic));
        headers.add(PARTITION_HEADER, utf8(Integer.toString(partition)));
        headers.add(OFFSET_HEADER, utf8(Long.toString(offset)));
        headers.add(REASON_HEADER, utf8(describe(reason)));
        headers.add(EXCEPTION_HEADER, utf8(reason.getClass().getName()));
        headers.add(SERVICE_HEADER, utf8(service));
        counter(topic, service).increment();
        return new ProducerRecord<>(topic + "-dlt", null, key, value, headers);
    }

    /** Registers the count of each of {@code topics} for {@code service} at zero (before anything was dead-lettered). */
    public static void countFromZero(String service, Collection<String> topics) {
        topics.forEach(topic -> counter(topic, service));
    }

    private static Counter counter(String topic, String service) {
        return Metrics.counter(METRIC, "topic", topic, "service", service);
    }

    /** The service named in a Kafka Streams handler's configs: its application id. */
    public static String serviceOf(Map<String, ?> streamsConfigs) {
        Object applicationId = streamsConfigs.get("application.id");
        return applicationId == null ? "unknown" : applicationId.toString();
    }

    /** The exception's message with its causes, bounded: headers are not a place for stack traces. */
    static String describe(Throwable reason) {
        StringBuilder text = new StringBuilder(String.valueOf(reason.getMessage()));
        for (Throwable cause = reason.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            text.append(" <- ").append(cause.getMessage());
        }
        return text.length() > MAX_REASON_LENGTH ? text.substring(0, MAX_REASON_LENGTH) : text.toString();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
