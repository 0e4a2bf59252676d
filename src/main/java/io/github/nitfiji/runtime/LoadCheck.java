package io.github.nitfiji.runtime;

/**
 * Tries a libtorch folder's libraries before it is recorded as the engine: a folder that passes
 * {@link LibtorchFolder}'s checks (version, flavour) can still hold a library cut short, damaged
 * or built for another system, which crashes the JVM that loads it. The check must run where a
 * crash cannot reach the caller (a child process).
 */
@FunctionalInterface
public interface LoadCheck {
    /** Why the folder's libraries do not load and run, in words; null when they do. */
    String problem(LibtorchIdentity libtorch);
}
