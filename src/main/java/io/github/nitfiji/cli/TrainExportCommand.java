package io.github.nitfiji.cli;

import io.github.nitfiji.catalog.ModelStore;
import io.github.nitfiji.train.BaseModel;
import io.github.nitfiji.train.FineTune;
import io.github.nitfiji.train.MergedExport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code train export}: a fine-tune as merged full weights that the official NiT code loads as they are. */
@Command(name = "export", description = {"Write an installed fine-tune as plain NiT weights for the official code:"
        + " model.safetensors (official keys, the fine-tune merged in, label table ImageNet 0-999, your classes"
        + " 1000..999+K, the null class last), config.json (num_classes = 1000 + K) and classes.txt."})
final class TrainExportCommand implements Callable<Integer> {
    @ParentCommand
    TrainCommand parent;
    @Option(names = "--model", required = true, paramLabel = "ID", description = "The installed fine-tune.")
    String model;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "A new (or empty) folder.")
    Path out;
    @Option(names = "--models-dir", paramLabel = "DIR", description = "Models folder (default: see 'models list').")
    Path modelsDir;

    @Override
    public Integer call() throws Exception {
        ModelStore store = BaseModel.store(modelsDir);
        FineTune fineTune = FineTune.open(store.folder().root(), model);
        BaseModel base;
        try {
            base = BaseModel.find(store, fineTune.baseId);
        } catch (IllegalArgumentException | io.github.nitfiji.catalog.ModelException e) {
            throw new IllegalArgumentException("fine-tune '" + model + "' needs its base model '" + fineTune.baseId
                    + "': " + e.getMessage(), e);
        }
        MergedExport.write(fineTune, base, out);
        parent.out.println("wrote " + out.toAbsolutePath() + " (model.safetensors, config.json, classes.txt)");
        return 0;
    }
}
