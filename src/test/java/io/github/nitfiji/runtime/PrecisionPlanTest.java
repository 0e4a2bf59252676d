package io.github.nitfiji.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The precision rule as a table: asked precision x device x CPU features -> what each stage computes in. */
class PrecisionPlanTest {
    static final CpuFeatures SAPPHIRE_RAPIDS = CpuFeatures.fromCpuInfo("processor\t: 0\nflags\t\t: fpu sse avx2 avx512f"
            + " avx512_bf16 amx_bf16 amx_tile amx_int8 avx512_fp16\n", "test");
    static final CpuFeatures ZEN4 = CpuFeatures.fromCpuInfo("flags : avx2 avx512f avx512_bf16\n", "test");
    static final CpuFeatures AVX2_ONLY = CpuFeatures.fromCpuInfo("flags : sse4_2 avx2 fma\n", "test");
    static final CpuFeatures UNKNOWN = CpuFeatures.unknown("not read on Mac OS X");

    @Test
    void readsTheFlagsLine() {
        assertTrue(SAPPHIRE_RAPIDS.amxBf16 && SAPPHIRE_RAPIDS.avx512Bf16 && SAPPHIRE_RAPIDS.avx512f);
        assertTrue(ZEN4.avx512Bf16 && !ZEN4.amxBf16 && ZEN4.bf16());
        assertFalse(AVX2_ONLY.bf16());
        assertFalse(CpuFeatures.fromCpuInfo("flags : amx_bf16\n", "t").amxBf16, "AMX needs its tile unit too");
        assertFalse(CpuFeatures.fromCpuInfo("processor : 0\nFeatures : fp asimd bf16\n", "arm").bf16(),
                "an ARM Features line is not x86's flags");
        assertTrue(SAPPHIRE_RAPIDS.describe().startsWith("AVX512-BF16 yes, AMX-BF16 yes"));
    }

    @Test
    void readsTheHostOnlyOnLinux(@TempDir Path dir) throws Exception {
        Path cpuinfo = dir.resolve("cpuinfo");
        Files.writeString(cpuinfo, "flags : avx2 avx512_bf16\n");
        assertTrue(CpuFeatures.detect("Linux", cpuinfo).avx512Bf16);
        assertFalse(CpuFeatures.detect("Mac OS X", cpuinfo).bf16());
        assertTrue(CpuFeatures.detect("Windows 11", cpuinfo).source.contains("not read on Windows 11"));
        assertTrue(CpuFeatures.detect("Linux", dir.resolve("missing")).source.contains("unreadable"));
    }

    @Test
    void autoIsNeverSlowerThanFloat32() {
        Device cpu = Device.cpu();
        // | asked | CPU | dataType | decoder bf16 |
        check(Precision.AUTO, cpu, SAPPHIRE_RAPIDS, "fp32+bf16");
        check(Precision.AUTO, cpu, ZEN4, "fp32");            // AVX512-BF16 without AMX: not measured
        check(Precision.AUTO, cpu, AVX2_ONLY, "fp32");
        check(Precision.AUTO, cpu, UNKNOWN, "fp32");
        check(Precision.FP32, cpu, SAPPHIRE_RAPIDS, "fp32");  // the user's choice wins
        check(Precision.BF16, cpu, AVX2_ONLY, "fp32+bf16");
        check(Precision.FP16, cpu, SAPPHIRE_RAPIDS, "fp16");
        check(Precision.AUTO, Device.gpu(), SAPPHIRE_RAPIDS, "fp16");
        check(Precision.AUTO, Device.of("mps", -1), SAPPHIRE_RAPIDS, "fp32"); // as Precision.dataType says
        assertEquals(Precision.AUTO.dataType(Device.of("mps", -1)),
                PrecisionPlan.of(Precision.AUTO, Device.of("mps", -1), UNKNOWN).dataType);
        assertTrue(PrecisionPlan.AMX_DECODER_SPEEDUP > 1 && PrecisionPlan.AMX_TRANSFORMER_SPEEDUP > 1,
                "auto uses bf16 only where it was measured faster");
        // a transformer without bfloat16 products (NiT, TiM-T2I): the decoder alone
        assertEquals("fp32+bf16-decoder", PrecisionPlan.of(Precision.AUTO, cpu, SAPPHIRE_RAPIDS).forModel(false).id());
        assertEquals("fp32", PrecisionPlan.of(Precision.AUTO, cpu, ZEN4).forModel(true).id());
    }

    @Test
    void bf16IsRefusedOnAGpuAndWarnedAboutWithoutUnits() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PrecisionPlan.of(Precision.BF16, Device.gpu(), SAPPHIRE_RAPIDS));
        assertTrue(e.getMessage().contains("fp16"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> PrecisionPlan.of(Precision.BF16, Device.of("mps", -1), SAPPHIRE_RAPIDS));
        PrecisionPlan slow = PrecisionPlan.of(Precision.BF16, Device.cpu(), AVX2_ONLY);
        assertTrue(PrecisionPlan.warning(Precision.BF16, slow, AVX2_ONLY).contains("slower than fp32"));
        assertNull(PrecisionPlan.warning(Precision.BF16, PrecisionPlan.of(Precision.BF16, Device.cpu(),
                SAPPHIRE_RAPIDS), SAPPHIRE_RAPIDS));
        assertEquals(Precision.BF16, Precision.parse("bf16"));
    }

    private static void check(Precision asked, Device device, CpuFeatures cpu, String id) {
        assertEquals(id, PrecisionPlan.of(asked, device, cpu).id(), asked + " on " + device + " with " + cpu.describe());
    }
}
