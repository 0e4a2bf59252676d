// NiT for Fiji: one image from a prompt, and its provenance.
//
// model "smoke-test" ships with the plugin and runs anywhere in seconds, but its weights are
// random: the image is noise. For real images install NiT-XL (Plugins > NiT > NiT Models...)
// and use  model = "nit-xl-1000k";  quality = "preset=fast";  (or preset=paper).
model = "smoke-test";
quality = "preset=custom sampler=ode steps=5 cfg=3 guidance_low=0 guidance_high=0.7";

run("NiT Generate...", "prompt=[golden retriever] width=256 height=192 images=1 seed=42 " + quality
    + " model=" + model + " device=auto precision=auto output=RGB");

// Provenance travels with the image (and into TIFF files): Image > Show Info lists it all.
print(getTitle() + " | " + Property.get("nit.notice"));
print("class " + Property.get("nit.class") + " (" + Property.get("nit.class_name") + "), seed "
    + Property.get("nit.seed") + ", " + Property.get("nit.sampler") + " " + Property.get("nit.steps") + " steps");
print("regenerate with: " + Property.get("nit.command"));
return getTitle();
