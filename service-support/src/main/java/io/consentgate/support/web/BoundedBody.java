package io.consentgate.support.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.springframework.util.unit.DataSize;

/**
 * Reads request bodies with a size limit, so that no caller can make the service buffer more than an
 * endpoint accepts. A declared Content-Length over the limit is refused before reading anything.
 */
public final class BoundedBody {

    private BoundedBody() {
    }

    /** The whole body, at most {@code limit} bytes. */
    public static byte[] read(HttpServletRequest request, DataSize limit) {
        try (InputStream in = stream(request, limit)) {
            return in.readAllBytes();
        } catch (IOException e) {
            // The client stopped sending (or the connection broke): its request, not a fault of the service.
            throw new InvalidRequestException("the body could not be read to its end: send it again", List.of(new FieldProblem("$", "was cut short")));
        }
    }

    /** The body as a stream that fails with {@link BodyTooLargeException} past {@code limit} bytes. */
    public static InputStream stream(HttpServletRequest request, DataSize limit) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > limit.toBytes()) {
            throw new BodyTooLargeException(limit);
        }
        return new Limited(request.getInputStream(), limit);
    }

    private static final class Limited extends FilterInputStream {

        private final DataSize limit;
        private long remaining;

        Limited(InputStream in, DataSize limit) {
            super(in);
            this.limit = limit;
            this.remaining = limit.toBytes();
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            remaining -= n;
            if (remaining < 0) {
                throw new BodyTooLargeException(limit);
            }
        }
    }
}
