package io.github.nitfiji.cli;

import io.github.nitfiji.Version;
import io.github.nitfiji.io.OutputPaths;
import io.github.nitfiji.io.PathNames;
import io.github.nitfiji.io.SafetensorsWriter;
import io.github.nitfiji.pipeline.GeneratedImage;
import io.github.nitfiji.pipeline.GenerationOutcome;
import io.github.nitfiji.pipeline.GenerationRequest;
import io.github.nitfiji.pipeline.LatentBatch;
import io.github.nitfiji.pipeline.PreparedGeneration;
import io.github.nitfiji.pipeline.Provenance;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Where the command line writes a generation: image files (numbered) and the latents file. */
final class OutputFiles {
    private OutputFiles() {
    }

    /**
     * An output flag's text as a path, refused before any work when it cannot name a file: empty,
     * not a file name on this system (a NUL, or letters the locale's file name encoding lacks), a
     * folder, a device or FIFO, or in a folder that does not exist or takes no new files (in the
     * words of {@link OutputPaths}, as every output check).
     */
    static Path writableTarget(String text, String flag) throws UsageException {
        if (text == null || text.isBlank()) {
            throw new UsageException(flag + " is empty; give a file name");
        }
        Path p;
        try {
            p = PathNames.of(text, flag).toAbsolutePath();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        List<String> problems = OutputPaths.problems(List.of(new OutputPaths.Named(flag, p)), List.of(),
                OutputPaths.PROBE);
        if (!problems.isEmpty()) {
            throw new UsageException(problems.get(0));
        }
        return p;
    }

    /**
     * Every file this run would write, checked before loading against its folder, the inputs
     * (the model's files, configs, noise files, the start image and its mask) and each other
     * ({@link OutputPaths}).
     */
    static void check(PreparedGeneration prepared, Path imageOut, Path latentOut) throws UsageException {
        GenerationRequest request = prepared.request();
        List<OutputPaths.Named> outputs = new ArrayList<>();
        if (imageOut != null) {
            outputs.addAll(imageTargets(request, imageOut));
        }
        if (latentOut != null) {
            outputs.add(new OutputPaths.Named("--save-latent", latentOut));
        }
        List<OutputPaths.Named> inputs = new ArrayList<>(prepared.inputs());
        if (prepared.spec().source() != null) {
            inputs.addAll(prepared.spec().source().files());
        }
        check(outputs, inputs);
    }

    /**
     * The one check of a command line's outputs against its inputs ({@link OutputPaths}), for
     * every front door of the command line: each input named by its flag or role
     * ("--init-image", "weights of model tim-t2i", "--text-encoder", "--tokenizer", ...).
     */
    static void check(List<OutputPaths.Named> outputs, List<OutputPaths.Named> inputs) throws UsageException {
        List<String> problems = OutputPaths.problems(outputs, inputs, OutputPaths.PROBE);
        if (!problems.isEmpty()) {
            throw new UsageException(String.join("\n", problems));
        }
    }

    /** The image files {@code --out} names for a request (numbered when there are several). */
    static List<OutputPaths.Named> imageTargets(GenerationRequest request, Path imageOut) {
        List<OutputPaths.Named> outputs = new ArrayList<>();
        int count = request.images();
        for (int i = 0; i < count; i++) {
            long seed = request.suppliedNoise() != null ? -1 : request.seedOf(i);
            outputs.add(new OutputPaths.Named("--out", numbered(imageOut, i, count, seed)));
        }
        return outputs;
    }

    /** Writes each image to its file, with its provenance, and prints the file's path. */
    static void writeImages(GenerationOutcome outcome, Path pattern, boolean float32, PrintStream out)
            throws IOException, UsageException {
        List<GeneratedImage> images = outcome.result().images;
        for (int i = 0; i < images.size(); i++) {
            GeneratedImage image = images.get(i);
            Path target = numbered(pattern, i, images.size(), image.seed);
            Map<String, String> provenance = outcome.provenance(i);
            ImageFiles.write(image, float32, target, provenance);
            out.println(target);
        }
    }

    /** The target for image i: the pattern expanded, or name_i.ext when several images share a plain name. */
    static Path numbered(Path pattern, int index, int count, long seed) {
        String name = pattern.getFileName().toString();
        if (name.contains("{i}") || name.contains("{seed}")) {
            return ImageFiles.expand(pattern, index + 1, seed);
        }
        if (count == 1) {
            return pattern;
        }
        int dot = name.lastIndexOf('.');
        return pattern.resolveSibling(name.substring(0, dot) + "_" + (index + 1) + name.substring(dot));
    }

    /** The final latents with what made them, as safetensors metadata. */
    static void writeLatents(Path target, GenerationOutcome outcome) throws IOException {
        LatentBatch latents = outcome.latents();
        GenerationRequest request = outcome.prepared().request();
        SafetensorsWriter writer = new SafetensorsWriter()
                .put("latent", new long[] {(long) latents.images() * latents.size.tokens(), latents.channels},
                        latents.values)
                .metadata("generator", "NiT for Fiji " + Version.get())
                .metadata("notice", Provenance.AI_NOTICE)
                .metadata("model", outcome.prepared().model().describe())
                .metadata("model_kind", outcome.prepared().model().family.jsonName())
                .metadata("config", outcome.configJson() == null ? "" : outcome.configJson())
                .metadata("classes", Arrays.toString(latents.classes))
                .metadata("seeds", request.suppliedNoise() != null ? "supplied noise" : Arrays.toString(latents.seeds))
                .metadata("latent_size", latents.size.toString());
        if (request.captions() != null) {
            writer.metadata("prompts", String.join("\n", request.captions()));
        }
        Map<String, String> settings = new LinkedHashMap<>();
        request.sampling().record(settings);
        settings.forEach((key, value) -> writer.metadata(key.substring(key.indexOf('.') + 1), value));
        writer.metadata("step_noise", request.sampling().stepNoiseBlocks() == 0 ? "none"
                        : request.suppliedStepNoise() != null ? "supplied" : "seeded")
                .metadata("device", outcome.device())
                .metadata("precision", outcome.precision())
                .write(target);
    }
}
