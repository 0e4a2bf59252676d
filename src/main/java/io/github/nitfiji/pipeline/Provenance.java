package io.github.nitfiji.pipeline;

import io.github.nitfiji.Version;
import io.github.nitfiji.source.SelectionBlend;
import io.github.nitfiji.source.SourceImage;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What is stamped on every output image, so that anyone can tell it is generated and regenerate
 * it: publishers restrict AI-generated figures, and a seed without its settings is useless.
 * Keys are stable (they are written into TIFF files and read by scripts).
 */
public final class Provenance {
    public static final String AI_NOTICE = "AI-generated image";

    private Provenance() {
    }

    /**
     * @param model model id or weights file name
     * @param weightsSha256 SHA-256 of the NiT weights, or null when unknown
     * @param className human-readable class name (may be null)
     * @param prompt the user's text, or null
     */
    public static Map<String, String> of(GenerationRequest request, GeneratedImage image, String model,
                                         String weightsSha256, String decoder, String className, String prompt,
                                         String device, String precision) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("nit.notice", AI_NOTICE);
        p.put("nit.model", model);
        p.put("nit.weights_sha256", weightsSha256 == null ? "unknown" : weightsSha256);
        p.put("nit.decoder", decoder == null ? "unknown" : decoder);
        p.put("nit.class", Integer.toString(image.classIndex));
        p.put("nit.class_name", className == null ? "" : className);
        p.put("nit.prompt", prompt == null ? "" : prompt);
        p.put("nit.seed", image.seed < 0 ? "supplied noise" : Long.toString(image.seed));
        request.sampling().record(p);
        p.put("nit.width", Integer.toString(image.width));
        p.put("nit.height", Integer.toString(image.height));
        p.put("nit.latent_size", request.latentSize().toString());
        p.put("nit.crop", image.cropX + "," + image.cropY);
        SourceImage source = request.source();
        if (source != null) {
            p.put("nit.source", source.title);
            p.put("nit.source_sha256", source.pixelsSha256);
            p.put("nit.source_calibration", source.calibration);
            p.put("nit.strength", Double.toString(request.strength()));
            p.put("nit.steps_run", Integer.toString(request.stepsRun()));
            p.put("nit.selection", source.hasSelection() ? "regenerated inside, feather "
                    + SelectionBlend.FEATHER_PX + " px" : "none");
        }
        p.put("nit.device", device);
        p.put("nit.precision", precision);
        p.put("nit.plugin_version", "NiT for Fiji " + Version.get());
        p.put("nit.timestamp", OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        return p;
    }

    /** The map as "key: value" lines (ImageJ's Info property, a PNG text chunk). */
    public static String asText(Map<String, String> provenance) {
        StringBuilder b = new StringBuilder();
        provenance.forEach((k, v) -> b.append(k).append(": ").append(v).append('\n'));
        return b.toString();
    }
}
