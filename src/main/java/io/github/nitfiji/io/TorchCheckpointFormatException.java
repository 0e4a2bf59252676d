package io.github.nitfiji.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A PyTorch {@code .bin} checkpoint that cannot be trusted or is not a plain state dict: names the
 * file, the tensor (if any) and the problem.
 */
public final class TorchCheckpointFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public TorchCheckpointFormatException(Path file, String tensor, String problem) {
        super(file + (tensor == null ? "" : ", tensor '" + UserText.shown(tensor) + "'") + ": " + problem);
    }
}
