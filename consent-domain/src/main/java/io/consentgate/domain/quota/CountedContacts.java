package io.consentgate.domain.quota;

import java.time.Instant;

/**
 * The port the quota rule counts through: one business's contacts counted in the moving 24 h, each with when it was
 * counted. The rule ({@link BusinessQuota}) decides; an implementation only keeps. Every operation is meant to cost
 * the same however many contacts are counted (except forgetting, which costs what it forgets), so that one admission
 * does not grow with the business.
 */
public interface CountedContacts {

    /** When the contact was counted, or null if it is not counted. */
    Instant countedAt(String contact);

    int size();

    /** Counts a contact not counted yet. */
    void add(String contact, Instant at);

    /** Forgets every contact counted at or before the horizon. */
    void forgetCountedAtOrBefore(Instant horizon);

    /** When the {@code index}-th oldest counted contact (0 = oldest) was counted; {@code 0 <= index < size()}. */
    Instant countedAtOfOldest(int index);
}
