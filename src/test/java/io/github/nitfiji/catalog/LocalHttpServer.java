package io.github.nitfiji.catalog;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file server on 127.0.0.1 with switchable misbehaviour, for downloader tests, and optionally
 * gated paths that demand a bearer token. Never touches the network.
 */
public final class LocalHttpServer implements AutoCloseable {
    public enum Mode { NORMAL, CUT_FIRST_RESPONSE, IGNORE_RANGE, TRICKLE_FIRST_RESPONSE }

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final HttpServer server;
    private final java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newCachedThreadPool();
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> extraHeaders = new ConcurrentHashMap<>();
    private final Map<String, String> redirects = new ConcurrentHashMap<>();
    public final List<String> rangeHeaders = Collections.synchronizedList(new ArrayList<>());
    /** "PATH Authorization-header-or-null" for every request, in order. */
    final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    /** Paths under this prefix need a token, like a gated Hugging Face repository; null: none. */
    private volatile String gatedPrefix;
    /** Status per accepted "Bearer ..." value on gated paths (200 serves); any other value gets 401. */
    private final Map<String, Integer> tokenAnswers = new ConcurrentHashMap<>();
    public final AtomicInteger requests = new AtomicInteger();
    public volatile Mode mode = Mode.NORMAL;

    public LocalHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/", this::handle);
        // one thread per request: a trickling response must not hold up the client's retry
        server.setExecutor(executor);
        server.start();
    }

    public void put(String path, byte[] content) {
        files.put(path, content);
    }

    void header(String path, String name, String value) {
        extraHeaders.computeIfAbsent(path, k -> new ConcurrentHashMap<>()).put(name, value);
    }

    /** Answers {@code path} with a 302 to {@code location}. */
    void redirect(String path, String location) {
        redirects.put(path, location);
    }

    /** Gates paths under {@code prefix}: no token 401, an unknown one 401, a known one its status (200 serves). */
    void gate(String prefix, String token, int status) {
        gatedPrefix = prefix;
        tokenAnswers.put("Bearer " + token, status);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private void handle(HttpExchange ex) throws IOException {
        int n = requests.incrementAndGet();
        String path = ex.getRequestURI().getPath();
        String range = ex.getRequestHeaders().getFirst("Range");
        rangeHeaders.add(range);
        String authorization = ex.getRequestHeaders().getFirst("Authorization");
        authorizations.add(path + " " + authorization);
        String gated = gatedPrefix;
        if (gated != null && path.startsWith(gated)) {
            int status = authorization == null ? 401 : tokenAnswers.getOrDefault(authorization, 401);
            if (status != 200) {
                byte[] body = ("Access to this model is restricted (" + status + ")").getBytes(
                        java.nio.charset.StandardCharsets.US_ASCII);
                ex.sendResponseHeaders(status, body.length);
                ex.getResponseBody().write(body);
                ex.close();
                return;
            }
        }
        extraHeaders.getOrDefault(path, Map.of()).forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        String location = redirects.get(path);
        if (location != null) {
            ex.getResponseHeaders().add("Location", location);
            ex.sendResponseHeaders(302, -1);
            ex.close();
            return;
        }
        byte[] content = files.get(path);
        if (content == null) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
        }
        int from = 0;
        Matcher m = range == null ? null : RANGE.matcher(range);
        if (m != null && m.matches() && mode != Mode.IGNORE_RANGE) {
            from = Integer.parseInt(m.group(1));
            ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
            ex.sendResponseHeaders(206, content.length - from);
        } else {
            ex.sendResponseHeaders(200, content.length);
        }
        OutputStream out = ex.getResponseBody();
        if (mode == Mode.CUT_FIRST_RESPONSE && n == 1) {
            // Promise the whole file, send part of it, then drop the connection.
            out.write(content, 0, content.length / 3);
            out.flush();
            ex.close(); // "insufficient bytes written": the server drops the connection, which is the point.
            return;
        }
        if (mode == Mode.TRICKLE_FIRST_RESPONSE && n == 1) {
            // Alive but useless: a byte every 50 ms never trips a read timeout, only a stall check.
            try {
                for (int i = from; i < content.length; i++) {
                    out.write(content[i]);
                    out.flush();
                    Thread.sleep(50);
                }
            } catch (IOException | InterruptedException clientWentAway) {
                // The client gave up, which is the point.
            }
            ex.close();
            return;
        }
        try {
            out.write(content, from, content.length - from);
        } catch (IOException clientWentAway) {
            // The client gave up; nothing to do.
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
