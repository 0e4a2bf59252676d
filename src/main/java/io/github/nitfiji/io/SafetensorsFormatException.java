package io.github.nitfiji.io;

import java.io.IOException;
import java.nio.file.Path;

/** A safetensors file that cannot be trusted: names the file, the tensor (if any) and the problem. */
public final class SafetensorsFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public SafetensorsFormatException(Path file, String tensor, String problem) {
        super(file + (tensor == null ? "" : ", tensor '" + UserText.shown(tensor) + "'") + ": " + problem);
    }
}
