package io.github.nitfiji.runtime;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/** Issue 13, item 1: when the natives cannot go to the models folder, the user is told where and how to change it. */
class EngineSetupNoticeTest {
    private static final Path MODELS = Paths.get("/shared/Fiji.app/models/nit/djl");

    @Test
    void noNoticeWhenTheModelsFolderIsUsed() {
        assertNull(EngineSetup.nativesNotice(MODELS, MODELS));
    }

    @Test
    void theFallbackIsNamedWithTheWayToChooseAnother() {
        String notice = EngineSetup.nativesNotice(MODELS, Paths.get("/home/ada/.cache/nit-fiji/djl"));
        assertTrue(notice.contains("/home/ada/.cache/nit-fiji/djl") && notice.contains("DJL_CACHE_DIR"), notice);
        String none = EngineSetup.nativesNotice(MODELS, null);
        assertTrue(none.contains(MODELS.toString()) && none.contains("DJL_CACHE_DIR"), none);
    }
}
