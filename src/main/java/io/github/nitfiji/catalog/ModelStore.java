package io.github.nitfiji.catalog;

import io.github.nitfiji.ActiveFrontDoor;
import io.github.nitfiji.FrontDoor;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The models on this machine: where each file is, whether it is usable, and the Path the engine
 * should open. Bundled files (the smoke-test pair) live inside the jar; the engine maps
 * safetensors through a FileChannel, which needs a real file, so they are extracted once into
 * this user's private cache ({@link UserCache}, {@code bundled/<sha256 prefix>/}), atomically,
 * and checked by SHA-256 there: no other user can create, own or swap that folder.
 */
public final class ModelStore {
    private final ModelsFolder folder;
    private final ModelCatalog catalog;
    private final Function<String, URL> resources;
    private final Path userCache;
    /** How this store's messages name the model commands: the JVM's front door unless told otherwise. */
    private volatile FrontDoor frontDoor = ActiveFrontDoor.get();
    /** Bundled files this store has verified, by SHA-256, so repeated loads do not re-extract or re-hash. */
    private final Map<String, Path> verifiedBundled = new ConcurrentHashMap<>();

    public ModelStore(ModelsFolder folder, ModelCatalog catalog) {
        this(folder, catalog, ModelStore.class::getResource, UserCache.resolve());
    }

    /** With the bundled-resource lookup and per-user cache passed in, so tests can play "inside a jar". */
    ModelStore(ModelsFolder folder, ModelCatalog catalog, Function<String, URL> resources, Path userCache) {
        this.folder = folder;
        this.catalog = catalog;
        this.resources = resources;
        this.userCache = userCache;
    }

    /** The store for this JVM's models folder (see {@link ModelsFolder#resolve()}) and its cards. */
    public static ModelStore openDefault() throws ModelException {
        return open(ModelsFolder.resolve());
    }

    public static ModelStore open(ModelsFolder folder) throws ModelException {
        return new ModelStore(folder, ModelCatalog.load(folder));
    }

    /** Makes this store's advice name the commands of {@code front}. */
    public ModelStore frontDoor(FrontDoor front) {
        this.frontDoor = front;
        return this;
    }

    /** How messages about this store's models name the model commands. */
    public FrontDoor frontDoor() {
        return frontDoor;
    }

    public ModelsFolder folder() {
        return folder;
    }

    public ModelCatalog catalog() {
        return catalog;
    }

    /** Where a file is installed: {@code <models folder>/<id>/<path>}. */
    public Path target(ModelCard card, ModelFile file) {
        return folder.file(card, file);
    }

    /** The in-progress download next to the target. */
    public static Path partFile(Path target) {
        return target.resolveSibling(target.getFileName() + ".part");
    }

    /**
     * The weights file of a model, ready to open: the path the engine should pass to its
     * safetensors reader. Bundled models are extracted on first use. A missing download gives a
     * {@link ModelException.Reason#NOT_INSTALLED} error that says how to get it. The size is
     * checked (cheap); the full hash check is left to {@code models verify}, because hashing
     * 2.7 GB on every load would cost seconds.
     */
    public Path weightsPath(String modelId) throws ModelException {
        ModelCard card = catalog.require(modelId);
        return path(card, card.weightsFile());
    }

    /**
     * The files a text-to-image model runs from: its weights, its text encoder's weights, config
     * and tokenizer, each checked like {@link #weightsPath}; a missing one gives a
     * {@link ModelException.Reason#NOT_INSTALLED} error naming the model to download.
     */
    public TextModelFiles textModelFiles(String modelId) throws ModelException {
        return TextModelFiles.resolve(this, modelId);
    }

    /** Like {@link #weightsPath(String)} for any file of a card. */
    public Path path(ModelCard card, ModelFile file) throws ModelException {
        if (file.isBundled()) {
            return bundledPath(card, file);
        }
        Path target = target(card, file);
        if (!Files.isRegularFile(target)) {
            throw notInstalled(card, file, target);
        }
        Optional<Long> size = file.size();
        if (size.isPresent()) {
            long actual = sizeOf(target);
            if (actual != size.get()) {
                throw new ModelException(ModelException.Reason.CORRUPT, "model '" + card.id() + "': " + target
                        + " is " + actual + " bytes, expected " + size.get() + "; download it again with: "
                        + frontDoor.downloadModel(card.id()));
            }
        }
        return target;
    }

    /**
     * The SHA-256 of a model's weights, for provenance stamps: the card's value, or the one
     * recorded after a verified download. Empty if neither is known.
     */
    public Optional<String> weightsSha256(String modelId) throws ModelException {
        ModelCard card = catalog.require(modelId);
        return expectedSha256(card, card.weightsFile());
    }

    /** The hash a file must have: from the card, else from the sidecar written after a verified download. */
    public Optional<String> expectedSha256(ModelCard card, ModelFile file) {
        if (file.sha256().isPresent()) {
            return file.sha256();
        }
        return file.isBundled() ? Optional.empty() : Sha256.readSidecar(target(card, file));
    }

    /** Status of every card, in catalog order. */
    public List<ModelStatus> statusAll(boolean verifyHashes) {
        List<ModelStatus> all = new ArrayList<>();
        for (ModelCard card : catalog.cards()) {
            all.add(status(card, verifyHashes));
        }
        return all;
    }

    /** Status of one model; with {@code verifyHashes} every present file is hashed (slow for GB files). */
    public ModelStatus status(ModelCard card, boolean verifyHashes) {
        List<ModelFileStatus> files = new ArrayList<>();
        for (ModelFile f : card.files()) {
            files.add(status(card, f, verifyHashes));
        }
        return new ModelStatus(card, files);
    }

    public ModelFileStatus status(ModelCard card, ModelFile file, boolean verifyHash) {
        String expected = expectedSha256(card, file).orElse(null);
        if (file.isBundled()) {
            if (!verifyHash) {
                return new ModelFileStatus(file, ModelFileStatus.State.BUNDLED, null,
                        "in the plugin jar, " + ByteSizes.format(file.size().orElse(-1L)), expected, false);
            }
            try {
                Path p = bundledPath(card, file);
                return new ModelFileStatus(file, ModelFileStatus.State.BUNDLED, p, "in the plugin jar, verified", expected, true);
            } catch (ModelException e) {
                return new ModelFileStatus(file, ModelFileStatus.State.CORRUPT, null, e.getMessage(), expected, false);
            }
        }
        Path target = target(card, file);
        if (!Files.isRegularFile(target)) {
            Path part = partFile(target);
            if (Files.isRegularFile(part)) {
                return new ModelFileStatus(file, ModelFileStatus.State.PARTIAL, target, "partial download, "
                        + ByteSizes.format(sizeOf(part)) + " of " + ByteSizes.format(file.approximateSize().orElse(-1L)),
                        expected, false);
            }
            return new ModelFileStatus(file, ModelFileStatus.State.MISSING, target,
                    "not downloaded (" + approx(file) + ")", expected, false);
        }
        long actual = sizeOf(target);
        if (file.size().isPresent() && actual != file.size().get()) {
            return new ModelFileStatus(file, ModelFileStatus.State.CORRUPT, target,
                    "size " + actual + " bytes, expected " + file.size().get(), expected, false);
        }
        if (!verifyHash) {
            return new ModelFileStatus(file, ModelFileStatus.State.INSTALLED, target, ByteSizes.format(actual), expected, false);
        }
        if (expected == null) {
            return new ModelFileStatus(file, ModelFileStatus.State.INSTALLED, target, ByteSizes.format(actual)
                    + ", no known sha256 to compare with (card has none and no " + Sha256.sidecar(target).getFileName()
                    + " was recorded)", null, false);
        }
        try {
            String sha = Sha256.of(target, null);
            if (!sha.equals(expected)) {
                return new ModelFileStatus(file, ModelFileStatus.State.CORRUPT, target,
                        "sha256 " + sha + ", expected " + expected, expected, false);
            }
            return new ModelFileStatus(file, ModelFileStatus.State.INSTALLED, target,
                    ByteSizes.format(actual) + ", sha256 verified", expected, true);
        } catch (IOException e) {
            return new ModelFileStatus(file, ModelFileStatus.State.CORRUPT, target, "cannot be read: " + e.getMessage(),
                    expected, false);
        }
    }

    private ModelException notInstalled(ModelCard card, ModelFile file, Path target) {
        StringBuilder msg = new StringBuilder("model '").append(card.id()).append("' is not installed: ")
                .append(target).append(" does not exist.");
        Path part = partFile(target);
        if (Files.isRegularFile(part)) {
            msg.append(" A partial download (").append(ByteSizes.format(sizeOf(part))).append(") is there; ")
                    .append("resume it with: ").append(frontDoor.downloadModel(card.id()));
        } else {
            msg.append(" Get it with: ").append(frontDoor.downloadModel(card.id())).append(" (").append(approx(file)).append(")");
        }
        file.url().ifPresent(u -> msg.append(", or download ").append(u).append(" yourself and run: ")
                .append(frontDoor.installModel(card.id(), "<downloaded file>")));
        msg.append(". Models folder: ").append(folder);
        gateAdvice(card).ifPresent(msg::append);
        return new ModelException(ModelException.Reason.NOT_INSTALLED, msg.toString());
    }

    /**
     * For a model that is, or needs, a gated download (TiM-T2I needs the Gemma text encoder, which
     * Hugging Face serves only to accounts that accepted its licence): the steps before any
     * download can work, so nobody learns them from a 401 after the first gigabytes.
     */
    private Optional<String> gateAdvice(ModelCard card) {
        ModelCard gated = card.gate().isPresent() ? card
                : card.textEncoder().flatMap(catalog::find).filter(e -> e.gate().isPresent()).orElse(null);
        if (gated == null) {
            return Optional.empty();
        }
        AccessGate gate = gated.gate().orElseThrow();
        return Optional.of(" " + (gated == card ? "Model '" + card.id() + "'" : "It also needs the text encoder '"
                + gated.id() + "', which") + " is served by Hugging Face only to accounts that accepted "
                + gate.terms() + ": accept them at " + gate.page() + " while logged in, create an access token there,"
                + " and set the environment variable " + AccessToken.ENV + " to it before downloading ("
                + frontDoor.downloadModel(gated.id()) + ").");
    }

    private static String approx(ModelFile file) {
        Optional<Long> s = file.approximateSize();
        return s.isPresent() ? (file.size().isPresent() ? "" : "about ") + ByteSizes.format(s.get()) : "size unknown";
    }

    private Path bundledPath(ModelCard card, ModelFile file) throws ModelException {
        String sha = file.sha256().orElseThrow();
        long size = file.size().orElseThrow();
        Path known = verifiedBundled.get(sha);
        if (known != null && Files.isRegularFile(known) && sizeOf(known) == size) {
            return known;
        }
        String resource = ModelCatalog.RESOURCE_ROOT + file.bundledResource().orElseThrow();
        URL url = resources.apply(resource);
        if (url == null) {
            throw new ModelException(ModelException.Reason.IO, "model '" + card.id() + "': bundled file " + resource
                    + " is missing from the plugin jar (broken build?)");
        }
        if ("file".equals(url.getProtocol())) {
            // Running from classes on disk (development, tests): the resource already is a real file.
            Path p;
            try {
                p = Paths.get(url.toURI());
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new ModelException(ModelException.Reason.IO, "cannot locate bundled file " + url, e);
            }
            checkBundled(card, p, size, sha);
            verifiedBundled.put(sha, p);
            return p;
        }
        // Inside a jar: extract once into this user's private cache.
        Path dest = userCache.resolve("bundled").resolve(sha.substring(0, 16)).resolve(file.fileName());
        try {
            UserCache.privateFolder(dest.getParent());
            if (!(Files.isRegularFile(dest) && sizeOf(dest) == size && Sha256.of(dest, null).equals(sha))) {
                extract(url, dest, sha);
            }
        } catch (IOException e) {
            throw new ModelException(ModelException.Reason.IO, "model '" + card.id() + "': cannot extract bundled file "
                    + resource + " to " + dest + ": " + e.getMessage() + ". Choose another cache folder with -D"
                    + UserCache.PROPERTY + " or " + UserCache.ENV, e);
        }
        verifiedBundled.put(sha, dest);
        return dest;
    }

    private static void checkBundled(ModelCard card, Path p, long size, String sha) throws ModelException {
        try {
            long actual = Files.size(p);
            String actualSha = actual == size ? Sha256.of(p, null) : "";
            if (actual != size || !actualSha.equals(sha)) {
                throw new ModelException(ModelException.Reason.CORRUPT, "model '" + card.id() + "': bundled file " + p
                        + " does not match its card " + card.source() + " (size " + actual + ", expected " + size
                        + (actualSha.isEmpty() ? "" : "; sha256 " + actualSha + ", expected " + sha) + ")");
            }
        } catch (IOException e) {
            throw new ModelException(ModelException.Reason.IO, "cannot read bundled file " + p, e);
        }
    }

    /**
     * Copies a resource to a uniquely named temp file beside {@code dest} (two first runs at once
     * each write their own), checks its hash, then renames it into place atomically.
     */
    private static void extract(URL url, Path dest, String sha) throws IOException {
        Path part = Files.createTempFile(dest.getParent(), "." + dest.getFileName(), ".part");
        try {
            MessageDigest digest = Sha256.newDigest();
            try (InputStream in = url.openStream();
                 FileChannel out = FileChannel.open(part, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                HashingCopy.copy(in, out, digest, 0, -1, null, done -> { });
            }
            String actual = Sha256.hex(digest.digest());
            if (!actual.equals(sha)) {
                throw new IOException("extracted " + url + " has sha256 " + actual + ", expected " + sha);
            }
            moveIntoPlace(part, dest);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** Renames a verified part file onto its target atomically where the file system allows it. */
    static void moveIntoPlace(Path part, Path target) throws IOException {
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }
}
