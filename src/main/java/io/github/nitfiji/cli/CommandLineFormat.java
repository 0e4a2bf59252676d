package io.github.nitfiji.cli;

import io.github.nitfiji.EnumIds;
import io.github.nitfiji.pipeline.Executor;
import io.github.nitfiji.pipeline.GenerationSpec;
import io.github.nitfiji.sampling.Preset;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** A spec as the command line that runs it: the {@code nit.command} stamped on files the CLI writes. */
final class CommandLineFormat {
    static final String PROGRAM = "java -jar nit-cli.jar";

    private CommandLineFormat() {
    }

    /** {@code java -jar nit-cli.jar generate ...} with every setting that decides the pixels. */
    static String generate(GenerationSpec spec, String out, boolean float32, String saveLatent, Path mask) {
        List<String> words = new ArrayList<>(List.of(PROGRAM, "generate"));
        if (spec.nitWeights() != null) {
            add(words, "--nit-weights", spec.nitWeights());
            add(words, "--nit-config", spec.nitConfig());
            add(words, "--ae-weights", spec.aeWeights());
            add(words, "--ae-config", spec.aeConfig());
        } else {
            add(words, "--model", spec.model());
            add(words, "--models-dir", spec.modelsDir());
        }
        if (spec.prompt() != null) {
            add(words, "--prompt", spec.prompt());
        } else {
            add(words, "--class", Arrays.stream(spec.classes()).mapToObj(Integer::toString)
                    .collect(Collectors.joining(",")));
        }
        add(words, "--images", spec.images());
        if (spec.source() != null) {
            add(words, "--init-image", spec.source().title);
            add(words, "--strength", spec.strength() == null ? null : number(spec.strength()));
            add(words, "--mask", mask);
            int[] refine = spec.refineTo();
            add(words, "--refine-to", refine == null ? null : refine[0] + "x" + refine[1]);
        } else if (spec.latentSize() != null) {
            add(words, "--latent-size", spec.latentSize());
        } else {
            add(words, "--width", spec.width());
            add(words, "--height", spec.height());
        }
        add(words, "--seed", spec.seed());
        add(words, "--preset", spec.preset().id());
        if (spec.preset() == Preset.CUSTOM) {
            add(words, "--sampler", spec.sampler().id());
            add(words, "--steps", spec.steps());
            add(words, "--cfg", number(spec.cfg()));
            add(words, "--guidance-interval", number(spec.guidanceLow()) + "," + number(spec.guidanceHigh()));
            add(words, "--tim-mode", spec.timMode() == null ? null : spec.timMode().id());
            add(words, "--stochasticity", spec.stochasticity() == null ? null : number(spec.stochasticity()));
        }
        add(words, "--noise", spec.noise());
        add(words, "--sde-noise", spec.sdeNoise());
        add(words, "--device", spec.device());
        add(words, "--precision", EnumIds.id(spec.precision()));
        if (!"auto".equals(spec.attention())) {
            add(words, "--attention", spec.attention());
        }
        if (spec.executor() != Executor.AUTO) {
            add(words, "--executor", spec.executor().id());
        }
        if (float32) {
            words.add("--float");
        }
        add(words, "--out", out);
        add(words, "--save-latent", saveLatent);
        return String.join(" ", words);
    }

    private static void add(List<String> words, String flag, Object value) {
        if (value != null) {
            words.add(flag);
            words.add(quote(value instanceof Path ? value.toString() : String.valueOf(value)));
        }
    }

    /** A word as a POSIX shell reads it back: single-quoted when it holds anything special. */
    static String quote(String word) {
        if (!word.isEmpty() && word.matches("[A-Za-z0-9_./:,=+@%{}-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
