package io.berth.registry.http;

import io.berth.registry.ErrorCode;
import io.berth.registry.RegistryException;
import io.berth.wire.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/** One registry request and its response: small helpers so the routes read like the spec. */
final class Exchange {
    /** How much of a blob is mapped at a time: a mapping stays until the buffer is collected. */
    private static final long FILE_WINDOW = 64L * 1024 * 1024;
    /**
     * Ranges up to this size are read into the heap instead: configs and small layers are most
     * requests, and a mapping per request would pile up between garbage collections, which a server
     * that allocates little runs rarely.
     */
    private static final long SMALL_FILE = 1024 * 1024;

    final Request request;
    final Response response;
    final Callback callback;
    final String method;
    private Fields query;

    Exchange(Request request, Response response, Callback callback) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.method = request.getMethod();
    }

    String header(String name) {
        return request.getHeaders().get(name);
    }

    /** A query parameter; a query that is not percent-encoded UTF-8 is the client's error, not a 500. */
    String query(String name) {
        if (query == null) {
            try {
                query = Request.extractQueryParameters(request);
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new RegistryException(ErrorCode.UNSUPPORTED, 400, "InvalidParameterException",
                        "the query string is not percent-encoded UTF-8", null);
            }
        }
        return query.getValue(name);
    }

    /** The declared body length, or null when the body is chunked or absent. */
    Long length() {
        long n = request.getLength();
        return n < 0 ? null : n;
    }

    InputStream body() {
        return Content.Source.asInputStream(request);
    }

    Exchange header(String name, Object value) {
        response.getHeaders().put(name, String.valueOf(value));
        return this;
    }

    /** Answers with no body. */
    void empty(int status) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
        response.write(true, null, callback);
    }

    void json(int status, Object body) {
        bytes(status, "application/json", Json.bytes(body));
    }

    /** Answers with {@code body}; a HEAD request gets the headers only. */
    void bytes(int status, String contentType, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, (long) body.length);
        response.write(true, "HEAD".equals(method) ? null : ByteBuffer.wrap(body), callback);
    }

    /**
     * Sends {@code length} bytes of a file from {@code offset}: a small range read into the heap, a
     * larger one mapped into memory a window at a time and handed to Jetty as it is, so the kernel
     * copies it from the page cache to the socket without a pass through a Java buffer (the nearest
     * Jetty comes to sendfile). Nothing blocks a thread on the socket: each window is mapped once the
     * previous one is written.
     */
    void file(int status, String contentType, Path file, long offset, long length) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
        if ("HEAD".equals(method) || length == 0) {
            response.write(true, null, callback);
            return;
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new RegistryException(ErrorCode.BLOB_UNKNOWN, "blob " + file.getFileName() + " is no longer stored");
        }
        if (length <= SMALL_FILE) {
            ByteBuffer bytes = ByteBuffer.allocate((int) length);
            try (channel) {
                while (bytes.hasRemaining()) {
                    if (channel.read(bytes, offset + bytes.position()) < 0) throw new IOException("file ends early");
                }
            } catch (IOException e) {
                throw new RegistryException(ErrorCode.BLOB_UNKNOWN, "blob " + file.getFileName() + " could not be read: " + e.getMessage());
            }
            response.write(true, bytes.flip(), callback);
            return;
        }
        new MappedWrite(channel, offset, offset + length).next();
    }

    /** Writes a file's range window by window; closes the file when done or failed. */
    private final class MappedWrite implements Callback {
        private final FileChannel channel;
        private final long end;
        private long position;

        MappedWrite(FileChannel channel, long start, long end) {
            this.channel = channel;
            this.position = start;
            this.end = end;
        }

        void next() {
            ByteBuffer window;
            try {
                long n = Math.min(FILE_WINDOW, end - position);
                window = channel.map(FileChannel.MapMode.READ_ONLY, position, n);
                position += n;
            } catch (IOException | RuntimeException e) {
                failed(e);
                return;
            }
            boolean last = position == end;
            if (last) closeQuietly();
            response.write(last, window, this);
        }

        @Override
        public void succeeded() {
            if (position == end) callback.succeeded();
            else next();
        }

        @Override
        public void failed(Throwable x) {
            closeQuietly();
            callback.failed(x);
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }

        private void closeQuietly() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // read-only; nothing to lose
            }
        }
    }
}
