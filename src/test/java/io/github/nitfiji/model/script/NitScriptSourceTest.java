package io.github.nitfiji.model.script;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.nitfiji.Golden;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.RandomWeights;
import io.github.nitfiji.model.nit.NitConfig;
import io.github.nitfiji.model.nit.NitTransformer;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The one-source-of-truth guard: the generated module follows every NiT config option, and a new
 * option cannot slip in without the script writer being taught about it.
 */
class NitScriptSourceTest {
    /** The config fields NitScriptSource reads (or, for numClasses, needs not: conditioning is eager). */
    private static final Set<String> HANDLED = Set.of("hiddenSize", "depth", "numHeads", "mlpRatio", "patchSize",
            "inChannels", "numClasses", "qkNorm");

    @Test
    void everyConfigOptionIsHandledByTheScriptWriter() {
        Set<String> fields = new TreeSet<>();
        for (Field f : NitConfig.class.getFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                fields.add(f.getName());
            }
        }
        assertEquals(new TreeSet<>(HANDLED), fields, "NitConfig gained or lost an option: teach NitScriptSource "
                + "(the scripted forward) the same change as the eager blocks, then list it here");
    }

    @Test
    void scriptedAndEagerAgreeAcrossConfigShapes() throws Exception {
        // depth 1 and 3, head dims 16 and 24, MLP ratios 2 and 3, other channel and class counts
        for (NitConfig config : List.of(new NitConfig(64, 1, 4, 2.0, 1, 8, 10, true),
                new NitConfig(96, 3, 4, 3.0, 1, 16, 5, true))) {
            List<LatentSize> sizes = List.of(new LatentSize(3, 4), new LatentSize(3, 4), new LatentSize(2, 5));
            float[] eager;
            float[] scripted;
            try (NitTransformer model = NitTransformer.load(config, new RandomWeights(config.expectedShapes(), 7),
                    Device.cpu(), DataType.FLOAT32)) {
                eager = forward(model, sizes);
                assertTrue(ScriptedNitForward.install(model, message -> fail(message)));
                scripted = forward(model, sizes);
                assertNotNull(model.groupForward());
            }
            double err = Golden.relativeError(scripted, eager);
            assertTrue(err < 1e-5, config.toJson() + ": scripted vs eager relative error " + err);
        }
    }

    private static float[] forward(NitTransformer model, List<LatentSize> sizes) {
        int tokens = sizes.stream().mapToInt(LatentSize::tokens).sum();
        int channels = model.config().inChannels;
        float[] x = new float[tokens * channels];
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        List<Integer> classes = new ArrayList<>();
        for (int i = 0; i < sizes.size(); i++) {
            classes.add(i % model.config().numClasses);
        }
        try (NDManager m = model.newManager()) {
            return model.forward(m.create(x, new Shape(tokens, channels)), sizes, new double[] {0.2, 0.7, 1.0},
                    classes.stream().mapToInt(Integer::intValue).toArray()).toFloatArray();
        }
    }
}
