package io.consentgate.projector;

import io.consentgate.support.streams.DeadLetterDeserializationHandler;
import io.consentgate.support.streams.DeadLetterProcessingHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Runs the projector's topology. It starts once the web server listens, because the instance
 * advertises its own host and port ({@code application.server}) so that other instances can
 * forward queries to it; it closes with the application. A failure it cannot handle stops it
 * (Kafka Streams' default), and the health endpoint then says DOWN so the platform restarts it.
 * Kafka Streams' own metrics (lag among them) are bound to Micrometer.
 */
public class ProjectorStreams implements ApplicationListener<WebServerInitializedEvent>, DisposableBean {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final Topology topology;
    private final Map<String, Object> streamsProperties;
    private final String advertisedHost;
    private final MeterRegistry registry;
    private volatile KafkaStreams streams;
    private volatile KafkaStreamsMetrics metrics;
    private volatile HostInfo self;

    /**
     * @param streamsProperties Boot's {@code spring.kafka.streams.*} (application id, state dir, processing guarantee…)
     */
    public ProjectorStreams(Topology topology, Map<String, Object> streamsProperties, String advertisedHost, MeterRegistry registry) {
        this.topology = topology;
        this.streamsProperties = Map.copyOf(streamsProperties);
        this.advertisedHost = advertisedHost;
        this.registry = registry;
    }

    @Override
    public synchronized void onApplicationEvent(WebServerInitializedEvent event) {
        if (streams != null || event.getApplicationContext().getServerNamespace() != null) {
            return; // started already, or this is a separate management server's port
        }
        self = new HostInfo(advertisedHost, event.getWebServer().getPort());
        Map<String, Object> properties = new HashMap<>(streamsProperties);
        properties.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        properties.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class.getName());
        properties.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class.getName());
        Properties config = new Properties();
        config.putAll(properties);
        streams = new KafkaStreams(topology, config);
        metrics = new KafkaStreamsMetrics(streams);
        metrics.bindTo(registry);
        streams.start();
    }

    /** The running streams, or null before the web server started. */
    public KafkaStreams streams() {
        return streams;
    }

    /** How other instances reach this one. */
    public HostInfo self() {
        return self;
    }

    @Override
    public void destroy() {
        KafkaStreams running = streams;
        if (running != null) {
            // Leave the group, so the other instances take this one's partitions at once, not after the session timeout.
            running.close(CloseOptions.timeout(CLOSE_TIMEOUT).withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            metrics.close();
        }
    }
}
