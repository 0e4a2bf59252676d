package io.github.nitfiji.runtime;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The executor rule, as a table: requested x device x what the CPU benchmark showed. */
class ExecutorChoiceTest {
    @Test
    void table() {
        Object[][] rows = {
            // requested, gpu, cpu script faster, executor
            {Executor.EAGER, false, true, Executor.EAGER},
            {Executor.EAGER, true, true, Executor.EAGER},
            {Executor.SCRIPT, false, false, Executor.SCRIPT},
            {Executor.SCRIPT, true, false, Executor.SCRIPT},
            {Executor.AUTO, true, false, Executor.SCRIPT},
            {Executor.AUTO, true, true, Executor.SCRIPT},
            {Executor.AUTO, false, true, Executor.SCRIPT},
            {Executor.AUTO, false, false, Executor.EAGER},
        };
        for (Object[] r : rows) {
            ExecutorChoice c = ExecutorChoice.resolve((Executor) r[0], (Boolean) r[1], (Boolean) r[2]);
            assertEquals(r[3], c.executor, java.util.Arrays.toString(r));
            assertFalse(c.reason.isBlank());
            assertEquals(r[0] != Executor.AUTO, c.reason.equals("requested"), c.reason);
        }
    }

    @Test
    void autoReasonsSayWhy() {
        assertEquals("script (auto: one scripted call per step beats eager per-op dispatch on a GPU)",
                ExecutorChoice.resolve(Executor.AUTO, true, false).toString());
        assertEquals("eager (auto: the eager forward measured faster on the CPU)",
                ExecutorChoice.resolve(Executor.AUTO, false, false).toString());
    }

    @Test
    void parsesIdsAndNamesTheValidOnes() {
        assertEquals(Executor.SCRIPT, Executor.parse(" Script "));
        assertEquals(Executor.AUTO, Executor.parse(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Executor.parse("jit"));
        assertEquals("executor 'jit' is unknown; use auto, eager or script", e.getMessage());
    }
}
