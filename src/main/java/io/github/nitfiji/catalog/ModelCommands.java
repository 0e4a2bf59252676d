package io.github.nitfiji.catalog;

/**
 * How the person reading a message runs the model commands, in the words of the front door they
 * use: the command line ({@code java -jar nit-cli.jar models download ID}) or Fiji's "NiT Models..."
 * with its action and model. Messages built in this package ask the store for these phrases, so
 * advice shown in Fiji never tells a Fiji user to start a jar.
 */
public final class ModelCommands {
    /** The command line, as the README spells it. */
    public static final ModelCommands COMMAND_LINE = new ModelCommands(false);
    /** Fiji's Plugins > NiT > NiT Models... dialog (and its macro keys). */
    public static final ModelCommands FIJI = new ModelCommands(true);

    private static final String PROGRAM = "java -jar nit-cli.jar models";
    private static final String MENU = "Plugins > NiT > NiT Models...";

    private final boolean fiji;

    private ModelCommands(boolean fiji) {
        this.fiji = fiji;
    }

    /** How to download (or resume downloading) model {@code id}. */
    public String download(String id) {
        return fiji ? MENU + " with action 'download' and model '" + id + "'" : PROGRAM + " download " + id;
    }

    /** How to install model {@code id} from {@code what} (a file or folder the person has). */
    public String install(String id, String what) {
        return fiji ? MENU + " with action 'install', model '" + id + "' and file " + what
                : PROGRAM + " install " + id + " " + what;
    }

    /** How to check the installed files of model {@code id}. */
    public String verify(String id) {
        return fiji ? MENU + " with action 'verify' and model '" + id + "'" : PROGRAM + " verify " + id;
    }
}
