package io.consentgate.domain.identity;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber;
import io.consentgate.schemas.ContactKey;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Turns what people and systems write into a canonical {@link Contact}: {@code +34 612 34 56 78},
 * {@code 0034612345678} and {@code 612345678} (default region ES) are all {@code +34612345678}.
 */
public final class ContactIdentity {

    /**
     * Meta documents a BSUID as "a two-letter country code, a period, then an alphanumeric string"
     * (e.g. {@code US.13491208655302741918}) to be stored exactly as received; the 128-character
     * bound only keeps garbage out.
     */
    private static final Pattern BSUID = Pattern.compile("[A-Z]{2}\\.[A-Za-z0-9]{1,128}");
    /** libphonenumber reads letters as vanity digits (1-800-FLOWERS); a contact never contains any. */
    private static final Pattern LETTER = Pattern.compile("\\p{L}");

    private static final PhoneNumberUtil PHONE_NUMBERS = PhoneNumberUtil.getInstance();
    private static final PhoneNumberToTimeZonesMapper TIME_ZONES = PhoneNumberToTimeZonesMapper.getInstance();
    private static final String UNKNOWN_REGION = "ZZ";
    /**
     * Indexed by calling code (at most three digits): a lookup in an array rather than libphonenumber's boxed map, and loops
     * rather than streams, in the first reading of every contact (issue 17: fromE164 was a third of it in the fold).
     */
    private static final boolean[] CALLING_CODES = callingCodes();
    /** The mapper answers with a few hundred distinct lists; resolving their ids once saves work on every state read. */
    private static final Map<List<String>, List<ZoneId>> ZONE_LISTS = new ConcurrentHashMap<>();
    /** The zones of a calling code's numbers that are not geographical (mobile in many countries), by calling code. */
    private static final Map<Integer, List<ZoneId>> COUNTRY_LEVEL_ZONES = new ConcurrentHashMap<>();
    /**
     * Contacts read back from stores, by their canonical form: the gate reads the same contacts again and
     * again, and even the fast path through libphonenumber (validity, region, time zones) was 13% of its
     * stream thread in the end-to-end profile. Contacts are immutable, so sharing them is safe.
     */
    private static final Map<String, Contact> RECENT_CANONICAL = new ConcurrentHashMap<>();
    private static final int RECENT_CANONICAL_LIMIT = 100_000;

    private ContactIdentity() {
    }

    /**
     * @param defaultRegion the business's region for national formats (e.g. {@code ES}); null when
     *                      only international formats are acceptable
     * @throws InvalidContactException saying why the input is refused (without quoting it)
     */
    public static Contact parse(String input, String defaultRegion) {
        Contact canonical = knownOrValidE164(input);
        return canonical != null ? canonical : parseInFull(input, defaultRegion);
    }

    /**
     * A contact read back from a topic or store, where it is canonical already. libphonenumber's
     * general parser costs microseconds, most of a state read; an E.164 string is taken apart
     * directly and checked by formatting it back. Anything else is read as {@link #parse} reads it without a region.
     */
    public static Contact ofCanonical(String canonical) {
        Contact known = knownOrValidE164(canonical);
        if (known != null) {
            return known;
        }
        Contact contact = parseInFull(canonical, null);
        remember(canonical, contact);
        return contact;
    }

    /**
     * A contact read back from a state this service stored, where it was canonical and valid when stored: a phone number
     * reads its region and time zones from libphonenumber only when first asked for ({@link Contact.PhoneNumber}).
     */
    public static Contact ofStored(String canonical) {
        if (!canonical.startsWith("+")) {
            return ofCanonical(canonical);
        }
        Contact known = RECENT_CANONICAL.get(canonical);
        return known != null ? known : new Contact.PhoneNumber(canonical);
    }

    /** A stored number's region and time zones, when first asked for; a number no longer valid is refused as {@link #ofCanonical} refuses it. */
    static Contact.PhoneNumber readPhoneNumber(String canonical) {
        if (ofCanonical(canonical) instanceof Contact.PhoneNumber number && number.canonical().equals(canonical)) {
            return number;
        }
        throw new InvalidContactException("is not a phone number written canonically");
    }

    /**
     * Whether {@code contact} is written as {@link #ofCanonical} would write it (E.164, or a BSUID as received). A number
     * in E.164 form is taken without asking libphonenumber whether it exists: a request's routing needs only the form,
     * and the decision refuses a number that does not exist with the reason {@link #parse} gives, as it does for any
     * contact without a state. Anything else is read in full (a BSUID, or a number longer than E.164's 15 digits that
     * libphonenumber still knows).
     */
    public static boolean isCanonicalForm(String contact) {
        if (contact.startsWith("+") && fromE164(contact) != null) {
            return true;
        }
        try {
            return ofCanonical(contact).canonical().equals(contact);
        } catch (InvalidContactException notAContact) {
            return false;
        }
    }

    private static void remember(String canonical, Contact contact) {
        if (RECENT_CANONICAL.size() >= RECENT_CANONICAL_LIMIT) {
            // Emptied rather than evicted one by one: a hot working set refills it at once, and the bound is all that matters.
            RECENT_CANONICAL.clear();
        }
        RECENT_CANONICAL.put(canonical, contact);
    }

    /**
     * A contact the gate has read already, or a valid number written in E.164, or null. A request's contact is usually one
     * read from a topic or store before (issue 17: the general parser was ~5% of the gate's decisions); the memo holds only
     * contacts read without a region, whose reading no region changes (E.164, 00…, BSUID). A number in E.164 is read
     * directly, which is what the general parser gives whatever the region (ContactIdentityTest), in a fraction of its time.
     */
    private static Contact knownOrValidE164(String input) {
        if (input == null) {
            return null;
        }
        Contact known = RECENT_CANONICAL.get(input);
        if (known != null) {
            return known;
        }
        Contact number = input.startsWith("+") ? validE164(input) : null;
        if (number != null) {
            remember(input, number);
        }
        return number;
    }

    /** Everything that is not a known contact or a valid E.164 number: a BSUID, a national or "00" format, or garbage refused. */
    private static Contact parseInFull(String input, String defaultRegion) {
        if (input == null || input.isBlank()) {
            throw new InvalidContactException("is blank: expected an E.164 number or a BSUID such as ES.1410018717833190");
        }
        String trimmed = input.strip();
        if (BSUID.matcher(trimmed).matches()) {
            return new Contact.Bsuid(trimmed);
        }
        if (LETTER.matcher(trimmed).find()) {
            throw new InvalidContactException("contains letters but is not a BSUID (two-letter country code, '.', alphanumeric id)");
        }
        return parsePhoneNumber(input, trimmed, defaultRegion);
    }

    /**
     * The contact of a valid number in E.164, or null when {@code e164} is not one (the general parser then says why).
     * {@code isValidNumberForRegion} of the number's own region is "its type, read with that region's metadata, is known",
     * and {@code getTimeZonesForNumber} starts by reading the type again (a third of a new contact's first reading, issue 17):
     * the type is read once here, as {@code getNumberType} reads it (with the same region), and serves both.
     */
    private static Contact validE164(String e164) {
        Phonenumber.PhoneNumber number = fromE164(e164);
        String region = number == null ? null : PHONE_NUMBERS.getRegionCodeForNumber(number);
        if (region == null) {
            return null;
        }
        PhoneNumberType type = PHONE_NUMBERS.getNumberType(number);
        if (type == PhoneNumberType.UNKNOWN) {
            return null;
        }
        return new Contact.PhoneNumber(e164, region, timeZonesOf(number, type));
    }

    /** Parses and keys in one step, for adapters that receive a raw contact. */
    public static ContactKey key(String businessId, String input, String defaultRegion) {
        return parse(input, defaultRegion).keyAt(businessId);
    }

    private static Contact parsePhoneNumber(String input, String trimmed, String defaultRegion) {
        // "00" is the international prefix almost everywhere; reading it as "+" makes 0034… work
        // whatever the business's region is.
        String international = trimmed.startsWith("00") ? "+" + trimmed.substring(2) : trimmed;
        String region = defaultRegion == null ? UNKNOWN_REGION : defaultRegion;
        Phonenumber.PhoneNumber number;
        try {
            number = PHONE_NUMBERS.parse(international, region);
        } catch (NumberParseException e) {
            throw new InvalidContactException(whyUnparseable(e, defaultRegion));
        }
        if (!PHONE_NUMBERS.isValidNumber(number)) {
            throw new InvalidContactException(whyInvalid(number, defaultRegion));
        }
        return phoneContact(number);
    }

    private static Contact phoneContact(Phonenumber.PhoneNumber number) {
        String numberRegion = PHONE_NUMBERS.getRegionCodeForNumber(number);
        return new Contact.PhoneNumber(
                PHONE_NUMBERS.format(number, PhoneNumberFormat.E164),
                numberRegion == null ? UNKNOWN_REGION : numberRegion,
                timeZonesOf(number));
    }

    /** Country calling codes are a prefix code: the first 1 to 3 digits that name a country are the code. */
    private static Phonenumber.PhoneNumber fromE164(String e164) {
        if (e164.length() < 4 || e164.length() > 16 || !digitsAfterPlus(e164)) {
            return null;
        }
        for (int end = 2; end <= 4; end++) {
            int countryCode = Integer.parseInt(e164, 1, end, 10);
            if (countryCode < CALLING_CODES.length && CALLING_CODES[countryCode]) {
                String national = e164.substring(end);
                int leadingZeros = 0;
                while (leadingZeros < national.length() && national.charAt(leadingZeros) == '0') {
                    leadingZeros++;
                }
                Phonenumber.PhoneNumber number = new Phonenumber.PhoneNumber().setCountryCode(countryCode)
                        .setNationalNumber(Long.parseLong(national));
                if (leadingZeros > 0) {
                    number.setItalianLeadingZero(true).setNumberOfLeadingZeros(leadingZeros);
                }
                return PHONE_NUMBERS.format(number, PhoneNumberFormat.E164).equals(e164) ? number : null;
            }
        }
        return null;
    }

    private static boolean digitsAfterPlus(String e164) {
        for (int i = 1; i < e164.length(); i++) {
            if (!Character.isDigit(e164.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The calling codes libphonenumber knows (those getRegionCodeForCountryCode names a region for, non-geographic ones included). */
    private static boolean[] callingCodes() {
        boolean[] known = new boolean[1000];
        for (int code : PHONE_NUMBERS.getSupportedCallingCodes()) {
            known[code] = true;
        }
        return known;
    }

    private static String whyUnparseable(NumberParseException e, String defaultRegion) {
        return switch (e.getErrorType()) {
            case INVALID_COUNTRY_CODE -> defaultRegion == null
                    ? "has no country code: write it as +<country code><number>"
                    : "has an unknown country code";
            case NOT_A_NUMBER -> "is not a phone number";
            case TOO_SHORT_AFTER_IDD, TOO_SHORT_NSN -> "is too short to be a phone number";
            case TOO_LONG -> "is too long to be a phone number";
        };
    }

    private static String whyInvalid(Phonenumber.PhoneNumber number, String defaultRegion) {
        String where = defaultRegion == null ? "" : " (read with default region " + defaultRegion + ")";
        return switch (PHONE_NUMBERS.isPossibleNumberWithReason(number)) {
            case TOO_SHORT -> "is too short to be a phone number" + where;
            case TOO_LONG -> "is too long to be a phone number" + where;
            case INVALID_COUNTRY_CODE -> "has an unknown country code";
            default -> "is not a valid phone number: no such number range" + where;
        };
    }

    private static List<ZoneId> timeZonesOf(Phonenumber.PhoneNumber number) {
        return zoneIds(TIME_ZONES.getTimeZonesForNumber(number));
    }

    /**
     * What {@code getTimeZonesForNumber} answers for a valid number of this type, without reading its type again: a
     * geographical number's zones by its prefix, another's those of its calling code alone (libphonenumber's country-level
     * lookup depends on nothing else, so it is asked once per calling code).
     */
    private static List<ZoneId> timeZonesOf(Phonenumber.PhoneNumber number, PhoneNumberType type) {
        int callingCode = number.getCountryCode();
        if (PHONE_NUMBERS.isNumberGeographical(type, callingCode)) {
            return zoneIds(TIME_ZONES.getTimeZonesForGeographicalNumber(number));
        }
        return COUNTRY_LEVEL_ZONES.computeIfAbsent(callingCode, code -> zoneIds(TIME_ZONES.getTimeZonesForNumber(number)));
    }

    private static List<ZoneId> zoneIds(List<String> names) {
        return ZONE_LISTS.computeIfAbsent(names, unresolved -> unresolved.stream()
                .filter(zone -> !zone.equals(PhoneNumberToTimeZonesMapper.getUnknownTimeZone()))
                .map(ZoneId::of)
                .toList());
    }
}
