package io.github.nitfiji.train;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads one training image file: {@link TrainingImageFiles}, the engine's shared image reader
 * (8/16/32-bit grey and RGB, header-first size limits, float range mapping), for every front door.
 */
@FunctionalInterface
public interface TrainingImageReader {
    /**
     * @throws IOException naming the file and what is wrong with it (unreadable, corrupt, not an image)
     */
    RgbPlanes read(Path file) throws IOException;
}
