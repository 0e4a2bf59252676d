import io.github.nitfiji.model.TorchScriptArchive;
import io.github.nitfiji.model.nit.NitConfig;
import io.github.nitfiji.model.script.NitScriptSource;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the scripted NiT-XL forward that NiT generates at run time (the archive, its weight order
 * and its source) into a directory, so that python/script_vs_twin.py can run the very same module
 * in current PyTorch beside the eager twin. Run from the repo:
 *   java -cp target/nit-cli.jar src/bench/java/WriteNitScript.java target/nit-script
 */
public final class WriteNitScript {
    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "target/nit-script"));
        NitScriptSource script = new NitScriptSource(NitConfig.xl());
        TorchScriptArchive.write(dir.resolve("nit_forward.pt"), "nit_forward", NitScriptSource.CLASS_NAME,
                script.source());
        Files.write(dir.resolve("keys.txt"), script.weightKeys());
        Files.writeString(dir.resolve("source.py"), script.source());
        System.out.println("wrote " + dir.resolve("nit_forward.pt"));
    }
}
