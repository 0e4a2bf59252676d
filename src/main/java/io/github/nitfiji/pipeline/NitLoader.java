package io.github.nitfiji.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.model.SafetensorsWeights;
import io.github.nitfiji.model.nit.NitConfig;
import io.github.nitfiji.model.nit.NitTransformer;
import java.io.IOException;
import java.nio.file.Path;

/** Loads a NiT checkpoint with its architecture from a config file or the file's own metadata. */
public final class NitLoader {
    private NitLoader() {
    }

    /**
     * @param config the architecture; null to read {@code __metadata__.config} from the weights
     */
    public static NitTransformer load(Path weights, NitConfig config, Device device, DataType precision)
            throws IOException {
        try (SafetensorsFile file = SafetensorsFile.open(weights)) {
            NitConfig architecture = config != null ? config : NitConfig.fromWeights(file);
            return NitTransformer.load(architecture, new SafetensorsWeights(file), device, precision);
        }
    }
}
