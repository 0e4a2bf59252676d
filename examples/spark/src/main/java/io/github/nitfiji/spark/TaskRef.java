package io.github.nitfiji.spark;

import java.io.Serializable;

/** What the driver sends an executor for one task: its index in the plan and its recorded row. */
final class TaskRef implements Serializable {
    private static final long serialVersionUID = 1L;

    final int index;
    /** The manifest row an earlier run recorded for this task, or null. */
    final String[] recorded;

    TaskRef(int index, String[] recorded) {
        this.index = index;
        this.recorded = recorded;
    }
}
