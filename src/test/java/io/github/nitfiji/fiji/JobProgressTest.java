package io.github.nitfiji.fiji;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobProgressTest {
    @Test
    void estimatesTheTimeLeftFromTheStepsSoFar() {
        long[] now = {0};
        List<String> status = new ArrayList<>();
        List<Double> progress = new ArrayList<>();
        JobProgress p = new JobProgress(new JobFeedback() {
            @Override
            public void status(String message) {
                status.add(message);
            }

            @Override
            public void progress(double fraction) {
                progress.add(fraction);
            }

            @Override
            public void note(String message) {
            }
        }, () -> now[0]);
        now[0] = 2_000_000_000L; // 10 of 50 steps in 2 s: 8 s left
        p.sampling(10, 50);
        assertEquals("NiT: step 10/50, about 8 s left (Esc cancels)", status.get(0));
        assertEquals(0.18, progress.get(0), 1e-9);
        now[0] = 10_000_000_000L;
        p.sampling(50, 50);
        now[0] = 11_000_000_000L;
        p.decoding(1, 3);
        assertEquals("NiT: decoded image 1/3, about 2 s left (Esc cancels)", status.get(2));
        p.decoding(3, 3);
        assertEquals(1.0, progress.get(progress.size() - 1), 1e-9);
        assertEquals("about 3:05 min left", JobProgress.timeLeft(185));
    }
}
