package io.github.nitfiji.pipeline;

import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.io.TensorInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/** Supplied noise (initial or SDE draws) read from a safetensors file, its shape checked first. */
final class NoiseFiles {
    private NoiseFiles() {
    }

    /**
     * The tensor {@code name} (or the file's only tensor) as floats.
     *
     * @param expected the shape it must have; -1 = any length on that axis
     */
    static float[] read(GenerationSpec spec, Setting setting, Path file, String name, long[] expected)
            throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            TensorInfo info = f.tensors().get(name);
            if (info == null && f.tensors().size() == 1) {
                info = f.tensors().values().iterator().next();
            }
            if (info == null) {
                throw spec.invalid(setting, file + ": no tensor '" + name + "' (found " + f.tensors().keySet() + ")");
            }
            long[] shape = info.shape();
            boolean ok = shape.length == expected.length;
            for (int i = 0; ok && i < shape.length; i++) {
                ok = expected[i] < 0 || shape[i] == expected[i];
            }
            if (!ok) {
                throw spec.invalid(setting, file + ": tensor '" + info.name() + "' has shape " + Arrays.toString(shape)
                        + ", expected " + Arrays.toString(expected).replace("-1", "C"));
            }
            return f.readFloats(info.name());
        }
    }
}
