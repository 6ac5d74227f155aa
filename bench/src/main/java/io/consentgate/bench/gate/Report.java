package io.consentgate.bench.gate;

import io.consentgate.bench.gate.Tally.Measurement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.stream.Collectors;

/** The figures of one run: a table beside the baseline and the targets, and the same as JSON for comparing runs. */
record Report(
        BenchParameters parameters,
        Instant date,
        String gateJar,
        int optOuts,
        Measurement gateSaturation,
        Measurement baselineSaturation,
        Measurement gateLatency,
        Measurement baselineLatency,
        GateLatencyHistogram.Reading insideGate,
        Rate gateFold,
        Rate baselineFill,
        Rate gateWarmFold,
        Rate baselineFold,
        int streamThreads,
        RunCpu cpu,
        Footprint footprint) {

    /** Records taken in and the seconds until the consumer had all of them (producing included). */
    record Rate(long records, double seconds) {
        double perSecond() {
            return seconds == 0 ? 0 : records / seconds;
        }
    }

    /** The gate folds contact events at least this fast (events/s). */
    static final int FOLD_TARGET_PER_S = 50_000;

    /** The target: the gate's throughput at least this share of the baseline's. */
    static final double THROUGHPUT_TARGET = 0.70;
    /** The target: p99 at the steady rate under this. */
    static final int P99_TARGET_MS = 50;

    double throughputRatio() {
        return baselineSaturation.perSecond() == 0 ? 0 : gateSaturation.perSecond() / baselineSaturation.perSecond();
    }

    boolean throughputMet() {
        return throughputRatio() >= THROUGHPUT_TARGET;
    }

    boolean latencyMet() {
        return gateLatency.p99Millis() < P99_TARGET_MS && gateLatency.lost() == 0;
    }

    String table() {
        return String.join("\n",
                "",
                "send-gate benchmark, %s form, %s (gate jar: %s)".formatted(parameters.form(), date, gateJar),
                "%d gate process(es) of %d stream threads; %,d contacts, %d businesses, %d partitions; saturation %,d requests; latency %,d requests/s for %d s; %,d opt-outs interleaved"
                        .formatted(parameters.instances(), streamThreads, parameters.contacts(), parameters.businesses(), parameters.partitions(), parameters.saturationRequests(),
                                parameters.rate(), parameters.latencyDuration().toSeconds(), optOuts),
                "",
                "                       |   decisions/s | p50 ms | p99 ms | max ms | requests | decisions | lost | duplicated",
                row("gate, saturation", gateSaturation),
                row("baseline, saturation", baselineSaturation),
                row("gate, %d/s".formatted(parameters.rate()), gateLatency),
                row("baseline, %d/s".formatted(parameters.rate()), baselineLatency),
                "",
                "throughput: gate/baseline = %.0f%% (target >= %.0f%%) %s".formatted(100 * throughputRatio(), 100 * THROUGHPUT_TARGET,
                        throughputMet() ? "MET" : "NOT MET"),
                "latency at %d/s: gate p99 = %d ms (target < %d ms, %.2fx of it; baseline p99 %d ms) %s".formatted(parameters.rate(),
                        gateLatency.p99Millis(), P99_TARGET_MS, gateLatency.p99Millis() / (double) P99_TARGET_MS,
                        baselineLatency.p99Millis(), latencyMet() ? "MET" : "NOT MET"),
                "p99 at %d/s by %d s of requests, in the order sent: gate %s ms; baseline %s ms".formatted(parameters.rate(),
                        GateBenchmark.STEADY_SLICE_SECONDS, slices(gateLatency), slices(baselineLatency)),
                ("latency at %d/s inside the gate (request timestamp to decision forwarded, before the commit that makes it visible;"
                        + " bounds of the gate's histogram buckets, %,d decisions): p50 <= %.0f ms, p99 <= %.0f ms").formatted(parameters.rate(),
                        insideGate.decisions(), insideGate.quantileAtMostMillis(0.50), insideGate.quantileAtMostMillis(0.99)),
                "fold: the gate folded %,d contact events at %,.0f events/s (target >= %,d: %s); the baseline took in %,d records at %,.0f/s"
                        .formatted(gateFold.records(), gateFold.perSecond(), FOLD_TARGET_PER_S, gateFold.perSecond() >= FOLD_TARGET_PER_S ? "MET" : "NOT MET",
                                baselineFill.records(), baselineFill.perSecond()),
                warmFoldLine(),
                cpu.table(),
                footprint.table(GateBenchmark.GATE_APPLICATION_ID));
    }

    private String warmFoldLine() {
        if (parameters.warmFoldContacts() == 0) {
            return "warm fold: skipped (--warm-fold=0)";
        }
        return ("warm fold: the gate folded %,d events of %,d new contacts at %,.0f events/s on a warm JVM, no requests flowing;"
                + " the baseline took in the same %,d records at %,.0f/s").formatted(gateWarmFold.records(), parameters.warmFoldContacts(),
                gateWarmFold.perSecond(), baselineFold.records(), baselineFold.perSecond());
    }

    private static String slices(Measurement m) {
        return m.p99BySlice().stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    private static String row(String name, Measurement m) {
        return String.format(Locale.ROOT, "%-22s | %,13.0f | %6d | %6d | %6d | %,8d | %,9d | %4d | %10d",
                name, m.perSecond(), m.p50Millis(), m.p99Millis(), m.maxMillis(), m.requests(), m.decisions(), m.lost(), m.duplicated());
    }

    /** The fields first (the gate's requests, decisions, lost, duplicated over both of its measurements), then the details. */
    void writeJson(Path file) throws IOException {
        String json = String.format(Locale.ROOT, """
                {
                  "decisions_per_s": %.1f,
                  "baseline_per_s": %.1f,
                  "p50_ms": %d,
                  "p99_ms": %d,
                  "requests": %d,
                  "decisions": %d,
                  "lost": %d,
                  "duplicated": %d,
                  "max_ms": %d,
                  "baseline_p50_ms": %d,
                  "baseline_p99_ms": %d,
                  "baseline_max_ms": %d,
                  "throughput_ratio": %.3f,
                  "throughput_target_met": %s,
                  "p99_target_met": %s,
                  "date": "%s",
                  "gate_jar": "%s",
                  "opt_outs": %d,
                  "parameters": {"form": "%s", "contacts": %d, "businesses": %d, "partitions": %d, "warmup_requests": %d,
                                 "saturation_requests": %d, "rate_per_s": %d, "latency_seconds": %d},
                  "gate_saturation": %s,
                  "baseline_saturation": %s,
                  "gate_latency": %s,
                  "baseline_latency": %s,
                  "inside_gate_latency": {"decisions": %d, "p50_ms_at_most": %.1f, "p99_ms_at_most": %.1f},
                  "fold_events_per_s": %.1f,
                  "fold_events": %d,
                  "baseline_fill_per_s": %.1f,
                  "instances": %d,
                  "stream_threads_per_instance": %d,
                  "warm_fold_events_per_s": %.1f,
                  "warm_fold_events": %d,
                  "warm_fold_contacts": %d,
                  "baseline_fold_per_s": %.1f,
                  "baseline_fold_records": %d,
                  "cpu": %s,
                  "footprint": %s
                }
                """,
                gateSaturation.perSecond(), baselineSaturation.perSecond(), gateLatency.p50Millis(), gateLatency.p99Millis(),
                gateSaturation.requests() + gateLatency.requests(), gateSaturation.decisions() + gateLatency.decisions(),
                gateSaturation.lost() + gateLatency.lost(), gateSaturation.duplicated() + gateLatency.duplicated(),
                gateLatency.maxMillis(), baselineLatency.p50Millis(), baselineLatency.p99Millis(), baselineLatency.maxMillis(),
                throughputRatio(), throughputMet(), latencyMet(), date, gateJar.replace("\"", "'"), optOuts,
                parameters.form(), parameters.contacts(), parameters.businesses(), parameters.partitions(), parameters.warmupRequests(),
                parameters.saturationRequests(), parameters.rate(), parameters.latencyDuration().toSeconds(),
                json(gateSaturation), json(baselineSaturation), json(gateLatency), json(baselineLatency),
                insideGate.decisions(), insideGate.quantileAtMostMillis(0.50), insideGate.quantileAtMostMillis(0.99),
                gateFold.perSecond(), gateFold.records(), baselineFill.perSecond(),
                parameters.instances(), streamThreads, gateWarmFold.perSecond(), gateWarmFold.records(), parameters.warmFoldContacts(), baselineFold.perSecond(), baselineFold.records(),
                cpu.json(), footprint.json(GateBenchmark.GATE_APPLICATION_ID));
        Files.createDirectories(file.getParent());
        Files.writeString(file, json);
    }

    private static String json(Measurement m) {
        return String.format(Locale.ROOT,
                "{\"per_s\": %.1f, \"p50_ms\": %d, \"p99_ms\": %d, \"max_ms\": %d, \"requests\": %d, \"decisions\": %d, \"lost\": %d, \"duplicated\": %d,"
                        + " \"p99_ms_by_slice\": [%s]}",
                m.perSecond(), m.p50Millis(), m.p99Millis(), m.maxMillis(), m.requests(), m.decisions(), m.lost(), m.duplicated(), slices(m));
    }
}
