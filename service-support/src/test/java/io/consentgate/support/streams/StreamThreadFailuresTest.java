package io.consentgate.support.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class StreamThreadFailuresTest {

    private static final Instant START = Instant.parse("2026-12-07T03:00:00Z");

    /** As Kafka Streams hands it over when a coordinator moved in a broker outage (fault suite, cluster-minisr). */
    private static StreamsException transactionEndedByTheBrokers() {
        return new StreamsException("Error encountered trying to commit a transaction",
                new InvalidTxnStateException("The producer attempted a transactional operation in an invalid state."));
    }

    @Test
    void shouldReplaceAThreadWhoseTransactionTheBrokersEnded() {
        StreamThreadFailures failures = new StreamThreadFailures(Clock.fixed(START, ZoneOffset.UTC));

        assertThat(failures.respond(transactionEndedByTheBrokers())).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(failures.respond(new StreamsException(new TimeoutException("commit timed out"))))
                .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }

    @Test
    void shouldShutDownOnAnythingElse() {
        StreamThreadFailures failures = new StreamThreadFailures(Clock.fixed(START, ZoneOffset.UTC));

        assertThat(failures.respond(new IllegalStateException("a bug"))).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(failures.respond(new StreamsException(new RecordTooLargeException("2 MB"))))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    @Test
    void shouldShutDownWhenTransientFailuresKeepComingAndReplaceAgainOnceTheyAreOld() {
        MutableClock clock = new MutableClock(START);
        StreamThreadFailures failures = new StreamThreadFailures(clock);
        for (int i = 0; i < StreamThreadFailures.REPLACEMENTS; i++) {
            assertThat(failures.respond(transactionEndedByTheBrokers())).as("failure %d", i).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(failures.respond(transactionEndedByTheBrokers())).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        clock.advance(StreamThreadFailures.WINDOW.minus(Duration.ofSeconds(3)));
        assertThat(failures.respond(transactionEndedByTheBrokers())).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }
}
