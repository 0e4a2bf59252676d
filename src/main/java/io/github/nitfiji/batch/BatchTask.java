package io.github.nitfiji.batch;

import java.util.LinkedHashMap;
import java.util.Map;

/** One image of a job: its place in the job's order, its id, its request and its seed. */
public final class BatchTask {
    private final int index;
    private final JobRequest request;
    private final long seed;

    BatchTask(int index, JobRequest request, long seed) {
        this.index = index;
        this.request = request;
        this.seed = seed;
    }

    /** Position in the expanded job (0-based); fixes shard membership and manifest order. */
    public int index() {
        return index;
    }

    /** {@code <request id>-<seed>}: unique in a job, stable across runs, also the file's base name. */
    public String id() {
        return request.id() + "-" + seed;
    }

    public JobRequest request() {
        return request;
    }

    public long seed() {
        return seed;
    }

    /** The one request for this image alone: the request's settings with images=1 and its seed. */
    public Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>(request.settings());
        s.put("images", "1");
        s.put("seed", Long.toString(seed));
        return s;
    }

    /** File name under the output folder's {@code images/}. */
    public String fileName() {
        return id() + ".png";
    }
}
