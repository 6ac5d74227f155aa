package io.consentgate.domain.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import io.consentgate.schemas.ContactKey;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContactIdentityTest {

    @ParameterizedTest(name = "{0} with region {1}")
    @CsvSource(delimiter = ';', value = {
            "+34 612 34 56 78;ES", "0034612345678;ES", "612345678;ES", "612 34 56 78;ES", "+34-612-345-678;", "0034612345678;US", " +34612345678 ;IT"})
    void shouldNormaliseEveryWritingOfOneNumberToTheSameE164(String input, String region) {
        // Given a Spanish mobile written one of the ways people write it
        // When
        Contact contact = ContactIdentity.parse(input, region);

        // Then
        assertThat(contact.canonical()).isEqualTo("+34612345678");
        assertThat(contact.region()).isEqualTo("ES");
    }

    @Test
    void shouldKnowTheTimeZonesANumberMayBeIn() {
        assertThat(ContactIdentity.parse("+34612345678", null).timeZones())
                .containsExactlyInAnyOrder(ZoneId.of("Europe/Madrid"), ZoneId.of("Atlantic/Canary"));
        assertThat(ContactIdentity.parse("+1 212 555 0123", null).timeZones()).containsExactly(ZoneId.of("America/New_York"));
    }

    @Test
    void shouldRecogniseABusinessScopedUserIdAsIs() {
        // When
        Contact contact = ContactIdentity.parse("ES.1410018717833190", "ES");

        // Then
        assertThat(contact).isEqualTo(new Contact.Bsuid("ES.1410018717833190"));
        assertThat(contact.region()).isEqualTo("ES");
        assertThat(contact.timeZones()).isEmpty();
    }

    @Test
    void shouldBuildTheCanonicalKeyInOnePlace() {
        assertThat(ContactIdentity.key("acme", "612 34 56 78", "ES")).isEqualTo(new ContactKey("acme", "+34612345678"));
        assertThat(ContactIdentity.key("acme", "US.13491208655302741918", null).toString()).isEqualTo("acme|US.13491208655302741918");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"+34612345678", "+390612345678", "+393123456789", "+12125550123", "+14165550123", "+5511912345678", "+80012345678",
            "+447911123456", "+2250712345678", "ES.1410018717833190"})
    void shouldReadBackACanonicalContactExactlyAsTheFullParserWould(String canonical) {
        // Written with a space, so that parse's memo of contacts read as canonical cannot answer: the full parser does.
        assertThat(reading(ContactIdentity.ofCanonical(canonical))).isEqualTo(reading(ContactIdentity.parse(" " + canonical, null)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"+34612345678", "+390612345678", "+12125550123", "+14165550123", "+80012345678", "+447911123456", "ES.1410018717833190"})
    void shouldReadAStoredContactAsTheFullParserWouldOnceAskedForItsRegionAndZones(String canonical) {
        // When
        Contact stored = ContactIdentity.ofStored(canonical);

        // Then
        assertThat(stored).isEqualTo(ContactIdentity.parse(" " + canonical, null));
        assertThat(reading(stored)).isEqualTo(reading(ContactIdentity.parse(" " + canonical, null)));
    }

    @Test
    void shouldRefuseAStoredNumberNoLongerValidOnlyWhenItsRegionOrZonesAreAskedFor() {
        // Given a number a state could hold from an older libphonenumber, which no longer knows its range
        Contact stored = ContactIdentity.ofStored("+34000000000");

        // Then its key still reads; what only libphonenumber can tell is refused, as ofCanonical refuses it
        assertThat(stored.canonical()).isEqualTo("+34000000000");
        assertThatThrownBy(stored::region).isInstanceOf(InvalidContactException.class);
        assertThatThrownBy(stored::timeZones).isInstanceOf(InvalidContactException.class);
    }

    @ParameterizedTest(name = "''{0}'' → {1}")
    @CsvSource(delimiter = ';', value = {
            "+34612345678;true", "ES.1410018717833190;true", "+3412345678;true", "+4980012345678907;true",
            "+34 612345678;false", "' +34612345678';false", "0034612345678;false", "612345678;false", "+999612345678;false",
            "es.1410018717833190;false", "'ES.1410018717833190 ';false", "+34-612345678;false"})
    void shouldTellACanonicalFormWithoutAskingWhetherTheNumberExists(String contact, boolean canonical) {
        assertThat(ContactIdentity.isCanonicalForm(contact)).isEqualTo(canonical);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"+34612345678", "+390612345678", "+12125550123", "+447911123456", "ES.1410018717833190"})
    void shouldParseAContactReadAsCanonicalToWhatTheFullParserGivesWhateverTheRegion(String canonical) {
        ContactIdentity.ofCanonical(canonical); // now in the memo parse answers from
        for (String region : new String[] {null, "ES", "US"}) {
            assertThat(ContactIdentity.parse(canonical, region)).isEqualTo(ContactIdentity.parse(" " + canonical, region));
        }
    }

    /**
     * ofCanonical reads a number's type once for its validity and its time zones (issue 17); the full parser asks
     * libphonenumber's isValidNumber and getTimeZonesForNumber. Every example number of every region, type and
     * non-geographical calling code, and each one digit shorter and longer, is read alike by both, or refused by both.
     */
    @Test
    void shouldReadEveryExampleNumberAsCanonicalExactlyAsTheFullParserWould() {
        // Given
        PhoneNumberUtil phoneNumbers = PhoneNumberUtil.getInstance();
        List<Phonenumber.PhoneNumber> examples = new ArrayList<>();
        for (String region : phoneNumbers.getSupportedRegions()) {
            for (PhoneNumberUtil.PhoneNumberType type : PhoneNumberUtil.PhoneNumberType.values()) {
                examples.add(phoneNumbers.getExampleNumberForType(region, type));
            }
        }
        phoneNumbers.getSupportedGlobalNetworkCallingCodes().forEach(code -> examples.add(phoneNumbers.getExampleNumberForNonGeoEntity(code)));
        Set<String> numbers = new TreeSet<>();
        examples.stream().filter(Objects::nonNull).map(number -> phoneNumbers.format(number, PhoneNumberUtil.PhoneNumberFormat.E164))
                .forEach(e164 -> numbers.addAll(List.of(e164, e164.substring(0, e164.length() - 1), e164 + "7")));
        assertThat(numbers).hasSizeGreaterThan(1000);

        // Then
        assertThat(numbers).allSatisfy(e164 -> assertThat(readOrRefused(() -> ContactIdentity.ofCanonical(e164)))
                .isEqualTo(readOrRefused(() -> ContactIdentity.parse(" " + e164, null))));
        // and parse, given the canonical form, reads it as the full parser does, whatever the business's region
        assertThat(numbers).allSatisfy(e164 -> assertThat(readOrRefused(() -> ContactIdentity.parse(e164, "US")))
                .isEqualTo(readOrRefused(() -> ContactIdentity.parse(" " + e164, "US"))));
        // and the routing's check of the form takes every valid one as canonical
        assertThat(numbers).filteredOn(e164 -> !"refused".equals(readOrRefused(() -> ContactIdentity.ofCanonical(e164))))
                .isNotEmpty()
                .allSatisfy(e164 -> assertThat(ContactIdentity.isCanonicalForm(e164)).as(e164).isTrue());
    }

    private static Object readOrRefused(Supplier<Contact> read) {
        try {
            return reading(read.get());
        } catch (InvalidContactException refused) {
            return "refused";
        }
    }

    /** What a reading gives: contacts are equal by their canonical form alone. */
    private static List<Object> reading(Contact contact) {
        return List.of(contact.getClass(), contact.canonical(), contact.region(), contact.timeZones());
    }

    @Test
    void shouldRefuseAStoredContactThatIsNotAValidNumber() {
        assertThatThrownBy(() -> ContactIdentity.ofCanonical("+3412")).isInstanceOf(InvalidContactException.class);
        assertThatThrownBy(() -> ContactIdentity.ofCanonical("+34000000000")).isInstanceOf(InvalidContactException.class);
    }

    @Test
    void shouldSayANullOrEmptyContactIsBlankWhicheverWayItIsRead() {
        assertThatThrownBy(() -> ContactIdentity.parse(null, "ES")).isInstanceOf(InvalidContactException.class).hasMessageContaining("is blank");
        assertThatThrownBy(() -> ContactIdentity.ofCanonical("")).isInstanceOf(InvalidContactException.class).hasMessageContaining("is blank");
        assertThatThrownBy(() -> ContactIdentity.ofCanonical(null)).isInstanceOf(InvalidContactException.class).hasMessageContaining("is blank");
    }

    @ParameterizedTest(name = "''{0}'' → {2}")
    @CsvSource(delimiter = ';', value = {
            "612345678;;has no country code",
            "+34 1234;ES;too short",
            "+34 6123456789012345;ES;too long",
            "+999 612345678;ES;unknown country code",
            "+34 912 000 000 000;ES;too long",
            "hello;ES;contains letters but is not a BSUID",
            "1-800-FLOWERS;US;contains letters",
            "es.1410018717833190;ES;contains letters but is not a BSUID",
            "ES-1410018717833190;ES;contains letters but is not a BSUID",
            "' ';ES;is blank"})
    void shouldRefuseWhatIsNeitherANumberNorABsuidSayingWhyWithoutQuotingTheInput(String input, String region, String why) {
        assertThatThrownBy(() -> ContactIdentity.parse(input, region))
                .isInstanceOfSatisfying(InvalidContactException.class, e -> assertThat(e.reason()).contains(why))
                .hasMessageContaining(why)
                .hasMessageNotContaining("'" + input + "'");
    }
}
