package io.github.nitfiji.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nitfiji.cli.CommandLineDoor;
import io.github.nitfiji.fiji.FijiDoor;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Advice in model messages names the commands of the front door that shows it. */
class FrontDoorAdviceTest {
    @TempDir
    Path dir;

    private ModelException notInstalled(io.github.nitfiji.FrontDoor front) throws Exception {
        ModelStore store = new ModelStore(ModelsFolder.at(dir, "test"), ModelCatalog.bundled()).frontDoor(front);
        return assertThrows(ModelException.class, () -> store.weightsPath("nit-xl-1000k"));
    }

    @Test
    void theCommandLineIsToldTheJarCommands() throws Exception {
        String m = notInstalled(CommandLineDoor.INSTANCE).getMessage();
        assertTrue(m.contains("Get it with: java -jar nit-cli.jar models download nit-xl-1000k"), m);
        assertTrue(m.contains("java -jar nit-cli.jar models install nit-xl-1000k <downloaded file>"), m);
    }

    @Test
    void fijiIsToldTheNitModelsActionsAndNeverAJar() throws Exception {
        ModelException e = notInstalled(FijiDoor.INSTANCE);
        assertEquals(ModelException.Reason.NOT_INSTALLED, e.reason());
        String m = e.getMessage();
        assertTrue(m.contains("Get it with: Plugins > NiT > NiT Models... with action 'download' and model 'nit-xl-1000k'"),
                m);
        assertTrue(m.contains("with action 'install', model 'nit-xl-1000k' and file <downloaded file>"), m);
        assertFalse(m.contains("java -jar"), m);
        ModelStore store = new ModelStore(ModelsFolder.at(dir, "test"), ModelCatalog.bundled())
                .frontDoor(FijiDoor.INSTANCE);
        String manual = new ModelDownloader(store).manualInstructions(store.catalog().require("tim-t2i"));
        assertTrue(manual.contains("then check it with: Plugins > NiT > NiT Models... with action 'verify' and model"
                + " 'tim-t2i'"), manual);
        assertFalse(manual.contains("java -jar"), manual);
    }
}
