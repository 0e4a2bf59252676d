package io.github.nitfiji.cli;

import io.github.nitfiji.pipeline.GenerationSpec;
import io.github.nitfiji.pipeline.ImageOutput;
import io.github.nitfiji.pipeline.Setting;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A spec as the command line that runs it: the {@code nit.command} stamped on files the CLI
 * writes. Every setting the spec holds (as given, with the seed and model that ran filled in) is
 * written with its flag and its parser's written form, so replaying the line gives the same pixels.
 */
final class CommandLineFormat {
    static final String PROGRAM = "java -jar nit-cli.jar";

    private CommandLineFormat() {
    }

    /** {@code java -jar nit-cli.jar generate ...} with every setting that decides the pixels. */
    static String generate(GenerationSpec spec, String out, String saveLatent, Path mask, Path initImage) {
        List<String> words = new ArrayList<>(List.of(PROGRAM, "generate"));
        if (spec.prompts() != null) {
            spec.prompts().forEach(prompt -> add(words, "--prompt", prompt));
        }
        for (Setting setting : spec.given()) {
            switch (setting) {
                case PROMPT:
                    break;
                case OUTPUT:
                    if (spec.output() == ImageOutput.FLOAT32) {
                        words.add("--float");
                    }
                    break;
                case SOURCE:
                    add(words, "--init-image", initImage != null ? initImage.toString() : spec.source().title);
                    add(words, "--mask", mask == null ? null : mask.toString());
                    break;
                case UNICODE_ESCAPE:
                    words.add(spec.unicodeEscape() ? "--unicode-escape" : "--no-unicode-escape");
                    break;
                default:
                    add(words, CliFlags.flag(setting), spec.text(setting));
            }
        }
        add(words, "--out", out);
        add(words, "--save-latent", saveLatent);
        return String.join(" ", words);
    }

    private static void add(List<String> words, String flag, String value) {
        if (value != null) {
            words.add(flag);
            words.add(quote(value));
        }
    }

    /** A word as a POSIX shell reads it back: single-quoted when it holds anything special. */
    static String quote(String word) {
        if (!word.isEmpty() && word.matches("[A-Za-z0-9_./:,=+@%{}-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
