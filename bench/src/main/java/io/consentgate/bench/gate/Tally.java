package io.consentgate.bench.gate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The decisions of one measurement, by request id ({@code <prefix>-<index>}): how many each request got and the
 * latency of its first one. Decisions are counted by the decision reader's thread alone (so plain increments of
 * volatile fields are safe); the producer records what it sent; anyone may read the counters.
 */
final class Tally {

    private final String prefix;
    private final int[] decisions;
    private final int[] latencyMillis;
    private volatile int decided;
    private volatile int duplicated;
    private volatile int produced;
    private volatile long firstRequestAt;
    private volatile long lastDecisionAt;

    Tally(String prefix, int capacity) {
        this.prefix = prefix;
        this.decisions = new int[capacity];
        this.latencyMillis = new int[capacity];
    }

    String prefix() {
        return prefix;
    }

    String requestId(int index) {
        return prefix + "-" + index;
    }

    /** By the producer: how many requests are out, and when the first one left. */
    void produced(int count, long firstAt) {
        if (produced == 0) {
            firstRequestAt = firstAt;
        }
        produced = count;
    }

    /** By the decision reader: one decision for request {@code index}, arrived at {@code arrivedAt}. */
    void decision(int index, long requestedAt, long arrivedAt) {
        if (decisions[index]++ == 0) {
            latencyMillis[index] = (int) (arrivedAt - requestedAt);
            decided++;
            lastDecisionAt = arrivedAt;
        } else if (decisions[index] == 2) {
            duplicated++;
        }
    }

    int decided() {
        return decided;
    }

    int produced() {
        return produced;
    }

    /**
     * The figures, once every request has its decision or the wait is over; with {@code requestsPerSlice} above 0, also
     * the p99 of every that many requests in the order they were sent: at a steady rate, the tail second by second, which
     * tells a warm-up or a periodic stall from a tail spread over the whole phase.
     */
    Measurement measurement(int requestsPerSlice) {
        int requests = produced;
        int total = 0;
        for (int i = 0; i < requests; i++) {
            total += decisions[i];
        }
        int[] latencies = sortedLatencies(0, requests);
        List<Integer> p99BySlice = new ArrayList<>();
        for (int from = 0; requestsPerSlice > 0 && from < requests; from += requestsPerSlice) {
            p99BySlice.add(percentile(sortedLatencies(from, Math.min(requests, from + requestsPerSlice)), 0.99));
        }
        double seconds = (lastDecisionAt - firstRequestAt) / 1000.0;
        return new Measurement(requests, total, requests - decided, duplicated,
                decided == 0 ? 0 : decided / seconds,
                percentile(latencies, 0.50), percentile(latencies, 0.99), latencies.length == 0 ? 0 : latencies[latencies.length - 1],
                p99BySlice);
    }

    /** The latencies of the decided requests among {@code from} (inclusive) to {@code to} (exclusive), sorted. */
    private int[] sortedLatencies(int from, int to) {
        int[] latencies = new int[to - from];
        int next = 0;
        for (int i = from; i < to; i++) {
            if (decisions[i] > 0) {
                latencies[next++] = latencyMillis[i];
            }
        }
        int[] decidedOnes = Arrays.copyOf(latencies, next);
        Arrays.sort(decidedOnes);
        return decidedOnes;
    }

    private static int percentile(int[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
    }

    /**
     * @param perSecond  requests decided / (last decision − first request), in seconds
     * @param p99BySlice the p99 of each slice of requests, in the order sent, if asked for
     */
    record Measurement(int requests, int decisions, int lost, int duplicated, double perSecond, int p50Millis, int p99Millis, int maxMillis,
                       List<Integer> p99BySlice) {
    }
}
