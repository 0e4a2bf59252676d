package io.github.nitfiji.catalog;

import io.github.nitfiji.FrontDoor;
import io.github.nitfiji.io.IoErrors;
import io.github.nitfiji.io.JsonFormatException;
import io.github.nitfiji.io.StrictJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The install half of every download or install: bring a local file into a {@code .part} beside
 * its target (regular files only, never the part itself, only when it fits on the disk), check a
 * complete part against its card, and only then rename it onto the target, so a target file is
 * always either absent or verified. A part that fails the check is deleted; its bytes are wrong,
 * resuming it would only keep them.
 */
final class Installation {
    private Installation() {
    }

    /**
     * Copies a local {@code source} (passed by {@link #checkSource}) into the target's part and
     * returns its SHA-256; refuses a file that will not fit, or one that grows while it is copied.
     */
    static String copyIn(ModelCard card, ModelFile file, Path source, Path target, DownloadListener listener)
            throws ModelException {
        Path part = ModelStore.partFile(target);
        long size = ModelStore.sizeOf(source);
        String shortfall = Space.shortfall(part, size);
        if (shortfall != null) {
            throw new ModelException(ModelException.Reason.DISK_FULL, shortfall + " (models folder: -D"
                    + ModelsFolder.PROPERTY + " or " + ModelsFolder.ENV + "). Nothing was installed.");
        }
        MessageDigest digest = Sha256.newDigest();
        try (InputStream in = Files.newInputStream(source);
             FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            listener.started(file, source.toString(), target, 0, size);
            HashingCopy.copy(in, out, digest, 0, size, null, done -> listener.progress(file, done, size));
        } catch (HashingCopy.Cancelled e) {
            deleteQuietly(part);
            throw new ModelException(ModelException.Reason.CANCELLED, "install cancelled; nothing was installed", e);
        } catch (HashingCopy.TooLong e) {
            deleteQuietly(part);
            throw new ModelException(ModelException.Reason.IO, source + " grew while it was being copied; install it"
                    + " again once it is complete. Nothing was installed.", e);
        } catch (HashingCopy.ReadFailed e) {
            deleteQuietly(part);
            throw new ModelException(ModelException.Reason.IO, "cannot read " + source + ": " + e.getMessage()
                    + ". Nothing was installed.", e);
        } catch (IOException e) {
            deleteQuietly(part);
            throw new ModelException(IoErrors.isDiskFull(e) ? ModelException.Reason.DISK_FULL : ModelException.Reason.IO,
                    "cannot write " + part + ": " + e.getMessage() + ". Nothing was installed.", e);
        }
        return Sha256.hex(digest.digest());
    }

    /**
     * Refuses a source that is not a regular file (a FIFO would block forever, {@code /dev/zero}
     * would fill the disk) or that is the target itself or its part (copying the part onto itself
     * would truncate it). {@code commands} names the commands in the advice.
     */
    static void checkSource(ModelCard card, Path source, Path target, FrontDoor frontDoor) throws ModelException {
        Path part = ModelStore.partFile(target);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(source, BasicFileAttributes.class);
        } catch (IOException e) {
            throw new ModelException(ModelException.Reason.IO, "cannot install '" + card.id() + "': " + source
                    + " cannot be read (" + e.getMessage() + ")");
        }
        if (!attributes.isRegularFile()) {
            throw new ModelException(ModelException.Reason.IO, "cannot install '" + card.id() + "': " + source + " is "
                    + kindOf(source, attributes) + ", not a regular file; give the downloaded file itself");
        }
        for (Path own : new Path[] {part, target}) {
            try {
                if (Files.exists(own) && Files.isSameFile(source, own)) {
                    throw new ModelException(ModelException.Reason.IO, "cannot install '" + card.id() + "' from "
                            + source + ": it is the model's own " + (own == part ? "partial download; resume it with: "
                            + frontDoor.downloadModel(card.id()) : "installed file; check it with: " + frontDoor.verifyModel(card.id())));
                }
            } catch (IOException e) {
                // cannot compare: the copy itself will report what is wrong
            }
        }
    }

    private static String kindOf(Path source, BasicFileAttributes attributes) {
        if (attributes.isDirectory()) {
            return "a folder";
        }
        if (attributes.isOther()) {
            String name = source.getFileName() == null ? "" : source.toString().toLowerCase(Locale.ROOT);
            return name.startsWith("/dev/") ? "a device" : "a FIFO, socket or device";
        }
        return Files.isSymbolicLink(source) && !Files.exists(source, LinkOption.NOFOLLOW_LINKS) ? "a broken link"
                : "not a plain file";
    }

    /**
     * Checks a complete part and renames it onto {@code target}. A file the card's own hash
     * identifies is accepted on that; without one, a weights file must fit the card's architecture
     * ({@link CardContent}) and a config file must be JSON.
     *
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
        if (expectedSha == null && file.isWeights()) {
            List<String> notices = new ArrayList<>();
            List<String> problems = CardContent.problems(card, part, notices);
            if (!problems.isEmpty()) {
                reject(part, "'" + origin + "' is not the " + file.path() + " of model '" + card.id() + "' (card "
                        + card.source() + "): " + CardContent.summary(problems));
            }
            notices.forEach(listener::message);
            listener.message("no published sha256 for " + file.path() + "; recorded its sha256 " + actualSha);
        }
        if (expectedSha == null && file.path().endsWith(".json")) {
            // Same idea for config files: an HTML error page or a truncated file is not JSON.
            String problem;
            try {
                StrictJson.parseObject(Files.readString(part, StandardCharsets.UTF_8), file.path());
                problem = null;
            } catch (JsonFormatException e) {
                problem = e.getMessage();
            } catch (IOException e) {
                problem = IoErrors.reason(e);
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
                + ". The file was NOT installed and the partial copy was deleted. If it came from a download, try"
                + " again; if it keeps failing, the file on the server may have changed: check the model page.");
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a leftover part is truncated by the next attempt
        }
    }
}
