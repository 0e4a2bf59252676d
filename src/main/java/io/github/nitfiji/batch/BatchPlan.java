package io.github.nitfiji.batch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A job expanded into one task per image, in the job's order (request by request, seed by seed).
 * The expansion depends on the job file only, so every shard and every machine sees the same
 * tasks with the same indices.
 */
public final class BatchPlan {
    private final List<BatchTask> tasks;

    private BatchPlan(List<BatchTask> tasks) {
        this.tasks = Collections.unmodifiableList(tasks);
    }

    /**
     * Expands requests into tasks and checks the whole job before any work: every request must
     * make a valid generation request, and no task id may appear twice.
     *
     * @throws IllegalArgumentException naming the request (file and line) and the problem
     */
    public static BatchPlan of(List<JobRequest> requests, TaskRunner runner) {
        List<BatchTask> tasks = new ArrayList<>();
        Map<String, JobRequest> owners = new HashMap<>();
        for (JobRequest request : requests) {
            for (int i = 0; i < request.images(); i++) {
                BatchTask task = new BatchTask(tasks.size(), request, request.firstSeed() + i);
                JobRequest earlier = owners.putIfAbsent(task.id(), request);
                if (earlier != null) {
                    throw new IllegalArgumentException(request.origin() + ": task " + task.id() + " is also made by "
                            + earlier.origin() + "; give the requests different ids or seeds");
                }
                tasks.add(task);
            }
            try {
                runner.validate(new BatchTask(-1, request, request.firstSeed()).settings());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(request.origin() + ": " + e.getMessage(), e);
            }
        }
        return new BatchPlan(tasks);
    }

    public List<BatchTask> tasks() {
        return tasks;
    }

    /** The tasks of one shard, in job order. */
    public List<BatchTask> tasks(Shard shard) {
        List<BatchTask> mine = new ArrayList<>();
        for (BatchTask task : tasks) {
            if (shard.contains(task)) {
                mine.add(task);
            }
        }
        return mine;
    }
}
