package io.github.nitfiji.io;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;

/** Run in a child JVM by {@link AtomicFilesTest}: writes one file the way every result is written. */
public final class WriteOneFile {
    private WriteOneFile() {
    }

    public static void main(String[] args) throws Exception {
        AtomicFiles.write(Paths.get(args[0]), f -> Files.write(f, "result".getBytes(StandardCharsets.UTF_8)));
    }
}
