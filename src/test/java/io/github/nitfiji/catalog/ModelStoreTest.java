package io.github.nitfiji.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nitfiji.cli.CommandLineDoor;
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
        return new ModelStore(ModelsFolder.at(dir.resolve("models"), "test"), ModelCatalog.bundled())
                .frontDoor(CommandLineDoor.INSTANCE);
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
            String sha = store.catalog().require("smoke-test").weightsFile().sha256().orElseThrow();
            assertEquals(dir.resolve("tmp/bundled/" + sha.substring(0, 16) + "/nit.safetensors"), p,
                    "in the per-user cache (issue 13, item 9), not the models folder or the system temp folder");
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

    /** Issue 13, item 9: no shared temp folder; private, atomic, verified, safe when first runs collide. */
    @Test
    void bundledFilesGoToAPrivatePerUserFolderAtomically() throws Exception {
        Path jar = dir.resolve("plugin.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("models/smoke-test/nit.safetensors"));
            out.write(Files.readAllBytes(Paths.get("models/smoke-test/nit.safetensors")));
            out.closeEntry();
        }
        Path cache = dir.resolve("user-cache");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            java.util.List<Path> found = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            java.util.List<Throwable> failed = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            Thread[] runs = new Thread[4];
            for (int i = 0; i < runs.length; i++) {
                runs[i] = new Thread(() -> {
                    try {
                        found.add(new ModelStore(ModelsFolder.at(dir.resolve("models"), "test"), ModelCatalog.bundled(),
                                r -> loader.getResource(r.substring(1)), cache).weightsPath("smoke-test"));
                    } catch (Throwable t) {
                        failed.add(t);
                    }
                });
                runs[i].start();
            }
            for (Thread t : runs) {
                t.join();
            }
            assertEquals(java.util.List.of(), failed, "concurrent first runs all succeed");
            Path p = found.get(0);
            assertTrue(found.stream().allMatch(p::equals));
            assertTrue(p.startsWith(cache), p.toString());
            if (Files.getFileStore(p).supportsFileAttributeView("posix")) {
                assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(p.getParent())), "only this user can swap the file");
            }
            try (java.util.stream.Stream<Path> left = Files.list(p.getParent())) {
                assertEquals(1, left.count(), "no temp files left beside it");
            }
            // a swapped (tampered) file is noticed and replaced on the next load
            byte[] bytes = Files.readAllBytes(p);
            bytes[bytes.length - 1] ^= 1;
            Files.write(p, bytes);
            ModelStore fresh = new ModelStore(ModelsFolder.at(dir.resolve("models"), "test"), ModelCatalog.bundled(),
                    r -> loader.getResource(r.substring(1)), cache);
            assertEquals(fresh.catalog().require("smoke-test").weightsFile().sha256().orElseThrow(),
                    Sha256.of(fresh.weightsPath("smoke-test"), null));
        }
    }
}
