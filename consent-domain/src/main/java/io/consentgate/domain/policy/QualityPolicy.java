package io.consentgate.domain.policy;

import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.QualityRating;
import io.consentgate.avro.SenderStatus;
import java.util.Set;

/** Which categories a sender stops sending while its quality is low; other categories continue. */
public record QualityPolicy(Set<QualityRating> pausingRatings, Set<SenderStatus> pausingStatuses, Set<MessageCategory> pausedCategories) {

    public static final QualityPolicy DEFAULTS =
            new QualityPolicy(Set.of(QualityRating.RED), Set.of(SenderStatus.FLAGGED), Set.of(MessageCategory.MARKETING));

    public QualityPolicy {
        pausingRatings = Set.copyOf(pausingRatings);
        pausingStatuses = Set.copyOf(pausingStatuses);
        pausedCategories = Set.copyOf(pausedCategories);
    }

    public boolean pauses(MessageCategory category, QualityRating rating, SenderStatus status) {
        return pausedCategories.contains(category) && (pausingRatings.contains(rating) || pausingStatuses.contains(status));
    }
}
