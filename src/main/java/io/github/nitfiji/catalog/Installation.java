package io.github.nitfiji.catalog;

import com.google.gson.JsonParser;
import io.github.nitfiji.io.SafetensorsFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The last step of every download or install: check a complete {@code .part} file and only then
 * rename it onto its target, so a target file is always either absent or verified. A part that
 * fails the check is deleted; its bytes are wrong, resuming it would only keep them.
 */
final class Installation {
    private Installation() {
    }

    /**
     * @param actualSha   SHA-256 of the part's content
     * @param expectedSha the hash to match, or null if none is known
     * @param shaSource   where {@code expectedSha} came from ("the model card", "the server"), for messages
     * @param origin      URL or file the bytes came from, for messages
     */
    static void commit(ModelCard card, ModelFile file, Path part, Path target, String actualSha,
                       String expectedSha, String shaSource, String origin, DownloadListener listener)
            throws ModelException {
        listener.verifying(file, part);
        long size = ModelStore.sizeOf(part);
        if (file.size().isPresent() && size != file.size().get()) {
            reject(part, "'" + origin + "' gave " + size + " bytes but model card " + card.source() + " expects "
                    + file.size().get() + " for " + file.path());
        }
        if (expectedSha != null && !expectedSha.equals(actualSha)) {
            reject(part, "'" + origin + "' has sha256 " + actualSha + " but " + shaSource + " expects " + expectedSha
                    + " for " + file.path());
        }
        if (expectedSha == null && file.path().endsWith(".safetensors")) {
            // Without a hash, at least make sure it is a complete safetensors file and not an error page.
            try (SafetensorsFile st = SafetensorsFile.open(part)) {
                listener.message("no published sha256 for " + file.path() + "; the file is a well-formed safetensors file ("
                        + st.tensors().size() + " tensors); recorded its sha256 " + actualSha);
            } catch (IOException | RuntimeException e) {
                reject(part, "'" + origin + "' is not a valid safetensors file: " + e.getMessage());
            }
        }
        if (expectedSha == null && file.path().endsWith(".json")) {
            // Same idea for config files: an HTML error page or a truncated file is not JSON.
            String problem;
            try {
                boolean object = JsonParser.parseString(Files.readString(part, StandardCharsets.UTF_8)).isJsonObject();
                problem = object ? null : "not a JSON object";
            } catch (IOException | RuntimeException e) {
                problem = e.getMessage();
            }
            if (problem != null) {
                reject(part, "'" + origin + "' is not a valid JSON config file (" + problem + ")");
            }
        }
        try {
            ModelStore.moveIntoPlace(part, target);
        } catch (IOException e) {
            throw new ModelException(ModelException.Reason.IO, "cannot move " + part + " to " + target + ": " + e.getMessage(), e);
        }
        try {
            Sha256.writeSidecar(target, actualSha);
        } catch (IOException e) {
            listener.message("installed " + target + " but could not record its sha256 in "
                    + Sha256.sidecar(target) + ": " + e.getMessage());
        }
        listener.finished(file, target, actualSha);
    }

    private static void reject(Path part, String problem) throws ModelException {
        try {
            Files.deleteIfExists(part);
        } catch (IOException e) {
            problem += " (and the bad partial file " + part + " could not be deleted: " + e.getMessage() + ")";
        }
        throw new ModelException(ModelException.Reason.CORRUPT, problem
                + ". The file was NOT installed and the partial download was deleted. Try again; if it keeps failing,"
                + " the file on the server may have changed: check the model page.");
    }

    /** True if an IOException (or its causes) says the disk is full. */
    static boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (m.contains("no space left") || m.contains("not enough space") || m.contains("disk full")
                    || m.contains("quota exceeded")) {
                return true;
            }
        }
        return false;
    }
}
