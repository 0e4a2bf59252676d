/** Fine-tunes made on this machine: an installed NiT with its adapters merged in at load and its own classes. */
package io.github.nitfiji.family.finetune;
