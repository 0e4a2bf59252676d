package io.github.nitfiji.robustness;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/** Byte- and token-level mutations of a valid input, biased towards the parts parsers trust. */
final class Mutations {
    private static final String[] TOKENS = {
        "{", "}", "[", "]", ",", ":", "\"", "-1", "0", "1e308", "9223372036854775807", "18446744073709551616",
        "null", "true", "\"BF16\"", "\"F8_E4M3\"", "\"shape\"", "\"data_offsets\"", "\"dtype\"", "NaN", "[[[[[[[[",
        "\\u0000", "1.5", "\"__metadata__\"",
    };

    private Mutations() {
    }

    static byte[] mutate(byte[] base, Random r) {
        byte[] out = base.clone();
        int count = 1 + r.nextInt(4);
        for (int i = 0; i < count; i++) {
            out = once(out, r);
        }
        return out;
    }

    private static byte[] once(byte[] in, Random r) {
        if (in.length == 0) {
            return new byte[] {(byte) r.nextInt()};
        }
        int at = r.nextInt(in.length);
        switch (r.nextInt(7)) {
            case 0: { // flip a bit
                byte[] out = in.clone();
                out[at] ^= (byte) (1 << r.nextInt(8));
                return out;
            }
            case 1: // truncate
                return Arrays.copyOf(in, at);
            case 2: { // set a digit, where the numbers are
                byte[] out = in.clone();
                out[at] = (byte) ('0' + r.nextInt(10));
                return out;
            }
            case 3: { // insert a JSON token
                byte[] token = TOKENS[r.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8);
                byte[] out = new byte[in.length + token.length];
                System.arraycopy(in, 0, out, 0, at);
                System.arraycopy(token, 0, out, at, token.length);
                System.arraycopy(in, at, out, at + token.length, in.length - at);
                return out;
            }
            case 4: { // delete a span
                int end = Math.min(in.length, at + 1 + r.nextInt(8));
                byte[] out = new byte[in.length - (end - at)];
                System.arraycopy(in, 0, out, 0, at);
                System.arraycopy(in, end, out, at, in.length - end);
                return out;
            }
            case 5: { // rewrite the 8-byte header length
                byte[] out = in.clone();
                if (out.length >= 8) {
                    out[r.nextInt(8)] = (byte) r.nextInt();
                }
                return out;
            }
            default: { // duplicate a span
                int end = Math.min(in.length, at + 1 + r.nextInt(16));
                byte[] span = Arrays.copyOfRange(in, at, end);
                byte[] out = new byte[in.length + span.length];
                System.arraycopy(in, 0, out, 0, end);
                System.arraycopy(span, 0, out, end, span.length);
                System.arraycopy(in, end, out, end + span.length, in.length - end);
                return out;
            }
        }
    }
}
