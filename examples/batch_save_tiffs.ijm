// NiT for Fiji: a batch of classes saved as TIFF files, provenance included.
//
// Run headless with a folder as argument:
//   ImageJ-linux64 --headless -macro batch_save_tiffs.ijm /path/to/output/
// Without one, files go to <temp>/nit-batch/. Each TIFF keeps its provenance (model, weights
// hash, class, seed, sampler, ..., "AI-generated image") as image properties and Info.
// See single_image.ijm for the model and quality settings of real images.
model = "smoke-test";
quality = "preset=custom sampler=ode steps=5 cfg=3 guidance_low=0 guidance_high=0.7";
prompts = newArray("goldfish", "red fox", "volcano");

dir = getArgument();
if (dir == "")
    dir = getDirectory("temp") + "nit-batch" + File.separator;
if (!endsWith(dir, File.separator) && !endsWith(dir, "/"))
    dir = dir + File.separator;
File.makeDirectory(dir);

setBatchMode(true);
saved = "";
for (i = 0; i < prompts.length; i++) {
    run("NiT Generate...", "prompt=[" + prompts[i] + "] width=128 height=96 images=2 seed=" + (1000 + i) + " "
        + quality + " model=" + model + " device=auto precision=auto output=RGB");
    name = replace(prompts[i], " ", "_") + "_seed" + (1000 + i) + ".tif";
    saveAs("Tiff", dir + name);
    close();
    saved = saved + name + " ";
}
print("saved to " + dir + ": " + saved);
return saved;
