/** The DC-AE decoder's card kind (the decoder itself is loaded by the pipeline, shared by every family). */
package io.github.nitfiji.family.dcae;
