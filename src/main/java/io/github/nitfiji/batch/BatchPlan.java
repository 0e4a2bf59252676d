package io.github.nitfiji.batch;

import java.util.AbstractList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A job as one task per image, in the job's order (request by request, seed by seed). The order
 * depends on the job file only, so every shard and every machine sees the same tasks with the
 * same indices. Tasks are made when asked for, never all at once: a job of a million images
 * costs its requests' memory, not a million task objects, before the shard is picked.
 */
public final class BatchPlan {
    /** Images per job file: the manifests of a job this size are already about a gigabyte to resume. */
    public static final int MAX_TASKS = 1_000_000;

    private final List<JobRequest> requests;
    /** Index of each request's first task; one more entry holding the total. */
    private final long[] starts;
    private final List<BatchTask> tasks;

    private BatchPlan(List<JobRequest> requests, long[] starts) {
        this.requests = List.copyOf(requests);
        this.starts = starts;
        this.tasks = new Tasks(0, 1, (int) starts[starts.length - 1]);
    }

    /**
     * Checks the whole job before any work and plans it: at most {@link #MAX_TASKS} images, every
     * request must make a valid generation request, and no task id may appear twice.
     *
     * @throws IllegalArgumentException naming the request (file and line) and the problem
     */
    public static BatchPlan of(List<JobRequest> requests, TaskRunner runner) {
        long[] starts = new long[requests.size() + 1];
        Map<String, TreeMap<Long, JobRequest>> seedsById = new HashMap<>();
        for (int r = 0; r < requests.size(); r++) {
            JobRequest request = requests.get(r);
            starts[r + 1] = starts[r] + request.images();
            if (starts[r + 1] > MAX_TASKS) {
                throw new IllegalArgumentException(request.origin() + ": the job reaches " + starts[r + 1]
                        + " images here; a job file holds at most " + MAX_TASKS + " (split it into several jobs, "
                        + "each with its own --out folder)");
            }
            checkNoSharedTask(request, seedsById.computeIfAbsent(request.id(), id -> new TreeMap<>()));
            try {
                runner.validate(new BatchTask(-1, request, request.firstSeed()).settings());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(request.origin() + ": " + e.getMessage(), e);
            }
        }
        return new BatchPlan(requests, starts);
    }

    /** Task ids are {@code <id>-<seed>}: two requests with one id must not share a seed. */
    private static void checkNoSharedTask(JobRequest request, TreeMap<Long, JobRequest> earlier) {
        long first = request.firstSeed();
        long last = first + request.images() - 1;
        // earlier ranges of this id do not overlap each other: the one starting last at or before
        // our last seed is the only one that can reach into our range
        Map.Entry<Long, JobRequest> before = earlier.floorEntry(last);
        if (before != null) {
            JobRequest other = before.getValue();
            long otherLast = other.firstSeed() + other.images() - 1;
            if (otherLast >= first) {
                String task = request.id() + "-" + Math.max(first, other.firstSeed());
                throw new IllegalArgumentException(request.origin() + ": task " + task + " is also made by "
                        + other.origin() + "; give the requests different ids or seeds");
            }
        }
        earlier.put(first, request);
    }

    /** Every task in job order (made on demand). */
    public List<BatchTask> tasks() {
        return tasks;
    }

    /** The tasks of one shard, in job order (made on demand). */
    public List<BatchTask> tasks(Shard shard) {
        int total = tasks.size();
        int first = shard.number() - 1;
        int count = first >= total ? 0 : (total - first + shard.count() - 1) / shard.count();
        return new Tasks(first, shard.count(), count);
    }

    private BatchTask task(int index) {
        int lo = 0;
        int hi = requests.size() - 1;
        while (lo < hi) { // the last request whose first task is at or before index
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= index) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        JobRequest request = requests.get(lo);
        return new BatchTask(index, request, request.firstSeed() + (index - starts[lo]));
    }

    /** Tasks first, first + step, ... ({@code size} of them), made when asked for. */
    private final class Tasks extends AbstractList<BatchTask> {
        private final int first;
        private final int step;
        private final int size;

        Tasks(int first, int step, int size) {
            this.first = first;
            this.step = step;
            this.size = size;
        }

        @Override
        public BatchTask get(int i) {
            if (i < 0 || i >= size) {
                throw new IndexOutOfBoundsException("task " + i + " of " + size);
            }
            return task(first + i * step);
        }

        @Override
        public int size() {
            return size;
        }
    }
}
