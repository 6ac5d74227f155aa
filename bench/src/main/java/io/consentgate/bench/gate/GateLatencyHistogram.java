package io.consentgate.bench.gate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The gate's own latency histogram, {@code consentgate_decision_latency_seconds}: from a request's record timestamp to
 * its decision leaving the topology, before the exactly-once commit that makes the decision visible. Read from every
 * gate's {@code /actuator/prometheus}; the difference of two readings is one phase's, so that its end-to-end latency can
 * be split into the part inside the gate (park, fence, decide) and the part after it (commit, marker, the reader's fetch).
 */
final class GateLatencyHistogram {

    private static final String BUCKET = "consentgate_decision_latency_seconds_bucket{";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final List<String> baseUrls;

    GateLatencyHistogram(List<String> baseUrls) {
        this.baseUrls = List.copyOf(baseUrls);
    }

    /** Every gate's buckets summed: upper bound in seconds → decisions at or under it since the gate started. */
    Reading read() throws IOException, InterruptedException {
        TreeMap<Double, Long> cumulative = new TreeMap<>();
        for (String baseUrl : baseUrls) {
            HttpResponse<String> scrape = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (scrape.statusCode() != 200) {
                throw new IOException(baseUrl + "/actuator/prometheus answered " + scrape.statusCode());
            }
            scrape.body().lines().filter(line -> line.startsWith(BUCKET)).forEach(line -> {
                int le = line.indexOf("le=\"") + 4;
                String bound = line.substring(le, line.indexOf('"', le));
                double count = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                cumulative.merge(bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound), (long) count, Long::sum);
            });
        }
        return new Reading(cumulative);
    }

    /** @param cumulative upper bound in seconds → decisions at or under it */
    record Reading(TreeMap<Double, Long> cumulative) {

        Reading since(Reading earlier) {
            TreeMap<Double, Long> difference = new TreeMap<>();
            cumulative.forEach((bound, count) -> difference.put(bound, count - earlier.cumulative.getOrDefault(bound, 0L)));
            return new Reading(difference);
        }

        long decisions() {
            return cumulative.isEmpty() ? 0 : cumulative.lastEntry().getValue();
        }

        /** The upper bound (ms) of the first bucket that holds the quantile: the quantile is at most this; -1 if nothing was decided. */
        double quantileAtMostMillis(double quantile) {
            long total = decisions();
            if (total == 0) {
                return -1;
            }
            for (Map.Entry<Double, Long> bucket : cumulative.entrySet()) {
                if (bucket.getValue() >= quantile * total) {
                    return bucket.getKey() * 1000;
                }
            }
            return Double.POSITIVE_INFINITY;
        }
    }
}
