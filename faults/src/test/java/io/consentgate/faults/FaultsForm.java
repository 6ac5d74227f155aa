package io.consentgate.faults;

/**
 * How hard the suite pushes: {@code short} in CI (minutes for the whole suite), {@code long} from {@code bin/faults --long}
 * (load held for minutes, many faults). Chosen with {@code -Dfaults.form}; scenarios ask for their figures with
 * {@link #pick}.
 */
enum FaultsForm {
    SHORT, LONG;

    static FaultsForm current() {
        return "long".equalsIgnoreCase(System.getProperty("faults.form", "short")) ? LONG : SHORT;
    }

    /** The figure of the form this run is in. */
    static <T> T pick(T shortForm, T longForm) {
        return current() == LONG ? longForm : shortForm;
    }
}
