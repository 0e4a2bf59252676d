// NiT for Fiji: a seed sweep into one stack.
//
// images=N seed=S makes one stack whose slice i is drawn from seed S+i (labels say which), so
// a sweep is one command; each slice can be regenerated alone with images=1 seed=S+i.
// See single_image.ijm for the model and quality settings of real images.
model = "smoke-test";
quality = "preset=custom sampler=ode steps=5 cfg=3 guidance_low=0 guidance_high=0.7";
first = 100;
count = 4;

run("NiT Generate...", "prompt=[red fox] width=96 height=96 images=" + count + " seed=" + first + " "
    + quality + " model=" + model + " device=auto precision=auto output=RGB");

labels = "";
for (i = 1; i <= nSlices; i++) {
    setSlice(i);
    labels = labels + getInfo("slice.label") + "\n";
}
print(labels);
return "" + nSlices;
