package io.consentgate.support.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
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
}
