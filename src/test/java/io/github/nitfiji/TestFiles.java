package io.github.nitfiji;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Locates the golden reference files copied into the test resources. */
public final class TestFiles {
    private TestFiles() {
    }

    public static Path golden(String name) {
        URL url = TestFiles.class.getResource("/golden/" + name);
        if (url == null) {
            throw new IllegalStateException("missing test resource golden/" + name);
        }
        try {
            return Paths.get(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
