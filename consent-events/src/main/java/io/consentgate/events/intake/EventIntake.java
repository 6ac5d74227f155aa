package io.consentgate.events.intake;

import io.consentgate.events.EventsProperties;
import io.consentgate.events.publisher.BusinessFact;
import io.consentgate.events.publisher.ConsentEventPublisher;
import io.consentgate.events.publisher.ContactFact;
import io.consentgate.events.publisher.Published;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Publishes a batch of facts and returns only once Kafka has acknowledged every one of them; otherwise
 * throws {@link KafkaUnavailableException}, which the API answers with 503 and Retry-After. A caller
 * told "recorded" can rely on it: every event it was told about is on its topic.
 */
@Service
public class EventIntake {

    private static final Logger log = LoggerFactory.getLogger(EventIntake.class);

    private final ConsentEventPublisher publisher;
    private final IntakeMetrics metrics;
    private final EventsProperties properties;

    public EventIntake(ConsentEventPublisher publisher, IntakeMetrics metrics, EventsProperties properties) {
        this.publisher = publisher;
        this.metrics = metrics;
        this.properties = properties;
    }

    /** Starts the sends of a batch; {@link Batch#awaitAcknowledged()} waits for all of them. */
    public Batch batch() {
        return new Batch();
    }

    public List<Published> publishAll(List<ContactFact> contactFacts, List<BusinessFact> businessFacts) {
        Batch batch = batch();
        contactFacts.forEach(batch::add);
        businessFacts.forEach(batch::add);
        return batch.awaitAcknowledged();
    }

    public final class Batch {

        private final List<CompletableFuture<Published>> sends = new ArrayList<>();

        public void add(ContactFact fact) {
            sends.add(timed(() -> publisher.publish(fact)));
        }

        public void add(BusinessFact fact) {
            sends.add(timed(() -> publisher.publish(fact)));
        }

        public List<Published> awaitAcknowledged() {
            try {
                CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                        .get(properties.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw unavailable(e.getCause());
            } catch (TimeoutException e) {
                throw unavailable(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unavailable(e);
            }
            return sends.stream().map(CompletableFuture::join).toList();
        }

        private CompletableFuture<Published> timed(Supplier<CompletableFuture<Published>> send) {
            long start = System.nanoTime();
            return send.get().whenComplete((published, failure) -> {
                if (published != null) {
                    metrics.published(published.type(), Duration.ofNanos(System.nanoTime() - start));
                }
            });
        }

        private KafkaUnavailableException unavailable(Throwable cause) {
            log.warn("Kafka did not acknowledge a batch of {} event(s): {}", sends.size(), cause.toString());
            return new KafkaUnavailableException("Kafka did not acknowledge the event(s) in time, so nothing is reported as "
                    + "recorded: retry later with the same Idempotency-Key", properties.retryAfter(), cause);
        }
    }
}
