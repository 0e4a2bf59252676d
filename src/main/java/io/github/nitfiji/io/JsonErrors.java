package io.github.nitfiji.io;

/**
 * Gson words a syntax error as its cause's {@code toString()} ("java.io.EOFException: End of input
 * at line 1 column 11"); messages for people keep only the part after the class name.
 */
public final class JsonErrors {
    private JsonErrors() {
    }

    /** What is wrong with the JSON text, without Java class names. */
    public static String reason(RuntimeException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : e.getMessage();
        return message == null ? "not well-formed" : message.replaceFirst("^([a-z]\\w*\\.)+[A-Z]\\w*(Exception|Error): ", "");
    }
}
