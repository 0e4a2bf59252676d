package io.github.nitfiji.catalog;

import io.github.nitfiji.io.JsonFormatException;
import io.github.nitfiji.io.StrictJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * All model cards we know: those bundled in the jar (listed in {@code /models/index.json},
 * because a folder on the classpath cannot be listed inside a jar) plus any {@code *.json} card
 * a user drops into the models folder. A folder card with the id of a bundled card replaces it,
 * so a user can pin a hash or point at a mirror without rebuilding the plugin.
 *
 * <p>A broken bundled card is our bug and fails loudly; a broken card in the user's folder is
 * skipped and reported in {@link #warnings()}, so one bad file does not disable every model.
 */
public final class ModelCatalog {
    /** Resource folder of the bundled cards and files. */
    public static final String RESOURCE_ROOT = "/models/";
    private static final String INDEX = RESOURCE_ROOT + "index.json";

    private final Map<String, ModelCard> cards;
    private final List<String> warnings;

    private ModelCatalog(Map<String, ModelCard> cards, List<String> warnings) {
        this.cards = Collections.unmodifiableMap(cards);
        this.warnings = List.copyOf(warnings);
    }

    /** Only the cards shipped in the jar. */
    public static ModelCatalog bundled() throws ModelException {
        Map<String, ModelCard> cards = new LinkedHashMap<>();
        for (ModelCard card : loadBundled()) {
            cards.put(card.id(), card);
        }
        return new ModelCatalog(cards, List.of());
    }

    /** Bundled cards plus the cards in the top level of {@code folder} (which may not exist yet). */
    public static ModelCatalog load(ModelsFolder folder) throws ModelException {
        Map<String, ModelCard> cards = new LinkedHashMap<>();
        for (ModelCard card : loadBundled()) {
            cards.put(card.id(), card);
        }
        List<String> warnings = new ArrayList<>();
        for (Path file : folderCards(folder.root(), warnings)) {
            try {
                ModelCard card = ModelCard.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
                ModelCard previous = cards.put(card.id(), card);
                if (previous != null) {
                    warnings.add("model card " + file + " replaces " + previous.source() + " for id '" + card.id() + "'");
                }
            } catch (ModelException e) {
                warnings.add(e.getMessage() + " (card skipped)");
            } catch (RuntimeException e) {
                // the parser should name every problem; if it misses one, the card still goes, not every model
                warnings.add("model card " + file + ": unusable (" + e.getMessage() + "), card skipped");
            } catch (IOException e) {
                warnings.add("model card " + file + ": cannot be read (" + e.getMessage() + "), skipped");
            }
        }
        checkReferences(cards, warnings);
        return new ModelCatalog(cards, warnings);
    }

    public List<ModelCard> cards() {
        return List.copyOf(cards.values());
    }

    public Optional<ModelCard> find(String id) {
        return Optional.ofNullable(cards.get(id));
    }

    /** The card with this id, or a ModelException listing the ids that exist. */
    public ModelCard require(String id) throws ModelException {
        ModelCard card = cards.get(id);
        if (card == null) {
            throw new ModelException(ModelException.Reason.UNKNOWN_MODEL,
                    "unknown model '" + id + "'; known models: " + String.join(", ", cards.keySet()));
        }
        return card;
    }

    /** The decoder card a generating card names. */
    public ModelCard decoderFor(ModelCard nit) throws ModelException {
        String id = nit.decoder().orElseThrow(() -> new ModelException(ModelException.Reason.INVALID_CARD,
                "model card " + nit.source() + ": field 'decoder': missing"));
        ModelCard decoder = require(id);
        if (decoder.kind().role() != ModelKind.Role.DECODER) {
            throw new ModelException(ModelException.Reason.INVALID_CARD, "model card " + nit.source()
                    + ": field 'decoder': '" + id + "' is a " + decoder.kind().jsonName() + " model, not a decoder");
        }
        return decoder;
    }

    /** The text encoder card a text-to-image card names. */
    public ModelCard textEncoderFor(ModelCard card) throws ModelException {
        String id = card.textEncoder().orElseThrow(() -> new ModelException(ModelException.Reason.INVALID_CARD,
                "model card " + card.source() + ": field 'text_encoder': missing (model '" + card.id() + "' is a "
                        + card.kind().jsonName() + " model, which reads no text)"));
        ModelCard encoder = require(id);
        if (encoder.kind().role() != ModelKind.Role.TEXT_ENCODER) {
            throw new ModelException(ModelException.Reason.INVALID_CARD, "model card " + card.source()
                    + ": field 'text_encoder': '" + id + "' is a " + encoder.kind().jsonName() + " model, not a "
                    + "text encoder");
        }
        return encoder;
    }

    /**
     * The cards a model needs in order to run, itself first: a generating model's decoder, a
     * text-to-image model's text encoder. What {@code models download} fetches.
     */
    public List<ModelCard> withCompanions(ModelCard card) throws ModelException {
        List<ModelCard> needed = new ArrayList<>(List.of(card));
        if (card.kind().generates()) {
            needed.add(decoderFor(card));
        }
        if (card.textEncoder().isPresent()) {
            needed.add(textEncoderFor(card));
        }
        return needed;
    }

    /** Problems with cards in the user's folder (skipped cards, overrides, dangling decoders). */
    public List<String> warnings() {
        return warnings;
    }

    private static List<ModelCard> loadBundled() throws ModelException {
        List<String> names;
        try {
            names = StrictJson.parseObject(readResource(INDEX), "bundled card index " + INDEX).requiredStringArray("cards");
        } catch (JsonFormatException e) {
            throw new ModelException(ModelException.Reason.INVALID_CARD, e.getMessage(), e);
        }
        List<ModelCard> cards = new ArrayList<>();
        for (String name : names) {
            String resource = RESOURCE_ROOT + name;
            cards.add(ModelCard.parse(readResource(resource), resource));
        }
        return cards;
    }

    private static String readResource(String resource) throws ModelException {
        try (InputStream in = ModelCatalog.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ModelException(ModelException.Reason.INVALID_CARD,
                        "bundled resource " + resource + " is missing from the plugin jar (broken build?)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ModelException(ModelException.Reason.IO, "cannot read bundled resource " + resource, e);
        }
    }

    private static List<Path> folderCards(Path root, List<String> warnings) {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return files;
        }
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(root, "*.json")) {
            for (Path p : dir) {
                if (Files.isRegularFile(p)) {
                    files.add(p);
                }
            }
        } catch (IOException e) {
            warnings.add("cannot list model cards in " + root + ": " + e.getMessage());
        }
        Collections.sort(files);
        return files;
    }

    private static void checkReferences(Map<String, ModelCard> cards, List<String> warnings) {
        for (ModelCard card : cards.values()) {
            card.decoder().ifPresent(d -> {
                if (!cards.containsKey(d)) {
                    warnings.add("model card " + card.source() + ": decoder '" + d + "' has no card");
                }
            });
            card.textEncoder().ifPresent(t -> {
                if (!cards.containsKey(t)) {
                    warnings.add("model card " + card.source() + ": text encoder '" + t + "' has no card");
                }
            });
        }
    }
}
