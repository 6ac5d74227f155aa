package io.consentgate.gate.topology;

import io.consentgate.avro.ContactState;
import io.consentgate.schemas.ContactKey;
import java.util.List;
import java.util.TreeSet;

/**
 * Where a contact stands among one person's identities (docs/identity.md): a phone number linked to a BSUID
 * ({@code linkedTo}: its facts and requests are the BSUID's), or a BSUID with the phone numbers linked to it
 * ({@code aliases}). Kept in the contact's {@code ContactState} beside its facts.
 *
 * @param linkedTo the canonical contact of the person this one is an alias of, or null
 * @param aliases  canonical contacts linked to this one, sorted
 */
record Identity(String linkedTo, List<String> aliases) {

    static final Identity NONE = new Identity(null, List.of());

    Identity {
        aliases = List.copyOf(new TreeSet<>(aliases));
    }

    static Identity of(ContactState state) {
        return new Identity(state.getLinkedTo(), state.getAliases() == null ? List.of() : state.getAliases());
    }

    /** The person's key a contact of {@code businessId} belongs to: the one it is linked to, or itself. */
    ContactKey person(ContactKey self) {
        return linkedTo == null ? self : new ContactKey(self.businessId(), linkedTo);
    }

    Identity linkedTo(String person) {
        return new Identity(person, aliases);
    }

    Identity withAlias(String alias) {
        TreeSet<String> more = new TreeSet<>(aliases);
        more.add(alias);
        return new Identity(linkedTo, List.copyOf(more));
    }

    ContactState into(ContactState state) {
        state.setLinkedTo(linkedTo);
        state.setAliases(aliases);
        return state;
    }
}
