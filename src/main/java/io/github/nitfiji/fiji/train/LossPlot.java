package io.github.nitfiji.fiji.train;

import ij.gui.Plot;
import java.awt.Color;
import java.util.Arrays;

/**
 * The live loss curve of a run as an ImageJ {@link Plot}: every step's loss (light) and its
 * running mean over the last 50 steps (dark), redrawn as it trains, as N2V's and CSBDeep's
 * training windows show theirs. Its data are the plot's, so "List" and {@code Plot.getValues}
 * give each step's loss; a resumed run starts with the steps before its checkpoint.
 */
final class LossPlot {
    static final String LOSS = "loss";
    static final String MEAN = "running mean (50 steps)";
    private final String title;
    private double[] steps = new double[64];
    private double[] losses = new double[64];
    private double[] means = new double[64];
    private int n;
    private Plot plot;

    LossPlot(String title) {
        this.title = title;
    }

    synchronized void add(long step, double loss, double mean) {
        if (n == steps.length) {
            steps = Arrays.copyOf(steps, 2 * n);
            losses = Arrays.copyOf(losses, 2 * n);
            means = Arrays.copyOf(means, 2 * n);
        }
        steps[n] = step;
        losses[n] = loss;
        means[n] = mean;
        n++;
    }

    synchronized int size() {
        return n;
    }

    /**
     * A new plot of the points so far (ImageJ's Plot.replace would drop the curves' colours and
     * labels, so each redraw makes a plot); null before the first point.
     */
    synchronized Plot plot(String xLabel) {
        if (n == 0) {
            return null;
        }
        Plot plot = new Plot(title, xLabel, "loss");
        plot.setColor(new Color(150, 170, 210));
        plot.add("line", Arrays.copyOf(steps, n), Arrays.copyOf(losses, n));
        plot.setLabel(-1, LOSS);
        plot.setColor(new Color(20, 60, 160));
        plot.setLineWidth(2);
        plot.add("line", Arrays.copyOf(steps, n), Arrays.copyOf(means, n));
        plot.setLabel(-1, MEAN);
        plot.setLineWidth(1);
        plot.setColor(Color.BLACK);
        plot.addLegend(null, "top-right");
        plot.setLimitsToFit(false);
        return plot;
    }
}
