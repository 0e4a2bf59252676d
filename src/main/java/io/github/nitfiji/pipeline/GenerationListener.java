package io.github.nitfiji.pipeline;

/**
 * What a front door hears from a running generation: progress, one-line status, notices the
 * person should read later, and how that front door tells someone to install a model.
 */
public interface GenerationListener extends GenerationProgress {
    /** Hears nothing (a preview, a comparison run). */
    GenerationListener QUIET = new GenerationListener() {
        @Override
        public void status(String message) {
        }

        @Override
        public void samplingStarts(GenerationRequest request) {
        }

        @Override
        public void note(String message) {
        }

        @Override
        public String howToInstall(String id) {
            return "";
        }

        @Override
        public void sampling(int step, int steps) {
        }

        @Override
        public void decoding(int image, int images) {
        }
    };

    /** A one-line status ("loading nit-xl-1000k on cpu (fp32)"). */
    void status(String message);

    /** Another generation holds the pipeline; this one waits its turn (told once). */
    default void waiting(String message) {
        status(message);
    }

    /** The model is loaded and sampling of {@code request} begins (the steps follow). */
    void samplingStarts(GenerationRequest request);

    /** A notice worth keeping (a fallback to the CPU, the default model standing in). */
    void note(String message);

    /** How this front door gets model {@code id} installed, e.g. a menu command or a command line. */
    String howToInstall(String id);
}
