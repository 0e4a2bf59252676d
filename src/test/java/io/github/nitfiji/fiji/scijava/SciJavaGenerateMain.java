package io.github.nitfiji.fiji.scijava;

import ij.IJ;
import ij.ImagePlus;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.log.LogService;

/**
 * Runs the SciJava command once in a fresh JVM, as a Fiji script would, and saves the stack:
 * {@code SciJavaGenerateMain OUT.tif key value ...} (values as a script passes them, as text).
 */
public final class SciJavaGenerateMain {
    private SciJavaGenerateMain() {
    }

    public static void main(String[] args) throws Exception {
        Context context = new Context(CommandService.class, StatusService.class, LogService.class);
        try {
            Object[] inputs = new Object[args.length - 1];
            for (int i = 1; i < args.length; i += 2) {
                inputs[i - 1] = args[i];
                inputs[i] = typed(args[i], args[i + 1]);
            }
            CommandModule module = context.service(CommandService.class).run(NitGenerateCommand.class, true, inputs)
                    .get();
            if (module.isCanceled()) {
                throw new IllegalStateException(module.getCancelReason());
            }
            IJ.saveAsTiff((ImagePlus) module.getOutput("image"), args[0]);
        } finally {
            context.dispose();
        }
        System.exit(0);
    }

    private static Object typed(String key, String value) {
        switch (key) {
            case "width":
            case "height":
            case "images":
                return Integer.parseInt(value);
            case "seed":
                return Long.parseLong(value);
            default:
                return value;
        }
    }
}
