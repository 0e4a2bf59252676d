package io.github.nitfiji.catalog;

import io.github.nitfiji.io.JsonFields;
import io.github.nitfiji.io.JsonFormatException;
import io.github.nitfiji.io.StrictJson;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a card's JSON into a {@link ModelCard}, checking every field it relies on. Each error
 * says "model card FILE: field NAME: what is wrong", because a card is edited by hand and the
 * person fixing it needs to know exactly where to look. Types are checked strictly by
 * {@link JsonFields} ({@code "steps": "250"} is an error, not 250).
 */
final class ModelCardParser {
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern URL = Pattern.compile("https?://\\S+");

    private ModelCardParser() {
    }

    static ModelCard parse(String json, String source) throws ModelException {
        try {
            return parse(StrictJson.parseObject(json, "model card " + source), source);
        } catch (JsonFormatException e) {
            throw new ModelException(ModelException.Reason.INVALID_CARD, e.getMessage(), e);
        }
    }

    static Number configNumber(ModelCard card, String field) throws ModelException {
        try {
            return JsonFields.of(card.config(), "model card " + card.source(), "config").requiredNumber(field);
        } catch (JsonFormatException e) {
            throw new ModelException(ModelException.Reason.INVALID_CARD, e.getMessage(), e);
        }
    }

    private static ModelCard parse(JsonFields root, String source) {
        String id = root.requiredString("id");
        if (!ID.matcher(id).matches()) {
            throw root.error("id", "'" + id + "' must be lower-case letters, digits, '.', '_' or '-' (it names a folder)");
        }
        String kindName = root.requiredString("kind");
        ModelKind kind = ModelKinds.find(kindName).orElse(null);
        if (kind == null) {
            List<String> kinds = new ArrayList<>();
            for (ModelKind k : ModelKinds.all()) {
                kinds.add("'" + k.jsonName() + "'");
            }
            throw root.error("kind", "'" + kindName + "' is not one of " + String.join(", ", kinds));
        }
        String name = root.requiredString("name");
        String description = root.requiredString("description");
        String decoder = root.optionalString("decoder");
        if (kind.generates() && decoder == null) {
            throw root.error("decoder", "missing: a " + kind.jsonName() + " card must name the DC-AE card that decodes "
                    + "its latents");
        }
        if (decoder != null && !ID.matcher(decoder).matches()) {
            throw root.error("decoder", "'" + decoder + "' is not a valid model id");
        }
        String textEncoder = root.optionalString("text_encoder");
        if (kind.readsText() && textEncoder == null) {
            throw root.error("text_encoder", "missing: a " + kind.jsonName() + " card must name the text encoder card"
                    + " whose hidden states condition it");
        }
        if (textEncoder != null && !kind.readsText()) {
            throw root.error("text_encoder", "only text-to-image cards name a text encoder; a " + kind.jsonName()
                    + " model reads no text");
        }
        if (textEncoder != null && !ID.matcher(textEncoder).matches()) {
            throw root.error("text_encoder", "'" + textEncoder + "' is not a valid model id");
        }
        AccessGate gate = parseGate(root);
        JsonFields config = root.requiredObject("config");
        kind.checkConfig(config);
        kind.checkCard(root);
        List<ModelFile> files = parseFiles(root, kind);
        for (String role : kind.requiredFileRoles()) {
            if (files.stream().noneMatch(f -> f.role().equals(role))) {
                throw root.error("files", "a " + kind.jsonName() + " card needs a file with role '" + role + "'");
            }
        }
        String licence = root.requiredString("licence");
        String citation = root.requiredString("citation");
        String homepage = root.optionalString("homepage");
        List<CardPreset> presets = parsePresets(root, kind);
        String notes = root.optionalString("notes");
        return new ModelCard(source, id, kind, name, description, decoder, textEncoder, gate, config.json().deepCopy(),
                files, licence, citation, homepage, presets, notes).withText(root.json());
    }

    private static AccessGate parseGate(JsonFields root) {
        if (!root.has("gated")) {
            return null;
        }
        JsonFields gate = root.requiredObject("gated");
        String page = gate.requiredString("page");
        if (!page.startsWith("https://") || !URL.matcher(page).matches()) {
            throw gate.error("page", "'" + page + "' is not an https URL (the page where the licence is accepted)");
        }
        return new AccessGate(page, gate.requiredString("terms"));
    }

    private static List<ModelFile> parseFiles(JsonFields root, ModelKind kind) {
        List<JsonFields> entries = root.optionalObjectArray("files");
        if (entries.isEmpty()) {
            throw root.error("files", root.has("files") ? "expected a non-empty array" : "missing");
        }
        List<ModelFile> files = new ArrayList<>();
        Set<String> paths = new HashSet<>();
        int weights = 0;
        for (JsonFields f : entries) {
            String path = f.requiredString("path");
            checkRelativePath(f, "path", path);
            if (!paths.add(path)) {
                throw f.error("path", "'" + path + "' is listed twice");
            }
            String role = f.optionalString("role");
            if (role == null) {
                role = path.endsWith(".safetensors") ? ModelFile.ROLE_WEIGHTS : ModelFile.ROLE_CONFIG;
            }
            if (!List.of(ModelFile.ROLE_WEIGHTS, ModelFile.ROLE_CONFIG, ModelFile.ROLE_TOKENIZER).contains(role)) {
                throw f.error("role", "'" + role + "' is not one of 'weights', 'config', 'tokenizer'");
            }
            if (role.equals(ModelFile.ROLE_WEIGHTS)) {
                weights++;
            }
            String url = f.optionalString("url");
            if (url != null && !URL.matcher(url).matches()) {
                throw f.error("url", "'" + url + "' is not an http(s) URL");
            }
            String bundled = f.optionalString("bundled");
            if (bundled != null) {
                checkRelativePath(f, "bundled", bundled);
            }
            if (url == null && bundled == null && kind.downloadable()) {
                throw f.error("needs a 'url' to download from or a 'bundled' resource");
            }
            Long size = f.optionalLong("size");
            if (size != null && size < 0) {
                throw f.error("size", "must not be negative");
            }
            String sha = f.optionalString("sha256");
            if (sha != null) {
                sha = sha.toLowerCase(Locale.ROOT);
                if (!SHA256.matcher(sha).matches()) {
                    throw f.error("sha256", "expected 64 hexadecimal digits or null, got '" + sha + "'");
                }
            }
            if (bundled != null && (size == null || sha == null)) {
                throw f.error("a bundled file must state its size and sha256 (we ship it, so we know them)");
            }
            Long approx = f.optionalLong("approx_size");
            files.add(new ModelFile(path, role, url, bundled, size, sha, approx,
                    f.optionalBoolean("allow_http", false)));
        }
        if (weights != 1) {
            throw root.error("files", "expected exactly one file with role 'weights', found " + weights);
        }
        return files;
    }

    private static List<CardPreset> parsePresets(JsonFields root, ModelKind kind) {
        List<String> samplers = kind.presetSamplers();
        List<CardPreset> presets = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonFields p : root.optionalObjectArray("presets")) {
            String name = p.requiredString("name");
            if (!names.add(name)) {
                throw p.error("name", "'" + name + "' is used twice");
            }
            String description = p.optionalString("description");
            Long width = p.optionalLong("width");
            Long height = p.optionalLong("height");
            if ((width == null) != (height == null) || (width != null && (width <= 0 || height <= 0
                    || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE))) {
                throw p.error("width and height must both be positive or both be null");
            }
            String sampler = p.requiredString("sampler");
            if (!samplers.contains(sampler)) {
                throw p.error("sampler", "'" + sampler + "' is not one of '" + String.join("', '", samplers) + "'");
            }
            int steps = p.requiredInt("steps");
            if (steps <= 0) {
                throw p.error("steps", "must be positive");
            }
            double cfg = p.requiredNumber("cfg");
            if (cfg < 0) {
                throw p.error("cfg", "must not be negative");
            }
            double[] interval = p.requiredNumberArray("guidance_interval");
            if (interval.length != 2) {
                throw p.error("guidance_interval", "expected [low, high]");
            }
            double low = interval[0];
            double high = interval[1];
            if (!(0 <= low && low <= high && high <= 1)) {
                throw p.error("guidance_interval", "expected 0 <= low <= high <= 1, got [" + low + ", " + high + "]");
            }
            double stochasticity = 0;
            if (p.has("stochasticity")) {
                if (!kind.presetsTakeStochasticity()) {
                    throw p.error("stochasticity", "only TiM presets have a stochasticity");
                }
                stochasticity = p.requiredNumber("stochasticity");
                if (!(stochasticity >= 0 && stochasticity <= 1)) {
                    throw p.error("stochasticity", "expected 0 <= s <= 1, got " + stochasticity);
                }
            }
            Double fid = p.optionalNumber("fid");
            presets.add(new CardPreset(name, description, width == null ? null : width.intValue(),
                    height == null ? null : height.intValue(), sampler, steps, cfg, low, high, stochasticity, fid));
        }
        return presets;
    }

    private static void checkRelativePath(JsonFields f, String field, String path) {
        if (path.startsWith("/") || path.contains("\\") || path.contains(":")) {
            throw f.error(field, "'" + path + "' must be a relative path with '/' separators");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                // a NUL makes every Path built from the card throw; refuse the card, not every model
                throw f.error(field, "contains the control character U+" + String.format("%04X", (int) c)
                        + " at position " + i);
            }
        }
        try {
            java.nio.file.Paths.get(path);
        } catch (java.nio.file.InvalidPathException e) {
            throw f.error(field, "'" + path + "' is not a valid file name here (" + e.getReason() + ")");
        }
        for (String part : path.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw f.error(field, "'" + path + "' must not contain empty, '.' or '..' elements");
            }
        }
    }
}
