package io.github.nitfiji.bench;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.AttentionKind;
import io.github.nitfiji.model.RandomWeights;
import io.github.nitfiji.model.gemma.GemmaConfig;
import io.github.nitfiji.model.gemma.GemmaTextEncoder;
import io.github.nitfiji.model.tim.TimT2iConfig;
import io.github.nitfiji.model.tim.TimT2iTransformer;
import io.github.nitfiji.runtime.Precision;
import java.io.PrintStream;
import java.util.Locale;

/** {@code bench --text-to-image}: the {@link TextToImageTiming} table for Gemma-3-1B and TiM-T2I shapes. */
public final class TextToImageBenchTable {
    private TextToImageBenchTable() {
    }

    public static void print(int[] sizes, int[] steps, int promptTokens, int depth, Device device, DataType type,
                      AttentionKind attention, PrintStream out, PrintStream err) throws Exception {
        GemmaConfig gemma = GemmaConfig.gemma3OneBillion();
        TimT2iConfig xl = TimT2iConfig.xl();
        TimT2iConfig tim = new TimT2iConfig(xl.hiddenSize, depth, xl.numHeads, xl.mlpRatio, xl.inChannels,
                xl.captionFeatures, xl.qkNorm, xl.distanceAware, xl.loraHiddenSize);
        out.printf(Locale.ROOT, "TiM-T2I shape (depth %d) with Gemma-3-1B, random weights, %s, %s, prompt of %d "
                + "tokens, CFG 2.5 on 0 < t < 1%n", depth, device, Precision.id(type), promptTokens);
        out.println("| size | text encoding ms | caption K/V ms | steps | ms/run | ms/step | peak RSS MB |");
        out.println("|---|---|---|---|---|---|---|");
        try (GemmaTextEncoder encoder = GemmaTextEncoder.load(gemma, new RandomWeights(gemma.expectedShapes(), 43),
                device, type);
             TimT2iTransformer model = TimT2iTransformer.load(tim, new RandomWeights(tim.expectedShapes(), 42),
                     device, type, attention, msg -> err.println("nit: warning: " + msg))) {
            for (int size : sizes) {
                TextToImageTiming t = TextToImageTiming.measure(encoder, model, size, promptTokens, steps);
                for (int i = 0; i < steps.length; i++) {
                    out.printf(Locale.ROOT, "| %d^2 | %.0f | %.0f | %d | %.0f | %.0f | %.0f |%n", size,
                            t.msTextEncoding, t.msPrepareCaptions, t.steps[i], t.msPerRun[i], t.msPerStep(i),
                            t.peakResidentMb);
                }
            }
        }
        out.println("Decoding is the NiT table's DC-AE row: run 'bench --sizes 32 --batches 1 --depth 1 "
                + "--decode-sizes 1024' for it.");
    }
}
