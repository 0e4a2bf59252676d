package io.github.nitfiji.io;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.TestFiles;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SafetensorsFileTest {
    @Test
    void readsGoldenWeightsAndMetadata() throws Exception {
        try (SafetensorsFile f = SafetensorsFile.open(TestFiles.golden("nit_tiny.safetensors"))) {
            assertTrue(f.metadata().get("config").contains("hidden_size"));
            TensorInfo qkv = f.info("blocks.0.attn.qkv.weight");
            assertEquals(TensorDType.F32, qkv.dtype());
            assertArrayEquals(new long[] {288, 96}, qkv.shape());
            float[] v = f.readFloats("blocks.0.attn.qkv.weight");
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray a = f.load("blocks.0.attn.qkv.weight", m, DataType.FLOAT32);
                assertArrayEquals(v, a.toFloatArray());
                NDArray h = f.load("blocks.0.attn.qkv.weight", m, DataType.FLOAT16);
                assertEquals(DataType.FLOAT16, h.getDataType());
            }
        }
    }

    @Test
    void bf16IsWidenedInJavaAndMatchesRoundedF32() throws Exception {
        Path f32 = TestFiles.golden("nit_tiny.safetensors");
        Path bf16 = TestFiles.golden("nit_tiny_bf16.safetensors");
        try (SafetensorsFile a = SafetensorsFile.open(f32); SafetensorsFile b = SafetensorsFile.open(bf16);
             NDManager m = NDManager.newBaseManager()) {
            assertEquals(TensorDType.BF16, b.info("final_layer.linear.weight").dtype());
            float[] exact = a.readFloats("final_layer.linear.weight");
            float[] rounded = b.load("final_layer.linear.weight", m, DataType.FLOAT32).toFloatArray();
            for (int i = 0; i < exact.length; i++) {
                assertEquals(exact[i], rounded[i], Math.abs(exact[i]) * 1e-2 + 1e-30);
            }
        }
    }
}
