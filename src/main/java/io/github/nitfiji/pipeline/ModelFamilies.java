package io.github.nitfiji.pipeline;

import io.github.nitfiji.catalog.ModelCard;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.catalog.ModelKind;
import io.github.nitfiji.catalog.ModelStore;
import io.github.nitfiji.model.ModelConfigException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The model families this installation knows ({@link ModelFamily} registrations in
 * {@code META-INF/services}), and the choices made among them: which family a card, a set of
 * files or a checkpoint belongs to, and which model runs when none is named.
 */
public final class ModelFamilies {
    /** The model used when none is named: NiT-XL once installed. */
    public static final String DEFAULT_MODEL = "nit-xl-1000k";
    /** What runs on a fresh install: tiny, untrained, bundled. */
    public static final String SMOKE_TEST_MODEL = "smoke-test";

    private static volatile List<ModelFamily> all;

    private ModelFamilies() {
    }

    /** Every registered family, in registration order. */
    public static List<ModelFamily> all() {
        List<ModelFamily> families = all;
        if (families == null) {
            List<ModelFamily> found = new ArrayList<>();
            ServiceLoader.load(ModelFamily.class, ModelFamily.class.getClassLoader()).forEach(found::add);
            if (found.isEmpty()) {
                throw new IllegalStateException("no model families are registered (META-INF/services/"
                        + ModelFamily.class.getName() + " is missing from the plugin jar)");
            }
            families = Collections.unmodifiableList(found);
            all = families;
        }
        return families;
    }

    /** The family of a card's kind. */
    public static Optional<ModelFamily> of(ModelKind kind) {
        return all().stream().filter(f -> f.jsonName().equals(kind.jsonName())).findFirst();
    }

    /** The family whose files {@code spec} names directly (weights instead of a model id), or empty. */
    static Optional<ModelFamily> claiming(GenerationSpec spec) {
        return all().stream().filter(f -> f.claims(spec)).findFirst();
    }

    /**
     * Refuses a checkpoint that is another family's (NiT and TiM share most key names, so the mix-up
     * would otherwise surface as dozens of missing keys), naming both families and the setting
     * that takes it.
     */
    public static void checkCheckpoint(ModelFamily expected, Set<String> keys, String source, SettingNames names) {
        if (expected.recognises(keys)) {
            return;
        }
        for (ModelFamily other : all()) {
            if (other != expected && other.recognises(keys)) {
                throw new ModelConfigException(source + " is " + other.checkpointDescription() + ", not "
                        + expected.checkpointDescription() + "; give it with "
                        + names.of(other.fileSettings().get(0)));
            }
        }
    }

    /**
     * The model {@code modelId} resolved to installed (or bundled) files, with its decoder (the
     * card's, or {@code decoderId} when given).
     */
    public static ModelSelection byId(ModelStore store, String modelId, String decoderId) throws ModelException {
        ModelCard card = store.catalog().require(modelId);
        ModelFamily family = of(card.kind()).orElseThrow(() -> new IllegalArgumentException("model '" + modelId
                + "' is a " + card.kind().jsonName() + " model, which makes no images by itself; name a generating"
                + " model (see the list of models)"));
        ModelFiles files = family.files(card, store); // the model's own files are named first when missing
        ModelCard decoder = DecoderChoice.resolve(store.catalog(), card, decoderId);
        DecoderFiles decoderFiles = new DecoderFiles(decoder.id(), store.weightsPath(decoder.id()),
                io.github.nitfiji.model.dcae.DcAeConfig.fromJson(decoder.config().toString()),
                "weights of decoder " + decoder.id());
        return new ModelSelection(family, card.id(), card, files, decoderFiles);
    }

    /**
     * The named model, or when none is named NiT-XL if installed, else the bundled smoke-test
     * model (after telling {@code notice} that its images are noise; the front door adds how to
     * get the real one).
     */
    static ModelSelection byIdOrDefault(ModelStore store, String modelId, String decoderId, Consumer<String> notice)
            throws ModelException {
        if (modelId != null) {
            return byId(store, modelId, decoderId);
        }
        try {
            return byId(store, DEFAULT_MODEL, decoderId);
        } catch (ModelException e) {
            if (e.reason() != ModelException.Reason.NOT_INSTALLED) {
                throw e;
            }
            notice.accept(DEFAULT_MODEL + " is not installed, so the bundled '" + SMOKE_TEST_MODEL
                    + "' model runs: its weights are random and its images are noise.");
            return byId(store, SMOKE_TEST_MODEL, decoderId);
        }
    }
}
