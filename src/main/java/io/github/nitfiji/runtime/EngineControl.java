package io.github.nitfiji.runtime;

import ai.djl.util.Utils;
import io.github.nitfiji.ActiveFrontDoor;
import io.github.nitfiji.catalog.DownloadListener;
import io.github.nitfiji.catalog.ModelsFolder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine commands shared by every front door ("NiT Engine..." in Fiji, {@code engine} on the
 * command line): status, install, use FOLDER, reset. Each change ends by saying that it takes
 * effect at the next start: an engine loads once per Java process.
 */
public final class EngineControl {
    /** Where {@code engine install} downloads from; {@code -Dnit.engine.url=...} points at a mirror. */
    public static final String URL_PROPERTY = "nit.engine.url";

    private EngineControl() {
    }

    /** What the decision says for this machine now (front door, "auto" device). */
    public static EnginePlan plan() {
        EngineSetup.offlineByDefault();
        return EngineDecision.decide(facts());
    }

    /** The actions to offer: status (first, the default), install only where it would help, use, reset. */
    public static List<String> actions(EnginePlan plan) {
        List<String> actions = new ArrayList<>(List.of("status"));
        if (plan.installHelps()) {
            actions.add("install");
        }
        actions.addAll(List.of("use", "reset"));
        return actions;
    }

    /** Why install is not among {@link #actions}, or null when it is. */
    public static String whyNoInstall(EnginePlan plan) {
        if (plan.installHelps()) {
            return null;
        }
        if (plan.installRefusal() != null) {
            return plan.installRefusal();
        }
        return plan.source() == EnginePlan.Source.ENVIRONMENT ? "PYTORCH_LIBRARY_PATH chooses the PyTorch library here"
                : "the next start loads the CUDA engine already";
    }

    public static List<String> status() {
        EngineSetup.offlineByDefault();
        EngineFacts facts = facts();
        String loadedFrom = facts.loadedFlavor() == null ? null : ai.djl.pytorch.jni.LibUtils.getLibtorchPath();
        return EngineStatus.lines(facts, EngineDecision.decide(facts), loadedFrom);
    }

    /** Installs DJL's CUDA libtorch and records it; the message says what to do next. */
    public static String install(DownloadListener listener) throws EngineChoiceException {
        EngineSetup.offlineByDefault();
        EngineFacts facts = facts();
        EnginePlan plan = EngineDecision.decide(facts);
        EngineInstaller installer = new EngineInstaller(HostPlatform.current(), modelsRoot(), Utils.getEngineCacheDir(),
                System.getProperty(URL_PROPERTY, DjlFileList.DJL_BASE), EngineLoadCheck.CHILD_PROCESS);
        LibtorchIdentity id = installer.install(plan, EngineSetup.userChoseOffline(), listener);
        return "installed libtorch " + id.version() + " " + id.flavor() + " in " + id.folder() + "; " + restart();
    }

    public static String use(Path folder) throws EngineChoiceException {
        EngineSetup.offlineByDefault();
        LibtorchIdentity id = EngineChoices.use(folder, modelsRoot(), HostPlatform.current(),
                EngineLoadCheck.CHILD_PROCESS);
        return "the next start uses libtorch " + id.version() + " " + id.flavor() + " in " + id.folder() + " ("
                + id.evidence() + "); " + restart();
    }

    /** Forgets the choice, also a record that is damaged or names a folder this locale cannot. */
    public static String reset() throws EngineChoiceException {
        EngineSetup.offlineByDefault();
        Path root = modelsRoot();
        String damaged = EngineRecord.problem(root);
        EngineRecord old = EngineChoices.reset(root);
        if (old == null) {
            return damaged != null ? "removed " + damaged + "; the next start uses the bundled CPU engine; " + restart()
                    : "no engine choice was recorded; the bundled CPU engine is in use";
        }
        return "forgot " + old + " (its files stay); the next start uses the bundled CPU engine; " + restart();
    }

    private static EngineFacts facts() {
        return EngineEnvironment.facts(ActiveFrontDoor.get(), "auto");
    }

    private static Path modelsRoot() {
        return ModelsFolder.resolve().root();
    }

    private static String restart() {
        return ActiveFrontDoor.get().restart() + " to use it";
    }
}
