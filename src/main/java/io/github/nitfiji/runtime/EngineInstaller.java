package io.github.nitfiji.runtime;

import io.github.nitfiji.FrontDoor;
import io.github.nitfiji.catalog.ByteSizes;
import io.github.nitfiji.catalog.DownloadListener;
import io.github.nitfiji.catalog.ModelException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * {@code engine install}: fetches DJL's CUDA libtorch for this platform and records it as the
 * engine of the next start. The libraries land where DJL itself keeps a downloaded libtorch,
 * {@code <DJL cache>/pytorch/2.7.1-cu128-<classifier>}, and get there in one rename: they are
 * downloaded (resumable) into the models folder's {@code engine-downloads}, unpacked and checked
 * (gzip's CRC-32 and length) into {@code <target>.installing}, and only then moved. The choice is
 * recorded last, so an interrupted install is never used.
 */
public final class EngineInstaller {
    private final HostPlatform platform;
    private final Path modelsRoot;
    private final Path engineCache;
    private final String base;
    private LoadCheck loadCheck;
    private int attempts = 5;
    private Duration retryDelay = Duration.ofSeconds(2);

    /**
     * @param engineCache DJL's engine cache folder ({@code Utils.getEngineCacheDir()})
     * @param base        the distribution's base URL, normally {@link DjlFileList#DJL_BASE}
     */
    public EngineInstaller(HostPlatform platform, Path modelsRoot, Path engineCache, String base, LoadCheck loadCheck) {
        this.loadCheck = loadCheck;
        this.platform = platform;
        this.modelsRoot = modelsRoot;
        this.engineCache = engineCache;
        this.base = base;
    }

    public EngineInstaller retries(int attempts, Duration delay) {
        this.attempts = attempts;
        this.retryDelay = delay;
        return this;
    }

    /** The folder the CUDA libtorch is installed to. */
    public Path target() {
        return engineCache.resolve("pytorch").resolve(folderName());
    }

    private String folderName() {
        return LibtorchIdentity.VERSION + "-" + LibtorchIdentity.CUDA_FLAVOR + "-" + platform.classifier();
    }

    /**
     * @param plan    the decision for this machine: its install refusal, if any, is the answer
     * @param offline the user's offline choice: then nothing is fetched and the files are listed
     * @return the installed libtorch, now recorded as the engine of the next start
     */
    public LibtorchIdentity install(EnginePlan plan, boolean offline, DownloadListener listener)
            throws EngineChoiceException {
        if (plan.installRefusal() != null) {
            throw new EngineChoiceException("cannot install the CUDA engine: " + plan.installRefusal() + ".");
        }
        if (plan.installWarning() != null) {
            listener.message(plan.installWarning());
        }
        Path target = target();
        LibtorchIdentity installed = installedAt(target);
        if (installed == null) {
            if (offline) {
                throw new EngineChoiceException(manualInstructions(plan.frontDoor()));
            }
            installed = fetchAndUnpack(target, listener);
        } else {
            listener.message("the CUDA libtorch is already installed in " + target);
        }
        String problem = loadCheck.problem(installed);
        if (problem != null) {
            throw EngineChoices.refused(installed, problem + " (delete " + target + " and install again)", modelsRoot);
        }
        try {
            EngineRecord.of(installed, "engine install").write(modelsRoot);
        } catch (IOException e) {
            throw new EngineChoiceException("installed " + target + " but could not record the choice in "
                    + modelsRoot.resolve(EngineRecord.FILE) + ": " + e.getMessage(), e);
        }
        return installed;
    }

    /**
     * What to fetch by hand, and where to put it, when this machine may not download: every URL
     * when DJL's file list was fetched before, else the list's URL and the rule to apply to it;
     * the last steps in the words of {@code door}.
     */
    public String manualInstructions(FrontDoor door) {
        StringBuilder sb = new StringBuilder("offline mode is on, so nothing was downloaded. To install the CUDA engine "
                + "by hand:\n");
        List<DjlFileList.Entry> known = knownEntries();
        if (known.isEmpty()) {
            sb.append("  1. download ").append(DjlFileList.indexUrl(base)).append('\n')
                    .append("  2. download every file it lists under ").append(LibtorchIdentity.CUDA_FLAVOR).append('/')
                    .append(platform.classifier()).append("/ from ").append(base).append("/<line>\n")
                    .append("  3. unpack each (gunzip) into ").append(target()).append('\n');
        } else {
            sb.append("  1. download each file and unpack it (gunzip) into ").append(target()).append(":\n");
            for (DjlFileList.Entry e : known) {
                sb.append("     ").append(e.url).append("  ->  ").append(target().resolve(e.fileName)).append('\n');
            }
        }
        return sb.append("  then run: ").append(door.useEngineFolder(target())).append('\n')
                .append("(or, without offline mode (-Dai.djl.offline=false), ").append(door.installEngine())
                .append(")").toString();
    }

    /** The CUDA files of this platform from a file list fetched earlier, if there is one. */
    private List<DjlFileList.Entry> knownEntries() {
        Path index = downloads().target("files.txt");
        try {
            return Files.isRegularFile(index) ? DjlFileList.select(Files.readAllLines(index, StandardCharsets.UTF_8),
                    base, LibtorchIdentity.CUDA_FLAVOR, platform.classifier()) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    private LibraryDownloads downloads() {
        return new LibraryDownloads(modelsRoot.resolve("engine-downloads"), folderName(), attempts, retryDelay);
    }

    private LibtorchIdentity installedAt(Path target) {
        try {
            LibtorchIdentity id = LibtorchFolder.identify(target, platform);
            return Files.isRegularFile(target.resolve(LibtorchFolder.MARKER)) ? id : null;
        } catch (EngineChoiceException e) {
            return null;
        }
    }

    private LibtorchIdentity fetchAndUnpack(Path target, DownloadListener listener) throws EngineChoiceException {
        LibraryDownloads downloads = downloads();
        List<DjlFileList.Entry> entries;
        try {
            Path index = downloads.fetch(DjlFileList.indexUrl(base), "files.txt", listener);
            entries = DjlFileList.select(Files.readAllLines(index, StandardCharsets.UTF_8), base,
                    LibtorchIdentity.CUDA_FLAVOR, platform.classifier());
        } catch (ModelException | IOException e) {
            throw new EngineChoiceException("cannot read DJL's list of libtorch files: " + e.getMessage(), e);
        }
        if (entries.stream().noneMatch(e -> e.fileName.equals(platform.torchLibraryName()))) {
            throw new EngineChoiceException(DjlFileList.indexUrl(base) + " lists no " + platform.torchLibraryName()
                    + " for " + LibtorchIdentity.CUDA_FLAVOR + "/" + platform.classifier() + "; nothing was installed.");
        }
        Path staging = target.resolveSibling(target.getFileName() + ".installing");
        try {
            for (DjlFileList.Entry e : entries) {
                downloads.fetch(e.url, e.fileName + ".gz", listener);
            }
            deleteTree(staging);
            Files.createDirectories(staging);
            for (DjlFileList.Entry e : entries) {
                unpack(downloads.target(e.fileName + ".gz"), staging.resolve(e.fileName), listener);
            }
            writeMarker(staging);
            deleteTree(target);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(downloads.target("files.txt").getParent());
        } catch (ModelException e) {
            throw new EngineChoiceException("the CUDA engine download stopped: " + e.getMessage()
                    + "\nNothing was installed; run 'engine install' again to resume.", e);
        } catch (IOException e) {
            throw new EngineChoiceException("cannot install the CUDA engine into " + target + ": " + e.getMessage()
                    + "\nNothing was installed.", e);
        } finally {
            try {
                deleteTree(staging);
            } catch (IOException e) {
                listener.message("could not remove " + staging + ": " + e.getMessage());
            }
        }
        return new LibtorchIdentity(target, LibtorchIdentity.VERSION, LibtorchIdentity.CUDA_FLAVOR, LibtorchFolder.MARKER);
    }

    /** Gunzips one library; a bad gzip (CRC or length) deletes the download so the next run fetches it afresh. */
    private static void unpack(Path gz, Path out, DownloadListener listener) throws IOException, ModelException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz), 1 << 16);
             OutputStream o = Files.newOutputStream(out)) {
            in.transferTo(o);
        } catch (IOException e) {
            if (e instanceof java.nio.file.FileSystemException) {
                throw e;
            }
            Files.deleteIfExists(gz);
            Files.deleteIfExists(io.github.nitfiji.catalog.Sha256.sidecar(gz));
            throw new ModelException(ModelException.Reason.CORRUPT, gz.getFileName() + " is corrupt (" + e.getMessage()
                    + "); it was deleted and will be downloaded again");
        }
        listener.message("unpacked " + out.getFileName() + " (" + ByteSizes.format(Files.size(out)) + ")");
    }

    private static void writeMarker(Path folder) throws IOException {
        com.google.gson.JsonObject p = new com.google.gson.JsonObject();
        p.addProperty("version", LibtorchIdentity.VERSION);
        p.addProperty("flavor", LibtorchIdentity.CUDA_FLAVOR);
        p.addProperty("source", "DJL's libtorch distribution (engine install), installed by NiT for Fiji");
        Files.writeString(folder.resolve(LibtorchFolder.MARKER), p.toString(), StandardCharsets.UTF_8);
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(q);
            }
        }
    }
}
