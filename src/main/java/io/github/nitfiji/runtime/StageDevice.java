package io.github.nitfiji.runtime;

import ai.djl.Device;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Puts one pipeline stage (the NiT transformer, the DC-AE decoder) on Apple's GPU when it runs
 * there, else on the CPU. PyTorch's MPS backend lacks some operations; a stage is loaded on MPS,
 * tried once on a tiny input, and if that fails it is loaded on the CPU instead, with a message
 * naming the stage. Other devices load as asked.
 */
public final class StageDevice {
    /** Loads a stage onto a device. */
    public interface Loader<T extends AutoCloseable> {
        T load(Device device) throws IOException;
    }

    /** Runs a stage once on a tiny input; throws when the device cannot. */
    public interface Probe<T> {
        void run(T stage);
    }

    private StageDevice() {
    }

    static boolean isMps(Device device) {
        return "mps".equals(device.getDeviceType());
    }

    public static <T extends AutoCloseable> T load(String stage, Device device, Loader<T> loader, Probe<T> probe,
                                            Consumer<String> warn) throws IOException {
        if (!isMps(device)) {
            return loader.load(device);
        }
        T onMps;
        try {
            onMps = loader.load(device);
        } catch (RuntimeException e) {
            return fallBack(stage, e, loader, warn);
        }
        try {
            probe.run(onMps);
            return onMps;
        } catch (RuntimeException e) {
            closeQuietly(onMps);
            return fallBack(stage, e, loader, warn);
        }
    }

    private static <T extends AutoCloseable> T fallBack(String stage, RuntimeException cause, Loader<T> loader,
                                                        Consumer<String> warn) throws IOException {
        warn.accept(stage + " cannot run on Apple's GPU (mps): " + firstLine(cause) + "; this stage runs on the CPU");
        return loader.load(Device.cpu());
    }

    /** PyTorch's messages list every backend on following lines; the first line says what failed. */
    private static String firstLine(RuntimeException e) {
        String m = String.valueOf(e.getMessage()).trim();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl).trim();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // the stage is being discarded; its memory goes with the failed device context
        }
    }
}
