package io.consentgate.faults;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Request bodies that no endpoint may accept, built from a valid body so that they get as far as possible, and each
 * carrying the marker phone number and name, so that a response or a log that repeats personal data shows it.
 * Every body here is invalid by construction (broken JSON, a wrong type, a value outside an enum, an unknown
 * property, nesting too deep, a control character): a fuzzed body that happened to be valid would be recorded, and
 * that is not a hostile call.
 */
final class HostileBodies {

    /** A Spanish mobile nobody has: what a leak of a phone number looks like in a response or a log. */
    static final String MARKER_PHONE = "+34612987654";
    /** The same digits as a log line might print them, without the plus. */
    static final String MARKER_DIGITS = "612987654";
    static final String MARKER_NAME = "Zelda Markerova";

    private HostileBodies() {
    }

    /** A named body. */
    record Body(String name, byte[] bytes) {
        static Body of(String name, String text) {
            return new Body(name, text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * {@code count} hostile variants of {@code valid} (a JSON object whose string fields include the markers): random
     * bytes, the body cut short, a control character inserted, a field's value replaced by a wrong type, the marker
     * name and phone in a field that only takes certain values; and the fixed ones: an array, a bare string, nesting
     * too deep; where the endpoint requires a body ({@code bodyRequired}), empty, null and {@code {}}; where it refuses
     * unknown properties ({@code refusesUnknown}), an unknown property.
     *
     * @param typeFields   fields whose value may be replaced by an object or an array (the endpoint takes a string there)
     * @param markerFields fields that only take certain values (an enum, a number format), so the markers there are refused
     */
    static List<Body> fuzzed(String valid, List<String> typeFields, List<String> markerFields, boolean bodyRequired, boolean refusesUnknown,
                             int count, Random random) {
        List<Body> bodies = new ArrayList<>(List.of(
                Body.of("array", "[" + valid + "]"),
                Body.of("string", "\"" + MARKER_NAME + " " + MARKER_PHONE + "\""),
                Body.of("deep-nesting", "{\"a\":" + "[".repeat(100_000) + "\"" + MARKER_NAME + "\"" + "]".repeat(100_000) + "}")));
        if (bodyRequired) {
            bodies.add(Body.of("empty", ""));
            bodies.add(Body.of("null", "null"));
            bodies.add(Body.of("empty-object", "{}"));
        }
        if (refusesUnknown) {
            bodies.add(Body.of("unknown-property", valid.substring(0, valid.lastIndexOf('}')) + ",\"zzUnknown\":\"" + MARKER_NAME + "\"}"));
        }
        int kinds = markerFields.isEmpty() ? 5 : 6;
        for (int i = 0; bodies.size() < count; i++) {
            String field = typeFields.get(random.nextInt(typeFields.size()));
            bodies.add(switch (i % kinds) {
                case 0 -> randomBytes(random);
                case 1 -> Body.of("truncated", valid.substring(0, 1 + random.nextInt(valid.length() - 2)));
                case 2 -> {
                    int at = 1 + random.nextInt(valid.length() - 2);
                    yield Body.of("control-char", valid.substring(0, at) + '\u0001' + valid.substring(at));
                }
                case 3 -> Body.of("object-in-" + field, replaceValue(valid, field, "{\"n\":[\"" + MARKER_NAME + "\",{}]}"));
                case 4 -> Body.of("array-in-" + field, replaceValue(valid, field, "[[\"" + MARKER_PHONE + "\"]]"));
                default -> {
                    String markerField = markerFields.get(random.nextInt(markerFields.size()));
                    yield Body.of("marker-in-" + markerField, replaceValue(valid, markerField, "\"" + MARKER_NAME + " " + MARKER_PHONE + "\""));
                }
            });
        }
        return bodies;
    }

    /** Bytes that are not JSON: the first one never opens a value. */
    static Body randomBytes(Random random) {
        byte[] bytes = new byte[1 + random.nextInt(2_000)];
        random.nextBytes(bytes);
        bytes[0] = '#';
        return new Body("random-bytes", bytes);
    }

    /** A JSON object whose first string is {@code megabytes} MB long: valid JSON, far past any endpoint's limit. */
    static byte[] huge(int megabytes) {
        byte[] bytes = new byte[megabytes * 1024 * 1024];
        Arrays.fill(bytes, (byte) 'a');
        byte[] head = ("{\"contact\":\"" + MARKER_PHONE + "\",\"businessName\":\"").getBytes(StandardCharsets.UTF_8);
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[bytes.length - 2] = '"';
        bytes[bytes.length - 1] = '}';
        return bytes;
    }

    /** {@code valid} with the value of {@code "field": "..."} (a string value) replaced by {@code json}. */
    static String replaceValue(String valid, String field, String json) {
        String name = "\"" + field + "\":";
        int start = valid.indexOf(name);
        if (start < 0) {
            throw new IllegalArgumentException(field + " is not in " + valid);
        }
        int valueStart = start + name.length();
        while (valid.charAt(valueStart) == ' ') {
            valueStart++;
        }
        int valueEnd = valueEnd(valid, valueStart);
        return valid.substring(0, valueStart) + json + valid.substring(valueEnd);
    }

    /** The end of the JSON value starting at {@code start} (a string, or a bracketed array or object). */
    private static int valueEnd(String json, int start) {
        char first = json.charAt(start);
        if (first == '"') {
            int i = start + 1;
            while (json.charAt(i) != '"') {
                i += json.charAt(i) == '\\' ? 2 : 1;
            }
            return i + 1;
        }
        int depth = 0;
        boolean inString = false;
        for (int i = start; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                depth++;
            } else if (c == ']' || c == '}') {
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            } else if (depth == 0 && (c == ',')) {
                return i;
            }
        }
        throw new IllegalArgumentException("no end of the value at " + start + " in " + json);
    }
}
