package io.github.nitfiji.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The operand reader of {@link StateDictPickle}: little-endian integers, length-checked UTF-8
 * strings, GLOBAL's newline-terminated names, LONG1 integers. Reading past the end throws
 * {@link java.nio.BufferUnderflowException}, which the interpreter reports as a truncated file.
 */
final class PickleInput {
    private final Path file;
    private final ByteBuffer in;

    PickleInput(Path file, byte[] pickle) {
        this.file = file;
        this.in = ByteBuffer.wrap(pickle).order(ByteOrder.LITTLE_ENDIAN);
    }

    boolean hasRemaining() {
        return in.hasRemaining();
    }

    int position() {
        return in.position();
    }

    int u8() {
        return in.get() & 0xff;
    }

    int u16() {
        return in.getShort() & 0xffff;
    }

    int i32() {
        return in.getInt();
    }

    long u32() {
        return in.getInt() & 0xffffffffL;
    }

    long i64() {
        return in.getLong();
    }

    /** n bytes of UTF-8, refused when n runs past the end or the bytes are not UTF-8. */
    String utf8(long n) throws TorchCheckpointFormatException {
        if (n < 0 || n > in.remaining()) {
            throw fail("string of " + n + " bytes runs past the end of data.pkl");
        }
        byte[] bytes = new byte[(int) n];
        in.get(bytes);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw fail("a string in data.pkl is not valid UTF-8");
        }
    }

    /** GLOBAL's newline-terminated ASCII operands. */
    String line() throws TorchCheckpointFormatException {
        StringBuilder b = new StringBuilder();
        while (true) {
            byte c = in.get();
            if (c == '\n') {
                return b.toString();
            }
            if (c < 0x20 || b.length() > 200) {
                throw fail("malformed GLOBAL name in data.pkl");
            }
            b.append((char) c);
        }
    }

    /** LONG1: a little-endian two's-complement integer of n bytes; only what fits a long. */
    Long long1(int n) throws TorchCheckpointFormatException {
        if (n > 8) {
            throw fail("integer of " + n + " bytes is too large for a tensor size or offset");
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (in.get() & 0xffL) << (8 * i);
        }
        if (n > 0 && n < 8 && (v & (1L << (8 * n - 1))) != 0) {
            v -= 1L << (8 * n);
        }
        return v;
    }

    private TorchCheckpointFormatException fail(String problem) {
        return new TorchCheckpointFormatException(file, null, problem);
    }
}
