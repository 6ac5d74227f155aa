package io.consentgate.projector;

import io.consentgate.support.streams.ManagedStreams;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
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
 * forward queries to it; it closes with the application. The life itself (the dead-letter handlers,
 * metrics, restore progress, a failure stopping the client so that health says DOWN and the platform
 * restarts it, leaving the group on close) is service-support's {@link ManagedStreams}.
 */
public class ProjectorStreams implements ApplicationListener<WebServerInitializedEvent>, DisposableBean {

    private final ManagedStreams managed;
    private final Map<String, Object> streamsProperties;
    private final String advertisedHost;
    private volatile HostInfo self;

    /**
     * @param streamsProperties Boot's {@code spring.kafka.streams.*} (application id, state dir, processing guarantee…)
     */
    public ProjectorStreams(Topology topology, Map<String, Object> streamsProperties, String advertisedHost, MeterRegistry registry) {
        this.managed = new ManagedStreams("consent-projector", topology, registry);
        this.streamsProperties = Map.copyOf(streamsProperties);
        this.advertisedHost = advertisedHost;
    }

    @Override
    public synchronized void onApplicationEvent(WebServerInitializedEvent event) {
        if (managed.isStarted() || event.getApplicationContext().getServerNamespace() != null) {
            return; // started already, or this is a separate management server's port
        }
        self = new HostInfo(advertisedHost, event.getWebServer().getPort());
        Map<String, Object> properties = new HashMap<>(streamsProperties);
        properties.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        managed.start(properties);
    }

    /** The running streams, or null before the web server started. */
    public KafkaStreams streams() {
        return managed.streams();
    }

    /** For the probes. */
    public ManagedStreams managed() {
        return managed;
    }

    /** How other instances reach this one. */
    public HostInfo self() {
        return self;
    }

    @Override
    public void destroy() {
        managed.close();
    }
}
