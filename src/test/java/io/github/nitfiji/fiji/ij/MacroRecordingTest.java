package io.github.nitfiji.fiji.ij;

import static org.junit.jupiter.api.Assertions.*;

import ij.plugin.frame.Recorder;
import io.github.nitfiji.fiji.GenerateOptions;
import org.junit.jupiter.api.Test;

class MacroRecordingTest {
    static final String FULL = "prompt=[golden retriever] width=768 height=432 images=4 seed=42 preset=custom "
            + "sampler=heun steps=20 cfg=2.5 guidance_low=0.1 guidance_high=0.8 model=smoke-test device=gpu:1 "
            + "precision=fp16 output=32-bit";

    @Test
    void theRecorderGetsTheOptionsThatRanNotTheDialogs() {
        Recorder.resetCommandOptions();
        Recorder.recordOption("seed", "-1"); // what a dialog would have recorded
        GenerateOptions ran = GenerateOptions.parse(FULL);
        MacroRecording.record(ran);
        assertEquals(FULL, Recorder.getCommandOptions());
        Recorder.resetCommandOptions();
    }
}
