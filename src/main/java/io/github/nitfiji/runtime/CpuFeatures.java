package io.github.nitfiji.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The CPU's reduced-precision matrix units, read once at start: AVX512-BF16 (bfloat16 dot products
 * in the vector unit: AMD Zen 4 and later, Intel Cooper Lake, Sapphire Rapids and later) and AMX
 * (Intel's tile unit, AMX-BF16: Sapphire Rapids and later). oneDNN, inside libtorch, uses them for
 * bfloat16 convolutions and matrix products.
 *
 * <p>On Linux the flags come from {@code /proc/cpuinfo}. macOS and Windows are not read (Apple
 * silicon has neither unit; Intel Macs and Windows have no flag file and were not measured): there
 * every feature reads as absent, so {@code precision=auto} stays float32, which is never slower.
 */
public final class CpuFeatures {
    /** What {@link #host()} found, for everyone: reading the file once is enough. */
    private static volatile CpuFeatures host;

    public final boolean avx512Bf16;
    public final boolean amxBf16;
    public final boolean avx512f;
    public final boolean avx2;
    /** Where the flags came from, or why none were read. */
    public final String source;

    CpuFeatures(boolean avx512Bf16, boolean amxBf16, boolean avx512f, boolean avx2, String source) {
        this.avx512Bf16 = avx512Bf16;
        this.amxBf16 = amxBf16;
        this.avx512f = avx512f;
        this.avx2 = avx2;
        this.source = source;
    }

    /** Nothing known (another OS, an unreadable flag file). */
    static CpuFeatures unknown(String why) {
        return new CpuFeatures(false, false, false, false, why);
    }

    /** The features named in the first {@code flags} line of a {@code /proc/cpuinfo} text (x86 Linux). */
    static CpuFeatures fromCpuInfo(String cpuinfo, String source) {
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals("flags")) {
                Set<String> flags = new HashSet<>(Arrays.asList(line.substring(colon + 1).trim().split("\\s+")));
                return new CpuFeatures(flags.contains("avx512_bf16"), flags.contains("amx_bf16") && flags.contains(
                        "amx_tile"), flags.contains("avx512f"), flags.contains("avx2"), source);
            }
        }
        return unknown(source + " lists no x86 flags");
    }

    /** The features of this machine: {@code /proc/cpuinfo} on Linux, none elsewhere. */
    public static CpuFeatures host() {
        CpuFeatures found = host;
        if (found == null) {
            found = detect(System.getProperty("os.name", ""), Paths.get("/proc/cpuinfo"));
            host = found;
        }
        return found;
    }

    static CpuFeatures detect(String osName, Path cpuinfo) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (!os.startsWith("linux")) {
            return unknown("not read on " + osName + " (no flag file; float32 is kept)");
        }
        try {
            return fromCpuInfo(new String(Files.readAllBytes(cpuinfo), StandardCharsets.UTF_8), cpuinfo.toString());
        } catch (IOException | RuntimeException e) {
            return unknown(cpuinfo + " unreadable (" + e.getMessage() + ")");
        }
    }

    /** Whether bfloat16 has hardware support here (a dot-product instruction or a tile unit). */
    public boolean bf16() {
        return avx512Bf16 || amxBf16;
    }

    /** "AVX512-BF16 yes, AMX-BF16 yes, AVX-512 yes, AVX2 yes (/proc/cpuinfo)", for Diagnostics. */
    public String describe() {
        return "AVX512-BF16 " + yes(avx512Bf16) + ", AMX-BF16 " + yes(amxBf16) + ", AVX-512 " + yes(avx512f)
                + ", AVX2 " + yes(avx2) + " (" + source + ")";
    }

    private static String yes(boolean b) {
        return b ? "yes" : "no";
    }
}
