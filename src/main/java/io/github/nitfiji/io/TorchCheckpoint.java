package io.github.nitfiji.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A PyTorch checkpoint written by {@code torch.save} (a zip: {@code <name>/data.pkl} describing
 * the objects, {@code <name>/data/<key>} holding each storage's raw bytes), read as a plain state
 * dict without any Python semantics ({@link StateDictPickle}). Everything the pickle promises is
 * checked against the zip on open: each storage entry exists and has exactly the declared size,
 * each tensor's strided view lies inside its storage and does not overlap itself. Tensors that
 * share one storage (tied weights, views) are PyTorch's own semantics and each is copied out on
 * its own, so sharing can never alias two weights.
 */
public final class TorchCheckpoint implements TensorFile {
    private final Path path;
    private final ZipFile zip;
    private final String dataFolder;
    private final Map<String, TorchTensorRecord> records;
    private final Map<String, TensorInfo> tensors;

    private TorchCheckpoint(Path path, ZipFile zip, String dataFolder, Map<String, TorchTensorRecord> records) {
        this.path = path;
        this.zip = zip;
        this.dataFolder = dataFolder;
        this.records = records;
        Map<String, TensorInfo> infos = new LinkedHashMap<>();
        for (Map.Entry<String, TorchTensorRecord> e : records.entrySet()) {
            TorchTensorRecord r = e.getValue();
            infos.put(e.getKey(), new TensorInfo(e.getKey(), r.dtype, r.shape, 0, r.elementCount() * r.dtype.bytes()));
        }
        this.tensors = Collections.unmodifiableMap(infos);
    }

    /** Opens and validates a checkpoint; throws {@link TorchCheckpointFormatException} naming what is wrong. */
    public static TorchCheckpoint open(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString(), null, "file not found");
        }
        ZipFile zip;
        try {
            zip = new ZipFile(path.toFile());
        } catch (ZipException | java.io.EOFException e) {
            // a file too short for a zip's end record fails with a bare EOFException
            String reason = e.getMessage() != null ? e.getMessage() : "the file ends before a zip directory";
            throw new TorchCheckpointFormatException(path, null, "not a PyTorch zip checkpoint (" + reason
                    + "); older pickle-only .bin files are not supported: re-save with a current torch.save");
        }
        try {
            return parse(path, zip);
        } catch (ZipException | java.io.EOFException e) {
            zip.close();
            throw corrupt(path, null, e);
        } catch (IOException | RuntimeException e) {
            zip.close();
            throw e;
        }
    }

    private static TorchCheckpoint parse(Path path, ZipFile zip) throws IOException {
        ZipEntry pickleEntry = null;
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            ZipEntry e = entries.nextElement();
            if (e.getName().endsWith("/data.pkl") && e.getName().indexOf('/') == e.getName().length() - 9) {
                if (pickleEntry != null) {
                    throw new TorchCheckpointFormatException(path, null, "the zip holds more than one data.pkl");
                }
                pickleEntry = e;
            }
        }
        if (pickleEntry == null) {
            throw new TorchCheckpointFormatException(path, null,
                    "no <name>/data.pkl in the zip: not a torch.save checkpoint");
        }
        String folder = pickleEntry.getName().substring(0, pickleEntry.getName().length() - "data.pkl".length());
        checkByteOrder(path, zip, folder);
        byte[] pickle = readEntry(path, zip, pickleEntry, StateDictPickle.MAX_PICKLE_BYTES, "data.pkl");
        Map<String, TorchTensorRecord> records = StateDictPickle.read(path, pickle);
        for (Map.Entry<String, TorchTensorRecord> e : records.entrySet()) {
            checkStorage(path, zip, folder, e.getKey(), e.getValue());
            checkView(path, e.getKey(), e.getValue());
        }
        return new TorchCheckpoint(path, zip, folder, Collections.unmodifiableMap(records));
    }

    private static void checkByteOrder(Path path, ZipFile zip, String folder) throws IOException {
        ZipEntry e = zip.getEntry(folder + "byteorder");
        if (e != null) {
            String order = new String(readEntry(path, zip, e, 16, "byteorder"), StandardCharsets.US_ASCII).trim();
            if (!order.equals("little")) {
                throw new TorchCheckpointFormatException(path, null, "byte order '" + order
                        + "' is not supported (only little-endian checkpoints)");
            }
        }
    }

    private static void checkStorage(Path path, ZipFile zip, String folder, String name, TorchTensorRecord r)
            throws TorchCheckpointFormatException {
        ZipEntry e = zip.getEntry(folder + "data/" + r.storageKey);
        if (e == null) {
            throw new TorchCheckpointFormatException(path, name, "storage " + r.storageKey + " is missing from the zip");
        }
        long expected;
        try {
            expected = Math.multiplyExact(r.storageElements, (long) r.dtype.bytes());
        } catch (ArithmeticException overflow) {
            throw new TorchCheckpointFormatException(path, name, "storage " + r.storageKey + " size is too large");
        }
        if (e.getSize() != expected) {
            throw new TorchCheckpointFormatException(path, name, "storage " + r.storageKey + " declares "
                    + r.storageElements + " x " + r.dtype + " = " + expected + " bytes but its zip entry holds "
                    + e.getSize() + " (truncated or corrupt)");
        }
    }

    /** The view must stay inside its storage, fit a Java array, and not map two indices to one element. */
    private static void checkView(Path path, String name, TorchTensorRecord r) throws TorchCheckpointFormatException {
        try {
            long elements = 1;
            long last = r.offset;
            for (int d = 0; d < r.shape.length; d++) {
                elements = Math.multiplyExact(elements, r.shape[d]);
                if (r.shape[d] > 0) {
                    last = Math.addExact(last, Math.multiplyExact(r.shape[d] - 1, r.stride[d]));
                }
            }
            if (Math.multiplyExact(elements, (long) r.dtype.bytes()) > Integer.MAX_VALUE) {
                throw new TorchCheckpointFormatException(path, name, "a single tensor above 2 GiB is not supported");
            }
            if (elements > 0 && last >= r.storageElements) {
                throw new TorchCheckpointFormatException(path, name, "view " + Arrays.toString(r.shape) + " with strides "
                        + Arrays.toString(r.stride) + " at offset " + r.offset + " reaches element " + last
                        + ", past the end of storage " + r.storageKey + " (" + r.storageElements + " elements)");
            }
            if (Math.multiplyExact(last - r.offset + 1, (long) r.dtype.bytes()) > Integer.MAX_VALUE) {
                throw new TorchCheckpointFormatException(path, name, "the view spans more than 2 GiB of its storage");
            }
        } catch (ArithmeticException overflow) {
            throw new TorchCheckpointFormatException(path, name, "shape " + Arrays.toString(r.shape) + " with strides "
                    + Arrays.toString(r.stride) + " is too large");
        }
        checkNoSelfOverlap(path, name, r);
    }

    /** Sorted by stride, each dimension must step over everything the smaller ones cover. */
    private static void checkNoSelfOverlap(Path path, String name, TorchTensorRecord r)
            throws TorchCheckpointFormatException {
        List<Integer> dims = new ArrayList<>();
        for (int d = 0; d < r.shape.length; d++) {
            if (r.shape[d] > 1) {
                dims.add(d);
            }
        }
        dims.sort((a, b) -> Long.compare(r.stride[a], r.stride[b]));
        long covered = 1;
        for (int d : dims) {
            if (r.stride[d] < covered) {
                throw new TorchCheckpointFormatException(path, name, "strides " + Arrays.toString(r.stride)
                        + " make elements of shape " + Arrays.toString(r.shape) + " overlap (an expanded view);"
                        + " a state dict stores each element once");
            }
            covered = r.stride[d] * r.shape[d];
        }
    }

    private static byte[] readEntry(Path path, ZipFile zip, ZipEntry e, long limit, String what) throws IOException {
        if (e.getSize() < 0 || e.getSize() > limit) {
            throw new TorchCheckpointFormatException(path, null, what + " is " + e.getSize()
                    + " bytes, outside 0.." + limit);
        }
        return read(path, zip, e, 0, (int) e.getSize(), what);
    }

    /**
     * {@code length} bytes of an entry from {@code skip} on. The whole entry is read and its CRC-32
     * checked against the zip's record: torch.save stores entries uncompressed, and Java's zip
     * reader checks no CRC for those, so a flipped byte in a weight would otherwise load silently.
     */
    private static byte[] read(Path path, ZipFile zip, ZipEntry e, long skip, int length, String what)
            throws IOException {
        byte[] out = new byte[length];
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[1 << 16];
        long position = 0;
        try (InputStream in = zip.getInputStream(e)) {
            for (int n; (n = in.read(buffer)) > 0; position += n) {
                crc.update(buffer, 0, n);
                long from = Math.max(position, skip);
                long to = Math.min(position + n, skip + length);
                if (from < to) {
                    System.arraycopy(buffer, (int) (from - position), out, (int) (from - skip), (int) (to - from));
                }
            }
        } catch (ZipException | java.io.EOFException ex) {
            throw corrupt(path, what, ex);
        }
        if (position < skip + length) {
            throw new TorchCheckpointFormatException(path, null, what + " ends after " + Math.max(0, position - skip)
                    + " of " + length + " bytes (truncated)");
        }
        if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) {
            throw new TorchCheckpointFormatException(path, null, what + " is damaged: its CRC-32 is "
                    + Long.toHexString(crc.getValue()) + " but the zip records " + Long.toHexString(e.getCrc())
                    + " (a changed byte); download or copy the file again");
        }
        return out;
    }

    private static TorchCheckpointFormatException corrupt(Path path, String what, Exception e) {
        return new TorchCheckpointFormatException(path, null, (what == null ? "zip" : what)
                + " is corrupt (" + (e.getMessage() != null ? e.getMessage() : "it ends early") + ")");
    }

    @Override
    public Path path() {
        return path;
    }

    /** Tensors in file order (name, dtype, shape). */
    @Override
    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    public TensorInfo info(String name) throws TorchCheckpointFormatException {
        TensorInfo info = tensors.get(name);
        if (info == null) {
            throw new TorchCheckpointFormatException(path, name, "no such tensor in the checkpoint");
        }
        return info;
    }

    /** A tensor's elements in row-major order as little-endian bytes (strided views gathered). */
    public ByteBuffer bytes(String name) throws IOException {
        info(name);
        TorchTensorRecord r = records.get(name);
        int size = r.dtype.bytes();
        int elements = (int) r.elementCount();
        if (elements == 0) {
            return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
        }
        ZipEntry e = zip.getEntry(dataFolder + "data/" + r.storageKey);
        if (r.isContiguous()) {
            byte[] raw = read(path, zip, e, r.offset * size, elements * size, "storage " + r.storageKey);
            return ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        }
        long span = 1;
        for (int d = 0; d < r.shape.length; d++) {
            span += (r.shape[d] - 1) * r.stride[d];
        }
        byte[] window = read(path, zip, e, r.offset * size, (int) span * size, "storage " + r.storageKey);
        return StridedGather.gather(window, size, r.shape, r.stride);
    }

    /** A floating-point tensor as float32 values in Java (BF16, F16 and F64 converted). */
    public float[] readFloats(String name) throws IOException {
        TensorInfo info = info(name);
        if (!info.dtype().isFloating()) {
            throw new TorchCheckpointFormatException(path, name, "expected a floating-point tensor, found " + info.dtype());
        }
        return Float16.toFloats(bytes(name), info.dtype(), Math.toIntExact(info.elementCount()));
    }

    /** As {@link SafetensorsFile#load}: floating tensors become {@code target}, BF16 widened in Java. */
    @Override
    public NDArray load(String name, NDManager manager, DataType target) throws IOException {
        TensorInfo info = info(name);
        return TensorArrays.create(bytes(name), info.dtype(), info.shape(), manager, target);
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
