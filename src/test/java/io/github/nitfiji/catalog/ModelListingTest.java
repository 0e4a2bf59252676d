package io.github.nitfiji.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 25, item 9: the models table shows every model's size and state, and says what is ready. */
class ModelListingTest {
    @TempDir
    Path dir;

    @Test
    void everyModelHasARowWithItsSizeAndTheSummarySaysWhatIsReady() throws ModelException {
        ModelStore store = new ModelStore(ModelsFolder.at(dir, "test"), ModelCatalog.bundled());
        List<ModelStatus> statuses = store.statusAll(false);
        List<String> table = ModelListing.table(statuses);
        assertEquals(statuses.size() + 1, table.size());
        assertTrue(table.get(0).matches("ID +KIND +STATE +SIZE +NAME"), table.get(0));
        assertTrue(table.stream().anyMatch(l -> l.matches("nit-xl-1000k +nit +missing +~?[0-9.]+ GB +NiT-XL.*")),
                String.join("\n", table));
        assertTrue(table.stream().anyMatch(l -> l.matches("smoke-test +nit +bundled +[0-9.]+ MB +.*")),
                String.join("\n", table));
        int nameColumn = table.get(0).indexOf("NAME");
        for (String line : table) { // aligned whatever the longest id (dc-ae-lite-f32c32-sana-1.1 is 26 characters)
            assertTrue(line.length() > nameColumn && line.charAt(nameColumn - 1) == ' ' && line.charAt(nameColumn) != ' ',
                    "the NAME column does not line up:\n" + String.join("\n", table));
        }
        String summary = ModelListing.summary(statuses);
        assertTrue(summary.startsWith("Ready: smoke-test, smoke-test-dcae. Not installed: nit-xl-1000k (~"), summary);
        assertTrue(summary.contains(" GB, missing)"), summary);
    }
}
