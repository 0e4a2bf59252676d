package io.github.nitfiji.model.tim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * What TiM-T2I needs of a request's captions at every step: each block's cross-attention keys and
 * values, computed once ({@link TimT2iTransformer#prepare}) from the caption features. Rows are
 * captions (e.g. the prompts, then the null caption), all of one length. Holds device memory
 * until closed: per caption, depth x 2 x L x hidden values.
 */
public final class CaptionContext implements AutoCloseable {
    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;
    private final int captions;
    private final int length;

    CaptionContext(NDManager manager, NDArray[] keys, NDArray[] values, int captions, int length) {
        this.manager = manager;
        this.keys = keys;
        this.values = values;
        this.captions = captions;
        this.length = length;
    }

    /** How many captions (rows) it holds. */
    public int captions() {
        return captions;
    }

    /** Tokens per caption. */
    public int length() {
        return length;
    }

    NDArray keys(int block) {
        return keys[block];
    }

    NDArray values(int block) {
        return values[block];
    }

    @Override
    public void close() {
        manager.close();
    }
}
