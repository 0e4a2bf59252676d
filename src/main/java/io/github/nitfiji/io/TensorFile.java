package io.github.nitfiji.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * An open checkpoint file of named tensors, whatever its format (safetensors, PyTorch zip): what
 * it holds is known from its header alone, and each tensor loads on its own.
 */
public interface TensorFile extends AutoCloseable {
    Path path();

    /** Tensors in file order (name, dtype, shape). */
    Map<String, TensorInfo> tensors();

    /**
     * Creates an NDArray owned by {@code manager} from a tensor. Floating tensors become
     * {@code target} (FLOAT32 or FLOAT16); BF16 is widened in Java first because handing BF16 to
     * DJL's PyTorch engine aborts the JVM.
     */
    NDArray load(String name, NDManager manager, DataType target) throws IOException;

    @Override
    void close() throws IOException;
}
