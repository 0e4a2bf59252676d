#!/usr/bin/env bash
# Manual GUI check (not part of the test suite): the "NiT Generate..." dialog for NiT, TiM-C2I and
# TiM-T2I (the tiny golden models, installed into a scratch models folder), its Advanced and Browse
# classes dialogs, a start image, the preview window, the result and the NiT History window, under
# Xvfb (apt-get install -y xvfb). Needs `mvn package` and the test classes (`mvn test-compile`)
# first. Screenshots go to target/screenshots/; copy the ones the README shows to docs/images/.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=target/screenshots
rm -rf target/screenshots-ij
mkdir -p "$out" target/screenshots-ij/plugins target/screenshots-ij/models
cp target/NiT_Fiji-*.jar target/screenshots-ij/plugins/
# ImageJ is a provided dependency (Fiji ships it): not in target/lib, so ask Maven for the class path
mvn -B -ntp -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/screenshots-classpath.txt
cp="target/classes:target/test-classes:$(cat target/screenshots-classpath.txt)"
xvfb-run -a -s "-screen 0 1400x1000x24" java -Dai.djl.offline=true -Dplugins.dir="$PWD/target/screenshots-ij" \
  -Dnit.models.dir="$PWD/target/screenshots-ij/models" -cp "$cp" src/tools/Screenshots.java "$out"
