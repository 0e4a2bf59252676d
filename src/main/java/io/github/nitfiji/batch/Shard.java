package io.github.nitfiji.batch;

/**
 * The K-th of N disjoint parts of a job ({@code --shard K/N}, K from 1). Tasks are dealt round
 * robin by index, so every shard gets a similar mix of sizes and classes, and the union of all N
 * shards is the whole job whatever N is.
 */
public final class Shard {
    public static final Shard ALL = new Shard(1, 1);

    private final int number;
    private final int count;

    private Shard(int number, int count) {
        this.number = number;
        this.count = count;
    }

    public static Shard of(int number, int count) {
        if (count < 1 || number < 1 || number > count) {
            throw new IllegalArgumentException("shard " + number + "/" + count + " does not exist; use K/N with "
                    + "1 <= K <= N (e.g. 3/8; a Slurm array uses $((SLURM_ARRAY_TASK_ID + 1))/N)");
        }
        return new Shard(number, count);
    }

    /** Parses {@code K/N}. */
    public static Shard parse(String text) {
        String t = text == null ? "" : text.trim();
        int slash = t.indexOf('/');
        try {
            if (slash > 0) {
                return of(Integer.parseInt(t.substring(0, slash).trim()), Integer.parseInt(t.substring(slash + 1).trim()));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("shard '" + text + "' is not K/N; use e.g. 1/4 for the first of four parts");
    }

    public int number() {
        return number;
    }

    public int count() {
        return count;
    }

    /** The shard's manifest file name under the output folder's {@code manifest/}. */
    public String manifestName() {
        return "shard-" + number + "-of-" + count + ".csv";
    }

    @Override
    public String toString() {
        return number + "/" + count;
    }
}
