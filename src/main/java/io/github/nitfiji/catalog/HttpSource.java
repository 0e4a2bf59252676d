package io.github.nitfiji.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One GET request, optionally from a byte offset, following redirects by hand. Following them
 * ourselves keeps the Range header on every hop and keeps the headers of the redirect responses:
 * Hugging Face puts the file's SHA-256 ({@code X-Linked-Etag}) on its 302, not on the CDN answer.
 * HttpURLConnection rather than java.net.http: it has a read timeout for a stalled body.
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

    HttpSource(int connectTimeoutMillis, int readTimeoutMillis, String userAgent) {
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.readTimeoutMillis = readTimeoutMillis;
        this.userAgent = userAgent;
    }

    /** Sends the GET; {@code from > 0} asks for the bytes from that offset on. */
    Response get(String url, long from) throws IOException {
        URL current = new URL(url);
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
            int code = c.getResponseCode();
            chain.add(c.getHeaderFields());
            if (code == 301 || code == 302 || code == 303 || code == 307 || code == 308) {
                String location = c.getHeaderField("Location");
                drain(c);
                c.disconnect();
                if (location == null) {
                    throw new IOException("HTTP " + code + " redirect without a Location header from " + current);
                }
                current = new URL(current, location);
                continue;
            }
            return new Response(c, code, current, chain);
        }
        throw new IOException("more than " + MAX_REDIRECTS + " redirects starting at " + url);
    }

    private static void drain(HttpURLConnection c) {
        try (InputStream in = c.getErrorStream() != null ? c.getErrorStream() : c.getInputStream()) {
            in.readNBytes(64 * 1024);
        } catch (IOException | RuntimeException e) {
            // Only draining to reuse the connection; failure is harmless.
        }
    }
}
