package io.github.nitfiji.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nitfiji.model.nit.NitConfig;
import org.junit.jupiter.api.Test;

/** When a step checkpoints its activations, and what that does to the estimate a run is refused by. */
class TrainingMemoryTest {
    private static final NitConfig XL = NitConfig.xl();

    @Test
    void nitXlCheckpointsFromAboutOneHundredFiftyTokens() {
        assertFalse(TrainingMemory.checkpoints(XL, 128));
        assertTrue(TrainingMemory.checkpoints(XL, 256));
        assertTrue(TrainingMemory.checkpoints(XL, 4096));
    }

    @Test
    void aCheckpointedStepGrowsOnlyByEachBlocksInputWithLongerPacks() {
        // one block is recomputed over at most RECOMPUTED_TOKENS: from 1024 to 4096 tokens only the
        // blocks' inputs (29 + 2 hidden-size maps per token, 0.4 GB) are added
        long at1024 = TrainingMemory.stepBytes(XL, 16, 1, 1024, 256);
        long at4096 = TrainingMemory.stepBytes(XL, 16, 1, 4096, 256);
        long inputs = 4L * (XL.depth + 3) * 3072 * XL.hiddenSize;
        org.junit.jupiter.api.Assertions.assertEquals(inputs, at4096 - at1024);
    }

    @Test
    void checkpointingKeepsAFractionOfThePlainBackwardsActivations() {
        long plainActivations = TrainingMemory.keptActivations(XL, 1024);
        long weightsAndState = TrainingMemory.stepBytes(XL, 16, 1, 0, 0) - TrainingMemory.RUNTIME_BYTES;
        long checkpointed = TrainingMemory.stepBytes(XL, 16, 1, 1024, 256) - TrainingMemory.RUNTIME_BYTES - weightsAndState;
        // measured at NiT-XL's shape: 0.65 GB over the weights and state checkpointed, 7 GB kept by a plain backward
        assertTrue(checkpointed < plainActivations / 2,
                "1024 tokens checkpointed: " + checkpointed + " bytes against " + plainActivations + " kept by a plain backward");
    }
}
