package io.consentgate.gate.app;

import io.consentgate.avro.QualityRating;
import io.consentgate.avro.SenderStatus;
import io.consentgate.domain.business.SenderState;
import io.consentgate.gate.topology.BusinessStates;
import io.consentgate.gate.topology.GateTopology;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sender health for dashboards and alerts: {@code consentgate_sender_quality{business,sender,rating}} and
 * {@code consentgate_sender_status{business,sender,status}}, one series per possible rating or status, 1 for
 * the current one and 0 for the others. Values are read from the global store
 * {@value GateTopology#BUSINESS_STATE_STORE} on each scrape (one key lookup per series); which senders
 * exist is looked up every {@link #DISCOVERY_INTERVAL}, so a new sender appears within that time.
 */
final class SenderHealthMetrics implements AutoCloseable {

    static final Duration DISCOVERY_INTERVAL = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(SenderHealthMetrics.class);

    private final GateStreams streams;
    private final MultiGauge quality;
    private final MultiGauge status;
    private final ScheduledExecutorService discovery;

    SenderHealthMetrics(MeterRegistry registry, GateStreams streams) {
        this.streams = streams;
        this.quality = MultiGauge.builder("consentgate.sender.quality")
                .description("1 for the sender's current quality rating (Meta's), 0 for the others").register(registry);
        this.status = MultiGauge.builder("consentgate.sender.status")
                .description("1 for the sender's current status (Meta's), 0 for the others").register(registry);
        this.discovery = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "send-gate-sender-discovery");
            thread.setDaemon(true);
            return thread;
        });
        discovery.scheduleWithFixedDelay(this::discoverSenders, 0, DISCOVERY_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Looks up which senders exist (also called by tests, instead of waiting for the next discovery). */
    void discoverSenders() {
        List<SenderState> senders;
        try {
            senders = businessStates().senders();
        } catch (RuntimeException notYet) { // not RUNNING yet, a rebalance: the next discovery will find them (and must run)
            log.debug("Sender discovery skipped: {}", notYet.toString());
            return;
        }
        List<MultiGauge.Row<?>> qualityRows = new ArrayList<>();
        List<MultiGauge.Row<?>> statusRows = new ArrayList<>();
        for (SenderState sender : senders) {
            Tags tags = Tags.of("business", sender.businessId(), "sender", sender.senderId());
            for (QualityRating rating : QualityRating.values()) {
                qualityRows.add(MultiGauge.Row.of(tags.and("rating", rating.name()), () -> current(sender, SenderState::quality, rating)));
            }
            for (SenderStatus each : SenderStatus.values()) {
                statusRows.add(MultiGauge.Row.of(tags.and("status", each.name()), () -> current(sender, SenderState::status, each)));
            }
        }
        quality.register(qualityRows, true);
        status.register(statusRows, true);
    }

    private <T> double current(SenderState sender, Function<SenderState, T> field, T value) {
        try {
            SenderState now = businessStates().sender(sender.businessId(), sender.senderId());
            return now != null && field.apply(now) == value ? 1 : 0;
        } catch (InvalidStateStoreException | IllegalStateException notQueryable) {
            log.debug("Sender health not readable right now: {}", notQueryable.getMessage());
            return Double.NaN;
        }
    }

    private BusinessStates businessStates() {
        KafkaStreams running = streams.streams();
        return new BusinessStates(running.store(StoreQueryParameters.fromNameAndType(GateTopology.BUSINESS_STATE_STORE,
                QueryableStoreTypes.<String, byte[]>keyValueStore())));
    }

    @Override
    public void close() {
        discovery.shutdownNow();
    }
}
