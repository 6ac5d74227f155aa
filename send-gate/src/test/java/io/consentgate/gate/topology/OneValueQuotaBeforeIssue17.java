package io.consentgate.gate.topology;

import io.consentgate.avro.MessagingTier;
import io.consentgate.domain.quota.QuotaOutcome;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * FOR MEASURING ONLY: {@code OneValueQuotaBeforeIssue17} as it was before issue 17 (commit a827e6c), so that
 * {@link QuotaAdmissionCostTest} measures the one-value store against the same code the gate ran.
 * One business portfolio's messaging limit in use: the unique contacts reached outside a customer
 * service window in the moving 24 hours. A store value, mutable on purpose: load it, {@link #admit},
 * store it ({@link #toBytes()} / {@link #fromBytes(byte[])}).
 */
final class OneValueQuotaBeforeIssue17 {

    public static final Duration MOVING_WINDOW = Duration.ofHours(24);
    private static final byte FORMAT_VERSION = 1;

    /** Contact → when it was counted, in the order counted (so the oldest is first). */
    private final LinkedHashMap<String, Instant> countedAt;

    private OneValueQuotaBeforeIssue17(LinkedHashMap<String, Instant> countedAt) {
        this.countedAt = countedAt;
    }

    public static OneValueQuotaBeforeIssue17 empty() {
        return new OneValueQuotaBeforeIssue17(new LinkedHashMap<>());
    }

    /** Unique contacts per moving 24 h. UNKNOWN is read as the tier new portfolios start with. */
    public static int limitOf(MessagingTier tier) {
        return switch (tier) {
            case TIER_50 -> 50;
            case TIER_250, UNKNOWN -> 250;
            case TIER_1K -> 1_000;
            case TIER_2K -> 2_000;
            case TIER_10K -> 10_000;
            case TIER_100K -> 100_000;
            case TIER_UNLIMITED -> Integer.MAX_VALUE;
        };
    }

    /**
     * Whether the quota keeps anything for a business of this tier: an unlimited one has nothing to refuse, so its
     * approvals are admitted without counting, and need not wait for the quota at all.
     */
    public static boolean tracks(MessagingTier tier) {
        return limitOf(tier) != Integer.MAX_VALUE;
    }

    /**
     * Counts the contact if it was not counted in the last 24 h and there is room. An unlimited
     * business is not tracked at all: nothing to refuse, nothing to keep.
     */
    public QuotaOutcome admit(String contact, MessagingTier tier, Instant now) {
        forgetOlderThan(now.minus(MOVING_WINDOW));
        if (countedAt.containsKey(contact)) {
            return new QuotaOutcome.Admitted(false);
        }
        if (!tracks(tier)) {
            return new QuotaOutcome.Admitted(false);
        }
        int limit = limitOf(tier);
        if (countedAt.size() < limit) {
            countedAt.put(contact, now);
            return new QuotaOutcome.Admitted(true);
        }
        return new QuotaOutcome.Refused(limit, freesAt(countedAt.size() - limit));
    }

    public int countedContacts() {
        return countedAt.size();
    }

    /** When the contact counted {@code index}-th (0 = oldest) leaves the window, making room for one more. */
    private Instant freesAt(int index) {
        Iterator<Instant> oldestFirst = countedAt.values().iterator();
        for (int i = 0; i < index; i++) {
            oldestFirst.next();
        }
        return oldestFirst.next().plus(MOVING_WINDOW);
    }

    private void forgetOlderThan(Instant horizon) {
        Iterator<Instant> oldestFirst = countedAt.values().iterator();
        while (oldestFirst.hasNext() && !oldestFirst.next().isAfter(horizon)) {
            oldestFirst.remove();
        }
    }

    /** Version byte, count, then per contact: epoch millis and the contact in UTF-8, oldest first. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(8 + countedAt.size() * 24);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_VERSION);
            out.writeInt(countedAt.size());
            for (Map.Entry<String, Instant> counted : countedAt.entrySet()) {
                out.writeLong(counted.getValue().toEpochMilli());
                out.writeUTF(counted.getKey());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    public static OneValueQuotaBeforeIssue17 fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("business quota bytes have format version " + version + ", expected " + FORMAT_VERSION);
            }
            int count = in.readInt();
            LinkedHashMap<String, Instant> countedAt = LinkedHashMap.newLinkedHashMap(count);
            for (int i = 0; i < count; i++) {
                Instant at = Instant.ofEpochMilli(in.readLong());
                countedAt.put(in.readUTF(), at);
            }
            return new OneValueQuotaBeforeIssue17(countedAt);
        } catch (IOException e) {
            throw new IllegalArgumentException("business quota bytes are truncated or corrupt", e);
        }
    }
}
