package io.github.nitfiji.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code java -jar target/nit-cli.jar ...} in a fresh JVM, as a user would. */
final class CliRunner {
    static final Path JAR = Paths.get("target", "nit-cli.jar").toAbsolutePath();

    final int exitCode;
    final String out;
    final String err;

    private CliRunner(int exitCode, String out, String err) {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
    }

    static CliRunner run(Path workDir, String... args) throws IOException, InterruptedException {
        return run(List.of(), workDir, args);
    }

    /**
     * With a fixed intra-op thread count: otherwise each CLI process uses every core, and CPU
     * pixels are only byte-identical for the same count.
     */
    static CliRunner runWithThreads(int threads, Path workDir, String... args) throws IOException,
            InterruptedException {
        return run(List.of("-Dai.djl.pytorch.num_threads=" + threads), workDir, args);
    }

    private static CliRunner run(List<String> jvmOptions, Path workDir, String... args) throws IOException,
            InterruptedException {
        return run(java.util.Map.of(), jvmOptions, workDir, args);
    }

    /** With extra environment variables (and JVM options) for the CLI process. */
    static CliRunner run(java.util.Map<String, String> environment, List<String> jvmOptions, Path workDir,
                         String... args) throws IOException, InterruptedException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run 'mvn package' (integration tests run after it)");
        }
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(Arrays.asList(args));
        Path stdout = Files.createTempFile(workDir, "out", ".txt");
        Path stderr = Files.createTempFile(workDir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().putAll(environment);
        Process p = builder.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("CLI did not finish within 120 s: " + command);
        }
        return new CliRunner(p.exitValue(), new String(Files.readAllBytes(stdout), StandardCharsets.UTF_8),
                new String(Files.readAllBytes(stderr), StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\nstdout: " + out + "\nstderr: " + err;
    }
}
