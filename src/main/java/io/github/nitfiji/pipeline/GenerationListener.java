package io.github.nitfiji.pipeline;

/**
 * What a front door hears from a running generation: progress, one-line status, notices the
 * person should read later, and how that front door tells someone to install a model.
 */
public interface GenerationListener extends GenerationProgress {
    /** A one-line status ("loading nit-xl-1000k on cpu (fp32)"). */
    void status(String message);

    /** A notice worth keeping (a fallback to the CPU, the default model, the class a prompt picked). */
    void note(String message);

    /** How this front door gets model {@code id} installed, e.g. a menu command or a command line. */
    String howToInstall(String id);
}
