package io.consentgate.domain.policy;

import io.consentgate.avro.MessageCategory;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Set;

/** The contact's local night, [start, end), in which the listed categories are not sent. */
public record QuietHours(LocalTime start, LocalTime end, Set<MessageCategory> categories) {

    public static final Duration NEARBY_ZONES = Duration.ofHours(3);
    public static final QuietHours DEFAULTS = new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0), Set.of(MessageCategory.MARKETING));

    public QuietHours {
        categories = Set.copyOf(categories);
    }

    public boolean applyTo(MessageCategory category) {
        return categories.contains(category) && !start.equals(end);
    }

    /**
     * When the contact's night ends, or null if it is daytime for the contact. A number that may be
     * in several nearby zones (Spain: Madrid and the Canaries) is quiet while it is night in any of
     * them; zones further apart than {@link #NEARBY_ZONES} (a Russian or Australian mobile) say
     * too little, and so does a contact with none: then the business's own time zone decides.
     */
    public Instant quietUntil(Instant now, List<ZoneId> contactZones, ZoneId businessZone) {
        List<ZoneId> zones = contactZones.isEmpty() || spread(contactZones, now).compareTo(NEARBY_ZONES) > 0
                ? List.of(businessZone) : contactZones;
        Instant quietUntil = null;
        for (ZoneId zone : zones) {
            Instant end = endOfQuietHours(now, zone);
            if (end != null && (quietUntil == null || end.isAfter(quietUntil))) {
                quietUntil = end;
            }
        }
        return quietUntil;
    }

    private static Duration spread(List<ZoneId> zones, Instant now) {
        IntSummaryStatistics offsets = zones.stream().mapToInt(zone -> zone.getRules().getOffset(now).getTotalSeconds()).summaryStatistics();
        return Duration.ofSeconds(offsets.getMax() - offsets.getMin());
    }

    private Instant endOfQuietHours(Instant now, ZoneId zone) {
        ZonedDateTime local = now.atZone(zone);
        LocalTime time = local.toLocalTime();
        boolean wrapsMidnight = start.isAfter(end);
        boolean quiet = wrapsMidnight
                ? !time.isBefore(start) || time.isBefore(end)
                : !time.isBefore(start) && time.isBefore(end);
        if (!quiet) {
            return null;
        }
        ZonedDateTime endToday = local.with(end);
        return (endToday.isAfter(local) ? endToday : local.plusDays(1).with(end)).toInstant();
    }
}
