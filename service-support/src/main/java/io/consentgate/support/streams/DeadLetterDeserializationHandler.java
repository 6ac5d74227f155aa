package io.consentgate.support.streams;

import io.consentgate.schemas.serde.SchemaRegistryException;
import io.consentgate.support.DeadLetters;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' handler for a record it cannot read: park it on {@code <topic>-dlt} (Kafka
 * Streams produces it in the same transaction) and go on. A registry outage is not the record's
 * fault: the stream fails, so the record is retried after a restart instead of being parked. A
 * record naming a schema id the registry does not have is the record's fault: it is parked.
 *
 * <p>A global store's thread (e.g. the gate's business-events) has no record collector: Kafka
 * Streams 4.2 fails with a ClassCastException when a handler hands it dead letters there, which
 * killed the whole client. For those records the handler writes the dead letter itself, with its
 * own idempotent producer (acks=all), and waits for the acknowledgement before going on; if the
 * write fails, the stream fails rather than lose the record. Outside a transaction, a global
 * record may be parked again after a restart that re-reads it from an older checkpoint.
 */
public class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);
    private static final Duration GLOBAL_SEND_TIMEOUT = Duration.ofSeconds(30);

    private final Function<Map<String, Object>, Producer<byte[], byte[]>> producers;
    private String service = "unknown";
    private Map<String, Object> producerConfigs = Map.of();
    private Producer<byte[], byte[]> globalProducer;

    public DeadLetterDeserializationHandler() {
        this(configs -> new KafkaProducer<>(configs, new ByteArraySerializer(), new ByteArraySerializer()));
    }

    /** With the producer of global dead letters made by {@code producers} from the producer configs (tests). */
    DeadLetterDeserializationHandler(Function<Map<String, Object>, Producer<byte[], byte[]>> producers) {
        this.producers = producers;
    }

    @Override
    public void configure(Map<String, ?> configs) {
        service = DeadLetters.serviceOf(configs);
        producerConfigs = globalProducerConfigs(configs, service);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        // Only where and what kind: an exception's message may quote the record (a contact, a key), and logs are no place
        // for personal data. The reason is in the dead letter's dlt.reason header, beside the record.
        if (isRegistryOutage(exception)) {
            log.error("Schema registry unavailable while reading {}-{}@{} ({}); stopping so the record is retried",
                    record.topic(), record.partition(), record.offset(), kinds(exception));
            return Response.fail();
        }
        log.warn("Unreadable record {}-{}@{} ({}) sent to {}-dlt (reason in its {} header)",
                record.topic(), record.partition(), record.offset(), kinds(exception), record.topic(), DeadLetters.REASON_HEADER);
        ProducerRecord<byte[], byte[]> deadLetter = DeadLetters.of(record.topic(), record.partition(), record.offset(),
                record.key(), record.value(), record.headers(), exception, service);
        if (isGlobal(context)) {
            return sendFromGlobalThread(deadLetter) ? Response.resume() : Response.fail();
        }
        return Response.resume(List.of(deadLetter));
    }

    /**
     * The registry failing or refusing us, as opposed to a record whose schema id it does not know (the
     * deserializer wraps that one as a SerializationException whose cause says UNKNOWN_SCHEMA).
     */
    static boolean isRegistryOutage(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SchemaRegistryException registry) {
                return registry.reason() != SchemaRegistryException.Reason.UNKNOWN_SCHEMA;
            }
        }
        return false;
    }

    /** The exception's class and its causes' classes, e.g. {@code SerializationException <- SchemaRegistryException}: no message. */
    static String kinds(Throwable exception) {
        StringBuilder kinds = new StringBuilder(exception.getClass().getSimpleName());
        Throwable cause = exception.getCause();
        int depth = 0;
        while (cause != null && depth++ < 5) { // bounded: a cause chain may loop
            kinds.append(" <- ").append(cause.getClass().getSimpleName());
            cause = cause.getCause();
        }
        return kinds.toString();
    }

    /** A global store's task: Kafka Streams gives its context the task id -1_-1. */
    static boolean isGlobal(ErrorHandlerContext context) {
        TaskId task = context == null ? null : context.taskId();
        return task != null && task.subtopology() < 0;
    }

    private synchronized boolean sendFromGlobalThread(ProducerRecord<byte[], byte[]> deadLetter) {
        try {
            if (globalProducer == null) {
                globalProducer = producers.apply(producerConfigs);
            }
            globalProducer.send(deadLetter).get(GLOBAL_SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.error("Could not write the dead letter of a global store's record to {}; stopping so the record is retried: {}",
                    deadLetter.topic(), e.toString());
            return false;
        }
    }

    /** The streams' own producer settings (bootstrap, security, producer.* overrides), idempotent and acks=all. */
    private static Map<String, Object> globalProducerConfigs(Map<String, ?> configs, String service) {
        Map<String, Object> producer = new HashMap<>();
        try {
            producer.putAll(new StreamsConfig(configs).getProducerConfigs(service + "-global-dead-letters"));
        } catch (RuntimeException incomplete) {
            // Configs without what StreamsConfig requires (unit tests): take the bootstrap servers as they are.
            Object bootstrap = configs.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
            if (bootstrap != null) {
                producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            }
        }
        producer.keySet().removeIf(key -> key.startsWith("transactional"));
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
        producer.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
        return Collections.unmodifiableMap(producer);
    }
}
