/**
 * The "NiT Train" job shared by Fiji's two front doors: its macro keys (the {@code train} command's
 * options as keys), training from a folder or from the open images, and the training window (the
 * loss plot redrawn live, the preview stack, Esc to stop with a checkpoint). The fine-tune itself
 * runs in the engine ({@code train.FineTuneJob}), exactly as from the command line.
 *
 * <p>May import: catalog, fiji, fiji.source, pipeline, runtime, source, train.
 */
package io.github.nitfiji.fiji.train;
