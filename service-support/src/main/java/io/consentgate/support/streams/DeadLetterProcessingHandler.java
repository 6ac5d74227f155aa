package io.consentgate.support.streams;

import io.consentgate.support.DeadLetters;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' handler for a record a service read but cannot apply: an
 * {@link UnprocessableRecordException} parks the original bytes on {@code <topic>-dlt} (in the same
 * transaction) and processing goes on; anything else is a bug or an outage, and stops the stream
 * so that the record is retried after a restart instead of being lost.
 */
public class DeadLetterProcessingHandler implements ProcessingExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);

    private String service = "unknown";

    @Override
    public void configure(Map<String, ?> configs) {
        service = DeadLetters.serviceOf(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (!(exception instanceof UnprocessableRecordException)) {
            return Response.fail();
        }
        // Not the reason itself: it may quote the record's contact, and logs are no place for personal data. It is in the
        // dead letter's dlt.reason header, beside the record, where access is the topic's.
        log.warn("Unprocessable record {}-{}@{} sent to {}-dlt (reason in its {} header)",
                context.topic(), context.partition(), context.offset(), context.topic(), DeadLetters.REASON_HEADER);
        return Response.resume(List.of(DeadLetters.of(context.topic(), context.partition(), context.offset(),
                context.sourceRawKey(), context.sourceRawValue(), context.headers(), exception, service)));
    }
}
