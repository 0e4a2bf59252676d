package io.github.nitfiji.catalog;

import java.util.Optional;
import java.util.function.Function;

/**
 * A Hugging Face access token for gated models. It is held only for the download that needs it
 * and is never printed: {@link #toString()} hides it, messages never quote it (not even when it
 * is refused as malformed), and {@link HttpSource} puts it only into the {@code Authorization}
 * header of requests to the one origin it is meant for.
 */
public final class AccessToken {
    /** The environment variable the command line reads (the name Hugging Face's own tools use). */
    public static final String ENV = "HF_TOKEN";

    private final String value;

    private AccessToken(String value) {
        this.value = value;
    }

    /**
     * A token as typed or pasted: surrounding blanks are dropped; empty means none. Anything but
     * visible ASCII is refused, since it could not be a token and could split the request header.
     */
    public static Optional<AccessToken> of(String typed) throws ModelException {
        String t = typed == null ? "" : typed.strip();
        if (t.isEmpty()) {
            return Optional.empty();
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new ModelException(ModelException.Reason.GATED, "the Hugging Face token given has a character"
                        + " that cannot be in a token (position " + (i + 1) + " of " + t.length() + "); copy it again"
                        + " from https://huggingface.co/settings/tokens");
            }
        }
        return Optional.of(new AccessToken(t));
    }

    /** The token in {@value #ENV}, if set and not blank. */
    public static Optional<AccessToken> fromEnvironment() throws ModelException {
        return fromEnvironment(System::getenv);
    }

    static Optional<AccessToken> fromEnvironment(Function<String, String> environment) throws ModelException {
        try {
            return of(environment.apply(ENV));
        } catch (ModelException e) {
            throw new ModelException(e.reason(), "environment variable " + ENV + ": " + e.getMessage());
        }
    }

    /** The value of the {@code Authorization} header. */
    String bearerHeader() {
        return "Bearer " + value;
    }

    /** Hidden on purpose: a token must not reach a log through string concatenation. */
    @Override
    public String toString() {
        return "AccessToken[hidden]";
    }
}
