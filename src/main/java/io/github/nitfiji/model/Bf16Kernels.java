package io.github.nitfiji.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Convolutions and matrix products in bfloat16 with float32 activations in and out, for CPUs with
 * AVX512-BF16 / AMX, where oneDNN runs them several times faster than in float32.
 *
 * <p>DJL's PyTorch engine aborts the JVM on any bfloat16 tensor it has to describe (its dtype
 * table stops before bfloat16), so no bfloat16 tensor ever becomes a DJL array here: weights are
 * cast by a TorchScript module and kept as the module's output {@link IValue}s, which only
 * libtorch looks into, and each kernel is a TorchScript module (written by our code, see
 * {@link TorchScriptArchive}) that casts its float32 input to bfloat16, computes, and hands back
 * float32 (in the input's memory layout). Owns its modules and the weights it holds until
 * {@link #close()}.
 */
public final class Bf16Kernels implements AutoCloseable {
    /** libtorch's ScalarType codes, as serialized TorchScript writes dtypes. */
    private static final int FLOAT32 = 6;
    private static final int BFLOAT16 = 15;
    private static final String HEADER = "class %s(Module):\n  __parameters__ = []\n  __buffers__ = []\n"
            + "  training : bool\n";
    private static final String CAST = HEADER + "  def forward(self: __torch__.%1$s, x: Tensor) -> Tensor:\n"
            + "    return torch.to(x, " + BFLOAT16 + ")\n";
    // each kernel writes into an output the caller allocated: DJL runs TorchScript under InferenceMode,
    // whose own results libtorch refuses to update in place later (the layers do), while a caller's
    // ordinary tensor stays ordinary; the copy also converts to float32 in the same pass
    private static final String CONV = HEADER + "  def forward(self: __torch__.%1$s, x: Tensor, w: Tensor, b: Tensor,"
            + " out: Tensor, stride: int, padding: int) -> Tensor:\n"
            + "    y = torch.conv2d(torch.to(x, " + BFLOAT16 + "), w, b, [stride, stride], [padding, padding], [1, 1], 1)\n"
            + "    return torch.copy_(out, y)\n";
    private static final String LINEAR = HEADER + "  def forward(self: __torch__.%1$s, x: Tensor, w: Tensor, b: Tensor,"
            + " out: Tensor) -> Tensor:\n"
            + "    return torch.copy_(out, torch.linear(torch.to(x, " + BFLOAT16 + "), w, b))\n";

    /** A weight (and bias) held in bfloat16 by libtorch. */
    public static final class Held {
        private final IValue weight;
        private final IValue bias;

        private Held(IValue weight, IValue bias) {
            this.weight = weight;
            this.bias = bias;
        }
    }

    private final List<ZooModel<NDList, NDList>> models;
    private final PtSymbolBlock cast;
    private final PtSymbolBlock conv;
    private final PtSymbolBlock linear;
    private final List<IValue> held = new ArrayList<>();

    private Bf16Kernels(List<ZooModel<NDList, NDList>> models) {
        this.models = models;
        this.cast = (PtSymbolBlock) models.get(0).getBlock();
        this.conv = (PtSymbolBlock) models.get(1).getBlock();
        this.linear = (PtSymbolBlock) models.get(2).getBlock();
    }

    /** Writes and loads the kernels for {@code device}; an IOException or RuntimeException if they do not load. */
    public static Bf16Kernels load(Device device) throws IOException {
        Path dir = Files.createTempDirectory("nit-bf16");
        List<ZooModel<NDList, NDList>> models = new ArrayList<>();
        try {
            String[][] modules = {{"Cast", CAST}, {"Conv", CONV}, {"Linear", LINEAR}};
            for (String[] m : modules) {
                Path file = dir.resolve(m[0].toLowerCase(java.util.Locale.ROOT) + ".pt");
                TorchScriptArchive.write(file, "bf16_" + m[0].toLowerCase(java.util.Locale.ROOT), m[0],
                        String.format(java.util.Locale.ROOT, m[1], m[0]));
                models.add(Criteria.builder().setTypes(NDList.class, NDList.class).optModelPath(file)
                        .optEngine("PyTorch").optDevice(device).optTranslator(new NoopTranslator()).build()
                        .loadModel());
            }
            return new Bf16Kernels(models);
        } catch (ModelNotFoundException | MalformedModelException e) {
            models.forEach(ZooModel::close);
            throw new IOException("the bfloat16 kernels did not load: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            models.forEach(ZooModel::close);
            throw e;
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Keeps a bfloat16 copy of {@code weight} and {@code bias} (float32; bias may be null, then
     * zeros of the weight's first dimension) for the kernels; the float32 arrays stay the caller's.
     */
    public synchronized Held hold(NDArray weight, NDArray bias) {
        IValue w = castToBf16(weight);
        IValue b;
        if (bias != null) {
            b = castToBf16(bias);
        } else {
            try (NDArray zeros = weight.getManager().zeros(new ai.djl.ndarray.types.Shape(weight.getShape().get(0)),
                    ai.djl.ndarray.types.DataType.FLOAT32)) {
                b = castToBf16(zeros);
            }
        }
        return new Held(w, b);
    }

    private IValue castToBf16(NDArray a) {
        try (IValue in = IValue.from((PtNDArray) a)) {
            IValue out = cast.forward(in);
            held.add(out);
            return out;
        }
    }

    /**
     * conv2d(x, w, b) with zero padding, groups 1, in bfloat16, of a kernel x kernel weight with
     * {@code outChannels}; x float32 [B, C, H, W], the float32 result channels-last in memory (the
     * layout the decoder keeps), in x's manager.
     */
    public NDArray conv2d(NDArray x, Held w, int outChannels, int kernel, int stride, int padding) {
        ai.djl.ndarray.types.Shape s = x.getShape();
        long h = (s.get(2) + 2L * padding - kernel) / stride + 1;
        long wd = (s.get(3) + 2L * padding - kernel) / stride + 1;
        NDArray nhwc = x.getManager().create(new ai.djl.ndarray.types.Shape(s.get(0), h, wd, outChannels),
                ai.djl.ndarray.types.DataType.FLOAT32);
        NDArray out = nhwc.transpose(0, 3, 1, 2);
        nhwc.close(); // the view keeps the memory
        run(conv, x, w, out, IValue.from((long) stride), IValue.from((long) padding));
        return out;
    }

    /** x w^T + b over the last axis in bfloat16, to {@code outFeatures}; x float32, result float32 in x's manager. */
    public NDArray linear(NDArray x, Held w, int outFeatures) {
        long[] shape = x.getShape().getShape().clone();
        shape[shape.length - 1] = outFeatures;
        NDArray out = x.getManager().create(new ai.djl.ndarray.types.Shape(shape), ai.djl.ndarray.types.DataType.FLOAT32);
        run(linear, x, w, out);
        return out;
    }

    private static void run(PtSymbolBlock module, NDArray x, Held w, NDArray out, IValue... ints) {
        IValue in = IValue.from((PtNDArray) x);
        IValue into = IValue.from((PtNDArray) out);
        IValue[] args = new IValue[4 + ints.length];
        args[0] = in;
        args[1] = w.weight;
        args[2] = w.bias;
        args[3] = into;
        System.arraycopy(ints, 0, args, 4, ints.length);
        try (IValue result = module.forward(args)) {
            // the result is `out` itself, already written
        } finally {
            in.close();
            into.close();
            for (IValue i : ints) {
                i.close();
            }
        }
    }

    @Override
    public synchronized void close() {
        held.forEach(IValue::close);
        held.clear();
        models.forEach(ZooModel::close);
    }
}
