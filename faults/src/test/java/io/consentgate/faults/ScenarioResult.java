package io.consentgate.faults;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one scenario did and found: the load it held, the faults it injected, and what it counted afterwards.
 * {@code requests} and {@code decisions} mean what the scenario says they mean (send requests and their
 * decisions; acknowledged intake calls and the events found on the topic; poison records and dead letters),
 * so that {@code lost}, {@code duplicated} and {@code wrong} are always the ones that must be zero.
 *
 * @param requestsPerS the load held, per second (0 when the scenario holds none)
 * @param seconds      how long the load was held
 * @param faults       how many faults were injected (kills, broker stops, poison records, hostile calls)
 * @param figures      other measured figures, by name (e.g. restore_contacts_per_s), reported beside the counts
 * @param note         what a reader needs to know about the verdict, one line
 */
record ScenarioResult(String scenario, double requestsPerS, double seconds, int faults, long requests, long decisions,
                      long lost, long duplicated, long wrong, boolean passed, Map<String, Number> figures, String note) {

    ScenarioResult {
        figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures)); // in the order the scenario gave them
    }

    /** Passed when nothing was lost, duplicated or wrong and the scenario's own checks held ({@code ownChecksHeld}). */
    static ScenarioResult of(String scenario, double requestsPerS, double seconds, int faults, long requests, long decisions,
                             long lost, long duplicated, long wrong, boolean ownChecksHeld, Map<String, Number> figures, String note) {
        boolean passed = ownChecksHeld && lost == 0 && duplicated == 0 && wrong == 0;
        return new ScenarioResult(scenario, requestsPerS, seconds, faults, requests, decisions, lost, duplicated, wrong, passed, figures, note);
    }
}
