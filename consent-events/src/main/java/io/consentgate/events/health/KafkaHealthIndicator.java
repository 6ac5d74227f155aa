package io.consentgate.events.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * DOWN when the Kafka cluster the producer writes to cannot be reached: then every capture answers 503.
 * The answer is cached for a few seconds, so that frequent probes do not each cost a round trip.
 */
@Component("kafka")
class KafkaHealthIndicator implements HealthIndicator, DisposableBean {

    private static final Duration CACHE_FOR = Duration.ofSeconds(5);
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Admin admin;
    private final Clock clock;
    private volatile Health last;
    private volatile Instant lastAt = Instant.MIN;

    KafkaHealthIndicator(KafkaProperties kafka, Clock clock) {
        Map<String, Object> configs = new HashMap<>(kafka.buildAdminProperties());
        configs.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        configs.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        this.admin = Admin.create(configs);
        this.clock = clock;
    }

    @Override
    public Health health() {
        Instant now = clock.instant();
        if (last == null || now.isAfter(lastAt.plus(CACHE_FOR))) {
            last = check();
            lastAt = now;
        }
        return last;
    }

    private Health check() {
        try {
            var cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()));
            int nodes = cluster.nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
            return Health.up().withDetail("clusterId", cluster.clusterId().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                    .withDetail("nodes", nodes).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().withDetail("error", "interrupted").build();
        } catch (Exception e) {
            return Health.down().withDetail("error", "Kafka unreachable: " + e).build();
        }
    }

    @Override
    public void destroy() {
        admin.close(Duration.ofSeconds(1));
    }
}
