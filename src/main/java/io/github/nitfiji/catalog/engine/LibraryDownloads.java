package io.github.nitfiji.catalog.engine;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.nitfiji.catalog.DownloadListener;
import io.github.nitfiji.catalog.ModelCard;
import io.github.nitfiji.catalog.ModelCatalog;
import io.github.nitfiji.catalog.ModelDownloader;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.catalog.ModelStore;
import io.github.nitfiji.catalog.ModelsFolder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The one place the engine installer meets the model downloader (resume through {@code .part}
 * files, size check, retries, cancel by interrupt). Today's downloader takes model cards, so each
 * file travels as a one-file card; when the downloader is split into transfer and install pieces,
 * only this class changes.
 */
final class LibraryDownloads {
    private final Path root;
    private final String folderId;
    private final int attempts;
    private final Duration retryDelay;

    /**
     * @param root     the staging folder; files land in {@code <root>/<folderId>/<name>}
     * @param folderId lower-case letters, digits, '.', '_' or '-'
     */
    LibraryDownloads(Path root, String folderId, int attempts, Duration retryDelay) {
        this.root = root;
        this.folderId = folderId;
        this.attempts = attempts;
        this.retryDelay = retryDelay;
    }

    /** Where {@link #fetch} puts a file. */
    Path target(String name) {
        return root.resolve(folderId).resolve(name);
    }

    /** Downloads (or resumes, or keeps a complete earlier download of) one file. */
    Path fetch(String url, String name, DownloadListener listener) throws ModelException {
        ModelCard card = ModelCard.parse(card(url, name).toString(), "engine download " + url);
        ModelStore store = new ModelStore(ModelsFolder.at(root, "engine downloads"), ModelCatalog.bundled());
        List<Path> paths = new ModelDownloader(store).offline(false).attempts(attempts).retryDelay(retryDelay)
                .download(card, listener);
        return paths.get(0);
    }

    private JsonObject card(String url, String name) {
        JsonObject config = new JsonObject();
        for (String field : new String[] {"in_channels", "latent_channels", "attention_head_dim", "scaling_factor"}) {
            config.addProperty(field, 1);
        }
        for (String field : new String[] {"decoder_block_out_channels", "decoder_layers_per_block", "decoder_block_types"}) {
            config.add(field, new JsonArray());
        }
        JsonObject file = new JsonObject();
        file.addProperty("path", name);
        file.addProperty("role", "weights");
        file.addProperty("url", url);
        JsonArray files = new JsonArray();
        files.add(file);
        JsonObject card = new JsonObject();
        card.addProperty("id", folderId);
        // The downloader only accepts model kinds; the card never reaches the model code.
        card.addProperty("kind", "dc-ae");
        card.addProperty("name", name);
        card.addProperty("description", "PyTorch library file " + name);
        card.add("config", config);
        card.add("files", files);
        card.addProperty("licence", "BSD-3-Clause (PyTorch)");
        card.addProperty("citation", "PyTorch");
        return card;
    }
}
