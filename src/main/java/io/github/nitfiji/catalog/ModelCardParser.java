package io.github.nitfiji.catalog;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a card's JSON into a {@link ModelCard}, checking every field it relies on. Each error
 * says "model card FILE: field NAME: what is wrong", because a card is edited by hand and the
 * person fixing it needs to know exactly where to look.
 */
final class ModelCardParser {
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern URL = Pattern.compile("https?://\\S+");

    /** NiT (and TiM) constructor arguments the engine cannot work without. */
    private static final String[] NIT_REQUIRED = {
        "patch_size", "in_channels", "hidden_size", "depth", "num_heads", "mlp_ratio", "num_classes"};
    /** DC-AE config fields the engine cannot work without. */
    private static final String[] DCAE_REQUIRED = {
        "in_channels", "latent_channels", "attention_head_dim", "decoder_block_out_channels",
        "decoder_layers_per_block", "decoder_block_types", "scaling_factor"};

    private final String source;

    private ModelCardParser(String source) {
        this.source = source;
    }

    static ModelCard parse(String json, String source) throws ModelException {
        return new ModelCardParser(source).parse(json);
    }

    static Number configNumber(ModelCard card, String field) throws ModelException {
        JsonElement e = card.config().get(field);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new ModelException(ModelException.Reason.INVALID_CARD, "model card " + card.source()
                    + ": field 'config." + field + "': " + (e == null ? "missing" : "expected a number, got " + e));
        }
        return e.getAsNumber();
    }

    private ModelException error(String field, String problem) {
        return new ModelException(ModelException.Reason.INVALID_CARD,
                "model card " + source + ": field '" + field + "': " + problem);
    }

    private ModelCard parse(String json) throws ModelException {
        JsonObject root;
        try {
            JsonElement e = JsonParser.parseString(json);
            if (!e.isJsonObject()) {
                throw new ModelException(ModelException.Reason.INVALID_CARD,
                        "model card " + source + ": not a JSON object");
            }
            root = e.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new ModelException(ModelException.Reason.INVALID_CARD,
                    "model card " + source + ": not valid JSON (" + e.getMessage() + ")", e);
        }
        String id = requiredString(root, "id", "id");
        if (!ID.matcher(id).matches()) {
            throw error("id", "'" + id + "' must be lower-case letters, digits, '.', '_' or '-' (it names a folder)");
        }
        String kindName = requiredString(root, "kind", "kind");
        ModelKind kind = ModelKind.fromJson(kindName);
        if (kind == null) {
            List<String> kinds = new ArrayList<>();
            for (ModelKind k : ModelKind.values()) {
                kinds.add("'" + k.jsonName() + "'");
            }
            throw error("kind", "'" + kindName + "' is not one of " + String.join(", ", kinds));
        }
        String name = requiredString(root, "name", "name");
        String description = requiredString(root, "description", "description");
        String decoder = optionalString(root, "decoder", "decoder");
        if (kind.generates() && decoder == null) {
            throw error("decoder", "missing: a " + kind.jsonName() + " card must name the DC-AE card that decodes its latents");
        }
        if (decoder != null && !ID.matcher(decoder).matches()) {
            throw error("decoder", "'" + decoder + "' is not a valid model id");
        }
        JsonObject config = requiredObject(root, "config", "config");
        checkConfig(kind, config);
        List<ModelFile> files = parseFiles(root);
        String licence = requiredString(root, "licence", "licence");
        String citation = requiredString(root, "citation", "citation");
        String homepage = optionalString(root, "homepage", "homepage");
        List<CardPreset> presets = parsePresets(root, kind);
        String notes = optionalString(root, "notes", "notes");
        return new ModelCard(source, id, kind, name, description, decoder, config.deepCopy(), files,
                licence, citation, homepage, presets, notes);
    }

    private void checkConfig(ModelKind kind, JsonObject config) throws ModelException {
        for (String field : kind.generates() ? NIT_REQUIRED : DCAE_REQUIRED) {
            JsonElement e = config.get(field);
            if (e == null || e.isJsonNull()) {
                throw error("config." + field, "missing (required for a " + kind.jsonName() + " model)");
            }
            if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber() && e.getAsDouble() <= 0) {
                throw error("config." + field, "must be positive, got " + e);
            }
        }
        if (kind.generates()) {
            long hidden = intField(config, "hidden_size", "config.hidden_size");
            long heads = intField(config, "num_heads", "config.num_heads");
            if (hidden % heads != 0) {
                throw error("config.num_heads", heads + " does not divide hidden_size " + hidden);
            }
        }
    }

    private List<ModelFile> parseFiles(JsonObject root) throws ModelException {
        JsonElement e = root.get("files");
        if (e == null || !e.isJsonArray() || e.getAsJsonArray().size() == 0) {
            throw error("files", e == null ? "missing" : "expected a non-empty array");
        }
        List<ModelFile> files = new ArrayList<>();
        Set<String> paths = new HashSet<>();
        int weights = 0;
        JsonArray array = e.getAsJsonArray();
        for (int i = 0; i < array.size(); i++) {
            String at = "files[" + i + "]";
            if (!array.get(i).isJsonObject()) {
                throw error(at, "expected an object");
            }
            JsonObject f = array.get(i).getAsJsonObject();
            String path = requiredString(f, "path", at + ".path");
            checkRelativePath(path, at + ".path");
            if (!paths.add(path)) {
                throw error(at + ".path", "'" + path + "' is listed twice");
            }
            String role = optionalString(f, "role", at + ".role");
            if (role == null) {
                role = path.endsWith(".safetensors") ? ModelFile.ROLE_WEIGHTS : ModelFile.ROLE_CONFIG;
            }
            if (!role.equals(ModelFile.ROLE_WEIGHTS) && !role.equals(ModelFile.ROLE_CONFIG)) {
                throw error(at + ".role", "'" + role + "' is not one of 'weights', 'config'");
            }
            if (role.equals(ModelFile.ROLE_WEIGHTS)) {
                weights++;
            }
            String url = optionalString(f, "url", at + ".url");
            if (url != null && !URL.matcher(url).matches()) {
                throw error(at + ".url", "'" + url + "' is not an http(s) URL");
            }
            String bundled = optionalString(f, "bundled", at + ".bundled");
            if (bundled != null) {
                checkRelativePath(bundled, at + ".bundled");
            }
            if (url == null && bundled == null) {
                throw error(at, "needs a 'url' to download from or a 'bundled' resource");
            }
            Long size = optionalLong(f, "size", at + ".size");
            if (size != null && size < 0) {
                throw error(at + ".size", "must not be negative");
            }
            String sha = optionalString(f, "sha256", at + ".sha256");
            if (sha != null) {
                sha = sha.toLowerCase(Locale.ROOT);
                if (!SHA256.matcher(sha).matches()) {
                    throw error(at + ".sha256", "expected 64 hexadecimal digits or null, got '" + sha + "'");
                }
            }
            if (bundled != null && (size == null || sha == null)) {
                throw error(at, "a bundled file must state its size and sha256 (we ship it, so we know them)");
            }
            Long approx = optionalLong(f, "approx_size", at + ".approx_size");
            files.add(new ModelFile(path, role, url, bundled, size, sha, approx));
        }
        if (weights != 1) {
            throw error("files", "expected exactly one file with role 'weights', found " + weights);
        }
        return files;
    }

    private List<CardPreset> parsePresets(JsonObject root, ModelKind kind) throws ModelException {
        List<String> samplers = kind == ModelKind.TIM_C2I ? List.of("transition", "ddiffusion") : List.of("ode", "sde");
        List<CardPreset> presets = new ArrayList<>();
        JsonElement e = root.get("presets");
        if (e == null || e.isJsonNull()) {
            return presets;
        }
        if (!e.isJsonArray()) {
            throw error("presets", "expected an array");
        }
        JsonArray array = e.getAsJsonArray();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String at = "presets[" + i + "]";
            if (!array.get(i).isJsonObject()) {
                throw error(at, "expected an object");
            }
            JsonObject p = array.get(i).getAsJsonObject();
            String name = requiredString(p, "name", at + ".name");
            if (!names.add(name)) {
                throw error(at + ".name", "'" + name + "' is used twice");
            }
            String description = optionalString(p, "description", at + ".description");
            Long width = optionalLong(p, "width", at + ".width");
            Long height = optionalLong(p, "height", at + ".height");
            if ((width == null) != (height == null) || (width != null && (width <= 0 || height <= 0))) {
                throw error(at, "width and height must both be positive or both be null");
            }
            String sampler = requiredString(p, "sampler", at + ".sampler");
            if (!samplers.contains(sampler)) {
                throw error(at + ".sampler", "'" + sampler + "' is not one of '" + String.join("', '", samplers) + "'");
            }
            long steps = intField(p, "steps", at + ".steps");
            if (steps <= 0) {
                throw error(at + ".steps", "must be positive");
            }
            double cfg = number(p, "cfg", at + ".cfg");
            if (cfg < 0) {
                throw error(at + ".cfg", "must not be negative");
            }
            JsonElement interval = p.get("guidance_interval");
            if (interval == null || !interval.isJsonArray() || interval.getAsJsonArray().size() != 2) {
                throw error(at + ".guidance_interval", "expected [low, high]");
            }
            double low = element(interval.getAsJsonArray(), 0, at + ".guidance_interval");
            double high = element(interval.getAsJsonArray(), 1, at + ".guidance_interval");
            if (!(0 <= low && low <= high && high <= 1)) {
                throw error(at + ".guidance_interval", "expected 0 <= low <= high <= 1, got [" + low + ", " + high + "]");
            }
            double stochasticity = 0;
            if (p.has("stochasticity") && !p.get("stochasticity").isJsonNull()) {
                if (kind != ModelKind.TIM_C2I) {
                    throw error(at + ".stochasticity", "only TiM presets have a stochasticity");
                }
                stochasticity = number(p, "stochasticity", at + ".stochasticity");
                if (!(stochasticity >= 0 && stochasticity <= 1)) {
                    throw error(at + ".stochasticity", "expected 0 <= s <= 1, got " + stochasticity);
                }
            }
            Double fid = p.has("fid") && !p.get("fid").isJsonNull() ? number(p, "fid", at + ".fid") : null;
            presets.add(new CardPreset(name, description, width == null ? null : width.intValue(),
                    height == null ? null : height.intValue(), sampler, (int) steps, cfg, low, high, stochasticity, fid));
        }
        return presets;
    }

    private void checkRelativePath(String path, String field) throws ModelException {
        if (path.startsWith("/") || path.contains("\\") || path.contains(":")) {
            throw error(field, "'" + path + "' must be a relative path with '/' separators");
        }
        for (String part : path.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw error(field, "'" + path + "' must not contain empty, '.' or '..' elements");
            }
        }
    }

    private String requiredString(JsonObject o, String key, String field) throws ModelException {
        String s = optionalString(o, key, field);
        if (s == null || s.isBlank()) {
            throw error(field, "missing or empty");
        }
        return s;
    }

    private String optionalString(JsonObject o, String key, String field) throws ModelException {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw error(field, "expected a string, got " + e);
        }
        return e.getAsString();
    }

    private JsonObject requiredObject(JsonObject o, String key, String field) throws ModelException {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonObject()) {
            throw error(field, e == null ? "missing" : "expected an object, got " + e);
        }
        return e.getAsJsonObject();
    }

    private Long optionalLong(JsonObject o, String key, String field) throws ModelException {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        return intField(o, key, field);
    }

    private long intField(JsonObject o, String key, String field) throws ModelException {
        double d = number(o, key, field);
        if (d != Math.rint(d) || Math.abs(d) > 1e15) {
            throw error(field, "expected a whole number, got " + o.get(key));
        }
        return (long) d;
    }

    private double element(JsonArray a, int index, String field) throws ModelException {
        JsonElement e = a.get(index);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw error(field, "expected numbers, got " + a);
        }
        return e.getAsDouble();
    }

    private double number(JsonObject o, String key, String field) throws ModelException {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            throw error(field, "missing");
        }
        if (!e.isJsonPrimitive() || !((JsonPrimitive) e).isNumber()) {
            throw error(field, "expected a number, got " + e);
        }
        return e.getAsDouble();
    }
}
