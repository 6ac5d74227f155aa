package io.consentgate.domain.state;

import io.consentgate.avro.ConsentCategory;
import io.consentgate.avro.ConsentScope;
import io.consentgate.avro.MessageCategory;
import java.util.Comparator;
import java.util.Objects;

/** What a consent fact covers: a category (ALL covers every one) and a topic (null: every topic). */
public record Scope(ConsentCategory category, String topic) {

    public static final Scope ALL = new Scope(ConsentCategory.ALL, null);
    public static final Scope MARKETING = new Scope(ConsentCategory.MARKETING, null);

    /** Orders scopes from the broadest (ALL) to the narrowest (a topic of a category), so ties are broken the same way everywhere. */
    public static final Comparator<Scope> BROAD_TO_NARROW = Comparator.comparingInt(Scope::narrowness)
            .thenComparing(Scope::category)
            .thenComparing(Scope::topic, Comparator.nullsFirst(Comparator.naturalOrder()));

    public Scope {
        Objects.requireNonNull(category, "category");
    }

    public static Scope of(ConsentScope scope) {
        return new Scope(scope.getCategory(), scope.getTopic());
    }

    private int narrowness() {
        return (category == ConsentCategory.ALL ? 0 : 1) + (topic == null ? 0 : 2);
    }

    /** A message without a topic is covered only by facts about its whole category. */
    public boolean covers(MessageCategory messageCategory, String messageTopic) {
        boolean categoryCovered = category == ConsentCategory.ALL || category.name().equals(messageCategory.name());
        return categoryCovered && (topic == null || topic.equals(messageTopic));
    }
}
