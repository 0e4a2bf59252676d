package io.github.nitfiji.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One GET request, optionally from a byte offset, following redirects by hand. Following them
 * ourselves keeps the Range header on every hop and keeps the headers of the redirect responses:
 * Hugging Face puts the file's SHA-256 ({@code X-Linked-Etag}) on its 302, not on the CDN answer.
 * HttpURLConnection rather than java.net.http: it has a read timeout for a stalled body.
 *
 * <p>Scheme rules, checked on the first URL and on every redirect: https only, plain http only
 * when the caller allows it (for models: a card that says {@code "allow_http": true}), never from https down
 * to http, and never any other scheme ({@code file:}, {@code ftp:}, {@code jar:}), which would
 * read local files or bypass the checks.
 *
 * <p>An access token, when given, is sent as {@code Authorization: Bearer} only on requests to
 * its origin (scheme, host and port). Hugging Face answers a gated file with a redirect to a CDN
 * host carrying a signed URL; that request, and any other host's, goes without the token.
 */
final class HttpSource {
    private static final int MAX_REDIRECTS = 10;

    /** An open response; close it to release the connection. */
    static final class Response implements AutoCloseable {
        final HttpURLConnection connection;
        final int code;
        final URL url;
        /** Headers of every response in the redirect chain, first to last. */
        final List<Map<String, List<String>>> headerChain;

        Response(HttpURLConnection connection, int code, URL url, List<Map<String, List<String>>> headerChain) {
            this.connection = connection;
            this.code = code;
            this.url = url;
            this.headerChain = headerChain;
        }

        String header(String name) {
            return connection.getHeaderField(name);
        }

        /** Content-Length of the final response, -1 if absent. */
        long contentLength() {
            return connection.getContentLengthLong();
        }

        InputStream body() throws IOException {
            return connection.getInputStream();
        }

        @Override
        public void close() {
            connection.disconnect();
        }
    }

    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final String userAgent;
    private final boolean allowHttp;
    private final AccessToken token;
    private final String tokenOrigin;

    /** {@code token} (may be null) is sent only to {@code tokenOrigin}, as {@link #origin} spells it. */
    HttpSource(int connectTimeoutMillis, int readTimeoutMillis, String userAgent, boolean allowHttp, AccessToken token,
               String tokenOrigin) {
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.readTimeoutMillis = readTimeoutMillis;
        this.userAgent = userAgent;
        this.allowHttp = allowHttp;
        this.token = token;
        this.tokenOrigin = tokenOrigin;
    }

    /** Sends the GET; {@code from > 0} asks for the bytes from that offset on. */
    Response get(String url, long from) throws IOException {
        URL current = checkedUrl(url, null, allowHttp);
        List<Map<String, List<String>>> chain = new ArrayList<>();
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpURLConnection c = (HttpURLConnection) current.openConnection();
            c.setInstanceFollowRedirects(false);
            c.setConnectTimeout(connectTimeoutMillis);
            c.setReadTimeout(readTimeoutMillis);
            c.setRequestProperty("User-Agent", userAgent);
            // Compressed transfer would make byte offsets meaningless for resuming.
            c.setRequestProperty("Accept-Encoding", "identity");
            if (from > 0) {
                c.setRequestProperty("Range", "bytes=" + from + "-");
            }
            if (token != null && origin(current).equals(tokenOrigin)) {
                c.setRequestProperty("Authorization", token.bearerHeader());
            }
            int code = c.getResponseCode();
            chain.add(c.getHeaderFields());
            if (code == 301 || code == 302 || code == 303 || code == 307 || code == 308) {
                String location = c.getHeaderField("Location");
                drain(c);
                c.disconnect();
                if (location == null) {
                    throw new IOException("HTTP " + code + " redirect without a Location header from " + current);
                }
                current = checkedUrl(location, current, allowHttp);
                continue;
            }
            return new Response(c, code, current, chain);
        }
        throw new IOException("more than " + MAX_REDIRECTS + " redirects starting at " + url);
    }

    /** "scheme://host:port" in lower case with the port always spelled out, so equal origins compare equal. */
    static String origin(URL url) {
        int port = url.getPort() >= 0 ? url.getPort() : url.getDefaultPort();
        return url.getProtocol().toLowerCase(Locale.ROOT) + "://" + url.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    /** Resolves {@code spec} (against {@code from}, the redirecting URL, if any) and applies the scheme rules. */
    static URL checkedUrl(String spec, URL from, boolean allowHttp) throws TransferException {
        URL url;
        try {
            url = from == null ? new URL(spec) : new URL(from, spec);
        } catch (MalformedURLException e) {
            throw refused(from, spec, "is not a URL a download can use (" + e.getMessage() + ")");
        }
        String scheme = url.getProtocol().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return url;
        }
        if (!scheme.equals("http")) {
            throw refused(from, spec, "uses '" + scheme + ":', and downloads only use https");
        }
        if (from != null && from.getProtocol().equalsIgnoreCase("https")) {
            throw refused(from, spec, "would continue over plain http, where the file can be altered in transit;"
                    + " the download stops rather than lose https");
        }
        if (!allowHttp) {
            throw refused(from, spec, "is plain http, where the file can be altered in transit; use an https URL");
        }
        return url;
    }

    private static TransferException refused(URL from, String spec, String why) {
        String what = from == null ? "the URL " + spec : "the redirect from " + from + " to " + spec;
        return new TransferException(TransferException.Kind.REFUSED_URL, what + " " + why);
    }

    private static void drain(HttpURLConnection c) {
        try (InputStream in = c.getErrorStream() != null ? c.getErrorStream() : c.getInputStream()) {
            in.readNBytes(64 * 1024);
        } catch (IOException | RuntimeException e) {
            // Only draining to reuse the connection; failure is harmless.
        }
    }
}
