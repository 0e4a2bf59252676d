// NiT for Fiji: variations of an open image.
//
// source=[title] starts from that open image instead of noise: it is encoded, noised to
// t = strength on NiT's flow path and sampled back, so strength 0 keeps it and 1 ignores it.
// images=N gives N variations (seed S + i); ceil(strength x steps) steps run. Any image type
// works: grey images go through their display range, as you see them. The result keeps the
// source's size. With a real model (see single_image.ijm) use the fast preset instead of quality.
model = "smoke-test";
quality = "preset=custom sampler=ode steps=6 cfg=3 guidance_low=0 guidance_high=0.7";

newImage("blobs", "8-bit ramp", 120, 80, 1);   // stands in for your own image
run("NiT Generate...", "prompt=[goldfish] images=3 seed=7 source=[blobs] strength=0.5 slices=current "
    + quality + " model=" + model + " device=auto precision=auto output=RGB");

print(getTitle() + ": " + nSlices + " variations, strength " + Property.get("nit.strength")
    + ", " + Property.get("nit.steps_run") + " steps run");
return "" + getWidth() + "x" + getHeight() + " " + nSlices;
