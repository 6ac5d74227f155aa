package io.consentgate.support.streams;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

class ManagedStreamsTest {

    @Test
    void shouldNameTheContractTopicsATopologyReadsForItsDeadLetterCounts() {
        // Given a topology reading two contract topics (one into a global store), a topic outside the contract,
        // and its own repartition topic
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("contact-events", Consumed.with(Serdes.String(), Serdes.String()))
                .repartition(Repartitioned.as("by-contact"))
                .foreach((key, value) -> { });
        builder.globalTable("business-events", Consumed.with(Serdes.String(), Serdes.String()),
                Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as("businesses"));
        builder.stream("someone-elses-topic", Consumed.with(Serdes.String(), Serdes.String())).foreach((key, value) -> { });

        // When
        var topics = ManagedStreams.contractTopicsReadBy(builder.build());

        // Then
        assertThat(topics).containsExactly("business-events", "contact-events");
    }
}
