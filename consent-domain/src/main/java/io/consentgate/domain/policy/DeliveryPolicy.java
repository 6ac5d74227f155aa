package io.consentgate.domain.policy;

import java.time.Duration;

/**
 * What the gate does with Meta's delivery feedback (docs/rules.md, "Delivery feedback").
 *
 * @param undeliverableThreshold this many undeliverable failures (131026) in a row suppress the contact for business-initiated
 *                               sends, until it writes or opts in again
 * @param undeliverableWindow    the failures of a run count together only within this period
 * @param senderBackoff          a number Meta refused for its own rate limits (131048 spam rate limit, 130429 throughput) sends
 *                               nothing for this long after the refusal
 * @param pairBackoff            a number Meta refused for the pair rate limit (131056) sends nothing to that contact for this long
 */
public record DeliveryPolicy(int undeliverableThreshold, Duration undeliverableWindow, Duration senderBackoff, Duration pairBackoff) {

    /**
     * 3 in 30 days (the product spec); the back-offs are short because the gate learns of a rate limit only from a status, after
     * the fact, and Meta's limits reset within seconds (throughput, pair) to minutes.
     */
    public static final DeliveryPolicy DEFAULTS = new DeliveryPolicy(3, Duration.ofDays(30), Duration.ofMinutes(5), Duration.ofMinutes(1));

    public DeliveryPolicy {
        if (undeliverableThreshold < 1) {
            throw new IllegalArgumentException("undeliverable-threshold must be at least 1, not " + undeliverableThreshold);
        }
        if (undeliverableWindow.isNegative() || undeliverableWindow.isZero() || senderBackoff.isNegative() || pairBackoff.isNegative()) {
            throw new IllegalArgumentException("the undeliverable window must be positive and the back-offs not negative");
        }
    }
}
