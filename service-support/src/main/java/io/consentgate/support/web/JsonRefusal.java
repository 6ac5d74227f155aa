package io.consentgate.support.web;

import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * Why Jackson refused a request body, in words of our own, and where. Jackson's own messages quote the offending
 * value or token ({@code from String "Zelda …"}, {@code Unrecognized token 'Zelda'}), and a value may be a phone
 * number or a name, which an error answer and a log must not repeat (the hostile-HTTP fault scenario
 * found both).
 */
public final class JsonRefusal {

    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,39}");

    private JsonRefusal() {
    }

    /** What is wrong, never the value. */
    public static String reasonOf(JacksonException e) {
        if (e instanceof UnrecognizedPropertyException) {
            return "is not a property of this request (misspelt?)";
        }
        if (e instanceof InvalidFormatException || e instanceof InputCoercionException) {
            return "has a value of the wrong format or out of range";
        }
        if (e instanceof ValueInstantiationException) {
            return "has a value that cannot be used here";
        }
        if (e instanceof MismatchedInputException) {
            return "has the wrong type (e.g. a string where an object is expected, or an array where a string is)";
        }
        if (e instanceof StreamConstraintsException) {
            return "is nested too deeply or is too long";
        }
        if (e instanceof StreamReadException) {
            TokenStreamLocation where = e.getLocation();
            return "is not valid JSON" + (where == null || where.getLineNr() < 0 ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")");
        }
        return "cannot be read";
    }

    /**
     * {@code scopes[1].category} from Jackson's path; {@code $} when the error is not inside a field. A property name
     * is the caller's text too: one that is not shaped like a field name (letters, digits, '_', up to 40) is not
     * repeated.
     */
    public static String fieldOf(JacksonException e) {
        StringBuilder field = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                String name = reference.getPropertyName();
                field.append(FIELD_NAME.matcher(name).matches() ? name : "<a property not named like a field>");
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.isEmpty() ? "$" : field.toString();
    }
}
