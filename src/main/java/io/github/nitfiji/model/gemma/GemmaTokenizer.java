package io.github.nitfiji.model.gemma;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Gemma's {@code tokenizer.json} through DJL's Hugging Face tokenizers binding, called exactly as
 * TiM-T2I calls it: {@code <bos>} first, at most {@code maxTokens - 1} text tokens after it, no
 * {@code <eos>}, no chat template. Only the real tokens are returned: padding to TiM's 256 is not
 * needed because the encoder runs the real tokens and pad positions have a fixed state
 * ({@link GemmaTextEncoder}).
 *
 * <p>Truncation is done here rather than by the tokenizer: for one sequence Hugging Face's
 * truncation keeps the first {@code max_length} ids including {@code <bos>}, which is what
 * cutting the untruncated ids gives, whatever the file's own truncation settings say.
 */
public final class GemmaTokenizer implements AutoCloseable {
    /** TiM's {@code max_length}: {@code <bos>} plus 255 text tokens. */
    public static final int TIM_MAX_TOKENS = 256;

    private final Path file;
    private final HuggingFaceTokenizer tokenizer;
    private final long bos;
    private final boolean addsBos;

    private GemmaTokenizer(Path file, HuggingFaceTokenizer tokenizer, long bos, boolean addsBos) {
        this.file = file;
        this.tokenizer = tokenizer;
        this.bos = bos;
        this.addsBos = addsBos;
    }

    /**
     * Opens a tokenizer file and checks it behaves as Gemma's: {@code <bos>} is one token,
     * {@code ""} encodes to {@code [<bos>]} (or to nothing, when the file lacks the template that
     * adds it, and it is prepended here), and nothing is appended.
     */
    public static GemmaTokenizer open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "tokenizer file not found");
        }
        HuggingFaceTokenizer t;
        try (InputStream in = Files.newInputStream(file)) {
            t = HuggingFaceTokenizer.newInstance(in, Map.of("addSpecialTokens", "true", "truncation", "false",
                    "padding", "false"));
        } catch (RuntimeException e) {
            throw new IOException(file + ": not a Hugging Face tokenizer.json (" + e.getMessage() + ")", e);
        }
        try {
            long[] bosIds = t.encode("<bos>", false, false).getIds();
            if (bosIds.length != 1) {
                throw new IOException(file + ": '<bos>' is not a single token here (ids " + Arrays.toString(bosIds)
                        + "): not a Gemma tokenizer");
            }
            long[] empty = t.encode("", true, false).getIds();
            boolean addsBos = empty.length == 1 && empty[0] == bosIds[0];
            if (!addsBos && empty.length != 0) {
                throw new IOException(file + ": the empty prompt encodes to " + Arrays.toString(empty)
                        + ", expected [<bos>] as Gemma's tokenizer gives");
            }
            long[] eos = t.encode("<eos>", false, false).getIds();
            long[] probe = t.encode("a", true, false).getIds();
            if (eos.length == 1 && probe.length > 0 && probe[probe.length - 1] == eos[0]) {
                throw new IOException(file + ": the tokenizer appends <eos>; TiM encodes captions without it");
            }
            return new GemmaTokenizer(file, t, bosIds[0], addsBos);
        } catch (IOException | RuntimeException e) {
            t.close();
            throw e;
        }
    }

    /** The ids TiM feeds Gemma for one caption: {@code <bos>}, then at most {@code maxTokens - 1} text tokens. */
    public PromptIds encode(String caption, int maxTokens) {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1 (room for <bos>), got " + maxTokens);
        }
        Encoding e = tokenizer.encode(caption, true, false);
        long[] ids = e.getIds();
        if (!addsBos) {
            long[] withBos = new long[ids.length + 1];
            withBos[0] = bos;
            System.arraycopy(ids, 0, withBos, 1, ids.length);
            ids = withBos;
        }
        int kept = Math.min(ids.length, maxTokens);
        int[] out = new int[kept];
        for (int i = 0; i < kept; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return new PromptIds(out, ids.length - kept);
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
