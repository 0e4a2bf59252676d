package io.github.nitfiji.catalog;

import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.io.TensorInfo;
import io.github.nitfiji.model.ModelConfigException;
import io.github.nitfiji.model.SafetensorsWeights;
import io.github.nitfiji.model.WeightCheck;
import io.github.nitfiji.model.dcae.DcAeConfig;
import io.github.nitfiji.model.dcae.DcAeDecoder;
import io.github.nitfiji.model.nit.NitConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Is a weights file the model its card describes? The released NiT-XL and DC-AE cards have no
 * published hash, so before a file is accepted for them its structure is checked against the
 * architecture the card's config builds: a safetensors file, every tensor that architecture
 * reads present with its shape and a floating-point dtype. Which tensors that is comes from the
 * card's kind and config, so a new kind of card only needs its line in {@link #expectedShapes}.
 */
final class CardContent {
    /** How many problems a message lists before it only counts the rest. */
    static final int SHOWN = 8;

    private CardContent() {
    }

    /**
     * Problems that make {@code file} unfit as the weights of {@code card}, for a message; empty
     * when it fits. {@code notices} receives what was checked, or that only the format was.
     */
    static List<String> problems(ModelCard card, Path file, List<String> notices) {
        List<String> problems = new ArrayList<>();
        try (SafetensorsFile weights = SafetensorsFile.open(file)) {
            Map<String, long[]> expected;
            try {
                expected = expectedShapes(card);
            } catch (ModelConfigException e) {
                problems.add("the card's config cannot be built (" + e.getMessage() + "), so nothing can be checked"
                        + " against it");
                return problems;
            }
            if (expected == null) {
                notices.add("no architecture check is known for " + card.kind().jsonName() + " models; checked "
                        + "only that " + file.getFileName() + " is a well-formed safetensors file ("
                        + weights.tensors().size() + " tensors)");
                return problems;
            }
            for (WeightCheck.Problem p : WeightCheck.problems(new SafetensorsWeights(weights), expected, null)) {
                problems.add(describe(p, weights));
            }
            if (problems.isEmpty()) {
                notices.add(file.getFileName() + " has every tensor the card's architecture reads (" + expected.size()
                        + "), with the right shapes");
            }
        } catch (IOException | RuntimeException e) {
            problems.add("it is not a well-formed safetensors file (" + e.getMessage() + ")");
        }
        return problems;
    }

    /** The tensors a card's architecture reads, by name, or null for a kind without a known architecture. */
    static Map<String, long[]> expectedShapes(ModelCard card) {
        switch (card.kind()) {
            case NIT:
                return NitConfig.fromJson(card.config().toString(), "model card " + card.source()).expectedShapes();
            case DC_AE:
                return DcAeDecoder.expectedShapes(DcAeConfig.fromJson(card.config().toString()));
            default:
                return null;
        }
    }

    /** The first {@link #SHOWN} problems joined, then how many more there are. */
    static String summary(List<String> problems) {
        List<String> shown = problems.size() <= SHOWN ? problems : problems.subList(0, SHOWN);
        return String.join("; ", shown) + (problems.size() > SHOWN ? "; and " + (problems.size() - SHOWN)
                + " more" : "");
    }

    private static String describe(WeightCheck.Problem p, SafetensorsFile weights) {
        switch (p.kind) {
            case MISSING:
                return "tensor " + p.key + " is missing";
            case WRONG_SHAPE:
                return "tensor " + p.key + " has shape " + Arrays.toString(p.found) + ", the card's architecture needs "
                        + Arrays.toString(p.expected);
            case NOT_FLOATING:
                TensorInfo info = weights.tensors().get(p.key);
                return "tensor " + p.key + " is " + info.dtype() + ", not floating point";
            default:
                return "tensor " + p.key + " is not expected";
        }
    }
}
