package io.github.nitfiji.model;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes, without PyTorch, minimal TorchScript archives: a parameterless module class whose
 * source our code generates. The first use is {@link #writeAttention}, whose forward is
 * {@code torch.scaled_dot_product_attention(q, k, v, scale=1.0)}: DJL's eager API has no fused
 * attention, but it loads TorchScript, and PyTorch's fused kernels (flash / memory-efficient on
 * GPU, flash on CPU) never materialise the [n, n] score matrix. Whole generated forwards
 * ({@code model.script}) use {@link #write} with weights passed in as arguments, so an archive
 * never holds a tensor.
 *
 * <p>The archive is a zip, all entries stored uncompressed under one top folder: {@code version}
 * ("10"), {@code byteorder} ("little"), {@code code/__torch__.py} (the TorchScript class),
 * {@code data.pkl} (the module object, pickle protocol 2) and {@code constants.pkl} (an empty tuple).
 * The scale is 1 because our q arrives already multiplied by 1/sqrt(head_dim).
 */
public final class TorchScriptArchive {
    private static final String NAME = "nit_attention";
    /**
     * The archive format version. Loaders apply their operator upgraders to older versions: at 3,
     * {@code gelu} loses its {@code approximate} argument (it came with version 10), so write the
     * newest format libtorch 2.x reads.
     */
    private static final byte[] FORMAT_VERSION = "10\n".getBytes(StandardCharsets.US_ASCII);
    private static final String SOURCE = String.join("\n",
            "class Attn(Module):",
            "  __parameters__ = []",
            "  __buffers__ = []",
            "  training : bool",
            "  def forward(self: __torch__.Attn,",
            "    q: Tensor,",
            "    k: Tensor,",
            "    v: Tensor) -> Tensor:",
            "    return torch.scaled_dot_product_attention(q, k, v, None, 0., False, scale=1.)",
            "");

    private TorchScriptArchive() {
    }

    /** Writes the attention module to {@code file}. */
    public static void writeAttention(Path file) throws IOException {
        write(file, NAME, "Attn", SOURCE);
    }

    /**
     * Writes a module archive. {@code source} is TorchScript defining {@code class <className>(Module)}
     * with {@code __parameters__ = []}, {@code __buffers__ = []}, {@code training : bool} and a typed
     * forward; {@code archiveName} (letters, digits, underscores) names the archive's top folder.
     */
    public static void write(Path file, String archiveName, String className, String source) throws IOException {
        if (!archiveName.matches("\\w+") || !className.matches("[A-Za-z_]\\w*")) {
            throw new IllegalArgumentException("archive and class names must be identifiers: " + archiveName
                    + ", " + className);
        }
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            stored(zip, archiveName + "/version", FORMAT_VERSION);
            stored(zip, archiveName + "/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
            stored(zip, archiveName + "/code/__torch__.py", source.getBytes(StandardCharsets.UTF_8));
            stored(zip, archiveName + "/data.pkl", modulePickle(className));
            stored(zip, archiveName + "/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
        }
    }

    /** pickle: GLOBAL __torch__.className, NEWOBJ with no arguments, BUILD {"training": True}. */
    private static byte[] modulePickle(String className) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x80);
        b.write(2);
        b.writeBytes(("c__torch__\n" + className + "\n").getBytes(StandardCharsets.US_ASCII));
        b.write(')');
        b.write(0x81);
        b.write('}');
        byte[] key = "training".getBytes(StandardCharsets.UTF_8);
        b.write('X');
        b.write(key.length);
        b.write(0);
        b.write(0);
        b.write(0);
        b.writeBytes(key);
        b.write(0x88);
        b.write('s');
        b.write('b');
        b.write('.');
        return b.toByteArray();
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }
}
