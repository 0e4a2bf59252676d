package io.github.nitfiji.io;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Writes float32 (and int32) tensors as a safetensors file, completely or not at all
 * ({@link AtomicFiles}). A tensor's values may be supplied only when the file is written
 * ({@link #putLater}), so a checkpoint larger than the heap goes out one tensor at a time.
 */
public final class SafetensorsWriter {
    private static final class Entry {
        final TensorDType dtype;
        final long[] shape;
        final long count;
        final Supplier<Object> data;

        Entry(TensorDType dtype, long[] shape, Supplier<Object> data) {
            this.dtype = dtype;
            this.shape = shape.clone();
            long n = 1;
            for (long s : shape) {
                n *= s;
            }
            this.count = n;
            this.data = data;
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    public SafetensorsWriter put(String name, long[] shape, float[] data) {
        Entry e = new Entry(TensorDType.F32, shape, () -> data);
        check(name, e, data.length);
        entries.put(name, e);
        return this;
    }

    public SafetensorsWriter putInts(String name, long[] shape, int[] data) {
        Entry e = new Entry(TensorDType.I32, shape, () -> data);
        check(name, e, data.length);
        entries.put(name, e);
        return this;
    }

    /** A float32 tensor whose values {@code data} gives when the file is written (checked then). */
    public SafetensorsWriter putLater(String name, long[] shape, Supplier<float[]> data) {
        entries.put(name, new Entry(TensorDType.F32, shape, data::get));
        return this;
    }

    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    private static void check(String name, Entry e, int length) {
        if (e.count != length) {
            throw new IllegalArgumentException("tensor '" + name + "': shape holds " + e.count + " values, data has "
                    + length);
        }
    }

    public void write(Path target) throws IOException {
        JsonObject header = new JsonObject();
        if (!metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            metadata.forEach(meta::addProperty);
            header.add("__metadata__", meta);
        }
        long offset = 0;
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            JsonObject entry = new JsonObject();
            entry.addProperty("dtype", e.getValue().dtype.name());
            JsonArray shape = new JsonArray();
            for (long s : e.getValue().shape) {
                shape.add(s);
            }
            entry.add("shape", shape);
            long bytes = 4L * e.getValue().count;
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offsets.add(offset + bytes);
            entry.add("data_offsets", offsets);
            header.add(e.getKey(), entry);
            offset += bytes;
        }
        StringBuilder json = new StringBuilder(new Gson().toJson(header));
        while (json.length() % 8 != 0) {
            json.append(' ');
        }
        byte[] headerBytes = json.toString().getBytes(StandardCharsets.UTF_8);

        AtomicFiles.write(target, file -> {
            try (OutputStream out = Files.newOutputStream(file)) {
                ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length);
                out.write(len.array());
                out.write(headerBytes);
                for (Map.Entry<String, Entry> e : entries.entrySet()) {
                    out.write(bytes(e.getKey(), e.getValue()));
                }
            }
        });
    }

    private static byte[] bytes(String name, Entry e) {
        Object data = e.data.get();
        int length = data instanceof float[] ? ((float[]) data).length : ((int[]) data).length;
        check(name, e, length);
        ByteBuffer b = ByteBuffer.allocate(4 * length).order(ByteOrder.LITTLE_ENDIAN);
        if (data instanceof float[]) {
            b.asFloatBuffer().put((float[]) data);
        } else {
            b.asIntBuffer().put((int[]) data);
        }
        return b.array();
    }
}
