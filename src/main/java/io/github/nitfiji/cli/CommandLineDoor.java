package io.github.nitfiji.cli;

import io.github.nitfiji.FrontDoor;

/** The command line's words for the engine's advice: {@code java -jar nit-cli.jar ...}. */
public final class CommandLineDoor implements FrontDoor {
    public static final CommandLineDoor INSTANCE = new CommandLineDoor();
    private static final String PROGRAM = CommandLineFormat.PROGRAM;

    private CommandLineDoor() {
    }

    @Override
    public String downloadModel(String id) {
        return PROGRAM + " models download " + id;
    }

    @Override
    public String installModel(String id, String what) {
        return PROGRAM + " models install " + id + " " + what;
    }

    @Override
    public String verifyModel(String id) {
        return PROGRAM + " models verify " + id;
    }

    @Override
    public String installEngine() {
        return "run: " + PROGRAM + " engine install";
    }

    @Override
    public String resetEngine() {
        return PROGRAM + " engine reset";
    }

    @Override
    public String useEngineFolder(Object folder) {
        return PROGRAM + " engine use " + folder;
    }

    @Override
    public String useEngine() {
        return PROGRAM + " engine use FOLDER";
    }

    @Override
    public String restart() {
        return "start the command again";
    }

    @Override
    public String missingNatives(String jar, String platformFolder) {
        return "nit-cli.jar expects " + jar + " in the lib folder next to it. Keep nit-cli.jar together with its lib"
                + " folder (copy both)";
    }
}
