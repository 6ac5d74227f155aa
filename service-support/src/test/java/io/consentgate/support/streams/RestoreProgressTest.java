package io.consentgate.support.streams;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RestoreProgressTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(RestoreProgress.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final RestoreProgress progress = new RestoreProgress("consent-projector");

    @BeforeEach
    void listen() {
        // Its lines are INFO (the tests' console shows WARN and above): catch them here, not on the console.
        lines.start();
        logger.addAppender(lines);
        logger.setLevel(Level.INFO);
        logger.setAdditive(false);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(lines);
        logger.setLevel(null);
        logger.setAdditive(true);
    }

    @Test
    void shouldSayOnceWhatWasRestoredWhenEveryStoreIsDone() {
        // Given two store partitions restoring at once
        TopicPartition state = new TopicPartition("consent-projector-state-changelog", 0);
        TopicPartition history = new TopicPartition("consent-projector-history-changelog", 0);
        progress.onRestoreStart(state, "state", 0, 1_000);
        progress.onRestoreStart(history, "history", 0, 500);
        progress.onBatchRestored(state, "state", 1_000, 1_000);
        progress.onBatchRestored(history, "history", 500, 500);

        // When the first ends, nothing yet; when the second ends, one line
        progress.onRestoreEnd(state, "state", 1_000);
        assertThat(lines.list).isEmpty();
        progress.onRestoreEnd(history, "history", 500);

        // Then
        assertThat(lines.list).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                .matches("consent-projector: restored 1500 records into 2 store partitions in \\d+ ms");
    }

    @Test
    void shouldCountAgainForTheNextRestore() {
        // Given a restore that was suspended (its partition moved away) and a later one
        TopicPartition state = new TopicPartition("consent-projector-state-changelog", 1);
        progress.onRestoreStart(state, "state", 0, 100);
        progress.onBatchRestored(state, "state", 40, 40);
        progress.onRestoreSuspended(state, "state", 40);
        progress.onRestoreStart(state, "state", 40, 100);
        progress.onBatchRestored(state, "state", 100, 60);

        // When
        progress.onRestoreEnd(state, "state", 60);

        // Then each restore is reported on its own
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
                .hasSize(2)
                .allMatch(line -> line.startsWith("consent-projector: restored "))
                .anyMatch(line -> line.contains("restored 40 records into 1 store partitions"))
                .anyMatch(line -> line.contains("restored 60 records into 1 store partitions"));
    }
}
