package io.berth.registry.http;

import io.berth.registry.ErrorCode;
import io.berth.registry.RegistryException;
import io.berth.registry.blob.Uploads;
import java.util.function.Consumer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * Feeds a request body to an upload as Jetty hands it over, without parking a thread between
 * chunks. docker sends a layer as one long chunked body that trickles in a few KiB at a time;
 * reading it through a blocking stream cost a virtual-thread park and unpark, a selector wake-up
 * and their JIT warm-up per chunk. Here the read loop is a non-blocking demand callback, so Jetty
 * runs it where the bytes arrive and each chunk is hashed and written to the page cache on the spot.
 * When the body ends, {@code then} runs on a virtual thread of its own, since closing an upload
 * waits for fsync and commits a record. A failure at any point aborts the appender (the session is
 * back where it was) and answers with the registry's error document.
 */
final class BodyPump implements Invocable.Task {
    private final Exchange x;
    private final Uploads.Appender appender;
    private final Consumer<Uploads.Appender> then;

    private BodyPump(Exchange x, Uploads.Appender appender, Consumer<Uploads.Appender> then) {
        this.x = x;
        this.appender = appender;
        this.then = then;
    }

    /** Starts reading {@code x}'s body into {@code appender}; returns at once. */
    static void start(Exchange x, Uploads.Appender appender, Consumer<Uploads.Appender> then) {
        new BodyPump(x, appender, then).run();
    }

    @Override
    public void run() {
        while (true) {
            Content.Chunk chunk = x.request.read();
            if (chunk == null) {
                x.request.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                fail(new RegistryException(ErrorCode.BLOB_UPLOAD_INVALID, "upload interrupted: " + chunk.getFailure().getMessage()));
                return;
            }
            boolean last = chunk.isLast();
            try {
                appender.write(chunk.getByteBuffer());
            } catch (RuntimeException e) {
                fail(e);
                return;
            } finally {
                chunk.release();
            }
            if (last) {
                Thread.ofVirtual().name("registry-upload").start(this::finish);
                return;
            }
        }
    }

    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }

    private void finish() {
        try {
            then.accept(appender);
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    private void fail(RuntimeException e) {
        appender.abort();
        RegistryHandler.fail(x, e);
    }
}
