package io.github.nitfiji.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The NVIDIA driver of this machine and the highest CUDA version it supports, read from
 * {@code nvidia-smi} or {@code /proc/driver/nvidia} (never by loading a CUDA library, so it works
 * before and without the engine). The parsers are pure so every format is tested on real text.
 */
public final class NvidiaDriver {
    private static final Pattern SMI_HEADER = Pattern.compile(
            "Driver Version:\\s*(\\d+(?:\\.\\d+)+)\\s+CUDA Version:\\s*(\\d+)\\.(\\d+)");
    private static final Pattern PROC_VERSION = Pattern.compile("Kernel Module(?: for [^\\s]+)?\\s+(\\d+(?:\\.\\d+)+)");
    private static final Pattern SMI_GPU = Pattern.compile("(?m)^GPU \\d+: (.+?) \\(UUID");
    private static final Pattern PROC_MODEL = Pattern.compile("(?m)^Model:\\s*(.+?)\\s*$");

    /**
     * The first driver of each CUDA release, from NVIDIA's CUDA Toolkit release notes (table
     * "CUDA Toolkit and Corresponding Driver Versions"): CUDA version x10, Linux driver, Windows driver.
     */
    private static final String[][] CUDA_DRIVERS = {
        {"128", "570.26", "570.65"},
        {"126", "560.28.03", "560.76"},
        {"125", "555.42.02", "555.85"},
        {"124", "550.54.14", "551.61"},
        {"123", "545.23.06", "545.84"},
        {"122", "535.54.03", "536.25"},
        {"121", "530.30.02", "531.14"},
        {"120", "525.60.13", "527.41"},
        {"118", "520.61.05", "520.06"},
    };

    private final String version;
    private final int cuda;
    private final List<String> gpus;

    /**
     * @param version driver version, e.g. {@code 550.54.14}
     * @param cuda    highest CUDA version the driver runs, times ten (124 = CUDA 12.4), 0 if unknown
     * @param gpus    the GPUs' names, in order
     */
    public NvidiaDriver(String version, int cuda, List<String> gpus) {
        this.version = version;
        this.cuda = cuda;
        this.gpus = Collections.unmodifiableList(new ArrayList<>(gpus));
    }

    /** From {@code nvidia-smi} (its table header) plus {@code nvidia-smi -L} (one line per GPU). */
    public static Optional<NvidiaDriver> fromNvidiaSmi(String table, String list) {
        Matcher m = SMI_HEADER.matcher(table);
        if (!m.find()) {
            return Optional.empty();
        }
        int cuda = Integer.parseInt(m.group(2)) * 10 + Math.min(9, Integer.parseInt(m.group(3)));
        return Optional.of(new NvidiaDriver(m.group(1), cuda, matches(SMI_GPU, list)));
    }

    /**
     * From Linux's {@code /proc/driver/nvidia/version} and the {@code information} file of each
     * GPU; the CUDA version comes from the driver version (table above).
     */
    public static Optional<NvidiaDriver> fromProc(String versionFile, List<String> gpuInformation, HostPlatform platform) {
        Matcher m = PROC_VERSION.matcher(versionFile);
        if (!m.find()) {
            return Optional.empty();
        }
        List<String> gpus = new ArrayList<>();
        for (String info : gpuInformation) {
            gpus.addAll(matches(PROC_MODEL, info));
        }
        return Optional.of(new NvidiaDriver(m.group(1), cudaForDriver(m.group(1), platform), gpus));
    }

    /** The highest CUDA version (x10) a driver version supports on this OS, 0 when older than every row. */
    public static int cudaForDriver(String driverVersion, HostPlatform platform) {
        int column = platform.os() == HostPlatform.Os.WINDOWS ? 2 : 1;
        for (String[] row : CUDA_DRIVERS) {
            if (compareVersions(driverVersion, row[column]) >= 0) {
                return Integer.parseInt(row[0]);
            }
        }
        return 0;
    }

    /** Compares dotted numeric versions ({@code 550.54.14} &lt; {@code 570.26}). */
    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length ? Integer.parseInt(x[i]) : 0;
            int q = i < y.length ? Integer.parseInt(y[i]) : 0;
            if (p != q) {
                return Integer.compare(p, q);
            }
        }
        return 0;
    }

    private static List<String> matches(Pattern p, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = p.matcher(text == null ? "" : text);
        while (m.find()) {
            found.add(m.group(1).trim());
        }
        return found;
    }

    public String version() {
        return version;
    }

    /** Highest supported CUDA version x10 (128 = 12.8); 0 when unknown. */
    public int cuda() {
        return cuda;
    }

    public String cudaText() {
        return cuda == 0 ? "unknown" : cuda / 10 + "." + cuda % 10;
    }

    public List<String> gpus() {
        return gpus;
    }

    @Override
    public String toString() {
        return "NVIDIA driver " + version + " (CUDA " + cudaText() + ")"
                + (gpus.isEmpty() ? "" : ", " + String.join(", ", gpus));
    }
}
