package io.github.nitfiji.batch;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request of a job file: the settings of the one generation request (macro keys, as text)
 * for a run of consecutive seeds. Image i of the request uses {@code firstSeed + i}, exactly as
 * {@code images=N seed=S} does in every other front door.
 */
public final class JobRequest {
    private final String id;
    private final String origin;
    private final Map<String, String> settings;
    private final long firstSeed;
    private final int images;

    JobRequest(String id, String origin, Map<String, String> settings, long firstSeed, int images) {
        this.id = id;
        this.origin = origin;
        this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        this.firstSeed = firstSeed;
        this.images = images;
    }

    /** The request's id: its {@code id} key, else {@code r<entry number>}; prefixes its task ids. */
    public String id() {
        return id;
    }

    /** Where it came from, for messages: {@code jobs.csv line 4} or {@code job.json request 2 (line 9)}. */
    public String origin() {
        return origin;
    }

    /** The request's settings without the batch's own keys (id, class, seed, seeds, images). */
    public Map<String, String> settings() {
        return settings;
    }

    public long firstSeed() {
        return firstSeed;
    }

    public int images() {
        return images;
    }
}
