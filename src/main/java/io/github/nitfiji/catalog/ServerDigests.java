package io.github.nitfiji.catalog;

import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The SHA-256 a server states for the file it sends, used only when the card has none. Sources:
 * Hugging Face's {@code X-Linked-Etag} (the LFS object's SHA-256, on the redirect response),
 * RFC 3230 {@code Digest: sha-256=<base64>}, RFC 9530 {@code Repr-Digest: sha-256=:<base64>:}
 * (both describe the whole file) and {@code Content-Digest} (describes the body actually sent,
 * so it only counts for a full 200 response, not for a resumed range).
 */
final class ServerDigests {
    private ServerDigests() {
    }

    /** Looks through one response's headers; {@code fullBody} says whether the body is the whole file. */
    static Optional<String> sha256(Map<String, List<String>> rawHeaders, boolean fullBody) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        rawHeaders.forEach((k, v) -> {
            if (k != null) {
                headers.put(k, v);
            }
        });
        Optional<String> s = first(headers, "X-Linked-Etag").map(ServerDigests::fromEtag);
        if (s.isPresent() && s.get() != null) {
            return s;
        }
        for (String name : fullBody ? new String[] {"Repr-Digest", "Digest", "Content-Digest"}
                                    : new String[] {"Repr-Digest", "Digest"}) {
            Optional<String> v = first(headers, name).map(ServerDigests::fromDigestField);
            if (v.isPresent() && v.get() != null) {
                return v;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(String.join(",", values));
    }

    /** {@code "abc..."} or {@code W/"abc..."} -> the hex digest, if it is one. */
    static String fromEtag(String etag) {
        String v = etag.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        v = v.replace("\"", "").toLowerCase(Locale.ROOT);
        return v.matches("[0-9a-f]{64}") ? v : null;
    }

    /** {@code sha-256=<b64>} or {@code sha-256=:<b64>:}, possibly among other algorithms. */
    static String fromDigestField(String field) {
        for (String item : field.split(",")) {
            int eq = item.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String alg = item.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            if (!alg.equals("sha-256")) {
                continue;
            }
            String value = item.substring(eq + 1).trim();
            if (value.startsWith(":") && value.endsWith(":") && value.length() > 1) {
                value = value.substring(1, value.length() - 1);
            }
            try {
                byte[] bytes = Base64.getDecoder().decode(value);
                if (bytes.length == 32) {
                    return Sha256.hex(bytes);
                }
            } catch (IllegalArgumentException e) {
                // Not base64: not a digest we can use.
            }
        }
        return null;
    }
}
