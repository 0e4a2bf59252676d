package io.github.nitfiji.io;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.TestFiles;
import io.github.nitfiji.model.SafetensorsWeights;
import io.github.nitfiji.model.WeightsMismatchException;
import io.github.nitfiji.model.nit.NitConfig;
import io.github.nitfiji.model.nit.NitTransformer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every header promise is checked; each violation is a message naming file, tensor and problem. */
class SafetensorsValidationTest {
    @TempDir
    Path dir;

    private Path file(String name, String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Path p = dir.resolve(name);
        Files.write(p, b.array());
        return p;
    }

    private String failure(Path p) {
        SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> SafetensorsFile.open(p).close());
        assertTrue(e.getMessage().contains(p.toString()), "message names the file: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void duplicateTensorNamesAreRefused() throws IOException {
        // Gson keeps the last of two equal keys: without a check the first tensor silently vanishes
        String t = "{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}";
        Path p = file("dup.safetensors", "{\"w\":" + t + ",\"w\":" + t + "}", 4);
        String message = failure(p);
        assertTrue(message.contains("'w'") && message.contains("more than once"), message);
        Path meta = file("dup-meta.safetensors", "{\"__metadata__\":{\"a\":\"1\",\"a\":\"2\"},\"w\":" + t + "}", 4);
        assertTrue(failure(meta).contains("more than once"));
    }

    @Test
    void truncatedFile() throws IOException {
        Path golden = TestFiles.golden("nit_tiny.safetensors");
        byte[] all = Files.readAllBytes(golden);
        Path p = dir.resolve("truncated.safetensors");
        Files.write(p, Arrays.copyOf(all, all.length - 1000));
        assertTrue(failure(p).contains("outside the data section"));
        Path tiny = dir.resolve("tiny.safetensors");
        Files.write(tiny, new byte[] {1, 2, 3});
        assertTrue(failure(tiny).contains("too short"));
    }

    @Test
    void headerLengthPastTheEnd() throws IOException {
        Path p = dir.resolve("long-header.safetensors");
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).putLong(0);
        Files.write(p, b.array());
        assertTrue(failure(p).contains("does not fit in the file"));
        ByteBuffer neg = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-5).putLong(0);
        Files.write(p, neg.array());
        assertTrue(failure(p).contains("does not fit in the file"));
    }

    @Test
    void malformedJson() throws IOException {
        assertTrue(failure(file("bad.safetensors", "{\"a\": {\"dtype\": ", 0)).contains("not valid JSON"));
        assertTrue(failure(file("array.safetensors", "[1, 2]", 0)).contains("expected a JSON object"));
    }

    @Test
    void offsetsOutOfRange() throws IOException {
        String m = failure(file("range.safetensors", "{\"w\": {\"dtype\": \"F32\", \"shape\": [4], \"data_offsets\": [0, 16]}}", 8));
        assertTrue(m.contains("tensor 'w'") && m.contains("outside the data section"), m);
        m = failure(file("backwards.safetensors", "{\"w\": {\"dtype\": \"F32\", \"shape\": [0], \"data_offsets\": [8, 4]}}", 8));
        assertTrue(m.contains("outside the data section"), m);
    }

    @Test
    void overlappingTensors() throws IOException {
        String m = failure(file("overlap.safetensors", "{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]},"
                + " \"b\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [4, 12]}}", 12));
        assertTrue(m.contains("overlaps"), m);
    }

    @Test
    void unknownDtype() throws IOException {
        String m = failure(file("dtype.safetensors", "{\"w\": {\"dtype\": \"F8_E4M3\", \"shape\": [2], \"data_offsets\": [0, 2]}}", 2));
        assertTrue(m.contains("tensor 'w'") && m.contains("unsupported dtype 'F8_E4M3'"), m);
    }

    @Test
    void byteLengthMustMatchDtypeTimesShape() throws IOException {
        String m = failure(file("size.safetensors", "{\"w\": {\"dtype\": \"F32\", \"shape\": [3], \"data_offsets\": [0, 8]}}", 8));
        assertTrue(m.contains("needs 12 bytes"), m);
        m = failure(file("huge.safetensors", "{\"w\": {\"dtype\": \"F32\", \"shape\": [4611686018427387904, 8], \"data_offsets\": [0, 8]}}", 8));
        assertTrue(m.contains("too large"), m);
        m = failure(file("negative.safetensors", "{\"w\": {\"dtype\": \"F32\", \"shape\": [-2], \"data_offsets\": [0, 8]}}", 8));
        assertTrue(m.contains("negative"), m);
    }

    @Test
    void missingAndMisshapedKeysAreAllListed() throws IOException {
        try (SafetensorsFile golden = SafetensorsFile.open(TestFiles.golden("nit_tiny.safetensors"))) {
            NitConfig real = NitConfig.fromWeights(golden);
            NitConfig deeper = new NitConfig(real.hiddenSize, real.depth + 1, real.numHeads, real.mlpRatio,
                    1, real.inChannels, real.numClasses, true);
            WeightsMismatchException missing = assertThrows(WeightsMismatchException.class, () ->
                    NitTransformer.load(deeper, new SafetensorsWeights(golden), Device.cpu(), DataType.FLOAT32));
            assertTrue(missing.getMessage().contains("missing key blocks.3.attn.qkv.weight"), missing.getMessage());
            assertEquals(14, missing.problems().size(), "all 14 keys of the absent block are listed");

            NitConfig wider = new NitConfig(real.hiddenSize * 2, real.depth, real.numHeads, real.mlpRatio,
                    1, real.inChannels, real.numClasses, true);
            WeightsMismatchException shapes = assertThrows(WeightsMismatchException.class, () ->
                    NitTransformer.load(wider, new SafetensorsWeights(golden), Device.cpu(), DataType.FLOAT32));
            assertTrue(shapes.getMessage().contains("key x_embedder.proj.weight has shape [96, 32, 1, 1], expected [192, 32, 1, 1]"),
                    shapes.getMessage());
            assertTrue(shapes.getMessage().contains(golden.path().toString()));
        }
    }
}
