package io.github.nitfiji.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.nitfiji.cli.CommandLineDoor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, items 4 and 5: {@code models install} accepts a file only when it is the model its
 * card describes, and only from a regular file that is not the model's own partial download.
 */
@Timeout(60)
class InstallCheckTest {
    private static final Path SMOKE_NIT = Paths.get("models/smoke-test/nit.safetensors");
    private static final Path SMOKE_DCAE = Paths.get("models/smoke-test/dcae.safetensors");

    @TempDir
    Path dir;
    ModelStore store;

    @BeforeEach
    void setUp() throws Exception {
        store = new ModelStore(ModelsFolder.at(dir.resolve("models"), "test"), ModelCatalog.bundled())
                .frontDoor(CommandLineDoor.INSTANCE);
    }

    private ModelException refused(String id, Path source) throws ModelException {
        ModelCard card = store.catalog().require(id);
        ModelException e = assertThrows(ModelException.class,
                () -> new ModelDownloader(store).installFromFile(card, source, DownloadListener.NONE));
        Path target = store.target(card, card.weightsFile());
        assertFalse(Files.exists(target), "nothing installed: " + e.getMessage());
        assertFalse(Files.exists(Sha256.sidecar(target)), "no hash recorded");
        return e;
    }

    @Test
    void smokeTestWeightsAreNotNitXl() throws Exception {
        Path source = Files.copy(SMOKE_NIT, dir.resolve("model_1000K.safetensors"));
        ModelException e = refused("nit-xl-1000k", source);
        assertEquals(ModelException.Reason.CORRUPT, e.reason());
        assertTrue(e.getMessage().contains("is not the model_1000K.safetensors of model 'nit-xl-1000k'"), e.getMessage());
        assertTrue(e.getMessage().contains("x_embedder.proj.weight has shape [96, 32, 1, 1]")
                && e.getMessage().contains("[1152, 32, 1, 1]"), e.getMessage());
        assertTrue(e.getMessage().contains("more"), "a long list is summarised: " + e.getMessage());
        assertTrue(e.getMessage().length() < 2_000, "bounded: " + e.getMessage().length());
    }

    @Test
    void smokeTestDecoderIsNotTheSanaDecoder() throws Exception {
        Path source = Files.copy(SMOKE_DCAE, dir.resolve("diffusion_pytorch_model.safetensors"));
        assertTrue(refused("dc-ae-f32c32-sana-1.1", source).getMessage().contains("decoder."));
    }

    @Test
    void aFileThatFitsTheCardsArchitectureIsInstalledWithoutAHash() throws Exception {
        // the smoke-test card's architecture, as a downloadable card with no published hash
        String json = Files.readString(Paths.get("models/smoke-test.json"))
                .replace("\"id\": \"smoke-test\"", "\"id\": \"tiny-nit\"")
                .replaceAll("\"bundled\": \"[^\"]*\"", "\"bundled\": null")
                .replace("\"url\": null", "\"url\": \"https://example.org/nit.safetensors\"")
                .replaceAll("\"size\": \\d+", "\"size\": null")
                .replaceAll("\"sha256\": \"[0-9a-f]+\"", "\"sha256\": null");
        ModelCard card = ModelCard.parse(json, "tiny-nit.json");
        List<String> messages = new ArrayList<>();
        DownloadListener listener = new DownloadListener() {
            @Override
            public void message(String text) {
                messages.add(text);
            }
        };
        Path target = new ModelDownloader(store).installFromFile(card, SMOKE_NIT, listener).get(0);
        assertEquals(Sha256.of(SMOKE_NIT, null), Sha256.readSidecar(target).orElseThrow());
        assertTrue(messages.stream().anyMatch(m -> m.contains("every tensor the card's architecture reads")),
                messages.toString());
        // and a random file of another format is no model at all
        Path junk = dir.resolve("junk.safetensors");
        Files.write(junk, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        Files.delete(target);
        ModelException e = assertThrows(ModelException.class,
                () -> new ModelDownloader(store).installFromFile(card, junk, DownloadListener.NONE));
        assertTrue(e.getMessage().contains("not a well-formed safetensors file"), e.getMessage());
    }

    @Test
    void aFifoIsRefusedWithoutBlocking() throws Exception {
        Path fifo = dir.resolve("model_1000K.safetensors");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "no mkfifo here");
            return;
        }
        assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo failed");
        ModelException e = refused("nit-xl-1000k", fifo);
        assertTrue(e.getMessage().contains("FIFO") && e.getMessage().contains("not a regular file"), e.getMessage());
    }

    @Test
    void aDeviceIsRefusedBeforeAnyByteIsCopied() throws Exception {
        Path zero = Paths.get("/dev/zero");
        assumeTrue(Files.exists(zero));
        ModelException e = refused("nit-xl-1000k", zero);
        assertTrue(e.getMessage().contains("a device, not a regular file"), e.getMessage());
        ModelCard card = store.catalog().require("nit-xl-1000k");
        assertFalse(Files.exists(ModelStore.partFile(store.target(card, card.weightsFile()))), "no part left behind");
    }

    @Test
    void theModelsOwnPartialDownloadIsNotInstalledOverItself() throws Exception {
        ModelCard card = store.catalog().require("nit-xl-1000k");
        Path part = ModelStore.partFile(store.target(card, card.weightsFile()));
        Files.createDirectories(part.getParent());
        byte[] bytes = Files.readAllBytes(SMOKE_NIT);
        Files.write(part, bytes);
        ModelException e = refused("nit-xl-1000k", part);
        assertTrue(e.getMessage().contains("partial download") && e.getMessage().contains("models download"),
                e.getMessage());
        assertEquals(bytes.length, Files.size(part), "the partial download is intact");
    }
}
