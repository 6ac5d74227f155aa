package io.consentgate.domain.business;

import io.consentgate.avro.ListedTemplate;
import io.consentgate.avro.TemplateStatus;
import io.consentgate.avro.TemplatesListed;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A complete list of a business's templates as Meta's Graph API gave it at {@code listedAt}: a template of that
 * business the gate knows but the list lacks was deleted (or never existed in that language), so it is read as
 * DELETED from {@code listedAt} on. A template the gate heard about after the list was taken (a status or category
 * event later than {@code listedAt}, e.g. one created meanwhile) is kept: the later event wins, whatever order the
 * events are folded in. Marking it DELETED at {@code listedAt} also makes older events arriving late lose.
 */
public record TemplateListing(String businessId, Set<String> listed, Instant listedAt) {

    public TemplateListing {
        listed = Set.copyOf(listed);
    }

    public static TemplateListing of(String businessId, TemplatesListed listing, Instant listedAt) {
        Set<String> keys = new HashSet<>();
        for (ListedTemplate template : listing.getTemplates()) {
            keys.add(TemplateState.storeKey(businessId, template.getName(), template.getLanguage()));
        }
        return new TemplateListing(businessId, keys, listedAt);
    }

    /** Whether the list names the template (by name and language). */
    public boolean lists(TemplateState template) {
        return listed.contains(TemplateState.storeKey(template.businessId(), template.name(), template.language()));
    }

    /** The template as DELETED when the list proves it gone; empty when the list names it, or the gate heard of it later. */
    public Optional<TemplateState> gone(TemplateState known) {
        if (!known.businessId().equals(businessId) || lists(known) || known.since().isAfter(listedAt) || known.categorySince().isAfter(listedAt)) {
            return Optional.empty();
        }
        return Optional.of(new TemplateState(known.businessId(), known.name(), known.language(), TemplateStatus.DELETED, known.category(),
                listedAt, known.categorySince(), null, null, known.pauses()));
    }
}
