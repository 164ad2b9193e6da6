package io.berth.wire.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 in the {@code Authorization} header, for one region and service.
 *
 * <p>The path is taken as it goes on the wire (already percent-encoded) and used as the canonical
 * URI unchanged; the query string is decoded and re-encoded the way SigV4 wants (RFC 3986, sorted
 * by name then value). Every header passed in is signed, plus {@code x-amz-date} and, with session
 * credentials, {@code x-amz-security-token}. Thread-safe and stateless.
 */
public final class SigV4Signer {
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    /** SHA-256 of the empty string, the payload hash of a request without a body. */
    public static final String EMPTY_PAYLOAD_SHA256 =
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private final String accessKeyId;
    private final String secretAccessKey;
    private final String sessionToken;
    private final String region;
    private final String service;

    public SigV4Signer(String accessKeyId, String secretAccessKey, String sessionToken, String region, String service) {
        if (accessKeyId == null || accessKeyId.isEmpty()) throw new IllegalArgumentException("access key id is empty");
        if (secretAccessKey == null) throw new IllegalArgumentException("secret access key is null");
        if (region == null || region.isEmpty()) throw new IllegalArgumentException("region is empty");
        if (service == null || service.isEmpty()) throw new IllegalArgumentException("service is empty");
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.sessionToken = sessionToken == null || sessionToken.isEmpty() ? null : sessionToken;
        this.region = region;
        this.service = service;
    }

    public SigV4Signer(String accessKeyId, String secretAccessKey, String region, String service) {
        this(accessKeyId, secretAccessKey, null, region, service);
    }

    /**
     * The headers to add to a request: {@code X-Amz-Date}, {@code Authorization} and, with session
     * credentials, {@code X-Amz-Security-Token}.
     *
     * @param headers the headers to sign, at least {@code host}; names in any case
     * @param payloadSha256 lowercase hex SHA-256 of the body ({@link #EMPTY_PAYLOAD_SHA256} for none)
     */
    public Map<String, String> sign(String method, String path, String query, Map<String, String> headers,
            String payloadSha256, Instant now) {
        String amzDate = AMZ_DATE.format(now);
        String date = amzDate.substring(0, 8);
        TreeMap<String, String> canonical = new TreeMap<>();
        headers.forEach((name, value) -> canonical.put(name.toLowerCase(Locale.ROOT), trimValue(value)));
        canonical.put("x-amz-date", amzDate);
        if (sessionToken != null) canonical.put("x-amz-security-token", sessionToken);
        if (!canonical.containsKey("host")) throw new IllegalArgumentException("the host header must be signed");

        StringBuilder headerBlock = new StringBuilder();
        canonical.forEach((k, v) -> headerBlock.append(k).append(':').append(v).append('\n'));
        String signedHeaders = String.join(";", canonical.keySet());
        String canonicalRequest = method.toUpperCase(Locale.ROOT) + '\n'
                + (path == null || path.isEmpty() ? "/" : path) + '\n'
                + canonicalQuery(query) + '\n'
                + headerBlock + '\n'
                + signedHeaders + '\n'
                + payloadSha256;

        String scope = date + '/' + region + '/' + service + "/aws4_request";
        String stringToSign = ALGORITHM + '\n' + amzDate + '\n' + scope + '\n' + sha256Hex(canonicalRequest);
        byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        String signature = HEX.formatHex(hmac(key, stringToSign));

        Map<String, String> out = new LinkedHashMap<>();
        out.put("X-Amz-Date", amzDate);
        if (sessionToken != null) out.put("X-Amz-Security-Token", sessionToken);
        out.put("Authorization", ALGORITHM + " Credential=" + accessKeyId + '/' + scope
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature);
        return out;
    }

    public static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256Hex(byte[] data) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Query parameters decoded, then RFC 3986-encoded, sorted by encoded name and value. */
    static String canonicalQuery(String query) {
        if (query == null || query.isEmpty()) return "";
        List<String[]> pairs = new ArrayList<>();
        for (String part : query.split("&")) {
            if (part.isEmpty()) continue;
            int eq = part.indexOf('=');
            String name = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? "" : part.substring(eq + 1);
            pairs.add(new String[] {uriEncode(percentDecode(name)), uriEncode(percentDecode(value))});
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringBuilder sb = new StringBuilder();
        for (String[] p : pairs) {
            if (!sb.isEmpty()) sb.append('&');
            sb.append(p[0]).append('=').append(p[1]);
        }
        return sb.toString();
    }

    /** RFC 3986 encoding: everything but unreserved characters, as uppercase %XX of UTF-8 bytes. */
    public static String uriEncode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                sb.append(c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    private static String percentDecode(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) return s;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else if (c == '+') {
                out.write(' ');
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String trimValue(String value) {
        return value == null ? "" : value.strip().replaceAll("\\s+", " ");
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
