#@ CommandService command
#@output ij.ImagePlus image

// NiT for Fiji from a Groovy script (Fiji: File > New > Script..., language Groovy).
// The SciJava command takes the same keys as the macro command "NiT Generate...".
// "smoke-test" ships with the plugin and makes noise; install NiT-XL (Plugins > NiT >
// NiT Models...) and use model "nit-xl-1000k" with preset "fast" for real images.

import io.github.nitfiji.fiji.scijava.NitGenerateCommand

def module = command.run(NitGenerateCommand, true,
        "prompt", "golden retriever",
        "width", 192, "height", 128, "images", 3, "seed", 42L,
        "preset", "custom", "sampler", "ode", "steps", 5, "cfg", 3.0d,
        "guidance_low", 0.0d, "guidance_high", 0.7d,
        "model", "smoke-test", "device", "auto", "precision", "auto", "output", "RGB").get()

image = module.getOutput("image")
println "${image.title}: ${image.stackSize} images, seeds ${image.getProp('nit.seeds')}, ${image.getProp('nit.notice')}"
