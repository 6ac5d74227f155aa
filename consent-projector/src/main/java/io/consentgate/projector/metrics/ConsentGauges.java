package io.consentgate.projector.metrics;

import io.consentgate.avro.MessageCategory;
import io.consentgate.domain.state.ConsentStanding;
import io.consentgate.domain.state.ContactFacts;
import io.consentgate.domain.state.SenderRelation;
import io.consentgate.projector.ProjectorProperties;
import io.consentgate.projector.query.ContactStore;
import io.consentgate.support.web.NotReadyException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Gauges of this instance's partitions, recounted in the background every
 * {@code consentgate.projector.gauge-refresh} (a scrape only reads the last count):
 * {@code consentgate_projector_contacts_opted_in{business,category}} (may receive the category now)
 * and {@code consentgate_projector_windows_open{business}} (open customer service windows).
 * A recount, unlike counts kept by the processor, follows expiries and windows closing with time,
 * and is right again after every rebalance. Sum over instances in Prometheus.
 */
@Component
public class ConsentGauges implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ConsentGauges.class);
    private static final List<MessageCategory> CATEGORIES =
            List.of(MessageCategory.MARKETING, MessageCategory.UTILITY, MessageCategory.AUTHENTICATION);

    private final ContactStore store;
    private final Clock clock;
    private final ProjectorProperties properties;
    private final MultiGauge optedIn;
    private final MultiGauge openWindows;
    private final ScheduledExecutorService recounter = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("consent-gauges").daemon().factory());

    public ConsentGauges(ContactStore store, Clock clock, ProjectorProperties properties, MeterRegistry registry) {
        this.store = store;
        this.clock = clock;
        this.properties = properties;
        this.optedIn = MultiGauge.builder("consentgate.projector.contacts.opted.in")
                .description("Contacts who may receive the category now, per business (this instance's partitions)")
                .register(registry);
        this.openWindows = MultiGauge.builder("consentgate.projector.windows.open")
                .description("Open customer service windows, per business (this instance's partitions)")
                .register(registry);
    }

    @Override
    public void afterPropertiesSet() {
        long every = properties.gaugeRefresh().toMillis();
        recounter.scheduleWithFixedDelay(this::recount, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Counts every person of this instance's active partitions once (also called by tests, to read a count at a known
     * point). @return false when the stores could not be read (not running, or a rebalance moved a partition): the gauges
     * keep the last count
     */
    public boolean recount() {
        if (!store.isRunning()) {
            return false;
        }
        Instant now = clock.instant();
        Map<String, long[]> optedInByBusiness = new HashMap<>();
        Map<String, Long> windowsByBusiness = new HashMap<>();
        try {
            store.forEachLocalState(state -> count(state, now, optedInByBusiness, windowsByBusiness));
        } catch (NotReadyException e) {
            log.debug("Gauges not recounted: {}", e.getMessage());
            return false;
        }
        List<MultiGauge.Row<?>> optedInRows = new ArrayList<>();
        optedInByBusiness.forEach((business, counts) -> {
            for (int i = 0; i < CATEGORIES.size(); i++) {
                optedInRows.add(MultiGauge.Row.of(Tags.of("business", business, "category", CATEGORIES.get(i).name()), counts[i]));
            }
        });
        optedIn.register(optedInRows, true);
        List<MultiGauge.Row<?>> windowRows = new ArrayList<>();
        windowsByBusiness.forEach((business, count) -> windowRows.add(MultiGauge.Row.of(Tags.of("business", business), count)));
        openWindows.register(windowRows, true);
        return true;
    }

    private static void count(ContactFacts state, Instant now, Map<String, long[]> optedIn, Map<String, Long> windows) {
        if (state.isErased()) {
            return;
        }
        long[] counts = optedIn.computeIfAbsent(state.businessId(), business -> new long[CATEGORIES.size()]);
        for (int i = 0; i < CATEGORIES.size(); i++) {
            if (state.standingFor(CATEGORIES.get(i), null, now) instanceof ConsentStanding.Granted) {
                counts[i]++;
            }
        }
        long open = state.senders().values().stream()
                .map(SenderRelation::windowClosesAt)
                .filter(closes -> closes != null && now.isBefore(closes))
                .count();
        windows.merge(state.businessId(), open, Long::sum);
    }

    @Override
    public void destroy() {
        recounter.shutdownNow();
    }
}
