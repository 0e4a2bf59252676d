package io.github.nitfiji.io;

import java.io.IOException;
import java.nio.file.Path;

/** An image file that cannot be used: the message names the file and why. */
public final class ImageFileException extends IOException {
    private static final long serialVersionUID = 1L;

    public ImageFileException(Path file, String problem) {
        super(UserText.shown(String.valueOf(file), 300) + " " + problem);
    }
}
