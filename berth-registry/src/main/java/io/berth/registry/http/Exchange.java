package io.berth.registry.http;

import io.berth.wire.Json;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/** One registry request and its response: small helpers so the routes read like the spec. */
final class Exchange {
    private static final int FILE_BUFFER = 256 * 1024;

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

    String query(String name) {
        if (query == null) query = Request.extractQueryParameters(request);
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

    /** Streams {@code length} bytes of a file from {@code offset}, without blocking a thread on the socket. */
    void file(int status, String contentType, Path file, long offset, long length) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
        if ("HEAD".equals(method)) {
            response.write(true, null, callback);
            return;
        }
        ByteBufferPool.Sized pool = new ByteBufferPool.Sized(request.getComponents().getByteBufferPool(), true, FILE_BUFFER);
        Content.copy(Content.Source.from(pool, file, offset, length), response, callback);
    }
}
