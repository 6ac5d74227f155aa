package io.consentgate.events.capture;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records from a reader: comma-separated, fields optionally in double quotes, a quote inside
 * a quoted field doubled, line breaks (CRLF or LF) inside quotes kept. Empty lines are skipped.
 */
final class CsvRecords {

    /** One record and the line it starts on (1-based); {@code error} says why it cannot be read, if it cannot. */
    record CsvRecord(long line, List<String> fields, String error) {
    }

    private static final int NONE = -2;

    private final Reader reader;
    private long line = 1;
    private int pushedBack = NONE;

    CsvRecords(Reader reader) {
        this.reader = reader;
    }

    /** The next record, or null at the end of the input. */
    CsvRecord next() {
        int c = read();
        while (c == '\r' || c == '\n') {
            endLine(c);
            c = read();
        }
        if (c < 0) {
            return null;
        }
        long start = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean closedQuote = false;
        for (; ; c = read()) {
            if (quoted) {
                if (c < 0) {
                    return new CsvRecord(start, fields, "a quoted field is not closed before the end of the file");
                }
                if (c == '"') {
                    int following = read();
                    if (following != '"') {
                        quoted = false;
                        closedQuote = true;
                        pushedBack = following;
                        continue;
                    }
                } else if (c == '\n') {
                    line++;
                }
                field.append((char) c);
            } else if (c < 0 || c == '\r' || c == '\n') {
                fields.add(field.toString());
                endLine(c);
                return new CsvRecord(start, fields, null);
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                closedQuote = false;
            } else if (closedQuote) {
                skipRestOfLine();
                return new CsvRecord(start, fields, "text after a closing quote: quote the whole field, doubling quotes inside it");
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
            } else {
                field.append((char) c);
            }
        }
    }

    private void skipRestOfLine() {
        int c = read();
        while (c >= 0 && c != '\n' && c != '\r') {
            c = read();
        }
        endLine(c);
    }

    /** Consumes a line break (CR, LF or CRLF) that starts with {@code c}. */
    private void endLine(int c) {
        if (c < 0) {
            return;
        }
        if (c == '\r') {
            int following = read();
            if (following != '\n') {
                pushedBack = following;
            }
        }
        line++;
    }

    private int read() {
        if (pushedBack != NONE) {
            int c = pushedBack;
            pushedBack = NONE;
            return c;
        }
        try {
            return reader.read();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the import", e);
        }
    }
}
