package io.consentgate.support.streams;

import io.consentgate.schemas.serde.SchemaRegistryException;
import io.consentgate.support.DeadLetters;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' handler for a record it cannot read: park it on {@code <topic>-dlt} (Kafka
 * Streams produces it in the same transaction) and go on. A registry outage is not the record's
 * fault: the stream fails, so the record is retried after a restart instead of being parked.
 */
public class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

    private String service = "unknown";

    @Override
    public void configure(Map<String, ?> configs) {
        service = DeadLetters.serviceOf(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof SchemaRegistryException || exception.getCause() instanceof SchemaRegistryException) {
            log.error("Schema registry unavailable while reading {}-{}@{}; stopping so the record is retried: {}",
                    record.topic(), record.partition(), record.offset(), exception.getMessage());
            return Response.fail();
        }
        log.warn("Unreadable record {}-{}@{} sent to {}-dlt: {}",
                record.topic(), record.partition(), record.offset(), record.topic(), exception.getMessage());
        return Response.resume(List.of(DeadLetters.of(record.topic(), record.partition(), record.offset(),
                record.key(), record.value(), record.headers(), exception, service)));
    }
}
