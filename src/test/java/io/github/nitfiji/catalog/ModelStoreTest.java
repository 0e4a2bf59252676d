package io.github.nitfiji.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {
    @TempDir
    Path dir;

    private ModelStore store() throws ModelException {
        return new ModelStore(ModelsFolder.at(dir.resolve("models"), "test"), ModelCatalog.bundled());
    }

    @Test
    void smokeTestWeightsAreARealVerifiedFile() throws Exception {
        ModelStore store = store();
        Path nit = store.weightsPath("smoke-test");
        Path dcae = store.weightsPath("smoke-test-dcae");
        assertTrue(Files.isRegularFile(nit) && Files.isRegularFile(dcae));
        assertEquals(store.catalog().require("smoke-test").weightsFile().sha256().orElseThrow(), Sha256.of(nit, null));
        assertEquals(ModelFileStatus.State.BUNDLED, store.status(store.catalog().require("smoke-test"), true).state());
        assertTrue(store.weightsSha256("smoke-test").isPresent());
    }

    @Test
    void bundledFilesInsideAJarAreExtractedOnceAndVerified() throws Exception {
        Path jar = dir.resolve("plugin.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("models/smoke-test/nit.safetensors"));
            out.write(Files.readAllBytes(Paths.get("models/smoke-test/nit.safetensors")));
            out.closeEntry();
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            ModelStore store = new ModelStore(ModelsFolder.at(dir.resolve("models"), "test"), ModelCatalog.bundled(),
                    r -> loader.getResource(r.substring(1)), dir.resolve("tmp"));
            Path p = store.weightsPath("smoke-test");
            assertEquals(dir.resolve("models/smoke-test/nit.safetensors"), p);
            assertEquals(store.catalog().require("smoke-test").weightsFile().sha256().orElseThrow(), Sha256.of(p, null));
            assertEquals(p, store.weightsPath("smoke-test"));
        }
    }

    @Test
    void missingModelsSayHowToGetThem() throws Exception {
        ModelStore store = store();
        ModelException e = assertThrows(ModelException.class, () -> store.weightsPath("nit-xl-1000k"));
        assertEquals(ModelException.Reason.NOT_INSTALLED, e.reason());
        assertTrue(e.getMessage().contains("models download nit-xl-1000k"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve("models/nit-xl-1000k/model_1000K.safetensors").toString()));
        ModelCard card = store.catalog().require("nit-xl-1000k");
        assertEquals(ModelFileStatus.State.MISSING, store.status(card, false).state());
    }

    @Test
    void statesFollowWhatIsOnDisk() throws Exception {
        ModelStore store = store();
        ModelCard card = store.catalog().require("dc-ae-f32c32-sana-1.1");
        Path weights = store.target(card, card.weightsFile());
        Files.createDirectories(weights.getParent());
        Files.write(ModelStore.partFile(weights), new byte[10]);
        assertEquals(ModelFileStatus.State.PARTIAL, store.status(card, false).state());
        Files.write(weights, new byte[10]);
        Files.write(store.target(card, card.files().get(1)), "{}".getBytes());
        assertEquals(ModelFileStatus.State.INSTALLED, store.status(card, false).state());
        Sha256.writeSidecar(weights, "0".repeat(64));
        ModelStatus verified = store.status(card, true);
        assertEquals(ModelFileStatus.State.CORRUPT, verified.state(), "recorded hash no longer matches");
        assertTrue(verified.files().get(0).detail().contains("sha256"));
        Sha256.writeSidecar(weights, Sha256.of(weights, null));
        assertEquals(ModelFileStatus.State.INSTALLED, store.status(card, true).state());
        assertEquals(weights, store.weightsPath("dc-ae-f32c32-sana-1.1"));
    }
}
