package io.consentgate.support.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.consentgate.support.web.NotReadyException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;

class KeyOwnerTest {

    private static final String STORE = "contact-state";

    @TempDir
    Path stateDir;

    @Test
    void shouldAnswerNotReadyWhenTheStreamsRefuseTheQueryWithIllegalState() {
        // Given streams that stopped (NOT_RUNNING): Kafka Streams refuses a metadata query with IllegalStateException,
        // as it does when the state changes between a caller's RUNNING check and the query
        KafkaStreams streams = streams();
        streams.close(Duration.ofSeconds(5));
        assertThat(streams.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
        assertThatThrownBy(() -> streams.queryMetadataForKey(STORE, "acme|+34612345678", Serdes.String().serializer()))
                .isExactlyInstanceOf(IllegalStateException.class);

        // When / Then: a 503 with Retry-After, and the key (a phone number) is not quoted
        assertThatThrownBy(() -> KeyOwner.of(streams, STORE, "acme|+34612345678"))
                .isInstanceOfSatisfying(NotReadyException.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                    assertThat(e.retryAfter()).isEqualTo(NotReadyException.RETRY_AFTER);
                    assertThat(e.getMessage()).doesNotContain("+34612345678");
                })
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    private KafkaStreams streams() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.table("contact-events", Consumed.with(Serdes.String(), Serdes.String()), Materialized.as(STORE));
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "key-owner-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return new KafkaStreams(builder.build(), config);
    }
}
