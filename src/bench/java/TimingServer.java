import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import io.github.nitfiji.AttentionKind;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.RandomWeights;
import io.github.nitfiji.model.TorchScriptArchive;
import io.github.nitfiji.model.nit.GroupForward;
import io.github.nitfiji.model.nit.NitConfig;
import io.github.nitfiji.model.nit.NitTransformer;
import io.github.nitfiji.model.script.ScriptedNitForward;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The Java half of ../python/paired.py: times, on command, either a TorchScript module in our
 * libtorch (DJL 0.36, libtorch 2.7.1) or our own NiT forward (NitTransformer, random weights, eager
 * or scripted executor), so that the driver can time the same work in both runtimes turn by turn
 * (the VM drifts by 10-15 % from minute to minute; separate runs cannot resolve a 5 % difference).
 * One command per line on stdin, one answer per line on stdout:
 *
 * <pre>
 *   write FILE CLASS SOURCE_FILE   writes a TorchScript archive of SOURCE_FILE's class  -> ok
 *   case CASE_FILE                 loads the module and makes the case's random inputs   -> ok
 *   nit PX BATCH DEPTH             our NiT-XL-shaped transformer, inputs for PX^2 x BATCH -> ok
 *   run REPS [eager|script]        REPS calls of the module, or forwards of our NiT      -> ms TOTAL
 *   dcae CARD PX [bf16]            our DC-AE decoder of that card (random weights), a PX^2 latent -> ok
 *   run REPS dcae                  REPS profiled decodes                   -> ms TOTAL STEP1,STEP2,... (summed)
 * </pre>
 *
 * A case file names the module ("module PATH") and its inputs in order, one per line: "arg SHAPE
 * STD" for a tensor argument, "list SHAPE STD" for one more element of the last argument, a list
 * of tensors (SHAPE as 1024x1152, values normal with standard deviation STD).
 */
public final class TimingServer {
    private static ZooModel<NDList, NDList> model;
    private static NDManager inputs;
    private static IValue[] args;
    private static final OurNit ourNit = new OurNit();
    private static final OurDcAe ourDcAe = new OurDcAe();

    public static void main(String[] unused) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String[] cmd = line.trim().split("\\s+");
            switch (cmd[0]) {
                case "write":
                    TorchScriptArchive.write(Path.of(cmd[1]), "probe", cmd[2], Files.readString(Path.of(cmd[3])));
                    System.out.println("ok");
                    break;
                case "case":
                    load(Path.of(cmd[1]));
                    System.out.println("ok");
                    break;
                case "nit":
                    ourNit.load(Integer.parseInt(cmd[1]), Integer.parseInt(cmd[2]), Integer.parseInt(cmd[3]));
                    System.out.println("ok");
                    break;
                case "dcae":
                    ourDcAe.load(cmd[1], Integer.parseInt(cmd[2]), cmd.length > 3 && cmd[3].equals("bf16"));
                    System.out.println("ok");
                    break;
                case "run":
                    int reps = Integer.parseInt(cmd[1]);
                    if (cmd.length > 2 && cmd[2].equals("dcae")) {
                        System.out.println(ourDcAe.run(reps));
                    } else {
                        System.out.printf("ms %.3f%n", cmd.length > 2 ? ourNit.run(reps, cmd[2]) : run(reps));
                    }
                    break;
                default:
                    System.out.println("error unknown command " + cmd[0]);
            }
            System.out.flush();
        }
        unload();
        ourNit.close();
        ourDcAe.close();
    }

    private static double run(int reps) {
        PtSymbolBlock block = (PtSymbolBlock) model.getBlock();
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            block.forward(args).close();
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    private static void load(Path caseFile) throws Exception {
        unload();
        inputs = NDManager.newBaseManager();
        List<IValue> argList = new ArrayList<>();
        List<PtNDArray> list = new ArrayList<>();
        Path module = null;
        for (String line : Files.readAllLines(caseFile)) {
            String[] f = line.trim().split("\\s+");
            if (f[0].equals("module")) {
                module = Path.of(f[1]);
            } else if (f[0].equals("arg") || f[0].equals("list")) {
                long[] dims = Arrays.stream(f[1].split("x")).mapToLong(Long::parseLong).toArray();
                NDArray t = inputs.randomNormal(0f, Float.parseFloat(f[2]), new Shape(dims), DataType.FLOAT32);
                if (f[0].equals("arg")) {
                    argList.add(IValue.from((PtNDArray) t));
                } else {
                    list.add((PtNDArray) t);
                }
            }
        }
        if (!list.isEmpty()) {
            argList.add(IValue.listFrom(list.toArray(new PtNDArray[0])));
        }
        args = argList.toArray(new IValue[0]);
        model = Criteria.builder().setTypes(NDList.class, NDList.class).optModelPath(module)
                .optEngine("PyTorch").optTranslator(new NoopTranslator()).build().loadModel();
    }

    private static void unload() {
        if (model != null) {
            Arrays.stream(args).forEach(IValue::close);
            model.close();
            inputs.close();
        }
    }

    /** Our transformer as the bench command runs it, both executors on the same weights. */
    private static final class OurNit implements AutoCloseable {
        private NitTransformer model;
        private NDManager manager;
        private GroupForward script;
        private NDArray x;
        private NDArray c;
        private List<LatentSize> sizes;

        void load(int px, int batch, int depth) throws java.io.IOException {
            NitConfig xl = NitConfig.xl();
            NitConfig config = new NitConfig(xl.hiddenSize, depth, xl.numHeads, xl.mlpRatio, 1, 32, 1000, true);
            if (model == null || model.config().depth != depth) {
                close();
                model = NitTransformer.load(config, new RandomWeights(config.expectedShapes(), 42), Device.cpu(),
                        DataType.FLOAT32, AttentionKind.FUSED, System.err::println);
                if (!ScriptedNitForward.install(model, System.err::println)) {
                    throw new IllegalStateException("the scripted forward did not load");
                }
                script = model.takeGroupForward();
            }
            if (manager != null) {
                manager.close();
            }
            manager = model.newManager();
            LatentSize size = new LatentSize(px / 32, px / 32);
            sizes = Collections.nCopies(batch, size);
            double[] t = new double[batch];
            Arrays.fill(t, 0.5);
            int[] y = new int[batch];
            Arrays.fill(y, 207);
            x = manager.randomNormal(new Shape((long) batch * size.tokens(), 32));
            c = model.conditioning(t, y, manager);
        }

        double run(int reps, String executor) {
            model.takeGroupForward();
            if (executor.equals("script")) {
                model.useGroupForward(script, System.err::println);
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                model.forward(x, sizes, c).close();
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            model.takeGroupForward();
            return ms;
        }

        @Override
        public void close() {
            if (manager != null) {
                manager.close();
            }
            if (script != null) {
                script.close();
            }
            if (model != null) {
                model.close();
            }
        }
    }

    /**
     * Our DC-AE decoder as the pipeline runs it (random weights of a bundled card's shapes), timed
     * step by step with decodeProfiled. Only API that older builds have too, so a variant server
     * can run an older jar (the bfloat16 switch is looked up, not linked).
     */
    private static final class OurDcAe implements AutoCloseable {
        private io.github.nitfiji.model.dcae.DcAeDecoder decoder;
        private NDManager manager;
        private NDArray z;

        void load(String card, int px, boolean bf16) throws Exception {
            close();
            io.github.nitfiji.model.dcae.DcAeConfig config = io.github.nitfiji.model.dcae.DcAeConfig.fromJson(
                    io.github.nitfiji.catalog.ModelCatalog.bundled().require(card).config().toString());
            if (bf16) {
                decoder = (io.github.nitfiji.model.dcae.DcAeDecoder) io.github.nitfiji.model.dcae.DcAeDecoder.class
                        .getMethod("random", io.github.nitfiji.model.dcae.DcAeConfig.class, Device.class,
                                DataType.class, long.class, boolean.class)
                        .invoke(null, config, Device.cpu(), DataType.FLOAT32, 42L, true);
            } else {
                decoder = io.github.nitfiji.model.dcae.DcAeDecoder.random(config, Device.cpu(), DataType.FLOAT32, 42);
            }
            manager = NDManager.newBaseManager(Device.cpu());
            z = manager.randomNormal(new Shape(1, config.latentChannels(), px / 32, px / 32));
        }

        String run(int reps) {
            double[] sums = null;
            long t0 = System.nanoTime();
            for (int r = 0; r < reps; r++) {
                List<Double> steps = new ArrayList<>();
                decoder.decodeProfiled(z, manager, steps::add).close();
                if (sums == null) {
                    sums = new double[steps.size()];
                }
                for (int i = 0; i < sums.length; i++) {
                    sums[i] += steps.get(i);
                }
            }
            StringBuilder out = new StringBuilder(String.format(java.util.Locale.ROOT, "ms %.3f ", (System.nanoTime() - t0) / 1e6));
            for (int i = 0; i < sums.length; i++) {
                out.append(i == 0 ? "" : ",").append(String.format(java.util.Locale.ROOT, "%.3f", sums[i]));
            }
            return out.toString();
        }

        @Override
        public void close() {
            if (manager != null) {
                manager.close();
                manager = null;
            }
            if (decoder != null) {
                decoder.close();
                decoder = null;
            }
        }
    }
}
