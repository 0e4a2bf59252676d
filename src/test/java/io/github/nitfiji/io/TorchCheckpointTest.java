package io.github.nitfiji.io;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.TestFiles;
import io.github.nitfiji.model.SafetensorsWeights;
import io.github.nitfiji.model.TorchCheckpointWeights;
import io.github.nitfiji.model.WeightSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safe {@code torch.save} reader: golden twin, strided views, and hostile files refused. */
class TorchCheckpointTest {
    @TempDir
    Path dir;

    /** Issue 24: torch.save stores weights uncompressed and Java checks no CRC there; we do. */
    @Test
    void aFlippedByteInAStorageIsRefusedByItsCrc() throws Exception {
        Path copy = dir.resolve("flipped.bin");
        byte[] bytes = Files.readAllBytes(TestFiles.golden("tim_t2i/tim_t2i_tiny.bin"));
        String victim;
        byte[] window;
        try (TorchCheckpoint bin = TorchCheckpoint.open(TestFiles.golden("tim_t2i/tim_t2i_tiny.bin"))) {
            victim = bin.tensors().keySet().stream().filter(k -> bin.tensors().get(k).elementCount() >= 64)
                    .findFirst().orElseThrow();
            window = Arrays.copyOf(bin.bytes(victim).array(), 32);
        }
        int at = indexOf(bytes, window);
        assertTrue(at > 0, "the tensor's bytes are stored as they are");
        bytes[at + 7] ^= 0x10;
        Files.write(copy, bytes);
        try (TorchCheckpoint bin = TorchCheckpoint.open(copy)) {
            TorchCheckpointFormatException e = assertThrows(TorchCheckpointFormatException.class,
                    () -> bin.readFloats(victim));
            assertTrue(e.getMessage().contains("is damaged: its CRC-32 is") && e.getMessage().startsWith(copy.toString()),
                    e.getMessage());
        }
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void goldenBinLoadsIdenticallyToItsSafetensorsTwin() throws Exception {
        try (TorchCheckpoint bin = TorchCheckpoint.open(TestFiles.golden("tim_t2i/tim_t2i_tiny.bin"));
             SafetensorsFile st = SafetensorsFile.open(TestFiles.golden("tim_t2i/tim_t2i_tiny.safetensors"));
             NDManager manager = NDManager.newBaseManager()) {
            assertEquals(st.tensors().keySet(), bin.tensors().keySet());
            assertEquals(94, bin.tensors().size(), "the tiny state dict's keys (tim_t2i.json: state_dict_keys)");
            List<String> sorted = new ArrayList<>(bin.tensors().keySet());
            sorted.sort(null);
            assertEquals(sorted, new ArrayList<>(bin.tensors().keySet()), "file order (torch.save of a sorted dict)");
            WeightSource a = new TorchCheckpointWeights(bin);
            WeightSource b = new SafetensorsWeights(st);
            for (String key : st.tensors().keySet()) {
                assertEquals(st.info(key).dtype(), bin.info(key).dtype(), key);
                assertArrayEquals(b.shape(key), a.shape(key), key);
                assertArrayEquals(st.readFloats(key), bin.readFloats(key), key);
                try (NDArray x = a.load(key, manager, DataType.FLOAT32); NDArray y = b.load(key, manager, DataType.FLOAT32)) {
                    assertEquals(y.getShape(), x.getShape(), key);
                    assertArrayEquals(y.toFloatArray(), x.toFloatArray(), key);
                }
            }
        }
    }

    @Test
    void stridedViewsAreGatheredInRowMajorOrder() throws Exception {
        // storage [0..5] viewed as the transpose of a 3x2 matrix: shape (2, 3), strides (1, 2)
        byte[] pickle = new TorchZipFixtures().orderedDict().op('(')
                .str("t").tensor("FloatStorage", "0", 6, 0, new long[] {2, 3}, new long[] {1, 2})
                .str("tail").tensor("FloatStorage", "0", 6, 4, new long[] {2}, new long[] {1})
                .op('u').op('.').pickle();
        Path file = write(pickle, Map.of("0", TorchZipFixtures.floats(0, 1, 2, 3, 4, 5)));
        try (TorchCheckpoint c = TorchCheckpoint.open(file)) {
            assertArrayEquals(new float[] {0, 2, 4, 1, 3, 5}, c.readFloats("t"));
            assertArrayEquals(new float[] {4, 5}, c.readFloats("tail"), "a second view of a shared storage");
        }
    }

    @Test
    void globalOfOsSystemIsRefusedByName() throws Exception {
        byte[] pickle = new TorchZipFixtures().global("os", "system").str("touch pwned").op(0x85).op('R').op('.')
                .pickle();
        String message = refusal(pickle, Map.of());
        assertTrue(message.contains("refusing global 'os.system'"), message);
        assertFalse(Files.exists(Path.of("pwned")));
    }

    @Test
    void reduceOfAnythingButTheStateDictCallsIsRefused() throws Exception {
        byte[] storageCall = new TorchZipFixtures().global("torch", "FloatStorage").op(')').op('R').op('.').pickle();
        assertTrue(refusal(storageCall, Map.of()).contains("refusing a call (REDUCE) of torch.FloatStorage"));
        byte[] stringCall = new TorchZipFixtures().str("eval").op(')').op('R').op('.').pickle();
        assertTrue(refusal(stringCall, Map.of()).contains("refusing a call (REDUCE) of the string 'eval'"));
        byte[] dictWithArgs = new TorchZipFixtures().global("collections", "OrderedDict").str("x").op(0x85).op('R')
                .op('.').pickle();
        assertTrue(refusal(dictWithArgs, Map.of()).contains("OrderedDict called with arguments"));
        byte[] newObj = new TorchZipFixtures().global("torch", "FloatStorage").op(')').op(0x81).op('.').pickle();
        assertTrue(refusal(newObj, Map.of()).contains("NEWOBJ"));
    }

    @Test
    void aViewPastTheEndOfItsStorageIsRefused() throws Exception {
        byte[] pickle = new TorchZipFixtures().orderedDict().op('(')
                .str("w").tensor("FloatStorage", "0", 4, 1, new long[] {4}, new long[] {1})
                .op('u').op('.').pickle();
        String message = refusal(pickle, Map.of("0", TorchZipFixtures.floats(1, 2, 3, 4)));
        assertTrue(message.contains("tensor 'w'") && message.contains("past the end of storage 0"), message);
    }

    @Test
    void aStorageShorterThanDeclaredIsRefused() throws Exception {
        byte[] pickle = TorchZipFixtures.stateDictPickle(Map.of("w", new long[] {2, 3}));
        String message = refusal(pickle, Map.of("0", TorchZipFixtures.floats(1, 2, 3, 4)));
        assertTrue(message.contains("declares 6 x F32 = 24 bytes but its zip entry holds 16"), message);
        String missing = refusal(pickle, Map.of());
        assertTrue(missing.contains("storage 0 is missing"), missing);
    }

    @Test
    void selfOverlappingStridesAndNonTensorValuesAreRefused() throws Exception {
        byte[] expanded = new TorchZipFixtures().orderedDict().op('(')
                .str("w").tensor("FloatStorage", "0", 4, 0, new long[] {3, 4}, new long[] {0, 1})
                .op('u').op('.').pickle();
        assertTrue(refusal(expanded, Map.of("0", TorchZipFixtures.floats(1, 2, 3, 4))).contains("overlap"));
        byte[] notATensor = new TorchZipFixtures().orderedDict().op('(').str("w").str("v").op('u').op('.').pickle();
        assertTrue(refusal(notATensor, Map.of()).contains("entry 'w' holds the string 'v', not a tensor"));
        byte[] truncated = Arrays.copyOf(TorchZipFixtures.stateDictPickle(Map.of("w", new long[] {2})), 30);
        assertTrue(refusal(truncated, Map.of()).contains("truncated"));
    }

    @Test
    void aFileThatIsNotAZipSaysSo() throws Exception {
        Path file = dir.resolve("old.bin");
        Files.write(file, new byte[] {(byte) 0x80, 2, 'N', '.'});
        TorchCheckpointFormatException e = assertThrows(TorchCheckpointFormatException.class,
                () -> TorchCheckpoint.open(file));
        assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains("not a PyTorch zip"));
    }

    private String refusal(byte[] pickle, Map<String, byte[]> storages) throws Exception {
        Path file = write(pickle, storages);
        TorchCheckpointFormatException e = assertThrows(TorchCheckpointFormatException.class,
                () -> TorchCheckpoint.open(file).close());
        assertTrue(e.getMessage().startsWith(file.toString()), "names the file: " + e.getMessage());
        return e.getMessage();
    }

    private Path write(byte[] pickle, Map<String, byte[]> storages) throws Exception {
        Path file = Files.createTempFile(dir, "ckpt", ".bin");
        Files.write(file, TorchZipFixtures.zip(pickle, new LinkedHashMap<>(storages)));
        return file;
    }
}
