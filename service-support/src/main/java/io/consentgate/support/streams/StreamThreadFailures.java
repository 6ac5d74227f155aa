package io.consentgate.support.streams;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.common.errors.InvalidPidMappingException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TransactionAbortedException;
import org.apache.kafka.common.errors.UnknownProducerIdException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * What a stream thread's uncaught failure costs. A Kafka transaction ended under the thread by the brokers (its
 * coordinator moved in a broker outage and answered INVALID_TXN_STATE, the transaction timed out meanwhile) or a
 * retriable error that outlived the client's own retries is transient: under exactly-once nothing of the open
 * transaction is visible, and a new thread resumes its tasks from the last commit. Such a thread is replaced, up to
 * {@value #REPLACEMENTS} times in {@link #WINDOW}, so that the instance rides out the outage instead of waiting for a
 * restart and a full restore. Anything else (a bug, a record too large, an authorisation error), or transient failures
 * that keep coming, shuts the client down: liveness fails and the platform restarts the instance.
 */
final class StreamThreadFailures {

    static final int REPLACEMENTS = 5;
    static final Duration WINDOW = Duration.ofMinutes(10);

    private final Clock clock;
    private final Deque<Instant> replacedAt = new ArrayDeque<>();

    StreamThreadFailures(Clock clock) {
        this.clock = clock;
    }

    synchronized StreamThreadExceptionResponse respond(Throwable failure) {
        if (!transientKafkaFailure(failure)) {
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        Instant now = clock.instant();
        while (!replacedAt.isEmpty() && !replacedAt.peekFirst().isAfter(now.minus(WINDOW))) {
            replacedAt.removeFirst();
        }
        if (replacedAt.size() >= REPLACEMENTS) {
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        replacedAt.addLast(now);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    static boolean transientKafkaFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof InvalidTxnStateException || cause instanceof InvalidPidMappingException
                    || cause instanceof UnknownProducerIdException || cause instanceof InvalidProducerEpochException
                    || cause instanceof ProducerFencedException || cause instanceof TransactionAbortedException
                    || cause instanceof RetriableException) {
                return true;
            }
        }
        return false;
    }
}
