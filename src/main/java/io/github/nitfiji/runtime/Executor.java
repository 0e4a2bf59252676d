package io.github.nitfiji.runtime;

import io.github.nitfiji.EnumIds;

/**
 * How the NiT forward runs: eager DJL ops (the reference), one generated TorchScript call per
 * group of same-sized images, or AUTO (see {@link ExecutorChoice}).
 */
public enum Executor {
    AUTO, EAGER, SCRIPT;

    public static Executor parse(String text) {
        return EnumIds.parse(Executor.class, text == null ? "auto" : text, "executor");
    }

    public String id() {
        return EnumIds.id(this);
    }
}
