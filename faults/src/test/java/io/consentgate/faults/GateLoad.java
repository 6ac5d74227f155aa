package io.consentgate.faults;

import java.time.Duration;
import java.util.List;

/**
 * The send-gate scenarios' load and what they count it with: a {@link SendWorkload} written by a {@link SendLoad},
 * every decision read by a {@link DecisionLog}. Prepared before any gate starts, warmed up before it is measured,
 * settled and judged by the {@link DecisionOracle} after.
 */
final class GateLoad implements AutoCloseable {

    /** A mid-load consent or window change per this many requests. */
    private static final int REQUESTS_PER_CHANGE = 10;
    private static final int WARM_UP_REQUESTS = 500;
    private static final Duration DECIDED_WITHIN = Duration.ofSeconds(120);
    /** A late second decision would show by then. */
    private static final Duration SETTLE = Duration.ofSeconds(2);

    /** Whether every warm-up request was decided in time, and how long that took. */
    record WarmUp(boolean decided, double seconds) {
    }

    /** What the load's requests came to: every one decided in time or not, the counts, the oracle's verdict. */
    record Settled(List<String> requestIds, boolean allDecided, DecisionLog.Counts counts, DecisionOracle.Verdict verdict) {
    }

    private final SendLoad load;
    private final DecisionLog decisions;

    private GateLoad(SendLoad load, DecisionLog decisions) {
        this.load = load;
        this.decisions = decisions;
    }

    /** A load over {@code contacts} contacts, nothing written yet. */
    static GateLoad over(FaultStack stack, int contacts) {
        SendLoad load = new SendLoad(stack.bootstrapServers(), stack.registry(), new SendWorkload(contacts), REQUESTS_PER_CHANGE);
        try {
            return new GateLoad(load, new DecisionLog(stack.bootstrapServers(), stack.registry()));
        } catch (RuntimeException e) {
            load.close();
            throw e;
        }
    }

    /** The business and every contact's history, acknowledged: call it before the gates start (see {@link SendLoad#prepare}). */
    void prepare() {
        load.prepare();
    }

    SendLoad load() {
        return load;
    }

    DecisionLog decisions() {
        return decisions;
    }

    /** Requests that are not judged, decided before the load so that what a scenario measures is a warm gate's. */
    WarmUp warmUp() throws InterruptedException {
        long from = System.currentTimeMillis();
        boolean decided = decisions.awaitDecided(load.warmUp(WARM_UP_REQUESTS), DECIDED_WITHIN);
        return new WarmUp(decided, (System.currentTimeMillis() - from) / 1000.0);
    }

    /**
     * Waits for the load's thread, then for every request's decision and a moment more; counts and judges them and
     * writes {@code decisions.csv} to the scenario's folder.
     */
    Settled settle(Thread loadThread, FaultStack stack) throws InterruptedException {
        loadThread.join();
        load.check();
        List<String> requestIds = load.sent().stream().map(sent -> sent.requestId).toList();
        boolean allDecided = decisions.awaitDecided(requestIds, DECIDED_WITHIN);
        Thread.sleep(SETTLE);
        DecisionLog.Counts counts = decisions.count(requestIds);
        DecisionOracle.Verdict verdict = new DecisionOracle(load).judge(decisions);
        DecisionTimes.writeCsv(stack.folder(), load, decisions);
        return new Settled(requestIds, allDecided, counts, verdict);
    }

    @Override
    public void close() throws InterruptedException {
        try {
            decisions.close();
        } finally {
            load.close();
        }
    }
}
