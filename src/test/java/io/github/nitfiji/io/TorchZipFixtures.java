package io.github.nitfiji.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds {@code torch.save}-shaped checkpoints byte by byte (no Python): a pickle writer for the
 * instructions a state dict uses, plus hostile ones, and the stored-entry zip around it.
 */
public final class TorchZipFixtures {
    private final ByteArrayOutputStream pickle = new ByteArrayOutputStream();

    public TorchZipFixtures() {
        op(0x80).op(2);
    }

    public TorchZipFixtures op(int code) {
        pickle.write(code);
        return this;
    }

    public TorchZipFixtures global(String module, String name) {
        op('c');
        byte[] text = (module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII);
        pickle.write(text, 0, text.length);
        return this;
    }

    public TorchZipFixtures str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        op('X');
        pickle.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array(), 0, 4);
        pickle.write(b, 0, b.length);
        return this;
    }

    public TorchZipFixtures integer(int v) {
        op('J');
        pickle.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array(), 0, 4);
        return this;
    }

    public TorchZipFixtures ints(long... values) {
        op('(');
        for (long v : values) {
            integer((int) v);
        }
        return op('t');
    }

    /** An empty {@code collections.OrderedDict()} as torch.save writes it. */
    public TorchZipFixtures orderedDict() {
        return global("collections", "OrderedDict").op(')').op('R');
    }

    /** {@code _rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())}. */
    public TorchZipFixtures tensor(String storageType, String key, long storageElements, long offset,
                                   long[] size, long[] stride) {
        global("torch._utils", "_rebuild_tensor_v2").op('(');
        op('(').str("storage").global("torch", storageType).str(key).str("cpu").integer((int) storageElements)
                .op('t').op('Q');
        integer((int) offset).ints(size).ints(stride).op(0x89).orderedDict();
        return op('t').op('R');
    }

    public byte[] pickle() {
        return pickle.toByteArray();
    }

    /** A state dict {@code name -> float tensor (contiguous)} with the usual framing. */
    public static byte[] stateDictPickle(Map<String, long[]> shapes) {
        TorchZipFixtures p = new TorchZipFixtures().orderedDict().op('(');
        int key = 0;
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            long[] shape = e.getValue();
            long[] stride = new long[shape.length];
            long n = 1;
            for (int d = shape.length - 1; d >= 0; d--) {
                stride[d] = n;
                n *= shape[d];
            }
            p.str(e.getKey()).tensor("FloatStorage", String.valueOf(key++), n, 0, shape, stride);
        }
        return p.op('u').op('.').pickle();
    }

    /** The zip container: {@code archive/data.pkl}, {@code archive/byteorder}, {@code archive/data/<key>}. */
    public static byte[] zip(byte[] pickle, Map<String, byte[]> storages) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("archive/data.pkl", pickle);
        entries.put("archive/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
        for (Map.Entry<String, byte[]> s : storages.entrySet()) {
            entries.put("archive/data/" + s.getKey(), s.getValue());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(e.getValue().length);
                CRC32 crc = new CRC32();
                crc.update(e.getValue());
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** Little-endian float32 bytes. */
    public static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }
}
