package io.github.nitfiji.catalog;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24 minor: an https server whose certificate this Java does not trust (self-signed here,
 * an intercepting proxy in practice) is reported at once with what to check, not tried five times.
 */
@Timeout(60)
class TlsFailureTest {
    @TempDir
    Path dir;

    @Test
    void anUntrustedCertificateIsNotRetried() throws Exception {
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=127.0.0.1",
                "-validity", "2", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "secret",
                "-keypass", "secret").redirectErrorStream(true).start();
        assumeTrue(keytool.waitFor(30, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool made a certificate");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "secret".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(ks, "secret".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/w.bin", exchange -> {
            exchange.sendResponseHeaders(200, 4);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(new byte[4]);
            }
        });
        server.start();
        try {
            List<String> messages = new ArrayList<>();
            HttpTransfer transfer = new HttpTransfer().attempts(5).retryDelay(Duration.ofSeconds(2));
            String url = "https://127.0.0.1:" + server.getAddress().getPort() + "/w.bin";
            long start = System.nanoTime();
            TransferException e = assertThrows(TransferException.class, () -> transfer.fetch(url, dir.resolve("w.part"),
                    4, new HttpTransfer.Listener() {
                        @Override
                        public void message(String text) {
                            messages.add(text);
                        }
                    }));
            assertEquals(List.of(), messages, "no retry");
            assertTrue(System.nanoTime() - start < 2_000_000_000L, "at once, not after five attempts");
            assertTrue(e.getMessage().contains("certificate is not trusted by this Java")
                    && e.getMessage().contains("date and time"), e.getMessage());
        } finally {
            server.stop(0);
        }
    }
}
