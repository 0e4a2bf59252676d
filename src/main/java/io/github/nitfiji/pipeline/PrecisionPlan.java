package io.github.nitfiji.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;

/**
 * What each stage of a run computes in, decided from the user's {@link Precision}, the device and
 * the CPU's features: a pure function, so the table in its test is the whole rule.
 *
 * <ul>
 *   <li>{@code fp32}, {@code fp16}: everything in that type (fp16 is for GPUs).</li>
 *   <li>{@code bf16} (asked for): on the CPU, the decoder's dense convolutions in bfloat16 with
 *       float32 weights, activations, norms and attention around them; the transformer in float32
 *       (its bfloat16 GEMMs are measured but not built, see docs/performance-cpu.md). Refused on a
 *       GPU, where fp16 is the reduced precision.</li>
 *   <li>{@code auto}: fp16 on a GPU; on a CPU with AMX-BF16 the bfloat16 decoder convolutions
 *       (measured faster there, {@link #AMX_DECODER_SPEEDUP}); float32 elsewhere, including CPUs
 *       with AVX512-BF16 but no AMX, where no measurement says bfloat16 is faster: auto is never
 *       slower than float32.</li>
 * </ul>
 */
public final class PrecisionPlan {
    /**
     * The full DC-AE f32c32 decode at 512^2, float32 time over the bfloat16-convolution time,
     * Sapphire Rapids (AMX-BF16), 2 threads, Dec 2026, machine loaded by other builds:
     * {@code java -cp target/nit-cli.jar} /tmp DecodeAB (docs/performance-cpu.md). Auto uses the
     * bfloat16 decoder only where a measurement above 1 stands.
     */
    static final double AMX_DECODER_SPEEDUP = 2.0;
    /** No AVX512-BF16-without-AMX CPU has been measured (the project's EPYC can: docs/performance-cpu.md). */
    static final double AVX512_BF16_DECODER_SPEEDUP = 0;

    /** What the transformer and the decoder's other layers compute in (and store weights as). */
    public final DataType dataType;
    /** Whether the decoder's dense convolutions run in bfloat16. */
    public final boolean decoderBf16;

    private PrecisionPlan(DataType dataType, boolean decoderBf16) {
        this.dataType = dataType;
        this.decoderBf16 = decoderBf16;
    }

    /** The plan for {@code asked} on {@code device} ({@code cpu} features only matter on the CPU). */
    public static PrecisionPlan of(Precision asked, Device device, CpuFeatures cpu) {
        boolean gpu = !Device.Type.CPU.equals(device.getDeviceType());
        switch (asked) {
            case FP32:
                return new PrecisionPlan(DataType.FLOAT32, false);
            case FP16:
                return new PrecisionPlan(DataType.FLOAT16, false);
            case BF16:
                if (gpu) {
                    throw new IllegalArgumentException("precision bf16 runs on the CPU only (bfloat16 convolutions"
                            + " for CPUs with AVX512-BF16 or AMX); on " + device + " use fp16 or auto");
                }
                return new PrecisionPlan(DataType.FLOAT32, true);
            default:
                if (gpu) {
                    return new PrecisionPlan(DataType.FLOAT16, false);
                }
                return new PrecisionPlan(DataType.FLOAT32, autoDecoderBf16(cpu));
        }
    }

    /** Auto's rule for the decoder: bfloat16 where this kind of CPU measured it faster. */
    static boolean autoDecoderBf16(CpuFeatures cpu) {
        if (cpu.amxBf16) {
            return AMX_DECODER_SPEEDUP > 1;
        }
        return cpu.avx512Bf16 && AVX512_BF16_DECODER_SPEEDUP > 1;
    }

    /** For provenance and messages: "fp32", "fp16", or "fp32+bf16-decoder". */
    public String id() {
        return Precision.id(dataType) + (decoderBf16 ? "+bf16-decoder" : "");
    }

    /** A warning when bfloat16 was asked for on a CPU without bfloat16 units (slower than fp32 there), else null. */
    public static String warning(Precision asked, PrecisionPlan plan, CpuFeatures cpu) {
        if (asked == Precision.BF16 && plan.decoderBf16 && !cpu.bf16()) {
            return "precision bf16 on a CPU without AVX512-BF16 or AMX (" + cpu.describe() + "): libtorch emulates"
                    + " bfloat16 there, which is slower than fp32";
        }
        return null;
    }
}
