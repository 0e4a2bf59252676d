// NiT for Fiji: regenerate only the inside of a selection.
//
// With an area selection on the source, only the latent pixels it touches are sampled; the rest
// follow the source's own path, and the result is blended back with a 16-pixel feathered edge.
// Beyond that band every pixel is the source's, unchanged. slices=all does each slice of a stack.
model = "smoke-test";
quality = "preset=custom sampler=ode steps=6 cfg=3 guidance_low=0 guidance_high=0.7";

newImage("cells", "8-bit ramp", 128, 96, 2);    // stands in for your own stack
makeOval(40, 30, 40, 30);
run("NiT Generate...", "prompt=[goldfish] images=1 seed=11 source=[cells] strength=0.8 slices=all "
    + quality + " model=" + model + " device=auto precision=auto output=RGB");

// far from the selection the pixels are the source's: the ramp's level at x = 2 is 4
v = getPixel(2, 2);
same = ((v >> 16) & 0xff) == 4 && ((v >> 8) & 0xff) == 4 && (v & 0xff) == 4;
return "" + nSlices + " " + same;
