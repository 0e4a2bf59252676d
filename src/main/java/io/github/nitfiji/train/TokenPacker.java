package io.github.nitfiji.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Packs images of different sizes into steps of at most {@code budget} tokens, every image once per
 * epoch. The official trainer packs once, offline (LPFHP over the whole dataset, {@code tools/pack_dataset.py}),
 * then shuffles the packs each epoch with seed + epoch; here each epoch's image order is shuffled
 * (seeded by seed and epoch) and packed first-fit in that order, so which images share a step also
 * varies between epochs. The same seed gives the same packs on every machine.
 */
final class TokenPacker {
    private final int[] tokens;
    private final int budget;
    private final long seed;

    /** @param tokens each image's token count; none may exceed {@code budget} (checked by the caller, who can name the file) */
    TokenPacker(int[] tokens, int budget, long seed) {
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] > budget) {
                throw new IllegalArgumentException("image " + i + " has " + tokens[i] + " tokens, above the budget "
                        + budget);
            }
        }
        if (tokens.length == 0) {
            throw new IllegalArgumentException("no images to pack");
        }
        this.tokens = tokens.clone();
        this.budget = budget;
        this.seed = seed;
    }

    /** The packs of epoch {@code epoch} (from 0), each a list of image indices, in step order. */
    List<int[]> epoch(long epoch) {
        int[] order = new int[tokens.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(StepRandom.mix(seed, 0x5eedL + epoch));
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        List<List<Integer>> packs = new ArrayList<>();
        List<Integer> free = new ArrayList<>();
        for (int image : order) {
            int at = -1;
            for (int p = 0; p < packs.size(); p++) {
                if (free.get(p) >= tokens[image]) {
                    at = p;
                    break;
                }
            }
            if (at < 0) {
                packs.add(new ArrayList<>());
                free.add(budget);
                at = packs.size() - 1;
            }
            packs.get(at).add(image);
            free.set(at, free.get(at) - tokens[image]);
        }
        List<int[]> out = new ArrayList<>();
        for (List<Integer> p : packs) {
            out.add(p.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }
}
