package io.github.nitfiji.cli;

import io.github.nitfiji.source.SourceImage;
import io.github.nitfiji.source.SourceImageFiles;
import java.io.IOException;
import java.nio.file.Path;

/** {@code --init-image} and {@code --mask} as one source ({@link SourceImageFiles}); any problem is a bad command line. */
final class SourceFiles {
    private SourceFiles() {
    }

    static SourceImage read(Path image, Path mask) throws UsageException, IOException {
        try {
            return SourceImageFiles.read(image, "--init-image", mask, "--mask");
        } catch (IOException | IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
