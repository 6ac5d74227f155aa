package io.consentgate.support.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

class ManagedStreamsTest {

    @Test
    void shouldGiveEveryServiceTheDeadLetterHandlers() {
        // Given a service's own streams settings, which name no handler
        Map<String, Object> config = Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "send-gate");

        // When
        Map<String, Object> started = ManagedStreams.withDeadLetterHandlers("send-gate", config);

        // Then
        assertThat(started).containsEntry(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class)
                .containsEntry(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class)
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "send-gate");
    }

    @Test
    void shouldAcceptTheSameHandlerNamedInTheSettings() {
        // Given a deployment that still names the handler, as the gate's properties once did
        Map<String, Object> config = Map.of(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class.getName());

        // When / Then
        assertThat(ManagedStreams.withDeadLetterHandlers("send-gate", config))
                .containsEntry(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
    }

    @Test
    void shouldRefuseAnotherHandlerNamingTheSettingToRemove() {
        // Given a handler that would drop unreadable records instead of parking them
        Map<String, Object> config = Map.of(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class.getName());

        // When / Then
        assertThatThrownBy(() -> ManagedStreams.withDeadLetterHandlers("consent-projector", config))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("consent-projector")
                .hasMessageContaining("remove spring.kafka.streams.properties." + StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG);
    }

    @Test
    void shouldBoundStreamsOwnAdminCallsUnlessTheDeploymentSetsThem() {
        // Given one deployment that sets nothing and one that sets its own call timeout
        String callTimeout = StreamsConfig.adminClientPrefix(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG);
        String requestTimeout = StreamsConfig.adminClientPrefix(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG);

        // When / Then: a call gives up after 15 s (not 60 s), and a deployment's own value stands
        assertThat(ManagedStreams.withAdminTimeouts(Map.of()))
                .containsEntry(callTimeout, 15_000).containsEntry(requestTimeout, 5_000);
        assertThat(ManagedStreams.withAdminTimeouts(Map.of(callTimeout, "30000")))
                .containsEntry(callTimeout, "30000").containsEntry(requestTimeout, 5_000);
    }

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
