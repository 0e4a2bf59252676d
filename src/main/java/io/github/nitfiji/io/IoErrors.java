package io.github.nitfiji.io;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;

/**
 * What an I/O failure means, in words for people: Java's and ImageIO's exceptions often say only
 * "I/O error writing PNG file!" or name a class, while the cause a few levels down says "No space
 * left on device". These helpers find the cause that matters and word it without class names.
 */
public final class IoErrors {
    private IoErrors() {
    }

    /** True if the failure (or one of its causes) says the disk or quota is full. */
    public static boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("no space left") || m.contains("not enough space") || m.contains("disk full")
                    || m.contains("quota exceeded") || m.contains("file too large")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The reason a read or write failed: "no space left on the disk", "permission denied", or the
     * deepest cause's own message (without its class name, shortened and made printable).
     */
    public static String reason(Throwable e) {
        if (isDiskFull(e)) {
            return "no space left on the disk";
        }
        Throwable deepest = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AccessDeniedException) {
                return "permission denied";
            }
            if (t instanceof NoSuchFileException) {
                return "no such file or folder";
            }
            if (t instanceof FileSystemException && ((FileSystemException) t).getReason() != null) {
                return UserText.shown(((FileSystemException) t).getReason());
            }
            if (t.getMessage() != null) {
                deepest = t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        String m = deepest.getMessage();
        if (m == null) {
            return "an input/output error";
        }
        // "java.io.IOException: x" as some libraries nest it: keep "x"
        return UserText.shown(m.replaceFirst("^([a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(Exception|Error): ", ""), 300);
    }
}
