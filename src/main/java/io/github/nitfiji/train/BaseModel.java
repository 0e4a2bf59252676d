package io.github.nitfiji.train;

import com.google.gson.JsonObject;
import io.github.nitfiji.catalog.ModelCard;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.catalog.ModelStatus;
import io.github.nitfiji.catalog.ModelStore;
import io.github.nitfiji.catalog.ModelsFolder;
import io.github.nitfiji.catalog.Sha256;
import io.github.nitfiji.model.dcae.DcAeConfig;
import io.github.nitfiji.model.nit.NitConfig;
import io.github.nitfiji.pipeline.ModelFamilies;
import io.github.nitfiji.pipeline.ModelFamily;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The installed NiT a fine-tune starts from, and its DC-AE, found through the model catalogue. */
public final class BaseModel {
    final ModelStore store;
    final ModelCard card;
    final Path weights;
    final String sha256;
    final NitConfig config;
    final ModelCard decoderCard;
    final Path decoderWeights;
    final String decoderSha256;
    final DcAeConfig decoderConfig;

    private BaseModel(ModelStore store, ModelCard card, Path weights, String sha256, ModelCard decoderCard,
                      Path decoderWeights, String decoderSha256) {
        this.store = store;
        this.card = card;
        this.weights = weights;
        this.sha256 = sha256;
        this.config = NitConfig.fromJson(card.config().toString(), "model card " + card.source());
        this.decoderCard = decoderCard;
        this.decoderWeights = decoderWeights;
        this.decoderSha256 = decoderSha256;
        this.decoderConfig = DcAeConfig.fromJson(decoderCard.config().toString(), "model card " + decoderCard.source());
    }

    /** The models folder {@code modelsDir} (null: this JVM's, see {@link ModelsFolder#resolve()}), its advice in the words of the front door in use. */
    public static ModelStore store(Path modelsDir) throws ModelException {
        return ModelStore.open(modelsDir != null ? ModelsFolder.at(modelsDir, "--models-dir") : ModelsFolder.resolve());
    }

    /**
     * The models that can be a base: installed (files and decoder in place) and of a family that
     * can be fine-tuned, the default model first.
     */
    public static List<String> installed(ModelStore store) {
        List<String> ids = new ArrayList<>();
        for (ModelStatus status : store.statusAll(false)) {
            ModelCard card = status.card();
            if (ModelFamilies.of(card.kind()).map(ModelFamily::fineTunable).orElse(false) && status.isUsable()
                    && decoderUsable(store, card)) {
                ids.add(card.id().equals(ModelFamilies.DEFAULT_MODEL) ? 0 : ids.size(), card.id());
            }
        }
        return ids;
    }

    private static boolean decoderUsable(ModelStore store, ModelCard card) {
        try {
            return store.status(store.catalog().decoderFor(card), false).isUsable();
        } catch (ModelException e) {
            return false;
        }
    }

    /** The base model {@code id}: installed, a NiT, with its decoder installed; errors say what to install. */
    public static BaseModel find(ModelStore store, String id) throws ModelException, IOException {
        ModelCard card = store.catalog().find(id).orElse(null);
        if (card == null) {
            throw new IllegalArgumentException("--base '" + id + "' is not a model in the catalogue; list the models with"
                    + " 'models list' and install a NiT (e.g. smoke-test, nit-xl-1000k)");
        }
        if (!ModelFamilies.of(card.kind()).map(ModelFamily::fineTunable).orElse(false)) {
            throw new IllegalArgumentException("--base '" + id + "' is a " + card.kind().jsonName() + " model, not a NiT;"
                    + " fine-tuning needs a NiT base (e.g. smoke-test or nit-xl-1000k)");
        }
        Path weights = store.weightsPath(id);
        ModelCard decoder = store.catalog().decoderFor(card);
        Path decoderWeights = store.weightsPath(decoder.id());
        return new BaseModel(store, card, weights, sha(store, card.id(), weights), decoder, decoderWeights,
                sha(store, decoder.id(), decoderWeights));
    }

    private static String sha(ModelStore store, String id, Path file) throws ModelException, IOException {
        return store.weightsSha256(id).orElse(Sha256.of(file, bytes -> { }));
    }

    /** The model's id. */
    public String id() {
        return card.id();
    }

    FineTuneWriter.Base describe() {
        JsonObject config = card.config().deepCopy();
        return new FineTuneWriter.Base(card.id(), sha256, decoderCard.id(), config);
    }
}
