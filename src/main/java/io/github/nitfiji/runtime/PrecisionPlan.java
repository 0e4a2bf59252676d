package io.github.nitfiji.runtime;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;

/**
 * What each stage of a run computes in, decided from the user's {@link Precision}, the device and
 * the CPU's features: a pure function, so the table in its test is the whole rule.
 *
 * <ul>
 *   <li>{@code fp32}, {@code fp16}: everything in that type (fp16 is for GPUs).</li>
 *   <li>{@code bf16} (asked for): on the CPU, the decoder's dense convolutions and the TiM-C2I
 *       blocks' matrix products in bfloat16, with float32 weights, activations, norms, attention and
 *       conditioning around them (NiT and TiM-T2I keep a float32 transformer: not built yet).
 *       Refused on a GPU, where fp16 is the reduced precision.</li>
 *   <li>{@code auto}: fp16 on a GPU; on a CPU with AMX-BF16 the same as bf16 (measured faster
 *       there, {@link #AMX_DECODER_SPEEDUP}, {@link #AMX_TRANSFORMER_SPEEDUP}, and within the
 *       1e-2 bar of float32 on the goldens); float32 elsewhere, including CPUs with AVX512-BF16 but
 *       no AMX, where no measurement says bfloat16 is faster: auto is never slower than float32.</li>
 * </ul>
 */
public final class PrecisionPlan {
    /**
     * The full DC-AE f32c32 decode at 512^2, float32 time over the bfloat16-convolution time,
     * Sapphire Rapids (AMX-BF16), 2 threads, Dec 2026, machine loaded by other builds:
     * {@code java -cp target/nit-cli.jar} /tmp DecodeAB (docs/performance-cpu.md). Auto uses the
     * bfloat16 decoder only where a measurement above 1 stands.
     */
    static final double AMX_DECODER_SPEEDUP = 2.6;
    /**
     * TiM-C2I (depth 28, random weights) one 512^2 step, float32 over bfloat16 matrix products, the
     * same machine and conditions, 4 alternating rounds in one JVM: 14.1-17.5 s against 4.1-4.8 s.
     */
    static final double AMX_TRANSFORMER_SPEEDUP = 3.5;
    /** No AVX512-BF16-without-AMX CPU has been measured (the project's EPYC can: docs/performance-cpu.md). */
    static final double AVX512_BF16_DECODER_SPEEDUP = 0;
    static final double AVX512_BF16_TRANSFORMER_SPEEDUP = 0;

    /** What the transformer and the decoder's other layers compute in (and store weights as). */
    public final DataType dataType;
    /** Whether the decoder's dense convolutions run in bfloat16. */
    public final boolean decoderBf16;
    /** Whether the transformer blocks' matrix products run in bfloat16 (TiM-C2I; see {@link #forModel}). */
    public final boolean transformerBf16;

    private PrecisionPlan(DataType dataType, boolean decoderBf16) {
        this(dataType, decoderBf16, decoderBf16);
    }

    private PrecisionPlan(DataType dataType, boolean decoderBf16, boolean transformerBf16) {
        this.dataType = dataType;
        this.decoderBf16 = decoderBf16;
        this.transformerBf16 = transformerBf16;
    }

    /** Everything in {@code dataType}. */
    public static PrecisionPlan uniform(DataType dataType) {
        return new PrecisionPlan(dataType, false, false);
    }

    /** This plan for a model whose transformer can (TiM-C2I) or cannot (NiT, TiM-T2I) run bfloat16 products. */
    public PrecisionPlan forModel(boolean transformerSupportsBf16) {
        return new PrecisionPlan(dataType, decoderBf16, transformerBf16 && transformerSupportsBf16);
    }

    /** Whether any stage runs bfloat16 kernels. */
    public boolean usesBf16() {
        return decoderBf16 || transformerBf16;
    }

    /** The plan for {@code asked} on {@code device} ({@code cpu} features only matter on the CPU). */
    public static PrecisionPlan of(Precision asked, Device device, CpuFeatures cpu) {
        boolean gpu = device.isGpu();
        boolean cpuDevice = Device.Type.CPU.equals(device.getDeviceType());
        switch (asked) {
            case FP32:
                return new PrecisionPlan(DataType.FLOAT32, false);
            case FP16:
                return new PrecisionPlan(DataType.FLOAT16, false);
            case BF16:
                if (!cpuDevice) {
                    throw new IllegalArgumentException("precision bf16 runs on the CPU only (bfloat16 convolutions"
                            + " for CPUs with AVX512-BF16 or AMX); on " + device + " use fp16 or auto");
                }
                return new PrecisionPlan(DataType.FLOAT32, true);
            default:
                if (gpu) {
                    return new PrecisionPlan(DataType.FLOAT16, false);
                }
                if (!cpuDevice) { // Apple's GPU (mps): float32, as before
                    return new PrecisionPlan(DataType.FLOAT32, false);
                }
                return new PrecisionPlan(DataType.FLOAT32, autoDecoderBf16(cpu), autoTransformerBf16(cpu));
        }
    }

    /** Auto's rule for the decoder: bfloat16 where this kind of CPU measured it faster. */
    static boolean autoDecoderBf16(CpuFeatures cpu) {
        if (cpu.amxBf16) {
            return AMX_DECODER_SPEEDUP > 1;
        }
        return cpu.avx512Bf16 && AVX512_BF16_DECODER_SPEEDUP > 1;
    }

    /** Auto's rule for the transformer's matrix products, likewise. */
    static boolean autoTransformerBf16(CpuFeatures cpu) {
        if (cpu.amxBf16) {
            return AMX_TRANSFORMER_SPEEDUP > 1;
        }
        return cpu.avx512Bf16 && AVX512_BF16_TRANSFORMER_SPEEDUP > 1;
    }

    /**
     * For provenance and messages: "fp32", "fp16", "fp32+bf16" (bfloat16 transformer products and
     * decoder convolutions), "fp32+bf16-decoder" or "fp32+bf16-transformer".
     */
    public String id() {
        String base = Precision.id(dataType);
        if (decoderBf16 && transformerBf16) {
            return base + "+bf16";
        }
        return base + (decoderBf16 ? "+bf16-decoder" : transformerBf16 ? "+bf16-transformer" : "");
    }

    /** A warning when bfloat16 was asked for on a CPU without bfloat16 units (slower than fp32 there), else null. */
    public static String warning(Precision asked, PrecisionPlan plan, CpuFeatures cpu) {
        if (asked == Precision.BF16 && plan.usesBf16() && !cpu.bf16()) {
            return "precision bf16 on a CPU without AVX512-BF16 or AMX (" + cpu.describe() + "): libtorch emulates"
                    + " bfloat16 there, which is slower than fp32";
        }
        return null;
    }
}
