// NiT for Fiji: the same prompt at every aspect ratio of the dialog's buttons.
//
// NiT generates at native resolution: any width and height from 32 to 8192 px, no cropping of
// a square. Heights follow the width as the dialog's ratio buttons compute them.
// See single_image.ijm for the model and quality settings of real images.
model = "smoke-test";
quality = "preset=custom sampler=ode steps=5 cfg=3 guidance_low=0 guidance_high=0.7";
width = 128;
across = newArray(1, 4, 3, 16, 9, 3, 1);
down = newArray(1, 3, 4, 9, 16, 1, 3);

sizes = "";
for (i = 0; i < across.length; i++) {
    height = round(width * down[i] / across[i]);
    run("NiT Generate...", "prompt=volcano width=" + width + " height=" + height + " images=1 seed=7 "
        + quality + " model=" + model + " device=auto precision=auto output=RGB");
    rename("volcano " + across[i] + "x" + down[i] + " (" + getWidth() + "x" + getHeight() + ")");
    sizes = sizes + getWidth() + "x" + getHeight() + " ";
}
print(sizes);
return sizes;
