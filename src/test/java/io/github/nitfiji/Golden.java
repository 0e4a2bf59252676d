package io.github.nitfiji;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.model.SafetensorsWeights;
import io.github.nitfiji.model.nit.NitConfig;
import io.github.nitfiji.model.nit.NitTransformer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * The golden reference cases produced by the official implementations (NiT and DC-AE), and the
 * one error measure every comparison with them uses.
 */
public final class Golden {
    /** The tiny golden NiT (hidden 96, depth 3, 1000 classes). */
    public static final String NIT_WEIGHTS = "nit_tiny.safetensors";
    /** The tiny golden DC-AE: weights, with its config in the metadata. */
    public static final String DCAE_WEIGHTS = "dcae_tiny.safetensors";
    /** Its reference cases. */
    public static final String DCAE_CASES = "dcae_tiny_cases.safetensors";

    private Golden() {
    }

    /** golden.json: case parameters. */
    public static JsonObject index() {
        return json("golden.json");
    }

    /** A golden set's JSON index ({@code golden.json}, {@code tim/tim.json}, ...), parsed. */
    public static JsonObject json(String name) {
        try {
            return JsonParser.parseString(Files.readString(TestFiles.golden(name), StandardCharsets.UTF_8))
                    .getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tiny golden NiT from {@code file} ({@link #NIT_WEIGHTS} or another copy) on the CPU; the caller closes it. */
    public static NitTransformer nit(String file, DataType precision) throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(TestFiles.golden(file))) {
            return NitTransformer.load(NitConfig.fromWeights(f), new SafetensorsWeights(f), Device.cpu(), precision);
        }
    }

    /** The tiny golden NiT with the given attention; a warning from loading fails the test. */
    public static NitTransformer nit(DataType precision, AttentionKind attention) throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(TestFiles.golden(NIT_WEIGHTS))) {
            return NitTransformer.load(NitConfig.fromWeights(f), new SafetensorsWeights(f), Device.cpu(), precision,
                    attention, message -> {
                        throw new AssertionError(message);
                    });
        }
    }

    public static float[] tensor(String file, String name) {
        try (SafetensorsFile f = SafetensorsFile.open(TestFiles.golden(file))) {
            return f.readFloats(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SafetensorsFile dcaeWeights() throws IOException {
        return SafetensorsFile.open(TestFiles.golden(DCAE_WEIGHTS));
    }

    /** The tiny golden DC-AE decoder on the CPU; the caller closes it. */
    public static io.github.nitfiji.model.dcae.DcAeDecoder tinyDecoder(ai.djl.ndarray.types.DataType precision)
            throws IOException {
        try (SafetensorsFile weights = dcaeWeights()) {
            return io.github.nitfiji.model.dcae.DcAeDecoder.load(
                    io.github.nitfiji.model.dcae.DcAeConfig.fromWeights(weights), weights, ai.djl.Device.cpu(), precision);
        }
    }

    /** A DC-AE case tensor with a leading batch axis of 1, owned by {@code manager}. */
    public static NDArray dcaeCase(String name, NDManager manager) {
        try (SafetensorsFile cases = SafetensorsFile.open(TestFiles.golden(DCAE_CASES))) {
            // a view: the loaded array stays in the manager, which keeps its data alive
            return cases.load(name, manager, DataType.FLOAT32).expandDims(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #relativeError(float[], float[])} of two arrays of the same size, on the host. */
    public static double relativeError(NDArray a, NDArray b) {
        if (a.size() != b.size()) {
            throw new AssertionError("sizes differ: " + a.getShape() + " vs " + b.getShape());
        }
        return relativeError(a.toFloatArray(), b.toFloatArray());
    }

    /** ||a - b|| / ||b||, accumulated in double. */
    public static double relativeError(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("length " + a.length + " vs reference " + b.length);
        }
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            num += d * d;
            den += (double) b[i] * b[i];
        }
        return Math.sqrt(num / den);
    }
}
