package io.github.nitfiji.runtime;

import java.util.Locale;

/**
 * An operating system and processor pair, named the ways the three parties need: DJL's native
 * classifier ({@code linux-x86_64}), Fiji's platform folder for native jars ({@code jars/linux64})
 * and a name for people.
 */
public final class HostPlatform {
    public enum Os { LINUX, MACOS, WINDOWS, OTHER }

    public enum Arch { X86_64, AARCH64, OTHER }

    /** The three platforms the plugin ships CPU natives for. */
    public static final HostPlatform LINUX_X86_64 = new HostPlatform(Os.LINUX, Arch.X86_64);
    public static final HostPlatform MACOS_ARM64 = new HostPlatform(Os.MACOS, Arch.AARCH64);
    public static final HostPlatform WINDOWS_X86_64 = new HostPlatform(Os.WINDOWS, Arch.X86_64);

    private final Os os;
    private final Arch arch;

    public HostPlatform(Os os, Arch arch) {
        this.os = os;
        this.arch = arch;
    }

    /** This JVM's platform. */
    public static HostPlatform current() {
        return of(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    /** From the {@code os.name} and {@code os.arch} system properties, read the way DJL reads them. */
    public static HostPlatform of(String osName, String osArch) {
        Os os = osName.startsWith("Linux") ? Os.LINUX : osName.startsWith("Mac") ? Os.MACOS
                : osName.startsWith("Win") ? Os.WINDOWS : Os.OTHER;
        String a = osArch.toLowerCase(Locale.ROOT);
        Arch arch = a.equals("amd64") || a.equals("x86_64") ? Arch.X86_64
                : a.equals("aarch64") || a.equals("arm64") ? Arch.AARCH64 : Arch.OTHER;
        return new HostPlatform(os, arch);
    }

    public Os os() {
        return os;
    }

    public Arch arch() {
        return arch;
    }

    /** DJL's classifier, as in {@code pytorch-native-cpu-2.7.1-<classifier>.jar}. */
    public String classifier() {
        String prefix = os == Os.LINUX ? "linux" : os == Os.MACOS ? "osx" : os == Os.WINDOWS ? "win" : "unknown";
        return prefix + "-" + (arch == Arch.X86_64 ? "x86_64" : arch == Arch.AARCH64 ? "aarch64" : "unknown");
    }

    /**
     * Fiji's folder for this platform's native jars, as its launcher configuration
     * ({@code config/fiji.toml} of fiji/fiji) names them: {@code jars/linux64}, {@code jars/macos-arm64},
     * {@code jars/win64}, ...
     */
    public String fijiFolder() {
        switch (os) {
            case LINUX:
                return arch == Arch.AARCH64 ? "linux-arm64" : "linux64";
            case MACOS:
                return arch == Arch.AARCH64 ? "macos-arm64" : "macos64";
            case WINDOWS:
                return arch == Arch.AARCH64 ? "win-arm64" : "win64";
            default:
                return "unknown";
        }
    }

    /** True for the platforms with a CPU native jar on Maven Central (and in our distribution). */
    public boolean hasCpuNatives() {
        return equals(LINUX_X86_64) || equals(MACOS_ARM64) || equals(WINDOWS_X86_64);
    }

    /** True where DJL publishes a CUDA libtorch 2.7.1 that its bundled JNI library can drive. */
    public boolean hasCudaBuild() {
        return equals(LINUX_X86_64) || equals(WINDOWS_X86_64);
    }

    /** Apple silicon: PyTorch's Metal (MPS) device. */
    public boolean hasMps() {
        return equals(MACOS_ARM64);
    }

    /** The file every libtorch folder holds ({@code libtorch.so}, {@code torch.dll}, {@code libtorch.dylib}). */
    public String torchLibraryName() {
        return os == Os.WINDOWS ? "torch.dll" : os == Os.MACOS ? "libtorch.dylib" : "libtorch.so";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostPlatform && ((HostPlatform) o).os == os && ((HostPlatform) o).arch == arch;
    }

    @Override
    public int hashCode() {
        return os.hashCode() * 31 + arch.hashCode();
    }

    @Override
    public String toString() {
        String name = os == Os.LINUX ? "Linux" : os == Os.MACOS ? "macOS" : os == Os.WINDOWS ? "Windows" : "unknown OS";
        String cpu = arch == Arch.X86_64 ? "x86-64" : arch == Arch.AARCH64 ? (os == Os.MACOS ? "Apple silicon" : "ARM64")
                : "unknown processor";
        return name + " " + cpu + " (" + classifier() + ")";
    }
}
