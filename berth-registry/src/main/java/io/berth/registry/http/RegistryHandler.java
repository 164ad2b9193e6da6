package io.berth.registry.http;

import io.berth.registry.ErrorCode;
import io.berth.registry.ImageService;
import io.berth.registry.Names;
import io.berth.registry.RegistryException;
import io.berth.registry.auth.Tokens;
import io.berth.registry.blob.Uploads;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OCI distribution API under {@code /v2/} and docker's token endpoint ({@link TokenEndpoint});
 * anything else goes to {@code next}. Every /v2/ request must carry a registry token (Basic
 * {@code AWS:<token>} as docker login sends it, or Bearer {@code <token>}); others get 401 with a
 * Basic challenge. Refusals are the spec's error document {@code {"errors":[{code, message,
 * detail}]}}; nothing internal leaks to the client.
 */
public final class RegistryHandler extends Handler.Abstract {
    private static final Logger log = LoggerFactory.getLogger(RegistryHandler.class);
    static final String API_VERSION = "Docker-Distribution-API-Version";
    private static final List<String> READS = List.of("GET", "HEAD");
    /** Query parameter carrying a token in the URLs GetDownloadUrlForLayer hands out. */
    public static final String TOKEN_PARAM = "X-Berth-Token";

    private final Tokens tokens;
    private final Supplier<String> baseUrl;
    private final Handler next;
    private final BlobEndpoints blobs;
    private final ManifestEndpoints manifests;
    private final TokenEndpoint tokenEndpoint;

    public RegistryHandler(ImageService images, Uploads uploads, Tokens tokens, Supplier<String> baseUrl, Handler next) {
        this.tokens = tokens;
        this.baseUrl = baseUrl;
        this.next = next;
        this.blobs = new BlobEndpoints(images, uploads);
        this.manifests = new ManifestEndpoints(images);
        this.tokenEndpoint = new TokenEndpoint(tokens, baseUrl);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getPath();
        if (TokenEndpoint.PATH.equals(path)) {
            tokenEndpoint.handle(new Exchange(request, response, callback));
            return true;
        }
        if (path == null || !(path.equals("/v2") || path.startsWith("/v2/"))) {
            return next != null && next.handle(request, response, callback);
        }
        Exchange x = new Exchange(request, response, callback);
        x.header(API_VERSION, "registry/2.0");
        try {
            if (!authorized(x)) {
                x.header("WWW-Authenticate", challenge(baseUrl.get()));
                throw new RegistryException(ErrorCode.UNAUTHORIZED,
                        "authentication required: docker login with the password from aws ecr get-login-password");
            }
            route(x, path.length() <= 4 ? "" : path.substring(4));
        } catch (RuntimeException e) {
            fail(x, e);
        }
        return true;
    }

    /** Answers {@code x} with {@code e}'s error document; anything but a RegistryException is a logged 500. */
    static void fail(Exchange x, RuntimeException e) {
        if (e instanceof RegistryException re) {
            error(x, re);
            return;
        }
        log.error("registry request {} {} failed", x.method, x.request.getHttpURI().getPath(), e);
        error(x, new RegistryException(ErrorCode.UNSUPPORTED, 500, "ServerException", "internal error; see the server log", null));
    }

    private void route(Exchange x, String rest) {
        if (rest.isEmpty()) {
            if (!x.method.equals("GET") && !x.method.equals("HEAD")) throw unsupported(x, READS);
            x.json(200, Map.of());
            return;
        }
        Routes.Match m = Routes.match(rest);
        if (m == null) throw new RegistryException(ErrorCode.UNSUPPORTED, 404, "InvalidParameterException", "no such endpoint /v2/" + rest, null);
        if (m.name() != null && !Names.validRepository(m.name())) {
            throw new RegistryException(ErrorCode.NAME_INVALID, "invalid repository name '" + m.name() + "'");
        }
        switch (m.route()) {
            case CATALOG -> on(x, READS, () -> manifests.catalog(x));
            case TAGS -> on(x, READS, () -> manifests.tags(x, m.name()));
            case REFERRERS -> on(x, READS, () -> manifests.referrers(x, m.name(), m.ref()));
            case MANIFEST -> {
                switch (x.method) {
                    case "GET", "HEAD" -> manifests.get(x, m.name(), m.ref());
                    case "PUT" -> manifests.put(x, m.name(), m.ref());
                    case "DELETE" -> manifests.delete(x, m.name(), m.ref());
                    default -> throw unsupported(x, List.of("GET", "HEAD", "PUT", "DELETE"));
                }
            }
            case BLOB -> on(x, READS, () -> blobs.get(x, m.name(), m.ref()));
            case UPLOADS -> on(x, List.of("POST"), () -> blobs.start(x, m.name()));
            case UPLOAD -> {
                switch (x.method) {
                    case "GET" -> blobs.status(x, m.name(), m.ref());
                    case "PATCH" -> blobs.patch(x, m.name(), m.ref());
                    case "PUT" -> blobs.finish(x, m.name(), m.ref());
                    case "DELETE" -> blobs.cancel(x, m.name(), m.ref());
                    default -> throw unsupported(x, List.of("GET", "PATCH", "PUT", "DELETE"));
                }
            }
        }
    }

    private static void on(Exchange x, List<String> methods, Runnable action) {
        if (!methods.contains(x.method)) throw unsupported(x, methods);
        action.run();
    }

    /** 405, with the methods the path takes in {@code Allow} (RFC 9110). */
    private static RegistryException unsupported(Exchange x, List<String> allowed) {
        x.header("Allow", String.join(", ", allowed));
        return new RegistryException(ErrorCode.UNSUPPORTED, 405, "InvalidParameterException",
                "method " + x.method + " is not supported here", null);
    }

    /** ECR's challenge: Basic, so docker sends the password from docker login with every request. */
    static String challenge(String baseUrl) {
        return "Basic realm=\"" + baseUrl + "/\",service=\"ecr.amazonaws.com\"";
    }

    private boolean authorized(Exchange x) {
        String h = x.header("Authorization");
        if (h != null && h.regionMatches(true, 0, "Basic ", 0, 6)) return Tokens.fromBasic(h).filter(tokens::valid).isPresent();
        if (h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)) return tokens.valid(h.substring(7).strip());
        String q;
        try {
            q = x.query(TOKEN_PARAM);
        } catch (RegistryException unreadable) {
            return false;
        }
        return q != null && tokens.valid(q) && (x.method.equals("GET") || x.method.equals("HEAD"));
    }

    static void error(Exchange x, RegistryException e) {
        if (x.response.isCommitted()) {
            x.callback.failed(e);
            return;
        }
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("code", e.code().name());
        err.put("message", e.getMessage());
        if (e.detail() != null) err.put("detail", e.detail());
        x.json(e.status(), Map.of("errors", List.of(err)));
    }
}
