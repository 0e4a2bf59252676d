package io.github.nitfiji.catalog;

import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.io.TensorInfo;
import io.github.nitfiji.io.TorchCheckpoint;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Is a weights file the model its card describes? The released cards have no published hash, so
 * before a file is accepted for them its structure is checked against the architecture the
 * card's config builds: a safetensors file or a PyTorch checkpoint (read without executing
 * anything), every tensor that architecture reads present with its shape and a floating-point
 * dtype. Which tensors that is, the card's {@link ModelKind} says.
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
        boolean torch;
        try {
            torch = isTorchCheckpoint(file);
        } catch (IOException e) {
            problems.add("it cannot be read (" + e.getMessage() + ")");
            return problems;
        }
        String format = torch ? "PyTorch checkpoint" : "safetensors file";
        try (Opened weights = torch ? new Opened(TorchCheckpoint.open(file)) : new Opened(SafetensorsFile.open(file))) {
            Map<String, long[]> expected;
            try {
                expected = expectedShapes(card);
            } catch (RuntimeException e) {
                problems.add("the card's config cannot be built (" + e.getMessage() + "), so nothing can be checked"
                        + " against it");
                return problems;
            }
            if (expected == null) {
                notices.add("no architecture check is known for " + card.kind().jsonName() + " models; checked "
                        + "only that " + file.getFileName() + " is a well-formed " + format + " ("
                        + weights.tensors.size() + " tensors)");
                return problems;
            }
            for (Map.Entry<String, long[]> e : expected.entrySet()) {
                String problem = problem(e.getKey(), e.getValue(), weights.tensors.get(e.getKey()));
                if (problem != null) {
                    problems.add(problem);
                }
            }
            if (problems.isEmpty()) {
                notices.add(file.getFileName() + " has every tensor the card's architecture reads (" + expected.size()
                        + "), with the right shapes");
            }
        } catch (IOException | RuntimeException e) {
            problems.add("it is not a well-formed " + format + " (" + e.getMessage() + ")");
        }
        return problems;
    }

    /** The tensors a card's architecture reads, by name, or null for a kind without a known architecture. */
    static Map<String, long[]> expectedShapes(ModelCard card) {
        return card.kind().expectedShapes(card.config(), "model card " + card.source());
    }

    /**
     * A {@code torch.save} file is a zip archive; safetensors starts with its header length. The
     * bytes decide, not the name: during a download the file is still {@code t2i_model.bin.part}.
     */
    private static boolean isTorchCheckpoint(Path file) throws IOException {
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(head, 0, 4) == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        }
    }

    /** An open weights file of either format: its tensors, closed with it. */
    private static final class Opened implements Closeable {
        final Map<String, TensorInfo> tensors;
        private final Closeable file;

        Opened(SafetensorsFile f) {
            this.tensors = f.tensors();
            this.file = f::close;
        }

        Opened(TorchCheckpoint c) {
            this.tensors = c.tensors();
            this.file = c::close;
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }

    /** The first {@link #SHOWN} problems joined, then how many more there are. */
    static String summary(List<String> problems) {
        List<String> shown = problems.size() <= SHOWN ? problems : problems.subList(0, SHOWN);
        return String.join("; ", shown) + (problems.size() > SHOWN ? "; and " + (problems.size() - SHOWN)
                + " more" : "");
    }

    /** What is wrong with tensor {@code key} (null: nothing). */
    private static String problem(String key, long[] expected, TensorInfo found) {
        if (found == null) {
            return "tensor " + key + " is missing";
        }
        if (!Arrays.equals(found.shape(), expected)) {
            return "tensor " + key + " has shape " + Arrays.toString(found.shape()) + ", the card's architecture needs "
                    + Arrays.toString(expected);
        }
        if (!found.dtype().isFloating()) {
            return "tensor " + key + " is " + found.dtype() + ", not floating point";
        }
        return null;
    }
}
