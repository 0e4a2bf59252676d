package io.github.nitfiji.cli;

import io.github.nitfiji.Version;
import io.github.nitfiji.io.OutputPaths;
import io.github.nitfiji.io.PathNames;
import io.github.nitfiji.io.SafetensorsWriter;
import io.github.nitfiji.io.UserText;
import io.github.nitfiji.pipeline.GeneratedImage;
import io.github.nitfiji.pipeline.GenerationOutcome;
import io.github.nitfiji.pipeline.GenerationRequest;
import io.github.nitfiji.pipeline.GenerationSpec;
import io.github.nitfiji.pipeline.LatentBatch;
import io.github.nitfiji.pipeline.ModelChoice;
import io.github.nitfiji.pipeline.PreparedGeneration;
import io.github.nitfiji.pipeline.Provenance;
import io.github.nitfiji.sampling.SamplerSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
     * (weights, configs, noise files, the source image and its mask) and each other.
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
        ModelChoice choice = prepared.model();
        GenerationSpec spec = prepared.spec();
        List<OutputPaths.Named> inputs = new ArrayList<>();
        inputs.add(new OutputPaths.Named(choice.modelId != null && spec.nitWeights() == null
                ? "weights of model " + choice.modelId : "--nit-weights", choice.nitWeights));
        inputs.add(new OutputPaths.Named(choice.decoderId != null ? "weights of decoder " + choice.decoderId
                : "--ae-weights", choice.aeWeights));
        inputs.add(new OutputPaths.Named("--nit-config", spec.nitConfig()));
        inputs.add(new OutputPaths.Named("--ae-config", spec.aeConfig()));
        inputs.add(new OutputPaths.Named("--noise", spec.noise()));
        inputs.add(new OutputPaths.Named("--sde-noise", spec.sdeNoise()));
        if (spec.source() != null) {
            inputs.addAll(spec.source().files());
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
            ImageFiles.write(ImageFiles.image(image, float32, target.getFileName().toString(), provenance), target,
                    provenance);
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
        SamplerSettings s = request.sampler();
        new SafetensorsWriter()
                .put("latent", new long[] {(long) latents.images() * latents.size.tokens(), latents.channels},
                        latents.values)
                .metadata("generator", "NiT for Fiji " + Version.get())
                .metadata("notice", Provenance.AI_NOTICE)
                .metadata("model", outcome.prepared().model().describe())
                .metadata("nit_config", outcome.nitConfigJson() == null ? "" : outcome.nitConfigJson())
                .metadata("classes", Arrays.toString(latents.classes))
                .metadata("seeds", request.suppliedNoise() != null ? "supplied noise" : Arrays.toString(latents.seeds))
                .metadata("latent_size", latents.size.toString())
                .metadata("sampler", request.transition() != null ? request.transition().toString() : s.kind.id())
                .metadata("steps", Integer.toString(s.steps))
                .metadata("cfg", Double.toString(s.cfgScale))
                .metadata("guidance_interval", s.guidanceLow + "," + s.guidanceHigh)
                .metadata("device", outcome.device())
                .metadata("precision", outcome.precision())
                .write(target);
    }
}
