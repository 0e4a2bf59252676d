package io.github.nitfiji.catalog;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * A parsed, validated model card: what a model is, how it is built, where its files come from
 * and how to check them. Cards are small JSON files (see {@code models/*.json}); parsing rejects
 * anything incomplete with a message naming the card file and the field, so a typo in a card
 * never turns into a confusing failure deep inside the engine.
 */
public final class ModelCard {
    private final String source;
    private final String id;
    private final ModelKind kind;
    private final String displayName;
    private final String description;
    private final String decoder;
    private final String textEncoder;
    private final AccessGate gate;
    private final JsonObject config;
    private final List<ModelFile> files;
    private final String licence;
    private final String citation;
    private final String homepage;
    private final List<CardPreset> presets;
    private final String notes;
    private JsonObject text;

    ModelCard(String source, String id, ModelKind kind, String displayName, String description, String decoder,
              String textEncoder, AccessGate gate, JsonObject config, List<ModelFile> files, String licence,
              String citation, String homepage, List<CardPreset> presets, String notes) {
        this.source = source;
        this.id = id;
        this.kind = kind;
        this.displayName = displayName;
        this.description = description;
        this.decoder = decoder;
        this.textEncoder = textEncoder;
        this.gate = gate;
        this.config = config;
        this.files = List.copyOf(files);
        this.licence = licence;
        this.citation = citation;
        this.homepage = homepage;
        this.presets = List.copyOf(presets);
        this.notes = notes;
    }

    /**
     * Parses and validates a card.
     *
     * @param json   the card text
     * @param source where it came from (file name or path), used in every error message
     */
    public static ModelCard parse(String json, String source) throws ModelException {
        return ModelCardParser.parse(json, source);
    }

    /** The card file this came from (for messages). */
    public String source() {
        return source;
    }

    /** Stable identifier, also the name of the model's folder (e.g. "nit-xl-1000k"). */
    public String id() {
        return id;
    }

    public ModelKind kind() {
        return kind;
    }

    public String displayName() {
        return displayName;
    }

    public String description() {
        return description;
    }

    /** For NiT cards: the id of the DC-AE card that decodes its latents. */
    public Optional<String> decoder() {
        return Optional.ofNullable(decoder);
    }

    /** For text-to-image cards: the id of the text encoder card whose hidden states condition it. */
    public Optional<String> textEncoder() {
        return Optional.ofNullable(textEncoder);
    }

    /** For gated models: where the licence is accepted; downloads then need a Hugging Face token. */
    public Optional<AccessGate> gate() {
        return Optional.ofNullable(gate);
    }

    /**
     * Architecture configuration: the official NiT/TiM constructor arguments, Gemma's
     * {@code config.json} fields, or the diffusers
     * {@code config.json} fields for DC-AE. Returns a copy, so callers cannot change the card.
     */
    public JsonObject config() {
        return config.deepCopy();
    }

    /** An integer config field; throws a ModelException naming the card if absent or not a number. */
    public int configInt(String field) throws ModelException {
        return ModelCardParser.configNumber(this, field).intValue();
    }

    /** A floating-point config field; throws a ModelException naming the card if absent or not a number. */
    public double configDouble(String field) throws ModelException {
        return ModelCardParser.configNumber(this, field).doubleValue();
    }

    public List<ModelFile> files() {
        return files;
    }

    /** The file the engine loads weights from (every card has exactly one). */
    public ModelFile weightsFile() {
        return fileWithRole(ModelFile.ROLE_WEIGHTS).orElseThrow(() -> new IllegalStateException(
                "card " + source + " has no weights file (the parser guarantees one)"));
    }

    /** The card's file with this role ({@link ModelFile#ROLE_CONFIG}, {@link ModelFile#ROLE_TOKENIZER}), if any. */
    public Optional<ModelFile> fileWithRole(String role) {
        return files.stream().filter(f -> f.role().equals(role)).findFirst();
    }

    /** True when every file ships inside the plugin jar (the smoke-test models). */
    public boolean isBundled() {
        return files.stream().allMatch(ModelFile::isBundled);
    }

    public String licence() {
        return licence;
    }

    public String citation() {
        return citation;
    }

    public Optional<String> homepage() {
        return Optional.ofNullable(homepage);
    }

    /** Recommended sampler settings, in the card's order (the first is the default). */
    public List<CardPreset> presets() {
        return presets;
    }

    public Optional<CardPreset> preset(String name) {
        return presets.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /**
     * A field of the card beyond the common ones, as its kind defines it (a fine-tune's
     * {@code base} and {@code classes}); empty when absent. Returns a copy.
     */
    public Optional<com.google.gson.JsonElement> field(String name) {
        return text == null || !text.has(name) ? Optional.empty() : Optional.of(text.get(name).deepCopy());
    }

    /** Keeps the card's whole text for {@link #field} (the parser calls this once). */
    ModelCard withText(JsonObject card) {
        this.text = card.deepCopy();
        return this;
    }

    /** Free-text caveats (e.g. why a hash is unknown). */
    public Optional<String> notes() {
        return Optional.ofNullable(notes);
    }

    /** Sum of the known or approximate file sizes, for disk-space advice; -1 if unknown. */
    public long approximateSize() {
        long total = 0;
        for (ModelFile f : files) {
            Optional<Long> s = f.approximateSize();
            if (s.isEmpty()) {
                return -1;
            }
            total += s.get();
        }
        return total;
    }

    @Override
    public String toString() {
        return id;
    }
}
