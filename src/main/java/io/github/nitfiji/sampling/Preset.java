package io.github.nitfiji.sampling;

import io.github.nitfiji.EnumIds;

/**
 * Named sampler settings. FAST: Euler ODE, 50 steps, with the guidance of the paper's nearest
 * ODE setting. PAPER: the paper's setting for the nearest evaluated size (NiT-XL-1000K, Table of
 * nit-reference.md section 4). CUSTOM: whatever the user gives.
 */
public enum Preset {
    FAST, PAPER, CUSTOM;

    /** One row of the paper's table: image height x width in pixels and its settings. */
    private static final class Row {
        final int height;
        final int width;
        final SamplerKind kind;
        final int steps;
        final double cfg;
        final double high;

        Row(int height, int width, SamplerKind kind, int steps, double cfg, double high) {
            this.height = height;
            this.width = width;
            this.kind = kind;
            this.steps = steps;
            this.cfg = cfg;
            this.high = high;
        }
    }

    private static final Row[] PAPER_ROWS = {
        new Row(256, 256, SamplerKind.SDE, 250, 2.25, 0.7),
        new Row(512, 512, SamplerKind.SDE, 250, 2.05, 0.7),
        new Row(768, 768, SamplerKind.ODE, 50, 3.0, 0.7),
        new Row(1024, 1024, SamplerKind.ODE, 50, 3.0, 0.8),
        new Row(1536, 1536, SamplerKind.ODE, 50, 3.5, 0.9),
        new Row(2048, 2048, SamplerKind.ODE, 50, 4.5, 0.9),
        new Row(320, 960, SamplerKind.ODE, 50, 4.0, 0.9),
        new Row(960, 320, SamplerKind.ODE, 50, 4.5, 0.9),
        new Row(432, 768, SamplerKind.ODE, 50, 2.75, 0.7),
        new Row(768, 432, SamplerKind.ODE, 50, 2.85, 0.7),
        new Row(480, 640, SamplerKind.ODE, 50, 2.75, 0.7),
        new Row(640, 480, SamplerKind.ODE, 50, 2.5, 0.7),
    };

    public static Preset parse(String text) {
        return EnumIds.parse(Preset.class, text, "preset");
    }

    public String id() {
        return EnumIds.id(this);
    }

    /** The settings of this preset for an image of {@code width} x {@code height} pixels (not CUSTOM). */
    public SamplerSettings settingsFor(int width, int height) {
        if (this == CUSTOM) {
            throw new IllegalStateException("the custom preset takes the user's own settings");
        }
        Row row = nearest(width, height, this == FAST);
        if (this == FAST) {
            return new SamplerSettings(SamplerKind.ODE, 50, row.cfg, 0, row.high);
        }
        return new SamplerSettings(row.kind, row.steps, row.cfg, 0, row.high);
    }

    /** Nearest by aspect ratio first, then by area, both on a log scale. */
    private static Row nearest(int width, int height, boolean odeOnly) {
        Row best = null;
        double bestDistance = Double.MAX_VALUE;
        for (Row r : PAPER_ROWS) {
            if (odeOnly && r.kind != SamplerKind.ODE) {
                continue;
            }
            double aspect = Math.log((double) width / height) - Math.log((double) r.width / r.height);
            double area = Math.log((double) width * height) - Math.log((double) r.width * r.height);
            double distance = 100 * aspect * aspect + area * area; // aspect dominates
            if (distance < bestDistance) {
                bestDistance = distance;
                best = r;
            }
        }
        return best;
    }
}
