package io.github.nitfiji.fiji;

import io.github.nitfiji.ActiveFrontDoor;
import io.github.nitfiji.FrontDoor;
import io.github.nitfiji.runtime.EngineSetup;

/** Fiji's words for the engine's advice: the NiT menu commands and their actions, never a jar. */
public final class FijiDoor implements FrontDoor {
    public static final FijiDoor INSTANCE = new FijiDoor();
    private static final String MODELS = "Plugins > NiT > NiT Models...";
    private static final String ENGINE = "Plugins > NiT > NiT Engine...";

    private FijiDoor() {
    }

    /**
     * Prepares the calling thread of a Fiji command for the engine (its class loader, offline
     * defaults) and tells the engine its advice is read in Fiji.
     *
     * @return the previous context class loader, for the caller to restore
     */
    public static ClassLoader prepareThread(Class<?> owner) {
        ActiveFrontDoor.set(INSTANCE);
        return EngineSetup.prepareThread(owner);
    }

    @Override
    public String downloadModel(String id) {
        return MODELS + " with action 'download' and model '" + id + "'";
    }

    @Override
    public String installModel(String id, String what) {
        return MODELS + " with action 'install', model '" + id + "' and file " + what;
    }

    @Override
    public String verifyModel(String id) {
        return MODELS + " with action 'verify' and model '" + id + "'";
    }

    @Override
    public String installEngine() {
        return "run " + ENGINE + " and choose 'install'";
    }

    @Override
    public String resetEngine() {
        return "NiT Engine..., 'reset'";
    }

    @Override
    public String useEngineFolder(Object folder) {
        return ENGINE + " with action 'use' and folder " + folder;
    }

    @Override
    public String useEngine() {
        return "NiT Engine..., 'use folder'";
    }

    @Override
    public String restart() {
        return "restart Fiji";
    }

    @Override
    public String missingNatives(String jar, String platformFolder) {
        return "NiT's install puts " + jar + " in Fiji.app/jars/" + platformFolder + "/, which Fiji's launcher puts on"
                + " the class path, and this ImageJ was started without it. Start Fiji with its launcher, or unzip"
                + " NiT's Fiji package for this platform into Fiji.app again";
    }
}
