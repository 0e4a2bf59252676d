package io.github.nitfiji;

/**
 * How the person reading the engine's advice runs the plugin's commands, in the words of the
 * front door they use. Each front door implements it (the command line, Fiji) and tells the engine
 * which one it is at start; the engine only asks, so a new front door (a server, a napari bridge)
 * words its own advice without editing the engine.
 */
public interface FrontDoor {
    /** Advice that names no front door, for code that runs without one (a test, a library user). */
    FrontDoor UNNAMED = new FrontDoor() {
        @Override
        public String downloadModel(String id) {
            return "the models command's download of '" + id + "'";
        }

        @Override
        public String installModel(String id, String what) {
            return "the models command's install of '" + id + "' from " + what;
        }

        @Override
        public String verifyModel(String id) {
            return "the models command's verify of '" + id + "'";
        }

        @Override
        public String installEngine() {
            return "the engine command's install";
        }

        @Override
        public String resetEngine() {
            return "the engine command's reset";
        }

        @Override
        public String useEngineFolder(Object folder) {
            return "the engine command's use of the folder " + folder;
        }

        @Override
        public String useEngine() {
            return "the engine command's use of a folder";
        }

        @Override
        public String restart() {
            return "start again";
        }

        @Override
        public String missingNatives(String jar, String platformFolder) {
            return "the plugin expects " + jar + " beside its own jar";
        }
    };

    /** How to download (or resume downloading) model {@code id}. */
    String downloadModel(String id);

    /** How to install model {@code id} from {@code what} (a file or folder the person has). */
    String installModel(String id, String what);

    /** How to check the installed files of model {@code id}. */
    String verifyModel(String id);

    /** How to install the CUDA engine. */
    String installEngine();

    /** How to go back to the bundled CPU engine. */
    String resetEngine();

    /** How to record {@code folder} as the libtorch to use. */
    String useEngineFolder(Object folder);

    /** How to record a libtorch folder, in general. */
    String useEngine();

    /** What makes a new engine choice take effect: "restart Fiji", "start the command again". */
    String restart();

    /** Where the platform's natives jar {@code jar} goes for this front door, when it is missing. */
    String missingNatives(String jar, String platformFolder);
}
