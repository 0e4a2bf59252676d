package io.github.nitfiji.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A safetensors file, validated on open and read tensor by tensor through memory maps, so files
 * larger than 2 GiB work and nothing is read that is not asked for.
 *
 * <p>Layout: 8-byte little-endian header length n, n bytes of JSON header (name -> dtype, shape,
 * data_offsets, plus an optional {@code __metadata__} string map), then the data section. Offsets
 * are relative to the data section. Every header promise is checked before any byte is trusted.
 */
public final class SafetensorsFile implements TensorFile {
    /** Real headers are a few hundred KB; anything beyond this is a corrupt or hostile file. */
    static final long MAX_HEADER_BYTES = 100L << 20;

    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path path, FileChannel channel, long dataStart,
                            Map<String, TensorInfo> tensors, Map<String, String> metadata) {
        this.path = path;
        this.channel = channel;
        this.dataStart = dataStart;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /** Opens and validates a file; throws {@link SafetensorsFormatException} naming what is wrong. */
    public static SafetensorsFile open(Path path) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(path.toString(), null, "file not found");
        }
        try {
            return parse(path, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static SafetensorsFile parse(Path path, FileChannel channel) throws IOException {
        long fileSize = channel.size();
        if (fileSize < 8) {
            throw new SafetensorsFormatException(path, null,
                    "file is " + fileSize + " bytes, too short for the 8-byte header length (truncated?)");
        }
        ByteBuffer lengthBytes = readFully(channel, 0, 8).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = lengthBytes.getLong(0);
        if (headerLength < 2 || headerLength > fileSize - 8) {
            throw new SafetensorsFormatException(path, null, "header length " + Long.toUnsignedString(headerLength)
                    + " does not fit in the file of " + fileSize + " bytes (truncated or not a safetensors file)");
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw new SafetensorsFormatException(path, null, "header length " + headerLength
                    + " bytes exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
        }
        ByteBuffer headerBytes = readFully(channel, 8, (int) headerLength);
        String json = StandardCharsets.UTF_8.decode(headerBytes).toString();
        JsonObject header;
        try {
            header = StrictJson.parseObject(json, "header").json();
        } catch (JsonFormatException e) {
            throw new SafetensorsFormatException(path, null, e.getMessage());
        }
        long dataStart = 8 + headerLength;
        long dataSize = fileSize - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : header.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                readMetadata(path, e.getValue(), metadata);
            } else {
                tensors.put(e.getKey(), readEntry(path, e.getKey(), e.getValue(), dataSize));
            }
        }
        checkNoOverlap(path, tensors);
        return new SafetensorsFile(path, channel, dataStart,
                Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata));
    }

    private static void readMetadata(Path path, JsonElement value, Map<String, String> out)
            throws SafetensorsFormatException {
        if (!value.isJsonObject()) {
            throw new SafetensorsFormatException(path, null, "__metadata__ is not a JSON object");
        }
        for (Map.Entry<String, JsonElement> m : value.getAsJsonObject().entrySet()) {
            JsonElement v = m.getValue();
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
                throw new SafetensorsFormatException(path, null, "__metadata__ value '" + m.getKey() + "' is not a string");
            }
            out.put(m.getKey(), v.getAsString());
        }
    }

    private static TensorInfo readEntry(Path path, String name, JsonElement value, long dataSize)
            throws SafetensorsFormatException {
        if (!value.isJsonObject()) {
            throw new SafetensorsFormatException(path, name, "header entry is not a JSON object");
        }
        JsonObject o = value.getAsJsonObject();
        JsonElement dtypeJson = o.get("dtype");
        if (dtypeJson == null || !dtypeJson.isJsonPrimitive() || !dtypeJson.getAsJsonPrimitive().isString()) {
            throw new SafetensorsFormatException(path, name, "missing or non-string 'dtype'");
        }
        TensorDType dtype = TensorDType.fromHeader(dtypeJson.getAsString());
        if (dtype == null) {
            throw new SafetensorsFormatException(path, name, "unsupported dtype '" + dtypeJson.getAsString()
                    + "' (supported: F64, F32, F16, BF16, I64, I32, U8)");
        }
        long[] shape = readLongs(path, name, o.get("shape"), "shape", -1);
        long[] offsets = readLongs(path, name, o.get("data_offsets"), "data_offsets", 2);
        long elements = 1;
        try {
            for (long s : shape) {
                elements = Math.multiplyExact(elements, s);
            }
            long expected = Math.multiplyExact(elements, (long) dtype.bytes());
            long begin = offsets[0];
            long end = offsets[1];
            if (begin > end || end > dataSize) {
                throw new SafetensorsFormatException(path, name, "data_offsets [" + begin + ", " + end
                        + "] lie outside the data section of " + dataSize + " bytes");
            }
            if (end - begin != expected) {
                throw new SafetensorsFormatException(path, name, "dtype " + dtype + " x shape " + java.util.Arrays.toString(shape)
                        + " needs " + expected + " bytes but data_offsets span " + (end - begin));
            }
            return new TensorInfo(name, dtype, shape, begin, end);
        } catch (ArithmeticException overflow) {
            throw new SafetensorsFormatException(path, name, "shape " + java.util.Arrays.toString(shape) + " is too large");
        }
    }

    private static long[] readLongs(Path path, String name, JsonElement json, String field, int requiredLength)
            throws SafetensorsFormatException {
        if (json == null || !json.isJsonArray()) {
            throw new SafetensorsFormatException(path, name, "missing or non-array '" + field + "'");
        }
        JsonArray a = json.getAsJsonArray();
        if (requiredLength >= 0 && a.size() != requiredLength) {
            throw new SafetensorsFormatException(path, name, "'" + field + "' must have " + requiredLength
                    + " entries, found " + a.size());
        }
        if (a.size() > 16) {
            throw new SafetensorsFormatException(path, name, "'" + field + "' has " + a.size() + " dimensions");
        }
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            JsonElement e = a.get(i);
            long v;
            try {
                JsonPrimitive p = e.isJsonPrimitive() ? e.getAsJsonPrimitive() : null;
                if (p == null || !p.isNumber()) {
                    throw new NumberFormatException(String.valueOf(e));
                }
                v = p.getAsBigDecimal().longValueExact();
            } catch (NumberFormatException | ArithmeticException ex) {
                throw new SafetensorsFormatException(path, name, "'" + field + "' entry " + e + " is not an integer");
            }
            if (v < 0) {
                throw new SafetensorsFormatException(path, name, "'" + field + "' entry " + v + " is negative");
            }
            out[i] = v;
        }
        return out;
    }

    private static void checkNoOverlap(Path path, Map<String, TensorInfo> tensors) throws SafetensorsFormatException {
        List<TensorInfo> sorted = new ArrayList<>(tensors.values());
        sorted.sort(Comparator.comparingLong(TensorInfo::begin));
        for (int i = 1; i < sorted.size(); i++) {
            TensorInfo prev = sorted.get(i - 1);
            TensorInfo cur = sorted.get(i);
            if (cur.begin() < prev.begin() + prev.byteLength()) {
                throw new SafetensorsFormatException(path, cur.name(), "data overlaps tensor '" + prev.name() + "'");
            }
        }
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            if (channel.read(buf, position + buf.position()) < 0) {
                throw new IOException("unexpected end of file");
            }
        }
        buf.flip();
        return buf;
    }

    @Override
    public Path path() {
        return path;
    }

    /** The {@code __metadata__} string map (empty when absent). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Header entries in file order. */
    @Override
    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    public TensorInfo info(String name) throws SafetensorsFormatException {
        TensorInfo info = tensors.get(name);
        if (info == null) {
            throw new SafetensorsFormatException(path, name, "no such tensor in the file");
        }
        return info;
    }

    /** The raw little-endian bytes of one tensor, memory-mapped (no heap copy). */
    public ByteBuffer map(String name) throws IOException {
        TensorInfo info = info(name);
        if (info.byteLength() > Integer.MAX_VALUE) {
            throw new SafetensorsFormatException(path, name, "a single tensor above 2 GiB is not supported");
        }
        if (info.byteLength() == 0) {
            return ByteBuffer.allocateDirect(0).order(ByteOrder.LITTLE_ENDIAN);
        }
        return channel.map(FileChannel.MapMode.READ_ONLY, dataStart + info.begin(), info.byteLength())
                .order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A floating-point tensor as float32 values in Java (BF16, F16 and F64 converted). */
    public float[] readFloats(String name) throws IOException {
        TensorInfo info = info(name);
        if (!info.dtype().isFloating()) {
            throw new SafetensorsFormatException(path, name, "expected a floating-point tensor, found " + info.dtype());
        }
        return Float16.toFloats(map(name), info.dtype(), Math.toIntExact(info.elementCount()));
    }

    /** An integer tensor (I32 or I64, values within int range) as int values in Java. */
    public int[] readInts(String name) throws IOException {
        TensorInfo info = info(name);
        int n = Math.toIntExact(info.elementCount());
        ByteBuffer raw = map(name);
        int[] out = new int[n];
        if (info.dtype() == TensorDType.I32) {
            raw.asIntBuffer().get(out);
        } else if (info.dtype() == TensorDType.I64) {
            for (int i = 0; i < n; i++) {
                long v = raw.getLong(8 * i);
                if (v != (int) v) {
                    throw new SafetensorsFormatException(path, name, "value " + v + " at " + i + " is beyond int range");
                }
                out[i] = (int) v;
            }
        } else {
            throw new SafetensorsFormatException(path, name, "expected an integer tensor (I32 or I64), found "
                    + info.dtype());
        }
        return out;
    }

    /**
     * Creates an NDArray owned by {@code manager} from a tensor. Floating tensors become
     * {@code target} (FLOAT32 or FLOAT16); BF16 is widened in Java first because handing BF16 to
     * DJL's PyTorch engine aborts the JVM. The array never aliases the mapped file.
     */
    @Override
    public NDArray load(String name, NDManager manager, DataType target) throws IOException {
        TensorInfo info = info(name);
        return TensorArrays.create(map(name), info.dtype(), info.shape(), manager, target);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
