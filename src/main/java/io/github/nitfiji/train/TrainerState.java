package io.github.nitfiji.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a run accumulates beside the weights, per trained tensor: AdamW's two moments, the
 * weight's offset from where the run started (d = p - p0) and the EMA's offset (e = ema - p0), plus
 * the number of optimizer steps taken. Held in stored (checkpoint) space, in its own manager.
 */
final class TrainerState implements AutoCloseable {
    /** Suffixes of the per-tensor state in checkpoints. */
    static final String[] PARTS = {"exp_avg", "exp_avg_sq", "offset", "ema_offset"};

    final List<TrainedTensor> tensors;
    final List<NDArray> firstMoment = new ArrayList<>();
    final List<NDArray> secondMoment = new ArrayList<>();
    final List<NDArray> offset = new ArrayList<>();
    final List<NDArray> emaOffset = new ArrayList<>();
    private final NDManager manager;
    long steps;

    TrainerState(List<TrainedTensor> tensors, NDManager parent) {
        this.tensors = List.copyOf(tensors);
        this.manager = parent.newSubManager();
        for (TrainedTensor t : tensors) {
            firstMoment.add(manager.zeros(t.value.getShape()));
            secondMoment.add(manager.zeros(t.value.getShape()));
            offset.add(manager.zeros(t.value.getShape()));
            emaOffset.add(manager.zeros(t.value.getShape()));
        }
    }

    /** The state as named host arrays ({@code <tensor>.<part>}), for a checkpoint. */
    Map<String, float[]> export() {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (int i = 0; i < tensors.size(); i++) {
            String name = tensors.get(i).name;
            out.put(name + "." + PARTS[0], firstMoment.get(i).toFloatArray());
            out.put(name + "." + PARTS[1], secondMoment.get(i).toFloatArray());
            out.put(name + "." + PARTS[2], offset.get(i).toFloatArray());
            out.put(name + "." + PARTS[3], emaOffset.get(i).toFloatArray());
        }
        return out;
    }

    /** Restores what {@link #export} wrote; {@code source} names the checkpoint in errors. */
    void restore(Map<String, float[]> values, long stepsTaken, String source) {
        for (int i = 0; i < tensors.size(); i++) {
            List<NDArray> parts = List.of(firstMoment.get(i), secondMoment.get(i), offset.get(i), emaOffset.get(i));
            for (int p = 0; p < PARTS.length; p++) {
                String key = tensors.get(i).name + "." + PARTS[p];
                float[] v = values.get(key);
                NDArray target = parts.get(p);
                if (v == null || v.length != target.size()) {
                    throw new IllegalArgumentException(source + " has no optimizer state '" + key + "' of "
                            + target.size() + " values; it was written by another run (other settings or model)");
                }
                target.set(v);
            }
        }
        this.steps = stepsTaken;
    }

    /** The EMA of tensor {@code i}'s stored value: p - d + e (a new array). */
    NDArray emaStored(int i) {
        NDArray p = tensors.get(i).stored();
        return p.subi(offset.get(i)).addi(emaOffset.get(i));
    }

    @Override
    public void close() {
        manager.close();
    }
}
