package io.consentgate.domain.quota;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;
import java.util.TreeSet;

/**
 * Counted contacts in memory, ordered by when they were counted (then by contact, as the gate's store orders them):
 * the domain's tests, and the old one-value format read back ({@link BusinessQuota#fromBytes}).
 */
public final class InMemoryCountedContacts implements CountedContacts {

    private record Counted(Instant at, String contact) {
    }

    private static final Comparator<Counted> OLDEST_FIRST = Comparator.comparing(Counted::at).thenComparing(Counted::contact);

    private final Map<String, Instant> countedAt = new HashMap<>();
    private final TreeSet<Counted> oldestFirst = new TreeSet<>(OLDEST_FIRST);

    @Override
    public Instant countedAt(String contact) {
        return countedAt.get(contact);
    }

    @Override
    public int size() {
        return countedAt.size();
    }

    @Override
    public void add(String contact, Instant at) {
        Instant before = countedAt.put(contact, at);
        if (before != null) {
            oldestFirst.remove(new Counted(before, contact));
        }
        oldestFirst.add(new Counted(at, contact));
    }

    @Override
    public void forgetCountedAtOrBefore(Instant horizon) {
        while (!oldestFirst.isEmpty() && !oldestFirst.first().at().isAfter(horizon)) {
            countedAt.remove(oldestFirst.pollFirst().contact());
        }
    }

    @Override
    public Instant countedAtOfOldest(int index) {
        Iterator<Counted> counted = oldestFirst.iterator();
        for (int i = 0; i < index; i++) {
            counted.next();
        }
        return counted.next().at();
    }

    /** Contact → when counted, oldest first. */
    public SequencedMap<String, Instant> oldestFirst() {
        LinkedHashMap<String, Instant> all = LinkedHashMap.newLinkedHashMap(oldestFirst.size());
        oldestFirst.forEach(counted -> all.put(counted.contact(), counted.at()));
        return all;
    }
}
