package io.github.nitfiji.fiji.scijava;

import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.log.LogService;

/**
 * Runs the SciJava "NiT Train" command once in a fresh JVM, as a Fiji script would:
 * {@code SciJavaTrainMain key value ...} (values as text, as a script passes them).
 */
public final class SciJavaTrainMain {
    private SciJavaTrainMain() {
    }

    public static void main(String[] args) throws Exception {
        Context context = new Context(CommandService.class, StatusService.class, LogService.class);
        try {
            Object[] inputs = args.clone();
            CommandModule module = context.service(CommandService.class).run(NitTrainCommand.class, true, inputs).get();
            if (module.isCanceled()) {
                throw new IllegalStateException(module.getCancelReason());
            }
            System.out.println("trained " + module.getOutput("model"));
        } finally {
            context.dispose();
        }
        System.exit(0);
    }
}
