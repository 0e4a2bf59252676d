package io.github.nitfiji.model.script;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.IValue;
import io.github.nitfiji.model.nit.GroupForward;
import io.github.nitfiji.model.nit.NitTransformer;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The NiT forward as one TorchScript call per group of same-sized images: the module is
 * generated from the transformer's config ({@link NitScriptSource}) and reads the transformer's
 * own bound weights, handed over once as a list of tensor references (no copy). Inside, PyTorch
 * runs fused SDPA and no Java or JNI work happens between operations.
 */
public final class ScriptedNitForward implements GroupForward {
    private static final String ARCHIVE = "nit_forward";

    private final ScriptModule module;
    private final IValue weights;

    private ScriptedNitForward(ScriptModule module, IValue weights) {
        this.module = module;
        this.weights = weights;
    }

    /**
     * Generates and loads the module for {@code model} and makes the model use it. When the engine
     * will not load it, {@code notice} hears why, once, and the model keeps its eager path.
     *
     * @return whether the scripted forward is now in use
     */
    public static boolean install(NitTransformer model, Consumer<String> notice) {
        return install(model, new NitScriptSource(model.config()).source(), notice);
    }

    /** As {@link #install(NitTransformer, Consumer)} with given source (tests use a broken one). */
    static boolean install(NitTransformer model, String source, Consumer<String> notice) {
        ScriptModule module;
        try {
            module = ScriptModule.load(ARCHIVE, NitScriptSource.CLASS_NAME, source, model.device());
        } catch (ScriptLoadException e) {
            notice.accept("the scripted forward did not load, using the eager executor (" + firstLine(e.getMessage()) + ")");
            return false;
        }
        Map<String, NDArray> bound = model.boundWeights();
        List<String> keys = new NitScriptSource(model.config()).weightKeys();
        PtNDArray[] ordered = new PtNDArray[keys.size()];
        for (int i = 0; i < ordered.length; i++) {
            ordered[i] = (PtNDArray) bound.get(keys.get(i));
        }
        model.useGroupForward(new ScriptedNitForward(module, IValue.listFrom(ordered)), notice);
        return true;
    }

    @Override
    public NDArray forward(NDArray tokens, NDArray siluC, NDArray cos, NDArray sin) {
        IValue x = IValue.from((PtNDArray) tokens);
        IValue c = IValue.from((PtNDArray) siluC);
        IValue cosine = IValue.from((PtNDArray) cos);
        IValue sine = IValue.from((PtNDArray) sin);
        try (IValue result = module.block().forward(x, c, cosine, sine, weights)) {
            return result.toTensor((PtNDManager) tokens.getManager());
        } finally {
            x.close();
            c.close();
            cosine.close();
            sine.close();
        }
    }

    @Override
    public String describe() {
        return "the scripted forward";
    }

    @Override
    public void close() {
        weights.close();
        module.close();
    }

    /** The engine's messages run to many lines of TorchScript; a notice needs the first real one. */
    static String firstLine(String message) {
        if (message != null) {
            for (String line : message.split("\n")) {
                if (!line.isBlank()) {
                    return line.trim();
                }
            }
        }
        return "no reason given";
    }
}
