package io.github.nitfiji.pipeline;

/** What the generated images are made of, in a stack or a file. */
public enum ImageOutput {
    /** 8-bit RGB: one slice (or file) per image. */
    RGB("RGB"),
    /** 32-bit float R, G, B channels, about [0, 1] (the decoder may overshoot). */
    FLOAT32("32-bit"),
    /**
     * The type and calibration of the image the request starts from (Fiji): a grey source gets
     * the result's luminance back in its own range and bit depth, an RGB source stays RGB.
     */
    SOURCE("source");

    /** The name in macros, dialogs and provenance ({@code nit.output}). */
    public final String id;

    ImageOutput(String id) {
        this.id = id;
    }

    /** @param what the setting's name, for the message */
    public static ImageOutput parse(String text, String what) {
        for (ImageOutput o : values()) {
            if (o.id.equalsIgnoreCase(text.trim())) {
                return o;
            }
        }
        throw new IllegalArgumentException(what + " '" + text + "' is unknown; use RGB, 32-bit or source");
    }
}
